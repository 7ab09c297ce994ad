#include "core/timestamp.hpp"

#include <gtest/gtest.h>

#include "core/check.hpp"

namespace tapedeck {
namespace {

using namespace std::chrono_literals;

// 2013-10-07T13:30:00Z = 1381152600 s since the epoch (date -u -d @1381152600).
constexpr int64_t kMonday0930NySeconds = 1381152600;

TEST(TimestampTest, ParsesUtcAndOffsetsToTheSameInstant) {
  const Timestamp expected = FromUnixNanos(kMonday0930NySeconds * 1'000'000'000);

  EXPECT_EQ(*ParseTimestamp("2013-10-07T13:30:00Z"), expected);
  EXPECT_EQ(*ParseTimestamp("2013-10-07 13:30:00Z"), expected);
  EXPECT_EQ(*ParseTimestamp("2013-10-07T09:30:00-04:00"), expected);
  EXPECT_EQ(*ParseTimestamp("2013-10-07T09:30-0400"), expected);
  EXPECT_EQ(*ParseTimestamp("2013-10-07T15:30:00+02"), expected);
}

TEST(TimestampTest, KeepsFractionsToTheNanosecond) {
  const Result<Timestamp> t = ParseTimestamp("2013-10-07T13:30:00.000000123Z");

  ASSERT_TRUE(t.ok());
  EXPECT_EQ(ToUnixNanos(*t) % 1'000'000'000, 123);
  EXPECT_EQ(FormatTimestamp(*t), "2013-10-07T13:30:00.000000123Z");
  EXPECT_EQ(FormatTimestamp(*ParseTimestamp("2013-10-07T13:30:00.5Z")), "2013-10-07T13:30:00.5Z");
}

TEST(TimestampTest, FormatsWithoutFractionWhenWhole) {
  EXPECT_EQ(FormatTimestamp(FromUnixNanos(0)), "1970-01-01T00:00:00Z");
  EXPECT_EQ(FormatTimestamp(FromUnixNanos(kMonday0930NySeconds * 1'000'000'000)),
            "2013-10-07T13:30:00Z");
}

TEST(TimestampTest, ABareDateIsMidnightUtc) {
  EXPECT_EQ(*ParseTimestamp("2013-10-07"), StartOfDayUtc(Date{2013y / 10 / 7}));
  EXPECT_EQ(UtcDate(*ParseTimestamp("2013-10-07T23:59:59Z")), (Date{2013y / 10 / 7}));
}

TEST(TimestampTest, RejectsBadTextWithTheRule) {
  const auto message = [](std::string_view text) { return ParseTimestamp(text).error().message(); };

  EXPECT_EQ(message("2013-10-07T13:30:00"),
            "'2013-10-07T13:30:00' is not an ISO-8601 date-time: no time zone: add 'Z' for UTC or "
            "an offset like -04:00");
  EXPECT_EQ(message("2013-02-30"),
            "'2013-02-30' is not an ISO-8601 date-time: no such calendar day");
  EXPECT_EQ(message("2013-10-07T25:00Z"),
            "'2013-10-07T25:00Z' is not an ISO-8601 date-time: hour or minute out of range");
  EXPECT_EQ(message("07/10/2013"),
            "'07/10/2013' is not an ISO-8601 date-time: expected a date YYYY-MM-DD");
  EXPECT_EQ(message("2013-10-07T13:30:00Zjunk"),
            "'2013-10-07T13:30:00Zjunk' is not an ISO-8601 date-time: unexpected text after 'Z'");
  EXPECT_FALSE(ParseTimestamp("2013-10-07T13:30:00+5").ok());
  EXPECT_FALSE(ParseTimestamp("").ok());
}

TEST(TimestampTest, ParseIsoDateTimeKeepsNaiveWallClock) {
  const Result<ParsedDateTime> parsed = ParseIsoDateTime("2013-10-07 09:30:00");

  ASSERT_TRUE(parsed.ok());
  EXPECT_FALSE(parsed->utc_offset.has_value());
  EXPECT_TRUE(parsed->has_time);
  EXPECT_EQ(parsed->local.time_since_epoch(),
            std::chrono::local_days(Date{2013y / 10 / 7}).time_since_epoch() + 9h + 30min);
}

TEST(DateTest, ParsesAndFormatsIsoDates) {
  EXPECT_EQ(*ParseDate("2024-02-29"), (Date{2024y / 2 / 29}));
  EXPECT_EQ(FormatDate(Date{2024y / 2 / 29}), "2024-02-29");
  EXPECT_EQ(ParseDate("2023-02-29").error().message(),
            "'2023-02-29' is not a date: expected YYYY-MM-DD (a real calendar day)");
  EXPECT_FALSE(ParseDate("2023-02-2").ok());
}

TEST(DurationTest, FormatsCompactly) {
  EXPECT_EQ(FormatDuration(0s), "0s");
  EXPECT_EQ(FormatDuration(90s), "1m30s");
  EXPECT_EQ(FormatDuration(std::chrono::days(2) + 1h), "2d1h");
  EXPECT_EQ(FormatDuration(-5min), "-5m");
}

TEST(CheckDeathTest, FailedCheckNamesTheConditionAndMessage) {
  const int bars = 3;
  EXPECT_DEATH(TD_CHECK(bars == 4, "expected {} bars", 4),
               "check failed at .*bars == 4: expected 4 bars");
}

}  // namespace
}  // namespace tapedeck
