#include "cli/shell_grammar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace tapedeck::cli {
namespace {

using enum ShellArg;

// Words that start a two-word command.
constexpr std::string_view kGroups[] = {"system", "data", "symbol", "time"};

bool IsGroup(std::string_view word) {
  return std::ranges::find(kGroups, word) != std::end(kGroups);
}

std::vector<ShellCommandSpec> MakeCommands() {
  const ShellFlag intervals{"--intervals", kInterval};
  return {
      {"system start",
       "system start [CONFIG] [--paused] [--speed N]",
       "Start a session from a config (default: the shell's CONFIG); --paused waits at the open",
       0,
       1,
       {kFile},
       {{"--paused", kNone, false}, {"--speed", kNone}}},
      {"system pause", "system pause", "Pause the session after the current step", 0, 0, {}, {}},
      {"system resume", "system resume", "Resume a paused session", 0, 0, {}, {}},
      {"system stop", "system stop", "Stop the session; its data stays readable", 0, 0, {}, {}},
      {"system status",
       "system status",
       "State, session date, simulated time, speed (live: the feed's status) and counts",
       0,
       0,
       {},
       {}},
      {"system export-status",
       "system export-status [FILE] [--delta]",
       "Write the complete JSON export (default: SESSION-status.json)",
       0,
       1,
       {kFile},
       {{"--delta", kNone, false}}},
      {"system speed",
       "system speed N",
       "Replay speed: 0 as fast as possible, N for N× wall time",
       1,
       1,
       {kNone},
       {}},
      {"system step",
       "system step [N|TIME]",
       "While paused: N steps (default 1), or until TIME (HH:MM New York, or ISO-8601)",
       0,
       1,
       {kNone},
       {}},
      {"system wait",
       "system wait",
       "Wait until the session ends (Ctrl-C stops waiting)",
       0,
       0,
       {},
       {}},
      {"data session",
       "data session [SYMBOL]",
       "Per symbol: intervals with bars, quality and gaps; indicators; metrics",
       0,
       1,
       {kSessionSymbol},
       {}},
      {"data bars",
       "data bars SYMBOL [INTERVAL] [N]",
       "The last N bars (default 10, 0 for all) of today's session (default: the base interval)",
       1,
       3,
       {kSessionSymbol, kInterval, kNone},
       {}},
      {"data quality",
       "data quality SYMBOL",
       "Quality of every interval, with each gap",
       1,
       1,
       {kSessionSymbol},
       {}},
      {"data signals",
       "data signals [N]",
       "The strategies' last N signals (default all): time, strategy, symbol, side, size, reason",
       0,
       1,
       {kNone},
       {}},
      {"data scans",
       "data scans [N]",
       "The scanners' last N results (default all): time, scanner, selected symbols, reason",
       0,
       1,
       {kNone},
       {}},
      {"data list",
       "data list",
       "What the store holds: symbols, intervals, first and last bar",
       0,
       0,
       {},
       {}},
      {"data import",
       "data import FILE… [--symbol S] [--interval I] [--tz ZONE] [--skip-bad-rows]",
       "Import CSV or Parquet bars into the store (as tapedeck import)",
       1,
       kMany,
       {kFile},
       {{"--symbol", kNone},
        {"--interval", kInterval},
        {"--tz", kNone},
        {"--skip-bad-rows", kNone, false}}},
      {"symbol add",
       "symbol add SYMBOL… [--intervals 1m,5m]",
       "Add symbols to the running session (each loads or fails on its own)",
       1,
       kMany,
       {kSymbol},
       {intervals}},
      {"symbol remove",
       "symbol remove SYMBOL",
       "Remove a symbol from the session",
       1,
       1,
       {kSessionSymbol},
       {}},
      {"symbol list",
       "symbol list",
       "The session's symbols: how and when each joined",
       0,
       0,
       {},
       {}},
      {"time now",
       "time now",
       "The session's simulated time and today's hours, New York time",
       0,
       0,
       {},
       {}},
      {"calendar",
       "calendar [DATE] [--from D] [--to D] [--all]",
       "Explain a day of the trading calendar (default: the session's), or list sessions",
       0,
       1,
       {kNone},
       {{"--from", kNone}, {"--to", kNone}, {"--all", kNone, false}}},
      {"help", "help [COMMAND]", "List the commands, or explain one", 0, 2, {kCommand}, {}},
      {"exit",
       "exit",
       "Leave the shell (stops a running session); Ctrl-D does the same",
       0,
       0,
       {},
       {}},
  };
}

// Spelled → canonical name.
const std::map<std::string_view, std::string_view>& AliasMap() {
  static const std::map<std::string_view, std::string_view> aliases = {
      {"data add-symbol", "symbol add"},
      {"data remove-symbol", "symbol remove"},
      {"data backtest-speed", "system speed"},
      {"time session", "time now"},
      {"quit", "exit"},
  };
  return aliases;
}

std::string GroupCommands(std::string_view group) {
  std::string names;
  for (const ShellCommandSpec& spec : ShellCommands()) {
    if (spec.name.starts_with(std::string(group) + " ")) {
      names += (names.empty() ? "" : ", ") + std::string(spec.name.substr(group.size() + 1));
    }
  }
  return names;
}

const ShellFlag* FindFlag(const ShellCommandSpec& spec, std::string_view name) {
  const auto it = std::ranges::find(spec.flags, name, &ShellFlag::name);
  return it == spec.flags.end() ? nullptr : &*it;
}

ShellArg ArgKind(const ShellCommandSpec& spec, size_t index) {
  if (spec.args.empty() || index >= spec.max_args) return kNone;
  return spec.args[std::min(index, spec.args.size() - 1)];
}

void AddMatches(const std::vector<std::string>& words, std::string_view prefix,
                std::set<std::string>& out) {
  for (const std::string& word : words) {
    if (word.starts_with(prefix)) out.insert(word);
  }
}

// Command names that may start a line (groups and one-word commands).
std::vector<std::string> FirstWords() {
  std::vector<std::string> words(std::begin(kGroups), std::end(kGroups));
  for (const ShellCommandSpec& spec : ShellCommands()) {
    if (spec.name.find(' ') == std::string_view::npos) words.emplace_back(spec.name);
  }
  return words;
}

std::vector<std::string> SubWords(std::string_view group) {
  std::vector<std::string> words;
  for (const ShellCommandSpec& spec : ShellCommands()) {
    if (spec.name.starts_with(std::string(group) + " ")) {
      words.emplace_back(spec.name.substr(group.size() + 1));
    }
  }
  return words;
}

}  // namespace

