#include "feed/feed_protocol.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <iterator>

namespace tapedeck::feed {
namespace {

namespace chr = std::chrono;

// A hand-written scanner for the few message shapes of the stream: it reads
// in place, keeps string values as views (escapes left as written; symbols and
// stamps never hold any) and allocates nothing, which a general JSON DOM would.
class Cursor {
 public:
  explicit Cursor(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool at_end() const { return p_ >= end_; }
  char peek() const { return p_ < end_ ? *p_ : '\0'; }
  const char* position() const { return p_; }
  bool Consume(char c) {
    SkipSpace();
    if (p_ < end_ && *p_ == c) {
      ++p_;
      return true;
    }
    return false;
  }

  // A string's raw content between its quotes.
  bool String(std::string_view& out) {
    SkipSpace();
    if (p_ >= end_ || *p_ != '"') return false;
    const char* start = ++p_;
    while (p_ < end_ && *p_ != '"') {
      if (*p_ == '\\') ++p_;
      ++p_;
    }
    if (p_ >= end_) return false;
    out = std::string_view(start, static_cast<size_t>(p_ - start));
    ++p_;
    return true;
  }

  bool Number(double& out) {
    SkipSpace();
    if (const char* end = ParseShortDecimal(p_, end_, out); end != nullptr) {
      p_ = end;
      return true;
    }
    const auto [ptr, ec] = std::from_chars(p_, end_, out);
    if (ec != std::errc() || ptr == p_) return false;
    p_ = ptr;
    return true;
  }

  bool Integer(int& out) {
    SkipSpace();
    const auto [ptr, ec] = std::from_chars(p_, end_, out);
    if (ec != std::errc() || ptr == p_) return false;
    p_ = ptr;
    return true;
  }

  // Skips any JSON value; false when the text is not JSON.
  bool SkipValue(int depth = 0) {
    SkipSpace();
    if (p_ >= end_ || depth > 32) return false;
    switch (*p_) {
      case '"': {
        std::string_view ignored;
        return String(ignored);
      }
      case '{':
        ++p_;
        if (Consume('}')) return true;
        do {
          std::string_view key;
          if (!String(key) || !Consume(':') || !SkipValue(depth + 1)) return false;
        } while (Consume(','));
        return Consume('}');
      case '[':
        ++p_;
        if (Consume(']')) return true;
        do {
          if (!SkipValue(depth + 1)) return false;
        } while (Consume(','));
        return Consume(']');
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default: {
        double ignored = 0;
        return Number(ignored);
      }
    }
  }

  bool Literal(std::string_view word) {
    SkipSpace();
    if (static_cast<size_t>(end_ - p_) < word.size() || std::string_view(p_, word.size()) != word) {
      return false;
    }
    p_ += word.size();
    return true;
  }

 private:
  const char* p_;
  const char* end_;
};

// Which fields an object held.
enum Field : uint32_t {
  kType = 1U << 0,
  kSymbol = 1U << 1,
  kOpen = 1U << 2,
  kHigh = 1U << 3,
  kLow = 1U << 4,
  kClose = 1U << 5,
  kVolume = 1U << 6,
  kTime = 1U << 7,
  kCode = 1U << 8,
  kMsg = 1U << 9,
  kBars = 1U << 10,
};
constexpr uint32_t kRestBarFields = kOpen | kHigh | kLow | kClose | kVolume | kTime;
constexpr uint32_t kStreamBarFields = kRestBarFields | kSymbol;

struct ObjectFields {
  uint32_t present = 0;
  std::string_view type;
  std::string_view symbol;
  std::string_view time;
  std::string_view msg;
  std::string_view bars;
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
  int code = 0;
  const char* problem = nullptr;  // The first field that had the wrong type.
};

bool ReadNumberField(Cursor& in, double& value, ObjectFields& fields, uint32_t bit,
                     const char* problem) {
  if (in.Number(value)) {
    fields.present |= bit;
    return true;
  }
  if (fields.problem == nullptr) fields.problem = problem;
  return in.SkipValue();
}

bool ReadStringField(Cursor& in, std::string_view& value, ObjectFields& fields, uint32_t bit,
                     const char* problem) {
  in.SkipSpace();
  if (in.peek() == '"') {
    if (!in.String(value)) return false;
    fields.present |= bit;
    return true;
  }
  if (fields.problem == nullptr) fields.problem = problem;
  return in.SkipValue();
}

// Reads one object; false only when the text is not JSON (the frame is lost).
// A field of the wrong type is noted in `problem` and the object is still read.
bool ReadObject(Cursor& in, ObjectFields& fields) {
  if (!in.Consume('{')) return false;
  if (in.Consume('}')) return true;
  do {
    std::string_view key;
    if (!in.String(key) || !in.Consume(':')) return false;
    bool ok = true;
    if (key.size() == 1) {
      switch (key[0]) {
        case 'T':
          ok = ReadStringField(in, fields.type, fields, kType, "\"T\" is not a string");
          break;
        case 'S':
          ok = ReadStringField(in, fields.symbol, fields, kSymbol, "\"S\" is not a string");
          break;
        case 't':
          ok = ReadStringField(in, fields.time, fields, kTime, "\"t\" is not a string");
          break;
        case 'o':
          ok = ReadNumberField(in, fields.open, fields, kOpen, "\"o\" is not a number");
          break;
        case 'h':
          ok = ReadNumberField(in, fields.high, fields, kHigh, "\"h\" is not a number");
          break;
        case 'l':
          ok = ReadNumberField(in, fields.low, fields, kLow, "\"l\" is not a number");
          break;
        case 'c':
          // Trades carry "c" as an array of conditions; only bars read it as a number.
          in.SkipSpace();
          ok = in.peek() == '['
                   ? in.SkipValue()
                   : ReadNumberField(in, fields.close, fields, kClose, "\"c\" is not a number");
          break;
        case 'v':
          ok = ReadNumberField(in, fields.volume, fields, kVolume, "\"v\" is not a number");
          break;
        default:
          ok = in.SkipValue();
      }
    } else if (key == "code") {
      in.SkipSpace();
      if (in.Integer(fields.code)) {
        fields.present |= kCode;
      } else {
        if (fields.problem == nullptr) fields.problem = "\"code\" is not an integer";
        ok = in.SkipValue();
      }
    } else if (key == "msg") {
      ok = ReadStringField(in, fields.msg, fields, kMsg, "\"msg\" is not a string");
    } else if (key == "bars") {
      in.SkipSpace();
      const char* start = in.position();
      ok = in.SkipValue();
      fields.bars = std::string_view(start, static_cast<size_t>(in.position() - start));
      fields.present |= kBars;
    } else {
      ok = in.SkipValue();
    }
    if (!ok) return false;
  } while (in.Consume(','));
  return in.Consume('}');
}

// Turns the fields of a bar object into a bar; returns the reason on failure.
const char* ToBar(const ObjectFields& fields, uint32_t required, model::Bar& bar) {
  if (fields.problem != nullptr) return fields.problem;
  if ((fields.present & required) != required) {
    if ((required & kSymbol) && !(fields.present & kSymbol)) return "bar without \"S\"";
    if (!(fields.present & kTime)) return "bar without \"t\"";
    return "bar without one of \"o\", \"h\", \"l\", \"c\", \"v\"";
  }
  const Result<Timestamp> time = ParseRfc3339(fields.time);
  if (!time.ok()) return "bar \"t\" is not an RFC 3339 time";
  bar.open_time = *time;
  bar.open = fields.open;
  bar.high = fields.high;
  bar.low = fields.low;
  bar.close = fields.close;
  bar.volume = fields.volume;
  bar.bar_count = 1;
  return nullptr;
}

void Classify(const ObjectFields& fields, FeedEvent& event) {
  event = FeedEvent{};
  if (fields.problem != nullptr && !(fields.present & kType)) {
    event.kind = EventKind::kMalformed;
    event.text = fields.problem;
    return;
  }
  if (!(fields.present & kType)) {
    event.kind = EventKind::kMalformed;
    event.text = "message without \"T\"";
    return;
  }
  const std::string_view type = fields.type;
  if (type == "b" || type == "u") {
    event.kind = type == "b" ? EventKind::kBar : EventKind::kUpdatedBar;
    if (const char* reason = ToBar(fields, kStreamBarFields, event.bar); reason != nullptr) {
      event.kind = EventKind::kMalformed;
      event.text = reason;
      return;
    }
    event.symbol = fields.symbol;
    if (event.symbol.empty() || event.symbol.size() > model::Symbol::kMaxLength) {
      event.kind = EventKind::kMalformed;
      event.text = "bar \"S\" is not a symbol";
    }
  } else if (type == "success") {
    if (fields.msg == "connected") {
      event.kind = EventKind::kConnected;
    } else if (fields.msg == "authenticated") {
      event.kind = EventKind::kAuthenticated;
    } else {
      event.kind = EventKind::kIgnored;
      event.text = fields.msg;
    }
  } else if (type == "error") {
    event.kind = EventKind::kError;
    event.code = fields.code;
    event.text = fields.msg;
  } else if (type == "subscription") {
    event.kind = EventKind::kSubscription;
    event.text = (fields.present & kBars) ? fields.bars : std::string_view("[]");
  } else {
    event.kind = EventKind::kIgnored;
  }
}

int Digits(const char* p, int count, bool& ok) {
  int value = 0;
  for (int i = 0; i < count; ++i) {
    const char c = p[i];
    if (c < '0' || c > '9') {
      ok = false;
      return 0;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

// Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void AppendEscaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          fmt::format_to(std::back_inserter(out), "\\u{:04x}", static_cast<unsigned>(c));
        } else {
          out += c;
        }
    }
  }
}

void AppendSymbolArray(std::string& out, std::span<const model::Symbol> symbols) {
  out += '[';
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    out += symbols[i].str();
    out += '"';
  }
  out += ']';
}

}  // namespace

