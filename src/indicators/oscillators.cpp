#include "indicators/oscillators.hpp"

#include <algorithm>
#include <cmath>

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kStoch[] = {"slowk", "slowd"};
constexpr std::string_view kStochF[] = {"fastk", "fastd"};
constexpr std::string_view kCci[] = {"cci"};
constexpr std::string_view kWillR[] = {"willr"};
constexpr std::string_view kMfi[] = {"mfi"};
constexpr std::string_view kUltOsc[] = {"ultosc"};

double RawFastK(double close, double highest, double lowest) {
  const double diff = (highest - lowest) / 100.0;
  return diff != 0.0 ? (close - lowest) / diff : 0.0;
}

std::array<int, 3> Sorted(std::array<int, 3> periods) {
  std::ranges::sort(periods);
  return periods;
}
}  // namespace

Stochastic::Stochastic(int fastk_period, int slowk_period, int slowd_period)
    : IndicatorBase(kStoch, fastk_period + slowk_period + slowd_period - 2),
      highs_(fastk_period),
      lows_(fastk_period),
      slowk_(slowk_period),
      slowd_(slowd_period) {}

void Stochastic::Update(const model::Bar& bar) {
  highs_.Add(bar.high);
  lows_.Add(bar.low);
  if (!highs_.full()) return;
  if (!slowk_.Add(RawFastK(bar.close, highs_.value(), lows_.value()))) return;
  if (!slowd_.Add(slowk_.value())) return;
  Publish(0, slowk_.value());
  Publish(1, slowd_.value());
}

void Stochastic::Reset() {
  highs_.Reset();
  lows_.Reset();
  slowk_.Reset();
  slowd_.Reset();
  ClearOutputs();
}

StochasticFast::StochasticFast(int fastk_period, int fastd_period)
    : IndicatorBase(kStochF, fastk_period + fastd_period - 1),
      highs_(fastk_period),
      lows_(fastk_period),
      fastd_(fastd_period) {}

void StochasticFast::Update(const model::Bar& bar) {
  highs_.Add(bar.high);
  lows_.Add(bar.low);
  if (!highs_.full()) return;
  const double fastk = RawFastK(bar.close, highs_.value(), lows_.value());
  if (!fastd_.Add(fastk)) return;
  Publish(0, fastk);
  Publish(1, fastd_.value());
}

void StochasticFast::Reset() {
  highs_.Reset();
  lows_.Reset();
  fastd_.Reset();
  ClearOutputs();
}

CommodityChannelIndex::CommodityChannelIndex(int period)
    : IndicatorBase(kCci, period),
      period_(period),
      typical_(period),
      prefix_totals_(static_cast<std::size_t>(period) + 1, 0.0) {}

void CommodityChannelIndex::Update(const model::Bar& bar) {
  const double last = (bar.high + bar.low + bar.close) / 3;
  typical_.Push(last);
  // Sums run over the ring's slots in storage order, as TA-Lib's circular
  // buffer. The running totals up to the slot just written are those of the
  // last bar (no slot before it changed), so the pass resumes there: the same
  // additions in the same order, about half as many.
  const std::vector<double>& slots = typical_.raw();
  for (std::size_t i = typical_.newest_slot(); i < slots.size(); ++i) {
    prefix_totals_[i + 1] = prefix_totals_[i] + slots[i];
  }
  if (!typical_.full()) return;
  const double average = prefix_totals_.back() / period_;
  double deviation = 0;
  for (const double v : slots) deviation += std::fabs(v - average);
  const double distance = last - average;
  Publish(distance != 0.0 && deviation != 0.0 ? distance / (0.015 * (deviation / period_)) : 0.0);
}

void CommodityChannelIndex::Reset() {
  typical_.Clear();
  ClearOutputs();
}

WilliamsR::WilliamsR(int period) : IndicatorBase(kWillR, period), highs_(period), lows_(period) {}

void WilliamsR::Update(const model::Bar& bar) {
  highs_.Add(bar.high);
  lows_.Add(bar.low);
  if (!highs_.full()) return;
  const double highest = highs_.value();
  const double diff = (highest - lows_.value()) / (-100.0);
  Publish(diff != 0.0 ? (highest - bar.close) / diff : 0.0);
}

