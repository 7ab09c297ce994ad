#include "clock/clock.hpp"

#include <chrono>

#include "core/check.hpp"

namespace tapedeck::clock {

void SimulatedClock::AdvanceTo(Timestamp t) {
  TD_CHECK(t >= Now(), "time went backwards: {} < {}", FormatTimestamp(t), FormatTimestamp(Now()));
  now_.store(ToUnixNanos(t), std::memory_order_release);
}

Timestamp WallClock::Now() const {
  return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
}

}  // namespace tapedeck::clock
