// Where time comes from. The session asks an injected Clock; only this module
// reads the system clock. SimulatedClock is moved by hand (tests, backtests);
// WallClock reads the system time (live sessions, progress and timing).
#pragma once

#include <atomic>

#include "core/timestamp.hpp"

namespace tapedeck::clock {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;
};

// Starts at a given instant and moves only forward, only when told.
// Thread-safe: Now() may be read from another thread while the owner advances it.
class SimulatedClock final : public Clock {
 public:
  explicit SimulatedClock(Timestamp start = {}) : now_(ToUnixNanos(start)) {}
  Timestamp Now() const override { return FromUnixNanos(now_.load(std::memory_order_acquire)); }
  // Requires: t >= Now().
  void AdvanceTo(Timestamp t);
  void AdvanceBy(Duration d) { AdvanceTo(Now() + d); }

 private:
  std::atomic<int64_t> now_;
};

// The system's UTC time.
class WallClock final : public Clock {
 public:
  Timestamp Now() const override;
};

}  // namespace tapedeck::clock
