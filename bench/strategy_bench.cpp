// What strategies cost a replay: the session-engine benchmark's workload
// (synthetic 1m bars of S symbols, 5m and 15m derived, the benchmark's
// indicators, in memory) flat out with no participant (running ahead), then
// with 10 SMA-cross strategies subscribed to every symbol's 5m bars (the
// engine then syncs every symbol at each 5m bucket end and hands each bar to
// each strategy), and with 10 strategies that only count (the framework's
// own cost; once calling OnBar per bar, once taking each completion time's
// bars in one OnBars call). Reported as base bars/s; compare with the baseline.
#include <benchmark/benchmark.h>

#include "core/log.hpp"
#include "replay/replay_bar_source.hpp"
#include "session/session_engine.hpp"
#include "strategy/registry.hpp"
#include "strategy/strategy_host.hpp"
#include "synthetic_session.hpp"
#include "testkit/memory_bar_store.hpp"

namespace tapedeck::strategy {
namespace {

int SymbolCount() { return bench::Smoke() ? 3 : 200; }
int DayCount() { return bench::Smoke() ? 2 : 20; }

// Ten SMA crosses on every symbol's 5m bars, with usual periods (10/30 …
// 19/48), each its own running sums per symbol.
std::unique_ptr<StrategyHost> TenSmaCrosses() {
  std::vector<StrategySlot> slots;
  for (int i = 0; i < 10; ++i) {
    StrategySlot slot;
    slot.name = "sma_cross_" + std::to_string(i);
    slot.strategy =
        std::move(
            CreateSmaCross({{"interval", "5m"}, {"fast", 10 + i}, {"slow", 30 + 2 * i}}, "config"))
            .value();
    slots.push_back(std::move(slot));
  }
  return std::make_unique<StrategyHost>(std::vector<ScannerSlot>{}, std::move(slots));
}

// The framework alone: strategies that only count their bars.
class CountingStrategy final : public api::Strategy {
 public:
  std::vector<api::Subscription> Subscriptions() override {
    return {{std::string(api::kAllSymbols), "5m"}};
  }
  bool reads_session() const override { return false; }  // It only counts its bars.
  void OnBar(const api::BarUpdate& bar, api::StrategyContext& /*session*/) override {
    bars_ += bar.symbol_index + 1;
    benchmark::DoNotOptimize(bars_);
  }

 private:
  uint64_t bars_ = 0;
};

// The same, taking each completion time's bars in one call (OnBars).
class BatchCountingStrategy final : public api::Strategy {
 public:
  std::vector<api::Subscription> Subscriptions() override {
    return {{std::string(api::kAllSymbols), "5m"}};
  }
  bool reads_session() const override { return false; }
  void OnBar(const api::BarUpdate& bar, api::StrategyContext& /*session*/) override {
    bars_ += bar.symbol_index + 1;
  }
  void OnBars(std::span<const api::BarUpdate> bars, api::StrategyContext& session) override {
    for (const api::BarUpdate& bar : bars) OnBar(bar, session);
    benchmark::DoNotOptimize(bars_);
  }

 private:
  uint64_t bars_ = 0;
};

template <typename Counter>
std::unique_ptr<StrategyHost> TenOf() {
  std::vector<StrategySlot> slots;
  for (int i = 0; i < 10; ++i) {
    StrategySlot slot;
    slot.name = "counter_" + std::to_string(i);
    slot.strategy = std::make_unique<Counter>();
    slots.push_back(std::move(slot));
  }
  return std::make_unique<StrategyHost>(std::vector<ScannerSlot>{}, std::move(slots));
}

// The engine's share: a participant that wants every 5m bar and a sync at
// each 5m bucket end, and does nothing with them.
class IdleParticipant final : public session::SessionParticipant {
 public:
  void OnDayStart(const calendar::SessionHours& hours, session::SessionContext&) override {
    hours_ = hours;
  }
  const std::vector<model::Interval>& BarIntervals() const override { return intervals_; }
  std::optional<Timestamp> NextSyncPoint(Timestamp after) const override {
    const Duration length = std::chrono::minutes(5);
    const Timestamp end = after < hours_.open
                              ? hours_.open + length
                              : hours_.open + ((after - hours_.open) / length + 1) * length;
    return std::min(end, hours_.close);
  }
  void OnBars(std::span<const session::SessionBar> bars, session::SessionContext&) override {
    benchmark::DoNotOptimize(bars.size());
  }
  void OnTime(session::SessionContext&) override {}
  void OnDayEnd(session::SessionContext&) override {}
  void OnRunEnd(session::SessionContext&) override {}

 private:
  calendar::SessionHours hours_;
  std::vector<model::Interval> intervals_ = {model::Interval::Minutes(5)};
};

std::unique_ptr<session::SessionParticipant> Idle() { return std::make_unique<IdleParticipant>(); }

template <typename Participant>
void Replay(benchmark::State& state, std::unique_ptr<Participant> (*host)()) {
  (void)SetLogLevel("off");
  const auto symbols = bench::Symbols(SymbolCount());
  testkit::MemoryBarStore store;
  (void)store.Write(bench::Generate(symbols, DayCount()));
  replay::ReplayBarSource source(store);
  int64_t bars = 0;
  size_t signals = 0;
  for (auto _ : state) {
    clock::SimulatedClock wall(FromUnixNanos(0));
    session::SessionEngine engine(bench::Setup(symbols, DayCount()), store, source,
                                  bench::Calendar(), wall, &wall);
    if (host != nullptr) engine.AddParticipant(host());
    const Status status = engine.Run();
    if (!status.ok()) state.SkipWithError(status.error().message().c_str());
    bars += engine.totals().base_bars;
    signals = engine.signals().size();
    benchmark::DoNotOptimize(signals);
  }
  state.SetItemsProcessed(bars);
  state.counters["signals"] = static_cast<double>(signals);
}

void BM_ReplayBaseline(benchmark::State& state) { Replay<StrategyHost>(state, nullptr); }
BENCHMARK(BM_ReplayBaseline)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReplayWith10Strategies(benchmark::State& state) { Replay(state, &TenSmaCrosses); }
BENCHMARK(BM_ReplayWith10Strategies)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReplayWith10CountingStrategies(benchmark::State& state) {
  Replay(state, &TenOf<CountingStrategy>);
}
BENCHMARK(BM_ReplayWith10CountingStrategies)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReplayWith10BatchCountingStrategies(benchmark::State& state) {
  Replay(state, &TenOf<BatchCountingStrategy>);
}
BENCHMARK(BM_ReplayWith10BatchCountingStrategies)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReplaySyncedEvery5m(benchmark::State& state) { Replay(state, &Idle); }
BENCHMARK(BM_ReplaySyncedEvery5m)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace tapedeck::strategy

BENCHMARK_MAIN();
