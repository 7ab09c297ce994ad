// Historical indicators on the real SPY daily sample
// (data/sample/SPY_1d_2010-01-04_2013-10-11.csv) with values worked out by
// hand from the file's rows (the arithmetic is in each test), plus edge cases.
#include "indicators/historical_indicators.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "indicators/registry.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::indicators {
namespace {

using std::chrono::day;
using std::chrono::month;
using std::chrono::year;

Date D(int y, unsigned m, unsigned d) { return Date{year{y}, month{m}, day{d}}; }

// The SPY daily bars dated before `session`, oldest first.
std::vector<model::Bar> SpyDailyBefore(Date session) {
  std::ifstream in(testkit::SourceDir() / "data/sample/SPY_1d_2010-01-04_2013-10-11.csv");
  std::vector<model::Bar> bars;
  std::string line;
  std::getline(in, line);  // date,open,high,low,close,volume
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream stream(line);
    for (std::string cell; std::getline(stream, cell, ',');) cells.push_back(cell);
    const Result<Date> date = ParseDate(cells.at(0));
    EXPECT_TRUE(date.ok()) << line;
    if (!date.ok() || *date >= session) continue;
    bars.push_back(testkit::MakeBar(StartOfDayUtc(*date), std::stod(cells.at(1)),
                                    std::stod(cells.at(2)), std::stod(cells.at(3)),
                                    std::stod(cells.at(4)), std::stod(cells.at(5))));
  }
  return bars;
}

HistoricalSpec Spec(std::string_view name, int period, std::string_view unit = "days",
                    const std::map<std::string, double>& params = {}) {
  Result<HistoricalSpec> spec = ParseHistoricalSpec(name, period, unit, params);
  EXPECT_TRUE(spec.ok()) << spec.error().message();
  return spec.ok() ? *spec : HistoricalSpec{};
}

// The five SPY sessions before Monday 2013-10-07 (date,open,high,low,close,volume),
// preceded by 2013-09-27 (close 168.95):
//   2013-09-30,167.46,168.54,167.15,168.10,121886292
//   2013-10-01,168.15,169.50,168.00,169.40,107332142
//   2013-10-02,168.34,169.21,167.83,169.11,87176914
//   2013-10-03,168.77,168.94,166.84,167.62,153254596
//   2013-10-04,167.74,169.06,167.53,168.89,84960871
const Date kSession = D(2013, 10, 7);

TEST(HistoricalIndicatorsTest, AvgVolumeOfSpyIsTheMeanOfTheFiveSessionsBefore) {
  const std::vector<model::Bar> bars = SpyDailyBefore(kSession);

  const HistoricalValue value = ComputeHistorical(Spec("avg_volume", 5), bars, kSession);

  // (121886292 + 107332142 + 87176914 + 153254596 + 84960871) / 5 = 554610815 / 5
  EXPECT_TRUE(value.ready);
  EXPECT_EQ(value.days_used, 5);
  EXPECT_EQ(value.as_of, D(2013, 10, 4));
  ASSERT_EQ(value.outputs.size(), 1u);
  EXPECT_EQ(value.outputs[0].first, "avg_volume");
  EXPECT_DOUBLE_EQ(value.outputs[0].second, 110922163.0);
}

TEST(HistoricalIndicatorsTest, AvgRangeAndRangeRatioOfSpy) {
  const std::vector<model::Bar> bars = SpyDailyBefore(kSession);

  const HistoricalValue range = ComputeHistorical(Spec("avg_range", 5), bars, kSession);
  const HistoricalValue ratio = ComputeHistorical(Spec("range_ratio", 5), bars, kSession);

  // Ranges: 1.39, 1.50, 1.38, 2.10, 1.53; sum 7.90, mean 1.58; ratio 1.53 / 1.58.
  EXPECT_NEAR(range.outputs[0].second, 1.58, 1e-12);
  EXPECT_NEAR(ratio.outputs[0].second, 1.53 / 1.58, 1e-12);
  EXPECT_EQ(ratio.outputs[0].first, "range_ratio");
  EXPECT_EQ(ratio.days_used, 5);
}

