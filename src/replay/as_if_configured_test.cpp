// The as-if-configured guarantee as a differential test, on every sample
// symbol with minute data: a symbol added at simulated time T equals, at
// every checkpoint t >= T, the same symbol configured from the start (its
// whole export but the provenance fields: bars of every interval, indicators,
// historical blocks, quality and gaps).
//
// To keep the sanitized build fast, one run adds many copies of a symbol: the
// store holds each sample symbol's bars under aliases too (SPY-07 has SPY's
// bars), each alias joins at its own T, and each is compared with the real
// symbol of a pristine configured run. The real symbols are also added
// themselves in a run where nothing is configured, and the configured symbols
// of the run with the adds must equal the pristine ones (adds disturb nothing).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/log.hpp"
#include "replay/test_session_runs.hpp"
#include "testkit/bars.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/sample_bars.hpp"

namespace tapedeck::replay {
namespace {

using model::Interval;
using model::Symbol;
using session::AddedBy;
using session::AddSymbolCommand;
using session::SessionEngine;
using session::SessionSetup;
using test_support::ComparableExport;
using test_support::FirstDifference;
using test_support::Nyse;
using test_support::ReadAt;
using namespace std::chrono_literals;
namespace chr = std::chrono;

Date Day(std::string_view text) { return *ParseDate(text); }

// A run of the sample: its symbols, their sample files and the sessions run.
struct SampleWindow {
  std::vector<std::string> symbols;
  std::vector<std::string> files;  // In data/sample; SYMBOL_INTERVAL_….csv.
  Date start;
  Date end;
  int add_times_per_symbol = 50;
  // The add times are dealt round-robin into `parts` tests (so CTest can run
  // them in parallel); this one takes those with index % parts == part.
  int part = 0;
  int parts = 1;
};

// Several derived intervals (15m drops incomplete buckets), indicators on
// each, three history requests of different intervals and lengths, and
// historical indicators over stored or derived daily bars.
SessionSetup PlanFor(const SampleWindow& window) {
  SessionSetup setup;
  setup.name = "as_if_configured";
  setup.start_date = window.start;
  setup.end_date = window.end;
  loading::SessionPlan& plan = setup.plan;
  plan.base = Interval::Minutes(1);
  plan.derived = {Interval::Minutes(5), Interval::Minutes(15), Interval::Hours(1),
                  Interval::Days(1), Interval::Weeks(1)};
  plan.policies = {{Interval::Minutes(15), aggregate::BucketPolicy::kRequireComplete}};
  const auto spec = [](std::string_view name, double period, std::map<std::string, double> params,
                       Interval interval) {
    return *indicators::ParseIndicatorSpec(name, period, params, interval);
  };
  plan.indicators = {
      spec("vwap", 0, {}, Interval::Minutes(1)),
      spec("rsi", 14, {}, Interval::Minutes(1)),
      spec("obv", 0, {}, Interval::Minutes(1)),
      spec("sma", 20, {}, Interval::Minutes(5)),
      spec("ema", 9, {}, Interval::Minutes(5)),
      spec("rsi", 14, {}, Interval::Minutes(5)),
      spec("macd", 0, {{"fast", 12}, {"slow", 26}, {"signal", 9}}, Interval::Minutes(5)),
      spec("mfi", 14, {}, Interval::Minutes(5)),
      spec("bbands", 20, {{"num_std", 2}}, Interval::Minutes(15)),
      spec("atr", 14, {}, Interval::Minutes(15)),
      spec("adx", 14, {}, Interval::Minutes(15)),
      spec("stoch", 14, {{"slowk_period", 3}, {"slowd_period", 3}}, Interval::Hours(1)),
      spec("cci", 5, {}, Interval::Hours(1)),
      spec("sma", 3, {}, Interval::Days(1)),
      spec("atr", 2, {}, Interval::Days(1)),
      spec("sma", 2, {}, Interval::Weeks(1))};
  plan.history = {loading::HistoryRequest{2, {Interval::Minutes(1), Interval::Minutes(5)}, {}},
                  loading::HistoryRequest{3, {Interval::Minutes(15)}, {}},
                  loading::HistoryRequest{5, {Interval::Days(1)}, {}}};
  plan.historical_indicators = {*indicators::ParseHistoricalSpec("avg_volume", 5, "days", {}),
                                *indicators::ParseHistoricalSpec("high_low", 52, "weeks", {}),
                                *indicators::ParseHistoricalSpec("atr_daily", 3, "days", {})};
  return setup;
}

// One symbol joining at one time; `symbol` is the real one or an alias of `real`.
struct Add {
  std::string symbol;
  std::string real;
  Timestamp at{};
};

std::string Alias(const std::string& real, size_t index) {
  return real + "-" + std::to_string(100 + index).substr(1);
}

// The add times of one symbol: the awkward ones every window has, then
// seeded random times (half on a minute, when a bar completes; half between).
std::vector<Timestamp> AddTimes(const std::vector<calendar::SessionHours>& days, int count,
                                std::mt19937& random) {
  const calendar::SessionHours& first = days.front();
  std::vector<Timestamp> times = {
      first.open,               // Exactly the open.
      first.open + 30s,         // Inside the first minute.
      first.open + 1min,        // When the first bar completes.
      first.open + 1h,          // A 1h bucket ends.
      first.close - 1min,       // The last minute starts.
      first.close - 17s,        // Inside the last minute.
      first.close,              // Exactly the close.
      first.open + 47min + 3s,  // Between bar completions.
  };
  for (size_t i = 1; i < days.size(); ++i) {
    times.push_back(days[i - 1].close + 1h);  // After a close: joins at the next open.
    times.push_back(days[i].pre_market_open + 30min);
    times.push_back(days[i].open);
    times.push_back(days[i].open + 1min);
    times.push_back(days[i].open + 15min);
    times.push_back(days[i].close - 1min);
    times.push_back(days[i].close - 1s);
    times.push_back(days[i].close);
  }
  std::uniform_int_distribution<size_t> day(0, days.size() - 1);
  while (static_cast<int>(times.size()) < count) {
    const calendar::SessionHours& hours = days[day(random)];
    const auto seconds = chr::duration_cast<chr::seconds>(hours.close - hours.open).count();
    std::uniform_int_distribution<int64_t> offset(0, seconds);
    Timestamp t = hours.open + chr::seconds(offset(random));
    if (random() % 2 == 0) t = chr::floor<chr::minutes>(t);
    times.push_back(t);
  }
  return times;
}

class AsIfConfiguredTest : public testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(SetLogLevel("off").ok()); }

