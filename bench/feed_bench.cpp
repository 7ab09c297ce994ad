// Live-feed throughput and latency. BM_ParseBarMessages parses stream frames
// of 500 bar messages each (one minute of 500 symbols) and reports bar
// messages/s. BM_FeedLatency replays synthetic 1m bars of 500 symbols at
// 1000× from the local server over localhost and reports, per bar, the time
// from its scheduled send time at the server to its arrival in the client's
// buffer (p50/p99 in µs); that includes building and writing the frame,
// the socket, parsing and the buffer insert.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "feed/feed_client.hpp"
#include "feed/feed_protocol.hpp"
#include "feed/feed_server.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/sample_bars.hpp"

namespace tapedeck::feed {
namespace {

namespace chr = std::chrono;

bool Smoke() { return std::getenv("TAPEDECK_BENCH_SMOKE") != nullptr; }

std::vector<model::Symbol> Symbols(int count) {
  std::vector<model::Symbol> symbols;
  for (int i = 0; i < count; ++i)
    symbols.push_back(*model::Symbol::Parse(fmt::format("S{:03}", i)));
  return symbols;
}

void BM_ParseBarMessages(benchmark::State& state) {
  const auto symbols = Symbols(500);
  const int minutes = Smoke() ? 2 : 60;
  std::vector<std::string> frames;
  for (int minute = 0; minute < minutes; ++minute) {
    std::string frame = "[";
    for (size_t i = 0; i < symbols.size(); ++i) {
      const double price = 100.0 + static_cast<double>(i) * 0.37 + minute * 0.01;
      const model::Bar bar{*ParseTimestamp("2013-10-07T13:30:00Z") + chr::minutes(minute),
                           price,
                           price + 0.25,
                           price - 0.13,
                           price + 0.07,
                           12345.0 + static_cast<double>(i),
                           1};
      if (i > 0) frame += ',';
      AppendBarMessage(frame, symbols[i].str(), bar);
    }
    frame += ']';
    frames.push_back(std::move(frame));
  }
  FrameParser parser;
  int64_t bars = 0;
  for (auto _ : state) {
    for (const std::string& frame : frames) {
      const Status status = parser.Parse(frame);
      if (!status.ok()) state.SkipWithError(status.error().message().c_str());
      bars += static_cast<int64_t>(parser.events().size());
      benchmark::DoNotOptimize(parser.events().data());
    }
  }
  state.SetItemsProcessed(bars);
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(frames[0].size()) * minutes);
}
BENCHMARK(BM_ParseBarMessages)->Unit(benchmark::kMillisecond);

void BM_FeedLatency(benchmark::State& state) {
  const auto symbols = Symbols(Smoke() ? 5 : 500);
  const int minutes = Smoke() ? 10 : 60;
  const double speed = Smoke() ? 100000 : 1000;
  testkit::MemoryBarStore store;
  std::vector<store::SeriesBars> series;
  for (size_t i = 0; i < symbols.size(); ++i) {
    std::vector<model::Bar> bars = testkit::RandomMinuteBars(
        static_cast<unsigned>(i + 1), 50.0 + static_cast<double>(i), minutes);
    std::erase_if(bars, [&](const model::Bar& bar) {
      return bar.open_time >= *ParseTimestamp("2013-10-07T13:30:00Z") + chr::minutes(minutes);
    });
    series.push_back({symbols[i], model::Interval::Minutes(1), std::move(bars)});
  }
  if (!store.Write(series).ok()) state.SkipWithError("writing the store");
  std::vector<double> micros;
  double worst = -1;
  double worst_minute = 0;  // Minutes after the day's first open of the slowest bar.
  int64_t bars_received = 0;
  for (auto _ : state) {
    const clock::WallClock wall;
    FeedServerOptions options;
    options.date = *ParseDate("2013-10-07");
    options.speed = speed;
    auto server = std::move(FeedServer::Create(store, options, wall)).value();
    if (!server->Start().ok()) state.SkipWithError("starting the server");
    int64_t expected = 0;
    Timestamp first_open = Timestamp::max();
    for (const store::SeriesBars& day : server->day()) {
      expected += static_cast<int64_t>(day.bars.size());
      first_open = std::min(first_open, day.bars.front().open_time);
    }
    LiveBarBuffer buffer(wall);
    FeedClientOptions client_options;
    client_options.stream_url = server->stream_url();
    client_options.rest_url = server->rest_url();
    client_options.credentials = {"bench", "bench"};
    FeedClient client(client_options, buffer);
    client.Subscribe(symbols);
    if (!client.Start().ok()) state.SkipWithError("starting the client");
    const Timestamp deadline = wall.Now() + chr::minutes(2);
    uint64_t seen = 0;
    while (buffer.status().bars < expected && wall.Now() < deadline) {
      seen = buffer.WaitForChange(seen, chr::milliseconds(100));
    }
    client.Stop();
    server->Stop();
    const Timestamp started = *server->replay_started();
    for (const model::Symbol& symbol : symbols) {
      for (const BufferedBar& held : buffer.Snapshot(symbol)) {
        const Duration ahead = held.bar.open_time + chr::minutes(1) - first_open;
        const Timestamp due =
            started + Duration(static_cast<int64_t>(static_cast<double>(ahead.count()) / speed));
        micros.push_back(static_cast<double>((held.received - due).count()) / 1000.0);
        if (micros.back() > worst) {
          worst = micros.back();
          worst_minute = static_cast<double>(
              chr::duration_cast<chr::minutes>(held.bar.open_time - first_open).count());
        }
      }
    }
    bars_received += buffer.status().bars;
    if (buffer.status().bars < expected) state.SkipWithError("not every bar arrived");
  }
  std::ranges::sort(micros);
  const auto at = [&](double q) {
    return micros.empty() ? 0.0
                          : micros[static_cast<size_t>(q * static_cast<double>(micros.size() - 1))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p99_us"] = at(0.99);
  state.counters["max_us"] = micros.empty() ? 0.0 : micros.back();
  state.counters["worst_minute"] = worst_minute;
  state.counters["symbols"] = static_cast<double>(symbols.size());
  state.SetItemsProcessed(bars_received);
}
BENCHMARK(BM_FeedLatency)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

}  // namespace
}  // namespace tapedeck::feed

BENCHMARK_MAIN();