void WilliamsR::Reset() {
  highs_.Reset();
  lows_.Reset();
  ClearOutputs();
}

MoneyFlowIndex::MoneyFlowIndex(int period)
    : IndicatorBase(kMfi, period + 1), period_(period), positive_(period), negative_(period) {}

void MoneyFlowIndex::Update(const model::Bar& bar) {
  const double typical = (bar.high + bar.low + bar.close) / 3.0;
  if (!has_previous_) {
    previous_typical_ = typical;
    has_previous_ = true;
    return;
  }
  if (positive_.full()) {  // The oldest flow leaves the window.
    positive_total_ -= positive_.oldest();
    negative_total_ -= negative_.oldest();
  }
  const double change = typical - previous_typical_;
  previous_typical_ = typical;
  const double flow = typical * bar.volume;
  const double positive = internal::Select(change > 0, flow, 0.0);
  const double negative = internal::Select(change < 0, flow, 0.0);
  positive_total_ = internal::Select(change > 0, positive_total_ + flow, positive_total_);
  negative_total_ = internal::Select(change < 0, negative_total_ + flow, negative_total_);
  positive_.Push(positive);
  negative_.Push(negative);
  if (!positive_.full()) return;
  const double total = positive_total_ + negative_total_;
  Publish(total < 1.0 ? 0.0 : 100.0 * (positive_total_ / total));
}

void MoneyFlowIndex::Reset() {
  has_previous_ = false;
  previous_typical_ = 0;
  positive_.Clear();
  negative_.Clear();
  positive_total_ = negative_total_ = 0;
  ClearOutputs();
}

UltimateOscillator::UltimateOscillator(int period1, int period2, int period3)
    : IndicatorBase(kUltOsc, std::max({period1, period2, period3}) + 1),
      periods_(Sorted({period1, period2, period3})),
      buying_pressure_(periods_[2]),
      true_range_(periods_[2]) {
  TD_CHECK(periods_[0] >= 1, "ultosc period {}", periods_[0]);
}

void UltimateOscillator::Update(const model::Bar& bar) {
  if (!has_previous_) {
    previous_close_ = bar.close;
    has_previous_ = true;
    return;
  }
  const double true_low = std::min(bar.low, previous_close_);
  const double buying = bar.close - true_low;
  const double range = internal::TrueRange(bar.high, bar.low, previous_close_);
  previous_close_ = bar.close;
  buying_pressure_.Push(buying);
  true_range_.Push(range);
  for (std::size_t i = 0; i < 3; ++i) {
    buying_totals_[i] += buying;
    range_totals_[i] += range;
  }
  if (buying_pressure_.full()) {
    // The ratios are computed before the zero tests (a zero range gives an
    // unused inf or NaN) so that GCC can pair the first two divisions.
    std::array<double, 3> ratios;
    for (std::size_t i = 0; i < 3; ++i) ratios[i] = buying_totals_[i] / range_totals_[i];
    double output = 0.0;
    if (!internal::IsZero(range_totals_[0])) output += 4.0 * ratios[0];
    if (!internal::IsZero(range_totals_[1])) output += 2.0 * ratios[1];
    if (!internal::IsZero(range_totals_[2])) output += ratios[2];
    Publish(100.0 * (output / 7.0));
  }
  // Each window keeps its newest period − 1 terms for the next bar.
  for (std::size_t i = 0; i < 3; ++i) {
    const int oldest = periods_[i] - 1;
    if (buying_pressure_.size() > oldest) {
      buying_totals_[i] -= buying_pressure_.Ago(oldest);
      range_totals_[i] -= true_range_.Ago(oldest);
    }
  }
}

void UltimateOscillator::Reset() {
  has_previous_ = false;
  previous_close_ = 0;
  buying_pressure_.Clear();
  true_range_.Clear();
  buying_totals_.fill(0);
  range_totals_.fill(0);
  ClearOutputs();
}

}  // namespace tapedeck::indicators
