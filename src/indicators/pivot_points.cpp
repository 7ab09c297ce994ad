#include "indicators/pivot_points.hpp"

#include <string_view>

namespace tapedeck::indicators {
namespace {
constexpr std::string_view kPivots[] = {"pp", "r1", "s1", "r2", "s2", "r3", "s3"};
}  // namespace

PivotPoints::PivotPoints() : IndicatorBase(kPivots, 1) {}

void PivotPoints::Update(const model::Bar& bar) {
  const double high = bar.high;
  const double low = bar.low;
  const double pivot = (high + low + bar.close) / 3.0;
  Publish(0, pivot);
  Publish(1, 2.0 * pivot - low);
  Publish(2, 2.0 * pivot - high);
  Publish(3, pivot + (high - low));
  Publish(4, pivot - (high - low));
  Publish(5, high + 2.0 * (pivot - low));
  Publish(6, low - 2.0 * (high - pivot));
}

void PivotPoints::Reset() { ClearOutputs(); }

}  // namespace tapedeck::indicators
