// Regression tests for what the system tapedeck replaces got wrong, on the
// real sample data in a MemoryBarStore: a full-speed run with commands from
// another thread finishes; a run whose end date is a holiday ends; VWAP is per symbol and per
// session; each indicator updates once per completed bar; daily history never holds the session day
// or later; a Monday's history holds the N sessions before it. Expected
// values are computed here from the sample files, never by the engine.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "core/log.hpp"
#include "replay/test_session_runs.hpp"
#include "testkit/bars.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/sample_bars.hpp"

namespace tapedeck::replay {
namespace {

using Json = nlohmann::ordered_json;
using model::Bar;
using model::Interval;
using model::Symbol;
using session::SessionEngine;
using session::SessionSetup;
using test_support::Nyse;
using test_support::ReadAt;
using namespace std::chrono_literals;

Timestamp At(std::string_view text) { return *ParseTimestamp(text); }
Date Day(std::string_view text) { return *ParseDate(text); }

std::vector<Bar> Sample(std::string_view file) {
  return testkit::ReadSampleBars(testkit::SourceDir() / "data" / "sample" / file);
}

// Regular-hours bars of `date` that complete by `until`.
std::vector<Bar> RegularBars(const std::vector<Bar>& bars, Date date, Timestamp until) {
  const calendar::SessionHours hours = **Nyse().Session(date);
  std::vector<Bar> out;
  for (const Bar& bar : bars) {
    if (bar.open_time >= hours.open && bar.open_time < hours.close &&
        bar.open_time + 1min <= until) {
      out.push_back(bar);
    }
  }
  return out;
}

// The `minutes`-minute buckets of one session's 1m bars, counted from the
// open, complete by `until`: a direct calculation, independent of aggregate/.
struct Bucket {
  Timestamp end{};
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
};
std::vector<Bucket> Buckets(const std::vector<Bar>& day, Date date, int minutes, Timestamp until) {
  const calendar::SessionHours hours = **Nyse().Session(date);
  std::map<int64_t, Bucket> buckets;
  for (const Bar& bar : day) {
    const int64_t index = (bar.open_time - hours.open) / std::chrono::minutes(minutes);
    const auto [it, fresh] = buckets.try_emplace(index);
    Bucket& b = it->second;
    if (fresh) {
      b = {std::min(hours.open + std::chrono::minutes(minutes * (index + 1)), hours.close),
           bar.open,
           bar.high,
           bar.low,
           bar.close,
           0};
    }
    b.high = std::max(b.high, bar.high);
    b.low = std::min(b.low, bar.low);
    b.close = bar.close;
    b.volume += bar.volume;
  }
  std::vector<Bucket> out;
  for (const auto& [index, bucket] : buckets) {
    if (bucket.end <= until) out.push_back(bucket);
  }
  return out;
}

SessionSetup PlanWith(std::vector<std::string> symbols, Date start, Date end) {
  SessionSetup setup;
  setup.name = "regression";
  for (const std::string& s : symbols) setup.symbols.push_back(*Symbol::Parse(s));
  setup.start_date = start;
  setup.end_date = end;
  setup.plan.base = Interval::Minutes(1);
  return setup;
}

indicators::IndicatorSpec Spec(std::string_view name, double period, Interval interval) {
  return *indicators::ParseIndicatorSpec(name, period, {}, interval);
}

class SessionRegressionTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    ASSERT_TRUE(SetLogLevel("off").ok());
    store_ = new testkit::MemoryBarStore();
    std::vector<store::SeriesBars> series;
    for (const char* file :
         {"SPY_1m_2013-10-07_2013-10-11.csv", "BAC_1m_2013-10-07_2013-10-11.csv",
          "SPY_1d_2010-01-04_2013-10-11.csv", "AAPL_1m_2014-06-05_2014-06-09.csv"}) {
      const std::string name = file;
      const std::string symbol = name.substr(0, name.find('_'));
      const std::string interval = name.substr(symbol.size() + 1, 2);
      series.push_back({*Symbol::Parse(symbol), *Interval::Parse(interval), Sample(file)});
    }
    ASSERT_TRUE(store_->Write(series).ok());
  }
  static void TearDownTestSuite() {
    delete store_;
    store_ = nullptr;
  }

