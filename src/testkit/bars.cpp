#include "testkit/bars.hpp"

#include <cstdlib>

namespace tapedeck::testkit {

model::Bar BarClosingAt(double close, Timestamp open_time) {
  return MakeBar(open_time, close, close, close, close, 100);
}

model::Bar MakeBar(Timestamp open_time, double open, double high, double low, double close,
                   double volume) {
  model::Bar bar;
  bar.open_time = open_time;
  bar.open = open;
  bar.high = high;
  bar.low = low;
  bar.close = close;
  bar.volume = volume;
  return bar;
}

std::filesystem::path SourceDir() {
  if (const char* dir = std::getenv("TAPEDECK_SOURCE_DIR"); dir != nullptr && *dir != '\0') {
    return dir;
  }
  std::filesystem::path dir = std::filesystem::current_path();
  while (!dir.empty()) {
    if (std::filesystem::exists(dir / "data" / "sample")) return dir;
    if (dir == dir.parent_path()) break;
    dir = dir.parent_path();
  }
  return std::filesystem::current_path();
}

}  // namespace tapedeck::testkit
