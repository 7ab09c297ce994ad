#include "session/config_indicators.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <map>
#include <string>

#include "indicators/historical_indicators.hpp"
#include "session/config_intervals.hpp"

namespace tapedeck::session::internal {
namespace {

using model::Interval;

// Periods the predecessor filled in when a config wrote `"period": 0` for an
// indicator that needs one. Our registry requires it, so we fill it here.
constexpr std::array<std::pair<std::string_view, int>, 1> kPredecessorDefaultPeriods = {{
    {"volume_ratio", 20},
}};

// Reads `params` into a map; false after reporting a non-number.
bool ReadParams(const Json& item, std::string_view path, ConfigDiagnostics& diagnostics,
                std::map<std::string, double>& params) {
  if (!item.contains("params")) return true;
  const std::string params_path = KeyPath(path, "params");
  const Json& object = item["params"];
  if (!diagnostics.IsObject(object, params_path, "an object of numeric parameters")) return false;
  bool ok = true;
  for (const auto& entry : object.items()) {
    const std::optional<double> value =
        diagnostics.Number(entry.value(), KeyPath(params_path, entry.key()));
    if (value) {
      params[entry.key()] = *value;
    } else {
      ok = false;
    }
  }
  return ok;
}

bool ReadType(const Json& item, std::string_view path, ConfigDiagnostics& diagnostics,
              std::string& type) {
  if (!item.contains("type")) return true;
  const std::optional<std::string> text = diagnostics.String(item["type"], KeyPath(path, "type"));
  if (text) type = *text;
  return text.has_value();
}

bool RequireKeys(const Json& item, std::string_view path, ConfigDiagnostics& diagnostics,
                 std::initializer_list<std::string_view> keys) {
  bool ok = true;
  for (const std::string_view key : keys) {
    if (!item.contains(key)) {
      diagnostics.Error(KeyPath(path, key), "missing required key");
      ok = false;
    }
  }
  return ok;
}

// The predecessor's stochastic took `period` as the %K lookback and `k_period`
// as the %K smoothing; our registry reads k_period as the lookback (fastk).
void MapPredecessorStochastic(std::string_view name, double period, std::string_view path,
                              std::map<std::string, double>& params,
                              ConfigDiagnostics& diagnostics) {
  if (name != "stoch" && name != "stochastic") return;
  const auto k_period = params.find("k_period");
  if (period == 0 || k_period == params.end() || params.contains("slowk_period")) return;
  diagnostics.Warn(KeyPath(KeyPath(path, "params"), "k_period"),
                   "read as slowk_period (the %K smoothing), as the predecessor did when a period "
                   "is given; period sets fastk_period");
  params["slowk_period"] = k_period->second;
  params.erase(k_period);
}

}  // namespace

std::optional<SessionIndicatorConfig> ParseSessionIndicator(const Json& item, std::string_view path,
                                                            std::optional<Interval> base,
                                                            ConfigDiagnostics& diagnostics) {
  if (!diagnostics.IsObject(item, path, "an indicator {\"name\", \"period\", \"interval\", ...}")) {
    return std::nullopt;
  }
  diagnostics.CheckKeys(
      item, path,
      {{"name"}, {"period"}, {"interval"}, {"type"}, {"params"}, {"comment", KeyUse::kIgnored}});
  const size_t errors_before = diagnostics.error_count();
  if (!RequireKeys(item, path, diagnostics, {"name", "interval"})) return std::nullopt;
  const std::optional<std::string> name = diagnostics.String(item["name"], KeyPath(path, "name"));
  double period = 0;
  if (item.contains("period")) {
    const std::optional<double> value =
        diagnostics.Number(item["period"], KeyPath(path, "period"), "a number (0: none)");
    if (value) period = *value;
  }
  const std::optional<Interval> interval =
      ReadInterval(item["interval"], KeyPath(path, "interval"), diagnostics);
  SessionIndicatorConfig config;
  ReadType(item, path, diagnostics, config.type);
  std::map<std::string, double> params;
  ReadParams(item, path, diagnostics, params);
  if (!name || !interval || diagnostics.error_count() != errors_before) return std::nullopt;

  MapPredecessorStochastic(*name, period, path, params, diagnostics);
  for (const auto& [predecessor_name, default_period] : kPredecessorDefaultPeriods) {
    if (*name == predecessor_name && period == 0 && !params.contains("period")) {
      diagnostics.Warn(KeyPath(path, "period"),
                       fmt::format("0 means the predecessor's default for \"{}\": using {}",
                                   predecessor_name, default_period));
      period = default_period;
    }
  }
  Result<indicators::IndicatorSpec> spec =
      indicators::ParseIndicatorSpec(*name, period, params, *interval);
  if (!spec.ok()) {
    diagnostics.Error(path, spec.error().message());
    return std::nullopt;
  }
  if (base) {
    if (const std::optional<std::string> why = WhyNotDerivable(*base, *interval)) {
      diagnostics.Error(KeyPath(path, "interval"),
                        fmt::format("\"{}\" cannot be derived from the base interval {}: {}",
                                    interval->ToString(), base->ToString(), *why));
      return std::nullopt;
    }
  }
  config.key = indicators::IndicatorKey(*spec);
  config.spec = std::move(*spec);
  return config;
}

std::optional<HistoricalIndicatorConfig> ParseHistoricalIndicator(const Json& item,
                                                                  std::string_view path,
                                                                  ConfigDiagnostics& diagnostics) {
  if (!diagnostics.IsObject(item, path,
                            "an indicator {\"name\", \"period\", \"unit\", \"interval\", ...}")) {
    return std::nullopt;
  }
  diagnostics.CheckKeys(item, path,
                        {{"name"},
                         {"period"},
                         {"unit"},
                         {"interval"},
                         {"type"},
                         {"params"},
                         {"comment", KeyUse::kIgnored}});
  const size_t errors_before = diagnostics.error_count();
  if (!RequireKeys(item, path, diagnostics, {"name"})) return std::nullopt;
  HistoricalIndicatorConfig config;
  const std::optional<std::string> name = diagnostics.String(item["name"], KeyPath(path, "name"));
  if (name) {
    const std::vector<std::string_view> known = indicators::HistoricalNames();
    if (std::ranges::find(known, *name) != known.end()) {
      config.name = *name;
    } else {
      std::string near;
      std::string all;
      for (const std::string_view candidate : known) {
        all += fmt::format("{}{}", all.empty() ? "" : ", ", candidate);
        if (EditDistance(*name, candidate) <= 2) {
          near += fmt::format("{}\"{}\"", near.empty() ? "" : ", ", candidate);
        }
      }
      diagnostics.Error(KeyPath(path, "name"),
                        near.empty() ? fmt::format("unknown historical indicator \"{}\"; "
                                                   "expected one of: {}",
                                                   *name, all)
                                     : fmt::format("unknown historical indicator \"{}\"; did you "
                                                   "mean {}?",
                                                   *name, near));
    }
  }
  double period = 0;
  if (item.contains("period")) {
    period = diagnostics.Number(item["period"], KeyPath(path, "period")).value_or(0);
  }
  std::string unit = "days";
  if (item.contains("unit")) {
    const std::string unit_path = KeyPath(path, "unit");
    if (const std::optional<std::string> text =
            diagnostics.String(item["unit"], unit_path, "\"days\" or \"weeks\"")) {
      if (*text == "days" || *text == "weeks") {
        unit = *text;
        config.unit = *text == "days" ? HistoricalUnit::kDays : HistoricalUnit::kWeeks;
      } else {
        diagnostics.Error(unit_path,
                          fmt::format("expected \"days\" or \"weeks\", got \"{}\"", *text));
      }
    }
  }
  if (item.contains("interval")) {
    if (const std::optional<Interval> interval =
            ReadInterval(item["interval"], KeyPath(path, "interval"), diagnostics)) {
      if (*interval != Interval::Days(1) && *interval != Interval::Weeks(1)) {
        diagnostics.Error(
            KeyPath(path, "interval"),
            fmt::format("historical indicators read 1d or 1w bars, got {}", interval->ToString()));
      } else {
        config.interval = *interval;
      }
    }
  }
  ReadType(item, path, diagnostics, config.type);
  ReadParams(item, path, diagnostics, config.params);
  if (config.name.empty() || diagnostics.error_count() != errors_before) return std::nullopt;
  // The historical indicator module owns the rules for periods, units and parameters.
  Result<indicators::HistoricalSpec> spec =
      indicators::ParseHistoricalSpec(config.name, period, unit, config.params);
  if (!spec.ok()) {
    diagnostics.Error(path, spec.error().message());
    return std::nullopt;
  }
  config.period = spec->period;
  config.params = spec->params;
  config.key = indicators::HistoricalKey(*spec);
  return config;
}

}  // namespace tapedeck::session::internal
