// A BarStore in memory, for tests and benchmarks that must not measure or
// depend on DuckDB. Same contract as DuckDbBarStore: replace by key, range
// reads sorted by open time. Not thread-safe.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "store/bar_store.hpp"

namespace tapedeck::testkit {

class MemoryBarStore final : public store::BarStore {
 public:
  Result<std::unique_ptr<store::BarWriter>> BeginWrite() override;
  Result<std::vector<model::Bar>> Read(const model::Symbol& symbol, model::Interval interval,
                                       Timestamp from, Timestamp to) override;
  using store::BarStore::ReadMany;
  Status ReadMany(std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
                  Timestamp to, std::span<std::vector<model::Bar>* const> out) override;
  Result<std::vector<store::SeriesSummary>> List() override;

 private:
  friend class MemoryBarWriter;
  void Apply(const store::SeriesBars& series);
  std::span<const model::Bar> Range(const model::Symbol& symbol, model::Interval interval,
                                    Timestamp from, Timestamp to) const;
  std::map<std::pair<model::Symbol, model::Interval>, std::vector<model::Bar>> series_;
};

}  // namespace tapedeck::testkit
