#include "indicators/registry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "testkit/bars.hpp"

namespace tapedeck::indicators {
namespace {

using Params = std::map<std::string, double>;
const model::Interval k1m = model::Interval::Minutes(1);
const model::Interval k5m = model::Interval::Minutes(5);
const model::Interval k15m = model::Interval::Minutes(15);

std::string KeyOf(std::string_view name, double period, const Params& params,
                  model::Interval interval) {
  Result<IndicatorSpec> spec = ParseIndicatorSpec(name, period, params, interval);
  if (!spec.ok()) return "error: " + spec.error().message();
  return IndicatorKey(*spec);
}

std::string ErrorOf(std::string_view name, double period, const Params& params,
                    model::Interval interval = k1m) {
  Result<IndicatorSpec> spec = ParseIndicatorSpec(name, period, params, interval);
  return spec.ok() ? "ok" : spec.error().message();
}

// Some valid spec for every name: period 14 where there is one, defaults otherwise.
IndicatorSpec DefaultSpec(std::string_view name) {
  const std::vector<std::string_view> params = IndicatorParamNames(name);
  const bool has_period = !params.empty() && params[0] == "period";
  const model::Interval interval = name == "pivot_points" ? model::Interval::Days(1) : k1m;
  Result<IndicatorSpec> spec = ParseIndicatorSpec(name, has_period ? 14 : 0, {}, interval);
  EXPECT_TRUE(spec.ok()) << name << ": " << (spec.ok() ? "" : spec.error().message());
  return spec.ok() ? *spec : IndicatorSpec{};
}

// 600 real 1-minute bars (the golden input).
std::vector<model::Bar> SampleBars() {
  std::ifstream in(testkit::SourceDir() / "tests/goldens/indicators/input_SPY_1m.csv");
  std::vector<model::Bar> bars;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::stringstream row(line);
    std::string cell;
    std::vector<double> numbers;
    std::getline(row, cell, ',');  // timestamp
    while (std::getline(row, cell, ',')) numbers.push_back(std::stod(cell));
    bars.push_back(
        testkit::MakeBar({}, numbers[0], numbers[1], numbers[2], numbers[3], numbers[4]));
  }
  return bars;
}

bool SameValues(std::span<const double> a, std::span<const double> b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::isnan(a[i]) != std::isnan(b[i])) return false;
    if (!std::isnan(a[i]) && a[i] != b[i]) return false;
  }
  return true;
}

TEST(IndicatorRegistryTest, ListsEveryRequiredIndicator) {
  const std::vector<std::string_view> names = IndicatorNames();
  for (std::string_view required :
       {"sma",        "ema",          "wma",      "dema",       "tema",      "kama",
        "hma",        "trix",         "macd",     "rsi",        "stoch",     "stochf",
        "cci",        "willr",        "mom",      "roc",        "adx",       "plus_di",
        "minus_di",   "aroon",        "mfi",      "ultosc",     "sar",       "atr",
        "natr",       "trange",       "bbands",   "keltner",    "donchian",  "stddev",
        "linearreg",  "midprice",     "obv",      "ad",         "adosc",     "vwap",
        "volume_sma", "volume_ratio", "high_low", "swing_high", "swing_low", "pivot_points"}) {
    EXPECT_NE(std::ranges::find(names, required), names.end()) << required;
  }
}

TEST(IndicatorRegistryTest, EveryNameCreatesAWorkingIndicator) {
  const std::vector<model::Bar> bars = SampleBars();
  for (std::string_view name : IndicatorNames()) {
    SCOPED_TRACE(std::string(name));
    const IndicatorSpec spec = DefaultSpec(name);
    Result<std::unique_ptr<Indicator>> created = CreateIndicator(spec);
    ASSERT_TRUE(created.ok()) << created.error().message();
    Indicator& indicator = **created;
    EXPECT_GE(indicator.lookback(), 1);
    EXPECT_EQ(indicator.values().size(), indicator.output_names().size());
    bool was_ready = false;
    int first_ready = -1;
    for (std::size_t i = 0; i < bars.size(); ++i) {
      indicator.Update(bars[i]);
      if (!indicator.ready()) {
        EXPECT_FALSE(was_ready) << "ready() turned false again at bar " << i;
        for (double v : indicator.values()) EXPECT_TRUE(std::isnan(v)) << "bar " << i;
        continue;
      }
      if (!was_ready) first_ready = static_cast<int>(i);
      was_ready = true;
      for (double v : indicator.values()) EXPECT_TRUE(std::isfinite(v)) << "bar " << i;
    }
    EXPECT_TRUE(was_ready);
    // Swing points turn ready when the first swing is confirmed, which may be later.
    if (name != "swing_high" && name != "swing_low") {
      EXPECT_EQ(first_ready + 1, indicator.lookback());
    } else {
      EXPECT_GE(first_ready + 1, indicator.lookback());
    }
  }
}

