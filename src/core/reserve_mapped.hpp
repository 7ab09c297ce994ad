// Room in a vector whose pages are mapped up front. A live session appends
// a bar per symbol and minute to vectors reserved for the day; the first
// append to each new page of them would otherwise fault (1–3 µs on a
// virtual machine, about 14 faults a minute for 500 symbols) inside the
// latency a live feed is measured by.
#pragma once

#include <cstddef>
#include <vector>

namespace tapedeck {

// Reserves room for `count` elements and writes every element of it once,
// leaving size() and the elements held unchanged. Requires: T is default
// constructible and cheap to destroy (bars).
template <typename T>
void ReserveMapped(std::vector<T>& values, size_t count) {
  values.reserve(count);
  const size_t size = values.size();
  if (count <= size) return;
  values.resize(count);
  values.resize(size);
}

}  // namespace tapedeck
