// Scanners and strategies in whole sessions on the real sample week (SPY, IBM,
// BAC 1m bars of 2013-10-07..11, daily bars since 2010): the gap scanner's
// picks against numbers computed by hand, a promoted symbol against a
// configured one, signals across speeds, pauses and steps, the delivery
// order, and a scanner or strategy that throws.
#include <gtest/gtest.h>

#include <stdexcept>
#include <thread>

#include "core/log.hpp"
#include "replay/replay_bar_source.hpp"
#include "replay/test_session_runs.hpp"
#include "session/session_export.hpp"
#include "store/bar_importer.hpp"
#include "store/duckdb_bar_store.hpp"
#include "strategy/registry.hpp"
#include "strategy/strategy_host.hpp"
#include "testkit/bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::replay {
namespace {

using Json = nlohmann::ordered_json;
using model::Interval;
using model::Symbol;
using session::SessionEngine;
using session::SessionSetup;
using test_support::ComparableExport;
using test_support::FirstDifference;
using test_support::SampleWeekStore;
namespace chr = std::chrono;
using namespace std::chrono_literals;

Date Day(int day) {
  return Date{chr::year(2013), chr::October, chr::day(static_cast<unsigned>(day))};
}
Timestamp At(std::string_view text) { return *ParseTimestamp(text); }

session::PluginConfig Plugin(std::string_view path, const Json& raw) {
  return session::PluginConfig{raw["module"].get<std::string>(), true, std::string(path), raw};
}

class StrategySessionTest : public testing::Test {
 public:
  static void SetUpTestSuite() {
    ASSERT_TRUE(SetLogLevel("off").ok());
    sample_ = new SampleWeekStore();
    store_ = &sample_->store();
  }
  static void TearDownTestSuite() { delete sample_; }

  // 1m base, 5m and 15m derived, indicators on each, 2 trailing days of 1m
  // history (the warm-up) and 5 of 1d, two historical indicators.
  static SessionSetup Setup(std::vector<std::string> symbols, Date start, Date end) {
    SessionSetup setup;
    setup.name = "strategies";
    for (const auto& s : symbols) setup.symbols.push_back(*Symbol::Parse(s));
    setup.start_date = start;
    setup.end_date = end;
    loading::SessionPlan& plan = setup.plan;
    plan.base = Interval::Minutes(1);
    plan.derived = {Interval::Minutes(5), Interval::Minutes(15)};
    const auto spec = [](std::string_view name, double period, Interval interval) {
      return *indicators::ParseIndicatorSpec(name, period, {}, interval);
    };
    plan.indicators = {spec("sma", 20, Interval::Minutes(5)), spec("rsi", 14, Interval::Minutes(5)),
                       spec("atr", 14, Interval::Minutes(15)),
                       spec("vwap", 0, Interval::Minutes(1))};
    plan.history = {loading::HistoryRequest{2, {Interval::Minutes(1)}, {}},
                    loading::HistoryRequest{5, {Interval::Days(1)}, {}}};
    plan.historical_indicators = {*indicators::ParseHistoricalSpec("avg_volume", 5, "days", {}),
                                  *indicators::ParseHistoricalSpec("high_low", 52, "weeks", {})};
    return setup;
  }

  // The host of `scanners` and `strategies` entries, as a config lists them.
  static std::unique_ptr<strategy::StrategyHost> Host(const std::vector<Json>& scanners,
                                                      const std::vector<Json>& strategies) {
    session::SessionConfig config;
    for (size_t i = 0; i < scanners.size(); ++i) {
      config.scanners.push_back(Plugin("scanners[" + std::to_string(i) + "]", scanners[i]));
    }
    for (size_t i = 0; i < strategies.size(); ++i) {
      config.strategies.push_back(Plugin("strategies[" + std::to_string(i) + "]", strategies[i]));
    }
    session::ValidationReport report;
    auto host = strategy::CreateStrategyHost(config, report);
    EXPECT_TRUE(host.ok()) << host.error().message();
    return std::move(host).value();
  }

