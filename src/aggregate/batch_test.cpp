// Batch and streaming aggregation must agree bar for bar: on the real sample
// files and on seeded random bars with gaps, for every interval and policy.
#include "aggregate/batch.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <vector>

#include "aggregate/bar_aggregator.hpp"
#include "aggregate/multi_aggregator.hpp"
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
using testing::NyWindow;

// Streams `bars` through a MultiAggregator as the session engine does: each
// session begun, each bar added in order, time advanced at random points in
// between (never past a bar not yet added), and to the end of each session.
std::vector<DerivedBar> Stream(MultiAggregator aggregator,
                               std::span<const model::SessionWindow> sessions,
                               std::span<const model::Bar> bars, Duration base,
                               std::mt19937& random) {
  std::vector<DerivedBar> out;
  std::bernoulli_distribution advance(0.3);
  size_t next = 0;
  for (const model::SessionWindow& window : sessions) {
    aggregator.BeginSession(window, out);
    const bool daily_base = base >= std::chrono::days(1);
    Timestamp now = window.pre_market_open;
    while (next < bars.size() && bars[next].open_time < window.after_hours_close) {
      const model::Bar& bar = bars[next++];
      const bool in_session = daily_base ? bar.open_time == StartOfDayUtc(window.date)
                                         : bar.open_time >= window.pre_market_open;
      if (!in_session) continue;
      if (!daily_base && advance(random) && bar.open_time > now) {
        std::uniform_int_distribution<int64_t> step(0, (bar.open_time - now).count());
        now += Duration(step(random));
        aggregator.AdvanceTo(now, out);
      }
      aggregator.Add(bar, out);
      if (!daily_base) now = bar.open_time + base;
    }
    aggregator.AdvanceTo(window.close, out);
    aggregator.AdvanceTo(window.after_hours_close, out);
  }
  return out;
}

std::vector<DerivedBar> OnlyInterval(const std::vector<DerivedBar>& bars, Interval interval) {
  std::vector<DerivedBar> out;
  for (const DerivedBar& bar : bars) {
    if (bar.interval == interval) out.push_back(bar);
  }
  return out;
}

// Checks, for every interval and both policies, that batch equals streaming.
void ExpectStreamingEqualsBatch(std::span<const model::Bar> bars,
                                std::span<const model::SessionWindow> sessions, Interval base,
                                std::span<const Interval> derived, bool extended, uint32_t seed) {
  for (const BucketPolicy policy : {BucketPolicy::kEmitPartial, BucketPolicy::kRequireComplete}) {
    std::map<Interval, BucketPolicy> policies;
    for (const Interval interval : derived) policies[interval] = policy;
    std::mt19937 random(seed);
    const std::vector<DerivedBar> streamed =
        Stream(*MultiAggregator::Create(base, derived, policies, extended), sessions, bars,
               base.duration(), random);
    for (const Interval interval : derived) {
      SCOPED_TRACE(::testing::Message()
                   << interval.ToString() << " extended=" << extended
                   << " complete=" << (policy == BucketPolicy::kRequireComplete));
      const Result<std::vector<DerivedBar>> batch =
          AggregateBatch(bars, sessions, base, interval, policy, extended);
      ASSERT_TRUE(batch.ok()) << batch.error().message();
      const std::vector<DerivedBar> streamed_interval = OnlyInterval(streamed, interval);
      if (policy == BucketPolicy::kEmitPartial) {
        EXPECT_FALSE(batch->empty());
      }
      ASSERT_EQ(streamed_interval.size(), batch->size());
      for (size_t i = 0; i < batch->size(); ++i) {
        ASSERT_EQ(streamed_interval[i], (*batch)[i]) << "bar " << i;
      }
    }
    for (size_t i = 1; i < streamed.size(); ++i) {
      ASSERT_FALSE(EmittedBefore(streamed[i], streamed[i - 1])) << "out of order at " << i;
    }
  }
}

