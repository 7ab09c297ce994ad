// The interactive side of the shell, on GNU readline's callback interface:
// the loop polls the terminal and the Ctrl-C pipe, so Ctrl-C at the prompt
// clears the line instead of ending the shell, and a command that waits on
// the session gives up waiting (the Shell watches the same flag).
#include <poll.h>
#include <readline/history.h>
#include <readline/readline.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <string>

#include "cli/shell_command.hpp"

namespace tapedeck::cli {
namespace {

// Commands kept in the history file.
constexpr int kHistorySize = 1000;

// readline calls back into plain functions: the loop's state lives here for
// the duration of RunInteractiveShell.
struct TerminalState {
  Shell* shell = nullptr;
  CliContext* context = nullptr;
  std::string history_path;
  bool done = false;
  CompletionSources sources;  // Gathered once per Tab press.
  std::vector<std::string> candidates;
  size_t next_candidate = 0;
};
TerminalState* g_terminal = nullptr;

std::string HistoryPath() {
  if (const char* path = std::getenv("TAPEDECK_HISTORY"); path != nullptr && *path != 0) {
    return path;
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != 0) {
    return std::string(home) + "/.tapedeck_history";
  }
  return "";
}

char* NextCandidate(const char* /*text*/, int state) {
  if (state == 0) g_terminal->next_candidate = 0;
  if (g_terminal->next_candidate >= g_terminal->candidates.size()) return nullptr;
  // readline frees what it gets.
  return strdup(g_terminal->candidates[g_terminal->next_candidate++].c_str());
}

char** CompleteWord(const char* text, int start, int /*end*/) {
  const std::string line(rl_line_buffer, static_cast<size_t>(rl_point));
  if (start == 0 || g_terminal->sources.intervals.empty()) {
    g_terminal->sources = g_terminal->shell->CompletionSourcesNow();
  }
  const Completion completion =
      CompleteShellWord(line, static_cast<size_t>(start), g_terminal->sources);
  if (completion.file_names) return nullptr;  // readline completes file names.
  rl_attempted_completion_over = 1;
  g_terminal->candidates = completion.candidates;
  return rl_completion_matches(text, NextCandidate);
}

void OnLine(char* raw) {
  if (raw == nullptr) {  // Ctrl-D on an empty line.
    g_terminal->context->out << "exit\n";
    g_terminal->done = true;
    return;
  }
  const std::string line(raw);
  std::free(raw);  // NOLINT(cppcoreguidelines-no-malloc): readline's allocation.
  const size_t first = line.find_first_not_of(" \t");
  if (first == std::string::npos) return;
  const HIST_ENTRY* last =
      history_length > 0 ? history_get(history_base + history_length - 1) : nullptr;
  if (last == nullptr || line != last->line) add_history(line.c_str());
  if (!g_terminal->history_path.empty()) write_history(g_terminal->history_path.c_str());
  CliContext& context = *g_terminal->context;
  const Status status = g_terminal->shell->Execute(line);
  if (!status.ok()) PrintShellError(context, status);
  context.out.flush();
  // Fresh symbols for the next Tab.
  g_terminal->sources = {};
  if (g_terminal->shell->exit_requested()) g_terminal->done = true;
}

}  // namespace

void RunInteractiveShell(Shell& shell, CliContext& context, int interrupt_fd,
                         const std::function<bool()>& take_interrupt) {
  TerminalState state{&shell, &context, HistoryPath(), false, {}, {}, 0};
  g_terminal = &state;
  rl_readline_name = "tapedeck";
  rl_catch_signals = 0;  // SIGINT is ours (InterruptWatch); readline only edits.
  rl_attempted_completion_function = CompleteWord;
  using_history();
  stifle_history(kHistorySize);
  if (!state.history_path.empty()) read_history(state.history_path.c_str());
  context.out << "tapedeck shell: type help for the commands, Tab to complete, Ctrl-D to leave\n";
  context.out.flush();
  const std::string prompt(kShellPrompt);
  rl_callback_handler_install(prompt.c_str(), OnLine);
  while (!state.done) {
    pollfd fds[2] = {{STDIN_FILENO, POLLIN, 0}, {interrupt_fd, POLLIN, 0}};
    if (poll(fds, 2, -1) < 0 && errno != EINTR) break;
    if (take_interrupt()) {
      // Ctrl-C at the prompt: drop the line, start afresh.
      rl_free_line_state();
      rl_callback_sigcleanup();
      rl_replace_line("", 0);
      rl_point = rl_end = 0;
      using_history();  // The up arrow starts again from the newest entry.
      context.out << "^C\n";
      context.out.flush();
      rl_on_new_line();
      rl_redisplay();
      continue;
    }
    if ((fds[0].revents & (POLLIN | POLLHUP)) != 0) rl_callback_read_char();
  }
  rl_callback_handler_remove();
  if (!state.history_path.empty()) write_history(state.history_path.c_str());
  g_terminal = nullptr;
}

}  // namespace tapedeck::cli
