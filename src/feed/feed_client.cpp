#include "feed/feed_client.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include "core/cpu_pin.hpp"
#include "feed/feed_backfill.hpp"
#include "feed/feed_net.hpp"
#include "feed/feed_protocol.hpp"

namespace tapedeck::feed {

namespace chr = std::chrono;

namespace {

using PlainWebSocket = websocket::stream<beast::tcp_stream>;
using TlsWebSocket = websocket::stream<beast::ssl_stream<beast::tcp_stream>>;

// One connection's socket and its queue of outgoing messages: writes are
// serialised through the queue because a WebSocket allows one write at a time.
template <typename Ws>
struct Connection {
  template <typename... Args>
  explicit Connection(Args&&... args) : ws(std::forward<Args>(args)...) {}
  Ws ws;
  std::deque<std::string> outbox;
  bool writing = false;
  bool closed = false;
};

template <typename Ws>
awaitable<void> Flush(std::shared_ptr<Connection<Ws>> connection) {
  connection->writing = true;
  while (!connection->outbox.empty() && !connection->closed) {
    auto [ec, bytes] =
        co_await connection->ws.async_write(asio::buffer(connection->outbox.front()), kNoThrow);
    if (ec) break;
    connection->outbox.pop_front();
  }
  connection->writing = false;
}

template <typename Ws>
void QueueWrite(const std::shared_ptr<Connection<Ws>>& connection, std::string message) {
  connection->outbox.push_back(std::move(message));
  if (!connection->writing) {
    asio::co_spawn(connection->ws.get_executor(), Flush(connection), asio::detached);
  }
}

// How a connection ended.
struct ConnectionEnd {
  Status status;
  bool authenticated = false;  // It got as far as streaming.
  bool auth_refused = false;   // The server refused the keys.
};

}  // namespace

Result<FeedCredentials> CredentialsFromEnvironment() {
  const auto read = [](const char* name) {
    const char* value = std::getenv(name);
    return value == nullptr ? std::string() : std::string(value);
  };
  FeedCredentials credentials{read(kKeyVariable), read(kSecretVariable)};
  if (credentials.key.empty() && credentials.secret.empty()) {
    credentials = {read(kBrokerKeyVariable), read(kBrokerSecretVariable)};
  }
  if (credentials.key.empty() || credentials.secret.empty()) {
    return Error::InvalidArgument("feed keys not set: export {} and {} (or {} and {})",
                                  kKeyVariable, kSecretVariable, kBrokerKeyVariable,
                                  kBrokerSecretVariable);
  }
  return credentials;
}

Duration Backoff::Next() {
  Duration delay = initial_;
  for (int i = 0; i < attempts_ && delay < max_; ++i) delay *= 2;
  ++attempts_;
  return std::min(delay, max_);
}

class FeedClient::Impl {
 public:
  Impl(FeedClientOptions options, LiveBarBuffer& buffer)
      : options_(std::move(options)),
        buffer_(buffer),
        backoff_(options_.initial_backoff, options_.max_backoff) {}

  Status Start();
  void Stop();
  void Subscribe(std::vector<std::string> names, bool subscribe);
  Status failure() const {
    const std::lock_guard lock(failure_mutex_);
    return failure_;
  }
  bool WaitForFailure(chr::milliseconds timeout) const {
    std::unique_lock lock(failure_mutex_);
    return failed_.wait_for(lock, timeout, [&] { return !failure_.ok(); });
  }

 private:
  awaitable<void> Run();
  template <typename Ws>
  awaitable<ConnectionEnd> RunConnection(std::shared_ptr<Connection<Ws>> connection);
  // Reads one frame's events into the buffer; returns an error to end the connection.
  ConnectionEnd HandleFrame(std::string_view frame, bool& authenticated,
                            const std::function<void(std::string)>& send);
  void Fail(Status status);

