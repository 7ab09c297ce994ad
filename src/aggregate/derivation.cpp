#include "aggregate/derivation.hpp"

#include <chrono>

namespace tapedeck::aggregate {
namespace {

using model::Interval;
using model::IntervalUnit;

Error CannotDerive(Interval base, Interval derived, std::string_view why) {
  return Error::InvalidArgument("\"{}\" cannot be derived from a {} base: {}", derived.ToString(),
                                base.ToString(), why);
}

}  // namespace

Result<DerivationKind> CheckDerivationStep(Interval base, Interval derived) {
  if (!base.is_base()) {
    return CannotDerive(base, derived,
                        fmt::format("{} is not a base interval (1s, 1m or 1d)", base.ToString()));
  }
  if (derived == base) return CannotDerive(base, derived, "it is the base itself");
  if (derived.unit() == IntervalUnit::kWeek) {
    if (derived.count() != 1) {
      return CannotDerive(base, derived, "of the weekly intervals only 1w is supported");
    }
    if (base != Interval::Days(1)) {
      return CannotDerive(base, derived,
                          "1w is derived from 1d; derive 1d first (MultiAggregator chains them)");
    }
    return DerivationKind::kWeekly;
  }
  if (derived.unit() == IntervalUnit::kDay) {
    if (derived.count() != 1) {
      return CannotDerive(base, derived, "of the daily intervals only 1d is supported");
    }
    return DerivationKind::kDaily;  // base is 1s or 1m here (1d == base was caught above).
  }
  if (base.is_daily_or_longer()) {
    return CannotDerive(base, derived, fmt::format("it is shorter than {}", base.ToString()));
  }
  if (derived.duration() % base.duration() != Duration(0)) {
    return CannotDerive(base, derived,
                        fmt::format("it is not a whole multiple of {}", base.ToString()));
  }
  return DerivationKind::kIntraday;
}

Status CheckDerivable(Interval base, Interval derived) {
  if (derived == Interval::Weeks(1) && base.is_base() && !base.is_daily_or_longer()) {
    return Status::Ok();  // Chained: base → 1d → 1w.
  }
  return CheckDerivationStep(base, derived).status();
}

int SessionSpans(const model::SessionWindow& window, DerivationKind kind, bool extended_hours,
                 std::array<SessionSpan, 3>& spans) {
  int count = 0;
  const auto add = [&](Timestamp start, Timestamp end) {
    if (start < end) spans[static_cast<size_t>(count++)] = {start, end};
  };
  if (!extended_hours) {
    add(window.open, window.close);
  } else if (kind == DerivationKind::kIntraday) {
    add(window.pre_market_open, window.open);
    add(window.open, window.close);
    add(window.close, window.after_hours_close);
  } else {
    add(window.pre_market_open, window.after_hours_close);
  }
  return count;
}

Timestamp WeekStartUtc(Date date) {
  const std::chrono::sys_days day(date);
  const std::chrono::weekday weekday(day);
  const auto monday = day - std::chrono::days(weekday.iso_encoding() - 1);
  return Timestamp(monday);
}

}  // namespace tapedeck::aggregate
