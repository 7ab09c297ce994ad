#include "cli/shell_command.hpp"

#include <unistd.h>

#include <fstream>
#include <iostream>
#include <memory>

#include "cli/interrupt_watch.hpp"
#include "cli/run_command.hpp"

namespace tapedeck::cli {
namespace {

struct ShellOptions {
  std::string config;
  std::string script;
};

Status RunShell(CliContext& context, const ShellOptions& options) {
  InterruptWatch interrupt;
  Shell shell(context, options.config, &interrupt.flag());
  const bool from_file = !options.script.empty();
  if (!from_file && isatty(STDIN_FILENO) != 0) {
    RunInteractiveShell(shell, context, interrupt.fd(), [&] { return interrupt.Take(); });
    shell.Close();
    return Status::Ok();
  }
  std::ifstream file;
  if (from_file) {
    file.open(options.script);
    if (!file) return Error::IoError("cannot read the script {}", options.script);
  }
  const int failed = RunShellScript(shell, from_file ? file : std::cin, context, &interrupt.flag());
  shell.Close();
  if (failed > 0) {
    return Error::InvalidArgument("{} command{} failed", failed, failed == 1 ? "" : "s");
  }
  return Status::Ok();
}

}  // namespace

void PrintShellError(CliContext& context, const Status& status) {
  context.out.flush();
  context.err << "error: " << status.error().message() << '\n';
  context.err.flush();
}

int RunShellScript(Shell& shell, std::istream& script, CliContext& context,
                   const std::atomic<bool>* interrupted) {
  int failed = 0;
  for (std::string line; !shell.exit_requested() && std::getline(script, line);) {
    const size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    if (line.back() == '\r') line.pop_back();
    context.out << kShellPrompt << line.substr(first) << '\n';
    const Status status = shell.Execute(line);
    if (!status.ok()) {
      PrintShellError(context, status);
      ++failed;
    }
    context.out.flush();
    if (interrupted != nullptr && interrupted->load()) {
      context.err << "interrupted: the script stops here\n";
      context.exit_code = kInterruptedExitCode;
      break;
    }
  }
  return failed;
}

void AddShellCommand(CLI::App& app, CliContext& context) {
  auto options = std::make_shared<ShellOptions>();
  CLI::App* shell = app.add_subcommand(
      "shell", "Interactive shell: start a session, step it, add symbols, look at its data");
  shell->add_option("config", options->config, "Session config that system start runs");
  shell->add_option("--script", options->script,
                    "Run the commands of FILE (one a line, # comments) instead of a prompt");
  shell->callback([&context, options] {
    context.action = [&context, options] { return RunShell(context, *options); };
  });
}

}  // namespace tapedeck::cli
