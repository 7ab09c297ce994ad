#include "feed/rest_bars_endpoint.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "feed/feed_protocol.hpp"

namespace tapedeck::feed {
namespace {

namespace chr = std::chrono;

constexpr int kDefaultRestLimit = 1000;
constexpr int kMaxRestLimit = 10000;

std::string PercentDecode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      int value = 0;
      const auto [ptr, ec] = std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16);
      if (ec == std::errc() && ptr == text.data() + i + 3) {
        out += static_cast<char>(value);
        i += 2;
        continue;
      }
    }
    out += text[i] == '+' ? ' ' : text[i];
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(std::string_view query) {
  std::map<std::string, std::string> params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    const size_t eq = pair.find('=');
    params[PercentDecode(pair.substr(0, eq))] =
        eq == std::string_view::npos ? std::string() : PercentDecode(pair.substr(eq + 1));
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return params;
}

RestAnswer Fail(int status, std::string_view message) {
  return {status, fmt::format(R"({{"message":"{}"}})", message)};
}

}  // namespace

RestBarsEndpoint::RestBarsEndpoint(const std::vector<store::SeriesBars>& day, std::string key,
                                   std::string secret)
    : day_(day), key_(std::move(key)), secret_(std::move(secret)) {
  Timestamp first = Timestamp::max();
  for (size_t i = 0; i < day_.size(); ++i) {
    symbol_index_.emplace(day_[i].symbol.str(), i);
    if (!day_[i].bars.empty()) first = std::min(first, day_[i].bars.front().open_time);
  }
  if (first != Timestamp::max()) default_start_ = first - chr::hours(24);
}

RestAnswer RestBarsEndpoint::Answer(bool is_get, std::string_view target, std::string_view key,
                                    std::string_view secret, Timestamp simulated_now) const {
  const size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const auto params = ParseQuery(question == std::string_view::npos ? std::string_view()
                                                                    : target.substr(question + 1));
  const auto param = [&](const char* name) {
    const auto it = params.find(name);
    return it == params.end() ? std::string() : it->second;
  };
  if (!is_get) return Fail(405, "GET only");
  if ((!key_.empty() && key != key_) || (!secret_.empty() && secret != secret_)) {
    return Fail(403, "forbidden");
  }
  std::vector<std::string> names;
  bool single = false;
  if (path == "/v2/stocks/bars") {
    std::string_view list = params.count("symbols") ? std::string_view(params.at("symbols")) : "";
    while (!list.empty()) {
      const size_t comma = list.find(',');
      names.emplace_back(list.substr(0, comma));
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
    if (names.empty()) return Fail(400, "symbols is required");
  } else if (path.starts_with("/v2/stocks/") && path.ends_with("/bars")) {
    names.emplace_back(path.substr(11, path.size() - 11 - 5));
    single = true;
  } else {
    return Fail(404, "not found");
  }
  if (param("timeframe") != "1Min") return Fail(400, "timeframe must be 1Min");
  Timestamp start = default_start_;
  Timestamp end = Timestamp::max();
  if (const std::string text = param("start"); !text.empty()) {
    const Result<Timestamp> parsed = ParseRfc3339(text);
    if (!parsed.ok()) return Fail(400, "invalid start");
    start = *parsed;
  }
  if (const std::string text = param("end"); !text.empty()) {
    const Result<Timestamp> parsed = ParseRfc3339(text);
    if (!parsed.ok()) return Fail(400, "invalid end");
    end = *parsed;
  }
  int limit = kDefaultRestLimit;
  if (const std::string text = param("limit"); !text.empty()) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), limit);
    if (ec != std::errc() || limit < 1 || limit > kMaxRestLimit) {
      return Fail(400, "invalid limit");
    }
  }
  // The page token names where the previous page stopped: "SYMBOL:unix nanos".
  std::string resume_symbol;
  Timestamp resume_time{};
  if (const std::string token = param("page_token"); !token.empty()) {
    const size_t colon = token.rfind(':');
    int64_t nanos = 0;
    if (colon == std::string::npos ||
        std::from_chars(token.data() + colon + 1, token.data() + token.size(), nanos).ec !=
            std::errc()) {
      return Fail(400, "invalid page_token");
    }
    resume_symbol = token.substr(0, colon);
    resume_time = FromUnixNanos(nanos);
  }
  std::ranges::sort(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  const Timestamp last_open = simulated_now - chr::minutes(1);
  std::string body = single ? R"({"bars":[)" : R"({"bars":{)";
  int count = 0;
  std::string next_token;
  bool first_symbol = true;
  for (const std::string& name : names) {
    if (!resume_symbol.empty() && name < resume_symbol) continue;
    const auto it = symbol_index_.find(name);
    if (it == symbol_index_.end()) continue;
    const std::vector<model::Bar>& bars = day_[it->second].bars;
    bool first_bar = true;
    for (const model::Bar& bar : bars) {
      if (bar.open_time < start || bar.open_time >= end || bar.open_time > last_open) continue;
      if (name == resume_symbol && bar.open_time < resume_time) continue;
      if (count == limit) {
        next_token = fmt::format("{}:{}", name, ToUnixNanos(bar.open_time));
        break;
      }
      if (first_bar) {
        if (!single) {
          if (!first_symbol) body += "],";
          body += fmt::format(R"("{}":[)", name);
        }
        first_symbol = false;
        first_bar = false;
      } else {
        body += ',';
      }
      AppendRestBar(body, bar);
      ++count;
    }
    if (!next_token.empty()) break;
  }
  if (single) {
    body += fmt::format(R"(],"symbol":"{}")", names.front());
  } else {
    if (!first_symbol) body += ']';
    body += '}';
  }
  body += next_token.empty() ? R"(,"next_page_token":null})"
                             : fmt::format(R"(,"next_page_token":"{}"}})", next_token);
  return {200, std::move(body)};
}

}  // namespace tapedeck::feed
