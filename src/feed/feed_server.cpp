#include "feed/feed_server.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "feed/feed_net.hpp"
#include "feed/feed_protocol.hpp"
#include "feed/rest_bars_endpoint.hpp"

namespace tapedeck::feed {

namespace chr = std::chrono;

namespace {

constexpr Duration kMaxPoll = chr::milliseconds(20);
constexpr Duration kTlsHandshakeTimeout = chr::seconds(10);

// The faults' offsets within their period, so that two kinds never hit one batch.
int FaultOffset(Fault fault) {
  switch (fault) {
    case Fault::kDelay:
      return 2;
    case Fault::kDuplicate:
      return 5;
    case Fault::kReorder:
      return 8;
    case Fault::kMalformed:
      return 11;
    case Fault::kCorrect:
      return 14;
    default:
      return 0;
  }
}

struct MinuteBatch {
  Timestamp open{};
  std::vector<std::pair<int, model::Bar>> bars;  // (symbol index, bar), by symbol.
  std::vector<std::string> messages;             // bars[i] as a "b" message, rendered once.
};

// The bar the correct fault sends first: high and close one cent up, which
// keeps it valid (low <= open, close <= high) and different from the stored one.
model::Bar AlteredBar(model::Bar bar) {
  bar.high += 0.01;
  bar.close += 0.01;
  return bar;
}

// One WebSocket client. Its reader and its sender are two coroutines on the
// server's single I/O thread; only the sender writes. The state the protocol
// needs, whatever the socket:
struct StreamState {
  std::deque<std::string> outbox;
  std::vector<bool> subscribed;
  std::set<std::string> subscribed_names;
  bool authenticated = false;
  bool streaming = false;  // Subscribed at least once: the sender follows the replay.
  bool closed = false;
  bool close_after_flush = false;
  size_t cursor = 0;            // Next batch to send.
  int64_t batches = 0;          // Batches sent on this connection.
  std::string held;             // A batch held back by the reorder fault.
  std::string corrections;      // "u" messages the correct fault owes (comma-separated).
  Timestamp corrections_due{};  // Simulated time they go out.
};

// The connection over plain TCP (Ws = PlainWebSocket) or TLS (TlsWebSocket).
template <typename Ws>
struct StreamConnection : StreamState {
  template <typename Stream>
  explicit StreamConnection(Stream&& stream)
      : ws(std::forward<Stream>(stream)), wake(ws.get_executor()) {}
  Ws ws;
  asio::steady_timer wake;
};

using TlsStream = beast::ssl_stream<beast::tcp_stream>;
using PlainWebSocket = websocket::stream<beast::tcp_stream>;
using TlsWebSocket = websocket::stream<TlsStream>;

}  // namespace

class FeedServer::Impl {
 public:
  Impl(FeedServerOptions options, const clock::Clock& clock)
      : options_(std::move(options)), clock_(clock) {}

  Status Load(store::BarStore& store);
  // Reads the certificate and key when options ask for TLS.
  Status LoadTls();
  Status Start();
  void Stop();
  void WaitForSignal();
  uint16_t port() const { return port_; }
  const FeedServerOptions& options() const { return options_; }
  bool tls() const { return tls_ != nullptr; }
  const std::vector<store::SeriesBars>& day() const { return day_; }
  std::optional<Timestamp> replay_started() const {
    const int64_t origin = wall_origin_.load();
    if (origin == 0) return std::nullopt;
    return FromUnixNanos(origin);
  }
  std::optional<Timestamp> sent_at(Timestamp open) const {
    const auto batch = std::ranges::lower_bound(batches_, open, {}, &MinuteBatch::open);
    if (batch == batches_.end() || batch->open != open) return std::nullopt;
    const std::lock_guard lock(totals_mutex_);
    const Timestamp sent = sent_at_[static_cast<size_t>(batch - batches_.begin())];
    return sent == Timestamp{} ? std::nullopt : std::optional(sent);
  }
  FeedServerTotals totals() const {
    const std::lock_guard lock(totals_mutex_);
    return totals_;
  }

 private:
  bool HasFault(Fault fault) const {
    return std::ranges::find(options_.faults, fault) != options_.faults.end();
  }
  bool FaultHits(Fault fault, size_t batch) const {
    return HasFault(fault) && static_cast<int>(batch % static_cast<size_t>(options_.fault_every)) ==
                                  FaultOffset(fault) % options_.fault_every;
  }
  void CountFault() {
    const std::lock_guard lock(totals_mutex_);
    ++totals_.faults;
  }

