// The commands that change a running session besides add and remove, on the
// real sample week: EnsureSymbol (light, then upgraded by AddSymbol),
// per-symbol intervals, AddIndicator and AddBar. Each late change is checked
// against a run that had it configured from the start.
#include <gtest/gtest.h>

#include <atomic>

#include "replay/test_session_runs.hpp"
#include "testkit/bars.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/sample_bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::session {
namespace {

using model::Interval;
using model::Symbol;
using replay::test_support::ComparableExport;
using replay::test_support::FirstDifference;
using replay::test_support::ReadAt;
using replay::test_support::SessionRunner;
using namespace std::chrono_literals;
namespace chr = std::chrono;

Date Day(int day) {
  return Date{chr::year(2013), chr::October, chr::day(static_cast<unsigned>(day))};
}
Timestamp At(std::string_view utc) { return *ParseTimestamp(utc); }

indicators::IndicatorSpec Spec(std::string_view name, double period, Interval interval,
                               std::map<std::string, double> params = {}) {
  return *indicators::ParseIndicatorSpec(name, period, params, interval);
}

class SessionCommandsTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    store_ = new testkit::MemoryBarStore();
    std::vector<store::SeriesBars> all;
    for (const char* symbol : {"SPY", "IBM"}) {
      for (const auto& [interval, file] :
           {std::pair{Interval::Minutes(1), "1m_2013-10-07_2013-10-11"},
            std::pair{Interval::Days(1), "1d_2010-01-04_2013-10-11"}}) {
        all.push_back(
            store::SeriesBars{*Symbol::Parse(symbol), interval,
                              testkit::ReadSampleBars(testkit::SourceDir() / "data" / "sample" /
                                                      fmt::format("{}_{}.csv", symbol, file))});
      }
    }
    ASSERT_TRUE(store_->Write(all).ok());
  }
  static void TearDownTestSuite() { delete store_; }

  static SessionSetup Setup(std::vector<std::string> symbols) {
    SessionSetup setup;
    for (const auto& s : symbols) setup.symbols.push_back(*Symbol::Parse(s));
    setup.start_date = Day(8);
    setup.end_date = Day(9);
    loading::SessionPlan& plan = setup.plan;
    plan.derived = {Interval::Minutes(5), Interval::Minutes(15)};
    plan.indicators = {Spec("sma", 20, Interval::Minutes(5)),
                       Spec("rsi", 14, Interval::Minutes(15)),
                       Spec("vwap", 0, Interval::Minutes(1))};
    plan.history = {loading::HistoryRequest{2, {Interval::Minutes(1)}, {}},
                    loading::HistoryRequest{5, {Interval::Days(1)}, {}}};
    plan.historical_indicators = {*indicators::ParseHistoricalSpec("avg_volume", 5, "days", {})};
    return setup;
  }

  // IBM's comparable export at the end of the run, and the record itself.
  static std::string EndOf(SessionSetup setup, std::string_view symbol,
                           std::function<void(const SymbolRecord&)> inspect = nullptr) {
    auto text = std::make_shared<std::string>();
    ReadAt(setup, At("2013-10-09T20:00:00Z"), [=](const SessionEngine& engine) {
      *text = ComparableExport(engine, *Symbol::Parse(symbol));
      const auto it = engine.symbols().find(*Symbol::Parse(symbol));
      if (inspect && it != engine.symbols().end()) inspect(it->second);
    });
    runner_->Run(std::move(setup));
    return *text;
  }

  static Status Outcome(SessionSetup setup, Command command, Timestamp at) {
    auto status = std::make_shared<std::optional<Status>>();
    setup.script.push_back({at, std::move(command)});
    auto engine = runner_->Run(std::move(setup));
    for (const CommandRecord& record : engine->command_log()) {
      if (record.at == at)
        return record.error ? Status(Error::InvalidArgument("{}", *record.error)) : Status::Ok();
    }
    return Error::Internal("the command was not logged");
  }

  static inline testkit::MemoryBarStore* store_ = nullptr;
  static inline std::unique_ptr<SessionRunner> runner_;
  void SetUp() override {
    if (!runner_) runner_ = std::make_unique<SessionRunner>(*store_);
  }
};

