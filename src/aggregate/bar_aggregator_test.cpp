#include "aggregate/bar_aggregator.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "aggregate/test_support.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::aggregate {
namespace {

// Bars of a data/sample file.
std::vector<model::Bar> ReadSampleBars(std::string_view file_name) {
  return aggregate::testing::ReadCsvBars(testkit::SourceDir() / "data" / "sample" /
                                         std::string(file_name));
}

using model::Interval;
using std::chrono::minutes;
using testing::NyWindow;
using testing::T;

constexpr const char* kSpy1m = "SPY_1m_2013-10-07_2013-10-11.csv";

BarAggregator Make(Interval base, Interval derived,
                   BucketPolicy policy = BucketPolicy::kEmitPartial, bool extended = false) {
  return *BarAggregator::Create(base, derived, policy, extended);
}

// Feeds every bar of `window` (extended hours included; the aggregator skips
// what it does not use) and advances to the end of the session.
std::vector<DerivedBar> RunSession(BarAggregator& aggregator, const model::SessionWindow& window,
                                   const std::vector<model::Bar>& bars) {
  std::vector<DerivedBar> out;
  aggregator.BeginSession(window, out);
  for (const model::Bar& bar : bars) {
    if (bar.open_time >= window.pre_market_open && bar.open_time < window.after_hours_close) {
      aggregator.Add(bar, out);
    }
  }
  aggregator.AdvanceTo(window.after_hours_close, out);
  return out;
}

// Flat 1m bars (close 100 + i, volume 10) at every minute of [from, to).
std::vector<model::Bar> MinuteBars(Timestamp from, Timestamp to) {
  std::vector<model::Bar> bars;
  int i = 0;
  for (Timestamp t = from; t < to; t += minutes(1), ++i) {
    bars.push_back(testkit::MakeBar(t, 100 + i, 100.5 + i, 99.5 + i, 100 + i, 10));
  }
  return bars;
}

TEST(BarAggregatorTest, FiveMinuteBucketsOfRealSpyMatchTheCsvRows) {
  BarAggregator aggregator = Make(Interval::Minutes(1), Interval::Minutes(5));
  const std::vector<model::Bar> bars = ReadSampleBars(kSpy1m);

  const std::vector<DerivedBar> out =
      RunSession(aggregator, NyWindow("2013-10-07", -4, false), bars);

  ASSERT_EQ(out.size(), 78u);  // 390 minutes / 5, all rows present.
  // Rows 13:30..13:34Z (09:30..09:34 New York):
  //   open  167.43 (13:30)
  //   high  max(167.52, 167.47, 167.37, 167.43, 167.53) = 167.53
  //   low   min(167.41, 167.31, 167.25, 167.28, 167.41) = 167.25
  //   close 167.50 (13:34)
  //   volume 816453 + 876364 + 642093 + 707606 + 635346 = 3677862
  const DerivedBar& first = out[0];
  EXPECT_EQ(first.interval, Interval::Minutes(5));
  EXPECT_EQ(first.bar.open_time, T("2013-10-07T13:30:00Z"));
  EXPECT_EQ(first.end, T("2013-10-07T13:35:00Z"));
  EXPECT_DOUBLE_EQ(first.bar.open, 167.43);
  EXPECT_DOUBLE_EQ(first.bar.high, 167.53);
  EXPECT_DOUBLE_EQ(first.bar.low, 167.25);
  EXPECT_DOUBLE_EQ(first.bar.close, 167.50);
  EXPECT_DOUBLE_EQ(first.bar.volume, 3677862);
  EXPECT_EQ(first.bar.bar_count, 5);
  EXPECT_EQ(first.expected_bars, 5);
}

TEST(BarAggregatorTest, FifteenMinuteAndHourBucketsOfRealSpyMatchTheCsvRows) {
  BarAggregator fifteen = Make(Interval::Minutes(1), Interval::Minutes(15));
  BarAggregator hour = Make(Interval::Minutes(1), Interval::Hours(1));
  const std::vector<model::Bar> bars = ReadSampleBars(kSpy1m);
  const model::SessionWindow window = NyWindow("2013-10-07", -4, false);

  const std::vector<DerivedBar> quarters = RunSession(fifteen, window, bars);
  const std::vector<DerivedBar> hours = RunSession(hour, window, bars);

  ASSERT_EQ(quarters.size(), 26u);
  // Rows 13:30..13:44Z: open 167.43; high 167.67 (13:44; the 5m highs are
  // 167.53, 167.58, 167.67); low 167.25 (13:32); close 167.67 (13:44);
  // volume 3677862 + (616847 + 483832 + 384239 + 345765 + 198937 = 2029620)
  //              + (486212 + 659066 + 424100 + 435977 + 366883 = 2372238) = 8079720.
  EXPECT_EQ(quarters[0].bar.open_time, T("2013-10-07T13:30:00Z"));
  EXPECT_EQ(quarters[0].end, T("2013-10-07T13:45:00Z"));
  EXPECT_DOUBLE_EQ(quarters[0].bar.open, 167.43);
  EXPECT_DOUBLE_EQ(quarters[0].bar.high, 167.67);
  EXPECT_DOUBLE_EQ(quarters[0].bar.low, 167.25);
  EXPECT_DOUBLE_EQ(quarters[0].bar.close, 167.67);
  EXPECT_DOUBLE_EQ(quarters[0].bar.volume, 8079720);
  EXPECT_EQ(quarters[0].bar.bar_count, 15);
  // 1h, 13:30..14:29Z (checked with awk over the CSV): open 167.43, high
  // 168.35 (14:24), low 167.25 (13:32), close 168.23 (14:29), volume 23788168.
  ASSERT_EQ(hours.size(), 7u);
  EXPECT_EQ(hours[0].bar.open_time, T("2013-10-07T13:30:00Z"));
  EXPECT_EQ(hours[0].end, T("2013-10-07T14:30:00Z"));
  EXPECT_DOUBLE_EQ(hours[0].bar.open, 167.43);
  EXPECT_DOUBLE_EQ(hours[0].bar.high, 168.35);
  EXPECT_DOUBLE_EQ(hours[0].bar.low, 167.25);
  EXPECT_DOUBLE_EQ(hours[0].bar.close, 168.23);
  EXPECT_DOUBLE_EQ(hours[0].bar.volume, 23788168);
}

TEST(BarAggregatorTest, LastHourBucketIsCutAtTheClose) {
  BarAggregator aggregator = Make(Interval::Minutes(1), Interval::Hours(1));
  const std::vector<model::Bar> bars = ReadSampleBars(kSpy1m);

  const std::vector<DerivedBar> out =
      RunSession(aggregator, NyWindow("2013-10-07", -4, false), bars);

  ASSERT_EQ(out.size(), 7u);
  // 15:30-16:00 New York = 19:30-20:00Z, 30 rows: open 167.94 (19:30), high
  // 167.98 (19:30 and 19:31), low 167.41 (19:59), close 167.42 (19:59),
  // volume 17615147 (summed with awk).
  const DerivedBar& last = out.back();
  EXPECT_EQ(last.bar.open_time, T("2013-10-07T19:30:00Z"));
  EXPECT_EQ(last.end, T("2013-10-07T20:00:00Z"));
  EXPECT_EQ(last.expected_bars, 30);
  EXPECT_EQ(last.bar.bar_count, 30);
  EXPECT_DOUBLE_EQ(last.bar.open, 167.94);
  EXPECT_DOUBLE_EQ(last.bar.high, 167.98);
  EXPECT_DOUBLE_EQ(last.bar.low, 167.41);
  EXPECT_DOUBLE_EQ(last.bar.close, 167.42);
  EXPECT_DOUBLE_EQ(last.bar.volume, 17615147);
}

TEST(BarAggregatorTest, EarlyCloseEndsTheDayAtOnePm) {
  // 2013-11-29, the day after Thanksgiving: 09:30-13:00 EST = 14:30-18:00Z.
  const model::SessionWindow window = NyWindow("2013-11-29", -5, true, /*early_close=*/true);
  const std::vector<model::Bar> bars = MinuteBars(window.pre_market_open, window.after_hours_close);
  BarAggregator hour = Make(Interval::Minutes(1), Interval::Hours(1));
  BarAggregator day = Make(Interval::Minutes(1), Interval::Days(1));

  const std::vector<DerivedBar> hours = RunSession(hour, window, bars);
  const std::vector<DerivedBar> days = RunSession(day, window, bars);

  ASSERT_EQ(hours.size(), 4u);  // 09:30, 10:30, 11:30, 12:30-13:00.
  EXPECT_EQ(hours.back().bar.open_time, T("2013-11-29T17:30:00Z"));
  EXPECT_EQ(hours.back().end, T("2013-11-29T18:00:00Z"));
  EXPECT_EQ(hours.back().expected_bars, 30);
  EXPECT_EQ(hours.back().bar.bar_count, 30);
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].bar.open_time, T("2013-11-29T00:00:00Z"));
  EXPECT_EQ(days[0].end, T("2013-11-29T18:00:00Z"));
  EXPECT_EQ(days[0].expected_bars, 210);
  EXPECT_EQ(days[0].bar.bar_count, 210);
}

