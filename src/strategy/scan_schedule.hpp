// When a scanner runs: before the open (`pre_session`) and at fixed New York
// times in regular hours (`regular_session`: windows of start, end and
// interval), as the predecessor's config writes it. Pure values; safe from any
// thread.
#pragma once

#include <nlohmann/json.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "calendar/session_hours.hpp"
#include "core/status.hpp"
#include "core/timestamp.hpp"

namespace tapedeck::strategy {

struct ScanWindow {
  std::chrono::minutes start{};  // Since New York midnight.
  std::chrono::minutes end{};    // Inclusive; >= start.
  std::chrono::minutes every{};  // 0: only at start.
};

struct ScanSchedule {
  bool pre_session = false;
  std::vector<ScanWindow> windows;

  // Today's regular-session scan times, ascending and distinct: every
  // start + k·every up to end, kept when inside [open, close].
  std::vector<Timestamp> TimesOn(const calendar::SessionHours& hours) const;
};

// Reads `pre_session` and `regular_session` of a scanner entry (`path` is the
// entry's JSON path). Errors name the key: `scanners[0].regular_session[1].start:
// "9:75" is not a time "HH:MM"`. Every error goes to `errors`.
ScanSchedule ParseScanSchedule(const nlohmann::ordered_json& entry, const std::string& path,
                               std::vector<std::string>& errors);

}  // namespace tapedeck::strategy
