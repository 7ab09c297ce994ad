// How far a headless run has got, for `tapedeck run`. On a terminal, one
// line redrawn in place (session date, simulated time, % of the window,
// bars/s, ETA); elsewhere, one plain line per finished session day, which
// depends only on the simulated time, so logs of a backtest compare equal.
// Not thread-safe: the thread that watches the run owns it.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "calendar/session_hours.hpp"
#include "core/timestamp.hpp"

namespace tapedeck::cli {

// What the reporter needs from the engine, read between steps.
struct ProgressSnapshot {
  std::optional<Date> date;  // The session day under way; nullopt before the first.
  Timestamp now{};           // Simulated time.
  int64_t base_bars = 0;
};

enum class ProgressStyle { kBar, kLines, kNone };

// Share of the window done, in [0, 1]: whole days before `snapshot.date`,
// plus the part of its regular hours before `snapshot.now`.
// Requires: `days` in order and not empty.
double ProgressFraction(const std::vector<calendar::SessionHours>& days,
                        const ProgressSnapshot& snapshot);

// "2013-10-09 11:32 EDT  [######------]  43%  1.2M bars/s  ETA 0:03", at most
// `width` columns.
std::string FormatProgressBar(const ProgressSnapshot& snapshot, double fraction,
                              double bars_per_second, std::optional<Duration> eta, size_t width);

class ProgressReporter {
 public:
  // `wall_start`: when the run started, for bars/s and the ETA.
  ProgressReporter(ProgressStyle style, std::ostream& out, std::vector<calendar::SessionHours> days,
                   Timestamp wall_start);

  // Redraws the bar (at most every 100 ms of wall time) or prints a line for
  // each day finished since the last update.
  void Update(const ProgressSnapshot& snapshot, Timestamp wall_now);
  // The run is over: clears the bar, and prints the lines of the days left
  // when it `finished` (a stopped run says where it stopped instead).
  void Finish(const ProgressSnapshot& snapshot, bool finished);

 private:
  void PrintDaysBefore(size_t end);

  ProgressStyle style_;
  std::ostream& out_;
  std::vector<calendar::SessionHours> days_;
  Timestamp wall_start_;
  std::optional<Timestamp> last_draw_;
  size_t days_reported_ = 0;
  bool drawn_ = false;
};

}  // namespace tapedeck::cli
