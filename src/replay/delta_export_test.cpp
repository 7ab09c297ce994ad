// Delta exports on the real sample week: a reader that applies every delta
// ends with the same bars as the complete export, hears about removed
// symbols, and gets only the indicators that changed.
#include <gtest/gtest.h>

#include "replay/test_session_runs.hpp"
#include "testkit/bars.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/sample_bars.hpp"

namespace tapedeck::session {
namespace {

using Json = nlohmann::ordered_json;
using model::Interval;
using model::Symbol;
using replay::test_support::ReadAt;
using replay::test_support::SessionRunner;
namespace chr = std::chrono;

Timestamp At(std::string_view utc) { return *ParseTimestamp(utc); }

TEST(DeltaExportTest, AReaderOfEveryDeltaEndsWithTheCompleteBars) {
  testkit::MemoryBarStore store;
  std::vector<store::SeriesBars> all;
  for (const char* symbol : {"SPY", "IBM"}) {
    all.push_back(store::SeriesBars{
        *Symbol::Parse(symbol), Interval::Minutes(1),
        testkit::ReadSampleBars(testkit::SourceDir() / "data" / "sample" /
                                fmt::format("{}_1m_2013-10-07_2013-10-11.csv", symbol))});
  }
  ASSERT_TRUE(store.Write(all).ok());
  SessionRunner runner(store);
  SessionSetup setup;
  setup.symbols = {*Symbol::Parse("SPY"), *Symbol::Parse("IBM")};
  setup.start_date = setup.end_date = Date{chr::year(2013), chr::October, chr::day(8)};
  setup.plan.derived = {Interval::Minutes(5)};
  setup.plan.indicators = {*indicators::ParseIndicatorSpec("sma", 3, {}, Interval::Minutes(5))};
  auto cursor = std::make_shared<ExportCursor>();
  auto deltas = std::make_shared<std::vector<Json>>();
  auto complete = std::make_shared<Json>();
  // Deltas at 10:00, 10:02 and 12:00; IBM leaves at 11:00.
  for (const char* t : {"2013-10-08T14:00:00Z", "2013-10-08T14:02:00Z", "2013-10-08T16:00:00Z"}) {
    ReadAt(setup, At(t),
           [=](const SessionEngine& engine) { deltas->push_back(ExportDelta(engine, *cursor)); });
  }
  setup.script.push_back({At("2013-10-08T15:00:00Z"), RemoveSymbolCommand{"IBM"}});
  std::ranges::stable_sort(setup.script, {}, &ScheduledCommand::at);
  ReadAt(setup, At("2013-10-08T16:00:00Z"), [=](const SessionEngine& engine) {
    *complete = ExportSession(engine, {.include_bars = true});
  });

  runner.Run(std::move(setup));

  ASSERT_EQ(deltas->size(), 3u);
  // The first delta holds everything; later ones only what is new.
  Json spy_bars = (*deltas)[0]["symbols"]["SPY"]["bars"]["5m"]["bars"];
  for (size_t i = 1; i < deltas->size(); ++i) {
    for (const Json& bar : (*deltas)[i]["symbols"]["SPY"]["bars"]["5m"]["new"]) {
      spy_bars.push_back(bar);
    }
  }
  EXPECT_EQ(spy_bars, (*complete)["symbols"]["SPY"]["bars"]["5m"]["bars"]);
  // 10:00 to 10:02: no 5m bar completed, so no indicator was updated.
  EXPECT_TRUE((*deltas)[1]["symbols"]["SPY"]["bars"]["5m"]["new"].empty());
  EXPECT_TRUE((*deltas)[1]["symbols"]["SPY"]["indicators"].empty());
  EXPECT_EQ((*deltas)[1]["symbols"]["SPY"]["bars"]["1m"]["new"].size(), 2u);
  // 10:02 to 12:00: sma updated; IBM removed at 11:00.
  EXPECT_TRUE((*deltas)[2]["symbols"]["SPY"]["indicators"].contains("sma_3_5m"));
  EXPECT_EQ((*deltas)[2]["removed"], Json::array({"IBM"}));
  EXPECT_FALSE((*deltas)[2]["symbols"].contains("IBM"));
  EXPECT_EQ((*deltas)[2]["commands"].size(), 1u);  // The removal, logged once.
}

}  // namespace
}  // namespace tapedeck::session
