#include "indicators/volatility.hpp"

#include <cmath>

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kTRange[] = {"trange"};
constexpr std::string_view kAtr[] = {"atr"};
constexpr std::string_view kNatr[] = {"natr"};
constexpr std::string_view kStdDev[] = {"stddev"};
constexpr std::string_view kBands[] = {"upperband", "middleband", "lowerband"};
}  // namespace

namespace internal {

bool AtrState::Add(const model::Bar& bar) {
  if (ranges_ < 0) {
    previous_close_ = bar.close;
    ranges_ = 0;
    return false;
  }
  const double range = TrueRange(bar.high, bar.low, previous_close_);
  previous_close_ = bar.close;
  const double n = n_;
  ++ranges_;
  if (ranges_ < period_) {
    atr_ += range;
    return false;
  }
  if (ranges_ == period_) {
    atr_ = (atr_ + range) / n;
    return true;
  }
  atr_ *= n_minus_one_;
  atr_ += range;
  atr_ /= n;
  return true;
}

void AtrState::Reset() {
  ranges_ = -1;
  previous_close_ = 0;
  atr_ = 0;
}

bool VarianceState::Add(double x) {
  window_.Push(x);
  total_ += x;
  total_of_squares_ += x * x;
  if (!window_.full()) return false;
  mean_ = total_ / n_;
  mean_of_squares_ = total_of_squares_ / n_;
  const double oldest = window_.oldest();
  total_ -= oldest;
  total_of_squares_ -= oldest * oldest;
  return true;
}

void VarianceState::Reset() {
  window_.Clear();
  total_ = total_of_squares_ = mean_ = mean_of_squares_ = 0;
}

}  // namespace internal

TrueRange::TrueRange() : IndicatorBase(kTRange, 2) {}

void TrueRange::Update(const model::Bar& bar) {
  if (has_previous_) Publish(internal::TrueRange(bar.high, bar.low, previous_close_));
  previous_close_ = bar.close;
  has_previous_ = true;
}

void TrueRange::Reset() {
  has_previous_ = false;
  previous_close_ = 0;
  ClearOutputs();
}

AverageTrueRange::AverageTrueRange(int period) : IndicatorBase(kAtr, period + 1), atr_(period) {}

void AverageTrueRange::Update(const model::Bar& bar) {
  if (atr_.Add(bar)) Publish(atr_.value());
}

void AverageTrueRange::Reset() {
  atr_.Reset();
  ClearOutputs();
}

NormalizedAverageTrueRange::NormalizedAverageTrueRange(int period)
    : IndicatorBase(kNatr, period + 1), atr_(period) {}

void NormalizedAverageTrueRange::Update(const model::Bar& bar) {
  if (!atr_.Add(bar)) return;
  Publish(!internal::IsZero(bar.close) ? (atr_.value() / bar.close) * 100.0 : 0.0);
}

void NormalizedAverageTrueRange::Reset() {
  atr_.Reset();
  ClearOutputs();
}

StandardDeviation::StandardDeviation(int period)
    : IndicatorBase(kStdDev, period), variance_(period) {}

void StandardDeviation::Update(const model::Bar& bar) {
  if (!variance_.Add(bar.close)) return;
  const double mean = variance_.mean();
  const double variance = variance_.mean_of_squares() - mean * mean;
  Publish(!internal::IsZeroOrNeg(variance) ? std::sqrt(variance) : 0.0);
}

void StandardDeviation::Reset() {
  variance_.Reset();
  ClearOutputs();
}

BollingerBands::BollingerBands(int period, double nbdev)
    : IndicatorBase(kBands, period), nbdev_(nbdev), closes_(period) {}

void BollingerBands::Update(const model::Bar& bar) {
  if (!closes_.Add(bar.close)) return;
  const double middle = closes_.mean();
  // TA-Lib subtracts the square of the SMA (its running total, not a fresh Σx/n,
  // which may differ in the last bit).
  const double variance = closes_.mean_of_squares() - middle * middle;
  const double deviation = !internal::IsZeroOrNeg(variance) ? std::sqrt(variance) : 0.0;
  const double width = deviation * nbdev_;
  Publish(0, middle + width);
  Publish(1, middle);
  Publish(2, middle - width);
}

void BollingerBands::Reset() {
  closes_.Reset();
  ClearOutputs();
}

KeltnerChannels::KeltnerChannels(int period, double atr_multiplier)
    : IndicatorBase(kBands, period + 1),
      atr_multiplier_(atr_multiplier),
      ema_(period),
      atr_(period) {}

void KeltnerChannels::Update(const model::Bar& bar) {
  const bool has_ema = ema_.Add(bar.close);
  if (!atr_.Add(bar) || !has_ema) return;
  const double middle = ema_.value();
  const double width = atr_multiplier_ * atr_.value();
  Publish(0, middle + width);
  Publish(1, middle);
  Publish(2, middle - width);
}

void KeltnerChannels::Reset() {
  ema_.Reset();
  atr_.Reset();
  ClearOutputs();
}

}  // namespace tapedeck::indicators
