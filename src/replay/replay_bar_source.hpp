// A backtest's bars: the session days are read from the store, day by day
// (never whole years at once).
#pragma once

#include "loading/bar_source.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::replay {

class ReplayBarSource final : public loading::BarSource {
 public:
  explicit ReplayBarSource(store::BarStore& store) : store_(store) {}
  Result<std::vector<model::Bar>> Bars(const model::Symbol& symbol, model::Interval interval,
                                       Timestamp from, Timestamp to) override;

 private:
  store::BarStore& store_;
};

}  // namespace tapedeck::replay
