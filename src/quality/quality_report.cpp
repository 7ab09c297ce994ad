#include "quality/quality_report.hpp"

#include <algorithm>
#include <cstdint>

namespace tapedeck::quality {
namespace {

std::optional<double> Score(int64_t present, int64_t expected) {
  if (expected <= 0) return std::nullopt;
  return std::min(100.0, static_cast<double>(present) / static_cast<double>(expected) * 100.0);
}

}  // namespace

std::optional<double> QualityReport::score() const { return Score(present_bars, expected_bars); }

std::optional<double> CombinedScore(std::span<const QualityReport> reports) {
  int64_t present = 0;
  int64_t expected = 0;
  for (const QualityReport& report : reports) {
    present += report.present_bars;
    expected += report.expected_bars;
  }
  return Score(present, expected);
}

}  // namespace tapedeck::quality
