// Trend-following studies with TA-Lib's conventions. lookback() is TA-Lib's + 1:
//   sar: 2   linearreg: n   midprice: n
// SAR is Wilder's parabolic stop-and-reverse; the first direction comes from
// the −DM of the first two bars (long unless the low fell further than the
// high rose), acceleration is capped at `maximum`. LINEARREG is the
// least-squares line through the last n closes evaluated at the newest bar;
// its sums are kept as running totals (O(1)), where TA-Lib recomputes them,
// so values agree to ~1e-12 rather than to the last bit. MIDPRICE is
// (highest high + lowest low)/2 over n bars.
#pragma once

#include <string_view>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

class ParabolicSar final : public IndicatorBase<ParabolicSar> {
 public:
  // Requires: acceleration >= 0, maximum >= 0.
  ParabolicSar(double acceleration, double maximum);
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  double acceleration_;
  double maximum_;
  int bars_ = 0;
  bool is_long_ = true;
  double af_ = 0;
  double ep_ = 0;
  double sar_ = 0;
  double previous_high_ = 0;
  double previous_low_ = 0;
};

class LinearRegression final : public IndicatorBase<LinearRegression> {
 public:
  explicit LinearRegression(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  // Constants first (see internal::SmaState).
  double n_;  // The period as a double, converted once.
  double n_minus_one_;
  double sum_x_;
  double divisor_;
  internal::Ring closes_;
  double sum_y_ = 0;
  double sum_xy_ = 0;  // x is the age of a close: 0 for the newest.
};

class MidPrice final : public IndicatorBase<MidPrice> {
 public:
  explicit MidPrice(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::RollingRange<> range_;
};

}  // namespace tapedeck::indicators
