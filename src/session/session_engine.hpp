// The session: one deterministic step loop that owns the simulated clock, the
// symbols and the command queue. Each step moves the clock to the next
// completion time of any symbol's base bar (or a scripted command, or the
// close), delivers the bars completing then (symbol order), closes derived
// buckets, then applies commands. Run flat out (speed 0, not paused or
// stepping), the loop runs ahead instead: each symbol in turn goes through
// all its bars up to the next scripted command or the close. A symbol's
// state depends only on its own bars and the clock, so the result is the
// same as step by step, and its state stays in the cache. Symbols join through SymbolLoader::Load,
// the same call pre-session and mid-session, so a late symbol ends up exactly
// as if it had been configured.
//
// Threads: Run() runs the loop on the caller's thread. Submit() may be called
// from any thread; everything else only from the loop's thread (ReadCommand
// runs a reader there between steps).
#pragma once

#include <nlohmann/json.hpp>

#include <atomic>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "calendar/trading_calendar.hpp"
#include "clock/clock.hpp"
#include "loading/bar_source.hpp"
#include "loading/session_plan.hpp"
#include "loading/symbol_loader.hpp"
#include "loading/symbol_state.hpp"
#include "session/command.hpp"
#include "session/session_participant.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::session {

// A command the config or the command line schedules at a simulated time.
struct ScheduledCommand {
  Timestamp at{};
  Command command;
};

// Everything a session needs besides its collaborators, already validated.
struct SessionSetup {
  std::string name = "session";
  std::string mode = "backtest";
  std::vector<model::Symbol> symbols;
  Date start_date{};  // Both sessions; start <= end.
  Date end_date{};
  double speed = 0;
  loading::SessionPlan plan;
  std::vector<ScheduledCommand> script;  // Sorted by time.
  // Blocks the engine does not use, kept for the export (trading_config …).
  nlohmann::ordered_json passthrough = nlohmann::ordered_json::object();
};

enum class SessionState { kCreated, kRunning, kPaused, kStopped, kFinished };
std::string_view ToString(SessionState state);

// How and when a symbol joined.
struct SymbolRecord {
  // What every step reads comes first: two cache lines.
  std::unique_ptr<loading::SymbolState> state;
  model::Interval base = model::Interval::Minutes(1);  // Its plan's base interval.
  // Today's base bars still to stream, from `next`.
  std::vector<model::Bar> today;
  size_t next = 0;
  // Bars completed since the last step, while participants want them, and
  // the engine's sink generation its state was last given.
  std::vector<loading::BarEvent> events;
  uint64_t sink_generation = 0;

  AddedBy added_by = AddedBy::kConfig;
  std::optional<std::string> added_by_name;  // The scanner or strategy that asked.
  // Unique in the run, in joining order; kept when an upgrade replaces the record.
  uint32_t index = 0;
  Timestamp added_at{};
  std::optional<std::string> upgraded_from;  // "light" once AddSymbol upgraded it.
  std::vector<model::Interval> intervals;
  bool meets_requirements = true;  // False for a light symbol.
};

// One applied command, for the export's command log.
struct CommandRecord {
  Timestamp at{};
  std::string command;
  std::string source;  // "script" or "queue".
  std::optional<std::string> error;
};

// A load that paused the session's progress, in wall time.
struct SessionGap {
  Timestamp at{};
  std::vector<std::string> symbols;
  loading::LoadTimes times;
};

struct SessionMetricsTotals {
  int64_t base_bars = 0;
  int64_t steps = 0;
  int days = 0;
  Duration wall_time{};
  // Wall time per phase: loading the configured symbols before the first
  // open, rolling to each next day, and streaming (loads of symbols added
  // mid-session included; each is also a session gap).
  Duration pre_session_load{};
  Duration day_rolls{};
  Duration streaming{};
  std::vector<SessionGap> gaps;
};

// How a live session's loop waits for the feed (the live config's latency
// settings; docs/FEED.md). The defaults sleep and let the system place it.
struct LiveWait {
  // Poll instead of sleeping: the loop sees a frame as soon as it is in,
  // without the wake-up of a sleeping thread (tens of µs, on a virtual
  // machine sometimes milliseconds), at the cost of a CPU kept busy. Use
  // with `cpu`, on a CPU the feed does not need.
  bool busy = false;
  std::optional<int> cpu;  // Run the loop on this CPU (core/cpu_pin.hpp).
};

