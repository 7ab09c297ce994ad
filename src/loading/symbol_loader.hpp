// The one way symbols enter a session (pre-session for configured symbols,
// mid-session for added ones): register, read history strictly before the
// session day, derive it with the same aggregator, compute historical
// indicators and quality, warm the session indicators, then catch up on
// today's bars up to `now`. Symbols load in batches: the store is asked once
// per kind of bars for the whole batch. Not thread-safe: called from the
// session's step loop, between steps.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "calendar/trading_calendar.hpp"
#include "clock/clock.hpp"
#include "loading/bar_source.hpp"
#include "loading/session_plan.hpp"
#include "loading/symbol_state.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::loading {

// Wall time each load step took (for the session-gap record and the logs).
struct LoadTimes {
  Duration register_symbol{};
  Duration history{};
  Duration warmup{};
  Duration catchup{};
  Duration total{};
};

struct LoadedSymbol {
  std::unique_ptr<SymbolState> state;
  // Today's base bars not yet delivered (they complete after `now`): the
  // session streams them from `next`.
  std::vector<model::Bar> today;
  size_t next = 0;
};

// One answer per symbol of a batch, in the order asked, and the batch's times.
struct LoadedBatch {
  std::vector<Result<LoadedSymbol>> symbols;
  LoadTimes times;
};

// The bars inside [open, close) of `hours`, from bars sorted by open time:
// what a session streams of a day.
std::span<const model::Bar> RegularHours(std::span<const model::Bar> bars,
                                         const calendar::SessionHours& hours);

class SymbolLoader {
 public:
  // Borrows everything; all must outlive the loader. `wall_clock` only times the steps.
  SymbolLoader(store::BarStore& store, BarSource& source, const calendar::TradingCalendar& calendar,
               const clock::Clock& wall_clock)
      : store_(store), source_(source), calendar_(calendar), wall_clock_(wall_clock) {}

  // May be null. Once it reads true (Ctrl-C in the shell), a load in
  // progress stops at its next step boundary (or between two symbols'
  // warm-ups): every symbol still loading fails with "interrupted".
  void set_cancel(const std::atomic<bool>* cancel) { cancel_ = cancel; }

  // Loads `symbols` with `plan` for the session on `session_date` (a
  // session) up to `now`. Each symbol loads or fails on its own; errors name
  // the symbol and the step.
  LoadedBatch Load(std::span<const model::Symbol> symbols, std::shared_ptr<const SessionPlan> plan,
                   Date session_date, Timestamp now);

  // Remembers the session `state` has just run, from the base bars it
  // streamed, as history for the following days.
  Status RecordSession(SymbolState& state);

  // Moves what `states` know of the past to the history before
  // `session_date`: the historical series (counts, per-session quality) and
  // historical indicators. Reads only the sessions none of them has seen,
  // with one store query per kind of bars.
  Status RefreshHistory(std::span<SymbolState* const> states, Date session_date);

  // Today's regular-hours `base` bars of `symbols` (what the session
  // streams), into *out[i] as BarSource::Bars.
  Status SessionBars(std::span<const model::Symbol> symbols, model::Interval base,
                     const calendar::SessionHours& hours,
                     std::span<std::vector<model::Bar>* const> out);

 private:
  struct HistoryNeeds;
  // Base bars of each state of a batch, opening in [from, to).
  struct BaseBars {
    Timestamp from{};
    Timestamp to{};
    std::vector<std::vector<model::Bar>> bars;
  };

  Result<HistoryNeeds> Needs(const model::Symbol& symbol, const SessionPlan& plan,
                             Date session_date) const;
  Status ReadStoredDaily(std::span<SymbolState* const> states,
                         const std::vector<HistoryNeeds>& needs);
  Status ReadBase(std::span<SymbolState* const> states, const std::vector<HistoryNeeds>& needs,
                  const BaseBars* prefetched);
  // Fills `past` from the day's base bars; `streamed` (may be null) is the
  // state that has just run the day, whose own counts and quality it reuses.
  Status FillFromBase(const model::Symbol& symbol, const SessionPlan& plan, PastSession& past,
                      Date date, std::span<const model::Bar> bars,
                      const SymbolState* streamed = nullptr);
  Status ComputeHistory(SymbolState& state, const HistoryNeeds& needs);
  // As the public one, with each state's needs already worked out.
  Status RefreshHistory(std::span<SymbolState* const> states,
                        const std::vector<HistoryNeeds>& needs, const BaseBars* prefetched);
  // Sessions a symbol joining on `session_date` warms up on: the trailing
  // sessions a configured symbol had before the run, then the run's days.
  Result<std::vector<Date>> WarmupSessions(const model::Symbol& symbol, const SessionPlan& plan,
                                           Date session_date) const;
  Status Warm(SymbolState& state, std::span<const Date> sessions, std::span<const model::Bar> bars);
  Result<std::vector<model::Bar>> DerivedHistory(const model::Symbol& symbol,
                                                 const SessionPlan& plan,
                                                 std::span<const Date> sessions,
                                                 model::Interval interval);

  store::BarStore& store_;
  BarSource& source_;
  const calendar::TradingCalendar& calendar_;
  const clock::Clock& wall_clock_;
  const std::atomic<bool>* cancel_ = nullptr;
};

}  // namespace tapedeck::loading
