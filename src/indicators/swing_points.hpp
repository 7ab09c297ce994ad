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
// later (or never, on a monotonic series). O(1) amortized (a monotonic deque
// over the last 2·period + 1 bars).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

namespace internal {
// Detects the centre of the last 2·period + 1 values being a strict maximum
// (kHigh) or minimum.
template <bool kHigh>
class SwingDetector {
 public:
  explicit SwingDetector(int period);
  // Returns true when the value `period` positions ago is a strict swing.
  bool Add(double x);
  void Reset();

 private:
  struct Entry {
    double value = 0;
    long long position = 0;
  };
  static bool Dominates(double x, double y) {
    if constexpr (kHigh) {
      return x > y;
    } else {
      return x < y;
    }
  }
  // The capacity is a power of two, so wrapping is a mask.
  Entry& At(std::size_t i) { return entries_[(head_ + i) & (entries_.size() - 1)]; }

  long long period_;
  long long window_;
  std::vector<Entry> entries_;  // Non-increasing (kHigh) values; equal values kept.
  std::size_t head_ = 0;
  std::size_t size_ = 0;
  long long position_ = -1;
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
  internal::Ring prices_;  // The last period + 1 highs (or lows).
  double swing_price_ = 0;
  int bars_ago_ = 0;
};

using SwingHigh = SwingPoint<true>;
using SwingLow = SwingPoint<false>;

extern template class SwingPoint<true>;
extern template class SwingPoint<false>;

}  // namespace tapedeck::indicators
