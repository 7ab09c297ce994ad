// A backtest's bars, read from the store a block of days at a time for all
// the session's symbols (one query per block, never whole years at once),
// then served day by day from the block. While the session runs through one
// block, the next is read ahead on a thread of its own, through a second
// handle on the store (BarStore::OpenReader), so reading and the session's
// work overlap. The bars served are the same either way.
//
// Threads: Bars() from one thread (the session's); the read ahead only
// touches its own block and store handle until Bars() takes them.
#pragma once

#include <future>
#include <map>
#include <memory>
#include <vector>

#include "loading/bar_source.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::replay {

class ReplayBarSource final : public loading::BarSource {
 public:
  // Blocks hold about `block_rows` bars (at least one day, at most six
  // weeks). Reads ahead when the store can open a second handle.
  explicit ReplayBarSource(store::BarStore& store, int64_t block_rows = 1'000'000);
  // Waits for a read ahead in flight.
  ~ReplayBarSource() override;
  ReplayBarSource(const ReplayBarSource&) = delete;
  ReplayBarSource& operator=(const ReplayBarSource&) = delete;

  // Serves from the current block when it holds the interval and the range
  // (reading the share of symbols it lacks); else from the block read ahead
  // when that holds them; otherwise reads a new block for `symbols` starting
  // at `from`. Then starts reading the block after the current one.
  Status Bars(std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
              Timestamp to, std::span<std::vector<model::Bar>* const> out) override;

 private:
  // Bars of each symbol at `interval` opening in [from, to).
  struct Block {
    model::Interval interval = model::Interval::Minutes(1);
    Timestamp from{};
    Timestamp to{};
    std::map<model::Symbol, std::vector<model::Bar>> bars;
    Status status = Status::Ok();  // Of the read that filled it.

    bool Covers(model::Interval wanted, Timestamp first, Timestamp end) const;
  };

  // The end of a block of `symbols` at `interval` that starts at `from`.
  Timestamp BlockEnd(size_t symbols, model::Interval interval, Timestamp from) const;
  // Refills `block` with `symbols`' bars in [from, to) from `store`,
  // reusing the vectors of symbols it keeps.
  static Status Fill(store::BarStore& store, std::span<const model::Symbol> symbols,
                     model::Interval interval, Timestamp from, Timestamp to, Block& block);
  // Waits for the read ahead to finish.
  void Settle();
  void StartReadAhead(std::span<const model::Symbol> symbols);

  store::BarStore& store_;
  std::unique_ptr<store::BarStore> reader_;  // The read ahead's handle; null: none.
  int64_t block_rows_;
  Block current_;
  Block next_;  // Owned by the read ahead while next_ready_ is valid.
  std::future<void> next_ready_;
};

}  // namespace tapedeck::replay
