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
#include "testkit/memory_bar_store.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::session {
namespace {

using model::Interval;
namespace chr = std::chrono;

bool Smoke() { return std::getenv("TAPEDECK_BENCH_SMOKE") != nullptr; }
int SymbolCount() { return Smoke() ? 3 : 200; }
int DayCount() { return Smoke() ? 2 : 60; }

const calendar::TradingCalendar& Calendar() {
  static const calendar::TradingCalendar calendar = *calendar::TradingCalendar::ForExchange("NYSE");
  return calendar;
}

// The run starts on 2024-01-08; the sessions before it serve as history.
Date RunStart() { return Date{chr::year(2024), chr::January, chr::day(8)}; }

std::vector<Date> RunSessions(int days) {
  std::vector<Date> sessions;
  Date d = RunStart();
  while (static_cast<int>(sessions.size()) < days) {
    sessions.push_back(d);
    d = *Calendar().NextSession(d);
  }
  return sessions;
}

std::vector<model::Symbol> Symbols(int count) {
  std::vector<model::Symbol> symbols;
  for (int i = 0; i < count; ++i) {
    symbols.push_back(*model::Symbol::Parse("S" + std::to_string(1000 + i)));
  }
  return symbols;
}

// Random-walk regular-hours minute bars for the run's sessions and the 3 before.
std::vector<store::SeriesBars> Generate(const std::vector<model::Symbol>& symbols, int days) {
  std::vector<Date> sessions = *Calendar().SessionsBefore(RunStart(), 3);
  const std::vector<Date> run = RunSessions(days);
  sessions.insert(sessions.end(), run.begin(), run.end());
  std::mt19937_64 random(42);
  std::normal_distribution<double> step(0, 0.05);
  std::vector<store::SeriesBars> all;
  for (const model::Symbol& symbol : symbols) {
    store::SeriesBars series{symbol, Interval::Minutes(1), {}};
    double price = 100;
    for (const Date date : sessions) {
      const calendar::SessionHours hours = **Calendar().Session(date);
      for (Timestamp t = hours.open; t < hours.close; t += chr::minutes(1)) {
        const double open = price;
        price = std::max(1.0, price + step(random));
        const double high = std::max(open, price) + 0.02;
        const double low = std::min(open, price) - 0.02;
        series.bars.push_back(model::Bar{t, open, high, low, price,
                                         1000.0 + static_cast<double>(random() % 5000), 1});
      }
    }
    all.push_back(std::move(series));
  }
  return all;
}

SessionSetup Setup(const std::vector<model::Symbol>& symbols, int days) {
  SessionSetup setup;
  setup.symbols = symbols;
  const std::vector<Date> run = RunSessions(days);
  setup.start_date = run.front();
  setup.end_date = run.back();
  loading::SessionPlan& plan = setup.plan;
  plan.derived = {Interval::Minutes(5), Interval::Minutes(15)};
  const auto spec = [](std::string_view name, double period, std::map<std::string, double> params,
                       Interval interval) {
    return *indicators::ParseIndicatorSpec(name, period, params, interval);
  };
  plan.indicators = {spec("sma", 20, {}, Interval::Minutes(5)),
                     spec("ema", 9, {}, Interval::Minutes(5)),
                     spec("rsi", 14, {}, Interval::Minutes(5)),
                     spec("macd", 0, {}, Interval::Minutes(5)),
                     spec("atr", 14, {}, Interval::Minutes(15)),
                     spec("bbands", 20, {{"num_std", 2}}, Interval::Minutes(15)),
                     spec("vwap", 0, {}, Interval::Minutes(1))};
  plan.history = {loading::HistoryRequest{3, {Interval::Minutes(1)}, {}}};
  return setup;
}

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