  static Json SymbolAt(const SessionEngine& engine, std::string_view symbol) {
    return session::ExportSymbol(engine.symbols().at(*Symbol::Parse(symbol)), {}, false);
  }

  static inline testkit::MemoryBarStore* store_ = nullptr;
};

// The predecessor deadlocked when commands arrived while it replayed at full
// speed. Here a second thread reads the session between steps, with a real
// wall clock, until it sees the scripted pause; then it resumes the session.
TEST_F(SessionRegressionTest, AFullSpeedRunWithCommandsFromAnotherThreadFinishes) {
  SessionSetup setup = PlanWith({"SPY", "BAC"}, Day("2013-10-08"), Day("2013-10-09"));
  setup.plan.derived = {Interval::Minutes(5)};
  setup.plan.indicators = {Spec("sma", 20, Interval::Minutes(5))};
  setup.script.push_back({At("2013-10-09T15:00:00Z"), session::PauseCommand{}});
  const clock::WallClock wall;
  ReplayBarSource source(*store_);
  SessionEngine engine(setup, *store_, source, Nyse(), wall);
  int reads = 0;
  std::thread reader([&] {
    while (true) {
      bool paused = false;
      const Status read = engine
                              .Submit(session::ReadCommand{[&](const SessionEngine& e) {
                                paused = e.state() == session::SessionState::kPaused;
                              }})
                              .get();
      if (!read.ok()) return;
      ++reads;
      if (paused) break;
    }
    EXPECT_TRUE(engine.Submit(session::ResumeCommand{}).get().ok());
  });

  const Status status = engine.Run();
  reader.join();

  EXPECT_TRUE(status.ok());
  EXPECT_EQ(engine.state(), session::SessionState::kFinished);
  EXPECT_EQ(engine.now(), At("2013-10-09T20:00:00Z"));
  EXPECT_GE(reads, 1);
  // awk over the sample: 390 regular-hours rows of SPY and of BAC on 2013-10-09.
  EXPECT_EQ(SymbolAt(engine, "SPY")["bars"]["1m"]["count"], 390);
  EXPECT_EQ(SymbolAt(engine, "BAC")["bars"]["5m"]["count"], 78);
}

// The predecessor kept waiting for a session that never came when the end
// date was a holiday. 2013-12-24 closes at 13:00 New York (18:00Z) and
// 2013-12-25 is Christmas: the run is one short session, then it ends.
TEST_F(SessionRegressionTest, AnEndDateOnAHolidayEndsAfterTheLastSession) {
  testkit::MemoryBarStore store;
  std::vector<Bar> bars;
  for (Timestamp t = At("2013-12-24T14:30:00Z"); t < At("2013-12-24T18:00:00Z"); t += 1min) {
    bars.push_back(testkit::MakeBar(t, 10, 10, 10, 10, 100));
  }
  ASSERT_TRUE(store
                  .Write(std::vector<store::SeriesBars>{
                      {*Symbol::Parse("XMAS"), Interval::Minutes(1), bars}})
                  .ok());
  test_support::SessionRunner runner(store);
  const auto engine = runner.Run(PlanWith({"XMAS"}, Day("2013-12-24"), Day("2013-12-25")));

  EXPECT_EQ(engine->state(), session::SessionState::kFinished);
  EXPECT_EQ(engine->now(), At("2013-12-24T18:00:00Z"));
  EXPECT_EQ(engine->totals().days, 1);
  EXPECT_EQ(SymbolAt(*engine, "XMAS")["bars"]["1m"]["count"], 210);  // 09:30–13:00 New York.
}