TEST(IndicatorRegistryTest, CloneContinuesIndependentlyAndResetStartsOver) {
  const std::vector<model::Bar> bars = SampleBars();
  for (std::string_view name : IndicatorNames()) {
    SCOPED_TRACE(std::string(name));
    const IndicatorSpec spec = DefaultSpec(name);
    std::unique_ptr<Indicator> original = std::move(CreateIndicator(spec)).value();
    std::unique_ptr<Indicator> fresh = std::move(CreateIndicator(spec)).value();
    for (std::size_t i = 0; i < 300; ++i) original->Update(bars[i]);
    std::unique_ptr<Indicator> clone = original->Clone();
    for (std::size_t i = 300; i < bars.size(); ++i) {
      original->Update(bars[i]);
      clone->Update(bars[i]);
    }
    EXPECT_TRUE(SameValues(original->values(), clone->values()));
    EXPECT_EQ(original->ready(), clone->ready());

    original->Reset();
    EXPECT_FALSE(original->ready());
    for (std::size_t i = 0; i < 200; ++i) {
      original->Update(bars[i]);
      fresh->Update(bars[i]);
      ASSERT_TRUE(SameValues(original->values(), fresh->values())) << "bar " << i;
      ASSERT_EQ(original->ready(), fresh->ready()) << "bar " << i;
    }
  }
}

TEST(IndicatorRegistryTest, KeysListEveryParameterThenTheInterval) {
  EXPECT_EQ(KeyOf("rsi", 14, {}, k5m), "rsi_14_5m");
  EXPECT_EQ(KeyOf("sma", 20, {}, k5m), "sma_20_5m");
  EXPECT_EQ(KeyOf("macd", 0, {}, k5m), "macd_12_26_9_5m");
  EXPECT_EQ(KeyOf("bbands", 20, {{"num_std", 2}}, k15m), "bbands_20_2_15m");
  EXPECT_EQ(KeyOf("bbands", 20, {}, k15m), "bbands_20_2_15m");
  EXPECT_EQ(KeyOf("vwap", 0, {}, k1m), "vwap_1m");
  EXPECT_EQ(KeyOf("sar", 0, {}, k1m), "sar_0.02_0.2_1m");
  EXPECT_EQ(KeyOf("stoch", 0, {}, k5m), "stoch_5_3_3_5m");
  EXPECT_EQ(KeyOf("ultosc", 0, {}, k5m), "ultosc_7_14_28_5m");
  EXPECT_EQ(KeyOf("pivot_points", 0, {}, model::Interval::Days(1)), "pivot_points_1d");
  EXPECT_EQ(KeyOf("high_low", 52, {}, model::Interval::Weeks(1)), "high_low_52_1w");
  EXPECT_EQ(OutputKey("macd_12_26_9_5m", "macdsignal"), "macd_12_26_9_5m.macdsignal");
}

