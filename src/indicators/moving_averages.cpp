#include "indicators/moving_averages.hpp"

#include <cmath>

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kSma[] = {"sma"};
constexpr std::string_view kEma[] = {"ema"};
constexpr std::string_view kWma[] = {"wma"};
constexpr std::string_view kDema[] = {"dema"};
constexpr std::string_view kTema[] = {"tema"};
constexpr std::string_view kKama[] = {"kama"};
constexpr std::string_view kHma[] = {"hma"};
constexpr std::string_view kTrix[] = {"trix"};

int FloorSqrt(int n) {
  int root = static_cast<int>(std::sqrt(static_cast<double>(n)));
  while (root * root > n) --root;
  while ((root + 1) * (root + 1) <= n) ++root;
  return root;
}
}  // namespace

SimpleMovingAverage::SimpleMovingAverage(int period) : IndicatorBase(kSma, period), sma_(period) {}
void SimpleMovingAverage::Update(const model::Bar& bar) {
  if (sma_.Add(bar.close)) Publish(sma_.value());
}
void SimpleMovingAverage::Reset() {
  sma_.Reset();
  ClearOutputs();
}

ExponentialMovingAverage::ExponentialMovingAverage(int period)
    : IndicatorBase(kEma, period), ema_(period) {}
void ExponentialMovingAverage::Update(const model::Bar& bar) {
  if (ema_.Add(bar.close)) Publish(ema_.value());
}
void ExponentialMovingAverage::Reset() {
  ema_.Reset();
  ClearOutputs();
}

WeightedMovingAverage::WeightedMovingAverage(int period)
    : IndicatorBase(kWma, period), wma_(period) {}
void WeightedMovingAverage::Update(const model::Bar& bar) {
  if (wma_.Add(bar.close)) Publish(wma_.value());
}
void WeightedMovingAverage::Reset() {
  wma_.Reset();
  ClearOutputs();
}

DoubleExponentialMovingAverage::DoubleExponentialMovingAverage(int period)
    : IndicatorBase(kDema, 2 * period - 1), ema1_(period), ema2_(period) {}
void DoubleExponentialMovingAverage::Update(const model::Bar& bar) {
  if (!ema1_.Add(bar.close)) return;
  if (!ema2_.Add(ema1_.value())) return;
  Publish((2.0 * ema1_.value()) - ema2_.value());
}
void DoubleExponentialMovingAverage::Reset() {
  ema1_.Reset();
  ema2_.Reset();
  ClearOutputs();
}

TripleExponentialMovingAverage::TripleExponentialMovingAverage(int period)
    : IndicatorBase(kTema, 3 * period - 2), ema1_(period), ema2_(period), ema3_(period) {}
void TripleExponentialMovingAverage::Update(const model::Bar& bar) {
  if (!ema1_.Add(bar.close)) return;
  if (!ema2_.Add(ema1_.value())) return;
  if (!ema3_.Add(ema2_.value())) return;
  Publish(ema3_.value() + ((3.0 * ema1_.value()) - (3.0 * ema2_.value())));
}
void TripleExponentialMovingAverage::Reset() {
  ema1_.Reset();
  ema2_.Reset();
  ema3_.Reset();
  ClearOutputs();
}

KaufmanAdaptiveMovingAverage::KaufmanAdaptiveMovingAverage(int period)
    : IndicatorBase(kKama, period + 1), closes_(period + 1) {
  TD_CHECK(period >= 2, "kama period {}", period);
}

void KaufmanAdaptiveMovingAverage::Update(const model::Bar& bar) {
  constexpr double kConstMax = 2.0 / (30.0 + 1.0);
  constexpr double kConstDiff = 2.0 / (2.0 + 1.0) - kConstMax;
  const double x = bar.close;
  const bool had_full_window = closes_.full();
  // close[t−n−1], which the Push overwrites; the ring then starts at close[t−n].
  const double leaving = had_full_window ? closes_.oldest() : 0.0;
  closes_.Push(x);
  if (has_previous_) {
    // The oldest difference leaves: |close[t-n-1] − close[t-n]|.
    if (had_full_window) sum_roc_ -= std::fabs(leaving - closes_.oldest());
    sum_roc_ += std::fabs(previous_close_ - x);
  }
  const double previous_close = previous_close_;
  previous_close_ = x;
  has_previous_ = true;
  if (!closes_.full()) return;
  if (!had_full_window) kama_ = previous_close;  // TA-Lib seeds with the previous close.
  const double period_roc = x - closes_.oldest();
  double efficiency = 1.0;
  if (!(sum_roc_ <= period_roc || internal::IsZero(sum_roc_))) {
    efficiency = std::fabs(period_roc / sum_roc_);
  }
  double smoothing = efficiency * kConstDiff + kConstMax;
  smoothing *= smoothing;
  kama_ = (x - kama_) * smoothing + kama_;
  Publish(kama_);
}

void KaufmanAdaptiveMovingAverage::Reset() {
  closes_.Clear();
  has_previous_ = false;
  previous_close_ = 0;
  sum_roc_ = 0;
  kama_ = 0;
  ClearOutputs();
}

HullMovingAverage::HullMovingAverage(int period)
    : IndicatorBase(kHma, period + FloorSqrt(period) - 1),
      half_(period / 2),
      full_(period),
      outer_(FloorSqrt(period)) {
  TD_CHECK(period >= 2, "hma period {}", period);
}

void HullMovingAverage::Update(const model::Bar& bar) {
  half_.Add(bar.close);
  if (!full_.Add(bar.close)) return;
  if (outer_.Add(2.0 * half_.value() - full_.value())) Publish(outer_.value());
}

void HullMovingAverage::Reset() {
  half_.Reset();
  full_.Reset();
  outer_.Reset();
  ClearOutputs();
}

Trix::Trix(int period)
    : IndicatorBase(kTrix, 3 * period - 1), ema1_(period), ema2_(period), ema3_(period) {}

void Trix::Update(const model::Bar& bar) {
  if (!ema1_.Add(bar.close)) return;
  if (!ema2_.Add(ema1_.value())) return;
  if (!ema3_.Add(ema2_.value())) return;
  const double current = ema3_.value();
  if (has_previous_) {
    Publish(previous_ != 0.0 ? ((current / previous_) - 1.0) * 100.0 : 0.0);
  }
  previous_ = current;
  has_previous_ = true;
}

void Trix::Reset() {
  ema1_.Reset();
  ema2_.Reset();
  ema3_.Reset();
  has_previous_ = false;
  previous_ = 0;
  ClearOutputs();
}

}  // namespace tapedeck::indicators
