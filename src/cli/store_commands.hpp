// The store's subcommands: `import`, `data list`, `data show`, `export`.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

#include "cli/cli_context.hpp"
#include "store/bar_importer.hpp"

namespace tapedeck::cli {

void AddImportCommand(CLI::App& app, CliContext& context);

// The --symbol, --interval and --tz flags shared by `import` and `compute`
// (empty: not given), checked; errors name the flag.
Result<store::ImportOptions> ImportOptionsFromFlags(const std::string& symbol,
                                                    const std::string& interval,
                                                    const std::string& tz);
void AddDataCommands(CLI::App& app, CliContext& context);
void AddExportCommand(CLI::App& app, CliContext& context);

}  // namespace tapedeck::cli
