// The NYSE's trading schedule as the exchange publishes it: holidays by rule
// with NYSE observance (NYSE Rule 7.2), regular 13:00 early closes by rule, and
// the one-off closures and changed hours of 2000-2035 from the historical
// record. Knows nothing of UTC: hours are New York wall-clock times. Pure
// functions over constant tables; safe from any thread.
#pragma once

#include <cstdint>
#include <string_view>

#include "core/timestamp.hpp"

namespace tapedeck::calendar {

// The years these rules are checked for; outside them they are not valid.
inline constexpr int kFirstNyseYear = 2000;
inline constexpr int kLastNyseYear = 2035;

enum class DayKind : uint8_t {
  kSession,  // Open, possibly with changed hours.
  kWeekend,
  kHoliday,  // A regular holiday (by rule).
  kClosure,  // A one-off closure (history, or an override).
};

// Regular hours, New York time, as durations since local midnight.
inline constexpr Duration kPreMarketOpen = std::chrono::hours(4);
inline constexpr Duration kRegularOpen = std::chrono::hours(9) + std::chrono::minutes(30);
inline constexpr Duration kRegularClose = std::chrono::hours(16);
inline constexpr Duration kEarlyClose = std::chrono::hours(13);
inline constexpr Duration kAfterHoursClose = std::chrono::hours(20);
// On scheduled 13:00 early closes the late (after-hours) session ends at 17:00:
// NYSE holiday calendar footnote, "NYSE Arca Equities ... late trading sessions
// will close at 5:00 p.m." (https://www.nyse.com/markets/hours-calendars).
inline constexpr Duration kEarlyAfterHoursClose = std::chrono::hours(17);

// One date of the schedule.
struct NyseDay {
  DayKind kind = DayKind::kSession;
  // Why the day is closed or has changed hours ("Good Friday", "day after
  // Thanksgiving"); empty for a regular session or a weekend. Static storage.
  std::string_view reason;
  Duration open = kRegularOpen;    // New York time; meaningful for sessions only.
  Duration close = kRegularClose;  // New York time; meaningful for sessions only.
  Duration after_hours_close = kAfterHoursClose;
};

// Requires: kFirstNyseYear <= year(date) <= kLastNyseYear.
NyseDay ClassifyNyseDay(Date date);

// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, also
// known as Meeus/Jones/Butcher).
Date EasterSunday(int year);

}  // namespace tapedeck::calendar
