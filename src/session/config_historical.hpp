// Internal to the session config parser: reads `session_data_config.historical`,
// in its current form ({"data": [...]}) or the predecessor's older one
// ({enabled, trailing_days, intervals, auto_load}). Not thread-safe (writes
// diagnostics).
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "model/interval.hpp"
#include "model/symbol.hpp"
#include "session/config_diagnostics.hpp"
#include "session/session_config.hpp"

namespace tapedeck::session::internal {

// The valid entries, in file order. Each interval must be the base, derivable
// from it (when `base` is known) or 1d (daily history may come from stored 1d
// bars). `symbols` are the session's, to warn about an apply_to symbol that
// is not among them.
std::vector<HistoricalDataConfig> ParseHistorical(const Json& value, std::string_view path,
                                                  std::optional<model::Interval> base,
                                                  const std::vector<model::Symbol>& symbols,
                                                  ConfigDiagnostics& diagnostics);

}  // namespace tapedeck::session::internal
