// A local market-data server that speaks the feed protocol (feed_protocol.hpp)
// on one port: the WebSocket stream at any path (ws://HOST:PORT/v2/iex) and the
// REST bars endpoints (GET /v2/stocks/bars, /v2/stocks/{symbol}/bars). It
// replays one day of 1m bars from a store at a speed multiplier, and can
// inject faults, for tests, benchmarks and demos. Runs on its own I/O thread;
// the public methods are safe from any thread.
//
// Time: the replay starts when the first client subscribes. From then on
// simulated time runs `speed`× the injected clock (speed 0: every bar is due
// at once), and a bar opening at t is sent when simulated time reaches
// t + 1m to every connection subscribed to its symbol. REST answers only with
// bars complete by simulated now, as a real endpoint cannot serve the future.
// With a certificate and key (FeedServerOptions) the port speaks TLS only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "clock/clock.hpp"
#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::feed {

// Faults the server can inject (docs/FEED.md). Each repeats every
// `fault_every` minute batches, at a different offset, so several can be on.
enum class Fault : uint8_t {
  kDrop,        // Closes a connection (no WebSocket close) after it sent `fault_every` batches.
  kDelay,       // Holds a batch for `delay` of wall time before sending it.
  kDuplicate,   // Sends a batch twice.
  kReorder,     // Sends a batch after the next one.
  kMalformed,   // Sends a frame that is not JSON and one whose bar lacks fields.
  kRejectAuth,  // Answers the first authentication with 402 "auth failed" and closes.
  kCorrect,     // Sends a batch's bars altered (high and close up one cent), then the
                // stored bars as updated bars ("u") `correction_delay` later.
};

// "drop", "delay", "duplicate", "reorder", "malformed", "reject-auth", "correct".
Result<Fault> ParseFault(std::string_view name);
std::string_view ToString(Fault fault);

struct FeedServerOptions {
  Date date{};
  double speed = 60;  // Simulated time per wall time; 0 = as fast as possible.
  std::string address = "127.0.0.1";
  uint16_t port = 0;  // 0 picks a free port (see FeedServer::port()).
  std::vector<Fault> faults;
  int fault_every = 50;  // Minute batches between two faults of one kind.
  Duration delay = std::chrono::milliseconds(200);
  // Simulated time from a batch hit by the correct fault to its corrections,
  // in [0, 1m): they always come before the next minute's batch. Alpaca's
  // updated bars come about 30 s after the bar.
  Duration correction_delay = std::chrono::seconds(30);
  // Accepted credentials; empty accepts any.
  std::string key;
  std::string secret;
  // PEM files; with both set the server speaks TLS only (wss:// and https://).
  std::filesystem::path tls_cert_file;
  std::filesystem::path tls_key_file;
};

// What the server did, for tests and logs.
struct FeedServerTotals {
  int64_t connections = 0;
  int64_t batches_sent = 0;
  int64_t bars_sent = 0;
  int64_t rest_requests = 0;
  int64_t faults = 0;
};

class FeedServer {
 public:
  // Reads the 1m bars of `options.date` for every symbol the store holds:
  // those opening in [date 04:00 UTC, date+1 04:00 UTC), which is the whole
  // New York day (pre-market to after-hours) in EST and in EDT.
  // The store is read here only; `clock` must outlive the server.
  static Result<std::unique_ptr<FeedServer>> Create(store::BarStore& store,
                                                    FeedServerOptions options,
                                                    const clock::Clock& clock);
  ~FeedServer();
  FeedServer(const FeedServer&) = delete;
  FeedServer& operator=(const FeedServer&) = delete;

  // Binds the port and starts serving on the I/O thread.
  Status Start();
  // Stops serving and joins the I/O thread; idempotent.
  void Stop();
  // Serves until SIGINT or SIGTERM. Requires: Start() succeeded.
  void WaitForSignal();

  uint16_t port() const;
  std::string stream_url() const;  // ws://ADDRESS:PORT/v2/iex (wss:// with TLS)
  std::string rest_url() const;    // http://ADDRESS:PORT (https:// with TLS)
  // The day's bars per symbol, sorted (what a client should end up with).
  const std::vector<store::SeriesBars>& day() const;
  FeedServerTotals totals() const;
  // The clock's time when the replay started (the first subscription), or
  // nullopt before. A bar opening at t is due at
  // replay_started + (t + 1m - first open of the day) / speed.
  std::optional<Timestamp> replay_started() const;
  // The clock's time when the frame with the bars opening at `open` was
  // first handed to a client's socket, or nullopt (not sent yet, held back
  // by the reorder fault, or no such minute). Recorded as its write starts.
  std::optional<Timestamp> sent_at(Timestamp open) const;

  class Impl;

 private:
  explicit FeedServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tapedeck::feed
