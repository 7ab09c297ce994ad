// A bar interval: a count and a unit (s, m, h, d, w), written "5m". Intervals
// order by duration. The base intervals (1s, 1m, 1d) are the ones a store or
// a feed streams; every other interval is derived from one of them.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.hpp"
#include "core/timestamp.hpp"

namespace tapedeck::model {

enum class IntervalUnit : uint8_t { kSecond, kMinute, kHour, kDay, kWeek };

class Interval {
 public:
  static constexpr Interval Seconds(int n) { return {n, IntervalUnit::kSecond}; }
  static constexpr Interval Minutes(int n) { return {n, IntervalUnit::kMinute}; }
  static constexpr Interval Hours(int n) { return {n, IntervalUnit::kHour}; }
  static constexpr Interval Days(int n) { return {n, IntervalUnit::kDay}; }
  static constexpr Interval Weeks(int n) { return {n, IntervalUnit::kWeek}; }

  // Parses "<n><unit>" with n ≥ 1 and unit one of s, m, h, d, w ("1m", "15m",
  // "1d"). Errors say what is wrong ("0m": count must be at least 1).
  static Result<Interval> Parse(std::string_view text);

  int count() const { return count_; }
  IntervalUnit unit() const { return unit_; }
  // Nominal length: 1d is 24 h and 1w is 7 d (sessions are cut by the calendar).
  constexpr Duration duration() const {
    switch (unit_) {
      case IntervalUnit::kSecond:
        return std::chrono::seconds(count_);
      case IntervalUnit::kMinute:
        return std::chrono::minutes(count_);
      case IntervalUnit::kHour:
        return std::chrono::hours(count_);
      case IntervalUnit::kDay:
        return std::chrono::days(count_);
      case IntervalUnit::kWeek:
        return std::chrono::weeks(count_);
    }
    return Duration(0);
  }
  // 1s, 1m or 1d: what a store or feed streams.
  bool is_base() const {
    return count_ == 1 && unit_ != IntervalUnit::kHour && unit_ != IntervalUnit::kWeek;
  }
  // Days and weeks: one bar per session or per calendar week.
  bool is_daily_or_longer() const {
    return unit_ == IntervalUnit::kDay || unit_ == IntervalUnit::kWeek;
  }
  std::string ToString() const;

  // Orders by duration, then by unit so that 60m and 1h stay distinct.
  friend std::strong_ordering operator<=>(const Interval& a, const Interval& b) {
    if (auto c = a.duration() <=> b.duration(); c != 0) return c;
    return a.unit_ <=> b.unit_;
  }
  friend bool operator==(const Interval& a, const Interval& b) = default;

 private:
  constexpr Interval(int count, IntervalUnit unit) : count_(count), unit_(unit) {}
  int count_;
  IntervalUnit unit_;
};

}  // namespace tapedeck::model
