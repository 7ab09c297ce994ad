// The rules of the session config, one at a time, on a small valid config
// changed by a JSON merge patch (null removes a key).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "session/session_config.hpp"

namespace tapedeck::session {
namespace {

using model::Interval;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr std::string_view kMinimal = R"({
  "session_name": "demo", "mode": "backtest", "exchange_group": "US_EQUITY",
  "backtest_config": {"start_date": "2013-10-08", "end_date": "2013-10-11", "speed_multiplier": 0},
  "session_data_config": {
    "symbols": ["SPY", "IBM"],
    "streams": ["1m", "5m", "15m"],
    "historical": {"data": [{"trailing_days": 3, "intervals": ["1m"], "apply_to": "all"}]},
    "indicators": {
      "session":    [{"name": "sma", "period": 20, "interval": "5m", "type": "trend", "params": {}}],
      "historical": [{"name": "avg_volume", "period": 2, "unit": "days", "interval": "1d",
                      "type": "historical"}]
    }
  },
  "scanners": [], "strategies": []
})";

struct Parsed {
  Result<SessionConfig> config;
  ValidationReport report;
};

Parsed Parse(std::string_view text) {
  ValidationReport report;
  Result<SessionConfig> config = ParseSessionConfigText(text, "test.json", report);
  return {std::move(config), std::move(report)};
}

Parsed WithPatch(std::string_view patch) {
  nlohmann::ordered_json root = nlohmann::ordered_json::parse(kMinimal);
  root.merge_patch(nlohmann::ordered_json::parse(patch));
  return Parse(root.dump());
}

std::vector<std::string> Texts(const std::vector<Interval>& intervals) {
  std::vector<std::string> texts;
  for (const Interval interval : intervals) texts.push_back(interval.ToString());
  return texts;
}

TEST(ConfigRulesTest, TheArchitecturesExampleLoadsCleanly) {
  const Parsed parsed = Parse(kMinimal);

  ASSERT_TRUE(parsed.config.ok()) << parsed.config.error().message();
  EXPECT_THAT(parsed.report.errors, IsEmpty());
  EXPECT_THAT(parsed.report.warnings, IsEmpty());
  EXPECT_EQ(parsed.config->data.session_indicators[0].key, "sma_20_5m");
  EXPECT_EQ(parsed.config->data.historical_indicators[0].key, "avg_volume_2d");
  EXPECT_THAT(Texts(parsed.config->DerivedIntervals()), ElementsAre("5m", "15m"));
}

TEST(ConfigRulesTest, AcceptsAParsedJsonWithSortedKeys) {
  ValidationReport report;

  Result<SessionConfig> config = ParseSessionConfig(nlohmann::json::parse(kMinimal), report);

  ASSERT_TRUE(config.ok()) << config.error().message();
  EXPECT_EQ(config->session_name, "demo");
}

TEST(ConfigRulesTest, SuggestsTheNearestKnownKey) {
  const Parsed parsed = WithPatch(R"({"sesion_name": "x", "session_data_config":
      {"strems": ["1m"], "indicators": {"sesion": []}}, "commandz": [], "zzz_unrelated": 1})");

  EXPECT_THAT(
      parsed.report.errors,
      ElementsAre(
          "sesion_name: unknown key (did you mean \"session_name\"?)",
          "commandz: unknown key (did you mean \"commands\"?)",
          "zzz_unrelated: unknown key; expected one of: session_name, mode, "
          "exchange_group, backtest_config, live_config, session_data_config, scanners, "
          "strategies, "
          "commands, trading_config, api_config, metadata",
          "session_data_config.strems: unknown key (did you mean \"streams\"?)",
          "session_data_config.indicators.sesion: unknown key (did you mean \"session\"?)"));
}

