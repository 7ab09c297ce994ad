// Update throughput of every registered indicator over 100k synthetic 1-minute
// bars (a deterministic random walk), reported as bars/s. One benchmark per
// indicator (BM_Update/<key>), plus BM_UpdateAll: every indicator on each bar.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "indicators/registry.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::indicators {
namespace {

constexpr int kBars = 100'000;

const std::vector<model::Bar>& Bars() {
  static const std::vector<model::Bar> bars = [] {
    std::vector<model::Bar> out;
    out.reserve(kBars);
    std::uint64_t state = 0x9E3779B97F4A7C15ULL;
    auto uniform = [&state] {  // xorshift64*, in [0, 1).
      state ^= state >> 12;
      state ^= state << 25;
      state ^= state >> 27;
      return static_cast<double>((state * 0x2545F4914F6CDD1DULL) >> 11) * 0x1.0p-53;
    };
    double close = 100.0;
    for (int i = 0; i < kBars; ++i) {
      const double open = close;
      close = std::max(1.0, open + (uniform() - 0.5) * 0.2);
      const double high = std::max(open, close) + uniform() * 0.05;
      const double low = std::min(open, close) - uniform() * 0.05;
      const Timestamp time = FromUnixNanos(int64_t{60'000'000'000} * i);
      out.push_back(testkit::MakeBar(time, open, high, low, close, 1000 + uniform() * 5000));
    }
    return out;
  }();
  return bars;
}

IndicatorSpec DefaultSpec(std::string_view name) {
  const std::vector<std::string_view> params = IndicatorParamNames(name);
  const bool has_period = !params.empty() && params[0] == "period";
  const model::Interval interval =
      name == "pivot_points" ? model::Interval::Days(1) : model::Interval::Minutes(1);
  return ParseIndicatorSpec(name, has_period ? 14 : 0, {}, interval).value();
}

void BM_Update(benchmark::State& state, const IndicatorSpec& spec) {
  const std::vector<model::Bar>& bars = Bars();
  std::unique_ptr<Indicator> indicator = CreateIndicator(spec).value();
  for (auto _ : state) {
    indicator->Reset();
    for (const model::Bar& bar : bars) {
      indicator->Update(bar);
      benchmark::DoNotOptimize(indicator->values().data());
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(bars.size()));
}

void BM_UpdateAll(benchmark::State& state) {
  const std::vector<model::Bar>& bars = Bars();
  std::vector<std::unique_ptr<Indicator>> indicators;
  for (std::string_view name : IndicatorNames()) {
    indicators.push_back(CreateIndicator(DefaultSpec(name)).value());
  }
  for (auto _ : state) {
    for (auto& indicator : indicators) indicator->Reset();
    for (const model::Bar& bar : bars) {
      for (auto& indicator : indicators) indicator->Update(bar);
    }
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(bars.size()));
  state.counters["indicators"] = static_cast<double>(indicators.size());
}

}  // namespace
}  // namespace tapedeck::indicators

int main(int argc, char** argv) {
  using namespace tapedeck::indicators;
  for (std::string_view name : IndicatorNames()) {
    const IndicatorSpec spec = DefaultSpec(name);
    benchmark::RegisterBenchmark(("BM_Update/" + IndicatorKey(spec)).c_str(),
                                 [spec](benchmark::State& state) { BM_Update(state, spec); })
        ->Unit(benchmark::kMillisecond);
  }
  benchmark::RegisterBenchmark("BM_UpdateAll", BM_UpdateAll)->Unit(benchmark::kMillisecond);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
