#include "aggregate/batch.hpp"

#include <algorithm>
#include <array>

#include "aggregate/derivation.hpp"
#include "core/check.hpp"

namespace tapedeck::aggregate {
namespace {

// One bucket being filled.
struct Pending {
  DerivedBar derived;
  bool active = false;
};

void Flush(Pending& pending, BucketPolicy policy, std::vector<DerivedBar>& out) {
  if (!pending.active) return;
  pending.active = false;
  const DerivedBar& bucket = pending.derived;
  if (policy == BucketPolicy::kRequireComplete && bucket.bar.bar_count < bucket.expected_bars) {
    return;
  }
  out.push_back(bucket);
}

void Merge(model::Bar& into, const model::Bar& bar) {
  into.high = std::max(into.high, bar.high);
  into.low = std::min(into.low, bar.low);
  into.close = bar.close;
  into.volume += bar.volume;
  into.bar_count += 1;
}

// Intraday and daily buckets: each bar's bucket is computed from its open time.
std::vector<DerivedBar> BatchWithinSessions(std::span<const model::Bar> base,
                                            std::span<const model::SessionWindow> sessions,
                                            model::Interval base_interval, model::Interval derived,
                                            DerivationKind kind, BucketPolicy policy,
                                            bool extended_hours) {
  const Duration base_length = base_interval.duration();
  const Duration length = derived.duration();
  std::vector<DerivedBar> out;
  for (const model::SessionWindow& window : sessions) {
    std::array<SessionSpan, 3> spans{};
    const int span_count = SessionSpans(window, kind, extended_hours, spans);
    if (span_count == 0) continue;
    const Timestamp first = spans[0].start;
    const Timestamp last = spans[static_cast<size_t>(span_count - 1)].end;
    auto it = std::ranges::lower_bound(base, first, {}, &model::Bar::open_time);
    Pending pending;
    Timestamp pending_start{};
    for (; it != base.end() && it->open_time < last; ++it) {
      const Timestamp t = it->open_time;
      const SessionSpan* span = nullptr;
      for (int i = 0; i < span_count; ++i) {
        const SessionSpan& candidate = spans[static_cast<size_t>(i)];
        if (t >= candidate.start && t < candidate.end) span = &candidate;
      }
      if (span == nullptr) continue;
      const Timestamp start = kind == DerivationKind::kDaily
                                  ? span->start
                                  : span->start + ((t - span->start) / length) * length;
      if (pending.active && start == pending_start) {
        Merge(pending.derived.bar, *it);
        continue;
      }
      Flush(pending, policy, out);
      const Timestamp end =
          kind == DerivationKind::kDaily ? span->end : std::min(start + length, span->end);
      pending.active = true;
      pending_start = start;
      pending.derived.interval = derived;
      pending.derived.bar = *it;
      pending.derived.bar.open_time =
          kind == DerivationKind::kDaily ? StartOfDayUtc(window.date) : start;
      pending.derived.bar.bar_count = 1;
      pending.derived.end = end;
      pending.derived.expected_bars =
          static_cast<int>((end - start + base_length - Duration(1)) / base_length);
    }
    Flush(pending, policy, out);
  }
  return out;
}

// 1w from daily bars: groups the sessions by calendar week.
std::vector<DerivedBar> BatchWeeks(std::span<const model::Bar> daily,
                                   std::span<const model::SessionWindow> sessions,
                                   BucketPolicy policy, bool extended_hours) {
  std::vector<DerivedBar> out;
  Pending week;
  bool week_begun = false;
  Timestamp week_start{};
  Timestamp week_last_end{};
  int sessions_in_week = 0;
  const auto finish = [&](Timestamp end) {
    week.derived.end = end;
    week.derived.expected_bars = sessions_in_week;
    Flush(week, policy, out);
    week_begun = false;
  };
  for (const model::SessionWindow& window : sessions) {
    const Timestamp monday = WeekStartUtc(window.date);
    if (week_begun && monday != week_start) finish(week_last_end);
    if (!week_begun) {
      week_begun = true;
      week_start = monday;
      sessions_in_week = 0;
      week.active = false;
    }
    ++sessions_in_week;
    week_last_end = extended_hours ? window.after_hours_close : window.close;
    const Timestamp stamp = StartOfDayUtc(window.date);
    const auto it = std::ranges::lower_bound(daily, stamp, {}, &model::Bar::open_time);
    if (it != daily.end() && it->open_time == stamp) {
      if (week.active) {
        Merge(week.derived.bar, *it);
      } else {
        week.active = true;
        week.derived.interval = model::Interval::Weeks(1);
        week.derived.bar = *it;
        week.derived.bar.open_time = monday;
        week.derived.bar.bar_count = 1;
      }
    }
    if (window.last_of_week) finish(week_last_end);
  }
  return out;
}

}  // namespace

Result<std::vector<DerivedBar>> AggregateBatch(std::span<const model::Bar> base,
                                               std::span<const model::SessionWindow> sessions,
                                               model::Interval base_interval,
                                               model::Interval derived, BucketPolicy policy,
                                               bool extended_hours) {
  TD_RETURN_IF_ERROR(CheckDerivable(base_interval, derived));
  const model::Interval day = model::Interval::Days(1);
  if (derived == model::Interval::Weeks(1)) {
    if (base_interval == day) return BatchWeeks(base, sessions, policy, extended_hours);
    const std::vector<DerivedBar> daily_bars =
        BatchWithinSessions(base, sessions, base_interval, day, DerivationKind::kDaily,
                            BucketPolicy::kEmitPartial, extended_hours);
    std::vector<model::Bar> daily;
    daily.reserve(daily_bars.size());
    for (const DerivedBar& bar : daily_bars) daily.push_back(bar.bar);
    return BatchWeeks(daily, sessions, policy, extended_hours);
  }
  const DerivationKind kind = derived == day ? DerivationKind::kDaily : DerivationKind::kIntraday;
  return BatchWithinSessions(base, sessions, base_interval, derived, kind, policy, extended_hours);
}

}  // namespace tapedeck::aggregate
