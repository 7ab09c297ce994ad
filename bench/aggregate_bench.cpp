// Aggregation throughput: 1m base bars of regular hours into 5m and 15m,
// streaming (MultiAggregator, BarAggregator) and batch. Reports base bars/s.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <random>
#include <vector>

#include "aggregate/bar_aggregator.hpp"
#include "aggregate/batch.hpp"
#include "aggregate/multi_aggregator.hpp"

namespace tapedeck::aggregate {
namespace {

namespace chr = std::chrono;

bool Smoke() { return std::getenv("TAPEDECK_BENCH_SMOKE") != nullptr; }

// Weekday sessions from 2024-01-02 at fixed EST hours (the benchmark needs
// shapes, not holidays), with every regular-hours minute present but ~1 %.
struct Workload {
  std::vector<model::SessionWindow> sessions;
  std::vector<model::Bar> bars;
};

const Workload& MakeWorkload() {
  static const Workload workload = [] {
    Workload w;
    const int session_count = Smoke() ? 5 : 252;
    std::mt19937 random(1);
    std::uniform_real_distribution<double> unit(0, 1);
    double price = 100;
    chr::sys_days day(chr::year(2024) / chr::January / 2);
    while (static_cast<int>(w.sessions.size()) < session_count) {
      const chr::weekday weekday(day);
      if (weekday == chr::Saturday || weekday == chr::Sunday) {
        day += chr::days(1);
        continue;
      }
      model::SessionWindow window;
      window.date = Date(day);
      const Timestamp midnight_ny = Timestamp(day) + chr::hours(5);
      window.pre_market_open = midnight_ny + chr::hours(4);
      window.open = midnight_ny + chr::hours(9) + chr::minutes(30);
      window.close = midnight_ny + chr::hours(16);
      window.after_hours_close = midnight_ny + chr::hours(20);
      window.last_of_week = weekday == chr::Friday;
      w.sessions.push_back(window);
      for (Timestamp t = window.open; t < window.close; t += chr::minutes(1)) {
        if (unit(random) < 0.01) continue;
        const double open = price;
        price += unit(random) - 0.5;
        model::Bar bar;
        bar.open_time = t;
        bar.open = open;
        bar.high = std::max(open, price) + 0.1;
        bar.low = std::min(open, price) - 0.1;
        bar.close = price;
        bar.volume = 1000;
        w.bars.push_back(bar);
      }
      day += chr::days(1);
    }
    return w;
  }();
  return workload;
}

template <typename Aggregator>
void Stream(Aggregator& aggregator, const Workload& w, std::vector<DerivedBar>& out,
            int64_t& emitted) {
  size_t next = 0;
  for (const model::SessionWindow& window : w.sessions) {
    aggregator.BeginSession(window, out);
    while (next < w.bars.size() && w.bars[next].open_time < window.close) {
      aggregator.Add(w.bars[next++], out);
    }
    aggregator.AdvanceTo(window.close, out);
    emitted += static_cast<int64_t>(out.size());
    out.clear();
  }
}

void BM_Aggregate1mTo5mAnd15m(benchmark::State& state) {
  const Workload& w = MakeWorkload();
  const std::vector<model::Interval> derived = {model::Interval::Minutes(5),
                                                model::Interval::Minutes(15)};
  const MultiAggregator prototype = *MultiAggregator::Create(model::Interval::Minutes(1), derived);
  std::vector<DerivedBar> out;
  out.reserve(1024);
  int64_t emitted = 0;
  for (auto _ : state) {
    MultiAggregator aggregator = prototype;
    Stream(aggregator, w, out, emitted);
    benchmark::DoNotOptimize(emitted);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(w.bars.size()));
}
BENCHMARK(BM_Aggregate1mTo5mAnd15m)->Unit(benchmark::kMillisecond);

void BM_Aggregate1mTo5m(benchmark::State& state) {
  const Workload& w = MakeWorkload();
  const BarAggregator prototype =
      *BarAggregator::Create(model::Interval::Minutes(1), model::Interval::Minutes(5));
  std::vector<DerivedBar> out;
  out.reserve(1024);
  int64_t emitted = 0;
  for (auto _ : state) {
    BarAggregator aggregator = prototype;
    Stream(aggregator, w, out, emitted);
    benchmark::DoNotOptimize(emitted);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(w.bars.size()));
}
BENCHMARK(BM_Aggregate1mTo5m)->Unit(benchmark::kMillisecond);

void BM_AggregateBatch1mTo5m(benchmark::State& state) {
  const Workload& w = MakeWorkload();
  for (auto _ : state) {
    auto result = AggregateBatch(w.bars, w.sessions, model::Interval::Minutes(1),
                                 model::Interval::Minutes(5));
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(w.bars.size()));
}
BENCHMARK(BM_AggregateBatch1mTo5m)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tapedeck::aggregate

BENCHMARK_MAIN();