Status FrameParser::Parse(std::string_view frame) {
  events_.clear();
  Cursor in(frame);
  if (!in.Consume('[')) {
    return Error::DataError("feed frame is not a JSON array: '{}'", frame.substr(0, 80));
  }
  if (in.Consume(']')) return Status::Ok();
  do {
    in.SkipSpace();
    FeedEvent& event = events_.emplace_back();
    if (in.peek() != '{') {
      if (!in.SkipValue()) {
        events_.pop_back();
        return Error::DataError("feed frame is not JSON near offset {}: '{}'",
                                in.position() - frame.data(), frame.substr(0, 80));
      }
      event.kind = EventKind::kMalformed;
      event.text = "message is not an object";
      continue;
    }
    ObjectFields fields;
    if (!ReadObject(in, fields)) {
      events_.pop_back();
      return Error::DataError("feed frame is not JSON near offset {}: '{}'",
                              in.position() - frame.data(), frame.substr(0, 80));
    }
    Classify(fields, event);
  } while (in.Consume(','));
  if (!in.Consume(']')) {
    return Error::DataError("feed frame does not end its array near offset {}: '{}'",
                            in.position() - frame.data(), frame.substr(0, 80));
  }
  in.SkipSpace();
  if (!in.at_end()) {
    return Error::DataError("feed frame has text after its array: '{}'", frame.substr(0, 80));
  }
  return Status::Ok();
}