  static std::unique_ptr<SessionEngine> Start(SessionSetup setup,
                                              std::unique_ptr<session::SessionParticipant> host) {
    static clock::SimulatedClock wall(At("2026-01-01T00:00:00Z"));
    static ReplayBarSource source(*store_);
    auto engine = std::make_unique<SessionEngine>(std::move(setup), *store_, source,
                                                  test_support::Nyse(), wall, &wall);
    if (host) engine->AddParticipant(std::move(host));
    return engine;
  }

  static std::unique_ptr<SessionEngine> Run(SessionSetup setup,
                                            std::unique_ptr<session::SessionParticipant> host) {
    auto engine = Start(std::move(setup), std::move(host));
    const Status status = engine->Run();
    EXPECT_TRUE(status.ok()) << status.error().message();
    return engine;
  }

  static Json WithoutTiming(Json json) {
    json.erase("timing");
    return json;
  }

  static inline SampleWeekStore* sample_ = nullptr;
  static inline store::DuckDbBarStore* store_ = nullptr;
};

std::unique_ptr<SessionEngine> StartWith(SessionSetup setup,
                                         std::unique_ptr<session::SessionParticipant> host) {
  return StrategySessionTest::Start(std::move(setup), std::move(host));
}

std::unique_ptr<SessionEngine> RunWith(SessionSetup setup,
                                       std::unique_ptr<session::SessionParticipant> host) {
  auto engine = StartWith(std::move(setup), std::move(host));
  const Status status = engine->Run();
  EXPECT_TRUE(status.ok()) << status.error().message();
  return engine;
}

Json WithoutTimingOf(Json json) {
  json.erase("timing");
  return json;
}

// Expected numbers, computed from the sample CSVs with awk, independently of
// tapedeck: previous close = the 2013-10-09 row of *_1d_*.csv, open = the
// 2013-10-10T13:30:00Z (09:30 New York) row of *_1m_*.csv, gap = 100·(open −
// previous close)/previous close; avg volume = mean of the 20 daily volumes
// before 2013-10-10 in *_1d_*.csv.
//   SPY 165.57 → 167.32: +1.0570 %   avg volume 102 587 213.5
//   IBM 181.32 → 183.17: +1.0203 %   avg volume   3 543 300.3
//   BAC  13.84 →  14.03: +1.3728 %   avg volume  81 742 941.8
// So at ≥ 1.04 % only BAC and SPY gap (largest first); at ≥ 1 % all three do,
// and a 10 M minimum average volume leaves IBM out.
TEST_F(StrategySessionTest, GapScannerPicksTheSymbolsThatGappedOn20131010) {
  const Json universe = {"SPY", "IBM", "BAC"};
  const Json at_0931 = Json::array({{{"start", "09:31"}}});
  auto host =
      Host({{{"module", "gap_scanner"},
             {"name", "gap_1_04"},
             {"regular_session", at_0931},
             {"config", {{"universe", universe}, {"min_gap_pct", 1.04}}}},
            {{"module", "gap_scanner"},
             {"name", "gap_1_liquid"},
             {"regular_session", at_0931},
             {"config", {{"universe", universe}, {"min_gap_pct", 1.0}, {"min_avg_volume", 1e7}}}},
            {{"module", "gap_scanner"},
             {"name", "gap_1"},
             {"regular_session", at_0931},
             {"config", {{"universe", universe}, {"min_gap_pct", 1.0}}}}},
           {});
  const auto engine = Run(Setup({}, Day(10), Day(10)), std::move(host));

  ASSERT_EQ(engine->scans().size(), 3u);
  for (const session::ScanResult& scan : engine->scans()) {
    EXPECT_EQ(scan.time, At("2013-10-10T13:31:00Z")) << scan.scanner;
  }
  EXPECT_EQ(engine->scans()[0].selected, (std::vector<std::string>{"BAC", "SPY"}));
  EXPECT_EQ(engine->scans()[1].selected, (std::vector<std::string>{"BAC", "SPY"}));
  EXPECT_EQ(engine->scans()[2].selected, (std::vector<std::string>{"BAC", "SPY", "IBM"}));
  EXPECT_NE(engine->scans()[0].reason.find("BAC +1.37 % (avg volume 81.7 M)"), std::string::npos)
      << engine->scans()[0].reason;
  EXPECT_NE(engine->scans()[0].reason.find("SPY +1.06 % (avg volume 102.6 M)"), std::string::npos)
      << engine->scans()[0].reason;
  EXPECT_NE(engine->scans()[2].reason.find("IBM +1.02 % (avg volume 3.5 M)"), std::string::npos)
      << engine->scans()[2].reason;
  // Promoted by the first scanner that selected them; all three are full now.
  for (const char* name : {"BAC", "SPY"}) {
    const session::SymbolRecord& record = engine->symbols().at(*Symbol::Parse(name));
    EXPECT_EQ(record.added_by, session::AddedBy::kScanner) << name;
    EXPECT_EQ(record.added_by_name, "gap_1_04") << name;
    EXPECT_EQ(record.upgraded_from, "light") << name;
    EXPECT_EQ(record.added_at, At("2013-10-10T13:31:00Z")) << name;
    EXPECT_TRUE(record.meets_requirements) << name;
  }
  EXPECT_EQ(engine->symbols().at(*Symbol::Parse("IBM")).added_by_name, "gap_1");
  EXPECT_TRUE(engine->participant_errors().empty());
}

// The same scanner a day earlier (2013-10-09: SPY +0.21 %, IBM +0.45 %, BAC
// +0.07 % by the same awk computation) selects nothing at 1 %, and the
// universe stays light.
TEST_F(StrategySessionTest, GapScannerSelectsNothingOnAQuietDay) {
  auto host = Host({{{"module", "gap_scanner"},
                     {"regular_session", Json::array({{{"start", "09:31"}}})},
                     {"config", {{"universe", {"SPY", "IBM", "BAC"}}, {"min_gap_pct", 1.0}}}}},
                   {});
  const auto engine = Run(Setup({}, Day(9), Day(9)), std::move(host));

  ASSERT_EQ(engine->scans().size(), 1u);
  EXPECT_TRUE(engine->scans()[0].selected.empty());
  ASSERT_EQ(engine->symbols().size(), 3u);
  for (const auto& [symbol, record] : engine->symbols()) {
    EXPECT_FALSE(record.meets_requirements) << symbol.str();
    EXPECT_EQ(record.added_by, session::AddedBy::kScanner) << symbol.str();
  }
}

// The as-if-configured guarantee for a scanner's promotion: over 10-09..10-11
// the gap scanner promotes SPY and BAC at 09:31 on 10-10 (light since the
// first open); at every close their exports equal those of a run where they
// were configured, bar for bar, and so does IBM (configured in both runs).
// A promoted symbol keeps its provision on top of the configured plan; the
// scanner asks for avg_volume_5d, which the session configures too, so the
// whole exports compare.
TEST_F(StrategySessionTest, ASymbolAScannerPromotesEqualsAConfiguredOne) {
  const auto scanner = [] {
    return Host({{{"module", "gap_scanner"},
                  {"regular_session", Json::array({{{"start", "09:31"}}})},
                  {"config",
                   {{"universe", {"SPY", "BAC"}}, {"min_gap_pct", 1.0}, {"avg_volume_days", 5}}}}},
                {});
  };
  std::map<std::pair<Timestamp, std::string>, std::string> configured;
  std::map<std::pair<Timestamp, std::string>, std::string> promoted;
  const auto read_closes = [](SessionSetup& setup, auto& into) {
    for (const int day : {9, 10, 11}) {
      const Timestamp close = (**test_support::Nyse().Session(Day(day))).close;
      test_support::ReadAt(setup, close, [&into, close](const SessionEngine& engine) {
        for (const char* name : {"SPY", "BAC", "IBM"}) {
          into[{close, name}] = ComparableExport(engine, *Symbol::Parse(name));
        }
      });
    }
  };
  SessionSetup reference = Setup({"IBM", "SPY", "BAC"}, Day(9), Day(11));
  read_closes(reference, configured);
  const auto reference_run = Run(reference, nullptr);
  SessionSetup with_scanner = Setup({"IBM"}, Day(9), Day(11));
  read_closes(with_scanner, promoted);
  const auto scanner_run = Run(with_scanner, scanner());

  ASSERT_EQ(scanner_run->scans().size(), 3u);
  EXPECT_TRUE(scanner_run->scans()[0].selected.empty());
  EXPECT_EQ(scanner_run->scans()[1].selected, (std::vector<std::string>{"BAC", "SPY"}));
  ASSERT_EQ(configured.size(), 9u);
  ASSERT_EQ(promoted.size(), 9u);
  for (const auto& [key, text] : configured) {
    if (key.first < At("2013-10-10T20:00:00Z") && key.second != "IBM") {
      continue;  // Before the promotion SPY and BAC are light.
    }
    EXPECT_EQ(FirstDifference(promoted.at(key), text), "")
        << key.second << " at " << FormatTimestamp(key.first);
  }
  EXPECT_EQ(scanner_run->symbols().at(*Symbol::Parse("SPY")).added_by, session::AddedBy::kScanner);
}

// A universe symbol that is already configured gets the scanner's
// indicator on top, warmed as add_indicator warms it: at each close it equals
// the same indicator configured from the start.
TEST_F(StrategySessionTest, AConfiguredUniverseSymbolGetsTheScannersIndicator) {
  const Json spikes = {
      {"module", "volume_spike_scanner"},
      {"regular_session",
       Json::array({{{"start", "09:35"}, {"end", "15:55"}, {"interval", "5m"}}})},
      {"config", {{"universe", {"SPY", "IBM"}}, {"threshold", 2.5}, {"period", 12}}}};
  const std::string key = "volume_ratio_12_5m";
  std::map<Timestamp, std::optional<double>> configured;
  std::map<Timestamp, std::optional<double>> provisioned;
  const auto read_closes = [&key](SessionSetup& setup, auto& into) {
    for (const int day : {9, 10}) {
      const Timestamp close = (**test_support::Nyse().Session(Day(day))).close;
      test_support::ReadAt(setup, close, [&into, &key, close](const SessionEngine& engine) {
        const auto& held = engine.symbols().at(*Symbol::Parse("SPY")).state->indicators();
        const auto it = std::ranges::find(held, key, &loading::IndicatorState::key);
        into[close] = it == held.end() || !it->indicator->ready()
                          ? std::nullopt
                          : std::optional(it->indicator->values()[0]);
      });
    }
  };
  SessionSetup reference = Setup({"SPY"}, Day(9), Day(10));
  reference.plan.indicators.push_back(
      *indicators::ParseIndicatorSpec("volume_ratio", 12, {}, Interval::Minutes(5)));
  read_closes(reference, configured);
  (void)Run(reference, nullptr);
  SessionSetup with_scanner = Setup({"SPY"}, Day(9), Day(10));
  read_closes(with_scanner, provisioned);
  const auto run = Run(with_scanner, Host({spikes}, {}));

  EXPECT_TRUE(run->participant_errors().empty());
  ASSERT_EQ(configured.size(), 2u);
  for (const auto& [close, value] : configured) {
    ASSERT_TRUE(value.has_value());
    EXPECT_EQ(provisioned.at(close), value) << FormatTimestamp(close);
  }
}

// Strategies and a volume-spike scanner every 5 minutes: the export, signals
// and scans included, is the same flat out (running ahead between sync
// points), paced at 60× and paused and stepped one step at a time. Once with
// 1m subscriptions (a sync point every minute), once with only 5m ones (each
// symbol runs ahead through four 1m bars between sync points).
void ExpectSameAtEverySpeed(const std::function<std::unique_ptr<strategy::StrategyHost>()>& host,
                            const SessionSetup& setup, size_t min_signals) {
  const Json flat = WithoutTimingOf(ExportSession(*RunWith(setup, host()), {.include_bars = true}));
  SessionSetup paced_setup = setup;
  paced_setup.speed = 60;
  const Json paced =
      WithoutTimingOf(ExportSession(*RunWith(paced_setup, host()), {.include_bars = true}));
  auto stepped = StartWith(setup, host());
  std::future<Status> pause = stepped->Submit(session::PauseCommand{});
  std::thread runner([&] { EXPECT_TRUE(stepped->Run().ok()); });
  while (stepped->Submit(session::StepCommand{1, std::nullopt}).get().ok()) {
  }
  runner.join();
  EXPECT_TRUE(pause.get().ok());
  const Json step_by_step = WithoutTimingOf(ExportSession(*stepped, {.include_bars = true}));

  ASSERT_TRUE(flat.contains("signals"));
  EXPECT_GE(flat["signals"].size(), min_signals);
  EXPECT_GT(flat["scans"].size(), 100u);  // 77 scan times a day, two days.
  EXPECT_TRUE(flat["participant_errors"].empty()) << flat["participant_errors"].dump();
  EXPECT_EQ(FirstDifference(paced.dump(), flat.dump()), "");
  EXPECT_EQ(FirstDifference(step_by_step.dump(), flat.dump()), "");
}

const Json kSpikes = {
    {"module", "volume_spike_scanner"},
    {"regular_session", Json::array({{{"start", "09:35"}, {"end", "15:55"}, {"interval", "5m"}}})},
    {"config", {{"universe", {"SPY", "IBM", "BAC"}}, {"threshold", 2.5}, {"period", 12}}}};

TEST_F(StrategySessionTest, SignalsAndScansAreTheSameAtEverySpeed) {
  ExpectSameAtEverySpeed(
      [] {
        return Host(
            {kSpikes},
            {{{"module", "sma_cross"},
              {"config", {{"interval", "5m"}, {"fast", 3}, {"slow", 8}, {"quantity", 100}}}},
             {{"module", "opening_range_breakout"},
              {"config", {{"symbols", {"SPY", "IBM"}}, {"range", "15m"}, {"interval", "1m"}}}}});
      },
      Setup({"SPY", "IBM"}, Day(9), Day(10)), 10);
}

TEST_F(StrategySessionTest, SignalsAreTheSameAtEverySpeedWhenSymbolsRunAheadBetween5mBars) {
  ExpectSameAtEverySpeed(
      [] {
        return Host({kSpikes}, {{{"module", "sma_cross"},
                                 {"config", {{"interval", "5m"}, {"fast", 2}, {"slow", 5}}}}});
      },
      Setup({"SPY", "IBM", "BAC"}, Day(9), Day(10)), 10);
}

// Delta exports carry the scans and signals recorded since the previous
// delta: taken at 11:00, 14:00 and the close, together they are the complete
// export's lists.
TEST_F(StrategySessionTest, DeltaExportsCarryTheNewScansAndSignals) {
  SessionSetup setup = Setup({"SPY", "IBM"}, Day(10), Day(10));
  auto cursor = std::make_shared<session::ExportCursor>();
  auto deltas = std::make_shared<std::vector<Json>>();
  for (const char* at : {"2013-10-10T15:00:00Z", "2013-10-10T18:00:00Z", "2013-10-10T20:00:00Z"}) {
    test_support::ReadAt(setup, At(at), [cursor, deltas](const SessionEngine& engine) {
      deltas->push_back(session::ExportDelta(engine, *cursor));
    });
  }
  const auto engine =
      Run(std::move(setup),
          Host({kSpikes}, {{{"module", "sma_cross"}, {"config", {{"fast", 3}, {"slow", 8}}}}}));
  const Json complete = ExportSession(*engine, {});

  ASSERT_EQ(deltas->size(), 3u);
  Json scans = Json::array();
  Json signals = Json::array();
  for (const Json& delta : *deltas) {
    for (const Json& scan : delta["scans"]) scans.push_back(scan);
    for (const Json& signal : delta["signals"]) signals.push_back(signal);
  }
  EXPECT_FALSE((*deltas)[0]["signals"].empty());
  EXPECT_FALSE((*deltas)[1]["signals"].empty());
  EXPECT_EQ(scans, complete["scans"]);
  EXPECT_EQ(signals, complete["signals"]);
}

// Records what it is given: bars, and what the view shows then.
class RecordingStrategy final : public api::Strategy {
 public:
  struct Seen {
    std::string symbol;
    std::string interval;
    api::Nanos completed_at = 0;
    api::Nanos now = 0;
    size_t other_1m_bars = 0;  // IBM's 1m bars in the view at that moment.
  };
  explicit RecordingStrategy(std::vector<Seen>& seen, int throw_after = -1)
      : seen_(seen), throw_after_(throw_after) {}

