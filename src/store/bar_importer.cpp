#include "store/bar_importer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <future>
#include <map>
#include <numeric>

#include "store/duckdb_handle.hpp"

namespace tapedeck::store {
namespace {

namespace chr = std::chrono;
using model::Interval;
using model::Symbol;

constexpr size_t kMaxReportedErrors = 10;

// ---------------------------------------------------------------- columns

enum class Column {
  kTimestamp,
  kDate,
  kTime,
  kOpen,
  kHigh,
  kLow,
  kClose,
  kVolume,
  kSymbol,
  kInterval
};

std::optional<Column> ColumnFor(std::string_view name) {
  static const std::map<std::string_view, Column> kNames = {
      {"timestamp", Column::kTimestamp},
      {"datetime", Column::kTimestamp},
      {"date_time", Column::kTimestamp},
      {"open_time", Column::kTimestamp},
      {"ts", Column::kTimestamp},
      {"date", Column::kDate},
      {"day", Column::kDate},
      {"time", Column::kTime},
      {"open", Column::kOpen},
      {"o", Column::kOpen},
      {"high", Column::kHigh},
      {"h", Column::kHigh},
      {"low", Column::kLow},
      {"l", Column::kLow},
      {"close", Column::kClose},
      {"c", Column::kClose},
      {"volume", Column::kVolume},
      {"vol", Column::kVolume},
      {"v", Column::kVolume},
      {"symbol", Column::kSymbol},
      {"ticker", Column::kSymbol},
      {"interval", Column::kInterval},
  };
  const auto it = kNames.find(name);
  if (it == kNames.end()) return std::nullopt;
  return it->second;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// ---------------------------------------------------------------- rows

// Why a row was refused; the label is what --skip-bad-rows counts by.
enum class Rule {
  kFieldCount,
  kTruncated,
  kNotUtf8,
  kBadTimestamp,
  kNotANumber,
  kNotFinite,
  kPriceNotPositive,
  kNegativeVolume,
  kHighBelowLow,
  kOutsideRange,
  kBadSymbol,
  kBadInterval,
  kDuplicate,
  kMisaligned,
};

std::string_view Label(Rule rule) {
  switch (rule) {
    case Rule::kFieldCount:
      return "wrong number of fields";
    case Rule::kTruncated:
      return "truncated last line";
    case Rule::kNotUtf8:
      return "not UTF-8";
    case Rule::kBadTimestamp:
      return "bad timestamp";
    case Rule::kNotANumber:
      return "not a number";
    case Rule::kNotFinite:
      return "NaN or infinite value";
    case Rule::kPriceNotPositive:
      return "price not above 0";
    case Rule::kNegativeVolume:
      return "negative volume";
    case Rule::kHighBelowLow:
      return "high below low";
    case Rule::kOutsideRange:
      return "open or close outside [low, high]";
    case Rule::kBadSymbol:
      return "bad symbol";
    case Rule::kBadInterval:
      return "bad interval";
    case Rule::kDuplicate:
      return "duplicate timestamp";
    case Rule::kMisaligned:
      return "timestamp not aligned to the interval";
  }
  return "bad row";
}

struct RowError {
  int64_t line = 0;
  Rule rule{};
  std::string message;
};

struct ParsedRow {
  int64_t line = 0;
  Timestamp time{};
  // Days since the epoch of the wall-clock date, when the wall-clock time of
  // day was 00:00 (what a daily file means by its date).
  std::optional<int32_t> midnight_day;
  double open = 0, high = 0, low = 0, close = 0, volume = 0;
};

// Rows of one (symbol, interval) as named by the file's columns ("" = not given).
struct Group {
  std::string symbol;
  std::string interval;
  std::vector<ParsedRow> rows;
};

// Collects the refused rows of one file.
class RowErrors {
 public:
  void Add(RowError error) {
    ++count_;
    auto& tally = by_rule_[error.rule];
    if (tally.first++ < 5) tally.second.push_back(error.line);
    if (first_.size() < kMaxReportedErrors) first_.push_back(std::move(error));
  }
  int64_t count() const { return count_; }

  Error ToError(const std::string& file) const {
    if (count_ == 1) {
      return Error::DataError("{}:{}: {}; nothing was imported", file, first_[0].line,
                              first_[0].message);
    }
    std::string text =
        fmt::format("{}: {} bad rows; nothing was imported (--skip-bad-rows imports the good ones)",
                    file, count_);
    for (const RowError& e : first_) text += fmt::format("\n  {}:{}: {}", file, e.line, e.message);
    if (count_ > static_cast<int64_t>(first_.size())) {
      text += fmt::format("\n  … and {} more", count_ - static_cast<int64_t>(first_.size()));
    }
    return Error::DataError("{}", text);
  }

  std::string Summary() const {
    std::string text = fmt::format("skipped {} bad row{}:", count_, count_ == 1 ? "" : "s");
    for (const auto& [rule, tally] : by_rule_) {
      std::string lines;
      for (const int64_t line : tally.second)
        lines += fmt::format("{}{}", lines.empty() ? "" : ", ", line);
      if (tally.first > static_cast<int64_t>(tally.second.size())) lines += ", …";
      text += fmt::format(" {} × {} (line{} {});", tally.first, Label(rule),
                          tally.first == 1 ? "" : "s", lines);
    }
    text.pop_back();
    return text;
  }

 private:
  int64_t count_ = 0;
  std::vector<RowError> first_;
  std::map<Rule, std::pair<int64_t, std::vector<int64_t>>> by_rule_;
};

// How the timestamp column is written in a Parquet file.
enum class TimeEncoding { kText, kEpochNanos };

// Turns one row of text fields into a ParsedRow, with the header's layout.
class RowParser {
 public:
  static Result<RowParser> FromHeader(std::span<const std::string_view> names,
                                      const ImportOptions& options, TimeEncoding encoding) {
    RowParser parser;
    parser.options_ = &options;
    parser.encoding_ = encoding;
    parser.field_count_ = names.size();
    std::map<Column, size_t> found;
    for (size_t i = 0; i < names.size(); ++i) {
      const std::string name = Lower(Trim(names[i]));
      const auto column = ColumnFor(name);
      if (!column) {
        return Error::DataError(
            "unknown column '{}' in the header: expected timestamp (or date and time), open, "
            "high, low, close, volume, and optionally symbol and interval",
            Trim(names[i]));
      }
      if (!found.emplace(*column, i).second) {
        return Error::DataError("column '{}' appears twice in the header", Trim(names[i]));
      }
    }
    const auto need = [&](Column column, std::string_view name) -> Result<size_t> {
      const auto it = found.find(column);
      if (it == found.end()) {
        return Error::DataError(
            "the header has no {} column: expected timestamp,open,high,low,close,volume", name);
      }
      return it->second;
    };
    if (found.contains(Column::kTimestamp)) {
      parser.time_ = found[Column::kTimestamp];
    } else if (found.contains(Column::kDate)) {
      parser.time_ = found[Column::kDate];
      if (found.contains(Column::kTime)) parser.clock_time_ = found[Column::kTime];
    } else if (found.contains(Column::kTime)) {
      parser.time_ = found[Column::kTime];
    } else {
      return Error::DataError(
          "the header has no timestamp column (or date and time columns): expected "
          "timestamp,open,high,low,close,volume");
    }
    TD_ASSIGN_OR_RETURN(parser.prices_[0], need(Column::kOpen, "open"));
    TD_ASSIGN_OR_RETURN(parser.prices_[1], need(Column::kHigh, "high"));
    TD_ASSIGN_OR_RETURN(parser.prices_[2], need(Column::kLow, "low"));
    TD_ASSIGN_OR_RETURN(parser.prices_[3], need(Column::kClose, "close"));
    TD_ASSIGN_OR_RETURN(parser.volume_, need(Column::kVolume, "volume"));
    if (found.contains(Column::kSymbol)) parser.symbol_ = found[Column::kSymbol];
    if (found.contains(Column::kInterval)) parser.interval_ = found[Column::kInterval];
    return parser;
  }

  size_t field_count() const { return field_count_; }
  std::optional<size_t> symbol_column() const { return symbol_; }
  std::optional<size_t> interval_column() const { return interval_; }

  // Parses one row; a file-level problem (a naive time without --tz) is returned
  // as an Error through `fatal`.
  std::optional<RowError> Parse(int64_t line, std::span<const std::string_view> fields,
                                ParsedRow& row, std::optional<Error>& fatal) const {
    row.line = line;
    if (auto error = ParseTime(line, fields, row, fatal)) return error;
    static constexpr std::string_view kPriceNames[] = {"open", "high", "low", "close"};
    double prices[4];
    for (size_t i = 0; i < 4; ++i) {
      if (auto error = ParseNumber(line, kPriceNames[i], fields[prices_[i]], prices[i]))
        return error;
      if (!(prices[i] > 0)) {
        return RowError{line, Rule::kPriceNotPositive,
                        fmt::format("{} {} is not above 0 (prices must be positive)",
                                    kPriceNames[i], Trim(fields[prices_[i]]))};
      }
    }
    if (auto error = ParseNumber(line, "volume", fields[volume_], row.volume)) return error;
    if (row.volume < 0) {
      return RowError{
          line, Rule::kNegativeVolume,
          fmt::format("volume {} is negative (volume must be 0 or more)", Trim(fields[volume_]))};
    }
    row.open = prices[0];
    row.high = prices[1];
    row.low = prices[2];
    row.close = prices[3];
    if (row.high < row.low) {
      return RowError{line, Rule::kHighBelowLow,
                      fmt::format("high {} is below low {} (high must be ≥ low)",
                                  Trim(fields[prices_[1]]), Trim(fields[prices_[2]]))};
    }
    for (size_t i : {size_t{0}, size_t{3}}) {
      if (prices[i] < row.low || prices[i] > row.high) {
        return RowError{line, Rule::kOutsideRange,
                        fmt::format("{} {} is outside [low {}, high {}] (open and close must lie "
                                    "between low and high)",
                                    kPriceNames[i], Trim(fields[prices_[i]]),
                                    Trim(fields[prices_[2]]), Trim(fields[prices_[1]]))};
      }
    }
    return std::nullopt;
  }

 private:
  static std::optional<RowError> ParseNumber(int64_t line, std::string_view name,
                                             std::string_view field, double& value) {
    const std::string_view text = Trim(field);
    const char* begin = text.data();
    if (!text.empty() && text.front() == '+') ++begin;
    const auto [end, ec] = std::from_chars(begin, text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size()) {
      return RowError{line, Rule::kNotANumber, fmt::format("{} '{}' is not a number", name, text)};
    }
    if (!std::isfinite(value)) {
      return RowError{line, Rule::kNotFinite,
                      fmt::format("{} is '{}' (values must be finite numbers)", name, text)};
    }
    return std::nullopt;
  }

  std::optional<RowError> ParseTime(int64_t line, std::span<const std::string_view> fields,
                                    ParsedRow& row, std::optional<Error>& fatal) const {
    std::string_view text = Trim(fields[time_]);
    std::string joined;
    if (clock_time_) {
      joined = fmt::format("{}T{}", text, Trim(fields[*clock_time_]));
      text = joined;
    }
    const bool epoch = !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
      return (c >= '0' && c <= '9') || c == '.' || c == '-';
    }) && text.find('-', 1) == std::string_view::npos;
    if (encoding_ == TimeEncoding::kEpochNanos || epoch) {
      return ParseEpoch(line, text, row);
    }
    auto parsed = ParseIsoDateTime(text);
    if (!parsed.ok()) {
      return RowError{line, Rule::kBadTimestamp,
                      fmt::format("timestamp {}", parsed.error().message())};
    }
    const LocalTime local = parsed->local;
    const auto local_day = chr::floor<chr::days>(local);
    if (local == LocalTime(local_day)) {
      row.midnight_day = static_cast<int32_t>(local_day.time_since_epoch().count());
    }
    if (!parsed->has_time || parsed->utc_offset) {
      row.time = Timestamp(local.time_since_epoch() - parsed->utc_offset.value_or(Duration(0)));
      return std::nullopt;
    }
    if (!options_->local_to_utc) {
      fatal = Error::DataError(
          "line {}: timestamp '{}' has no time zone: pass --tz with the zone it is in (for "
          "example --tz America/New_York), or write times with Z or an offset",
          line, text);
      return std::nullopt;
    }
    auto utc = options_->local_to_utc(local);
    if (!utc.ok()) {
      return RowError{line, Rule::kBadTimestamp,
                      fmt::format("timestamp '{}': {}", text, utc.error().message())};
    }
    row.time = *utc;
    return std::nullopt;
  }

