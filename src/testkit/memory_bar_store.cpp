#include "testkit/memory_bar_store.hpp"

#include <algorithm>

namespace tapedeck::testkit {

// Buffers the series and applies them all at Commit.
class MemoryBarWriter final : public store::BarWriter {
 public:
  explicit MemoryBarWriter(MemoryBarStore& store) : store_(store) {}
  Status Add(const store::SeriesBars& series) override {
    pending_.push_back(series);
    return Status::Ok();
  }
  Status Commit() override {
    for (const store::SeriesBars& series : pending_) store_.Apply(series);
    pending_.clear();
    return Status::Ok();
  }

 private:
  MemoryBarStore& store_;
  std::vector<store::SeriesBars> pending_;
};

Result<std::unique_ptr<store::BarWriter>> MemoryBarStore::BeginWrite() {
  return std::unique_ptr<store::BarWriter>(std::make_unique<MemoryBarWriter>(*this));
}

void MemoryBarStore::Apply(const store::SeriesBars& one) {
  std::vector<model::Bar>& bars = series_[{one.symbol, one.interval}];
  // Both sorted without duplicates: merge, the new bar winning a tie.
  std::vector<model::Bar> merged;
  merged.reserve(bars.size() + one.bars.size());
  auto old = bars.begin();
  for (const model::Bar& bar : one.bars) {
    for (; old != bars.end() && old->open_time < bar.open_time; ++old) merged.push_back(*old);
    if (old != bars.end() && old->open_time == bar.open_time) ++old;
    merged.push_back(bar);
  }
  merged.insert(merged.end(), old, bars.end());
  bars = std::move(merged);
}

std::span<const model::Bar> MemoryBarStore::Range(const model::Symbol& symbol,
                                                  model::Interval interval, Timestamp from,
                                                  Timestamp to) const {
  const auto it = series_.find({symbol, interval});
  if (it == series_.end()) return {};
  const auto& bars = it->second;
  const auto first = std::ranges::lower_bound(bars, from, {}, &model::Bar::open_time);
  const auto last = std::ranges::lower_bound(first, bars.end(), to, {}, &model::Bar::open_time);
  return {first, last};
}

Result<std::vector<model::Bar>> MemoryBarStore::Read(const model::Symbol& symbol,
                                                     model::Interval interval, Timestamp from,
                                                     Timestamp to) {
  const std::span<const model::Bar> bars = Range(symbol, interval, from, to);
  return std::vector<model::Bar>(bars.begin(), bars.end());
}

Status MemoryBarStore::ReadMany(std::span<const model::Symbol> symbols, model::Interval interval,
                                Timestamp from, Timestamp to,
                                std::span<std::vector<model::Bar>* const> out) {
  for (size_t i = 0; i < symbols.size() && i < out.size(); ++i) {
    const std::span<const model::Bar> bars = Range(symbols[i], interval, from, to);
    out[i]->assign(bars.begin(), bars.end());
  }
  return Status::Ok();
}

Result<std::vector<store::SeriesSummary>> MemoryBarStore::List() {
  std::vector<store::SeriesSummary> list;
  for (const auto& [key, bars] : series_) {
    if (bars.empty()) continue;
    list.push_back({key.first, key.second, bars.front().open_time, bars.back().open_time,
                    static_cast<int64_t>(bars.size())});
  }
  return list;
}

}  // namespace tapedeck::testkit
