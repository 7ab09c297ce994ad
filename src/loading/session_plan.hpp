// What every symbol of a session gets, as plain values: the base and derived
// intervals, bucket policies, session indicators, history to load and
// historical indicators. Built by the session from its config; the loader and
// the per-symbol pipeline read it. Immutable once built; safe to share.
#pragma once

#include <map>
#include <optional>
#include <span>
#include <vector>

#include "aggregate/multi_aggregator.hpp"
#include "core/timestamp.hpp"
#include "indicators/historical_indicators.hpp"
#include "indicators/registry.hpp"
#include "model/interval.hpp"
#include "model/symbol.hpp"

namespace tapedeck::loading {

// One `historical.data` entry: load `trailing_days` sessions of `intervals`
// before each session day, for `symbols` (empty: every symbol).
struct HistoryRequest {
  int trailing_days = 0;
  std::vector<model::Interval> intervals;
  std::vector<model::Symbol> symbols;

  bool AppliesTo(const model::Symbol& symbol) const;
};

struct SessionPlan {
  model::Interval base = model::Interval::Minutes(1);
  std::vector<model::Interval> derived;  // Sorted, without the base.
  std::map<model::Interval, aggregate::BucketPolicy> policies;
  std::vector<indicators::IndicatorSpec> indicators;
  std::vector<indicators::HistoricalSpec> historical_indicators;
  std::vector<HistoryRequest> history;
  // The first session of the run. A symbol that joins later warms up from the
  // same history a configured one had, so its indicators end up identical.
  Date run_start{};

  // Sessions of `interval` history a symbol gets before each session day (the
  // largest request that covers it; 0 when none does).
  int TrailingDays(const model::Symbol& symbol, model::Interval interval) const;
  // Every interval a symbol has: the base, then the derived ones.
  std::vector<model::Interval> intervals() const;
  // Every interval the session or a history request names, sorted.
  std::vector<model::Interval> HistoryIntervals() const;
  // This plan with `extra` intervals too (a symbol's own streams): a base
  // interval finer than `base` becomes the base (the old one is derived and
  // the history asked for the old base also covers the new one). Whether the
  // result can be derived is checked where the aggregator is built.
  SessionPlan WithIntervals(std::span<const model::Interval> extra) const;
};

}  // namespace tapedeck::loading
