#include "calendar/trading_calendar.hpp"

#include "calendar/zone.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <set>

namespace tapedeck::calendar {
namespace {

namespace chr = std::chrono;
using ::testing::HasSubstr;

Date D(int y, unsigned m, unsigned d) { return Date{chr::year(y), chr::month(m), chr::day(d)}; }

Timestamp T(std::string_view iso) { return *ParseTimestamp(iso); }

const TradingCalendar& Nyse() {
  static const TradingCalendar calendar = *TradingCalendar::ForExchange("US_EQUITY");
  return calendar;
}

bool IsWeekend(Date date) {
  const chr::weekday wd(chr::sys_days{date});
  return wd == chr::Saturday || wd == chr::Sunday;
}

// The weekdays of a year on which the exchange is closed, and its early closes
// with their New York close time "HH:MM", as the calendar computes them.
struct YearSchedule {
  std::set<std::string> closed_weekdays;
  std::map<std::string, std::string> short_days;  // date → "open-close" New York time.
};

YearSchedule ScheduleOf(int year) {
  YearSchedule schedule;
  for (chr::sys_days day{D(year, 1, 1)}; day <= chr::sys_days{D(year, 12, 31)};
       day += chr::days(1)) {
    const Date date(day);
    if (IsWeekend(date)) continue;
    const auto hours = *Nyse().Session(date);
    if (!hours) {
      schedule.closed_weekdays.insert(FormatDate(date));
      continue;
    }
    const auto local = [](Timestamp t) {
      const LocalTime l = NewYork().ToLocal(t);
      return FormatClockTime(l - chr::floor<chr::days>(l));
    };
    if (local(hours->open) != "09:30" || local(hours->close) != "16:00") {
      schedule.short_days[FormatDate(date)] = local(hours->open) + "-" + local(hours->close);
    }
  }
  return schedule;
}

// Expected schedules, written by hand from the NYSE's published holiday and
// early-closing calendars (nyse.com/markets/hours-calendars and the NYSE Group
// press releases of each year; 2001 from the NYSE closings record).

TEST(TradingCalendarTest, Year2001MatchesPublishedSchedule) {
  const YearSchedule schedule = ScheduleOf(2001);

  EXPECT_EQ(
      schedule.closed_weekdays,
      (std::set<std::string>{"2001-01-01", "2001-01-15", "2001-02-19", "2001-04-13", "2001-05-28",
                             "2001-07-04", "2001-09-03", "2001-09-11", "2001-09-12", "2001-09-13",
                             "2001-09-14", "2001-11-22", "2001-12-25"}));
  EXPECT_EQ(schedule.short_days,
            (std::map<std::string, std::string>{{"2001-07-03", "09:30-13:00"},
                                                {"2001-11-23", "09:30-13:00"},
                                                {"2001-12-24", "09:30-13:00"}}));
}

TEST(TradingCalendarTest, Year2002HasFridayAfterJulyFourthAndNoonOpen) {
  const YearSchedule schedule = ScheduleOf(2002);

  EXPECT_EQ(
      schedule.closed_weekdays,
      (std::set<std::string>{"2002-01-01", "2002-01-21", "2002-02-18", "2002-03-29", "2002-05-27",
                             "2002-07-04", "2002-09-02", "2002-11-28", "2002-12-25"}));
  EXPECT_EQ(schedule.short_days,
            (std::map<std::string, std::string>{{"2002-07-05", "09:30-13:00"},
                                                {"2002-09-11", "12:00-16:00"},
                                                {"2002-11-29", "09:30-13:00"},
                                                {"2002-12-24", "09:30-13:00"}}));
}

TEST(TradingCalendarTest, Year2012MatchesPublishedSchedule) {
  const YearSchedule schedule = ScheduleOf(2012);

  EXPECT_EQ(schedule.closed_weekdays,
            (std::set<std::string>{"2012-01-02", "2012-01-16", "2012-02-20", "2012-04-06",
                                   "2012-05-28", "2012-07-04", "2012-09-03", "2012-10-29",
                                   "2012-10-30", "2012-11-22", "2012-12-25"}));
  EXPECT_EQ(schedule.short_days,
            (std::map<std::string, std::string>{{"2012-07-03", "09:30-13:00"},
                                                {"2012-11-23", "09:30-13:00"},
                                                {"2012-12-24", "09:30-13:00"}}));
}

TEST(TradingCalendarTest, Year2015MatchesPublishedSchedule) {
  const YearSchedule schedule = ScheduleOf(2015);

  EXPECT_EQ(
      schedule.closed_weekdays,
      (std::set<std::string>{"2015-01-01", "2015-01-19", "2015-02-16", "2015-04-03", "2015-05-25",
                             "2015-07-03", "2015-09-07", "2015-11-26", "2015-12-25"}));
  // "Day before Independence Day: N/A" in the NYSE's 2015 calendar.
  EXPECT_EQ(schedule.short_days,
            (std::map<std::string, std::string>{{"2015-11-27", "09:30-13:00"},
                                                {"2015-12-24", "09:30-13:00"}}));
}

TEST(TradingCalendarTest, Year2020MatchesPublishedSchedule) {
  const YearSchedule schedule = ScheduleOf(2020);

  EXPECT_EQ(
      schedule.closed_weekdays,
      (std::set<std::string>{"2020-01-01", "2020-01-20", "2020-02-17", "2020-04-10", "2020-05-25",
                             "2020-07-03", "2020-09-07", "2020-11-26", "2020-12-25"}));
  EXPECT_EQ(schedule.short_days,
            (std::map<std::string, std::string>{{"2020-11-27", "09:30-13:00"},
                                                {"2020-12-24", "09:30-13:00"}}));
}

TEST(TradingCalendarTest, Year2022MatchesPublishedSchedule) {
  const YearSchedule schedule = ScheduleOf(2022);

  // No New Year's holiday (Saturday), Juneteenth observed Monday June 20.
  EXPECT_EQ(
      schedule.closed_weekdays,
      (std::set<std::string>{"2022-01-17", "2022-02-21", "2022-04-15", "2022-05-30", "2022-06-20",
                             "2022-07-04", "2022-09-05", "2022-11-24", "2022-12-26"}));
  EXPECT_EQ(schedule.short_days,
            (std::map<std::string, std::string>{{"2022-11-25", "09:30-13:00"}}));
}

TEST(TradingCalendarTest, Year2024MatchesPublishedSchedule) {
  const YearSchedule schedule = ScheduleOf(2024);

  EXPECT_EQ(schedule.closed_weekdays,
            (std::set<std::string>{"2024-01-01", "2024-01-15", "2024-02-19", "2024-03-29",
                                   "2024-05-27", "2024-06-19", "2024-07-04", "2024-09-02",
                                   "2024-11-28", "2024-12-25"}));
  EXPECT_EQ(schedule.short_days,
            (std::map<std::string, std::string>{{"2024-07-03", "09:30-13:00"},
                                                {"2024-11-29", "09:30-13:00"},
                                                {"2024-12-24", "09:30-13:00"}}));
}

TEST(TradingCalendarTest, Year2025MatchesPublishedSchedule) {
  const YearSchedule schedule = ScheduleOf(2025);

  EXPECT_EQ(schedule.closed_weekdays,
            (std::set<std::string>{"2025-01-01", "2025-01-09", "2025-01-20", "2025-02-17",
                                   "2025-04-18", "2025-05-26", "2025-06-19", "2025-07-04",
                                   "2025-09-01", "2025-11-27", "2025-12-25"}));
  EXPECT_EQ(schedule.short_days,
            (std::map<std::string, std::string>{{"2025-07-03", "09:30-13:00"},
                                                {"2025-11-28", "09:30-13:00"},
                                                {"2025-12-24", "09:30-13:00"}}));
}

TEST(TradingCalendarTest, Year2026MatchesPublishedSchedule) {
  const YearSchedule schedule = ScheduleOf(2026);

  EXPECT_EQ(schedule.closed_weekdays,
            (std::set<std::string>{"2026-01-01", "2026-01-19", "2026-02-16", "2026-04-03",
                                   "2026-05-25", "2026-06-19", "2026-07-03", "2026-09-07",
                                   "2026-11-26", "2026-12-25"}));
  EXPECT_EQ(schedule.short_days,
            (std::map<std::string, std::string>{{"2026-11-27", "09:30-13:00"},
                                                {"2026-12-24", "09:30-13:00"}}));
}

TEST(TradingCalendarTest, EveryOneOffClosureIsClosedWithItsReason) {
  const std::map<std::string, std::string> closures = {
      {"2001-09-11", "September 11 attacks"},
      {"2001-09-12", "September 11 attacks"},
      {"2001-09-13", "September 11 attacks"},
      {"2001-09-14", "September 11 attacks"},
      {"2004-06-11", "national day of mourning for President Reagan"},
      {"2007-01-02", "national day of mourning for President Ford"},
      {"2012-10-29", "Hurricane Sandy"},
      {"2012-10-30", "Hurricane Sandy"},
      {"2018-12-05", "national day of mourning for President George H. W. Bush"},
      {"2025-01-09", "national day of mourning for President Carter"},
  };
  for (const auto& [date, reason] : closures) {
    const DayInfo info = *Nyse().Explain(*ParseDate(date));

    EXPECT_EQ(info.kind, DayKind::kClosure) << date;
    EXPECT_EQ(info.ToString(), "closed: " + reason) << date;
  }
  EXPECT_TRUE(*Nyse().IsSession(D(2001, 9, 17)));
  EXPECT_TRUE(*Nyse().IsSession(D(2012, 10, 31)));
}

TEST(TradingCalendarTest, SessionsOpenAt0930NewYorkAcrossDstChanges) {
  // 2024: DST from Sunday 03-10 to Sunday 11-03.
  EXPECT_EQ((*Nyse().Session(D(2024, 3, 8)))->open, T("2024-03-08T14:30:00Z"));
  EXPECT_EQ((*Nyse().Session(D(2024, 3, 11)))->open, T("2024-03-11T13:30:00Z"));
  EXPECT_EQ((*Nyse().Session(D(2024, 11, 1)))->open, T("2024-11-01T13:30:00Z"));
  EXPECT_EQ((*Nyse().Session(D(2024, 11, 4)))->open, T("2024-11-04T14:30:00Z"));
  // Before the 2007 rule change DST began on the first Sunday of April.
  EXPECT_EQ((*Nyse().Session(D(2006, 3, 31)))->open, T("2006-03-31T14:30:00Z"));
  EXPECT_EQ((*Nyse().Session(D(2006, 4, 3)))->open, T("2006-04-03T13:30:00Z"));
  EXPECT_EQ((*Nyse().Session(D(2006, 10, 27)))->open, T("2006-10-27T13:30:00Z"));
  EXPECT_EQ((*Nyse().Session(D(2006, 10, 30)))->open, T("2006-10-30T14:30:00Z"));
  // 2035: DST from 03-11 to 11-04.
  EXPECT_EQ((*Nyse().Session(D(2035, 3, 12)))->open, T("2035-03-12T13:30:00Z"));
  EXPECT_EQ((*Nyse().Session(D(2035, 11, 5)))->open, T("2035-11-05T14:30:00Z"));
}

TEST(TradingCalendarTest, SessionHoursIncludeExtendedHours) {
  const SessionHours summer = **Nyse().Session(D(2013, 10, 7));
  const SessionHours black_friday = **Nyse().Session(D(2024, 11, 29));

  EXPECT_EQ(summer.pre_market_open, T("2013-10-07T08:00:00Z"));
  EXPECT_EQ(summer.open, T("2013-10-07T13:30:00Z"));
  EXPECT_EQ(summer.close, T("2013-10-07T20:00:00Z"));
  EXPECT_EQ(summer.after_hours_close, T("2013-10-08T00:00:00Z"));
  EXPECT_FALSE(summer.early_close);
  EXPECT_EQ(black_friday.close, T("2024-11-29T18:00:00Z"));
  EXPECT_EQ(black_friday.after_hours_close, T("2024-11-29T22:00:00Z"));
  EXPECT_TRUE(black_friday.early_close);
  EXPECT_EQ(black_friday.reason, "day after Thanksgiving");
}

TEST(TradingCalendarTest, ExplainsDaysInWords) {
  EXPECT_EQ(Nyse().Explain(D(2024, 3, 29))->ToString(), "closed: Good Friday");
  EXPECT_EQ(Nyse().Explain(D(2024, 3, 30))->ToString(), "closed: weekend");
  EXPECT_EQ(Nyse().Explain(D(2013, 10, 7))->ToString(), "open 09:30–16:00 EDT (13:30–20:00 UTC)");
  EXPECT_EQ(Nyse().Explain(D(2024, 11, 29))->ToString(),
            "early close 13:00: day after Thanksgiving; open 09:30–13:00 EST (14:30–18:00 UTC)");
  EXPECT_EQ(Nyse().Explain(D(2002, 9, 11))->ToString(),
            "late open 12:00: anniversary of September 11; open 12:00–16:00 EDT (16:00–20:00 UTC)");
}

TEST(TradingCalendarTest, AllSessionsAreWeekdaysWithOpenBeforeClose) {
  const std::vector<Date> all =
      *Nyse().SessionsBetween(TradingCalendar::first_date(), TradingCalendar::last_date());

  ASSERT_GT(all.size(), 9000u);
  for (const Date date : all) {
    const SessionHours hours = **Nyse().Session(date);
    ASSERT_FALSE(IsWeekend(date)) << FormatDate(date);
    ASSERT_LT(hours.pre_market_open, hours.open) << FormatDate(date);
    ASSERT_LT(hours.open, hours.close) << FormatDate(date);
    ASSERT_LT(hours.close, hours.after_hours_close) << FormatDate(date);
    ASSERT_EQ(hours.date, date);
    // Regular hours are 6.5 h except on the few days with changed hours.
    if (!hours.early_close && hours.reason.empty()) {
      ASSERT_EQ(hours.close - hours.open, chr::minutes(390)) << FormatDate(date);
    }
  }
}

TEST(TradingCalendarTest, SessionsPerYearAreBetween250And253) {
  // Years with one-off closures, and how many: checked exactly below.
  const std::map<int, int> one_off_closures = {{2001, 4}, {2004, 1}, {2007, 1},
                                               {2012, 2}, {2018, 1}, {2025, 1}};
  for (int year = 2000; year <= 2035; ++year) {
    const auto sessions = Nyse().SessionsBetween(D(year, 1, 1), D(year, 12, 31))->size();
    const auto it = one_off_closures.find(year);
    const auto closures = static_cast<size_t>(it == one_off_closures.end() ? 0 : it->second);

    EXPECT_GE(sessions + closures, 250u) << year;
    EXPECT_LE(sessions + closures, 253u) << year;
  }
  EXPECT_EQ(Nyse().SessionsBetween(D(2001, 1, 1), D(2001, 12, 31))->size(), 248u);
  EXPECT_EQ(Nyse().SessionsBetween(D(2012, 1, 1), D(2012, 12, 31))->size(), 250u);
  EXPECT_EQ(Nyse().SessionsBetween(D(2025, 1, 1), D(2025, 12, 31))->size(), 250u);
}

TEST(TradingCalendarTest, NextAndPreviousSessionSkipClosedDays) {
  EXPECT_EQ(*Nyse().NextSession(D(2024, 3, 28)), D(2024, 4, 1));  // Good Friday, weekend.
  EXPECT_EQ(*Nyse().PreviousSession(D(2024, 4, 1)), D(2024, 3, 28));
  EXPECT_EQ(*Nyse().NextSession(D(2001, 9, 10)), D(2001, 9, 17));
  EXPECT_EQ(*Nyse().PreviousSession(D(2001, 9, 15)), D(2001, 9, 10));
  EXPECT_EQ(*Nyse().NextSession(D(2021, 12, 30)), D(2021, 12, 31));
}

TEST(TradingCalendarTest, NBackArithmeticAgreesWithPreviousSession) {
  for (const Date date : {D(2013, 10, 8), D(2001, 9, 17), D(2025, 1, 10), D(2035, 12, 31)}) {
    const std::vector<Date> before = *Nyse().SessionsBefore(date, 30);
    ASSERT_EQ(before.size(), 30u);
    Date walk = date;
    for (size_t k = before.size(); k-- > 0;) {
      walk = *Nyse().PreviousSession(walk);
      ASSERT_EQ(before[k], walk) << FormatDate(date) << " back " << before.size() - k;
      if (k + 1 < before.size()) {
        ASSERT_EQ(*Nyse().NextSession(before[k]), before[k + 1]);
      }
    }
  }
  EXPECT_EQ(*Nyse().SessionsBefore(D(2013, 10, 8), 3),
            (std::vector<Date>{D(2013, 10, 3), D(2013, 10, 4), D(2013, 10, 7)}));
  EXPECT_TRUE(Nyse().SessionsBefore(D(2013, 10, 8), 0)->empty());
}

TEST(TradingCalendarTest, SessionsBeforeHasNoHorizonButStopsAtTheStart) {
  const auto all = *Nyse().SessionsBetween(TradingCalendar::first_date(), D(2035, 12, 28));
  const int count = static_cast<int>(all.size());

  const auto everything = Nyse().SessionsBefore(D(2035, 12, 31), count);
  const auto too_many = Nyse().SessionsBefore(D(2035, 12, 31), count + 1);
  const auto negative = Nyse().SessionsBefore(D(2035, 12, 31), -1);

  ASSERT_TRUE(everything.ok());
  EXPECT_EQ(everything->front(), D(2000, 1, 3));
  ASSERT_FALSE(too_many.ok());
  EXPECT_THAT(too_many.error().message(), HasSubstr("reach back before 2000-01-01"));
  EXPECT_FALSE(negative.ok());
}

TEST(TradingCalendarTest, SessionsBetweenIsInclusive) {
  EXPECT_EQ(*Nyse().SessionsBetween(D(2013, 10, 7), D(2013, 10, 11)),
            (std::vector<Date>{D(2013, 10, 7), D(2013, 10, 8), D(2013, 10, 9), D(2013, 10, 10),
                               D(2013, 10, 11)}));
  EXPECT_TRUE(Nyse().SessionsBetween(D(2024, 3, 29), D(2024, 3, 31))->empty());
  EXPECT_FALSE(Nyse().SessionsBetween(D(2024, 4, 1), D(2024, 3, 1)).ok());
}

TEST(TradingCalendarTest, SlotCountsFollowTheSessionLength) {
  EXPECT_EQ(*Nyse().SlotCount(D(2013, 10, 7), model::Interval::Minutes(1)), 390);
  EXPECT_EQ(*Nyse().SlotCount(D(2024, 11, 29), model::Interval::Minutes(1)), 210);
  EXPECT_EQ(*Nyse().SlotCount(D(2013, 10, 7), model::Interval::Minutes(5)), 78);
  EXPECT_EQ(*Nyse().SlotCount(D(2013, 10, 7), model::Interval::Hours(1)), 7);
  EXPECT_EQ(*Nyse().SlotCount(D(2024, 11, 29), model::Interval::Hours(1)), 4);
  EXPECT_EQ(*Nyse().SlotCount(D(2013, 10, 7), model::Interval::Days(1)), 1);
  EXPECT_EQ(*Nyse().SlotCount(D(2005, 6, 1), model::Interval::Minutes(1)), 386);
  EXPECT_EQ(*Nyse().SlotCount(D(2002, 9, 11), model::Interval::Minutes(1)), 240);
  EXPECT_EQ(*Nyse().SlotCount(D(2024, 3, 29), model::Interval::Minutes(1)), 0);
  EXPECT_EQ(*Nyse().SlotCount(D(2013, 10, 7), model::Interval::Minutes(1), SessionPart::kExtended),
            960);
  EXPECT_FALSE(Nyse().SlotCount(D(2013, 10, 7), model::Interval::Weeks(1)).ok());
  EXPECT_FALSE(Nyse().SlotCount(D(2024, 3, 29), model::Interval::Weeks(1)).ok());
}

TEST(TradingCalendarTest, SlotsAreAlignedToTheOpenAndCutAtTheClose) {
  const std::vector<Slot> hours = *Nyse().Slots(D(2013, 10, 7), model::Interval::Hours(1));
  const std::vector<Slot> early = *Nyse().Slots(D(2024, 11, 29), model::Interval::Hours(1));

  ASSERT_EQ(hours.size(), 7u);
  EXPECT_EQ(hours.front(), (Slot{T("2013-10-07T13:30:00Z"), T("2013-10-07T14:30:00Z")}));
  EXPECT_EQ(hours.back(), (Slot{T("2013-10-07T19:30:00Z"), T("2013-10-07T20:00:00Z")}));
  ASSERT_EQ(early.size(), 4u);
  EXPECT_EQ(early.back(), (Slot{T("2024-11-29T17:30:00Z"), T("2024-11-29T18:00:00Z")}));
  EXPECT_TRUE(Nyse().Slots(D(2024, 3, 29), model::Interval::Minutes(1))->empty());
}

TEST(TradingCalendarTest, SessionAtFindsTheSessionOfAnInstant) {
  const auto during = Nyse().SessionAt(T("2013-10-07T13:30:00Z"));
  const auto pre_market = Nyse().SessionAt(T("2013-10-07T08:00:00Z"));
  const auto overnight = Nyse().SessionAt(T("2013-10-07T07:59:59Z"));
  const auto holiday = Nyse().SessionAt(T("2024-03-29T15:00:00Z"));

  ASSERT_TRUE(during.ok() && during->has_value());
  EXPECT_EQ((*during)->date, D(2013, 10, 7));
  ASSERT_TRUE(pre_market->has_value());
  EXPECT_FALSE(overnight->has_value());
  EXPECT_FALSE(holiday->has_value());
}

TEST(TradingCalendarTest, OutOfRangeDatesAreErrorsNotClosedDays) {
  const auto before = Nyse().Session(D(1999, 12, 31));
  const auto after = Nyse().IsSession(D(2036, 1, 2));
  const auto next = Nyse().NextSession(D(2035, 12, 31));
  const auto previous = Nyse().PreviousSession(D(2000, 1, 3));

  ASSERT_FALSE(before.ok());
  EXPECT_EQ(before.error().message(),
            "1999-12-31 is outside the trading calendar's range 2000-01-01..2035-12-31");
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().code(), ErrorCode::kInvalidArgument);
  ASSERT_FALSE(next.ok());
  EXPECT_THAT(next.error().message(), HasSubstr("no session after 2035-12-31"));
  ASSERT_FALSE(previous.ok());
  EXPECT_THAT(previous.error().message(), HasSubstr("no session before 2000-01-03"));
  EXPECT_FALSE(Nyse().Explain(D(2040, 1, 2)).ok());
  EXPECT_FALSE(Nyse().SessionsBefore(D(1990, 1, 2), 1).ok());
  EXPECT_FALSE(Nyse().SlotCount(D(2036, 1, 2), model::Interval::Minutes(1)).ok());
}

TEST(TradingCalendarTest, KnowsItsExchangeAliasesAndRejectsOthers) {
  EXPECT_TRUE(TradingCalendar::ForExchange("NYSE").ok());
  EXPECT_TRUE(TradingCalendar::ForExchange("XNYS").ok());
  EXPECT_TRUE(TradingCalendar::ForExchange("us_equity").ok());
  EXPECT_EQ(TradingCalendar::ForExchange("NYSE")->exchange(), "US_EQUITY");

  const auto unknown = TradingCalendar::ForExchange("LSE");

  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message(),
            "unknown exchange 'LSE': the trading calendar knows US_EQUITY (aliases NYSE, XNYS)");
}

}  // namespace
}  // namespace tapedeck::calendar

namespace tapedeck::calendar {
namespace {

TEST(TradingCalendarWindowTest, MarksTheLastSessionOfEachWeek) {
  const TradingCalendar calendar = *TradingCalendar::ForExchange("NYSE");
  using std::chrono::year;
  // 2024-03-28 (Thu) is the last session before Good Friday 2024-03-29.
  const Date thursday{year(2024), std::chrono::March, std::chrono::day(28)};
  const Date wednesday{year(2024), std::chrono::March, std::chrono::day(27)};
  // 2013-10-11 is a regular Friday.
  const Date friday{year(2013), std::chrono::October, std::chrono::day(11)};

  EXPECT_TRUE(calendar.Window(thursday)->last_of_week);
  EXPECT_FALSE(calendar.Window(wednesday)->last_of_week);
  EXPECT_TRUE(calendar.Window(friday)->last_of_week);
  EXPECT_EQ(calendar.Window(friday)->open, *ParseTimestamp("2013-10-11T13:30:00Z"));
  EXPECT_EQ(
      calendar.Window(Date{year(2024), std::chrono::March, std::chrono::day(29)}).error().message(),
      "2024-03-29 is not a session (closed: Good Friday)");
}

}  // namespace
}  // namespace tapedeck::calendar
