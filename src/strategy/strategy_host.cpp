#include "strategy/strategy_host.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <exception>
#include <fstream>

#include "indicators/historical_indicators.hpp"
#include "indicators/registry.hpp"
#include "strategy/registry.hpp"
#include "strategy/session_view.hpp"

namespace tapedeck::strategy {
namespace {

using Json = nlohmann::ordered_json;

// Scanner and strategy code may throw: its exceptions end here. Returns false
// (after recording the error) when `call` threw. `who` names the participant;
// it is built only on an error (Guarded runs for every bar). The error is
// stamped `at` (default: now).
template <typename Who, typename Call>
bool Guarded(session::SessionContext& context, const Who& who, Call&& call,
             std::optional<Timestamp> at = std::nullopt) {
  try {
    call();
    return true;
  } catch (const std::exception& e) {
    context.Record(session::ParticipantError{at.value_or(context.now()), who(), e.what()});
  } catch (...) {
    context.Record(session::ParticipantError{at.value_or(context.now()), who(),
                                             "threw a non-standard exception"});
  }
  return false;
}

auto ScannerWho(const ScannerSlot& slot) {
  return [&slot] { return "scanner " + slot.name; };
}
auto StrategyWho(const StrategySlot& slot) {
  return [&slot] { return "strategy " + slot.name; };
}

std::string JoinErrors(const std::vector<std::string>& errors) {
  std::string text;
  for (const std::string& error : errors) text += (text.empty() ? "" : "; ") + error;
  return text;
}

}  // namespace

StrategyHost::StrategyHost(std::vector<ScannerSlot> scanners, std::vector<StrategySlot> strategies)
    : scanners_(std::move(scanners)), strategies_(std::move(strategies)) {}

StrategyHost::~StrategyHost() = default;

void StrategyHost::Refresh() {
  bar_intervals_.clear();
  bar_interval_texts_.clear();
  sync_intervals_.clear();
  const auto add = [](std::vector<model::Interval>& to, model::Interval interval) {
    if (std::ranges::find(to, interval) == to.end()) to.push_back(interval);
  };
  for (StrategySlot& slot : strategies_) {
    slot.every_symbol = 0;
    if (slot.stopped) continue;
    for (const StrategySlot::Route& route : slot.routes) {
      const auto k = static_cast<size_t>(std::ranges::find(bar_intervals_, route.interval) -
                                         bar_intervals_.begin());
      if (k == bar_intervals_.size()) {
        bar_intervals_.push_back(route.interval);
        bar_interval_texts_.push_back(route.interval_text);
      }
      if (!route.symbol && k < 64) slot.every_symbol |= uint64_t{1} << k;
      if (slot.reads_session) add(sync_intervals_, route.interval);
    }
  }
}

void StrategyHost::Provision(ScannerSlot& slot, session::SessionContext& context) {
  const std::string who = ScannerWho(slot)();
  api::Provision provision;
  if (!Guarded(context, ScannerWho(slot), [&] { provision = slot.scanner->provision(); })) {
    slot.stopped = true;
    return;
  }
  session::EnsureSymbolCommand ensure;
  ensure.light = true;
  ensure.added_by = session::AddedBy::kScanner;
  ensure.requested_by = slot.name;
  std::vector<std::string> errors;
  for (const std::string& text : provision.intervals) {
    const Result<model::Interval> interval = model::Interval::Parse(text);
    if (interval.ok()) {
      ensure.intervals.push_back(*interval);
    } else {
      errors.push_back(interval.error().message());
    }
  }
  for (const api::IndicatorRequest& request : provision.indicators) {
    const Result<model::Interval> interval = model::Interval::Parse(request.interval);
    if (!interval.ok()) {
      errors.push_back(interval.error().message());
      continue;
    }
    const Result<indicators::IndicatorSpec> spec =
        indicators::ParseIndicatorSpec(request.name, request.period, {}, *interval);
    if (spec.ok()) {
      ensure.indicators.push_back(*spec);
    } else {
      errors.push_back(spec.error().message());
    }
  }
  for (const api::HistoricalRequest& request : provision.historical) {
    const Result<indicators::HistoricalSpec> spec =
        indicators::ParseHistoricalSpec(request.name, request.period, request.unit, {});
    if (spec.ok()) {
      ensure.historical_indicators.push_back(*spec);
    } else {
      errors.push_back(spec.error().message());
    }
  }
  if (!errors.empty()) {
    context.Record(
        session::ParticipantError{context.now(), who, "its provision: " + JoinErrors(errors)});
    slot.stopped = true;
    return;
  }
  for (const std::string& symbol : slot.universe) {
    ensure.symbol = symbol;
    const Status status = context.Apply(ensure, who);
    if (!status.ok()) errors.push_back(status.error().message());
  }
  if (!errors.empty()) {
    // The scanner goes on with the rest of its universe.
    context.Record(session::ParticipantError{
        context.now(), who,
        fmt::format("{} of {} universe symbols not added: {}", errors.size(), slot.universe.size(),
                    JoinErrors(errors))});
  }
  ScanView view(context, slot.universe);
  slot.set_up = Guarded(context, ScannerWho(slot), [&] { slot.scanner->Setup(view); });
  slot.stopped = !slot.set_up;
}

void StrategyHost::Subscribe(StrategySlot& slot, session::SessionContext& context) {
  const std::string who = StrategyWho(slot)();
  std::vector<api::Subscription> subscriptions;
  if (!Guarded(context, StrategyWho(slot), [&] {
        subscriptions = slot.strategy->Subscriptions();
        slot.reads_session = slot.strategy->reads_session();
      })) {
    slot.stopped = true;
    return;
  }
  std::vector<std::string> errors;
  for (const api::Subscription& subscription : subscriptions) {
    const Result<model::Interval> interval = model::Interval::Parse(subscription.interval);
    if (!interval.ok()) {
      errors.push_back(fmt::format("subscription {} {}: {}", subscription.symbol,
                                   subscription.interval, interval.error().message()));
      continue;
    }
    StrategySlot::Route route{std::nullopt, *interval, interval->ToString()};
    if (subscription.symbol != api::kAllSymbols) {
      const Result<model::Symbol> symbol = model::Symbol::Parse(subscription.symbol);
      if (!symbol.ok()) {
        errors.push_back(
            fmt::format("subscription {}: {}", subscription.symbol, symbol.error().message()));
        continue;
      }
      route.symbol = *symbol;
    }
    slot.routes.push_back(std::move(route));
  }
  if (!errors.empty()) {
    context.Record(session::ParticipantError{context.now(), who, JoinErrors(errors)});
    slot.stopped = true;
    slot.routes.clear();
    return;
  }
  // A symbol it names that is not in the session joins (added_by strategy);
  // one that lacks the interval is reported.
  for (const StrategySlot::Route& route : slot.routes) {
    if (!route.symbol) continue;
    const auto& symbols = context.session().symbols();
    const auto it = symbols.find(*route.symbol);
    if (it == symbols.end()) {
      session::EnsureSymbolCommand ensure;
      ensure.symbol = route.symbol->str();
      ensure.intervals = {route.interval};
      ensure.added_by = session::AddedBy::kStrategy;
      ensure.requested_by = slot.name;
      const Status status = context.Apply(ensure, who);
      if (!status.ok()) errors.push_back(status.error().message());
    } else if (it->second.state->FindSeries(route.interval) == nullptr) {
      errors.push_back(fmt::format("{} has no {} bars in this session: add {} to the streams",
                                   route.symbol->str(), route.interval_text, route.interval_text));
    }
  }
  if (!errors.empty()) {
    context.Record(session::ParticipantError{context.now(), who, JoinErrors(errors)});
  }
}

void StrategyHost::OnDayStart(const calendar::SessionHours& hours,
                              session::SessionContext& context) {
  hours_ = hours;
  if (first_day_) {
    first_day_ = false;
    for (ScannerSlot& slot : scanners_) Provision(slot, context);
    for (StrategySlot& slot : strategies_) Subscribe(slot, context);
  }
  for (ScannerSlot& slot : scanners_) {
    slot.today = slot.schedule.TimesOn(hours);
    slot.next = 0;
    if (slot.stopped) continue;
    if (slot.schedule.pre_session) RunScan(slot, context);
  }
  OnTime(context);  // Regular-session scans at the open.
  for (StrategySlot& slot : strategies_) {
    if (slot.stopped) continue;
    StrategyView view(context, slot.name);
    slot.stopped =
        !Guarded(context, StrategyWho(slot), [&] { slot.strategy->OnSessionStart(view); });
  }
  Refresh();
}

std::optional<Timestamp> StrategyHost::NextSyncPoint(Timestamp after) const {
  std::optional<Timestamp> next;
  const auto consider = [&](Timestamp t) {
    if (t > after && (!next || t < *next)) next = t;
  };
  for (const ScannerSlot& slot : scanners_) {
    if (slot.stopped) continue;
    const auto it = std::ranges::upper_bound(slot.today, after);
    if (it != slot.today.end()) consider(*it);
  }
  if (!hours_) return next;
  // Every bucket of a subscribed interval ends at open + k·length (cut at the
  // close), so each subscribed bar completes at a sync point.
  const Timestamp open = hours_->open;
  const Timestamp close = hours_->close;
  for (const model::Interval interval : sync_intervals_) {
    const Duration length = interval.duration();
    if (length >= close - open) {
      consider(close);
      continue;
    }
    const Timestamp end =
        after < open ? open + length : open + ((after - open) / length + 1) * length;
    consider(std::min(end, close));
  }
  return next;
}

void StrategyHost::OnBars(std::span<const session::SessionBar> bars,
                          session::SessionContext& context) {
  if (bar_intervals_.empty()) return;
  bool stopped_one = false;
  size_t next = 0;
  while (next < bars.size()) {
    // The bars completing at one time, each built once for every strategy.
    const Timestamp completed_at = bars[next].event->completed_at;
    updates_.clear();
    update_bars_.clear();
    uint64_t intervals = 0;  // Bit k: bar_intervals_[k] is among them.
    bool all_full = true;
    for (; next < bars.size() && bars[next].event->completed_at == completed_at; ++next) {
      const session::SessionBar& bar = bars[next];
      const auto wanted = std::ranges::find(bar_intervals_, bar.event->interval);
      if (wanted == bar_intervals_.end()) continue;
      const auto k = static_cast<size_t>(wanted - bar_intervals_.begin());
      const model::Bar& b = bar.event->bar;
      updates_.push_back(api::BarUpdate{
          bar.symbol->str(), bar.record->index, bar_interval_texts_[k], ToUnixNanos(completed_at),
          api::Bar{ToUnixNanos(b.open_time), b.open, b.high, b.low, b.close, b.volume}});
      update_bars_.push_back(&bar);
      intervals |= k < 64 ? uint64_t{1} << k : ~uint64_t{0};
      all_full &= bar.record->meets_requirements;  // "All symbols" means the full ones.
    }
    if (updates_.empty()) continue;
    for (StrategySlot& slot : strategies_) {
      if (slot.stopped) continue;
      std::span<const api::BarUpdate> mine = updates_;
      if (!all_full || (slot.every_symbol & intervals) != intervals) {
        routed_.clear();
        for (size_t i = 0; i < updates_.size(); ++i) {
          const session::SessionBar& bar = *update_bars_[i];
          const bool routed = std::ranges::any_of(slot.routes, [&](const auto& route) {
            return route.interval == bar.event->interval &&
                   (route.symbol ? *route.symbol == *bar.symbol : bar.record->meets_requirements);
          });
          if (routed) routed_.push_back(updates_[i]);
        }
        mine = routed_;
      }
      if (!mine.empty() && !Deliver(slot, mine, completed_at, context)) {
        slot.stopped = true;
        stopped_one = true;
      }
    }
  }
  if (stopped_one) Refresh();
}

bool StrategyHost::Deliver(StrategySlot& slot, std::span<const api::BarUpdate> updates,
                           Timestamp completed_at, session::SessionContext& context) {
  if (slot.reads_session) {
    StrategyView view(context, slot.name);
    return Guarded(context, StrategyWho(slot), [&] { slot.strategy->OnBars(updates, view); });
  }
  BarOnlyView view(context, slot.name, completed_at);
  // Stamped with the bars' time: flat out, the session is past it by now.
  if (!Guarded(
          context, StrategyWho(slot), [&] { slot.strategy->OnBars(updates, view); },
          completed_at)) {
    return false;
  }
  if (!view.refused()) return true;
  // It caught the refusal and went on: stopped all the same.
  context.Record(session::ParticipantError{completed_at, StrategyWho(slot)(), *view.refused()});
  return false;
}

void StrategyHost::OnTime(session::SessionContext& context) {
  const Timestamp now = context.now();
  for (ScannerSlot& slot : scanners_) {
    if (slot.stopped || slot.next >= slot.today.size() || slot.today[slot.next] > now) continue;
    while (slot.next < slot.today.size() && slot.today[slot.next] <= now) ++slot.next;
    RunScan(slot, context);
  }
}

void StrategyHost::RunScan(ScannerSlot& slot, session::SessionContext& context) {
  const std::string who = ScannerWho(slot)();
  ScanView view(context, slot.universe);
  api::ScanSelection selection;
  if (!Guarded(context, ScannerWho(slot), [&] { selection = slot.scanner->Scan(view); })) {
    slot.stopped = true;
    return;
  }
  std::vector<std::string> errors;
  for (const std::string& text : selection.selected) {
    const Result<model::Symbol> symbol = model::Symbol::Parse(text);
    if (!symbol.ok()) {
      errors.push_back(symbol.error().message());
      continue;
    }
    const auto& symbols = context.session().symbols();
    if (const auto it = symbols.find(*symbol);
        it != symbols.end() && it->second.meets_requirements) {
      continue;  // Already full: nothing to promote.
    }
    session::AddSymbolCommand add;
    add.symbols = {symbol->str()};
    add.added_by = session::AddedBy::kScanner;
    add.requested_by = slot.name;
    const Status status = context.Apply(add, who);
    if (!status.ok()) errors.push_back(status.error().message());
  }
  context.Record(
      session::ScanResult{context.now(), slot.name, selection.selected, selection.reason});
  if (!errors.empty()) {
    context.Record(
        session::ParticipantError{context.now(), who, "promoting: " + JoinErrors(errors)});
  }
}

void StrategyHost::OnDayEnd(session::SessionContext& context) {
  for (StrategySlot& slot : strategies_) {
    if (slot.stopped) continue;
    StrategyView view(context, slot.name);
    slot.stopped = !Guarded(context, StrategyWho(slot), [&] { slot.strategy->OnSessionEnd(view); });
  }
  Refresh();
}

void StrategyHost::OnRunEnd(session::SessionContext& context) {
  for (ScannerSlot& slot : scanners_) {
    if (!slot.set_up || slot.stopped) continue;
    ScanView view(context, slot.universe);
    slot.stopped = !Guarded(context, ScannerWho(slot), [&] { slot.scanner->Teardown(view); });
  }
}

}  // namespace tapedeck::strategy
