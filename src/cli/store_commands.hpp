// The store's subcommands: `import`, `data list`, `data show`, `export`.
#pragma once

#include <CLI/CLI.hpp>

#include <ostream>
#include <string>
#include <vector>

#include "cli/cli_context.hpp"
#include "store/bar_importer.hpp"
#include "store/duckdb_bar_store.hpp"

namespace tapedeck::cli {

void AddImportCommand(CLI::App& app, CliContext& context);

// The --symbol, --interval and --tz flags shared by `import` and `compute`
// (empty: not given), checked; errors name the flag.
Result<store::ImportOptions> ImportOptionsFromFlags(const std::string& symbol,
                                                    const std::string& interval,
                                                    const std::string& tz);
// What `import` and the shell's `data import` do once the store is open:
// import all or nothing and print what was written.
Status ImportIntoStore(store::DuckDbBarStore& store, const std::vector<std::string>& files,
                       const store::ImportOptions& options, std::ostream& out);
// What `data list` prints: "table" or "json", times in New York or UTC.
Status PrintStoreList(store::DuckDbBarStore& store, const std::string& format, bool utc,
                      std::ostream& out);

void AddDataCommands(CLI::App& app, CliContext& context);
void AddExportCommand(CLI::App& app, CliContext& context);

}  // namespace tapedeck::cli
