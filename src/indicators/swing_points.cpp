#include "indicators/swing_points.hpp"

#include "core/check.hpp"

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kSwingHigh[] = {"swing_high", "bars_ago"};
constexpr std::string_view kSwingLow[] = {"swing_low", "bars_ago"};
}  // namespace

namespace internal {

template <bool kHigh>
SwingDetector<kHigh>::SwingDetector(int period)
    : period_(period), values_(period + 1), after_(period), earlier_extremes_(period + 2) {
  TD_CHECK(period >= 1, "swing period {}", period);
}

template <bool kHigh>
bool SwingDetector<kHigh>::Add(double x) {
  values_.Push(x);
  earlier_extremes_.Push(after_.Add(x));
  if (++count_ < 2LL * period_ + 1) return false;
  const double centre = values_.oldest();
  const double before = earlier_extremes_.oldest();
  const double after = after_.value();
  if constexpr (kHigh) {
    return (centre > before) & (centre > after);
  } else {
    return (centre < before) & (centre < after);
  }
}

template <bool kHigh>
void SwingDetector<kHigh>::Reset() {
  count_ = 0;
  values_.Clear();
  after_.Reset();
  earlier_extremes_.Clear();
}

template class SwingDetector<true>;
template class SwingDetector<false>;

}  // namespace internal

template <bool kHigh>
SwingPoint<kHigh>::SwingPoint(int period)
    : IndicatorBase<SwingPoint<kHigh>>(kHigh ? std::span<const std::string_view>(kSwingHigh)
                                             : std::span<const std::string_view>(kSwingLow),
                                       2 * period + 1),
      period_(period),
      detector_(period) {}

template <bool kHigh>
void SwingPoint<kHigh>::Update(const model::Bar& bar) {
  if (detector_.Add(kHigh ? bar.high : bar.low)) {
    swing_price_ = detector_.centre();
    bars_ago_ = period_;
  } else if (this->ready()) {
    ++bars_ago_;
  } else {
    return;
  }
  this->Publish(0, swing_price_);
  this->Publish(1, static_cast<double>(bars_ago_));
}

template <bool kHigh>
void SwingPoint<kHigh>::Reset() {
  detector_.Reset();
  swing_price_ = 0;
  bars_ago_ = 0;
  this->ClearOutputs();
}

template class SwingPoint<true>;
template class SwingPoint<false>;

}  // namespace tapedeck::indicators
