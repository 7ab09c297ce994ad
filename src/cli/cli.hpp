// The `tapedeck` command line: parses arguments, runs one subcommand, and
// returns the exit code (0 ok, 1 user error with a one-line message on
// stderr, 2 internal error).
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "cli/cli_context.hpp"

namespace tapedeck::cli {

// `replay_source` builds the backtest bar source (app/ passes the replay one).
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           BarSourceFactory replay_source = {});

}  // namespace tapedeck::cli
