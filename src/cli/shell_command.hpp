// `tapedeck shell [CONFIG]`: the interactive shell (GNU readline: line
// editing, history in $TAPEDECK_HISTORY or ~/.tapedeck_history, Tab
// completion), or, with --script FILE or when stdin is not a terminal, the
// same commands read from a file, each echoed after the prompt. A script
// exits with 1 when any command failed.
#pragma once

#include <CLI/CLI.hpp>

#include <atomic>
#include <functional>
#include <istream>

#include "cli/cli_context.hpp"
#include "cli/shell.hpp"

namespace tapedeck::cli {

inline constexpr std::string_view kShellPrompt = "tapedeck> ";

void AddShellCommand(CLI::App& app, CliContext& context);

// Runs every line of `script` (echoed after the prompt) until the end or
// `exit`; an error is printed as one line and the script goes on. Ctrl-C
// (`interrupted`, may be null) ends the script after the current command
// and sets the exit code to 130. Returns how many commands failed.
int RunShellScript(Shell& shell, std::istream& script, CliContext& context,
                   const std::atomic<bool>* interrupted);

// "error: …" on the context's err, after flushing its out.
void PrintShellError(CliContext& context, const Status& status);

// The interactive loop on the terminal (shell_terminal.cpp). Returns when the
// user types exit or Ctrl-D.
void RunInteractiveShell(Shell& shell, CliContext& context, int interrupt_fd,
                         const std::function<bool()>& take_interrupt);

}  // namespace tapedeck::cli
