#include "session/session_config.hpp"

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "calendar/trading_calendar.hpp"
#include "core/cpu_pin.hpp"
#include "session/session_setup.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::session {
namespace {

using model::Interval;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Tests run from the source folder (gtest_discover_tests WORKING_DIRECTORY).
const std::string kConfigs = "tests/configs/";

std::vector<std::string> Names(const std::vector<model::Symbol>& symbols) {
  std::vector<std::string> names;
  for (const model::Symbol& symbol : symbols) names.push_back(symbol.str());
  return names;
}

std::vector<std::string> Texts(const std::vector<Interval>& intervals) {
  std::vector<std::string> texts;
  for (const Interval interval : intervals) texts.push_back(interval.ToString());
  return texts;
}

std::vector<std::string> SessionKeys(const SessionConfig& config) {
  std::vector<std::string> keys;
  for (const SessionIndicatorConfig& indicator : config.data.session_indicators) {
    keys.push_back(indicator.key);
  }
  return keys;
}

std::vector<std::string> HistoricalKeys(const SessionConfig& config) {
  std::vector<std::string> keys;
  for (const HistoricalIndicatorConfig& indicator : config.data.historical_indicators) {
    keys.push_back(indicator.key);
  }
  return keys;
}

TEST(SessionConfigTest, LoadsThePredecessorsExampleSession) {
  ValidationReport report;

  Result<SessionConfig> config =
      LoadSessionConfig(kConfigs + "mismartera/example_session.json", report);

  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_THAT(
      report.warnings,
      ElementsAre(
          "asset_class: ignored (tapedeck trades US equities)",
          "session_data_config.streaming: ignored (one step loop, no catch-up thread to tune)",
          "session_data_config.gap_filler: ignored (quality scoring lists gaps; tapedeck never "
          "refetches)",
          "session_data_config.streams[3]: \"quotes\": there is no quote replay; the latest quote "
          "is synthesised from the last bar",
          "session_data_config.historical.enable_quality: ignored (historical quality is always "
          "scored)",
          "session_data_config.indicators.session[6].params.k_period: read as slowk_period (the "
          "%K smoothing), as the predecessor did when a period is given; period sets "
          "fastk_period",
          "session_data_config.indicators.session[15].period: 0 means the predecessor's default "
          "for \"volume_ratio\": using 20",
          "session_data_config.indicators.historical[5].comment: ignored",
          // high_low 20 on 1d needs 20 daily bars; 5 trailing sessions give one each.
          "session_data_config.indicators.session[16]: high_low_20_1d needs 20 1d bars to be "
          "ready, but 5 trailing sessions of 1m history give 5: it is not ready at the first "
          "open (raise historical.data trailing_days for 1m)"));
  EXPECT_EQ(config->session_name, "Example Trading Session - All Indicator Types");
  EXPECT_EQ(config->mode, SessionMode::kBacktest);
  EXPECT_EQ(config->exchange_group, "US_EQUITY");
  ASSERT_TRUE(config->backtest.has_value());
  EXPECT_EQ(FormatDate(config->backtest->start_date), "2025-07-02");
  EXPECT_EQ(FormatDate(config->backtest->end_date), "2025-07-03");
  EXPECT_EQ(config->backtest->speed_multiplier, 60.0);
  EXPECT_THAT(Names(config->data.symbols), ElementsAre("RIVN", "AAPL"));
  EXPECT_THAT(Texts(config->data.streams), ElementsAre("1m", "5m", "15m"));
  EXPECT_TRUE(config->data.quotes);
  EXPECT_EQ(config->BaseInterval(), Interval::Minutes(1));
  EXPECT_THAT(Texts(config->DerivedIntervals()), ElementsAre("5m", "15m", "1d"));
  EXPECT_THAT(SessionKeys(*config),
              ElementsAre("sma_20_5m", "ema_9_5m", "vwap_1m", "hma_10_15m", "rsi_14_5m",
                          "macd_12_26_9_5m", "stoch_14_3_3_15m", "cci_20_5m", "willr_14_15m",
                          "atr_14_5m", "bbands_20_2_5m", "keltner_20_2_15m", "donchian_20_15m",
                          "obv_5m", "volume_sma_20_5m", "volume_ratio_20_1m", "high_low_20_1d",
                          "swing_high_5_15m", "swing_low_5_15m", "pivot_points_1d"));
  EXPECT_EQ(config->data.session_indicators[0].type, "trend");
  EXPECT_EQ(config->SessionIndicatorSpecs().size(), 20u);
  EXPECT_THAT(HistoricalKeys(*config),
              ElementsAre("avg_volume_20d", "avg_range_10d", "atr_daily_14d", "gap_stats_30d",
                          "range_ratio_20d", "high_low_52w"));
  EXPECT_EQ(config->data.historical_indicators[5].unit, HistoricalUnit::kWeeks);
  ASSERT_EQ(config->data.historical.size(), 2u);
  EXPECT_EQ(config->data.historical[0].trailing_days, 5);
  EXPECT_THAT(Texts(config->data.historical[0].intervals), ElementsAre("1m"));
  EXPECT_TRUE(config->data.historical[0].apply_to_all);
  EXPECT_EQ(config->data.historical[1].trailing_days, 20);
  EXPECT_THAT(Texts(config->data.historical[1].intervals), ElementsAre("1d"));
  // Kept as written, in file order, for the export.
  EXPECT_EQ(config->trading_config.dump(),
            R"({"max_buying_power":100000.0,"max_per_trade":10000.0,"max_per_symbol":20000.0,)"
            R"("max_open_positions":5})");
  EXPECT_EQ(config->api_config["data_api"], "alpaca");
  EXPECT_EQ(config->metadata["version"], "3.0");
  EXPECT_EQ(config->AggregationFor(Interval::Minutes(5)), AggregationPolicy::kEmitPartial);
  EXPECT_EQ(config->data.on_missing_data, MissingDataPolicy::kError);
}

TEST(SessionConfigTest, LoadsThePredecessorsScannerExample) {
  ValidationReport report;

  Result<SessionConfig> config =
      LoadSessionConfig(kConfigs + "mismartera/scanner_example.json", report);

  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_THAT(
      report.warnings,
      ElementsAre(
          "session_data_config.streaming: ignored (one step loop, no catch-up thread to tune)",
          "session_data_config.gap_filler: ignored (quality scoring lists gaps; tapedeck never "
          "refetches)",
          "session_data_config.historical.enable_quality: ignored (historical quality is always "
          "scored)"));
  EXPECT_EQ(config->session_name, "scanner_example");  // No name: the file's stem.
  EXPECT_EQ(config->exchange_group, "US_EQUITY");
  EXPECT_THAT(Names(config->data.symbols), ElementsAre("AAPL", "MSFT"));
  EXPECT_EQ(config->BaseInterval(), Interval::Minutes(1));
  EXPECT_THAT(config->DerivedIntervals(), IsEmpty());
  EXPECT_EQ(config->backtest->speed_multiplier, 0.0);
  ASSERT_EQ(config->scanners.size(), 2u);
  EXPECT_EQ(config->scanners[0].module, "scanners.gap_scanner");
  EXPECT_TRUE(config->scanners[0].enabled);
  EXPECT_EQ(config->scanners[0].json_path, "session_data_config.scanners[0]");
  EXPECT_TRUE(config->scanners[0].raw["regular_session"].is_null());
  EXPECT_EQ(config->scanners[1].module, "scanners.momentum_scanner");
  EXPECT_EQ(config->scanners[1].raw["regular_session"][0]["interval"], "5m");
  EXPECT_EQ(config->scanners[1].raw["config"]["universe"], "data/universes/nasdaq100_sample.txt");
  EXPECT_THAT(config->strategies, IsEmpty());
  ASSERT_EQ(config->data.historical.size(), 1u);
  EXPECT_EQ(config->data.historical[0].trailing_days, 20);
}

TEST(SessionConfigTest, LoadsThePredecessorsSimpleStrategyWithItsOlderHistoricalForm) {
  ValidationReport report;

  Result<SessionConfig> config =
      LoadSessionConfig(kConfigs + "mismartera/test_simple_strategy.json", report);

  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_THAT(
      report.warnings,
      ElementsAre(
          "backtest_config.use_clock_time: ignored (speed_multiplier sets the pace; 0 is flat out)",
          "session_data_config.streaming: ignored (one step loop, no catch-up thread to tune)",
          "session_data_config.streaming.data_upkeep: the predecessor's legacy block, ignored: "
          "derived intervals come from streams and indicator intervals, partial buckets from "
          "session_data_config.aggregation",
          "session_data_config.historical: the older form {enabled, trailing_days, intervals, "
          "auto_load} is read as one historical.data entry applying to all symbols"));
  EXPECT_EQ(config->session_name, "Simple MA Cross Strategy Test");
  EXPECT_THAT(Names(config->data.symbols), ElementsAre("AAPL", "GOOGL"));
  ASSERT_EQ(config->data.historical.size(), 1u);
  EXPECT_EQ(config->data.historical[0].trailing_days, 30);
  EXPECT_THAT(Texts(config->data.historical[0].intervals), ElementsAre("5m"));
  EXPECT_TRUE(config->data.historical[0].AppliesTo(*model::Symbol::Parse("AAPL")));
  ASSERT_EQ(config->strategies.size(), 1u);
  EXPECT_EQ(config->strategies[0].module, "strategies.examples.simple_ma_cross");
  EXPECT_EQ(config->strategies[0].raw["config"]["fast_period"], 10);
}

TEST(SessionConfigTest, LoadsTheDemoSessionWithCommandsAndPolicies) {
  ValidationReport report;

  Result<SessionConfig> config = LoadSessionConfig(kConfigs + "good/demo_session.json", report);

  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_THAT(report.warnings, IsEmpty());
  EXPECT_THAT(SessionKeys(*config),
              ElementsAre("sma_20_5m", "rsi_14_15m", "macd_12_26_9_5m", "vwap_1m", "atr_14_1h"));
  EXPECT_THAT(HistoricalKeys(*config), ElementsAre("avg_volume_2d", "high_low_52w"));
  // 1h is derived only because an indicator asks for it.
  EXPECT_THAT(Texts(config->DerivedIntervals()), ElementsAre("5m", "15m", "1h"));
  EXPECT_EQ(config->AggregationFor(Interval::Minutes(5)), AggregationPolicy::kRequireComplete);
  EXPECT_EQ(config->AggregationFor(Interval::Minutes(15)), AggregationPolicy::kEmitPartial);
  EXPECT_EQ(config->data.on_missing_data, MissingDataPolicy::kDropSymbol);
  EXPECT_FALSE(config->data.historical[1].apply_to_all);
  EXPECT_TRUE(config->data.historical[1].AppliesTo(*model::Symbol::Parse("SPY")));
  EXPECT_FALSE(config->data.historical[1].AppliesTo(*model::Symbol::Parse("IBM")));
  EXPECT_FALSE(config->strategies[0].enabled);
  ASSERT_EQ(config->commands.size(), 7u);
  const ScriptedCommand& add = config->commands[0];
  EXPECT_EQ(add.kind, CommandKind::kAddSymbol);
  EXPECT_EQ(FormatTimestamp(add.at), "2013-10-08T15:05:00Z");
  EXPECT_THAT(Names(add.symbols), ElementsAre("AAPL", "MSFT"));
  EXPECT_THAT(Texts(add.intervals), ElementsAre("1m", "5m"));
  EXPECT_EQ(add.json_path, "commands[0]");
  const ScriptedCommand& indicator = config->commands[1];
  EXPECT_EQ(indicator.kind, CommandKind::kAddIndicator);
  EXPECT_THAT(Names(indicator.symbols), ElementsAre("AAPL"));
  ASSERT_TRUE(indicator.indicator.has_value());
  EXPECT_EQ(indicator.indicator->key, "ema_9_5m");
  EXPECT_EQ(config->commands[2].kind, CommandKind::kSetSpeed);
  EXPECT_EQ(config->commands[2].speed_multiplier, 60.0);
  EXPECT_EQ(config->commands[3].kind, CommandKind::kPause);
  EXPECT_EQ(config->commands[4].kind, CommandKind::kResume);
  EXPECT_EQ(config->commands[5].kind, CommandKind::kRemoveSymbol);
  EXPECT_THAT(Names(config->commands[5].symbols), ElementsAre("MSFT"));
  EXPECT_EQ(config->commands[6].kind, CommandKind::kStop);
  EXPECT_EQ(DescribeSessionConfig(*config),
            "2 symbols, streams 1m 5m 15m (base 1m), derived 5m 15m 1h, 5 session indicators, "
            "2 historical");
}

TEST(SessionConfigTest, ReportsEveryMistakeOfAFileAtOnce) {
  ValidationReport report;

  Result<SessionConfig> config = LoadSessionConfig(kConfigs + "bad/many_mistakes.json", report);

  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(config.error().message(),
            "config tests/configs/bad/many_mistakes.json: 19 errors; the first: "
            "backtest_config.speed_multiplier: expected a number ≥ 0 (0: as fast as possible), "
            "got -1");
  EXPECT_THAT(
      report.errors,
      ElementsAre(
          "backtest_config.speed_multiplier: expected a number ≥ 0 (0: as fast as possible), "
          "got -1",
          "backtest_config.end_date: 2013-10-08 is before start_date 2013-10-11",
          "session_data_config.symbolz: unknown key (did you mean \"symbols\"?)",
          "session_data_config.symbols: missing required key (a list of symbols)",
          "session_data_config.streams[2]: \"1x\" is not an interval: unit must be one of s, m, "
          "h, d, w",
          "session_data_config.streams[3]: \"ticks\" is not an interval: tick data is not "
          "supported; streams are bars of 1s, 1m or 1d and intervals derived from them",
          "session_data_config.streams[4]: 5m is listed twice (first at [1])",
          "session_data_config.historical.data[0].trailing_days: expected an integer from 0 to "
          "10000, got -3",
          "session_data_config.historical.data[0].apply_to: expected \"all\" or a list of "
          "symbols, got \"SPY\"",
          "session_data_config.indicators.session[0]: unknown indicator \"rsj\"; did you mean "
          "\"rsi\"?",
          "session_data_config.indicators.session[1].interval: \"30s\" cannot be derived from the "
          "base interval 1m: it is finer than the base interval",
          "session_data_config.indicators.session[2].params.fast: expected a number, got \"12\"",
          "session_data_config.indicators.historical[0].unit: expected \"days\" or \"weeks\", "
          "got \"months\"",
          "session_data_config.aggregation.5m: expected \"require_complete\" or "
          "\"emit_partial\", got \"drop\"",
          "session_data_config.on_missing_data: expected \"error\" or \"drop_symbol\", got "
          "\"skip\"",
          "strategies[0].module: missing required key (a module name)",
          "strategies[0].enabled: expected true or false, got \"yes\"",
          "commands[0].at: expected a date-time with a UTC offset such as "
          "\"2013-10-08T11:05:00-04:00\", got \"2013-10-08T11:05:00\"",
          "commands[1]: has both \"pause\" and \"stop\": one command per item"));
  EXPECT_THAT(report.warnings,
              ElementsAre("session_data_config.streams[5]: \"quotes\": there is no quote replay; "
                          "the latest quote is synthesised from the last bar"));
}

TEST(SessionConfigTest, GivesTheLineAndColumnOfAJsonSyntaxError) {
  ValidationReport report;

  Result<SessionConfig> config = LoadSessionConfig(kConfigs + "bad/syntax_error.json", report);

  ASSERT_FALSE(config.ok());
  // Line 4 is `  "session_data_config": {}` after a line without its comma; the
  // parser stops at the end of the unexpected string, as nlohmann counts.
  EXPECT_THAT(report.errors,
              ElementsAre("line 4, column 23: syntax error while parsing object - unexpected "
                          "string literal; expected '}'"));
  EXPECT_EQ(config.error().message(),
            "config tests/configs/bad/syntax_error.json: not valid JSON: line 4, column 23: "
            "syntax error while parsing object - unexpected string literal; expected '}'");
}

TEST(SessionConfigTest, CountsLinesAndColumnsFromTheErrorByte) {
  ValidationReport on_first_line;
  ValidationReport after_two_lines;
  ValidationReport truncated;

  (void)ParseSessionConfigText("{\"a\": tru}", "t", on_first_line);
  (void)ParseSessionConfigText("{\n\n  \"mode\": ]\n}", "t", after_two_lines);
  (void)ParseSessionConfigText("{\"mode\": \"live\"", "t", truncated);

  EXPECT_THAT(on_first_line.errors,
              ElementsAre("line 1, column 10: syntax error while parsing value - invalid "
                          "literal; last read: '\"a\": tru}'"));
  EXPECT_THAT(after_two_lines.errors,
              ElementsAre("line 3, column 11: syntax error while parsing value - unexpected "
                          "']'; expected '[', '{', or a literal"));
  EXPECT_THAT(truncated.errors,
              ElementsAre("line 1, column 16: syntax error while parsing object - unexpected "
                          "end of input; expected '}'"));
}

TEST(SessionConfigTest, RefusesAWindowWithoutASession) {
  ValidationReport report;

  Result<SessionConfig> config = LoadSessionConfig(kConfigs + "bad/weekend_window.json", report);

  ASSERT_FALSE(config.ok());
  EXPECT_THAT(report.errors,
              ElementsAre("backtest_config: no trading session between 2013-10-12 and "
                          "2013-10-13"));
}

TEST(SessionConfigTest, ReportsAMissingFileWithoutTouchingTheReport) {
  ValidationReport report;

  Result<SessionConfig> config = LoadSessionConfig(kConfigs + "no_such_file.json", report);

  ASSERT_FALSE(config.ok());
  EXPECT_EQ(config.error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(config.error().message(), "config tests/configs/no_such_file.json: no such file");
  EXPECT_THAT(report.errors, IsEmpty());
}

TEST(SessionConfigTest, ReadsAConfigWrittenToATemporaryFile) {
  const testkit::TempDir dir;
  const std::filesystem::path path = dir.Write(
      "tiny.json",
      R"({"mode": "live", "session_data_config": {"symbols": ["spy"], "streams": ["1m"]}})");
  ValidationReport report;

  Result<SessionConfig> config = LoadSessionConfig(path, report);

  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_EQ(config->session_name, "tiny");
  EXPECT_EQ(config->mode, SessionMode::kLive);
  EXPECT_FALSE(config->backtest.has_value());
  EXPECT_THAT(Names(config->data.symbols), ElementsAre("SPY"));
}

TEST(SessionConfigTest, ReadsALiveConfigsFeed) {
  ValidationReport report;
  Result<SessionConfig> config = ParseSessionConfigText(
      R"({"session_name": "l", "mode": "live",
          "live_config": {"date": "2013-10-10", "stream_url": "ws://127.0.0.1:8765/v2/iex",
                          "rest_url": "http://127.0.0.1:8765", "clock": "feed", "grace": "90s",
                          "hold": "2m", "record_bars": true, "ca_file": "ca.pem"},
          "session_data_config": {"symbols": ["SPY"], "streams": ["1m", "5m"]}})",
      "live.json", report);

  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_THAT(report.errors, IsEmpty());
  ASSERT_TRUE(config->live.has_value());
  EXPECT_EQ(config->live->date, *ParseDate("2013-10-10"));
  EXPECT_EQ(config->live->stream_url, "ws://127.0.0.1:8765/v2/iex");
  EXPECT_EQ(config->live->rest_url, "http://127.0.0.1:8765");
  EXPECT_EQ(config->live->clock, LiveClock::kFeed);
  EXPECT_EQ(config->live->grace, std::chrono::seconds(90));
  EXPECT_EQ(config->live->hold, std::chrono::minutes(2));
  EXPECT_TRUE(config->live->record_bars);
  EXPECT_EQ(config->live->ca_file, "ca.pem");
}

