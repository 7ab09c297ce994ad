#include "replay/replay_bar_source.hpp"

#include <spdlog/spdlog.h>

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

ReplayBarSource::ReplayBarSource(store::BarStore& store, int64_t block_rows)
    : store_(store), block_rows_(block_rows) {
  auto reader = store.OpenReader();
  if (reader.ok()) {
    reader_ = std::move(reader).value();
  } else {
    spdlog::warn("replay reads without reading ahead: {}", reader.error().message());
  }
}

ReplayBarSource::~ReplayBarSource() { Settle(); }

bool ReplayBarSource::Block::Covers(model::Interval wanted, Timestamp first, Timestamp end) const {
  return status.ok() && wanted == interval && first >= from && end <= to && !bars.empty();
}

Timestamp ReplayBarSource::BlockEnd(size_t symbols, model::Interval interval,
                                    Timestamp from) const {
  // Sessions in the block, counted as calendar days (five sessions a week).
  const int64_t per_session =
      BarsPerSession(interval) * std::max<int64_t>(1, static_cast<int64_t>(symbols));
  const int64_t sessions = std::clamp<int64_t>(block_rows_ / per_session, 1, 30);
  return from + std::chrono::days(std::max<int64_t>(1, sessions * 7 / 5));
}

Status ReplayBarSource::Fill(store::BarStore& store, std::span<const model::Symbol> symbols,
                             model::Interval interval, Timestamp from, Timestamp to, Block& block) {
  // Keep the vectors of symbols that stay (their memory is reused).
  std::erase_if(block.bars, [&](const auto& entry) {
    return std::ranges::find(symbols, entry.first) == symbols.end();
  });
  std::vector<std::vector<model::Bar>*> into;
  into.reserve(symbols.size());
  for (const model::Symbol& symbol : symbols) into.push_back(&block.bars[symbol]);
  block.interval = interval;
  block.from = from;
  block.to = to;
  block.status = store.ReadMany(symbols, interval, from, to, into);
  if (!block.status.ok()) block.bars.clear();
  return block.status;
}

void ReplayBarSource::Settle() {
  if (next_ready_.valid()) next_ready_.get();
}

void ReplayBarSource::StartReadAhead(std::span<const model::Symbol> symbols) {
  if (reader_ == nullptr || !current_.status.ok()) return;
  Settle();
  const Timestamp from = current_.to;
  const Timestamp to = BlockEnd(symbols.size(), current_.interval, from);
  next_ready_ =
      std::async(std::launch::async,
                 [this, wanted = std::vector<model::Symbol>(symbols.begin(), symbols.end()),
                  interval = current_.interval, from,
                  to] { (void)Fill(*reader_, wanted, interval, from, to, next_); });
}

Status ReplayBarSource::Bars(std::span<const model::Symbol> symbols, model::Interval interval,
                             Timestamp from, Timestamp to,
                             std::span<std::vector<model::Bar>* const> out) {
  TD_CHECK(out.size() == symbols.size(), "{} outputs for {} symbols", out.size(), symbols.size());
  if (!current_.Covers(interval, from, to)) {
    Settle();
    if (next_.Covers(interval, from, to)) {
      std::swap(current_, next_);
    } else {
      TD_RETURN_IF_ERROR(Fill(store_, symbols, interval, from,
                              std::max(to, BlockEnd(symbols.size(), interval, from)), current_));
    }
    StartReadAhead(symbols);
  }
  // Symbols joining mid-block (or missing from the block read ahead): read
  // their share of the block.
  std::vector<model::Symbol> missing;
  std::vector<std::vector<model::Bar>*> into;
  for (const model::Symbol& symbol : symbols) {
    if (current_.bars.contains(symbol)) continue;
    missing.push_back(symbol);
    into.push_back(&current_.bars[symbol]);
  }
  if (!missing.empty()) {
    const Status read = store_.ReadMany(missing, interval, current_.from, current_.to, into);
    if (!read.ok()) {
      current_.bars.clear();
      current_.status = read;
      return read;
    }
  }
  for (size_t i = 0; i < symbols.size(); ++i) {
    const std::vector<model::Bar>& all = current_.bars.at(symbols[i]);
    const auto first = std::ranges::lower_bound(all, from, {}, &model::Bar::open_time);
    const auto last = std::ranges::lower_bound(first, all.end(), to, {}, &model::Bar::open_time);
    out[i]->assign(first, last);
  }
  return Status::Ok();
}

}  // namespace tapedeck::replay
