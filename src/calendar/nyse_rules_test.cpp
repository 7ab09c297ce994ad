#include "calendar/nyse_rules.hpp"

#include <gtest/gtest.h>

namespace tapedeck::calendar {
namespace {

Date D(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)};
}

TEST(EasterSundayTest, MatchesPublishedDates) {
  // Easter dates from the US Naval Observatory table (aa.usno.navy.mil/data/easter).
  EXPECT_EQ(EasterSunday(2000), D(2000, 4, 23));
  EXPECT_EQ(EasterSunday(2001), D(2001, 4, 15));
  EXPECT_EQ(EasterSunday(2008), D(2008, 3, 23));
  EXPECT_EQ(EasterSunday(2011), D(2011, 4, 24));
  EXPECT_EQ(EasterSunday(2019), D(2019, 4, 21));
  EXPECT_EQ(EasterSunday(2024), D(2024, 3, 31));
  EXPECT_EQ(EasterSunday(2025), D(2025, 4, 20));
  EXPECT_EQ(EasterSunday(2035), D(2035, 3, 25));
  EXPECT_EQ(EasterSunday(2038), D(2038, 4, 25));  // The latest possible date.
  EXPECT_EQ(EasterSunday(2285), D(2285, 3, 22));  // The earliest possible date.
}

TEST(ClassifyNyseDayTest, SaturdayNewYearIsNotObservedOnFriday) {
  // 2022-01-01 was a Saturday; 2021-12-31 was a full session.
  const NyseDay friday = ClassifyNyseDay(D(2021, 12, 31));

  EXPECT_EQ(friday.kind, DayKind::kSession);
  EXPECT_EQ(friday.close, kRegularClose);
  EXPECT_EQ(ClassifyNyseDay(D(2022, 1, 3)).kind, DayKind::kSession);
}

TEST(ClassifyNyseDayTest, SundayHolidaysMoveToMonday) {
  EXPECT_EQ(ClassifyNyseDay(D(2012, 1, 2)).reason, "New Year's Day (observed)");
  EXPECT_EQ(ClassifyNyseDay(D(2022, 6, 20)).reason, "Juneteenth (observed)");
  EXPECT_EQ(ClassifyNyseDay(D(2021, 7, 5)).reason, "Independence Day (observed)");
  EXPECT_EQ(ClassifyNyseDay(D(2022, 12, 26)).reason, "Christmas Day (observed)");
}

TEST(ClassifyNyseDayTest, SaturdayHolidaysOtherThanNewYearMoveToFriday) {
  EXPECT_EQ(ClassifyNyseDay(D(2027, 6, 18)).reason, "Juneteenth (observed)");
  EXPECT_EQ(ClassifyNyseDay(D(2020, 7, 3)).reason, "Independence Day (observed)");
  EXPECT_EQ(ClassifyNyseDay(D(2021, 12, 24)).reason, "Christmas Day (observed)");
}

TEST(ClassifyNyseDayTest, JuneteenthOnlyFrom2022) {
  EXPECT_EQ(ClassifyNyseDay(D(2021, 6, 18)).kind, DayKind::kSession);  // Sat 19th in 2021.
  EXPECT_EQ(ClassifyNyseDay(D(2023, 6, 19)).kind, DayKind::kHoliday);
}

TEST(ClassifyNyseDayTest, IndependenceDayEarlyCloseRules) {
  // Monday, Tuesday, Thursday July 3 close early; Wednesday only since 2013.
  EXPECT_EQ(ClassifyNyseDay(D(2000, 7, 3)).close, kEarlyClose);    // Mon.
  EXPECT_EQ(ClassifyNyseDay(D(2001, 7, 3)).close, kEarlyClose);    // Tue.
  EXPECT_EQ(ClassifyNyseDay(D(2003, 7, 3)).close, kEarlyClose);    // Thu.
  EXPECT_EQ(ClassifyNyseDay(D(2002, 7, 3)).close, kRegularClose);  // Wed before 2013.
  EXPECT_EQ(ClassifyNyseDay(D(2002, 7, 5)).close, kEarlyClose);    // ...Friday after instead.
  EXPECT_EQ(ClassifyNyseDay(D(2013, 7, 3)).close, kEarlyClose);    // Wed since 2013.
  EXPECT_EQ(ClassifyNyseDay(D(2013, 7, 5)).close, kRegularClose);
  // July 4 on a Saturday: the Friday is the holiday and Thursday is a full day.
  EXPECT_EQ(ClassifyNyseDay(D(2015, 7, 2)).close, kRegularClose);
  EXPECT_EQ(ClassifyNyseDay(D(2020, 7, 2)).close, kRegularClose);
  EXPECT_EQ(ClassifyNyseDay(D(2026, 7, 2)).close, kRegularClose);
}

TEST(ClassifyNyseDayTest, EarlyClosesEndAfterHoursAtFive) {
  const NyseDay day = ClassifyNyseDay(D(2024, 11, 29));

  EXPECT_EQ(day.close, kEarlyClose);
  EXPECT_EQ(day.after_hours_close, kEarlyAfterHoursClose);
  EXPECT_EQ(day.reason, "day after Thanksgiving");
}

TEST(ClassifyNyseDayTest, OneOffChangedHours) {
  const NyseDay late_open = ClassifyNyseDay(D(2002, 9, 11));
  const NyseDay systems = ClassifyNyseDay(D(2005, 6, 1));

  EXPECT_EQ(late_open.kind, DayKind::kSession);
  EXPECT_EQ(late_open.open, std::chrono::hours(12));
  EXPECT_EQ(systems.close, std::chrono::hours(15) + std::chrono::minutes(56));
  EXPECT_EQ(ClassifyNyseDay(D(2003, 12, 26)).close, kEarlyClose);
  EXPECT_EQ(ClassifyNyseDay(D(2008, 12, 26)).close, kRegularClose);
  EXPECT_EQ(ClassifyNyseDay(D(2025, 12, 26)).close, kRegularClose);
}

}  // namespace
}  // namespace tapedeck::calendar
