#include "strategy/scan_schedule.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "calendar/zone.hpp"
#include "model/interval.hpp"

namespace tapedeck::strategy {
namespace {

using Json = nlohmann::ordered_json;

std::optional<std::chrono::minutes> ParseClock(const Json& value, const std::string& path,
                                               std::vector<std::string>& errors) {
  const std::string shown = value.dump();
  if (value.is_string()) {
    const std::string& text = value.get_ref<const std::string&>();
    int hours = -1;
    int minutes = -1;
    char colon = 0;
    if (text.size() == 5 && std::sscanf(text.c_str(), "%2d%c%2d", &hours, &colon, &minutes) == 3 &&
        colon == ':' && hours >= 0 && hours < 24 && minutes >= 0 && minutes < 60) {
      return std::chrono::hours(hours) + std::chrono::minutes(minutes);
    }
  }
  errors.push_back(fmt::format("{}: {} is not a New York time \"HH:MM\"", path, shown));
  return std::nullopt;
}

}  // namespace

std::vector<Timestamp> ScanSchedule::TimesOn(const calendar::SessionHours& hours) const {
  std::vector<Timestamp> times;
  const auto midnight =
      std::chrono::floor<std::chrono::days>(calendar::NewYork().ToLocal(hours.open));
  for (const ScanWindow& window : windows) {
    for (auto at = window.start; at <= window.end; at += window.every) {
      const Result<Timestamp> utc = calendar::NewYork().ToUtc(midnight + at);
      if (utc.ok() && *utc >= hours.open && *utc <= hours.close) times.push_back(*utc);
      if (window.every.count() == 0) break;
    }
  }
  std::ranges::sort(times);
  times.erase(std::unique(times.begin(), times.end()), times.end());
  return times;
}

ScanSchedule ParseScanSchedule(const Json& entry, const std::string& path,
                               std::vector<std::string>& errors) {
  ScanSchedule schedule;
  if (entry.contains("pre_session")) {
    const Json& value = entry["pre_session"];
    if (value.is_boolean()) {
      schedule.pre_session = value.get<bool>();
    } else {
      errors.push_back(
          fmt::format("{}.pre_session: expected true or false, got {}", path, value.dump()));
    }
  }
  if (!entry.contains("regular_session") || entry["regular_session"].is_null()) return schedule;
  const Json& windows = entry["regular_session"];
  const std::string windows_path = path + ".regular_session";
  if (!windows.is_array()) {
    errors.push_back(
        fmt::format("{}: expected a list of {{\"start\", \"end\", \"interval\"}}, got {}",
                    windows_path, windows.dump()));
    return schedule;
  }
  for (size_t i = 0; i < windows.size(); ++i) {
    const std::string item = fmt::format("{}[{}]", windows_path, i);
    const Json& window = windows[i];
    if (!window.is_object()) {
      errors.push_back(
          fmt::format("{}: expected an object {{\"start\", \"end\", \"interval\"}}, got {}", item,
                      window.dump()));
      continue;
    }
    for (const auto& [key, value] : window.items()) {
      if (key != "start" && key != "end" && key != "interval") {
        errors.push_back(
            fmt::format("{}.{}: unknown key (expected start, end, interval)", item, key));
      }
    }
    if (!window.contains("start")) {
      errors.push_back(fmt::format("{}.start: missing required key (a time \"HH:MM\")", item));
      continue;
    }
    const auto start = ParseClock(window["start"], item + ".start", errors);
    const auto end =
        window.contains("end") ? ParseClock(window["end"], item + ".end", errors) : start;
    std::chrono::minutes every{0};
    bool ok = start && end;
    if (window.contains("interval")) {
      const Json& value = window["interval"];
      const Result<model::Interval> interval =
          value.is_string() ? model::Interval::Parse(value.get<std::string>())
                            : Result<model::Interval>(
                                  Error::InvalidArgument("expected an interval such as \"5m\""));
      if (!interval.ok()) {
        errors.push_back(
            fmt::format("{}.interval: {}: {}", item, value.dump(), interval.error().message()));
        ok = false;
      } else if (interval->duration() < std::chrono::minutes(1) ||
                 interval->duration() > std::chrono::hours(24) ||
                 interval->duration() % std::chrono::minutes(1) != Duration(0)) {
        errors.push_back(
            fmt::format("{}.interval: {} must be whole minutes, 1m to 1d", item, value.dump()));
        ok = false;
      } else {
        every = std::chrono::duration_cast<std::chrono::minutes>(interval->duration());
      }
    } else if (start && end && *end != *start) {
      errors.push_back(
          fmt::format("{}.interval: missing (needed when end differs from start)", item));
      ok = false;
    }
    if (ok && *end < *start) {
      errors.push_back(fmt::format("{}.end: {} is before start {}", item, window["end"].dump(),
                                   window["start"].dump()));
      ok = false;
    }
    if (ok) schedule.windows.push_back(ScanWindow{*start, *end, every});
  }
  return schedule;
}

}  // namespace tapedeck::strategy
