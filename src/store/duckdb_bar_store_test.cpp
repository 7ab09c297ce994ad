#include "store/duckdb_bar_store.hpp"

#include <gtest/gtest.h>

#include "testkit/bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::store {
namespace {

using namespace std::chrono_literals;
using model::Bar;
using model::Interval;
using model::Symbol;

const Timestamp kOpen = *ParseTimestamp("2013-10-07T13:30:00Z");

Bar MinuteBar(int minute, double close) {
  return testkit::MakeBar(kOpen + std::chrono::minutes(minute), close, close + 1, close - 1, close,
                          1000 + minute);
}

SeriesBars Series(std::string_view symbol, std::vector<Bar> bars) {
  return SeriesBars{*Symbol::Parse(symbol), Interval::Minutes(1), std::move(bars)};
}

class DuckDbBarStoreTest : public testing::Test {
 protected:
  std::unique_ptr<DuckDbBarStore> OpenStore() {
    auto store = DuckDbBarStore::Open(dir_.path() / "store" / "bars.duckdb");
    EXPECT_TRUE(store.ok()) << store.error().message();
    return std::move(store).value();
  }
  std::vector<Bar> ReadAll(DuckDbBarStore& store, std::string_view symbol) {
    return *store.Read(*Symbol::Parse(symbol), Interval::Minutes(1), kOpen - 24h, kOpen + 24h);
  }
  testkit::TempDir dir_;
};

TEST_F(DuckDbBarStoreTest, ReadsBackWhatItWroteSortedAndHalfOpen) {
  auto store = OpenStore();
  const std::vector<SeriesBars> input = {
      Series("SPY", {MinuteBar(0, 10), MinuteBar(1, 11), MinuteBar(2, 12)})};

  ASSERT_TRUE(store->Write(input).ok());
  const auto middle =
      store->Read(*Symbol::Parse("SPY"), Interval::Minutes(1), kOpen + 1min, kOpen + 2min);

  ASSERT_TRUE(middle.ok());
  EXPECT_EQ(*middle, std::vector<Bar>{MinuteBar(1, 11)});
  EXPECT_EQ(ReadAll(*store, "SPY"), input[0].bars);
  EXPECT_TRUE(ReadAll(*store, "IBM").empty());
}

TEST_F(DuckDbBarStoreTest, ReadsManySymbolsInTheOrderAskedWithOneAnswerEach) {
  auto store = OpenStore();
  const std::vector<SeriesBars> input = {Series("SPY", {MinuteBar(0, 10), MinuteBar(1, 11)}),
                                         Series("IBM", {MinuteBar(0, 20), MinuteBar(2, 22)})};
  ASSERT_TRUE(store->Write(input).ok());
  const std::vector<Symbol> symbols = {*Symbol::Parse("IBM"), *Symbol::Parse("AAPL"),
                                       *Symbol::Parse("SPY"), *Symbol::Parse("IBM")};

  const auto many = store->ReadMany(symbols, Interval::Minutes(1), kOpen, kOpen + 2min);

  ASSERT_TRUE(many.ok()) << many.error().message();
  ASSERT_EQ(many->size(), 4u);
  EXPECT_EQ((*many)[0], std::vector<Bar>{MinuteBar(0, 20)});  // Half-open: 2min is out.
  EXPECT_TRUE((*many)[1].empty());                            // Not in the store.
  EXPECT_EQ((*many)[2], input[0].bars);
  EXPECT_EQ((*many)[3], (*many)[0]);  // Named twice, answered twice.
}

TEST_F(DuckDbBarStoreTest, RewritingTheSameBarsIsIdempotent) {
  auto store = OpenStore();
  const std::vector<SeriesBars> input = {Series("SPY", {MinuteBar(0, 10), MinuteBar(1, 11)})};

  ASSERT_TRUE(store->Write(input).ok());
  ASSERT_TRUE(store->Write(input).ok());

  EXPECT_EQ(ReadAll(*store, "SPY"), input[0].bars);
  EXPECT_EQ((*store->List())[0].bar_count, 2);
}

TEST_F(DuckDbBarStoreTest, OverlappingWritesReplaceByKeyAndKeepTheRest) {
  auto store = OpenStore();
  const std::vector<SeriesBars> first = {
      Series("SPY", {MinuteBar(0, 10), MinuteBar(1, 11), MinuteBar(2, 12)})};
  const std::vector<SeriesBars> second = {Series("SPY", {MinuteBar(2, 20), MinuteBar(3, 21)})};

  ASSERT_TRUE(store->Write(first).ok());
  ASSERT_TRUE(store->Write(second).ok());

  EXPECT_EQ(ReadAll(*store, "SPY"), (std::vector<Bar>{MinuteBar(0, 10), MinuteBar(1, 11),
                                                      MinuteBar(2, 20), MinuteBar(3, 21)}));
}

TEST_F(DuckDbBarStoreTest, ListsSeriesWithFirstLastAndCounts) {
  auto store = OpenStore();
  std::vector<SeriesBars> input = {Series("SPY", {MinuteBar(0, 10), MinuteBar(5, 11)}),
                                   Series("IBM", {MinuteBar(1, 100)})};
  input.push_back(SeriesBars{*Symbol::Parse("IBM"),
                             Interval::Days(1),
                             {testkit::BarClosingAt(100, StartOfDayUtc(UtcDate(kOpen)))}});

  ASSERT_TRUE(store->Write(input).ok());
  const auto list = store->List();

  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].symbol.str(), "IBM");
  EXPECT_EQ((*list)[0].interval, Interval::Minutes(1));
  EXPECT_EQ((*list)[1].interval, Interval::Days(1));
  EXPECT_EQ((*list)[2].symbol.str(), "SPY");
  EXPECT_EQ((*list)[2].first_open, kOpen);
  EXPECT_EQ((*list)[2].last_open, kOpen + 5min);
  EXPECT_EQ((*list)[2].bar_count, 2);
}

