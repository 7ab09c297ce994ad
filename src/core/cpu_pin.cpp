#include "core/cpu_pin.hpp"

#include <pthread.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace tapedeck {

int CpuCount() {
  const long online = sysconf(_SC_NPROCESSORS_ONLN);
  return online > 0 ? static_cast<int>(online) : 1;
}

Result<CpuPin> CpuPin::Pin(int cpu) {
  cpu_set_t previous;
  CPU_ZERO(&previous);
  if (const int error = pthread_getaffinity_np(pthread_self(), sizeof(previous), &previous);
      error != 0) {
    return Error::IoError("reading this thread's CPUs: {}", std::strerror(error));
  }
  const auto not_here = [&] {
    return Error::InvalidArgument("CPU {} is not one this process may run on: pick 0 to {}", cpu,
                                  CpuCount() - 1);
  };
  if (cpu < 0 || cpu >= CPU_SETSIZE) return not_here();
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(static_cast<size_t>(cpu), &one);
  if (const int error = pthread_setaffinity_np(pthread_self(), sizeof(one), &one); error != 0) {
    if (error == EINVAL) return not_here();  // Offline, or outside the process's CPU set.
    return Error::IoError("pinning a thread to CPU {}: {}", cpu, std::strerror(error));
  }
  return CpuPin(previous);
}

CpuPin::CpuPin(CpuPin&& other) noexcept : previous_(other.previous_), active_(other.active_) {
  other.active_ = false;
}

CpuPin::~CpuPin() {
  if (active_) (void)pthread_setaffinity_np(pthread_self(), sizeof(previous_), &previous_);
}

}  // namespace tapedeck