  std::optional<RowError> ParseEpoch(int64_t line, std::string_view text, ParsedRow& row) const {
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size()) {
      return RowError{line, Rule::kBadTimestamp,
                      fmt::format("timestamp '{}' is neither ISO-8601 nor a number of seconds "
                                  "since 1970",
                                  text)};
    }
    int64_t integer = 0;
    const bool exact = std::from_chars(text.data(), text.data() + text.size(), integer).ptr ==
                       text.data() + text.size();
    // The unit follows from the magnitude: seconds until 5138, then ms, µs, ns.
    int64_t scale = 1;
    const double magnitude = std::fabs(value);
    if (encoding_ == TimeEncoding::kEpochNanos || magnitude >= 1e17) {
      scale = 1;
    } else if (magnitude >= 1e14) {
      scale = 1'000;
    } else if (magnitude >= 1e11) {
      scale = 1'000'000;
    } else {
      scale = 1'000'000'000;
    }
    const int64_t nanos =
        exact ? integer * scale
              : static_cast<int64_t>(std::llround(value * static_cast<double>(scale)));
    row.time = FromUnixNanos(nanos);
    const auto day = chr::floor<chr::days>(row.time);
    if (row.time == day) row.midnight_day = static_cast<int32_t>(day.time_since_epoch().count());
    return std::nullopt;
  }

