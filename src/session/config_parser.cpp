#include "session/config_parser.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "calendar/trading_calendar.hpp"
#include "core/cpu_pin.hpp"
#include "session/config_commands.hpp"
#include "session/config_historical.hpp"
#include "session/config_indicators.hpp"
#include "session/config_intervals.hpp"

namespace tapedeck::session::internal {
namespace {

using model::Interval;
using model::Symbol;

// Reads one session config; every problem goes to the diagnostics.
class ConfigParser {
 public:
  explicit ConfigParser(ConfigDiagnostics& diagnostics) : diagnostics_(diagnostics) {}

  SessionConfig Parse(const Json& root);

 private:
  void ParseTopLevel(const Json& root);
  void ParseBacktest(const Json& value);
  void ParseLive(const Json& value);
  // live_config's session_cpu, feed_cpu and busy_wait.
  void ParseLiveLatency(const Json& value, LiveConfig& live);
  void ParseSessionData(const Json& value);
  void ParseSymbols(const Json& value, std::string_view path);
  void ParseStreams(const Json& value, std::string_view path);
  void ParseIndicators(const Json& value, std::string_view path);
  void ParseAggregation(const Json& value, std::string_view path);
  void ParsePlugins(const Json& value, std::string_view path, std::vector<PluginConfig>& out);
  void ParseCommands(const Json& value, std::string_view path);
  void CheckAggregationIntervals();

