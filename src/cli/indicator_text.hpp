// An indicator as a user writes it on a command line, `name[:p1,p2,…][@interval]`
// (`rsi:14@5m`, `bbands:20,2@15m`), for `compute --indicator` and the
// `add_indicator` command of `--at`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "indicators/registry.hpp"
#include "model/interval.hpp"

namespace tapedeck::cli {

// The text split up, checked for form only: its parameters are checked once
// the interval is known.
struct IndicatorRequest {
  std::string name;
  std::vector<double> params;
  std::optional<model::Interval> interval;
};

Result<IndicatorRequest> SplitIndicator(std::string_view text);

// Positional parameters take the registry's names in order; the registry
// checks the values and reports unknown names. Without @interval the
// indicator runs on `default_interval`.
Result<indicators::IndicatorSpec> ResolveIndicator(const IndicatorRequest& request,
                                                   model::Interval default_interval);

}  // namespace tapedeck::cli