  const ImportOptions* options_ = nullptr;
  TimeEncoding encoding_ = TimeEncoding::kText;
  size_t field_count_ = 0;
  size_t time_ = 0;
  std::optional<size_t> clock_time_;
  size_t prices_[4] = {};
  size_t volume_ = 0;
  std::optional<size_t> symbol_;
  std::optional<size_t> interval_;
};

// Finds the first byte that breaks UTF-8 in `text`; npos if it is valid.
size_t FindInvalidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t length = 0;
    if ((c & 0xE0) == 0xC0 && c >= 0xC2)
      length = 2;
    else if ((c & 0xF0) == 0xE0)
      length = 3;
    else if ((c & 0xF8) == 0xF0 && c <= 0xF4)
      length = 4;
    else
      return i;
    if (i + length > text.size()) return i;
    for (size_t k = 1; k < length; ++k) {
      if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return std::string_view::npos;
}

// Collects parsed rows into groups by their symbol and interval columns.
class RowCollector {
 public:
  RowCollector(const RowParser& parser, const ImportOptions& options)
      : parser_(parser), options_(options) {}

  // Handles one row of fields; returns an Error only for file-level problems.
  Status Add(int64_t line, std::span<const std::string_view> fields, bool last_unterminated) {
    if (fields.size() != parser_.field_count()) {
      if (last_unterminated) {
        errors_.Add({line, Rule::kTruncated,
                     fmt::format("the last line is cut short: {} of {} fields and no newline at "
                                 "the end (was the file truncated?)",
                                 fields.size(), parser_.field_count())});
      } else {
        errors_.Add({line, Rule::kFieldCount,
                     fmt::format("expected {} fields as in the header, found {}",
                                 parser_.field_count(), fields.size())});
      }
      return Status::Ok();
    }
    ParsedRow row;
    std::optional<Error> fatal;
    std::optional<RowError> error = parser_.Parse(line, fields, row, fatal);
    if (fatal) return *fatal;
    if (error && last_unterminated) {
      error->rule = Rule::kTruncated;
      error->message =
          fmt::format("the last line has no newline and is incomplete: {}", error->message);
    }
    if (error) {
      errors_.Add(std::move(*error));
      return Status::Ok();
    }
    const std::string_view symbol =
        parser_.symbol_column() ? Trim(fields[*parser_.symbol_column()]) : std::string_view();
    const std::string_view interval =
        parser_.interval_column() ? Trim(fields[*parser_.interval_column()]) : std::string_view();
    GroupFor(symbol, interval).rows.push_back(row);
    return Status::Ok();
  }

