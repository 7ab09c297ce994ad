// The store commands driven through RunCli, as the binary runs them, on the
// shipped sample data. Expected prices are copied from the sample CSV files.
#include "cli/store_commands.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

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

class StoreCommandsTest : public testing::Test {
 protected:
  Outcome Tapedeck(std::vector<std::string> args, const std::filesystem::path& db = {}) {
    args.insert(args.begin(), {"--db", (db.empty() ? dir_.path() / "t.duckdb" : db).string()});
    std::ostringstream out, err;
    const int code = RunCli(args, out, err);
    return {code, out.str(), err.str()};
  }
  std::string Sample(std::string_view name) {
    return (testkit::SourceDir() / "data" / "sample" / name).string();
  }
  testkit::TempDir dir_;
};

TEST_F(StoreCommandsTest, ImportThenListShowsEverySeries) {
  const Outcome import = Tapedeck({"import", Sample("SPY_1m_2013-10-07_2013-10-11.csv"),
                                   Sample("SPY_1d_2010-01-04_2013-10-11.csv")});
  const Outcome list = Tapedeck({"data", "list"});

  ASSERT_EQ(import.exit_code, 0) << import.err;
  EXPECT_THAT(import.out, HasSubstr("imported 4128 bars of SPY 1m (2013-10-07 04:00:00 EDT → "
                                    "2013-10-11 19:59:00 EDT)"));
  EXPECT_THAT(import.out,
              HasSubstr("symbol SPY (from the file name); interval 1m (from the file name)"));
  EXPECT_EQ(list.out,
            "SYMBOL  INTERVAL  FIRST                    LAST                     BARS\n"
            "SPY     1m        2013-10-07 04:00:00 EDT  2013-10-11 19:59:00 EDT  4128\n"
            "SPY     1d        2010-01-04               2013-10-11                951\n");
}

TEST_F(StoreCommandsTest, ShowPrintsNewYorkTimeByDefaultAndUtcOnRequest) {
  ASSERT_EQ(Tapedeck({"import", Sample("SPY_1m_2013-10-07_2013-10-11.csv")}).exit_code, 0);

  const Outcome ny =
      Tapedeck({"data", "show", "spy", "--from", "2013-10-07T09:30", "--to", "2013-10-07T09:32"});
  const Outcome utc = Tapedeck({"data", "show", "SPY", "--from", "2013-10-07T13:30Z", "--limit",
                                "1", "--utc", "--format", "csv"});

  // Sample file rows: 2013-10-07T13:30:00Z,167.43,167.52,167.41,167.44,816453 and
  // 2013-10-07T13:31:00Z,167.47,167.47,167.31,167.37,876364.
  EXPECT_EQ(ny.out,
            "TIME                       OPEN    HIGH     LOW   CLOSE  VOLUME\n"
            "2013-10-07 09:30:00 EDT  167.43  167.52  167.41  167.44  816453\n"
            "2013-10-07 09:31:00 EDT  167.47  167.47  167.31  167.37  876364\n"
            "2 bars of SPY 1m\n");
  EXPECT_EQ(utc.out,
            "timestamp,open,high,low,close,volume\n"
            "2013-10-07T13:30:00Z,167.43,167.52,167.41,167.44,816453\n");
}

TEST_F(StoreCommandsTest, CsvOutputImportsBackIdentically) {
  ASSERT_EQ(Tapedeck({"import", Sample("IBM_1m_2013-10-07_2013-10-11.csv")}).exit_code, 0);
  const Outcome csv = Tapedeck({"data", "show", "IBM", "--format", "csv"});
  std::ofstream(dir_.path() / "IBM_1m_copy.csv") << csv.out;
  const auto copy_db = dir_.path() / "copy.duckdb";

  ASSERT_EQ(Tapedeck({"import", (dir_.path() / "IBM_1m_copy.csv").string()}, copy_db).exit_code, 0);

  EXPECT_EQ(Tapedeck({"data", "show", "IBM", "--format", "csv"}, copy_db).out, csv.out);
  EXPECT_THAT(csv.out, HasSubstr("2013-10-07T09:30:00-04:00,"));
}

