#include "core/timestamp.hpp"

#include <fmt/format.h>

namespace tapedeck {
namespace {

namespace chr = std::chrono;

// Reads exactly `count` digits at `pos`; nullopt if any is not a digit.
std::optional<int> ReadDigits(std::string_view text, size_t pos, size_t count) {
  if (pos + count > text.size()) return std::nullopt;
  int value = 0;
  for (size_t i = pos; i < pos + count; ++i) {
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  return value;
}

Error BadDateTime(std::string_view text, std::string_view rule) {
  return Error::InvalidArgument("'{}' is not an ISO-8601 date-time: {}", text, rule);
}

Result<Date> ParseDatePart(std::string_view text, std::string_view whole) {
  const auto year = ReadDigits(text, 0, 4);
  const auto month = ReadDigits(text, 5, 2);
  const auto day = ReadDigits(text, 8, 2);
  if (text.size() < 10 || !year || !month || !day || text[4] != '-' || text[7] != '-') {
    return BadDateTime(whole, "expected a date YYYY-MM-DD");
  }
  const Date date{chr::year(*year), chr::month(static_cast<unsigned>(*month)),
                  chr::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return BadDateTime(whole, "no such calendar day");
  return date;
}

}  // namespace

Result<ParsedDateTime> ParseIsoDateTime(std::string_view text) {
  TD_ASSIGN_OR_RETURN(const Date date, ParseDatePart(text, text));
  ParsedDateTime parsed;
  parsed.local = LocalTime(chr::local_days(date).time_since_epoch());
  if (text.size() == 10) return parsed;
  if (text[10] != 'T' && text[10] != ' ') {
    return BadDateTime(text, "expected 'T' or a space after the date");
  }
  const auto hour = ReadDigits(text, 11, 2);
  const auto minute = ReadDigits(text, 14, 2);
  if (!hour || !minute || text[13] != ':') return BadDateTime(text, "expected a time HH:MM");
  if (*hour > 23 || *minute > 59) return BadDateTime(text, "hour or minute out of range");
  size_t pos = 16;
  int second = 0;
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == ':') {
    const auto s = ReadDigits(text, pos + 1, 2);
    if (!s || *s > 59) return BadDateTime(text, "expected seconds 00-59 after HH:MM:");
    second = *s;
    pos += 3;
    if (pos < text.size() && (text[pos] == '.' || text[pos] == ',')) {
      ++pos;
      int digits = 0;
      while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
        if (++digits > 9) return BadDateTime(text, "more than 9 fraction digits");
        nanos = nanos * 10 + (text[pos] - '0');
        ++pos;
      }
      if (digits == 0) return BadDateTime(text, "expected digits after the decimal point");
      for (int i = digits; i < 9; ++i) nanos *= 10;
    }
  }
  parsed.has_time = true;
  parsed.local +=
      chr::hours(*hour) + chr::minutes(*minute) + chr::seconds(second) + Duration(nanos);
  if (pos == text.size()) return parsed;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    if (pos + 1 != text.size()) return BadDateTime(text, "unexpected text after 'Z'");
    parsed.utc_offset = Duration(0);
    return parsed;
  }
  if (text[pos] != '+' && text[pos] != '-') {
    return BadDateTime(text, "expected 'Z' or an offset like +05:00 after the time");
  }
  const int sign = text[pos] == '-' ? -1 : 1;
  const std::string_view zone = text.substr(pos + 1);
  std::optional<int> offset_hours = ReadDigits(zone, 0, 2);
  std::optional<int> offset_minutes = 0;
  if (zone.size() == 5 && zone[2] == ':') {
    offset_minutes = ReadDigits(zone, 3, 2);
  } else if (zone.size() == 4) {
    offset_minutes = ReadDigits(zone, 2, 2);
  } else if (zone.size() != 2) {
    offset_hours.reset();
  }
  if (!offset_hours || !offset_minutes || *offset_hours > 23 || *offset_minutes > 59) {
    return BadDateTime(text, "offset must look like +HH:MM, +HHMM or +HH");
  }
  parsed.utc_offset = sign * (chr::hours(*offset_hours) + chr::minutes(*offset_minutes));
  return parsed;
}

Result<Timestamp> ParseTimestamp(std::string_view text) {
  TD_ASSIGN_OR_RETURN(const ParsedDateTime parsed, ParseIsoDateTime(text));
  if (!parsed.has_time) return Timestamp(parsed.local.time_since_epoch());
  if (!parsed.utc_offset) {
    return BadDateTime(text, "no time zone: add 'Z' for UTC or an offset like -04:00");
  }
  return Timestamp(parsed.local.time_since_epoch() - *parsed.utc_offset);
}

std::string FormatDateTime(LocalTime local, char separator) {
  const auto day = chr::floor<chr::days>(local);
  const Date date{chr::sys_days(day.time_since_epoch())};
  const chr::hh_mm_ss<Duration> time(local - day);
  std::string out =
      fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}", static_cast<int>(date.year()),
                  static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), separator,
                  time.hours().count(), time.minutes().count(), time.seconds().count());
  int64_t fraction = time.subseconds().count();
  if (fraction != 0) {
    int digits = 9;
    while (fraction % 10 == 0) {
      fraction /= 10;
      --digits;
    }
    out += fmt::format(".{:0{}}", fraction, digits);
  }
  return out;
}

std::string FormatTimestamp(Timestamp t) {
  return FormatDateTime(LocalTime(t.time_since_epoch()), 'T') + 'Z';
}

Result<Date> ParseDate(std::string_view text) {
  if (text.size() != 10) {
    return Error::InvalidArgument("'{}' is not a date: expected YYYY-MM-DD", text);
  }
  auto date = ParseDatePart(text, text);
  if (!date.ok()) {
    return Error::InvalidArgument("'{}' is not a date: expected YYYY-MM-DD (a real calendar day)",
                                  text);
  }
  return date;
}

std::string FormatDate(Date date) {
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
}

Timestamp StartOfDayUtc(Date date) { return Timestamp(chr::sys_days(date).time_since_epoch()); }

Date UtcDate(Timestamp t) { return Date(chr::floor<chr::days>(t)); }

std::string FormatDuration(Duration d) {
  if (d == Duration(0)) return "0s";
  std::string out = d < Duration(0) ? "-" : "";
  auto rest = d < Duration(0) ? -d : d;
  const auto days = chr::duration_cast<chr::days>(rest);
  rest -= days;
  const auto hours = chr::duration_cast<chr::hours>(rest);
  rest -= hours;
  const auto minutes = chr::duration_cast<chr::minutes>(rest);
  rest -= minutes;
  const auto seconds = chr::duration_cast<chr::seconds>(rest);
  rest -= seconds;
  if (days.count()) out += fmt::format("{}d", days.count());
  if (hours.count()) out += fmt::format("{}h", hours.count());
  if (minutes.count()) out += fmt::format("{}m", minutes.count());
  if (seconds.count()) out += fmt::format("{}s", seconds.count());
  if (rest.count()) out += fmt::format("{}ns", rest.count());
  return out;
}

}  // namespace tapedeck
