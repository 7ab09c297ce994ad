#include "calendar/calendar_overrides.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

#include "calendar/trading_calendar.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::calendar {
namespace {

namespace chr = std::chrono;
using ::testing::HasSubstr;

Date D(int y, unsigned m, unsigned d) { return Date{chr::year(y), chr::month(m), chr::day(d)}; }

std::filesystem::path WriteFile(const std::string& name, std::string_view text) {
  const std::filesystem::path path = std::filesystem::path(::testing::TempDir()) / name;
  std::ofstream(path) << text;
  return path;
}

TradingCalendar Fresh() { return *TradingCalendar::ForExchange("NYSE"); }

TEST(CalendarOverridesTest, ClosureAndEarlyCloseFromAFileTakeEffect) {
  const auto path = WriteFile("overrides_ok.json", R"({
    "comment": "announced after release",
    "closures": [{"date": "2030-01-02", "reason": "national day of mourning"}],
    "early_closes": [{"date": "2030-01-03", "close": "13:00", "reason": "test early close"},
                     {"date": "2030-01-04", "close": "14:30", "reason": "systems problem"}]
  })");
  TradingCalendar calendar = Fresh();

  const Status status = calendar.LoadOverrides(path);

  ASSERT_TRUE(status.ok()) << status.error().message();
  EXPECT_FALSE(*calendar.IsSession(D(2030, 1, 2)));
  EXPECT_EQ(calendar.Explain(D(2030, 1, 2))->ToString(), "closed: national day of mourning");
  const SessionHours early = **calendar.Session(D(2030, 1, 3));
  EXPECT_TRUE(early.early_close);
  EXPECT_EQ(early.reason, "test early close");
  EXPECT_EQ(early.close, *ParseTimestamp("2030-01-03T18:00:00Z"));
  EXPECT_EQ(early.after_hours_close, *ParseTimestamp("2030-01-03T22:00:00Z"));
  EXPECT_EQ(*calendar.SlotCount(D(2030, 1, 3), model::Interval::Minutes(1)), 210);
  EXPECT_EQ(*calendar.SlotCount(D(2030, 1, 4), model::Interval::Minutes(1)), 300);
  // Trading-day arithmetic sees the new closure.
  EXPECT_EQ(*calendar.NextSession(D(2029, 12, 31)), D(2030, 1, 3));
  EXPECT_EQ(*calendar.SessionsBefore(D(2030, 1, 4), 2),
            (std::vector<Date>{D(2029, 12, 31), D(2030, 1, 3)}));
  // Other calendars are not affected.
  EXPECT_TRUE(*Fresh().IsSession(D(2030, 1, 2)));
}

TEST(CalendarOverridesTest, EarlyCloseDefaultsTo1300) {
  const auto overrides = ParseCalendarOverrides(
      R"({"early_closes": [{"date": "2026-07-02", "reason": "day before Independence Day"}]})",
      "inline");

  ASSERT_TRUE(overrides.ok());
  EXPECT_EQ(overrides->early_closes.at(0).close, chr::hours(13));
}

struct BadCase {
  std::string json;
  std::string message;
};

TEST(CalendarOverridesTest, MalformedFilesGiveErrorsNamingTheJsonPath) {
  const std::vector<BadCase> cases = {
      {R"({"closures": [{"date": "2030-13-02", "reason": "x"}]})",
       "closures[0].date: '2030-13-02' is not a date"},
      {R"({"closures": [{"date": "2030-01-02"}]})", "closures[0]: missing \"reason\""},
      {R"({"closures": [{"reason": "x"}]})", "closures[0]: missing \"date\""},
      {R"({"closures": [{"date": "2030-01-02", "reason": "x", "close": "13:00"}]})",
       "closures[0].close: unknown key; expected date, reason"},
      {R"({"early_closes": [{"date": "2030-01-02", "close": "25:00", "reason": "x"}]})",
       "early_closes[0].close: \"25:00\" is not a time"},
      {R"({"early_closes": [{"date": "2030-01-02", "close": 13, "reason": "x"}]})",
       "early_closes[0].close: expected \"HH:MM\", got 13"},
      {R"({"early_close": []})", "early_close: unknown key; expected closures, early_closes"},
      {R"({"closures": {"date": "2030-01-02"}})", "closures: expected a list"},
      {R"([1, 2])", "expected an object"},
      {R"({"closures": [)", "not valid JSON"},
  };
  for (const BadCase& bad : cases) {
    const auto path = WriteFile("overrides_bad.json", bad.json);
    TradingCalendar calendar = Fresh();

    const Status status = calendar.LoadOverrides(path);

    ASSERT_FALSE(status.ok()) << bad.json;
    EXPECT_THAT(status.error().message(), HasSubstr(path.string() + ": ")) << bad.json;
    EXPECT_THAT(status.error().message(), HasSubstr(bad.message)) << bad.json;
  }
}

TEST(CalendarOverridesTest, OverridesAreCheckedAgainstTheScheduleAllOrNothing) {
  const std::vector<BadCase> cases = {
      {R"({"closures": [{"date": "2036-01-02", "reason": "x"}]})",
       "closures[0].date: 2036-01-02 is outside the trading calendar's range"},
      {R"({"early_closes": [{"date": "2030-12-25", "reason": "x"}]})",
       "early_closes[0].date: 2030-12-25 is not a session (closed: Christmas Day)"},
      {R"({"early_closes": [{"date": "2030-01-03", "close": "09:00", "reason": "x"}]})",
       "early_closes[0].close: 09:00 must be after the open (09:30)"},
      {R"({"early_closes": [{"date": "2030-01-03", "close": "16:30", "reason": "x"}]})",
       "before the regular close"},
      {R"({"closures": [{"date": "2030-01-03", "reason": "x"}],
           "early_closes": [{"date": "2030-01-03", "reason": "x"}]})",
       "early_closes[0].date: 2030-01-03 appears more than once"},
  };
  for (const BadCase& bad : cases) {
    const auto path = WriteFile("overrides_schedule.json", bad.json);
    TradingCalendar calendar = Fresh();

    const Status status = calendar.LoadOverrides(path);

    ASSERT_FALSE(status.ok()) << bad.json;
    EXPECT_THAT(status.error().message(), HasSubstr(bad.message)) << bad.json;
    EXPECT_TRUE(*calendar.IsSession(D(2030, 1, 3))) << "changed by a failed load: " << bad.json;
  }
}

TEST(CalendarOverridesTest, TheExampleFileInTheRepositoryLoads) {
  TradingCalendar calendar = Fresh();

  const Status status =
      calendar.LoadOverrides(testkit::SourceDir() / "data/calendar/overrides.example.json");

  ASSERT_TRUE(status.ok()) << status.error().message();
  EXPECT_FALSE(*calendar.IsSession(D(2030, 1, 2)));
}

TEST(CalendarOverridesTest, MissingFileIsNotFound) {
  TradingCalendar calendar = Fresh();

  const Status status = calendar.LoadOverrides("/nonexistent/overrides.json");

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), ErrorCode::kNotFound);
  EXPECT_THAT(status.error().message(), HasSubstr("/nonexistent/overrides.json"));
}

}  // namespace
}  // namespace tapedeck::calendar
