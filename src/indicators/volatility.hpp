// Volatility indicators. TA-Lib conventions for trange, atr, natr, stddev and
// bbands; keltner is not in TA-Lib (formula below). lookback() is TA-Lib's + 1:
//   trange: 2 (needs the previous close)     atr, natr: n + 1
//   stddev, bbands: n                        keltner: n + 1
// ATR is the SMA of the first n true ranges (bars 1..n), then Wilder-smoothed
// ((atr·(n − 1) + tr)/n). NATR = 100 · ATR / close (0 when close is ~0).
// STDDEV and BBANDS use the population standard deviation from running sums
// of x and x² exactly as TA-Lib does, including TA-Lib's rule that a variance
// below 1e-8 gives a deviation of 0. BBANDS: middle = SMA(n), bands = middle
// ± nbdev · stddev. KELTNER (not in TA-Lib): middle = EMA(n) of the close
// (SMA-seeded), bands = middle ± atr_multiplier · ATR(n).
#pragma once

#include <string_view>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

namespace internal {
// Wilder's average true range as TA-Lib computes it.
class AtrState {
 public:
  explicit AtrState(int period)
      : n_(static_cast<double>(period)), n_minus_one_(n_ - 1), period_(period) {}
  // Returns true when value() holds the ATR.
  bool Add(const model::Bar& bar);
  double value() const { return atr_; }
  void Reset();

 private:
  // Constants first, paired: GCC may load a double with the 8 bytes after it
  // in one 16-byte load, which stalls if those were just stored.
  double n_;  // period_ as a double, converted once.
  double n_minus_one_;
  int period_;
  int ranges_ = -1;  // True ranges seen; −1 before the first bar.
  double previous_close_ = 0;
  double atr_ = 0;
};

// Running Σx and Σx² over the last n values, in TA-Lib's order of operations.
class VarianceState {
 public:
  explicit VarianceState(int period) : n_(static_cast<double>(period)), window_(period) {}
  // Returns true when mean() and mean_of_squares() cover the last n values.
  bool Add(double x);
  double mean() const { return mean_; }
  double mean_of_squares() const { return mean_of_squares_; }
  void Reset();

 private:
  double n_;  // The period as a double; first, as in SmaState.
  Ring window_;
  double total_ = 0;
  double total_of_squares_ = 0;
  double mean_ = 0;
  double mean_of_squares_ = 0;
};
}  // namespace internal

class TrueRange final : public IndicatorBase<TrueRange> {
 public:
  TrueRange();
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  bool has_previous_ = false;
  double previous_close_ = 0;
};

class AverageTrueRange final : public IndicatorBase<AverageTrueRange> {
 public:
  explicit AverageTrueRange(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::AtrState atr_;
};

class NormalizedAverageTrueRange final : public IndicatorBase<NormalizedAverageTrueRange> {
 public:
  explicit NormalizedAverageTrueRange(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::AtrState atr_;
};

// Population standard deviation of the close (TA-Lib STDDEV with nbdev 1).
class StandardDeviation final : public IndicatorBase<StandardDeviation> {
 public:
  explicit StandardDeviation(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::VarianceState variance_;
};

// Outputs upperband, middleband, lowerband.
class BollingerBands final : public IndicatorBase<BollingerBands> {
 public:
  BollingerBands(int period, double nbdev);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  double nbdev_;
  // Its mean() is the SMA: the same running total as internal::SmaState.
  internal::VarianceState closes_;
};

// Outputs upperband, middleband, lowerband.
class KeltnerChannels final : public IndicatorBase<KeltnerChannels> {
 public:
  KeltnerChannels(int period, double atr_multiplier);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  double atr_multiplier_;
  internal::EmaState ema_;
  internal::AtrState atr_;
};

}  // namespace tapedeck::indicators
