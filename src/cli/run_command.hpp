// `tapedeck run CONFIG`: validates the config, checks the store has the data,
// runs the backtest headless, prints a summary and writes the export.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_context.hpp"

namespace tapedeck::cli {

void AddRunCommand(CLI::App& app, CliContext& context);

}  // namespace tapedeck::cli
