#include "cli/progress_reporter.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "calendar/trading_calendar.hpp"

namespace tapedeck::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
namespace chr = std::chrono;

std::vector<calendar::SessionHours> Days(std::string_view from, std::string_view to) {
  const auto calendar = *calendar::TradingCalendar::ForExchange("US_EQUITY");
  std::vector<calendar::SessionHours> days;
  const std::vector<Date> dates = *calendar.SessionsBetween(*ParseDate(from), *ParseDate(to));
  for (const Date date : dates) {
    days.push_back(**calendar.Session(date));
  }
  return days;
}

TEST(ProgressReporterTest, FractionCountsWholeDaysAndThePartOfToday) {
  const auto days = Days("2013-10-08", "2013-10-11");                  // Four sessions.
  const Timestamp noon_second_day = days[1].open + chr::minutes(195);  // Half of 390.

  EXPECT_DOUBLE_EQ(ProgressFraction(days, {std::nullopt, {}, 0}), 0.0);
  EXPECT_DOUBLE_EQ(ProgressFraction(days, {days[0].date, days[0].open, 0}), 0.0);
  EXPECT_DOUBLE_EQ(ProgressFraction(days, {days[1].date, noon_second_day, 0}), 1.5 / 4);
  EXPECT_DOUBLE_EQ(ProgressFraction(days, {days[3].date, days[3].close, 0}), 1.0);
}

TEST(ProgressReporterTest, BarShowsTimeShareRateAndEta) {
  const auto days = Days("2013-10-08", "2013-10-08");
  const ProgressSnapshot snapshot{days[0].date, days[0].open + chr::minutes(120), 240};

  const std::string bar = FormatProgressBar(snapshot, 0.5, 1234.0, chr::seconds(75), 80);

  EXPECT_THAT(bar, HasSubstr("2013-10-08 11:30 EDT"));
  EXPECT_THAT(bar, HasSubstr(" 50%"));
  EXPECT_THAT(bar, HasSubstr("1.2k bars/s"));
  EXPECT_THAT(bar, HasSubstr("ETA 1:15"));
  EXPECT_LE(bar.size(), 80U);
}

TEST(ProgressReporterTest, LinesReportEachFinishedDayOnceEvenWhenSkipped) {
  const auto days = Days("2013-10-08", "2013-10-11");
  std::ostringstream out;
  ProgressReporter reporter(ProgressStyle::kLines, out, days, Timestamp{});

  reporter.Update({days[0].date, days[0].open, 0}, Timestamp{});
  const std::string after_first_day = out.str();
  reporter.Update({days[2].date, days[2].open, 0}, Timestamp{});  // Day 2 went by unseen.
  reporter.Update({days[2].date, days[2].close, 0}, Timestamp{});
  reporter.Finish({days[3].date, days[3].close, 0}, /*finished=*/true);

  EXPECT_EQ(after_first_day, "");
  EXPECT_EQ(out.str(),
            "session 2013-10-08 done (1 of 4)\nsession 2013-10-09 done (2 of 4)\n"
            "session 2013-10-10 done (3 of 4)\nsession 2013-10-11 done (4 of 4)\n");
}

TEST(ProgressReporterTest, AStoppedRunSaysWhereItStopped) {
  const auto days = Days("2013-10-08", "2013-10-11");
  std::ostringstream out;
  ProgressReporter reporter(ProgressStyle::kLines, out, days, Timestamp{});

  reporter.Finish({days[1].date, days[1].open + chr::minutes(5), 0}, /*finished=*/false);

  EXPECT_EQ(out.str(), "session 2013-10-08 done (1 of 4)\nstopped at 2013-10-09 09:35:00 EDT\n");
  EXPECT_THAT(out.str(), Not(HasSubstr("2013-10-10")));
}

TEST(ProgressReporterTest, QuietPrintsNothing) {
  const auto days = Days("2013-10-08", "2013-10-11");
  std::ostringstream out;
  ProgressReporter reporter(ProgressStyle::kNone, out, days, Timestamp{});

  reporter.Update({days[2].date, days[2].open, 0}, Timestamp{});
  reporter.Finish({days[3].date, days[3].close, 0}, true);

  EXPECT_EQ(out.str(), "");
}

}  // namespace
}  // namespace tapedeck::cli
