// The session config: the JSON file that says which symbols a session trades,
// which intervals it streams and derives, which history and indicators it
// keeps warm, and which commands it runs at fixed times. It reads the
// predecessor's files too (docs/CONFIG.md lists every key).
//
// Loading validates everything at once: every error and every warning of a
// file is collected, each naming its JSON path and the rule
// (`session_data_config.streams[2]: "1x" is not an interval: unit must be one
// of s, m, h, d, w`), so a user fixes a file in one pass. `tapedeck validate`,
// `tapedeck run` and the shell's `system start` all go through
// ParseSessionConfig. Pure functions (LoadSessionConfig reads one file); safe
// from any thread.
#pragma once

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "indicators/registry.hpp"
#include "model/interval.hpp"
#include "model/symbol.hpp"

namespace tapedeck::session {

// What validation found, in file order. Each entry is `path: message`, where
// path is a JSON path such as `session_data_config.streams[2]` (or `line 3,
// column 5` for a JSON syntax error).
struct ValidationReport {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;

  bool ok() const { return errors.empty(); }
  // `error: path: message` lines, then `warning: path: message` lines.
  std::vector<std::string> Lines() const;
};

enum class SessionMode { kBacktest, kLive };
// What the aggregator does with a bucket that misses some base bars.
enum class AggregationPolicy { kEmitPartial, kRequireComplete };
// What Phase 0 does with a symbol whose base bars are missing in the store.
enum class MissingDataPolicy { kError, kDropSymbol };
enum class HistoricalUnit { kDays, kWeeks };

struct BacktestConfig {
  // Inclusive. A date that is not a session is allowed (the engine moves it to
  // the nearest session); the window holds at least one session.
  Date start_date{};
  Date end_date{};
  double speed_multiplier = 0;  // 0: as fast as possible; k > 0: k× wall time.
};

// "live_config": where a live session's bars come from (docs/FEED.md).
enum class LiveClock { kWall, kFeed };
struct LiveConfig {
  std::optional<Date> date;  // The session's day; absent: today in New York.
  std::string stream_url = "wss://stream.data.alpaca.markets/v2/iex";
  std::string rest_url = "https://data.alpaca.markets";
  // Wall: session time follows the wall clock (a real feed, today). Feed:
  // it follows the feed's bars (a replay of a stored day at any speed).
  // Absent: wall for today, feed for another day.
  std::optional<LiveClock> clock;
  std::optional<Duration> grace;  // How long a quiet symbol is waited for (5s wall, 2m feed).
  Duration hold{};                // Held back for bars the feed sends out of order.
  bool record_bars = false;       // Write the day's live bars to the store at the end.
  std::string ca_file;            // Trusted certificates for wss/https (empty: the system's).
  // Latency settings (docs/FEED.md): the CPU of the session's loop and of the
  // feed's I/O thread, and whether the loop polls instead of sleeping.
  std::optional<int> session_cpu;
  std::optional<int> feed_cpu;
  bool busy_wait = false;
};

// One `historical.data` entry: how many trading days of which intervals to
// load before each session, for all symbols or some.
struct HistoricalDataConfig {
  int trailing_days = 0;
  std::vector<model::Interval> intervals;
  bool apply_to_all = true;
  std::vector<model::Symbol> apply_to;  // Used when !apply_to_all.

