// Time inside tapedeck: `Timestamp` is a UTC instant in nanoseconds, `Date` a
// civil date. ISO-8601 parsing and formatting live here; New York time lives
// only in calendar/. Pure functions; safe from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace tapedeck {

using Duration = std::chrono::nanoseconds;
using Timestamp = std::chrono::sys_time<Duration>;
using LocalTime = std::chrono::local_time<Duration>;  // A wall-clock time with no zone.
using Date = std::chrono::year_month_day;

// Nanoseconds since the Unix epoch, and back.
constexpr int64_t ToUnixNanos(Timestamp t) { return t.time_since_epoch().count(); }
constexpr Timestamp FromUnixNanos(int64_t nanos) { return Timestamp(Duration(nanos)); }

// An ISO-8601 date-time as written: wall-clock fields plus the UTC offset if one
// was given ("Z" is offset 0). `has_time` is false for a bare date.
struct ParsedDateTime {
  LocalTime local{};
  std::optional<Duration> utc_offset;
  bool has_time = false;
};

// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.fraction]]" with 'T' or ' ',
// followed by nothing, "Z", "+HH:MM", "+HHMM" or "+HH" (or '-'). Up to 9
// fraction digits. Errors name the text and the rule.
Result<ParsedDateTime> ParseIsoDateTime(std::string_view text);

// As ParseIsoDateTime, and requires a UTC offset unless the text is a bare
// date (midnight UTC of that date).
Result<Timestamp> ParseTimestamp(std::string_view text);

// "2013-10-07T13:30:00Z"; fraction digits only when not zero ("…:00.5Z").
std::string FormatTimestamp(Timestamp t);

// "YYYY-MM-DD<separator>HH:MM:SS", fraction digits only when not zero.
std::string FormatDateTime(LocalTime local, char separator);

// "YYYY-MM-DD" with a valid month and day.
Result<Date> ParseDate(std::string_view text);
std::string FormatDate(Date date);

// Midnight UTC at the start of `date`, and the UTC date of an instant.
Timestamp StartOfDayUtc(Date date);
Date UtcDate(Timestamp t);

// "90s", "5m", "1h30m", "2d" for logs and messages; "0s" for zero.
std::string FormatDuration(Duration d);

}  // namespace tapedeck