const std::vector<ShellCommandSpec>& ShellCommands() {
  static const std::vector<ShellCommandSpec> commands = MakeCommands();
  return commands;
}

const ShellCommandSpec* FindShellCommand(std::string_view name) {
  if (const auto alias = AliasMap().find(name); alias != AliasMap().end()) name = alias->second;
  const auto it = std::ranges::find(ShellCommands(), name, &ShellCommandSpec::name);
  return it == ShellCommands().end() ? nullptr : &*it;
}

const std::vector<std::pair<std::string_view, std::string_view>>& ShellAliases() {
  static const std::vector<std::pair<std::string_view, std::string_view>> aliases = [] {
    std::vector<std::pair<std::string_view, std::string_view>> list(AliasMap().begin(),
                                                                    AliasMap().end());
    list.emplace_back("system export-status complete=true", "system export-status");
    return list;
  }();
  return aliases;
}

Result<std::vector<std::string>> SplitShellWords(std::string_view line) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (const char c : line) {
    if (quote != 0) {
      if (c == quote) {
        quote = 0;
      } else {
        word += c;
      }
    } else if (c == '"' || c == '\'') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
      if (in_word) words.push_back(std::exchange(word, {}));
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) return Error::InvalidArgument("unterminated {} quote", quote);
  if (in_word) words.push_back(word);
  return words;
}