  Timestamp SimulatedNow() const;
  Timestamp DueAt(size_t batch) const { return batches_[batch].open + chr::minutes(1); }
  // The wall time (clock) at which a batch is due; requires a started replay.
  Timestamp WallDueAt(size_t batch) const { return WallTimeAt(DueAt(batch)); }
  // The wall time (clock) at which simulated time reaches `simulated`.
  Timestamp WallTimeAt(Timestamp simulated) const;
  // Sends the corrections owed, unless the reorder fault holds a batch back
  // (which may hold the bars they correct: the corrections follow it).
  void PayCorrections(StreamState& connection);

  awaitable<void> Accept();
  awaitable<void> Serve(tcp::socket socket);
  // HTTP requests on one connection until it upgrades to a WebSocket or ends.
  template <typename Stream>
  awaitable<void> ServeHttp(Stream stream);
  template <typename Ws>
  awaitable<void> ServeStream(std::shared_ptr<StreamConnection<Ws>> connection,
                              http::request<http::string_body> request);
  template <typename Ws>
  awaitable<void> Send(std::shared_ptr<StreamConnection<Ws>> connection);
  void HandleClientMessage(StreamState& connection, std::string_view text);
  void EmitBatch(StreamState& connection, size_t batch);
  http::response<http::string_body> HandleRest(const http::request<http::string_body>& request);

  FeedServerOptions options_;
  const clock::Clock& clock_;
  std::vector<store::SeriesBars> day_;
  std::map<std::string, int, std::less<>> symbol_index_;
  std::vector<MinuteBatch> batches_;
  std::unique_ptr<RestBarsEndpoint> rest_;  // Set by Load; reads day_.
  Timestamp sim_origin_{};
  std::atomic<int64_t> wall_origin_{0};  // Unix ns of the replay's start; 0: not started.
  std::atomic<int> auth_rejections_left_{0};

  std::unique_ptr<ssl::context> tls_;  // Null: plain ws:// and http://.
  asio::io_context io_;
  tcp::acceptor acceptor_{io_};
  std::thread thread_;
  uint16_t port_ = 0;
  bool running_ = false;
  mutable std::mutex totals_mutex_;
  FeedServerTotals totals_;
  std::vector<Timestamp> sent_at_;  // Per batch: first handed to a socket (0: not yet).
};

Status FeedServer::Impl::Load(store::BarStore& store) {
  if (options_.speed < 0) return Error::InvalidArgument("--speed must be 0 or more");
  if (options_.fault_every < 1) return Error::InvalidArgument("fault period must be at least 1");
  if (options_.correction_delay < Duration(0) || options_.correction_delay >= chr::minutes(1)) {
    return Error::InvalidArgument("the correction delay must be in [0, 1m)");
  }
  auth_rejections_left_ = HasFault(Fault::kRejectAuth) ? 1 : 0;
  TD_ASSIGN_OR_RETURN(const std::vector<store::SeriesSummary> listing, store.List());
  std::vector<model::Symbol> symbols;
  for (const store::SeriesSummary& series : listing) {
    if (series.interval == model::Interval::Minutes(1)) symbols.push_back(series.symbol);
  }
  const Timestamp from = StartOfDayUtc(options_.date) + chr::hours(4);
  const Timestamp to = from + chr::hours(24);
  TD_ASSIGN_OR_RETURN(std::vector<std::vector<model::Bar>> bars,
                      store.ReadMany(symbols, model::Interval::Minutes(1), from, to));
  std::map<Timestamp, MinuteBatch> by_minute;
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (bars[i].empty()) continue;
    const int index = static_cast<int>(day_.size());
    symbol_index_[symbols[i].str()] = index;
    for (const model::Bar& bar : bars[i]) {
      MinuteBatch& batch = by_minute[bar.open_time];
      batch.open = bar.open_time;
      batch.bars.emplace_back(index, bar);
    }
    day_.push_back({symbols[i], model::Interval::Minutes(1), std::move(bars[i])});
  }
  if (day_.empty()) {
    return Error::NotFound("the store holds no 1m bars on {}", FormatDate(options_.date));
  }
  for (auto& [open, batch] : by_minute) {
    for (const auto& [index, bar] : batch.bars) {
      AppendBarMessage(batch.messages.emplace_back(), day_[static_cast<size_t>(index)].symbol.str(),
                       bar);
    }
    batches_.push_back(std::move(batch));
  }
  sim_origin_ = batches_.front().open;
  sent_at_.assign(batches_.size(), Timestamp{});
  rest_ = std::make_unique<RestBarsEndpoint>(day_, options_.key, options_.secret);
  spdlog::info("feed server: {} symbols, {} minutes of bars on {}", day_.size(), batches_.size(),
               FormatDate(options_.date));
  return Status::Ok();
}

