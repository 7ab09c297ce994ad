#include "quality/score_session.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <vector>

#include "aggregate/batch.hpp"
#include "aggregate/test_support.hpp"
#include "calendar/trading_calendar.hpp"
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
using std::chrono::minutes;

Timestamp T(std::string_view iso) { return *ParseTimestamp(iso); }

calendar::SessionHours Hours(std::string_view date) {
  const auto calendar = calendar::TradingCalendar::ForExchange("NYSE");
  return **calendar->Session(*ParseDate(date));
}

// One flat 1m bar at every minute of [from, to), except those in `missing`
// (minutes after `from`).
std::vector<model::Bar> MinuteBars(Timestamp from, Timestamp to, std::vector<int> missing = {}) {
  std::vector<model::Bar> bars;
  int i = 0;
  for (Timestamp t = from; t < to; t += minutes(1), ++i) {
    if (std::ranges::find(missing, i) == missing.end()) bars.push_back(testkit::BarClosingAt(1, t));
  }
  return bars;
}

TEST(ScoreSessionTest, FullDayScoresOneHundredWithNoGaps) {
  const calendar::SessionHours hours = Hours("2013-10-07");
  const std::vector<model::Bar> bars = MinuteBars(hours.open, hours.close);

  const QualityReport report = ScoreSession(bars, Interval::Minutes(1), hours, hours.close);

  EXPECT_EQ(report.expected_bars, 390);
  EXPECT_EQ(report.present_bars, 390);
  EXPECT_TRUE(report.gaps.empty());
  EXPECT_EQ(report.score(), 100.0);
}

TEST(ScoreSessionTest, NothingExpectedAtTheOpenScoresNone) {
  const calendar::SessionHours hours = Hours("2013-10-07");

  const QualityReport at_open = ScoreSession({}, Interval::Minutes(1), hours, hours.open);
  const QualityReport before_first_slot_ends =
      ScoreSession({}, Interval::Minutes(5), hours, hours.open + minutes(4));

  EXPECT_EQ(at_open.expected_bars, 0);
  EXPECT_EQ(at_open.score(), std::nullopt);
  EXPECT_EQ(before_first_slot_ends.score(), std::nullopt);
}

TEST(ScoreSessionTest, HolidayHasNoSessionAndADefaultReportScoresNone) {
  const auto calendar = calendar::TradingCalendar::ForExchange("NYSE");

  const auto good_friday = calendar->Session(*ParseDate("2013-03-29"));

  ASSERT_TRUE(good_friday.ok());
  EXPECT_FALSE(good_friday->has_value());
  EXPECT_EQ(QualityReport{}.score(), std::nullopt);
}

TEST(ScoreSessionTest, CountsOnlySlotsCompletedByUntil) {
  const calendar::SessionHours hours = Hours("2013-10-07");  // Open 13:30Z.
  const std::vector<model::Bar> bars = MinuteBars(hours.open, hours.open + minutes(10), {2, 3});

  // At 09:37:30 New York: slots 09:30..09:36 have ended (7), 09:32 and 09:33 are empty.
  const QualityReport report =
      ScoreSession(bars, Interval::Minutes(1), hours, hours.open + std::chrono::seconds(450));

  EXPECT_EQ(report.expected_bars, 7);
  EXPECT_EQ(report.present_bars, 5);
  ASSERT_EQ(report.gaps.size(), 1u);
  EXPECT_EQ(report.gaps[0], (model::Gap{T("2013-10-07T13:32:00Z"), T("2013-10-07T13:34:00Z"), 2}));
  EXPECT_DOUBLE_EQ(*report.score(), 5.0 / 7.0 * 100.0);
}

TEST(ScoreSessionTest, GapAtTheEndOfAnEarlyCloseEndsAtOnePm) {
  // 2013-11-29 closes at 13:00 EST = 18:00Z; bars stop at 12:50.
  const calendar::SessionHours hours = Hours("2013-11-29");
  const std::vector<model::Bar> bars = MinuteBars(hours.open, hours.close - minutes(10));

  const QualityReport report = ScoreSession(bars, Interval::Minutes(1), hours, hours.close);
  const QualityReport hourly = ScoreSession({}, Interval::Hours(1), hours, hours.close);

  EXPECT_EQ(report.expected_bars, 210);
  EXPECT_EQ(report.present_bars, 200);
  ASSERT_EQ(report.gaps.size(), 1u);
  EXPECT_EQ(report.gaps[0], (model::Gap{T("2013-11-29T17:50:00Z"), T("2013-11-29T18:00:00Z"), 10}));
  ASSERT_EQ(hourly.gaps.size(), 1u);  // 09:30, 10:30, 11:30 and the cut 12:30-13:00.
  EXPECT_EQ(hourly.gaps[0], (model::Gap{T("2013-11-29T14:30:00Z"), T("2013-11-29T18:00:00Z"), 4}));
}

