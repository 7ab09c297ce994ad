#include "indicators/directional.hpp"

#include <cmath>

#include "core/check.hpp"
#include "indicators/streaming_state.hpp"

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kPlusDi[] = {"plus_di"};
constexpr std::string_view kMinusDi[] = {"minus_di"};
constexpr std::string_view kAdx[] = {"adx"};
}  // namespace

namespace internal {

int DirectionalMovementState::Add(const model::Bar& bar) {
  if (changes_ < 0) {
    previous_high_ = bar.high;
    previous_low_ = bar.low;
    previous_close_ = bar.close;
    changes_ = 0;
    return changes_;
  }
  ++changes_;
  const double diff_plus = bar.high - previous_high_;
  const double diff_minus = previous_low_ - bar.low;
  previous_high_ = bar.high;
  previous_low_ = bar.low;
  const double n = n_[0];
  const bool smoothing = changes_ >= period_;
  Pair dm = dm_;
  if (smoothing) dm -= dm / n_;
  // At most one of the two moves counts (TA-Lib's if / else if): +DM when
  // diff_plus > 0 and diff_plus > diff_minus, −DM when diff_minus > 0 and
  // diff_minus > diff_plus; the same test on the pair and its swap.
  const Pair diffs = {diff_plus, diff_minus};
  const Pair swapped = {diff_minus, diff_plus};
  const PairMask moved = (diffs > 0) & (diffs > swapped);
  dm_ = moved ? dm + diffs : dm;
  const double range = TrueRange(bar.high, bar.low, previous_close_);
  true_range_ = smoothing ? true_range_ - true_range_ / n + range : true_range_ + range;
  previous_close_ = bar.close;
  return changes_;
}

double DirectionalMovementState::plus_di() const {
  return !IsZero(true_range_) ? (100.0 * (dm_[0] / true_range_)) : 0.0;
}

double DirectionalMovementState::minus_di() const {
  return !IsZero(true_range_) ? (100.0 * (dm_[1] / true_range_)) : 0.0;
}

void DirectionalMovementState::Reset() {
  changes_ = -1;
  previous_high_ = previous_low_ = previous_close_ = 0;
  dm_ = Pair{0, 0};
  true_range_ = 0;
}

}  // namespace internal

PlusDirectionalIndicator::PlusDirectionalIndicator(int period)
    : IndicatorBase(kPlusDi, period + 1), period_(period), dm_(period) {
  TD_CHECK(period >= 2, "plus_di period {}", period);
}
void PlusDirectionalIndicator::Update(const model::Bar& bar) {
  if (dm_.Add(bar) >= period_) Publish(dm_.plus_di());
}
void PlusDirectionalIndicator::Reset() {
  dm_.Reset();
  ClearOutputs();
}

MinusDirectionalIndicator::MinusDirectionalIndicator(int period)
    : IndicatorBase(kMinusDi, period + 1), period_(period), dm_(period) {
  TD_CHECK(period >= 2, "minus_di period {}", period);
}
void MinusDirectionalIndicator::Update(const model::Bar& bar) {
  if (dm_.Add(bar) >= period_) Publish(dm_.minus_di());
}
void MinusDirectionalIndicator::Reset() {
  dm_.Reset();
  ClearOutputs();
}

AverageDirectionalIndex::AverageDirectionalIndex(int period)
    : IndicatorBase(kAdx, 2 * period),
      n_(static_cast<double>(period)),
      n_minus_one_(n_ - 1),
      period_(period),
      dm_(period) {
  TD_CHECK(period >= 2, "adx period {}", period);
}

void AverageDirectionalIndex::Update(const model::Bar& bar) {
  const int changes = dm_.Add(bar);
  if (changes < period_) return;
  // DX is undefined (and skipped, as in TA-Lib) when TR or +DI + −DI is zero.
  bool has_dx = false;
  double dx = 0;
  if (const double range = dm_.true_range(); !internal::IsZero(range)) {
    // plus_di() and minus_di() inlined, as one pair: one divpd.
    const internal::Pair di = 100.0 * (dm_.dm() / internal::Pair{range, range});
    const double plus_di = di[0];
    const double minus_di = di[1];
    const double total = minus_di + plus_di;
    if (!internal::IsZero(total)) {
      dx = 100.0 * (std::fabs(minus_di - plus_di) / total);
      has_dx = true;
    }
  }
  const double n = n_;
  if (changes < 2 * period_ - 1) {
    if (has_dx) sum_dx_ += dx;
    return;
  }
  if (changes == 2 * period_ - 1) {
    if (has_dx) sum_dx_ += dx;
    adx_ = sum_dx_ / n;
  } else if (has_dx) {
    adx_ = (adx_ * n_minus_one_ + dx) / n;
  }
  Publish(adx_);
}

void AverageDirectionalIndex::Reset() {
  dm_.Reset();
  sum_dx_ = 0;
  adx_ = 0;
  ClearOutputs();
}

}  // namespace tapedeck::indicators