TEST(BarAggregatorTest, EmitsABucketWhenItsLastBaseBarArrivesAndNotBefore) {
  const model::SessionWindow window = NyWindow("2013-10-07", -4, false);
  const std::vector<model::Bar> bars = MinuteBars(window.open, window.open + minutes(5));
  BarAggregator aggregator = Make(Interval::Minutes(1), Interval::Minutes(5));
  std::vector<DerivedBar> out;
  aggregator.BeginSession(window, out);

  for (size_t i = 0; i < 4; ++i) aggregator.Add(bars[i], out);
  aggregator.AdvanceTo(window.open + minutes(4), out);  // 09:34: the 09:34 bar is not done.
  const size_t before_last_bar = out.size();
  aggregator.Add(bars[4], out);  // 09:34 bar, complete at 09:35.

  EXPECT_EQ(before_last_bar, 0u);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].end, window.open + minutes(5));
  EXPECT_EQ(out[0].bar.bar_count, 5);
  EXPECT_DOUBLE_EQ(out[0].bar.open, 100);
  EXPECT_DOUBLE_EQ(out[0].bar.high, 104.5);
  EXPECT_DOUBLE_EQ(out[0].bar.low, 99.5);
  EXPECT_DOUBLE_EQ(out[0].bar.close, 104);
  EXPECT_DOUBLE_EQ(out[0].bar.volume, 50);
}

