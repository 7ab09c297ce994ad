// Test support for whole-session tests: run a SessionSetup to its end over a
// store under a simulated wall clock, read the session at scripted simulated
// times, and compare long export texts readably. Header-only; for tests only
// (one thread: the test's).
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "calendar/trading_calendar.hpp"
#include "clock/clock.hpp"
#include "replay/replay_bar_source.hpp"
#include "session/session_engine.hpp"
#include "session/session_export.hpp"
#include "store/bar_importer.hpp"
#include "store/bar_store.hpp"
#include "store/duckdb_bar_store.hpp"
#include "testkit/bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::replay::test_support {

// Empty when equal; otherwise where two long texts first differ, with context.
inline std::string FirstDifference(const std::string& a, const std::string& b) {
  size_t i = 0;
  while (i < a.size() && i < b.size() && a[i] == b[i]) ++i;
  if (i == a.size() && i == b.size()) return "";
  const size_t from = i > 80 ? i - 80 : 0;
  return "differ at " + std::to_string(i) + ":\n  " + a.substr(from, 160) + "\n  " +
         b.substr(from, 160);
}

inline const calendar::TradingCalendar& Nyse() {
  static const calendar::TradingCalendar calendar = *calendar::TradingCalendar::ForExchange("NYSE");
  return calendar;
}

// Schedules `read` to run on the engine's thread at simulated time `at`,
// after the commands scheduled earlier for the same time.
inline void ReadAt(session::SessionSetup& setup, Timestamp at,
                   std::function<void(const session::SessionEngine&)> read) {
  setup.script.push_back({at, session::ReadCommand{std::move(read)}});
}

// What the as-if-configured guarantee compares: one symbol's export without
// the provenance fields (with every bar unless `with_bars` is false: counts,
// first and last only); "absent" when the symbol is not in the session.
inline std::string ComparableExport(const session::SessionEngine& engine,
                                    const model::Symbol& symbol, bool with_bars = true) {
  const auto it = engine.symbols().find(symbol);
  if (it == engine.symbols().end()) return "absent";
  return session::ExportSymbol(it->second, {.include_bars = with_bars}, /*with_provenance=*/false)
      .dump();
}

// The real sample week in a DuckDB file of its own: SPY, IBM and BAC, 1m bars
// of 2013-10-07 to 11 and 1d bars since 2010. A failed import is a test failure.
class SampleWeekStore {
 public:
  SampleWeekStore() {
    auto opened = store::DuckDbBarStore::Open(dir_.path() / "sample.duckdb");
    EXPECT_TRUE(opened.ok());
    if (!opened.ok()) return;
    store_ = std::move(opened).value();
    std::vector<std::filesystem::path> files;
    for (const char* name :
         {"SPY_1m_2013-10-07_2013-10-11.csv", "IBM_1m_2013-10-07_2013-10-11.csv",
          "BAC_1m_2013-10-07_2013-10-11.csv", "SPY_1d_2010-01-04_2013-10-11.csv",
          "IBM_1d_2010-01-04_2013-10-11.csv", "BAC_1d_2010-01-04_2013-10-11.csv"}) {
      files.push_back(testkit::SourceDir() / "data" / "sample" / name);
    }
    EXPECT_TRUE(store::ImportFiles(*store_, files, {}).ok());
  }
  store::DuckDbBarStore& store() { return *store_; }

 private:
  testkit::TempDir dir_;
  std::unique_ptr<store::DuckDbBarStore> store_;
};

// Runs sessions over one store, each replayed from that store under a
// simulated wall clock (so paced runs finish instantly). The runner must
// outlive the engines it returns.
class SessionRunner {
 public:
  explicit SessionRunner(store::BarStore& store) : store_(store), source_(store) {}

  // Runs `setup` to its end; a failed run is a test failure.
  std::unique_ptr<session::SessionEngine> Run(session::SessionSetup setup) {
    auto engine = std::make_unique<session::SessionEngine>(std::move(setup), store_, source_,
                                                           Nyse(), wall_, &wall_);
    const Status status = engine->Run();
    EXPECT_TRUE(status.ok()) << status.error().message();
    return engine;
  }

 private:
  store::BarStore& store_;
  ReplayBarSource source_;
  clock::SimulatedClock wall_{FromUnixNanos(1'767'225'600'000'000'000)};  // 2026-01-01.
};

}  // namespace tapedeck::replay::test_support
