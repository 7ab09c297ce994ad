#include "model/bar.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace tapedeck::model {
namespace {

const Timestamp kOpen = *ParseTimestamp("2013-10-08T13:31:00Z");

Bar Valid() { return Bar{kOpen, 10.0, 11.0, 9.5, 10.5, 1200, 1}; }

TEST(CheckBarTest, AcceptsAWellFormedAlignedBar) {
  EXPECT_TRUE(CheckBar(Valid(), Interval::Minutes(1)).ok());
}

TEST(CheckBarTest, NamesTheRuleABadBarBreaks) {
  Bar high_below_low = Valid();
  high_below_low.high = 9.0;
  Bar negative_volume = Valid();
  negative_volume.volume = -1;
  Bar close_outside = Valid();
  close_outside.close = 12.0;
  Bar not_a_number = Valid();
  not_a_number.open = std::numeric_limits<double>::quiet_NaN();
  Bar zero_price = Valid();
  zero_price.low = 0;
  Bar misaligned = Valid();
  misaligned.open_time += std::chrono::seconds(30);

  const auto message = [](const Bar& bar) {
    const Status status = CheckBar(bar, Interval::Minutes(1));
    return status.ok() ? std::string("ok") : status.error().message();
  };

  EXPECT_EQ(message(high_below_low), "high 9 is below low 9.5");
  EXPECT_EQ(message(negative_volume), "volume -1 is negative (volume must be 0 or more)");
  EXPECT_EQ(message(close_outside), "close 12 is outside [low 9.5, high 11]");
  EXPECT_EQ(message(not_a_number), "open is NaN or infinite");
  EXPECT_EQ(message(zero_price), "low 0 is not above 0");
  EXPECT_EQ(message(misaligned), "open time 2013-10-08T13:31:30Z is not aligned to 1m");
}

}  // namespace
}  // namespace tapedeck::model