  bool AppliesTo(const model::Symbol& symbol) const;
};

// A streaming indicator kept per symbol, updated on every completed bar.
struct SessionIndicatorConfig {
  indicators::IndicatorSpec spec;
  std::string key;   // indicators::IndicatorKey(spec): `macd_12_26_9_5m`.
  std::string type;  // As written ("trend", "momentum" ...); informational.
};

// An indicator over the daily history before the session (avg volume over N
// days, 52-week high/low ...), computed once per session. Validated by
// indicators::ParseHistoricalSpec (name, period, unit and params).
struct HistoricalIndicatorConfig {
  std::string name;  // avg_volume, avg_range, atr_daily, high_low, gap_stats, range_ratio.
  int period = 0;    // In `unit`s, ≥ 1.
  HistoricalUnit unit = HistoricalUnit::kDays;
  std::map<std::string, double> params;                 // Every parameter, defaults filled in.
  model::Interval interval = model::Interval::Days(1);  // The bars it reads: 1d or 1w.
  std::string type;
  std::string key;  // indicators::HistoricalKey: `avg_volume_20d`, `high_low_52w`.
};

// A scanner or strategy entry. Only `module` and `enabled` are read here; the
// scanner and strategy code interprets the rest of `raw`.
struct PluginConfig {
  std::string module;  // "scanners.gap_scanner".
  bool enabled = true;
  std::string json_path;  // "session_data_config.scanners[0]", for its own errors.
  nlohmann::ordered_json raw;
};

enum class CommandKind {
  kAddSymbol,
  kRemoveSymbol,
  kAddIndicator,
  kSetSpeed,
  kPause,
  kResume,
  kStop,
};

// A command the config schedules at a simulated time (`commands` in the file).
struct ScriptedCommand {
  Timestamp at{};
  CommandKind kind = CommandKind::kPause;
  std::vector<model::Symbol> symbols;               // add_symbol (≥ 1), remove/add_indicator (1).
  std::vector<model::Interval> intervals;           // add_symbol; empty: the session's streams.
  std::optional<SessionIndicatorConfig> indicator;  // add_indicator.
  double speed_multiplier = 0;                      // set_speed.
  std::string json_path;                            // "commands[3]", for the command log.
};

struct SessionDataConfig {
  std::vector<model::Symbol> symbols;    // In file order, no duplicates.
  std::vector<model::Interval> streams;  // Bar intervals as listed ("quotes" is not here).
  bool quotes = false;                   // "quotes" was listed: synthesised from the last bar.
  std::vector<HistoricalDataConfig> historical;
  std::vector<SessionIndicatorConfig> session_indicators;  // Distinct keys, file order.
  std::vector<HistoricalIndicatorConfig> historical_indicators;
  std::map<model::Interval, AggregationPolicy> aggregation;  // Only intervals given.
  MissingDataPolicy on_missing_data = MissingDataPolicy::kError;
};

struct SessionConfig {
  std::string session_name;
  SessionMode mode = SessionMode::kBacktest;
  std::string exchange_group = "US_EQUITY";  // Canonical calendar name.
  std::optional<BacktestConfig> backtest;    // Set in backtest mode.
  std::optional<LiveConfig> live;            // Set in live mode.
  SessionDataConfig data;
  std::vector<PluginConfig> scanners;     // Top-level entries first, then session_data_config's.
  std::vector<PluginConfig> strategies;   // Likewise.
  std::vector<ScriptedCommand> commands;  // In file order (not sorted by time).
  // Not used by the engine; kept as written for the export (null when absent).
  nlohmann::ordered_json trading_config;
  nlohmann::ordered_json api_config;
  nlohmann::ordered_json metadata;

  // The interval streamed from the store or feed: the smallest of 1s, 1m, 1d
  // among the streams (when none is listed, the base the smallest stream
  // derives from).
  model::Interval BaseInterval() const;
  // Every interval built from the base by aggregation, sorted, distinct: the
  // non-base streams plus the intervals only session indicators ask for.
  std::vector<model::Interval> DerivedIntervals() const;
  std::vector<indicators::IndicatorSpec> SessionIndicatorSpecs() const;
  // The policy for a derived interval; kEmitPartial unless the config says otherwise.
  AggregationPolicy AggregationFor(model::Interval interval) const;
};

// Validates a parsed config and appends every error and warning to `report`.
// Returns the config when there is no error; otherwise an InvalidArgument
// error that counts the errors and quotes the first. Never throws.
Result<SessionConfig> ParseSessionConfig(const nlohmann::ordered_json& root,
                                         ValidationReport& report);
// As above; object keys are then checked in sorted order instead of file order.
Result<SessionConfig> ParseSessionConfig(const nlohmann::json& root, ValidationReport& report);

// Parses `text` as JSON (a syntax error goes into `report` as `line L, column
// C: ...`) and validates it. `source` names the text in the returned error.
Result<SessionConfig> ParseSessionConfigText(std::string_view text, std::string_view source,
                                             ValidationReport& report);

// Reads and validates a config file. A file that cannot be read is a NotFound
// or IoError and adds nothing to `report`; everything else is as
// ParseSessionConfigText. A missing session_name defaults to the file's stem.
Result<SessionConfig> LoadSessionConfig(const std::filesystem::path& path,
                                        ValidationReport& report);

// `2 symbols, streams 1m 5m 15m (base 1m), derived 5m 15m 1d, 12 session
// indicators, 2 historical` for summaries and logs.
std::string DescribeSessionConfig(const SessionConfig& config);

std::string_view ToString(SessionMode mode);
std::string_view ToString(AggregationPolicy policy);
std::string_view ToString(MissingDataPolicy policy);
std::string_view ToString(CommandKind kind);

}  // namespace tapedeck::session
