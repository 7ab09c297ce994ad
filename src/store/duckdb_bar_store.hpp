// The embedded bar store: one DuckDB file (default data/tapedeck.duckdb) with
// a `series` table naming each (symbol, interval) and a `bars` table keyed by
// (series, open_time). One process may
// write a file at a time; the store says so when another holds it.
// Not thread-safe: one owner.
#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <utility>

#include "store/bar_store.hpp"
#include "store/duckdb_handle.hpp"

namespace tapedeck::store {

// The file used when neither --db nor TAPEDECK_DB names one.
inline constexpr const char* kDefaultStorePath = "data/tapedeck.duckdb";

class DuckDbBarStore final : public BarStore {
 public:
  // Opens or creates the store file and its schema.
  static Result<std::unique_ptr<DuckDbBarStore>> Open(const std::filesystem::path& path);

  Result<std::unique_ptr<BarWriter>> BeginWrite() override;
  Result<std::vector<model::Bar>> Read(const model::Symbol& symbol, model::Interval interval,
                                       Timestamp from, Timestamp to) override;
  using BarStore::ReadMany;
  Status ReadMany(std::span<const model::Symbol> symbols, model::Interval interval, Timestamp from,
                  Timestamp to, std::span<std::vector<model::Bar>* const> out) override;
  Result<std::vector<SeriesSummary>> List() override;
  // Another connection to the same file.
  Result<std::unique_ptr<BarStore>> OpenReader() override;

  // Writes every bar as a Parquet dataset under `directory`, partitioned by
  // symbol and year (hive layout: symbol=SPY/year=2013/data_0.parquet), with
  // columns interval, open_time (TIMESTAMP_NS, UTC), open, high, low, close,
  // volume. Existing files of the same partitions are replaced.
  Status ExportParquet(const std::filesystem::path& directory);

  const std::filesystem::path& path() const { return db_->path(); }

 private:
  explicit DuckDbBarStore(std::unique_ptr<DuckDbConnection> db) : db_(std::move(db)) {}
  Status CreateSchema();
  friend class DuckDbBarWriter;
  // Writes one series inside the open transaction.
  Status WriteInTransaction(const SeriesBars& series, bool& staging_ready);
  Result<std::optional<int32_t>> FindSeriesId(const model::Symbol& symbol,
                                              model::Interval interval);
  Result<int32_t> SeriesId(const model::Symbol& symbol, model::Interval interval, bool create);
  Result<int64_t> CountInRange(int32_t series_id, std::span<const model::Bar> bars);
  Status Append(const char* table_catalog, const char* table, int32_t series_id,
                std::span<const model::Bar> bars);

  std::unique_ptr<DuckDbConnection> db_;
  std::map<std::pair<model::Symbol, model::Interval>, int32_t> series_ids_;  // Committed only.
  bool writing_ = false;  // A BarWriter's transaction is open.
};

}  // namespace tapedeck::store