const char* ParseShortDecimal(const char* begin, const char* end, double& value) {
  static constexpr double kPowersOfTen[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                            1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  const char* p = begin;
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  uint64_t mantissa = 0;
  int digits = 0;
  const auto read_digits = [&] {
    const char* from = p;
    while (p < end && *p >= '0' && *p <= '9') {
      mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
      ++p;
    }
    digits += static_cast<int>(p - from);
    return static_cast<int>(p - from);
  };
  if (read_digits() == 0) return nullptr;
  int decimals = 0;
  if (p < end && *p == '.') {
    ++p;
    decimals = read_digits();
    if (decimals == 0) return nullptr;
  }
  if (digits > 15 || (p < end && (*p == 'e' || *p == 'E'))) return nullptr;
  // Below 10^15 < 2^53: exact, as is every power of ten here.
  const double magnitude = static_cast<double>(mantissa) / kPowersOfTen[decimals];
  value = negative ? -magnitude : magnitude;
  return p;
}

Result<Timestamp> ParseRfc3339(std::string_view text) {
  // YYYY-MM-DDTHH:MM:SS is 19 characters; then [.fraction], then Z or ±HH:MM.
  const char* p = text.data();
  const size_t n = text.size();
  bool ok = n >= 20 && p[4] == '-' && p[7] == '-' && (p[10] == 'T' || p[10] == 't') &&
            p[13] == ':' && p[16] == ':';
  if (!ok) return Error::DataError("not an RFC 3339 time: '{}'", text);
  const int year = Digits(p, 4, ok);
  const int month = Digits(p + 5, 2, ok);
  const int day = Digits(p + 8, 2, ok);
  const int hour = Digits(p + 11, 2, ok);
  const int minute = Digits(p + 14, 2, ok);
  const int second = Digits(p + 17, 2, ok);
  if (!ok || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 ||
      second > 60) {
    return Error::DataError("not an RFC 3339 time: '{}'", text);
  }
  size_t i = 19;
  int64_t nanos = 0;
  if (p[i] == '.') {
    ++i;
    int digits = 0;
    while (i < n && p[i] >= '0' && p[i] <= '9') {
      if (digits < 9) {
        nanos = nanos * 10 + (p[i] - '0');
        ++digits;
      }
      ++i;
    }
    if (digits == 0) return Error::DataError("not an RFC 3339 time: '{}'", text);
    for (; digits < 9; ++digits) nanos *= 10;
  }
  int64_t offset_seconds = 0;
  if (i < n && (p[i] == 'Z' || p[i] == 'z')) {
    ++i;
  } else if (i + 6 == n && (p[i] == '+' || p[i] == '-') && p[i + 3] == ':') {
    const int offset_hours = Digits(p + i + 1, 2, ok);
    const int offset_minutes = Digits(p + i + 4, 2, ok);
    if (!ok || offset_hours > 23 || offset_minutes > 59) {
      return Error::DataError("not an RFC 3339 time: '{}'", text);
    }
    offset_seconds = (p[i] == '-' ? -1 : 1) * (offset_hours * 3600 + offset_minutes * 60);
    i += 6;
  }
  if (i != n) return Error::DataError("not an RFC 3339 time: '{}'", text);
  const int64_t days =
      DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
  return FromUnixNanos(seconds * 1'000'000'000 + nanos);
}

Result<std::vector<model::Symbol>> ParseSymbolArray(std::string_view array) {
  Cursor in(array);
  std::vector<model::Symbol> symbols;
  if (!in.Consume('[')) return Error::DataError("symbol list is not an array: '{}'", array);
  if (in.Consume(']')) return symbols;
  do {
    std::string_view name;
    if (!in.String(name)) return Error::DataError("symbol list holds a non-string: '{}'", array);
    if (name == "*") continue;  // "All symbols": nothing to name.
    TD_ASSIGN_OR_RETURN(model::Symbol symbol, model::Symbol::Parse(name));
    symbols.push_back(std::move(symbol));
  } while (in.Consume(','));
  if (!in.Consume(']')) return Error::DataError("symbol list does not end: '{}'", array);
  return symbols;
}

std::string BuildAuthMessage(std::string_view key, std::string_view secret) {
  std::string out = R"({"action":"auth","key":")";
  AppendEscaped(out, key);
  out += R"(","secret":")";
  AppendEscaped(out, secret);
  out += "\"}";
  return out;
}

std::string BuildSubscribeMessage(std::span<const model::Symbol> symbols, bool subscribe) {
  std::string out =
      subscribe ? R"({"action":"subscribe","bars":)" : R"({"action":"unsubscribe","bars":)";
  AppendSymbolArray(out, symbols);
  out += R"(,"updatedBars":)";
  AppendSymbolArray(out, symbols);
  out += '}';
  return out;
}

std::string BuildControlMessage(std::string_view msg) {
  std::string out = R"([{"T":"success","msg":")";
  AppendEscaped(out, msg);
  out += "\"}]";
  return out;
}

