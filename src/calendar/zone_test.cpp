#include "calendar/zone.hpp"

#include <date/tz.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>

namespace tapedeck::calendar {
namespace {

namespace chr = std::chrono;
using ::testing::HasSubstr;

Timestamp T(std::string_view iso) { return *ParseTimestamp(iso); }

LocalTime L(std::string_view iso) { return ParseIsoDateTime(iso)->local; }

TEST(TimeZoneTest, FormatsNewYorkTimeWithTheZoneAbbreviation) {
  EXPECT_EQ(NewYork().Format(T("2013-10-07T13:30:00Z")), "2013-10-07 09:30:00 EDT");
  EXPECT_EQ(NewYork().Format(T("2024-01-02T14:30:00Z")), "2024-01-02 09:30:00 EST");
  EXPECT_EQ(NewYork().Format(T("2024-01-02T14:30:00.25Z")), "2024-01-02 09:30:00.25 EST");
  EXPECT_EQ(NewYork().abbreviation(T("2024-07-01T00:00:00Z")), "EDT");
  EXPECT_EQ(NewYork().name(), "America/New_York");
}

TEST(TimeZoneTest, ConvertsAcrossTheSpringForwardChange) {
  // 2024-03-10: 02:00 EST becomes 03:00 EDT (07:00Z).
  EXPECT_EQ(NewYork().ToLocal(T("2024-03-10T06:59:59Z")), L("2024-03-10T01:59:59"));
  EXPECT_EQ(NewYork().ToLocal(T("2024-03-10T07:00:00Z")), L("2024-03-10T03:00:00"));
  EXPECT_EQ(*NewYork().ToUtc(L("2024-03-10T01:59:59")), T("2024-03-10T06:59:59Z"));
  EXPECT_EQ(*NewYork().ToUtc(L("2024-03-10T03:00:00")), T("2024-03-10T07:00:00Z"));
}

TEST(TimeZoneTest, LocalTimesInTheGapDoNotExist) {
  const Result<Timestamp> gap = NewYork().ToUtc(L("2024-03-10T02:30:00"));

  ASSERT_FALSE(gap.ok());
  EXPECT_EQ(gap.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(gap.error().message(),
            "local time 2024-03-10 02:30:00 does not exist in America/New_York: the clocks skip "
            "it (a daylight-saving gap)");
}

TEST(TimeZoneTest, LocalTimesInTheRepeatedHourAreAmbiguous) {
  // 2024-11-03: 02:00 EDT becomes 01:00 EST (06:00Z), so 01:00-01:59 happen twice.
  const Result<Timestamp> twice = NewYork().ToUtc(L("2024-11-03T01:30:00"));

  ASSERT_FALSE(twice.ok());
  EXPECT_THAT(twice.error().message(), HasSubstr("2024-11-03 01:30:00 is ambiguous"));
  EXPECT_EQ(*NewYork().ToUtc(L("2024-11-03T00:59:59")), T("2024-11-03T04:59:59Z"));
  EXPECT_EQ(*NewYork().ToUtc(L("2024-11-03T02:00:00")), T("2024-11-03T07:00:00Z"));
}

TEST(TimeZoneTest, FindsOtherZonesAndRejectsUnknownOnes) {
  const Result<TimeZone> utc = TimeZone::Find("UTC");
  const Result<TimeZone> tokyo = TimeZone::Find("Asia/Tokyo");
  const Result<TimeZone> unknown = TimeZone::Find("Mars/Olympus_Mons");

  ASSERT_TRUE(utc.ok());
  EXPECT_EQ(utc->Format(T("2013-10-07T13:30:00Z")), "2013-10-07 13:30:00 UTC");
  EXPECT_EQ(*utc->ToUtc(L("2013-10-07T13:30:00")), T("2013-10-07T13:30:00Z"));
  ASSERT_TRUE(tokyo.ok());
  EXPECT_EQ(tokyo->Format(T("2013-10-07T13:30:00Z")), "2013-10-07 22:30:00 JST");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), ErrorCode::kNotFound);
  EXPECT_THAT(unknown.error().message(), HasSubstr("unknown time zone 'Mars/Olympus_Mons'"));
  EXPECT_FALSE(TimeZone::Find("").ok());
  EXPECT_EQ(*TimeZone::Find("America/New_York"), NewYork());
}

TEST(TimeZoneTest, AgreesWithTheDateLibraryOnRandomInstants) {
  const date::time_zone* reference = date::locate_zone("America/New_York");
  std::mt19937_64 random(42);
  const int64_t from = ToUnixNanos(T("2000-01-01T00:00:00Z")) / 1'000'000'000;
  const int64_t to = ToUnixNanos(T("2036-01-01T00:00:00Z")) / 1'000'000'000;
  std::uniform_int_distribution<int64_t> seconds(from, to);
  for (int i = 0; i < 20000; ++i) {
    const Timestamp t = FromUnixNanos(seconds(random) * 1'000'000'000);
    const auto expected = reference->to_local(t);
    const LocalTime local = NewYork().ToLocal(t);

    ASSERT_EQ(local.time_since_epoch(), expected.time_since_epoch()) << FormatTimestamp(t);
    const Result<Timestamp> back = NewYork().ToUtc(local);
    const date::local_info info = reference->get_info(expected);
    if (info.result == date::local_info::unique) {
      ASSERT_TRUE(back.ok()) << FormatTimestamp(t);
      ASSERT_EQ(*back, t);
    } else {
      ASSERT_FALSE(back.ok()) << FormatTimestamp(t);
    }
  }
}

TEST(TimeZoneTest, FormatsClockTimes) {
  EXPECT_EQ(FormatClockTime(chr::hours(9) + chr::minutes(30)), "09:30");
  EXPECT_EQ(FormatClockTime(chr::hours(16)), "16:00");
}

}  // namespace
}  // namespace tapedeck::calendar
