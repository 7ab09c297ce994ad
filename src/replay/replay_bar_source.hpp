// A backtest's bars, read from the store a block of days at a time for all
// the session's symbols (one query per block, never whole years at once),
// then served day by day from the block.
#pragma once

#include <map>

#include "loading/bar_source.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::replay {

class ReplayBarSource final : public loading::BarSource {
 public:
  // Blocks hold about `block_rows` bars (at least one day, at most six weeks).
  explicit ReplayBarSource(store::BarStore& store, int64_t block_rows = 1'000'000)
      : store_(store), block_rows_(block_rows) {}

  // Serves from the current block when it holds the interval and the range
  // (reading the share of symbols it lacks); otherwise reads a new block for
  // `symbols` starting at `from`.
  Status Bars(std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
              Timestamp to, std::span<std::vector<model::Bar>* const> out) override;

 private:
  bool Covers(model::Interval interval, Timestamp from, Timestamp to) const;

  store::BarStore& store_;
  int64_t block_rows_;
  // The current block: bars of each symbol at interval_ opening in [from_, to_).
  model::Interval interval_ = model::Interval::Minutes(1);
  Timestamp from_{};
  Timestamp to_{};
  std::map<model::Symbol, std::vector<model::Bar>> block_;
};

}  // namespace tapedeck::replay
