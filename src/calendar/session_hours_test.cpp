#include "calendar/session_hours.hpp"

#include <gtest/gtest.h>

namespace tapedeck::calendar {
namespace {

Timestamp T(std::string_view iso) { return *ParseTimestamp(iso); }

SessionHours Monday20131007() {
  SessionHours hours;
  hours.date = *ParseDate("2013-10-07");
  hours.pre_market_open = T("2013-10-07T08:00:00Z");
  hours.open = T("2013-10-07T13:30:00Z");
  hours.close = T("2013-10-07T20:00:00Z");
  hours.after_hours_close = T("2013-10-08T00:00:00Z");
  return hours;
}

TEST(SessionHoursTest, CountsSlotsOfIntradayIntervals) {
  const SessionHours hours = Monday20131007();

  EXPECT_EQ(*SlotCount(hours, model::Interval::Seconds(1)), 23400);
  EXPECT_EQ(*SlotCount(hours, model::Interval::Minutes(1)), 390);
  EXPECT_EQ(*SlotCount(hours, model::Interval::Minutes(5)), 78);
  EXPECT_EQ(*SlotCount(hours, model::Interval::Minutes(15)), 26);
  EXPECT_EQ(*SlotCount(hours, model::Interval::Minutes(7)), 56);  // 55 full + 1 cut.
  EXPECT_EQ(*SlotCount(hours, model::Interval::Hours(1)), 7);
  EXPECT_EQ(*SlotCount(hours, model::Interval::Days(1)), 1);
  EXPECT_EQ(*SlotCount(hours, model::Interval::Minutes(1), SessionPart::kPreMarket), 330);
  EXPECT_EQ(*SlotCount(hours, model::Interval::Minutes(1), SessionPart::kAfterHours), 240);
  EXPECT_EQ(*SlotCount(hours, model::Interval::Hours(1), SessionPart::kExtended), 6 + 7 + 4);
  EXPECT_EQ(*SlotCount(hours, model::Interval::Days(1), SessionPart::kExtended), 3);
}

TEST(SessionHoursTest, RejectsIntervalsWithoutSlotsInASession) {
  const Result<int> weekly = SlotCount(Monday20131007(), model::Interval::Weeks(1));

  ASSERT_FALSE(weekly.ok());
  EXPECT_EQ(weekly.error().message(),
            "interval 1w has no slots inside one session (only intraday intervals and 1d have)");
  EXPECT_FALSE(SlotCount(Monday20131007(), model::Interval::Days(2)).ok());
  EXPECT_FALSE(Slots(Monday20131007(), model::Interval::Weeks(1)).ok());
}

TEST(SessionHoursTest, SlotsMatchTheirCountAndTileTheSession) {
  const SessionHours hours = Monday20131007();
  for (const auto interval : {model::Interval::Minutes(1), model::Interval::Minutes(7),
                              model::Interval::Hours(1), model::Interval::Days(1)}) {
    for (const auto part : {SessionPart::kRegular, SessionPart::kExtended}) {
      const std::vector<Slot> slots = *Slots(hours, interval, part);

      ASSERT_EQ(static_cast<int>(slots.size()), *SlotCount(hours, interval, part));
      EXPECT_EQ(slots.front().start,
                part == SessionPart::kRegular ? hours.open : hours.pre_market_open);
      EXPECT_EQ(slots.back().end,
                part == SessionPart::kRegular ? hours.close : hours.after_hours_close);
      for (size_t i = 1; i < slots.size(); ++i) ASSERT_EQ(slots[i - 1].end, slots[i].start);
    }
  }
}

TEST(SessionHoursTest, ExtendedHoursAlignEachPartToItsOwnStart) {
  const std::vector<Slot> slots =
      *Slots(Monday20131007(), model::Interval::Hours(1), SessionPart::kExtended);

  // Pre-market 04:00-09:30 New York: five hours and a cut 09:00-09:30.
  EXPECT_EQ(slots[5], (Slot{T("2013-10-07T13:00:00Z"), T("2013-10-07T13:30:00Z")}));
  EXPECT_EQ(slots[6], (Slot{T("2013-10-07T13:30:00Z"), T("2013-10-07T14:30:00Z")}));
  EXPECT_EQ(slots[13], (Slot{T("2013-10-07T20:00:00Z"), T("2013-10-07T21:00:00Z")}));
}

TEST(SessionHoursTest, FindsTheSlotContainingAnInstant) {
  const SessionHours hours = Monday20131007();

  EXPECT_EQ(*SlotContaining(hours, model::Interval::Minutes(5), T("2013-10-07T13:34:59Z")),
            (Slot{T("2013-10-07T13:30:00Z"), T("2013-10-07T13:35:00Z")}));
  EXPECT_EQ(*SlotContaining(hours, model::Interval::Hours(1), T("2013-10-07T19:45:00Z")),
            (Slot{T("2013-10-07T19:30:00Z"), T("2013-10-07T20:00:00Z")}));
  EXPECT_FALSE(SlotContaining(hours, model::Interval::Minutes(1), T("2013-10-07T20:00:00Z")).ok());
  EXPECT_TRUE(SlotContaining(hours, model::Interval::Minutes(1), T("2013-10-07T20:00:00Z"),
                             SessionPart::kAfterHours)
                  .ok());
}

}  // namespace
}  // namespace tapedeck::calendar
