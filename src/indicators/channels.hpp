// Price channels over the last n bars, current bar included (none is in TA-Lib).
// lookback() is n for both.
// - donchian: upperband = highest high, lowerband = lowest low, middleband =
//   (upperband + lowerband)/2.
// - high_low: outputs `high` (highest high) and `low` (lowest low); the
//   predecessor's name for the rolling extremes (historical keys such as
//   high_low_52w use it on weekly bars).
// Both are O(1) amortized (internal::RollingRange).
#pragma once

#include <string_view>

#include "indicators/indicator.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {

// Outputs upperband, middleband, lowerband.
class DonchianChannels final : public IndicatorBase<DonchianChannels> {
 public:
  explicit DonchianChannels(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::RollingRange<> range_;
};

// Outputs high, low.
class HighLow final : public IndicatorBase<HighLow> {
 public:
  explicit HighLow(int period);  // Requires: period >= 1.
  void Update(const model::Bar& bar) override;
  void Reset() override;

 private:
  internal::RollingRange<> range_;
};

}  // namespace tapedeck::indicators
