// Writes a live session's bars into the bar store, so that the next days'
// history (warm-up, historical indicators, quality) includes today's live
// bars. It only ever adds: a bar the store already holds for a (symbol,
// interval, open time) is kept as stored, whatever the feed said. Not
// thread-safe towards the store (call it from the store's one owner); the
// buffer may go on filling meanwhile (it is read under its lock).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.hpp"
#include "feed/live_bar_buffer.hpp"
#include "model/bar.hpp"
#include "model/symbol.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::feed {

// A live bar whose open time the store already held with other values.
struct LiveBarConflict {
  model::Symbol symbol;
  model::Bar stored;  // Kept.
  model::Bar live;    // Not written.
};

// What WriteLiveBars did.
struct LiveBarsWritten {
  int64_t written = 0;         // Bars added to the store.
  int64_t already_stored = 0;  // Live bars whose open time the store held (conflicts included).
  // The already stored bars whose open, high, low, close or volume differ from
  // the live bar, by symbol (in the order written) then open time.
  std::vector<LiveBarConflict> conflicts;
};

// Writes the bars `buffer` holds for `symbols` (every symbol it holds when
// `symbols` is empty) into `store` at the buffer's interval, in one
// transaction: every open time the store holds no bar for gets the live bar;
// the others keep the stored bar and are counted. Writing the same bars twice
// writes nothing the second time. On error nothing was written (the
// transaction rolled back) and the error says so.
//
// The buffer holds the bars the session saw: a correction that arrived after
// the session took its bar is not written (it stays in late_corrections()),
// so a replay of the day from the store sees what the live session saw.
// Symbols named twice are written once.
Result<LiveBarsWritten> WriteLiveBars(store::BarStore& store, const LiveBarBuffer& buffer,
                                      std::span<const model::Symbol> symbols = {});

}  // namespace tapedeck::feed
