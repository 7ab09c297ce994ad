// Session-level costs the issue sets targets for, on synthetic 1m bars (see
// synthetic_session.hpp): 500 symbols joining in one AddSymbol command at
// 11:05 with 3 trailing days of 1m history from a DuckDB file (target ≤ 1 s),
// and the peak memory of a run of S = 400 symbols × D = 1 session, from memory
// and from a DuckDB file.
#include <benchmark/benchmark.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>

#include "replay/replay_bar_source.hpp"
#include "session/session_engine.hpp"
#include "store/duckdb_bar_store.hpp"
#include "synthetic_session.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::session {
namespace {

using bench::Calendar;
using bench::Generate;
using bench::RunSessions;
using bench::Setup;
using bench::Smoke;
using bench::Symbols;
namespace chr = std::chrono;

// The wall time of one AddSymbol command that loads `added` symbols at 11:05
// on the run's first day (3 trailing days of warm-up, 95 minutes of
// catch-up), read from the session-gap record the engine keeps for the load.
void BM_AddManySymbols(benchmark::State& state) {
  const int added = Smoke() ? 5 : 500;
  const std::vector<model::Symbol> symbols = Symbols(added + 1);  // The first is configured.
  const testkit::TempDir dir;
  auto store = std::move(store::DuckDbBarStore::Open(dir.path() / "bench.duckdb")).value();
  if (!store->Write(Generate(symbols, 1)).ok()) state.SkipWithError("writing the store failed");
  replay::ReplayBarSource source(*store);
  const Timestamp at = (**Calendar().Session(RunSessions(1).front())).open + chr::minutes(95);
  AddSymbolCommand add{{}, {}, AddedBy::kScript};
  for (size_t i = 1; i < symbols.size(); ++i) add.symbols.push_back(symbols[i].str());
  loading::LoadTimes times;  // Of the last iteration.
  std::vector<double> totals_ms;
  int64_t loaded = 0;
  for (auto _ : state) {
    const clock::WallClock wall;
    SessionSetup setup = Setup({symbols.front()}, 1);
    setup.script.push_back({at, add});
    setup.script.push_back({at, StopCommand{}});  // Nothing after the add is measured.
    SessionEngine engine(std::move(setup), *store, source, Calendar(), wall);
    const Status status = engine.Run();
    if (!status.ok()) state.SkipWithError(status.error().message().c_str());
    for (const SessionGap& gap : engine.totals().gaps) {
      if (gap.at != at) continue;
      times = gap.times;
      loaded = static_cast<int64_t>(gap.symbols.size());
      state.SetIterationTime(chr::duration<double>(gap.times.total).count());
      totals_ms.push_back(chr::duration<double, std::milli>(gap.times.total).count());
    }
    if (loaded != added) state.SkipWithError("not every symbol was added");
  }
  const auto ms = [](Duration d) { return chr::duration<double, std::milli>(d).count(); };
  state.counters["symbols"] = static_cast<double>(loaded);
  // The first add reads a cold DuckDB file; the median is the steady state.
  std::vector<double> sorted = totals_ms;
  std::ranges::sort(sorted);
  state.counters["first_add_ms"] = totals_ms.empty() ? 0.0 : totals_ms.front();
  state.counters["median_add_ms"] = sorted.empty() ? 0.0 : sorted[sorted.size() / 2];
  state.counters["history_ms"] = ms(times.history);
  state.counters["warmup_ms"] = ms(times.warmup);
  state.counters["catchup_ms"] = ms(times.catchup);
  state.counters["per_symbol_us"] =
      loaded > 0 ? ms(times.total) * 1000 / static_cast<double>(loaded) : 0.0;
}
BENCHMARK(BM_AddManySymbols)->Unit(benchmark::kMillisecond)->UseManualTime()->Iterations(3);

// Kilobytes of a /proc/self/status field ("VmHWM", "VmRSS"); -1 if absent.
double StatusKb(std::string_view field) {
  std::ifstream in("/proc/self/status");
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(field) && line.size() > field.size() && line[field.size()] == ':') {
      return std::stod(line.substr(field.size() + 1));
    }
  }
  return -1;
}

// Resets VmHWM to the current RSS (Linux ≥ 4.0); false where not allowed.
bool ResetPeak() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return out.good();
}

