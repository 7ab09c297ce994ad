// Closures and early closes announced after a release, read from a JSON file
// so that they take effect without a rebuild:
//
//   {"closures":     [{"date": "2030-01-02", "reason": "national day of mourning"}],
//    "early_closes": [{"date": "2030-07-02", "close": "13:00", "reason": "..."}]}
//
// "close" is New York time and defaults to 13:00; "comment" keys are allowed
// anywhere and ignored. Parsing checks the form only (dates, times, keys);
// TradingCalendar::ApplyOverrides checks them against the schedule. Pure
// functions; safe from any thread.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"
#include "core/timestamp.hpp"

namespace tapedeck::calendar {

struct OverrideDay {
  Date date{};
  Duration close{};  // New York time since midnight; early closes only.
  std::string reason;
  std::string json_path;  // Where it came from, for messages: "early_closes[0]".
};

struct CalendarOverrides {
  std::string source;  // The file (or other origin) named in error messages.
  std::vector<OverrideDay> closures;
  std::vector<OverrideDay> early_closes;
};

// Errors name `source` and the JSON path: "f.json: early_closes[1].close: ...".
Result<CalendarOverrides> ParseCalendarOverrides(std::string_view json_text,
                                                 std::string_view source);

// Reads and parses a file; errors name the path.
Result<CalendarOverrides> LoadCalendarOverrides(const std::filesystem::path& path);

}  // namespace tapedeck::calendar
