#include "calendar/session_hours.hpp"

#include <algorithm>
#include <array>

namespace tapedeck::calendar {

int PartSpans(const SessionHours& hours, SessionPart part, std::array<Slot, 3>& spans) {
  int count = 0;
  const auto add = [&](Timestamp start, Timestamp end) {
    if (start < end) spans[static_cast<size_t>(count++)] = {start, end};
  };
  switch (part) {
    case SessionPart::kRegular:
      add(hours.open, hours.close);
      break;
    case SessionPart::kPreMarket:
      add(hours.pre_market_open, hours.open);
      break;
    case SessionPart::kAfterHours:
      add(hours.close, hours.after_hours_close);
      break;
    case SessionPart::kExtended:
      add(hours.pre_market_open, hours.open);
      add(hours.open, hours.close);
      add(hours.close, hours.after_hours_close);
      break;
  }
  return count;
}

namespace {

// The bucket length of `interval` inside a session, or zero for "one bucket
// per span" (1d). Errors for intervals longer than a session.
Result<Duration> BucketLength(model::Interval interval) {
  if (!interval.is_daily_or_longer()) return interval.duration();
  if (interval == model::Interval::Days(1)) return Duration(0);
  return Error::InvalidArgument(
      "interval {} has no slots inside one session (only intraday intervals and 1d have)",
      interval.ToString());
}

int64_t BucketsIn(const Slot& span, Duration length) {
  if (length == Duration(0)) return 1;
  return ((span.end - span.start) + length - Duration(1)) / length;
}

}  // namespace

Result<int> SlotCount(const SessionHours& hours, model::Interval interval, SessionPart part) {
  TD_ASSIGN_OR_RETURN(const Duration length, BucketLength(interval));
  std::array<Slot, 3> spans{};
  const int span_count = PartSpans(hours, part, spans);
  int64_t count = 0;
  for (int i = 0; i < span_count; ++i) count += BucketsIn(spans[static_cast<size_t>(i)], length);
  return static_cast<int>(count);
}

Result<std::vector<Slot>> Slots(const SessionHours& hours, model::Interval interval,
                                SessionPart part) {
  TD_ASSIGN_OR_RETURN(const Duration length, BucketLength(interval));
  std::array<Slot, 3> spans{};
  const int span_count = PartSpans(hours, part, spans);
  std::vector<Slot> slots;
  for (int i = 0; i < span_count; ++i) {
    const Slot& span = spans[static_cast<size_t>(i)];
    if (length == Duration(0)) {
      slots.push_back({span.start, span.end});
      continue;
    }
    slots.reserve(slots.size() + static_cast<size_t>(BucketsIn(span, length)));
    for (Timestamp start = span.start; start < span.end; start += length) {
      slots.push_back({start, std::min(start + length, span.end)});
    }
  }
  return slots;
}

Result<Slot> SlotContaining(const SessionHours& hours, model::Interval interval, Timestamp t,
                            SessionPart part) {
  TD_ASSIGN_OR_RETURN(const Duration length, BucketLength(interval));
  std::array<Slot, 3> spans{};
  const int span_count = PartSpans(hours, part, spans);
  for (int i = 0; i < span_count; ++i) {
    const Slot& span = spans[static_cast<size_t>(i)];
    if (t < span.start || t >= span.end) continue;
    if (length == Duration(0)) return Slot{span.start, span.end};
    const Timestamp start = span.start + ((t - span.start) / length) * length;
    return Slot{start, std::min(start + length, span.end)};
  }
  return Error::InvalidArgument("{} is outside the requested hours of the session of {}",
                                FormatTimestamp(t), FormatDate(hours.date));
}

}  // namespace tapedeck::calendar
