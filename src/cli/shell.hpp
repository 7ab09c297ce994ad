// The shell's commands (see ShellCommands()) run against at most one session
// at a time. The session runs on a thread of its own; the shell talks to it
// only through commands and reads it through ReadCommand (or directly once
// its run has ended). Output is deterministic for a backtest: nothing printed
// here reads the wall clock. Not thread-safe: the shell's thread owns it.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "cli/cli_context.hpp"
#include "cli/session_launch.hpp"
#include "cli/shell_grammar.hpp"
#include "session/session_export.hpp"

namespace tapedeck::cli {

class Shell {
 public:
  // `default_config` is what `system start` runs without an argument.
  // `interrupted` (may be null) is Ctrl-C: a command that waits gives up
  // waiting when it becomes true.
  Shell(CliContext& context, std::string default_config, const std::atomic<bool>* interrupted);
  // Stops a running session.
  ~Shell();
  Shell(const Shell&) = delete;
  Shell& operator=(const Shell&) = delete;

  // Parses and runs one line, printing on the context's `out`. Blank lines
  // and comments do nothing. An error is returned, not printed.
  Status Execute(std::string_view line);
  // `exit` was run.
  bool exit_requested() const { return exit_requested_; }
  // Stops a running session and waits until it has stopped.
  void Close();

  // Symbols and intervals for Tab (empty parts when they cannot be read).
  CompletionSources CompletionSourcesNow();

 private:
  using Reader = std::function<Status(const session::SessionEngine&)>;

  Status Run(const ShellLine& line);
  // Runs `read` on the session (an error when there is none).
  Status ReadSession(const Reader& read);
  // Runs `use` on the store: the session's (on its thread) or a freshly opened one.
  Status UseStore(const std::function<Status(store::DuckDbBarStore&)>& use);
  bool running() const { return thread_ != nullptr && !thread_->ended(); }

  Status Start(const ShellLine& line);
  Status Stop();
  // After a live session's run: disconnects its feed and, when its config
  // says record_bars, adds the day's bars to the store.
  Status EndLive();
  Status ShowStatus();
  Status ExportStatus(const ShellLine& line);
  Status Speed(const ShellLine& line);
  Status Step(const ShellLine& line);
  Status Wait();
  Status DataSession(const ShellLine& line);
  Status DataBars(const ShellLine& line);
  Status DataQuality(const ShellLine& line);
  Status DataSignals(const ShellLine& line);
  Status DataScans(const ShellLine& line);
  Status DataImport(const ShellLine& line);
  Status SymbolAdd(const ShellLine& line);
  Status SymbolList();
  Status TimeNow();
  Status Calendar(const ShellLine& line);
  Status Help(const ShellLine& line);

  CliContext& context_;
  std::string default_config_;
  const std::atomic<bool>* interrupted_;
  std::unique_ptr<LaunchedSession> session_;
  std::unique_ptr<SessionThread> thread_;  // Declared after session_: joined first.
  session::ExportCursor delta_cursor_;     // What `export-status --delta` has written.
  bool exit_requested_ = false;
};

}  // namespace tapedeck::cli
