// Live-feed throughput and latency. BM_ParseBarMessages parses stream frames
// of 500 bar messages each (one minute of 500 symbols) and reports bar
// messages/s. BM_FeedLatency replays synthetic 1m bars of 500 symbols at
// 1000× from the local server over localhost and reports, per bar, the time
// from the moment the server hands its frame to the socket (p50_us, p99_us)
// and from its scheduled send time (due_p50_us, due_p99_us: adds the
// server's timer and frame building) to its arrival in the client's buffer;
// that includes the socket, parsing and the buffer insert. Bars due before
// the client subscribed come by the REST backfill instead (`backfilled`;
// none at 1000×, some in the smoke runs at 100000×) and are no latencies.
// BM_LiveSessionLatency runs a live session on that feed for a whole day and
// measures the same two times up to the moment the session has updated the
// symbol's indicators with the bar. BM_LiveStepFromColdCache is the session's
// share alone, without sockets or threads.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <future>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "calendar/trading_calendar.hpp"
#include "core/cpu_pin.hpp"
#include "feed/feed_client.hpp"
#include "feed/feed_protocol.hpp"
#include "feed/feed_server.hpp"
#include "feed/live_feed.hpp"
#include "indicators/registry.hpp"
#include "session/session_engine.hpp"
#include "testkit/memory_bar_store.hpp"
#include "testkit/sample_bars.hpp"

