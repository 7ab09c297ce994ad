#include "replay/replay_bar_source.hpp"

#include <algorithm>

#include "core/check.hpp"

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

Status ReplayBarSource::Bars(std::span<const model::Symbol> symbols, model::Interval interval,
                             Timestamp from, Timestamp to,
                             std::span<std::vector<model::Bar>* const> out) {
  TD_CHECK(out.size() == symbols.size(), "{} outputs for {} symbols", out.size(), symbols.size());
  if (Covers(interval, from, to)) {
    // A symbol joining mid-block: read its share of the block.
    std::vector<model::Symbol> missing;
    std::vector<std::vector<model::Bar>*> into;
    for (const model::Symbol& symbol : symbols) {
      if (block_.contains(symbol)) continue;
      missing.push_back(symbol);
      into.push_back(&block_[symbol]);
    }
    if (!missing.empty()) {
      const Status read = store_.ReadMany(missing, interval, from_, to_, into);
      if (!read.ok()) block_.clear();
      TD_RETURN_IF_ERROR(read);
    }
  } else {
    // Sessions in the block, counted as calendar days (five sessions a week).
    const int64_t per_session =
        BarsPerSession(interval) * std::max<int64_t>(1, std::ssize(symbols));
    const int64_t sessions = std::clamp<int64_t>(block_rows_ / per_session, 1, 30);
    const Timestamp block_end =
        std::max(to, from + std::chrono::days(std::max<int64_t>(1, sessions * 7 / 5)));
    // Keep the vectors of symbols that stay (their memory is reused).
    std::erase_if(block_, [&](const auto& entry) {
      return std::ranges::find(symbols, entry.first) == symbols.end();
    });
    std::vector<std::vector<model::Bar>*> into;
    for (const model::Symbol& symbol : symbols) into.push_back(&block_[symbol]);
    const Status read = store_.ReadMany(symbols, interval, from, block_end, into);
    if (!read.ok()) {
      block_.clear();
      return read;
    }
    interval_ = interval;
    from_ = from;
    to_ = block_end;
  }
  for (size_t i = 0; i < symbols.size(); ++i) {
    const std::vector<model::Bar>& all = block_.at(symbols[i]);
    const auto first = std::ranges::lower_bound(all, from, {}, &model::Bar::open_time);
    const auto last = std::ranges::lower_bound(first, all.end(), to, {}, &model::Bar::open_time);
    out[i]->assign(first, last);
  }
  return Status::Ok();
}

}  // namespace tapedeck::replay
