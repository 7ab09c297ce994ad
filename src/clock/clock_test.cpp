#include "clock/clock.hpp"

#include <gtest/gtest.h>

namespace tapedeck::clock {
namespace {

using namespace std::chrono_literals;

TEST(SimulatedClockTest, MovesOnlyWhenAdvanced) {
  SimulatedClock clock(FromUnixNanos(1000));

  const Timestamp before = clock.Now();
  clock.AdvanceBy(5s);

  EXPECT_EQ(before, FromUnixNanos(1000));
  EXPECT_EQ(clock.Now(), FromUnixNanos(1000) + 5s);
}

TEST(SimulatedClockDeathTest, RefusesToGoBackwards) {
  SimulatedClock clock(FromUnixNanos(1000));
  EXPECT_DEATH(clock.AdvanceTo(FromUnixNanos(999)), "time went backwards");
}

TEST(WallClockTest, IsAfterTheYear2020) {
  const WallClock clock;
  EXPECT_GT(clock.Now(), StartOfDayUtc(Date{std::chrono::year(2020), std::chrono::January,
                                            std::chrono::day(1)}));
}

}  // namespace
}  // namespace tapedeck::clock
