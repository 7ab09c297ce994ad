#include "session/config_historical.hpp"

#include <fmt/core.h>

#include <algorithm>

#include "session/config_intervals.hpp"

namespace tapedeck::session::internal {
namespace {

using model::Interval;
using model::Symbol;

constexpr int kMaxTrailingDays = 10000;

void ParseEntry(const Json& entry, std::string_view path, bool older_form,
                std::optional<Interval> base, const std::vector<Symbol>& symbols,
                ConfigDiagnostics& diagnostics, std::vector<HistoricalDataConfig>& out) {
  if (!older_form) {
    if (!diagnostics.IsObject(entry, path,
                              "an object {\"trailing_days\", \"intervals\", \"apply_to\"}")) {
      return;
    }
    diagnostics.CheckKeys(
        entry, path,
        {{"trailing_days"}, {"intervals"}, {"apply_to"}, {"comment", KeyUse::kIgnored}});
  }
  const size_t errors_before = diagnostics.error_count();
  HistoricalDataConfig historical;
  const std::string days_path = KeyPath(path, "trailing_days");
  if (!entry.contains("trailing_days")) {
    diagnostics.Error(days_path, "missing required key (a number of trading days ≥ 0)");
  } else if (auto days =
                 diagnostics.Integer(entry["trailing_days"], days_path, 0, kMaxTrailingDays)) {
    historical.trailing_days = *days;
  }
  const std::string intervals_path = KeyPath(path, "intervals");
  if (!entry.contains("intervals")) {
    diagnostics.Error(intervals_path,
                      "missing required key (a list of intervals such as [\"1m\"])");
  } else if (diagnostics.IsArray(entry["intervals"], intervals_path,
                                 "a list of intervals such as [\"1m\", \"1d\"]")) {
    const Json& intervals = entry["intervals"];
    if (intervals.empty()) diagnostics.Error(intervals_path, "expected at least one interval");
    for (size_t i = 0; i < intervals.size(); ++i) {
      const std::string item_path = IndexPath(intervals_path, i);
      const std::optional<Interval> interval = ReadInterval(intervals[i], item_path, diagnostics);
      if (!interval) continue;
      // Daily history may come from stored 1d bars whatever the session's base.
      if (base && *interval != Interval::Days(1)) {
        if (const std::optional<std::string> why = internal::WhyNotDerivable(*base, *interval)) {
          diagnostics.Error(item_path,
                            fmt::format("{} cannot be derived from the base interval {}: {}",
                                        interval->ToString(), base->ToString(), *why));
          continue;
        }
      }
      historical.intervals.push_back(*interval);
    }
  }
  if (!older_form && entry.contains("apply_to")) {
    const std::string apply_path = KeyPath(path, "apply_to");
    const Json& apply_to = entry["apply_to"];
    if (apply_to == Json("all")) {
      historical.apply_to_all = true;
    } else if (!apply_to.is_array()) {
      diagnostics.Error(apply_path, fmt::format("expected \"all\" or a list of symbols, got {}",
                                                Shown(apply_to)));
    } else {
      historical.apply_to_all = false;
      for (size_t i = 0; i < apply_to.size(); ++i) {
        const std::string item_path = IndexPath(apply_path, i);
        const std::optional<std::string> text =
            diagnostics.String(apply_to[i], item_path, "a symbol");
        if (!text) continue;
        Result<Symbol> symbol = Symbol::Parse(*text);
        if (!symbol.ok()) {
          diagnostics.Error(item_path, symbol.error().message());
          continue;
        }
        if (std::ranges::find(symbols, *symbol) == symbols.end()) {
          diagnostics.Warn(item_path, fmt::format("{} is not among session_data_config.symbols; "
                                                  "the entry applies if it is added later",
                                                  symbol->str()));
        }
        historical.apply_to.push_back(std::move(*symbol));
      }
    }
  }
  if (diagnostics.error_count() == errors_before) {
    out.push_back(std::move(historical));
  }
}

}  // namespace

std::vector<HistoricalDataConfig> ParseHistorical(const Json& value, std::string_view path,
                                                  std::optional<Interval> base,
                                                  const std::vector<Symbol>& symbols,
                                                  ConfigDiagnostics& diagnostics) {
  std::vector<HistoricalDataConfig> out;
  if (!diagnostics.IsObject(value, path, "an object {\"data\": [...]}")) return out;
  diagnostics.CheckKeys(
      value, path,
      {{"data"},
       {"enabled"},
       {"trailing_days"},
       {"intervals"},
       {"auto_load"},
       {"enable_quality", KeyUse::kIgnored, "historical quality is always scored"},
       {"indicators", KeyUse::kReplaced, "session_data_config.indicators.historical replaces it"}});
  const bool older_form = value.contains("enabled") || value.contains("trailing_days") ||
                          value.contains("intervals") || value.contains("auto_load");
  if (older_form && value.contains("data")) {
    diagnostics.Error(path,
                      "mixes the older form (enabled, trailing_days, intervals, auto_load) "
                      "with data; keep data only");
    return out;
  }
  if (older_form) {
    diagnostics.Warn(path,
                     "the older form {enabled, trailing_days, intervals, auto_load} is read as "
                     "one historical.data entry applying to all symbols");
    bool enabled = true;
    if (value.contains("enabled")) {
      enabled = diagnostics.Bool(value["enabled"], KeyPath(path, "enabled")).value_or(true);
    }
    if (value.contains("auto_load")) {
      (void)diagnostics.Bool(value["auto_load"], KeyPath(path, "auto_load"));
    }
    if (!enabled) {
      diagnostics.Warn(KeyPath(path, "enabled"), "false: no history is loaded");
      return out;
    }
    ParseEntry(value, path, /*older_form=*/true, base, symbols, diagnostics, out);
    return out;
  }
  if (!value.contains("data")) return out;
  const std::string data_path = KeyPath(path, "data");
  const Json& data = value["data"];
  if (!diagnostics.IsArray(data, data_path,
                           "a list of {\"trailing_days\", \"intervals\", \"apply_to\"}")) {
    return out;
  }
  for (size_t i = 0; i < data.size(); ++i) {
    ParseEntry(data[i], IndexPath(data_path, i), /*older_form=*/false, base, symbols, diagnostics,
               out);
  }
  return out;
}

}  // namespace tapedeck::session::internal
