// Turns a validated SessionConfig into what the engine runs: the window moved
// onto sessions, the plan every symbol gets, and the scripted commands.
#pragma once

#include <optional>

#include "calendar/trading_calendar.hpp"
#include "session/session_config.hpp"
#include "session/session_engine.hpp"

namespace tapedeck::session {

// Start and end dates that are not sessions move to the nearest session
// inside the window; a window without a session is an error. A live config
// without a date runs `today` (New York), which must then be given and be a
// trading session.
Result<SessionSetup> MakeSessionSetup(const SessionConfig& config,
                                      const calendar::TradingCalendar& calendar,
                                      std::optional<Date> today = std::nullopt);

}  // namespace tapedeck::session