  // Reads the window's sample files into `store_`, under the real symbols and
  // under every alias.
  void Load(const SampleWindow& window, const std::vector<Add>& adds) {
    std::vector<store::SeriesBars> series;
    for (const std::string& file : window.files) {
      const std::string real = file.substr(0, file.find('_'));
      const std::string interval = file.substr(real.size() + 1, 2);
      auto bars = testkit::ReadSampleBars(testkit::SourceDir() / "data" / "sample" / file);
      std::set<std::string> names = {real};
      for (const Add& add : adds) {
        if (add.real == real) names.insert(add.symbol);
      }
      for (const std::string& name : names) {
        series.push_back({*Symbol::Parse(name), *Interval::Parse(interval), bars});
      }
    }
    ASSERT_TRUE(store_.Write(series).ok());
  }

  // For every window: a pristine configured run, a run that configures the
  // real symbols and adds every alias at its time, and a run that adds the
  // real symbols themselves (each at the first add time of the part).
  // Checkpoints: every add time, three times a day and each close (the last
  // is the end of the run), plus the final state.
  void CheckWindow(const SampleWindow& window, unsigned seed) {
    std::vector<calendar::SessionHours> days;
    const std::vector<Date> dates = *Nyse().SessionsBetween(window.start, window.end);
    for (const Date date : dates) {
      days.push_back(**Nyse().Session(date));
    }
    ASSERT_GE(days.size(), 1u);
    std::mt19937 random(seed);
    std::vector<Add> adds;
    for (const std::string& real : window.symbols) {
      std::vector<Timestamp> times = AddTimes(days, window.add_times_per_symbol, random);
      std::swap(times.front(), times.back());  // The open goes to an alias.
      for (size_t i = static_cast<size_t>(window.part); i < times.size();
           i += static_cast<size_t>(window.parts)) {
        const bool first = i == static_cast<size_t>(window.part);
        adds.push_back({first ? real : Alias(real, i), real, times[i]});
      }
    }
    Load(window, adds);
    if (HasFatalFailure()) return;

    // Fixed checkpoints: the open, two times inside each session and its
    // close (the last close is the end of the run). Every bar is compared at
    // the closes (bars are per session, so nothing escapes); elsewhere bar
    // counts, first and last, as the export has them without --export-bars.
    std::vector<Timestamp> fixed;
    std::set<Timestamp> closes;
    for (const calendar::SessionHours& hours : days) {
      for (const Timestamp t : {hours.open, hours.open + 2h, hours.open + 4h + 17min + 17s}) {
        fixed.push_back(t);
      }
      fixed.push_back(hours.close);
      closes.insert(hours.close);
    }
    std::set<Timestamp> checkpoints(fixed.begin(), fixed.end());
    for (const Add& add : adds) checkpoints.insert(add.at);

    // Pristine: the real symbols configured, read at every checkpoint in the
    // forms the comparisons below need.
    using Key = std::tuple<Timestamp, bool, std::string>;  // (time, with bars, symbol).
    std::map<Key, std::string> configured;
    for (const std::string& real : window.symbols) {
      for (const Timestamp t : fixed) configured[{t, closes.contains(t), real}];
    }
    for (const Add& add : adds) configured[{add.at, closes.contains(add.at), add.real}];
    SessionSetup pristine = PlanFor(window);
    for (const std::string& real : window.symbols) pristine.symbols.push_back(*Symbol::Parse(real));
    for (const Timestamp t : checkpoints) {
      ReadAt(pristine, t, [&configured, t](const SessionEngine& engine) {
        for (auto it = configured.lower_bound({t, false, ""});
             it != configured.end() && std::get<0>(it->first) == t; ++it) {
          const auto& [at, with_bars, real] = it->first;
          it->second = ComparableExport(engine, *Symbol::Parse(real), with_bars);
        }
      });
    }
    test_support::SessionRunner runner(store_);
    const auto reference = runner.Run(pristine);
    for (const auto& [key, text] : configured) ASSERT_FALSE(text.empty());

    // The runs with adds compare as they go; a mismatch is kept as text.
    std::vector<std::string> mismatches;
    int comparisons = 0;
    const auto compare = [&](const SessionEngine& engine, const Add& add, Timestamp t) {
      const bool with_bars = closes.contains(t);
      const std::string& expected = configured.at({t, with_bars, add.real});
      const std::string difference = FirstDifference(
          ComparableExport(engine, *Symbol::Parse(add.symbol), with_bars), expected);
      ++comparisons;
      if (!difference.empty() && mismatches.size() < 5) {
        mismatches.push_back(add.symbol + " added at " + FormatTimestamp(add.at) +
                             ", compared at " + FormatTimestamp(t) + ": " + difference);
      }
    };
    const auto schedule = [&](SessionSetup& setup, const std::vector<Add>& joining,
                              const std::vector<std::string>& also_configured) {
      std::map<Timestamp, std::vector<std::string>> batches;  // One command per time.
      for (const Add& add : joining) batches[add.at].push_back(add.symbol);
      for (const auto& [at, symbols] : batches) {
        setup.script.push_back({at, AddSymbolCommand{symbols, {}, AddedBy::kScript}});
      }
      for (const Timestamp t : checkpoints) {
        const bool is_fixed = std::ranges::find(fixed, t) != fixed.end();
        ReadAt(setup, t, [&, t, is_fixed, joining, also_configured](const SessionEngine& engine) {
          for (const Add& add : joining) {
            if (add.at == t || (is_fixed && add.at < t)) compare(engine, add, t);
          }
          if (!is_fixed) return;
          for (const std::string& real : also_configured) compare(engine, {real, real, {}}, t);
        });
      }
    };
    std::vector<Add> aliases;
    std::vector<Add> reals;
    std::ranges::partition_copy(adds, std::back_inserter(reals), std::back_inserter(aliases),
                                [](const Add& a) { return a.symbol == a.real; });
    int expected_comparisons = static_cast<int>(window.symbols.size() * fixed.size());
    for (const Add& add : adds) {
      ++expected_comparisons;  // At its add time.
      for (const Timestamp t : fixed) expected_comparisons += add.at < t ? 1 : 0;
    }

    SessionSetup with_aliases = PlanFor(window);
    for (const std::string& real : window.symbols) {
      with_aliases.symbols.push_back(*Symbol::Parse(real));
    }
    schedule(with_aliases, aliases, window.symbols);
    const auto aliases_run = runner.Run(with_aliases);

    SessionSetup with_reals = PlanFor(window);
    schedule(with_reals, reals, {});
    const auto reals_run = runner.Run(with_reals);

    // The final state too, and no add was refused.
    for (const auto* run : {&aliases_run, &reals_run}) {
      for (const auto& [symbol, record] : (*run)->symbols()) {
        const std::string real = symbol.str().substr(0, symbol.str().find('-'));
        EXPECT_EQ(FirstDifference(ComparableExport(**run, symbol),
                                  ComparableExport(*reference, *Symbol::Parse(real))),
                  "")
            << symbol.str() << " at the end of the run";
      }
      for (const session::CommandRecord& command : (*run)->command_log()) {
        EXPECT_FALSE(command.error.has_value()) << command.command << ": " << *command.error;
      }
    }
    EXPECT_EQ(aliases_run->symbols().size(), aliases.size() + window.symbols.size());
    EXPECT_EQ(reals_run->symbols().size(), window.symbols.size());
    EXPECT_EQ(comparisons, expected_comparisons);
    for (const std::string& mismatch : mismatches) ADD_FAILURE() << mismatch;
  }