TEST(IndicatorRegistryTest, AcceptsThePredecessorsNamesAndParameters) {
  EXPECT_EQ(KeyOf("stochastic", 0, {{"k_period", 14}, {"d_period", 5}}, k5m), "stoch_14_3_5_5m");
  EXPECT_EQ(KeyOf("williams_r", 14, {}, k5m), "willr_14_5m");
  EXPECT_EQ(KeyOf("macd", 0, {{"fast", 5}, {"slow", 35}, {"signal", 5}}, k5m), "macd_5_35_5_5m");
  EXPECT_EQ(KeyOf("keltner", 20, {{"atr_multiplier", 1.5}}, k5m), "keltner_20_1.5_5m");
  EXPECT_EQ(KeyOf("stochf", 0, {{"k_period", 9}}, k5m), "stochf_9_3_5m");
  EXPECT_EQ(KeyOf("rsi", 0, {{"period", 9}}, k5m), "rsi_9_5m");
  EXPECT_EQ(KeyOf("stoch", 9, {}, k5m), "stoch_9_3_3_5m");  // period → fastk_period
}

TEST(IndicatorRegistryTest, ExplainsBadParameters) {
  EXPECT_EQ(ErrorOf("rsi", 0, {}), "\"rsi\": period must be an integer ≥ 2, got 0");
  EXPECT_EQ(ErrorOf("rsi", 2.5, {}), "\"rsi\": period must be an integer ≥ 2, got 2.5");
  EXPECT_EQ(ErrorOf("sma", 200000, {}), "\"sma\": period must be an integer ≤ 100000, got 200000");
  EXPECT_EQ(ErrorOf("bbands", 20, {{"num_std", -1}}),
            "\"bbands\": nbdev must be a number ≥ 0, got -1");
  EXPECT_EQ(ErrorOf("macd", 0, {{"fast", 30}}),
            "\"macd\": fastperiod (30) must not exceed slowperiod (26)");
  EXPECT_EQ(ErrorOf("vwap", 14, {}), "\"vwap\": takes no period, got 14 (parameters: none)");
  EXPECT_EQ(ErrorOf("macd", 0, {{"fast_period", 3}}),
            "\"macd\": unknown parameter \"fast_period\"; expected one of: fastperiod (fast), "
            "slowperiod (slow), signalperiod (signal)");
  EXPECT_EQ(ErrorOf("rsi", 14, {{"period", 9}}), "\"rsi\": period given twice (14 and 9)");
  EXPECT_EQ(ErrorOf("pivot_points", 0, {}, k5m),
            "\"pivot_points\": needs a daily or weekly interval (it takes one bar per session), "
            "got 5m");
}

TEST(IndicatorRegistryTest, SuggestsNearNamesForAnUnknownOne) {
  EXPECT_EQ(ErrorOf("rsj", 14, {}), "unknown indicator \"rsj\"; did you mean \"rsi\"?");
  const std::string stochastics = ErrorOf("stochastik", 0, {});
  EXPECT_NE(stochastics.find("\"stochastic\""), std::string::npos) << stochastics;
  const std::string nothing_near = ErrorOf("zzzzzzzz", 0, {});
  EXPECT_NE(nothing_near.find("known indicators: ad, adosc,"), std::string::npos) << nothing_near;
}

TEST(IndicatorRegistryTest, CreateIndicatorValidatesHandBuiltSpecs) {
  Result<std::unique_ptr<Indicator>> wrong_count =
      CreateIndicator(IndicatorSpec{"macd", {12, 26}, k5m});
  ASSERT_FALSE(wrong_count.ok());
  EXPECT_EQ(wrong_count.error().message(),
            "\"macd\": expected 3 parameters (fastperiod (fast), slowperiod (slow), signalperiod "
            "(signal)), got 2");
  Result<std::unique_ptr<Indicator>> bad_period = CreateIndicator(IndicatorSpec{"ema", {1}, k5m});
  ASSERT_FALSE(bad_period.ok());
  EXPECT_EQ(bad_period.error().message(), "\"ema\": period must be an integer ≥ 2, got 1");
  EXPECT_FALSE(CreateIndicator(IndicatorSpec{"nope", {}, k5m}).ok());
}

TEST(IndicatorRegistryTest, AliasesAreStoredUnderTheCanonicalName) {
  Result<IndicatorSpec> spec = ParseIndicatorSpec("williams_r", 14, {}, k5m);
  ASSERT_TRUE(spec.ok());
  EXPECT_EQ(spec->name, "willr");
  EXPECT_EQ(spec->params, std::vector<double>{14});
}

}  // namespace
}  // namespace tapedeck::indicators
