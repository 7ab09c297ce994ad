// What every `tapedeck` subcommand gets: where to print, the options shared by
// all commands, and where to leave its outcome. Commands register themselves
// on the CLI11 app with an `Add<Name>Command(CLI::App&, CliContext&)` function;
// their callback either runs the command and sets `status`, or (when it needs
// the shared options such as the store path) sets `action`, which runs once
// every option has been parsed.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "clock/clock.hpp"
#include "core/status.hpp"
#include "loading/bar_source.hpp"
#include "session/session_config.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::cli {

// Where a backtest's session bars come from; app/ wires in replay::ReplayBarSource.
using BarSourceFactory = std::function<std::unique_ptr<loading::BarSource>(store::BarStore&)>;

// A live session's connection to its feed (app/ wires in feed::LiveFeed).
class LiveConnection {
 public:
  virtual ~LiveConnection() = default;
  // The engine's bar source for the session.
  virtual loading::LiveBarSource& source() = 0;
  // Connects (in the background); Stop() disconnects and is idempotent.
  virtual Status Start() = 0;
  virtual void Stop() = 0;
  // Adds the day's live bars to `store` (never replacing stored ones); a
  // line for people saying what it wrote.
  virtual Result<std::string> RecordBars(store::BarStore& store) = 0;
};
// Opens (does not start) the feed of `config` for a session opening at
// `open`; `today` says whether the session's day is today (the default clock).
using LiveConnectionFactory = std::function<Result<std::unique_ptr<LiveConnection>>(
    const session::LiveConfig& config, Timestamp open, bool today, const clock::Clock& wall)>;

struct CliContext {
  std::ostream& out;
  std::ostream& err;
  // --db, else $TAPEDECK_DB, else data/tapedeck.duckdb (resolved before callbacks run).
  std::string db_path;
  // The outcome of the command that ran: ok → exit 0, user error → 1, internal → 2.
  Status status;
  // Set by a subcommand's callback; run after parsing, its result becomes `status`.
  std::function<Status()> action;
  // Set by app/ (cli may not depend on replay/).
  BarSourceFactory replay_source;
  // Set by app/ (cli may not depend on feed/); unset: live sessions are refused.
  LiveConnectionFactory live_connection;
  // When set, the exit code of a command that otherwise succeeded (130 after
  // Ctrl-C stopped a run).
  std::optional<int> exit_code;
};

}  // namespace tapedeck::cli