TEST(AggregateBatchTest, StreamingEqualsBatchOnTheSampleFiles2013) {
  const std::vector<model::SessionWindow> week = testing::SampleWeek2013();
  const std::vector<Interval> derived = {
      Interval::Minutes(5), Interval::Minutes(15), Interval::Minutes(7), Interval::Hours(1),
      Interval::Hours(2),   Interval::Days(1),     Interval::Weeks(1)};
  for (const char* file : {"SPY_1m_2013-10-07_2013-10-11.csv", "IBM_1m_2013-10-07_2013-10-11.csv",
                           "BAC_1m_2013-10-07_2013-10-11.csv"}) {
    SCOPED_TRACE(file);
    const std::vector<model::Bar> bars = ReadSampleBars(file);
    for (const bool extended : {false, true}) {
      ExpectStreamingEqualsBatch(bars, week, Interval::Minutes(1), derived, extended, 7);
    }
  }
}

TEST(AggregateBatchTest, StreamingEqualsBatchOnSparseAapl2025) {
  // 2025-07-03 closes at 13:00 and is the last session of its week (07-04 is
  // Independence Day); the file ends on 07-02.
  const std::vector<model::SessionWindow> sessions = {NyWindow("2025-07-01", -4, false),
                                                      NyWindow("2025-07-02", -4, false)};
  const std::vector<Interval> derived = {Interval::Minutes(5), Interval::Minutes(15),
                                         Interval::Hours(1), Interval::Days(1)};
  const std::vector<model::Bar> bars = ReadSampleBars("AAPL_1m_2025-07-01_2025-07-02.csv");
  for (const bool extended : {false, true}) {
    ExpectStreamingEqualsBatch(bars, sessions, Interval::Minutes(1), derived, extended, 11);
  }
}

TEST(AggregateBatchTest, StreamingEqualsBatchOnTheDailySampleFile) {
  // Two weeks around Good Friday 2013-03-29 (closed) from 1d bars.
  const std::vector<model::SessionWindow> sessions = {
      NyWindow("2013-03-18", -4, false), NyWindow("2013-03-19", -4, false),
      NyWindow("2013-03-20", -4, false), NyWindow("2013-03-21", -4, false),
      NyWindow("2013-03-22", -4, true),  NyWindow("2013-03-25", -4, false),
      NyWindow("2013-03-26", -4, false), NyWindow("2013-03-27", -4, false),
      NyWindow("2013-03-28", -4, true),  NyWindow("2013-04-01", -4, false)};
  const std::vector<model::Bar> bars = ReadSampleBars("SPY_1d_2010-01-04_2013-10-11.csv");
  const std::vector<Interval> derived = {Interval::Weeks(1)};

  ExpectStreamingEqualsBatch(bars, sessions, Interval::Days(1), derived, false, 3);
}

// Sessions of 2013-11-25..2013-12-06: Thanksgiving (11-28) closed, 11-29
// closes at 13:00 and ends its week.
std::vector<model::SessionWindow> ThanksgivingWeeks() {
  return {NyWindow("2013-11-25", -5, false), NyWindow("2013-11-26", -5, false),
          NyWindow("2013-11-27", -5, false), NyWindow("2013-11-29", -5, true, true),
          NyWindow("2013-12-02", -5, false), NyWindow("2013-12-03", -5, false),
          NyWindow("2013-12-04", -5, false), NyWindow("2013-12-05", -5, false),
          NyWindow("2013-12-06", -5, true)};
}

// Base bars over the extended hours of `sessions` plus a few overnight ones,
// each slot kept with a probability drawn per session (dense to nearly empty),
// with the occasional long outage.
std::vector<model::Bar> RandomBars(std::span<const model::SessionWindow> sessions, Duration base,
                                   std::mt19937& random) {
  std::vector<model::Bar> bars;
  std::uniform_real_distribution<double> unit(0, 1);
  double price = 100;
  for (const model::SessionWindow& window : sessions) {
    const double keep = std::array<double, 4>{0.98, 0.7, 0.2, 0.02}[random() % 4];
    Timestamp outage_end = window.pre_market_open;
    bars.push_back(testkit::MakeBar(window.pre_market_open - std::chrono::hours(1), 1, 2, 0.5, 1,
                                    5));  // Overnight: ignored by everything.
    for (Timestamp t = window.pre_market_open; t < window.after_hours_close; t += base) {
      if (unit(random) < 0.002) outage_end = t + std::chrono::minutes(30);
      if (t < outage_end || unit(random) >= keep) continue;
      const double open = price;
      price += unit(random) - 0.5;
      bars.push_back(testkit::MakeBar(t, open, std::max(open, price) + unit(random),
                                      std::min(open, price) - unit(random), price,
                                      std::floor(unit(random) * 1000)));
    }
  }
  return bars;
}

