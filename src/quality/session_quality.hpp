// Keeps one session's quality report up to date as bars arrive and time
// moves, for the session engine: O(1) amortized per call, and equal at every
// moment to ScoreSession over the bars added so far with `until` = until().
// A small value (the gap list is its only allocation): copy to snapshot. Not
// thread-safe (one owner).
#pragma once

#include "calendar/session_hours.hpp"
#include "core/timestamp.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"
#include "quality/quality_report.hpp"
#include "quality/slot_grid.hpp"

namespace tapedeck::quality {

class SessionQuality {
 public:
  // Slots as ScoreSession's; nothing is expected until time moves.
  SessionQuality(model::Interval interval, const calendar::SessionHours& hours,
                 calendar::SessionPart part = calendar::SessionPart::kRegular);

  // Counts a completed bar: moves time to the end of its slot (a bar is
  // complete by then) and fills the slot. Bars outside the part, and a second
  // bar in a filled slot, change nothing.
  // Requires: bars in open-time order.
  void Add(const model::Bar& bar);

  // Counts every slot that ends by `t`. An earlier `t` than before changes nothing.
  void AdvanceTo(Timestamp t);

  const QualityReport& report() const { return report_; }
  // How far time has moved (Timestamp::min() before the first call).
  Timestamp until() const { return until_; }

 private:
  SlotGrid grid_;
  QualityReport report_;
  Timestamp until_ = Timestamp::min();
  int completed_ = 0;  // Slots ended by until_.
  // Slots below next_ hold a bar or sit in a gap; slots in [next_,
  // completed_) are empty and form the last gap.
  int next_ = 0;
  Timestamp next_end_;  // End of slot completed_ (max() when every slot has ended).
};

}  // namespace tapedeck::quality
