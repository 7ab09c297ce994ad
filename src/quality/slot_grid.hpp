// The slots of one interval in one part of one session, computed with
// arithmetic instead of listed: O(1) memory, O(1) per lookup. Matches
// calendar::Slots for intraday intervals (buckets aligned to the start of each
// part, the last one cut at its end). A 1d interval has one slot spanning the
// whole part, which a daily bar stamped at 00:00 UTC of the session date also
// fills; intervals longer than a session (1w, 2d) have none. Small value;
// safe from any thread.
#pragma once

#include <array>

#include "calendar/session_hours.hpp"
#include "core/timestamp.hpp"
#include "model/interval.hpp"

namespace tapedeck::quality {

class SlotGrid {
 public:
  SlotGrid(const calendar::SessionHours& hours, model::Interval interval,
           calendar::SessionPart part);

  int size() const { return size_; }

  // The slot a bar opening at `t` falls in, or -1 when `t` is outside the part.
  int IndexOf(Timestamp t) const {
    for (int i = 0; i < span_count_; ++i) {
      const Span& span = spans_[static_cast<size_t>(i)];
      if (t >= span.start && t < span.end) {
        return span.first + static_cast<int>((t - span.start) / span.length);
      }
    }
    return t == day_stamp_ ? 0 : -1;
  }

  // Requires: 0 <= index < size().
  Timestamp SlotStart(int index) const {
    const Span& span = SpanOf(index);
    return span.start + (index - span.first) * span.length;
  }
  Timestamp SlotEnd(int index) const {
    const Span& span = SpanOf(index);
    const Timestamp end = span.start + (index - span.first + 1) * span.length;
    return end < span.end ? end : span.end;
  }

  // How many slots have ended by `until` (slot end <= until); slots complete
  // in index order.
  int CompletedBy(Timestamp until) const;

 private:
  struct Span {
    Timestamp start{};
    Timestamp end{};
    Duration length{};
    int first = 0;  // Index of the span's first slot.
    int count = 0;
  };

  const Span& SpanOf(int index) const {
    int i = 0;
    while (i + 1 < span_count_ && index >= spans_[static_cast<size_t>(i + 1)].first) ++i;
    return spans_[static_cast<size_t>(i)];
  }

  std::array<Span, 3> spans_{};
  int span_count_ = 0;
  int size_ = 0;
  Timestamp day_stamp_ = Timestamp::min();  // 1d: 00:00 UTC of the session date.
};

}  // namespace tapedeck::quality
