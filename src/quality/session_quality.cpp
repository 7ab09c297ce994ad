#include "quality/session_quality.hpp"

#include "core/check.hpp"

namespace tapedeck::quality {

SessionQuality::SessionQuality(model::Interval interval, const calendar::SessionHours& hours,
                               calendar::SessionPart part)
    : grid_(hours, interval, part),
      next_end_(grid_.size() > 0 ? grid_.SlotEnd(0) : Timestamp::max()) {}

void SessionQuality::AdvanceTo(Timestamp t) {
  if (t <= until_) return;
  until_ = t;
  if (t < next_end_) return;  // No slot ends by t: the common case between bars.
  const int completed = grid_.CompletedBy(t);
  next_end_ = completed < grid_.size() ? grid_.SlotEnd(completed) : Timestamp::max();
  if (completed == completed_) return;
  if (next_ < completed_) {  // Extend the trailing gap.
    model::Gap& gap = report_.gaps.back();
    gap.end = grid_.SlotEnd(completed - 1);
    gap.missing_bars += completed - completed_;
  } else {
    report_.gaps.push_back(
        {grid_.SlotStart(completed_), grid_.SlotEnd(completed - 1), completed - completed_});
  }
  completed_ = completed;
  report_.expected_bars = completed;
}

void SessionQuality::Add(const model::Bar& bar) {
  const int slot = grid_.IndexOf(bar.open_time);
  if (slot < next_) return;
  if (slot == completed_ && next_ == completed_) {
    // The common case: the next slot, with no gap open. The same as the
    // general path below without opening a gap only to close it again.
    const Timestamp end = grid_.SlotEnd(slot);
    if (end > until_) until_ = end;
    completed_ = next_ = slot + 1;
    report_.expected_bars = completed_;
    ++report_.present_bars;
    next_end_ = completed_ < grid_.size() ? grid_.SlotEnd(completed_) : Timestamp::max();
    return;
  }
  AdvanceTo(grid_.SlotEnd(slot));
  TD_DCHECK(slot < completed_ && next_ < completed_);
  // The slot lies in the trailing gap [next_, completed_): split it around the slot.
  model::Gap& gap = report_.gaps.back();
  if (slot > next_) {
    gap.end = grid_.SlotEnd(slot - 1);
    gap.missing_bars = slot - next_;
  } else {
    report_.gaps.pop_back();
  }
  if (slot + 1 < completed_) {
    report_.gaps.push_back(
        {grid_.SlotStart(slot + 1), grid_.SlotEnd(completed_ - 1), completed_ - slot - 1});
  }
  ++report_.present_bars;
  next_ = slot + 1;
}

}  // namespace tapedeck::quality
