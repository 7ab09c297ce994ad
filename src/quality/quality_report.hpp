// How complete one symbol's bars of one interval are for one session (or up
// to a moment of it): expected slots, present bars, gaps and the score.
// Plain values and pure functions; safe from any thread.
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "model/gap.hpp"

namespace tapedeck::quality {

struct QualityReport {
  int expected_bars = 0;         // Slots that have completed.
  int present_bars = 0;          // Of those, slots holding a bar (at most one bar per slot).
  std::vector<model::Gap> gaps;  // Maximal runs of empty slots, half-open, in time order.

  // min(100, present / expected × 100); nullopt when nothing was expected (a
  // holiday, an interval without slots in a session, or the open of a live
  // session): "none", never 100.
  std::optional<double> score() const;

  friend bool operator==(const QualityReport&, const QualityReport&) = default;
};

// The score over several sessions: Σ present / Σ expected × 100 (capped at
// 100); nullopt when nothing was expected in any of them.
std::optional<double> CombinedScore(std::span<const QualityReport> reports);

}  // namespace tapedeck::quality
