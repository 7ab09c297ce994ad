#include "quality/slot_grid.hpp"

#include <gtest/gtest.h>

#include <vector>

#include "calendar/trading_calendar.hpp"

namespace tapedeck::quality {
namespace {

using calendar::SessionPart;
using model::Interval;

TEST(SlotGridTest, MatchesTheCalendarSlotsOfIntradayIntervals) {
  const auto calendar = calendar::TradingCalendar::ForExchange("NYSE");
  for (const char* date : {"2013-10-07", "2013-11-29", "2025-07-03", "2024-03-11"}) {
    const calendar::SessionHours hours = **calendar->Session(*ParseDate(date));
    for (const SessionPart part : {SessionPart::kRegular, SessionPart::kPreMarket,
                                   SessionPart::kAfterHours, SessionPart::kExtended}) {
      for (const char* text : {"1s", "1m", "5m", "7m", "15m", "1h", "4h"}) {
        SCOPED_TRACE(::testing::Message()
                     << date << " " << text << " part " << static_cast<int>(part));
        const Interval interval = *Interval::Parse(text);
        const std::vector<calendar::Slot> slots = *calendar::Slots(hours, interval, part);

        const SlotGrid grid(hours, interval, part);

        ASSERT_EQ(grid.size(), static_cast<int>(slots.size()));
        for (int i = 0; i < grid.size(); ++i) {
          const calendar::Slot& slot = slots[static_cast<size_t>(i)];
          ASSERT_EQ(grid.SlotStart(i), slot.start);
          ASSERT_EQ(grid.SlotEnd(i), slot.end);
          ASSERT_EQ(grid.IndexOf(slot.start), i);
          ASSERT_EQ(grid.IndexOf(slot.end - Duration(1)), i);
          ASSERT_EQ(grid.CompletedBy(slot.end - Duration(1)), i);
          ASSERT_EQ(grid.CompletedBy(slot.end), i + 1);
        }
      }
    }
  }
}

TEST(SlotGridTest, DayIsOneSlotOverThePartAndWeekHasNone) {
  const auto calendar = calendar::TradingCalendar::ForExchange("NYSE");
  const calendar::SessionHours hours = **calendar->Session(*ParseDate("2013-10-07"));

  const SlotGrid day(hours, Interval::Days(1), SessionPart::kExtended);
  const SlotGrid week(hours, Interval::Weeks(1), SessionPart::kRegular);

  EXPECT_EQ(day.size(), 1);
  EXPECT_EQ(day.SlotStart(0), hours.pre_market_open);
  EXPECT_EQ(day.SlotEnd(0), hours.after_hours_close);
  EXPECT_EQ(day.IndexOf(StartOfDayUtc(hours.date)), 0);
  EXPECT_EQ(week.size(), 0);
  EXPECT_EQ(week.CompletedBy(hours.after_hours_close), 0);
  EXPECT_EQ(week.IndexOf(hours.open), -1);
}

}  // namespace
}  // namespace tapedeck::quality
