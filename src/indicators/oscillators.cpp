#include "indicators/oscillators.hpp"

#include <algorithm>
#include <cmath>

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kStoch[] = {"slowk", "slowd"};
constexpr std::string_view kStochF[] = {"fastk", "fastd"};
constexpr std::string_view kCci[] = {"cci"};
constexpr std::string_view kWillR[] = {"willr"};
constexpr std::string_view kMfi[] = {"mfi"};
constexpr std::string_view kUltOsc[] = {"ultosc"};

double RawFastK(double close, double highest, double lowest) {
  const double diff = (highest - lowest) / 100.0;
  return diff != 0.0 ? (close - lowest) / diff : 0.0;
}

std::array<int, 3> Sorted(std::array<int, 3> periods) {
  std::ranges::sort(periods);
  return periods;
}
}  // namespace

Stochastic::Stochastic(int fastk_period, int slowk_period, int slowd_period)
    : IndicatorBase(kStoch, fastk_period + slowk_period + slowd_period - 2),
      range_(fastk_period),
      slowk_(slowk_period),
      slowd_(slowd_period) {}

void Stochastic::Update(const model::Bar& bar) {
  const auto range = range_.Add(bar.high, bar.low);
  if (!range_.full()) return;
  if (!slowk_.Add(RawFastK(bar.close, range.highest, range.lowest))) return;
  if (!slowd_.Add(slowk_.value())) return;
  Publish(0, slowk_.value());
  Publish(1, slowd_.value());
}

void Stochastic::Reset() {
  range_.Reset();
  slowk_.Reset();
  slowd_.Reset();
  ClearOutputs();
}

StochasticFast::StochasticFast(int fastk_period, int fastd_period)
    : IndicatorBase(kStochF, fastk_period + fastd_period - 1),
      range_(fastk_period),
      fastd_(fastd_period) {}

void StochasticFast::Update(const model::Bar& bar) {
  const auto range = range_.Add(bar.high, bar.low);
  if (!range_.full()) return;
  const double fastk = RawFastK(bar.close, range.highest, range.lowest);
  if (!fastd_.Add(fastk)) return;
  Publish(0, fastk);
  Publish(1, fastd_.value());
}

void StochasticFast::Reset() {
  range_.Reset();
  fastd_.Reset();
  ClearOutputs();
}

CommodityChannelIndex::CommodityChannelIndex(int period)
    : IndicatorBase(kCci, period), n_(static_cast<double>(period)), typical_(period) {}

void CommodityChannelIndex::Update(const model::Bar& bar) {
  const double last = (bar.high + bar.low + bar.close) / 3;
  typical_.Push(last);
  // Sums run over the ring's slots in storage order, as TA-Lib's circular
  // buffer. The slots before the one just written have not changed since the
  // last bar, whose pass left their total in prefix_total_, so the pass
  // resumes there: the same additions in the same order, about half as many.
  const std::vector<double>& slots = typical_.raw();
  const std::size_t newest = typical_.newest_slot();
  double total = prefix_total_ + last;
  prefix_total_ = newest + 1 == slots.size() ? 0.0 : total;
  if (!typical_.full()) return;
  for (std::size_t i = newest + 1; i < slots.size(); ++i) total += slots[i];
  const double average = total / n_;
  double deviation = 0;
  for (const double v : slots) deviation += std::fabs(v - average);
  const double distance = last - average;
  Publish(distance != 0.0 && deviation != 0.0 ? distance / (0.015 * (deviation / n_)) : 0.0);
}

void CommodityChannelIndex::Reset() {
  typical_.Clear();
  prefix_total_ = 0;
  ClearOutputs();
}

WilliamsR::WilliamsR(int period) : IndicatorBase(kWillR, period), range_(period) {}

void WilliamsR::Update(const model::Bar& bar) {
  const auto range = range_.Add(bar.high, bar.low);
  if (!range_.full()) return;
  const double highest = range.highest;
  const double diff = (highest - range.lowest) / (-100.0);
  Publish(diff != 0.0 ? (highest - bar.close) / diff : 0.0);
}

void WilliamsR::Reset() {
  range_.Reset();
  ClearOutputs();
}

