// Batch == streaming: for every registered indicator, with its defaults and
// with non-default parameters, ComputeSeries (batch.hpp) and a streaming
// indicator fed bar by bar agree on every bar, NaN pattern included, on all
// the real sample files (data/sample/*_1m_*, *_1d_*) and on seeded random
// 1-minute series with gaps. For the names with an independent batch form
// this is a real cross-check of two implementations; for the rest
// (HasIndependentBatchForm false) it only checks the plumbing.
//
// Tolerance: relative 1e-9 with an absolute floor of 1e-12, measured against
// max(|value|, scale) where scale (ToleranceScale) is 0 except where the two
// paths round a difference of large terms differently, so that the error is
// absolute, not relative to a value that may be ~0:
// - stddev, bbands, hma: scale = the bar's close. stddev and bbands take
//   Σx²/n − (Σx/n)², running totals in the streaming code (TA-Lib's formula),
//   per window here; with closes near P and deviation σ its rounding error is
//   ~P²·1e-16/σ. hma is 2·WMA(n/2) − WMA(n), which cancels at a price jump
//   (AAPL's 7:1 split on 2014-06-09). The zero threshold of stddev/bbands
//   (variance below 1e-8 is 0) may also flip on a variance within rounding of
//   1e-8: then one side is 0 and the other ≈ 1e-4 (· nbdev), accepted.
// - cci, mfi: scale = 100 (their range). CCI divides the typical price minus
//   its mean (~1e-14·P of rounding, summed in another order here) by 0.015 ×
//   the mean deviation; MFI's streaming running totals of money flow keep a
//   ~1e-12 residue when every flow of one sign has left the window.
#include "indicators/batch.hpp"

#include <fmt/core.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "indicators/registry.hpp"
#include "testkit/bars.hpp"
#include "testkit/sample_bars.hpp"

