// The shell's commands as data: their names (and the predecessor's aliases),
// arguments and flags, how a line parses into one, and what Tab completes.
// Pure functions; safe from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace tapedeck::cli {

// What an argument holds, for completion.
enum class ShellArg {
  kNone,           // Nothing to complete (a number, a time).
  kFile,           // A path: file-name completion.
  kSessionSymbol,  // A symbol in the running session.
  kSymbol,         // A symbol in the session or the store.
  kInterval,       // An interval, or a comma-separated list of them.
  kCommand,        // A shell command's name (help).
};

struct ShellFlag {
  std::string_view name;  // "--intervals"
  ShellArg value;         // kNone: a switch without a value.
  bool takes_value = true;
};

struct ShellCommandSpec {
  std::string_view name;     // "system start", "calendar".
  std::string_view usage;    // "system start [CONFIG] [--paused]".
  std::string_view summary;  // One line for help.
  size_t min_args = 0;
  size_t max_args = 0;         // kMany: no limit.
  std::vector<ShellArg> args;  // Kind of positional i; the last one repeats.
  std::vector<ShellFlag> flags;
};

inline constexpr size_t kMany = static_cast<size_t>(-1);

// Every command in help order.
const std::vector<ShellCommandSpec>& ShellCommands();
// Finds a command by its name or an alias ("data add-symbol" → "symbol add").
const ShellCommandSpec* FindShellCommand(std::string_view name);
// The predecessor's spellings and what they mean now, for help.
const std::vector<std::pair<std::string_view, std::string_view>>& ShellAliases();

// Splits a line into words at blanks; "double" or 'single' quotes keep blanks.
Result<std::vector<std::string>> SplitShellWords(std::string_view line);

struct ShellLine {
  const ShellCommandSpec* command = nullptr;
  std::vector<std::string> args;
  std::map<std::string, std::string> flags;  // "--paused" → "" for switches.

  bool has(std::string_view flag) const { return flags.contains(std::string(flag)); }
};

// nullopt for a blank line or a comment (# …). Errors are one line that says
// what is wrong and what the command expects.
Result<std::optional<ShellLine>> ParseShellLine(std::string_view line);

// What Tab may offer for the word that starts at `word_start` of `line`.
struct CompletionSources {
  std::vector<std::string> session_symbols;
  std::vector<std::string> store_symbols;
  std::vector<std::string> intervals;
};
struct Completion {
  std::vector<std::string> candidates;  // Sorted, unique, each starting with the word.
  bool file_names = false;              // The word is a path: complete file names.
};
Completion CompleteShellWord(std::string_view line, size_t word_start,
                             const CompletionSources& sources);

}  // namespace tapedeck::cli
