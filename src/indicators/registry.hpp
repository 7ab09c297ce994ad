// Creates indicators from a name and parameters, as a session config names
// them, and names their values. Pure functions over a static table; safe from
// any thread.
//
// Names are canonical lower-case (TA-Lib's function names where TA-Lib has
// the indicator); aliases `stochastic` → `stoch` and `williams_r` → `willr`
// are accepted and stored canonically. Parameters are named as TA-Lib names
// them, in lower case, and the predecessor's names are accepted as aliases:
// macd `fast`/`slow`/`signal`, bbands `num_std`, stoch `k_period`/`d_period`
// (fastk and slowd), keltner `atr_multiplier`. `period` fills the indicator's
// main period; period 0 means "no period".
//
// Keys: `name_<p1>_<p2>…_<interval>` with every numeric parameter in the
// table's order (`rsi_14_5m`, `macd_12_26_9_5m`, `bbands_20_2_15m`,
// `sar_0.02_0.2_1m`), or `name_<interval>` when there is none (`vwap_1m`).
// Outputs: `key.output` (`macd_12_26_9_5m.macdsignal`).
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "indicators/indicator.hpp"
#include "model/interval.hpp"

namespace tapedeck::indicators {

struct IndicatorSpec {
  std::string name;            // Canonical name.
  std::vector<double> params;  // All parameters, in IndicatorParamNames(name) order.
  model::Interval interval = model::Interval::Minutes(1);

  friend bool operator==(const IndicatorSpec&, const IndicatorSpec&) = default;
};

// Validates a config entry and fills in defaults. `period` 0 means none given.
// Errors name the indicator and the rule: `"rsi": period must be an integer ≥ 2,
// got 0`; an unknown name lists near matches.
Result<IndicatorSpec> ParseIndicatorSpec(std::string_view name, double period,
                                         const std::map<std::string, double>& params,
                                         model::Interval interval);

// `rsi_14_5m`. Requires: spec came from ParseIndicatorSpec (or is equally valid).
std::string IndicatorKey(const IndicatorSpec& spec);
// `macd_12_26_9_5m.macdsignal`.
std::string OutputKey(std::string_view indicator_key, std::string_view output);

// Validates the spec again (it may have been built by hand) and creates the
// indicator, not ready, with no bars seen.
Result<std::unique_ptr<Indicator>> CreateIndicator(const IndicatorSpec& spec);

// Every canonical name, sorted.
std::vector<std::string_view> IndicatorNames();
// The canonical parameter names of an indicator, in key order; empty for an
// unknown name.
std::vector<std::string_view> IndicatorParamNames(std::string_view name);

}  // namespace tapedeck::indicators
