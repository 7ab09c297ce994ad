#include "indicators/indicator.hpp"

#include "core/check.hpp"

namespace tapedeck::indicators {

Indicator::Indicator(std::span<const std::string_view> names, int lookback)
    : names_(names), lookback_(lookback) {
  TD_CHECK(!names.empty() && names.size() <= kMaxOutputs, "bad output count {}", names.size());
  TD_CHECK(lookback >= 1, "lookback must be at least 1, got {}", lookback);
  ClearOutputs();
}

void Indicator::ClearOutputs() {
  values_.fill(kNaN);
  ready_ = false;
}

}  // namespace tapedeck::indicators
