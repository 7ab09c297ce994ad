// `tapedeck compute` driven through RunCli, as the binary runs it, on the
// shipped sample data. Expected prices are copied from (or worked out by hand
// from) data/sample/SPY_1m_2013-10-07_2013-10-11.csv, which holds 4128 bars
// from 04:00 to 19:59 New York (EDT all week): 390 regular-hours bars on each
// of its 5 sessions, 1950 in all (awk: 13:30 <= HH:MM < 20:00 UTC).
#include "cli/compute_command.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

#include "cli/cli.hpp"
#include "testkit/bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);) lines.push_back(line);
  return lines;
}

std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  for (std::string cell; std::getline(stream, cell, ',');) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

// The row whose open time is `timestamp`, split into cells; empty if none.
std::vector<std::string> RowAt(const std::string& csv, std::string_view timestamp) {
  for (const std::string& line : Lines(csv)) {
    if (line.starts_with(timestamp)) return Cells(line);
  }
  return {};
}

class ComputeCommandTest : public testing::Test {
 protected:
  Outcome Tapedeck(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", (dir_.path() / "unused.duckdb").string(), "compute"});
    std::ostringstream out, err;
    const int code = RunCli(args, out, err);
    return {code, out.str(), err.str()};
  }
  // compute --input <SPY 1m sample> --interval 1m, then `args`.
  Outcome Spy(std::vector<std::string> args) {
    args.insert(args.begin(),
                {"--input",
                 (testkit::SourceDir() / "data/sample/SPY_1m_2013-10-07_2013-10-11.csv").string(),
                 "--interval", "1m"});
    return Tapedeck(std::move(args));
  }
  testkit::TempDir dir_;
};

