// Internal to the session config parser: which base interval a session
// streams and which intervals can be derived from it. Pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>

#include "model/interval.hpp"

namespace tapedeck::session::internal {

// The smallest base interval (1s, 1m, 1d) among `streams`; when none is
// listed, the coarsest base the smallest stream derives from (5m → 1m,
// 30s → 1s, 1w → 1d). Requires: streams is not empty.
model::Interval ChooseBase(std::span<const model::Interval> streams);

// Why `target` cannot be aggregated from `base` bars, or nullopt when it can
// (or is the base). Derivable: a multiple of the base within the day (1s → Ns,
// Nm, Nh; 1m → Nm, Nh), one bar per session (1d, from 1s or 1m) and one per
// calendar week (1w, from any base, chaining through 1d). Multi-day and
// multi-week intervals (2d, 2w) are not supported.
std::optional<std::string> WhyNotDerivable(model::Interval base, model::Interval target);

}  // namespace tapedeck::session::internal
