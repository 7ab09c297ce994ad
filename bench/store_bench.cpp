// Store throughput in rows/s: CSV import, Parquet import, a range read of one
// symbol-year of 1m bars, and a full scan. Synthetic regular-hours minute bars
// on weekdays (390 a day) stand in for a real feed.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <fstream>

#include "store/bar_importer.hpp"
#include "store/duckdb_bar_store.hpp"
#include "testkit/bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::store {
namespace {

using namespace std::chrono_literals;
namespace chr = std::chrono;

bool Smoke() { return std::getenv("TAPEDECK_BENCH_SMOKE") != nullptr; }
int Days() { return Smoke() ? 3 : 252; }  // A trading year of weekdays.

// Weekday regular-hours minute bars from 2013-01-02, as canonical CSV.
int64_t WriteCsv(const std::filesystem::path& path, int days) {
  std::ofstream out(path);
  out << "timestamp,open,high,low,close,volume\n";
  Timestamp day = StartOfDayUtc(Date{chr::year(2013), chr::January, chr::day(2)});
  int64_t rows = 0;
  double price = 100;
  for (int done = 0; done < days; day += chr::days(1)) {
    const chr::weekday weekday{chr::floor<chr::days>(day)};
    if (weekday == chr::Saturday || weekday == chr::Sunday) continue;
    ++done;
    for (int minute = 0; minute < 390; ++minute) {
      const Timestamp t = day + 14h + 30min + chr::minutes(minute);
      price += (minute % 7 == 0 ? -0.03 : 0.01);
      out << FormatTimestamp(t) << ',' << price << ',' << price + 0.05 << ',' << price - 0.05 << ','
          << price + 0.01 << ',' << 1000 + minute << '\n';
      ++rows;
    }
  }
  return rows;
}

// One import command of state.range(0) files, each a symbol-year of 1m bars.
void BM_ImportCsv(benchmark::State& state) {
  const testkit::TempDir dir;
  std::vector<std::filesystem::path> files = {dir.path() / "SYN0_1m.csv"};
  const int64_t rows = WriteCsv(files[0], Days());
  for (int64_t i = 1; i < state.range(0); ++i) {
    files.push_back(dir.path() / fmt::format("SYN{}_1m.csv", i));
    std::filesystem::copy_file(files[0], files.back());
  }
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto store = DuckDbBarStore::Open(dir.path() / fmt::format("import{}.duckdb", round++));
    state.ResumeTiming();
    auto report = ImportFiles(**store, files, {});
    benchmark::DoNotOptimize(report);
    if (!report.ok()) state.SkipWithError(report.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * rows * state.range(0));
}
BENCHMARK(BM_ImportCsv)->Arg(1)->Arg(10)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ParseCsv(benchmark::State& state) {
  const testkit::TempDir dir;
  const std::filesystem::path file = dir.path() / "SYN_1m.csv";
  const int64_t rows = WriteCsv(file, Days());
  for (auto _ : state) {
    auto parsed = ReadBarFile(file, {});
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations() * rows);
}
BENCHMARK(BM_ParseCsv)->Unit(benchmark::kMillisecond)->UseRealTime();

// A store holding `symbols` symbol-years of 1m bars, built once per process.
struct Fixture {
  testkit::TempDir dir;
  std::unique_ptr<DuckDbBarStore> store;
  int64_t rows_per_symbol = 0;
  int symbols = 0;

  explicit Fixture(int symbol_count) : symbols(symbol_count) {
    const std::filesystem::path csv = dir.path() / "SYN_1m.csv";
    rows_per_symbol = WriteCsv(csv, Days());
    store = std::move(DuckDbBarStore::Open(dir.path() / "bars.duckdb")).value();
    for (int i = 0; i < symbols; ++i) {
      ImportOptions options;
      options.symbol = *model::Symbol::Parse(fmt::format("SYM{}", i));
      const std::vector<std::filesystem::path> files = {csv};
      (void)ImportFiles(*store, files, options).value();
    }
  }
};

Fixture& SharedFixture() {
  static Fixture fixture(Smoke() ? 2 : 10);
  return fixture;
}

void BM_ImportParquet(benchmark::State& state) {
  Fixture& fixture = SharedFixture();
  const std::filesystem::path dataset = fixture.dir.path() / "dataset";
  (void)fixture.store->ExportParquet(dataset);
  const std::vector<std::filesystem::path> files = {dataset};
  int round = 0;
  for (auto _ : state) {
    state.PauseTiming();
    auto store = DuckDbBarStore::Open(fixture.dir.path() / fmt::format("pq{}.duckdb", round++));
    state.ResumeTiming();
    auto report = ImportFiles(**store, files, {});
    benchmark::DoNotOptimize(report);
    if (!report.ok()) state.SkipWithError(report.error().message().c_str());
  }
  state.SetItemsProcessed(state.iterations() * fixture.rows_per_symbol * fixture.symbols);
}
BENCHMARK(BM_ImportParquet)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ReadSymbolYear(benchmark::State& state) {
  Fixture& fixture = SharedFixture();
  const model::Symbol symbol = *model::Symbol::Parse("SYM1");
  int64_t rows = 0;
  for (auto _ : state) {
    auto bars = fixture.store->Read(symbol, model::Interval::Minutes(1), FromUnixNanos(0),
                                    *ParseTimestamp("2100-01-01"));
    rows += static_cast<int64_t>(bars->size());
    benchmark::DoNotOptimize(bars);
  }
  state.SetItemsProcessed(rows);
}
BENCHMARK(BM_ReadSymbolYear)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FullScan(benchmark::State& state) {
  Fixture& fixture = SharedFixture();
  int64_t rows = 0;
  for (auto _ : state) {
    auto list = fixture.store->List();
    for (const SeriesSummary& series : *list) {
      auto bars = fixture.store->Read(series.symbol, series.interval, series.first_open,
                                      series.last_open + 1ns);
      rows += static_cast<int64_t>(bars->size());
      benchmark::DoNotOptimize(bars);
    }
  }
  state.SetItemsProcessed(rows);
}
BENCHMARK(BM_FullScan)->Unit(benchmark::kMillisecond)->UseRealTime();

// A session day of every symbol (a replay's block read): one query for all
// symbols, against one query per symbol.
void ReadDay(benchmark::State& state, bool batched) {
  Fixture& fixture = SharedFixture();
  std::vector<model::Symbol> symbols;
  for (int i = 0; i < fixture.symbols; ++i) {
    symbols.push_back(*model::Symbol::Parse(fmt::format("SYM{}", i)));
  }
  const Timestamp from = *ParseTimestamp("2013-01-03T14:30:00Z");
  const Timestamp to = from + 390min;
  int64_t rows = 0;
  for (auto _ : state) {
    if (batched) {
      auto bars = fixture.store->ReadMany(symbols, model::Interval::Minutes(1), from, to);
      for (const auto& one : *bars) rows += std::ssize(one);
      benchmark::DoNotOptimize(bars);
    } else {
      for (const model::Symbol& symbol : symbols) {
        auto bars = fixture.store->Read(symbol, model::Interval::Minutes(1), from, to);
        rows += std::ssize(*bars);
        benchmark::DoNotOptimize(bars);
      }
    }
  }
  state.SetItemsProcessed(rows);
}
void BM_ReadDayAllSymbols(benchmark::State& state) { ReadDay(state, true); }
void BM_ReadDayEachSymbol(benchmark::State& state) { ReadDay(state, false); }
BENCHMARK(BM_ReadDayAllSymbols)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ReadDayEachSymbol)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace tapedeck::store

BENCHMARK_MAIN();
