// The store's subcommands: `import`, `data list`, `data show`, `export`.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_context.hpp"

namespace tapedeck::cli {

void AddImportCommand(CLI::App& app, CliContext& context);
void AddDataCommands(CLI::App& app, CliContext& context);
void AddExportCommand(CLI::App& app, CliContext& context);

}  // namespace tapedeck::cli
