#include "indicators/registry.hpp"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <optional>

#include "indicators/channels.hpp"
#include "indicators/directional.hpp"
#include "indicators/momentum.hpp"
#include "indicators/moving_averages.hpp"
#include "indicators/oscillators.hpp"
#include "indicators/pivot_points.hpp"
#include "indicators/swing_points.hpp"
#include "indicators/trend.hpp"
#include "indicators/volatility.hpp"
#include "indicators/volume.hpp"

namespace tapedeck::indicators {
namespace {

constexpr int kMaxPeriod = 100000;  // TA-Lib's upper bound for periods.

struct ParamDef {
  std::string_view name;
  std::array<std::string_view, 2> aliases{};  // Empty entries are unused.
  std::optional<double> default_value;        // nullopt: required.
  double min = 1;
  bool integer = true;
  bool is_period = false;  // Filled by the `period` argument or key.
};

using Params = std::vector<double>;
using Factory = std::function<std::unique_ptr<Indicator>(const Params&)>;

struct IndicatorDef {
  std::string_view name;
  std::vector<ParamDef> params;
  Factory create;
  bool daily_only = false;
};

int I(double v) { return static_cast<int>(v); }

ParamDef Period(int min) {
  return {"period", {}, std::nullopt, static_cast<double>(min), true, true};
}
ParamDef Int(std::string_view name, int default_value, int min,
             std::array<std::string_view, 2> aliases = {}, bool is_period = false) {
  return {name, aliases, default_value, static_cast<double>(min), true, is_period};
}
ParamDef Real(std::string_view name, double default_value,
              std::array<std::string_view, 2> aliases = {}) {
  return {name, aliases, default_value, 0.0, false, false};
}

template <typename T>
Factory One() {
  return [](const Params& p) -> std::unique_ptr<Indicator> { return std::make_unique<T>(I(p[0])); };
}
template <typename T>
Factory None() {
  return [](const Params&) -> std::unique_ptr<Indicator> { return std::make_unique<T>(); };
}

const std::vector<IndicatorDef>& Table() {
  static const std::vector<IndicatorDef> table = [] {
    std::vector<IndicatorDef> t = {
        {"ad", {}, None<AccumulationDistribution>()},
        {"adosc",
         {Int("fastperiod", 3, 2, {"fast"}), Int("slowperiod", 10, 2, {"slow"})},
         [](const Params& p) -> std::unique_ptr<Indicator> {
           return std::make_unique<ChaikinOscillator>(I(p[0]), I(p[1]));
         }},
        {"adx", {Period(2)}, One<AverageDirectionalIndex>()},
        {"aroon", {Period(2)}, One<Aroon>()},
        {"atr", {Period(1)}, One<AverageTrueRange>()},
        {"bbands",
         {Period(2), Real("nbdev", 2.0, {"num_std", "nbdevup"})},
         [](const Params& p) -> std::unique_ptr<Indicator> {
           return std::make_unique<BollingerBands>(I(p[0]), p[1]);
         }},
        {"cci", {Period(2)}, One<CommodityChannelIndex>()},
        {"dema", {Period(2)}, One<DoubleExponentialMovingAverage>()},
        {"donchian", {Period(1)}, One<DonchianChannels>()},
        {"ema", {Period(2)}, One<ExponentialMovingAverage>()},
        {"high_low", {Period(1)}, One<HighLow>()},
        {"hma", {Period(2)}, One<HullMovingAverage>()},
        {"kama", {Period(2)}, One<KaufmanAdaptiveMovingAverage>()},
        {"keltner",
         {Period(1), Real("atr_multiplier", 2.0, {"multiplier"})},
         [](const Params& p) -> std::unique_ptr<Indicator> {
           return std::make_unique<KeltnerChannels>(I(p[0]), p[1]);
         }},
        {"linearreg", {Period(2)}, One<LinearRegression>()},
        {"macd",
         {Int("fastperiod", 12, 2, {"fast"}), Int("slowperiod", 26, 2, {"slow"}),
          Int("signalperiod", 9, 1, {"signal"})},
         [](const Params& p) -> std::unique_ptr<Indicator> {
           return std::make_unique<Macd>(I(p[0]), I(p[1]), I(p[2]));
         }},
        {"mfi", {Period(2)}, One<MoneyFlowIndex>()},
        {"midprice", {Period(2)}, One<MidPrice>()},
        {"minus_di", {Period(2)}, One<MinusDirectionalIndicator>()},
        {"mom", {Period(1)}, One<Momentum>()},
        {"natr", {Period(1)}, One<NormalizedAverageTrueRange>()},
        {"obv", {}, None<OnBalanceVolume>()},
        {"pivot_points", {}, None<PivotPoints>(), /*daily_only=*/true},
        {"plus_di", {Period(2)}, One<PlusDirectionalIndicator>()},
        {"roc", {Period(1)}, One<RateOfChange>()},
        {"rsi", {Period(2)}, One<RelativeStrengthIndex>()},
        {"sar",
         {Real("acceleration", 0.02), Real("maximum", 0.2)},
         [](const Params& p) -> std::unique_ptr<Indicator> {
           return std::make_unique<ParabolicSar>(p[0], p[1]);
         }},
        {"sma", {Period(2)}, One<SimpleMovingAverage>()},
        {"stddev", {Period(2)}, One<StandardDeviation>()},
        {"stoch",
         {Int("fastk_period", 5, 1, {"k_period"}, /*is_period=*/true), Int("slowk_period", 3, 1),
          Int("slowd_period", 3, 1, {"d_period"})},
         [](const Params& p) -> std::unique_ptr<Indicator> {
           return std::make_unique<Stochastic>(I(p[0]), I(p[1]), I(p[2]));
         }},
        {"stochf",
         {Int("fastk_period", 5, 1, {"k_period"}, /*is_period=*/true),
          Int("fastd_period", 3, 1, {"d_period"})},
         [](const Params& p) -> std::unique_ptr<Indicator> {
           return std::make_unique<StochasticFast>(I(p[0]), I(p[1]));
         }},
        {"swing_high", {Period(1)}, One<SwingHigh>()},
        {"swing_low", {Period(1)}, One<SwingLow>()},
        {"tema", {Period(2)}, One<TripleExponentialMovingAverage>()},
        {"trange", {}, None<TrueRange>()},
        {"trix", {Period(1)}, One<Trix>()},
        {"ultosc",
         {Int("timeperiod1", 7, 1), Int("timeperiod2", 14, 1), Int("timeperiod3", 28, 1)},
         [](const Params& p) -> std::unique_ptr<Indicator> {
           return std::make_unique<UltimateOscillator>(I(p[0]), I(p[1]), I(p[2]));
         }},
        {"volume_ratio", {Period(1)}, One<VolumeRatio>()},
        {"volume_sma", {Period(1)}, One<VolumeSma>()},
        {"vwap", {}, None<VolumeWeightedAveragePrice>()},
        {"willr", {Period(2)}, One<WilliamsR>()},
        {"wma", {Period(2)}, One<WeightedMovingAverage>()},
    };
    std::ranges::sort(t, {}, &IndicatorDef::name);
    return t;
  }();
  return table;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 2> kAliases = {{
    {"stochastic", "stoch"},
    {"williams_r", "willr"},
}};

const IndicatorDef* Find(std::string_view name) {
  for (const auto& [alias, canonical] : kAliases) {
    if (name == alias) name = canonical;
  }
  const auto& table = Table();
  const auto it = std::ranges::find(table, name, &IndicatorDef::name);
  return it == table.end() ? nullptr : &*it;
}

std::size_t EditDistance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

Error UnknownName(std::string_view name) {
  std::vector<std::string_view> candidates;
  for (const IndicatorDef& def : Table()) candidates.push_back(def.name);
  for (const auto& [alias, canonical] : kAliases) candidates.push_back(alias);
  std::size_t best = 3;  // Only edits of at most 2 count as near.
  for (std::string_view candidate : candidates)
    best = std::min(best, EditDistance(name, candidate));
  std::vector<std::string> near;
  std::vector<std::string> all;
  for (std::string_view candidate : candidates) {
    all.emplace_back(candidate);
    const bool contains = name.size() >= 3 && (candidate.find(name) != std::string_view::npos ||
                                               name.find(candidate) != std::string_view::npos);
    if (contains || EditDistance(name, candidate) == best) {
      near.push_back(fmt::format("\"{}\"", candidate));
    }
  }
  if (!near.empty()) {
    return Error::InvalidArgument("unknown indicator \"{}\"; did you mean {}?", name, Join(near));
  }
  return Error::InvalidArgument("unknown indicator \"{}\"; known indicators: {}", name, Join(all));
}

std::string FormatNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

std::string DescribeParams(const IndicatorDef& def) {
  std::vector<std::string> names;
  for (const ParamDef& param : def.params) {
    std::string text(param.name);
    for (const std::string_view alias : param.aliases) {
      if (!alias.empty()) text += fmt::format(" ({})", alias);
    }
    names.push_back(text);
  }
  return names.empty() ? "none" : Join(names);
}

Status CheckValue(const IndicatorDef& def, const ParamDef& param, double v) {
  if (param.integer) {
    if (!std::isfinite(v) || v != std::floor(v) || v < param.min || v > kMaxPeriod) {
      return Error::InvalidArgument("\"{}\": {} must be an integer {} {}, got {}", def.name,
                                    param.name, v > kMaxPeriod ? "≤" : "≥",
                                    v > kMaxPeriod ? kMaxPeriod : static_cast<int>(param.min),
                                    FormatNumber(v));
    }
  } else if (!std::isfinite(v) || v < param.min) {
    return Error::InvalidArgument("\"{}\": {} must be a number ≥ {}, got {}", def.name, param.name,
                                  FormatNumber(param.min), FormatNumber(v));
  }
  return Status::Ok();
}

Status CheckAll(const IndicatorDef& def, const Params& values, model::Interval interval) {
  if (values.size() != def.params.size()) {
    return Error::InvalidArgument("\"{}\": expected {} parameters ({}), got {}", def.name,
                                  def.params.size(), DescribeParams(def), values.size());
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    TD_RETURN_IF_ERROR(CheckValue(def, def.params[i], values[i]));
  }
  if (def.name == "macd" && values[0] > values[1]) {
    return Error::InvalidArgument("\"macd\": fastperiod ({}) must not exceed slowperiod ({})",
                                  FormatNumber(values[0]), FormatNumber(values[1]));
  }
  if (def.daily_only && !interval.is_daily_or_longer()) {
    return Error::InvalidArgument(
        "\"{}\": needs a daily or weekly interval (it takes one bar per session), got {}", def.name,
        interval.ToString());
  }
  return Status::Ok();
}

}  // namespace

Result<IndicatorSpec> ParseIndicatorSpec(std::string_view name, double period,
                                         const std::map<std::string, double>& params,
                                         model::Interval interval) {
  const IndicatorDef* def = Find(name);
  if (def == nullptr) return UnknownName(name);
  std::vector<std::optional<double>> values(def->params.size());
  const auto period_slot = std::ranges::find_if(def->params, &ParamDef::is_period);
  const bool has_period = period_slot != def->params.end();
  const auto period_index = static_cast<std::size_t>(period_slot - def->params.begin());

  if (period != 0) {
    if (!has_period) {
      return Error::InvalidArgument("\"{}\": takes no period, got {} (parameters: {})", def->name,
                                    FormatNumber(period), DescribeParams(*def));
    }
    values[period_index] = period;
  }
  for (const auto& [key, value] : params) {
    std::optional<std::size_t> index;
    for (std::size_t i = 0; i < def->params.size(); ++i) {
      const ParamDef& param = def->params[i];
      if (key == param.name || (param.is_period && key == "period") ||
          std::ranges::find(param.aliases, key) != param.aliases.end()) {
        index = i;
      }
    }
    if (key.empty() || !index) {
      return Error::InvalidArgument("\"{}\": unknown parameter \"{}\"; expected one of: {}",
                                    def->name, key, DescribeParams(*def));
    }
    if (values[*index] && *values[*index] != value) {
      return Error::InvalidArgument("\"{}\": {} given twice ({} and {})", def->name,
                                    def->params[*index].name, FormatNumber(*values[*index]),
                                    FormatNumber(value));
    }
    values[*index] = value;
  }

  IndicatorSpec spec{std::string(def->name), {}, interval};
  for (std::size_t i = 0; i < values.size(); ++i) {
    const ParamDef& param = def->params[i];
    if (!values[i]) {
      if (!param.default_value) {
        // A required parameter that is missing reads as 0, the config's "no period".
        TD_RETURN_IF_ERROR(CheckValue(*def, param, 0));
      }
      values[i] = param.default_value;
    }
    spec.params.push_back(*values[i]);
  }
  TD_RETURN_IF_ERROR(CheckAll(*def, spec.params, interval));
  return spec;
}

std::string IndicatorKey(const IndicatorSpec& spec) {
  std::string key = spec.name;
  for (const double v : spec.params) {
    key += '_';
    key += FormatNumber(v);
  }
  key += '_';
  key += spec.interval.ToString();
  return key;
}

std::string OutputKey(std::string_view indicator_key, std::string_view output) {
  return fmt::format("{}.{}", indicator_key, output);
}

Result<std::unique_ptr<Indicator>> CreateIndicator(const IndicatorSpec& spec) {
  const IndicatorDef* def = Find(spec.name);
  if (def == nullptr) return UnknownName(spec.name);
  TD_RETURN_IF_ERROR(CheckAll(*def, spec.params, spec.interval));
  return def->create(spec.params);
}

std::vector<std::string_view> IndicatorNames() {
  std::vector<std::string_view> names;
  for (const IndicatorDef& def : Table()) names.push_back(def.name);
  return names;
}

std::vector<std::string_view> IndicatorParamNames(std::string_view name) {
  std::vector<std::string_view> names;
  if (const IndicatorDef* def = Find(name)) {
    for (const ParamDef& param : def->params) names.push_back(param.name);
  }
  return names;
}

}  // namespace tapedeck::indicators
