#include "feed/live_store_writer.hpp"

#include <gtest/gtest.h>

#include "store/duckdb_bar_store.hpp"
#include "testkit/bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::feed {
namespace {

using namespace std::chrono_literals;
using model::Bar;
using model::Interval;
using model::Symbol;

const Timestamp kOpen = *ParseTimestamp("2013-10-08T13:30:00Z");
const Symbol kSpy = *Symbol::Parse("SPY");
const Symbol kIbm = *Symbol::Parse("IBM");

Bar MinuteBar(int minute, double close) {
  return testkit::MakeBar(kOpen + std::chrono::minutes(minute), close, close + 1, close - 1, close,
                          1000 + minute);
}

// A BarStore that hands every call to a real one, except that its writer
// fails on the second Add (a disk filling up halfway through).
class FailingStore final : public store::BarStore {
 public:
  explicit FailingStore(store::BarStore& inner) : inner_(inner) {}
  Result<std::unique_ptr<store::BarWriter>> BeginWrite() override {
    TD_ASSIGN_OR_RETURN(std::unique_ptr<store::BarWriter> writer, inner_.BeginWrite());
    return std::unique_ptr<store::BarWriter>(std::make_unique<Writer>(std::move(writer)));
  }
  Result<std::vector<Bar>> Read(const Symbol& symbol, Interval interval, Timestamp from,
                                Timestamp to) override {
    return inner_.Read(symbol, interval, from, to);
  }
  using store::BarStore::ReadMany;
  Status ReadMany(std::span<const Symbol> symbols, Interval interval, Timestamp from, Timestamp to,
                  std::span<std::vector<Bar>* const> out) override {
    return inner_.ReadMany(symbols, interval, from, to, out);
  }
  Result<std::vector<store::SeriesSummary>> List() override { return inner_.List(); }

 private:
  class Writer final : public store::BarWriter {
   public:
    explicit Writer(std::unique_ptr<store::BarWriter> inner) : inner_(std::move(inner)) {}
    Status Add(const store::SeriesBars& series) override {
      if (++adds_ == 2) return Error::IoError("disk full");
      return inner_->Add(series);
    }
    Status Commit() override { return inner_->Commit(); }

   private:
    std::unique_ptr<store::BarWriter> inner_;
    int adds_ = 0;
  };
  store::BarStore& inner_;
};

class LiveStoreWriterTest : public testing::Test {
 protected:
  std::unique_ptr<store::DuckDbBarStore> OpenStore() {
    auto store = store::DuckDbBarStore::Open(dir_.path() / "bars.duckdb");
    EXPECT_TRUE(store.ok()) << store.error().message();
    return std::move(store).value();
  }
  void Hold(const Symbol& symbol, const std::vector<Bar>& bars) {
    for (const Bar& bar : bars) buffer_.Add(IncomingBar{symbol.str(), bar, BarOrigin::kStream});
  }
  static std::vector<Bar> ReadDay(store::BarStore& store, const Symbol& symbol) {
    return *store.Read(symbol, Interval::Minutes(1), kOpen - 1h, kOpen + 1h);
  }

  testkit::TempDir dir_;
  clock::SimulatedClock clock_{kOpen};
  LiveBarBuffer buffer_{clock_};
};

TEST_F(LiveStoreWriterTest, AddsNewBarsAndKeepsTheStoredOnes) {
  const std::vector<Bar> stored_spy = {MinuteBar(0, 10), MinuteBar(1, 11), MinuteBar(2, 12)};
  const Bar live_minute_2 = MinuteBar(2, 12.5);  // The feed disagrees with the store.
  {
    auto store = OpenStore();
    ASSERT_TRUE(
        store->Write(std::vector<store::SeriesBars>{{kSpy, Interval::Minutes(1), stored_spy}})
            .ok());
  }
  Hold(kSpy, {MinuteBar(1, 11), live_minute_2, MinuteBar(3, 13), MinuteBar(4, 14)});
  Hold(kIbm, {MinuteBar(0, 20), MinuteBar(1, 21)});
  auto store = OpenStore();

  const Result<LiveBarsWritten> result = WriteLiveBars(*store, buffer_);
  store.reset();
  auto reopened = OpenStore();

  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->written, 4);  // SPY 3 and 4, IBM 0 and 1.
  EXPECT_EQ(result->already_stored, 2);
  ASSERT_EQ(result->conflicts.size(), 1u);
  EXPECT_EQ(result->conflicts[0].symbol, kSpy);
  EXPECT_EQ(result->conflicts[0].stored, stored_spy[2]);
  EXPECT_EQ(result->conflicts[0].live, live_minute_2);
  EXPECT_EQ(ReadDay(*reopened, kSpy), (std::vector<Bar>{stored_spy[0], stored_spy[1], stored_spy[2],
                                                        MinuteBar(3, 13), MinuteBar(4, 14)}));
  EXPECT_EQ(ReadDay(*reopened, kIbm), (std::vector<Bar>{MinuteBar(0, 20), MinuteBar(1, 21)}));
}