Status FeedServer::Impl::LoadTls() {
  if (options_.tls_cert_file.empty() && options_.tls_key_file.empty()) return Status::Ok();
  if (options_.tls_cert_file.empty() || options_.tls_key_file.empty()) {
    return Error::InvalidArgument("TLS needs both a certificate file and a key file");
  }
  auto tls = std::make_unique<ssl::context>(ssl::context::tls_server);
  boost::system::error_code ec;
  tls->set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 |
                       ssl::context::no_sslv3 | ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1,
                   ec);
  if (!ec) tls->use_certificate_chain_file(options_.tls_cert_file.string(), ec);
  if (ec) {
    return Error::InvalidArgument("TLS certificate {}: {}", options_.tls_cert_file.string(),
                                  ec.message());
  }
  tls->use_private_key_file(options_.tls_key_file.string(), ssl::context::pem, ec);
  if (ec) {
    return Error::InvalidArgument("TLS key {}: {}", options_.tls_key_file.string(), ec.message());
  }
  tls_ = std::move(tls);
  return Status::Ok();
}

Timestamp FeedServer::Impl::SimulatedNow() const {
  const int64_t origin = wall_origin_.load();
  if (origin == 0) return sim_origin_;
  if (options_.speed == 0) return Timestamp::max();
  const Duration elapsed = clock_.Now() - FromUnixNanos(origin);
  return sim_origin_ +
         Duration(static_cast<int64_t>(static_cast<double>(elapsed.count()) * options_.speed));
}

Timestamp FeedServer::Impl::WallTimeAt(Timestamp simulated) const {
  if (options_.speed == 0) return FromUnixNanos(wall_origin_.load());
  const Duration ahead = simulated - sim_origin_;
  return FromUnixNanos(wall_origin_.load()) +
         Duration(static_cast<int64_t>(static_cast<double>(ahead.count()) / options_.speed));
}

Status FeedServer::Impl::Start() {
  boost::system::error_code ec;
  const asio::ip::address address = asio::ip::make_address(options_.address, ec);
  if (ec)
    return Error::InvalidArgument("feed server address '{}': {}", options_.address, ec.message());
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::IoError("feed server cannot listen on {}:{}: {}", options_.address, options_.port,
                          ec.message());
  }
  port_ = acceptor_.local_endpoint().port();
  asio::co_spawn(io_, Accept(), asio::detached);
  running_ = true;
  thread_ = std::thread([this] { io_.run(); });
  spdlog::info("feed server: listening on {}:{}", options_.address, port_);
  return Status::Ok();
}

void FeedServer::Impl::Stop() {
  if (!running_) return;
  running_ = false;
  io_.stop();
  thread_.join();
}

void FeedServer::Impl::WaitForSignal() {
  asio::io_context signals_io;
  asio::signal_set signals(signals_io, SIGINT, SIGTERM);
  signals.async_wait([](const boost::system::error_code&, int) {});
  signals_io.run();
}

awaitable<void> FeedServer::Impl::Accept() {
  for (;;) {
    auto [ec, socket] = co_await acceptor_.async_accept(kNoThrow);
    if (ec) {
      if (ec == asio::error::operation_aborted) co_return;
      spdlog::warn("feed server: accept failed: {}", ec.message());
      continue;
    }
    // Frames go out at once: Nagle's algorithm against delayed ACKs costs 40 ms.
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    asio::co_spawn(io_, Serve(std::move(socket)), asio::detached);
  }
}

awaitable<void> FeedServer::Impl::Serve(tcp::socket socket) {
  if (!tls_) {
    co_await ServeHttp(beast::tcp_stream(std::move(socket)));
    co_return;
  }
  TlsStream stream(std::move(socket), *tls_);
  beast::get_lowest_layer(stream).expires_after(kTlsHandshakeTimeout);
  auto [ec] = co_await stream.async_handshake(ssl::stream_base::server, kNoThrow);
  if (ec) {
    spdlog::info("feed server: TLS handshake failed: {}", ec.message());
    co_return;
  }
  beast::get_lowest_layer(stream).expires_never();
  co_await ServeHttp(std::move(stream));
}

