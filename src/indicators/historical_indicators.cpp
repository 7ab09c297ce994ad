#include "indicators/historical_indicators.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/check.hpp"
#include "indicators/indicator.hpp"
#include "indicators/volatility.hpp"

namespace tapedeck::indicators {
namespace {

constexpr int kMaxPeriod = 100000;

using Unit = HistoricalSpec::Unit;

struct HistoricalParam {
  std::string_view name;
  std::string_view alias;
  double default_value;
};

struct HistoricalDef {
  std::string_view name;
  std::vector<std::string_view> outputs;
  bool weeks_allowed;
  int extra_bars;  // Bars needed beyond N (a previous close).
  std::vector<HistoricalParam> params;
};

const std::vector<HistoricalDef>& Table() {
  static const std::vector<HistoricalDef> table = {
      {"atr_daily", {"atr"}, false, 1, {}},
      {"avg_range", {"avg_range"}, true, 0, {}},
      {"avg_volume", {"avg_volume"}, true, 0, {}},
      {"gap_stats",
       {"mean_abs_gap_pct", "up_gaps", "down_gaps"},
       false,
       1,
       {{"threshold_pct", "threshold", 1.0}}},
      {"high_low", {"high", "low"}, true, 0, {}},
      {"range_ratio", {"range_ratio"}, false, 0, {}},
  };
  return table;
}

const HistoricalDef* Find(std::string_view name) {
  const auto& table = Table();
  const auto it = std::ranges::find(table, name, &HistoricalDef::name);
  return it == table.end() ? nullptr : &*it;
}

std::string KnownNames() {
  std::string out;
  for (const HistoricalDef& def : Table()) {
    if (!out.empty()) out += ", ";
    out += def.name;
  }
  return out;
}

std::string FormatNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    return fmt::format("{}", static_cast<long long>(v));
  }
  return fmt::format("{}", v);
}

Date DateOf(const model::Bar& bar) { return UtcDate(bar.open_time); }

// The bars of the window, newest last; empty when the history is too short.
std::span<const model::Bar> Window(const HistoricalSpec& spec, const HistoricalDef& def,
                                   std::span<const model::Bar> bars, Date session_date) {
  if (spec.unit == Unit::kDays) {
    const auto needed = static_cast<std::size_t>(spec.period + def.extra_bars);
    if (bars.size() < needed) return {};
    return bars.subspan(bars.size() - needed);
  }
  const std::chrono::sys_days start =
      std::chrono::sys_days(session_date) - std::chrono::days(7 * spec.period);
  if (bars.empty() || std::chrono::sys_days(DateOf(bars.front())) > start + std::chrono::days(6)) {
    return {};  // The history does not reach the window's first week.
  }
  const auto first = std::ranges::find_if(
      bars, [&](const model::Bar& bar) { return std::chrono::sys_days(DateOf(bar)) >= start; });
  return bars.subspan(static_cast<std::size_t>(first - bars.begin()));
}

double Mean(std::span<const model::Bar> bars, double (*field)(const model::Bar&)) {
  double total = 0;
  for (const model::Bar& bar : bars) total += field(bar);
  return total / static_cast<double>(bars.size());
}

double Volume(const model::Bar& bar) { return bar.volume; }
double Range(const model::Bar& bar) { return bar.high - bar.low; }

}  // namespace

Result<HistoricalSpec> ParseHistoricalSpec(std::string_view name, double period,
                                           std::string_view unit,
                                           const std::map<std::string, double>& params) {
  const HistoricalDef* def = Find(name);
  if (def == nullptr) {
    return Error::InvalidArgument("unknown historical indicator \"{}\"; known: {}", name,
                                  KnownNames());
  }
  if (!std::isfinite(period) || period != std::floor(period) || period < 1 || period > kMaxPeriod) {
    return Error::InvalidArgument("\"{}\": period must be an integer in [1, {}], got {}", def->name,
                                  kMaxPeriod, FormatNumber(period));
  }
  HistoricalSpec spec{std::string(def->name), static_cast<int>(period), Unit::kDays, {}};
  if (unit == "weeks" || unit == "week" || unit == "w") {
    spec.unit = Unit::kWeeks;
  } else if (!(unit.empty() || unit == "days" || unit == "day" || unit == "d")) {
    return Error::InvalidArgument("\"{}\": unit must be \"days\" or \"weeks\", got \"{}\"",
                                  def->name, unit);
  }
  if (spec.unit == Unit::kWeeks && !def->weeks_allowed) {
    return Error::InvalidArgument("\"{}\": unit must be days, got weeks", def->name);
  }
  for (const HistoricalParam& param : def->params) {
    spec.params[std::string(param.name)] = param.default_value;
  }
  for (const auto& [key, value] : params) {
    const auto it = std::ranges::find_if(def->params, [&](const HistoricalParam& param) {
      return key == param.name || key == param.alias;
    });
    if (it == def->params.end()) {
      std::string expected;
      for (const HistoricalParam& param : def->params) {
        expected += expected.empty() ? "" : ", ";
        expected += param.name;
      }
      return Error::InvalidArgument("\"{}\": unknown parameter \"{}\"; expected {}", def->name, key,
                                    expected.empty() ? "none" : expected);
    }
    if (!std::isfinite(value) || value < 0) {
      return Error::InvalidArgument("\"{}\": {} must be a number ≥ 0, got {}", def->name, it->name,
                                    FormatNumber(value));
    }
    spec.params[std::string(it->name)] = value;
  }
  return spec;
}