  ConfigDiagnostics& diagnostics_;
  SessionConfig config_;
  std::optional<calendar::TradingCalendar> calendar_;
  std::optional<Interval> base_;  // Known once the streams are valid enough to choose one.
  std::map<Interval, std::string> aggregation_paths_;
};

SessionConfig ConfigParser::Parse(const Json& root) {
  if (!root.is_object()) {
    diagnostics_.Error("(top level)",
                       fmt::format("expected an object with session_name, mode, "
                                   "backtest_config, session_data_config ..., got {}",
                                   Shown(root)));
    return config_;
  }
  ParseTopLevel(root);
  return config_;
}

void ConfigParser::ParseTopLevel(const Json& root) {
  diagnostics_.CheckKeys(root, "",
                         {{"session_name"},
                          {"mode"},
                          {"exchange_group"},
                          {"backtest_config"},
                          {"live_config"},
                          {"session_data_config"},
                          {"scanners"},
                          {"strategies"},
                          {"commands"},
                          {"trading_config"},
                          {"api_config"},
                          {"metadata"},
                          {"asset_class", KeyUse::kIgnored, "tapedeck trades US equities"}});
  if (root.contains("session_name")) {
    if (auto name = diagnostics_.String(root["session_name"], "session_name")) {
      config_.session_name = *name;
    }
  }
  if (!root.contains("mode")) {
    diagnostics_.Error("mode", "missing required key (\"backtest\" or \"live\")");
  } else if (auto mode = diagnostics_.String(root["mode"], "mode", "\"backtest\" or \"live\"")) {
    if (*mode == "backtest") {
      config_.mode = SessionMode::kBacktest;
    } else if (*mode == "live") {
      config_.mode = SessionMode::kLive;
    } else {
      diagnostics_.Error("mode",
                         fmt::format("expected \"backtest\" or \"live\", got \"{}\"", *mode));
    }
  }
  std::string exchange = "US_EQUITY";
  if (root.contains("exchange_group")) {
    if (auto name = diagnostics_.String(root["exchange_group"], "exchange_group")) exchange = *name;
  }
  Result<calendar::TradingCalendar> calendar = calendar::TradingCalendar::ForExchange(exchange);
  if (calendar.ok()) {
    calendar_ = std::move(*calendar);
    config_.exchange_group = calendar_->exchange();
  } else {
    diagnostics_.Error("exchange_group", calendar.error().message());
  }

  if (root.contains("backtest_config")) {
    if (config_.mode == SessionMode::kLive) {
      diagnostics_.Warn("backtest_config", "ignored in live mode");
    } else {
      ParseBacktest(root["backtest_config"]);
    }
  } else if (config_.mode == SessionMode::kBacktest && root.contains("mode")) {
    diagnostics_.Error("backtest_config",
                       "missing required key (a backtest needs start_date and end_date)");
  }

  if (root.contains("live_config")) {
    if (config_.mode == SessionMode::kLive) {
      ParseLive(root["live_config"]);
    } else {
      diagnostics_.Warn("live_config", "ignored in backtest mode");
    }
  } else if (config_.mode == SessionMode::kLive) {
    config_.live = LiveConfig{};  // A real feed, today.
  }

  if (root.contains("session_data_config")) {
    ParseSessionData(root["session_data_config"]);
  } else {
    diagnostics_.Error("session_data_config", "missing required key");
  }
  if (root.contains("scanners")) ParsePlugins(root["scanners"], "scanners", config_.scanners);
  if (root.contains("strategies")) {
    ParsePlugins(root["strategies"], "strategies", config_.strategies);
  }
  // Session-level plugins after the top-level ones, in file order within each.
  if (root.contains("session_data_config") && root["session_data_config"].is_object()) {
    const Json& data = root["session_data_config"];
    if (data.contains("scanners")) {
      ParsePlugins(data["scanners"], "session_data_config.scanners", config_.scanners);
    }
    if (data.contains("strategies")) {
      ParsePlugins(data["strategies"], "session_data_config.strategies", config_.strategies);
    }
  }
  if (root.contains("commands")) ParseCommands(root["commands"], "commands");
  if (root.contains("trading_config")) config_.trading_config = root["trading_config"];
  if (root.contains("api_config")) config_.api_config = root["api_config"];
  if (root.contains("metadata")) config_.metadata = root["metadata"];
}

void ConfigParser::ParseBacktest(const Json& value) {
  constexpr std::string_view kPath = "backtest_config";
  if (!diagnostics_.IsObject(value, kPath,
                             "an object {\"start_date\", \"end_date\", \"speed_multiplier\"}")) {
    return;
  }
  diagnostics_.CheckKeys(
      value, kPath,
      {{"start_date"},
       {"end_date"},
       {"speed_multiplier"},
       {"comment", KeyUse::kIgnored},
       {"prefetch_days", KeyUse::kIgnored, "history loads at the start of each session"},
       {"use_clock_time", KeyUse::kIgnored, "speed_multiplier sets the pace; 0 is flat out"}});
  BacktestConfig backtest;
  bool dates_ok = true;
  for (const auto& [key, date] :
       {std::pair<std::string_view, Date*>{"start_date", &backtest.start_date},
        std::pair<std::string_view, Date*>{"end_date", &backtest.end_date}}) {
    const std::string path = KeyPath(kPath, key);
    if (!value.contains(key)) {
      diagnostics_.Error(path, "missing required key (a date \"YYYY-MM-DD\")");
      dates_ok = false;
      continue;
    }
    const std::optional<std::string> text =
        diagnostics_.String(value[key], path, "a date \"YYYY-MM-DD\"");
    if (!text) {
      dates_ok = false;
      continue;
    }
    Result<Date> parsed = ParseDate(*text);
    if (!parsed.ok()) {
      diagnostics_.Error(path, parsed.error().message());
      dates_ok = false;
      continue;
    }
    *date = *parsed;
    if (calendar_) {
      if (Result<bool> in_range = calendar_->IsSession(*parsed); !in_range.ok()) {
        diagnostics_.Error(path, in_range.error().message());
        dates_ok = false;
      }
    }
  }
  if (value.contains("speed_multiplier")) {
    const std::string path = KeyPath(kPath, "speed_multiplier");
    if (auto speed = diagnostics_.Number(value["speed_multiplier"], path, "a number ≥ 0")) {
      if (*speed < 0) {
        diagnostics_.Error(path, fmt::format("expected a number ≥ 0 (0: as fast as possible), "
                                             "got {}",
                                             Shown(value["speed_multiplier"])));
      }
      backtest.speed_multiplier = *speed;
    }
  }
  if (dates_ok) {
    if (backtest.end_date < backtest.start_date) {
      diagnostics_.Error(KeyPath(kPath, "end_date"),
                         fmt::format("{} is before start_date {}", FormatDate(backtest.end_date),
                                     FormatDate(backtest.start_date)));
    } else if (calendar_) {
      Result<std::vector<Date>> sessions =
          calendar_->SessionsBetween(backtest.start_date, backtest.end_date);
      if (sessions.ok() && sessions->empty()) {
        diagnostics_.Error(
            kPath, fmt::format("no trading session between {} and {}",
                               FormatDate(backtest.start_date), FormatDate(backtest.end_date)));
      } else if (!sessions.ok()) {
        diagnostics_.Error(kPath, sessions.error().message());
      }
    }
  }
  config_.backtest = backtest;
}

void ConfigParser::ParseLive(const Json& value) {
  constexpr std::string_view kPath = "live_config";
  LiveConfig live;
  config_.live = live;
  if (!diagnostics_.IsObject(value, kPath,
                             "an object {\"stream_url\", \"rest_url\", \"date\", \"clock\" …}")) {
    return;
  }
  diagnostics_.CheckKeys(value, kPath,
                         {{"date"},
                          {"stream_url"},
                          {"rest_url"},
                          {"clock"},
                          {"grace"},
                          {"hold"},
                          {"record_bars"},
                          {"ca_file"},
                          {"session_cpu"},
                          {"feed_cpu"},
                          {"busy_wait"},
                          {"comment", KeyUse::kIgnored}});
  if (value.contains("date")) {
    const std::string path = KeyPath(kPath, "date");
    if (auto text = diagnostics_.String(value["date"], path, "a date \"YYYY-MM-DD\"")) {
      if (Result<Date> date = ParseDate(*text); !date.ok()) {
        diagnostics_.Error(path, date.error().message());
      } else if (Result<bool> session =
                     calendar_ ? calendar_->IsSession(*date) : Result<bool>(true);
                 !session.ok()) {
        diagnostics_.Error(path, session.error().message());
      } else if (!*session) {
        diagnostics_.Error(path, fmt::format("{} is not a trading session: pick a session day",
                                             FormatDate(*date)));
      } else {
        live.date = *date;
      }
    }
  }
  for (const auto& [key, url, schemes] :
       {std::tuple<std::string_view, std::string*, std::string_view>{"stream_url", &live.stream_url,
                                                                     "ws:// or wss://"},
        std::tuple<std::string_view, std::string*, std::string_view>{"rest_url", &live.rest_url,
                                                                     "http:// or https://"}}) {
    if (!value.contains(key)) continue;
    const std::string path = KeyPath(kPath, key);
    if (auto text = diagnostics_.String(value[key], path, schemes)) {
      const bool stream = key == "stream_url";
      const bool ok = stream ? text->starts_with("ws://") || text->starts_with("wss://")
                             : text->starts_with("http://") || text->starts_with("https://");
      if (ok) {
        *url = *text;
      } else {
        diagnostics_.Error(path, fmt::format("expected a {} URL, got \"{}\"", schemes, *text));
      }
    }
  }
  if (value.contains("clock")) {
    const std::string path = KeyPath(kPath, "clock");
    if (auto text = diagnostics_.String(value["clock"], path, "\"wall\" or \"feed\"")) {
      if (*text == "wall") {
        live.clock = LiveClock::kWall;
      } else if (*text == "feed") {
        live.clock = LiveClock::kFeed;
      } else {
        diagnostics_.Error(path, fmt::format("expected \"wall\" or \"feed\", got \"{}\"", *text));
      }
    }
  }
  for (const std::string_view key : {"grace", "hold"}) {
    if (!value.contains(key)) continue;
    const std::string path = KeyPath(kPath, key);
    auto text = diagnostics_.String(value[key], path, "a duration such as \"5s\" or \"2m\"");
    if (!text) continue;
    Duration duration{};
    if (*text != "0" && *text != "0s") {
      const Result<model::Interval> parsed = model::Interval::Parse(*text);
      if (!parsed.ok() || parsed->duration() > std::chrono::hours(1)) {
        diagnostics_.Error(path, fmt::format("expected a duration from 0s to 1h such as \"5s\" or "
                                             "\"2m\", got \"{}\"",
                                             *text));
        continue;
      }
      duration = parsed->duration();
    }
    if (key == "grace") {
      live.grace = duration;
    } else {
      live.hold = duration;
    }
  }
  if (value.contains("record_bars")) {
    if (auto record = diagnostics_.Bool(value["record_bars"], KeyPath(kPath, "record_bars"))) {
      live.record_bars = *record;
    }
  }
  if (value.contains("ca_file")) {
    if (auto file = diagnostics_.String(value["ca_file"], KeyPath(kPath, "ca_file"), "a file")) {
      live.ca_file = *file;
    }
  }
  ParseLiveLatency(value, live);
  config_.live = live;
}

void ConfigParser::ParseLiveLatency(const Json& value, LiveConfig& live) {
  constexpr std::string_view kPath = "live_config";
  // CPUs of this machine: a config written for a larger one names its CPU.
  const int last_cpu = CpuCount() - 1;
  for (const auto& [key, cpu] :
       {std::pair<std::string_view, std::optional<int>*>{"session_cpu", &live.session_cpu},
        {"feed_cpu", &live.feed_cpu}}) {
    if (value.contains(key))
      *cpu = diagnostics_.Integer(value[key], KeyPath(kPath, key), 0, last_cpu);
  }
  if (value.contains("busy_wait")) {
    if (auto busy = diagnostics_.Bool(value["busy_wait"], KeyPath(kPath, "busy_wait"))) {
      live.busy_wait = *busy;
    }
  }
  if (!live.busy_wait) return;
  const std::string path = KeyPath(kPath, "busy_wait");
  if (live.session_cpu && live.feed_cpu && *live.session_cpu == *live.feed_cpu) {
    diagnostics_.Error(path, fmt::format("the session would poll on CPU {}, the feed's own: give "
                                         "session_cpu and feed_cpu different CPUs",
                                         *live.feed_cpu));
  } else if (!value.contains("session_cpu")) {
    diagnostics_.Warn(path,
                      "polling without session_cpu: the loop may take the CPU the feed "
                      "needs; set session_cpu (and feed_cpu) to CPUs of their own");
  }
}

void ConfigParser::ParseSessionData(const Json& value) {
  constexpr std::string_view kPath = "session_data_config";
  if (!diagnostics_.IsObject(value, kPath, "an object with symbols, streams, historical ...")) {
    return;
  }
  diagnostics_.CheckKeys(
      value, kPath,
      {{"symbols"},
       {"streams"},
       {"historical"},
       {"indicators"},
       {"aggregation"},
       {"on_missing_data"},
       {"scanners"},
       {"strategies"},
       {"gap_filler", KeyUse::kIgnored, "quality scoring lists gaps; tapedeck never refetches"},
       {"streaming", KeyUse::kIgnored, "one step loop, no catch-up thread to tune"},
       {"data_streams", KeyUse::kReplaced, "session_data_config.streams replaces it"},
       {"historical_bars", KeyUse::kReplaced, "session_data_config.historical.data replaces it"},
       {"data_upkeep", KeyUse::kReplaced,
        "derived intervals come from streams and indicator intervals, partial buckets from "
        "session_data_config.aggregation"},
       {"prefetch", KeyUse::kReplaced,
        "history loads at the start of each session (historical.data); nothing to prefetch"}});
  if (value.contains("streaming") && value["streaming"].is_object() &&
      value["streaming"].contains("data_upkeep")) {
    diagnostics_.Warn("session_data_config.streaming.data_upkeep",
                      "the predecessor's legacy block, ignored: derived intervals come from "
                      "streams and indicator intervals, partial buckets from "
                      "session_data_config.aggregation");
  }
  if (value.contains("symbols")) {
    ParseSymbols(value["symbols"], KeyPath(kPath, "symbols"));
  } else {
    diagnostics_.Error(KeyPath(kPath, "symbols"), "missing required key (a list of symbols)");
  }
  if (value.contains("streams")) {
    ParseStreams(value["streams"], KeyPath(kPath, "streams"));
  } else {
    diagnostics_.Error(KeyPath(kPath, "streams"),
                       "missing required key (a list of intervals such as [\"1m\", \"5m\"])");
  }
  if (value.contains("historical")) {
    config_.data.historical = ParseHistorical(value["historical"], KeyPath(kPath, "historical"),
                                              base_, config_.data.symbols, diagnostics_);
  }
  if (value.contains("indicators")) {
    ParseIndicators(value["indicators"], KeyPath(kPath, "indicators"));
  }
  if (value.contains("aggregation")) {
    ParseAggregation(value["aggregation"], KeyPath(kPath, "aggregation"));
  }
  if (value.contains("on_missing_data")) {
    const std::string path = KeyPath(kPath, "on_missing_data");
    if (auto policy =
            diagnostics_.String(value["on_missing_data"], path, "\"error\" or \"drop_symbol\"")) {
      if (*policy == "error") {
        config_.data.on_missing_data = MissingDataPolicy::kError;
      } else if (*policy == "drop_symbol") {
        config_.data.on_missing_data = MissingDataPolicy::kDropSymbol;
      } else {
        diagnostics_.Error(
            path, fmt::format("expected \"error\" or \"drop_symbol\", got \"{}\"", *policy));
      }
    }
  }
  CheckAggregationIntervals();
}

void ConfigParser::ParseSymbols(const Json& value, std::string_view path) {
  if (!diagnostics_.IsArray(value, path, "a list of symbols such as [\"SPY\", \"IBM\"]")) return;
  std::map<Symbol, size_t> seen;
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item_path = IndexPath(path, i);
    const std::optional<std::string> text = diagnostics_.String(value[i], item_path, "a symbol");
    if (!text) continue;
    Result<Symbol> symbol = Symbol::Parse(*text);
    if (!symbol.ok()) {
      diagnostics_.Error(item_path, symbol.error().message());
      continue;
    }
    const auto [it, inserted] = seen.emplace(*symbol, i);
    if (!inserted) {
      diagnostics_.Error(
          item_path, fmt::format("{} is listed twice (first at [{}])", symbol->str(), it->second));
      continue;
    }
    config_.data.symbols.push_back(std::move(*symbol));
  }
}

void ConfigParser::ParseStreams(const Json& value, std::string_view path) {
  if (!diagnostics_.IsArray(value, path, "a list of intervals such as [\"1m\", \"5m\"]")) return;
  if (value.empty()) {
    diagnostics_.Error(path, "expected at least one interval, such as [\"1m\"]");
    return;
  }
  std::vector<std::pair<Interval, size_t>> streams;  // With their indexes.
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item_path = IndexPath(path, i);
    if (value[i] == Json("quotes")) {
      if (config_.data.quotes) {
        diagnostics_.Error(item_path, "\"quotes\" is listed twice");
      } else {
        diagnostics_.Warn(item_path,
                          "\"quotes\": there is no quote replay; the latest quote is synthesised "
                          "from the last bar");
      }
      config_.data.quotes = true;
      continue;
    }
    const std::optional<Interval> interval = ReadInterval(value[i], item_path, diagnostics_);
    if (!interval) continue;
    const auto same = std::ranges::find(streams, *interval, &std::pair<Interval, size_t>::first);
    if (same != streams.end()) {
      diagnostics_.Error(item_path, fmt::format("{} is listed twice (first at [{}])",
                                                interval->ToString(), same->second));
      continue;
    }
    streams.emplace_back(*interval, i);
    config_.data.streams.push_back(*interval);
  }
  if (config_.data.streams.empty()) {
    if (config_.data.quotes) diagnostics_.Error(path, "lists no bar interval, such as \"1m\"");
    return;
  }
  base_ = ChooseBase(config_.data.streams);
  if (std::ranges::find(config_.data.streams, *base_) == config_.data.streams.end()) {
    diagnostics_.Warn(path, fmt::format("lists no base interval (1s, 1m or 1d); streaming {} and "
                                        "deriving the others from it",
                                        base_->ToString()));
  }
  for (const auto& [interval, index] : streams) {
    if (const std::optional<std::string> why = WhyNotDerivable(*base_, interval)) {
      diagnostics_.Error(IndexPath(path, index),
                         fmt::format("{} cannot be derived from the base interval {}: {}",
                                     interval.ToString(), base_->ToString(), *why));
    }
  }
}

