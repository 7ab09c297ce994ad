// Whole-session behaviour on the real sample week (SPY, IBM, BAC 1m bars of
// 2013-10-07..11, daily bars since 2010): the as-if-configured guarantee as a
// differential test, speed invariance, no look-ahead, and the regressions of
// the system tapedeck replaces.
#include "session/session_engine.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <thread>

#include "replay/replay_bar_source.hpp"
#include "replay/test_session_runs.hpp"
#include "session/session_export.hpp"
#include "store/bar_importer.hpp"
#include "store/duckdb_bar_store.hpp"
#include "testkit/bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::session {
namespace {

using Json = nlohmann::ordered_json;
using model::Interval;
using model::Symbol;
using replay::test_support::FirstDifference;
using replay::test_support::SampleWeekStore;
using namespace std::chrono_literals;
namespace chr = std::chrono;

Date Day(int day) {
  return Date{chr::year(2013), chr::October, chr::day(static_cast<unsigned>(day))};
}
Timestamp NewYork(std::string_view text) { return *ParseTimestamp(text); }

class SessionEngineTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    sample_ = new SampleWeekStore();
    store_ = &sample_->store();
  }
  static void TearDownTestSuite() { delete sample_; }

  static SessionSetup Setup(std::vector<std::string> symbols, Date start, Date end) {
    SessionSetup setup;
    setup.name = "test";
    for (const auto& s : symbols) setup.symbols.push_back(*Symbol::Parse(s));
    setup.start_date = start;
    setup.end_date = end;
    loading::SessionPlan& plan = setup.plan;
    plan.base = Interval::Minutes(1);
    plan.derived = {Interval::Minutes(5), Interval::Minutes(15)};
    const auto spec = [](std::string_view name, double period, std::map<std::string, double> params,
                         Interval interval) {
      return *indicators::ParseIndicatorSpec(name, period, params, interval);
    };
    plan.indicators = {
        spec("sma", 20, {}, Interval::Minutes(5)),
        spec("ema", 9, {}, Interval::Minutes(5)),
        spec("rsi", 14, {}, Interval::Minutes(5)),
        spec("macd", 0, {{"fast", 12}, {"slow", 26}, {"signal", 9}}, Interval::Minutes(5)),
        spec("atr", 14, {}, Interval::Minutes(15)),
        spec("bbands", 20, {{"num_std", 2}}, Interval::Minutes(15)),
        spec("vwap", 0, {}, Interval::Minutes(1))};
    plan.history = {loading::HistoryRequest{3, {Interval::Minutes(1)}, {}},
                    loading::HistoryRequest{5, {Interval::Days(1)}, {}}};
    plan.historical_indicators = {*indicators::ParseHistoricalSpec("avg_volume", 5, "days", {}),
                                  *indicators::ParseHistoricalSpec("high_low", 52, "weeks", {})};
    return setup;
  }

  // Runs a session to the end under a simulated wall clock.
  static std::unique_ptr<SessionEngine> RunSession(SessionSetup setup) {
    auto engine = Start(std::move(setup));
    const Status status = engine->Run();
    EXPECT_TRUE(status.ok()) << status.error().message();
    return engine;
  }
  static std::unique_ptr<SessionEngine> Start(SessionSetup setup) {
    static clock::SimulatedClock wall(NewYork("2026-01-01T00:00:00Z"));
    static replay::ReplayBarSource source(*store_);
    static const calendar::TradingCalendar calendar =
        *calendar::TradingCalendar::ForExchange("NYSE");
    return std::make_unique<SessionEngine>(std::move(setup), *store_, source, calendar, wall,
                                           &wall);
  }

  static Json WithoutTiming(Json json) {
    json.erase("timing");
    return json;
  }

  static inline SampleWeekStore* sample_ = nullptr;
  static inline store::DuckDbBarStore* store_ = nullptr;
};

