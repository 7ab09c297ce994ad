// Swing highs and swing lows (not in TA-Lib), without look-ahead.
//
// Definition: the bar at position i is a swing high when its high is strictly
// greater than the high of each of the `period` bars before it and of each of
// the `period` bars after it (a tie on either side disqualifies it); a swing
// low likewise with lows, strictly lower. A swing point can only be known
// `period` bars after it, so it is reported on the bar that confirms it
// (position i + period).
//
// Outputs: `swing_high` (or `swing_low`), the price of the most recently
// confirmed swing point, and `bars_ago`, how many bars before the current one
// that swing bar opened (period on the confirming bar, growing by one each bar
// until the next swing is confirmed).
//
// lookback() = 2·period + 1, the fewest bars that can confirm a swing; ready()
// turns true on the bar that confirms the first swing point, which may be
// later (or never, on a monotonic series). O(1) amortized (a rolling extreme
// over the last period bars, and its recent history).
#pragma once

#include <string_view>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

namespace internal {
// Detects the centre of the last 2·period + 1 values being a strict maximum
// (kHigh) or minimum: more extreme than the extreme of the `period` values
// after it (the rolling extreme now) and of the `period` values before it (the
// rolling extreme as it was period + 1 values ago). Branch-free on the data.
template <bool kHigh>
class SwingDetector {
 public:
  explicit SwingDetector(int period);
  // Returns true when the value `period` positions ago is a strict swing.
  bool Add(double x);
  // The value `period` positions ago. Requires: more than `period` Adds.
  double centre() const { return values_.oldest(); }
  void Reset();

 private:
  int period_;
  long long count_ = 0;
  Ring values_;                  // The last period + 1 values.
  RollingExtreme<kHigh> after_;  // Over the last `period` values.
  Ring earlier_extremes_;        // after_.value() for the last period + 2 values.
};
}  // namespace internal

template <bool kHigh>
class SwingPoint final : public IndicatorBase<SwingPoint<kHigh>> {
 public:
  explicit SwingPoint(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  int period_;
  internal::SwingDetector<kHigh> detector_;
  double swing_price_ = 0;
  int bars_ago_ = 0;
};

using SwingHigh = SwingPoint<true>;
using SwingLow = SwingPoint<false>;

extern template class SwingPoint<true>;
extern template class SwingPoint<false>;

}  // namespace tapedeck::indicators