// VWAP is Σ typical price × volume / Σ volume over the symbol's own bars of
// the current session: SPY (~$168) and BAC (~$14) each get their own, and
// each session starts afresh (the warm-up day and day one do not leak in).
TEST_F(SessionRegressionTest, VwapIsPerSymbolAndPerSession) {
  SessionSetup setup = PlanWith({"SPY", "BAC"}, Day("2013-10-08"), Day("2013-10-09"));
  setup.plan.indicators = {Spec("vwap", 0, Interval::Minutes(1))};
  setup.plan.history = {loading::HistoryRequest{1, {Interval::Minutes(1)}, {}}};
  const std::vector<std::pair<Date, Timestamp>> checkpoints = {
      {Day("2013-10-08"), At("2013-10-08T16:42:00Z")},
      {Day("2013-10-08"), At("2013-10-08T20:00:00Z")},
      {Day("2013-10-09"), At("2013-10-09T13:45:30Z")},
      {Day("2013-10-09"), At("2013-10-09T20:00:00Z")}};
  std::map<std::pair<std::string, Timestamp>, Json> seen;
  for (const auto& [date, t] : checkpoints) {
    ReadAt(setup, t, [&seen, t = t](const SessionEngine& engine) {
      for (const char* symbol : {"SPY", "BAC"}) {
        seen[{symbol, t}] = SymbolAt(engine, symbol)["indicators"]["vwap_1m"];
      }
    });
  }
  test_support::SessionRunner runner(*store_);
  runner.Run(setup);

  for (const char* symbol : {"SPY", "BAC"}) {
    const std::vector<Bar> bars = Sample(std::string(symbol) + "_1m_2013-10-07_2013-10-11.csv");
    for (const auto& [date, t] : checkpoints) {
      double price_volume = 0;
      double volume = 0;
      const std::vector<Bar> day = RegularBars(bars, date, t);
      for (const Bar& bar : day) {
        price_volume += (bar.high + bar.low + bar.close) / 3.0 * bar.volume;
        volume += bar.volume;
      }
      const Json& vwap = seen[{symbol, t}];
      ASSERT_FALSE(day.empty());
      EXPECT_DOUBLE_EQ(vwap["value"].get<double>(), price_volume / volume)
          << symbol << " at " << FormatTimestamp(t);
      EXPECT_EQ(vwap["updated_at"], FormatTimestamp(day.back().open_time + 1min));
    }
  }
  const double spy = seen[{"SPY", checkpoints[1].second}]["value"].get<double>();
  const double bac = seen[{"BAC", checkpoints[1].second}]["value"].get<double>();
  EXPECT_GT(spy, 100.0);
  EXPECT_LT(bac, 20.0);
}

