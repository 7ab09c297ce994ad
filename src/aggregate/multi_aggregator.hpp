// Derives several intervals from one base interval as bars stream in: one
// BarAggregator per interval, with 1w chained through 1d (a 1d stage is added,
// and kept out of the output, when 1w is asked for from an intraday base
// without 1d). The semantics of each interval are BarAggregator's.
//
// Output order: every call appends bars sorted by (end, interval), shorter
// interval first on a tie (5m before 15m at 09:45; 1d before 1w at Friday's
// close).
//
// Cost: O(number of intervals) per call, no allocation once `out` and the
// internal buffer have grown. Copyable value (copy to snapshot). Not
// thread-safe (one owner).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <vector>

#include "aggregate/bar_aggregator.hpp"
#include "aggregate/derived_bar.hpp"
#include "core/prefetch.hpp"
#include "core/status.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"
#include "model/session_window.hpp"

namespace tapedeck::aggregate {

class MultiAggregator {
 public:
  // `derived` may hold duplicates and be in any order. Intervals missing from
  // `policies` use kEmitPartial; policies of other intervals are ignored (a
  // session-wide policy map serves symbols with fewer intervals). The week is
  // always built from kEmitPartial days (its own policy then applies to the
  // week: a week with a missing day); a 1d asked for with kRequireComplete
  // gets a stage of its own. Errors name the first interval that
  // cannot be derived from `base` (see CheckDerivable).
  static Result<MultiAggregator> Create(
      model::Interval base, std::span<const model::Interval> derived,
      const std::map<model::Interval, BucketPolicy>& policies = {}, bool extended_hours = false);

  model::Interval base() const { return base_; }
  // The derived intervals, shortest first, without duplicates.
  const std::vector<model::Interval>& derived() const { return derived_; }

  // As BarAggregator: starts a session, emitting what is left of the last one.
  void BeginSession(const model::SessionWindow& window, std::vector<DerivedBar>& out);
  // As BarAggregator::Add, for every interval.
  void Add(const model::Bar& bar, std::vector<DerivedBar>& out) {
    const size_t from = out.size();
    for (BarAggregator& stage : stages_) stage.Add(bar, out);
    if (longer_) [[unlikely]] {
      AddLonger(bar, out);
    }
    if (out.size() > from + 1) SortTail(out, from);
  }
  // As BarAggregator::AdvanceTo, for every interval.
  void AdvanceTo(Timestamp t, std::vector<DerivedBar>& out);
  // Fetches the stages toward the cache (core/prefetch.hpp).
  void Prefetch() const { PrefetchBytes(stages_.data(), stages_.size() * sizeof(BarAggregator)); }

 private:
  MultiAggregator() = default;
  void AddLonger(const model::Bar& bar, std::vector<DerivedBar>& out);
  // Moves the daily stage's output into `out` (if 1d was asked for) and into
  // the weekly stage.
  void ForwardDaily(std::vector<DerivedBar>& out);
  static void SortTail(std::vector<DerivedBar>& out, size_t from);

  std::vector<BarAggregator> stages_;  // Fed by base bars, shortest interval first.
  bool longer_ = false;                // daily_ or weekly_ is set (beside stages_ for Add).
  model::Interval base_ = model::Interval::Minutes(1);
  std::vector<model::Interval> derived_;
  // Fed by base bars when 1w chains through it (always kEmitPartial).
  std::optional<BarAggregator> daily_;
  bool emit_daily_ = false;              // daily_ is also the 1d of derived_.
  std::optional<BarAggregator> weekly_;  // Fed by daily_, or by base bars on a 1d base.
  std::vector<DerivedBar> daily_out_;
};

}  // namespace tapedeck::aggregate
