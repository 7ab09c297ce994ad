#include "indicators/swing_points.hpp"

#include <bit>

#include "core/check.hpp"

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kSwingHigh[] = {"swing_high", "bars_ago"};
constexpr std::string_view kSwingLow[] = {"swing_low", "bars_ago"};
}  // namespace

namespace internal {

template <bool kHigh>
SwingDetector<kHigh>::SwingDetector(int period)
    : period_(period),
      window_(2LL * period + 1),
      entries_(std::bit_ceil(2 * static_cast<std::size_t>(period) + 1)) {
  TD_CHECK(period >= 1, "swing period {}", period);
}

template <bool kHigh>
bool SwingDetector<kHigh>::Add(double x) {
  ++position_;
  // Drop strictly dominated values; equal ones stay, so ties stay visible.
  while (size_ > 0 && Dominates(x, At(size_ - 1).value)) --size_;
  if (size_ > 0 && At(0).position <= position_ - window_) {
    head_ = (head_ + 1) & (entries_.size() - 1);
    --size_;
  }
  At(size_) = {x, position_};
  ++size_;
  if (position_ + 1 < window_) return false;
  // The centre is a strict extreme iff it is the front (no earlier value is as
  // extreme) and the next entry, if any, is strictly less extreme.
  const Entry& front = At(0);
  if (front.position != position_ - period_) return false;
  return size_ == 1 || Dominates(front.value, At(1).value);
}

template <bool kHigh>
void SwingDetector<kHigh>::Reset() {
  head_ = 0;
  size_ = 0;
  position_ = -1;
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
      detector_(period),
      prices_(period + 1) {}

template <bool kHigh>
void SwingPoint<kHigh>::Update(const model::Bar& bar) {
  const double price = kHigh ? bar.high : bar.low;
  prices_.Push(price);
  if (detector_.Add(price)) {
    swing_price_ = prices_.Ago(period_);
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
  prices_.Clear();
  swing_price_ = 0;
  bars_ago_ = 0;
  this->ClearOutputs();
}

template class SwingPoint<true>;
template class SwingPoint<false>;

}  // namespace tapedeck::indicators