TEST_F(SessionCommandsTest, ALightSymbolUpgradedByAddSymbolEqualsAConfiguredOne) {
  const std::string configured = EndOf(Setup({"SPY", "IBM"}), "IBM");
  SessionSetup setup = Setup({"SPY"});
  setup.script.push_back(
      {At("2013-10-08T14:00:00Z"),
       EnsureSymbolCommand{"IBM", true, {}, {Spec("sma", 5, Interval::Minutes(5))}}});
  auto light = std::make_shared<std::optional<bool>>();
  ReadAt(setup, At("2013-10-08T14:30:00Z"), [light](const SessionEngine& engine) {
    const SymbolRecord& record = engine.symbols().at(*Symbol::Parse("IBM"));
    *light = !record.meets_requirements && record.intervals.size() == 2 &&
             record.state->indicators().size() == 1;
  });
  setup.script.push_back(
      {At("2013-10-08T15:05:00Z"), AddSymbolCommand{{"IBM"}, {}, AddedBy::kScript}});
  std::optional<std::string> upgraded_from;
  bool meets = false;
  const std::string upgraded = EndOf(std::move(setup), "IBM", [&](const SymbolRecord& record) {
    upgraded_from = record.upgraded_from;
    meets = record.meets_requirements;
  });

  EXPECT_EQ(*light, std::optional<bool>(true)) << "light: 1m and 5m, one indicator, not full";
  EXPECT_EQ(upgraded_from, std::optional<std::string>("light"));
  EXPECT_TRUE(meets);
  EXPECT_EQ(FirstDifference(upgraded, configured), "");
}

TEST_F(SessionCommandsTest, EnsuringASymbolThatIsThereChangesNothing) {
  SessionSetup setup = Setup({"SPY"});
  setup.script.push_back({At("2013-10-08T15:00:00Z"), EnsureSymbolCommand{"SPY", true, {}, {}}});
  AddedBy added_by = AddedBy::kApi;
  bool meets = false;
  const std::string after = EndOf(std::move(setup), "SPY", [&](const SymbolRecord& record) {
    added_by = record.added_by;
    meets = record.meets_requirements;
  });

  EXPECT_EQ(added_by, AddedBy::kConfig);
  EXPECT_TRUE(meets);
  EXPECT_EQ(FirstDifference(after, EndOf(Setup({"SPY"}), "SPY")), "");
}

TEST_F(SessionCommandsTest, ExtraIntervalsOfALateSymbolEqualThoseOfAConfiguredSession) {
  SessionSetup configured = Setup({"SPY", "IBM"});
  configured.plan.derived.push_back(Interval::Hours(1));
  SessionSetup late = Setup({"SPY"});
  late.script.push_back({At("2013-10-08T15:05:00Z"),
                         AddSymbolCommand{{"IBM"}, {Interval::Hours(1)}, AddedBy::kScript}});
  std::vector<Interval> intervals;

  const std::string expected = EndOf(std::move(configured), "IBM");
  const std::string actual =
      EndOf(std::move(late), "IBM", [&](const SymbolRecord& r) { intervals = r.intervals; });

  EXPECT_EQ(intervals, (std::vector<Interval>{Interval::Minutes(1), Interval::Minutes(5),
                                              Interval::Minutes(15), Interval::Hours(1)}));
  EXPECT_EQ(FirstDifference(actual, expected), "");
  // 09:30-16:00 in hours, the last one cut at the close: 7 bars on a full day.
  EXPECT_NE(actual.find(R"("1h":{"count":7)"), std::string::npos) << actual.substr(0, 400);
}

TEST_F(SessionCommandsTest, AnIntervalThatCannotBeDerivedIsAnErrorThatNamesIt) {
  const Status status = Outcome(
      Setup({"SPY"}), AddSymbolCommand{{"IBM"}, {*Interval::Parse("45s")}, AddedBy::kScript},
      At("2013-10-08T15:05:00Z"));

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("45s"), std::string::npos) << status.error().message();
}

TEST_F(SessionCommandsTest, AnIndicatorAddedLateEqualsAConfiguredOne) {
  SessionSetup configured = Setup({"IBM"});
  configured.plan.indicators.push_back(Spec("ema", 9, Interval::Minutes(5)));
  SessionSetup late = Setup({"IBM"});
  late.script.push_back({At("2013-10-09T15:05:00Z"),
                         AddIndicatorCommand{"IBM", Spec("ema", 9, Interval::Minutes(5))}});

  const std::string expected = EndOf(std::move(configured), "IBM");
  const std::string actual = EndOf(std::move(late), "IBM");

  EXPECT_NE(expected.find("ema_9_5m"), std::string::npos);
  EXPECT_EQ(FirstDifference(actual, expected), "");
}

TEST_F(SessionCommandsTest, AnIndicatorOnAnIntervalTheSymbolLacksIsAnError) {
  const Status status =
      Outcome(Setup({"IBM"}), AddIndicatorCommand{"IBM", Spec("ema", 9, Interval::Hours(1))},
              At("2013-10-08T15:05:00Z"));

  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.error().message().find("has no 1h bars"), std::string::npos)
      << status.error().message();
}

