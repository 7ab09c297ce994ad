// Turning a config file into a session ready to run, the same way for `run`
// and the shell's `system start`: validate the config (the rules `validate`
// applies), build the setup, open the store and check it holds the data
// (Phase 0), then create the engine. Also the run of a session on a thread of
// its own, so that the caller's thread stays free for progress, Ctrl-C and
// the shell's prompt.
#pragma once

#include <atomic>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "calendar/trading_calendar.hpp"
#include "cli/cli_context.hpp"
#include "clock/clock.hpp"
#include "session/session_engine.hpp"
#include "store/duckdb_bar_store.hpp"

namespace tapedeck::cli {

struct LaunchOptions {
  std::string config;
  std::optional<double> speed;                    // Overrides the config's speed.
  std::vector<session::ScheduledCommand> script;  // Added to the config's commands.
  bool drop_missing = false;
};

// A session and the collaborators it borrows, owned together; the engine
// refers to the others, so this never moves (hold it by unique_ptr).
struct LaunchedSession {
  calendar::TradingCalendar calendar;
  std::unique_ptr<store::DuckDbBarStore> store;
  std::unique_ptr<loading::BarSource> source;
  clock::WallClock wall;
  std::unique_ptr<LiveConnection> live;  // A live session's feed (started), else null.
  session::LiveConfig live_config;       // Its config (live only).
  std::unique_ptr<session::SessionEngine> engine;
  // Every session day of the window, in order (for progress).
  std::vector<calendar::SessionHours> days;
};

// Validation warnings go to `err`; an invalid config is one error that points
// at `tapedeck validate`. Missing data is an error unless dropped (a live
// session's day comes from its feed: only its history is read from the
// store). A live session's feed is connecting when this returns.
Result<std::unique_ptr<LaunchedSession>> LaunchSession(const CliContext& context,
                                                       const LaunchOptions& options);

// After a live session's run: disconnects its feed and, when its
// live_config says record_bars, adds the day's bars to the store; returns
// what that wrote, for people. Nothing (nullopt) for a backtest or when not
// recording. `run`, `live` and the shell all end a live session here.
Result<std::optional<std::string>> EndLive(LaunchedSession& session);

// "--at TIME COMMAND": TIME is ISO-8601 (New York when it has no offset);
// COMMAND is "add_symbol SYM[,SYM…] [--intervals 1m,1h]", "ensure_symbol SYM
// [--light] [--intervals …]", "add_indicator SYM NAME[:P1,P2…]@INTERVAL",
// "remove_symbol SYM", "set_speed N", "pause", "resume" or "stop".
Result<session::ScheduledCommand> ParseScheduledCommand(std::string_view time,
                                                        std::string_view text);

// Runs SessionEngine::Run() on a thread of its own. Other threads talk to the
// engine only through commands. Not thread-safe itself: one owner thread.
class SessionThread {
 public:
  // Requires: `engine` outlives this object.
  explicit SessionThread(session::SessionEngine& engine);
  // Stops the session and joins its thread.
  ~SessionThread();
  SessionThread(const SessionThread&) = delete;
  SessionThread& operator=(const SessionThread&) = delete;

  // True once Run() has returned (finished, stopped or failed).
  bool ended() const { return ended_.load(std::memory_order_acquire); }
  // Waits at most `timeout` for Run() to return; true when it has.
  bool WaitEnded(std::chrono::milliseconds timeout) const;
  // Joins the thread once Run() has returned and gives its outcome.
  Status Join();

  // Submits a command and waits for its result. Once the run has ended, the
  // result is the error "the session has ended". When `interrupted` becomes
  // true while waiting, gives up waiting (the command still applies later)
  // and returns an "interrupted" error.
  Status Call(session::Command command, const std::atomic<bool>* interrupted = nullptr);
  // Runs `read` on the engine's thread between steps, or on this thread once
  // the run has ended (the engine is then idle). Never gives up waiting,
  // so `read` may capture locals by reference.
  Status Read(const std::function<void(const session::SessionEngine&)>& read);

 private:
  // Waits for `result`; nullopt when the run ended before it resolved.
  std::optional<Status> Await(std::future<Status>& result, const std::atomic<bool>* interrupted,
                              bool& was_interrupted);

  session::SessionEngine& engine_;
  std::atomic<bool> ended_{false};
  std::promise<Status> run_promise_;
  std::shared_future<Status> run_result_;
  std::thread thread_;
};

}  // namespace tapedeck::cli
