#include "model/symbol.hpp"

#include <gtest/gtest.h>

namespace tapedeck::model {
namespace {

TEST(SymbolTest, NormalisesToUpperCase) {
  EXPECT_EQ(Symbol::Parse("aapl")->str(), "AAPL");
  EXPECT_EQ(Symbol::Parse(" brk.b ")->str(), "BRK.B");
  EXPECT_EQ(Symbol::Parse("BF-B")->str(), "BF-B");
  EXPECT_EQ(*Symbol::Parse("spy"), *Symbol::Parse("SPY"));
}

TEST(SymbolTest, RejectsBadCharactersNamingThem) {
  EXPECT_EQ(Symbol::Parse("AA PL").error().message(),
            "symbol 'AA PL' has a bad character ' ': use letters, digits, '.' and '-' only");
  EXPECT_EQ(Symbol::Parse("SPY$").error().message(),
            "symbol 'SPY$' has a bad character '$': use letters, digits, '.' and '-' only");
  EXPECT_EQ(Symbol::Parse("").error().message(), "a symbol cannot be empty");
  EXPECT_EQ(Symbol::Parse(".A").error().message(), "symbol '.A' must start with a letter or digit");
  EXPECT_EQ(Symbol::Parse("ABCDEFGHIJKLMNOPQ").error().message(),
            "symbol 'ABCDEFGHIJKLMNOPQ' is too long: at most 16 characters");
  EXPECT_FALSE(Symbol::Parse("\xc3\xa9").ok());
}

TEST(SymbolTest, OrdersAlphabetically) { EXPECT_LT(*Symbol::Parse("AAPL"), *Symbol::Parse("IBM")); }

}  // namespace
}  // namespace tapedeck::model
