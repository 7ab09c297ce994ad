#include "loading/session_plan.hpp"

#include <algorithm>

namespace tapedeck::loading {

bool HistoryRequest::AppliesTo(const model::Symbol& symbol) const {
  return symbols.empty() || std::ranges::find(symbols, symbol) != symbols.end();
}

int SessionPlan::TrailingDays(const model::Symbol& symbol, model::Interval interval) const {
  int days = 0;
  for (const HistoryRequest& request : history) {
    if (request.AppliesTo(symbol) &&
        std::ranges::find(request.intervals, interval) != request.intervals.end()) {
      days = std::max(days, request.trailing_days);
    }
  }
  return days;
}

std::vector<model::Interval> SessionPlan::intervals() const {
  std::vector<model::Interval> all = {base};
  all.insert(all.end(), derived.begin(), derived.end());
  return all;
}

std::vector<model::Interval> SessionPlan::HistoryIntervals() const {
  std::vector<model::Interval> all = intervals();
  for (const HistoryRequest& request : history) {
    all.insert(all.end(), request.intervals.begin(), request.intervals.end());
  }
  std::ranges::sort(all);
  const auto [first, last] = std::ranges::unique(all);
  all.erase(first, last);
  return all;
}

SessionPlan SessionPlan::WithIntervals(std::span<const model::Interval> extra) const {
  SessionPlan plan = *this;
  for (const model::Interval interval : extra) {
    if (interval.is_base() && interval < plan.base) {
      plan.derived.push_back(plan.base);
      for (HistoryRequest& request : plan.history) {
        if (std::ranges::find(request.intervals, plan.base) != request.intervals.end()) {
          request.intervals.push_back(interval);
        }
      }
      plan.base = interval;
    } else if (interval != plan.base) {
      plan.derived.push_back(interval);
    }
  }
  std::ranges::sort(plan.derived);
  const auto [first, last] = std::ranges::unique(plan.derived);
  plan.derived.erase(first, last);
  std::erase(plan.derived, plan.base);
  return plan;
}

}  // namespace tapedeck::loading