TEST(HistoricalIndicatorsTest, HighLow52WeeksOfSpyCoversTheCalendarYearBeforeTheSession) {
  const std::vector<model::Bar> bars = SpyDailyBefore(kSession);

  const HistoricalValue value = ComputeHistorical(Spec("high_low", 52, "weeks"), bars, kSession);

  // Window [2013-10-07 − 364 days, 2013-10-07) = [2012-10-08, 2013-10-04]: 249
  // sessions (awk -F, '$1 >= "2012-10-08" && $1 < "2013-10-07"'); highest high
  // 173.60 on 2013-09-19, lowest low 134.70 on 2012-11-16. 2012-10-05's
  // high 147.15 and low 145.70 are outside.
  EXPECT_TRUE(value.ready);
  EXPECT_EQ(value.days_used, 249);
  EXPECT_EQ(value.as_of, D(2013, 10, 4));
  ASSERT_EQ(value.outputs.size(), 2u);
  EXPECT_EQ(value.outputs[0].first, "high");
  EXPECT_EQ(value.outputs[1].first, "low");
  EXPECT_DOUBLE_EQ(value.outputs[0].second, 173.60);
  EXPECT_DOUBLE_EQ(value.outputs[1].second, 134.70);
}

TEST(HistoricalIndicatorsTest, HighLowInDaysUsesTheNewestBars) {
  const std::vector<model::Bar> bars = SpyDailyBefore(kSession);

  const HistoricalValue value = ComputeHistorical(Spec("high_low", 5), bars, kSession);

  // Highs 168.54, 169.50, 169.21, 168.94, 169.06; lows 167.15, 168.00, 167.83, 166.84, 167.53.
  EXPECT_DOUBLE_EQ(value.outputs[0].second, 169.50);
  EXPECT_DOUBLE_EQ(value.outputs[1].second, 166.84);
}

TEST(HistoricalIndicatorsTest, AtrDailyFromNPlusOneBarsIsTheMeanTrueRange) {
  const std::vector<model::Bar> all = SpyDailyBefore(kSession);
  const std::vector<model::Bar> six(all.end() - 6, all.end());

  const HistoricalValue value = ComputeHistorical(Spec("atr_daily", 5), six, kSession);
  const HistoricalValue five =
      ComputeHistorical(Spec("atr_daily", 5), {all.end() - 5, all.end()}, kSession);

  // True ranges vs the previous close: 9/30 max(1.39, |168.54−168.95|, |167.15−168.95| = 1.80)
  // = 1.80; 10/1 1.50; 10/2 max(1.38, 0.19, 1.57) = 1.57; 10/3 max(2.10, 0.17, 2.27) = 2.27;
  // 10/4 max(1.53, 1.44, 0.09) = 1.53. (1.80 + 1.50 + 1.57 + 2.27 + 1.53)/5 = 8.67/5 = 1.734.
  EXPECT_TRUE(value.ready);
  EXPECT_EQ(value.days_used, 6);
  EXPECT_NEAR(value.outputs[0].second, 1.734, 1e-12);
  EXPECT_FALSE(five.ready);
  EXPECT_TRUE(std::isnan(five.outputs[0].second));
}

TEST(HistoricalIndicatorsTest, AtrDailyOverTheWholeHistoryEqualsTheStreamingAtr) {
  const std::vector<model::Bar> bars = SpyDailyBefore(kSession);
  Result<std::unique_ptr<Indicator>> atr = CreateIndicator({"atr", {14}, model::Interval::Days(1)});
  ASSERT_TRUE(atr.ok());
  for (const model::Bar& bar : bars) (*atr)->Update(bar);

  const HistoricalValue value = ComputeHistorical(Spec("atr_daily", 14), bars, kSession);

  EXPECT_EQ(value.days_used, static_cast<int>(bars.size()));
  EXPECT_EQ(value.outputs[0].second, (*atr)->values()[0]);
}

