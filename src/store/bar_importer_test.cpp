#include "store/bar_importer.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <atomic>

#include "store/duckdb_bar_store.hpp"
#include "testkit/bars.hpp"
#include "testkit/temp_dir.hpp"

namespace tapedeck::store {
namespace {

using namespace std::chrono_literals;
using model::Bar;
using model::Interval;
using model::Symbol;

constexpr std::string_view kHeader = "timestamp,open,high,low,close,volume\n";
constexpr std::string_view kGoodRows =
    "2013-10-07T13:30:00Z,10,11,9,10.5,100\n"
    "2013-10-07T13:31:00Z,10.5,12,10,11,200\n"
    "2013-10-07T13:32:00Z,11,11.5,10.5,11.25,300\n";

class BarImporterTest : public testing::Test {
 protected:
  void SetUp() override {
    auto store = DuckDbBarStore::Open(dir_.path() / "bars.duckdb");
    ASSERT_TRUE(store.ok()) << store.error().message();
    store_ = std::move(store).value();
    // Something already stored, which no failed import may touch.
    ASSERT_TRUE(Import("SPY_1m_seed.csv", std::string(kHeader) + std::string(kGoodRows)).ok());
    before_ = Stored();
  }

  Result<ImportReport> Import(std::string_view name, std::string_view content,
                              ImportOptions options = {}) {
    const std::vector<std::filesystem::path> paths = {dir_.Write(name, content)};
    return ImportFiles(*store_, paths, options);
  }

  // The error text of a failed import, with the temp folder cut off.
  std::string ImportError(std::string_view name, std::string_view content,
                          ImportOptions options = {}) {
    auto report = Import(name, content, std::move(options));
    if (report.ok()) return "<imported>";
    std::string message = report.error().message();
    const std::string prefix = (dir_.path() / "").string();
    for (size_t pos; (pos = message.find(prefix)) != std::string::npos;)
      message.erase(pos, prefix.size());
    return message;
  }

  std::vector<SeriesSummary> Stored() { return *store_->List(); }
  std::vector<Bar> Bars(std::string_view symbol, Interval interval = Interval::Minutes(1)) {
    return *store_->Read(*Symbol::Parse(symbol), interval, FromUnixNanos(0),
                         *ParseTimestamp("2100-01-01"));
  }
  void ExpectStoreUnchanged() {
    const auto now = Stored();
    ASSERT_EQ(now.size(), before_.size());
    for (size_t i = 0; i < now.size(); ++i) {
      EXPECT_EQ(now[i].symbol, before_[i].symbol);
      EXPECT_EQ(now[i].bar_count, before_[i].bar_count);
    }
  }

