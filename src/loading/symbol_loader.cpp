#include "loading/symbol_loader.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "aggregate/batch.hpp"
#include "quality/score_session.hpp"

namespace tapedeck::loading {
namespace {

using model::Bar;
using model::Interval;

// Keeps the bars inside [open, close) of `hours`, from a sorted span.
std::span<const Bar> RegularHours(std::span<const Bar> bars, const calendar::SessionHours& hours) {
  const auto first = std::ranges::lower_bound(bars, hours.open, {}, &Bar::open_time);
  const auto last = std::ranges::lower_bound(bars, hours.close, {}, &Bar::open_time);
  return {first, last};
}

Result<calendar::SessionHours> HoursOf(const calendar::TradingCalendar& calendar, Date date) {
  TD_ASSIGN_OR_RETURN(const std::optional<calendar::SessionHours> hours, calendar.Session(date));
  if (!hours) return Error::InvalidArgument("{} is not a trading session", FormatDate(date));
  return *hours;
}

}  // namespace

Result<std::vector<Bar>> SymbolLoader::SessionBars(const model::Symbol& symbol,
                                                   const calendar::SessionHours& hours) {
  return source_.Bars(symbol, plan_.base, hours.open, hours.close);
}

Result<std::vector<Bar>> SymbolLoader::StoredBars(const model::Symbol& symbol, Interval interval,
                                                  std::span<const Date> sessions) {
  if (sessions.empty()) return std::vector<Bar>{};
  TD_ASSIGN_OR_RETURN(const calendar::SessionHours first, HoursOf(calendar_, sessions.front()));
  TD_ASSIGN_OR_RETURN(const calendar::SessionHours last, HoursOf(calendar_, sessions.back()));
  TD_ASSIGN_OR_RETURN(std::vector<Bar> all, store_.Read(symbol, interval, first.open, last.close));
  if (interval.is_daily_or_longer()) return all;
  std::vector<Bar> regular;
  regular.reserve(all.size());
  for (const Date date : sessions) {
    TD_ASSIGN_OR_RETURN(const calendar::SessionHours hours, HoursOf(calendar_, date));
    const std::span<const Bar> day = RegularHours(all, hours);
    regular.insert(regular.end(), day.begin(), day.end());
  }
  return regular;
}

Result<LoadedSymbol> SymbolLoader::Load(const model::Symbol& symbol, Date session_date,
                                        Timestamp now) {
  const auto context = [&](std::string_view step) {
    return fmt::format("loading {}: {}", symbol.str(), step);
  };
  LoadedSymbol loaded;
  const Timestamp started = wall_clock_.Now();
  Timestamp mark = started;
  const auto lap = [&](Duration& into) {
    const Timestamp t = wall_clock_.Now();
    into = t - mark;
    mark = t;
  };

  TD_ASSIGN_OR_RETURN(loaded.state,
                      SymbolState::Create(symbol, plan_).WithContext(context("register")));
  lap(loaded.times.register_symbol);

  TD_RETURN_IF_ERROR(RefreshHistory(*loaded.state, session_date).WithContext(context("history")));
  lap(loaded.times.history);

  TD_RETURN_IF_ERROR(Warm(*loaded.state, session_date).WithContext(context("warm-up")));
  lap(loaded.times.warmup);

  TD_ASSIGN_OR_RETURN(const calendar::SessionHours hours, HoursOf(calendar_, session_date));
  TD_ASSIGN_OR_RETURN(const model::SessionWindow window, calendar_.Window(session_date));
  TD_ASSIGN_OR_RETURN(loaded.today,
                      SessionBars(symbol, hours).WithContext(context("today's bars")));
  SymbolState& state = *loaded.state;
  state.BeginSession(window, hours);
  const Duration base = plan_.base.duration();
  while (loaded.next < loaded.today.size() && loaded.today[loaded.next].open_time + base <= now) {
    state.AddBaseBar(loaded.today[loaded.next++]);
  }
  state.AdvanceTo(std::max(now, hours.open));
  lap(loaded.times.catchup);
  loaded.times.total = mark - started;
  spdlog::info("loaded {} for {} up to {}: {} history, {} warm-up, {} catch-up bars", symbol.str(),
               FormatDate(session_date), FormatTimestamp(now), FormatDuration(loaded.times.history),
               FormatDuration(loaded.times.warmup), loaded.next);
  return loaded;
}

Status SymbolLoader::Warm(SymbolState& state, Date session_date) {
  // The warm-up a configured symbol had: the trailing sessions before the run
  // start, then every session of the run before today.
  const int trailing = plan_.TrailingDays(state.symbol(), plan_.base);
  TD_ASSIGN_OR_RETURN(std::vector<Date> sessions,
                      calendar_.SessionsBefore(plan_.run_start, trailing));
  if (plan_.run_start < session_date) {
    TD_ASSIGN_OR_RETURN(const Date yesterday, calendar_.PreviousSession(session_date));
    if (plan_.run_start <= yesterday) {
      TD_ASSIGN_OR_RETURN(const std::vector<Date> run_days,
                          calendar_.SessionsBetween(plan_.run_start, yesterday));
      sessions.insert(sessions.end(), run_days.begin(), run_days.end());
    }
  }
  if (sessions.empty()) return Status::Ok();
  TD_ASSIGN_OR_RETURN(const std::vector<Bar> bars,
                      StoredBars(state.symbol(), plan_.base, sessions));
  state.set_warming_up(true);
  auto next = bars.begin();
  for (const Date date : sessions) {
    TD_ASSIGN_OR_RETURN(const calendar::SessionHours hours, HoursOf(calendar_, date));
    TD_ASSIGN_OR_RETURN(const model::SessionWindow window, calendar_.Window(date));
    state.BeginSession(window, hours);
    for (; next != bars.end() && next->open_time < hours.close; ++next) state.AddBaseBar(*next);
    state.AdvanceTo(hours.close);
  }
  state.set_warming_up(false);
  return Status::Ok();
}

Result<std::vector<Bar>> SymbolLoader::DailyHistory(const model::Symbol& symbol,
                                                    std::span<const Date> sessions,
                                                    std::string& source) {
  const Interval daily = Interval::Days(1);
  if (sessions.empty()) return std::vector<Bar>{};
  TD_ASSIGN_OR_RETURN(std::vector<Bar> stored,
                      store_.Read(symbol, daily, StartOfDayUtc(sessions.front()),
                                  StartOfDayUtc(sessions.back()) + std::chrono::days(1)));
  if (stored.size() == sessions.size()) {
    source = "store";
    return stored;
  }
  // Not all stored: derive every day from regular-hours base bars instead.
  source = fmt::format("derived from {}", plan_.base.ToString());
  return DerivedHistory(symbol, sessions, daily, aggregate::BucketPolicy::kEmitPartial);
}

Result<std::vector<Bar>> SymbolLoader::DerivedHistory(const model::Symbol& symbol,
                                                      std::span<const Date> sessions,
                                                      Interval interval,
                                                      aggregate::BucketPolicy policy) {
  TD_ASSIGN_OR_RETURN(const std::vector<Bar> base, StoredBars(symbol, plan_.base, sessions));
  std::vector<model::SessionWindow> windows;
  for (const Date date : sessions) {
    TD_ASSIGN_OR_RETURN(windows.emplace_back(), calendar_.Window(date));
  }
  TD_ASSIGN_OR_RETURN(const std::vector<aggregate::DerivedBar> derived,
                      aggregate::AggregateBatch(base, windows, plan_.base, interval, policy));
  std::vector<Bar> bars;
  bars.reserve(derived.size());
  for (const aggregate::DerivedBar& d : derived) bars.push_back(d.bar);
  return bars;
}

Status SymbolLoader::RefreshHistory(SymbolState& state, Date session_date) {
  const model::Symbol& symbol = state.symbol();
  std::vector<HistoricalSeries>& historical = state.historical();
  historical.clear();
  std::vector<Interval> intervals = plan_.intervals();
  for (const HistoryRequest& request : plan_.history) {
    for (const Interval interval : request.intervals) {
      if (std::ranges::find(intervals, interval) == intervals.end()) intervals.push_back(interval);
    }
  }
  std::ranges::sort(intervals);
  for (const Interval interval : intervals) {
    const int trailing = plan_.TrailingDays(symbol, interval);
    if (trailing == 0) continue;
    TD_ASSIGN_OR_RETURN(const std::vector<Date> sessions,
                        calendar_.SessionsBefore(session_date, trailing));
    HistoricalSeries series{interval, 0, sessions.front(), sessions.back(), {}, "store"};
    std::vector<Bar> bars;
    if (interval == plan_.base) {
      TD_ASSIGN_OR_RETURN(bars, StoredBars(symbol, interval, sessions));
    } else if (interval == Interval::Days(1)) {
      TD_ASSIGN_OR_RETURN(bars, DailyHistory(symbol, sessions, series.source));
    } else {
      const auto policy = plan_.policies.find(interval);
      TD_ASSIGN_OR_RETURN(bars, DerivedHistory(symbol, sessions, interval,
                                               policy == plan_.policies.end()
                                                   ? aggregate::BucketPolicy::kEmitPartial
                                                   : policy->second));
      series.source = fmt::format("derived from {}", plan_.base.ToString());
    }
    series.bar_count = static_cast<int64_t>(bars.size());
    if (!interval.is_daily_or_longer()) {
      for (const Date date : sessions) {
        TD_ASSIGN_OR_RETURN(const calendar::SessionHours hours, HoursOf(calendar_, date));
        series.quality.emplace_back(
            date, quality::ScoreSession(RegularHours(bars, hours), interval, hours, hours.close));
      }
    }
    historical.push_back(std::move(series));
  }
  for (HistoricalIndicatorState& indicator : state.historical_indicators()) {
    const indicators::HistoricalSpec& spec = indicator.spec;
    std::vector<Date> sessions;
    if (spec.unit == indicators::HistoricalSpec::Unit::kWeeks) {
      const Date from{std::chrono::sys_days(session_date) - std::chrono::weeks(spec.period)};
      TD_ASSIGN_OR_RETURN(const Date yesterday, calendar_.PreviousSession(session_date));
      TD_ASSIGN_OR_RETURN(sessions, calendar_.SessionsBetween(from, yesterday));
    } else {
      TD_ASSIGN_OR_RETURN(sessions, calendar_.SessionsBefore(session_date, spec.period));
    }
    std::string source;
    TD_ASSIGN_OR_RETURN(const std::vector<Bar> daily, DailyHistory(symbol, sessions, source));
    indicator.value = indicators::ComputeHistorical(spec, daily, session_date);
  }
  return Status::Ok();
}

}  // namespace tapedeck::loading