namespace tapedeck::indicators {
namespace {

struct NamedBars {
  std::string name;
  std::vector<model::Bar> bars;
};

NamedBars RandomSeries(unsigned seed, double start_price, int bar_count) {
  return {fmt::format("random_seed{}", seed),
          testkit::RandomMinuteBars(seed, start_price, bar_count)};
}

const std::vector<NamedBars>& AllSeries() {
  static const std::vector<NamedBars> all = [] {
    std::vector<std::filesystem::path> paths;
    for (const auto& entry :
         std::filesystem::directory_iterator(testkit::SourceDir() / "data" / "sample")) {
      const std::string file = entry.path().filename().string();
      if (file.find("_1m_") != std::string::npos || file.find("_1d_") != std::string::npos) {
        paths.push_back(entry.path());
      }
    }
    std::ranges::sort(paths);
    std::vector<NamedBars> series;
    for (const auto& path : paths) {
      series.push_back({path.stem().string(), testkit::ReadSampleBars(path)});
    }
    series.push_back(RandomSeries(11, 170.0, 2500));
    series.push_back(RandomSeries(12, 4.5, 2500));
    series.push_back(RandomSeries(13, 1500.0, 1500));
    return series;
  }();
  return all;
}

struct BatchCase {
  std::string name;
  double period;
  std::map<std::string, double> params;
};

void PrintTo(const BatchCase& c, std::ostream* out) { *out << c.name << " " << c.period; }

model::Interval IntervalFor(std::string_view name) {
  return name == "pivot_points" ? model::Interval::Days(1) : model::Interval::Minutes(1);
}

// Every registered name with its defaults (period 14 where a period is
// required), plus non-default parameter sets.
std::vector<BatchCase> AllCases() {
  std::vector<BatchCase> cases;
  for (const std::string_view name : IndicatorNames()) {
    const bool has_defaults = ParseIndicatorSpec(name, 0, {}, IntervalFor(name)).ok();
    cases.push_back({std::string(name), has_defaults ? 0.0 : 14.0, {}});
    if (ParseIndicatorSpec(name, 2, {}, IntervalFor(name)).ok()) {
      cases.push_back({std::string(name), 2, {}});
      cases.push_back({std::string(name), 30, {}});
    }
  }
  const std::vector<BatchCase> more = {
      {"macd", 0, {{"fastperiod", 5}, {"slowperiod", 35}, {"signalperiod", 5}}},
      {"macd", 0, {{"fastperiod", 12}, {"slowperiod", 26}, {"signalperiod", 1}}},
      {"macd", 0, {{"fastperiod", 10}, {"slowperiod", 10}, {"signalperiod", 3}}},
      {"stoch", 0, {{"fastk_period", 1}, {"slowk_period", 1}, {"slowd_period", 1}}},
      {"stoch", 0, {{"fastk_period", 9}, {"slowk_period", 1}, {"slowd_period", 5}}},
      {"stochf", 0, {{"fastk_period", 9}, {"fastd_period", 4}}},
      {"bbands", 10, {{"nbdev", 2.5}}},
      {"bbands", 20, {{"nbdev", 0}}},
      {"keltner", 10, {{"atr_multiplier", 1.5}}},
      {"sar", 0, {{"acceleration", 0.01}, {"maximum", 0.1}}},
      {"sar", 0, {{"acceleration", 0.3}, {"maximum", 0.2}}},
      {"adosc", 0, {{"fastperiod", 10}, {"slowperiod", 3}}},
      {"ultosc", 0, {{"timeperiod1", 20}, {"timeperiod2", 5}, {"timeperiod3", 10}}},
      {"ultosc", 0, {{"timeperiod1", 1}, {"timeperiod2", 2}, {"timeperiod3", 3}}},
      {"atr", 1, {}},
      {"natr", 1, {}},
      {"trix", 1, {}},
      {"mom", 1, {}},
      {"roc", 1, {}},
      {"high_low", 1, {}},
      {"swing_high", 1, {}},
      {"swing_low", 5, {}},
      {"hma", 3, {}},
      {"hma", 16, {}},
  };
  cases.insert(cases.end(), more.begin(), more.end());
  return cases;
}

bool Close(double actual, double expected, double scale) {
  return std::fabs(actual - expected) <=
         std::max(1e-9 * std::max(std::fabs(expected), scale), 1e-12);
}

double ToleranceScale(std::string_view name, const model::Bar& bar) {
  if (name == "stddev" || name == "bbands" || name == "hma") return std::fabs(bar.close);
  if (name == "cci" || name == "mfi") return 100.0;
  return 0.0;
}

class BatchTest : public testing::TestWithParam<BatchCase> {};

TEST_P(BatchTest, BatchEqualsStreamingOnSampleAndRandomSeries) {
  const BatchCase& c = GetParam();
  const Result<IndicatorSpec> spec =
      ParseIndicatorSpec(c.name, c.period, c.params, IntervalFor(c.name));
  ASSERT_TRUE(spec.ok()) << spec.error().message();
  const bool deviation = c.name == "stddev" || c.name == "bbands";
  const double nbdev = c.name == "bbands" ? spec->params[1] : 1.0;
  for (const NamedBars& series : AllSeries()) {
    SCOPED_TRACE(series.name);
    Result<std::unique_ptr<Indicator>> created = CreateIndicator(*spec);
    ASSERT_TRUE(created.ok());
    Indicator& streaming = **created;
    const Result<IndicatorSeries> batch = ComputeSeries(*spec, series.bars);
    ASSERT_TRUE(batch.ok()) << batch.error().message();
    ASSERT_EQ(batch->output_names.size(), streaming.output_names().size());
    ASSERT_EQ(batch->values.size(), streaming.output_names().size());
    for (std::size_t o = 0; o < batch->output_names.size(); ++o) {
      EXPECT_EQ(batch->output_names[o], streaming.output_names()[o]);
      ASSERT_EQ(batch->values[o].size(), series.bars.size());
    }
    int mismatches = 0;
    for (std::size_t i = 0; i < series.bars.size(); ++i) {
      streaming.Update(series.bars[i]);
      const double scale = ToleranceScale(c.name, series.bars[i]);
      for (std::size_t o = 0; o < batch->values.size(); ++o) {
        const double expected = streaming.values()[o];
        const double actual = batch->values[o][i];
        bool same = std::isnan(expected) ? std::isnan(actual) : Close(actual, expected, scale);
        if (!same && deviation && !std::isnan(expected) && !std::isnan(actual)) {
          // The zero threshold flipped on a variance within rounding of 1e-8.
          same = std::fabs(actual - expected) <= 1.001e-4 * nbdev;
        }
        if (!same && ++mismatches <= 5) {
          ADD_FAILURE() << streaming.output_names()[o] << " bar " << i << ": batch "
                        << fmt::format("{}", actual) << ", streaming "
                        << fmt::format("{}", expected);
        }
      }
    }
    EXPECT_EQ(mismatches, 0);
  }
}

std::string CaseName(const testing::TestParamInfo<BatchCase>& info) {
  std::string name = fmt::format("{}_{}", info.index, info.param.name);
  if (info.param.period != 0) name += fmt::format("_{}", info.param.period);
  return name;
}

INSTANTIATE_TEST_SUITE_P(Registry, BatchTest, testing::ValuesIn(AllCases()), CaseName);

TEST(BatchCoverageTest, OnlyTheRecursiveStateMachinesRunTheStreamingCode) {
  std::vector<std::string_view> streamed;
  for (const std::string_view name : IndicatorNames()) {
    if (!HasIndependentBatchForm(name)) streamed.push_back(name);
  }

  EXPECT_EQ(streamed, (std::vector<std::string_view>{"adx", "kama", "minus_di", "plus_di", "sar"}));
}

TEST(BatchCoverageTest, AnInvalidSpecIsAnError) {
  const Result<IndicatorSeries> series =
      ComputeSeries({"sma", {1}, model::Interval::Minutes(1)}, std::span<const model::Bar>{});

  ASSERT_FALSE(series.ok());
  EXPECT_EQ(series.error().message(), "\"sma\": period must be an integer ≥ 2, got 1");
}

TEST(BatchCoverageTest, AnEmptySpanGivesEmptyColumns) {
  const Result<IndicatorSeries> series = ComputeSeries(
      {"macd", {12, 26, 9}, model::Interval::Minutes(1)}, std::span<const model::Bar>{});

  ASSERT_TRUE(series.ok());
  ASSERT_EQ(series->values.size(), 3u);
  EXPECT_TRUE(series->values[0].empty());
}

}  // namespace
}  // namespace tapedeck::indicators