TEST(ConfigRulesTest, ExplainsWrongTypes) {
  const Parsed parsed = WithPatch(R"({"mode": 1, "session_name": ["a"],
      "session_data_config": {"symbols": "SPY", "streams": {"1m": true},
                              "indicators": {"session": {"name": "sma"}}}})");

  EXPECT_THAT(parsed.report.errors,
              ElementsAre("session_name: expected a string, got [\"a\"]",
                          "mode: expected \"backtest\" or \"live\", got 1",
                          "session_data_config.symbols: expected a list of symbols such as "
                          "[\"SPY\", \"IBM\"], got \"SPY\"",
                          "session_data_config.streams: expected a list of intervals such as "
                          "[\"1m\", \"5m\"], got {\"1m\":true}",
                          "session_data_config.indicators.session: expected a list of "
                          "indicators, got {\"name\":\"sma\"}"));
}

TEST(ConfigRulesTest, RefusesATopLevelThatIsNotAnObject) {
  const Parsed parsed = Parse("[1, 2]");

  EXPECT_THAT(parsed.report.errors,
              ElementsAre("(top level): expected an object with session_name, mode, "
                          "backtest_config, session_data_config ..., got [1,2]"));
}

TEST(ConfigRulesTest, NeedsModeSessionDataAndABacktestWindow) {
  const Parsed no_mode = WithPatch(R"({"mode": null, "session_data_config": null})");
  const Parsed no_window = WithPatch(R"({"backtest_config": null})");
  const Parsed no_dates = WithPatch(R"({"backtest_config": {"start_date": null, "end_date": 5}})");

  EXPECT_THAT(no_mode.report.errors,
              ElementsAre("mode: missing required key (\"backtest\" or \"live\")",
                          "session_data_config: missing required key"));
  EXPECT_THAT(no_window.report.errors,
              ElementsAre("backtest_config: missing required key (a backtest needs start_date "
                          "and end_date)"));
  EXPECT_THAT(no_dates.report.errors,
              ElementsAre("backtest_config.start_date: missing required key (a date "
                          "\"YYYY-MM-DD\")",
                          "backtest_config.end_date: expected a date \"YYYY-MM-DD\", got 5"));
}

TEST(ConfigRulesTest, LiveModeNeedsNoBacktestWindowAndIgnoresOne) {
  const Parsed live = WithPatch(R"({"mode": "live"})");

  ASSERT_TRUE(live.config.ok()) << live.config.error().message();
  EXPECT_FALSE(live.config->backtest.has_value());
  EXPECT_THAT(live.report.warnings, ElementsAre("backtest_config: ignored in live mode"));
}

TEST(ConfigRulesTest, ChecksTheBacktestDates) {
  const Parsed weekend_start = WithPatch(R"({"backtest_config": {"start_date": "2013-10-12",
                                                                 "end_date": "2013-10-14"}})");
  const Parsed bad_date = WithPatch(R"({"backtest_config": {"start_date": "2013-02-30"}})");
  const Parsed too_early = WithPatch(R"({"backtest_config": {"start_date": "1999-12-31"}})");
  const Parsed good_friday = WithPatch(R"({"backtest_config": {"start_date": "2024-03-29",
                                                               "end_date": "2024-03-29"}})");

  // A start on a Saturday is fine: the engine moves it to the next session.
  EXPECT_TRUE(weekend_start.config.ok());
  EXPECT_THAT(bad_date.report.errors,
              ElementsAre("backtest_config.start_date: '2013-02-30' is not a date: expected "
                          "YYYY-MM-DD (a real calendar day)"));
  ASSERT_EQ(too_early.report.errors.size(), 1u);
  EXPECT_THAT(too_early.report.errors[0], ::testing::StartsWith("backtest_config.start_date: "));
  EXPECT_THAT(good_friday.report.errors,
              ElementsAre("backtest_config: no trading session between 2024-03-29 and "
                          "2024-03-29"));
}

TEST(ConfigRulesTest, ChecksTheExchangeGroup) {
  const Parsed alias = WithPatch(R"({"exchange_group": "nyse"})");
  const Parsed unknown = WithPatch(R"({"exchange_group": "LSE"})");

  ASSERT_TRUE(alias.config.ok());
  EXPECT_EQ(alias.config->exchange_group, "US_EQUITY");
  ASSERT_EQ(unknown.report.errors.size(), 1u);
  EXPECT_THAT(unknown.report.errors[0], ::testing::StartsWith("exchange_group: "));
}