void ConfigParser::ParseIndicators(const Json& value, std::string_view path) {
  if (!diagnostics_.IsObject(value, path,
                             "an object {\"session\": [...], \"historical\": [...]}")) {
    return;
  }
  diagnostics_.CheckKeys(value, path, {{"session"}, {"historical"}});
  if (value.contains("session")) {
    const std::string list_path = KeyPath(path, "session");
    const Json& list = value["session"];
    if (diagnostics_.IsArray(list, list_path, "a list of indicators")) {
      std::map<std::string, std::string> seen;  // Key → path.
      for (size_t i = 0; i < list.size(); ++i) {
        const std::string item_path = IndexPath(list_path, i);
        std::optional<SessionIndicatorConfig> indicator =
            ParseSessionIndicator(list[i], item_path, base_, diagnostics_);
        if (!indicator) continue;
        if (const auto [it, inserted] = seen.emplace(indicator->key, item_path); !inserted) {
          diagnostics_.Warn(item_path, fmt::format("{} is already listed at {}; kept once",
                                                   indicator->key, it->second));
          continue;
        }
        config_.data.session_indicators.push_back(std::move(*indicator));
      }
    }
  }
  if (value.contains("historical")) {
    const std::string list_path = KeyPath(path, "historical");
    const Json& list = value["historical"];
    if (diagnostics_.IsArray(list, list_path, "a list of historical indicators")) {
      std::map<std::string, std::string> seen;
      for (size_t i = 0; i < list.size(); ++i) {
        const std::string item_path = IndexPath(list_path, i);
        std::optional<HistoricalIndicatorConfig> indicator =
            ParseHistoricalIndicator(list[i], item_path, diagnostics_);
        if (!indicator) continue;
        if (const auto [it, inserted] = seen.emplace(indicator->key, item_path); !inserted) {
          diagnostics_.Warn(item_path, fmt::format("{} is already listed at {}; kept once",
                                                   indicator->key, it->second));
          continue;
        }
        config_.data.historical_indicators.push_back(std::move(*indicator));
      }
    }
  }
}

