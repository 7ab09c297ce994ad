#include "loading/symbol_loader.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <map>

#include "aggregate/batch.hpp"
#include "quality/score_session.hpp"

namespace tapedeck::loading {
namespace {

using model::Bar;
using model::Interval;

Result<calendar::SessionHours> HoursOf(const calendar::TradingCalendar& calendar, Date date) {
  TD_ASSIGN_OR_RETURN(const std::optional<calendar::SessionHours> hours, calendar.Session(date));
  if (!hours) return Error::InvalidArgument("{} is not a trading session", FormatDate(date));
  return *hours;
}

Date DateOf(Timestamp t) { return Date{std::chrono::floor<std::chrono::days>(t)}; }

std::string Names(std::span<const model::Symbol> symbols) {
  std::string names;
  for (const model::Symbol& symbol : symbols) names += (names.empty() ? "" : ",") + symbol.str();
  return names;
}

}  // namespace

std::span<const Bar> RegularHours(std::span<const Bar> bars, const calendar::SessionHours& hours) {
  const auto first = std::ranges::lower_bound(bars, hours.open, {}, &Bar::open_time);
  const auto last = std::ranges::lower_bound(first, bars.end(), hours.close, {}, &Bar::open_time);
  return {first, last};
}

// The sessions one symbol's history windows cover before a session day.
struct SymbolLoader::HistoryNeeds {
  Date session_date{};
  // Intraday intervals with their sessions (oldest first).
  std::vector<std::pair<Interval, std::vector<Date>>> intraday;
  // Daily windows: 1d history (when asked for), then one per historical
  // indicator, in the plan's order.
  std::optional<std::vector<Date>> daily_history;
  std::vector<std::vector<Date>> indicator_days;
  // Intervals longer than a day (1w …), computed from the store each time.
  std::vector<std::pair<Interval, std::vector<Date>>> longer;