TEST_F(SessionEngineTest, AFullSpeedRunFinishesEveryDayAndCountsTheBars) {
  auto engine = RunSession(Setup({"SPY", "IBM"}, Day(8), Day(10)));

  const Json out = ExportSession(*engine, {});
  EXPECT_EQ(out["session"]["state"], "finished");
  EXPECT_EQ(out["session"]["metrics"]["days"], 3);
  // awk over the sample: 390 regular-hours rows of SPY and of IBM on 2013-10-10.
  EXPECT_EQ(out["symbols"]["SPY"]["bars"]["1m"]["count"], 390);
  EXPECT_EQ(out["symbols"]["IBM"]["bars"]["5m"]["count"], 78);
  EXPECT_EQ(out["symbols"]["IBM"]["bars"]["15m"]["count"], 26);
  // awk: sum of IBM's regular-hours volume on 2013-10-10 is 3469427.
  EXPECT_EQ(out["symbols"]["IBM"]["metrics"]["volume"], 3469427.0);
  EXPECT_EQ(out["symbols"]["IBM"]["quality"]["1m"]["score"], 100.0);
  EXPECT_TRUE(out["symbols"]["SPY"]["indicators"]["sma_20_5m"]["ready"].get<bool>());
}

TEST_F(SessionEngineTest, AnEndDateOnAWeekendEndsAfterTheLastSession) {
  auto engine = RunSession(Setup({"SPY"}, Day(10), Day(13)));  // 2013-10-13 is a Sunday.

  const Json out = ExportSession(*engine, {});
  EXPECT_EQ(out["session"]["state"], "finished");
  EXPECT_EQ(out["session"]["session_date"], "2013-10-11");
  EXPECT_EQ(out["session"]["metrics"]["days"], 2);
}

TEST_F(SessionEngineTest, MondayHistoryHoldsTheThreePreviousSessions) {
  auto engine =
      RunSession(Setup({"SPY"}, Day(7), Day(7)));  // A Monday; the history spans a weekend.

  const Json history = ExportSession(*engine, {})["symbols"]["SPY"]["historical"]["bars"]["1m"];
  EXPECT_EQ(history["first_session"], "2013-10-02");
  EXPECT_EQ(history["last_session"], "2013-10-04");
  // Daily history never holds the session day or later.
  const Json daily = ExportSession(*engine, {})["symbols"]["SPY"]["historical"]["bars"]["1d"];
  EXPECT_EQ(daily["last_session"], "2013-10-04");
  EXPECT_EQ(daily["count"], 5);
}

TEST_F(SessionEngineTest, SpeedDoesNotChangeTheExport) {
  SessionSetup fast = Setup({"SPY", "BAC"}, Day(8), Day(9));
  SessionSetup paced = fast;
  paced.speed = 60;

  const Json a = WithoutTiming(ExportSession(*RunSession(fast), {.include_bars = true}));
  const Json b = WithoutTiming(ExportSession(*RunSession(paced), {.include_bars = true}));

  EXPECT_EQ(FirstDifference(a.dump(), b.dump()), "");
}

TEST_F(SessionEngineTest, PausingAndSteppingDoesNotChangeTheExport) {
  const SessionSetup setup = Setup({"IBM"}, Day(9), Day(9));
  const Json reference = WithoutTiming(ExportSession(*RunSession(setup), {.include_bars = true}));
  auto engine = Start(setup);
  // Queued before Run: applied at the first step boundary (the open).
  std::future<Status> pause = engine->Submit(PauseCommand{});
  std::vector<std::future<Status>> steps;
  for (int i = 0; i < 5; ++i) steps.push_back(engine->Submit(StepCommand{7, std::nullopt}));
  std::future<Status> until = engine->Submit(StepCommand{1, NewYork("2013-10-09T15:00:00Z")});
  std::future<Status> resume = engine->Submit(ResumeCommand{});
  std::thread runner([&] { EXPECT_TRUE(engine->Run().ok()); });
  runner.join();

  EXPECT_TRUE(pause.get().ok());
  EXPECT_TRUE(resume.get().ok());
  EXPECT_EQ(FirstDifference(WithoutTiming(ExportSession(*engine, {.include_bars = true})).dump(),
                            reference.dump()),
            "");
}

