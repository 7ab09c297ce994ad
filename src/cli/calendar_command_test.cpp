#include "cli/calendar_command.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/test_command_runner.hpp"

namespace tapedeck::cli {
namespace {

using ::testing::HasSubstr;

using test_support::Outcome;

Outcome RunCalendar(std::vector<std::string> args) {
  return test_support::RunCommand("calendar", AddCalendarCommand, std::move(args));
}

TEST(CalendarCommandTest, ExplainsOneDay) {
  EXPECT_EQ(RunCalendar({"2024-03-29"}).out, "2024-03-29 Fri: closed: Good Friday\n");
  EXPECT_EQ(RunCalendar({"2024-03-30"}).out, "2024-03-30 Sat: closed: weekend\n");
  EXPECT_EQ(RunCalendar({"2013-10-07"}).out,
            "2013-10-07 Mon: open 09:30–16:00 EDT (13:30–20:00 UTC)\n");
  EXPECT_EQ(RunCalendar({"2024-11-29"}).out,
            "2024-11-29 Fri: early close 13:00: day after Thanksgiving; open 09:30–13:00 EST "
            "(14:30–18:00 UTC)\n");
}

TEST(CalendarCommandTest, ListsSessionsAsATable) {
  const Outcome outcome = RunCalendar({"--from", "2024-11-27", "--to", "2024-12-02"});

  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error().message();
  EXPECT_EQ(outcome.out,
            "date        day  open   close  zone  open UTC  close UTC  note\n"
            "2024-11-27  Wed  09:30  16:00  EST   14:30     21:00\n"
            "2024-11-29  Fri  09:30  13:00  EST   14:30     18:00      early close: day after "
            "Thanksgiving\n"
            "2024-12-02  Mon  09:30  16:00  EST   14:30     21:00\n"
            "3 sessions from 2024-11-27 to 2024-12-02\n");
}

TEST(CalendarCommandTest, ListsClosedWeekdaysWithAll) {
  const Outcome outcome = RunCalendar({"--from", "2024-11-27", "--to", "2024-11-29", "--all"});

  EXPECT_THAT(outcome.out, HasSubstr("2024-11-28  Thu"));
  EXPECT_THAT(outcome.out, HasSubstr("closed: Thanksgiving Day"));
}

TEST(CalendarCommandTest, ListsSessionsAsCsvAndJson) {
  const Outcome csv =
      RunCalendar({"--from", "2024-03-08", "--to", "2024-03-11", "--format", "csv"});
  const Outcome json =
      RunCalendar({"--from", "2024-03-11", "--to", "2024-03-11", "--format", "json"});

  EXPECT_EQ(csv.out,
            "date,weekday,status,open_local,close_local,zone,open_utc,close_utc,reason\n"
            "2024-03-08,Fri,open,09:30,16:00,EST,2024-03-08T14:30:00Z,2024-03-08T21:00:00Z,\n"
            "2024-03-11,Mon,open,09:30,16:00,EDT,2024-03-11T13:30:00Z,2024-03-11T20:00:00Z,\n");
  EXPECT_THAT(json.out, HasSubstr("\"open\": \"2024-03-11T13:30:00Z\""));
  EXPECT_THAT(json.out, HasSubstr("\"zone\": \"EDT\""));
  EXPECT_THAT(json.out, HasSubstr("\"early_close\": false"));
}

TEST(CalendarCommandTest, AppliesAnOverridesFile) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "cli_overrides.json";
  std::ofstream(path) << R"({"closures": [{"date": "2030-01-02", "reason": "test closure"}]})";

  const Outcome outcome = RunCalendar({"2030-01-02", "--overrides", path.string()});

  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error().message();
  EXPECT_EQ(outcome.out, "2030-01-02 Wed: closed: test closure\n");
}

TEST(CalendarCommandTest, BadInputSetsAnError) {
  const Outcome out_of_range = RunCalendar({"2040-01-02"});
  const Outcome bad_date = RunCalendar({"--from", "2024-02-30"});
  const Outcome nothing = RunCalendar({});
  const Outcome exchange = RunCalendar({"2024-01-02", "--exchange", "LSE"});
  const Outcome reversed = RunCalendar({"--from", "2024-02-01", "--to", "2024-01-01"});
  const Outcome overrides = RunCalendar({"2024-01-02", "--overrides", "/nonexistent.json"});

  ASSERT_FALSE(out_of_range.status.ok());
  EXPECT_THAT(out_of_range.status.error().message(), HasSubstr("outside the trading calendar"));
  ASSERT_FALSE(bad_date.status.ok());
  EXPECT_THAT(bad_date.status.error().message(), HasSubstr("--from: '2024-02-30' is not a date"));
  ASSERT_FALSE(nothing.status.ok());
  EXPECT_THAT(nothing.status.error().message(), HasSubstr("give a DATE"));
  ASSERT_FALSE(exchange.status.ok());
  EXPECT_THAT(exchange.status.error().message(), HasSubstr("unknown exchange 'LSE'"));
  EXPECT_FALSE(reversed.status.ok());
  EXPECT_FALSE(overrides.status.ok());
  EXPECT_TRUE(out_of_range.out.empty());
}

}  // namespace
}  // namespace tapedeck::cli
