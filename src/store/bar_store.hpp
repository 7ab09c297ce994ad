// Where bars live between runs. Bars are keyed by (symbol, interval, open
// time); writing a key that exists replaces that bar. Implementations are not
// thread-safe: one owner (the loader or the importer) calls them.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/bar.hpp"
#include "model/interval.hpp"
#include "model/symbol.hpp"

namespace tapedeck::store {

// The bars of one symbol at one interval, sorted by open time, no duplicates.
struct SeriesBars {
  model::Symbol symbol;
  model::Interval interval;
  std::vector<model::Bar> bars;
};

// What the store holds for one (symbol, interval).
struct SeriesSummary {
  model::Symbol symbol;
  model::Interval interval;
  Timestamp first_open{};
  Timestamp last_open{};
  int64_t bar_count = 0;
};

// Writes series one after another inside one transaction: everything lands
// at Commit, nothing if the writer goes away first or a call fails. Lets an
// importer write one file while it reads the next. One writer at a time.
class BarWriter {
 public:
  virtual ~BarWriter() = default;
  // Requires: sorted by open time without duplicate open times. Replaces bars
  // with the same (symbol, interval, open time).
  virtual Status Add(const SeriesBars& series) = 0;
  virtual Status Commit() = 0;
};

class BarStore {
 public:
  virtual ~BarStore() = default;

  virtual Result<std::unique_ptr<BarWriter>> BeginWrite() = 0;

  // Writes every series in one transaction: all of it lands or none of it.
  // Requires: each series sorted by open time without duplicate open times.
  Status Write(std::span<const SeriesBars> series);

  // Bars with open time in [from, to), sorted by open time.
  virtual Result<std::vector<model::Bar>> Read(const model::Symbol& symbol,
                                               model::Interval interval, Timestamp from,
                                               Timestamp to) = 0;

  // Read for many symbols at once: replaces the contents of *out[i] with the
  // bars of symbols[i], reusing the vectors' memory. Stores override it to
  // answer with one query (a session reads every symbol's days, and a batch
  // add every symbol's history, this way).
  // Requires: out.size() == symbols.size(), no null pointers.
  virtual Status ReadMany(std::span<const model::Symbol> symbols, model::Interval interval,
                          Timestamp from, Timestamp to,
                          std::span<std::vector<model::Bar>* const> out);
  // The same into new vectors: element i holds the bars of symbols[i].
  Result<std::vector<std::vector<model::Bar>>> ReadMany(std::span<const model::Symbol> symbols,
                                                        model::Interval interval, Timestamp from,
                                                        Timestamp to);

  // A handle of its own on the same bars, for reading on another thread
  // while this one goes on being used; it sees what was committed. Null when
  // the store cannot do that (then only its owner's thread reads it).
  virtual Result<std::unique_ptr<BarStore>> OpenReader() { return std::unique_ptr<BarStore>(); }

  // Every (symbol, interval) held, ordered by symbol then interval.
  virtual Result<std::vector<SeriesSummary>> List() = 0;
};

}  // namespace tapedeck::store
