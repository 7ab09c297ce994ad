#include "aggregate/multi_aggregator.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "aggregate/test_support.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::aggregate {
namespace {

using model::Interval;
using std::chrono::minutes;
using testing::NyWindow;

TEST(MultiAggregatorTest, EmitsByEndThenShorterIntervalFirst) {
  const std::vector<Interval> derived = {Interval::Minutes(15), Interval::Minutes(5)};
  MultiAggregator aggregator = *MultiAggregator::Create(Interval::Minutes(1), derived);
  const model::SessionWindow window = NyWindow("2013-10-07", -4, false);
  std::vector<DerivedBar> out;
  aggregator.BeginSession(window, out);

  for (int i = 0; i < 15; ++i) {
    aggregator.Add(testkit::BarClosingAt(100 + i, window.open + minutes(i)), out);
  }

  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[0].interval, Interval::Minutes(5));
  EXPECT_EQ(out[1].interval, Interval::Minutes(5));
  EXPECT_EQ(out[2].interval, Interval::Minutes(5));
  EXPECT_EQ(out[2].end, window.open + minutes(15));
  EXPECT_EQ(out[3].interval, Interval::Minutes(15));
  EXPECT_EQ(out[3].end, window.open + minutes(15));
  EXPECT_EQ(aggregator.derived(),
            (std::vector<Interval>{Interval::Minutes(5), Interval::Minutes(15)}));
}

TEST(MultiAggregatorTest, WeekChainedThroughAnUnrequestedDayEmitsOnlyTheWeek) {
  const std::vector<Interval> derived = {Interval::Weeks(1)};
  MultiAggregator aggregator = *MultiAggregator::Create(Interval::Minutes(1), derived);
  std::vector<DerivedBar> out;

  for (const model::SessionWindow& window : testing::SampleWeek2013()) {
    aggregator.BeginSession(window, out);
    aggregator.Add(testkit::BarClosingAt(10, window.open), out);
    aggregator.Add(testkit::BarClosingAt(12, window.close - minutes(1)), out);
  }

  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].interval, Interval::Weeks(1));
  EXPECT_EQ(out[0].end, testing::T("2013-10-11T20:00:00Z"));
  EXPECT_EQ(out[0].bar.bar_count, 5);  // Daily bars.
  EXPECT_EQ(out[0].expected_bars, 5);
  EXPECT_DOUBLE_EQ(out[0].bar.volume, 5 * 2 * 100);
}

TEST(MultiAggregatorTest, DayComesBeforeTheWeekItCompletes) {
  const std::vector<Interval> derived = {Interval::Weeks(1), Interval::Days(1), Interval::Hours(1)};
  MultiAggregator aggregator = *MultiAggregator::Create(Interval::Minutes(1), derived);
  const model::SessionWindow friday = NyWindow("2013-10-11", -4, true);
  std::vector<DerivedBar> out;
  aggregator.BeginSession(friday, out);

  aggregator.Add(testkit::BarClosingAt(10, friday.close - minutes(1)), out);

  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0].interval, Interval::Hours(1));
  EXPECT_EQ(out[1].interval, Interval::Days(1));
  EXPECT_EQ(out[2].interval, Interval::Weeks(1));
  EXPECT_EQ(out[2].end, friday.close);
}

TEST(MultiAggregatorTest, AppliesThePolicyOfEachInterval) {
  const std::vector<Interval> derived = {Interval::Minutes(5), Interval::Minutes(15)};
  const std::map<Interval, BucketPolicy> policies = {
      {Interval::Minutes(15), BucketPolicy::kRequireComplete}};
  MultiAggregator aggregator = *MultiAggregator::Create(Interval::Minutes(1), derived, policies);
  const model::SessionWindow window = NyWindow("2013-10-07", -4, false);
  std::vector<DerivedBar> out;
  aggregator.BeginSession(window, out);

  for (int i = 0; i < 15; ++i) {
    if (i == 3) continue;  // 09:33 missing.
    aggregator.Add(testkit::BarClosingAt(100 + i, window.open + minutes(i)), out);
  }

  ASSERT_EQ(out.size(), 3u);  // Three 5m buckets; the 15m one is dropped.
  EXPECT_EQ(out[0].bar.bar_count, 4);
  for (const DerivedBar& bar : out) EXPECT_EQ(bar.interval, Interval::Minutes(5));
}

TEST(MultiAggregatorTest, NamesTheIntervalThatCannotBeDerived) {
  const std::vector<Interval> derived = {Interval::Minutes(5), Interval::Seconds(90)};

  const Result<MultiAggregator> result = MultiAggregator::Create(Interval::Minutes(1), derived);

  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(),
            "\"90s\" cannot be derived from a 1m base: it is not a whole multiple of 1m");
}

}  // namespace
}  // namespace tapedeck::aggregate
