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

}  // namespace tapedeck::loading
