// Where a session's own bars come from: the store in a backtest (replay/),
// the feed's buffer in a live session (feed/). History always comes from the
// store; a BarSource only serves the session days being run.
#pragma once

#include <span>
#include <vector>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"
#include "model/symbol.hpp"

namespace tapedeck::loading {

class BarSource {
 public:
  virtual ~BarSource() = default;
  // Replaces the contents of *out[i] with the bars of symbols[i] at
  // `interval` that open in [from, to), sorted by open time (reusing the
  // vectors' memory). The session asks once per day for all its symbols, and
  // once per load for the symbols joining.
  // Requires: out.size() == symbols.size(), no null pointers.
  virtual Status Bars(std::span<const model::Symbol> symbols, model::Interval interval,
                      Timestamp from, Timestamp to,
                      std::span<std::vector<model::Bar>* const> out) = 0;
};

}  // namespace tapedeck::loading
