// IANA time zones for display and import: UTC instants to wall-clock time in a
// zone and back, with the zone's abbreviation ("EDT"). The only place outside
// the calendar that may learn New York time is through these functions.
//
// A TimeZone is a cheap, copyable handle to immutable zone data that lives
// for the whole process; every method is const and safe from any thread.
// Conversions are a binary search over the zone's transitions (precomputed
// once per zone from the system tz database), so millions of rows are cheap.
//
// Limitation: the tz reader (Howard Hinnant's date 3.0.1 on /usr/share/zoneinfo)
// does not extend DST rules past the last transition stored in the file
// (2037 for America/New_York), so instants after 2037 use standard time.
#pragma once

#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/timestamp.hpp"

namespace tapedeck::calendar {

namespace internal {
struct ZoneTable;
}  // namespace internal

class TimeZone {
 public:
  // An IANA name such as "America/New_York" or "UTC". Errors name the zone.
  static Result<TimeZone> Find(std::string_view name);

  // The IANA name as given to Find.
  const std::string& name() const;

  // The wall-clock time in this zone at instant `t`.
  LocalTime ToLocal(Timestamp t) const;

  // The instant at which this zone's clocks read `local`. Errors (naming the
  // local time and the zone) when `local` falls in a DST gap (nonexistent) or
  // in the repeated hour after one (ambiguous).
  Result<Timestamp> ToUtc(LocalTime local) const;

  // UTC offset at instant `t` (negative west of Greenwich).
  Duration offset(Timestamp t) const;

  // "EDT", "EST", "UTC": the zone's abbreviation at instant `t`. The view stays
  // valid for the life of the process.
  std::string_view abbreviation(Timestamp t) const;

  // "2013-10-07 09:30:00 EDT"; fraction digits only when not zero.
  std::string Format(Timestamp t) const;

  friend bool operator==(const TimeZone& a, const TimeZone& b) { return a.table_ == b.table_; }

 private:
  explicit TimeZone(const internal::ZoneTable* table) : table_(table) {}
  const internal::ZoneTable* table_;  // Never null; owned by a process-wide registry.

  friend const TimeZone& NewYork();
};

// America/New_York, the zone of US equity sessions. Requires the system tz
// database (tzdata); a missing one is an installation bug and stops the program.
const TimeZone& NewYork();

// "09:30" for a duration since local midnight (used in messages and tables).
std::string FormatClockTime(Duration since_midnight);

}  // namespace tapedeck::calendar
