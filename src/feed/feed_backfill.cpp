#include "feed/feed_backfill.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "feed/feed_net.hpp"

namespace tapedeck::feed {
namespace {

constexpr size_t kSymbolsPerRequest = 100;
constexpr int kBackfillAttempts = 3;

}  // namespace

class FeedBackfill::Impl {
 public:
  Impl(asio::io_context& io, ssl::context& tls, const FeedClientOptions& options, Url rest_url,
       LiveBarBuffer& buffer, const SubscribedSymbols& subscribed)
      : io_(io),
        tls_(tls),
        options_(options),
        rest_url_(std::move(rest_url)),
        buffer_(buffer),
        subscribed_(subscribed) {}

  awaitable<void> Run(std::vector<std::string> names);
  void Stop() { stopping_ = true; }
  asio::io_context& io() { return io_; }

 private:
  awaitable<Result<std::string>> HttpGet(std::string target);
  template <typename Stream>
  awaitable<Result<std::string>> HttpGetOn(Stream stream, const std::string& target);

  asio::io_context& io_;
  ssl::context& tls_;
  const FeedClientOptions& options_;
  const Url rest_url_;
  LiveBarBuffer& buffer_;
  const SubscribedSymbols& subscribed_;
  bool stopping_ = false;
};

awaitable<void> FeedBackfill::Impl::Run(std::vector<std::string> names) {
  // Where each symbol's backfill starts; symbols with nothing to backfill drop out.
  Timestamp start = Timestamp::max();
  std::vector<std::string> wanted;
  for (const std::string& name : names) {
    const Timestamp next = buffer_.NextOpenTime(name, Timestamp{});
    Timestamp from = options_.backfill_from;
    if (next != Timestamp{}) from = std::max(next - options_.backfill_overlap, from);
    if (from == Timestamp{}) continue;
    start = std::min(start, from);
    wanted.push_back(name);
  }
  const std::string prefix = rest_url_.target == "/" ? "" : rest_url_.target;
  int64_t received = 0;
  bool complete = true;
  buffer_.BeginBackfill(names);
  for (size_t first = 0; first < wanted.size(); first += kSymbolsPerRequest) {
    const size_t last = std::min(wanted.size(), first + kSymbolsPerRequest);
    std::string symbols;
    for (size_t i = first; i < last; ++i) symbols += (i == first ? "" : ",") + wanted[i];
    std::string token;
    int failures = 0;
    for (;;) {
      std::string target =
          fmt::format("{}/v2/stocks/bars?symbols={}&timeframe=1Min&start={}&limit={}", prefix,
                      EncodeQueryValue(symbols), EncodeQueryValue(FormatTimestamp(start)),
                      options_.rest_page_limit);
      if (!token.empty()) target += "&page_token=" + EncodeQueryValue(token);
      Result<std::string> body = co_await HttpGet(std::move(target));
      Result<RestBarsPage> page =
          body.ok() ? ParseRestBarsPage(*body) : Result<RestBarsPage>(body.error());
      if (!page.ok()) {
        spdlog::warn("feed: backfill failed: {}", page.error().message());
        buffer_.NoteError(page.error().message());
        if (++failures >= kBackfillAttempts || stopping_) {
          complete = false;
          break;
        }
        asio::steady_timer timer(io_);
        timer.expires_after(options_.initial_backoff);
        (void)co_await timer.async_wait(kNoThrow);
        continue;
      }
      std::vector<IncomingBar> bars;
      for (const auto& [symbol, series] : page->bars) {
        const auto it = subscribed_.find(symbol.str());
        if (it == subscribed_.end()) continue;
        for (const model::Bar& bar : series) {
          if (model::CheckBar(bar, model::Interval::Minutes(1)).ok()) {
            bars.push_back({*it, bar, BarOrigin::kBackfill});
          } else {
            buffer_.NoteMalformed(
                fmt::format("backfilled bar of {} fails the bar rules", symbol.str()));
          }
        }
      }
      buffer_.Add(bars);
      received += static_cast<int64_t>(bars.size());
      token = page->next_page_token;
      if (token.empty()) break;
    }
  }
  buffer_.EndBackfill(names, complete);
  if (!wanted.empty()) {
    spdlog::info("feed: backfilled {} bars for {} symbols from {}", received, wanted.size(),
                 FormatTimestamp(start));
  }
}

awaitable<Result<std::string>> FeedBackfill::Impl::HttpGet(std::string target) {
  if (rest_url_.tls) {
    co_return co_await HttpGetOn(beast::ssl_stream<beast::tcp_stream>(io_, tls_), target);
  }
  co_return co_await HttpGetOn(beast::tcp_stream(io_), target);
}

template <typename Stream>
awaitable<Result<std::string>> FeedBackfill::Impl::HttpGetOn(Stream stream,
                                                             const std::string& target) {
  constexpr bool kTls = !std::is_same_v<Stream, beast::tcp_stream>;
  auto& socket_stream = beast::get_lowest_layer(stream);
  tcp::resolver resolver(io_);
  auto [resolve_ec, endpoints] =
      co_await resolver.async_resolve(rest_url_.host, rest_url_.port, kNoThrow);
  if (resolve_ec)
    co_return Error::IoError("resolving {}: {}", rest_url_.host, resolve_ec.message());
  socket_stream.expires_after(options_.io_timeout);
  auto [connect_ec, endpoint] = co_await socket_stream.async_connect(endpoints, kNoThrow);
  if (connect_ec) {
    co_return Error::IoError("connecting to {}:{}: {}", rest_url_.host, rest_url_.port,
                             connect_ec.message());
  }
  if constexpr (kTls) {
    if (!SetServerName(stream.native_handle(), rest_url_.host)) {
      co_return Error::IoError("TLS: cannot set the server name");
    }
    stream.set_verify_callback(ssl::host_name_verification(rest_url_.host));
    auto [tls_ec] = co_await stream.async_handshake(ssl::stream_base::client, kNoThrow);
    if (tls_ec) {
      co_return Error::IoError("TLS handshake with {}: {}", rest_url_.host,
                               DescribeTlsError(tls_ec, stream.native_handle(), options_.ca_file));
    }
  }
  http::request<http::empty_body> request{http::verb::get, target, 11};
  request.set(http::field::host, rest_url_.host);
  request.set(http::field::user_agent, "tapedeck");
  request.set("APCA-API-KEY-ID", options_.credentials.key);
  request.set("APCA-API-SECRET-KEY", options_.credentials.secret);
  socket_stream.expires_after(options_.io_timeout);
  auto [write_ec, written] = co_await http::async_write(stream, request, kNoThrow);
  if (write_ec) co_return Error::IoError("REST request: {}", write_ec.message());
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(64 * 1024 * 1024);
  auto [read_ec, read] = co_await http::async_read(stream, buffer, parser, kNoThrow);
  if (read_ec) co_return Error::IoError("REST answer: {}", read_ec.message());
  http::response<http::string_body> response = parser.release();
  if (response.result() != http::status::ok) {
    co_return Error::IoError("REST bars: HTTP {}: {}", response.result_int(),
                             response.body().substr(0, 200));
  }
  co_return std::move(response.body());
}

FeedBackfill::FeedBackfill(asio::io_context& io, ssl::context& tls,
                           const FeedClientOptions& options, Url rest_url, LiveBarBuffer& buffer,
                           const SubscribedSymbols& subscribed)
    : impl_(std::make_unique<Impl>(io, tls, options, std::move(rest_url), buffer, subscribed)) {}
FeedBackfill::~FeedBackfill() = default;

void FeedBackfill::Start(std::vector<std::string> names) {
  asio::co_spawn(impl_->io(), impl_->Run(std::move(names)), asio::detached);
}

void FeedBackfill::Stop() { impl_->Stop(); }

}  // namespace tapedeck::feed
