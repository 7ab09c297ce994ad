#include "indicators/volume.hpp"

#include <algorithm>

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kObv[] = {"obv"};
constexpr std::string_view kAd[] = {"ad"};
constexpr std::string_view kAdOsc[] = {"adosc"};
constexpr std::string_view kVwap[] = {"vwap"};
constexpr std::string_view kVolumeSma[] = {"volume_sma"};
constexpr std::string_view kVolumeRatio[] = {"volume_ratio"};

// TA-Lib's CALCULATE_AD step.
double AddAd(double ad, const model::Bar& bar) {
  const double range = bar.high - bar.low;
  if (range > 0.0) {
    ad += (((bar.close - bar.low) - (bar.high - bar.close)) / range) * bar.volume;
  }
  return ad;
}
}  // namespace

OnBalanceVolume::OnBalanceVolume() : IndicatorBase(kObv, 1) {}

void OnBalanceVolume::Update(const model::Bar& bar) {
  if (!started_) {
    obv_ = bar.volume;
    started_ = true;
  } else {
    const double rose = obv_ + bar.volume;
    const double fell = obv_ - bar.volume;
    obv_ = internal::Select(bar.close > previous_close_, rose,
                            internal::Select(bar.close < previous_close_, fell, obv_));
  }
  previous_close_ = bar.close;
  Publish(obv_);
}

void OnBalanceVolume::Reset() {
  started_ = false;
  previous_close_ = obv_ = 0;
  ClearOutputs();
}

AccumulationDistribution::AccumulationDistribution() : IndicatorBase(kAd, 1) {}

void AccumulationDistribution::Update(const model::Bar& bar) {
  ad_ = AddAd(ad_, bar);
  Publish(ad_);
}

void AccumulationDistribution::Reset() {
  ad_ = 0;
  ClearOutputs();
}

ChaikinOscillator::ChaikinOscillator(int fast, int slow)
    : IndicatorBase(kAdOsc, std::max(fast, slow)),
      fast_k_(2.0 / static_cast<double>(fast + 1)),
      slow_k_(2.0 / static_cast<double>(slow + 1)) {}

void ChaikinOscillator::Update(const model::Bar& bar) {
  ad_ = AddAd(ad_, bar);
  if (bars_++ == 0) {
    fast_ema_ = slow_ema_ = ad_;
  } else {
    fast_ema_ = (fast_k_ * ad_) + ((1.0 - fast_k_) * fast_ema_);
    slow_ema_ = (slow_k_ * ad_) + ((1.0 - slow_k_) * slow_ema_);
  }
  if (bars_ >= lookback()) Publish(fast_ema_ - slow_ema_);
}

void ChaikinOscillator::Reset() {
  bars_ = 0;
  ad_ = fast_ema_ = slow_ema_ = 0;
  ClearOutputs();
}

VolumeWeightedAveragePrice::VolumeWeightedAveragePrice() : IndicatorBase(kVwap, 1) {}

void VolumeWeightedAveragePrice::Update(const model::Bar& bar) {
  const double typical = (bar.high + bar.low + bar.close) / 3.0;
  price_volume_ += typical * bar.volume;
  volume_ += bar.volume;
  Publish(volume_ > 0 ? price_volume_ / volume_ : typical);
}

void VolumeWeightedAveragePrice::Reset() {
  price_volume_ = volume_ = 0;
  ClearOutputs();
}

VolumeSma::VolumeSma(int period) : IndicatorBase(kVolumeSma, period), sma_(period) {}

void VolumeSma::Update(const model::Bar& bar) {
  if (sma_.Add(bar.volume)) Publish(sma_.value());
}

void VolumeSma::Reset() {
  sma_.Reset();
  ClearOutputs();
}

VolumeRatio::VolumeRatio(int period) : IndicatorBase(kVolumeRatio, period + 1), sma_(period) {}

void VolumeRatio::Update(const model::Bar& bar) {
  if (has_average_) {
    const double average = sma_.value();
    Publish(average > 0 ? bar.volume / average : 0.0);
  }
  has_average_ = sma_.Add(bar.volume);
}

void VolumeRatio::Reset() {
  sma_.Reset();
  has_average_ = false;
  ClearOutputs();
}

}  // namespace tapedeck::indicators
