// What an aggregator emits: a derived bar with the end of its bucket and the
// number of base bars the bucket should hold, and the per-interval policy for
// buckets with base bars missing. Plain values.
#pragma once

#include <compare>

#include "core/timestamp.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"

namespace tapedeck::aggregate {

// What to do with a bucket that ends with fewer base bars than expected.
enum class BucketPolicy {
  kEmitPartial,      // Emit it with bar_count < expected_bars (the default).
  kRequireComplete,  // Drop it (the predecessor's 100 % rule).
};

struct DerivedBar {
  model::Interval interval = model::Interval::Minutes(1);
  // open_time is the bucket start (00:00 UTC of the session date for 1d, of
  // the Monday for 1w); bar_count is the number of base bars present (for 1w:
  // daily bars present).
  model::Bar bar;
  Timestamp end{};        // When the bucket ended: the bar is visible from then on.
  int expected_bars = 0;  // Base bars the calendar expects in the bucket (for 1w: sessions).

  friend bool operator==(const DerivedBar&, const DerivedBar&) = default;
};

// Emission order: by end, then shorter interval first.
inline bool EmittedBefore(const DerivedBar& a, const DerivedBar& b) {
  if (a.end != b.end) return a.end < b.end;
  return a.interval < b.interval;
}

}  // namespace tapedeck::aggregate