struct PeakReport {
  double data_kb = 0;      // RSS the in-memory store's bars added (0 for DuckDB).
  double baseline_kb = 0;  // RSS when the peak was reset, just before the run.
  double peak_kb = 0;      // VmHWM after the run.
  double seconds = 0;
  int64_t bars = 0;
  bool ok = false;
  bool reset = false;
};

// The measured part, in a child process: a fresh address space whose
// high-water mark belongs to this run alone.
PeakReport MeasureRun(const std::vector<model::Symbol>& symbols, bool from_duckdb,
                      const std::filesystem::path& db) {
  PeakReport report;
  const double start_kb = StatusKb("VmRSS");
  std::optional<testkit::MemoryBarStore> memory;
  if (!from_duckdb) {
    memory.emplace();
    if (!memory->Write(Generate(symbols, 1)).ok()) return report;
    report.data_kb = StatusKb("VmRSS") - start_kb;
  }
  report.reset = ResetPeak();
  report.baseline_kb = StatusKb("VmRSS");
  const clock::WallClock wall;
  const Timestamp started = wall.Now();
  std::unique_ptr<store::DuckDbBarStore> duckdb;
  if (from_duckdb) {
    auto opened = store::DuckDbBarStore::Open(db);
    if (!opened.ok()) return report;
    duckdb = std::move(opened).value();
  }
  store::BarStore& store = from_duckdb ? static_cast<store::BarStore&>(*duckdb) : *memory;
  replay::ReplayBarSource source(store);
  SessionEngine engine(Setup(symbols, 1), store, source, Calendar(), wall);
  report.ok = engine.Run().ok();
  report.seconds = chr::duration<double>(wall.Now() - started).count();
  report.bars = engine.totals().base_bars;
  report.peak_kb = StatusKb("VmHWM");
  return report;
}

// Peak RSS of a run of S symbols × 1 session (Arg 0: from memory, 1: from a
// DuckDB file). VmHWM is process-wide, so each measurement forks a child that
// resets it and runs the session alone; the parent only reports. `peak_mb` is
// the child's whole peak (binary, libraries and, from memory, the store's
// bars); `run_mb` is what the run added above the RSS at its start; `data_mb`
// is the in-memory store's bars.
void BM_PeakMemory(benchmark::State& state) {
  const bool from_duckdb = state.range(0) == 1;
  const std::vector<model::Symbol> symbols = Symbols(Smoke() ? 4 : 400);
  const testkit::TempDir dir;
  const std::filesystem::path db = dir.path() / "bench.duckdb";
  if (from_duckdb) {  // Written and closed before the fork: the child opens it afresh.
    auto store = std::move(store::DuckDbBarStore::Open(db)).value();
    if (!store->Write(Generate(symbols, 1)).ok()) state.SkipWithError("writing the store failed");
  }
  PeakReport report;
  for (auto _ : state) {
    int pipe_fds[2];
    if (pipe(pipe_fds) != 0) {
      state.SkipWithError("pipe failed");
      break;
    }
    const pid_t child = fork();
    if (child == 0) {
      close(pipe_fds[0]);
      const PeakReport measured = MeasureRun(symbols, from_duckdb, db);
      const bool written = write(pipe_fds[1], &measured, sizeof measured) == sizeof measured;
      _exit(written ? 0 : 1);
    }
    close(pipe_fds[1]);
    const bool got = child > 0 && read(pipe_fds[0], &report, sizeof report) == sizeof report;
    close(pipe_fds[0]);
    int status = 0;
    if (child > 0) waitpid(child, &status, 0);
    if (!got || !report.ok) {
      state.SkipWithError("the measured run failed");
      break;
    }
    state.SetIterationTime(report.seconds);
  }
  state.SetItemsProcessed(report.bars);
  state.counters["peak_mb"] = report.peak_kb / 1024;
  state.counters["run_mb"] = (report.peak_kb - report.baseline_kb) / 1024;
  state.counters["data_mb"] = report.data_kb / 1024;
  state.counters["peak_reset"] = report.reset ? 1 : 0;
  state.counters["symbols"] = static_cast<double>(symbols.size());
}
BENCHMARK(BM_PeakMemory)
    ->ArgName("duckdb")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseManualTime()
    ->Iterations(1);

}  // namespace
}  // namespace tapedeck::session

BENCHMARK_MAIN();
