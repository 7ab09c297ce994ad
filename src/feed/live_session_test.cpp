// Live sessions against the local feed server over real localhost sockets,
// on the real sample day 2013-10-10 (SPY, IBM, BAC): a live session ends with
// the same bars, derived bars, indicator values and quality as the backtest
// of that day (the reference is the replay engine, a second path through the
// store), under every fault the server injects, and a symbol added while bars
// arrive ends identical to one configured from the start. The tests wait on
// the session's own progress (it blocks on the feed) and never sleep.
#include <gtest/gtest.h>

#include <functional>

#include "calendar/zone.hpp"
#include "core/cpu_pin.hpp"
#include "core/log.hpp"
#include "feed/feed_server.hpp"
#include "feed/live_feed.hpp"
#include "replay/test_session_runs.hpp"

namespace tapedeck::feed {
namespace {

using model::Interval;
using model::Symbol;
using replay::test_support::ComparableExport;
using replay::test_support::FirstDifference;
using replay::test_support::Nyse;
namespace chr = std::chrono;

const Date kDay = *ParseDate("2013-10-10");

// The day with 5m and 15m derived, indicators on each and a day of 1m history.
session::SessionSetup DaySetup(std::vector<std::string> symbols) {
  session::SessionSetup setup;
  setup.name = "live_parity";
  setup.start_date = kDay;
  setup.end_date = kDay;
  for (const std::string& symbol : symbols) setup.symbols.push_back(*Symbol::Parse(symbol));
  loading::SessionPlan& plan = setup.plan;
  plan.base = Interval::Minutes(1);
  plan.derived = {Interval::Minutes(5), Interval::Minutes(15)};
  const auto spec = [](std::string_view name, double period, Interval interval) {
    return *indicators::ParseIndicatorSpec(name, period, {}, interval);
  };
  plan.indicators = {spec("vwap", 0, Interval::Minutes(1)), spec("rsi", 14, Interval::Minutes(1)),
                     spec("sma", 20, Interval::Minutes(5)), spec("atr", 14, Interval::Minutes(15))};
  plan.history = {loading::HistoryRequest{1, {Interval::Minutes(1)}, {}},
                  loading::HistoryRequest{5, {Interval::Days(1)}, {}}};
  plan.historical_indicators = {*indicators::ParseHistoricalSpec("avg_volume", 5, "days", {})};
  return setup;
}

struct LiveCase {
  const char* name;
  std::vector<Fault> faults;
  Duration hold{};  // Reordered batches need the horizon held back.
  // The live config's latency settings: the feed's I/O thread on CPU 0, the
  // session's loop on CPU 1, polling (needs 2 CPUs).
  bool latency_settings = false;
};

class LiveSessionTest : public testing::TestWithParam<LiveCase> {
 protected:
  void SetUp() override { ASSERT_TRUE(SetLogLevel("off").ok()); }

  // The backtest of the day: what every live run must end with.
  std::unique_ptr<session::SessionEngine> Backtest(session::SessionSetup setup) {
    return runner_.Run(std::move(setup));
  }

  // Runs `setup` live against a feed server replaying the day at `speed`;
  // `wrap` (if set) puts a source of its own between the feed and the engine.
  using Wrap = std::function<std::unique_ptr<loading::LiveBarSource>(LiveFeed&)>;
  std::unique_ptr<session::SessionEngine> Live(session::SessionSetup setup,
                                               const LiveCase& live_case, double speed,
                                               const Wrap& wrap = {},
                                               Duration ready_timeout = chr::seconds(30)) {
    FeedServerOptions options;
    options.date = kDay;
    options.speed = speed;
    options.faults = live_case.faults;
    options.fault_every = 40;
    options.delay = chr::milliseconds(30);
    server_ = std::move(FeedServer::Create(store_.store(), options, wall_)).value();
    EXPECT_TRUE(server_->Start().ok());
    const Timestamp open = (**Nyse().Session(kDay)).open;
    LiveFeedOptions feed_options;
    feed_options.client.stream_url = server_->stream_url();
    feed_options.client.rest_url = server_->rest_url();
    feed_options.client.backfill_from = open;
    feed_options.client.initial_backoff = chr::milliseconds(5);
    feed_options.client.max_backoff = chr::milliseconds(50);
    feed_options.rule.wall = false;
    feed_options.rule.grace = chr::minutes(2);
    feed_options.rule.hold = live_case.hold;
    if (live_case.latency_settings) feed_options.client.cpu = 0;
    // The replay goes on past the close (after-market bars), so the day ends
    // without the idle rule; a long idle keeps a stalled machine from
    // triggering it.
    feed_options.rule.idle = chr::seconds(30);
    feed_ = std::make_unique<LiveFeed>(feed_options, wall_);
    setup.mode = "live";
    if (wrap) wrapped_ = wrap(*feed_);
    loading::LiveBarSource& source = wrapped_ ? *wrapped_ : *feed_;
    auto engine = std::make_unique<session::SessionEngine>(std::move(setup), store_.store(), source,
                                                           Nyse(), wall_);
    engine->set_live(&source, ready_timeout,
                     live_case.latency_settings ? session::LiveWait{true, 1} : session::LiveWait{});
    EXPECT_TRUE(feed_->Start().ok());
    const Status status = engine->Run();
    EXPECT_TRUE(status.ok()) << status.error().message();
    feed_->Stop();
    server_->Stop();
    return engine;
  }

