// The market-data stream protocol the feed speaks: the JSON-over-WebSocket
// stock stream of Alpaca's Market Data API v2 (the subset for minute bars),
// and the JSON of its REST historical bars endpoint. Pure functions and a
// reusable parser; safe from any thread (one FrameParser per thread).
//
// Sources (checked 2026-11):
//   https://docs.alpaca.markets/docs/streaming-market-data        (connect, auth, errors)
//   https://docs.alpaca.markets/docs/real-time-stock-pricing-data (channels, bar schema)
//   https://forum.alpaca.markets/t/alpaca-market-data-update-bars/8947 (updatedBars "u")
//   Market Data API OpenAPI, GET /v2/stocks/bars and /v2/stocks/{symbol}/bars (REST bars)
//
// Server → client frames are JSON arrays of objects, each with a type "T":
//   [{"T":"success","msg":"connected"}]       [{"T":"success","msg":"authenticated"}]
//   [{"T":"error","code":402,"msg":"auth failed"}]
//   [{"T":"subscription","trades":[],"quotes":[],"bars":["SPY"],"updatedBars":["SPY"],...}]
//   [{"T":"b","S":"SPY","o":388.985,"h":389.13,"l":388.975,"c":389.12,"v":49378,
//     "t":"2021-02-22T19:15:00Z","n":461,"vw":389.062639}, ...]
// "b" is a minute bar stamped with its open time; "u" (updatedBars channel) is a
// corrected bar for an open time already sent. Client → server messages are
// single objects: {"action":"auth","key":…,"secret":…} and
// {"action":"subscribe"|"unsubscribe","bars":[…],"updatedBars":[…]}.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/bar.hpp"
#include "model/symbol.hpp"

namespace tapedeck::feed {

// Error codes the stream documents (streaming-market-data page).
inline constexpr int kErrorInvalidSyntax = 400;
inline constexpr int kErrorNotAuthenticated = 401;
inline constexpr int kErrorAuthFailed = 402;
inline constexpr int kErrorAlreadyAuthenticated = 403;
inline constexpr int kErrorAuthTimeout = 404;
inline constexpr int kErrorSymbolLimit = 405;
inline constexpr int kErrorConnectionLimit = 406;
inline constexpr int kErrorSlowClient = 407;
inline constexpr int kErrorInsufficientSubscription = 409;
inline constexpr int kErrorInternal = 500;

enum class EventKind : uint8_t {
  kConnected,      // {"T":"success","msg":"connected"}
  kAuthenticated,  // {"T":"success","msg":"authenticated"}
  kSubscription,   // The current subscription; `symbols` views the "bars" array.
  kBar,            // "b": a minute bar.
  kUpdatedBar,     // "u": a corrected minute bar.
  kError,          // "error": `code` and `text`.
  kMalformed,      // An element that could not be read; `text` says why. Skip it.
  kIgnored,        // A well-formed message of a type the feed does not use (trades …).
};

// One message of a frame. The string views point into the parsed frame (or
// at static text for kMalformed) and live as long as it does.
struct FeedEvent {
  EventKind kind = EventKind::kIgnored;
  std::string_view symbol;  // kBar, kUpdatedBar.
  model::Bar bar;           // kBar, kUpdatedBar: open time, OHLCV.
  int code = 0;             // kError.
  std::string_view text;    // kError: "msg"; kMalformed: the reason; kSubscription: the raw
                            // "bars" array ("[\"SPY\",\"IBM\"]").
};

// Parses server frames into a reused vector of events: after warm-up a frame
// costs no heap allocation. Elements that are well-formed JSON objects but
// miss or mangle a field become kMalformed events and the rest of the frame
// is still read; a frame that is not a JSON array of objects is an error.
class FrameParser {
 public:
  // Replaces events() with the messages of `frame`. On error events() holds
  // what was read before the fault.
  Status Parse(std::string_view frame);
  const std::vector<FeedEvent>& events() const { return events_; }

 private:
  std::vector<FeedEvent> events_;
};

// Reads a number written the way prices and volumes come (an optional '-',
// digits, then optionally '.' and digits; 15 digits at most; no exponent)
// from [begin, end) into `value`: the same double as std::from_chars gives,
// three times faster. An integer below 2^53 divided by a power of ten up to
// 10^22 is exact in both operands, so the one IEEE division rounds correctly
// (Clinger's fast path). Returns the end of the number, or null when the
// text has another form (std::from_chars then reads it).
const char* ParseShortDecimal(const char* begin, const char* end, double& value);

// Parses "YYYY-MM-DDTHH:MM:SS[.fraction]" followed by "Z" or "±HH:MM" (RFC 3339),
// quickly and without allocating. Errors name the text.
Result<Timestamp> ParseRfc3339(std::string_view text);

// The symbols of a JSON array of strings such as the "bars" field of a
// subscription message. Errors name the bad element.
Result<std::vector<model::Symbol>> ParseSymbolArray(std::string_view array);

// Client → server messages. Key and secret are JSON-escaped; never log the result.
std::string BuildAuthMessage(std::string_view key, std::string_view secret);
// {"action":"subscribe","bars":[…],"updatedBars":[…]} (or "unsubscribe"):
// bars and their corrections for each symbol.
std::string BuildSubscribeMessage(std::span<const model::Symbol> symbols, bool subscribe = true);

// Server → client messages (the local server writes these).
std::string BuildControlMessage(std::string_view msg);  // [{"T":"success","msg":…}]
std::string BuildErrorMessage(int code, std::string_view msg);
std::string BuildSubscriptionMessage(std::span<const model::Symbol> bars);
// Appends one bar object ({"T":"b",…} or "u") to `out` without brackets.
void AppendBarMessage(std::string& out, std::string_view symbol, const model::Bar& bar,
                      bool corrected = false);
// Appends the REST form of a bar ({"t":…,"o":…,…,"n":0,"vw":…}).
void AppendRestBar(std::string& out, const model::Bar& bar);

// A REST bars page: GET /v2/stocks/bars answers {"bars":{"SPY":[…],…},
// "next_page_token":…}; the per-symbol endpoint answers {"bars":[…],
// "symbol":"SPY","next_page_token":…}. Both are read here.
struct RestBarsPage {
  std::vector<std::pair<model::Symbol, std::vector<model::Bar>>> bars;
  std::string next_page_token;  // Empty when there is no next page.
};
Result<RestBarsPage> ParseRestBarsPage(std::string_view body);

// A ws://, wss://, http:// or https:// URL split for the client. The port
// defaults to 80 or 443; the target to "/".
struct Url {
  bool tls = false;
  std::string host;
  std::string port;
  std::string target;  // Path and query, starting with '/'.
};
Result<Url> ParseUrl(std::string_view text);

// Percent-encodes a query parameter value (RFC 3986 unreserved characters stay).
std::string EncodeQueryValue(std::string_view value);

}  // namespace tapedeck::feed
