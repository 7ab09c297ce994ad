#include "cli/shell_grammar.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace tapedeck::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

ShellLine Parse(std::string_view line) {
  Result<std::optional<ShellLine>> parsed = ParseShellLine(line);
  EXPECT_TRUE(parsed.ok()) << line << ": " << parsed.error().message();
  EXPECT_TRUE(parsed.ok() && parsed->has_value()) << line;
  return parsed.ok() && parsed->has_value() ? **parsed : ShellLine{};
}

std::string ParseError(std::string_view line) {
  Result<std::optional<ShellLine>> parsed = ParseShellLine(line);
  return parsed.ok() ? "parsed" : parsed.error().message();
}

CompletionSources Sources() {
  return {{"BAC", "SPY"}, {"AAPL", "BAC", "IBM", "SPY"}, {"1m", "5m", "15m"}};
}

std::vector<std::string> Complete(std::string_view line) {
  const size_t start =
      line.find_last_of(' ') == std::string_view::npos ? 0 : line.find_last_of(' ') + 1;
  return CompleteShellWord(line, start, Sources()).candidates;
}

TEST(ShellGrammarTest, ParsesTwoWordCommandsWithArgumentsAndFlags) {
  const ShellLine add = Parse("symbol add IBM AAPL --intervals 1m,5m");
  const ShellLine start = Parse("system start configs/demo.json --paused --speed=60");

  EXPECT_EQ(add.command->name, "symbol add");
  EXPECT_THAT(add.args, ElementsAre("IBM", "AAPL"));
  EXPECT_EQ(add.flags.at("--intervals"), "1m,5m");
  EXPECT_EQ(start.command->name, "system start");
  EXPECT_THAT(start.args, ElementsAre("configs/demo.json"));
  EXPECT_TRUE(start.has("--paused"));
  EXPECT_EQ(start.flags.at("--speed"), "60");
}

TEST(ShellGrammarTest, AcceptsThePredecessorsSpellings) {
  EXPECT_EQ(Parse("data add-symbol IBM").command->name, "symbol add");
  EXPECT_EQ(Parse("data remove-symbol IBM").command->name, "symbol remove");
  EXPECT_EQ(Parse("data backtest-speed 10").command->name, "system speed");
  EXPECT_EQ(Parse("time session").command->name, "time now");
  const ShellLine export_status = Parse("system export-status complete=true");
  EXPECT_EQ(export_status.command->name, "system export-status");
  EXPECT_TRUE(export_status.args.empty());
}

TEST(ShellGrammarTest, BlankLinesAndCommentsAreNothing) {
  const Result<std::optional<ShellLine>> blank = ParseShellLine("   ");
  const Result<std::optional<ShellLine>> comment = ParseShellLine("# a note");

  ASSERT_TRUE(blank.ok());
  ASSERT_TRUE(comment.ok());
  EXPECT_FALSE(blank->has_value());
  EXPECT_FALSE(comment->has_value());
}

TEST(ShellGrammarTest, ErrorsSayWhatIsWrongInOneLine) {
  EXPECT_THAT(ParseError("system"), HasSubstr("system needs a command: start, pause"));
  EXPECT_THAT(ParseError("system jump"), HasSubstr("unknown command 'system jump'"));
  EXPECT_THAT(ParseError("fly"), HasSubstr("unknown command 'fly' (type help"));
  EXPECT_THAT(ParseError("data bars"), HasSubstr("usage: data bars SYMBOL [INTERVAL] [N]"));
  EXPECT_THAT(ParseError("symbol add IBM --colour red"), HasSubstr("unknown option --colour"));
  EXPECT_THAT(ParseError("symbol add IBM --intervals"), HasSubstr("--intervals needs a value"));
  EXPECT_THAT(ParseError("system export-status complete=false"),
              HasSubstr("only the complete export"));
  EXPECT_THAT(ParseError("data import 'unterminated"), HasSubstr("unterminated ' quote"));
}

TEST(ShellGrammarTest, QuotesKeepBlanksInOneWord) {
  const Result<std::vector<std::string>> words = SplitShellWords(R"(data import "my bars.csv" x)");

  ASSERT_TRUE(words.ok());
  EXPECT_THAT(*words, ElementsAre("data", "import", "my bars.csv", "x"));
}

TEST(ShellGrammarTest, CompletesCommandsAndSubcommands) {
  EXPECT_THAT(Complete("sy"), ElementsAre("symbol", "system"));
  EXPECT_THAT(Complete("system st"), ElementsAre("start", "status", "step", "stop"));
  EXPECT_THAT(Complete("data "),
              ElementsAre("bars", "import", "list", "quality", "scans", "session", "signals"));
  EXPECT_THAT(Complete("help sym"), ElementsAre("symbol"));
  EXPECT_THAT(Complete("help symbol r"), ElementsAre("remove"));
}

TEST(ShellGrammarTest, CompletesSymbolsFromTheSessionOrTheStore) {
  EXPECT_THAT(Complete("data session "), ElementsAre("BAC", "SPY"));
  EXPECT_THAT(Complete("symbol add "), ElementsAre("AAPL", "BAC", "IBM", "SPY"));
  EXPECT_THAT(Complete("symbol add I"), ElementsAre("IBM"));
  EXPECT_THAT(Complete("data add-symbol A"), ElementsAre("AAPL"));
}

TEST(ShellGrammarTest, CompletesIntervalsAndFlags) {
  EXPECT_THAT(Complete("data bars SPY "), ElementsAre("15m", "1m", "5m"));
  EXPECT_THAT(Complete("symbol add IBM --intervals 1m,1"), ElementsAre("1m,15m", "1m,1m"));
  EXPECT_THAT(Complete("symbol add IBM --i"), ElementsAre("--intervals"));
  EXPECT_THAT(Complete("data bars SPY 5m "), ElementsAre());
}

TEST(ShellGrammarTest, AsksForFileNamesWhereAPathGoes) {
  EXPECT_TRUE(CompleteShellWord("system start con", 13, Sources()).file_names);
  EXPECT_TRUE(CompleteShellWord("data import a.csv b", 18, Sources()).file_names);
  EXPECT_FALSE(CompleteShellWord("symbol add I", 11, Sources()).file_names);
}

}  // namespace
}  // namespace tapedeck::cli
