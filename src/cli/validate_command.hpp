// `tapedeck validate CONFIG`: checks a session config without running it and
// prints every error and warning, one per line (`error: path: message`,
// `warning: path: message`), then a summary (`config OK: 2 symbols, streams
// 1m 5m 15m (base 1m), ...` or `3 errors, 1 warning`). Exits 1 when the
// config has an error or cannot be read, 0 otherwise.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_context.hpp"

namespace tapedeck::cli {

void AddValidateCommand(CLI::App& app, CliContext& context);

}  // namespace tapedeck::cli
