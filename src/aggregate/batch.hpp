// Derives one interval from a whole run of base bars at once (history,
// exports). Gives exactly the bars a BarAggregator/MultiAggregator would emit
// when fed the same sessions and bars and advanced to the end of the last
// session; written independently of them, with the bucket of each bar
// computed directly. Pure function; safe from any thread.
#pragma once

#include <span>
#include <vector>

#include "aggregate/derived_bar.hpp"
#include "core/status.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"
#include "model/session_window.hpp"

namespace tapedeck::aggregate {

// Requires: `base` sorted by open time without duplicates; `sessions` sorted
// by date without duplicates. Bars outside the sessions (or outside regular
// hours without `extended_hours`) are ignored. A 1w bucket is emitted only
// when its session marked last_of_week is among `sessions`, and expects one
// daily bar per session of its week that is among `sessions`. 1w from an
// intraday base is chained through 1d (kEmitPartial). Errors when `derived`
// cannot be derived from `base_interval` (see CheckDerivable).
Result<std::vector<DerivedBar>> AggregateBatch(std::span<const model::Bar> base,
                                               std::span<const model::SessionWindow> sessions,
                                               model::Interval base_interval,
                                               model::Interval derived,
                                               BucketPolicy policy = BucketPolicy::kEmitPartial,
                                               bool extended_hours = false);

}  // namespace tapedeck::aggregate