std::string HistoricalKey(const HistoricalSpec& spec) {
  std::string key =
      fmt::format("{}_{}{}", spec.name, spec.period, spec.unit == Unit::kWeeks ? 'w' : 'd');
  if (const HistoricalDef* def = Find(spec.name)) {
    for (const HistoricalParam& param : def->params) {
      const auto it = spec.params.find(std::string(param.name));
      if (it != spec.params.end() && it->second != param.default_value) {
        key += '_';
        key += FormatNumber(it->second);
      }
    }
  }
  return key;
}

std::vector<std::string_view> HistoricalNames() {
  std::vector<std::string_view> names;
  for (const HistoricalDef& def : Table()) names.push_back(def.name);
  return names;
}

HistoricalValue ComputeHistorical(const HistoricalSpec& spec,
                                  std::span<const model::Bar> daily_bars, Date session_date) {
  const HistoricalDef* def = Find(spec.name);
  TD_CHECK(def != nullptr, "unknown historical indicator {}", spec.name);
  TD_CHECK(spec.period >= 1, "{}: period {}", spec.name, spec.period);
  HistoricalValue result;
  for (const std::string_view output : def->outputs) result.outputs.emplace_back(output, kNaN);
  if (!daily_bars.empty()) {
    const Date newest = DateOf(daily_bars.back());
    TD_CHECK(newest < session_date, "{}: daily bar of {} is not before the session of {}",
             spec.name, FormatDate(newest), FormatDate(session_date));
    result.as_of = newest;
  }
  const std::span<const model::Bar> window = Window(spec, *def, daily_bars, session_date);
  if (window.empty()) return result;

  auto set = [&](std::size_t output, double value) { result.outputs[output].second = value; };
  if (spec.name == "avg_volume") {
    set(0, Mean(window, Volume));
  } else if (spec.name == "avg_range") {
    set(0, Mean(window, Range));
  } else if (spec.name == "high_low") {
    double high = window.front().high;
    double low = window.front().low;
    for (const model::Bar& bar : window) {
      high = std::max(high, bar.high);
      low = std::min(low, bar.low);
    }
    set(0, high);
    set(1, low);
  } else if (spec.name == "range_ratio") {
    const double average = Mean(window, Range);
    set(0, average > 0 ? Range(window.back()) / average : 0.0);
  } else if (spec.name == "gap_stats") {
    const double threshold = spec.params.at("threshold_pct");
    double total = 0;
    int up = 0;
    int down = 0;
    for (std::size_t i = 1; i < window.size(); ++i) {
      const double previous_close = window[i - 1].close;
      const double gap = 100.0 * (window[i].open - previous_close) / previous_close;
      total += std::fabs(gap);
      if (gap > threshold) ++up;
      if (gap < -threshold) ++down;
    }
    set(0, total / static_cast<double>(window.size() - 1));
    set(1, static_cast<double>(up));
    set(2, static_cast<double>(down));
  } else if (spec.name == "atr_daily") {
    // Over every bar given (see the header), exactly as the streaming atr.
    internal::AtrState atr(spec.period);
    for (const model::Bar& bar : daily_bars) (void)atr.Add(bar);
    set(0, atr.value());
    result.days_used = static_cast<int>(daily_bars.size());
    result.ready = true;
    return result;
  }
  result.days_used = static_cast<int>(window.size());
  result.ready = true;
  return result;
}

}  // namespace tapedeck::indicators