Result<std::optional<ShellLine>> ParseShellLine(std::string_view line) {
  TD_ASSIGN_OR_RETURN(std::vector<std::string> words, SplitShellWords(line));
  if (words.empty() || words.front().starts_with("#")) return std::optional<ShellLine>();
  size_t used = 1;
  std::string name = words.front();
  if (IsGroup(name)) {
    if (words.size() < 2) {
      return Error::InvalidArgument("{} needs a command: {} (type help {})", name,
                                    GroupCommands(name), name);
    }
    name += " " + words[1];
    used = 2;
  }
  const ShellCommandSpec* spec = FindShellCommand(name);
  if (spec == nullptr) {
    if (IsGroup(words.front())) {
      return Error::InvalidArgument("unknown command '{}': {} takes {} (type help)", name,
                                    words.front(), GroupCommands(words.front()));
    }
    return Error::InvalidArgument("unknown command '{}' (type help for the list)", words.front());
  }
  ShellLine parsed;
  parsed.command = spec;
  for (size_t i = used; i < words.size(); ++i) {
    const std::string& word = words[i];
    if (spec->name == "system export-status" && word.starts_with("complete=")) {
      // The predecessor's spelling; the complete export is the only kind here.
      if (word != "complete=true") {
        return Error::InvalidArgument("{}: only the complete export exists (or --delta)", word);
      }
      continue;
    }
    if (!word.starts_with("--")) {
      parsed.args.push_back(word);
      continue;
    }
    std::string flag_name = word;
    std::optional<std::string> value;
    if (const size_t equals = word.find('='); equals != std::string::npos) {
      flag_name = word.substr(0, equals);
      value = word.substr(equals + 1);
    }
    const ShellFlag* flag = FindFlag(*spec, flag_name);
    if (flag == nullptr) {
      return Error::InvalidArgument("{}: unknown option {} (usage: {})", spec->name, flag_name,
                                    spec->usage);
    }
    if (flag->takes_value && !value) {
      if (i + 1 >= words.size()) {
        return Error::InvalidArgument("{}: {} needs a value (usage: {})", spec->name, flag_name,
                                      spec->usage);
      }
      value = words[++i];
    }
    if (!flag->takes_value && value) {
      return Error::InvalidArgument("{}: {} takes no value", spec->name, flag_name);
    }
    parsed.flags[flag_name] = value.value_or("");
  }
  if (parsed.args.size() < spec->min_args || parsed.args.size() > spec->max_args) {
    return Error::InvalidArgument("{}: {} arguments (usage: {})", spec->name,
                                  parsed.args.size() < spec->min_args ? "missing" : "too many",
                                  spec->usage);
  }
  return std::optional<ShellLine>(std::move(parsed));
}

Completion CompleteShellWord(std::string_view line, size_t word_start,
                             const CompletionSources& sources) {
  word_start = std::min(word_start, line.size());
  const std::string_view word = line.substr(word_start);
  Result<std::vector<std::string>> split = SplitShellWords(line.substr(0, word_start));
  Completion completion;
  if (!split.ok()) return completion;
  const std::vector<std::string>& before = *split;
  std::set<std::string> matches;
  const auto finish = [&] {
    completion.candidates.assign(matches.begin(), matches.end());
    return completion;
  };
  if (before.empty()) {
    AddMatches(FirstWords(), word, matches);
    return finish();
  }
  if (before.size() == 1 && IsGroup(before[0])) {
    AddMatches(SubWords(before[0]), word, matches);
    return finish();
  }
  size_t used = 1;
  std::string name = before[0];
  if (IsGroup(name)) {
    name += " " + before[1];
    used = 2;
  }
  const ShellCommandSpec* spec = FindShellCommand(name);
  if (spec == nullptr) return completion;
  if (spec->name == "help") {
    if (before.size() == 1) AddMatches(FirstWords(), word, matches);
    if (before.size() == 2 && IsGroup(before[1])) AddMatches(SubWords(before[1]), word, matches);
    return finish();
  }
  // Where the word stands: a flag, a flag's value or the next positional.
  ShellArg kind = kNone;
  size_t positional = 0;
  const ShellFlag* pending = nullptr;
  for (size_t i = used; i < before.size(); ++i) {
    if (pending != nullptr) {
      pending = nullptr;
      continue;
    }
    if (before[i].starts_with("--")) {
      const ShellFlag* flag = FindFlag(*spec, before[i]);
      if (flag != nullptr && flag->takes_value) pending = flag;
      continue;
    }
    ++positional;
  }
  if (pending != nullptr) {
    kind = pending->value;
  } else if (word.starts_with("-")) {
    for (const ShellFlag& flag : spec->flags) {
      if (flag.name.starts_with(word)) matches.emplace(flag.name);
    }
    return finish();
  } else {
    kind = ArgKind(*spec, positional);
  }
  switch (kind) {
    case kNone:
    case kCommand:
      break;
    case kFile:
      completion.file_names = true;
      break;
    case kSessionSymbol:
      AddMatches(sources.session_symbols, word, matches);
      break;
    case kSymbol:
      AddMatches(sources.session_symbols, word, matches);
      AddMatches(sources.store_symbols, word, matches);
      break;
    case kInterval: {
      // "1m,5" completes the part after the last comma.
      const size_t comma = word.rfind(',');
      const std::string_view head =
          comma == std::string_view::npos ? "" : word.substr(0, comma + 1);
      const std::string_view tail = word.substr(head.size());
      for (const std::string& interval : sources.intervals) {
        if (interval.starts_with(tail)) matches.insert(std::string(head) + interval);
      }
      break;
    }
  }
  return finish();
}

}  // namespace tapedeck::cli
