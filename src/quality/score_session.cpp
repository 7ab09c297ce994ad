#include "quality/score_session.hpp"

#include "core/check.hpp"
#include "quality/slot_grid.hpp"

namespace tapedeck::quality {

QualityReport ScoreSession(std::span<const model::Bar> bars, model::Interval interval,
                           const calendar::SessionHours& hours, Timestamp until,
                           calendar::SessionPart part) {
  const SlotGrid grid(hours, interval, part);
  const int completed = grid.CompletedBy(until);
  QualityReport report;
  report.expected_bars = completed;
  if (completed == 0) return report;
  // Slots below `next` are accounted for (present or in a gap). Bars usually
  // fill the next slot, so test that one before computing an index.
  int next = 0;
  Timestamp next_start = grid.SlotStart(0);
  Timestamp next_end = grid.SlotEnd(0);
  int present = 0;
#ifndef NDEBUG
  Timestamp previous = Timestamp::min();
#endif
  for (const model::Bar& bar : bars) {
    const Timestamp t = bar.open_time;
#ifndef NDEBUG
    TD_DCHECK(t >= previous, "bars out of order");
    previous = t;
#endif
    int slot = next;
    if (t < next_start || t >= next_end) [[unlikely]] {
      slot = grid.IndexOf(t);
      if (slot < next) continue;  // Outside the part, or a second bar in a slot.
      if (slot >= completed) break;
      if (slot > next) report.gaps.push_back({next_start, grid.SlotEnd(slot - 1), slot - next});
    }
    ++present;
    next = slot + 1;
    if (next >= completed) break;
    next_start = grid.SlotStart(next);
    next_end = grid.SlotEnd(next);
  }
  if (next < completed) {
    report.gaps.push_back({grid.SlotStart(next), grid.SlotEnd(completed - 1), completed - next});
  }
  report.present_bars = present;
  return report;
}

}  // namespace tapedeck::quality
