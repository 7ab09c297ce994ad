// Wilder's directional movement system, with TA-Lib's conventions (unstable
// period 0). +DM/−DM and the true range are summed over the first n − 1
// changes, then Wilder-smoothed (x − x/n + new); DI = 100 · DM / TR (0 when TR
// is zero); DX = 100 · |+DI − −DI| / (+DI + −DI); ADX is the average of the
// first n DX values, then Wilder-smoothed. lookback() is TA-Lib's + 1:
//   plus_di, minus_di: n + 1     adx: 2n
#pragma once

#include <string_view>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

namespace internal {
// The smoothed +DM, −DM and true range shared by the three indicators.
class DirectionalMovementState {
 public:
  explicit DirectionalMovementState(int period)
      : n_{static_cast<double>(period), static_cast<double>(period)}, period_(period) {}

  // Returns the number of changes seen (0 on the first bar).
  int Add(const model::Bar& bar);
  double plus_di() const;
  double minus_di() const;
  double plus_dm() const { return dm_[0]; }
  double minus_dm() const { return dm_[1]; }
  // {plus_dm(), minus_dm()}.
  Pair dm() const { return dm_; }
  double true_range() const { return true_range_; }
  void Reset();

 private:
  Pair n_;  // The period as a double, in both lanes, converted once.
  int period_;
  int changes_ = -1;
  double previous_high_ = 0;
  double previous_low_ = 0;
  double previous_close_ = 0;
  // +DM and −DM take the same steps, so they are updated as one pair.
  Pair dm_ = {0, 0};
  double true_range_ = 0;
};
}  // namespace internal

class PlusDirectionalIndicator final : public IndicatorBase<PlusDirectionalIndicator> {
 public:
  explicit PlusDirectionalIndicator(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  int period_;
  internal::DirectionalMovementState dm_;
};

class MinusDirectionalIndicator final : public IndicatorBase<MinusDirectionalIndicator> {
 public:
  explicit MinusDirectionalIndicator(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  int period_;
  internal::DirectionalMovementState dm_;
};

class AverageDirectionalIndex final : public IndicatorBase<AverageDirectionalIndex> {
 public:
  explicit AverageDirectionalIndex(int period);  // Requires: period >= 2.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  // Constants first, paired (see internal::SmaState).
  double n_;  // period_ as a double, converted once.
  double n_minus_one_;
  int period_;
  internal::DirectionalMovementState dm_;
  double sum_dx_ = 0;
  double adx_ = 0;
};

}  // namespace tapedeck::indicators