namespace tapedeck::feed {
namespace {

namespace chr = std::chrono;

bool Smoke() { return std::getenv("TAPEDECK_BENCH_SMOKE") != nullptr; }

// The value below which a fraction `q` of `values` lies (sorts them); 0 when empty.
double Quantile(std::vector<double>& values, double q) {
  if (values.empty()) return 0.0;
  std::ranges::sort(values);
  return values[static_cast<size_t>(q * static_cast<double>(values.size() - 1))];
}

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
  std::vector<double> micros;      // The frame handed to the socket to the feed's buffer.
  std::vector<double> due_micros;  // Its scheduled send time to the feed's buffer.
  double worst = -1;
  double worst_minute = 0;  // Minutes after the day's first open of the slowest bar.
  int64_t bars_received = 0;
  int64_t backfilled = 0;  // Bars that never went through the stream: not latencies.
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
        const std::optional<Timestamp> sent = server->sent_at(held.bar.open_time);
        if (!sent) {  // Due before the client subscribed: it came by the REST backfill.
          ++backfilled;
          continue;
        }
        micros.push_back(static_cast<double>((held.received - *sent).count()) / 1000.0);
        due_micros.push_back(static_cast<double>((held.received - due).count()) / 1000.0);
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
  state.counters["p50_us"] = Quantile(micros, 0.50);
  state.counters["p99_us"] = Quantile(micros, 0.99);
  state.counters["max_us"] = Quantile(micros, 1.0);
  state.counters["due_p50_us"] = Quantile(due_micros, 0.50);
  state.counters["due_p99_us"] = Quantile(due_micros, 0.99);
  state.counters["worst_minute"] = worst_minute;
  state.counters["symbols"] = static_cast<double>(symbols.size());
  state.counters["backfilled"] = static_cast<double>(backfilled);
  if (micros.empty()) state.SkipWithError("no bar came through the stream");
  state.SetItemsProcessed(bars_received);
}
BENCHMARK(BM_FeedLatency)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(1);

// One bar in every minute of [from, from + minutes) for each series, a
// random walk on a cent grid: every minute's frame holds a bar of every
// symbol, so no symbol holds the live horizon back.
void AppendEveryMinute(std::vector<store::SeriesBars>& series, Timestamp from, int minutes,
                       std::mt19937_64& random) {
  std::normal_distribution<double> step(0, 0.05);
  for (store::SeriesBars& one : series) {
    double price = one.bars.empty() ? 50.0 : one.bars.back().close;
    for (int minute = 0; minute < minutes; ++minute) {
      const double open = price;
      price = std::max(1.0, std::round((price + step(random)) * 100) / 100);
      one.bars.push_back(model::Bar{from + chr::minutes(minute), open, std::max(open, price) + 0.02,
                                    std::min(open, price) - 0.02, price,
                                    1000.0 + static_cast<double>(random() % 5000), 1});
    }
  }
}

// The live latency benchmarks' day, 2013-10-07: `symbols` with a bar every
// minute of the session before (history) and of the first `minutes` of the
// day, and a live session over them with 5m derived, SMA20/RSI14/VWAP on 1m,
// SMA20 on 5m and a day of 1m history, stopped by a script after `minutes`.
struct LatencyDay {
  calendar::TradingCalendar nyse = *calendar::TradingCalendar::ForExchange("NYSE");
  Date day = *ParseDate("2013-10-07");
  calendar::SessionHours hours;
  testkit::MemoryBarStore store;         // History, and today's bars if asked.
  std::vector<store::SeriesBars> today;  // Today's bars.
  session::SessionSetup setup;
};

std::unique_ptr<LatencyDay> MakeLatencyDay(const std::vector<model::Symbol>& symbols, int minutes,
                                           bool today_in_store) {
  auto made = std::make_unique<LatencyDay>();
  LatencyDay& day = *made;
  day.hours = **day.nyse.Session(day.day);
  const calendar::SessionHours before = **day.nyse.Session(*day.nyse.PreviousSession(day.day));
  std::vector<store::SeriesBars> history;
  for (const model::Symbol& symbol : symbols) {
    history.push_back({symbol, model::Interval::Minutes(1), {}});
    day.today.push_back({symbol, model::Interval::Minutes(1), {}});
  }
  std::mt19937_64 random(42);
  AppendEveryMinute(
      history, before.open,
      static_cast<int>(chr::duration_cast<chr::minutes>(before.close - before.open).count()),
      random);
  for (size_t i = 0; i < symbols.size(); ++i) {
    day.today[i].bars.push_back(history[i].bars.back());  // Where the walk goes on from.
  }
  AppendEveryMinute(day.today, day.hours.open, minutes, random);
  for (store::SeriesBars& one : day.today) one.bars.erase(one.bars.begin());
  TD_CHECK(day.store.Write(history).ok());
  if (today_in_store) TD_CHECK(day.store.Write(day.today).ok());

  session::SessionSetup& setup = day.setup;
  setup.name = "live_latency";
  setup.mode = "live";
  setup.start_date = day.day;
  setup.end_date = day.day;
  setup.symbols = symbols;
  const auto spec = [](std::string_view name, double period, model::Interval interval) {
    return *indicators::ParseIndicatorSpec(name, period, {}, interval);
  };
  setup.plan.derived = {model::Interval::Minutes(5)};
  setup.plan.indicators = {
      spec("sma", 20, model::Interval::Minutes(1)), spec("rsi", 14, model::Interval::Minutes(1)),
      spec("vwap", 0, model::Interval::Minutes(1)), spec("sma", 20, model::Interval::Minutes(5))};
  setup.plan.history = {loading::HistoryRequest{1, {model::Interval::Minutes(1)}, {}}};
  setup.script = {{day.hours.open + chr::minutes(minutes), session::StopCommand{}}};
  return made;
}

// When the session handed over a base bar: by OnBars the engine has stepped
// every symbol to the step's time, so the bar is in its indicators.
struct Arrival {
  model::Symbol symbol;
  Timestamp open_time{};
  Timestamp at{};  // Wall time.
};

// Records every 1m bar the session hands over, and counts those whose 1m
// indicators had not consumed them yet (none, if the engine keeps its
// promise). Starts the feed when the day starts: the configured symbols have
// loaded by then, as a live session's have before the first bar of the day.
class ArrivalRecorder final : public session::SessionParticipant {
 public:
  ArrivalRecorder(const clock::Clock& wall, std::function<void()> on_day_start,
                  std::vector<Arrival>& arrivals, int64_t& stale)
      : wall_(wall), on_day_start_(std::move(on_day_start)), arrivals_(arrivals), stale_(stale) {}

  void OnDayStart(const calendar::SessionHours& /*hours*/,
                  session::SessionContext& /*context*/) override {
    on_day_start_();
  }
  const std::vector<model::Interval>& BarIntervals() const override { return intervals_; }
  std::optional<Timestamp> NextSyncPoint(Timestamp /*after*/) const override {
    return std::nullopt;
  }
  void OnBars(std::span<const session::SessionBar> bars,
              session::SessionContext& /*context*/) override {
    const Timestamp now = wall_.Now();
    for (const session::SessionBar& bar : bars) {
      arrivals_.push_back({*bar.symbol, bar.event->bar.open_time, now});
      for (const loading::IndicatorState& indicator : bar.record->state->indicators()) {
        // A step that took several minutes hands over a symbol's bars
        // together, its indicators updated through the last of them.
        if (indicator.spec.interval == bar.event->interval &&
            (!indicator.updated_at || *indicator.updated_at < bar.event->completed_at)) {
          ++stale_;
        }
      }
    }
  }
  void OnTime(session::SessionContext& /*context*/) override {}
  void OnDayEnd(session::SessionContext& /*context*/) override {}
  void OnRunEnd(session::SessionContext& /*context*/) override {}