TEST(BarAggregatorTest, GapAtTheEndOfABucketIsEmittedByAdvanceToAtTheEnd) {
  const model::SessionWindow window = NyWindow("2013-10-07", -4, false);
  const std::vector<model::Bar> bars = MinuteBars(window.open, window.open + minutes(4));
  BarAggregator aggregator = Make(Interval::Minutes(1), Interval::Minutes(5));
  std::vector<DerivedBar> out;
  aggregator.BeginSession(window, out);

  for (const model::Bar& bar : bars) aggregator.Add(bar, out);  // 09:34 is missing.
  aggregator.AdvanceTo(window.open + minutes(5) - std::chrono::nanoseconds(1), out);
  const size_t just_before_end = out.size();
  aggregator.AdvanceTo(window.open + minutes(5), out);

  EXPECT_EQ(just_before_end, 0u);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].end, window.open + minutes(5));
  EXPECT_EQ(out[0].bar.bar_count, 4);
  EXPECT_EQ(out[0].expected_bars, 5);
}

TEST(BarAggregatorTest, LaterBarClosesABucketLeftOpenByAGap) {
  const model::SessionWindow window = NyWindow("2013-10-07", -4, false);
  std::vector<model::Bar> bars = MinuteBars(window.open, window.open + minutes(12));
  BarAggregator aggregator = Make(Interval::Minutes(1), Interval::Minutes(5));
  std::vector<DerivedBar> out;
  aggregator.BeginSession(window, out);

  for (size_t i = 0; i < 3; ++i) aggregator.Add(bars[i], out);  // 09:30-09:32.
  aggregator.Add(bars[11], out);                                // 09:41.

  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].bar.open_time, window.open);
  EXPECT_EQ(out[0].bar.bar_count, 3);
}

