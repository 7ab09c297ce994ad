// Range oscillators of high, low, close (and volume for MFI), with TA-Lib's
// conventions. lookback() is TA-Lib's lookback + 1:
//   stoch: fastk + slowk + slowd − 2   stochf: fastk + fastd − 1
//   cci, willr: n                       mfi: n + 1   ultosc: max(p1, p2, p3) + 1
// STOCH's raw %K is (close − lowest low)/((highest high − lowest low)/100),
// 0 on a flat range; %K and %D smoothing is the SMA (TA-Lib's default MA
// type). CCI uses the typical price (h + l + c)/3 and the mean absolute
// deviation over n bars, which is O(n) per bar: no running form exists.
// MFI is 0 while positive + negative money flow is below 1 (TA-Lib). ULTOSC
// sorts its three periods and weights them 4, 2, 1 from the shortest.
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

// Outputs slowk, slowd.
class Stochastic final : public IndicatorBase<Stochastic> {
 public:
  // Requires: every period >= 1.
  Stochastic(int fastk_period, int slowk_period, int slowd_period);
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::RollingRange<> range_;
  internal::SmaState slowk_;
  internal::SmaState slowd_;
};

// Outputs fastk, fastd.
class StochasticFast final : public IndicatorBase<StochasticFast> {
 public:
  // Requires: every period >= 1.
  StochasticFast(int fastk_period, int fastd_period);
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::RollingRange<> range_;
  internal::SmaState fastd_;
};

class CommodityChannelIndex final : public IndicatorBase<CommodityChannelIndex> {
 public:
  explicit CommodityChannelIndex(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  double n_;  // The period as a double; first, as in internal::SmaState.
  internal::Ring typical_;
  // The typical prices in the slots before the one the next bar writes,
  // summed in slot order from 0 (0 when that slot is the first).
  double prefix_total_ = 0;
};

// Williams' %R: (highest high − close)/((highest high − lowest low)/−100).
class WilliamsR final : public IndicatorBase<WilliamsR> {
 public:
  explicit WilliamsR(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::RollingRange<> range_;
};

class MoneyFlowIndex final : public IndicatorBase<MoneyFlowIndex> {
 public:
  explicit MoneyFlowIndex(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  int period_;
  bool has_previous_ = false;
  double previous_typical_ = 0;
  long long flows_seen_ = 0;
  // The last `period` money flows as {positive, negative} pairs, a ring, and
  // their totals: both take the same steps, so they move as one pair.
  std::vector<internal::Pair> flows_;
  std::size_t head_ = 0;  // The slot of flows_ the next pair goes to.
  internal::Pair totals_ = {0, 0};
};

class UltimateOscillator final : public IndicatorBase<UltimateOscillator> {
 public:
  // Requires: every period >= 1. The order does not matter (TA-Lib sorts).
  UltimateOscillator(int period1, int period2, int period3);
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  // One bar's terms; the totals of the three windows are kept the same way.
  struct Terms {
    double buying = 0;  // Buying pressure: close − min(low, previous close).
    double range = 0;   // True range.
  };

  std::array<int, 3> periods_;  // Ascending.
  bool has_previous_ = false;
  double previous_close_ = 0;
  long long count_ = 0;                    // Terms seen.
  std::vector<Terms> terms_;               // The last periods_[2] terms, a ring.
  std::size_t head_ = 0;                   // The slot of terms_ the next terms go to.
  std::array<std::size_t, 3> trailing_{};  // Per window, the slot of its oldest terms.
  std::array<Terms, 3> totals_{};          // Per window, its running totals.
};

}  // namespace tapedeck::indicators
