// The feed client's REST backfill: fetches the 1m bars a LiveBarBuffer is
// missing through GET /v2/stocks/bars (http:// or https://), follows the
// pages, and adds the bars to the buffer. Part of FeedClient: it runs on the
// client's I/O thread, and every method must be called there.
#pragma once

#include <boost/container/flat_set.hpp>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "feed/feed_client.hpp"
#include "feed/feed_protocol.hpp"
#include "feed/live_bar_buffer.hpp"

namespace boost::asio {
class io_context;
namespace ssl {
class context;
}  // namespace ssl
}  // namespace boost::asio

namespace tapedeck::feed {

// The symbols the client follows, side by side in name order (a frame in
// name order walks them like an array). Client's I/O thread only.
using SubscribedSymbols = boost::container::flat_set<std::string, std::less<>>;

class FeedBackfill {
 public:
  // Everything passed by reference must outlive the backfill and the runs it
  // started (the client's I/O context is destroyed first, ending them).
  // `tls` is used for https:// URLs; `subscribed` is the set of symbols the
  // client follows: bars of other symbols are dropped.
  FeedBackfill(boost::asio::io_context& io, boost::asio::ssl::context& tls,
               const FeedClientOptions& options, Url rest_url, LiveBarBuffer& buffer,
               const SubscribedSymbols& subscribed);
  ~FeedBackfill();
  FeedBackfill(const FeedBackfill&) = delete;
  FeedBackfill& operator=(const FeedBackfill&) = delete;

  // Starts backfilling `names` and returns at once. Each symbol is fetched
  // from its last held bar less options.backfill_overlap, or from
  // options.backfill_from when none is held; the buffer hears of the run
  // through BeginBackfill/EndBackfill. A failed page is retried twice.
  void Start(std::vector<std::string> names);
  // Runs under way stop retrying (the client is stopping).
  void Stop();

  class Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace tapedeck::feed
