// The local server's REST bars endpoints, GET /v2/stocks/bars?symbols=… and
// GET /v2/stocks/{symbol}/bars (docs/FEED.md), as a function of the request:
// no sockets here, so FeedServer answers HTTP with it (feed_server.cpp) and
// a test can call it directly. Immutable after construction; safe from any thread.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/timestamp.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::feed {

// An HTTP answer: status code and JSON body.
struct RestAnswer {
  int status = 200;
  std::string body;
};

class RestBarsEndpoint {
 public:
  // `day`: the bars served per symbol, each sorted by open time; it must
  // outlive the endpoint. Requests must present `key` and `secret` in the
  // APCA-API-KEY-ID / APCA-API-SECRET-KEY headers; empty ones accept any.
  RestBarsEndpoint(const std::vector<store::SeriesBars>& day, std::string key, std::string secret);

  // Answers a request for `target` (path and query). `key` and `secret` are
  // the headers' values (empty when absent). Serves only bars complete by
  // `simulated_now`: a real endpoint cannot serve the future. Pages hold at
  // most `limit` bars (default 1000, at most 10000) and end with a
  // next_page_token naming where the next page starts.
  RestAnswer Answer(bool is_get, std::string_view target, std::string_view key,
                    std::string_view secret, Timestamp simulated_now) const;

 private:
  const std::vector<store::SeriesBars>& day_;
  std::map<std::string, size_t, std::less<>> symbol_index_;
  std::string key_;
  std::string secret_;
  Timestamp default_start_{};  // A day before the first bar.
};

}  // namespace tapedeck::feed