TEST(ConfigRulesTest, RefusesDuplicateAndBadSymbols) {
  const Parsed parsed =
      WithPatch(R"({"session_data_config": {"symbols": ["SPY", "ibm", "spy", "B@D", 7]}})");

  EXPECT_THAT(parsed.report.errors,
              ElementsAre("session_data_config.symbols[2]: SPY is listed twice (first at [0])",
                          ::testing::StartsWith("session_data_config.symbols[3]: "),
                          "session_data_config.symbols[4]: expected a symbol, got 7"));
}

TEST(ConfigRulesTest, RejectsTicksWithTheReason) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"streams": ["1m", "ticks"]}})");

  EXPECT_THAT(parsed.report.errors,
              ElementsAre("session_data_config.streams[1]: \"ticks\" is not an interval: tick "
                          "data is not supported; streams are bars of 1s, 1m or 1d and intervals "
                          "derived from them"));
}

TEST(ConfigRulesTest, AcceptsQuotesWithANote) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"streams": ["quotes", "1m"]}})");

  ASSERT_TRUE(parsed.config.ok());
  EXPECT_TRUE(parsed.config->data.quotes);
  EXPECT_THAT(Texts(parsed.config->data.streams), ElementsAre("1m"));
  EXPECT_THAT(parsed.report.warnings,
              ElementsAre("session_data_config.streams[0]: \"quotes\": there is no quote "
                          "replay; the latest quote is synthesised from the last bar"));
}

TEST(ConfigRulesTest, NeedsABarStream) {
  const Parsed empty = WithPatch(R"({"session_data_config": {"streams": []}})");
  const Parsed only_quotes = WithPatch(R"({"session_data_config": {"streams": ["quotes"]}})");

  EXPECT_THAT(empty.report.errors,
              ElementsAre("session_data_config.streams: expected at least one interval, such "
                          "as [\"1m\"]"));
  EXPECT_THAT(only_quotes.report.errors,
              ElementsAre("session_data_config.streams: lists no bar interval, such as \"1m\""));
}

TEST(ConfigRulesTest, PicksTheSmallestBaseAndDerivesTheRest) {
  const Parsed seconds =
      WithPatch(R"({"session_data_config": {"streams": ["1m", "1s", "15s", "1d", "1w"]}})");
  const Parsed daily = WithPatch(R"({"session_data_config": {"streams": ["1d", "1w"],
      "indicators": {"session": [{"name": "sma", "period": 20, "interval": "1d"}]},
      "historical": null}})");

  ASSERT_TRUE(seconds.config.ok()) << seconds.config.error().message();
  EXPECT_EQ(seconds.config->BaseInterval(), Interval::Seconds(1));
  EXPECT_THAT(Texts(seconds.config->DerivedIntervals()),
              ElementsAre("15s", "1m", "5m", "1d", "1w"));
  ASSERT_TRUE(daily.config.ok()) << daily.config.error().message();
  EXPECT_EQ(daily.config->BaseInterval(), Interval::Days(1));
  EXPECT_THAT(Texts(daily.config->DerivedIntervals()), ElementsAre("1w"));
}

TEST(ConfigRulesTest, InfersTheBaseWhenNoneIsListed) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"streams": ["5m", "15m"]}})");

  ASSERT_TRUE(parsed.config.ok()) << parsed.config.error().message();
  EXPECT_EQ(parsed.config->BaseInterval(), Interval::Minutes(1));
  EXPECT_THAT(Texts(parsed.config->DerivedIntervals()), ElementsAre("5m", "15m"));
  EXPECT_THAT(parsed.report.warnings,
              ElementsAre("session_data_config.streams: lists no base interval (1s, 1m or 1d); "
                          "streaming 1m and deriving the others from it"));
}

