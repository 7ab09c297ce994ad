// Keeps the calling thread on one CPU: a live session's latency setting
// (the session loop and the feed's I/O thread each on a CPU of their own, so
// that neither waits for the scheduler to move the other out of the way).
// Linux only.
#pragma once

#include <sched.h>

#include "core/status.hpp"

namespace tapedeck {

// The CPUs online (numbered 0 to CpuCount() - 1).
int CpuCount();

class CpuPin {
 public:
  // Pins the calling thread to `cpu`. Errors name the CPU and say which
  // there are. The pin lasts until the CpuPin ends, which must happen on the
  // same thread; the thread may then run where it could before.
  static Result<CpuPin> Pin(int cpu);

  CpuPin(CpuPin&& other) noexcept;
  CpuPin& operator=(CpuPin&&) = delete;
  CpuPin(const CpuPin&) = delete;
  CpuPin& operator=(const CpuPin&) = delete;
  ~CpuPin();

 private:
  explicit CpuPin(const cpu_set_t& previous) : previous_(previous) {}

  cpu_set_t previous_{};
  bool active_ = true;
};

}  // namespace tapedeck
