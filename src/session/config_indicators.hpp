// Internal to the session config parser: reads `indicators.session[]` and
// `indicators.historical[]` items. Not thread-safe (writes diagnostics).
#pragma once

#include <optional>
#include <string_view>

#include "model/interval.hpp"
#include "session/config_diagnostics.hpp"
#include "session/session_config.hpp"

namespace tapedeck::session::internal {

// One session indicator {name, period, interval, type, params}, validated by
// indicators::ParseIndicatorSpec. When `base` is known, the interval must be
// the base or derivable from it. nullopt after reporting every problem.
std::optional<SessionIndicatorConfig> ParseSessionIndicator(const Json& item, std::string_view path,
                                                            std::optional<model::Interval> base,
                                                            ConfigDiagnostics& diagnostics);

// One historical indicator {name, period, unit, interval, type, params}, checked
// against tapedeck's table of historical indicators and keyed `name_<period><d|w>`.
std::optional<HistoricalIndicatorConfig> ParseHistoricalIndicator(const Json& item,
                                                                  std::string_view path,
                                                                  ConfigDiagnostics& diagnostics);

}  // namespace tapedeck::session::internal