TEST_F(ComputeCommandTest, CsvHeaderNamesEveryOutputAtTheOutputInterval) {
  const Outcome run =
      Spy({"--derive", "5m,15m", "--indicator", "sma:20@5m", "--indicator", "rsi:14@5m",
           "--indicator", "macd:12,26,9@5m", "--indicator", "bbands:20,2@15m", "--indicator",
           "vwap@5m", "--indicator", "stoch:5,3,3@5m", "--indicator", "aroon:14@5m"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Lines(run.out).front(),
            "timestamp,open,high,low,close,volume,sma_20_5m,rsi_14_5m,macd_12_26_9_5m.macd,"
            "macd_12_26_9_5m.macdsignal,macd_12_26_9_5m.macdhist,vwap_5m,stoch_5_3_3_5m.slowk,"
            "stoch_5_3_3_5m.slowd,aroon_14_5m.aroondown,aroon_14_5m.aroonup");
  EXPECT_THAT(run.err, HasSubstr("note: bbands_20_2_15m is computed on 15m bars and not shown"));
  EXPECT_EQ(Lines(run.out).size(), 1 + 5 * 78);
}

TEST_F(ComputeCommandTest, OutputIntervalPicksTheRowsAndColumns) {
  const Outcome run = Spy({"--derive", "5m,15m", "--output-interval", "15m", "--indicator",
                           "bbands:20,2@15m", "--indicator", "sma:3@5m"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(Lines(run.out).front(),
            "timestamp,open,high,low,close,volume,bbands_20_2_15m.upperband,"
            "bbands_20_2_15m.middleband,bbands_20_2_15m.lowerband");
  EXPECT_EQ(Lines(run.out).size(), 1 + 5 * 26);
}

TEST_F(ComputeCommandTest, FirstFiveMinuteBarMatchesTheOneMinuteRows) {
  // Rows 13:30..13:34Z of 2013-10-07 (open, high, low, close, volume):
  //   167.43 167.52 167.41 167.44 816453
  //   167.47 167.47 167.31 167.37 876364
  //   167.37 167.37 167.25 167.28 642093
  //   167.29 167.43 167.28 167.42 707606
  //   167.42 167.53 167.41 167.50 635346
  // open 167.43 (first), high max = 167.53, low min = 167.25, close 167.50 (last),
  // volume 816453 + 876364 + 642093 + 707606 + 635346 = 3677862.
  const Outcome run = Spy({"--derive", "5m"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_GE(lines.size(), 2u);
  EXPECT_EQ(lines[0], "timestamp,open,high,low,close,volume");
  EXPECT_EQ(lines[1], "2013-10-07T13:30:00Z,167.43,167.53,167.25,167.5,3677862");
}

TEST_F(ComputeCommandTest, SmaIsTheMeanOfTheLastThreeCloses) {
  const Outcome run = Spy({"--indicator", "sma:3"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::vector<std::string> lines = Lines(run.out);
  ASSERT_GE(lines.size(), 5u);
  EXPECT_EQ(lines[0], "timestamp,open,high,low,close,volume,sma_3_1m");
  EXPECT_EQ(lines[1], "2013-10-07T13:30:00Z,167.43,167.52,167.41,167.44,816453,");
  EXPECT_EQ(lines[2], "2013-10-07T13:31:00Z,167.47,167.47,167.31,167.37,876364,");
  // Closes 167.44, 167.37, 167.28, then 167.42.
  EXPECT_DOUBLE_EQ(std::stod(Cells(lines[3]).at(6)), (167.44 + 167.37 + 167.28) / 3);
  EXPECT_DOUBLE_EQ(std::stod(Cells(lines[4]).at(6)), (167.37 + 167.28 + 167.42) / 3);
}

TEST_F(ComputeCommandTest, VwapResetsEachSessionWhileOtherIndicatorsCarryOn) {
  const Outcome run = Spy({"--indicator", "vwap", "--indicator", "sma:3"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  // 2013-10-08T13:30:00Z,167.45,167.52,167.40,167.50,525757: the first bar of
  // the second session. VWAP over one bar is its typical price (h + l + c) / 3.
  const std::vector<std::string> first = RowAt(run.out, "2013-10-08T13:30:00Z");
  const std::vector<std::string> before = RowAt(run.out, "2013-10-07T19:59:00Z");
  ASSERT_EQ(first.size(), 8u);
  ASSERT_EQ(before.size(), 8u);
  EXPECT_DOUBLE_EQ(std::stod(first[6]), (167.52 + 167.40 + 167.50) / 3);
  EXPECT_NE(first[6], before[6]);
  EXPECT_FALSE(first[7].empty());  // The SMA kept the previous session's closes.
}

TEST_F(ComputeCommandTest, RegularHoursByDefaultExtendedOnRequest) {
  const Outcome regular = Spy({});
  const Outcome extended = Spy({"--extended"});

  ASSERT_EQ(regular.exit_code, 0) << regular.err;
  ASSERT_EQ(extended.exit_code, 0) << extended.err;
  // awk: 1950 rows with 13:30 <= HH:MM < 20:00 UTC; 4128 rows in all, none overnight.
  EXPECT_EQ(Lines(regular.out).size(), 1 + 1950u);
  EXPECT_EQ(Lines(extended.out).size(), 1 + 4128u);
  EXPECT_THAT(regular.err, HasSubstr("dropped 2178 of 4128 bars outside regular hours"));
  EXPECT_EQ(Lines(extended.out)[1], "2013-10-07T08:00:00Z,167.41,167.41,167.25,167.27,3197");
}

TEST_F(ComputeCommandTest, CsvQualityGoesToStderrPerIntervalAndSession) {
  std::ofstream(dir_.path() / "X_1m.csv") << "timestamp,open,high,low,close,volume\n"
                                             "2013-10-07T13:30:00Z,10,11,9,10,5\n"
                                             "2013-10-07T13:31:00Z,10,11,9,10,5\n"
                                             "2013-10-07T13:33:00Z,10,11,9,10,5\n";

  const Outcome spy = Spy({"--derive", "5m", "--quality"});
  const Outcome gappy =
      Tapedeck({"--input", (dir_.path() / "X_1m.csv").string(), "--derive", "5m", "--quality"});

  ASSERT_EQ(spy.exit_code, 0) << spy.err;
  EXPECT_THAT(spy.err, HasSubstr("quality 1m 2013-10-07: 390/390 100% gaps 0\n"));
  EXPECT_THAT(spy.err, HasSubstr("quality 5m 2013-10-11: 78/78 100% gaps 0\n"));
  ASSERT_EQ(gappy.exit_code, 0) << gappy.err;
  EXPECT_EQ(gappy.out,
            "timestamp,open,high,low,close,volume\n"
            "2013-10-07T13:30:00Z,10,11,9,10,15\n");
  // 3 of 390 slots: 0.769…% is shown rounded down.
  EXPECT_THAT(gappy.err,
              HasSubstr("quality 1m 2013-10-07: 3/390 0.7% gaps 2: [2013-10-07T13:32:00Z, "
                        "2013-10-07T13:33:00Z) 1 missing, [2013-10-07T13:34:00Z, "
                        "2013-10-07T20:00:00Z) 386 missing\n"));
}

TEST_F(ComputeCommandTest, SymbolPicksOneSymbolOfAFileWithASymbolColumn) {
  std::ofstream(dir_.path() / "two_1m.csv") << "timestamp,symbol,open,high,low,close,volume\n"
                                               "2013-10-07T13:30:00Z,AAA,10,11,9,10,5\n"
                                               "2013-10-07T13:30:00Z,BBB,20,21,19,20,7\n";
  const std::string input = (dir_.path() / "two_1m.csv").string();

  const Outcome both = Tapedeck({"--input", input});
  const Outcome bbb = Tapedeck({"--input", input, "--symbol", "BBB"});

  EXPECT_EQ(both.exit_code, 1);
  EXPECT_THAT(both.err, HasSubstr("holds 2 series (AAA 1m, BBB 1m)"));
  ASSERT_EQ(bbb.exit_code, 0) << bbb.err;
  EXPECT_EQ(bbb.out,
            "timestamp,open,high,low,close,volume\n"
            "2013-10-07T13:30:00Z,20,21,19,20,7\n");
}

TEST_F(ComputeCommandTest, JsonHoldsBarsIndicatorsAndQuality) {
  const Outcome run = Spy({"--derive", "5m", "--indicator", "rsi:14@5m", "--indicator",
                           "bbands:20,2@5m", "--quality", "--format", "json"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  const nlohmann::json json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["symbol"], "SPY");
  EXPECT_EQ(json["interval"], "5m");
  ASSERT_EQ(json["bars"].size(), 5 * 78u);
  const nlohmann::json& first = json["bars"][0];
  EXPECT_EQ(first["timestamp"], "2013-10-07T13:30:00Z");
  EXPECT_EQ(first["volume"], 3677862.0);
  EXPECT_TRUE(first["indicators"]["rsi_14_5m"].is_null());
  EXPECT_TRUE(first["indicators"]["bbands_20_2_5m"]["upperband"].is_null());
  const nlohmann::json& ready = json["bars"][20]["indicators"];
  EXPECT_TRUE(ready["rsi_14_5m"].is_number());
  EXPECT_LT(ready["bbands_20_2_5m"]["lowerband"], ready["bbands_20_2_5m"]["upperband"]);
  ASSERT_EQ(json["quality"]["1m"].size(), 5u);
  EXPECT_EQ(json["quality"]["1m"][0]["session"], "2013-10-07");
  EXPECT_EQ(json["quality"]["1m"][0]["expected"], 390);
  EXPECT_EQ(json["quality"]["1m"][0]["present"], 390);
  EXPECT_EQ(json["quality"]["1m"][0]["score"], 100.0);
  EXPECT_TRUE(json["quality"]["1m"][0]["gaps"].empty());
  EXPECT_EQ(json["quality"]["5m"][4]["expected"], 78);
}

TEST_F(ComputeCommandTest, BadIndicatorSpecsExitOneNamingTheFlagAndTheRule) {
  const Outcome small = Spy({"--indicator", "rsi:1"});
  const Outcome extra = Spy({"--indicator", "rsi:14,3"});
  const Outcome word = Spy({"--indicator", "rsi:abc@5m"});
  const Outcome unknown = Spy({"--indicator", "rsx:14"});
  const Outcome underived = Spy({"--derive", "5m", "--indicator", "rsi:14@15m"});

  EXPECT_EQ(small.exit_code, 1);
  EXPECT_EQ(small.err,
            "tapedeck: --indicator rsi:1: \"rsi\": period must be an integer ≥ 2, got 1\n");
  EXPECT_EQ(extra.exit_code, 1);
  EXPECT_EQ(extra.err,
            "tapedeck: --indicator rsi:14,3: \"rsi\": takes 1 parameter (period), got 2\n");
  EXPECT_EQ(word.exit_code, 1);
  EXPECT_EQ(word.err, "tapedeck: --indicator rsi:abc@5m: parameter 1 \"abc\" is not a number\n");
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, StartsWith("tapedeck: --indicator rsx:14: unknown indicator \"rsx\""));
  EXPECT_EQ(underived.exit_code, 1);
  EXPECT_EQ(underived.err,
            "tapedeck: --indicator rsi:14@15m: 15m bars are not computed (1m, 5m); add 15m to "
            "--derive\n");
}

TEST_F(ComputeCommandTest, BadIntervalsExitOneNamingTheFlag) {
  const Outcome interval = Tapedeck(
      {"--input", (testkit::SourceDir() / "data/sample/SPY_1m_2013-10-07_2013-10-11.csv").string(),
       "--interval", "1x"});
  const Outcome derive = Spy({"--derive", "5x"});
  const Outcome underivable = Spy({"--derive", "7s"});
  const Outcome indicator = Spy({"--indicator", "rsi:14@5x"});
  const Outcome output = Spy({"--derive", "5m", "--output-interval", "15m"});

  EXPECT_EQ(interval.exit_code, 1);
  EXPECT_EQ(interval.err,
            "tapedeck: --interval: \"1x\" is not an interval: unit must be one of s, m, h, d, w\n");
  EXPECT_EQ(derive.exit_code, 1);
  EXPECT_THAT(derive.err, StartsWith("tapedeck: --derive: \"5x\" is not an interval"));
  EXPECT_EQ(underivable.exit_code, 1);
  EXPECT_THAT(underivable.err, StartsWith("tapedeck: --derive: "));
  EXPECT_THAT(underivable.err, HasSubstr("7s"));
  EXPECT_EQ(indicator.exit_code, 1);
  EXPECT_THAT(indicator.err,
              StartsWith("tapedeck: --indicator rsi:14@5x: \"5x\" is not an interval"));
  EXPECT_EQ(output.exit_code, 1);
  EXPECT_EQ(output.err,
            "tapedeck: --output-interval 15m: not among the intervals computed (1m, 5m); add it "
            "to --derive\n");
}

}  // namespace
}  // namespace tapedeck::cli
