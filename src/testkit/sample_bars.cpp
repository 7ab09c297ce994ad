#include "testkit/sample_bars.hpp"

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "core/check.hpp"
#include "core/timestamp.hpp"
#include "testkit/bars.hpp"

namespace tapedeck::testkit {
namespace {
double Cents(double price) { return std::round(price * 100.0) / 100.0; }
}  // namespace

std::vector<model::Bar> ReadSampleBars(const std::filesystem::path& path) {
  std::vector<model::Bar> bars;
  std::ifstream in(path);
  TD_CHECK(in.good(), "cannot open {}", path.string());
  std::string line;
  std::getline(in, line);  // Header.
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::vector<std::string> cells;
    std::stringstream stream(line);
    for (std::string cell; std::getline(stream, cell, ',');) cells.push_back(cell);
    TD_CHECK(cells.size() == 6, "{}: not 6 fields: {}", path.string(), line);
    const Result<Timestamp> time = ParseTimestamp(cells[0]);
    TD_CHECK(time.ok(), "{}: {}", path.string(), line);
    bars.push_back(MakeBar(*time, std::stod(cells[1]), std::stod(cells[2]), std::stod(cells[3]),
                           std::stod(cells[4]), std::stod(cells[5])));
  }
  return bars;
}

std::vector<model::Bar> RandomMinuteBars(unsigned seed, double start_price, int bar_count) {
  std::mt19937 rng(seed);
  std::normal_distribution<double> step(0.0, 0.0015);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> gap_minutes(1, 90);
  std::uniform_real_distribution<double> jump(-0.04, 0.04);
  std::vector<model::Bar> bars;
  Timestamp time = *ParseTimestamp("2013-10-07T13:30:00Z");
  double previous_close = start_price;
  for (int i = 0; i < bar_count; ++i) {
    double open = previous_close;
    if (unit(rng) < 0.04) {  // A gap: missing minutes and a jump in price.
      time += std::chrono::minutes(gap_minutes(rng));
      open = Cents(open * (1.0 + jump(rng)));
    }
    double high = open;
    double low = open;
    double close = open;
    double volume = std::floor(unit(rng) * 50000.0);
    const double kind = unit(rng);
    if (kind < 0.05) {
      volume = 0;               // Flat and empty.
    } else if (kind >= 0.10) {  // Otherwise flat with volume.
      close = Cents(open * (1.0 + step(rng)));
      high = Cents(std::max(open, close) * (1.0 + std::fabs(step(rng)) * 0.5));
      low = Cents(std::min(open, close) * (1.0 - std::fabs(step(rng)) * 0.5));
    }
    bars.push_back(MakeBar(time, open, high, low, close, volume));
    previous_close = close;
    time += std::chrono::minutes(1);
  }
  return bars;
}

}  // namespace tapedeck::testkit