TEST_F(LiveStoreWriterTest, WritingTwiceWritesNothingTheSecondTime) {
  Hold(kSpy, {MinuteBar(0, 10), MinuteBar(1, 11)});
  Hold(kIbm, {MinuteBar(0, 20)});
  auto store = OpenStore();

  const Result<LiveBarsWritten> first = WriteLiveBars(*store, buffer_);
  const Result<LiveBarsWritten> second = WriteLiveBars(*store, buffer_);

  ASSERT_TRUE(first.ok()) << first.error().message();
  ASSERT_TRUE(second.ok()) << second.error().message();
  EXPECT_EQ(first->written, 3);
  EXPECT_EQ(first->already_stored, 0);
  EXPECT_EQ(second->written, 0);
  EXPECT_EQ(second->already_stored, 3);
  EXPECT_TRUE(second->conflicts.empty());
  EXPECT_EQ(ReadDay(*store, kSpy), (std::vector<Bar>{MinuteBar(0, 10), MinuteBar(1, 11)}));
}

TEST_F(LiveStoreWriterTest, WritesOnlyTheSymbolsAsked) {
  Hold(kSpy, {MinuteBar(0, 10)});
  Hold(kIbm, {MinuteBar(0, 20)});
  auto store = OpenStore();
  const std::vector<Symbol> only_ibm = {kIbm, kIbm};

  const Result<LiveBarsWritten> result = WriteLiveBars(*store, buffer_, only_ibm);

  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ(result->written, 1);
  EXPECT_TRUE(ReadDay(*store, kSpy).empty());
  EXPECT_EQ(ReadDay(*store, kIbm), std::vector<Bar>{MinuteBar(0, 20)});
}

TEST_F(LiveStoreWriterTest, AFailureHalfwayWritesNothing) {
  const std::vector<Bar> stored_spy = {MinuteBar(0, 10)};
  auto store = OpenStore();
  ASSERT_TRUE(
      store->Write(std::vector<store::SeriesBars>{{kSpy, Interval::Minutes(1), stored_spy}}).ok());
  Hold(kIbm, {MinuteBar(0, 20), MinuteBar(1, 21)});  // Written first (symbols in order).
  Hold(kSpy, {MinuteBar(0, 10), MinuteBar(1, 11)});
  FailingStore failing(*store);

  const Result<LiveBarsWritten> result = WriteLiveBars(failing, buffer_);
  const Result<LiveBarsWritten> retry = WriteLiveBars(*store, buffer_);

  ASSERT_FALSE(result.ok());
  EXPECT_NE(result.error().message().find("disk full"), std::string::npos);
  ASSERT_TRUE(retry.ok()) << retry.error().message();
  EXPECT_EQ(retry->written, 3);  // IBM's two bars did not land the first time.
  EXPECT_EQ(retry->already_stored, 1);
}

TEST_F(LiveStoreWriterTest, AnEmptyBufferWritesNothing) {
  auto store = OpenStore();

  const Result<LiveBarsWritten> result = WriteLiveBars(*store, buffer_);

  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->written, 0);
  EXPECT_TRUE(store->List()->empty());
}

}  // namespace
}  // namespace tapedeck::feed