  void ExpectSameSymbols(const session::SessionEngine& live, const session::SessionEngine& backtest,
                         const std::vector<std::string>& symbols) {
    for (const std::string& name : symbols) {
      const Symbol symbol = *Symbol::Parse(name);
      const std::string expected = ComparableExport(backtest, symbol);
      ASSERT_NE(expected, "absent") << name;
      EXPECT_EQ(FirstDifference(ComparableExport(live, symbol), expected), "") << name;
    }
  }

  replay::test_support::SampleWeekStore store_;
  replay::test_support::SessionRunner runner_{store_.store()};
  clock::WallClock wall_;
  std::unique_ptr<FeedServer> server_;
  std::unique_ptr<LiveFeed> feed_;
  std::unique_ptr<loading::LiveBarSource> wrapped_;
};

// The feed as it is, except that it never has `missing`'s backfill: a symbol
// the feed does not answer for, made certain (a real feed that is slow to
// answer would race the test's timeout). Records what the engine unfollows.
class NoBackfillFor final : public loading::LiveBarSource {
 public:
  NoBackfillFor(LiveFeed& feed, Symbol missing) : feed_(feed), missing_(std::move(missing)) {}

  Status Bars(std::span<const Symbol> symbols, Interval interval, Timestamp from, Timestamp to,
              std::span<std::vector<model::Bar>* const> out) override {
    return feed_.Bars(symbols, interval, from, to, out);
  }
  void Take(std::span<const Symbol> symbols, Timestamp until,
            std::span<std::vector<model::Bar>* const> out) override {
    feed_.Take(symbols, until, out);
  }
  void Follow(std::span<const Symbol> symbols) override { feed_.Follow(symbols); }
  void Unfollow(std::span<const Symbol> symbols) override {
    unfollowed_.insert(unfollowed_.end(), symbols.begin(), symbols.end());
    feed_.Unfollow(symbols);
  }
  bool ready(const Symbol& symbol) const override {
    return symbol != missing_ && feed_.ready(symbol);
  }
  std::vector<Symbol> WaitReady(std::span<const Symbol> symbols, Timestamp deadline,
                                const std::atomic<bool>* interrupt) override {
    std::vector<Symbol> others;
    for (const Symbol& symbol : symbols) {
      if (symbol != missing_) others.push_back(symbol);
    }
    std::vector<Symbol> late = feed_.WaitReady(others, deadline, interrupt);
    if (others.size() < symbols.size()) late.push_back(missing_);
    return late;
  }
  Timestamp Horizon(std::span<const Symbol> symbols, Timestamp open) override {
    return feed_.Horizon(symbols, open);
  }
  void set_on_change(std::function<void()> wake) override { feed_.set_on_change(std::move(wake)); }
  Status failure() const override { return feed_.failure(); }
  loading::LiveStatus status() const override { return feed_.status(); }

  const std::vector<Symbol>& unfollowed() const { return unfollowed_; }