template <typename Stream>
awaitable<void> FeedServer::Impl::ServeHttp(Stream stream) {
  using Ws = websocket::stream<Stream>;
  beast::flat_buffer buffer;
  for (;;) {
    http::request<http::string_body> request;
    auto [ec, bytes] = co_await http::async_read(stream, buffer, request, kNoThrow);
    if (ec) co_return;
    if (websocket::is_upgrade(request)) {
      auto connection = std::make_shared<StreamConnection<Ws>>(std::move(stream));
      co_await ServeStream(std::move(connection), std::move(request));
      co_return;
    }
    http::response<http::string_body> response = HandleRest(request);
    const bool keep_alive = request.keep_alive();
    response.keep_alive(keep_alive);
    auto [write_ec, written] = co_await http::async_write(stream, response, kNoThrow);
    if (write_ec || !keep_alive) break;
  }
  boost::system::error_code ignored;
  beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
}

template <typename Ws>
awaitable<void> FeedServer::Impl::ServeStream(std::shared_ptr<StreamConnection<Ws>> connection,
                                              http::request<http::string_body> request) {
  StreamConnection<Ws>& c = *connection;
  auto [ec] = co_await c.ws.async_accept(request, kNoThrow);
  if (ec) co_return;
  {
    const std::lock_guard lock(totals_mutex_);
    ++totals_.connections;
  }
  c.subscribed.assign(day_.size(), false);
  c.outbox.push_back(BuildControlMessage("connected"));
  asio::co_spawn(io_, Send(connection), asio::detached);
  beast::flat_buffer buffer;
  while (!c.closed) {
    auto [read_ec, bytes] = co_await c.ws.async_read(buffer, kNoThrow);
    if (read_ec) break;
    const std::string text = beast::buffers_to_string(buffer.data());
    buffer.consume(buffer.size());
    HandleClientMessage(c, text);
    c.wake.cancel();
  }
  c.closed = true;
  c.wake.cancel();
}