  testkit::TempDir dir_;
  std::unique_ptr<DuckDbBarStore> store_;
  std::vector<SeriesSummary> before_;
};

// ------------------------------------------------------------ layouts

TEST_F(BarImporterTest, ImportsTheCanonicalLayoutAndSaysWhatItInferred) {
  const auto report =
      Import("IBM_1m_2013-10-07.csv", std::string(kHeader) + std::string(kGoodRows));

  ASSERT_TRUE(report.ok()) << report.error().message();
  const std::vector<Bar> bars = Bars("IBM");
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_EQ(bars[0],
            testkit::MakeBar(*ParseTimestamp("2013-10-07T13:30:00Z"), 10, 11, 9, 10.5, 100));
  EXPECT_EQ(bars[2].close, 11.25);
  ASSERT_EQ(report->notes.size(), 1u);
  EXPECT_NE(report->notes[0].find("IBM_1m_2013-10-07.csv: symbol IBM (from the file name); "
                                  "interval 1m (from the file name)"),
            std::string::npos);
  EXPECT_EQ(report->rows_written, 3);
}

TEST_F(BarImporterTest, OffsetsAndZuluGiveTheSameInstants) {
  ASSERT_TRUE(Import("A_1m.csv",
                     "timestamp,open,high,low,close,volume\n"
                     "2013-10-07T09:30:00-04:00,10,11,9,10.5,100\n")
                  .ok());
  EXPECT_EQ(Bars("A")[0].open_time, *ParseTimestamp("2013-10-07T13:30:00Z"));
}

TEST_F(BarImporterTest, NaiveLocalTimesUseTheGivenZone) {
  ImportOptions options;
  // Stands in for --tz America/New_York in October 2013 (EDT, UTC-4); the
  // calendar module supplies the real conversion in the CLI.
  options.local_to_utc = [](LocalTime local) -> Result<Timestamp> {
    return Timestamp(local.time_since_epoch() + 4h);
  };
  ASSERT_TRUE(Import("B_1m.csv",
                     "Date,Time,Open,High,Low,Close,Volume\n"
                     "2013-10-07,09:30,10,11,9,10.5,100\n"
                     "2013-10-07,09:31,10,11,9,10.5,100\n",
                     options)
                  .ok());
  EXPECT_EQ(Bars("B")[0].open_time, *ParseTimestamp("2013-10-07T13:30:00Z"));
}

TEST_F(BarImporterTest, NaiveTimesWithoutAZoneAskForTz) {
  EXPECT_EQ(ImportError("C_1m.csv",
                        "datetime,open,high,low,close,volume\n2013-10-07 09:30:00,10,11,9,10,1\n"),
            "C_1m.csv: line 2: timestamp '2013-10-07 09:30:00' has no time zone: pass --tz with "
            "the zone it is in (for example --tz America/New_York), or write times with Z or an "
            "offset");
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, EpochSecondsAndMillisecondsAreRecognised) {
  // 1381152600 s = 2013-10-07T13:30:00Z (date -u -d @1381152600).
  ASSERT_TRUE(
      Import("S_1m.csv", "t,o,h,l,c,v\n1381152600,10,11,9,10,1\n1381152660,10,11,9,10,1\n").ok() ==
      false);  // "t" is not a column name we know.
  ASSERT_TRUE(
      Import("S_1m.csv", "ts,o,h,l,c,v\n1381152600,10,11,9,10,1\n1381152660,10,11,9,10,1\n").ok());
  ASSERT_TRUE(
      Import("M_1m.csv", "ts,o,h,l,c,v\n1381152600000,10,11,9,10,1\n1381152660000,10,11,9,10,1\n")
          .ok());

  EXPECT_EQ(Bars("S")[0].open_time, *ParseTimestamp("2013-10-07T13:30:00Z"));
  EXPECT_EQ(Bars("M")[1].open_time, *ParseTimestamp("2013-10-07T13:31:00Z"));
}

TEST_F(BarImporterTest, DailyFilesWithAliasedHeadersAreStampedAtMidnightUtc) {
  const auto report = Import("daily.csv",
                             "Date,Open,High,Low,Close,Volume\n"
                             "2013-10-07,10,11,9,10.5,100\n"
                             "2013-10-08,10,11,9,10.5,100\n"
                             "2013-10-11,10,11,9,10.5,100\n",
                             ImportOptions{*Symbol::Parse("spy"), std::nullopt, {}, false});

  ASSERT_TRUE(report.ok()) << report.error().message();
  const auto bars = Bars("SPY", Interval::Days(1));
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_EQ(bars[0].open_time, *ParseTimestamp("2013-10-07T00:00:00Z"));
  EXPECT_NE(report->notes[0].find("interval 1d (from the timestamp spacing)"), std::string::npos);
}

TEST_F(BarImporterTest, InfersTheIntervalFromTheSpacing) {
  const auto report = Import("QQQ.csv",
                             "timestamp,open,high,low,close,volume\n"
                             "2013-10-07T13:30:00Z,10,11,9,10,1\n"
                             "2013-10-07T13:35:00Z,10,11,9,10,1\n"
                             "2013-10-07T13:40:00Z,10,11,9,10,1\n"
                             "2013-10-07T13:50:00Z,10,11,9,10,1\n");

  ASSERT_TRUE(report.ok()) << report.error().message();
  EXPECT_EQ(Bars("QQQ", Interval::Minutes(5)).size(), 4u);
  EXPECT_NE(report->notes[0].find("interval 5m (from the timestamp spacing)"), std::string::npos);
}

TEST_F(BarImporterTest, UnsortedRowsAreSortedAndSaidSo) {
  const auto report = Import("U_1m.csv",
                             "timestamp,open,high,low,close,volume\n"
                             "2013-10-07T13:31:00Z,10,11,9,10,2\n"
                             "2013-10-07T13:30:00Z,10,11,9,10,1\n");

  ASSERT_TRUE(report.ok());
  EXPECT_EQ(Bars("U")[0].volume, 1);
  EXPECT_NE(report->notes.back().find("rows were not in time order: sorted them"),
            std::string::npos);
}

TEST_F(BarImporterTest, ReimportingIsIdempotentAndOverlapsReplaceByKey) {
  const std::string file = std::string(kHeader) + std::string(kGoodRows);
  ASSERT_TRUE(Import("SPY_1m_again.csv", file).ok());
  ASSERT_TRUE(Import("SPY_1m_overlap.csv", std::string(kHeader) +
                                               "2013-10-07T13:32:00Z,11,13,10.5,12,999\n"
                                               "2013-10-07T13:33:00Z,12,13,11,12.5,400\n")
                  .ok());

  const auto bars = Bars("SPY");
  ASSERT_EQ(bars.size(), 4u);
  EXPECT_EQ(bars[1].volume, 200);
  EXPECT_EQ(bars[2].volume, 999);
  EXPECT_EQ(bars[3].volume, 400);
}

// ------------------------------------------------------------ bad input

TEST_F(BarImporterTest, MissingFile) {
  std::vector<std::filesystem::path> paths = {dir_.path() / "nope.csv"};
  const auto report = ImportFiles(*store_, paths, {});
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.error().code(), ErrorCode::kNotFound);
  EXPECT_NE(report.error().message().find("nope.csv: no such file or not readable"),
            std::string::npos);
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, ACancelledImportWritesNothing) {
  std::atomic<bool> cancel{true};  // Ctrl-C pressed while the file was read.
  ImportOptions options;
  options.cancel = &cancel;

  const std::string message =
      ImportError("IBM_1m.csv", std::string(kHeader) + std::string(kGoodRows), options);

  EXPECT_EQ(message, "interrupted: the import stopped and wrote nothing");
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, ALongFileStopsReadingOnceCancelled) {
  // Longer than the reader's 65 536 rows between two looks at the flag: it
  // stops inside the file (so the error names it), not after reading it.
  std::string content(kHeader);
  Timestamp open = *ParseTimestamp("2013-10-07T13:30:00Z");
  for (int i = 0; i < 70000; ++i, open += std::chrono::minutes(1)) {
    content += fmt::format("{},10,11,9,10.5,100\n", FormatTimestamp(open));
  }
  std::atomic<bool> cancel{true};
  ImportOptions options;
  options.cancel = &cancel;

  const std::string message = ImportError("LONG_1m.csv", content, options);
  cancel = false;
  const auto imported = Import("LONG_1m.csv", content);

  EXPECT_EQ(message, "LONG_1m.csv: interrupted: the import stopped and wrote nothing");
  ASSERT_TRUE(imported.ok()) << imported.error().message();
  EXPECT_EQ(imported->rows_written, 70000);
}

TEST_F(BarImporterTest, EmptyFile) {
  EXPECT_EQ(ImportError("E_1m.csv", ""),
            "E_1m.csv: the file is empty: expected a header line such as "
            "timestamp,open,high,low,close,volume");
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, HeaderOnly) {
  EXPECT_EQ(ImportError("E_1m.csv", kHeader),
            "E_1m.csv: no bars to import (the file has a header but no good rows)");
}

TEST_F(BarImporterTest, MissingHeader) {
  EXPECT_EQ(ImportError("H_1m.csv", kGoodRows),
            "H_1m.csv: line 1 is not a header ('2013-10-07T13:30:00Z,10,11,9,10.5,100'): the first "
            "line must name the columns, such as timestamp,open,high,low,close,volume");
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, UnknownHeaderColumn) {
  EXPECT_EQ(ImportError("H_1m.csv", "timestamp,open,high,low,close,volume,vwap\n"),
            "H_1m.csv: line 1: unknown column 'vwap' in the header: expected timestamp (or date "
            "and time), open, high, low, close, volume, and optionally symbol and interval");
}

TEST_F(BarImporterTest, MissingColumn) {
  EXPECT_EQ(ImportError("H_1m.csv", "timestamp,open,high,low,close\n"),
            "H_1m.csv: line 1: the header has no volume column: expected "
            "timestamp,open,high,low,close,volume");
}

TEST_F(BarImporterTest, WrongColumnCount) {
  EXPECT_EQ(ImportError("W_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,11,9,10.5\n"),
            "W_1m.csv:2: expected 6 fields as in the header, found 5; nothing was imported");
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, NonNumberPrice) {
  EXPECT_EQ(
      ImportError("N_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,ten,11,9,10.5,1\n"),
      "N_1m.csv:2: open 'ten' is not a number; nothing was imported");
}

TEST_F(BarImporterTest, NanAndInfinity) {
  EXPECT_EQ(ImportError("N_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,11,9,nan,1\n"),
            "N_1m.csv:2: close is 'nan' (values must be finite numbers); nothing was imported");
  EXPECT_EQ(ImportError("N_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,inf,9,10,1\n"),
            "N_1m.csv:2: high is 'inf' (values must be finite numbers); nothing was imported");
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, PriceNotPositive) {
  EXPECT_EQ(ImportError("P_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,11,0,10,1\n"),
            "P_1m.csv:2: low 0 is not above 0 (prices must be positive); nothing was imported");
  EXPECT_EQ(ImportError("P_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,-1,11,9,10,1\n"),
            "P_1m.csv:2: open -1 is not above 0 (prices must be positive); nothing was imported");
}

TEST_F(BarImporterTest, NegativeVolume) {
  EXPECT_EQ(ImportError("V_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,11,9,10,-5\n"),
            "V_1m.csv:2: volume -5 is negative (volume must be 0 or more); nothing was imported");
}

TEST_F(BarImporterTest, HighBelowLow) {
  EXPECT_EQ(ImportError("L_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,9,11,10,1\n"),
            "L_1m.csv:2: high 9 is below low 11 (high must be ≥ low); nothing was imported");
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, OpenOrCloseOutsideTheRange) {
  EXPECT_EQ(ImportError("R_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,12,11,9,10,1\n"),
            "R_1m.csv:2: open 12 is outside [low 9, high 11] (open and close must lie between low "
            "and high); nothing was imported");
  EXPECT_EQ(ImportError("R_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,11,9,8.5,1\n"),
            "R_1m.csv:2: close 8.5 is outside [low 9, high 11] (open and close must lie between "
            "low and high); nothing was imported");
}

TEST_F(BarImporterTest, DuplicateTimestamps) {
  EXPECT_EQ(ImportError("D_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,11,9,10,1\n"
                                                           "2013-10-07T13:30:00Z,10,11,9,10,2\n"),
            "D_1m.csv:3: timestamp 2013-10-07T13:30:00Z repeats line 2 (each open time may appear "
            "once); nothing was imported");
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, TimestampsNotAlignedToTheInterval) {
  EXPECT_EQ(ImportError("A_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,11,9,10,1\n"
                                                           "2013-10-07T13:31:30Z,10,11,9,10,1\n"),
            "A_1m.csv:3: timestamp 2013-10-07T13:31:30Z is not aligned to the 1m interval (open "
            "times must fall on whole 1m steps); nothing was imported");
}

TEST_F(BarImporterTest, TruncatedLastLine) {
  EXPECT_EQ(ImportError("T_1m.csv", std::string(kHeader) + std::string(kGoodRows) +
                                        "2013-10-07T13:33:00Z,11,1"),
            "T_1m.csv:5: the last line is cut short: 3 of 6 fields and no newline at the end (was "
            "the file truncated?); nothing was imported");
  EXPECT_EQ(ImportError("T_1m.csv", std::string(kHeader) + std::string(kGoodRows) +
                                        "2013-10-07T13:33:00Z,11,12,10,11,1"),
            "<imported>");  // A complete last line without a newline is fine.
}

TEST_F(BarImporterTest, NonUtf8Bytes) {
  EXPECT_EQ(
      ImportError("U_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,11,9,10,1\xff\n"),
      "U_1m.csv:2: byte 0xff at column 34 is not UTF-8 (files must be UTF-8 or ASCII text); "
      "nothing was imported");
  ExpectStoreUnchanged();
}

TEST_F(BarImporterTest, BadTimestampText) {
  EXPECT_EQ(ImportError("B_1m.csv", std::string(kHeader) + "10/07/2013 09:30,10,11,9,10,1\n"),
            "B_1m.csv:2: timestamp '10/07/2013 09:30' is not an ISO-8601 date-time: expected a "
            "date YYYY-MM-DD; nothing was imported");
}

TEST_F(BarImporterTest, ABadSecondFileKeepsTheFirstOutToo) {
  const std::vector<std::filesystem::path> paths = {
      dir_.Write("GOOD_1m.csv", std::string(kHeader) + std::string(kGoodRows)),
      dir_.Write("BAD_1m.csv", std::string(kHeader) + "2013-10-07T13:30:00Z,10,9,11,10,1\n")};

  EXPECT_FALSE(ImportFiles(*store_, paths, {}).ok());

  ExpectStoreUnchanged();
  EXPECT_TRUE(Bars("GOOD").empty());
}

TEST_F(BarImporterTest, ReportsSeveralBadRowsAtOnce) {
  const std::string message = ImportError("M_1m.csv", std::string(kHeader) +
                                                          "2013-10-07T13:30:00Z,10,9,11,10,1\n"
                                                          "2013-10-07T13:31:00Z,10,11,9,10,-1\n");
  EXPECT_EQ(message,
            "M_1m.csv: 2 bad rows; nothing was imported (--skip-bad-rows imports the good ones)\n"
            "  M_1m.csv:2: high 9 is below low 11 (high must be ≥ low)\n"
            "  M_1m.csv:3: volume -1 is negative (volume must be 0 or more)");
}

TEST_F(BarImporterTest, SkipBadRowsImportsTheGoodOnesAndSummarises) {
  ImportOptions options;
  options.skip_bad_rows = true;
  const auto report = Import("K_1m.csv",
                             std::string(kHeader) +
                                 "2013-10-07T13:30:00Z,10,11,9,10,1\n"
                                 "2013-10-07T13:31:00Z,10,9,11,10,1\n"
                                 "2013-10-07T13:32:00Z,10,11,9,10,2\n"
                                 "2013-10-07T13:32:00Z,10,11,9,10,3\n"
                                 "2013-10-07T13:33:00Z,10,8,11,10,1\n",
                             options);

  ASSERT_TRUE(report.ok()) << report.error().message();
  EXPECT_EQ(Bars("K").size(), 2u);
  EXPECT_EQ(report->rows_skipped, 3);
  EXPECT_NE(report->notes.back().find("skipped 3 bad rows: 2 × high below low (lines 3, 6); 1 × "
                                      "duplicate timestamp (line 5)"),
            std::string::npos)
      << report->notes.back();
}

TEST_F(BarImporterTest, BadSymbolInTheFileName) {
  EXPECT_EQ(ImportError("S$X_1m.csv", std::string(kHeader) + std::string(kGoodRows)),
            "S$X_1m.csv: cannot infer the symbol from the file name 'S$X_1m.csv' (symbol 'S$X' "
            "has a bad character '$': use letters, digits, '.' and '-' only): pass --symbol");
}

// ------------------------------------------------------------ Parquet

TEST_F(BarImporterTest, SampleDataRoundTripsThroughParquetBitForBit) {
  const std::filesystem::path sample = testkit::SourceDir() / "data" / "sample";
  const std::vector<std::filesystem::path> csvs = {sample / "SPY_1m_2013-10-07_2013-10-11.csv",
                                                   sample / "IBM_1d_2010-01-04_2013-10-11.csv",
                                                   sample / "AAPL_1m_2025-07-01_2025-07-02.csv"};
  ASSERT_TRUE(ImportFiles(*store_, csvs, {}).ok());
  const auto spy = Bars("SPY");
  const auto ibm = Bars("IBM", Interval::Days(1));
  const auto aapl = Bars("AAPL");
  ASSERT_EQ(spy.size(), 4128u);
  ASSERT_EQ(ibm.size(), 951u);
  ASSERT_EQ(aapl.size(), 862u);

  ASSERT_TRUE(store_->ExportParquet(dir_.path() / "dataset").ok());
  auto copy = DuckDbBarStore::Open(dir_.path() / "copy.duckdb");
  ASSERT_TRUE(copy.ok());
  const std::vector<std::filesystem::path> dataset = {dir_.path() / "dataset"};
  const auto report = ImportFiles(**copy, dataset, {});
  ASSERT_TRUE(report.ok()) << report.error().message();

  const auto read = [&](std::string_view symbol, Interval interval) {
    return *(*copy)->Read(*Symbol::Parse(symbol), interval, FromUnixNanos(0),
                          *ParseTimestamp("2100-01-01"));
  };
  EXPECT_EQ(read("SPY", Interval::Minutes(1)), spy);
  EXPECT_EQ(read("IBM", Interval::Days(1)), ibm);
  EXPECT_EQ(read("AAPL", Interval::Minutes(1)), aapl);
  EXPECT_TRUE(std::filesystem::exists(dir_.path() / "dataset" / "symbol=SPY" / "year=2013"));
}

}  // namespace
}  // namespace tapedeck::store
