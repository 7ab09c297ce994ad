#include "calendar/calendar_overrides.hpp"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace tapedeck::calendar {
namespace {

using nlohmann::json;

constexpr Duration kDefaultEarlyClose = std::chrono::hours(13);

Error AtPath(std::string_view source, std::string_view json_path, const std::string& message) {
  return Error::DataError("{}: {}: {}", source, json_path, message);
}

std::string Shown(const json& value) {
  std::string text = value.dump();
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

// "HH:MM", 00:00..23:59.
Result<Duration> ParseClock(std::string_view text) {
  const auto digit = [&](size_t i) { return text[i] >= '0' && text[i] <= '9'; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return Error::InvalidArgument("\"{}\" is not a time: expected HH:MM (New York time)", text);
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) {
    return Error::InvalidArgument("\"{}\" is not a time: hour or minute out of range", text);
  }
  return Duration(std::chrono::hours(hours) + std::chrono::minutes(minutes));
}

Result<std::vector<OverrideDay>> ParseDays(const json& list, std::string_view key,
                                           std::string_view source, bool early) {
  std::vector<OverrideDay> days;
  if (!list.is_array()) {
    return AtPath(source, key,
                  fmt::format("expected a list of {{\"date\": ..., \"reason\": ...}}, "
                              "got {}",
                              Shown(list)));
  }
  for (size_t i = 0; i < list.size(); ++i) {
    const json& entry = list[i];
    OverrideDay day;
    day.json_path = fmt::format("{}[{}]", key, i);
    day.close = kDefaultEarlyClose;
    if (!entry.is_object()) {
      return AtPath(source, day.json_path, fmt::format("expected an object, got {}", Shown(entry)));
    }
    for (const auto& [name, value] : entry.items()) {
      const std::string path = fmt::format("{}.{}", day.json_path, name);
      if (name == "comment") continue;
      if (name == "date") {
        if (!value.is_string()) {
          return AtPath(source, path, fmt::format("expected \"YYYY-MM-DD\", got {}", Shown(value)));
        }
        Result<Date> date = ParseDate(value.get<std::string>());
        if (!date.ok()) return AtPath(source, path, date.error().message());
        day.date = *date;
      } else if (name == "reason") {
        if (!value.is_string() || value.get<std::string>().empty()) {
          return AtPath(source, path,
                        fmt::format("expected a non-empty text, got {}", Shown(value)));
        }
        day.reason = value.get<std::string>();
      } else if (name == "close" && early) {
        if (!value.is_string()) {
          return AtPath(source, path, fmt::format("expected \"HH:MM\", got {}", Shown(value)));
        }
        Result<Duration> close = ParseClock(value.get<std::string>());
        if (!close.ok()) return AtPath(source, path, close.error().message());
        day.close = *close;
      } else {
        return AtPath(source, path,
                      fmt::format("unknown key; expected {}",
                                  early ? "date, close, reason" : "date, reason"));
      }
    }
    if (!entry.contains("date")) return AtPath(source, day.json_path, "missing \"date\"");
    if (!entry.contains("reason")) return AtPath(source, day.json_path, "missing \"reason\"");
    days.push_back(std::move(day));
  }
  return days;
}

}  // namespace

Result<CalendarOverrides> ParseCalendarOverrides(std::string_view json_text,
                                                 std::string_view source) {
  json root;
  try {  // The JSON library throws; its exceptions end here, at the edge.
    root = json::parse(json_text);
  } catch (const json::exception& e) {
    return Error::DataError("{}: not valid JSON: {}", source, e.what());
  }
  if (!root.is_object()) {
    return Error::DataError(
        "{}: expected an object with \"closures\" and/or \"early_closes\", got {}", source,
        Shown(root));
  }
  CalendarOverrides overrides;
  overrides.source = std::string(source);
  for (const auto& [key, value] : root.items()) {
    if (key == "comment") continue;
    if (key == "closures") {
      TD_ASSIGN_OR_RETURN(overrides.closures, ParseDays(value, key, source, /*early=*/false));
    } else if (key == "early_closes") {
      TD_ASSIGN_OR_RETURN(overrides.early_closes, ParseDays(value, key, source, /*early=*/true));
    } else {
      return AtPath(source, key, "unknown key; expected closures, early_closes");
    }
  }
  return overrides;
}

Result<CalendarOverrides> LoadCalendarOverrides(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return Error::NotFound("calendar overrides {}: cannot open the file", path.string());
  }
  std::ostringstream text;
  text << file.rdbuf();
  if (file.bad()) return Error::IoError("calendar overrides {}: read failed", path.string());
  return ParseCalendarOverrides(text.str(), path.string());
}

}  // namespace tapedeck::calendar