TEST_F(SessionEngineTest, SteppingOneStepAtATimeDoesNotChangeTheExport) {
  const SessionSetup setup = Setup({"IBM", "SPY"}, Day(9), Day(10));
  const Json reference = WithoutTiming(ExportSession(*RunSession(setup), {.include_bars = true}));
  auto engine = Start(setup);
  std::future<Status> pause = engine->Submit(PauseCommand{});  // Applied at the first open.
  std::thread runner([&] { EXPECT_TRUE(engine->Run().ok()); });
  // Each step is applied at a step boundary, the next one only after it ran;
  // once the run is over the queue answers "the session has ended".
  int steps = 0;
  while (engine->Submit(StepCommand{1, std::nullopt}).get().ok()) ++steps;
  runner.join();

  EXPECT_TRUE(pause.get().ok());
  EXPECT_GT(steps, 2 * 390);  // At least one step per minute bar of each day.
  EXPECT_EQ(FirstDifference(WithoutTiming(ExportSession(*engine, {.include_bars = true})).dump(),
                            reference.dump()),
            "");
}

TEST_F(SessionEngineTest, ACommandAfterTheRunIsAnsweredAtOnce) {
  auto engine = RunSession(Setup({"IBM"}, Day(9), Day(9)));

  std::future<Status> late = engine->Submit(PauseCommand{});

  ASSERT_EQ(late.wait_for(std::chrono::seconds(0)), std::future_status::ready);
  const Status status = late.get();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message(), "the session has ended");
}

// The guarantee: a symbol added at T equals a configured one at every t >= T.
TEST_F(SessionEngineTest, ASymbolAddedAtAnyTimeEqualsAConfiguredOne) {
  std::mt19937 random(20131008);
  const std::vector<std::string> symbols = {"SPY", "IBM", "BAC"};
  std::vector<Timestamp> times = {NewYork("2013-10-08T13:30:00Z"),   // The open.
                                  NewYork("2013-10-08T13:31:00Z"),   // The first minute.
                                  NewYork("2013-10-08T19:59:00Z"),   // The last minute.
                                  NewYork("2013-10-08T20:00:00Z"),   // The close.
                                  NewYork("2013-10-09T13:30:00Z"),   // After the day roll.
                                  NewYork("2013-10-10T19:59:30Z")};  // Between bars.
  std::uniform_int_distribution<int> day(8, 10);
  std::uniform_int_distribution<int> minute(0, 389);
  while (times.size() < 18) {
    const Timestamp open = StartOfDayUtc(Day(day(random))) + 13h + 30min;
    times.push_back(open + chr::minutes(minute(random)) + chr::seconds(random() % 2 == 0 ? 0 : 17));
  }
  // Checkpoints after every add: a capture of each symbol at each of these times.
  const std::vector<Timestamp> checkpoints = {
      NewYork("2013-10-08T16:00:00Z"), NewYork("2013-10-09T14:05:00Z"),
      NewYork("2013-10-09T20:00:00Z"), NewYork("2013-10-10T17:17:00Z"),
      NewYork("2013-10-10T20:00:00Z")};
  using Captures = std::vector<std::pair<Timestamp, std::string>>;
  const auto run = [&](const std::string& symbol, std::optional<Timestamp> add_at) {
    auto captures = std::make_shared<Captures>();
    SessionSetup setup = Setup({}, Day(8), Day(10));
    if (!add_at) setup.symbols.push_back(*Symbol::Parse(symbol));
    if (add_at) setup.script.push_back({*add_at, AddSymbolCommand{{symbol}, {}, AddedBy::kScript}});
    for (const Timestamp t : checkpoints) {
      setup.script.push_back(
          {t, ReadCommand{[captures, symbol, t](const SessionEngine& engine) {
             const auto it = engine.symbols().find(*Symbol::Parse(symbol));
             captures->emplace_back(
                 t, it == engine.symbols().end()
                        ? "absent"
                        : ExportSymbol(it->second, {.include_bars = true}, false).dump());
           }}});
    }
    RunSession(std::move(setup));
    return *captures;
  };
  for (const std::string& symbol : symbols) {
    const Captures configured = run(symbol, std::nullopt);
    for (const Timestamp t : times) {
      const Captures added = run(symbol, t);
      ASSERT_EQ(added.size(), configured.size());
      for (size_t i = 0; i < added.size(); ++i) {
        if (added[i].first < t) continue;
        EXPECT_EQ(FirstDifference(added[i].second, configured[i].second), "")
            << symbol << " added at " << FormatTimestamp(t) << ", compared at "
            << FormatTimestamp(added[i].first);
      }
    }
  }
}

