// Quality scoring throughput: 400 symbols × 252 sessions of 1m bars (390
// slots a day, ~2 % missing), batch (ScoreSession) and incremental
// (SessionQuality). Reports slots/s. Eight distinct bar series (≈ 44 MB, more
// than the caches hold) stand in for the 400 symbols.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <random>
#include <span>
#include <vector>

#include "calendar/trading_calendar.hpp"
#include "quality/score_session.hpp"
#include "quality/session_quality.hpp"

namespace tapedeck::quality {
namespace {

namespace chr = std::chrono;

bool Smoke() { return std::getenv("TAPEDECK_BENCH_SMOKE") != nullptr; }

struct Workload {
  int symbols = 0;
  std::vector<calendar::SessionHours> sessions;
  // series[s][d]: the bars of series s on session d.
  std::vector<std::vector<std::vector<model::Bar>>> series;
  int64_t slots = 0;  // Per pass over every symbol and session.
};

const Workload& MakeWorkload() {
  static const Workload workload = [] {
    Workload w;
    w.symbols = Smoke() ? 4 : 400;
    const int session_count = Smoke() ? 5 : 252;
    const int series_count = Smoke() ? 2 : 8;
    const auto calendar = calendar::TradingCalendar::ForExchange("NYSE");
    const auto dates =
        *calendar->SessionsBetween(*ParseDate("2024-01-01"), *ParseDate("2024-12-31"));
    for (int d = 0; d < session_count; ++d) {
      w.sessions.push_back(**calendar->Session(dates[static_cast<size_t>(d)]));
    }
    std::mt19937 random(1);
    std::uniform_real_distribution<double> unit(0, 1);
    w.series.resize(static_cast<size_t>(series_count));
    for (auto& series : w.series) {
      for (const calendar::SessionHours& hours : w.sessions) {
        std::vector<model::Bar>& bars = series.emplace_back();
        for (Timestamp t = hours.open; t < hours.close; t += chr::minutes(1)) {
          if (unit(random) < 0.02) continue;
          model::Bar bar;
          bar.open_time = t;
          bars.push_back(bar);
        }
      }
    }
    for (const calendar::SessionHours& hours : w.sessions) {
      w.slots += *calendar::SlotCount(hours, model::Interval::Minutes(1));
    }
    w.slots *= w.symbols;
    return w;
  }();
  return workload;
}

void BM_ScoreSession400SymbolsYear1m(benchmark::State& state) {
  const Workload& w = MakeWorkload();
  const model::Interval minute = model::Interval::Minutes(1);
  for (auto _ : state) {
    int64_t present = 0;
    for (int s = 0; s < w.symbols; ++s) {
      const auto& series = w.series[static_cast<size_t>(s) % w.series.size()];
      for (size_t d = 0; d < w.sessions.size(); ++d) {
        const calendar::SessionHours& hours = w.sessions[d];
        present += ScoreSession(series[d], minute, hours, hours.close).present_bars;
      }
    }
    benchmark::DoNotOptimize(present);
  }
  state.SetItemsProcessed(state.iterations() * w.slots);
  state.counters["slots"] = static_cast<double>(w.slots);
}
BENCHMARK(BM_ScoreSession400SymbolsYear1m)->Unit(benchmark::kMillisecond);

void BM_SessionQualityIncremental400SymbolsYear1m(benchmark::State& state) {
  const Workload& w = MakeWorkload();
  const model::Interval minute = model::Interval::Minutes(1);
  for (auto _ : state) {
    int64_t present = 0;
    for (int s = 0; s < w.symbols; ++s) {
      const auto& series = w.series[static_cast<size_t>(s) % w.series.size()];
      for (size_t d = 0; d < w.sessions.size(); ++d) {
        const calendar::SessionHours& hours = w.sessions[d];
        SessionQuality quality(minute, hours);
        for (const model::Bar& bar : series[d]) quality.Add(bar);
        quality.AdvanceTo(hours.close);
        present += quality.report().present_bars;
      }
    }
    benchmark::DoNotOptimize(present);
  }
  state.SetItemsProcessed(state.iterations() * w.slots);
}
BENCHMARK(BM_SessionQualityIncremental400SymbolsYear1m)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace tapedeck::quality

BENCHMARK_MAIN();
