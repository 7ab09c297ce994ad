// Where a session's own bars come from: the store in a backtest (replay/),
// the feed's buffer in a live session (feed/). History always comes from the
// store; a BarSource only serves the session days being run.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"
#include "model/symbol.hpp"

namespace tapedeck::loading {

class BarSource {
 public:
  virtual ~BarSource() = default;
  // Replaces the contents of *out[i] with the bars of symbols[i] at
  // `interval` that open in [from, to), sorted by open time (reusing the
  // vectors' memory). The session asks once per day for all its symbols, and
  // once per load for the symbols joining.
  // Requires: out.size() == symbols.size(), no null pointers.
  virtual Status Bars(std::span<const model::Symbol> symbols, model::Interval interval,
                      Timestamp from, Timestamp to,
                      std::span<std::vector<model::Bar>* const> out) = 0;
};

// What a live source is doing, for the shell, the export and logs.
struct LiveStatus {
  bool connected = false;    // Authenticated and subscribed.
  bool caught_up = false;    // Connected, and every backfill has landed.
  Timestamp last_message{};  // Wall time of the last message (0: none yet).
  Duration lag{};            // Arrival minus completion time of the last streamed bar.
  Timestamp horizon{};       // The session may step up to here (0: not yet).
  int64_t reconnects = 0;
  int64_t bars = 0;        // Bars held.
  int64_t late_bars = 0;   // Arrived after the session passed their time: not used.
  int64_t duplicates = 0;  // Ignored.
  int64_t corrections = 0;
  int64_t malformed = 0;  // Messages skipped.
  std::string last_error;
};

// A live session's source (the feed's buffer, feed/): bars arrive while the
// session runs. Bars() serves a joining symbol's catch-up as in a backtest;
// each step then takes the bars that completed since. All calls come from
// the session's thread except the `on_change` callback.
class LiveBarSource : public BarSource {
 public:
  // Appends to *out[i] the bars of symbols[i] complete by `until` that were
  // not handed over before (by Take or Bars), in open-time order.
  virtual void Take(std::span<const model::Symbol> symbols, Timestamp until,
                    std::span<std::vector<model::Bar>* const> out) = 0;
  // The session follows these symbols from now on (the feed subscribes and
  // backfills them from the session's start) / no longer follows them.
  virtual void Follow(std::span<const model::Symbol> symbols) = 0;
  virtual void Unfollow(std::span<const model::Symbol> symbols) = 0;
  // True once the symbol's bars since the session's start have arrived (its
  // backfill landed): its catch-up may then read them through Bars().
  virtual bool ready(const model::Symbol& symbol) const = 0;
  // Waits until every symbol is ready, `deadline` (wall time) passes or
  // `*interrupt` reads true; returns the symbols still not ready.
  virtual std::vector<model::Symbol> WaitReady(std::span<const model::Symbol> symbols,
                                               Timestamp deadline,
                                               const std::atomic<bool>* interrupt) = 0;
  // How far the session may step: by the source's rule, every bar of
  // `symbols` that completes by then and will ever come has come. A symbol
  // with no bar yet counts as having one completing at `open`. Never
  // decreases.
  virtual Timestamp Horizon(std::span<const model::Symbol> symbols, Timestamp open) = 0;
  // `wake` is called (from any thread) whenever something arrives.
  virtual void set_on_change(std::function<void()> wake) = 0;
  // Fails once the source gave up for good (keys refused …).
  virtual Status failure() const = 0;
  virtual LiveStatus status() const = 0;
};

}  // namespace tapedeck::loading