TEST(BarAggregatorTest, RequireCompleteDropsABucketWithAMissingBar) {
  const model::SessionWindow window = NyWindow("2013-10-07", -4, false);
  std::vector<model::Bar> bars = MinuteBars(window.open, window.open + minutes(15));
  bars.erase(bars.begin() + 7);  // 09:37 missing: the 09:35 bucket is incomplete.
  BarAggregator strict =
      Make(Interval::Minutes(1), Interval::Minutes(5), BucketPolicy::kRequireComplete);
  BarAggregator lenient = Make(Interval::Minutes(1), Interval::Minutes(5));

  std::vector<DerivedBar> strict_out;
  std::vector<DerivedBar> lenient_out;
  strict.BeginSession(window, strict_out);
  lenient.BeginSession(window, lenient_out);
  for (const model::Bar& bar : bars) {
    strict.Add(bar, strict_out);
    lenient.Add(bar, lenient_out);
  }

  ASSERT_EQ(strict_out.size(), 2u);
  EXPECT_EQ(strict_out[0].bar.open_time, window.open);
  EXPECT_EQ(strict_out[1].bar.open_time, window.open + minutes(10));
  ASSERT_EQ(lenient_out.size(), 3u);
  EXPECT_EQ(lenient_out[1].bar.bar_count, 4);
  EXPECT_EQ(lenient_out[1].expected_bars, 5);
}

TEST(BarAggregatorTest, DailyBarUsesRegularHoursOnly) {
  BarAggregator aggregator = Make(Interval::Minutes(1), Interval::Days(1));
  const std::vector<model::Bar> bars = ReadSampleBars(kSpy1m);  // 04:00-20:00 NY rows.

  const std::vector<DerivedBar> out =
      RunSession(aggregator, NyWindow("2013-10-07", -4, false), bars);

  // Rows 13:30..19:59Z of 2013-10-07 (awk over the CSV): 390 rows, open
  // 167.43, high 168.45, low 167.25, close 167.42, volume 81489219. The
  // pre-market row 08:00Z (167.41 / 167.25) would change open and low.
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].interval, Interval::Days(1));
  EXPECT_EQ(out[0].bar.open_time, T("2013-10-07T00:00:00Z"));
  EXPECT_EQ(out[0].end, T("2013-10-07T20:00:00Z"));
  EXPECT_DOUBLE_EQ(out[0].bar.open, 167.43);
  EXPECT_DOUBLE_EQ(out[0].bar.high, 168.45);
  EXPECT_DOUBLE_EQ(out[0].bar.low, 167.25);
  EXPECT_DOUBLE_EQ(out[0].bar.close, 167.42);
  EXPECT_DOUBLE_EQ(out[0].bar.volume, 81489219);
  EXPECT_EQ(out[0].bar.bar_count, 390);
  EXPECT_EQ(out[0].expected_bars, 390);
}

TEST(BarAggregatorTest, ExtendedHoursAlignEachPartToItsOwnStart) {
  const model::SessionWindow window = NyWindow("2013-10-07", -4, false);
  const std::vector<model::Bar> bars = MinuteBars(window.pre_market_open, window.after_hours_close);
  BarAggregator aggregator =
      Make(Interval::Minutes(1), Interval::Hours(1), BucketPolicy::kEmitPartial, /*extended=*/true);

  const std::vector<DerivedBar> out = RunSession(aggregator, window, bars);

  // Pre-market 04:00-09:30: 5 full hours and 09:00-09:30; regular: 7; after-hours 16:00-20:00: 4.
  ASSERT_EQ(out.size(), 6u + 7u + 4u);
  EXPECT_EQ(out[0].bar.open_time, T("2013-10-07T08:00:00Z"));
  EXPECT_EQ(out[5].bar.open_time, T("2013-10-07T13:00:00Z"));
  EXPECT_EQ(out[5].end, T("2013-10-07T13:30:00Z"));
  EXPECT_EQ(out[5].expected_bars, 30);
  EXPECT_EQ(out[6].bar.open_time, T("2013-10-07T13:30:00Z"));
  EXPECT_EQ(out[13].bar.open_time, T("2013-10-07T20:00:00Z"));
  EXPECT_EQ(out[16].end, T("2013-10-08T00:00:00Z"));
}