TEST(HistoricalIndicatorsTest, GapStatsOfSpy) {
  const std::vector<model::Bar> bars = SpyDailyBefore(kSession);

  const HistoricalValue half =
      ComputeHistorical(Spec("gap_stats", 5, "days", {{"threshold", 0.5}}), bars, kSession);
  const HistoricalValue standard = ComputeHistorical(Spec("gap_stats", 5), bars, kSession);

  // Gaps in %: 100·(167.46/168.95 − 1) = −0.88192, 100·(168.15/168.10 − 1) = 0.02974,
  // 100·(168.34/169.40 − 1) = −0.62574, 100·(168.77/169.11 − 1) = −0.20105,
  // 100·(167.74/167.62 − 1) = 0.07159; mean |gap| = 1.81004/5 = 0.36201.
  // Beyond 0.5 %: two down gaps; beyond 1 %: none.
  const double expected =
      100.0 * (1.49 / 168.95 + 0.05 / 168.10 + 1.06 / 169.40 + 0.34 / 169.11 + 0.12 / 167.62) / 5.0;
  EXPECT_TRUE(half.ready);
  EXPECT_EQ(half.days_used, 6);
  ASSERT_EQ(half.outputs.size(), 3u);
  EXPECT_EQ(half.outputs[0].first, "mean_abs_gap_pct");
  EXPECT_NEAR(half.outputs[0].second, expected, 1e-9);
  EXPECT_NEAR(half.outputs[0].second, 0.3620085794, 1e-9);
  EXPECT_EQ(half.outputs[1].second, 0.0);
  EXPECT_EQ(half.outputs[2].second, 2.0);
  EXPECT_EQ(standard.outputs[1].second, 0.0);
  EXPECT_EQ(standard.outputs[2].second, 0.0);
}

TEST(HistoricalIndicatorsTest, TooLittleHistoryIsNotReadyAndNaN) {
  const std::vector<model::Bar> all = SpyDailyBefore(kSession);
  const std::vector<model::Bar> four(all.end() - 4, all.end());

  const HistoricalValue value = ComputeHistorical(Spec("avg_volume", 5), four, kSession);
  const HistoricalValue empty = ComputeHistorical(Spec("avg_volume", 5), {}, kSession);

  EXPECT_FALSE(value.ready);
  EXPECT_EQ(value.days_used, 0);
  EXPECT_TRUE(std::isnan(value.outputs[0].second));
  EXPECT_EQ(value.as_of, D(2013, 10, 4));
  EXPECT_FALSE(empty.ready);
  EXPECT_FALSE(empty.as_of.has_value());
}

TEST(HistoricalIndicatorsTest, AWeeksWindowIsNotReadyWhenTheHistoryStartsAfterItsFirstWeek) {
  const std::vector<model::Bar> all = SpyDailyBefore(kSession);
  // From 2012-10-15 on: the window starts 2012-10-08, its first week is missing.
  std::vector<model::Bar> late;
  for (const model::Bar& bar : all) {
    if (UtcDate(bar.open_time) >= D(2012, 10, 15)) late.push_back(bar);
  }
  std::vector<model::Bar> first_week_partly;  // From Wednesday 2012-10-10.
  for (const model::Bar& bar : all) {
    if (UtcDate(bar.open_time) >= D(2012, 10, 10)) first_week_partly.push_back(bar);
  }

  const HistoricalValue missing = ComputeHistorical(Spec("high_low", 52, "weeks"), late, kSession);
  const HistoricalValue covered =
      ComputeHistorical(Spec("high_low", 52, "weeks"), first_week_partly, kSession);

  EXPECT_FALSE(missing.ready);
  EXPECT_TRUE(std::isnan(missing.outputs[0].second));
  EXPECT_TRUE(covered.ready);
  EXPECT_EQ(covered.days_used, 247);
}

