// Classic (floor-trader) pivot points, not in TA-Lib. Takes DAILY bars (one
// per session; weekly bars give weekly pivots): after Update(bar of session D)
// the outputs are the levels to use during session D + 1, so they never look
// ahead. With H, L, C the high, low and close of the bar just completed:
//   pp = (H + L + C)/3
//   r1 = 2·pp − L        s1 = 2·pp − H
//   r2 = pp + (H − L)    s2 = pp − (H − L)
//   r3 = H + 2·(pp − L)  s3 = L − 2·(H − pp)
// Outputs in that order: pp, r1, s1, r2, s2, r3, s3. lookback() = 1.
#pragma once

#include "indicators/indicator.hpp"

namespace tapedeck::indicators {

class PivotPoints final : public IndicatorBase<PivotPoints> {
 public:
  PivotPoints();
  void Update(const model::Bar& bar) override;
  void Reset() override;
};

}  // namespace tapedeck::indicators
