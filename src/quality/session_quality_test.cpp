#include "quality/session_quality.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <random>
#include <vector>

#include "aggregate/test_support.hpp"
#include "calendar/trading_calendar.hpp"
#include "quality/score_session.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::quality {
namespace {

// Bars of a data/sample file.
std::vector<model::Bar> ReadSampleBars(std::string_view file_name) {
  return aggregate::testing::ReadCsvBars(testkit::SourceDir() / "data" / "sample" /
                                         std::string(file_name));
}

using calendar::SessionPart;
using model::Interval;

calendar::SessionHours Hours(std::string_view date) {
  return **calendar::TradingCalendar::ForExchange("NYSE")->Session(*ParseDate(date));
}

// Feeds `bars` one at a time with random AdvanceTo calls in between, and
// checks after every call that the report equals ScoreSession over the bars
// added so far, up to until().
void ExpectEqualsScoreSessionAtEveryStep(const std::vector<model::Bar>& bars, Interval interval,
                                         const calendar::SessionHours& hours, SessionPart part,
                                         uint32_t seed) {
  std::mt19937 random(seed);
  std::bernoulli_distribution advance(0.3);
  SessionQuality quality(interval, hours, part);
  const auto check = [&](size_t added) {
    const std::span<const model::Bar> so_far(bars.data(), added);
    const QualityReport expected = ScoreSession(so_far, interval, hours, quality.until(), part);
    ASSERT_EQ(quality.report(), expected) << "after " << added << " bars";
  };
  Timestamp now = hours.pre_market_open - std::chrono::minutes(1);
  for (size_t i = 0; i < bars.size(); ++i) {
    const Timestamp open_time = bars[i].open_time;
    if (advance(random) && open_time > now) {
      std::uniform_int_distribution<int64_t> step(0, (open_time - now).count());
      now += Duration(step(random));
      quality.AdvanceTo(now);
      check(i);
    }
    quality.Add(bars[i]);
    now = std::max(now, quality.until());
    check(i + 1);
  }
  quality.AdvanceTo(hours.after_hours_close);
  check(bars.size());
}

// 1m bars over the extended hours, kept with probability `keep`, with a few
// duplicates inside a minute.
std::vector<model::Bar> RandomBars(const calendar::SessionHours& hours, double keep,
                                   std::mt19937& random) {
  std::uniform_real_distribution<double> unit(0, 1);
  std::vector<model::Bar> bars;
  for (Timestamp t = hours.pre_market_open; t < hours.after_hours_close;
       t += std::chrono::minutes(1)) {
    if (unit(random) >= keep) continue;
    bars.push_back(testkit::BarClosingAt(1, t));
    if (unit(random) < 0.05) bars.push_back(testkit::BarClosingAt(1, t + std::chrono::seconds(20)));
  }
  return bars;
}

TEST(SessionQualityTest, EqualsScoreSessionAtEveryStepOnRandomBarsWithGaps) {
  uint32_t seed = 1;
  for (const char* date : {"2013-10-07", "2013-11-29"}) {
    const calendar::SessionHours hours = Hours(date);
    for (const double keep : {0.97, 0.6, 0.1}) {
      std::mt19937 random(seed);
      const std::vector<model::Bar> bars = RandomBars(hours, keep, random);
      for (const SessionPart part : {SessionPart::kRegular, SessionPart::kExtended}) {
        for (const Interval interval :
             {Interval::Minutes(1), Interval::Minutes(5), Interval::Hours(1)}) {
          SCOPED_TRACE(::testing::Message()
                       << date << " keep " << keep << " " << interval.ToString() << " part "
                       << static_cast<int>(part));
          ExpectEqualsScoreSessionAtEveryStep(bars, interval, hours, part, ++seed);
        }
      }
    }
  }
}

TEST(SessionQualityTest, EqualsScoreSessionAtEveryStepOnTheSparseAaplFile) {
  const calendar::SessionHours hours = Hours("2025-07-02");
  std::vector<model::Bar> bars;
  for (const model::Bar& bar : ReadSampleBars("AAPL_1m_2025-07-01_2025-07-02.csv")) {
    if (bar.open_time >= hours.pre_market_open) bars.push_back(bar);
  }

  ExpectEqualsScoreSessionAtEveryStep(bars, Interval::Minutes(1), hours, SessionPart::kExtended, 5);
}

TEST(SessionQualityTest, DailyBarCountsOnceTheSessionHasClosed) {
  const calendar::SessionHours hours = Hours("2013-10-07");
  SessionQuality quality(Interval::Days(1), hours);

  quality.AdvanceTo(hours.open + std::chrono::hours(1));
  const std::optional<double> during = quality.report().score();
  quality.Add(testkit::BarClosingAt(1, StartOfDayUtc(hours.date)));

  EXPECT_EQ(during, std::nullopt);
  EXPECT_EQ(quality.until(), hours.close);
  EXPECT_EQ(quality.report().score(), 100.0);
}

TEST(SessionQualityTest, LiveSessionScoresUpToNow) {
  const calendar::SessionHours hours = Hours("2013-10-07");
  SessionQuality quality(Interval::Minutes(1), hours);

  quality.AdvanceTo(hours.open);
  const std::optional<double> at_open = quality.report().score();
  quality.Add(testkit::BarClosingAt(1, hours.open));
  quality.AdvanceTo(hours.open + std::chrono::minutes(4));  // 09:31..09:33 empty.

  EXPECT_EQ(at_open, std::nullopt);
  EXPECT_EQ(quality.report().expected_bars, 4);
  EXPECT_EQ(quality.report().present_bars, 1);
  EXPECT_DOUBLE_EQ(*quality.report().score(), 25.0);
  EXPECT_EQ(quality.report().gaps,
            (std::vector<model::Gap>{
                {hours.open + std::chrono::minutes(1), hours.open + std::chrono::minutes(4), 3}}));
}

}  // namespace
}  // namespace tapedeck::quality
