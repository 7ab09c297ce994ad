// Historical (multi-day) indicators: values computed once at session start
// from the symbol's completed daily bars strictly before the session, and
// stamped with the last session they used. Pure functions; safe from any
// thread.
//
// Input: `daily_bars` are one bar per session, oldest first, every one on a
// date before `session_date` (the date of a daily bar is UtcDate(open_time),
// which is the session date for bars stamped at midnight UTC or at the open).
// The caller (loading/) passes whatever history it has; a window means the
// newest bars of it.
//
// Windows:
// - `<N>d` (unit days): the newest N daily bars (N trading days, whatever
//   their dates).
// - `<N>w` (unit weeks): every daily bar dated in the N·7 calendar days before
//   the session, [session_date − 7N days, session_date). For a Monday session
//   that is exactly the N calendar weeks (Monday–Sunday) before it; for
//   `high_low_52w` on 2013-10-07 it is 2012-10-08 … 2013-10-04.
//
// Indicators (outputs in order):
// - avg_volume  (avg_volume): mean daily volume over the window. Days or weeks.
// - avg_range   (avg_range): mean of high − low over the window. Days or weeks.
// - high_low    (high, low): highest high and lowest low in the window. Days or weeks.
// - atr_daily   (atr): Wilder's ATR(N) as TA-Lib computes it (the
//   `atr` indicator), run over EVERY daily bar given: the first bar supplies
//   only a previous close, the first N true ranges are averaged, later ones
//   Wilder-smoothed (atr·(N − 1) + tr)/N. With exactly N + 1 bars it is the
//   mean of the last N true ranges. Days only.
// - gap_stats   (mean_abs_gap_pct, up_gaps, down_gaps): over the newest N
//   bars, the open gap of each bar is 100 · (open − previous close)/previous
//   close, the previous close being the bar before it (so N + 1 bars are
//   needed). mean_abs_gap_pct is the mean of |gap|; up_gaps counts gaps
//   > threshold_pct, down_gaps gaps < −threshold_pct (strictly beyond).
//   Parameter threshold_pct (alias `threshold`), default 1, ≥ 0. Days only.
// - range_ratio (range_ratio): the newest bar's high − low divided by
//   avg_range over the newest N bars (the newest bar included); 0 when that
//   average is 0. Days only.
//
// Readiness: ready is false and every output NaN when the history is shorter
// than the window needs: fewer than N bars (N + 1 for atr_daily and
// gap_stats), or, for a weeks window, when the oldest bar given is later than
// the window's first 7 days (the history does not reach back to the window's
// first week). No partial value is reported.
//
// Keys: `name_<N><d|w>` (`avg_volume_20d`, `high_low_52w`), followed by
// `_<value>` for each parameter that differs from its default
// (`gap_stats_20d_0.5`).
#pragma once

#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/bar.hpp"

namespace tapedeck::indicators {

struct HistoricalSpec {
  enum class Unit { kDays, kWeeks };

  std::string name;  // Canonical name.
  int period = 0;    // N, ≥ 1.
  Unit unit = Unit::kDays;
  std::map<std::string, double> params;  // Every parameter, defaults filled in.

  friend bool operator==(const HistoricalSpec&, const HistoricalSpec&) = default;
};

// Validates a config entry. `unit` is "days" or "weeks" ("day", "d", "week",
// "w" and "" (days) are accepted too). Errors name the indicator and the rule:
// `"atr_daily": unit must be days, got weeks`; an unknown name lists the known ones.
Result<HistoricalSpec> ParseHistoricalSpec(std::string_view name, double period,
                                           std::string_view unit,
                                           const std::map<std::string, double>& params);

// `avg_volume_20d`, `high_low_52w`. Requires: spec came from ParseHistoricalSpec.
std::string HistoricalKey(const HistoricalSpec& spec);

// Every historical indicator name, sorted.
std::vector<std::string_view> HistoricalNames();

struct HistoricalValue {
  std::vector<std::pair<std::string_view, double>> outputs;  // Names are static.
  std::optional<Date> as_of;  // Date of the newest bar used; nullopt with no bars.
  bool ready = false;
  int days_used = 0;  // Daily bars the value was computed from (0 when not ready).
};

// Requires: spec came from ParseHistoricalSpec; daily_bars sorted by open
// time, all dated before session_date (checked).
HistoricalValue ComputeHistorical(const HistoricalSpec& spec,
                                  std::span<const model::Bar> daily_bars, Date session_date);

}  // namespace tapedeck::indicators