TEST(ConfigRulesTest, RefusesStreamsThatCannotBeDerived) {
  const Parsed parsed =
      WithPatch(R"({"session_data_config": {"streams": ["1m", "90s", "2d", "1d", "2w"]}})");
  const Parsed intraday_from_daily =
      WithPatch(R"({"session_data_config": {"streams": ["1d", "1h"], "historical": null,
                    "indicators": null}})");

  EXPECT_THAT(parsed.report.errors,
              ElementsAre("session_data_config.streams[1]: 90s cannot be derived from the base "
                          "interval 1m: it is not a multiple of 1m",
                          "session_data_config.streams[2]: 2d cannot be derived from the base "
                          "interval 1m: multi-day and multi-week intervals are not supported; "
                          "use 1d or 1w",
                          "session_data_config.streams[4]: 2w cannot be derived from the base "
                          "interval 1m: multi-day and multi-week intervals are not supported; "
                          "use 1d or 1w"));
  EXPECT_THAT(intraday_from_daily.report.errors,
              ElementsAre("session_data_config.streams[1]: 1h cannot be derived from the base "
                          "interval 1d: an intraday interval cannot be built from 1d bars"));
}

TEST(ConfigRulesTest, IndicatorIntervalsMustBeDerivableAndBecomeDerived) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"indicators": {"session": [
      {"name": "rsi", "period": 14, "interval": "7m"},
      {"name": "ema", "period": 9, "interval": "1w"},
      {"name": "sma", "period": 5, "interval": "30s"},
      {"name": "sma", "period": 5, "interval": "90s"}]}}})");
  const Parsed good = WithPatch(R"({"session_data_config": {"indicators": {"session": [
      {"name": "rsi", "period": 14, "interval": "7m"},
      {"name": "ema", "period": 9, "interval": "1w"}]}}})");

  EXPECT_THAT(parsed.report.errors,
              ElementsAre("session_data_config.indicators.session[2].interval: \"30s\" cannot "
                          "be derived from the base interval 1m: it is finer than the base "
                          "interval",
                          "session_data_config.indicators.session[3].interval: \"90s\" cannot "
                          "be derived from the base interval 1m: it is not a multiple of 1m"));
  ASSERT_TRUE(good.config.ok());
  EXPECT_THAT(Texts(good.config->DerivedIntervals()), ElementsAre("5m", "7m", "15m", "1w"));
}

TEST(ConfigRulesTest, PassesIndicatorErrorsThroughWithThePath) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"indicators": {"session": [
      {"name": "rsi", "interval": "5m"},
      {"name": "macd", "interval": "5m", "params": {"fast": 30}},
      {"name": "pivot_points", "interval": "5m"},
      {"period": 3},
      {"name": "sma", "period": 3, "interval": "5m", "unit": "days"}]}}})");

  EXPECT_THAT(
      parsed.report.errors,
      ElementsAre(
          "session_data_config.indicators.session[0]: \"rsi\": period must be an integer ≥ 2, "
          "got 0",
          "session_data_config.indicators.session[1]: \"macd\": fastperiod (30) must not exceed "
          "slowperiod (26)",
          "session_data_config.indicators.session[2]: \"pivot_points\": needs a daily or weekly "
          "interval (it takes one bar per session), got 5m",
          "session_data_config.indicators.session[3].name: missing required key",
          "session_data_config.indicators.session[3].interval: missing required key",
          "session_data_config.indicators.session[4].unit: unknown key; expected one of: name, "
          "period, interval, type, params"));
}

TEST(ConfigRulesTest, KeepsADuplicateIndicatorOnce) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"indicators": {"session": [
      {"name": "sma", "period": 20, "interval": "5m"},
      {"name": "sma", "params": {"period": 20}, "interval": "5m"}]}}})");

  ASSERT_TRUE(parsed.config.ok());
  EXPECT_EQ(parsed.config->data.session_indicators.size(), 1u);
  EXPECT_THAT(parsed.report.warnings,
              ElementsAre("session_data_config.indicators.session[1]: sma_20_5m is already "
                          "listed at session_data_config.indicators.session[0]; kept once"));
}

