#include "aggregate/derivation.hpp"

#include <gtest/gtest.h>

namespace tapedeck::aggregate {
namespace {

using model::Interval;

std::string DerivationError(std::string_view base, std::string_view derived) {
  const Status status = CheckDerivable(*Interval::Parse(base), *Interval::Parse(derived));
  return status.ok() ? "ok" : status.error().message();
}

TEST(DerivationTest, AcceptsWholeMultiplesOfTheBase) {
  EXPECT_EQ(DerivationError("1s", "5s"), "ok");
  EXPECT_EQ(DerivationError("1s", "1m"), "ok");
  EXPECT_EQ(DerivationError("1s", "1d"), "ok");
  EXPECT_EQ(DerivationError("1m", "5m"), "ok");
  EXPECT_EQ(DerivationError("1m", "7m"), "ok");  // Does not divide 390 minutes: the last is cut.
  EXPECT_EQ(DerivationError("1m", "1h"), "ok");
  EXPECT_EQ(DerivationError("1m", "2h"), "ok");
  EXPECT_EQ(DerivationError("1m", "1d"), "ok");
  EXPECT_EQ(DerivationError("1m", "1w"), "ok");  // Through 1d.
  EXPECT_EQ(DerivationError("1d", "1w"), "ok");
}

TEST(DerivationTest, ExplainsWhyAnIntervalCannotBeDerived) {
  EXPECT_EQ(DerivationError("1m", "7s"),
            "\"7s\" cannot be derived from a 1m base: it is not a whole multiple of 1m");
  EXPECT_EQ(DerivationError("1m", "90s"),
            "\"90s\" cannot be derived from a 1m base: it is not a whole multiple of 1m");
  EXPECT_EQ(DerivationError("1m", "1m"),
            "\"1m\" cannot be derived from a 1m base: it is the base itself");
  EXPECT_EQ(DerivationError("1d", "5m"),
            "\"5m\" cannot be derived from a 1d base: it is shorter than 1d");
  EXPECT_EQ(DerivationError("1m", "2d"),
            "\"2d\" cannot be derived from a 1m base: of the daily intervals only 1d is supported");
  EXPECT_EQ(
      DerivationError("1d", "2w"),
      "\"2w\" cannot be derived from a 1d base: of the weekly intervals only 1w is supported");
  EXPECT_EQ(DerivationError("5m", "15m"),
            "\"15m\" cannot be derived from a 5m base: 5m is not a base interval (1s, 1m or 1d)");
}

TEST(DerivationTest, OneStepDerivesTheWeekOnlyFromDays) {
  const Result<DerivationKind> step = CheckDerivationStep(Interval::Minutes(1), Interval::Weeks(1));

  ASSERT_FALSE(step.ok());
  EXPECT_EQ(step.error().message(),
            "\"1w\" cannot be derived from a 1m base: 1w is derived from 1d; derive 1d first "
            "(MultiAggregator chains them)");
}

TEST(DerivationTest, WeekStartsOnMondayAtMidnightUtc) {
  EXPECT_EQ(WeekStartUtc(*ParseDate("2013-10-11")), *ParseTimestamp("2013-10-07T00:00:00Z"));
  EXPECT_EQ(WeekStartUtc(*ParseDate("2013-10-07")), *ParseTimestamp("2013-10-07T00:00:00Z"));
  EXPECT_EQ(WeekStartUtc(*ParseDate("2013-10-13")), *ParseTimestamp("2013-10-07T00:00:00Z"));
}

}  // namespace
}  // namespace tapedeck::aggregate