  std::vector<api::Subscription> Subscriptions() override {
    return {{"*", "1m"}, {"*", "5m"}, {"SPY", "15m"}};
  }
  void OnBar(const api::BarUpdate& bar, api::StrategyContext& session) override {
    if (throw_after_ >= 0 && static_cast<int>(seen_.size()) >= throw_after_) {
      throw std::runtime_error("deliberate failure");
    }
    seen_.push_back({std::string(bar.symbol), std::string(bar.interval), bar.completed_at,
                     session.now(), session.bars("IBM", "1m").size()});
    if (bar.interval == "15m")
      session.emit({std::string(bar.symbol), api::Side::kBuy, 1.0, {}, "r"});
  }

 private:
  std::vector<Seen>& seen_;
  int throw_after_;
};

std::unique_ptr<strategy::StrategyHost> RecordingHost(std::vector<RecordingStrategy::Seen>& seen,
                                                      int throw_after = -1) {
  std::vector<strategy::StrategySlot> slots;
  strategy::StrategySlot slot;
  slot.name = "recorder";
  slot.strategy = std::make_unique<RecordingStrategy>(seen, throw_after);
  slots.push_back(std::move(slot));
  strategy::StrategySlot other;
  other.name = "sma_cross";
  other.strategy =
      std::move(strategy::CreateSmaCross({{"interval", "5m"}, {"fast", 2}, {"slow", 4}}, "config"))
          .value();
  slots.push_back(std::move(other));
  return std::make_unique<strategy::StrategyHost>(std::vector<strategy::ScannerSlot>{},
                                                  std::move(slots));
}

// Once per completed bar, ordered by (completion time, base before derived,
// shorter interval first, symbol), each at the step of its completion time
// with every symbol already there (no symbol runs ahead of what a strategy sees).
TEST_F(StrategySessionTest, BarsArriveInGlobalTimeOrderWithEverySymbolAtThatTime) {
  std::vector<RecordingStrategy::Seen> seen;
  const auto engine = Run(Setup({"SPY", "IBM", "BAC"}, Day(9), Day(9)), RecordingHost(seen));

  ASSERT_FALSE(seen.empty());
  int spy_1m = 0;
  int ibm_5m = 0;
  int spy_15m = 0;
  for (size_t i = 0; i < seen.size(); ++i) {
    const RecordingStrategy::Seen& s = seen[i];
    EXPECT_EQ(s.completed_at, s.now) << s.symbol << " " << s.interval;
    spy_1m += s.symbol == "SPY" && s.interval == "1m";
    ibm_5m += s.symbol == "IBM" && s.interval == "5m";
    spy_15m += s.symbol == "SPY" && s.interval == "15m";
    // IBM's 1m bars completed by now are all in the view.
    const auto ibm =
        engine->symbols().at(*Symbol::Parse("IBM")).state->FindSeries(Interval::Minutes(1));
    size_t expected = 0;
    for (const model::Bar& bar : ibm->bars) {
      expected += ToUnixNanos(bar.open_time + 1min) <= s.now ? 1u : 0u;
    }
    EXPECT_EQ(s.other_1m_bars, expected) << "at " << s.now;
    if (i == 0) continue;
    const RecordingStrategy::Seen& p = seen[i - 1];
    const auto rank = [](const RecordingStrategy::Seen& x) {
      const auto interval = *Interval::Parse(x.interval);
      return std::tuple(x.completed_at, interval.duration(), x.symbol);
    };
    EXPECT_LT(rank(p), rank(s)) << i;
  }
  // SPY has a bar every minute of 10-09; 78 5m and 26 15m buckets.
  EXPECT_EQ(spy_1m, 390);
  EXPECT_EQ(ibm_5m, 78);
  EXPECT_EQ(spy_15m, 26);
  // One signal per SPY 15m bar from the recorder, stamped with its completion.
  int recorded = 0;
  for (const session::Signal& signal : engine->signals()) {
    if (signal.strategy != "recorder") continue;
    ++recorded;
    EXPECT_EQ(signal.symbol, "SPY");
    EXPECT_EQ((signal.time - (**test_support::Nyse().Session(Day(9))).open) % 15min, 0min);
  }
  EXPECT_EQ(recorded, 26);
}

// Declares that it reads only its bars. With `peek` it reads the session
// anyway; with `swallow` too, catching the refusal.
class BarOnlyRecorder final : public api::Strategy {
 public:
  BarOnlyRecorder(std::vector<RecordingStrategy::Seen>& seen, bool peek, bool swallow = false)
      : seen_(seen), peek_(peek), swallow_(swallow) {}