TEST(ConfigRulesTest, ReadsThePredecessorsIndicatorNames) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"indicators": {"session": [
      {"name": "stochastic", "period": 0, "interval": "15m", "params": {"k_period": 14, "d_period": 5}},
      {"name": "williams_r", "period": 14, "interval": "5m"},
      {"name": "bbands", "period": 20, "interval": "5m", "params": {"num_std": 2.5}}]}}})");

  ASSERT_TRUE(parsed.config.ok()) << parsed.config.error().message();
  EXPECT_THAT(parsed.report.warnings, IsEmpty());
  ASSERT_EQ(parsed.config->data.session_indicators.size(), 3u);
  EXPECT_EQ(parsed.config->data.session_indicators[0].key, "stoch_14_3_5_15m");
  EXPECT_EQ(parsed.config->data.session_indicators[1].key, "willr_14_5m");
  EXPECT_EQ(parsed.config->data.session_indicators[2].key, "bbands_20_2.5_5m");
}

TEST(ConfigRulesTest, ChecksHistoricalIndicatorsAgainstTheirTable) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"indicators": {"historical": [
      {"name": "avg_volum", "period": 20},
      {"name": "rsi", "period": 14},
      {"name": "avg_range"},
      {"name": "atr_daily", "period": 14, "interval": "5m"},
      {"name": "avg_volume", "period": 30, "params": {"threshold": 2}},
      {"name": "atr_daily", "period": 2, "unit": "weeks"}]}}})");
  const Parsed good = WithPatch(R"({"session_data_config": {"indicators": {"historical": [
      {"name": "gap_stats", "period": 30, "params": {"threshold": 0.5}},
      {"name": "high_low", "period": 52, "unit": "weeks", "interval": "1w"}]}}})");

  EXPECT_THAT(
      parsed.report.errors,
      ElementsAre("session_data_config.indicators.historical[0].name: unknown historical "
                  "indicator \"avg_volum\"; did you mean \"avg_volume\"?",
                  "session_data_config.indicators.historical[1].name: unknown historical "
                  "indicator \"rsi\"; expected one of: atr_daily, avg_range, avg_volume, "
                  "gap_stats, high_low, range_ratio",
                  "session_data_config.indicators.historical[2]: \"avg_range\": period must be "
                  "an integer in [1, 100000], got 0",
                  "session_data_config.indicators.historical[3].interval: historical indicators "
                  "read 1d or 1w bars, got 5m",
                  "session_data_config.indicators.historical[4]: \"avg_volume\": unknown "
                  "parameter \"threshold\"; expected none",
                  "session_data_config.indicators.historical[5]: \"atr_daily\": unit must be "
                  "days, got weeks"));
  ASSERT_TRUE(good.config.ok()) << good.config.error().message();
  const std::vector<HistoricalIndicatorConfig>& historical =
      good.config->data.historical_indicators;
  EXPECT_EQ(historical[0].key, "gap_stats_30d_0.5");
  EXPECT_EQ(historical[0].params.at("threshold_pct"), 0.5);
  EXPECT_EQ(historical[1].key, "high_low_52w");
  EXPECT_EQ(historical[1].unit, HistoricalUnit::kWeeks);
  EXPECT_EQ(historical[1].interval, Interval::Weeks(1));
}

TEST(ConfigRulesTest, ReadsHistoricalDataEntries) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"historical": {"data": [
      {"trailing_days": 0, "intervals": ["1m", "1d"], "apply_to": ["SPY", "TSLA"]},
      {"trailing_days": 2.5, "intervals": ["30s"]},
      {"trailing_days": 3, "intervals": [], "comment": "empty"}]}}})");

  EXPECT_THAT(parsed.report.errors,
              ElementsAre("session_data_config.historical.data[1].trailing_days: expected an "
                          "integer from 0 to 10000, got 2.5",
                          "session_data_config.historical.data[1].intervals[0]: 30s cannot be "
                          "derived from the base interval 1m: it is finer than the base interval",
                          "session_data_config.historical.data[2].intervals: expected at least "
                          "one interval"));
  EXPECT_THAT(parsed.report.warnings,
              ElementsAre("session_data_config.historical.data[0].apply_to[1]: TSLA is not "
                          "among session_data_config.symbols; the entry applies if it is added "
                          "later",
                          "session_data_config.historical.data[2].comment: ignored"));
}