TEST(AggregateBatchTest, StreamingEqualsBatchOnRandomMinuteBarsWithGaps) {
  const std::vector<model::SessionWindow> sessions = ThanksgivingWeeks();
  const std::vector<Interval> derived = {
      Interval::Minutes(2),  Interval::Minutes(5),  Interval::Minutes(7),
      Interval::Minutes(15), Interval::Minutes(45), Interval::Hours(1),
      Interval::Hours(4),    Interval::Days(1),     Interval::Weeks(1)};
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE(seed);
    std::mt19937 random(seed);
    const std::vector<model::Bar> bars = RandomBars(sessions, std::chrono::minutes(1), random);
    for (const bool extended : {false, true}) {
      ExpectStreamingEqualsBatch(bars, sessions, Interval::Minutes(1), derived, extended, seed);
    }
  }
}

TEST(AggregateBatchTest, StreamingEqualsBatchOnRandomSecondBarsWithGaps) {
  const std::vector<model::SessionWindow> sessions = {NyWindow("2013-11-27", -5, false),
                                                      NyWindow("2013-11-29", -5, true, true)};
  const std::vector<Interval> derived = {
      Interval::Seconds(5), Interval::Seconds(30), Interval::Minutes(1), Interval::Minutes(5),
      Interval::Hours(1),   Interval::Days(1),     Interval::Weeks(1)};
  std::mt19937 random(42);
  const std::vector<model::Bar> bars = RandomBars(sessions, std::chrono::seconds(1), random);

  ExpectStreamingEqualsBatch(bars, sessions, Interval::Seconds(1), derived, false, 42);
}

TEST(AggregateBatchTest, WeekFromMinuteBarsChainsThroughDays) {
  const std::vector<model::SessionWindow> week = testing::SampleWeek2013();
  const std::vector<model::Bar> bars = ReadSampleBars("SPY_1m_2013-10-07_2013-10-11.csv");

  const Result<std::vector<DerivedBar>> days =
      AggregateBatch(bars, week, Interval::Minutes(1), Interval::Days(1));
  const Result<std::vector<DerivedBar>> weeks =
      AggregateBatch(bars, week, Interval::Minutes(1), Interval::Weeks(1));

  ASSERT_TRUE(days.ok());
  ASSERT_TRUE(weeks.ok());
  ASSERT_EQ(days->size(), 5u);
  ASSERT_EQ(weeks->size(), 1u);
  const DerivedBar& weekly = (*weeks)[0];
  EXPECT_EQ(weekly.bar.open_time, testing::T("2013-10-07T00:00:00Z"));
  EXPECT_EQ(weekly.end, testing::T("2013-10-11T20:00:00Z"));
  EXPECT_EQ(weekly.bar.bar_count, 5);
  EXPECT_EQ(weekly.expected_bars, 5);
  EXPECT_DOUBLE_EQ(weekly.bar.open, (*days)[0].bar.open);
  EXPECT_DOUBLE_EQ(weekly.bar.close, (*days)[4].bar.close);
  // 2013-10-07 regular hours: volume 81489219 (awk), so the week holds more.
  EXPECT_GT(weekly.bar.volume, 81489219);
}

TEST(AggregateBatchTest, RejectsAnIntervalThatIsNotAMultipleOfTheBase) {
  const std::vector<model::SessionWindow> week = testing::SampleWeek2013();

  const Result<std::vector<DerivedBar>> result =
      AggregateBatch({}, week, Interval::Minutes(1), Interval::Seconds(7));

  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().message(),
            "\"7s\" cannot be derived from a 1m base: it is not a whole multiple of 1m");
}

}  // namespace
}  // namespace tapedeck::aggregate
