// What scanners and strategies are to the engine: a participant the step
// loop calls at fixed points (the day's start, every step's completed bars,
// every step's time, the day's end, the run's end), and the records they
// leave (signals, scan results, errors), which the engine keeps and exports.
// The engine knows nothing of scanners or strategies beyond this; the
// strategy module implements it.
//
// Determinism: the engine makes every time a participant asks for
// (NextSyncPoint) a step of its own, whatever the speed, pauses or steps, and
// hands over the bars completed in that step sorted by (completion time, base
// before derived, shorter interval first, symbol). A participant that answers
// only from these calls and the session's read API sees the same session at
// the same simulated times in every run.
//
// Threads: everything here runs on the engine's loop thread.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/session_hours.hpp"
#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "loading/symbol_state.hpp"
#include "model/symbol.hpp"
#include "session/command.hpp"

namespace tapedeck::session {

class SessionEngine;

enum class Side { kBuy, kSell };
std::string_view ToString(Side side);

// What a strategy emits: an order intent, recorded and exported, never sent.
struct Signal {
  Timestamp time{};  // The simulated time of the step that produced it.
  std::string strategy;
  std::string symbol;
  Side side = Side::kBuy;
  std::optional<double> quantity;  // Shares; or
  std::optional<double> weight;    // a fraction of the portfolio.
  std::string reason;
};

// One scan of one scanner: what it selected (and promoted) and why.
struct ScanResult {
  Timestamp time{};
  std::string scanner;
  std::vector<std::string> selected;  // In the scanner's order.
  std::string reason;
};

// A scanner or strategy that threw or failed: it was stopped (or, for a
// failed promotion, told), the session went on.
struct ParticipantError {
  Timestamp time{};
  std::string participant;  // "scanner gap_scanner", "strategy sma_cross".
  std::string error;
};

// One completed bar of one symbol, as participants receive it.
struct SymbolRecord;
struct SessionBar {
  // All valid during the OnBars call.
  const model::Symbol* symbol = nullptr;
  const SymbolRecord* record = nullptr;
  const loading::BarEvent* event = nullptr;
  bool base = false;  // The symbol's base interval (delivered before derived ones).
};

// What a participant may do to the session while the engine calls it.
// Borrowed for the duration of one call.
class SessionContext {
 public:
  const SessionEngine& session() const { return engine_; }
  Timestamp now() const;
  // Applies add_symbol, ensure_symbol, remove_symbol or add_indicator at once
  // (between steps, at the current simulated time), recorded in the command
  // log with `who` as its source. Other commands are refused.
  Status Apply(const Command& command, std::string_view who);
  void Record(Signal signal);
  void Record(ScanResult result);
  void Record(ParticipantError error);

 private:
  friend class SessionEngine;
  explicit SessionContext(SessionEngine& engine) : engine_(engine) {}
  SessionEngine& engine_;
};

class SessionParticipant {
 public:
  virtual ~SessionParticipant() = default;

  // A session day starts: its symbols are loaded (the configured ones on the
  // first day), the clock stands at the open, no bar of the day is in yet.
  virtual void OnDayStart(const calendar::SessionHours& hours, SessionContext& context) = 0;
  // The intervals whose completed bars the participant wants (OnBars);
  // empty: none. Asked at every step; the engine collects bars only while
  // some participant wants some, and hands over only bars of those intervals.
  virtual const std::vector<model::Interval>& BarIntervals() const = 0;
  // The first time after `after` (today, up to the close) at which the
  // participant must see the session with every symbol at that time: its
  // scan times and the end of every bucket of an interval it subscribes to.
  // The engine steps there in every mode.
  virtual std::optional<Timestamp> NextSyncPoint(Timestamp after) const = 0;
  // The bars completed in the step to `context.now()`, in delivery order.
  // No symbol may join or leave during the call (the bars point into the
  // symbols' records).
  virtual void OnBars(std::span<const SessionBar> bars, SessionContext& context) = 0;
  // After every participant's OnBars of the same step: whatever is due at
  // `context.now()`.
  virtual void OnTime(SessionContext& context) = 0;
  // The day's last step (the close, or a stop) is done.
  virtual void OnDayEnd(SessionContext& context) = 0;
  // The run is over (finished or stopped); called once.
  virtual void OnRunEnd(SessionContext& context) = 0;
};

}  // namespace tapedeck::session
