// Whole-series indicator values: one value per bar for every output of an
// indicator, as if each bar had been fed, in order, to a freshly created
// streaming indicator (registry.hpp) and its values() read after each Update.
// Used to cross-check the streaming indicators and for offline studies. Pure
// functions; safe from any thread.
//
// Where a direct form is simple, ComputeSeries computes it independently of
// the streaming code, recomputing each bar from its window: rolling means as
// the mean of the last n inputs, rolling extremes by scanning the window,
// least squares by its normal equations, EMAs and Wilder averages as plain
// array recursions seeded as TA-Lib does (SMA of the first n inputs), and so
// on. For kama, adx, plus_di, minus_di and sar (state machines whose only
// sensible form is the recursion itself) it runs the streaming indicator
// instead; HasIndependentBatchForm says which path a name takes.
//
// No Reset() happens inside the span: for a session-anchored indicator (vwap)
// pass one session's bars per call.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "indicators/registry.hpp"
#include "model/bar.hpp"

namespace tapedeck::indicators {

struct IndicatorSeries {
  std::vector<std::string_view> output_names;  // As Indicator::output_names().
  // values[output][bar]: NaN where the streaming indicator is not ready.
  std::vector<std::vector<double>> values;
};

// Validates the spec as CreateIndicator does. `bars` sorted by open time.
Result<IndicatorSeries> ComputeSeries(const IndicatorSpec& spec, std::span<const model::Bar> bars);

// False for the names ComputeSeries computes by running the streaming
// indicator (listed in the file comment); true for every other registered name.
bool HasIndependentBatchForm(std::string_view name);

}  // namespace tapedeck::indicators