class SessionEngine {
 public:
  // Borrows the collaborators; they must outlive the engine. `wall_clock` paces
  // replays and times loads. When `simulated_wall` is set (tests), pacing
  // advances it instead of waiting, so a 60× replay runs instantly yet
  // follows the same path.
  SessionEngine(SessionSetup setup, store::BarStore& store, loading::BarSource& source,
                const calendar::TradingCalendar& calendar, const clock::Clock& wall_clock,
                clock::SimulatedClock* simulated_wall = nullptr);

  // Attaches a scanner/strategy participant (before Run; called in the
  // order attached). The engine owns it.
  void AddParticipant(std::unique_ptr<SessionParticipant> participant);

  // Runs every session day of the setup, then returns. Errors stop the run
  // (configured symbols failing to load); command errors do not.
  Status Run();

  // Before Run(): makes this a live session fed by `live`, which must be the
  // engine's `source` too. Time then follows the source's horizon instead of
  // the bars' times and the speed: each step takes the bars that completed
  // since the last one; symbols the session follows are followed by the
  // feed, and a joining symbol waits (at most `ready_timeout`, wall time)
  // for its backfill before it loads. `wait`: how the loop waits for the
  // feed; a `wait.cpu` Run() cannot pin to fails the run.
  void set_live(loading::LiveBarSource* live, Duration ready_timeout = std::chrono::seconds(30),
                LiveWait wait = {});
  // The live source's status; nullopt in a backtest (loop thread only).
  std::optional<loading::LiveStatus> live_status() const;

  // Before Run(). May be null. Once `*flag` reads true (the shell's Ctrl-C),
  // a symbol load in progress stops and its symbols fail with "interrupted".
  void set_interrupt(const std::atomic<bool>* flag) {
    interrupt_ = flag;
    loader_.set_cancel(flag);
  }

  // Thread-safe: queue a command for the next step boundary.
  std::future<Status> Submit(Command command) { return queue_.Submit(std::move(command)); }

  // --- Read API (loop thread only; use ReadCommand from elsewhere) ---
  const SessionSetup& setup() const { return setup_; }
  SessionState state() const { return state_; }
  Timestamp now() const { return now_; }
  std::optional<Date> session_date() const { return date_; }
  double speed() const { return speed_; }
  const std::map<model::Symbol, SymbolRecord>& symbols() const { return symbols_; }
  const std::vector<CommandRecord>& command_log() const { return command_log_; }
  const SessionMetricsTotals& totals() const { return totals_; }
  bool has_participants() const { return !participants_.empty(); }
  // What participants recorded, in the order they did.
  const std::vector<Signal>& signals() const { return signals_; }
  const std::vector<ScanResult>& scans() const { return scans_; }
  const std::vector<ParticipantError>& participant_errors() const { return participant_errors_; }

 private:
  friend class SessionContext;

