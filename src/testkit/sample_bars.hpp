// Bar series for tests: the shipped sample files read without the store, and
// a deterministic random series with the awkward cases real feeds have.
#pragma once

#include <filesystem>
#include <vector>

#include "model/bar.hpp"

namespace tapedeck::testkit {

// Reads a canonical `timestamp|date,open,high,low,close,volume` file (the
// layout of data/sample). Requires: a well-formed file; stops the program otherwise.
std::vector<model::Bar> ReadSampleBars(const std::filesystem::path& path);

// A seeded 1-minute random walk on a cent grid from 2013-10-07T13:30Z,
// starting at `start_price`: gaps (1..90 missing minutes, the price jumping
// by up to ±4 %), flat bars (open = high = low = close) and zero-volume bars.
std::vector<model::Bar> RandomMinuteBars(unsigned seed, double start_price, int bar_count);

}  // namespace tapedeck::testkit
