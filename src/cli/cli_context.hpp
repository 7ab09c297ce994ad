// What every `tapedeck` subcommand gets: where to print, the options shared by
// all commands, and where to leave its outcome. Commands register themselves
// on the CLI11 app with an `Add<Name>Command(CLI::App&, CliContext&)` function;
// their callback either runs the command and sets `status`, or (when it needs
// the shared options such as the store path) sets `action`, which runs once
// every option has been parsed.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "core/status.hpp"

namespace tapedeck::cli {

struct CliContext {
  std::ostream& out;
  std::ostream& err;
  // --db, else $TAPEDECK_DB, else data/tapedeck.duckdb (resolved before callbacks run).
  std::string db_path;
  // The outcome of the command that ran: ok → exit 0, user error → 1, internal → 2.
  Status status;
  // Set by a subcommand's callback; run after parsing, its result becomes `status`.
  std::function<Status()> action;
};

}  // namespace tapedeck::cli
