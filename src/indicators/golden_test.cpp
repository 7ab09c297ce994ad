// Compares every streaming indicator that TA-Lib also has against TA-Lib's own
// output, bar by bar, on 600 real SPY 1-minute bars. The golden files are
// written by tools/goldens/make_indicator_goldens.mjs (TA-Lib's C code compiled
// to WebAssembly); see tests/goldens/indicators/manifest.csv.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "indicators/registry.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::indicators {
namespace {

std::filesystem::path GoldenDir() { return testkit::SourceDir() / "tests/goldens/indicators"; }

std::vector<std::string> SplitCsv(const std::string& line, char separator = ',') {
  std::vector<std::string> cells;
  std::stringstream stream(line);
  std::string cell;
  while (std::getline(stream, cell, separator)) cells.push_back(cell);
  if (!line.empty() && line.back() == separator) cells.emplace_back();
  return cells;
}

std::vector<std::string> ReadLines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::vector<model::Bar> ReadGoldenBars() {
  std::vector<model::Bar> bars;
  const std::vector<std::string> lines = ReadLines(GoldenDir() / "input_SPY_1m.csv");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = SplitCsv(lines[i]);
    Result<Timestamp> time = ParseTimestamp(cells.at(0));
    EXPECT_TRUE(time.ok()) << cells.at(0);
    bars.push_back(testkit::MakeBar(time.ok() ? *time : Timestamp{}, std::stod(cells.at(1)),
                                    std::stod(cells.at(2)), std::stod(cells.at(3)),
                                    std::stod(cells.at(4)), std::stod(cells.at(5))));
  }
  return bars;
}

struct GoldenCase {
  std::string key;
  std::string name;
  std::vector<double> params;
};

void PrintTo(const GoldenCase& golden, std::ostream* out) { *out << golden.key; }

std::vector<GoldenCase> ReadManifest() {
  std::vector<GoldenCase> cases;
  const std::vector<std::string> lines = ReadLines(GoldenDir() / "manifest.csv");
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const std::vector<std::string> cells = SplitCsv(lines[i]);
    GoldenCase golden{cells.at(0), cells.at(1), {}};
    for (const std::string& param : SplitCsv(cells.at(2), ';')) {
      golden.params.push_back(std::stod(param));
    }
    cases.push_back(golden);
  }
  return cases;
}

// Relative 1e-9, with an absolute floor of 1e-12 for values at or near zero
// (an oscillator that crosses zero, a MACD histogram).
bool Close(double actual, double expected) {
  return std::fabs(actual - expected) <= std::max(1e-9 * std::fabs(expected), 1e-12);
}

class TaLibGoldenTest : public testing::TestWithParam<GoldenCase> {};

TEST_P(TaLibGoldenTest, MatchesTaLibBarByBarAndTurnsReadyAtItsFirstValue) {
  const GoldenCase& golden = GetParam();
  const IndicatorSpec spec{golden.name, golden.params, model::Interval::Minutes(1)};
  ASSERT_EQ(IndicatorKey(spec), golden.key);
  Result<std::unique_ptr<Indicator>> created = CreateIndicator(spec);
  ASSERT_TRUE(created.ok()) << created.error().message();
  Indicator& indicator = **created;
  const std::vector<model::Bar> bars = ReadGoldenBars();
  const std::vector<std::string> rows = ReadLines(GoldenDir() / (golden.key + ".csv"));
  ASSERT_EQ(rows.size(), bars.size() + 1);
  const std::vector<std::string> header = SplitCsv(rows[0]);
  ASSERT_EQ(header.size(), indicator.output_names().size() + 1);
  for (std::size_t o = 0; o < indicator.output_names().size(); ++o) {
    ASSERT_EQ(header[o + 1], indicator.output_names()[o]);
  }

  int first_value = -1;
  int first_ready = -1;
  int mismatches = 0;
  for (std::size_t i = 0; i < bars.size(); ++i) {
    indicator.Update(bars[i]);
    const std::vector<std::string> cells = SplitCsv(rows[i + 1]);
    const bool has_value = !cells.at(1).empty();
    if (has_value && first_value < 0) first_value = static_cast<int>(i);
    if (indicator.ready() && first_ready < 0) first_ready = static_cast<int>(i);
    EXPECT_EQ(indicator.ready(), has_value) << "bar " << i;
    if (!has_value || !indicator.ready()) continue;
    for (std::size_t o = 0; o < indicator.values().size(); ++o) {
      const double expected = std::stod(cells.at(o + 1));
      const double actual = indicator.values()[o];
      if (!Close(actual, expected) && ++mismatches <= 5) {
        ADD_FAILURE() << golden.key << "." << header[o + 1] << " bar " << i << ": got "
                      << testing::PrintToString(actual) << ", TA-Lib "
                      << testing::PrintToString(expected);
      }
    }
  }
  EXPECT_EQ(mismatches, 0);
  EXPECT_EQ(first_ready, first_value);
  EXPECT_EQ(indicator.lookback(), first_value + 1);
}

std::string CaseName(const testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.key;
  for (char& c : name) {
    if (c == '.') c = 'p';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(TaLib, TaLibGoldenTest, testing::ValuesIn(ReadManifest()), CaseName);

}  // namespace
}  // namespace tapedeck::indicators
