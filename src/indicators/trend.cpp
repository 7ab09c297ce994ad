#include "indicators/trend.hpp"

#include "core/check.hpp"

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kSar[] = {"sar"};
constexpr std::string_view kLinearReg[] = {"linearreg"};
constexpr std::string_view kMidPrice[] = {"midprice"};
}  // namespace

ParabolicSar::ParabolicSar(double acceleration, double maximum)
    : IndicatorBase(kSar, 2),
      acceleration_(acceleration > maximum ? maximum : acceleration),
      maximum_(maximum) {
  TD_CHECK(acceleration >= 0 && maximum >= 0, "sar {} {}", acceleration, maximum);
}

void ParabolicSar::Update(const model::Bar& bar) {
  const double high = bar.high;
  const double low = bar.low;
  if (bars_++ == 0) {
    previous_high_ = high;
    previous_low_ = low;
    return;
  }
  if (bars_ == 2) {
    // Direction from the −DM of the first two bars, as TA-Lib.
    const double diff_plus = high - previous_high_;
    const double diff_minus = previous_low_ - low;
    is_long_ = !(diff_minus > 0 && diff_plus < diff_minus);
    af_ = acceleration_;
    if (is_long_) {
      ep_ = high;
      sar_ = previous_low_;
    } else {
      ep_ = low;
      sar_ = previous_high_;
    }
    // On the first step TA-Lib's "previous" bar is the current one.
    previous_high_ = high;
    previous_low_ = low;
  }
  const double prev_high = previous_high_;
  const double prev_low = previous_low_;
  previous_high_ = high;
  previous_low_ = low;
  if (is_long_) {
    if (low <= sar_) {  // Switch to short.
      is_long_ = false;
      sar_ = ep_;
      if (sar_ < prev_high) sar_ = prev_high;
      if (sar_ < high) sar_ = high;
      Publish(sar_);
      af_ = acceleration_;
      ep_ = low;
      sar_ = sar_ + af_ * (ep_ - sar_);
      if (sar_ < prev_high) sar_ = prev_high;
      if (sar_ < high) sar_ = high;
    } else {
      Publish(sar_);
      if (high > ep_) {
        ep_ = high;
        af_ += acceleration_;
        if (af_ > maximum_) af_ = maximum_;
      }
      sar_ = sar_ + af_ * (ep_ - sar_);
      if (sar_ > prev_low) sar_ = prev_low;
      if (sar_ > low) sar_ = low;
    }
  } else if (high >= sar_) {  // Switch to long.
    is_long_ = true;
    sar_ = ep_;
    if (sar_ > prev_low) sar_ = prev_low;
    if (sar_ > low) sar_ = low;
    Publish(sar_);
    af_ = acceleration_;
    ep_ = high;
    sar_ = sar_ + af_ * (ep_ - sar_);
    if (sar_ > prev_low) sar_ = prev_low;
    if (sar_ > low) sar_ = low;
  } else {
    Publish(sar_);
    if (low < ep_) {
      ep_ = low;
      af_ += acceleration_;
      if (af_ > maximum_) af_ = maximum_;
    }
    sar_ = sar_ + af_ * (ep_ - sar_);
    if (sar_ < prev_high) sar_ = prev_high;
    if (sar_ < high) sar_ = high;
  }
}

void ParabolicSar::Reset() {
  bars_ = 0;
  is_long_ = true;
  af_ = ep_ = sar_ = previous_high_ = previous_low_ = 0;
  ClearOutputs();
}

LinearRegression::LinearRegression(int period)
    : IndicatorBase(kLinearReg, period),
      period_(period),
      sum_x_(static_cast<double>(period) * static_cast<double>(period - 1) * 0.5),
      divisor_(sum_x_ * sum_x_ -
               static_cast<double>(period) *
                   (static_cast<double>(period) * (period - 1) * (2 * period - 1) / 6)),
      closes_(period) {
  TD_CHECK(period >= 2, "linearreg period {}", period);
}

void LinearRegression::Update(const model::Bar& bar) {
  if (closes_.full()) {  // The oldest close (age n − 1) leaves.
    const double oldest = closes_.oldest();
    sum_xy_ -= static_cast<double>(period_ - 1) * oldest;
    sum_y_ -= oldest;
  }
  sum_xy_ += sum_y_;  // Every remaining close ages by one bar.
  sum_y_ += bar.close;
  closes_.Push(bar.close);
  if (!closes_.full()) return;
  const double n = static_cast<double>(period_);
  const double m = (n * sum_xy_ - sum_x_ * sum_y_) / divisor_;
  const double b = (sum_y_ - m * sum_x_) / n;
  Publish(b + m * (n - 1));
}

void LinearRegression::Reset() {
  closes_.Clear();
  sum_y_ = sum_xy_ = 0;
  ClearOutputs();
}

MidPrice::MidPrice(int period) : IndicatorBase(kMidPrice, period), highs_(period), lows_(period) {}

void MidPrice::Update(const model::Bar& bar) {
  highs_.Add(bar.high);
  lows_.Add(bar.low);
  if (highs_.full()) Publish((highs_.value() + lows_.value()) / 2.0);
}

void MidPrice::Reset() {
  highs_.Reset();
  lows_.Reset();
  ClearOutputs();
}

}  // namespace tapedeck::indicators