std::string BuildErrorMessage(int code, std::string_view msg) {
  std::string out = fmt::format(R"([{{"T":"error","code":{},"msg":")", code);
  AppendEscaped(out, msg);
  out += "\"}]";
  return out;
}

std::string BuildSubscriptionMessage(std::span<const model::Symbol> bars) {
  std::string out = R"([{"T":"subscription","trades":[],"quotes":[],"bars":)";
  AppendSymbolArray(out, bars);
  out += R"(,"updatedBars":)";
  AppendSymbolArray(out, bars);
  out += R"(,"dailyBars":[],"statuses":[],"lulds":[],"corrections":[],"cancelErrors":[]}])";
  return out;
}

void AppendBarMessage(std::string& out, std::string_view symbol, const model::Bar& bar,
                      bool corrected) {
  fmt::format_to(
      std::back_inserter(out),
      R"({{"T":"{}","S":"{}","o":{},"h":{},"l":{},"c":{},"v":{},"t":"{}","n":0,"vw":{}}})",
      corrected ? "u" : "b", symbol, bar.open, bar.high, bar.low, bar.close, bar.volume,
      FormatTimestamp(bar.open_time), bar.close);
}

void AppendRestBar(std::string& out, const model::Bar& bar) {
  fmt::format_to(std::back_inserter(out),
                 R"({{"t":"{}","o":{},"h":{},"l":{},"c":{},"v":{},"n":0,"vw":{}}})",
                 FormatTimestamp(bar.open_time), bar.open, bar.high, bar.low, bar.close, bar.volume,
                 bar.close);
}

