// Everything a session knows about one symbol, and the one pipeline its bars
// go through: base bar → derived bars (aggregator) → indicators → quality.
// Warm-up, catch-up and live streaming all call the same AddBaseBar and
// AdvanceTo, which is what makes a late symbol identical to a configured one.
// Not thread-safe: owned by the session's step loop.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "aggregate/multi_aggregator.hpp"
#include "calendar/session_hours.hpp"
#include "indicators/historical_indicators.hpp"
#include "indicators/indicator.hpp"
#include "indicators/registry.hpp"
#include "loading/session_plan.hpp"
#include "model/bar.hpp"
#include "model/session_window.hpp"
#include "model/symbol.hpp"
#include "quality/session_quality.hpp"

namespace tapedeck::loading {

// One completed bar as the session delivers it to scanners and strategies.
struct BarEvent {
  Timestamp completed_at{};  // open_time + interval, cut at the session close.
  model::Interval interval;
  model::Bar bar;
};

struct IndicatorState {
  // What a bar touches first (one cache line of the array).
  std::unique_ptr<indicators::Indicator> indicator;
  std::optional<Timestamp> updated_at;  // Completion time of the last bar it consumed.
  std::string key;
  indicators::IndicatorSpec spec;
};

// Today's bars and quality of one interval.
struct IntervalSeries {
  model::Interval interval;
  bool events = false;             // Completed bars go to the event sink.
  std::vector<size_t> indicators;  // Indexes into indicators().
  std::vector<model::Bar> bars;
  std::optional<quality::SessionQuality> quality;  // Set by BeginSession.
};

// What the trailing history of one interval held before today.
struct HistoricalSeries {
  model::Interval interval;
  int64_t bar_count = 0;
  std::optional<Date> first_session;
  std::optional<Date> last_session;
  std::vector<std::pair<Date, quality::QualityReport>> quality;  // Per session, oldest first.
  std::string source;                                            // "store" or "derived from 1m".
};

// What one past session held, as the history windows need it. Filled once
// per (symbol, session), from the store or from the bars the session
// streamed, so a window that slides by a day computes one new session.
struct PastSession {
  struct IntervalCount {
    model::Interval interval;
    int64_t bar_count = 0;
    quality::QualityReport quality;
  };
  bool has_base = false;                    // `intervals` and `derived_daily` are filled.
  std::vector<IntervalCount> intervals;     // Intraday history intervals.
  std::optional<model::Bar> derived_daily;  // The 1d bar of the day's base bars.
  bool stored_daily_read = false;
  std::optional<model::Bar> stored_daily;  // The store's 1d bar for the day.
};

struct HistoricalIndicatorState {
  std::string key;
  indicators::HistoricalSpec spec;
  indicators::HistoricalValue value;
};

struct SessionMetrics {
  double volume = 0;
  std::optional<double> high;
  std::optional<double> low;
  std::optional<Timestamp> last_update;
};

// How many bars of `interval` a regular session of `hours` holds, at most a
// day of minutes: what a live session's bar vectors reserve.
inline constexpr int64_t kMaxReservedBars = 1440;
size_t SessionBarCount(model::Interval interval, const calendar::SessionHours& hours);

class SymbolState {
 public:
  // Creates the aggregator and the indicators of the plan. Errors name the
  // indicator or interval that cannot be built.
  static Result<std::unique_ptr<SymbolState>> Create(model::Symbol symbol,
                                                     std::shared_ptr<const SessionPlan> plan);

  // Starts a session day: today's bars, quality and metrics start empty and
  // session-anchored indicators (vwap) reset. Others carry their state.
  void BeginSession(const model::SessionWindow& window, const calendar::SessionHours& hours);

  // Room for the whole session's bars in each series (up to a day of
  // minutes; SessionBarCount). A live session asks for it: it steps every
  // symbol at once, and vectors that doubled in the same step for all 500
  // symbols took 20-40 ms at the 128th and 256th minute. A backtest does
  // not (its peak memory is lower without).
  void ReserveSessionBars(const calendar::SessionHours& hours);