  bool needs_daily() const { return daily_history.has_value() || !indicator_days.empty(); }
  template <typename Visit>
  void ForEachDailyWindow(Visit visit) const {
    if (daily_history) visit(*daily_history);
    for (const std::vector<Date>& days : indicator_days) visit(days);
  }
  std::optional<Date> first() const {
    std::optional<Date> first;
    const auto see = [&](const std::vector<Date>& days) {
      if (!days.empty() && (!first || days.front() < *first)) first = days.front();
    };
    for (const auto& [interval, days] : intraday) see(days);
    ForEachDailyWindow(see);
    return first;
  }
};

Status SymbolLoader::SessionBars(std::span<const model::Symbol> symbols, Interval base,
                                 const calendar::SessionHours& hours,
                                 std::span<std::vector<Bar>* const> out) {
  return source_.Bars(symbols, base, hours.open, hours.close, out);
}

Result<SymbolLoader::HistoryNeeds> SymbolLoader::Needs(const model::Symbol& symbol,
                                                       const SessionPlan& plan,
                                                       Date session_date) const {
  HistoryNeeds needs;
  needs.session_date = session_date;
  for (const Interval interval : plan.HistoryIntervals()) {
    const int trailing = plan.TrailingDays(symbol, interval);
    if (trailing == 0) continue;
    TD_ASSIGN_OR_RETURN(std::vector<Date> sessions,
                        calendar_.SessionsBefore(session_date, trailing));
    if (!interval.is_daily_or_longer()) {
      needs.intraday.emplace_back(interval, std::move(sessions));
    } else if (interval == Interval::Days(1)) {
      needs.daily_history = std::move(sessions);
    } else {
      needs.longer.emplace_back(interval, std::move(sessions));
    }
  }
  for (const indicators::HistoricalSpec& spec : plan.historical_indicators) {
    if (spec.unit == indicators::HistoricalSpec::Unit::kWeeks) {
      const Date from{std::chrono::sys_days(session_date) - std::chrono::weeks(spec.period)};
      TD_ASSIGN_OR_RETURN(const Date yesterday, calendar_.PreviousSession(session_date));
      TD_ASSIGN_OR_RETURN(needs.indicator_days.emplace_back(),
                          calendar_.SessionsBetween(from, yesterday));
    } else {
      TD_ASSIGN_OR_RETURN(needs.indicator_days.emplace_back(),
                          calendar_.SessionsBefore(session_date, spec.period));
    }
  }
  return needs;
}

Status SymbolLoader::FillFromBase(const model::Symbol& symbol, const SessionPlan& plan,
                                  PastSession& past, Date date, std::span<const Bar> bars,
                                  const SymbolState* streamed) {
  TD_ASSIGN_OR_RETURN(const calendar::SessionHours hours, HoursOf(calendar_, date));
  TD_ASSIGN_OR_RETURN(const model::SessionWindow window, calendar_.Window(date));
  const std::span<const Bar> day = RegularHours(bars, hours);
  const std::span<const model::SessionWindow> windows(&window, 1);
  past.intervals.clear();
  for (const Interval interval : plan.HistoryIntervals()) {
    if (interval.is_daily_or_longer() || plan.TrailingDays(symbol, interval) == 0) continue;
    // The session scored the day as it streamed: the same count and report
    // as scoring its bars afresh (SessionQuality's promise).
    const IntervalSeries* series = streamed ? streamed->FindSeries(interval) : nullptr;
    if (series != nullptr && series->quality && series->quality->until() >= hours.close) {
      past.intervals.push_back(PastSession::IntervalCount{interval, std::ssize(series->bars),
                                                          series->quality->report()});
      continue;
    }
    std::vector<Bar> derived;
    std::span<const Bar> interval_bars = day;
    if (interval != plan.base) {
      const auto policy = plan.policies.find(interval);
      TD_ASSIGN_OR_RETURN(const std::vector<aggregate::DerivedBar> out,
                          aggregate::AggregateBatch(day, windows, plan.base, interval,
                                                    policy == plan.policies.end()
                                                        ? aggregate::BucketPolicy::kEmitPartial
                                                        : policy->second));
      for (const aggregate::DerivedBar& d : out) derived.push_back(d.bar);
      interval_bars = derived;
    }
    past.intervals.push_back(PastSession::IntervalCount{
        interval, std::ssize(interval_bars),
        quality::ScoreSession(interval_bars, interval, hours, hours.close)});
  }
  past.derived_daily.reset();
  if (!plan.historical_indicators.empty() || plan.TrailingDays(symbol, Interval::Days(1)) > 0) {
    TD_ASSIGN_OR_RETURN(const std::vector<aggregate::DerivedBar> daily,
                        aggregate::AggregateBatch(day, windows, plan.base, Interval::Days(1),
                                                  aggregate::BucketPolicy::kEmitPartial));
    if (!daily.empty()) past.derived_daily = daily.front().bar;
  }
  past.has_base = true;
  return Status::Ok();
}

Status SymbolLoader::RecordSession(SymbolState& state) {
  // A day with a bar injected by hand is read back from the store instead.
  if (!state.window() || state.series().empty() || state.injected()) return Status::Ok();
  const Date date = state.window()->date;
  return FillFromBase(state.symbol(), state.plan(), state.past_sessions()[date], date,
                      state.series().front().bars, &state);
}

Status SymbolLoader::ReadStoredDaily(std::span<SymbolState* const> states,
                                     const std::vector<HistoryNeeds>& needs) {
  std::vector<model::Symbol> symbols;
  std::vector<size_t> which;
  std::optional<Date> first;
  std::optional<Date> last;
  for (size_t i = 0; i < states.size(); ++i) {
    bool wanted = false;
    needs[i].ForEachDailyWindow([&](const std::vector<Date>& days) {
      for (const Date date : days) {
        const auto past = states[i]->past_sessions().find(date);
        if (past != states[i]->past_sessions().end() && past->second.stored_daily_read) continue;
        wanted = true;
        if (!first || date < *first) first = date;
        if (!last || date > *last) last = date;
      }
    });
    if (wanted) {
      symbols.push_back(states[i]->symbol());
      which.push_back(i);
    }
  }
  if (symbols.empty()) return Status::Ok();
  TD_ASSIGN_OR_RETURN(const std::vector<std::vector<Bar>> stored,
                      store_.ReadMany(symbols, Interval::Days(1), StartOfDayUtc(*first),
                                      StartOfDayUtc(*last) + std::chrono::days(1)));
  for (size_t k = 0; k < which.size(); ++k) {
    std::map<Date, PastSession>& pasts = states[which[k]]->past_sessions();
    std::map<Date, const Bar*> by_date;
    for (const Bar& bar : stored[k]) by_date[DateOf(bar.open_time)] = &bar;
    needs[which[k]].ForEachDailyWindow([&](const std::vector<Date>& days) {
      for (const Date date : days) {
        PastSession& past = pasts[date];
        if (past.stored_daily_read) continue;
        past.stored_daily_read = true;
        if (const auto bar = by_date.find(date); bar != by_date.end()) {
          past.stored_daily = *bar->second;
        }
      }
    });
  }
  return Status::Ok();
}

Status SymbolLoader::ReadBase(std::span<SymbolState* const> states,
                              const std::vector<HistoryNeeds>& needs, const BaseBars* prefetched) {
  // Sessions each state must fill from base bars: its intraday windows, and
  // every daily window the store does not hold completely (derived instead).
  std::vector<std::vector<Date>> missing(states.size());
  std::vector<size_t> which;  // States that read from the store.
  for (size_t i = 0; i < states.size(); ++i) {
    std::map<Date, PastSession>& pasts = states[i]->past_sessions();
    const auto want = [&](const std::vector<Date>& days) {
      for (const Date date : days) {
        if (!pasts[date].has_base) missing[i].push_back(date);
      }
    };
    for (const auto& [interval, days] : needs[i].intraday) want(days);
    needs[i].ForEachDailyWindow([&](const std::vector<Date>& days) {
      if (!std::ranges::all_of(days, [&](Date d) { return pasts[d].stored_daily.has_value(); })) {
        want(days);
      }
    });
    if (missing[i].empty()) continue;
    std::ranges::sort(missing[i]);
    const auto [dup, end] = std::ranges::unique(missing[i]);
    missing[i].erase(dup, end);
    TD_ASSIGN_OR_RETURN(const calendar::SessionHours open, HoursOf(calendar_, missing[i].front()));
    TD_ASSIGN_OR_RETURN(const calendar::SessionHours close, HoursOf(calendar_, missing[i].back()));
    if (prefetched != nullptr && open.open >= prefetched->from && close.close <= prefetched->to) {
      for (const Date date : missing[i]) {
        TD_RETURN_IF_ERROR(FillFromBase(states[i]->symbol(), states[i]->plan(), pasts[date], date,
                                        prefetched->bars[i]));
      }
      missing[i].clear();
      continue;
    }
    which.push_back(i);
  }
  // One query per base interval (symbols with a finer base of their own
  // read apart).
  while (!which.empty()) {
    const Interval base = states[which.front()]->plan().base;
    std::vector<model::Symbol> symbols;
    std::vector<size_t> group;
    std::optional<Date> first;
    std::optional<Date> last;
    std::erase_if(which, [&](size_t i) {
      if (states[i]->plan().base != base) return false;
      symbols.push_back(states[i]->symbol());
      group.push_back(i);
      if (!first || missing[i].front() < *first) first = missing[i].front();
      if (!last || missing[i].back() > *last) last = missing[i].back();
      return true;
    });
    TD_ASSIGN_OR_RETURN(const calendar::SessionHours open, HoursOf(calendar_, *first));
    TD_ASSIGN_OR_RETURN(const calendar::SessionHours close, HoursOf(calendar_, *last));
    TD_ASSIGN_OR_RETURN(const std::vector<std::vector<Bar>> bars,
                        store_.ReadMany(symbols, base, open.open, close.close));
    for (size_t k = 0; k < group.size(); ++k) {
      SymbolState& state = *states[group[k]];
      for (const Date date : missing[group[k]]) {
        TD_RETURN_IF_ERROR(
            FillFromBase(state.symbol(), state.plan(), state.past_sessions()[date], date, bars[k]));
      }
    }
  }
  return Status::Ok();
}

Result<std::vector<Bar>> SymbolLoader::DerivedHistory(const model::Symbol& symbol,
                                                      const SessionPlan& plan,
                                                      std::span<const Date> sessions,
                                                      Interval interval) {
  if (sessions.empty()) return std::vector<Bar>{};
  TD_ASSIGN_OR_RETURN(const calendar::SessionHours first, HoursOf(calendar_, sessions.front()));
  TD_ASSIGN_OR_RETURN(const calendar::SessionHours last, HoursOf(calendar_, sessions.back()));
  TD_ASSIGN_OR_RETURN(const std::vector<Bar> all,
                      store_.Read(symbol, plan.base, first.open, last.close));
  std::vector<Bar> base;
  std::vector<model::SessionWindow> windows;
  for (const Date date : sessions) {
    TD_ASSIGN_OR_RETURN(const calendar::SessionHours hours, HoursOf(calendar_, date));
    const std::span<const Bar> day = RegularHours(all, hours);
    base.insert(base.end(), day.begin(), day.end());
    TD_ASSIGN_OR_RETURN(windows.emplace_back(), calendar_.Window(date));
  }
  const auto policy = plan.policies.find(interval);
  TD_ASSIGN_OR_RETURN(
      const std::vector<aggregate::DerivedBar> derived,
      aggregate::AggregateBatch(
          base, windows, plan.base, interval,
          policy == plan.policies.end() ? aggregate::BucketPolicy::kEmitPartial : policy->second));
  std::vector<Bar> bars;
  bars.reserve(derived.size());
  for (const aggregate::DerivedBar& d : derived) bars.push_back(d.bar);
  return bars;
}

Status SymbolLoader::ComputeHistory(SymbolState& state, const HistoryNeeds& needs) {
  const SessionPlan& plan = state.plan();
  std::map<Date, PastSession>& pasts = state.past_sessions();
  // Daily bars of a window: the store's when it holds every session, else
  // derived from the base bars of every session.
  const auto daily = [&](const std::vector<Date>& days, std::string& source) {
    std::vector<Bar> bars;
    const bool stored =
        std::ranges::all_of(days, [&](Date d) { return pasts.at(d).stored_daily.has_value(); });
    source = stored ? "store" : fmt::format("derived from {}", plan.base.ToString());
    for (const Date date : days) {
      const PastSession& past = pasts.at(date);
      const std::optional<Bar>& bar = stored ? past.stored_daily : past.derived_daily;
      if (bar) bars.push_back(*bar);
    }
    return bars;
  };

  std::vector<HistoricalSeries>& historical = state.historical();
  historical.clear();
  for (const auto& [interval, days] : needs.intraday) {
    HistoricalSeries series{interval, 0, days.front(), days.back(), {}, "store"};
    if (interval != plan.base) series.source = fmt::format("derived from {}", plan.base.ToString());
    for (const Date date : days) {
      const PastSession& past = pasts.at(date);
      const auto count =
          std::ranges::find(past.intervals, interval, &PastSession::IntervalCount::interval);
      TD_CHECK(count != past.intervals.end(), "no {} record for {}", interval.ToString(),
               FormatDate(date));
      series.bar_count += count->bar_count;
      series.quality.emplace_back(date, count->quality);
    }
    historical.push_back(std::move(series));
  }
  if (needs.daily_history) {
    const std::vector<Date>& days = *needs.daily_history;
    HistoricalSeries series{Interval::Days(1), 0, days.front(), days.back(), {}, ""};
    series.bar_count = std::ssize(daily(days, series.source));
    historical.push_back(std::move(series));
  }
  for (const auto& [interval, days] : needs.longer) {
    TD_ASSIGN_OR_RETURN(const std::vector<Bar> bars,
                        DerivedHistory(state.symbol(), plan, days, interval));
    historical.push_back(HistoricalSeries{interval,
                                          std::ssize(bars),
                                          days.front(),
                                          days.back(),
                                          {},
                                          fmt::format("derived from {}", plan.base.ToString())});
  }
  std::ranges::sort(historical, {}, &HistoricalSeries::interval);
  for (size_t i = 0; i < state.historical_indicators().size(); ++i) {
    HistoricalIndicatorState& indicator = state.historical_indicators()[i];
    std::string source;
    const std::vector<Bar> bars = daily(needs.indicator_days[i], source);
    indicator.value = indicators::ComputeHistorical(indicator.spec, bars, needs.session_date);
  }
  // Forget the sessions no window reaches any more.
  if (const std::optional<Date> first = needs.first()) {
    pasts.erase(pasts.begin(), pasts.lower_bound(*first));
  } else {
    pasts.clear();
  }
  return Status::Ok();
}

Status SymbolLoader::RefreshHistory(std::span<SymbolState* const> states, Date session_date) {
  std::vector<HistoryNeeds> needs;
  needs.reserve(states.size());
  for (SymbolState* state : states) {
    TD_ASSIGN_OR_RETURN(needs.emplace_back(), Needs(state->symbol(), state->plan(), session_date));
  }
  return RefreshHistory(states, needs, nullptr);
}

Status SymbolLoader::RefreshHistory(std::span<SymbolState* const> states,
                                    const std::vector<HistoryNeeds>& needs,
                                    const BaseBars* prefetched) {
  TD_RETURN_IF_ERROR(ReadStoredDaily(states, needs).WithContext("reading daily bars"));
  TD_RETURN_IF_ERROR(ReadBase(states, needs, prefetched).WithContext("reading base bars"));
  for (size_t i = 0; i < states.size(); ++i) {
    TD_RETURN_IF_ERROR(ComputeHistory(*states[i], needs[i]).WithContext(states[i]->symbol().str()));
  }
  return Status::Ok();
}

Result<std::vector<Date>> SymbolLoader::WarmupSessions(const model::Symbol& symbol,
                                                       const SessionPlan& plan,
                                                       Date session_date) const {
  const int trailing = plan.TrailingDays(symbol, plan.base);
  TD_ASSIGN_OR_RETURN(std::vector<Date> sessions,
                      calendar_.SessionsBefore(plan.run_start, trailing));
  if (plan.run_start < session_date) {
    TD_ASSIGN_OR_RETURN(const Date yesterday, calendar_.PreviousSession(session_date));
    if (plan.run_start <= yesterday) {
      TD_ASSIGN_OR_RETURN(const std::vector<Date> run_days,
                          calendar_.SessionsBetween(plan.run_start, yesterday));
      sessions.insert(sessions.end(), run_days.begin(), run_days.end());
    }
  }
  return sessions;
}

Status SymbolLoader::Warm(SymbolState& state, std::span<const Date> sessions,
                          std::span<const Bar> bars) {
  state.set_warming_up(true);
  for (const Date date : sessions) {
    TD_ASSIGN_OR_RETURN(const calendar::SessionHours hours, HoursOf(calendar_, date));
    TD_ASSIGN_OR_RETURN(const model::SessionWindow window, calendar_.Window(date));
    state.BeginSession(window, hours);
    for (const Bar& bar : RegularHours(bars, hours)) state.AddBaseBar(bar);
    state.AdvanceTo(hours.close);
  }
  state.set_warming_up(false);
  return Status::Ok();
}

LoadedBatch SymbolLoader::Load(std::span<const model::Symbol> symbols,
                               std::shared_ptr<const SessionPlan> shared_plan, Date session_date,
                               Timestamp now) {
  const SessionPlan& plan = *shared_plan;
  LoadedBatch batch;
  const Timestamp started = wall_clock_.Now();
  Timestamp mark = started;
  const auto lap = [&](Duration& into, std::string_view step,
                       std::span<const model::Symbol> covered) {
    const Timestamp t = wall_clock_.Now();
    into = t - mark;
    mark = t;
    spdlog::info("load {} of {} for {}: {}", step, Names(covered), FormatDate(session_date),
                 FormatDuration(into));
  };
  std::vector<std::optional<Error>> errors(symbols.size());
  std::vector<LoadedSymbol> loaded(symbols.size());
  // The symbols still loading, and their states, in the order asked.
  std::vector<model::Symbol> live;
  std::vector<SymbolState*> states;
  std::vector<size_t> index;
  const auto fail_all = [&](const Error& error, std::string_view step) {
    for (const size_t i : index) {
      errors[i] = error.WithContext(fmt::format("loading {}: {}", symbols[i].str(), step));
    }
    live.clear();
    states.clear();
    index.clear();
  };
  const auto stop_if_cancelled = [&](std::string_view step) {
    if (cancel_ != nullptr && cancel_->load(std::memory_order_relaxed) && !live.empty()) {
      fail_all(Error::InvalidArgument("interrupted: the load stopped and added nothing"), step);
    }
  };

  for (size_t i = 0; i < symbols.size(); ++i) {
    auto state = SymbolState::Create(symbols[i], shared_plan);
    if (!state.ok()) {
      errors[i] = state.error().WithContext(fmt::format("loading {}: register", symbols[i].str()));
      continue;
    }
    loaded[i].state = std::move(state).value();
    live.push_back(symbols[i]);
    states.push_back(loaded[i].state.get());
    index.push_back(i);
  }
  lap(batch.times.register_symbol, "register", live);
  stop_if_cancelled("register");

  // One read of the base bars for every warm-up and history session.
  std::vector<std::vector<Date>> warmup(live.size());
  std::vector<HistoryNeeds> needs;
  std::optional<Date> first;
  for (size_t k = 0; k < live.size(); ++k) {
    auto sessions = WarmupSessions(live[k], plan, session_date);
    auto symbol_needs = Needs(live[k], plan, session_date);
    if (!sessions.ok() || !symbol_needs.ok()) {
      fail_all(sessions.ok() ? symbol_needs.error() : sessions.error(), "history");
      break;
    }
    warmup[k] = std::move(sessions).value();
    needs.push_back(std::move(symbol_needs).value());
    for (const auto& [interval, days] : needs.back().intraday) {
      if (!days.empty() && (!first || days.front() < *first)) first = days.front();
    }
    if (!warmup[k].empty() && (!first || warmup[k].front() < *first)) first = warmup[k].front();
  }
  BaseBars prefetched;
  if (first && !live.empty()) {
    const auto open = HoursOf(calendar_, *first);
    const auto today = HoursOf(calendar_, session_date);
    if (!open.ok() || !today.ok()) {
      fail_all(open.ok() ? today.error() : open.error(), "history");
    } else {
      prefetched.from = open->open;
      prefetched.to = today->open;
      auto bars = store_.ReadMany(live, plan.base, prefetched.from, prefetched.to);
      if (!bars.ok()) {
        fail_all(bars.error(), "history");
      } else {
        prefetched.bars = std::move(bars).value();
      }
    }
  }
  if (!live.empty()) {
    const Status history = RefreshHistory(states, needs, first ? &prefetched : nullptr);
    if (!history.ok()) fail_all(history.error(), "history");
  }
  lap(batch.times.history, "history", live);
  stop_if_cancelled("history");

  for (size_t k = 0; k < live.size(); ++k) {
    stop_if_cancelled("warm-up");
    if (live.empty()) break;
    const std::span<const Bar> bars =
        prefetched.bars.empty() ? std::span<const Bar>() : std::span<const Bar>(prefetched.bars[k]);
    const Status warm = Warm(*states[k], warmup[k], bars);
    if (!warm.ok()) {
      fail_all(warm.error(), "warm-up");
      break;
    }
  }
  lap(batch.times.warmup, "warm-up", live);
  stop_if_cancelled("warm-up");

  const auto hours = HoursOf(calendar_, session_date);
  const auto window = calendar_.Window(session_date);
  if (!hours.ok() || !window.ok())
    fail_all(hours.ok() ? window.error() : hours.error(), "catch-up");
  if (!live.empty()) {
    std::vector<std::vector<Bar>*> today;
    for (const size_t i : index) today.push_back(&loaded[i].today);
    const Status read = SessionBars(live, plan.base, *hours, today);
    if (!read.ok()) fail_all(read.error(), "today's bars");
    const Duration base = plan.base.duration();
    for (size_t k = 0; k < live.size(); ++k) {
      LoadedSymbol& symbol = loaded[index[k]];
      SymbolState& state = *symbol.state;
      state.BeginSession(*window, *hours);
      while (symbol.next < symbol.today.size() &&
             symbol.today[symbol.next].open_time + base <= now) {
        state.AddBaseBar(symbol.today[symbol.next++]);
      }
      state.AdvanceTo(std::max(now, hours->open));
    }
  }
  lap(batch.times.catchup, "catch-up", live);
  batch.times.total = mark - started;

  batch.symbols.reserve(symbols.size());
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (errors[i]) {
      batch.symbols.emplace_back(*errors[i]);
    } else {
      batch.symbols.emplace_back(std::move(loaded[i]));
    }
  }
  return batch;
}

}  // namespace tapedeck::loading
