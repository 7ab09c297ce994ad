// Volume-based indicators. TA-Lib conventions for obv, ad and adosc; vwap,
// volume_sma and volume_ratio are not in TA-Lib (definitions below).
// lookback() is TA-Lib's + 1 where TA-Lib has the function:
//   obv, ad, vwap: 1    adosc: max(fast, slow)    volume_sma: n    volume_ratio: n + 1
// - obv: starts at the first bar's volume; adds the volume when the close rises,
//   subtracts it when it falls.
// - ad: Σ ((close − low) − (high − close))/(high − low) · volume, bars with
//   high == low adding nothing.
// - adosc: EMA(fast) − EMA(slow) of the A/D line, both EMAs seeded with the
//   first A/D value (TA-Lib; not SMA-seeded), so values depend on the first bar.
// - vwap: Σ typical price · volume / Σ volume since the last Reset(), typical
//   price = (high + low + close)/3. It is session-anchored
//   (session_anchored() is true): the session engine calls Reset() before the
//   first bar of each session. While the cumulative volume is 0 the value is
//   the latest bar's typical price.
// - volume_sma: the SMA of the volume over the last n bars, current included.
// - volume_ratio: volume / average volume of the n bars BEFORE the current one
//   (excluded, so a spike is not diluted by itself); 0 when that average is 0.
#pragma once

#include <string_view>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

class OnBalanceVolume final : public IndicatorBase<OnBalanceVolume> {
 public:
  OnBalanceVolume();
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  bool started_ = false;
  double previous_close_ = 0;
  double obv_ = 0;
};

class AccumulationDistribution final : public IndicatorBase<AccumulationDistribution> {
 public:
  AccumulationDistribution();
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  double ad_ = 0;
};

class ChaikinOscillator final : public IndicatorBase<ChaikinOscillator> {
 public:
  ChaikinOscillator(int fast, int slow);  // Requires: fast, slow >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  double fast_k_;
  double slow_k_;
  int bars_ = 0;
  double ad_ = 0;
  double fast_ema_ = 0;
  double slow_ema_ = 0;
};

class VolumeWeightedAveragePrice final : public IndicatorBase<VolumeWeightedAveragePrice> {
 public:
  VolumeWeightedAveragePrice();
  void Update(const model::Bar& bar) override;
  void Reset() override;
  bool session_anchored() const override { return true; }

 private:
  double price_volume_ = 0;
  double volume_ = 0;
};

class VolumeSma final : public IndicatorBase<VolumeSma> {
 public:
  explicit VolumeSma(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::SmaState sma_;
};

class VolumeRatio final : public IndicatorBase<VolumeRatio> {
 public:
  explicit VolumeRatio(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::SmaState sma_;
  bool has_average_ = false;
};

}  // namespace tapedeck::indicators
