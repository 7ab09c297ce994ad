// A maximal run of empty slots, half-open [start, end), with the number of
// bars the calendar expected in it.
#pragma once

#include "core/timestamp.hpp"

namespace tapedeck::model {

struct Gap {
  Timestamp start{};
  Timestamp end{};
  int missing_bars = 0;

  friend bool operator==(const Gap&, const Gap&) = default;
};

}  // namespace tapedeck::model
