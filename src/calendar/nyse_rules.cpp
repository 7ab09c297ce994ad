#include "calendar/nyse_rules.hpp"

#include <array>

#include "core/check.hpp"

// Sources for the rules and dates below (facts learned from them, no code taken):
// - NYSE Rule 7.2 and the NYSE holiday and early-closing calendars,
//   https://www.nyse.com/markets/hours-calendars (current and next two years).
// - "Stocks.NYSE-Closings.pdf", the NYSE's record of closings and changed hours
//   up to 2011, as attached to pandas_market_calendars (github.com/rsheftel/
//   pandas_market_calendars/files/6827110/Stocks.NYSE-Closings.pdf), and the
//   rule dates in that project's holidays/nyse.py (read 2026-04, commit 966ffb3).
// - For 2013-2020, NYSE Group holiday press releases (businesswire.com, e.g.
//   20141208006349 for 2015-2016), cross-checked against the project above.

namespace tapedeck::calendar {
namespace {

namespace chr = std::chrono;
using chr::days;
using chr::sys_days;
using chr::weekday;

constexpr weekday kMonday = chr::Monday;
constexpr weekday kWednesday = chr::Wednesday;
constexpr weekday kThursday = chr::Thursday;
constexpr weekday kFriday = chr::Friday;
constexpr weekday kSaturday = chr::Saturday;
constexpr weekday kSunday = chr::Sunday;

constexpr Date Ymd(int y, unsigned m, unsigned d) {
  return Date{chr::year(y), chr::month(m), chr::day(d)};
}

weekday WeekdayOf(Date date) { return weekday(sys_days(date)); }

// The n-th `wd` of a month (n ≥ 1), or the last one.
Date NthWeekday(int year, unsigned month, weekday wd, unsigned n) {
  return Date(sys_days(chr::year_month_weekday(chr::year(year), chr::month(month), wd[n])));
}
Date LastWeekday(int year, unsigned month, weekday wd) {
  return Date(sys_days(
      chr::year_month_weekday_last(chr::year(year), chr::month(month), chr::weekday_last(wd))));
}

// A fixed-date holiday falling on a weekend moves to the nearest weekday
// (Saturday → Friday, Sunday → Monday), per NYSE Rule 7.2.
Date NearestWeekday(Date date) {
  const weekday wd = WeekdayOf(date);
  if (wd == kSaturday) return Date(sys_days(date) - days(1));
  if (wd == kSunday) return Date(sys_days(date) + days(1));
  return date;
}

struct Holiday {
  Date date;
  std::string_view name;
};

// The year's regular holidays as observed. At most 10.
int HolidaysOf(int year, std::array<Holiday, 10>& out) {
  int count = 0;
  const auto add = [&](Date date, std::string_view name) {
    out[static_cast<size_t>(count++)] = {date, name};
  };
  // New Year's Day: Sunday → Monday; Saturday → not observed at all (the
  // Friday before is the last session of the old year, e.g. 2021-12-31).
  const Date new_year = Ymd(year, 1, 1);
  if (WeekdayOf(new_year) == kSunday) {
    add(Ymd(year, 1, 2), "New Year's Day (observed)");
  } else if (WeekdayOf(new_year) != kSaturday) {
    add(new_year, "New Year's Day");
  }
  if (year >= 1998) add(NthWeekday(year, 1, kMonday, 3), "Martin Luther King Jr. Day");
  add(NthWeekday(year, 2, kMonday, 3), "Washington's Birthday");
  add(Date(sys_days(EasterSunday(year)) - days(2)), "Good Friday");
  add(LastWeekday(year, 5, kMonday), "Memorial Day");
  if (year >= 2022) {
    const Date juneteenth = NearestWeekday(Ymd(year, 6, 19));
    add(juneteenth, juneteenth == Ymd(year, 6, 19) ? "Juneteenth" : "Juneteenth (observed)");
  }
  const Date independence = NearestWeekday(Ymd(year, 7, 4));
  add(independence,
      independence == Ymd(year, 7, 4) ? "Independence Day" : "Independence Day (observed)");
  add(NthWeekday(year, 9, kMonday, 1), "Labor Day");
  add(NthWeekday(year, 11, kThursday, 4), "Thanksgiving Day");
  const Date christmas = NearestWeekday(Ymd(year, 12, 25));
  add(christmas, christmas == Ymd(year, 12, 25) ? "Christmas Day" : "Christmas Day (observed)");
  return count;
}

// Regular 13:00 early closes; the reason, or empty.
std::string_view RuleEarlyClose(Date date) {
  const int year = static_cast<int>(date.year());
  const weekday wd = WeekdayOf(date);
  if (date.month() == chr::July && date.day() == chr::day(3)) {
    // July 3 closes early when it is a Monday, Tuesday or Thursday (July 4 on a
    // weekday); a Wednesday July 3 only since 2013 (2013-07-03 was the first).
    // A Friday July 3 is the observed holiday itself, and when July 4 is a
    // Saturday there is no early close on Thursday July 2 (2009, 2015, 2020:
    // the NYSE calendars list "N/A").
    if (wd == kMonday || wd == chr::Tuesday || wd == kThursday)
      return "day before Independence Day";
    if (wd == kWednesday && year >= 2013) return "day before Independence Day";
  }
  // Until 2012, a Thursday July 4 was followed by an early close on Friday
  // July 5 instead of one on Wednesday July 3 (e.g. 2002-07-05).
  if (date.month() == chr::July && date.day() == chr::day(5) && wd == kFriday && year <= 2012) {
    return "day after Independence Day";
  }
  if (date == Date(sys_days(NthWeekday(year, 11, kThursday, 4)) + days(1))) {
    return "day after Thanksgiving";
  }
  // Christmas Eve closes early Monday to Thursday; a Friday December 24 is the
  // observed Christmas holiday (Christmas on Saturday, e.g. 2010, 2021).
  if (date.month() == chr::December && date.day() == chr::day(24) && wd != kFriday &&
      wd != kSaturday && wd != kSunday) {
    return "Christmas Eve";
  }
  return {};
}

// One-off days from the historical record (see the sources at the top).
struct OneOff {
  Date date;
  DayKind kind;  // kClosure, or kSession with changed hours.
  std::string_view reason;
  Duration open = kRegularOpen;
  Duration close = kRegularClose;
};

constexpr Duration kNoon = chr::hours(12);

constexpr std::array kOneOffs = {
    // Closed Tue-Fri after the attacks on the World Trade Center; reopened Monday 2001-09-17.
    OneOff{Ymd(2001, 9, 11), DayKind::kClosure, "September 11 attacks"},
    OneOff{Ymd(2001, 9, 12), DayKind::kClosure, "September 11 attacks"},
    OneOff{Ymd(2001, 9, 13), DayKind::kClosure, "September 11 attacks"},
    OneOff{Ymd(2001, 9, 14), DayKind::kClosure, "September 11 attacks"},
    // Opened at 12:00 on the first anniversary of the attacks (NYSE closings record).
    OneOff{Ymd(2002, 9, 11), DayKind::kSession, "anniversary of September 11", kNoon,
           kRegularClose},
    // Early close at 13:00 on the Friday after Christmas 2003 (NYSE closings record).
    OneOff{Ymd(2003, 12, 26), DayKind::kSession, "day after Christmas", kRegularOpen, kEarlyClose},
    // National day of mourning for President Ronald Reagan.
    OneOff{Ymd(2004, 6, 11), DayKind::kClosure, "national day of mourning for President Reagan"},
    // Closed at 15:56 after a systems communication problem (NYSE closings record).
    OneOff{Ymd(2005, 6, 1), DayKind::kSession, "systems communication problem", kRegularOpen,
           chr::hours(15) + chr::minutes(56)},
    // National day of mourning for President Gerald Ford.
    OneOff{Ymd(2007, 1, 2), DayKind::kClosure, "national day of mourning for President Ford"},
    // Hurricane Sandy: closed two days (NYSE press releases of 2012-10-28 and -29).
    OneOff{Ymd(2012, 10, 29), DayKind::kClosure, "Hurricane Sandy"},
    OneOff{Ymd(2012, 10, 30), DayKind::kClosure, "Hurricane Sandy"},
    // National day of mourning for President George H. W. Bush (NYSE notice 2018-12-01).
    OneOff{Ymd(2018, 12, 5), DayKind::kClosure,
           "national day of mourning for President George H. W. Bush"},
    // National day of mourning for President Jimmy Carter (NYSE notice 2024-12-30).
    OneOff{Ymd(2025, 1, 9), DayKind::kClosure, "national day of mourning for President Carter"},
};

}  // namespace

Date EasterSunday(int year) {
  // Anonymous Gregorian algorithm (Meeus, "Astronomical Algorithms", ch. 8).
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = (h + l - 7 * m + 114) % 31 + 1;
  return Ymd(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

NyseDay ClassifyNyseDay(Date date) {
  const int year = static_cast<int>(date.year());
  TD_CHECK(date.ok() && year >= kFirstNyseYear && year <= kLastNyseYear,
           "NYSE rules asked about {} outside {}..{}", FormatDate(date), kFirstNyseYear,
           kLastNyseYear);
  const weekday wd = WeekdayOf(date);
  if (wd == kSaturday || wd == kSunday) return {DayKind::kWeekend, {}};
  std::array<Holiday, 10> holidays{};
  const int holiday_count = HolidaysOf(year, holidays);
  for (int i = 0; i < holiday_count; ++i) {
    const Holiday& holiday = holidays[static_cast<size_t>(i)];
    if (holiday.date == date) return {DayKind::kHoliday, holiday.name};
  }
  for (const OneOff& one_off : kOneOffs) {
    if (one_off.date != date) continue;
    NyseDay day{one_off.kind, one_off.reason, one_off.open, one_off.close};
    if (one_off.close == kEarlyClose) day.after_hours_close = kEarlyAfterHoursClose;
    return day;
  }
  if (const std::string_view reason = RuleEarlyClose(date); !reason.empty()) {
    return {DayKind::kSession, reason, kRegularOpen, kEarlyClose, kEarlyAfterHoursClose};
  }
  return {};
}

}  // namespace tapedeck::calendar
