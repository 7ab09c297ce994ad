#include "indicators/channels.hpp"

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kDonchian[] = {"upperband", "middleband", "lowerband"};
constexpr std::string_view kHighLow[] = {"high", "low"};
}  // namespace

DonchianChannels::DonchianChannels(int period)
    : IndicatorBase(kDonchian, period), highs_(period), lows_(period) {}

void DonchianChannels::Update(const model::Bar& bar) {
  highs_.Add(bar.high);
  lows_.Add(bar.low);
  if (!highs_.full()) return;
  const double upper = highs_.value();
  const double lower = lows_.value();
  Publish(0, upper);
  Publish(1, (upper + lower) / 2.0);
  Publish(2, lower);
}

void DonchianChannels::Reset() {
  highs_.Reset();
  lows_.Reset();
  ClearOutputs();
}

HighLow::HighLow(int period) : IndicatorBase(kHighLow, period), highs_(period), lows_(period) {}

void HighLow::Update(const model::Bar& bar) {
  highs_.Add(bar.high);
  lows_.Add(bar.low);
  if (!highs_.full()) return;
  Publish(0, highs_.value());
  Publish(1, lows_.value());
}

void HighLow::Reset() {
  highs_.Reset();
  lows_.Reset();
  ClearOutputs();
}

}  // namespace tapedeck::indicators
