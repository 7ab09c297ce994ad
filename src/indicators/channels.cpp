#include "indicators/channels.hpp"

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kDonchian[] = {"upperband", "middleband", "lowerband"};
constexpr std::string_view kHighLow[] = {"high", "low"};
}  // namespace

DonchianChannels::DonchianChannels(int period) : IndicatorBase(kDonchian, period), range_(period) {}

void DonchianChannels::Update(const model::Bar& bar) {
  const auto range = range_.Add(bar.high, bar.low);
  if (!range_.full()) return;
  const double upper = range.highest;
  const double lower = range.lowest;
  Publish(0, upper);
  Publish(1, (upper + lower) / 2.0);
  Publish(2, lower);
}

void DonchianChannels::Reset() {
  range_.Reset();
  ClearOutputs();
}

HighLow::HighLow(int period) : IndicatorBase(kHighLow, period), range_(period) {}

void HighLow::Update(const model::Bar& bar) {
  const auto range = range_.Add(bar.high, bar.low);
  if (!range_.full()) return;
  Publish(0, range.highest);
  Publish(1, range.lowest);
}

void HighLow::Reset() {
  range_.Reset();
  ClearOutputs();
}

}  // namespace tapedeck::indicators