TEST(SessionConfigTest, NamesEveryWrongLiveKey) {
  ValidationReport report;
  Result<SessionConfig> config = ParseSessionConfigText(
      R"({"session_name": "l", "mode": "live",
          "live_config": {"date": "2013-10-12", "stream_url": "http://x", "rest_url": "ws://x",
                          "clock": "sundial", "grace": "soon", "record_bars": "yes"},
          "session_data_config": {"symbols": ["SPY"], "streams": ["1m"]}})",
      "live.json", report);

  ASSERT_FALSE(config.ok());
  EXPECT_THAT(
      report.errors,
      ElementsAre(
          "live_config.date: 2013-10-12 is not a trading session: pick a session day",
          "live_config.stream_url: expected a ws:// or wss:// URL, got \"http://x\"",
          "live_config.rest_url: expected a http:// or https:// URL, got \"ws://x\"",
          "live_config.clock: expected \"wall\" or \"feed\", got \"sundial\"",
          "live_config.grace: expected a duration from 0s to 1h such as \"5s\" or \"2m\", got "
          "\"soon\"",
          "live_config.record_bars: expected true or false, got \"yes\""));
}

TEST(SessionConfigTest, ReadsTheLiveLatencySettings) {
  ValidationReport report;
  Result<SessionConfig> config = ParseSessionConfigText(
      R"({"session_name": "l", "mode": "live",
          "live_config": {"date": "2013-10-10", "session_cpu": 0, "feed_cpu": 0},
          "session_data_config": {"symbols": ["SPY"], "streams": ["1m"]}})",
      "live.json", report);

  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_THAT(report.errors, IsEmpty());
  EXPECT_EQ(config->live->session_cpu, 0);
  EXPECT_EQ(config->live->feed_cpu, 0);
  EXPECT_FALSE(config->live->busy_wait);  // The default: the loop sleeps.
}

