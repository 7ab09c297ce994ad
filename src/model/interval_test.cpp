#include "model/interval.hpp"

#include <gtest/gtest.h>

namespace tapedeck::model {
namespace {

using namespace std::chrono_literals;

std::string ParseError(std::string_view text) { return Interval::Parse(text).error().message(); }

TEST(IntervalTest, ParsesEveryUnit) {
  EXPECT_EQ(*Interval::Parse("1s"), Interval::Seconds(1));
  EXPECT_EQ(*Interval::Parse("5m"), Interval::Minutes(5));
  EXPECT_EQ(*Interval::Parse("1h"), Interval::Hours(1));
  EXPECT_EQ(*Interval::Parse("1d"), Interval::Days(1));
  EXPECT_EQ(*Interval::Parse("1w"), Interval::Weeks(1));
  EXPECT_EQ(Interval::Parse("15m")->ToString(), "15m");
}

TEST(IntervalTest, DurationsAreNominal) {
  EXPECT_EQ(Interval::Minutes(15).duration(), 15min);
  EXPECT_EQ(Interval::Hours(2).duration(), 2h);
  EXPECT_EQ(Interval::Days(1).duration(), 24h);
  EXPECT_EQ(Interval::Weeks(1).duration(), 7 * 24h);
}

TEST(IntervalTest, RejectsBadTextSayingWhy) {
  EXPECT_EQ(ParseError("0m"), "\"0m\" is not an interval: count must be at least 1");
  EXPECT_EQ(
      ParseError("-5m"),
      "\"-5m\" is not an interval: count must be at least 1 (negative intervals make no sense)");
  EXPECT_EQ(ParseError("1x"), "\"1x\" is not an interval: unit must be one of s, m, h, d, w");
  EXPECT_EQ(ParseError("5"),
            "\"5\" is not an interval: a unit must follow the count: one of s, m, h, d, w");
  EXPECT_EQ(ParseError("m"), "\"m\" is not an interval: expected a count first, as in 5m");
  EXPECT_EQ(ParseError("ticks"),
            "\"ticks\" is not an interval: tick data is not supported; streams are bars of 1s, 1m "
            "or 1d and intervals derived from them");
  EXPECT_EQ(ParseError("5min"), "\"5min\" is not an interval: unit must be one of s, m, h, d, w");
  EXPECT_EQ(ParseError("99999999999m"), "\"99999999999m\" is not an interval: count is too large");
  EXPECT_FALSE(Interval::Parse("").ok());
  EXPECT_FALSE(Interval::Parse(" 5m").ok());
}

TEST(IntervalTest, OrdersByDuration) {
  EXPECT_LT(Interval::Seconds(30), Interval::Minutes(1));
  EXPECT_LT(Interval::Minutes(5), Interval::Minutes(15));
  EXPECT_LT(Interval::Minutes(90), Interval::Hours(2));
  EXPECT_LT(Interval::Days(1), Interval::Weeks(1));
  EXPECT_NE(Interval::Minutes(60), Interval::Hours(1));
}

TEST(IntervalTest, BaseIntervalsAreOneSecondMinuteOrDay) {
  EXPECT_TRUE(Interval::Seconds(1).is_base());
  EXPECT_TRUE(Interval::Minutes(1).is_base());
  EXPECT_TRUE(Interval::Days(1).is_base());
  EXPECT_FALSE(Interval::Minutes(5).is_base());
  EXPECT_FALSE(Interval::Hours(1).is_base());
  EXPECT_FALSE(Interval::Weeks(1).is_base());
}

}  // namespace
}  // namespace tapedeck::model
