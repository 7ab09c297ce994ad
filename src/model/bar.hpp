// One OHLCV bar of one symbol at one interval, stamped with its open time.
// A bar is complete at open_time + interval and never visible before then.
#pragma once

#include <cstdint>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/interval.hpp"

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

// The rules an imported row obeys, for a bar that enters another way (a
// hand-injected bar): finite prices above 0, volume 0 or more, low <= open,
// close <= high, and an open time aligned to `interval` (intraday ones).
// Errors say which rule failed and with what numbers.
Status CheckBar(const Bar& bar, Interval interval);

}  // namespace tapedeck::model
