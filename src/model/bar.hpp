// One OHLCV bar of one symbol at one interval, stamped with its open time.
// A bar is complete at open_time + interval and never visible before then.
#pragma once

#include <cstdint>

#include "core/timestamp.hpp"

namespace tapedeck::model {

struct Bar {
  Timestamp open_time{};
  double open = 0;
  double high = 0;
  double low = 0;
  double close = 0;
  double volume = 0;  // Shares.
  // Base bars that went into a derived bar; 1 for a base bar.
  int32_t bar_count = 1;

  friend bool operator==(const Bar&, const Bar&) = default;
};

}  // namespace tapedeck::model
