// The `tapedeck` command line: parses arguments, runs one subcommand, and
// returns the exit code (0 ok, 1 user error with a one-line message on
// stderr, 2 internal error).
#pragma once

#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "cli/cli_context.hpp"

namespace tapedeck::cli {

// A subcommand that lives outside cli/ (cli may not depend on its siblings:
// app/ wires `feed-server` this way). Its options are strings, handed to
// `run` by name (without the dashes) once everything is parsed.
struct ExternalOption {
  std::string name;  // "--port"
  std::string help;
  std::string default_value;  // The value when the option is absent ("" for none).
  bool required = false;
  bool repeatable = false;  // May be given several times or as a comma-separated list.
};
using ExternalValues = std::map<std::string, std::vector<std::string>>;
struct ExternalCommand {
  std::string name;
  std::string help;
  std::vector<ExternalOption> options;
  std::function<Status(const CliContext& context, const ExternalValues& values)> run;
};

// `replay_source` builds the backtest bar source (app/ passes the replay one);
// `external` adds subcommands that live outside cli/.
// `live_connection` opens a live session's feed (app/ passes feed::LiveFeed's).
int RunCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
           BarSourceFactory replay_source = {}, std::vector<ExternalCommand> external = {},
           LiveConnectionFactory live_connection = {});

}  // namespace tapedeck::cli
