// Which intervals can be derived from which base, and how a session is cut
// into buckets. Pure functions; safe from any thread.
//
// From a 1s base: Ns (N ≥ 2), Nm, Nh and 1d; from a 1m base: Nm (N ≥ 2), Nh and
// 1d; from a 1d base: 1w. 1w is also derivable from 1s and 1m, chained through
// 1d (MultiAggregator and AggregateBatch do that; one BarAggregator does not).
// Intraday intervals must be whole multiples of the base; they need not divide
// the session (the last bucket is cut at the close).
#pragma once

#include <array>
#include <cstdint>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/interval.hpp"
#include "model/session_window.hpp"

namespace tapedeck::aggregate {

enum class DerivationKind : uint8_t {
  kIntraday,  // Buckets aligned to the start of each part of the session.
  kDaily,     // One bucket per session.
  kWeekly,    // The sessions of one calendar week (Monday to Sunday).
};

// Checks that `derived` can be derived from `base` in one step (1w only from
// 1d). Errors say why: "\"7s\" cannot be derived from a 1m base: it is not a
// whole multiple of 1m".
Result<DerivationKind> CheckDerivationStep(model::Interval base, model::Interval derived);

// As CheckDerivationStep, but also accepts 1w from 1s and 1m (through 1d).
Status CheckDerivable(model::Interval base, model::Interval derived);

// A part of a session that buckets are aligned to, [start, end).
struct SessionSpan {
  Timestamp start{};
  Timestamp end{};
};

// The spans a session is cut into for `kind`, in time order, empty ones left
// out; returns how many (0 to 3). Intraday: regular hours [open, close), or
// with extended hours pre-market, regular and after-hours separately (each
// aligned to its own start). Daily and weekly: one span, regular hours or
// [pre_market_open, after_hours_close) with extended hours.
int SessionSpans(const model::SessionWindow& window, DerivationKind kind, bool extended_hours,
                 std::array<SessionSpan, 3>& spans);

// Midnight UTC of the Monday of the calendar week holding `date`.
Timestamp WeekStartUtc(Date date);

}  // namespace tapedeck::aggregate