TEST_F(StoreCommandsTest, NaiveTimesImportWithTz) {
  std::ofstream(dir_.path() / "X_1m.csv") << "Date,Time,Open,High,Low,Close,Volume\n"
                                             "2024-03-08,09:30,10,11,9,10,5\n"
                                             "2024-03-11,09:30,10,11,9,10,5\n";

  const Outcome run =
      Tapedeck({"import", (dir_.path() / "X_1m.csv").string(), "--tz", "America/New_York"});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  // Before and after the 2024-03-10 change to daylight time: EST then EDT.
  EXPECT_EQ(Tapedeck({"data", "show", "X", "--utc", "--format", "csv"}).out,
            "timestamp,open,high,low,close,volume\n"
            "2024-03-08T14:30:00Z,10,11,9,10,5\n"
            "2024-03-11T13:30:00Z,10,11,9,10,5\n");
}

TEST_F(StoreCommandsTest, UserErrorsExitOneWithOneLine) {
  const Outcome bad_interval = Tapedeck({"data", "show", "SPY", "--interval", "1x"});
  const Outcome bad_zone =
      Tapedeck({"import", Sample("SPY_1m_2013-10-07_2013-10-11.csv"), "--tz", "Mars/Base"});
  const Outcome missing = Tapedeck({"data", "show", "SPY"});
  const Outcome unknown = Tapedeck({"frobnicate"});

  EXPECT_EQ(bad_interval.exit_code, 1);
  EXPECT_EQ(bad_interval.err,
            "tapedeck: --interval: \"1x\" is not an interval: unit must be one of s, m, h, d, w\n");
  EXPECT_EQ(bad_zone.exit_code, 1);
  EXPECT_THAT(bad_zone.err, StartsWith("tapedeck: --tz: "));
  EXPECT_THAT(bad_zone.err, HasSubstr("Mars/Base"));
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("no bars of SPY in"));
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err,
              StartsWith("tapedeck: unknown command 'frobnicate': the commands are import"));
}

TEST_F(StoreCommandsTest, AFailedImportLeavesTheStoreAsItWas) {
  ASSERT_EQ(Tapedeck({"import", Sample("BAC_1m_2013-10-07_2013-10-11.csv")}).exit_code, 0);
  const std::string before = Tapedeck({"data", "list"}).out;
  std::ofstream(dir_.path() / "BAC_1m_bad.csv") << "timestamp,open,high,low,close,volume\n"
                                                   "2013-10-07T13:30:00Z,1,1,1,1,1\n"
                                                   "2013-10-07T13:31:00Z,1,1,2,1,1\n";

  const Outcome run = Tapedeck({"import", (dir_.path() / "BAC_1m_bad.csv").string()});

  EXPECT_EQ(run.exit_code, 1);
  EXPECT_THAT(run.err, HasSubstr("BAC_1m_bad.csv:3: high 1 is below low 2"));
  EXPECT_EQ(Tapedeck({"data", "list"}).out, before);
}

TEST_F(StoreCommandsTest, ExportWritesAPartitionedDataset) {
  ASSERT_EQ(Tapedeck({"import", Sample("AAPL_1m_2014-06-05_2014-06-09.csv"),
                      Sample("AAPL_1d_2010-01-04_2013-10-11.csv")})
                .exit_code,
            0);

  const Outcome run = Tapedeck({"export", "--parquet", (dir_.path() / "out").string()});

  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("exported 3254 bars of 2 series"));
  for (const char* year : {"year=2010", "year=2011", "year=2012", "year=2013", "year=2014"}) {
    EXPECT_TRUE(std::filesystem::exists(dir_.path() / "out" / "symbol=AAPL" / year)) << year;
  }
}

}  // namespace
}  // namespace tapedeck::cli