TEST(SessionConfigTest, RefusesACpuTheMachineLacksAndPollingOnTheFeedsCpu) {
  const auto parse = [](std::string_view live) {
    ValidationReport report;
    (void)ParseSessionConfigText(
        fmt::format(R"({{"session_name": "l", "mode": "live", "live_config": {{{}}},
                       "session_data_config": {{"symbols": ["SPY"], "streams": ["1m"]}}}})",
                    live),
        "live.json", report);
    return report;
  };
  const std::string last = std::to_string(CpuCount() - 1);

  const ValidationReport too_far = parse(R"("date": "2013-10-10", "session_cpu": 4096,
                                            "feed_cpu": -1, "busy_wait": "on")");
  const ValidationReport same = parse(R"("date": "2013-10-10", "session_cpu": 0, "feed_cpu": 0,
                                         "busy_wait": true)");
  const ValidationReport unpinned = parse(R"("date": "2013-10-10", "busy_wait": true)");

  EXPECT_THAT(
      too_far.errors,
      ElementsAre("live_config.session_cpu: expected an integer from 0 to " + last + ", got 4096",
                  "live_config.feed_cpu: expected an integer from 0 to " + last + ", got -1",
                  "live_config.busy_wait: expected true or false, got \"on\""));
  EXPECT_THAT(same.errors, ElementsAre("live_config.busy_wait: the session would poll on CPU 0, "
                                       "the feed's own: give session_cpu and feed_cpu different "
                                       "CPUs"));
  EXPECT_THAT(unpinned.errors, IsEmpty());
  EXPECT_THAT(unpinned.warnings,
              ElementsAre("live_config.busy_wait: polling without session_cpu: the loop may take "
                          "the CPU the feed needs; set session_cpu (and feed_cpu) to CPUs of "
                          "their own"));
}

