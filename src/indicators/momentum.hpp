// Momentum indicators of the close, with TA-Lib's conventions (default
// compatibility, unstable period 0). lookback() is TA-Lib's lookback + 1:
//   macd: slow + signal − 1   mom, roc: n + 1   rsi: n + 1   aroon: n + 1
// MACD seeds as TA-Lib does: the slow EMA with the SMA of closes 0..slow−1,
// the fast EMA with the SMA of closes slow−fast..slow−1 (both EMAs start at
// the slow EMA's first value), the signal EMA with the SMA of the first
// `signal` MACD values. RSI uses Wilder smoothing seeded with the plain
// average gain and loss of the first n changes. AROON: 100·(n − bars since
// the highest high / lowest low of the last n + 1 bars)/n, the latest bar
// winning ties.
#pragma once

#include <string_view>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

// Outputs macd, macdsignal, macdhist.
class Macd final : public IndicatorBase<Macd> {
 public:
  // Requires: 1 <= fast <= slow, signal >= 1.
  Macd(int fast, int slow, int signal);
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  int fast_start_;  // Bar index at which the fast EMA starts: slow − fast.
  int bars_ = 0;
  internal::EmaState fast_;
  internal::EmaState slow_;
  internal::EmaState signal_;
};

class Momentum final : public IndicatorBase<Momentum> {
 public:
  explicit Momentum(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  int period_;
  internal::Ring closes_;
};

// 100 · (close / close n bars ago − 1); 0 when the old close is 0 (TA-Lib).
class RateOfChange final : public IndicatorBase<RateOfChange> {
 public:
  explicit RateOfChange(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  int period_;
  internal::Ring closes_;
};

class RelativeStrengthIndex final : public IndicatorBase<RelativeStrengthIndex> {
 public:
  explicit RelativeStrengthIndex(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  // Constants first, paired (see internal::SmaState).
  double n_;  // period_ as a double, converted once.
  double n_minus_one_;
  int period_;
  int changes_ = -1;  // Close-to-close changes seen; −1 before the first bar.
  double previous_close_ = 0;
  double gain_ = 0;
  double loss_ = 0;
};

// Outputs aroondown, aroonup.
class Aroon final : public IndicatorBase<Aroon> {
 public:
  explicit Aroon(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  int period_;
  double factor_;
  internal::RollingRange</*kWithAge=*/true> range_;
};

}  // namespace tapedeck::indicators
