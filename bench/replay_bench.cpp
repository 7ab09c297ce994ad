// Whole-session throughput and add latency, on synthetic 1m bars: S symbols ×
// D sessions with 5m and 15m derived, SMA20, EMA9, RSI14, MACD on 5m, ATR14
// and Bollinger(20,2) on 15m, VWAP on 1m, 3 trailing days of history.
// Reported as base bars/s; the add benchmark reports latency percentiles.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <random>

#include "replay/replay_bar_source.hpp"
#include "session/session_engine.hpp"
#include "store/duckdb_bar_store.hpp"
#include "synthetic_session.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::session {
namespace {

using model::Interval;
namespace chr = std::chrono;

using bench::Calendar;
using bench::Generate;
using bench::RunSessions;
using bench::Setup;
using bench::Smoke;
using bench::Symbols;

int SymbolCount() { return Smoke() ? 3 : 200; }
int DayCount() { return Smoke() ? 2 : 60; }

void RunReplay(benchmark::State& state, store::BarStore& store,
               const std::vector<model::Symbol>& symbols, int days) {
  replay::ReplayBarSource source(store);
  int64_t bars = 0;
  for (auto _ : state) {
    clock::SimulatedClock wall(FromUnixNanos(0));
    SessionEngine engine(Setup(symbols, days), store, source, Calendar(), wall, &wall);
    const Status status = engine.Run();
    if (!status.ok()) state.SkipWithError(status.error().message().c_str());
    bars += engine.totals().base_bars;
  }
  state.SetItemsProcessed(bars);
}

void BM_ReplayInMemory(benchmark::State& state) {
  const auto symbols = Symbols(SymbolCount());
  testkit::MemoryBarStore store;
  (void)store.Write(Generate(symbols, DayCount()));
  RunReplay(state, store, symbols, DayCount());
}
BENCHMARK(BM_ReplayInMemory)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReplayFromDuckDb(benchmark::State& state) {
  const auto symbols = Symbols(SymbolCount());
  const testkit::TempDir dir;
  auto store = std::move(store::DuckDbBarStore::Open(dir.path() / "bench.duckdb")).value();
  (void)store->Write(Generate(symbols, DayCount()));
  RunReplay(state, *store, symbols, DayCount());
}
BENCHMARK(BM_ReplayFromDuckDb)->Unit(benchmark::kMillisecond)->UseRealTime();

// The store's share of BM_ReplayFromDuckDb: the run's bars read in blocks of
// about a million rows, as ReplayBarSource reads them, and nothing else. CPU
// time is the whole process's (DuckDB may scan on threads of its own).
void BM_ReadRunFromDuckDb(benchmark::State& state) {
  const auto symbols = Symbols(SymbolCount());
  const testkit::TempDir dir;
  auto store = std::move(store::DuckDbBarStore::Open(dir.path() / "bench.duckdb")).value();
  (void)store->Write(Generate(symbols, DayCount()));
  const std::vector<Date> run = RunSessions(DayCount());
  const Timestamp first = (**Calendar().Session(run.front())).open;
  const Timestamp last = (**Calendar().Session(run.back())).close;
  std::vector<std::vector<model::Bar>> bars(symbols.size());
  std::vector<std::vector<model::Bar>*> out;
  for (auto& one : bars) out.push_back(&one);
  int64_t rows = 0;
  for (auto _ : state) {
    for (Timestamp from = first; from < last; from += chr::days(16)) {
      if (!store->ReadMany(symbols, Interval::Minutes(1), from, from + chr::days(16), out).ok()) {
        state.SkipWithError("read failed");
      }
      for (const auto& one : bars) rows += std::ssize(one);
    }
  }
  state.SetItemsProcessed(rows);
}
BENCHMARK(BM_ReadRunFromDuckDb)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

// One symbol added at 11:05 on the second day (3 trailing days of 1m history
// plus the first run day to warm up, then catch-up): wall time until ready.
void BM_AddSymbolAt1105(benchmark::State& state) {
  const auto symbols = Symbols(Smoke() ? 4 : 64);
  const testkit::TempDir dir;
  auto store = std::move(store::DuckDbBarStore::Open(dir.path() / "bench.duckdb")).value();
  (void)store->Write(Generate(symbols, 2));
  replay::ReplayBarSource source(*store);
  const Date day2 = RunSessions(2).back();
  const Timestamp at = (**Calendar().Session(day2)).open + chr::minutes(95);
  std::vector<double> micros;
  for (auto _ : state) {
    state.PauseTiming();
    const clock::WallClock wall;
    SessionSetup setup = Setup({symbols.front()}, 2);
    for (size_t i = 1; i < symbols.size(); ++i) {
      setup.script.push_back({at, AddSymbolCommand{{symbols[i].str()}, {}, AddedBy::kScript}});
    }
    SessionEngine engine(std::move(setup), *store, source, Calendar(), wall);
    state.ResumeTiming();
    (void)engine.Run();
    for (const SessionGap& gap : engine.totals().gaps) {
      if (gap.at == at)
        micros.push_back(chr::duration<double, std::micro>(gap.times.total).count());
    }
  }
  std::ranges::sort(micros);
  if (!micros.empty()) {
    state.counters["p50_us"] = micros[micros.size() / 2];
    state.counters["p99_us"] = micros[std::min(micros.size() - 1, micros.size() * 99 / 100)];
    state.counters["adds"] = static_cast<double>(micros.size());
  }
}
BENCHMARK(BM_AddSymbolAt1105)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace tapedeck::session

BENCHMARK_MAIN();