TEST(BarAggregatorTest, WeekFromDailyBarsGroupsAGoodFridayWeek) {
  // 2013-03-29 was Good Friday: the week of 2013-03-25 has four sessions and
  // ends at Thursday's close, 16:00 EDT = 20:00Z.
  const std::vector<model::Bar> daily = ReadSampleBars("SPY_1d_2010-01-04_2013-10-11.csv");
  BarAggregator aggregator = Make(Interval::Days(1), Interval::Weeks(1));
  std::vector<DerivedBar> out;
  const std::vector<model::SessionWindow> windows = {
      NyWindow("2013-03-22", -4, true),  NyWindow("2013-03-25", -4, false),
      NyWindow("2013-03-26", -4, false), NyWindow("2013-03-27", -4, false),
      NyWindow("2013-03-28", -4, true),  NyWindow("2013-04-01", -4, false)};

  std::vector<size_t> emitted_after;
  for (const model::SessionWindow& window : windows) {
    aggregator.BeginSession(window, out);
    for (const model::Bar& bar : daily) {
      if (bar.open_time == StartOfDayUtc(window.date)) aggregator.Add(bar, out);
    }
    emitted_after.push_back(out.size());
  }

  // The week of 03-18 began with 03-22 only (it was the first session
  // begun), so it expects 1; the week of 03-25 is emitted with Thursday's bar.
  EXPECT_EQ(emitted_after, (std::vector<size_t>{1, 1, 1, 1, 2, 2}));
  ASSERT_EQ(out.size(), 2u);
  // Rows 2013-03-25..28 of the 1d file: open 155.99 (Mon), high max(156.27,
  // 156.22, 156.25, 156.85) = 156.85, low min(154.35, 155.42, 155.00, 155.85)
  // = 154.35, close 156.55 (Thu), volume 131779376 + 75820229 + 89094609 +
  // 83562253 = 380256467.
  const DerivedBar& week = out[1];
  EXPECT_EQ(week.interval, Interval::Weeks(1));
  EXPECT_EQ(week.bar.open_time, T("2013-03-25T00:00:00Z"));
  EXPECT_EQ(week.end, T("2013-03-28T20:00:00Z"));
  EXPECT_DOUBLE_EQ(week.bar.open, 155.99);
  EXPECT_DOUBLE_EQ(week.bar.high, 156.85);
  EXPECT_DOUBLE_EQ(week.bar.low, 154.35);
  EXPECT_DOUBLE_EQ(week.bar.close, 156.55);
  EXPECT_DOUBLE_EQ(week.bar.volume, 380256467);
  EXPECT_EQ(week.bar.bar_count, 4);
  EXPECT_EQ(week.expected_bars, 4);
}

TEST(BarAggregatorTest, BeginSessionClosesWhatThePreviousSessionLeftOpen) {
  const model::SessionWindow monday = NyWindow("2013-10-07", -4, false);
  const model::SessionWindow tuesday = NyWindow("2013-10-08", -4, false);
  BarAggregator aggregator = Make(Interval::Minutes(1), Interval::Minutes(5));
  std::vector<DerivedBar> out;
  aggregator.BeginSession(monday, out);
  aggregator.Add(testkit::BarClosingAt(1, monday.close - minutes(2)), out);

  const size_t before = out.size();
  aggregator.BeginSession(tuesday, out);

  EXPECT_EQ(before, 0u);
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].bar.open_time, monday.close - minutes(5));
  EXPECT_EQ(out[0].end, monday.close);
}

TEST(BarAggregatorTest, ACopyContinuesExactlyAsTheOriginal) {
  const model::SessionWindow window = NyWindow("2013-10-07", -4, false);
  const std::vector<model::Bar> bars = ReadSampleBars(kSpy1m);
  BarAggregator original = Make(Interval::Minutes(1), Interval::Minutes(15));
  std::vector<DerivedBar> original_out;
  original.BeginSession(window, original_out);
  size_t i = 0;
  for (; bars[i].open_time < window.open + minutes(7); ++i) original.Add(bars[i], original_out);

  BarAggregator snapshot = original;
  std::vector<DerivedBar> snapshot_out = original_out;
  for (; bars[i].open_time < window.close; ++i) {
    original.Add(bars[i], original_out);
    snapshot.Add(bars[i], snapshot_out);
  }

  EXPECT_EQ(snapshot_out, original_out);
  EXPECT_EQ(original_out.size(), 26u);
}

}  // namespace
}  // namespace tapedeck::aggregate