  // One completed base bar, in time order, inside the current session.
  void AddBaseBar(const model::Bar& bar);
  // Time has reached `t`: closes derived buckets that ended by then and
  // scores quality up to `t`.
  void AdvanceTo(Timestamp t);

  // Takes an indicator warmed elsewhere on the same bars (a loader run with
  // `plan`, this symbol's plan with the indicator added). Errors when the
  // key exists or the interval is not one of the symbol's.
  Status AdoptIndicator(IndicatorState indicator, std::shared_ptr<const SessionPlan> plan);

  // Fetches toward the cache what AddBaseBar and AdvanceTo touch, in three
  // stages, each reading only pointers the stage before fetched: 0 the
  // object, 1 the arrays it holds, 2 the indicators and the series' ends. A
  // loop over many symbols runs each stage a few symbols ahead of the next,
  // stage 0 furthest (SessionEngine::PrefetchAhead; core/prefetch.hpp).
  void Prefetch(int stage) const;

  // A bar was injected by hand today: the day's streamed bars are then not
  // the store's, and must not become history. Cleared by BeginSession.
  void set_injected() { injected_ = true; }
  bool injected() const { return injected_; }

  // While warming up, bars update indicators but are not kept as today's
  // bars, scored or reported as events.
  void set_warming_up(bool warming_up) { warming_up_ = warming_up; }
  // Completed bars of the `intervals` given are appended to `sink` when it
  // is set (the session's event list); null stops it.
  void set_event_sink(std::vector<BarEvent>* sink, std::span<const model::Interval> intervals);

  const model::Symbol& symbol() const { return symbol_; }
  // What this symbol gets: the session's plan, or its own when it has extra
  // intervals or indicators, or is light.
  const SessionPlan& plan() const { return *plan_; }
  const std::shared_ptr<const SessionPlan>& shared_plan() const { return plan_; }
  const std::vector<IntervalSeries>& series() const { return series_; }
  const IntervalSeries* FindSeries(model::Interval interval) const;
  const std::vector<IndicatorState>& indicators() const { return indicators_; }
  // Moves indicator `index` out (for AdoptIndicator on another state); this
  // state must not be used after.
  IndicatorState ReleaseIndicator(size_t index) { return std::move(indicators_.at(index)); }
  const SessionMetrics& metrics() const { return metrics_; }
  const std::optional<model::SessionWindow>& window() const { return window_; }

  std::vector<HistoricalSeries>& historical() { return historical_; }
  const std::vector<HistoricalSeries>& historical() const { return historical_; }
  std::vector<HistoricalIndicatorState>& historical_indicators() { return historical_indicators_; }
  const std::vector<HistoricalIndicatorState>& historical_indicators() const {
    return historical_indicators_;
  }
  // Past sessions the history windows may still need, by date (the loader's).
  std::map<Date, PastSession>& past_sessions() { return past_sessions_; }

 private:
  SymbolState(model::Symbol symbol, std::shared_ptr<const SessionPlan> plan,
              aggregate::MultiAggregator aggregator)
      : aggregator_(std::move(aggregator)), plan_(std::move(plan)), symbol_(std::move(symbol)) {}
  void Deliver(IntervalSeries& series, const model::Bar& bar, Timestamp completed_at);
  void DeliverDerived();

  // What a bar touches comes first, side by side (a live step fetches it
  // from memory for 500 symbols at once).
  std::vector<IntervalSeries> series_;  // Base first, then derived, shortest first.
  std::vector<IndicatorState> indicators_;
  std::vector<aggregate::DerivedBar> derived_;  // Scratch, reused.
  std::vector<BarEvent>* events_ = nullptr;
  bool warming_up_ = false;
  bool injected_ = false;
  SessionMetrics metrics_;
  aggregate::MultiAggregator aggregator_;
  std::shared_ptr<const SessionPlan> plan_;
  model::Symbol symbol_;
  std::vector<HistoricalSeries> historical_;
  std::vector<HistoricalIndicatorState> historical_indicators_;
  std::map<Date, PastSession> past_sessions_;
  std::optional<model::SessionWindow> window_;
};

}  // namespace tapedeck::loading
