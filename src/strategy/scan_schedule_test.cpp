#include "strategy/scan_schedule.hpp"

#include <gtest/gtest.h>

#include "calendar/trading_calendar.hpp"

namespace tapedeck::strategy {
namespace {

using Json = nlohmann::ordered_json;

calendar::SessionHours Hours(std::string_view date) {
  static const auto calendar = *calendar::TradingCalendar::ForExchange("NYSE");
  return **calendar.Session(*ParseDate(date));
}

TEST(ScanScheduleTest, EveryFiveMinutesFromStartToEndInclusive) {
  std::vector<std::string> errors;
  const ScanSchedule schedule = ParseScanSchedule(Json::parse(R"({"pre_session": true,
                      "regular_session": [{"start": "09:35", "end": "15:30", "interval": "5m"}]})"),
                                                  "scanners[0]", errors);

  const std::vector<Timestamp> times = schedule.TimesOn(Hours("2013-10-09"));

  EXPECT_TRUE(errors.empty());
  EXPECT_TRUE(schedule.pre_session);
  ASSERT_EQ(times.size(), 72u);  // (15:30 − 09:35) / 5 min + 1.
  EXPECT_EQ(times.front(), *ParseTimestamp("2013-10-09T13:35:00Z"));
  EXPECT_EQ(times.back(), *ParseTimestamp("2013-10-09T19:30:00Z"));
}

TEST(ScanScheduleTest, TimesAfterAnEarlyCloseAreDropped) {
  std::vector<std::string> errors;
  const ScanSchedule schedule = ParseScanSchedule(
      Json::parse(
          R"({"regular_session": [{"start": "12:30", "end": "15:00", "interval": "30m"}]})"),
      "scanners[0]", errors);

  // 2013-11-29, the day after Thanksgiving, closes at 13:00 (18:00 UTC).
  const std::vector<Timestamp> times = schedule.TimesOn(Hours("2013-11-29"));

  EXPECT_TRUE(errors.empty());
  ASSERT_EQ(times.size(), 2u);
  EXPECT_EQ(times.back(), *ParseTimestamp("2013-11-29T18:00:00Z"));
}

TEST(ScanScheduleTest, BadTimesAndIntervalsNameTheirJsonPath) {
  std::vector<std::string> errors;
  (void)ParseScanSchedule(Json::parse(R"({"pre_session": "yes",
                      "regular_session": [{"start": "9:75", "end": "10:00", "interval": "5m"},
                                          {"start": "10:00", "end": "09:00", "interval": "5m"},
                                          {"start": "10:00", "end": "11:00", "interval": "5x"},
                                          {"start": "10:00", "end": "11:00"},
                                          {"start": "10:00", "every": "5m"}]})"),
                          "scanners[1]", errors);

  ASSERT_EQ(errors.size(), 6u);
  EXPECT_EQ(errors[0], "scanners[1].pre_session: expected true or false, got \"yes\"");
  EXPECT_EQ(errors[1],
            "scanners[1].regular_session[0].start: \"9:75\" is not a New York time \"HH:MM\"");
  EXPECT_EQ(errors[2], "scanners[1].regular_session[1].end: \"09:00\" is before start \"10:00\"");
  EXPECT_EQ(errors[3].rfind("scanners[1].regular_session[2].interval: \"5x\": ", 0), 0u)
      << errors[3];
  EXPECT_EQ(
      errors[4],
      "scanners[1].regular_session[3].interval: missing (needed when end differs from start)");
  EXPECT_EQ(errors[5],
            "scanners[1].regular_session[4].every: unknown key (expected start, end, interval)");
}

}  // namespace
}  // namespace tapedeck::strategy