 private:
  const clock::Clock& wall_;
  std::function<void()> on_day_start_;
  std::vector<Arrival>& arrivals_;
  int64_t& stale_;
  const std::vector<model::Interval> intervals_{model::Interval::Minutes(1)};
};

// Issue 9's end-to-end figure: 500 symbols at one 1m bar per minute each,
// replayed at 1000× by the local server, into a live session (feed clock,
// grace 2 min, hold 0) with 5m derived, SMA20/RSI14/VWAP on 1m, SMA20 on 5m
// and a day of 1m history, over a whole day (390 minutes, 23 s). Per bar:
// from the server handing its frame to the socket (and from its scheduled
// send time) to the session's OnBars, whose indicators include it. A script
// stops the session when the last minute is in.
// Argument 1: with the live config's latency settings (busy_wait, the
// session's loop on CPU 1, the feed's I/O thread on CPU 0); the local server
// runs on CPU 0 too (its thread starts from a thread pinned there), so the
// session's CPU is its own on a 2-CPU machine. Argument 0: the defaults.
void BM_LiveSessionLatency(benchmark::State& state) {
  bool latency_settings = state.range(0) == 1;
  if (latency_settings && CpuCount() < 2) {
    state.SetLabel("1 CPU: ran with the defaults (the latency settings need 2)");
    latency_settings = false;
  }
  const auto symbols = Symbols(Smoke() ? 5 : 500);
  const int minutes = Smoke() ? 10 : 390;
  const double speed = Smoke() ? 100000 : 1000;
  const std::unique_ptr<LatencyDay> latency_day = MakeLatencyDay(symbols, minutes, true);
  auto& [nyse, day, hours, store, today, setup] = *latency_day;
  const int64_t expected = static_cast<int64_t>(symbols.size()) * minutes;

  std::vector<double> micros;          // The frame handed to the socket to OnBars.
  std::vector<double> due_micros;      // Its scheduled send time to OnBars.
  std::vector<double> feed_micros;     // The frame handed to the socket to the feed's buffer.
  std::vector<double> session_micros;  // The feed's buffer to OnBars.
  double worst = -1;
  double worst_minute = 0;  // Minutes after the open of the slowest bar.
  int64_t backfilled = 0;   // Bars that never went through the stream: not latencies.
  int64_t bars_delivered = 0;
  int64_t steps = 0;
  for (auto _ : state) {
    std::optional<CpuPin> feed_cpu;
    if (latency_settings) feed_cpu.emplace(CpuPin::Pin(0).value());
    const clock::WallClock wall;
    FeedServerOptions options;
    options.date = day;
    options.speed = speed;
    auto server = std::move(FeedServer::Create(store, options, wall)).value();
    if (!server->Start().ok()) state.SkipWithError("starting the server");
    LiveFeedOptions feed_options;
    feed_options.client.stream_url = server->stream_url();
    feed_options.client.rest_url = server->rest_url();
    feed_options.client.credentials = {"bench", "bench"};
    feed_options.client.backfill_from = hours.open;
    feed_options.rule.wall = false;
    feed_options.rule.grace = chr::minutes(2);
    feed_options.rule.hold = Duration(0);
    if (latency_settings) feed_options.client.cpu = 0;
    LiveFeed feed(feed_options, wall);
    session::SessionEngine engine(setup, store, feed, nyse, wall);
    engine.set_live(&feed, chr::seconds(30),
                    latency_settings ? session::LiveWait{true, 1} : session::LiveWait{});
    std::vector<Arrival> arrivals;
    arrivals.reserve(static_cast<size_t>(expected));
    int64_t stale = 0;
    Status connected = Status::Ok();
    engine.AddParticipant(std::make_unique<ArrivalRecorder>(
        wall, [&] { connected = feed.Start(); }, arrivals, stale));
    // Should bars never come, stop the session rather than hang.
    std::promise<void> ended;
    std::thread watchdog([&engine, done = ended.get_future()] {
      if (done.wait_for(chr::minutes(2)) == std::future_status::timeout) {
        (void)engine.Submit(session::StopCommand{});
      }
    });
    const Status run = engine.Run();
    ended.set_value();
    watchdog.join();
    feed.Stop();
    server->Stop();
    if (!connected.ok()) state.SkipWithError("starting the feed");
    if (!run.ok()) state.SkipWithError(run.error().message().c_str());
    if (stale > 0) state.SkipWithError("OnBars came before the indicators had the bar");

    const Timestamp started = *server->replay_started();
    Timestamp first_open = Timestamp::max();
    for (const store::SeriesBars& one : server->day())
      first_open = std::min(first_open, one.bars.front().open_time);
    std::map<model::Symbol, std::map<Timestamp, Timestamp>> received;
    for (const model::Symbol& symbol : symbols) {
      for (const BufferedBar& held : feed.buffer().Snapshot(symbol))
        received[symbol][held.bar.open_time] = held.received;
    }
    for (const Arrival& arrival : arrivals) {
      const Duration ahead = arrival.open_time + chr::minutes(1) - first_open;
      const Timestamp due =
          started + Duration(static_cast<int64_t>(static_cast<double>(ahead.count()) / speed));
      const auto to_micros = [](Duration d) { return static_cast<double>(d.count()) / 1000.0; };
      const Timestamp in_buffer = received[arrival.symbol][arrival.open_time];
      const std::optional<Timestamp> sent = server->sent_at(arrival.open_time);
      if (!sent) {  // Due before the client subscribed: it came by the REST backfill.
        ++backfilled;
        continue;
      }
      micros.push_back(to_micros(arrival.at - *sent));
      due_micros.push_back(to_micros(arrival.at - due));
      feed_micros.push_back(to_micros(in_buffer - *sent));
      session_micros.push_back(to_micros(arrival.at - in_buffer));
      if (micros.back() > worst) {
        worst = micros.back();
        worst_minute = static_cast<double>(
            chr::duration_cast<chr::minutes>(arrival.open_time - hours.open).count());
      }
    }
    bars_delivered += static_cast<int64_t>(arrivals.size());
    steps += engine.totals().steps;
    if (static_cast<int64_t>(arrivals.size()) < expected) {
      state.SkipWithError("not every bar reached the session");
    }
  }
  state.counters["p50_us"] = Quantile(micros, 0.50);
  state.counters["p99_us"] = Quantile(micros, 0.99);
  state.counters["max_us"] = Quantile(micros, 1.0);
  state.counters["due_p50_us"] = Quantile(due_micros, 0.50);
  state.counters["due_p99_us"] = Quantile(due_micros, 0.99);
  state.counters["feed_p50_us"] = Quantile(feed_micros, 0.50);
  state.counters["feed_p99_us"] = Quantile(feed_micros, 0.99);
  state.counters["session_p50_us"] = Quantile(session_micros, 0.50);
  state.counters["session_p99_us"] = Quantile(session_micros, 0.99);
  state.counters["worst_minute"] = worst_minute;
  state.counters["symbols"] = static_cast<double>(symbols.size());
  state.counters["steps"] = static_cast<double>(steps);
  state.counters["backfilled"] = static_cast<double>(backfilled);
  if (micros.empty()) state.SkipWithError("no bar came through the stream");
  state.SetItemsProcessed(bars_delivered);
}
BENCHMARK(BM_LiveSessionLatency)
    ->ArgName("latency_settings")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime()
    ->Iterations(1);

// Feeds a live session from memory, one minute of bars for every symbol at
// a time, on the session's own thread: each time the session has taken a
// minute, the next call to Horizon first evicts the caches (as the feed's
// threads do between two minutes of a real live session) and adds the next
// minute's bars to the buffer, as the feed client would.
class ColdMinuteSource final : public loading::LiveBarSource {
 public:
  ColdMinuteSource(const clock::Clock& wall, std::vector<std::vector<IncomingBar>> minutes)
      : wall_(wall), buffer_(wall), minutes_(std::move(minutes)), evict_(32 << 20, 1) {
    buffer_.SetConnected(true);
    buffer_.BeginBackfill({});
    buffer_.EndBackfill({}, true);
  }

