#include "session/session_engine.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "calendar/zone.hpp"
#include "core/cpu_pin.hpp"
#include "core/prefetch.hpp"
#include "core/reserve_mapped.hpp"

namespace tapedeck::session {

std::string_view ToString(SessionState state) {
  switch (state) {
    case SessionState::kCreated:
      return "created";
    case SessionState::kRunning:
      return "running";
    case SessionState::kPaused:
      return "paused";
    case SessionState::kStopped:
      return "stopped";
    case SessionState::kFinished:
      return "finished";
  }
  return "unknown";
}

SessionEngine::SessionEngine(SessionSetup setup, store::BarStore& store, loading::BarSource& source,
                             const calendar::TradingCalendar& calendar,
                             const clock::Clock& wall_clock, clock::SimulatedClock* simulated_wall)
    : setup_(std::move(setup)),
      store_(store),
      source_(source),
      calendar_(calendar),
      wall_clock_(wall_clock),
      simulated_wall_(simulated_wall),
      loader_(store, source, calendar, wall_clock),
      speed_(setup_.speed) {
  setup_.plan.run_start = setup_.start_date;
  session_plan_ = std::make_shared<const loading::SessionPlan>(setup_.plan);
  std::ranges::stable_sort(setup_.script, {}, &ScheduledCommand::at);
}

void SessionEngine::AddParticipant(std::unique_ptr<SessionParticipant> participant) {
  TD_CHECK(state_ == SessionState::kCreated, "participants join before the run");
  participants_.push_back(std::move(participant));
}

void SessionEngine::set_live(loading::LiveBarSource* live, Duration ready_timeout, LiveWait wait) {
  TD_CHECK(state_ == SessionState::kCreated, "a session goes live before its run");
  TD_CHECK(live == nullptr || static_cast<loading::BarSource*>(live) == &source_,
           "the live source must be the engine's bar source");
  live_ = live;
  ready_timeout_ = ready_timeout;
  live_wait_ = wait;
}

std::optional<loading::LiveStatus> SessionEngine::live_status() const {
  if (live_ == nullptr) return std::nullopt;
  return live_->status();
}

Status SessionEngine::Run() {
  TD_ASSIGN_OR_RETURN(const std::vector<Date> days,
                      calendar_.SessionsBetween(setup_.start_date, setup_.end_date));
  if (days.empty()) {
    return Error::InvalidArgument("no trading session between {} and {}",
                                  FormatDate(setup_.start_date), FormatDate(setup_.end_date));
  }
  // The loop's thread stays on its CPU for the run (live latency setting).
  std::optional<CpuPin> pin;
  if (live_ != nullptr && live_wait_.cpu) {
    Result<CpuPin> pinned = CpuPin::Pin(*live_wait_.cpu);
    if (!pinned.ok()) {
      const Error error = pinned.error().WithContext("live_config.session_cpu");
      state_ = SessionState::kStopped;
      queue_.Close(error);  // Nobody waits forever on a ticket.
      return Status(error);
    }
    pin.emplace(std::move(pinned).value());
    spdlog::info("live session: its loop runs on CPU {}{}", *live_wait_.cpu,
                 live_wait_.busy ? ", polling the feed" : "");
  }
  const Timestamp wall_start = wall_clock_.Now();
  state_ = SessionState::kRunning;
  // The feed wakes the loop when bars arrive.
  if (live_ != nullptr) live_->set_on_change([this] { queue_.Wake(); });
  Status result = Status::Ok();
  for (size_t i = 0; i < days.size() && !stop_requested_; ++i) {
    result = RunDay(days[i], i == 0);
    if (!result.ok()) break;
    ++totals_.days;
  }
  if (live_ != nullptr) live_->set_on_change({});
  if (result.ok()) {
    SessionContext context(*this);
    for (const auto& participant : participants_) participant->OnRunEnd(context);
  }
  state_ = stop_requested_ || !result.ok() ? SessionState::kStopped : SessionState::kFinished;
  totals_.wall_time = wall_clock_.Now() - wall_start;
  // Commands still queued get an answer rather than a broken promise, also
  // when the run failed: whoever waits on one must not wait forever.
  queue_.Close(Error::InvalidArgument("the session has ended"));
  return result;
}

Status SessionEngine::StartDay(Date date, bool first_day) {
  TD_ASSIGN_OR_RETURN(const std::optional<calendar::SessionHours> hours, calendar_.Session(date));
  TD_CHECK(hours.has_value(), "{} is not a session", FormatDate(date));
  TD_ASSIGN_OR_RETURN(const model::SessionWindow window, calendar_.Window(date));
  date_ = date;
  hours_ = *hours;
  now_ = hours->open;
  if (first_day) {
    // Live: the feed follows them from now on (their bars since the open
    // arrive with its backfill and are taken step by step).
    if (live_ != nullptr) live_->Follow(setup_.symbols);
    loading::LoadedBatch batch = loader_.Load(setup_.symbols, session_plan_, date, now_);
    SessionGap gap{now_, {}, batch.times};
    for (size_t i = 0; i < setup_.symbols.size(); ++i) {
      TD_ASSIGN_OR_RETURN(loading::LoadedSymbol loaded, std::move(batch.symbols[i]));
      gap.symbols.push_back(setup_.symbols[i].str());
      SymbolRecord record = MakeRecord(std::move(loaded), AddedBy::kConfig, true);
      record.index = next_index_++;
      symbols_.emplace(setup_.symbols[i], std::move(record));
      ++symbols_changes_;
    }
    if (!gap.symbols.empty()) totals_.gaps.push_back(std::move(gap));
    return Status::Ok();
  }
  std::vector<loading::SymbolState*> states;
  for (auto& [symbol, record] : symbols_) {
    TD_RETURN_IF_ERROR(loader_.RecordSession(*record.state)
                           .WithContext(fmt::format("recording {}'s last session", symbol.str())));
    states.push_back(record.state.get());
  }
  TD_RETURN_IF_ERROR(loader_.RefreshHistory(states, date)
                         .WithContext(fmt::format("rolling to {}", FormatDate(date))));
  // Today's bars: one read per base interval (the session's, and any finer
  // one a symbol asked for).
  std::vector<model::Interval> bases;
  for (const auto& [symbol, record] : symbols_) {
    const model::Interval base = record.state->plan().base;
    if (std::ranges::find(bases, base) == bases.end()) bases.push_back(base);
  }
  for (const model::Interval base : bases) {
    std::vector<model::Symbol> names;
    std::vector<std::vector<model::Bar>*> today;
    for (auto& [symbol, record] : symbols_) {
      if (record.state->plan().base != base) continue;
      names.push_back(symbol);
      today.push_back(&record.today);
    }
    TD_RETURN_IF_ERROR(loader_.SessionBars(names, base, *hours, today));
  }
  for (auto& [symbol, record] : symbols_) {
    record.state->BeginSession(window, *hours);
    record.next = 0;
    record.state->AdvanceTo(hours->open);
  }
  return Status::Ok();
}

SymbolRecord SessionEngine::MakeRecord(loading::LoadedSymbol loaded, AddedBy added_by,
                                       bool meets_requirements) const {
  SymbolRecord record;
  record.base = loaded.state->plan().base;
  record.intervals = loaded.state->plan().intervals();
  record.state = std::move(loaded.state);
  record.added_by = added_by;
  record.added_at = now_;
  record.meets_requirements = meets_requirements;
  record.today = std::move(loaded.today);
  record.next = loaded.next;
  // Live bars are appended as they come: room for the day, so that no step
  // grows every symbol's vectors at once (SymbolState::ReserveSessionBars).
  if (live_ != nullptr && hours_) {
    ReserveMapped(record.today, loading::SessionBarCount(record.base, *hours_));
    record.state->ReserveSessionBars(*hours_);
  }
  return record;
}

Status SessionEngine::RunDay(Date date, bool first_day) {
  const Timestamp started = wall_clock_.Now();
  TD_RETURN_IF_ERROR(StartDay(date, first_day));
  const Timestamp streaming = wall_clock_.Now();
  (first_day ? totals_.pre_session_load : totals_.day_rolls) += streaming - started;
  if (!participants_.empty()) {
    // Pre-session scans and strategies' session start, at the open.
    SessionContext context(*this);
    for (const auto& participant : participants_) participant->OnDayStart(*hours_, context);
  }
  Reanchor();
  ApplyCommands();
  if (live_ != nullptr) {
    TD_RETURN_IF_ERROR(RunLiveDay());
  } else {
    RunReplayDay();
  }
  if (!participants_.empty()) {
    SessionContext context(*this);
    for (const auto& participant : participants_) participant->OnDayEnd(context);
  }
  totals_.streaming += wall_clock_.Now() - streaming;
  return Status::Ok();
}

Timestamp SessionEngine::NextStop(Timestamp t) const {
  // A participant's sync point is a step in every mode, so what it sees at
  // that time does not depend on the speed.
  if (const auto sync = NextSyncPoint(); sync && *sync < t) t = *sync;
  if (next_script_ < setup_.script.size() && setup_.script[next_script_].at < t) {
    t = std::max(now_, setup_.script[next_script_].at);
  }
  return t;
}

void SessionEngine::RunReplayDay() {
  const Timestamp close = hours_->close;
  while (!stop_requested_) {
    Timestamp t = NextStop(close);
    if (RunsAhead()) {
      // One step straight there: each symbol in turn takes all its bars up to it.
      Step(t);
    } else {
      if (const auto next = NextBarTime(); next && *next < t) t = *next;
      Pace(t);
      if (stop_requested_) break;
      Step(t);
    }
    Notify();
    ApplyCommands();
    if (t >= close) break;
  }
}

Status SessionEngine::RunLiveDay() {
  const Timestamp close = hours_->close;
  while (!stop_requested_) {
    if (Status failed = live_->failure(); !failed.ok()) {
      return Status(failed.error()).WithContext("the live feed gave up");
    }
    const OrderedRecords& ordered = Ordered();
    const Timestamp t = NextStop(std::min(close, live_->Horizon(ordered.symbols, hours_->open)));
    if (t <= now_) {
      // Nothing new yet: wait for the feed (it wakes the queue) or a command.
      WarmCaches();
      const Timestamp deadline = wall_clock_.Now() + std::chrono::milliseconds(250);
      if (live_wait_.busy) {
        queue_.SpinUntil(deadline, wall_clock_);
      } else {
        queue_.WaitUntil(deadline);
      }
      ApplyCommands();
      continue;
    }
    // Each symbol's bars that completed by t, after those it has, straight
    // into today's bars.
    live_taken_from_.clear();
    for (const SymbolRecord* record : ordered.records) {
      live_taken_from_.push_back(record->today.size());
    }
    live_->Take(ordered.symbols, t, ordered.today);
    // Only regular-session bars stream, as in a backtest (the feed also
    // sends pre- and after-market bars).
    for (size_t i = 0; i < ordered.records.size(); ++i) {
      std::vector<model::Bar>& today = ordered.records[i]->today;
      const auto taken = today.begin() + static_cast<std::ptrdiff_t>(live_taken_from_[i]);
      if (taken == today.end()) continue;
      const std::span<const model::Bar> regular =
          loading::RegularHours({taken, today.end()}, *hours_);
      if (regular.size() == static_cast<size_t>(today.end() - taken)) continue;
      std::copy(regular.begin(), regular.end(), taken);
      today.resize(live_taken_from_[i] + regular.size());
    }
    Step(t);
    Notify();
    ApplyCommands();
    if (t >= close) break;
  }
  return Status::Ok();
}

void SessionEngine::PrefetchAhead(std::span<SymbolRecord* const> records, size_t i) {
  const size_t n = records.size();
  if (i + 8 < n) PrefetchObject(*records[i + 8]);
  if (i + 6 < n) {
    const SymbolRecord& ahead = *records[i + 6];
    ahead.state->Prefetch(0);
    __builtin_prefetch(ahead.today.data() + ahead.next);
  }
  if (i + 4 < n) records[i + 4]->state->Prefetch(1);
  if (i + 2 < n) records[i + 2]->state->Prefetch(2);
}

void SessionEngine::WarmCaches() {
  const std::vector<SymbolRecord*>& records = Ordered().records;
  for (size_t i = 0; i < records.size() + 8; ++i) PrefetchAhead(records, i);
}

const SessionEngine::OrderedRecords& SessionEngine::Ordered() {
  if (ordered_.changes == symbols_changes_) return ordered_;
  ordered_.symbols.clear();
  ordered_.records.clear();
  ordered_.today.clear();
  for (auto& [symbol, record] : symbols_) {
    ordered_.symbols.push_back(symbol);
    ordered_.records.push_back(&record);
    ordered_.today.push_back(&record.today);
  }
  ordered_.changes = symbols_changes_;
  return ordered_;
}

bool SessionEngine::RunsAhead() const {
  return speed_ == 0 && state_ == SessionState::kRunning && steps_left_ == 0 && !step_until_;
}

std::optional<Timestamp> SessionEngine::NextBarTime() const {
  std::optional<Timestamp> next;
  for (const auto& [symbol, record] : symbols_) {
    if (record.next < record.today.size()) {
      const Timestamp t = record.today[record.next].open_time + record.base.duration();
      if (!next || t < *next) next = t;
    }
  }
  return next;
}

void SessionEngine::Step(Timestamp t) {
  now_ = t;
  ++totals_.steps;
  wanting_.clear();
  for (const auto& participant : participants_) {
    for (const model::Interval interval : participant->BarIntervals()) {
      if (std::ranges::find(wanting_, interval) == wanting_.end()) wanting_.push_back(interval);
    }
  }
  if (wanting_ != wanted_) {
    wanted_.swap(wanting_);
    ++sink_generation_;
    // Bars collected since the last step (add_bar) of intervals no longer
    // wanted go: the sinks hold only wanted intervals (Notify relies on it).
    for (auto& [symbol, record] : symbols_) {
      std::erase_if(record.events, [this](const loading::BarEvent& event) {
        return std::ranges::find(wanted_, event.interval) == wanted_.end();
      });
    }
  }
  const std::vector<SymbolRecord*>& records = Ordered().records;
  for (size_t i = 0; i < records.size(); ++i) {
    // A live step finds most symbols out of cache (the feed ran since the
    // last step): the next symbols are fetched while this one works.
    PrefetchAhead(records, i);
    SymbolRecord& record = *records[i];
    loading::SymbolState& state = *record.state;
    // Set when the wanted intervals changed, or on a record that joined since.
    if (record.sink_generation != sink_generation_) {
      state.set_event_sink(wanted_.empty() ? nullptr : &record.events, wanted_);
      record.sink_generation = sink_generation_;
    }
    const size_t from = record.next;
    const Duration base = record.base.duration();
    while (record.next < record.today.size() && record.today[record.next].open_time + base <= t) {
      state.AddBaseBar(record.today[record.next++]);
    }
    totals_.base_bars += static_cast<int64_t>(record.next - from);
    state.AdvanceTo(t);
  }
  if (steps_left_ > 0) --steps_left_;
}

std::optional<Timestamp> SessionEngine::NextSyncPoint() const {
  std::optional<Timestamp> next;
  for (const auto& participant : participants_) {
    const std::optional<Timestamp> sync = participant->NextSyncPoint(now_);
    if (sync && *sync > now_ && (!next || *sync < *next)) next = sync;
  }
  return next;
}

void SessionEngine::Notify() {
  if (participants_.empty()) return;
  // The step's bars go out in delivery order: completion time, base before
  // derived (shorter first), then symbol order. A run ahead collects a whole
  // day, yet its bars share few distinct (time, rank) keys, and each symbol's
  // come almost in key order: a counting sort over the distinct keys places
  // every bar once, symbols in order, so ties keep symbol order.
  const auto key_of = [](const loading::BarEvent& event, model::Interval base) {
    return DeliveryKey{event.completed_at,
                       event.interval == base ? Duration(-1) : event.interval.duration()};
  };
  // The slot of `key` in delivery_keys_, searched from `hint` (the slot of
  // the symbol's previous bar).
  const auto slot_of = [this](const DeliveryKey& key, size_t hint) {
    if (hint < delivery_keys_.size() && delivery_keys_[hint] == key) return hint;
    return static_cast<size_t>(std::ranges::lower_bound(delivery_keys_, key) -
                               delivery_keys_.begin());
  };
  // The ordered records, not the map: the step just walked them, and an
  // array finds the next record without a cache miss.
  const OrderedRecords& ordered = Ordered();
  delivery_keys_.clear();
  bar_slots_.clear();
  for (const SymbolRecord* record : ordered.records) {
    size_t slot = 0;
    for (const loading::BarEvent& event : record->events) {  // Only wanted intervals (Step).
      const DeliveryKey key = key_of(event, record->base);
      slot = slot_of(key, slot);
      if (slot == delivery_keys_.size() || delivery_keys_[slot] != key) {
        // A new key (rarely not the last): the bars seen with later keys move up.
        delivery_keys_.insert(delivery_keys_.begin() + static_cast<std::ptrdiff_t>(slot), key);
        if (slot + 1 < delivery_keys_.size()) {
          for (uint32_t& seen : bar_slots_) seen += seen >= slot ? 1 : 0;
        }
      }
      bar_slots_.push_back(static_cast<uint32_t>(slot));
      ++slot;  // The next bar most likely has the next key.
    }
  }
  // Bars per key, then where each key's bars start.
  slot_counts_.assign(delivery_keys_.size() + 1, 0);
  for (const uint32_t slot : bar_slots_) ++slot_counts_[slot + 1];
  for (size_t i = 1; i < slot_counts_.size(); ++i) slot_counts_[i] += slot_counts_[i - 1];
  delivered_.resize(bar_slots_.size());
  size_t next = 0;
  for (size_t i = 0; i < ordered.records.size(); ++i) {
    const SymbolRecord& record = *ordered.records[i];
    for (const loading::BarEvent& event : record.events) {
      const uint32_t at = slot_counts_[bar_slots_[next]]++;
      delivered_[at] =
          SessionBar{&ordered.symbols[i], &record, &event, event.interval == record.base};
      ++next;
    }
  }
  // Every participant gets the bars before any is told the time: an
  // OnTime may change the symbols, and the bars point into their records.
  SessionContext context(*this);
  if (!delivered_.empty()) {
    for (const auto& participant : participants_) participant->OnBars(delivered_, context);
  }
  // Ordered() again: should a participant break OnBars' contract and add or
  // remove a symbol, the array is rebuilt rather than read stale.
  for (SymbolRecord* record : Ordered().records) record->events.clear();
  for (const auto& participant : participants_) participant->OnTime(context);
}

void SessionEngine::Reanchor() {
  origin_sim_ = now_;
  origin_wall_ = wall_clock_.Now();
}

void SessionEngine::Pace(Timestamp t) {
  while (speed_ > 0 && state_ == SessionState::kRunning && !stop_requested_) {
    const auto offset =
        std::chrono::duration_cast<Duration>(std::chrono::duration<double, std::nano>(
            static_cast<double>((t - origin_sim_).count()) / speed_));
    const Timestamp deadline = origin_wall_ + offset;
    if (wall_clock_.Now() >= deadline) return;
    if (simulated_wall_ != nullptr) {
      simulated_wall_->AdvanceTo(deadline);
      return;
    }
    if (queue_.WaitUntil(deadline)) ApplyCommands();  // Commands may change speed or pause.
  }
}

void SessionEngine::ApplyCommands() {
  while (true) {
    while (next_script_ < setup_.script.size() && setup_.script[next_script_].at <= now_) {
      const ScheduledCommand& scripted = setup_.script[next_script_++];
      const Status status = Apply(scripted.command, AddedBy::kScript);
      // A read changes nothing, so it leaves no trace in the result.
      if (!std::holds_alternative<ReadCommand>(scripted.command)) {
        command_log_.push_back(
            CommandRecord{now_, Describe(scripted.command), "script",
                          status.ok() ? std::nullopt : std::optional(status.error().message())});
      }
      if (!status.ok())
        spdlog::warn("scripted command {} failed: {}", Describe(scripted.command),
                     status.error().message());
    }
    for (auto& entry : queue_.TakeAll()) {
      const Status status = Apply(entry.command, AddedBy::kShell);
      // Pacing and stepping are not part of the result: the export stays the
      // same however a run was paused or paced.
      const bool control = std::holds_alternative<ReadCommand>(entry.command) ||
                           std::holds_alternative<PauseCommand>(entry.command) ||
                           std::holds_alternative<ResumeCommand>(entry.command) ||
                           std::holds_alternative<StepCommand>(entry.command) ||
                           std::holds_alternative<SetSpeedCommand>(entry.command);
      if (!control || !status.ok()) {
        command_log_.push_back(
            CommandRecord{now_, Describe(entry.command), "queue",
                          status.ok() ? std::nullopt : std::optional(status.error().message())});
      }
      entry.done.set_value(status);
    }
    // A step until a time ends when the clock gets there.
    if (step_until_ && now_ >= *step_until_) {
      step_until_.reset();
      steps_left_ = 0;
    }
    const bool waiting =
        state_ == SessionState::kPaused && steps_left_ == 0 && !step_until_ && !stop_requested_;
    if (!waiting) return;
    queue_.WaitUntil(std::nullopt);
  }
}

Status SessionEngine::Apply(const Command& command, AddedBy source) {
  struct Visitor {
    SessionEngine& engine;
    AddedBy source;
    Status operator()(const AddSymbolCommand& c) {
      AddSymbolCommand copy = c;
      if (source == AddedBy::kScript) copy.added_by = AddedBy::kScript;
      return engine.AddSymbols(copy);
    }
    Status operator()(const RemoveSymbolCommand& c) { return engine.RemoveSymbol(c); }
    Status operator()(const EnsureSymbolCommand& c) {
      EnsureSymbolCommand copy = c;
      if (source == AddedBy::kScript) copy.added_by = AddedBy::kScript;
      return engine.EnsureSymbol(copy);
    }
    Status operator()(const AddIndicatorCommand& c) { return engine.AddIndicator(c); }
    Status operator()(const AddBarCommand& c) { return engine.AddBar(c); }
    Status operator()(const SetSpeedCommand& c) {
      if (c.speed < 0)
        return Error::InvalidArgument("speed {} must be 0 (as fast as possible) or more", c.speed);
      engine.speed_ = c.speed;
      engine.Reanchor();
      return Status::Ok();
    }
    Status operator()(const PauseCommand&) {
      if (engine.state_ != SessionState::kRunning)
        return Error::InvalidArgument("the session is not running");
      engine.state_ = SessionState::kPaused;
      return Status::Ok();
    }
    Status operator()(const ResumeCommand&) {
      if (engine.state_ != SessionState::kPaused)
        return Error::InvalidArgument("the session is not paused");
      engine.state_ = SessionState::kRunning;
      engine.steps_left_ = 0;
      engine.Reanchor();
      return Status::Ok();
    }
    Status operator()(const StepCommand& c) {
      if (engine.state_ != SessionState::kPaused)
        return Error::InvalidArgument("step needs a paused session: pause first");
      if (c.until) {
        engine.step_until_ = c.until;
        engine.steps_left_ = std::numeric_limits<int>::max();
      } else {
        if (c.steps < 1) return Error::InvalidArgument("step count {} must be at least 1", c.steps);
        engine.steps_left_ = c.steps;
      }
      return Status::Ok();
    }
    Status operator()(const StopCommand&) {
      engine.stop_requested_ = true;
      return Status::Ok();
    }
    Status operator()(const ReadCommand& c) {
      c.read(engine);
      return Status::Ok();
    }
  };
  return std::visit(Visitor{*this, source}, command);
}

namespace {

Status Joined(const std::vector<std::string>& errors) {
  if (errors.empty()) return Status::Ok();
  std::string message = errors.front();
  for (size_t i = 1; i < errors.size(); ++i) message += "; " + errors[i];
  return Error::InvalidArgument("{}", message);
}

}  // namespace

void SessionEngine::Join(std::span<const model::Symbol> symbols,
                         std::shared_ptr<const loading::SessionPlan> plan, AddedBy added_by,
                         const std::string& requested_by, bool meets_requirements,
                         std::vector<std::string>& errors) {
  if (symbols.empty()) return;
  std::vector<model::Symbol> ready;
  if (live_ != nullptr) {
    // Its bars since the open come with the feed's backfill: load once they are in.
    live_->Follow(symbols);
    const std::vector<model::Symbol> late =
        live_->WaitReady(symbols, wall_clock_.Now() + ready_timeout_, interrupt_);
    for (const model::Symbol& symbol : symbols) {
      if (std::ranges::find(late, symbol) == late.end()) {
        ready.push_back(symbol);
        continue;
      }
      errors.push_back(fmt::format(
          "{}: the feed sent no backfill for it within {} s (is the feed connected, and does it "
          "know {}?)",
          symbol.str(), std::chrono::duration_cast<std::chrono::seconds>(ready_timeout_).count(),
          symbol.str()));
      if (!symbols_.contains(symbol)) live_->Unfollow(std::span<const model::Symbol>(&symbol, 1));
    }
    symbols = ready;
    if (symbols.empty()) return;
  }
  loading::LoadedBatch batch = loader_.Load(symbols, plan, *date_, now_);
  SessionGap gap{now_, {}, batch.times};
  for (size_t i = 0; i < symbols.size(); ++i) {
    Result<loading::LoadedSymbol>& loaded = batch.symbols[i];
    if (!loaded.ok()) {
      errors.push_back(loaded.error().message());
      continue;
    }
    bool any_history = false;
    for (const auto& series : loaded->state->historical()) any_history |= series.bar_count > 0;
    if (loaded->today.empty() && !any_history) {
      errors.push_back(
          fmt::format("no {} bars of {} in the store for {} or its history: import them first",
                      plan->base.ToString(), symbols[i].str(), FormatDate(*date_)));
      continue;
    }
    gap.symbols.push_back(symbols[i].str());
    const auto light = symbols_.find(symbols[i]);
    SymbolRecord record = MakeRecord(std::move(loaded).value(), added_by, meets_requirements);
    if (!requested_by.empty()) record.added_by_name = requested_by;
    if (light != symbols_.end()) {
      record.upgraded_from = "light";
      record.index = light->second.index;
      light->second = std::move(record);
    } else {
      record.index = next_index_++;
      symbols_.emplace(symbols[i], std::move(record));
      ++symbols_changes_;
    }
  }
  if (!gap.symbols.empty()) totals_.gaps.push_back(std::move(gap));
  Reanchor();  // Simulated time did not move during the load.
}

Status SessionEngine::AddSymbols(const AddSymbolCommand& command) {
  if (!date_) return Error::InvalidArgument("the session has not started yet");
  std::shared_ptr<const loading::SessionPlan> plan = session_plan_;
  if (!command.intervals.empty()) {
    plan = std::make_shared<const loading::SessionPlan>(
        session_plan_->WithIntervals(command.intervals));
    // Fails early, naming the interval, when it cannot be derived.
    TD_RETURN_IF_ERROR(aggregate::MultiAggregator::Create(plan->base, plan->derived, plan->policies)
                           .status()
                           .WithContext("symbol intervals"));
  }
  std::vector<std::string> errors;
  std::vector<model::Symbol> loading;
  for (const std::string& text : command.symbols) {
    auto symbol = model::Symbol::Parse(text);
    if (!symbol.ok()) {
      errors.push_back(symbol.error().message());
      continue;
    }
    if (const auto it = symbols_.find(*symbol);
        it != symbols_.end() && it->second.meets_requirements) {
      errors.push_back(fmt::format("{} is already in the session (added by {} at {})",
                                   symbol->str(), ToString(it->second.added_by),
                                   calendar::NewYork().Format(it->second.added_at)));
      continue;
    }
    if (std::ranges::find(loading, *symbol) == loading.end()) loading.push_back(*symbol);
  }
  // A light symbol that a scanner or strategy promotes keeps what its
  // provision asked for (the scanner's extra intervals and indicators) on top
  // of the full plan, so scanners still find them after the promotion; each
  // such symbol loads with its own plan. Others upgrade to the full plan alone.
  std::vector<model::Symbol> fresh;
  std::vector<model::Symbol> upgrades;
  for (const model::Symbol& symbol : loading) {
    const bool keeps = !command.requested_by.empty() && symbols_.contains(symbol);
    (keeps ? upgrades : fresh).push_back(symbol);
  }
  Join(fresh, plan, command.added_by, command.requested_by, true, errors);
  for (const model::Symbol& symbol : upgrades) {
    const loading::SessionPlan& light = symbols_.at(symbol).state->plan();
    const std::vector<model::Interval> light_intervals = light.intervals();
    loading::SessionPlan merged = plan->WithIntervals(light_intervals);
    for (const indicators::IndicatorSpec& spec : light.indicators) {
      if (std::ranges::find(merged.indicators, spec) == merged.indicators.end()) {
        merged.indicators.push_back(spec);
      }
    }
    for (const indicators::HistoricalSpec& spec : light.historical_indicators) {
      if (std::ranges::find(merged.historical_indicators, spec) ==
          merged.historical_indicators.end()) {
        merged.historical_indicators.push_back(spec);
      }
    }
    Join(std::span<const model::Symbol>(&symbol, 1),
         std::make_shared<const loading::SessionPlan>(std::move(merged)), command.added_by,
         command.requested_by, true, errors);
  }
  return Joined(errors);
}

Status SessionEngine::EnsureSymbol(const EnsureSymbolCommand& command) {
  if (!date_) return Error::InvalidArgument("the session has not started yet");
  TD_ASSIGN_OR_RETURN(const model::Symbol symbol, model::Symbol::Parse(command.symbol));
  if (const auto it = symbols_.find(symbol); it != symbols_.end()) {
    // Already in the session: it gets the indicators asked for on top (a
    // scanner's, for a universe symbol that is also configured), warmed as
    // add_indicator warms them.
    std::vector<std::string> errors;
    for (const indicators::IndicatorSpec& spec : command.indicators) {
      const std::string key = indicators::IndicatorKey(spec);
      const auto& held = it->second.state->indicators();
      if (std::ranges::find(held, key, &loading::IndicatorState::key) != held.end()) continue;
      if (Status added = AddIndicator(AddIndicatorCommand{symbol.str(), spec}); !added.ok()) {
        errors.push_back(added.error().message());
      }
    }
    for (const indicators::HistoricalSpec& spec : command.historical_indicators) {
      const std::string key = indicators::HistoricalKey(spec);
      const auto& held = it->second.state->historical_indicators();
      if (std::ranges::find(held, key, &loading::HistoricalIndicatorState::key) != held.end()) {
        continue;
      }
      errors.push_back(fmt::format(
          "{} is in the session without historical indicator {}{}: add it to "
          "session_data_config.indicators.historical",
          symbol.str(), key,
          command.requested_by.empty() ? "" : ", which " + command.requested_by + " reads"));
    }
    return Joined(errors);
  }
  std::shared_ptr<const loading::SessionPlan> plan = session_plan_;
  if (command.light) {
    // The base, the intervals and indicators asked for, and the history of
    // those intervals for warm-up; no historical indicators.
    loading::SessionPlan light = *session_plan_;
    light.derived.clear();
    light.indicators = command.indicators;
    light.historical_indicators = command.historical_indicators;
    std::vector<model::Interval> intervals = command.intervals;
    for (const indicators::IndicatorSpec& spec : command.indicators) {
      intervals.push_back(spec.interval);
    }
    light = light.WithIntervals(intervals);
    const std::vector<model::Interval> kept = light.intervals();
    for (loading::HistoryRequest& request : light.history) {
      std::erase_if(request.intervals, [&](model::Interval interval) {
        return std::ranges::find(kept, interval) == kept.end();
      });
    }
    plan = std::make_shared<const loading::SessionPlan>(std::move(light));
  } else if (!command.intervals.empty()) {
    plan = std::make_shared<const loading::SessionPlan>(
        session_plan_->WithIntervals(command.intervals));
  }
  std::vector<std::string> errors;
  Join(std::span<const model::Symbol>(&symbol, 1), plan, command.added_by, command.requested_by,
       !command.light, errors);
  return Joined(errors);
}

Status SessionEngine::AddIndicator(const AddIndicatorCommand& command) {
  TD_ASSIGN_OR_RETURN(const model::Symbol symbol, model::Symbol::Parse(command.symbol));
  const auto it = symbols_.find(symbol);
  if (it == symbols_.end()) return Error::InvalidArgument("{} is not in the session", symbol.str());
  loading::SymbolState& state = *it->second.state;
  const std::string key = indicators::IndicatorKey(command.spec);
  if (std::ranges::find(state.indicators(), key, &loading::IndicatorState::key) !=
      state.indicators().end()) {
    return Error::InvalidArgument("{} already has indicator {}", symbol.str(), key);
  }
  if (!state.FindSeries(command.spec.interval)) {
    return Error::InvalidArgument(
        "{} has no {} bars for {}: add the symbol with that interval (symbol add {} --intervals "
        "{})",
        symbol.str(), command.spec.interval.ToString(), key, symbol.str(),
        command.spec.interval.ToString());
  }
  // Warm the indicator exactly as a configured one: load the symbol afresh
  // with a plan holding only it, up to now, and keep the indicator.
  loading::SessionPlan alone = state.plan();
  alone.indicators = {command.spec};
  alone.historical_indicators.clear();
  loading::SessionPlan extended = state.plan();
  extended.indicators.push_back(command.spec);
  loading::LoadedBatch batch =
      loader_.Load(std::span<const model::Symbol>(&symbol, 1),
                   std::make_shared<const loading::SessionPlan>(std::move(alone)), *date_, now_);
  TD_ASSIGN_OR_RETURN(loading::LoadedSymbol loaded, std::move(batch.symbols.front()));
  totals_.gaps.push_back(SessionGap{now_, {symbol.str()}, batch.times});
  Reanchor();
  return state.AdoptIndicator(loaded.state->ReleaseIndicator(0),
                              std::make_shared<const loading::SessionPlan>(std::move(extended)));
}

Status SessionEngine::AddBar(const AddBarCommand& command) {
  TD_ASSIGN_OR_RETURN(const model::Symbol symbol, model::Symbol::Parse(command.symbol));
  const auto it = symbols_.find(symbol);
  if (it == symbols_.end()) return Error::InvalidArgument("{} is not in the session", symbol.str());
  SymbolRecord& record = it->second;
  loading::SymbolState& state = *record.state;
  const model::Interval base = state.plan().base;
  const model::Bar& bar = command.bar;
  const auto reject = [&](std::string_view why) {
    return Error::InvalidArgument("add_bar {} {}: {}", symbol.str(), FormatTimestamp(bar.open_time),
                                  why);
  };
  if (command.interval && *command.interval != base) {
    return reject(fmt::format("only {} bars can be added ({} streams {})", base.ToString(),
                              symbol.str(), base.ToString()));
  }
  TD_RETURN_IF_ERROR(model::CheckBar(bar, base).WithContext(
      fmt::format("add_bar {} {}", symbol.str(), FormatTimestamp(bar.open_time))));
  const std::vector<model::Bar>& bars = state.series().front().bars;
  if (!bars.empty() && bar.open_time <= bars.back().open_time) {
    return reject(fmt::format("it must open after {}'s last bar at {}", symbol.str(),
                              FormatTimestamp(bars.back().open_time)));
  }
  if (bar.open_time < hours_->open || bar.open_time >= hours_->close) {
    return reject("it must open inside today's regular session");
  }
  if (bar.open_time + base.duration() > now_) {
    return reject(fmt::format("it is not complete by now ({})", FormatTimestamp(now_)));
  }
  state.AddBaseBar(bar);
  state.AdvanceTo(now_);
  state.set_injected();
  ++totals_.base_bars;
  return Status::Ok();
}

Status SessionEngine::RemoveSymbol(const RemoveSymbolCommand& command) {
  TD_ASSIGN_OR_RETURN(const model::Symbol symbol, model::Symbol::Parse(command.symbol));
  if (symbols_.erase(symbol) == 0) {
    return Error::InvalidArgument("{} is not in the session", symbol.str());
  }
  ++symbols_changes_;
  if (live_ != nullptr) live_->Unfollow(std::span<const model::Symbol>(&symbol, 1));
  return Status::Ok();
}

}  // namespace tapedeck::session