  std::vector<api::Subscription> Subscriptions() override {
    return {{"*", "1m"}, {"*", "5m"}, {"SPY", "15m"}};
  }
  bool reads_session() const override { return false; }
  void OnBar(const api::BarUpdate& bar, api::StrategyContext& session) override {
    if (peek_ && swallow_) {
      try {
        (void)session.indicator("IBM", "sma_20_5m");
      } catch (const std::logic_error&) {  // Goes on regardless.
      }
    } else if (peek_) {
      (void)session.indicator("IBM", "sma_20_5m");
    }
    seen_.push_back(
        {std::string(bar.symbol), std::string(bar.interval), bar.completed_at, session.now(), 0});
    if (bar.interval == "15m")
      session.emit({std::string(bar.symbol), api::Side::kBuy, 1.0, {}, "r"});
  }

 private:
  std::vector<RecordingStrategy::Seen>& seen_;
  bool peek_;
  bool swallow_;
};

// A strategy that reads only its bars does not stop the session at each of
// them: flat out, the symbols run ahead to the close, and it still gets every
// bar in the global order, at its completion time, and its signals are
// stamped then. One that reads the session anyway is stopped at that read,
// also when it catches the refusal (then after that time's bars).
TEST_F(StrategySessionTest, ABarOnlyStrategyGetsTheSameBarsWhileSymbolsRunAhead) {
  std::vector<RecordingStrategy::Seen> reading;
  (void)Run(Setup({"SPY", "IBM", "BAC"}, Day(9), Day(9)), RecordingHost(reading));
  std::vector<RecordingStrategy::Seen> bar_only;
  std::vector<RecordingStrategy::Seen> peeked;
  std::vector<RecordingStrategy::Seen> swallowed;
  std::vector<strategy::StrategySlot> slots(3);
  slots[0].name = "bar_only";
  slots[0].strategy = std::make_unique<BarOnlyRecorder>(bar_only, false);
  slots[1].name = "peeker";
  slots[1].strategy = std::make_unique<BarOnlyRecorder>(peeked, true);
  slots[2].name = "swallower";
  slots[2].strategy = std::make_unique<BarOnlyRecorder>(swallowed, true, true);

  const auto engine = Run(Setup({"SPY", "IBM", "BAC"}, Day(9), Day(9)),
                          std::make_unique<strategy::StrategyHost>(
                              std::vector<strategy::ScannerSlot>{}, std::move(slots)));

  EXPECT_LT(engine->totals().steps, 10);  // Not one a minute: the symbols ran ahead.
  ASSERT_EQ(bar_only.size(), reading.size());
  for (size_t i = 0; i < bar_only.size(); ++i) {
    EXPECT_EQ(bar_only[i].symbol, reading[i].symbol) << i;
    EXPECT_EQ(bar_only[i].interval, reading[i].interval) << i;
    EXPECT_EQ(bar_only[i].completed_at, reading[i].completed_at) << i;
    EXPECT_EQ(bar_only[i].now, bar_only[i].completed_at) << i;
  }
  int signals = 0;
  for (const session::Signal& signal : engine->signals()) {
    if (signal.strategy != "bar_only") continue;
    ++signals;
    EXPECT_EQ((signal.time - (**test_support::Nyse().Session(Day(9))).open) % 15min, 0min);
  }
  EXPECT_EQ(signals, 26);
  EXPECT_TRUE(peeked.empty());  // Its first read threw.
  // The bars completing with its first (09:31): the three symbols' 1m bars.
  ASSERT_EQ(swallowed.size(), 3u);
  EXPECT_EQ(swallowed[2].completed_at, swallowed[0].completed_at);
  ASSERT_EQ(engine->participant_errors().size(), 2u);
  const Timestamp first = (**test_support::Nyse().Session(Day(9))).open + 1min;
  for (const session::ParticipantError& error : engine->participant_errors()) {
    EXPECT_EQ(error.time, first);
    EXPECT_NE(error.error.find("indicator(IBM, sma_20_5m)"), std::string::npos) << error.error;
  }
  EXPECT_EQ(engine->participant_errors()[0].participant, "strategy peeker");
  EXPECT_EQ(engine->participant_errors()[1].participant, "strategy swallower");
}

// A strategy that throws is stopped and reported; the session and the other
// strategy go on.
TEST_F(StrategySessionTest, AStrategyThatThrowsIsStoppedAndTheSessionGoesOn) {
  std::vector<RecordingStrategy::Seen> seen;
  std::vector<RecordingStrategy::Seen> reference;
  const auto engine = Run(Setup({"SPY", "IBM"}, Day(9), Day(9)), RecordingHost(seen, 100));
  const auto healthy = Run(Setup({"SPY", "IBM"}, Day(9), Day(9)), RecordingHost(reference));

  EXPECT_EQ(engine->state(), session::SessionState::kFinished);
  EXPECT_EQ(seen.size(), 100u);
  ASSERT_EQ(engine->participant_errors().size(), 1u);
  EXPECT_EQ(engine->participant_errors()[0].participant, "strategy recorder");
  EXPECT_EQ(engine->participant_errors()[0].error, "deliberate failure");
  // The SMA cross's signals are those of the run where nothing failed.
  std::vector<std::string> a;
  std::vector<std::string> b;
  for (const session::Signal& s : engine->signals()) {
    if (s.strategy == "sma_cross") a.push_back(FormatTimestamp(s.time) + s.symbol + s.reason);
  }
  for (const session::Signal& s : healthy->signals()) {
    if (s.strategy == "sma_cross") b.push_back(FormatTimestamp(s.time) + s.symbol + s.reason);
  }
  EXPECT_FALSE(b.empty());
  EXPECT_EQ(a, b);
  const Json exported = ExportSession(*engine, {});
  EXPECT_EQ(exported["participant_errors"][0]["error"], "deliberate failure");
}

// A scanner that throws in Scan is stopped after its first scan; the session goes on.
class ThrowingScanner final : public api::Scanner {
 public:
  void Setup(api::ScanContext& /*context*/) override {}
  api::ScanSelection Scan(api::ScanContext& /*context*/) override {
    ++scans;
    throw std::runtime_error("scanner broke");
  }
  void Teardown(api::ScanContext& /*context*/) override {}
  int scans = 0;
};

TEST_F(StrategySessionTest, AScannerThatThrowsIsStoppedAndTheSessionGoesOn) {
  std::vector<strategy::ScannerSlot> slots(1);
  slots[0].name = "broken";
  slots[0].universe = {"BAC"};
  slots[0].schedule.pre_session = true;
  slots[0].schedule.windows = {{chr::hours(10), chr::hours(11), chr::minutes(5)}};
  auto scanner = std::make_unique<ThrowingScanner>();
  const ThrowingScanner* raw = scanner.get();
  slots[0].scanner = std::move(scanner);
  const auto engine = Run(Setup({"SPY"}, Day(9), Day(10)),
                          std::make_unique<strategy::StrategyHost>(
                              std::move(slots), std::vector<strategy::StrategySlot>{}));

  EXPECT_EQ(engine->state(), session::SessionState::kFinished);
  EXPECT_EQ(raw->scans, 1);
  ASSERT_EQ(engine->participant_errors().size(), 1u);
  EXPECT_EQ(engine->participant_errors()[0].participant, "scanner broken");
  EXPECT_EQ(engine->participant_errors()[0].time, At("2013-10-09T13:30:00Z"));
  EXPECT_EQ(engine->totals().days, 2);
  EXPECT_TRUE(engine->scans().empty());
}

}  // namespace
}  // namespace tapedeck::replay