  Status Bars(std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
              Timestamp to, std::span<std::vector<model::Bar>* const> out) override {
    return buffer_.Bars(symbols, interval, from, to, out);
  }
  void Take(std::span<const model::Symbol> symbols, Timestamp until,
            std::span<std::vector<model::Bar>* const> out) override {
    buffer_.Take(symbols, until, out);
  }
  void Follow(std::span<const model::Symbol> /*symbols*/) override {}
  void Unfollow(std::span<const model::Symbol> /*symbols*/) override {}
  bool ready(const model::Symbol& /*symbol*/) const override { return true; }
  std::vector<model::Symbol> WaitReady(std::span<const model::Symbol> /*symbols*/,
                                       Timestamp /*deadline*/,
                                       const std::atomic<bool>* /*interrupt*/) override {
    return {};
  }
  Timestamp Horizon(std::span<const model::Symbol> symbols, Timestamp open) override {
    const Timestamp horizon = buffer_.Horizon(symbols, open, rule_);
    if (horizon >= next_minute_end_ && next_ < minutes_.size()) {
      // The session has everything so far: the next minute comes, from cold.
      for (size_t i = 0; i < evict_.size(); i += 64) evict_[i] = static_cast<char>(evict_[i] + 1);
      benchmark::DoNotOptimize(evict_.data());
      added_.push_back(wall_.Now());
      buffer_.Add(minutes_[next_]);
      next_minute_end_ = minutes_[next_].front().bar.open_time + chr::minutes(1);
      ++next_;
      return buffer_.Horizon(symbols, open, rule_);
    }
    return horizon;
  }
  void set_on_change(std::function<void()> /*wake*/) override {}
  Status failure() const override { return Status::Ok(); }
  loading::LiveStatus status() const override { return {}; }

