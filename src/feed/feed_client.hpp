// The live feed client: keeps one WebSocket connection to a market-data
// stream (feed_protocol.hpp; ws:// or wss:// with TLS), authenticates,
// subscribes to the minute bars (and their corrections) of the session's
// symbols, and puts every bar into a LiveBarBuffer. When the connection
// drops it reconnects with exponential backoff, subscribes again and
// backfills the minutes it missed through the REST bars endpoint (http:// or
// https://). Malformed messages are counted, logged and skipped.
//
// Threads: the client runs on its own I/O thread; Start, Stop, Subscribe and
// Unsubscribe may be called from any thread. Keys are never logged.
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "feed/live_bar_buffer.hpp"
#include "model/symbol.hpp"

namespace tapedeck::feed {

struct FeedCredentials {
  std::string key;
  std::string secret;
};

// Environment variables that hold the keys: ours first, then the broker's.
inline constexpr const char* kKeyVariable = "TAPEDECK_FEED_KEY";
inline constexpr const char* kSecretVariable = "TAPEDECK_FEED_SECRET";
inline constexpr const char* kBrokerKeyVariable = "APCA_API_KEY_ID";
inline constexpr const char* kBrokerSecretVariable = "APCA_API_SECRET_KEY";

// Reads TAPEDECK_FEED_KEY / TAPEDECK_FEED_SECRET, else APCA_API_KEY_ID /
// APCA_API_SECRET_KEY. Errors name the variables, never their values.
Result<FeedCredentials> CredentialsFromEnvironment();

// Exponential backoff between connection attempts: initial, 2×, 4× … up to
// `max`. Pure; the client waits each delay on its I/O thread's timer.
class Backoff {
 public:
  Backoff(Duration initial, Duration max) : initial_(initial), max_(max) {}
  // The delay before the next attempt; grows each call.
  Duration Next();
  // After a connection that worked.
  void Reset() { attempts_ = 0; }
  int attempts() const { return attempts_; }

 private:
  Duration initial_;
  Duration max_;
  int attempts_ = 0;
};

struct FeedClientOptions {
  std::string stream_url;  // wss://stream.data.alpaca.markets/v2/iex, or the local server's.
  std::string rest_url;    // https://data.alpaca.markets, or the local server's.
  FeedCredentials credentials;
  // A symbol with no bars yet is backfilled from here (the session's start).
  // After a reconnect each symbol is backfilled from its last bar, less
  // `backfill_overlap`, so bars the stream sent out of order are covered too.
  Timestamp backfill_from{};
  Duration backfill_overlap = std::chrono::minutes(5);
  Duration initial_backoff = std::chrono::milliseconds(250);
  Duration max_backoff = std::chrono::seconds(30);
  // Authentication failures in a row before the client gives up (wrong keys).
  int max_auth_failures = 3;
  int rest_page_limit = 10000;
  // For wss:// and https://: a PEM file of the CA certificates to trust
  // instead of the system's (a private CA, or the local server's own
  // certificate). The peer's certificate and host name are always verified.
  std::string ca_file;
  Duration io_timeout = std::chrono::seconds(10);
  // Run the I/O thread (the socket, the parse, the buffer's insert) on this
  // CPU (the live config's feed_cpu): a latency setting.
  std::optional<int> cpu;
};

class FeedClient {
 public:
  // `buffer` must outlive the client.
  FeedClient(FeedClientOptions options, LiveBarBuffer& buffer);
  ~FeedClient();
  FeedClient(const FeedClient&) = delete;
  FeedClient& operator=(const FeedClient&) = delete;

  // Checks the URLs and starts the I/O thread, which connects.
  Status Start();
  // Closes the connection and joins the I/O thread; idempotent.
  void Stop();

  // Symbols joining and leaving the session. Subscribing backfills a symbol
  // from `backfill_from` (or its last bar). Safe from any thread.
  void Subscribe(std::span<const model::Symbol> symbols);
  void Unsubscribe(std::span<const model::Symbol> symbols);

  // Ok while the client runs; the reason it gave up on its own otherwise
  // (authentication refused `max_auth_failures` times).
  Status failure() const;
  // Waits up to `timeout` (real time) for the client to give up on its own;
  // returns whether it did.
  bool WaitForFailure(std::chrono::milliseconds timeout) const;

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tapedeck::feed
