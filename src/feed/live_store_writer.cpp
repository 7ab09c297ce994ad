#include "feed/live_store_writer.hpp"

#include <algorithm>

namespace tapedeck::feed {
namespace {

bool SameValues(const model::Bar& a, const model::Bar& b) {
  return a.open == b.open && a.high == b.high && a.low == b.low && a.close == b.close &&
         a.volume == b.volume;
}

Result<LiveBarsWritten> WriteInOneTransaction(store::BarStore& store, const LiveBarBuffer& buffer,
                                              std::vector<model::Symbol> symbols) {
  const model::Interval interval = buffer.interval();
  std::vector<std::vector<model::Bar>> live(symbols.size());
  Timestamp first = Timestamp::max();
  Timestamp last = Timestamp::min();
  for (size_t i = 0; i < symbols.size(); ++i) {
    for (const BufferedBar& held : buffer.Snapshot(symbols[i])) live[i].push_back(held.bar);
    if (live[i].empty()) continue;
    first = std::min(first, live[i].front().open_time);
    last = std::max(last, live[i].back().open_time);
  }
  LiveBarsWritten result;
  if (first == Timestamp::max()) return result;  // Nothing held.

  // Read what is stored inside the transaction, so that what is kept is
  // exactly what the commit leaves in place.
  TD_ASSIGN_OR_RETURN(std::unique_ptr<store::BarWriter> writer, store.BeginWrite());
  TD_ASSIGN_OR_RETURN(const std::vector<std::vector<model::Bar>> stored,
                      store.ReadMany(symbols, interval, first, last + interval.duration()));
  for (size_t i = 0; i < symbols.size(); ++i) {
    store::SeriesBars fresh{symbols[i], interval, {}};
    auto kept = stored[i].begin();
    for (const model::Bar& bar : live[i]) {
      while (kept != stored[i].end() && kept->open_time < bar.open_time) ++kept;
      if (kept == stored[i].end() || kept->open_time != bar.open_time) {
        fresh.bars.push_back(bar);
        continue;
      }
      ++result.already_stored;
      if (!SameValues(*kept, bar)) result.conflicts.push_back({symbols[i], *kept, bar});
    }
    if (fresh.bars.empty()) continue;
    result.written += static_cast<int64_t>(fresh.bars.size());
    TD_RETURN_IF_ERROR(writer->Add(fresh));
  }
  TD_RETURN_IF_ERROR(writer->Commit());
  return result;
}

}  // namespace

Result<LiveBarsWritten> WriteLiveBars(store::BarStore& store, const LiveBarBuffer& buffer,
                                      std::span<const model::Symbol> symbols) {
  std::vector<model::Symbol> chosen(symbols.begin(), symbols.end());
  if (chosen.empty()) chosen = buffer.symbols();
  std::ranges::sort(chosen);
  chosen.erase(std::unique(chosen.begin(), chosen.end()), chosen.end());
  return WriteInOneTransaction(store, buffer, std::move(chosen))
      .WithContext("writing live bars to the store");
}

}  // namespace tapedeck::feed
