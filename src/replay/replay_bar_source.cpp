#include "replay/replay_bar_source.hpp"

#include <algorithm>

namespace tapedeck::replay {
namespace {

// Regular-hours bars a symbol has per session at `interval` (at least one).
int64_t BarsPerSession(model::Interval interval) {
  const Duration regular = std::chrono::minutes(390);
  return std::max<int64_t>(1, regular / interval.duration());
}

}  // namespace

bool ReplayBarSource::Covers(model::Interval interval, Timestamp from, Timestamp to) const {
  return interval == interval_ && from >= from_ && to <= to_ && !block_.empty();
}

Result<std::vector<std::vector<model::Bar>>> ReplayBarSource::Bars(
    std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
    Timestamp to) {
  if (Covers(interval, from, to)) {
    // A symbol joining mid-block: read its share of the block.
    std::vector<model::Symbol> missing;
    for (const model::Symbol& symbol : symbols) {
      if (!block_.contains(symbol)) missing.push_back(symbol);
    }
    if (!missing.empty()) {
      TD_ASSIGN_OR_RETURN(std::vector<std::vector<model::Bar>> read,
                          store_.ReadMany(missing, interval, from_, to_));
      for (size_t i = 0; i < missing.size(); ++i) block_[missing[i]] = std::move(read[i]);
    }
  } else {
    // Sessions in the block, counted as calendar days (five sessions a week).
    const int64_t per_session =
        BarsPerSession(interval) * std::max<int64_t>(1, std::ssize(symbols));
    const int64_t sessions = std::clamp<int64_t>(block_rows_ / per_session, 1, 30);
    const Timestamp block_end =
        std::max(to, from + std::chrono::days(std::max<int64_t>(1, sessions * 7 / 5)));
    TD_ASSIGN_OR_RETURN(std::vector<std::vector<model::Bar>> read,
                        store_.ReadMany(symbols, interval, from, block_end));
    block_.clear();
    for (size_t i = 0; i < symbols.size(); ++i) block_[symbols[i]] = std::move(read[i]);
    interval_ = interval;
    from_ = from;
    to_ = block_end;
  }
  std::vector<std::vector<model::Bar>> bars;
  bars.reserve(symbols.size());
  for (const model::Symbol& symbol : symbols) {
    const std::vector<model::Bar>& all = block_.at(symbol);
    const auto first = std::ranges::lower_bound(all, from, {}, &model::Bar::open_time);
    const auto last = std::ranges::lower_bound(first, all.end(), to, {}, &model::Bar::open_time);
    bars.emplace_back(first, last);
  }
  return bars;
}

}  // namespace tapedeck::replay
