// Derives one interval from one base interval as bars stream in, aligned to
// the session calendar: intraday buckets start at the session open (09:30 New
// York) and the last one is cut at the close (15:30–16:00 for 1h; 12:30–13:00
// on a 13:00 early close); 1d is one bucket per session, stamped at 00:00 UTC
// of the session date; 1w is the sessions of one calendar week, stamped at
// 00:00 UTC of its Monday and ending at the close of the session marked
// last_of_week.
//
// Hours: only regular-hours base bars [open, close) are used, unless the
// aggregator is created with extended hours; then pre-market buckets align to
// pre_market_open, regular ones to open and after-hours ones to close (each
// part cut at its own end), and 1d covers [pre_market_open, after_hours_close)
// and ends at after_hours_close (so does 1w).
//
// Emission: a bucket is emitted once its end is reached, never before: when
// the base bar of its last slot is added (open_time + base == end), or when a
// later bar, AdvanceTo(t) with t >= end or BeginSession passes it. A bucket
// with no base bar emits nothing; with some missing it is emitted with
// bar_count < expected_bars under kEmitPartial and dropped under
// kRequireComplete. OHLCV: open of the first bar, highest high, lowest low,
// close of the last, summed volume.
//
// Cost: Add and AdvanceTo are O(1) and allocate only when `out` grows. The
// object is a small value: copy it to snapshot. Not thread-safe (one owner).
#pragma once

#include <algorithm>
#include <array>
#include <vector>

#include "aggregate/derivation.hpp"
#include "aggregate/derived_bar.hpp"
#include "core/check.hpp"
#include "core/status.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"
#include "model/session_window.hpp"

namespace tapedeck::aggregate {

class BarAggregator {
 public:
  // Errors when `derived` cannot be derived from `base` in one step (see
  // CheckDerivationStep: 1w needs a 1d base).
  static Result<BarAggregator> Create(model::Interval base, model::Interval derived,
                                      BucketPolicy policy = BucketPolicy::kEmitPartial,
                                      bool extended_hours = false);

  model::Interval base() const { return base_interval_; }
  model::Interval derived() const { return derived_; }
  BucketPolicy policy() const { return policy_; }
  bool extended_hours() const { return extended_hours_; }

  // Starts a session; emits into `out` whatever is left of the previous one
  // (a week stays open while the new session is in the same calendar week).
  // Requires: sessions in time order.
  void BeginSession(const model::SessionWindow& window, std::vector<DerivedBar>& out);

  // Adds one base bar and appends to `out` the buckets it completes or passes.
  // Requires: BeginSession was called for the session holding the bar; bars
  // in open-time order. A 1d base bar is stamped at 00:00 UTC of the session
  // date and counts as complete at the session's close (as a derived 1d bar
  // does): add it before AdvanceTo passes that close. Bars outside the hours
  // used (see above) only move time forward.
  void Add(const model::Bar& bar, std::vector<DerivedBar>& out) {
    if (kind_ == DerivationKind::kWeekly) [[unlikely]] {
      AddDaily(bar, out);
      return;
    }
    const Timestamp t = bar.open_time;
    TD_DCHECK(t >= last_open_time_, "bars out of order");
    TD_DCHECK(t >= window_.pre_market_open && t < window_.after_hours_close,
              "bar outside the current session");
#ifndef NDEBUG
    last_open_time_ = t;
#endif
    if (open_ && t < bucket_end_) [[likely]] {
      Merge(bar);
    } else {
      if (open_) Close(out);
      if (!StartBucket(bar)) return;
    }
    if (t + base_ >= bucket_end_) Close(out);
  }

  // Emits every bucket whose end is <= t. Add the base bars that complete at
  // t before calling AdvanceTo(t), or the bucket they end is emitted without
  // them. A `t` before an earlier one changes nothing.
  void AdvanceTo(Timestamp t, std::vector<DerivedBar>& out) {
    if (open_ && bucket_end_ <= t) Close(out);
  }

 private:
  BarAggregator() = default;

  void Merge(const model::Bar& bar) {
    bucket_.high = std::max(bucket_.high, bar.high);  // Branch-free: prices move both ways.
    bucket_.low = std::min(bucket_.low, bar.low);
    bucket_.close = bar.close;
    bucket_.volume += bar.volume;
    ++bucket_.bar_count;
  }
  bool StartBucket(const model::Bar& bar);
  void AddDaily(const model::Bar& bar, std::vector<DerivedBar>& out);
  void Close(std::vector<DerivedBar>& out);

  model::Interval base_interval_ = model::Interval::Minutes(1);
  model::Interval derived_ = model::Interval::Minutes(1);
  Duration base_{};
  Duration length_{};  // Intraday bucket length.
  DerivationKind kind_ = DerivationKind::kIntraday;
  BucketPolicy policy_ = BucketPolicy::kEmitPartial;
  bool extended_hours_ = false;

  model::SessionWindow window_{};
  std::array<SessionSpan, 3> spans_{};
  int span_count_ = 0;

  // The open bucket. For 1w it is open from the week's first session on,
  // with bar_count 0 until a daily bar arrives.
  bool open_ = false;
  model::Bar bucket_{};
  Timestamp bucket_end_{};
  int expected_ = 0;
  Timestamp week_last_end_{};   // 1w: end of the latest session begun in the week.
  Timestamp last_open_time_{};  // Checks the order of bars in debug builds.
};

}  // namespace tapedeck::aggregate