// Counted updates: an EMA seeded on the first 10 closes, an SMA(2) and the
// cumulative accumulation/distribution line all drift if a bar is fed twice
// or skipped, here through a warm-up day and a day up to a time between bars.
TEST_F(SessionRegressionTest, EachIndicatorUpdatesOncePerCompletedBar) {
  SessionSetup setup = PlanWith({"SPY"}, Day("2013-10-08"), Day("2013-10-08"));
  setup.plan.derived = {Interval::Minutes(5), Interval::Minutes(15)};
  setup.plan.indicators = {Spec("ema", 10, Interval::Minutes(5)),
                           Spec("sma", 2, Interval::Minutes(5)),
                           Spec("ad", 0, Interval::Minutes(15))};
  setup.plan.history = {loading::HistoryRequest{1, {Interval::Minutes(1)}, {}}};
  const std::vector<Timestamp> checkpoints = {At("2013-10-08T15:07:30Z"),
                                              At("2013-10-08T20:00:00Z")};
  std::map<Timestamp, Json> seen;
  for (const Timestamp t : checkpoints) {
    ReadAt(setup, t,
           [&seen, t](const SessionEngine& engine) { seen[t] = SymbolAt(engine, "SPY"); });
  }
  test_support::SessionRunner runner(*store_);
  runner.Run(setup);

  const std::vector<Bar> bars = Sample("SPY_1m_2013-10-07_2013-10-11.csv");
  const Date warmup = Day("2013-10-07");
  const Date today = Day("2013-10-08");
  for (const Timestamp t : checkpoints) {
    std::vector<Bucket> five = Buckets(RegularBars(bars, warmup, t), warmup, 5, t);
    const std::vector<Bucket> five_today = Buckets(RegularBars(bars, today, t), today, 5, t);
    five.insert(five.end(), five_today.begin(), five_today.end());
    std::vector<Bucket> fifteen = Buckets(RegularBars(bars, warmup, t), warmup, 15, t);
    const std::vector<Bucket> fifteen_today = Buckets(RegularBars(bars, today, t), today, 15, t);
    fifteen.insert(fifteen.end(), fifteen_today.begin(), fifteen_today.end());
    // EMA as TA-Lib: the SMA of the first 10 closes, then (close − ema)·k + ema.
    double ema = 0;
    for (size_t i = 0; i < 10; ++i) ema += five[i].close;
    ema /= 10;
    const double k = 2.0 / 11.0;
    for (size_t i = 10; i < five.size(); ++i) ema = (five[i].close - ema) * k + ema;
    double ad = 0;
    for (const Bucket& b : fifteen) {
      if (b.high > b.low)
        ad += ((b.close - b.low) - (b.high - b.close)) / (b.high - b.low) * b.volume;
    }
    const Json& out = seen[t];
    const std::string last_five = FormatTimestamp(five.back().end);

    EXPECT_EQ(out["bars"]["5m"]["count"], five_today.size()) << FormatTimestamp(t);
    EXPECT_EQ(out["bars"]["15m"]["count"], fifteen_today.size()) << FormatTimestamp(t);
    EXPECT_NEAR(out["indicators"]["ema_10_5m"]["value"].get<double>(), ema, 1e-9);
    EXPECT_EQ(out["indicators"]["ema_10_5m"]["updated_at"], last_five);
    EXPECT_DOUBLE_EQ(out["indicators"]["sma_2_5m"]["value"].get<double>(),
                     (five[five.size() - 2].close + five.back().close) / 2);
    EXPECT_EQ(out["indicators"]["sma_2_5m"]["updated_at"], last_five);
    EXPECT_NEAR(out["indicators"]["ad_15m"]["value"].get<double>(), ad, 1e-6 * std::abs(ad));
    EXPECT_EQ(out["indicators"]["ad_15m"]["updated_at"], FormatTimestamp(fifteen.back().end));
  }
  // 97.5 minutes after the open: 19 complete 5m buckets and 6 of 15m.
  EXPECT_EQ(seen[checkpoints[0]]["bars"]["5m"]["count"], 19);
  EXPECT_EQ(seen[checkpoints[0]]["bars"]["15m"]["count"], 6);
}

// History for session D holds only sessions before D, for daily bars and the
// historical indicators over them, on every day of a run (the store has the
// daily bars of D and later, which must not leak in).
TEST_F(SessionRegressionTest, DailyHistoryNeverHoldsTheSessionDayOrLater) {
  SessionSetup setup = PlanWith({"SPY"}, Day("2013-10-08"), Day("2013-10-11"));
  setup.plan.history = {loading::HistoryRequest{5, {Interval::Days(1)}, {}}};
  setup.plan.historical_indicators = {
      *indicators::ParseHistoricalSpec("avg_volume", 5, "days", {}),
      *indicators::ParseHistoricalSpec("high_low", 52, "weeks", {})};
  const std::vector<Date> days = *Nyse().SessionsBetween(setup.start_date, setup.end_date);
  std::map<Timestamp, Json> seen;
  for (const Date date : days) {
    const calendar::SessionHours hours = **Nyse().Session(date);
    for (const Timestamp t : {hours.open, hours.close}) {
      ReadAt(setup, t,
             [&seen, t](const SessionEngine& engine) { seen[t] = SymbolAt(engine, "SPY"); });
    }
  }
  test_support::SessionRunner runner(*store_);
  runner.Run(setup);

  const std::vector<Bar> daily = Sample("SPY_1d_2010-01-04_2013-10-11.csv");
  ASSERT_EQ(days.size(), 4u);
  for (const Date date : days) {
    const Timestamp midnight = StartOfDayUtc(date);
    std::vector<Bar> before;
    for (const Bar& bar : daily) {
      if (bar.open_time < midnight) before.push_back(bar);
    }
    ASSERT_GE(before.size(), 5u);
    const std::vector<Bar> last_five(before.end() - 5, before.end());
    double volume = 0;
    for (const Bar& bar : last_five) volume += bar.volume;
    double high = 0;
    double low = 1e300;
    for (const Bar& bar : before) {
      if (bar.open_time < midnight - std::chrono::weeks(52)) continue;
      high = std::max(high, bar.high);
      low = std::min(low, bar.low);
    }
    const std::string previous = FormatDate(UtcDate(last_five.back().open_time));
    const calendar::SessionHours hours = **Nyse().Session(date);
    for (const Timestamp t : {hours.open, hours.close}) {
      const Json& out = seen[t];
      SCOPED_TRACE(FormatTimestamp(t));
      EXPECT_EQ(out["historical"]["bars"]["1d"]["count"], 5);
      EXPECT_EQ(out["historical"]["bars"]["1d"]["first_session"],
                FormatDate(UtcDate(last_five.front().open_time)));
      EXPECT_EQ(out["historical"]["bars"]["1d"]["last_session"], previous);
      EXPECT_EQ(out["historical"]["bars"]["1d"]["source"], "store");
      const Json& avg = out["historical_indicators"]["avg_volume_5d"];
      EXPECT_DOUBLE_EQ(avg["value"].get<double>(), volume / 5);
      EXPECT_EQ(avg["as_of"], previous);
      const Json& range = out["historical_indicators"]["high_low_52w"];
      EXPECT_EQ(range["value"]["high"].get<double>(), high);
      EXPECT_EQ(range["value"]["low"].get<double>(), low);
      EXPECT_EQ(range["as_of"], previous);
    }
  }
}

