#include "session/config_commands.hpp"

#include <fmt/core.h>

#include <array>
#include <chrono>
#include <string>
#include <vector>

#include "calendar/zone.hpp"
#include "session/config_indicators.hpp"

namespace tapedeck::session::internal {
namespace {

using model::Interval;
using model::Symbol;

constexpr std::array<std::pair<std::string_view, CommandKind>, 7> kKinds = {{
    {"add_symbol", CommandKind::kAddSymbol},
    {"remove_symbol", CommandKind::kRemoveSymbol},
    {"add_indicator", CommandKind::kAddIndicator},
    {"set_speed", CommandKind::kSetSpeed},
    {"pause", CommandKind::kPause},
    {"resume", CommandKind::kResume},
    {"stop", CommandKind::kStop},
}};

std::string KindNames() {
  std::string names;
  for (const auto& [name, kind] : kKinds)
    names += fmt::format("{}{}", names.empty() ? "" : ", ", name);
  return names;
}

std::optional<Symbol> ReadSymbol(const Json& value, std::string_view path,
                                 ConfigDiagnostics& diagnostics) {
  const std::optional<std::string> text = diagnostics.String(value, path, "a symbol");
  if (!text) return std::nullopt;
  Result<Symbol> symbol = Symbol::Parse(*text);
  if (!symbol.ok()) {
    diagnostics.Error(path, symbol.error().message());
    return std::nullopt;
  }
  return *symbol;
}

std::optional<Timestamp> ReadAt(const Json& item, std::string_view path,
                                ConfigDiagnostics& diagnostics) {
  const std::string at_path = KeyPath(path, "at");
  if (!item.contains("at")) {
    diagnostics.Error(at_path, "missing required key");
    return std::nullopt;
  }
  constexpr std::string_view kWhat =
      "a date-time with a UTC offset such as \"2013-10-08T11:05:00-04:00\"";
  const std::optional<std::string> text = diagnostics.String(item["at"], at_path, kWhat);
  if (!text) return std::nullopt;
  Result<ParsedDateTime> parsed = ParseIsoDateTime(*text);
  if (!parsed.ok()) {
    diagnostics.Error(at_path, parsed.error().message());
    return std::nullopt;
  }
  if (!parsed->has_time || !parsed->utc_offset) {
    diagnostics.Error(at_path, fmt::format("expected {}, got \"{}\"", kWhat, *text));
    return std::nullopt;
  }
  return Timestamp((parsed->local - *parsed->utc_offset).time_since_epoch());
}

void WarnOutsideBacktest(Timestamp at, const BacktestConfig& backtest, std::string_view path,
                         ConfigDiagnostics& diagnostics) {
  const LocalTime local = calendar::NewYork().ToLocal(at);
  const Date date{
      std::chrono::sys_days(std::chrono::floor<std::chrono::days>(local).time_since_epoch())};
  if (date >= backtest.start_date && date <= backtest.end_date) return;
  diagnostics.Warn(KeyPath(path, "at"),
                   fmt::format("{} (New York) is outside the backtest, {} to {}; the command "
                               "never runs",
                               FormatDate(date), FormatDate(backtest.start_date),
                               FormatDate(backtest.end_date)));
}

void ReadAddSymbol(const Json& item, std::string_view path, ScriptedCommand& command,
                   ConfigDiagnostics& diagnostics) {
  const std::string symbol_path = KeyPath(path, "add_symbol");
  const Json& value = item["add_symbol"];
  if (value.is_array()) {
    if (value.empty()) diagnostics.Error(symbol_path, "expected at least one symbol");
    for (size_t i = 0; i < value.size(); ++i) {
      if (std::optional<Symbol> symbol =
              ReadSymbol(value[i], IndexPath(symbol_path, i), diagnostics)) {
        command.symbols.push_back(std::move(*symbol));
      }
    }
  } else if (value.is_string()) {
    if (std::optional<Symbol> symbol = ReadSymbol(value, symbol_path, diagnostics)) {
      command.symbols.push_back(std::move(*symbol));
    }
  } else {
    diagnostics.Error(symbol_path,
                      fmt::format("expected a symbol or a list of symbols, got {}", Shown(value)));
  }
  if (!item.contains("intervals")) return;
  const std::string intervals_path = KeyPath(path, "intervals");
  const Json& intervals = item["intervals"];
  if (!diagnostics.IsArray(intervals, intervals_path, "a list of intervals such as [\"1m\"]")) {
    return;
  }
  for (size_t i = 0; i < intervals.size(); ++i) {
    const std::string interval_path = IndexPath(intervals_path, i);
    const std::optional<std::string> text =
        diagnostics.String(intervals[i], interval_path, "an interval such as \"5m\"");
    if (!text) continue;
    Result<Interval> interval = Interval::Parse(*text);
    if (interval.ok()) {
      command.intervals.push_back(*interval);
    } else {
      diagnostics.Error(interval_path, interval.error().message());
    }
  }
}

void ReadAddIndicator(const Json& item, std::string_view path, std::optional<Interval> base,
                      ScriptedCommand& command, ConfigDiagnostics& diagnostics) {
  const std::string indicator_path = KeyPath(path, "add_indicator");
  const Json& value = item["add_indicator"];
  if (!diagnostics.IsObject(value, indicator_path,
                            "an object {\"symbol\", \"name\", \"period\", \"interval\", ...}")) {
    return;
  }
  if (value.contains("symbol")) {
    if (std::optional<Symbol> symbol =
            ReadSymbol(value["symbol"], KeyPath(indicator_path, "symbol"), diagnostics)) {
      command.symbols.push_back(std::move(*symbol));
    }
  } else {
    diagnostics.Error(KeyPath(indicator_path, "symbol"), "missing required key");
  }
  Json indicator = value;
  indicator.erase("symbol");
  command.indicator = ParseSessionIndicator(indicator, indicator_path, base, diagnostics);
}

}  // namespace

std::optional<ScriptedCommand> ParseScriptedCommand(const Json& item, std::string_view path,
                                                    std::optional<Interval> base,
                                                    const std::optional<BacktestConfig>& backtest,
                                                    ConfigDiagnostics& diagnostics) {
  if (!diagnostics.IsObject(
          item, path,
          "a command such as {\"at\": \"2013-10-08T11:05:00-04:00\", \"pause\": true}")) {
    return std::nullopt;
  }
  diagnostics.CheckKeys(item, path,
                        {{"at"},
                         {"add_symbol"},
                         {"remove_symbol"},
                         {"add_indicator"},
                         {"set_speed"},
                         {"pause"},
                         {"resume"},
                         {"stop"},
                         {"intervals"},
                         {"comment", KeyUse::kIgnored}});
  const size_t errors_before = diagnostics.error_count();
  ScriptedCommand command;
  command.json_path = std::string(path);
  const std::optional<Timestamp> at = ReadAt(item, path, diagnostics);
  if (at) command.at = *at;

  std::vector<std::string_view> kinds;
  for (const auto& [name, kind] : kKinds) {
    if (item.contains(name)) {
      kinds.push_back(name);
      command.kind = kind;
    }
  }
  if (kinds.empty()) {
    diagnostics.Error(path, fmt::format("missing the command: one of {}", KindNames()));
    return std::nullopt;
  }
  if (kinds.size() > 1) {
    diagnostics.Error(
        path, fmt::format("has both \"{}\" and \"{}\": one command per item", kinds[0], kinds[1]));
    return std::nullopt;
  }
  const std::string kind_path = KeyPath(path, kinds[0]);
  if (item.contains("intervals") && command.kind != CommandKind::kAddSymbol) {
    diagnostics.Error(KeyPath(path, "intervals"), "only add_symbol takes intervals");
  }
  switch (command.kind) {
    case CommandKind::kAddSymbol:
      ReadAddSymbol(item, path, command, diagnostics);
      break;
    case CommandKind::kRemoveSymbol:
      if (std::optional<Symbol> symbol = ReadSymbol(item[kinds[0]], kind_path, diagnostics)) {
        command.symbols.push_back(std::move(*symbol));
      }
      break;
    case CommandKind::kAddIndicator:
      ReadAddIndicator(item, path, base, command, diagnostics);
      break;
    case CommandKind::kSetSpeed:
      if (const std::optional<double> speed =
              diagnostics.Number(item[kinds[0]], kind_path, "a speed multiplier ≥ 0")) {
        if (*speed < 0) {
          diagnostics.Error(kind_path, fmt::format("expected a speed multiplier ≥ 0, got {}",
                                                   Shown(item[kinds[0]])));
        }
        command.speed_multiplier = *speed;
      }
      break;
    case CommandKind::kPause:
    case CommandKind::kResume:
    case CommandKind::kStop:
      if (item[kinds[0]] != Json(true)) {
        diagnostics.Error(kind_path, fmt::format("expected true, got {}", Shown(item[kinds[0]])));
      }
      break;
  }
  if (diagnostics.error_count() != errors_before) return std::nullopt;
  if (backtest) WarnOutsideBacktest(command.at, *backtest, path, diagnostics);
  return command;
}

}  // namespace tapedeck::session::internal
