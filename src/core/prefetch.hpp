// Asks the CPU to fetch memory toward its caches ahead of use. Hints only:
// never faults, never changes a result. For loops that walk many small
// objects out of cache (a live step over 500 symbols), where fetching the
// next objects while working on this one hides most of the misses.
#pragma once

#include <cstddef>
#include <cstdint>

namespace tapedeck {

inline constexpr size_t kCacheLine = 64;

// Every cache line of [data, data + bytes).
inline void PrefetchBytes(const void* data, size_t bytes) {
  const auto begin = reinterpret_cast<uintptr_t>(data) & ~(uintptr_t{kCacheLine} - 1);
  const auto end = reinterpret_cast<uintptr_t>(data) + bytes;
  for (uintptr_t line = begin; line < end; line += kCacheLine) {
    __builtin_prefetch(reinterpret_cast<const void*>(line));
  }
}

template <typename T>
void PrefetchObject(const T& object) {
  PrefetchBytes(&object, sizeof(T));
}

}  // namespace tapedeck
