// Helpers for the aggregate and quality tests only: canonical CSV files and
// New York session windows built by hand (aggregate/ may not include
// calendar/ or store/, and tools/check_layering.py holds its tests to that
// too). Test files wrap ReadCsvBars with testkit::SourceDir().
#pragma once

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include "core/check.hpp"
#include "core/timestamp.hpp"
#include "model/bar.hpp"
#include "model/session_window.hpp"

namespace tapedeck::aggregate::testing {

inline Timestamp T(std::string_view iso) { return *ParseTimestamp(iso); }

// Bars of a CSV file in the canonical layout
// (timestamp,open,high,low,close,volume), in file order.
inline std::vector<model::Bar> ReadCsvBars(const std::filesystem::path& path) {
  std::ifstream in(path);
  TD_CHECK(in.good(), "cannot open {}", path.string());
  std::vector<model::Bar> bars;
  std::string line;
  std::getline(in, line);  // Header.
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> fields;
    size_t from = 0;
    for (size_t comma = line.find(','); comma != std::string::npos; comma = line.find(',', from)) {
      fields.push_back(line.substr(from, comma - from));
      from = comma + 1;
    }
    fields.push_back(line.substr(from));
    TD_CHECK(fields.size() == 6, "bad line {}", line);
    model::Bar bar;
    bar.open_time = T(fields[0]);
    bar.open = std::strtod(fields[1].c_str(), nullptr);
    bar.high = std::strtod(fields[2].c_str(), nullptr);
    bar.low = std::strtod(fields[3].c_str(), nullptr);
    bar.close = std::strtod(fields[4].c_str(), nullptr);
    bar.volume = std::strtod(fields[5].c_str(), nullptr);
    bars.push_back(bar);
  }
  return bars;
}

// The NYSE session on `date` (YYYY-MM-DD) with New York at UTC`utc_offset`
// hours (-4 in summer, -5 in winter): 04:00 / 09:30 / 16:00 / 20:00, or 13:00
// and 17:00 on an early close; as calendar::TradingCalendar::Window gives.
inline model::SessionWindow NyWindow(std::string_view date, int utc_offset, bool last_of_week,
                                     bool early_close = false) {
  using std::chrono::hours;
  using std::chrono::minutes;
  model::SessionWindow window;
  window.date = *ParseDate(date);
  const Timestamp midnight_ny = StartOfDayUtc(window.date) - hours(utc_offset);
  window.pre_market_open = midnight_ny + hours(4);
  window.open = midnight_ny + hours(9) + minutes(30);
  window.close = midnight_ny + hours(early_close ? 13 : 16);
  window.after_hours_close = midnight_ny + hours(early_close ? 17 : 20);
  window.last_of_week = last_of_week;
  return window;
}

// 2013-10-07 (Monday) to 2013-10-11, the week of the 2013 sample files.
inline std::vector<model::SessionWindow> SampleWeek2013() {
  std::vector<model::SessionWindow> windows;
  for (const char* date : {"2013-10-07", "2013-10-08", "2013-10-09", "2013-10-10"}) {
    windows.push_back(NyWindow(date, -4, false));
  }
  windows.push_back(NyWindow("2013-10-11", -4, true));
  return windows;
}

// Bars with open time in [from, to).
inline std::vector<model::Bar> BarsBetween(const std::vector<model::Bar>& bars, Timestamp from,
                                           Timestamp to) {
  std::vector<model::Bar> out;
  for (const model::Bar& bar : bars) {
    if (bar.open_time >= from && bar.open_time < to) out.push_back(bar);
  }
  return out;
}

}  // namespace tapedeck::aggregate::testing
