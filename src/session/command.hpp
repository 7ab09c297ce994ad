// Requests that change a running session. They enter through a thread-safe
// queue and are applied between steps, so a replay with the same commands at
// the same simulated times gives the same result. Each submitted command
// returns a ticket that resolves to ok or a clear error once applied.
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "clock/clock.hpp"
#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "indicators/historical_indicators.hpp"
#include "indicators/registry.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"

namespace tapedeck::session {

class SessionEngine;

// Who asked for a symbol: recorded with it and exported.
enum class AddedBy { kConfig, kScanner, kStrategy, kShell, kApi, kScript };
std::string_view ToString(AddedBy who);

struct AddSymbolCommand {
  std::vector<std::string> symbols;        // Each loads or fails on its own.
  std::vector<model::Interval> intervals;  // Extra intervals for these symbols.
  AddedBy added_by = AddedBy::kShell;
  std::string requested_by = {};  // The scanner's or strategy's name, if one asked.
};
struct RemoveSymbolCommand {
  std::string symbol;
};
// Idempotent: a symbol already in the session (light or full) is left alone.
// A light symbol (what a scanner only watches) gets the base bars, the
// `intervals` and the `indicators` asked for, warmed like any other, and
// meets_requirements = false; AddSymbol upgrades it to full later. A light
// symbol also gets the `historical_indicators` asked for (and the daily
// history they read).
struct EnsureSymbolCommand {
  std::string symbol;
  bool light = false;
  std::vector<model::Interval> intervals;
  std::vector<indicators::IndicatorSpec> indicators;  // Light symbols only.
  AddedBy added_by = AddedBy::kScanner;
  std::vector<indicators::HistoricalSpec> historical_indicators = {};  // Light symbols only.
  std::string requested_by = {};  // The scanner's or strategy's name, if one asked.
};
// One more indicator on a symbol in the session, warmed on the history its
// configured indicators had, then caught up to now.
struct AddIndicatorCommand {
  std::string symbol;
  indicators::IndicatorSpec spec;
};
// One base bar injected by hand: validated like an import row, after the
// symbol's last bar and complete by now, then through the same path as a
// streamed bar. History is never rewritten.
struct AddBarCommand {
  std::string symbol;
  std::optional<model::Interval> interval;  // Default: the symbol's base.
  model::Bar bar;
};
struct SetSpeedCommand {
  double speed = 0;  // 0: as fast as possible; k: k× wall time.
};
struct PauseCommand {};
struct ResumeCommand {};
// While paused: run `steps` steps, or until the clock reaches `until`.
struct StepCommand {
  int steps = 1;
  std::optional<Timestamp> until;
};
struct StopCommand {};
// Runs `read` on the engine's thread between steps: how other threads read a
// consistent snapshot of the session.
struct ReadCommand {
  std::function<void(const SessionEngine&)> read;
};

using Command = std::variant<AddSymbolCommand, RemoveSymbolCommand, EnsureSymbolCommand,
                             AddIndicatorCommand, AddBarCommand, SetSpeedCommand, PauseCommand,
                             ResumeCommand, StepCommand, StopCommand, ReadCommand>;

// A short text for logs and the export's command log: "add_symbol IBM".
std::string Describe(const Command& command);

// The queue between other threads and the step loop.
class CommandQueue {
 public:
  struct Entry {
    Command command;
    std::promise<Status> done;
  };

  // Thread-safe. The future resolves when the command has been applied, or
  // at once with the closing error once the queue is closed.
  std::future<Status> Submit(Command command);
  // Answers every queued command and every later one with `reason` (the
  // session has ended): nobody waits forever on a ticket.
  void Close(const Error& reason);
  // Takes every queued entry (engine thread).
  std::deque<Entry> TakeAll();
  // Waits until a command arrives, Wake() is called or the wall clock
  // reaches `deadline` (nullopt: forever). Returns true if the queue is not
  // empty.
  bool WaitUntil(std::optional<Timestamp> deadline);
  // Thread-safe: ends the current or next WaitUntil (or SpinUntil) early (a
  // live feed's bars arrived).
  void Wake();
  // WaitUntil without sleeping: polls until a command arrives, Wake() is
  // called or `clock` reaches `deadline`. The caller's CPU stays busy, and
  // the caller reacts without the wake-up a sleeping thread needs.
  bool SpinUntil(Timestamp deadline, const clock::Clock& clock);

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Entry> entries_;
  std::optional<Error> closed_;
  bool woken_ = false;
  // Set with every command, close and Wake(): what SpinUntil polls.
  std::atomic<bool> signal_{false};
};

}  // namespace tapedeck::session
