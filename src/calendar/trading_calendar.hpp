// The trading calendar of the US equity exchange group (NYSE rules): which
// dates are sessions, their hours as UTC instants (DST-correct), why a day is
// closed or short, trading-day arithmetic and the slots of an interval, for
// every date from 2000-01-01 to 2035-12-31. The whole range is precomputed
// into a table, so every lookup is O(1) (SessionsBefore/Between are O(n)).
//
// Thread safety: immutable once built and overrides are loaded; all const
// methods are safe from any thread. LoadOverrides/ApplyOverrides must not run
// concurrently with anything else on the same object.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/calendar_overrides.hpp"
#include "calendar/nyse_rules.hpp"
#include "calendar/session_hours.hpp"
#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/interval.hpp"
#include "model/session_window.hpp"

namespace tapedeck::calendar {

// Everything the calendar knows about one date, for people.
struct DayInfo {
  Date date{};
  DayKind kind = DayKind::kSession;
  std::string reason;                 // Empty for a regular session and a weekend.
  std::optional<SessionHours> hours;  // Set for sessions.

  // "closed: Good Friday", "closed: weekend", "open 09:30–16:00 EDT (13:30–20:00 UTC)",
  // "early close 13:00: day after Thanksgiving; open 09:30–13:00 EST (14:30–18:00 UTC)".
  std::string ToString() const;
};

class TradingCalendar {
 public:
  // "US_EQUITY", or its aliases "NYSE" and "XNYS" (any letter case). Errors
  // list the known names.
  static Result<TradingCalendar> ForExchange(std::string_view name);

  // The supported range, inclusive.
  static Date first_date();
  static Date last_date();

  // The canonical exchange group name: "US_EQUITY".
  const std::string& exchange() const { return exchange_; }

  // Adds the closures and early closes of an override file (see
  // calendar_overrides.hpp). All or nothing: on error the calendar is unchanged.
  // Errors name the file and the JSON path.
  Status LoadOverrides(const std::filesystem::path& path);
  // As LoadOverrides, for overrides already parsed. Each date must be in the
  // supported range; an early close must fall on a session and its close time
  // after the open and before the regular close; a date may appear only once.
  Status ApplyOverrides(const CalendarOverrides& overrides);

  // Every method taking a Date errors (naming the date and the range) when the
  // date is outside [first_date(), last_date()]: never a silent "closed".

  Result<bool> IsSession(Date date) const;
  // The session's hours, or nullopt when the exchange is closed that day.
  Result<std::optional<SessionHours>> Session(Date date) const;
  Result<DayInfo> Explain(Date date) const;

  // The first session strictly after / before `date`. Errors if there is none
  // inside the supported range.
  Result<Date> NextSession(Date date) const;
  Result<Date> PreviousSession(Date date) const;
  // The `n` sessions strictly before `date`, oldest first (n ≥ 0). Errors if
  // that reaches back before first_date().
  Result<std::vector<Date>> SessionsBefore(Date date, int n) const;
  // The sessions in [from, to], oldest first. Requires from <= to.
  Result<std::vector<Date>> SessionsBetween(Date from, Date to) const;

  // Slots of `interval` in `part` of the session on `date` (see
  // session_hours.hpp); 0 slots / none when the exchange is closed that day.
  Result<int> SlotCount(Date date, model::Interval interval,
                        SessionPart part = SessionPart::kRegular) const;
  Result<std::vector<Slot>> Slots(Date date, model::Interval interval,
                                  SessionPart part = SessionPart::kRegular) const;

  // The session whose extended hours [pre_market_open, after_hours_close)
  // contain `t`, or nullopt (overnight, weekend, holiday). Errors when the New
  // York date of `t` is outside the supported range.
  Result<std::optional<SessionHours>> SessionAt(Timestamp t) const;

  // The session on `date` as the plain values aggregate/ works with, with
  // last_of_week set from the next session. Errors when `date` is not a session.
  Result<model::SessionWindow> Window(Date date) const;

 private:
  struct Day {
    Timestamp pre_market_open{};
    Timestamp open{};
    Timestamp close{};
    Timestamp after_hours_close{};
    int32_t sessions_before = 0;  // Sessions strictly before this day in the table.
    uint16_t reason = 0;          // Index into reasons_; 0 is "".
    DayKind kind = DayKind::kWeekend;
    bool early_close = false;
  };

  TradingCalendar() = default;
  static const TradingCalendar& Nyse();
  static TradingCalendar BuildNyse();

  Result<size_t> IndexOf(Date date) const;
  Date DateAt(size_t index) const;
  SessionHours HoursAt(size_t index) const;
  uint16_t AddReason(std::string_view reason);
  void SetHours(size_t index, Duration open, Duration close, Duration after_hours_close);
  void CountSessions();

  std::string exchange_;
  std::vector<Day> days_;             // One per date from first_date().
  std::vector<uint32_t> sessions_;    // Indexes into days_ of the sessions, in order.
  std::vector<std::string> reasons_;  // Distinct reasons; [0] is "".
};

}  // namespace tapedeck::calendar
