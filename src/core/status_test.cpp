#include "core/status.hpp"

#include <gtest/gtest.h>

namespace tapedeck {
namespace {

Result<int> ParsePositive(int x) {
  if (x <= 0) return Error::InvalidArgument("{} is not positive", x);
  return x;
}

Result<int> Doubled(int x) {
  TD_ASSIGN_OR_RETURN(const int value, ParsePositive(x));
  return value * 2;
}

Status CheckBoth(int a, int b) {
  TD_RETURN_IF_ERROR(ParsePositive(a).WithContext("first"));
  TD_RETURN_IF_ERROR(ParsePositive(b).WithContext("second"));
  return Status::Ok();
}

TEST(ResultTest, CarriesAValueOrAnError) {
  const Result<int> good = Doubled(4);
  const Result<int> bad = Doubled(-1);

  ASSERT_TRUE(good.ok());
  EXPECT_EQ(*good, 8);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(bad.error().message(), "-1 is not positive");
}

TEST(StatusTest, ChainsContextInCallOrder) {
  const Status status = CheckBoth(1, 0).WithContext("loading SPY");

  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "loading SPY: second: 0 is not positive");
  EXPECT_TRUE(CheckBoth(1, 2).ok());
}

TEST(StatusTest, OnlyInternalErrorsAreNotUserErrors) {
  EXPECT_TRUE(Error::NotFound("x").is_user_error());
  EXPECT_TRUE(Error::DataError("x").is_user_error());
  EXPECT_FALSE(Error::Internal("x").is_user_error());
}

TEST(ResultDeathTest, ValueOfAFailedResultAborts) {
  const Result<int> bad = Doubled(-1);
  EXPECT_DEATH((void)bad.value(), "value\\(\\) of a failed Result: -1 is not positive");
}

}  // namespace
}  // namespace tapedeck