// A Monday with 5 trailing days gets the five sessions of the week before
// (not five calendar days), for minute and daily history alike.
TEST_F(SessionRegressionTest, MondayHistoryHoldsTheNSessionsBeforeIt) {
  SessionSetup setup = PlanWith({"SPY"}, Day("2013-10-07"), Day("2013-10-07"));
  setup.plan.history = {loading::HistoryRequest{5, {Interval::Minutes(1), Interval::Days(1)}, {}}};
  test_support::SessionRunner runner(*store_);
  const auto engine = runner.Run(setup);

  const Json out = SymbolAt(*engine, "SPY");
  std::vector<std::string> sessions;
  for (const Json& day : out["historical_quality"]["1m"]["sessions"])
    sessions.push_back(day["date"]);
  EXPECT_EQ(sessions, (std::vector<std::string>{"2013-09-30", "2013-10-01", "2013-10-02",
                                                "2013-10-03", "2013-10-04"}));
  EXPECT_EQ(out["historical"]["bars"]["1d"]["count"], 5);
  EXPECT_EQ(out["historical"]["bars"]["1d"]["first_session"], "2013-09-30");
  EXPECT_EQ(out["historical"]["bars"]["1d"]["last_session"], "2013-10-04");
}

// AAPL's Monday 2014-06-09 with 2 trailing days: Thursday and Friday, every
// regular-hours minute bar of both and nothing of the weekend or of Monday.
TEST_F(SessionRegressionTest, MondayMinuteHistoryCountsTheBarsOfTheSessionsBefore) {
  SessionSetup setup = PlanWith({"AAPL"}, Day("2014-06-09"), Day("2014-06-09"));
  setup.plan.history = {loading::HistoryRequest{2, {Interval::Minutes(1)}, {}}};
  const Timestamp at_open = At("2014-06-09T13:30:00Z");
  Json seen;
  ReadAt(setup, at_open, [&seen](const SessionEngine& engine) { seen = SymbolAt(engine, "AAPL"); });
  test_support::SessionRunner runner(*store_);
  runner.Run(setup);

  const std::vector<Bar> bars = Sample("AAPL_1m_2014-06-05_2014-06-09.csv");
  const size_t expected = RegularBars(bars, Day("2014-06-05"), at_open).size() +
                          RegularBars(bars, Day("2014-06-06"), at_open).size();
  const Json& history = seen["historical"]["bars"]["1m"];
  EXPECT_EQ(history["count"], expected);
  EXPECT_EQ(history["first_session"], "2014-06-05");
  EXPECT_EQ(history["last_session"], "2014-06-06");
  EXPECT_EQ(seen["bars"]["1m"]["count"], 0);
}

}  // namespace
}  // namespace tapedeck::replay