TEST(ConfigRulesTest, WarnsAboutAnIndicatorTheHistoryCannotWarm) {
  // 3 trailing sessions of 1m give 3 × 26 = 78 bars of 15m (390 / 15 a day):
  // enough for sma 50, not for sma 100.
  const Parsed parsed = WithPatch(R"({"session_data_config": {"indicators": {"session": [
      {"name": "sma", "period": 50, "interval": "15m", "type": "trend", "params": {}},
      {"name": "sma", "period": 100, "interval": "15m", "type": "trend", "params": {}}]}}})");

  ASSERT_TRUE(parsed.config.ok());
  EXPECT_THAT(parsed.report.warnings,
              ElementsAre("session_data_config.indicators.session[1]: sma_100_15m needs 100 15m "
                          "bars to be ready, but 3 trailing sessions of 1m history give 78: it is "
                          "not ready at the first open (raise historical.data trailing_days for "
                          "1m)"));
}

TEST(ConfigRulesTest, MapsTheOlderHistoricalForm) {
  const Parsed enabled = WithPatch(R"({"session_data_config": {"historical":
      {"data": null, "enabled": true, "trailing_days": 10, "intervals": ["1m", "1d"],
       "auto_load": true}}})");
  const Parsed disabled = WithPatch(R"({"session_data_config": {"historical":
      {"data": null, "enabled": false, "trailing_days": 10, "intervals": ["1m"]}}})");
  const Parsed mixed = WithPatch(R"({"session_data_config": {"historical":
      {"trailing_days": 10, "data": []}}})");

  ASSERT_TRUE(enabled.config.ok());
  ASSERT_EQ(enabled.config->data.historical.size(), 1u);
  EXPECT_EQ(enabled.config->data.historical[0].trailing_days, 10);
  EXPECT_THAT(Texts(enabled.config->data.historical[0].intervals), ElementsAre("1m", "1d"));
  EXPECT_TRUE(enabled.config->data.historical[0].apply_to_all);
  ASSERT_TRUE(disabled.config.ok());
  EXPECT_THAT(disabled.config->data.historical, IsEmpty());
  EXPECT_THAT(disabled.report.warnings,
              ElementsAre(::testing::StartsWith("session_data_config.historical: the older form"),
                          "session_data_config.historical.enabled: false: no history is loaded",
                          ::testing::StartsWith("session_data_config.indicators.session[0]: "
                                                "sma_20_5m needs 20 5m bars")));
  EXPECT_THAT(mixed.report.errors,
              ElementsAre("session_data_config.historical: mixes the older form (enabled, "
                          "trailing_days, intervals, auto_load) with data; keep data only"));
}

TEST(ConfigRulesTest, WarnsAboutThePredecessorsLegacyBlocks) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"data_streams": [],
      "historical_bars": {}, "data_upkeep": {}, "prefetch": {},
      "historical": {"indicators": {}}},
      "backtest_config": {"comment": "x", "prefetch_days": 2}})");

  ASSERT_TRUE(parsed.config.ok());
  EXPECT_THAT(
      parsed.report.warnings,
      ElementsAre("backtest_config.comment: ignored",
                  "backtest_config.prefetch_days: ignored (history loads at the start of each "
                  "session)",
                  "session_data_config.data_streams: the predecessor's legacy block, ignored: "
                  "session_data_config.streams replaces it",
                  "session_data_config.historical_bars: the predecessor's legacy block, "
                  "ignored: session_data_config.historical.data replaces it",
                  "session_data_config.data_upkeep: the predecessor's legacy block, ignored: "
                  "derived intervals come from streams and indicator intervals, partial "
                  "buckets from session_data_config.aggregation",
                  "session_data_config.prefetch: the predecessor's legacy block, ignored: "
                  "history loads at the start of each session (historical.data); nothing to "
                  "prefetch",
                  "session_data_config.historical.indicators: the predecessor's legacy block, "
                  "ignored: session_data_config.indicators.historical replaces it"));
}

