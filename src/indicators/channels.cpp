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
  // The extremes as Add returns them: reading both back from the members made
  // GCC load them as one 16-byte pair straight after two 8-byte stores, which
  // stalls store-to-load forwarding.
  const double high = highs_.Add(bar.high);
  const double low = lows_.Add(bar.low);
  if (!highs_.full()) return;
  Publish(0, high);
  Publish(1, low);
}

void HighLow::Reset() {
  highs_.Reset();
  lows_.Reset();
  ClearOutputs();
}

}  // namespace tapedeck::indicators