  void AddError(RowError error) { errors_.Add(std::move(error)); }
  void Reserve(size_t rows) { reserve_ = rows; }
  RowErrors& errors() { return errors_; }
  std::vector<Group>& groups() { return groups_; }
  const ImportOptions& options() const { return options_; }

 private:
  Group& GroupFor(std::string_view symbol, std::string_view interval) {
    if (last_ < groups_.size() && groups_[last_].symbol == symbol &&
        groups_[last_].interval == interval) {
      return groups_[last_];
    }
    for (size_t i = 0; i < groups_.size(); ++i) {
      if (groups_[i].symbol == symbol && groups_[i].interval == interval) {
        last_ = i;
        return groups_[i];
      }
    }
    groups_.push_back(Group{std::string(symbol), std::string(interval), {}});
    if (groups_.size() == 1) groups_.back().rows.reserve(reserve_);
    last_ = groups_.size() - 1;
    return groups_.back();
  }

  const RowParser& parser_;
  const ImportOptions& options_;
  RowErrors errors_;
  std::vector<Group> groups_;
  size_t last_ = 0;
  size_t reserve_ = 0;
};

// ---------------------------------------------------------------- CSV

// Rows read between two looks at ImportOptions::cancel.
constexpr int64_t kRowsPerCancelCheck = 65536;

