// ReplayBarSource serves each day exactly what the store holds for it,
// whether the day comes from the block read first, a block read ahead on
// its own thread, or a share read for a symbol that joins mid-block; checked
// against direct reads of a DuckDB store holding the real sample week.
#include "replay/replay_bar_source.hpp"

#include <gtest/gtest.h>

#include "store/duckdb_bar_store.hpp"
#include "testkit/bars.hpp"
#include "testkit/sample_bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::replay {
namespace {

using model::Interval;
using model::Symbol;

constexpr std::string_view kDays[] = {"2013-10-07", "2013-10-08", "2013-10-09", "2013-10-10",
                                      "2013-10-11"};

class ReplayBarSourceTest : public testing::Test {
 protected:
  void SetUp() override {
    store_ = std::move(store::DuckDbBarStore::Open(dir_.path() / "bars.duckdb")).value();
    std::vector<store::SeriesBars> all;
    for (const char* symbol : {"SPY", "IBM", "BAC"}) {
      all.push_back(store::SeriesBars{
          *Symbol::Parse(symbol), Interval::Minutes(1),
          testkit::ReadSampleBars(testkit::SourceDir() / "data" / "sample" /
                                  fmt::format("{}_1m_2013-10-07_2013-10-11.csv", symbol))});
    }
    ASSERT_TRUE(store_->Write(all).ok());
  }

  // The day's bars from 08:00 to 24:00 UTC (the whole extended session).
  static std::pair<Timestamp, Timestamp> Day(std::string_view day) {
    const Timestamp midnight = *ParseTimestamp(day);
    return {midnight + std::chrono::hours(8), midnight + std::chrono::hours(24)};
  }

  std::vector<model::Bar> Direct(const Symbol& symbol, std::string_view day) {
    const auto [from, to] = Day(day);
    return *store_->Read(symbol, Interval::Minutes(1), from, to);
  }

  testkit::TempDir dir_;
  std::unique_ptr<store::DuckDbBarStore> store_;
};

void ExpectSameBars(const std::vector<model::Bar>& served, const std::vector<model::Bar>& direct,
                    std::string_view what) {
  ASSERT_EQ(served.size(), direct.size()) << what;
  for (size_t i = 0; i < served.size(); ++i) {
    EXPECT_EQ(served[i].open_time, direct[i].open_time) << what << " bar " << i;
    EXPECT_EQ(served[i].close, direct[i].close) << what << " bar " << i;
    EXPECT_EQ(served[i].volume, direct[i].volume) << what << " bar " << i;
  }
}

TEST_F(ReplayBarSourceTest, EveryDayEqualsADirectReadAcrossBlocksReadAhead) {
  // About one day a block: most days come from a block read ahead.
  ReplayBarSource source(*store_, /*block_rows=*/600);
  const std::vector<Symbol> symbols = {*Symbol::Parse("SPY"), *Symbol::Parse("IBM")};
  std::vector<model::Bar> spy;
  std::vector<model::Bar> ibm;
  std::vector<std::vector<model::Bar>*> out = {&spy, &ibm};

  for (const std::string_view day : kDays) {
    const auto [from, to] = Day(day);
    ASSERT_TRUE(source.Bars(symbols, Interval::Minutes(1), from, to, out).ok());
    EXPECT_FALSE(spy.empty()) << day;
    ExpectSameBars(spy, Direct(symbols[0], day), fmt::format("SPY {}", day));
    ExpectSameBars(ibm, Direct(symbols[1], day), fmt::format("IBM {}", day));
  }
}

TEST_F(ReplayBarSourceTest, ASymbolJoiningMidRunGetsItsShareOfEachBlock) {
  ReplayBarSource source(*store_, /*block_rows=*/600);
  std::vector<Symbol> symbols = {*Symbol::Parse("SPY")};
  std::vector<model::Bar> spy;
  std::vector<model::Bar> bac;
  std::vector<std::vector<model::Bar>*> out = {&spy};

  for (const std::string_view day : kDays) {
    if (day == "2013-10-09") {  // BAC joins: the block read ahead lacks it.
      symbols.push_back(*Symbol::Parse("BAC"));
      out.push_back(&bac);
    }
    const auto [from, to] = Day(day);
    ASSERT_TRUE(source.Bars(symbols, Interval::Minutes(1), from, to, out).ok());
    ExpectSameBars(spy, Direct(symbols[0], day), fmt::format("SPY {}", day));
    if (symbols.size() > 1)
      ExpectSameBars(bac, Direct(symbols[1], day), fmt::format("BAC {}", day));
  }
}

}  // namespace
}  // namespace tapedeck::replay
