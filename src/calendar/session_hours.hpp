// The hours of one trading session as UTC instants, and the slots (positions
// where a bar is expected) of an interval inside them. Plain values and pure
// functions; safe from any thread.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/interval.hpp"

namespace tapedeck::calendar {

// One session of one exchange. Regular hours are [open, close); pre-market is
// [pre_market_open, open) and after-hours [close, after_hours_close).
struct SessionHours {
  Date date{};
  Timestamp pre_market_open{};
  Timestamp open{};
  Timestamp close{};
  Timestamp after_hours_close{};
  bool early_close = false;  // The exchange closes before its regular time.
  // Why the hours differ from a regular day ("day after Thanksgiving"); empty
  // on a regular day.
  std::string reason;

  friend bool operator==(const SessionHours&, const SessionHours&) = default;
};

// Which part of a session slots cover.
enum class SessionPart {
  kRegular,     // [open, close).
  kPreMarket,   // [pre_market_open, open).
  kAfterHours,  // [close, after_hours_close).
  kExtended,    // Pre-market, regular and after-hours, each aligned to its own start.
};

// A half-open bucket [start, end) where one bar of an interval is expected.
struct Slot {
  Timestamp start{};
  Timestamp end{};

  friend bool operator==(const Slot&, const Slot&) = default;
};

// The non-empty spans [start, end) that `part` consists of, in time order
// (kExtended: pre-market, regular, after-hours); returns how many (0 to 3).
int PartSpans(const SessionHours& hours, SessionPart part, std::array<Slot, 3>& spans);

// The number of slots of `interval` in `part` of a session: buckets start at
// the part's start (09:30 New York for regular hours) and the last one is cut
// at its end, so 1m → 390 on a regular day and 210 on a 13:00 close, 5m → 78,
// 1h → 7 (the last one 30 minutes). 1d → 1 (per part). Errors for intervals
// with no slots inside one session (1w, 2d).
Result<int> SlotCount(const SessionHours& hours, model::Interval interval,
                      SessionPart part = SessionPart::kRegular);

// The slots themselves, in time order; as many as SlotCount.
Result<std::vector<Slot>> Slots(const SessionHours& hours, model::Interval interval,
                                SessionPart part = SessionPart::kRegular);

// The slot of `interval` in `part` that contains `t`; an error when `t` is
// outside that part of the session.
Result<Slot> SlotContaining(const SessionHours& hours, model::Interval interval, Timestamp t,
                            SessionPart part = SessionPart::kRegular);

}  // namespace tapedeck::calendar
