#include "model/bar.hpp"

#include <cmath>

namespace tapedeck::model {

Status CheckBar(const Bar& bar, Interval interval) {
  const double prices[] = {bar.open, bar.high, bar.low, bar.close};
  static constexpr const char* kNames[] = {"open", "high", "low", "close"};
  for (size_t i = 0; i < 4; ++i) {
    if (!std::isfinite(prices[i])) {
      return Error::InvalidArgument("{} is NaN or infinite", kNames[i]);
    }
    if (!(prices[i] > 0)) {
      return Error::InvalidArgument("{} {} is not above 0", kNames[i], prices[i]);
    }
  }
  if (!std::isfinite(bar.volume)) return Error::InvalidArgument("volume is NaN or infinite");
  if (bar.volume < 0) {
    return Error::InvalidArgument("volume {} is negative (volume must be 0 or more)", bar.volume);
  }
  if (bar.high < bar.low) {
    return Error::InvalidArgument("high {} is below low {}", bar.high, bar.low);
  }
  for (const size_t i : {size_t{0}, size_t{3}}) {
    if (prices[i] < bar.low || prices[i] > bar.high) {
      return Error::InvalidArgument("{} {} is outside [low {}, high {}]", kNames[i], prices[i],
                                    bar.low, bar.high);
    }
  }
  if (!interval.is_daily_or_longer() &&
      bar.open_time.time_since_epoch() % interval.duration() != Duration(0)) {
    return Error::InvalidArgument("open time {} is not aligned to {}",
                                  FormatTimestamp(bar.open_time), interval.ToString());
  }
  return Status::Ok();
}

}  // namespace tapedeck::model
