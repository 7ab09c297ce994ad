#include "cli/session_launch.hpp"

#include <gtest/gtest.h>

namespace tapedeck::cli {
namespace {

// 2013-10-08 11:05 New York (EDT, UTC-4) is 15:05 UTC.
const Timestamp k1105 = *ParseTimestamp("2013-10-08T15:05:00Z");

TEST(ParseScheduledCommandTest, ReadsEveryCommandAtANewYorkTime) {
  const auto add =
      ParseScheduledCommand("2013-10-08T11:05", "add_symbol IBM,BAC --intervals 1m,1h");
  const auto ensure = ParseScheduledCommand("2013-10-08T11:05", "ensure_symbol AAPL --light");
  const auto indicator =
      ParseScheduledCommand("2013-10-08T11:05", "add_indicator IBM bbands:20,2@15m");

  ASSERT_TRUE(add.ok()) << add.error().message();
  EXPECT_EQ(add->at, k1105);
  const auto& add_command = std::get<session::AddSymbolCommand>(add->command);
  EXPECT_EQ(add_command.symbols, (std::vector<std::string>{"IBM", "BAC"}));
  EXPECT_EQ(add_command.intervals,
            (std::vector<model::Interval>{model::Interval::Minutes(1), model::Interval::Hours(1)}));
  ASSERT_TRUE(ensure.ok()) << ensure.error().message();
  EXPECT_TRUE(std::get<session::EnsureSymbolCommand>(ensure->command).light);
  ASSERT_TRUE(indicator.ok()) << indicator.error().message();
  EXPECT_EQ(
      indicators::IndicatorKey(std::get<session::AddIndicatorCommand>(indicator->command).spec),
      "bbands_20_2_15m");
}

TEST(ParseScheduledCommandTest, SaysWhatItExpectsForABadCommand) {
  const auto unknown = ParseScheduledCommand("2013-10-08T11:05", "add_symbl IBM");
  const auto no_interval = ParseScheduledCommand("2013-10-08T11:05", "add_indicator IBM rsi:14");
  const auto stray = ParseScheduledCommand("2013-10-08T11:05", "pause now");

  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("expected add_symbol SYM"), std::string::npos);
  ASSERT_FALSE(no_interval.ok());
  EXPECT_EQ(no_interval.error().message(),
            "--at 2013-10-08T11:05 'add_indicator IBM rsi:14': say the interval: rsi:14@5m");
  EXPECT_FALSE(stray.ok());
}

}  // namespace
}  // namespace tapedeck::cli