// A live session runs one trading day: the configured one, else today; on
// 1m bars, the feed's.
TEST(SessionConfigTest, SetsUpALiveDayAndRefusesAClosedOneOrAnotherBase) {
  const auto calendar = *calendar::TradingCalendar::ForExchange("NYSE");
  const auto parse = [](std::string_view streams, std::string_view date) {
    ValidationReport report;
    return ParseSessionConfigText(
        fmt::format(R"({{"session_name": "l", "mode": "live", "live_config": {{{}}},
                        "session_data_config": {{"symbols": ["SPY"], "streams": [{}]}}}})",
                    date, streams),
        "live.json", report);
  };
  const Result<SessionConfig> dated = parse(R"("1m", "5m")", R"("date": "2013-10-10")");
  ASSERT_TRUE(dated.ok()) << dated.error().message();
  const Result<SessionSetup> setup = MakeSessionSetup(*dated, calendar, *ParseDate("2026-11-25"));
  ASSERT_TRUE(setup.ok()) << setup.error().message();
  EXPECT_EQ(setup->start_date, *ParseDate("2013-10-10"));
  EXPECT_EQ(setup->end_date, *ParseDate("2013-10-10"));
  EXPECT_EQ(setup->mode, "live");

  const Result<SessionConfig> today = parse(R"("1m")", "");
  ASSERT_TRUE(today.ok()) << today.error().message();
  EXPECT_EQ(MakeSessionSetup(*today, calendar, *ParseDate("2026-11-25"))->start_date,
            *ParseDate("2026-11-25"));
  // 2026-11-26 is Thanksgiving.
  const Result<SessionSetup> closed = MakeSessionSetup(*today, calendar, *ParseDate("2026-11-26"));
  ASSERT_FALSE(closed.ok());
  EXPECT_EQ(closed.error().message(),
            "live_config: the market has no session on 2026-11-26: a live session runs on a "
            "trading day (set live_config.date to replay another day from a feed server)");

  const Result<SessionConfig> daily = parse(R"("1d")", R"("date": "2013-10-10")");
  ASSERT_TRUE(daily.ok()) << daily.error().message();
  const Result<SessionSetup> wrong_base = MakeSessionSetup(*daily, calendar);
  ASSERT_FALSE(wrong_base.ok());
  EXPECT_EQ(wrong_base.error().message(),
            "session_data_config.streams: a live session streams the feed's 1m bars, but the "
            "smallest stream is 1d: list 1m");
}

}  // namespace
}  // namespace tapedeck::session