namespace {

Status ReadRestBarArray(Cursor& in, std::vector<model::Bar>& bars) {
  if (!in.Consume('[')) return Error::DataError("REST bars: a symbol's bars are not an array");
  if (in.Consume(']')) return Status::Ok();
  do {
    ObjectFields fields;
    if (!ReadObject(in, fields)) return Error::DataError("REST bars: a bar is not a JSON object");
    model::Bar bar;
    if (const char* reason = ToBar(fields, kRestBarFields, bar); reason != nullptr) {
      return Error::DataError("REST bars: {}", reason);
    }
    bars.push_back(bar);
  } while (in.Consume(','));
  if (!in.Consume(']')) return Error::DataError("REST bars: a bar array does not end");
  return Status::Ok();
}

}  // namespace

Result<RestBarsPage> ParseRestBarsPage(std::string_view body) {
  Cursor in(body);
  RestBarsPage page;
  std::string_view single_symbol;
  std::vector<model::Bar> single_bars;
  bool single = false;
  if (!in.Consume('{')) return Error::DataError("REST bars: the answer is not a JSON object");
  if (!in.Consume('}')) {
    do {
      std::string_view key;
      if (!in.String(key) || !in.Consume(':')) {
        return Error::DataError("REST bars: the answer is not JSON");
      }
      if (key == "bars") {
        in.SkipSpace();
        if (in.peek() == '[') {
          single = true;
          TD_RETURN_IF_ERROR(ReadRestBarArray(in, single_bars));
        } else if (in.Literal("null")) {
        } else {
          if (!in.Consume('{')) return Error::DataError("REST bars: \"bars\" is not an object");
          if (!in.Consume('}')) {
            do {
              std::string_view name;
              if (!in.String(name) || !in.Consume(':')) {
                return Error::DataError("REST bars: \"bars\" is not JSON");
              }
              TD_ASSIGN_OR_RETURN(model::Symbol symbol, model::Symbol::Parse(name));
              auto& entry = page.bars.emplace_back(std::move(symbol), std::vector<model::Bar>{});
              TD_RETURN_IF_ERROR(ReadRestBarArray(in, entry.second));
            } while (in.Consume(','));
            if (!in.Consume('}')) return Error::DataError("REST bars: \"bars\" does not end");
          }
        }
      } else if (key == "symbol") {
        if (!in.String(single_symbol)) return Error::DataError("REST bars: bad \"symbol\"");
      } else if (key == "next_page_token") {
        in.SkipSpace();
        std::string_view token;
        if (in.peek() == '"') {
          if (!in.String(token)) return Error::DataError("REST bars: bad \"next_page_token\"");
          page.next_page_token = std::string(token);
        } else if (!in.Literal("null")) {
          return Error::DataError("REST bars: bad \"next_page_token\"");
        }
      } else if (!in.SkipValue()) {
        return Error::DataError("REST bars: the answer is not JSON");
      }
    } while (in.Consume(','));
    if (!in.Consume('}')) return Error::DataError("REST bars: the answer does not end");
  }
  if (single) {
    TD_ASSIGN_OR_RETURN(model::Symbol symbol, model::Symbol::Parse(single_symbol));
    page.bars.emplace_back(std::move(symbol), std::move(single_bars));
  }
  return page;
}

Result<Url> ParseUrl(std::string_view text) {
  Url url;
  std::string_view rest;
  if (text.starts_with("ws://") || text.starts_with("http://")) {
    rest = text.substr(text.find("://") + 3);
    url.port = "80";
  } else if (text.starts_with("wss://") || text.starts_with("https://")) {
    rest = text.substr(text.find("://") + 3);
    url.tls = true;
    url.port = "443";
  } else {
    return Error::InvalidArgument(
        "feed URL '{}' must start with ws://, wss://, http:// or https://", text);
  }
  const size_t slash = rest.find('/');
  std::string_view authority = rest.substr(0, slash);
  url.target = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (const size_t colon = authority.rfind(':'); colon != std::string_view::npos) {
    url.port = std::string(authority.substr(colon + 1));
    authority = authority.substr(0, colon);
    int port = 0;
    const auto [ptr, ec] =
        std::from_chars(url.port.data(), url.port.data() + url.port.size(), port);
    if (ec != std::errc() || ptr != url.port.data() + url.port.size() || port <= 0 ||
        port > 65535) {
      return Error::InvalidArgument("feed URL '{}' has a bad port", text);
    }
  }
  if (authority.empty()) return Error::InvalidArgument("feed URL '{}' names no host", text);
  url.host = std::string(authority);
  return url;
}

std::string EncodeQueryValue(std::string_view value) {
  std::string out;
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      fmt::format_to(std::back_inserter(out), "%{:02X}", static_cast<unsigned>(u));
    }
  }
  return out;
}

}  // namespace tapedeck::feed