// No look-ahead: corrupting every bar after T changes nothing seen up to T.
TEST_F(SessionEngineTest, BarsAfterTChangeNothingBeforeT) {
  const Timestamp t = NewYork("2013-10-09T17:02:00Z");
  testkit::TempDir dir;
  auto corrupted = std::move(store::DuckDbBarStore::Open(dir.path() / "corrupted.duckdb")).value();
  std::vector<store::SeriesBars> series;
  for (const char* name : {"SPY", "IBM"}) {
    for (const Interval interval : {Interval::Minutes(1), Interval::Days(1)}) {
      auto bars = *store_->Read(*Symbol::Parse(name), interval, FromUnixNanos(0),
                                NewYork("2100-01-01T00:00:00Z"));
      for (model::Bar& bar : bars) {
        if (bar.open_time + interval.duration() <= t) continue;
        bar.open *= 2;
        bar.high *= 3;
        bar.low /= 2;
        bar.close *= 2.5;
        bar.volume += 1e6;
      }
      series.push_back({*Symbol::Parse(name), interval, std::move(bars)});
    }
  }
  ASSERT_TRUE(corrupted->Write(series).ok());
  const auto capture = [&](store::BarStore& store) {
    std::string seen;
    SessionSetup setup = Setup({"SPY", "IBM"}, Day(8), Day(10));
    setup.script.push_back(
        {t, ReadCommand{[&](const SessionEngine& engine) {
           seen = WithoutTiming(ExportSession(engine, {.include_bars = true})).dump();
         }}});
    replay::ReplayBarSource source(store);
    clock::SimulatedClock wall(NewYork("2026-01-01T00:00:00Z"));
    const calendar::TradingCalendar calendar = *calendar::TradingCalendar::ForExchange("NYSE");
    SessionEngine engine(setup, store, source, calendar, wall, &wall);
    EXPECT_TRUE(engine.Run().ok());
    return seen;
  };

  const std::string original = capture(*store_);
  const std::string with_corrupt_future = capture(*corrupted);

  ASSERT_FALSE(original.empty());
  EXPECT_EQ(FirstDifference(original, with_corrupt_future), "");
}

TEST_F(SessionEngineTest, AddingASymbolTwiceIsAnErrorThatNamesWhoAddedIt) {
  SessionSetup setup = Setup({"SPY"}, Day(8), Day(8));
  setup.script.push_back(
      {NewYork("2013-10-08T15:00:00Z"), AddSymbolCommand{{"SPY", "IBM"}, {}, AddedBy::kShell}});
  auto engine = RunSession(setup);

  const Json out = ExportSession(*engine, {});
  ASSERT_EQ(out["commands"].size(), 1u);
  EXPECT_EQ(out["commands"][0]["error"],
            "SPY is already in the session (added by config at 2013-10-08 09:30:00 EDT)");
  EXPECT_TRUE(out["symbols"].contains("IBM"));
  EXPECT_EQ(out["symbols"]["IBM"]["added_by"], "script");
}

TEST_F(SessionEngineTest, AddingASymbolWithNoDataIsAnError) {
  SessionSetup setup = Setup({"SPY"}, Day(8), Day(8));
  setup.script.push_back(
      {NewYork("2013-10-08T15:00:00Z"), AddSymbolCommand{{"ZZZZ"}, {}, AddedBy::kShell}});
  auto engine = RunSession(setup);

  const Json out = ExportSession(*engine, {});
  EXPECT_EQ(out["commands"][0]["error"],
            "no 1m bars of ZZZZ in the store for 2013-10-08 or its history: import them first");
  EXPECT_FALSE(out["symbols"].contains("ZZZZ"));
}

TEST_F(SessionEngineTest, QualityAtTheOpenIsNullNotAHundred) {
  SessionSetup setup = Setup({"SPY"}, Day(8), Day(8));
  std::string at_open;
  setup.script.push_back(
      {NewYork("2013-10-08T13:30:00Z"), ReadCommand{[&](const SessionEngine& engine) {
         at_open =
             ExportSymbol(engine.symbols().begin()->second, {}, false)["quality"]["1m"].dump();
       }}});
  RunSession(setup);

  EXPECT_EQ(at_open, R"({"score":null,"expected":0,"present":0,"gaps":[]})");
}

}  // namespace
}  // namespace tapedeck::session