TEST(ConfigRulesTest, ReadsAggregationPolicies) {
  const Parsed parsed = WithPatch(R"({"session_data_config": {"aggregation":
      {"15m": "require_complete", "1m": "require_complete", "1h": "emit_partial", "5x": "x"}}})");
  const Parsed good = WithPatch(R"({"session_data_config": {"aggregation":
      {"15m": "require_complete", "1h": "emit_partial"}}})");

  EXPECT_THAT(parsed.report.errors,
              ElementsAre("session_data_config.aggregation.5x: \"5x\" is not an interval: unit "
                          "must be one of s, m, h, d, w"));
  ASSERT_TRUE(good.config.ok());
  EXPECT_EQ(good.config->AggregationFor(Interval::Minutes(15)),
            AggregationPolicy::kRequireComplete);
  EXPECT_EQ(good.config->AggregationFor(Interval::Minutes(5)), AggregationPolicy::kEmitPartial);
  EXPECT_THAT(good.report.warnings,
              ElementsAre("session_data_config.aggregation.1h: 1h is not a derived interval of "
                          "this session (derived: 5m 15m); the policy has no effect"));
  EXPECT_THAT(parsed.report.warnings,
              ElementsAre("session_data_config.aggregation.1m: 1m is the base interval, streamed "
                          "and not aggregated; the policy has no effect",
                          ::testing::StartsWith("session_data_config.aggregation.1h: ")));
}

TEST(ConfigRulesTest, ReadsScannersAndStrategiesAtBothLevels) {
  const Parsed parsed = WithPatch(R"({
      "scanners": [{"module": "scanners.top", "config": {"x": 1}}],
      "session_data_config": {"scanners": [{"module": "scanners.inner", "enabled": false}],
                              "strategies": [{"module": ""}, 5]}})");

  EXPECT_THAT(parsed.report.errors,
              ElementsAre("session_data_config.strategies[0].module: expected a module name, "
                          "got \"\"",
                          "session_data_config.strategies[1]: expected an object {\"module\", "
                          "\"enabled\", ...}, got 5"));
  const Parsed good = WithPatch(R"({
      "scanners": [{"module": "scanners.top", "config": {"x": 1}}],
      "session_data_config": {"scanners": [{"module": "scanners.inner", "enabled": false}]}})");
  ASSERT_TRUE(good.config.ok());
  ASSERT_EQ(good.config->scanners.size(), 2u);
  EXPECT_EQ(good.config->scanners[0].module, "scanners.top");
  EXPECT_EQ(good.config->scanners[0].json_path, "scanners[0]");
  EXPECT_EQ(good.config->scanners[0].raw["config"]["x"], 1);
  EXPECT_EQ(good.config->scanners[1].module, "scanners.inner");
  EXPECT_FALSE(good.config->scanners[1].enabled);
}

TEST(ConfigRulesTest, ReadsScriptedCommands) {
  const Parsed parsed = WithPatch(R"({"commands": [
      {"at": "2013-10-08T11:05:00-04:00", "add_symbol": "aapl"},
      {"at": "2013-10-08T15:10:00Z", "remove_symbol": "SPY", "comment": "gone"},
      {"at": "2013-10-09T10:00:00-04:00", "set_speed": 10}]})");

  ASSERT_TRUE(parsed.config.ok()) << parsed.config.error().message();
  ASSERT_EQ(parsed.config->commands.size(), 3u);
  EXPECT_EQ(parsed.config->commands[0].symbols[0].str(), "AAPL");
  EXPECT_THAT(parsed.config->commands[0].intervals, IsEmpty());
  EXPECT_EQ(FormatTimestamp(parsed.config->commands[1].at), "2013-10-08T15:10:00Z");
  EXPECT_EQ(ToString(parsed.config->commands[2].kind), "set_speed");
  EXPECT_THAT(parsed.report.warnings, ElementsAre("commands[1].comment: ignored"));
}

