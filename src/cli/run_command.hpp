// `tapedeck run CONFIG`: validates the config, checks the store has the data,
// runs the backtest headless on a thread of its own while this thread shows
// progress (a bar on a terminal, a line per session day otherwise, none with
// --quiet) and watches for Ctrl-C, then prints a summary and writes the
// export. Ctrl-C stops the session after the current step; the summary and
// the export are still written and the exit code is 130.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_context.hpp"

namespace tapedeck::cli {

// The exit code of a run (or shell) that Ctrl-C stopped: 128 + SIGINT.
inline constexpr int kInterruptedExitCode = 130;

void AddRunCommand(CLI::App& app, CliContext& context);
// `tapedeck live CONFIG`: the same run, for a live config.
void AddLiveCommand(CLI::App& app, CliContext& context);

}  // namespace tapedeck::cli