  Status RunDay(Date date, bool first_day);
  Status StartDay(Date date, bool first_day);
  // `t`, or earlier: the next sync point or scripted command.
  Timestamp NextStop(Timestamp t) const;
  // A backtest day's loop: steps to each next bar (or, flat out, straight to
  // each next stop), paced by the speed.
  void RunReplayDay();
  // A live day's loop: steps to the source's horizon as it moves. Fails
  // when the feed gives up.
  Status RunLiveDay();
  // Applies every queued command and every scripted one due by now_. While
  // paused, waits here for resume, step or stop.
  void ApplyCommands();
  Status Apply(const Command& command, AddedBy source);
  Status AddSymbols(const AddSymbolCommand& command);
  Status EnsureSymbol(const EnsureSymbolCommand& command);
  Status AddIndicator(const AddIndicatorCommand& command);
  Status AddBar(const AddBarCommand& command);
  Status RemoveSymbol(const RemoveSymbolCommand& command);
  // Loads `symbols` with `plan` now, as one batch and one session gap, and
  // puts those that load into the session (replacing a light record); the
  // errors of the others are appended to `errors`.
  void Join(std::span<const model::Symbol> symbols,
            std::shared_ptr<const loading::SessionPlan> plan, AddedBy added_by,
            const std::string& requested_by, bool meets_requirements,
            std::vector<std::string>& errors);
  SymbolRecord MakeRecord(loading::LoadedSymbol loaded, AddedBy added_by,
                          bool meets_requirements) const;
  // Delivers, symbol by symbol, every bar completing by t, then advances each
  // symbol to t.
  void Step(Timestamp t);
  // Hands the bars completed in the step to now_ to the participants, then
  // tells them the time.
  void Notify();
  // The earliest time after now_ a participant needs as a step of its own.
  std::optional<Timestamp> NextSyncPoint() const;
  // Flat out, with no one watching single steps: the loop steps straight to
  // the next sync point instead of to the next bar.
  bool RunsAhead() const;
  void Pace(Timestamp t);
  void Reanchor();
  std::optional<Timestamp> NextBarTime() const;
  // The records in symbol order, as arrays: the step loops walk these
  // instead of the map's tree. Rebuilt after symbols join or leave.
  struct OrderedRecords {
    uint64_t changes = UINT64_MAX;  // symbols_changes_ when built.
    std::vector<model::Symbol> symbols;
    std::vector<SymbolRecord*> records;
    std::vector<std::vector<model::Bar>*> today;  // &records[i]->today.
  };
  const OrderedRecords& Ordered();
  // Fetches toward the cache the state Step will touch for records[i + 2 ..
  // i + 8] (core/prefetch.hpp); i may run past the end.
  static void PrefetchAhead(std::span<SymbolRecord* const> records, size_t i);
  // Fetches every symbol's state while the feed parses a frame.
  void WarmCaches();

  SessionSetup setup_;
  store::BarStore& store_;
  loading::BarSource& source_;
  const calendar::TradingCalendar& calendar_;
  const clock::Clock& wall_clock_;
  clock::SimulatedClock* simulated_wall_;
  loading::LiveBarSource* live_ = nullptr;
  Duration ready_timeout_{};
  LiveWait live_wait_;
  const std::atomic<bool>* interrupt_ = nullptr;
  std::vector<size_t> live_taken_from_;  // Scratch: each record's today.size() before a Take.
  loading::SymbolLoader loader_;
  std::shared_ptr<const loading::SessionPlan> session_plan_;  // setup_.plan, shared.
  CommandQueue queue_;

  SessionState state_ = SessionState::kCreated;
  Timestamp now_{};
  std::optional<Date> date_;
  std::optional<calendar::SessionHours> hours_;
  double speed_ = 0;
  // Pacing origin: simulated time origin_sim_ corresponds to wall time origin_wall_.
  Timestamp origin_sim_{};
  Timestamp origin_wall_{};
  size_t next_script_ = 0;
  int steps_left_ = 0;  // While paused and stepping.
  std::optional<Timestamp> step_until_;
  bool stop_requested_ = false;

  std::map<model::Symbol, SymbolRecord> symbols_;
  uint64_t symbols_changes_ = 0;  // Counts joins and removals (for Ordered()).
  OrderedRecords ordered_;
  std::vector<CommandRecord> command_log_;
  SessionMetricsTotals totals_;

  std::vector<std::unique_ptr<SessionParticipant>> participants_;
  std::vector<model::Interval> wanted_;   // Intervals participants want bars of.
  std::vector<model::Interval> wanting_;  // Scratch for the next step's.
  uint64_t sink_generation_ = 1;          // Changes with wanted_.
  std::vector<SessionBar> delivered_;     // Scratch, reused.
  // Notify's scratch: the step's distinct delivery keys in order, bars per
  // key (then where each key's bars go), each bar's key.
  struct DeliveryKey {
    Timestamp completed_at;
    Duration rank;  // Base first (−1), then derived by length.
    auto operator<=>(const DeliveryKey&) const = default;
  };
  std::vector<DeliveryKey> delivery_keys_;
  std::vector<uint32_t> slot_counts_;
  std::vector<uint32_t> bar_slots_;
  uint32_t next_index_ = 0;  // SymbolRecord::index of the next symbol.
  std::vector<Signal> signals_;
  std::vector<ScanResult> scans_;
  std::vector<ParticipantError> participant_errors_;
};

}  // namespace tapedeck::session
