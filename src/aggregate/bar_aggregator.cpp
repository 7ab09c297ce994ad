#include "aggregate/bar_aggregator.hpp"

#include <algorithm>

namespace tapedeck::aggregate {
namespace {

// Base bars expected in [start, end): a cut bucket still expects one per base
// slot it holds.
int ExpectedBars(Timestamp start, Timestamp end, Duration base) {
  return static_cast<int>(((end - start) + base - Duration(1)) / base);
}

}  // namespace

Result<BarAggregator> BarAggregator::Create(model::Interval base, model::Interval derived,
                                            BucketPolicy policy, bool extended_hours) {
  TD_ASSIGN_OR_RETURN(const DerivationKind kind, CheckDerivationStep(base, derived));
  BarAggregator aggregator;
  aggregator.base_interval_ = base;
  aggregator.derived_ = derived;
  aggregator.base_ = base.duration();
  aggregator.length_ = derived.duration();
  aggregator.kind_ = kind;
  aggregator.policy_ = policy;
  aggregator.extended_hours_ = extended_hours;
  return aggregator;
}

void BarAggregator::BeginSession(const model::SessionWindow& window, std::vector<DerivedBar>& out) {
  TD_DCHECK(window.pre_market_open >= window_.after_hours_close, "sessions out of order");
  const Timestamp day_end = extended_hours_ ? window.after_hours_close : window.close;
  if (kind_ == DerivationKind::kWeekly) {
    const Timestamp week_start = WeekStartUtc(window.date);
    if (open_ && bucket_.open_time != week_start) {
      bucket_end_ = week_last_end_;  // The caller skipped the week's last session.
      Close(out);
    }
    if (!open_) {
      open_ = true;
      bucket_ = model::Bar{};
      bucket_.open_time = week_start;
      bucket_.bar_count = 0;
      expected_ = 0;
    }
    ++expected_;
    week_last_end_ = day_end;
    bucket_end_ = window.last_of_week ? day_end : Timestamp::max();
  } else if (open_) {
    Close(out);
  }
  window_ = window;
  span_count_ = SessionSpans(window, kind_, extended_hours_, spans_);
  last_open_time_ = Timestamp::min();
}

bool BarAggregator::StartBucket(const model::Bar& bar) {
  const Timestamp t = bar.open_time;
  for (int i = 0; i < span_count_; ++i) {
    const SessionSpan& span = spans_[static_cast<size_t>(i)];
    if (t < span.start || t >= span.end) continue;
    Timestamp start = span.start;
    bucket_end_ = span.end;
    if (kind_ == DerivationKind::kIntraday) {
      start += ((t - span.start) / length_) * length_;
      bucket_end_ = std::min(start + length_, span.end);
    }
    expected_ = ExpectedBars(start, bucket_end_, base_);
    bucket_ = bar;
    bucket_.open_time = kind_ == DerivationKind::kDaily ? StartOfDayUtc(window_.date) : start;
    bucket_.bar_count = 1;
    open_ = true;
    return true;
  }
  return false;
}

void BarAggregator::AddDaily(const model::Bar& bar, std::vector<DerivedBar>& out) {
  TD_DCHECK(open_ && bar.open_time == StartOfDayUtc(window_.date),
            "a 1d bar must be stamped at 00:00 UTC of the current session's date");
  if (bucket_.bar_count == 0) {
    const Timestamp week_start = bucket_.open_time;
    bucket_ = bar;
    bucket_.open_time = week_start;
    bucket_.bar_count = 1;
  } else {
    Merge(bar);
  }
  if (window_.last_of_week) Close(out);
}

void BarAggregator::Close(std::vector<DerivedBar>& out) {
  open_ = false;
  if (bucket_.bar_count == 0) return;
  if (policy_ == BucketPolicy::kRequireComplete && bucket_.bar_count < expected_) return;
  out.push_back(DerivedBar{derived_, bucket_, bucket_end_, expected_});
}

}  // namespace tapedeck::aggregate
