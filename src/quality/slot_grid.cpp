#include "quality/slot_grid.hpp"

namespace tapedeck::quality {

SlotGrid::SlotGrid(const calendar::SessionHours& hours, model::Interval interval,
                   calendar::SessionPart part) {
  using calendar::SessionPart;
  if (interval.is_daily_or_longer() && interval != model::Interval::Days(1)) return;
  std::array<Span, 3> parts{};
  std::array<calendar::Slot, 3> bounds{};
  const int part_count = calendar::PartSpans(hours, part, bounds);
  for (int i = 0; i < part_count; ++i) {
    const auto index = static_cast<size_t>(i);
    parts[index] = Span{bounds[index].start, bounds[index].end, {}, 0, 0};
  }
  if (part_count == 0) return;
  if (interval == model::Interval::Days(1)) {
    const Timestamp start = parts[0].start;
    const Timestamp end = parts[static_cast<size_t>(part_count - 1)].end;
    spans_[0] = Span{start, end, end - start, 0, 1};
    span_count_ = 1;
    size_ = 1;
    day_stamp_ = StartOfDayUtc(hours.date);
    return;
  }
  const Duration length = interval.duration();
  for (int i = 0; i < part_count; ++i) {
    Span span = parts[static_cast<size_t>(i)];
    span.length = length;
    span.first = size_;
    span.count = static_cast<int>((span.end - span.start + length - Duration(1)) / length);
    size_ += span.count;
    spans_[static_cast<size_t>(span_count_++)] = span;
  }
}

int SlotGrid::CompletedBy(Timestamp until) const {
  int completed = 0;
  for (int i = 0; i < span_count_; ++i) {
    const Span& span = spans_[static_cast<size_t>(i)];
    if (until >= span.end) {
      completed += span.count;
      continue;
    }
    if (until > span.start) completed += static_cast<int>((until - span.start) / span.length);
    break;
  }
  return completed;
}

}  // namespace tapedeck::quality