  // Wall time each minute was added, in order.
  const std::vector<Timestamp>& added() const { return added_; }

 private:
  const clock::Clock& wall_;
  LiveBarBuffer buffer_;
  std::vector<std::vector<IncomingBar>> minutes_;
  std::vector<char> evict_;
  size_t next_ = 0;
  Timestamp next_minute_end_{};
  std::vector<Timestamp> added_;
  // Each minute has every symbol's bar, so the horizon never needs grace.
  const HorizonRule rule_{.wall = false, .grace = chr::hours(1), .hold = {}, .idle = chr::hours(1)};
};

// The session's share of BM_LiveSessionLatency without sockets or threads:
// per minute of 500 symbols' bars, the time from adding them to the buffer
// (caches cold) to the session's OnBars (indicators updated). Same plan.
void BM_LiveStepFromColdCache(benchmark::State& state) {
  const auto symbols = Symbols(Smoke() ? 5 : 500);
  const int minutes = Smoke() ? 10 : 390;
  const std::unique_ptr<LatencyDay> latency_day = MakeLatencyDay(symbols, minutes, false);
  auto& [nyse, day, hours, store, today, setup] = *latency_day;
  std::vector<std::vector<IncomingBar>> by_minute(static_cast<size_t>(minutes));
  for (const store::SeriesBars& one : today) {
    for (size_t m = 0; m < one.bars.size(); ++m) {
      by_minute[m].push_back({one.symbol.str(), one.bars[m], BarOrigin::kStream});
    }
  }

  std::vector<double> micros;
  for (auto _ : state) {
    const clock::WallClock wall;
    ColdMinuteSource source(wall, by_minute);
    session::SessionEngine engine(setup, store, source, nyse, wall);
    engine.set_live(&source);
    std::vector<Arrival> arrivals;
    int64_t stale = 0;
    engine.AddParticipant(std::make_unique<ArrivalRecorder>(
        wall, [] {}, arrivals, stale));
    if (const Status run = engine.Run(); !run.ok()) {
      state.SkipWithError(run.error().message().c_str());
    }
    if (stale > 0) state.SkipWithError("OnBars came before the indicators had the bar");
    if (static_cast<int64_t>(arrivals.size()) < static_cast<int64_t>(symbols.size()) * minutes) {
      state.SkipWithError("not every bar reached the session");
    }
    // One figure per minute: every bar of a minute arrives in one OnBars.
    std::map<Timestamp, Timestamp> first_arrival;
    for (const Arrival& arrival : arrivals) first_arrival.emplace(arrival.open_time, arrival.at);
    for (size_t m = 0; m < source.added().size(); ++m) {
      const auto at = first_arrival.find(hours.open + chr::minutes(static_cast<int>(m)));
      if (at == first_arrival.end()) continue;
      micros.push_back(static_cast<double>((at->second - source.added()[m]).count()) / 1000.0);
    }
  }
  state.counters["p50_us"] = Quantile(micros, 0.5);
  state.counters["p90_us"] = Quantile(micros, 0.9);
  state.counters["max_us"] = Quantile(micros, 1.0);
}
BENCHMARK(BM_LiveStepFromColdCache)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

}  // namespace
}  // namespace tapedeck::feed

BENCHMARK_MAIN();
