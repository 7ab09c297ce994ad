#include "loading/symbol_state.hpp"

#include <algorithm>

#include "core/prefetch.hpp"
#include "core/reserve_mapped.hpp"

namespace tapedeck::loading {

size_t SessionBarCount(model::Interval interval, const calendar::SessionHours& hours) {
  if (interval.is_daily_or_longer()) return 1;
  const Duration session = hours.close - hours.open;
  const int64_t count = (session + interval.duration() - Duration(1)) / interval.duration();
  return static_cast<size_t>(std::clamp<int64_t>(count, 1, kMaxReservedBars));
}

Result<std::unique_ptr<SymbolState>> SymbolState::Create(
    model::Symbol symbol, std::shared_ptr<const SessionPlan> shared) {
  const SessionPlan& plan = *shared;
  TD_ASSIGN_OR_RETURN(aggregate::MultiAggregator aggregator,
                      aggregate::MultiAggregator::Create(plan.base, plan.derived, plan.policies));
  std::unique_ptr<SymbolState> state(
      new SymbolState(std::move(symbol), std::move(shared), std::move(aggregator)));
  for (const model::Interval interval : plan.intervals()) {
    state->series_.push_back(IntervalSeries{interval, false, {}, {}, std::nullopt});
  }
  for (const indicators::IndicatorSpec& spec : plan.indicators) {
    TD_ASSIGN_OR_RETURN(auto indicator, indicators::CreateIndicator(spec));
    const auto series = std::ranges::find(state->series_, spec.interval, &IntervalSeries::interval);
    if (series == state->series_.end()) {
      return Error::InvalidArgument("indicator {} needs {} bars, which the session does not derive",
                                    indicators::IndicatorKey(spec), spec.interval.ToString());
    }
    series->indicators.push_back(state->indicators_.size());
    state->indicators_.push_back(
        IndicatorState{std::move(indicator), std::nullopt, indicators::IndicatorKey(spec), spec});
  }
  for (const indicators::HistoricalSpec& spec : plan.historical_indicators) {
    state->historical_indicators_.push_back(
        HistoricalIndicatorState{indicators::HistoricalKey(spec), spec, {}});
  }
  return state;
}

void SymbolState::set_event_sink(std::vector<BarEvent>* sink,
                                 std::span<const model::Interval> intervals) {
  events_ = sink;
  for (IntervalSeries& series : series_) {
    series.events =
        sink != nullptr && std::ranges::find(intervals, series.interval) != intervals.end();
  }
}

void SymbolState::Prefetch(int stage) const {
  switch (stage) {
    case 0:
      // The fields a bar touches, first in the object, up to the
      // aggregator's stages (its first line; the rest of it is for days and
      // weeks).
      PrefetchBytes(this, static_cast<size_t>(reinterpret_cast<const char*>(&aggregator_) -
                                              reinterpret_cast<const char*>(this)) +
                              kCacheLine);
      return;
    case 1:
      PrefetchBytes(series_.data(), series_.size() * sizeof(IntervalSeries));
      PrefetchBytes(indicators_.data(), indicators_.size() * sizeof(IndicatorState));
      aggregator_.Prefetch();
      if (events_ != nullptr) __builtin_prefetch(events_->data() + events_->size(), 1);
      return;
    default:
      for (const IndicatorState& indicator : indicators_) {
        PrefetchBytes(indicator.indicator.get(), 2 * kCacheLine);
      }
      for (const IntervalSeries& series : series_) {
        __builtin_prefetch(series.bars.data() + series.bars.size(), 1);
      }
      return;
  }
}

const IntervalSeries* SymbolState::FindSeries(model::Interval interval) const {
  const auto it = std::ranges::find(series_, interval, &IntervalSeries::interval);
  return it == series_.end() ? nullptr : &*it;
}

Status SymbolState::AdoptIndicator(IndicatorState indicator,
                                   std::shared_ptr<const SessionPlan> plan) {
  if (std::ranges::find(indicators_, indicator.key, &IndicatorState::key) != indicators_.end()) {
    return Error::InvalidArgument("{} already has indicator {}", symbol_.str(), indicator.key);
  }
  const auto series =
      std::ranges::find(series_, indicator.spec.interval, &IntervalSeries::interval);
  if (series == series_.end()) {
    return Error::InvalidArgument("{} has no {} bars for indicator {}", symbol_.str(),
                                  indicator.spec.interval.ToString(), indicator.key);
  }
  series->indicators.push_back(indicators_.size());
  indicators_.push_back(std::move(indicator));
  plan_ = std::move(plan);
  return Status::Ok();
}

void SymbolState::BeginSession(const model::SessionWindow& window,
                               const calendar::SessionHours& hours) {
  window_ = window;
  injected_ = false;
  derived_.clear();
  aggregator_.BeginSession(window, derived_);  // Empty: each day ends with AdvanceTo(close).
  DeliverDerived();
  for (IntervalSeries& series : series_) {
    series.bars.clear();
    series.quality.emplace(series.interval, hours);
  }
  for (IndicatorState& state : indicators_) {
    if (!state.indicator->session_anchored()) continue;
    state.indicator->Reset();
    state.updated_at.reset();  // It has seen nothing of this session yet.
  }
  metrics_ = SessionMetrics{};
}

void SymbolState::ReserveSessionBars(const calendar::SessionHours& hours) {
  for (IntervalSeries& series : series_) {
    ReserveMapped(series.bars, SessionBarCount(series.interval, hours));
  }
}

void SymbolState::AddBaseBar(const model::Bar& bar) {
  IntervalSeries& base_series = series_.front();
  const Timestamp completed_at = bar.open_time + base_series.interval.duration();
  Deliver(base_series, bar, completed_at);
  derived_.clear();
  aggregator_.Add(bar, derived_);
  DeliverDerived();
  if (!warming_up_) {
    metrics_.volume += bar.volume;
    metrics_.high = std::max(metrics_.high.value_or(bar.high), bar.high);
    metrics_.low = std::min(metrics_.low.value_or(bar.low), bar.low);
    metrics_.last_update = completed_at;
  }
}

void SymbolState::AdvanceTo(Timestamp t) {
  derived_.clear();
  aggregator_.AdvanceTo(t, derived_);
  DeliverDerived();
  if (warming_up_) return;
  for (IntervalSeries& series : series_) {
    if (series.quality) series.quality->AdvanceTo(t);
  }
}

void SymbolState::DeliverDerived() {
  for (const aggregate::DerivedBar& derived : derived_) {
    const auto series = std::ranges::find(series_, derived.interval, &IntervalSeries::interval);
    TD_DCHECK(series != series_.end());
    Deliver(*series, derived.bar, derived.end);
  }
}

void SymbolState::Deliver(IntervalSeries& series, const model::Bar& bar, Timestamp completed_at) {
  for (const size_t index : series.indicators) {
    IndicatorState& state = indicators_[index];
    state.indicator->Update(bar);
    state.updated_at = completed_at;
  }
  if (warming_up_) return;
  series.bars.push_back(bar);
  if (series.quality) series.quality->Add(bar);
  if (series.events) events_->push_back(BarEvent{completed_at, series.interval, bar});
}

}  // namespace tapedeck::loading
