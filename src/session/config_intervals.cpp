#include "session/config_intervals.hpp"

#include <fmt/core.h>

#include <algorithm>

namespace tapedeck::session::internal {

using model::Interval;
using model::IntervalUnit;

Interval ChooseBase(std::span<const Interval> streams) {
  std::optional<Interval> base;
  for (const Interval stream : streams) {
    if (stream.is_base() && (!base || stream < *base)) base = stream;
  }
  if (base) return *base;
  const Interval smallest = *std::ranges::min_element(streams);
  switch (smallest.unit()) {
    case IntervalUnit::kSecond:
      return Interval::Seconds(1);
    case IntervalUnit::kMinute:
    case IntervalUnit::kHour:
      return Interval::Minutes(1);
    case IntervalUnit::kDay:
    case IntervalUnit::kWeek:
      return Interval::Days(1);
  }
  return Interval::Minutes(1);
}

std::optional<std::string> WhyNotDerivable(Interval base, Interval target) {
  if (target == base) return std::nullopt;
  if (target.unit() == IntervalUnit::kDay || target.unit() == IntervalUnit::kWeek) {
    if (target.count() != 1) {
      return std::string("multi-day and multi-week intervals are not supported; use 1d or 1w");
    }
    return std::nullopt;  // One bar per session or week, from any base (1w chains via 1d).
  }
  if (base.is_daily_or_longer()) {
    return fmt::format("an intraday interval cannot be built from {} bars", base.ToString());
  }
  if (target < base) return std::string("it is finer than the base interval");
  if (target.duration() % base.duration() != Duration::zero()) {
    return fmt::format("it is not a multiple of {}", base.ToString());
  }
  return std::nullopt;
}

}  // namespace tapedeck::session::internal
