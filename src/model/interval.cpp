#include "model/interval.hpp"

#include <fmt/core.h>

#include <charconv>

namespace tapedeck::model {
namespace {
// Largest count per unit: a week of seconds, minutes or hours; a year of days.
constexpr int kMaxCount = 604800;
}  // namespace

Result<Interval> Interval::Parse(std::string_view text) {
  const auto bad = [&](std::string_view rule) {
    return Error::InvalidArgument("\"{}\" is not an interval: {}", text, rule);
  };
  if (text.empty()) return bad("it is empty; write <n><unit> such as 1m, 5m, 1h or 1d");
  if (text == "ticks" || text == "tick") {
    return bad(
        "tick data is not supported; streams are bars of 1s, 1m or 1d and intervals derived from "
        "them");
  }
  if (text.front() == '-')
    return bad("count must be at least 1 (negative intervals make no sense)");
  size_t digits = 0;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == 0) return bad("expected a count first, as in 5m");
  int count = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + digits, count);
  if (ec != std::errc() || end != text.data() + digits || count > kMaxCount) {
    return bad("count is too large");
  }
  if (count == 0) return bad("count must be at least 1");
  const std::string_view unit = text.substr(digits);
  if (unit.size() != 1) {
    return bad(unit.empty() ? "a unit must follow the count: one of s, m, h, d, w"
                            : "unit must be one of s, m, h, d, w");
  }
  switch (unit[0]) {
    case 's':
      return Seconds(count);
    case 'm':
      return Minutes(count);
    case 'h':
      return Hours(count);
    case 'd':
      return Days(count);
    case 'w':
      return Weeks(count);
    default:
      return bad("unit must be one of s, m, h, d, w");
  }
}

std::string Interval::ToString() const {
  static constexpr char kUnits[] = {'s', 'm', 'h', 'd', 'w'};
  return fmt::format("{}{}", count_, kUnits[static_cast<int>(unit_)]);
}

}  // namespace tapedeck::model