MoneyFlowIndex::MoneyFlowIndex(int period)
    : IndicatorBase(kMfi, period + 1),
      period_(period),
      flows_(static_cast<std::size_t>(period), internal::Pair{0, 0}) {}

void MoneyFlowIndex::Update(const model::Bar& bar) {
  const double typical = (bar.high + bar.low + bar.close) / 3.0;
  if (!has_previous_) {
    previous_typical_ = typical;
    has_previous_ = true;
    return;
  }
  internal::Pair totals = totals_;
  if (flows_seen_ >= period_) totals -= flows_[head_];  // The oldest flows leave the window.
  const double change = typical - previous_typical_;
  previous_typical_ = typical;
  const double flow = typical * bar.volume;
  // Lane 0 counts the flow when the typical price rose, lane 1 when it fell
  // (−change > 0 exactly when change < 0); neither when it did not move.
  const internal::PairMask counted = internal::Pair{change, -change} > internal::Pair{0, 0};
  const internal::Pair flows = {flow, flow};
  totals = counted ? totals + flows : totals;
  totals_ = totals;
  flows_[head_] = counted ? flows : internal::Pair{0, 0};
  head_ = head_ + 1 == flows_.size() ? 0 : head_ + 1;
  if (++flows_seen_ < period_) return;
  const double total = totals[0] + totals[1];
  Publish(total < 1.0 ? 0.0 : 100.0 * (totals[0] / total));
}

void MoneyFlowIndex::Reset() {
  has_previous_ = false;
  previous_typical_ = 0;
  flows_seen_ = 0;
  head_ = 0;
  totals_ = internal::Pair{0, 0};
  ClearOutputs();
}

UltimateOscillator::UltimateOscillator(int period1, int period2, int period3)
    : IndicatorBase(kUltOsc, std::max({period1, period2, period3}) + 1),
      periods_(Sorted({period1, period2, period3})),
      terms_(static_cast<std::size_t>(periods_[2])) {
  TD_CHECK(periods_[0] >= 1, "ultosc period {}", periods_[0]);
}

void UltimateOscillator::Update(const model::Bar& bar) {
  if (!has_previous_) {
    previous_close_ = bar.close;
    has_previous_ = true;
    return;
  }
  const double true_low = std::min(bar.low, previous_close_);
  const Terms terms{bar.close - true_low, internal::TrueRange(bar.high, bar.low, previous_close_)};
  previous_close_ = bar.close;
  terms_[head_] = terms;
  head_ = head_ + 1 == terms_.size() ? 0 : head_ + 1;
  ++count_;
  // Each total is updated as a whole pair (one 16-byte load and store): a
  // pair loaded whole after two 8-byte stores would stall store forwarding.
  for (Terms& total : totals_) total = {total.buying + terms.buying, total.range + terms.range};
  if (count_ >= periods_[2]) {
    // The ratios are computed before the zero tests (a zero range gives an
    // unused inf or NaN) so that GCC can pair the first two divisions.
    std::array<double, 3> ratios;
    for (std::size_t i = 0; i < 3; ++i) ratios[i] = totals_[i].buying / totals_[i].range;
    double output = 0.0;
    if (!internal::IsZero(totals_[0].range)) output += 4.0 * ratios[0];
    if (!internal::IsZero(totals_[1].range)) output += 2.0 * ratios[1];
    if (!internal::IsZero(totals_[2].range)) output += ratios[2];
    Publish(100.0 * (output / 7.0));
  }
  // Each window keeps its newest period − 1 terms for the next bar: once it
  // holds `period` terms, the oldest leaves.
  for (std::size_t i = 0; i < 3; ++i) {
    if (count_ < periods_[i]) continue;
    const Terms oldest = terms_[trailing_[i]];
    totals_[i] = {totals_[i].buying - oldest.buying, totals_[i].range - oldest.range};
    trailing_[i] = trailing_[i] + 1 == terms_.size() ? 0 : trailing_[i] + 1;
  }
}

void UltimateOscillator::Reset() {
  has_previous_ = false;
  previous_close_ = 0;
  count_ = 0;
  head_ = 0;
  trailing_.fill(0);
  totals_.fill({});
  ClearOutputs();
}

}  // namespace tapedeck::indicators