void FeedServer::Impl::HandleClientMessage(StreamState& c, std::string_view text) {
  nlohmann::json message;
  try {  // The JSON library throws; its exceptions end here.
    message = nlohmann::json::parse(text);
  } catch (const nlohmann::json::exception&) {
    c.outbox.push_back(BuildErrorMessage(kErrorInvalidSyntax, "invalid syntax"));
    return;
  }
  const auto field = [&](const char* name) -> std::string {
    const auto it = message.find(name);
    return it != message.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string action = message.is_object() ? field("action") : std::string();
  if (action == "auth") {
    if (c.authenticated) {
      c.outbox.push_back(BuildErrorMessage(kErrorAlreadyAuthenticated, "already authenticated"));
      return;
    }
    const bool wrong = (!options_.key.empty() && field("key") != options_.key) ||
                       (!options_.secret.empty() && field("secret") != options_.secret);
    if (wrong || auth_rejections_left_.fetch_sub(1) > 0) {
      if (!wrong) CountFault();
      c.outbox.push_back(BuildErrorMessage(kErrorAuthFailed, "auth failed"));
      c.close_after_flush = true;
      return;
    }
    c.authenticated = true;
    c.outbox.push_back(BuildControlMessage("authenticated"));
    return;
  }
  if (action == "subscribe" || action == "unsubscribe") {
    if (!c.authenticated) {
      c.outbox.push_back(BuildErrorMessage(kErrorNotAuthenticated, "not authenticated"));
      return;
    }
    const bool add = action == "subscribe";
    const auto bars = message.find("bars");
    if (bars != message.end() && bars->is_array()) {
      for (const auto& item : *bars) {
        if (!item.is_string()) continue;
        const std::string name = item.get<std::string>();
        if (add) {
          c.subscribed_names.insert(name);
        } else {
          c.subscribed_names.erase(name);
        }
        if (const auto it = symbol_index_.find(name); it != symbol_index_.end()) {
          c.subscribed[static_cast<size_t>(it->second)] = add;
        }
      }
    }
    std::vector<model::Symbol> names;
    for (const std::string& name : c.subscribed_names) {
      if (Result<model::Symbol> symbol = model::Symbol::Parse(name); symbol.ok()) {
        names.push_back(*symbol);
      }
    }
    c.outbox.push_back(BuildSubscriptionMessage(names));
    if (add && !c.streaming) {
      c.streaming = true;
      int64_t expected = 0;
      if (wall_origin_.compare_exchange_strong(expected, ToUnixNanos(clock_.Now()))) {
        spdlog::info("feed server: replay started at {}x", options_.speed);
      }
      // Bars already due are history: the client backfills them through REST.
      const Timestamp now = SimulatedNow();
      c.cursor = 0;
      while (c.cursor < batches_.size() && DueAt(c.cursor) <= now) ++c.cursor;
    }
    return;
  }
  c.outbox.push_back(BuildErrorMessage(kErrorInvalidSyntax, "invalid syntax"));
}

void FeedServer::Impl::PayCorrections(StreamState& c) {
  if (c.corrections.empty() || !c.held.empty()) return;
  c.outbox.push_back("[" + c.corrections + "]");
  c.corrections.clear();
}

void FeedServer::Impl::EmitBatch(StreamState& c, size_t batch) {
  const MinuteBatch& minute = batches_[batch];
  const bool correct = FaultHits(Fault::kCorrect, batch);
  std::string frame = "[";
  std::string corrections;  // This batch's, owed from now on.
  int64_t count = 0;
  for (size_t i = 0; i < minute.bars.size(); ++i) {
    const auto& [index, bar] = minute.bars[i];
    if (!c.subscribed[static_cast<size_t>(index)]) continue;
    if (count > 0) frame += ',';
    if (correct) {
      const std::string& symbol = day_[static_cast<size_t>(index)].symbol.str();
      AppendBarMessage(frame, symbol, AlteredBar(bar));
      if (!corrections.empty()) corrections += ',';
      AppendBarMessage(corrections, symbol, bar, /*corrected=*/true);
    } else {
      frame += minute.messages[i];
    }
    ++count;
  }
  frame += ']';
  // Corrections still owed (the sender pays them when due) go out with this
  // batch at the latest, after its frame and a frame the reorder fault held.
  const auto settle_corrections = [&] {
    PayCorrections(c);
    if (corrections.empty()) return;
    if (!c.corrections.empty()) c.corrections += ',';
    c.corrections += corrections;
    c.corrections_due = DueAt(batch) + options_.correction_delay;
  };
  if (count == 0) {
    settle_corrections();
    return;
  }
  {
    const std::lock_guard lock(totals_mutex_);
    ++totals_.batches_sent;
    totals_.bars_sent += count;
  }
  ++c.batches;
  if (correct) CountFault();
  if (FaultHits(Fault::kMalformed, batch)) {
    CountFault();
    c.outbox.push_back(R"([{"T":"b","S":"SPY","o":1.0,"h":)");
    c.outbox.push_back(R"([{"T":"b","S":"SPY","o":"one","h":2,"c":1,"t":"2013-10-08T13:30:00Z"}])");
  }
  if (FaultHits(Fault::kReorder, batch) && batch + 1 < batches_.size()) {
    CountFault();
    c.held = std::move(frame);
    settle_corrections();
    return;
  }
  const bool duplicate = FaultHits(Fault::kDuplicate, batch);
  if (duplicate) {
    CountFault();
    c.outbox.push_back(frame);
  }
  {
    // Send's loop writes the frame as soon as this returns.
    const std::lock_guard lock(totals_mutex_);
    if (sent_at_[batch] == Timestamp{}) sent_at_[batch] = clock_.Now();
  }
  c.outbox.push_back(std::move(frame));
  if (!c.held.empty()) {
    c.outbox.push_back(std::move(c.held));
    c.held.clear();
  }
  settle_corrections();
}

template <typename Ws>
awaitable<void> FeedServer::Impl::Send(std::shared_ptr<StreamConnection<Ws>> connection) {
  StreamConnection<Ws>& c = *connection;
  c.ws.text(true);
  c.ws.auto_fragment(false);  // One frame per message: 4 KB fragments cost a write each.
  while (!c.closed) {
    while (!c.outbox.empty() && !c.closed) {
      auto [ec, bytes] = co_await c.ws.async_write(asio::buffer(c.outbox.front()), kNoThrow);
      if (ec) {
        c.closed = true;
        break;
      }
      c.outbox.pop_front();
    }
    if (c.closed) break;
    if (c.close_after_flush) {
      (void)co_await c.ws.async_close(websocket::close_code::policy_error, kNoThrow);
      c.closed = true;
      break;
    }
    if (HasFault(Fault::kDrop) && c.batches >= options_.fault_every) {
      CountFault();
      spdlog::info("feed server: dropping a connection (fault)");
      boost::system::error_code ignored;
      beast::get_lowest_layer(c.ws).socket().close(ignored);
      c.closed = true;
      break;
    }
    Duration wait = kMaxPoll;
    if (!c.corrections.empty() && c.held.empty()) {
      if (c.corrections_due <= SimulatedNow()) {
        PayCorrections(c);
        continue;
      }
      wait = std::min(wait, WallTimeAt(c.corrections_due) - clock_.Now());
    }
    if (c.streaming && c.cursor < batches_.size()) {
      const Timestamp now = SimulatedNow();
      if (DueAt(c.cursor) <= now) {
        if (FaultHits(Fault::kDelay, c.cursor)) {
          CountFault();
          c.wake.expires_after(options_.delay);
          (void)co_await c.wake.async_wait(kNoThrow);
          if (c.closed) break;
        }
        EmitBatch(c, c.cursor++);
        continue;
      }
      wait = std::min(wait, WallDueAt(c.cursor) - clock_.Now());
    }
    c.wake.expires_after(std::max(wait, Duration(0)));
    (void)co_await c.wake.async_wait(kNoThrow);
  }
  c.closed = true;
  boost::system::error_code ignored;
  beast::get_lowest_layer(c.ws).socket().close(ignored);
}

http::response<http::string_body> FeedServer::Impl::HandleRest(
    const http::request<http::string_body>& request) {
  {
    const std::lock_guard lock(totals_mutex_);
    ++totals_.rest_requests;
  }
  const auto header = [&](std::string_view name) {
    const auto it = request.find(name);
    return it == request.end() ? std::string_view()
                               : std::string_view(it->value().data(), it->value().size());
  };
  RestAnswer answer =
      rest_->Answer(request.method() == http::verb::get,
                    std::string_view(request.target().data(), request.target().size()),
                    header("APCA-API-KEY-ID"), header("APCA-API-SECRET-KEY"), SimulatedNow());
  http::response<http::string_body> response{static_cast<http::status>(answer.status),
                                             request.version()};
  response.set(http::field::content_type, "application/json");
  response.body() = std::move(answer.body);
  response.prepare_payload();
  return response;
}

Result<Fault> ParseFault(std::string_view name) {
  for (const Fault fault : {Fault::kDrop, Fault::kDelay, Fault::kDuplicate, Fault::kReorder,
                            Fault::kMalformed, Fault::kRejectAuth, Fault::kCorrect}) {
    if (name == ToString(fault)) return fault;
  }
  return Error::InvalidArgument(
      "unknown fault '{}': the faults are drop, delay, duplicate, reorder, malformed, reject-auth, "
      "correct",
      name);
}

std::string_view ToString(Fault fault) {
  switch (fault) {
    case Fault::kDrop:
      return "drop";
    case Fault::kDelay:
      return "delay";
    case Fault::kDuplicate:
      return "duplicate";
    case Fault::kReorder:
      return "reorder";
    case Fault::kMalformed:
      return "malformed";
    case Fault::kRejectAuth:
      return "reject-auth";
    case Fault::kCorrect:
      return "correct";
  }
  return "unknown";
}

Result<std::unique_ptr<FeedServer>> FeedServer::Create(store::BarStore& store,
                                                       FeedServerOptions options,
                                                       const clock::Clock& clock) {
  auto impl = std::make_unique<Impl>(std::move(options), clock);
  TD_RETURN_IF_ERROR(impl->Load(store).WithContext("feed server"));
  TD_RETURN_IF_ERROR(impl->LoadTls().WithContext("feed server"));
  return std::unique_ptr<FeedServer>(new FeedServer(std::move(impl)));
}

FeedServer::FeedServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FeedServer::~FeedServer() { Stop(); }
Status FeedServer::Start() { return impl_->Start(); }
void FeedServer::Stop() { impl_->Stop(); }
void FeedServer::WaitForSignal() { impl_->WaitForSignal(); }
uint16_t FeedServer::port() const { return impl_->port(); }
std::string FeedServer::stream_url() const {
  return fmt::format("{}://{}:{}/v2/iex", impl_->tls() ? "wss" : "ws", impl_->options().address,
                     impl_->port());
}
std::string FeedServer::rest_url() const {
  return fmt::format("{}://{}:{}", impl_->tls() ? "https" : "http", impl_->options().address,
                     impl_->port());
}
const std::vector<store::SeriesBars>& FeedServer::day() const { return impl_->day(); }
FeedServerTotals FeedServer::totals() const { return impl_->totals(); }
std::optional<Timestamp> FeedServer::replay_started() const { return impl_->replay_started(); }

std::optional<Timestamp> FeedServer::sent_at(Timestamp open) const { return impl_->sent_at(open); }

}  // namespace tapedeck::feed
