// Internal to the session config parser: reads the scripted `commands[]`.
// Not thread-safe (writes diagnostics).
#pragma once

#include <optional>
#include <string_view>

#include "model/interval.hpp"
#include "session/config_diagnostics.hpp"
#include "session/session_config.hpp"

namespace tapedeck::session::internal {

// One command: {"at": ISO-8601 date-time with a UTC offset, <kind>: <argument>}
// with kind one of add_symbol (a symbol or a list, optional "intervals"),
// remove_symbol (a symbol), add_indicator ({"symbol", "name", "period",
// "interval", "params"}), set_speed (a number ≥ 0), pause, resume, stop
// (true). `base` checks add_indicator's interval; `backtest` warns about a
// command outside the backtest window. nullopt after reporting every problem.
std::optional<ScriptedCommand> ParseScriptedCommand(const Json& item, std::string_view path,
                                                    std::optional<model::Interval> base,
                                                    const std::optional<BacktestConfig>& backtest,
                                                    ConfigDiagnostics& diagnostics);

}  // namespace tapedeck::session::internal