TEST(HistoricalIndicatorsTest, RangeRatioIsZeroWhenEveryBarIsFlat) {
  std::vector<model::Bar> bars;
  for (unsigned d = 1; d <= 3; ++d) {
    bars.push_back(testkit::BarClosingAt(10.0, StartOfDayUtc(D(2013, 10, d))));
  }

  const HistoricalValue value = ComputeHistorical(Spec("range_ratio", 3), bars, D(2013, 10, 4));

  EXPECT_TRUE(value.ready);
  EXPECT_EQ(value.outputs[0].second, 0.0);
}

TEST(HistoricalIndicatorsDeathTest, ABarOnTheSessionDateIsABug) {
  const std::vector<model::Bar> bars = {testkit::BarClosingAt(10.0, StartOfDayUtc(kSession))};

  EXPECT_DEATH((void)ComputeHistorical(Spec("avg_volume", 1), bars, kSession),
               "not before the session");
}

TEST(HistoricalSpecTest, KeysNameThePeriodAndUnit) {
  EXPECT_EQ(HistoricalKey(Spec("avg_volume", 20)), "avg_volume_20d");
  EXPECT_EQ(HistoricalKey(Spec("high_low", 52, "weeks")), "high_low_52w");
  EXPECT_EQ(HistoricalKey(Spec("high_low", 52, "w")), "high_low_52w");
  EXPECT_EQ(HistoricalKey(Spec("avg_volume", 2, "")), "avg_volume_2d");
  EXPECT_EQ(HistoricalKey(Spec("gap_stats", 20)), "gap_stats_20d");
  EXPECT_EQ(HistoricalKey(Spec("gap_stats", 20, "days", {{"threshold_pct", 0.5}})),
            "gap_stats_20d_0.5");
}

TEST(HistoricalSpecTest, ParsingFillsDefaults) {
  const HistoricalSpec spec = Spec("gap_stats", 10);

  EXPECT_EQ(spec.name, "gap_stats");
  EXPECT_EQ(spec.period, 10);
  EXPECT_EQ(spec.unit, HistoricalSpec::Unit::kDays);
  EXPECT_EQ(spec.params, (std::map<std::string, double>{{"threshold_pct", 1.0}}));
  EXPECT_EQ(HistoricalNames().size(), 6u);
}

TEST(HistoricalSpecTest, BadEntriesGiveClearErrors) {
  const auto message = [](std::string_view name, double period, std::string_view unit,
                          const std::map<std::string, double>& params = {}) {
    Result<HistoricalSpec> spec = ParseHistoricalSpec(name, period, unit, params);
    return spec.ok() ? std::string("ok") : spec.error().message();
  };

  EXPECT_EQ(message("avg_volum", 20, "days"),
            "unknown historical indicator \"avg_volum\"; known: atr_daily, avg_range, "
            "avg_volume, gap_stats, high_low, range_ratio");
  EXPECT_EQ(message("avg_volume", 0, "days"),
            "\"avg_volume\": period must be an integer in [1, 100000], got 0");
  EXPECT_EQ(message("avg_volume", 2.5, "days"),
            "\"avg_volume\": period must be an integer in [1, 100000], got 2.5");
  EXPECT_EQ(message("avg_volume", 20, "months"),
            "\"avg_volume\": unit must be \"days\" or \"weeks\", got \"months\"");
  EXPECT_EQ(message("atr_daily", 14, "weeks"), "\"atr_daily\": unit must be days, got weeks");
  EXPECT_EQ(message("avg_volume", 20, "days", {{"threshold", 1}}),
            "\"avg_volume\": unknown parameter \"threshold\"; expected none");
  EXPECT_EQ(message("gap_stats", 20, "days", {{"limit", 1}}),
            "\"gap_stats\": unknown parameter \"limit\"; expected threshold_pct");
  EXPECT_EQ(message("gap_stats", 20, "days", {{"threshold_pct", -1}}),
            "\"gap_stats\": threshold_pct must be a number ≥ 0, got -1");
}

}  // namespace
}  // namespace tapedeck::indicators
