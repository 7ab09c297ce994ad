// The one way a symbol enters a session (pre-session for configured symbols,
// mid-session for added ones): register, read history strictly before the
// session day, derive it with the same aggregator, compute historical
// indicators and quality, warm the session indicators, then catch up on
// today's bars up to `now`. Not thread-safe: called from the session's step
// loop, between steps.
#pragma once

#include <memory>
#include <span>
#include <string>
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

  // Adds the step times of another load (not the total: a batch times itself).
  void Add(const LoadTimes& other) {
    register_symbol += other.register_symbol;
    history += other.history;
    warmup += other.warmup;
    catchup += other.catchup;
  }
};

struct LoadedSymbol {
  std::unique_ptr<SymbolState> state;
  // Today's base bars not yet delivered (they complete after `now`): the
  // session streams them from `next`.
  std::vector<model::Bar> today;
  size_t next = 0;
  LoadTimes times;
};

class SymbolLoader {
 public:
  // Borrows everything; all must outlive the loader. `wall_clock` only times the steps.
  SymbolLoader(store::BarStore& store, BarSource& source, const calendar::TradingCalendar& calendar,
               const SessionPlan& plan, const clock::Clock& wall_clock)
      : store_(store), source_(source), calendar_(calendar), plan_(plan), wall_clock_(wall_clock) {}

  // Loads `symbol` for the session on `session_date` (a session) up to `now`.
  // Errors name the symbol and the step.
  Result<LoadedSymbol> Load(const model::Symbol& symbol, Date session_date, Timestamp now);

  // Recomputes what a symbol knows of the history before `session_date`: the
  // historical series (counts, per-session quality) and historical indicators.
  Status RefreshHistory(SymbolState& state, Date session_date);

  // Today's regular-hours base bars of `symbol` (what the session streams).
  Result<std::vector<model::Bar>> SessionBars(const model::Symbol& symbol,
                                              const calendar::SessionHours& hours);

 private:
  // Regular-hours base bars of `symbol` over `sessions`, from the store.
  Result<std::vector<model::Bar>> StoredBars(const model::Symbol& symbol, model::Interval interval,
                                             std::span<const Date> sessions);
  Status Warm(SymbolState& state, Date session_date);
  // `interval` bars derived from the stored base bars of `sessions`.
  Result<std::vector<model::Bar>> DerivedHistory(const model::Symbol& symbol,
                                                 std::span<const Date> sessions,
                                                 model::Interval interval,
                                                 aggregate::BucketPolicy policy);
  Result<std::vector<model::Bar>> DailyHistory(const model::Symbol& symbol,
                                               std::span<const Date> sessions, std::string& source);

  store::BarStore& store_;
  BarSource& source_;
  const calendar::TradingCalendar& calendar_;
  const SessionPlan& plan_;
  const clock::Clock& wall_clock_;
};

}  // namespace tapedeck::loading