TEST(ScoreSessionTest, CountsAtMostOneBarPerSlotAndIgnoresBarsOutsideThePart) {
  const calendar::SessionHours hours = Hours("2013-10-07");
  // Pre-market, then 09:30 and 09:31 (both in the first 5m slot), then 09:40.
  const std::vector<model::Bar> bars = {testkit::BarClosingAt(1, hours.open - minutes(1)),
                                        testkit::BarClosingAt(1, hours.open),
                                        testkit::BarClosingAt(1, hours.open + minutes(1)),
                                        testkit::BarClosingAt(1, hours.open + minutes(10))};

  const QualityReport report =
      ScoreSession(bars, Interval::Minutes(5), hours, hours.open + minutes(15));

  EXPECT_EQ(report.expected_bars, 3);
  EXPECT_EQ(report.present_bars, 2);
  ASSERT_EQ(report.gaps.size(), 1u);
  EXPECT_EQ(report.gaps[0], (model::Gap{T("2013-10-07T13:35:00Z"), T("2013-10-07T13:40:00Z"), 1}));
}

TEST(ScoreSessionTest, DailyBarStampedAtMidnightUtcFillsTheSession) {
  const calendar::SessionHours hours = Hours("2013-10-07");
  const std::vector<model::Bar> daily = {testkit::BarClosingAt(1, T("2013-10-07T00:00:00Z"))};

  const QualityReport before_close =
      ScoreSession(daily, Interval::Days(1), hours, hours.close - minutes(1));
  const QualityReport at_close = ScoreSession(daily, Interval::Days(1), hours, hours.close);
  const QualityReport missing = ScoreSession({}, Interval::Days(1), hours, hours.close);
  const QualityReport weekly = ScoreSession(daily, Interval::Weeks(1), hours, hours.close);

  EXPECT_EQ(before_close.score(), std::nullopt);
  EXPECT_EQ(at_close.score(), 100.0);
  EXPECT_EQ(missing.score(), 0.0);
  EXPECT_EQ(missing.gaps, (std::vector<model::Gap>{{hours.open, hours.close, 1}}));
  EXPECT_EQ(weekly.score(), std::nullopt);  // No slots inside one session.
}

TEST(ScoreSessionTest, CombinedScoreSumsPresentAndExpected) {
  const std::vector<QualityReport> reports = {{390, 390, {}}, {210, 105, {}}, {0, 0, {}}};

  // (390 + 105) / (390 + 210) = 495 / 600 = 82.5 %.
  EXPECT_DOUBLE_EQ(*CombinedScore(reports), 82.5);
  EXPECT_EQ(CombinedScore(std::span<const QualityReport>()), std::nullopt);
}

// The real AAPL file of 2025-07-01/02 is a sparse feed outside regular hours.
// Golden values from an independent Python script over the CSV
// (/usr/bin/python3, csv + datetime): a slot is present when a row opens in
// it; 2025-07-02 regular hours are 13:30-20:00Z (EDT), pre-market 08:00-13:30Z.
class AaplSparseFeedTest : public ::testing::Test {
 protected:
  const calendar::SessionHours hours_ = Hours("2025-07-02");
  const std::vector<model::Bar> bars_ = ReadSampleBars("AAPL_1m_2025-07-01_2025-07-02.csv");
};

TEST_F(AaplSparseFeedTest, RegularHoursAreComplete) {
  // Script: 390 of 390 minutes in [13:30Z, 20:00Z) have a row; no gaps.
  const QualityReport report = ScoreSession(bars_, Interval::Minutes(1), hours_, hours_.close);

  EXPECT_EQ(report.expected_bars, 390);
  EXPECT_EQ(report.present_bars, 390);
  EXPECT_TRUE(report.gaps.empty());
  EXPECT_EQ(report.score(), 100.0);
}