void ConfigParser::ParseAggregation(const Json& value, std::string_view path) {
  if (!diagnostics_.IsObject(value, path, "an object such as {\"5m\": \"require_complete\"}")) {
    return;
  }
  for (const auto& item : value.items()) {
    const std::string item_path = KeyPath(path, item.key());
    Result<Interval> interval = Interval::Parse(item.key());
    if (!interval.ok()) {
      diagnostics_.Error(item_path, interval.error().message());
      continue;
    }
    const std::optional<std::string> policy =
        diagnostics_.String(item.value(), item_path, "\"require_complete\" or \"emit_partial\"");
    if (!policy) continue;
    if (*policy == "require_complete") {
      config_.data.aggregation[*interval] = AggregationPolicy::kRequireComplete;
    } else if (*policy == "emit_partial") {
      config_.data.aggregation[*interval] = AggregationPolicy::kEmitPartial;
    } else {
      diagnostics_.Error(item_path, fmt::format("expected \"require_complete\" or "
                                                "\"emit_partial\", got \"{}\"",
                                                *policy));
      continue;
    }
    aggregation_paths_[*interval] = item_path;
  }
}

void ConfigParser::CheckAggregationIntervals() {
  if (!base_) return;
  const std::vector<Interval> derived = config_.DerivedIntervals();
  for (const auto& [interval, path] : aggregation_paths_) {
    if (interval == *base_) {
      diagnostics_.Warn(path, fmt::format("{} is the base interval, streamed and not aggregated; "
                                          "the policy has no effect",
                                          interval.ToString()));
    } else if (std::ranges::find(derived, interval) == derived.end()) {
      diagnostics_.Warn(path, fmt::format("{} is not a derived interval of this session (derived: "
                                          "{}); the policy has no effect",
                                          interval.ToString(), JoinIntervals(derived)));
    }
  }
}