Status CheckCancel(const ImportOptions& options) {
  if (options.cancel == nullptr || !options.cancel->load(std::memory_order_relaxed)) {
    return Status::Ok();
  }
  return Error::InvalidArgument("interrupted: the import stopped and wrote nothing");
}

Result<std::string> ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Error::NotFound("cannot open {}: no such file or not readable", path.string());
  std::string text(static_cast<size_t>(in.tellg()), '\0');  // NOLINT: filled by read below.
  in.seekg(0);
  if (!in.read(text.data(), static_cast<std::streamsize>(text.size()))) {
    return Error::IoError("cannot read {}", path.string());
  }
  return text;
}

void SplitFields(std::string_view line, std::vector<std::string_view>& fields) {
  fields.clear();
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

Status ReadCsv(const std::filesystem::path& path, const ImportOptions& options,
               std::vector<Group>& groups, RowErrors& errors_out) {
  TD_ASSIGN_OR_RETURN(const std::string text, ReadWholeFile(path));
  std::string_view rest = text;
  if (rest.starts_with("\xEF\xBB\xBF")) rest.remove_prefix(3);  // A byte-order mark.
  int64_t line_number = 0;
  const auto next_line = [&](std::string_view& line, bool& unterminated) {
    if (rest.empty()) return false;
    const size_t end = rest.find('\n');
    unterminated = end == std::string_view::npos;
    line = rest.substr(0, unterminated ? rest.size() : end);
    rest.remove_prefix(unterminated ? rest.size() : end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    ++line_number;
    return true;
  };
  std::string_view header;
  bool unterminated = false;
  do {
    if (!next_line(header, unterminated)) {
      return Error::DataError(
          "the file is empty: expected a header line such as timestamp,open,high,low,close,volume");
    }
  } while (Trim(header).empty());
  if (const size_t bad = FindInvalidUtf8(header); bad != std::string_view::npos) {
    return Error::DataError("line {}: byte 0x{:02x} at column {} is not UTF-8", line_number,
                            static_cast<unsigned char>(header[bad]), bad + 1);
  }
  std::vector<std::string_view> fields;
  SplitFields(header, fields);
  const std::string_view first = Trim(fields[0]);
  if (!first.empty() && ((first[0] >= '0' && first[0] <= '9') || first[0] == '-')) {
    return Error::DataError(
        "line 1 is not a header ('{}'): the first line must name the columns, such as "
        "timestamp,open,high,low,close,volume",
        header.substr(0, 60));
  }
  TD_ASSIGN_OR_RETURN(const RowParser parser,
                      RowParser::FromHeader(fields, options, TimeEncoding::kText)
                          .WithContext(fmt::format("line {}", line_number)));
  // Pure ASCII (the usual case) needs no per-line UTF-8 check.
  unsigned char high_bits = 0;
  for (const char c : rest) high_bits |= static_cast<unsigned char>(c);
  const bool ascii = (high_bits & 0x80) == 0;
  RowCollector collector(parser, options);
  // About 45 bytes a row in the canonical layout: reserve once, not per doubling.
  collector.Reserve(text.size() / 40);
  std::string_view line;
  while (next_line(line, unterminated)) {
    if (Trim(line).empty()) continue;
    if (const size_t bad = ascii ? std::string_view::npos : FindInvalidUtf8(line);
        bad != std::string_view::npos) {
      collector.AddError({line_number, Rule::kNotUtf8,
                          fmt::format("byte 0x{:02x} at column {} is not UTF-8 (files must be "
                                      "UTF-8 or ASCII text)",
                                      static_cast<unsigned char>(line[bad]), bad + 1)});
      continue;
    }
    if (line_number % kRowsPerCancelCheck == 0) TD_RETURN_IF_ERROR(CheckCancel(options));
    SplitFields(line, fields);
    TD_RETURN_IF_ERROR(collector.Add(line_number, fields, unterminated));
  }
  groups = std::move(collector.groups());
  errors_out = std::move(collector.errors());
  return Status::Ok();
}

// ---------------------------------------------------------------- Parquet

std::string QuoteSql(std::string_view text) {
  std::string out = "'";
  for (const char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

Status ReadParquet(const std::filesystem::path& path, const ImportOptions& options,
                   std::vector<Group>& groups, RowErrors& errors_out) {
  if (!std::filesystem::exists(path)) {
    return Error::NotFound("cannot open {}: no such file or folder", path.string());
  }
  const bool dataset = std::filesystem::is_directory(path);
  const std::string source =
      fmt::format("read_parquet({}, hive_partitioning = {}, union_by_name = true)",
                  QuoteSql(dataset ? (path / "**" / "*.parquet").string() : path.string()),
                  dataset ? "true" : "false");
  TD_ASSIGN_OR_RETURN(auto db, DuckDbConnection::Open(":memory:"));
  TD_ASSIGN_OR_RETURN(DuckDbResult described, db->Query("DESCRIBE SELECT * FROM " + source));
  std::vector<std::string> names;
  std::vector<std::string> selects;
  bool epoch_nanos = false;
  while (true) {
    DuckDbChunk chunk(duckdb_fetch_chunk(*described.get()));
    if (!chunk) break;
    for (size_t i = 0; i < chunk.size(); ++i) {
      const std::string name(StringAt(chunk, 0, i));
      const std::string type(StringAt(chunk, 1, i));
      if (dataset && name == "year") continue;  // The partition key, derived from open_time.
      const auto column = ColumnFor(Lower(name));
      std::string quoted = "\"" + name + "\"";
      if ((column == Column::kTimestamp || column == Column::kDate) &&
          type.starts_with("TIMESTAMP")) {
        selects.push_back(fmt::format("CAST(epoch_ns({}) AS VARCHAR)", quoted));
        epoch_nanos = true;
      } else {
        selects.push_back(fmt::format("CAST({} AS VARCHAR)", quoted));
      }
      names.push_back(name);
    }
  }
  std::vector<std::string_view> name_views(names.begin(), names.end());
  TD_ASSIGN_OR_RETURN(
      const RowParser parser,
      RowParser::FromHeader(name_views, options,
                            epoch_nanos ? TimeEncoding::kEpochNanos : TimeEncoding::kText));
  std::string sql = "SELECT ";
  for (size_t i = 0; i < selects.size(); ++i) sql += (i ? ", " : "") + selects[i];
  sql += " FROM " + source;
  TD_ASSIGN_OR_RETURN(DuckDbResult result, db->Query(sql));
  RowCollector collector(parser, options);
  std::vector<std::string_view> fields(names.size());
  int64_t row_number = 0;
  while (true) {
    DuckDbChunk chunk(duckdb_fetch_chunk(*result.get()));
    if (!chunk) break;
    TD_RETURN_IF_ERROR(CheckCancel(options));
    for (size_t r = 0; r < chunk.size(); ++r) {
      ++row_number;
      for (size_t c = 0; c < names.size(); ++c) {
        fields[c] = IsNull(chunk, c, r) ? std::string_view() : StringAt(chunk, c, r);
      }
      TD_RETURN_IF_ERROR(collector.Add(row_number, fields, false));
    }
  }
  groups = std::move(collector.groups());
  errors_out = std::move(collector.errors());
  return Status::Ok();
}

// ---------------------------------------------------------------- series

// The interval whose length is the most common gap between consecutive rows.
std::optional<Interval> IntervalFromSpacing(const std::vector<ParsedRow>& rows) {
  std::map<int64_t, int> counts;
  for (size_t i = 1; i < rows.size() && i < 20000; ++i) {
    const int64_t step = (rows[i].time - rows[i - 1].time).count();
    if (step > 0) ++counts[step];
  }
  if (counts.empty()) return std::nullopt;
  const auto most =
      std::max_element(counts.begin(), counts.end(),
                       [](const auto& a, const auto& b) { return a.second < b.second; });
  const Duration step(most->first);
  const auto whole = [&](auto unit) { return step % unit == Duration(0) ? step / unit : 0; };
  if (const auto n = whole(chr::weeks(1)); n > 0) return Interval::Weeks(static_cast<int>(n));
  if (const auto n = whole(chr::days(1)); n > 0) return Interval::Days(static_cast<int>(n));
  if (const auto n = whole(chr::hours(1)); n > 0) return Interval::Hours(static_cast<int>(n));
  if (const auto n = whole(chr::minutes(1)); n > 0) return Interval::Minutes(static_cast<int>(n));
  if (const auto n = whole(chr::seconds(1)); n > 0) return Interval::Seconds(static_cast<int>(n));
  return std::nullopt;
}

// The step open times must sit on: midnight UTC for days and weeks; for
// intraday intervals the largest step that fits both the interval and the
// half-hour of the 09:30 open (1h bars open at :30).
Duration AlignmentOf(Interval interval) {
  if (interval.is_daily_or_longer()) return chr::days(1);
  const int64_t interval_ns = interval.duration().count();
  return Duration(std::gcd(interval_ns, Duration(chr::minutes(30)).count()));
}

struct Inferred {
  Symbol symbol;
  Interval interval;
};

Result<Symbol> InferSymbol(const Group& group, const std::filesystem::path& path,
                           const ImportOptions& options, std::vector<std::string>& notes) {
  if (options.symbol) return *options.symbol;
  if (!group.symbol.empty()) {
    return Symbol::Parse(group.symbol).WithContext("the symbol column");
  }
  const std::string stem = path.filename().string().substr(0, path.filename().string().find('.'));
  const std::string token = stem.substr(0, stem.find('_'));
  auto symbol = Symbol::Parse(token);
  if (!symbol.ok()) {
    return Error::InvalidArgument(
        "cannot infer the symbol from the file name '{}' ({}): pass --symbol",
        path.filename().string(), symbol.error().message());
  }
  notes.push_back(fmt::format("symbol {} (from the file name)", symbol->str()));
  return symbol;
}

Result<Interval> InferInterval(const Group& group, const std::filesystem::path& path,
                               const ImportOptions& options, std::vector<std::string>& notes) {
  if (options.interval) return *options.interval;
  if (!group.interval.empty()) {
    return Interval::Parse(group.interval).WithContext("the interval column");
  }
  const std::string stem = path.filename().string();
  if (const size_t first = stem.find('_'); first != std::string::npos) {
    const size_t second = stem.find_first_of("_.", first + 1);
    auto named = Interval::Parse(stem.substr(first + 1, second - first - 1));
    if (named.ok()) {
      notes.push_back(fmt::format("interval {} (from the file name)", named->ToString()));
      return named;
    }
  }
  const auto spaced = IntervalFromSpacing(group.rows);
  if (!spaced) {
    return Error::InvalidArgument(
        "cannot infer the interval (the file name does not say and there are too few rows to "
        "measure the spacing): pass --interval");
  }
  notes.push_back(fmt::format("interval {} (from the timestamp spacing)", spaced->ToString()));
  return *spaced;
}

// Stamps, aligns, sorts and de-duplicates one group into a series.
Result<SeriesBars> BuildSeries(Group& group, const std::filesystem::path& path,
                               const ImportOptions& options, RowErrors& errors,
                               std::vector<std::string>& notes) {
  std::vector<ParsedRow>& rows = group.rows;
  const bool sorted = std::is_sorted(rows.begin(), rows.end(),
                                     [](const auto& a, const auto& b) { return a.time < b.time; });
  if (!sorted) {
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& a, const auto& b) { return a.time < b.time; });
  }
  TD_ASSIGN_OR_RETURN(const Symbol symbol, InferSymbol(group, path, options, notes));
  TD_ASSIGN_OR_RETURN(const Interval interval, InferInterval(group, path, options, notes));
  if (!sorted) notes.push_back("rows were not in time order: sorted them");
  SeriesBars series{symbol, interval, {}};
  series.bars.reserve(rows.size());
  const Duration alignment = AlignmentOf(interval);
  const ParsedRow* previous = nullptr;
  bool restamped = false;
  for (ParsedRow& row : rows) {
    if (interval.is_daily_or_longer() && row.midnight_day) {
      const Timestamp stamped = Timestamp(chr::days(*row.midnight_day));
      restamped = restamped || stamped != row.time;
      row.time = stamped;
    }
    if (row.time.time_since_epoch() % alignment != Duration(0)) {
      errors.Add(
          {row.line, Rule::kMisaligned,
           fmt::format("timestamp {} is not aligned to the {} interval (open times must "
                       "fall on whole {} steps{})",
                       FormatTimestamp(row.time), interval.ToString(), FormatDuration(alignment),
                       interval.is_daily_or_longer() ? " at 00:00" : "")});
      continue;
    }
    if (previous != nullptr && previous->time == row.time) {
      errors.Add({row.line, Rule::kDuplicate,
                  fmt::format("timestamp {} repeats line {} (each open time may appear once)",
                              FormatTimestamp(row.time), previous->line)});
      continue;
    }
    series.bars.push_back(
        model::Bar{row.time, row.open, row.high, row.low, row.close, row.volume, 1});
    previous = &row;
  }
  if (restamped) notes.push_back("daily dates stamped at 00:00 UTC of their session date");
  return series;
}

bool IsParquet(const std::filesystem::path& path) {
  return path.extension() == ".parquet" || path.extension() == ".pq" ||
         std::filesystem::is_directory(path);
}

}  // namespace

Result<BarFile> ReadBarFile(const std::filesystem::path& path, const ImportOptions& options) {
  const std::string label = path.string();
  std::vector<Group> groups;
  RowErrors errors;
  const Status read = IsParquet(path) ? ReadParquet(path, options, groups, errors)
                                      : ReadCsv(path, options, groups, errors);
  if (!read.ok()) {
    // Missing files already name themselves; other problems get the file name.
    if (read.error().code() == ErrorCode::kNotFound) return read.error();
    return read.error().WithContext(label);
  }
  BarFile file{path, {}, {}, 0};
  for (Group& group : groups) {
    auto series = BuildSeries(group, path, options, errors, file.notes);
    if (!series.ok()) return std::move(series).error().WithContext(label);
    if (!series->bars.empty()) file.series.push_back(std::move(*series));
  }
  if (errors.count() > 0) {
    if (!options.skip_bad_rows) return errors.ToError(label);
    file.notes.push_back(errors.Summary());
    file.rows_skipped = errors.count();
  }
  if (file.series.empty()) {
    return Error::DataError("{}: no bars to import (the file has a header but no good rows)",
                            label);
  }
  return file;
}

Result<ImportReport> ImportFiles(BarStore& store, std::span<const std::filesystem::path> paths,
                                 const ImportOptions& options) {
  ImportReport report;
  if (paths.empty()) return report;
  // One transaction for every file; file i is written while file i+1 is read
  // on another thread. An error anywhere drops the writer, which rolls back.
  TD_ASSIGN_OR_RETURN(std::unique_ptr<BarWriter> writer, store.BeginWrite());
  const auto read = [&options](const std::filesystem::path& path) {
    return ReadBarFile(path, options);
  };
  std::future<Result<BarFile>> next = std::async(std::launch::async, read, paths[0]);
  for (size_t i = 0; i < paths.size(); ++i) {
    Result<BarFile> file = next.get();
    if (i + 1 < paths.size()) next = std::async(std::launch::async, read, paths[i + 1]);
    if (!file.ok()) return file.error();
    TD_RETURN_IF_ERROR(CheckCancel(options));
    if (!file->notes.empty()) {
      std::string joined;
      for (const std::string& note : file->notes) joined += (joined.empty() ? "" : "; ") + note;
      report.notes.push_back(fmt::format("{}: {}", paths[i].string(), joined));
    }
    report.rows_skipped += file->rows_skipped;
    for (const SeriesBars& series : file->series) {
      TD_RETURN_IF_ERROR(CheckCancel(options));
      TD_RETURN_IF_ERROR(writer->Add(series));
      report.rows_written += static_cast<int64_t>(series.bars.size());
      report.written.push_back(
          SeriesSummary{series.symbol, series.interval, series.bars.front().open_time,
                        series.bars.back().open_time, static_cast<int64_t>(series.bars.size())});
    }
  }
  TD_RETURN_IF_ERROR(CheckCancel(options));
  TD_RETURN_IF_ERROR(writer->Commit());
  return report;
}

}  // namespace tapedeck::store
