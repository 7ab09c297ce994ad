// The live session's bars as they arrive from the feed: a thread-safe,
// per-symbol buffer of 1m bars that the feed client fills (from its I/O
// thread) and the session engine drains (from its own thread). It is the
// BarSource of a live session.
//
// Rules (docs/FEED.md):
// - De-duplication by (symbol, open time): a bar equal to the one held is a
//   duplicate and changes nothing.
// - Corrections: until the session has taken an open time, the latest version
//   of its bar wins (a corrected "u" bar, a backfilled bar or a re-sent bar
//   that differs replaces the held one: counted as a correction applied).
//   Once the session has taken it, a different version is recorded as a late
//   correction (kept, counted, readable) and never rewrites what the session saw.
// - A bar that arrives for an open time at or before the last one the session
//   took for its symbol, and that it never saw, is a late bar: recorded and
//   counted, never delivered (time in a session only moves forward).
// - "Taken" means returned by Take() or by Bars().
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clock/clock.hpp"
#include "loading/bar_source.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"
#include "model/symbol.hpp"

namespace tapedeck::feed {

// Where a bar came from.
enum class BarOrigin : uint8_t { kStream, kCorrection, kBackfill };

// What the buffer did with one bar.
enum class AddOutcome : uint8_t {
  kAdded,
  kDuplicate,       // Equal to the bar held (or taken) for that open time.
  kCorrected,       // Replaced the held bar before the session took it.
  kLateCorrection,  // Differs from a bar the session already took: recorded only.
  kLateBar,         // New, but at or before the symbol's last taken open time: recorded only.
};

// One bar handed to the buffer. `symbol` is validated by the caller.
struct IncomingBar {
  std::string_view symbol;
  model::Bar bar;
  BarOrigin origin = BarOrigin::kStream;
};

// A bar as held, with the time (buffer clock) it became available.
struct BufferedBar {
  model::Bar bar;
  Timestamp received{};
};

// A version of a bar that arrived after the session took that open time.
struct LateCorrection {
  model::Symbol symbol;
  model::Bar taken;      // What the session saw (open time 0 for a late bar it never saw).
  model::Bar corrected;  // What arrived later.
  Timestamp received{};
};

// What the feed is doing, for the engine, the shell and logs. Copied out.
struct FeedStatus {
  bool connected = false;       // Authenticated and subscribed.
  bool caught_up = false;       // Connected and no backfill under way.
  Timestamp last_message{};     // Buffer clock time of the last frame (0 if none yet).
  Duration lag{};               // Arrival minus completion time of the last streamed bar.
  int64_t reconnects = 0;       // Connections after the first.
  int64_t bars = 0;             // Bars held (all symbols).
  int64_t stream_bars = 0;      // Added from the stream.
  int64_t backfilled_bars = 0;  // Added from the REST backfill.
  int64_t duplicates = 0;
  int64_t corrections = 0;       // Applied before the session took the bar.
  int64_t late_corrections = 0;  // Recorded after the session took the bar.
  int64_t late_bars = 0;
  int64_t malformed = 0;   // Frames or messages that could not be read (skipped).
  int64_t errors = 0;      // Error messages from the server, failed connections.
  std::string last_error;  // The latest of those, for people (never holds keys).
};

// When a live session may step past quiet symbols (loading::LiveBarSource::Horizon).
struct HorizonRule {
  // Wall: times follow the wall clock (a real feed today): a symbol is
  // waited for until the clock is `grace` past its last bar. Feed: times
  // follow the feed (a replay of another day at any speed): a symbol is
  // waited for until the latest bar of any symbol is `grace` past its own.
  bool wall = true;
  Duration grace = std::chrono::seconds(5);
  // Held back from the horizon, so that bars the feed sends out of order
  // within `hold` still come in time (0: trust the feed's order).
  Duration hold{};
  // Feed: after this long (wall time) with nothing new, the feed is taken as
  // done: the horizon jumps to its latest bar (the day's end of a replay).
  Duration idle = std::chrono::seconds(2);
};

class LiveBarBuffer final : public loading::BarSource {
 public:
  // `clock` stamps arrivals (a WallClock live; a SimulatedClock in tests).
  explicit LiveBarBuffer(const clock::Clock& clock,
                         model::Interval interval = model::Interval::Minutes(1));

  // ---- Producer side (the feed client). ----
  // Adds a batch under one lock; outcomes[i] (if given, same size) says what
  // happened to bars[i]. Requires: symbols valid (model::Symbol::Parse accepts
  // them) and bars checked (model::CheckBar).
  void Add(std::span<const IncomingBar> bars, std::span<AddOutcome> outcomes = {});
  AddOutcome Add(const IncomingBar& bar);
  // Status bookkeeping from the client.
  void SetConnected(bool connected);
  void NoteFrame();  // A frame arrived (updates last_message).
  void NoteReconnect();
  void NoteMalformed(std::string_view what);
  void NoteError(std::string_view what);
  // A REST backfill for `symbols` starts / ends (`ok`: every page arrived).
  void BeginBackfill(std::span<const std::string> symbols);
  void EndBackfill(std::span<const std::string> symbols, bool ok);