TEST_F(DuckDbBarStoreTest, AWriterThatIsNotCommittedWritesNothing) {
  auto store = OpenStore();
  ASSERT_TRUE(store->Write(std::vector<SeriesBars>{Series("SPY", {MinuteBar(0, 10)})}).ok());
  {
    auto writer = store->BeginWrite();
    ASSERT_TRUE(writer.ok());
    ASSERT_TRUE((*writer)->Add(Series("SPY", {MinuteBar(0, 99), MinuteBar(1, 11)})).ok());
    ASSERT_TRUE((*writer)->Add(Series("IBM", {MinuteBar(0, 50)})).ok());
  }  // Dropped without Commit.

  EXPECT_EQ(ReadAll(*store, "SPY"), std::vector<Bar>{MinuteBar(0, 10)});
  EXPECT_TRUE(ReadAll(*store, "IBM").empty());
  auto writer = std::move(store->BeginWrite()).value();
  ASSERT_TRUE(writer->Add(Series("IBM", {MinuteBar(0, 50)})).ok());
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(ReadAll(*store, "IBM").size(), 1u);
}

TEST_F(DuckDbBarStoreTest, KeepsBarsAcrossReopening) {
  const std::vector<SeriesBars> input = {Series("SPY", {MinuteBar(0, 10)})};
  ASSERT_TRUE(OpenStore()->Write(input).ok());

  auto reopened = OpenStore();

  EXPECT_EQ(ReadAll(*reopened, "SPY"), input[0].bars);
}

TEST_F(DuckDbBarStoreTest, KeepsFullDoublePrecisionAndNanoseconds) {
  auto store = OpenStore();
  Bar bar = MinuteBar(0, 0.1 + 0.2);
  bar.open_time += 1ns;  // Not aligned, but the store itself does not judge.
  bar.volume = 123456789.125;

  ASSERT_TRUE(store->Write(std::vector<SeriesBars>{Series("SPY", {bar})}).ok());

  EXPECT_EQ(ReadAll(*store, "SPY"), std::vector<Bar>{bar});
}

}  // namespace
}  // namespace tapedeck::store