  testkit::MemoryBarStore store_;
};

// SPY, IBM and BAC over three sessions of a normal week (2013-10-09..11):
// two trailing days of 1m history, years of stored daily bars. 52 add times
// per symbol, in two halves; the three symbols join the same runs, so a
// batched read that mixed up symbols would show.
SampleWindow Week(int part) {
  return {{"SPY", "IBM", "BAC"},
          {"SPY_1m_2013-10-07_2013-10-11.csv", "IBM_1m_2013-10-07_2013-10-11.csv",
           "BAC_1m_2013-10-07_2013-10-11.csv", "SPY_1d_2010-01-04_2013-10-11.csv",
           "IBM_1d_2010-01-04_2013-10-11.csv", "BAC_1d_2010-01-04_2013-10-11.csv"},
          Day("2013-10-09"),
          Day("2013-10-11"),
          52,
          part,
          2};
}

TEST_F(AsIfConfiguredTest, SpyIbmAndBacJoiningAnyTimeInAWeekEqualConfiguredOnes) {
  CheckWindow(Week(0), 20131009);
}

TEST_F(AsIfConfiguredTest, SpyIbmAndBacJoiningAtOtherTimesInAWeekEqualConfiguredOnes) {
  CheckWindow(Week(1), 20131009);
}

// AAPL on 2014-06-06 and 06-09: a weekend roll and the 7:1 split between
// them, half the 1m history missing on the first day, and no stored daily
// bars (daily history is derived from 1m).
TEST_F(AsIfConfiguredTest, AaplJoiningAcrossAWeekendAndASplitEqualsAConfiguredOne) {
  CheckWindow(
      {{"AAPL"}, {"AAPL_1m_2014-06-05_2014-06-09.csv"}, Day("2014-06-06"), Day("2014-06-09"), 52},
      20140606);
}

// AAPL on 2025-07-02: a sparse feed with gaps, history of after-hours bars only.
TEST_F(AsIfConfiguredTest, AaplJoiningASparseSessionEqualsAConfiguredOne) {
  CheckWindow(
      {{"AAPL"}, {"AAPL_1m_2025-07-01_2025-07-02.csv"}, Day("2025-07-02"), Day("2025-07-02"), 24},
      20250702);
}

}  // namespace
}  // namespace tapedeck::replay