 private:
  LiveFeed& feed_;
  Symbol missing_;
  std::vector<Symbol> unfollowed_;
};

TEST_P(LiveSessionTest, EndsWithTheBacktestsBarsIndicatorsAndQuality) {
  if (GetParam().latency_settings && CpuCount() < 2) GTEST_SKIP() << "needs 2 CPUs";
  const std::vector<std::string> symbols = {"SPY", "IBM", "BAC"};
  const auto backtest = Backtest(DaySetup(symbols));
  const auto live = Live(DaySetup(symbols), GetParam(), 50000);
  EXPECT_EQ(live->state(), session::SessionState::kFinished);
  EXPECT_EQ(live->totals().base_bars, backtest->totals().base_bars);
  ExpectSameSymbols(*live, *backtest, symbols);
  const loading::LiveStatus status = *live->live_status();
  EXPECT_EQ(status.late_bars, 0);
  const auto injected = [&](Fault fault) {
    return std::ranges::find(GetParam().faults, fault) != GetParam().faults.end();
  };
  if (injected(Fault::kCorrect)) {
    EXPECT_GT(status.corrections, 0);
  }
  if (injected(Fault::kDuplicate)) {
    EXPECT_GT(status.duplicates, 0);
  }
  if (injected(Fault::kMalformed)) {
    EXPECT_GT(status.malformed, 0);
  }
  if (injected(Fault::kDrop)) {
    EXPECT_GT(status.reconnects, 0);
  }
  EXPECT_GE(status.horizon,
            (**Nyse().Session(kDay)).close);  // After-market bars may take it further.
}

INSTANTIATE_TEST_SUITE_P(Faults, LiveSessionTest,
                         testing::Values(LiveCase{"none", {}}, LiveCase{"drop", {Fault::kDrop}},
                                         LiveCase{"delay", {Fault::kDelay}},
                                         LiveCase{"duplicate", {Fault::kDuplicate}},
                                         LiveCase{"reorder", {Fault::kReorder}, chr::minutes(2)},
                                         LiveCase{"malformed", {Fault::kMalformed}},
                                         LiveCase{"reject_auth", {Fault::kRejectAuth}},
                                         // Corrections come 30 s after the bar: held back a minute,
                                         // the session takes the corrected version.
                                         LiveCase{"correct", {Fault::kCorrect}, chr::minutes(1)},
                                         // Pinned threads and a polling loop change only timing.
                                         LiveCase{"latency_settings", {}, {}, true}),
                         [](const testing::TestParamInfo<LiveCase>& param) {
                           return std::string(param.param.name);
                         });

// Scripts an add of IBM at 11:05 New York time; returns that time.
Timestamp AddIbmAt1105(session::SessionSetup& setup) {
  const Timestamp at = *calendar::NewYork().ToUtc(LocalTime(chr::local_days(kDay)) +
                                                  chr::hours(11) + chr::minutes(5));
  session::AddSymbolCommand add;
  add.symbols = {"IBM"};
  setup.script.push_back({at, add});
  return at;
}

// IBM joins at 11:05 (a scripted add, applied when the live session gets
// there) while the server goes on sending the others' bars: it ends as the
// backtest's IBM configured from the start.
TEST_F(LiveSessionTest, ASymbolAddedWhileBarsArriveEqualsAConfiguredOne) {
  const auto backtest = Backtest(DaySetup({"SPY", "IBM", "BAC"}));
  session::SessionSetup setup = DaySetup({"SPY", "BAC"});
  const Timestamp at = AddIbmAt1105(setup);
  const auto live = Live(std::move(setup), LiveCase{"none", {}}, 20000);
  ASSERT_TRUE(live->command_log().front().error == std::nullopt)
      << *live->command_log().front().error;
  EXPECT_EQ(live->symbols().at(*Symbol::Parse("IBM")).added_at, at);
  ExpectSameSymbols(*live, *backtest, {"SPY", "IBM", "BAC"});
}

// A symbol whose backfill never comes fails to join with an error that
// names it and the wait, the feed stops following it, and the session goes
// on: the others end as in the backtest.
TEST_F(LiveSessionTest, ASymbolTheFeedSendsNoBackfillForFailsToJoinAndTheSessionGoesOn) {
  const auto backtest = Backtest(DaySetup({"SPY", "BAC"}));
  session::SessionSetup setup = DaySetup({"SPY", "BAC"});
  AddIbmAt1105(setup);
  const Symbol ibm = *Symbol::Parse("IBM");
  NoBackfillFor* source = nullptr;
  const auto live = Live(
      std::move(setup), LiveCase{"none", {}}, 20000,
      [&](LiveFeed& feed) {
        auto wrapped = std::make_unique<NoBackfillFor>(feed, ibm);
        source = wrapped.get();
        return wrapped;
      },
      chr::seconds(3));
  ASSERT_EQ(live->command_log().size(), 1U);
  const std::optional<std::string>& error = live->command_log().front().error;
  ASSERT_TRUE(error.has_value());
  EXPECT_NE(error->find("IBM: the feed sent no backfill for it within 3 s"), std::string::npos)
      << *error;
  EXPECT_FALSE(live->symbols().contains(ibm));
  ASSERT_NE(source, nullptr);
  EXPECT_EQ(source->unfollowed(), std::vector<Symbol>{ibm});
  ExpectSameSymbols(*live, *backtest, {"SPY", "BAC"});
}

// A session CPU the machine lacks fails the run before anything starts,
// naming the config key and the CPUs there are.
TEST_F(LiveSessionTest, ASessionCpuTheMachineLacksFailsTheRunWithItsKey) {
  LiveFeedOptions options;
  options.client.stream_url = "ws://127.0.0.1:9/v2/iex";
  options.client.rest_url = "http://127.0.0.1:9";
  LiveFeed feed(options, wall_);
  session::SessionSetup setup = DaySetup({"SPY"});
  setup.mode = "live";
  session::SessionEngine engine(std::move(setup), store_.store(), feed, Nyse(), wall_);
  engine.set_live(&feed, chr::seconds(1), session::LiveWait{true, 100000});

  const Status run = engine.Run();

  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.error().message().find(
                "live_config.session_cpu: CPU 100000 is not one this process may run on"),
            std::string::npos)
      << run.error().message();
}

}  // namespace
}  // namespace tapedeck::feed