  FeedClientOptions options_;
  LiveBarBuffer& buffer_;
  Backoff backoff_;
  Url stream_url_;
  Url rest_url_;
  ssl::context ssl_{ssl::context::tls_client};
  SubscribedSymbols subscribed_;           // I/O thread only.
  std::function<void(std::string)> send_;  // Set while a connection streams.
  std::function<void()> close_;            // Closes the current connection.
  bool ever_connected_ = false;
  bool stopping_ = false;
  FrameParser parser_;
  std::vector<IncomingBar> incoming_;
  // Any thread.
  mutable std::mutex failure_mutex_;
  mutable std::condition_variable failed_;
  Status failure_;
  std::thread thread_;
  bool running_ = false;
  std::unique_ptr<FeedBackfill> backfill_;  // Set by Start.
  // Last, so pending operations (which use the members above) go first.
  asio::io_context io_;
};

Status FeedClient::Impl::Start() {
  TD_ASSIGN_OR_RETURN(stream_url_, ParseUrl(options_.stream_url).WithContext("feed stream URL"));
  TD_ASSIGN_OR_RETURN(rest_url_, ParseUrl(options_.rest_url).WithContext("feed REST URL"));
  if (stream_url_.tls || rest_url_.tls) {
    boost::system::error_code ec;
    if (options_.ca_file.empty()) {
      ssl_.set_default_verify_paths(ec);
      if (ec) return Error::IoError("feed: loading the system's CA certificates: {}", ec.message());
    } else {
      ssl_.load_verify_file(options_.ca_file, ec);
      if (ec) {
        return Error::InvalidArgument("feed: reading the CA file {}: {}", options_.ca_file,
                                      ec.message());
      }
    }
    ssl_.set_verify_mode(ssl::verify_peer);
  }
  backfill_ = std::make_unique<FeedBackfill>(io_, ssl_, options_, rest_url_, buffer_, subscribed_);
  running_ = true;
  asio::co_spawn(io_, Run(), asio::detached);
  std::promise<Status> pinned;
  std::future<Status> pinned_result = pinned.get_future();
  thread_ = std::thread([this, &pinned] {
    std::optional<CpuPin> pin;
    if (options_.cpu) {
      Result<CpuPin> result = CpuPin::Pin(*options_.cpu);
      if (!result.ok()) {
        pinned.set_value(Status(result.error()));
        return;
      }
      pin.emplace(std::move(result).value());
    }
    pinned.set_value(Status::Ok());
    io_.run();
  });
  if (Status status = pinned_result.get(); !status.ok()) {
    thread_.join();
    running_ = false;
    return status.WithContext("the feed's I/O thread (live_config.feed_cpu)");
  }
  return Status::Ok();
}

void FeedClient::Impl::Stop() {
  if (!running_) return;
  running_ = false;
  asio::post(io_, [this] {
    stopping_ = true;
    backfill_->Stop();
    if (close_) close_();
  });
  io_.stop();
  thread_.join();
  // The I/O thread is gone: drop what still refers to the last connection.
  send_ = nullptr;
  close_ = nullptr;
  buffer_.SetConnected(false);
}

void FeedClient::Impl::Subscribe(std::vector<std::string> names, bool subscribe) {
  asio::post(io_, [this, names = std::move(names), subscribe]() mutable {
    std::vector<std::string> changed;
    for (std::string& name : names) {
      const bool had = subscribed_.contains(name);
      if (subscribe == had) continue;
      if (subscribe) {
        subscribed_.insert(name);
      } else {
        subscribed_.erase(name);
      }
      changed.push_back(std::move(name));
    }
    if (changed.empty() || !send_) return;  // A new connection subscribes to all.
    std::vector<model::Symbol> symbols;
    for (const std::string& name : changed) symbols.push_back(*model::Symbol::Parse(name));
    send_(BuildSubscribeMessage(symbols, subscribe));
    if (subscribe) backfill_->Start(std::move(changed));
  });
}

void FeedClient::Impl::Fail(Status status) {
  spdlog::error("feed: {}", status.error().message());
  buffer_.NoteError(status.error().message());
  const std::lock_guard lock(failure_mutex_);
  failure_ = std::move(status);
  failed_.notify_all();
}

awaitable<void> FeedClient::Impl::Run() {
  int auth_refusals = 0;
  asio::steady_timer timer(io_);
  while (!stopping_) {
    ConnectionEnd end;
    if (stream_url_.tls) {
      auto connection = std::make_shared<Connection<TlsWebSocket>>(io_, ssl_);
      end = co_await RunConnection(connection);
    } else {
      auto connection = std::make_shared<Connection<PlainWebSocket>>(io_);
      end = co_await RunConnection(connection);
    }
    send_ = nullptr;
    close_ = nullptr;
    buffer_.SetConnected(false);
    if (stopping_) break;
    if (end.authenticated) backoff_.Reset();
    auth_refusals = end.auth_refused ? auth_refusals + 1 : 0;
    if (auth_refusals >= options_.max_auth_failures) {
      Fail(Error::InvalidArgument(
          "the feed at {} refused the keys {} times in a row ({}); check {} and {}",
          stream_url_.host, auth_refusals, end.status.error().message(), kKeyVariable,
          kSecretVariable));
      break;
    }
    const Duration delay = backoff_.Next();
    const std::string reason =
        end.status.ok() ? "closed by the server" : end.status.error().message();
    spdlog::warn("feed: connection lost ({}); reconnecting in {} ms (attempt {})", reason,
                 chr::duration_cast<chr::milliseconds>(delay).count(), backoff_.attempts());
    buffer_.NoteError(reason);
    timer.expires_after(delay);
    (void)co_await timer.async_wait(kNoThrow);
  }
}

template <typename Ws>
awaitable<ConnectionEnd> FeedClient::Impl::RunConnection(
    std::shared_ptr<Connection<Ws>> connection) {
  constexpr bool kTls = std::is_same_v<Ws, TlsWebSocket>;
  Ws& ws = connection->ws;
  auto& socket_stream = beast::get_lowest_layer(ws);
  close_ = [connection] {
    connection->closed = true;
    boost::system::error_code ignored;
    beast::get_lowest_layer(connection->ws).socket().close(ignored);
  };
  tcp::resolver resolver(io_);
  auto [resolve_ec, endpoints] =
      co_await resolver.async_resolve(stream_url_.host, stream_url_.port, kNoThrow);
  if (resolve_ec) {
    co_return ConnectionEnd{
        Error::IoError("resolving {}: {}", stream_url_.host, resolve_ec.message())};
  }
  socket_stream.expires_after(options_.io_timeout);
  auto [connect_ec, endpoint] = co_await socket_stream.async_connect(endpoints, kNoThrow);
  if (connect_ec) {
    co_return ConnectionEnd{Error::IoError("connecting to {}:{}: {}", stream_url_.host,
                                           stream_url_.port, connect_ec.message())};
  }
  {
    // Subscription changes go out at once (no Nagle delay).
    boost::system::error_code ignored;
    socket_stream.socket().set_option(tcp::no_delay(true), ignored);
  }
  if constexpr (kTls) {
    if (!SetServerName(ws.next_layer().native_handle(), stream_url_.host)) {
      co_return ConnectionEnd{Error::IoError("TLS: cannot set the server name")};
    }
    ws.next_layer().set_verify_callback(ssl::host_name_verification(stream_url_.host));
    auto [tls_ec] = co_await ws.next_layer().async_handshake(ssl::stream_base::client, kNoThrow);
    if (tls_ec) {
      co_return ConnectionEnd{Error::IoError(
          "TLS handshake with {}: {}", stream_url_.host,
          DescribeTlsError(tls_ec, ws.next_layer().native_handle(), options_.ca_file))};
    }
  }
  socket_stream.expires_never();
  websocket::stream_base::timeout timeouts{};
  timeouts.handshake_timeout = options_.io_timeout;
  timeouts.idle_timeout = options_.io_timeout;
  timeouts.keep_alive_pings = true;
  ws.set_option(timeouts);
  auto [handshake_ec] = co_await ws.async_handshake(stream_url_.host + ":" + stream_url_.port,
                                                    stream_url_.target, kNoThrow);
  if (handshake_ec) {
    co_return ConnectionEnd{Error::IoError("WebSocket handshake with {}: {}", stream_url_.host,
                                           handshake_ec.message())};
  }
  ws.text(true);
  spdlog::info("feed: connected to {}{}", stream_url_.host, stream_url_.target);
  const std::function<void(std::string)> send = [connection](std::string message) {
    QueueWrite(connection, std::move(message));
  };
  bool authenticated = false;
  beast::flat_buffer buffer;
  for (;;) {
    auto [read_ec, bytes] = co_await ws.async_read(buffer, kNoThrow);
    if (read_ec) {
      co_return ConnectionEnd{read_ec == websocket::error::closed
                                  ? Status::Ok()
                                  : Status(Error::IoError("reading: {}", read_ec.message())),
                              authenticated};
    }
    const auto data = buffer.cdata();
    const std::string_view frame(static_cast<const char*>(data.data()), data.size());
    const bool was_authenticated = authenticated;
    ConnectionEnd end = HandleFrame(frame, authenticated, send);
    buffer.consume(buffer.size());
    if (!end.status.ok()) {
      end.authenticated = authenticated;
      connection->closed = true;
      boost::system::error_code ignored;
      socket_stream.socket().close(ignored);
      co_return end;
    }
    if (authenticated && !was_authenticated) {
      if (ever_connected_) buffer_.NoteReconnect();
      ever_connected_ = true;
      send_ = send;
      std::vector<model::Symbol> symbols;
      std::vector<std::string> names(subscribed_.begin(), subscribed_.end());
      for (const std::string& name : names) symbols.push_back(*model::Symbol::Parse(name));
      if (!symbols.empty()) send(BuildSubscribeMessage(symbols));
      buffer_.SetConnected(true);
      spdlog::info("feed: authenticated; subscribed to {} symbols", symbols.size());
      backfill_->Start(std::move(names));
    }
  }
}

ConnectionEnd FeedClient::Impl::HandleFrame(std::string_view frame, bool& authenticated,
                                            const std::function<void(std::string)>& send) {
  buffer_.NoteFrame();
  if (Status parsed = parser_.Parse(frame); !parsed.ok()) {
    spdlog::warn("feed: skipped a malformed frame: {}", parsed.error().message());
    buffer_.NoteMalformed(parsed.error().message());
    return {};
  }
  incoming_.clear();
  // Frames often list their symbols in name order (the local server's do),
  // as the subscription holds them: the one after the last found is tried
  // first, then a search.
  auto next = subscribed_.begin();
  for (const FeedEvent& event : parser_.events()) {
    switch (event.kind) {
      case EventKind::kBar:
      case EventKind::kUpdatedBar: {
        const auto it = next != subscribed_.end() && *next == event.symbol
                            ? next
                            : subscribed_.find(event.symbol);
        if (it == subscribed_.end()) break;  // Left the session; the stream may lag behind.
        next = std::next(it);
        if (Status valid = model::CheckBar(event.bar, model::Interval::Minutes(1)); !valid.ok()) {
          const std::string what =
              fmt::format("bar of {}: {}", event.symbol, valid.error().message());
          spdlog::warn("feed: skipped a malformed message: {}", what);
          buffer_.NoteMalformed(what);
          break;
        }
        incoming_.push_back(
            {*it, event.bar,
             event.kind == EventKind::kBar ? BarOrigin::kStream : BarOrigin::kCorrection});
        break;
      }
      case EventKind::kConnected:
        send(BuildAuthMessage(options_.credentials.key, options_.credentials.secret));
        break;
      case EventKind::kAuthenticated:
        authenticated = true;
        break;
      case EventKind::kSubscription:
        spdlog::debug("feed: subscription now {}", event.text);
        break;
      case EventKind::kError: {
        const std::string what = fmt::format("{} {}", event.code, event.text);
        if (event.code == kErrorAuthFailed || event.code == kErrorNotAuthenticated ||
            event.code == kErrorInsufficientSubscription) {
          ConnectionEnd end{Error::InvalidArgument("authentication refused: {}", what)};
          end.auth_refused = true;
          return end;
        }
        if (event.code == kErrorConnectionLimit || event.code == kErrorSlowClient ||
            event.code == kErrorAuthTimeout) {
          return ConnectionEnd{Error::IoError("server error {}", what)};
        }
        spdlog::warn("feed: server error {}", what);
        buffer_.NoteError(what);
        break;
      }
      case EventKind::kMalformed:
        spdlog::warn("feed: skipped a malformed message: {}", event.text);
        buffer_.NoteMalformed(event.text);
        break;
      case EventKind::kIgnored:
        break;
    }
  }
  if (!incoming_.empty()) buffer_.Add(incoming_);
  return {};
}

FeedClient::FeedClient(FeedClientOptions options, LiveBarBuffer& buffer)
    : impl_(std::make_unique<Impl>(std::move(options), buffer)) {}
FeedClient::~FeedClient() { Stop(); }
Status FeedClient::Start() { return impl_->Start(); }
void FeedClient::Stop() { impl_->Stop(); }

void FeedClient::Subscribe(std::span<const model::Symbol> symbols) {
  std::vector<std::string> names;
  for (const model::Symbol& symbol : symbols) names.push_back(symbol.str());
  impl_->Subscribe(std::move(names), true);
}

void FeedClient::Unsubscribe(std::span<const model::Symbol> symbols) {
  std::vector<std::string> names;
  for (const model::Symbol& symbol : symbols) names.push_back(symbol.str());
  impl_->Subscribe(std::move(names), false);
}

Status FeedClient::failure() const { return impl_->failure(); }
bool FeedClient::WaitForFailure(std::chrono::milliseconds timeout) const {
  return impl_->WaitForFailure(timeout);
}

}  // namespace tapedeck::feed