TEST_F(SessionCommandsTest, AnInjectedBarFlowsThroughLikeAStreamedOne) {
  // SPY on 2013-10-08 with its 10:00 bar missing from the store, injected at
  // 10:01 (when it would have completed), then three bars it must refuse.
  testkit::MemoryBarStore store;
  std::vector<model::Bar> bars = testkit::ReadSampleBars(testkit::SourceDir() / "data" / "sample" /
                                                         "SPY_1m_2013-10-07_2013-10-11.csv");
  const Timestamp ten = At("2013-10-08T14:00:00Z");
  const auto hole = std::ranges::find(bars, ten, &model::Bar::open_time);
  ASSERT_NE(hole, bars.end());
  const model::Bar injected = *hole;
  bars.erase(hole);
  ASSERT_TRUE(store
                  .Write(std::vector<store::SeriesBars>{
                      {*Symbol::Parse("SPY"), Interval::Minutes(1), bars}})
                  .ok());
  SessionRunner runner(store);
  SessionSetup setup = Setup({"SPY"});
  setup.end_date = Day(8);
  const Timestamp later = At("2013-10-08T14:01:30Z");
  setup.script.push_back(
      {At("2013-10-08T14:01:00Z"), AddBarCommand{"SPY", std::nullopt, injected}});
  setup.script.push_back({later, AddBarCommand{"SPY", std::nullopt, injected}});
  model::Bar unfinished = injected;
  unfinished.open_time = At("2013-10-08T14:01:00Z");
  setup.script.push_back({later, AddBarCommand{"SPY", std::nullopt, unfinished}});
  model::Bar broken = unfinished;
  broken.high = broken.low - 1;
  setup.script.push_back({later, AddBarCommand{"SPY", std::nullopt, broken}});
  auto present = std::make_shared<int>(-1);
  ReadAt(setup, At("2013-10-08T14:30:00Z"), [present](const SessionEngine& engine) {
    const auto& series = engine.symbols().at(*Symbol::Parse("SPY")).state->series().front();
    *present = series.quality->report().present_bars;
  });

  auto engine = runner.Run(std::move(setup));

  // 60 slots end by 10:30; the store lacks one, the injected bar fills it.
  EXPECT_EQ(*present, 60);
  std::vector<std::optional<std::string>> errors;
  for (const CommandRecord& record : engine->command_log()) {
    if (record.command.starts_with("add_bar")) errors.push_back(record.error);
  }
  ASSERT_EQ(errors.size(), 4u);
  EXPECT_EQ(errors[0], std::nullopt) << errors[0].value_or("");
  EXPECT_NE(errors[1].value_or("").find("must open after SPY's last bar"), std::string::npos)
      << errors[1].value_or("");
  EXPECT_NE(errors[2].value_or("").find("not complete by now"), std::string::npos)
      << errors[2].value_or("");
  EXPECT_NE(errors[3].value_or("").find("is below low"), std::string::npos)
      << errors[3].value_or("");
}

// Ctrl-C in the shell while `symbol add` loads: the load stops, the symbol is
// not added, the session goes on, and adding it again later gives a symbol
// equal to a configured one (the interrupted load left nothing behind).
TEST_F(SessionCommandsTest, AnInterruptedLoadAddsNothingAndTheSessionGoesOn) {
  std::atomic<bool> interrupt{false};
  SessionSetup setup = Setup({"SPY"});
  ReadAt(setup, At("2013-10-08T15:05:00Z"), [&](const SessionEngine&) { interrupt = true; });
  setup.script.push_back(
      {At("2013-10-08T15:05:00Z"), AddSymbolCommand{{"IBM"}, {}, AddedBy::kShell}});
  ReadAt(setup, At("2013-10-08T15:06:00Z"), [&](const SessionEngine&) { interrupt = false; });
  setup.script.push_back(
      {At("2013-10-08T15:10:00Z"), AddSymbolCommand{{"IBM"}, {}, AddedBy::kShell}});
  std::string ibm_at_end;
  std::string spy_at_end;
  ReadAt(setup, At("2013-10-09T20:00:00Z"), [&](const SessionEngine& engine) {
    ibm_at_end = ComparableExport(engine, *Symbol::Parse("IBM"));
    spy_at_end = ComparableExport(engine, *Symbol::Parse("SPY"));
  });
  replay::ReplayBarSource source(*store_);
  clock::SimulatedClock wall(FromUnixNanos(1'767'225'600'000'000'000));
  SessionEngine engine(std::move(setup), *store_, source, replay::test_support::Nyse(), wall,
                       &wall);
  engine.set_interrupt(&interrupt);

  const Status run = engine.Run();

  ASSERT_TRUE(run.ok()) << run.error().message();
  std::vector<std::optional<std::string>> add_errors;
  for (const CommandRecord& record : engine.command_log()) {
    if (record.command.starts_with("add_symbol")) add_errors.push_back(record.error);
  }
  ASSERT_EQ(add_errors.size(), 2u);
  ASSERT_TRUE(add_errors[0].has_value());
  EXPECT_NE(add_errors[0]->find("interrupted"), std::string::npos) << *add_errors[0];
  EXPECT_FALSE(add_errors[1].has_value()) << *add_errors[1];
  EXPECT_EQ(FirstDifference(ibm_at_end, EndOf(Setup({"SPY", "IBM"}), "IBM")), "");
  EXPECT_EQ(FirstDifference(spy_at_end, EndOf(Setup({"SPY"}), "SPY")), "");
}

}  // namespace
}  // namespace tapedeck::session
