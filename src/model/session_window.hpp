// The hours of one trading session as plain values, for the modules that may
// not ask the calendar (aggregate, indicators): whoever owns the calendar
// (the loader) builds these and passes them down.
#pragma once

#include "core/timestamp.hpp"

namespace tapedeck::model {

struct SessionWindow {
  Date date{};                  // The session's New York date.
  Timestamp pre_market_open{};  // 04:00 New York.
  Timestamp open{};             // 09:30 New York.
  Timestamp close{};            // 16:00 New York, 13:00 on an early close.
  Timestamp after_hours_close{};
  // True when no later session falls in the same calendar week (Monday to
  // Sunday): the weekly bucket ends at this session's close.
  bool last_of_week = false;

  friend bool operator==(const SessionWindow&, const SessionWindow&) = default;
};

}  // namespace tapedeck::model
