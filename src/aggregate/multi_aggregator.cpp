#include "aggregate/multi_aggregator.hpp"

#include <algorithm>

namespace tapedeck::aggregate {

Result<MultiAggregator> MultiAggregator::Create(
    model::Interval base, std::span<const model::Interval> derived,
    const std::map<model::Interval, BucketPolicy>& policies, bool extended_hours) {
  MultiAggregator multi;
  multi.base_ = base;
  multi.derived_.assign(derived.begin(), derived.end());
  std::ranges::sort(multi.derived_);
  multi.derived_.erase(std::unique(multi.derived_.begin(), multi.derived_.end()),
                       multi.derived_.end());
  const auto policy_of = [&](model::Interval interval) {
    const auto it = policies.find(interval);
    return it == policies.end() ? BucketPolicy::kEmitPartial : it->second;
  };
  const model::Interval day = model::Interval::Days(1);
  const model::Interval week = model::Interval::Weeks(1);
  const bool chain_week =
      std::ranges::find(multi.derived_, week) != multi.derived_.end() && base != day;
  for (const model::Interval interval : multi.derived_) {
    TD_RETURN_IF_ERROR(CheckDerivable(base, interval));
    if (interval == week) {
      TD_ASSIGN_OR_RETURN(BarAggregator weekly,
                          BarAggregator::Create(day, week, policy_of(week), extended_hours));
      multi.weekly_ = std::move(weekly);
      continue;
    }
    TD_ASSIGN_OR_RETURN(BarAggregator stage,
                        BarAggregator::Create(base, interval, policy_of(interval), extended_hours));
    if (interval == day && chain_week && policy_of(day) == BucketPolicy::kEmitPartial) {
      multi.daily_ = std::move(stage);
      multi.emit_daily_ = true;
      continue;
    }
    multi.stages_.push_back(std::move(stage));
  }
  if (chain_week && !multi.daily_) {
    TD_ASSIGN_OR_RETURN(
        BarAggregator daily,
        BarAggregator::Create(base, day, BucketPolicy::kEmitPartial, extended_hours));
    multi.daily_ = std::move(daily);
  }
  multi.longer_ = multi.daily_.has_value() || multi.weekly_.has_value();
  return multi;
}

void MultiAggregator::BeginSession(const model::SessionWindow& window,
                                   std::vector<DerivedBar>& out) {
  const size_t from = out.size();
  for (BarAggregator& stage : stages_) stage.BeginSession(window, out);
  if (daily_) {
    daily_->BeginSession(window, daily_out_);
    ForwardDaily(out);  // The week still sees the previous session.
  }
  if (weekly_) weekly_->BeginSession(window, out);
  SortTail(out, from);
}

void MultiAggregator::AddLonger(const model::Bar& bar, std::vector<DerivedBar>& out) {
  if (daily_) {
    daily_->Add(bar, daily_out_);
    ForwardDaily(out);
  } else {
    weekly_->Add(bar, out);  // A 1d base feeds the week directly.
  }
}

void MultiAggregator::AdvanceTo(Timestamp t, std::vector<DerivedBar>& out) {
  const size_t from = out.size();
  for (BarAggregator& stage : stages_) stage.AdvanceTo(t, out);
  if (longer_) [[unlikely]] {
    if (daily_) {
      daily_->AdvanceTo(t, daily_out_);
      ForwardDaily(out);
    }
    if (weekly_) weekly_->AdvanceTo(t, out);
  }
  SortTail(out, from);
}

void MultiAggregator::ForwardDaily(std::vector<DerivedBar>& out) {
  for (const DerivedBar& daily : daily_out_) {
    if (emit_daily_) out.push_back(daily);
    weekly_->Add(daily.bar, out);
  }
  daily_out_.clear();
}

void MultiAggregator::SortTail(std::vector<DerivedBar>& out, size_t from) {
  // Usually zero or one new bar; a few at most: insertion sort, stable.
  for (size_t i = from + 1; i < out.size(); ++i) {
    for (size_t j = i; j > from && EmittedBefore(out[j], out[j - 1]); --j) {
      std::swap(out[j], out[j - 1]);
    }
  }
}

}  // namespace tapedeck::aggregate