TEST_F(AaplSparseFeedTest, PreMarketMinuteScoreAndEveryGap) {
  // Script: 249 of the 330 minutes in [08:00Z, 13:30Z) have a row
  // (249 / 330 = 75.4545… %); 81 missing minutes in these 37 runs.
  struct Run {
    const char* start;
    const char* end;
    int missing;
  };
  const std::vector<Run> runs = {
      {"08:08", "08:09", 1}, {"08:10", "08:11", 1}, {"08:20", "08:22", 2}, {"08:32", "08:35", 3},
      {"08:37", "08:42", 5}, {"08:43", "08:45", 2}, {"08:47", "08:50", 3}, {"08:51", "08:52", 1},
      {"08:53", "08:54", 1}, {"08:55", "08:57", 2}, {"08:59", "09:00", 1}, {"09:01", "09:02", 1},
      {"09:03", "09:04", 1}, {"09:05", "09:07", 2}, {"09:08", "09:09", 1}, {"09:10", "09:11", 1},
      {"09:12", "09:18", 6}, {"09:19", "09:20", 1}, {"09:21", "09:24", 3}, {"09:25", "09:27", 2},
      {"09:32", "09:35", 3}, {"09:38", "09:39", 1}, {"09:41", "09:44", 3}, {"09:48", "09:53", 5},
      {"09:54", "09:55", 1}, {"09:56", "09:57", 1}, {"09:59", "10:05", 6}, {"10:12", "10:15", 3},
      {"10:16", "10:19", 3}, {"10:21", "10:27", 6}, {"10:35", "10:36", 1}, {"10:40", "10:41", 1},
      {"10:58", "10:59", 1}, {"11:09", "11:11", 2}, {"11:12", "11:14", 2}, {"11:26", "11:27", 1},
      {"11:56", "11:57", 1}};
  std::vector<model::Gap> expected_gaps;
  for (const Run& run : runs) {
    expected_gaps.push_back({T(fmt::format("2025-07-02T{}:00Z", run.start)),
                             T(fmt::format("2025-07-02T{}:00Z", run.end)), run.missing});
  }

  const QualityReport report =
      ScoreSession(bars_, Interval::Minutes(1), hours_, hours_.close, SessionPart::kPreMarket);

  EXPECT_EQ(report.expected_bars, 330);
  EXPECT_EQ(report.present_bars, 249);
  EXPECT_DOUBLE_EQ(*report.score(), 249.0 / 330.0 * 100.0);
  EXPECT_EQ(report.gaps, expected_gaps);
}

TEST_F(AaplSparseFeedTest, FiveMinuteQualityOfDerivedBars) {
  // Script: every 5m slot of [13:30Z, 20:00Z) has a row (78 / 78); in the
  // pre-market 65 of 66 do, [10:00Z, 10:05Z) has none.
  const std::vector<model::SessionWindow> windows = {
      *calendar::TradingCalendar::ForExchange("NYSE")->Window(hours_.date)};
  const auto derived =
      aggregate::AggregateBatch(bars_, windows, Interval::Minutes(1), Interval::Minutes(5),
                                aggregate::BucketPolicy::kEmitPartial, true);
  ASSERT_TRUE(derived.ok());
  std::vector<model::Bar> five;
  for (const aggregate::DerivedBar& bar : *derived) five.push_back(bar.bar);

  const QualityReport regular = ScoreSession(five, Interval::Minutes(5), hours_, hours_.close);
  const QualityReport pre_market =
      ScoreSession(five, Interval::Minutes(5), hours_, hours_.close, SessionPart::kPreMarket);

  EXPECT_EQ(regular.expected_bars, 78);
  EXPECT_EQ(regular.present_bars, 78);
  EXPECT_EQ(regular.score(), 100.0);
  EXPECT_EQ(pre_market.expected_bars, 66);
  EXPECT_EQ(pre_market.present_bars, 65);
  EXPECT_EQ(pre_market.gaps,
            (std::vector<model::Gap>{{T("2025-07-02T10:00:00Z"), T("2025-07-02T10:05:00Z"), 1}}));
}

TEST_F(AaplSparseFeedTest, ExtendedHoursEndWithTheMissingAfterHours) {
  // Script: pre-market 249 + regular 390 = 639 of 330 + 390 + 240 = 960; the
  // file has no after-hours rows for 07-02: [20:00Z, 00:00Z) is one gap of 240.
  const QualityReport report = ScoreSession(bars_, Interval::Minutes(1), hours_,
                                            hours_.after_hours_close, SessionPart::kExtended);

  EXPECT_EQ(report.expected_bars, 960);
  EXPECT_EQ(report.present_bars, 639);
  ASSERT_EQ(report.gaps.size(), 38u);
  EXPECT_EQ(report.gaps.back(),
            (model::Gap{T("2025-07-02T20:00:00Z"), T("2025-07-03T00:00:00Z"), 240}));
}

}  // namespace
}  // namespace tapedeck::quality