  // ---- Consumer side (the session engine). ----
  // Appends to *out[i] the bars of symbols[i] not yet taken whose
  // completion (open + interval) is at or before `now`, in open-time order,
  // and marks them taken. A symbol the buffer has never seen gives none.
  // Requires: out.size() == symbols.size(), no null pointers.
  void Take(std::span<const model::Symbol> symbols, Timestamp now,
            std::span<std::vector<model::Bar>* const> out);

  // loading::BarSource (catch-up for a symbol that joins): the buffered bars
  // opening in [from, to), including ones taken before; serving them marks
  // them taken, so a later Take() continues after them.
  // Requires: interval is the buffer's interval.
  Status Bars(std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
              Timestamp to, std::span<std::vector<model::Bar>* const> out) override;

  // The open time of the next bar the symbol would need (its last held bar's
  // open + interval), or `otherwise` when none is held: where a backfill starts.
  Timestamp NextOpenTime(std::string_view symbol, Timestamp otherwise) const;

  // True once a backfill of the symbol has completed and none is under way:
  // from then on the buffer holds its bars from the session's start (what a
  // joining symbol's catch-up should wait for before calling Bars()).
  bool ready(const model::Symbol& symbol) const;

  // The symbols the buffer holds bars for, in name order.
  std::vector<model::Symbol> symbols() const;
  // Everything held for a symbol, in open-time order (tests, benchmarks, export).
  std::vector<BufferedBar> Snapshot(const model::Symbol& symbol) const;
  std::vector<LateCorrection> late_corrections() const;
  FeedStatus status() const;
  model::Interval interval() const { return interval_; }

  // How far a session may step over `symbols` (loading::LiveBarSource::Horizon):
  //   max(the earliest of their last bars' completions, cut) − hold,
  // where a symbol with no bar counts as completing at `open`, and cut is
  // the clock − grace (wall) or the latest completion of any bar − grace
  // (feed). Frozen while not caught up (a backfill may still bring earlier
  // bars). Never decreases.
  Timestamp Horizon(std::span<const model::Symbol> symbols, Timestamp open,
                    const HorizonRule& rule);

  // Called after every change, under the buffer's lock: it must not call
  // back into the buffer. Empty: none.
  void set_on_change(std::function<void()> on_change);

  // Drops a symbol's bars (it left the session).
  void Forget(const model::Symbol& symbol);

  // Increases with every change; WaitForChange blocks until it passes `seen`
  // or `timeout` (real time) ends, and returns the current version.
  uint64_t version() const;
  uint64_t WaitForChange(uint64_t seen, std::chrono::milliseconds timeout) const;

 private:
  struct SymbolBars {
    std::string symbol;
    std::vector<BufferedBar> bars;  // Sorted by open time, unique.
    size_t taken = 0;               // bars[0, taken) were handed to the session.
    bool any_taken = false;
    Timestamp last_taken{};  // Open time of the last bar taken.
    int backfills_running = 0;
    bool backfilled = false;
  };

  static constexpr size_t kNone = static_cast<size_t>(-1);

  SymbolBars& Series(std::string_view symbol);  // Requires: mutex_ held.
  // The index of `symbol` in symbols_ (kNone when absent), trying `hint`
  // first: a caller going through symbols in name order passes the index
  // after the last one it found, so a frame or a step of 500 symbols walks
  // the entries in order instead of searching each. Requires: mutex_ held.
  size_t Find(std::string_view symbol, size_t hint) const;
  // found_[i] = Find(name(items[i])), each search hinted by the entry after
  // the last one found. Requires: mutex_ held.
  template <typename Items, typename Name>
  void FindEach(const Items& items, Name name) {
    found_.clear();
    size_t hint = 0;
    for (const auto& item : items) {
      const size_t index = Find(std::invoke(name, item), hint);
      found_.push_back(index);
      if (index != kNone) hint = index + 1;
    }
  }
  // Find, or a new entry. Requires: mutex_ held.
  size_t FindOrInsert(std::string_view symbol, size_t hint);
  AddOutcome AddLocked(SymbolBars& series, const IncomingBar& incoming, Timestamp now);
  // bars[0, end) have been handed to the session (no change when end <=
  // taken). Requires: mutex_ held.
  static void MarkTaken(SymbolBars& series, size_t end);
  // caught_up: connected, no backfill running, and the one after connecting
  // landed. Requires: mutex_ held.
  void UpdateCaughtUp();
  void Changed();  // Requires: mutex_ held.

  const clock::Clock& clock_;
  const model::Interval interval_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  // Sorted by symbol: entries side by side, so that a pass over a frame or
  // a step's symbols reads memory in order (the live latency is mostly
  // cache misses).
  std::vector<SymbolBars> symbols_;
  std::vector<size_t> found_;  // Scratch of FindEach: entry per bar or symbol.
  std::vector<LateCorrection> late_;
  FeedStatus status_;
  int backfills_running_ = 0;
  bool backfilled_since_connect_ = false;  // caught_up needs a backfill after connecting.
  uint64_t version_ = 0;
  Timestamp changed_at_{};  // Clock time of the last change.
  Timestamp horizon_{};
  std::function<void()> on_change_;
};

}  // namespace tapedeck::feed
