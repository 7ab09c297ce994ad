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
  internal::RollingMax highs_;
  internal::RollingMin lows_;
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
  internal::RollingMax highs_;
  internal::RollingMin lows_;
  internal::SmaState fastd_;
};

class CommodityChannelIndex final : public IndicatorBase<CommodityChannelIndex> {
 public:
  explicit CommodityChannelIndex(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  int period_;
  internal::Ring typical_;
  // prefix_totals_[i]: the typical prices in slots 0..i-1 summed in order.
  std::vector<double> prefix_totals_;
};

// Williams' %R: (highest high − close)/((highest high − lowest low)/−100).
class WilliamsR final : public IndicatorBase<WilliamsR> {
 public:
  explicit WilliamsR(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::RollingMax highs_;
  internal::RollingMin lows_;
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
  internal::Ring positive_;
  internal::Ring negative_;
  double positive_total_ = 0;
  double negative_total_ = 0;
};

class UltimateOscillator final : public IndicatorBase<UltimateOscillator> {
 public:
  // Requires: every period >= 1. The order does not matter (TA-Lib sorts).
  UltimateOscillator(int period1, int period2, int period3);
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  std::array<int, 3> periods_;  // Ascending.
  bool has_previous_ = false;
  double previous_close_ = 0;
  internal::Ring buying_pressure_;  // close − min(low, previous close).
  internal::Ring true_range_;
  std::array<double, 3> buying_totals_{};
  std::array<double, 3> range_totals_{};
};

}  // namespace tapedeck::indicators
