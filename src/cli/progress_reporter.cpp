#include "cli/progress_reporter.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "calendar/zone.hpp"

namespace tapedeck::cli {
namespace {

namespace chr = std::chrono;

// Redraws per second at most, so a fast run does not spend its time drawing.
constexpr Duration kRedrawInterval = chr::milliseconds(100);

std::string Rate(double per_second) {
  if (per_second >= 1e6) return fmt::format("{:.1f}M", per_second / 1e6);
  if (per_second >= 1e3) return fmt::format("{:.1f}k", per_second / 1e3);
  return fmt::format("{:.0f}", per_second);
}

std::string Clock(Duration d) {
  const auto seconds = chr::duration_cast<chr::seconds>(d).count();
  if (seconds >= 3600) {
    return fmt::format("{}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
  }
  return fmt::format("{}:{:02}", seconds / 60, seconds % 60);
}

size_t DayIndex(const std::vector<calendar::SessionHours>& days, Date date) {
  const auto it = std::ranges::lower_bound(days, date, {}, &calendar::SessionHours::date);
  return static_cast<size_t>(it - days.begin());
}

}  // namespace

double ProgressFraction(const std::vector<calendar::SessionHours>& days,
                        const ProgressSnapshot& snapshot) {
  if (days.empty() || !snapshot.date) return 0.0;
  const size_t index = DayIndex(days, *snapshot.date);
  if (index >= days.size()) return 1.0;
  const calendar::SessionHours& hours = days[index];
  const double length = chr::duration<double>(hours.close - hours.open).count();
  const double done = chr::duration<double>(snapshot.now - hours.open).count();
  const double within = length > 0 ? std::clamp(done / length, 0.0, 1.0) : 0.0;
  return (static_cast<double>(index) + within) / static_cast<double>(days.size());
}

std::string FormatProgressBar(const ProgressSnapshot& snapshot, double fraction,
                              double bars_per_second, std::optional<Duration> eta, size_t width) {
  std::string when = "loading";
  if (snapshot.date) {
    const std::string full = calendar::NewYork().Format(snapshot.now);  // "… 09:30:00 EDT"
    when = full.size() >= 20 ? full.substr(0, 16) + full.substr(19) : full;
  }
  const int percent = static_cast<int>(fraction * 100.0);
  const std::string tail = fmt::format("  {:3}%  {} bars/s  ETA {}", percent, Rate(bars_per_second),
                                       eta ? Clock(*eta) : "–");
  const size_t fixed = when.size() + tail.size() + 4;
  const size_t bar_width = width > fixed + 10 ? std::min<size_t>(width - fixed, 30) : 10;
  const auto filled = static_cast<size_t>(fraction * static_cast<double>(bar_width));
  return fmt::format("{}  [{}{}]{}", when, std::string(filled, '#'),
                     std::string(bar_width - filled, '-'), tail);
}

ProgressReporter::ProgressReporter(ProgressStyle style, std::ostream& out,
                                   std::vector<calendar::SessionHours> days, Timestamp wall_start)
    : style_(style), out_(out), days_(std::move(days)), wall_start_(wall_start) {}

void ProgressReporter::PrintDaysBefore(size_t end) {
  for (; days_reported_ < end && days_reported_ < days_.size(); ++days_reported_) {
    out_ << fmt::format("session {} done ({} of {})\n", FormatDate(days_[days_reported_].date),
                        days_reported_ + 1, days_.size());
  }
  out_.flush();
}

void ProgressReporter::Update(const ProgressSnapshot& snapshot, Timestamp wall_now) {
  if (style_ == ProgressStyle::kNone || !snapshot.date) return;
  if (style_ == ProgressStyle::kLines) {
    PrintDaysBefore(DayIndex(days_, *snapshot.date));
    return;
  }
  if (last_draw_ && wall_now - *last_draw_ < kRedrawInterval) return;
  last_draw_ = wall_now;
  const double fraction = ProgressFraction(days_, snapshot);
  const double elapsed = chr::duration<double>(wall_now - wall_start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(snapshot.base_bars) / elapsed : 0.0;
  std::optional<Duration> eta;
  if (fraction > 0.01 && elapsed > 0) {
    eta = chr::duration_cast<Duration>(chr::duration<double>(elapsed * (1 - fraction) / fraction));
  }
  // \r and "erase to the end of the line": the bar is redrawn in place.
  out_ << '\r' << FormatProgressBar(snapshot, fraction, rate, eta, 80) << "\033[K";
  out_.flush();
  drawn_ = true;
}

void ProgressReporter::Finish(const ProgressSnapshot& snapshot, bool finished) {
  if (style_ == ProgressStyle::kNone) return;
  if (drawn_) out_ << "\r\033[K";
  if (style_ == ProgressStyle::kLines) {
    PrintDaysBefore(finished ? days_.size()
                             : (snapshot.date ? DayIndex(days_, *snapshot.date) : 0));
  }
  if (!finished) {
    out_ << fmt::format("stopped at {}\n", snapshot.date ? calendar::NewYork().Format(snapshot.now)
                                                         : std::string("the start"));
  }
  out_.flush();
}

}  // namespace tapedeck::cli