void ConfigParser::ParsePlugins(const Json& value, std::string_view path,
                                std::vector<PluginConfig>& out) {
  if (!diagnostics_.IsArray(value, path, "a list of {\"module\", \"enabled\", \"config\"}")) {
    return;
  }
  for (size_t i = 0; i < value.size(); ++i) {
    const std::string item_path = IndexPath(path, i);
    const Json& item = value[i];
    if (!diagnostics_.IsObject(item, item_path, "an object {\"module\", \"enabled\", ...}")) {
      continue;
    }
    PluginConfig plugin;
    plugin.json_path = item_path;
    plugin.raw = item;
    bool ok = true;
    const std::string module_path = KeyPath(item_path, "module");
    if (!item.contains("module")) {
      diagnostics_.Error(module_path, "missing required key (a module name)");
      ok = false;
    } else if (auto module = diagnostics_.String(item["module"], module_path, "a module name")) {
      if (module->empty()) {
        diagnostics_.Error(module_path, "expected a module name, got \"\"");
        ok = false;
      }
      plugin.module = *module;
    } else {
      ok = false;
    }
    if (item.contains("enabled")) {
      const std::optional<bool> enabled =
          diagnostics_.Bool(item["enabled"], KeyPath(item_path, "enabled"));
      ok = ok && enabled.has_value();
      plugin.enabled = enabled.value_or(true);
    }
    if (ok) out.push_back(std::move(plugin));
  }
}

void ConfigParser::ParseCommands(const Json& value, std::string_view path) {
  if (!diagnostics_.IsArray(value, path, "a list of commands")) return;
  for (size_t i = 0; i < value.size(); ++i) {
    std::optional<ScriptedCommand> command =
        ParseScriptedCommand(value[i], IndexPath(path, i), base_, config_.backtest, diagnostics_);
    if (command) config_.commands.push_back(std::move(*command));
  }
}

}  // namespace

SessionConfig ParseConfigRoot(const Json& root, ConfigDiagnostics& diagnostics) {
  ConfigParser parser(diagnostics);
  return parser.Parse(root);
}

}  // namespace tapedeck::session::internal
