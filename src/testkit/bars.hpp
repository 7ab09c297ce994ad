// Small builders of bars for tests and benchmarks.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/timestamp.hpp"
#include "model/bar.hpp"

namespace tapedeck::testkit {

// A flat bar (open = high = low = close) with volume 100, opening at `open_time`.
model::Bar BarClosingAt(double close, Timestamp open_time = {});

// A bar with the given prices and volume.
model::Bar MakeBar(Timestamp open_time, double open, double high, double low, double close,
                   double volume);

// The repository's root folder (where data/sample lives), found from the
// TAPEDECK_SOURCE_DIR environment variable or by walking up from the current folder.
std::filesystem::path SourceDir();

}  // namespace tapedeck::testkit
