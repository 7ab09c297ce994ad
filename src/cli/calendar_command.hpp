// `tapedeck calendar`: the trading calendar on the command line.
//   tapedeck calendar DATE                  explains one day ("closed: Good Friday")
//   tapedeck calendar --from D [--to D]     lists sessions with New York and UTC hours
// Options: --format table|json|csv, --overrides FILE, --exchange NAME, --all.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_context.hpp"

namespace tapedeck::cli {

void AddCalendarCommand(CLI::App& app, CliContext& context);

}  // namespace tapedeck::cli