TEST(ConfigRulesTest, ExplainsBadScriptedCommands) {
  const Parsed parsed = WithPatch(R"({"commands": [
      {"at": "2013-10-08", "pause": true},
      {"at": "2013-10-08T11:05:00-04:00"},
      {"at": "2013-10-08T11:05:00-04:00", "set_speed": -2},
      {"at": "2013-10-08T11:05:00-04:00", "stop": "now"},
      {"at": "2013-10-08T11:05:00-04:00", "remove_symbol": "SPY", "intervals": ["1m"]},
      {"at": "2013-10-08T11:05:00-04:00", "add_symbol": []},
      {"at": "2013-10-08T11:05:00-04:00", "add_symbol": ["IBM", 3], "intervals": ["1q"]},
      {"at": "2013-10-08T11:05:00-04:00", "add_indicator": {"name": "rsi", "period": 14}},
      {"add_symbol": "IBM", "pauze": true},
      "pause"]})");

  EXPECT_THAT(
      parsed.report.errors,
      ElementsAre(
          "commands[0].at: expected a date-time with a UTC offset such as "
          "\"2013-10-08T11:05:00-04:00\", got \"2013-10-08\"",
          "commands[1]: missing the command: one of add_symbol, remove_symbol, add_indicator, "
          "set_speed, pause, resume, stop",
          "commands[2].set_speed: expected a speed multiplier ≥ 0, got -2",
          "commands[3].stop: expected true, got \"now\"",
          "commands[4].intervals: only add_symbol takes intervals",
          "commands[5].add_symbol: expected at least one symbol",
          "commands[6].add_symbol[1]: expected a symbol, got 3",
          "commands[6].intervals[0]: \"1q\" is not an interval: unit must be one of s, m, h, d, w",
          "commands[7].add_indicator.symbol: missing required key",
          "commands[7].add_indicator.interval: missing required key",
          "commands[8].pauze: unknown key (did you mean \"pause\"?)",
          "commands[8].at: missing required key",
          "commands[9]: expected a command such as {\"at\": \"2013-10-08T11:05:00-04:00\", "
          "\"pause\": true}, got \"pause\""));
}

TEST(ConfigRulesTest, WarnsAboutACommandOutsideTheBacktest) {
  // 2013-10-12T01:00Z is still 2013-10-11 in New York: inside the window.
  const Parsed parsed = WithPatch(R"({"commands": [
      {"at": "2013-10-12T01:00:00Z", "pause": true},
      {"at": "2013-10-14T10:00:00-04:00", "stop": true}]})");

  ASSERT_TRUE(parsed.config.ok());
  EXPECT_THAT(parsed.report.warnings,
              ElementsAre("commands[1].at: 2013-10-14 (New York) is outside the backtest, "
                          "2013-10-08 to 2013-10-11; the command never runs"));
}

TEST(ConfigRulesTest, KeepsUnusedBlocksAsWritten) {
  const Parsed parsed = WithPatch(R"({"api_config": {"z": 1, "a": [1, 2]}, "metadata": "v3"})");

  ASSERT_TRUE(parsed.config.ok());
  EXPECT_EQ(parsed.config->api_config.dump(), R"({"z":1,"a":[1,2]})");
  EXPECT_EQ(parsed.config->metadata, "v3");
  EXPECT_TRUE(parsed.config->trading_config.is_null());
}

TEST(ConfigRulesTest, ListsReportLinesErrorsFirst) {
  const ValidationReport report{{"a: bad"}, {"b: odd"}};

  EXPECT_THAT(report.Lines(), ElementsAre("error: a: bad", "warning: b: odd"));
  EXPECT_FALSE(report.ok());
}

}  // namespace
}  // namespace tapedeck::session
