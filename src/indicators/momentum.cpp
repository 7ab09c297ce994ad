#include "indicators/momentum.hpp"

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kMacd[] = {"macd", "macdsignal", "macdhist"};
constexpr std::string_view kMom[] = {"mom"};
constexpr std::string_view kRoc[] = {"roc"};
constexpr std::string_view kRsi[] = {"rsi"};
constexpr std::string_view kAroon[] = {"aroondown", "aroonup"};
}  // namespace

Macd::Macd(int fast, int slow, int signal)
    : IndicatorBase(kMacd, slow + signal - 1),
      fast_start_(slow - fast),
      fast_(fast),
      slow_(slow),
      signal_(signal) {
  TD_CHECK(fast >= 1 && fast <= slow && signal >= 1, "macd {} {} {}", fast, slow, signal);
}

void Macd::Update(const model::Bar& bar) {
  const int index = bars_++;
  const bool slow_ready = slow_.Add(bar.close);
  if (index < fast_start_) return;
  const bool fast_ready = fast_.Add(bar.close);
  if (!slow_ready || !fast_ready) return;
  const double macd = fast_.value() - slow_.value();
  if (!signal_.Add(macd)) return;
  Publish(0, macd);
  Publish(1, signal_.value());
  Publish(2, macd - signal_.value());
}

void Macd::Reset() {
  bars_ = 0;
  fast_.Reset();
  slow_.Reset();
  signal_.Reset();
  ClearOutputs();
}

Momentum::Momentum(int period)
    : IndicatorBase(kMom, period + 1), period_(period), closes_(period + 1) {}

void Momentum::Update(const model::Bar& bar) {
  closes_.Push(bar.close);
  if (closes_.full()) Publish(bar.close - closes_.oldest());
}

void Momentum::Reset() {
  closes_.Clear();
  ClearOutputs();
}

RateOfChange::RateOfChange(int period)
    : IndicatorBase(kRoc, period + 1), period_(period), closes_(period + 1) {}

void RateOfChange::Update(const model::Bar& bar) {
  closes_.Push(bar.close);
  if (!closes_.full()) return;
  const double old = closes_.oldest();
  Publish(old != 0.0 ? ((bar.close / old) - 1.0) * 100.0 : 0.0);
}

void RateOfChange::Reset() {
  closes_.Clear();
  ClearOutputs();
}

RelativeStrengthIndex::RelativeStrengthIndex(int period)
    : IndicatorBase(kRsi, period + 1),
      n_(static_cast<double>(period)),
      n_minus_one_(n_ - 1.0),
      period_(period) {
  TD_CHECK(period >= 2, "rsi period {}", period);
}

void RelativeStrengthIndex::Update(const model::Bar& bar) {
  const double close = bar.close;
  if (changes_ < 0) {
    previous_close_ = close;
    changes_ = 0;
    return;
  }
  const double change = close - previous_close_;
  previous_close_ = close;
  ++changes_;
  const double n = n_;
  // The first n changes are summed and averaged, later ones Wilder-smoothed:
  // (x·(n − 1) + change)/n, in TA-Lib's order of operations.
  if (changes_ > period_) {
    loss_ *= n_minus_one_;
    gain_ *= n_minus_one_;
  }
  // Branch-free: whether the close fell is a coin toss on most series.
  const bool fell = change < 0;
  loss_ = internal::Select(fell, loss_ - change, loss_);
  gain_ = internal::Select(fell, gain_, gain_ + change);
  if (changes_ < period_) return;
  loss_ /= n;
  gain_ /= n;
  const double total = gain_ + loss_;
  Publish(!internal::IsZero(total) ? 100.0 * (gain_ / total) : 0.0);
}

void RelativeStrengthIndex::Reset() {
  changes_ = -1;
  previous_close_ = gain_ = loss_ = 0;
  ClearOutputs();
}

Aroon::Aroon(int period)
    : IndicatorBase(kAroon, period + 1),
      period_(period),
      factor_(100.0 / static_cast<double>(period)),
      range_(period + 1) {}

void Aroon::Update(const model::Bar& bar) {
  const auto range = range_.Add(bar.high, bar.low);
  if (!range_.full()) return;
  Publish(0, factor_ * static_cast<double>(period_ - range.lowest_age));
  Publish(1, factor_ * static_cast<double>(period_ - range.highest_age));
}

void Aroon::Reset() {
  range_.Reset();
  ClearOutputs();
}

}  // namespace tapedeck::indicators
