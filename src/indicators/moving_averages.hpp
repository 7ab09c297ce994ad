// Moving averages of the close and the TRIX oscillator built from them. All
// follow TA-Lib (default compatibility, unstable period 0) except HMA, which
// TA-Lib lacks. lookback() is TA-Lib's lookback + 1:
//   sma, wma: n        ema: n (seeded with the SMA of the first n closes)
//   dema: 2n-1         tema: 3n-2       trix: 3n-1 (1-bar ROC of a triple EMA)
//   kama: n+1 (Kaufman, fast 2 / slow 30, TA-Lib's efficiency-ratio rules)
//   hma: n + floor(sqrt(n)) - 1, where HMA(n) = WMA(2·WMA(n/2) − WMA(n), floor(sqrt(n)))
//        with n/2 rounded down; the inner WMAs run from the first bar and the
//        outer WMA starts when WMA(n) has its first value.
#pragma once

#include <string_view>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

class SimpleMovingAverage final : public IndicatorBase<SimpleMovingAverage> {
 public:
  explicit SimpleMovingAverage(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::SmaState sma_;
};

class ExponentialMovingAverage final : public IndicatorBase<ExponentialMovingAverage> {
 public:
  explicit ExponentialMovingAverage(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::EmaState ema_;
};

class WeightedMovingAverage final : public IndicatorBase<WeightedMovingAverage> {
 public:
  explicit WeightedMovingAverage(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::WmaState wma_;
};

// 2·EMA − EMA(EMA).
class DoubleExponentialMovingAverage final : public IndicatorBase<DoubleExponentialMovingAverage> {
 public:
  explicit DoubleExponentialMovingAverage(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::EmaState ema1_;
  internal::EmaState ema2_;
};

// 3·EMA − 3·EMA(EMA) + EMA(EMA(EMA)).
class TripleExponentialMovingAverage final : public IndicatorBase<TripleExponentialMovingAverage> {
 public:
  explicit TripleExponentialMovingAverage(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::EmaState ema1_;
  internal::EmaState ema2_;
  internal::EmaState ema3_;
};

// Kaufman Adaptive Moving Average.
class KaufmanAdaptiveMovingAverage final : public IndicatorBase<KaufmanAdaptiveMovingAverage> {
 public:
  explicit KaufmanAdaptiveMovingAverage(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::Ring closes_;  // The last period + 1 closes.
  bool has_previous_ = false;
  double previous_close_ = 0;
  double sum_roc_ = 0;  // Σ |close − previous close| over the window.
  double kama_ = 0;
};

// Hull Moving Average (not in TA-Lib; formula in the file comment).
class HullMovingAverage final : public IndicatorBase<HullMovingAverage> {
 public:
  explicit HullMovingAverage(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::WmaState half_;
  internal::WmaState full_;
  internal::WmaState outer_;
};

// 100 · (EMA3 / previous EMA3 − 1), EMA3 = EMA(EMA(EMA(close))); 0 when the
// previous EMA3 is 0, as TA-Lib's ROC.
class Trix final : public IndicatorBase<Trix> {
 public:
  explicit Trix(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::EmaState ema1_;
  internal::EmaState ema2_;
  internal::EmaState ema3_;
  bool has_previous_ = false;
  double previous_ = 0;
};

}  // namespace tapedeck::indicators