namespace tapedeck::session {

std::string_view ToString(Side side) { return side == Side::kBuy ? "buy" : "sell"; }

Timestamp SessionContext::now() const { return engine_.now_; }

Status SessionContext::Apply(const Command& command, std::string_view who) {
  const bool allowed = std::holds_alternative<AddSymbolCommand>(command) ||
                       std::holds_alternative<EnsureSymbolCommand>(command) ||
                       std::holds_alternative<RemoveSymbolCommand>(command) ||
                       std::holds_alternative<AddIndicatorCommand>(command);
  if (!allowed) {
    return Error::InvalidArgument("{} is not available to scanners and strategies",
                                  Describe(command));
  }
  const Status status = engine_.Apply(command, AddedBy::kScanner);
  engine_.command_log_.push_back(
      CommandRecord{engine_.now_, Describe(command), std::string(who),
                    status.ok() ? std::nullopt : std::optional(status.error().message())});
  return status;
}

void SessionContext::Record(Signal signal) { engine_.signals_.push_back(std::move(signal)); }

void SessionContext::Record(ScanResult result) { engine_.scans_.push_back(std::move(result)); }

void SessionContext::Record(ParticipantError error) {
  spdlog::error("{} at {}: {} (stopped; the session goes on)", error.participant,
                FormatTimestamp(error.time), error.error);
  engine_.participant_errors_.push_back(std::move(error));
}

}  // namespace tapedeck::session
