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
  // TA-Lib's steps on locals, stored once at the end. Whether a bar sets a new
  // extreme, and the clamps of the SAR to the last two bars' range, are coin
  // tosses on most series, so they are written as selections that GCC
  // compiles without branches (maxsd, minsd, masks): a mispredicted branch
  // costs more than the few extra instructions.
  const auto raise_to = [](double value, double floor) { return value < floor ? floor : value; };
  const auto lower_to = [](double value, double ceiling) {
    return value > ceiling ? ceiling : value;
  };
  const auto step = [&](double af) { return lower_to(af + acceleration_, maximum_); };
  double sar = sar_;
  double ep = ep_;
  double af = af_;
  if (is_long_) {
    if (low <= sar) {  // Switch to short.
      is_long_ = false;
      sar = raise_to(raise_to(ep, prev_high), high);
      Publish(sar);
      af = acceleration_;
      ep = low;
      sar = sar + af * (ep - sar);
      sar = raise_to(raise_to(sar, prev_high), high);
    } else {
      Publish(sar);
      const bool new_extreme = high > ep;
      ep = new_extreme ? high : ep;
      af = internal::Select(new_extreme, step(af), af);
      sar = sar + af * (ep - sar);
      sar = lower_to(lower_to(sar, prev_low), low);
    }
  } else if (high >= sar) {  // Switch to long.
    is_long_ = true;
    sar = lower_to(lower_to(ep, prev_low), low);
    Publish(sar);
    af = acceleration_;
    ep = high;
    sar = sar + af * (ep - sar);
    sar = lower_to(lower_to(sar, prev_low), low);
  } else {
    Publish(sar);
    const bool new_extreme = low < ep;
    ep = new_extreme ? low : ep;
    af = internal::Select(new_extreme, step(af), af);
    sar = sar + af * (ep - sar);
    sar = raise_to(raise_to(sar, prev_high), high);
  }
  sar_ = sar;
  ep_ = ep;
  af_ = af;
}

void ParabolicSar::Reset() {
  bars_ = 0;
  is_long_ = true;
  af_ = ep_ = sar_ = previous_high_ = previous_low_ = 0;
  ClearOutputs();
}

LinearRegression::LinearRegression(int period)
    : IndicatorBase(kLinearReg, period),
      n_(static_cast<double>(period)),
      n_minus_one_(static_cast<double>(period - 1)),
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
    sum_xy_ -= n_minus_one_ * oldest;
    sum_y_ -= oldest;
  }
  sum_xy_ += sum_y_;  // Every remaining close ages by one bar.
  sum_y_ += bar.close;
  closes_.Push(bar.close);
  if (!closes_.full()) return;
  const double n = n_;
  const double m = (n * sum_xy_ - sum_x_ * sum_y_) / divisor_;
  const double b = (sum_y_ - m * sum_x_) / n;
  Publish(b + m * n_minus_one_);
}

void LinearRegression::Reset() {
  closes_.Clear();
  sum_y_ = sum_xy_ = 0;
  ClearOutputs();
}

MidPrice::MidPrice(int period) : IndicatorBase(kMidPrice, period), range_(period) {}

void MidPrice::Update(const model::Bar& bar) {
  const auto range = range_.Add(bar.high, bar.low);
  if (range_.full()) Publish((range.highest + range.lowest) / 2.0);
}

void MidPrice::Reset() {
  range_.Reset();
  ClearOutputs();
}

}  // namespace tapedeck::indicators
