#include "cli/validate_command.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "cli/test_command_runner.hpp"

namespace tapedeck::cli {
namespace {

using ::testing::HasSubstr;

using test_support::Outcome;

Outcome RunValidate(std::vector<std::string> args) {
  return test_support::RunCommand("validate", AddValidateCommand, std::move(args));
}

TEST(ValidateCommandTest, SummarisesAGoodConfig) {
  const Outcome outcome = RunValidate({"tests/configs/good/demo_session.json"});

  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error().message();
  EXPECT_EQ(outcome.out,
            "config OK: 2 symbols, streams 1m 5m 15m (base 1m), derived 5m 15m 1h, 5 session "
            "indicators, 2 historical\n");
}

TEST(ValidateCommandTest, PrintsWarningsOfAGoodConfigAndExitsZero) {
  const Outcome outcome = RunValidate({"tests/configs/mismartera/test_simple_strategy.json"});

  ASSERT_TRUE(outcome.status.ok()) << outcome.status.error().message();
  EXPECT_EQ(outcome.out,
            "warning: backtest_config.use_clock_time: ignored (speed_multiplier sets the pace; 0 "
            "is flat out)\n"
            "warning: session_data_config.streaming: ignored (one step loop, no catch-up thread "
            "to tune)\n"
            "warning: session_data_config.streaming.data_upkeep: the predecessor's legacy block, "
            "ignored: derived intervals come from streams and indicator intervals, partial "
            "buckets from session_data_config.aggregation\n"
            "warning: session_data_config.historical: the older form {enabled, trailing_days, "
            "intervals, auto_load} is read as one historical.data entry applying to all "
            "symbols\n"
            "config OK: 2 symbols, streams 1m (base 1m), 0 session indicators, 0 historical; 4 "
            "warnings\n");
}

TEST(ValidateCommandTest, ListsEveryErrorAndFails) {
  const Outcome outcome = RunValidate({"tests/configs/bad/many_mistakes.json"});

  ASSERT_FALSE(outcome.status.ok());
  EXPECT_TRUE(outcome.status.error().is_user_error());
  EXPECT_EQ(outcome.status.error().message(),
            "config tests/configs/bad/many_mistakes.json has 19 errors");
  EXPECT_THAT(outcome.out,
              HasSubstr("error: session_data_config.streams[2]: \"1x\" is not an interval: unit "
                        "must be one of s, m, h, d, w\n"));
  EXPECT_THAT(outcome.out, HasSubstr("error: session_data_config.symbolz: unknown key (did you "
                                     "mean \"symbols\"?)\n"));
  EXPECT_THAT(outcome.out, HasSubstr("\nwarning: session_data_config.streams[5]: \"quotes\""));
  EXPECT_THAT(outcome.out, ::testing::EndsWith("\n19 errors, 1 warning\n"));
  EXPECT_EQ(std::count(outcome.out.begin(), outcome.out.end(), '\n'), 21);
}

TEST(ValidateCommandTest, ShowsWhereTheJsonBreaks) {
  const Outcome outcome = RunValidate({"tests/configs/bad/syntax_error.json"});

  ASSERT_FALSE(outcome.status.ok());
  EXPECT_EQ(outcome.status.error().message(),
            "config tests/configs/bad/syntax_error.json has 1 error");
  EXPECT_EQ(outcome.out,
            "error: line 4, column 23: syntax error while parsing object - unexpected string "
            "literal; expected '}'\n"
            "1 error, 0 warnings\n");
}

TEST(ValidateCommandTest, ChecksScannersAndStrategiesWithTheirJsonPaths) {
  const Outcome outcome = RunValidate({"tests/configs/bad/bad_plugins.json"});

  ASSERT_FALSE(outcome.status.ok());
  EXPECT_EQ(outcome.status.error().message(),
            "config tests/configs/bad/bad_plugins.json has 6 errors");
  EXPECT_EQ(outcome.out,
            "error: scanners[0].module: unknown scanner \"gap_scaner\" (built-in: gap_scanner, "
            "volume_spike_scanner, breakout_52w_scanner; a user module is a path to a .so file, "
            "e.g. \"./build/libmy_scanner.so\")\n"
            "error: scanners[1].regular_session[0].start: \"25:00\" is not a New York time "
            "\"HH:MM\"\n"
            "error: scanners[1].config.universe: cannot read universe file "
            "\"no/such/universe.txt\" (relative paths start at the working directory)\n"
            "error: scanners[2].config.treshold: unknown key (known: universe, threshold, period, "
            "interval)\n"
            "error: strategies[0].config: fast period 20 must be shorter than slow period 10\n"
            "error: strategies[1].module: module ./build/libmissing.so: no such file (build it, "
            "or fix the path; relative paths start at the working directory)\n"
            "6 errors, 0 warnings\n");
}

TEST(ValidateCommandTest, FailsOnAMissingFile) {
  const Outcome outcome = RunValidate({"tests/configs/missing.json"});

  ASSERT_FALSE(outcome.status.ok());
  EXPECT_EQ(outcome.status.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(outcome.status.error().message(), "config tests/configs/missing.json: no such file");
  EXPECT_EQ(outcome.out, "");
}

TEST(ValidateCommandTest, NeedsAConfigArgument) {
  const Outcome outcome = RunValidate({});

  ASSERT_FALSE(outcome.status.ok());
  EXPECT_THAT(outcome.status.error().message(), HasSubstr("config"));
}

}  // namespace
}  // namespace tapedeck::cli
