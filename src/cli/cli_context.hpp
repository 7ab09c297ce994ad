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

#include "core/status.hpp"
#include "loading/bar_source.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::cli {

// Where a backtest's session bars come from; app/ wires in replay::ReplayBarSource.
using BarSourceFactory = std::function<std::unique_ptr<loading::BarSource>(store::BarStore&)>;

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
  // When set, the exit code of a command that otherwise succeeded (130 after
  // Ctrl-C stopped a run).
  std::optional<int> exit_code;
};

}  // namespace tapedeck::cli
