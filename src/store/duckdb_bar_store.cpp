#include "store/duckdb_bar_store.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "core/check.hpp"

namespace tapedeck::store {
namespace {

constexpr int kSchemaVersion = 1;

// Appends rows through a DuckDB data chunk, a vector at a time.
class ChunkAppender {
 public:
  explicit ChunkAppender(duckdb_appender appender) : appender_(appender) {
    duckdb_logical_type types[7];
    types[0] = duckdb_create_logical_type(DUCKDB_TYPE_INTEGER);
    types[1] = duckdb_create_logical_type(DUCKDB_TYPE_TIMESTAMP_NS);
    for (int i = 2; i < 7; ++i) types[i] = duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
    chunk_ = duckdb_create_data_chunk(types, 7);
    for (auto& type : types) duckdb_destroy_logical_type(&type);
    capacity_ = static_cast<size_t>(duckdb_vector_size());
  }
  ChunkAppender(const ChunkAppender&) = delete;
  ChunkAppender& operator=(const ChunkAppender&) = delete;
  ~ChunkAppender() { duckdb_destroy_data_chunk(&chunk_); }

  Status Append(int32_t series_id, std::span<const model::Bar> bars) {
    size_t done = 0;
    while (done < bars.size()) {
      const size_t n = std::min(capacity_, bars.size() - done);
      duckdb_data_chunk_reset(chunk_);
      const auto data = [&](idx_t i) {
        return duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk_, i));
      };
      auto* ids = static_cast<int32_t*>(data(0));
      auto* times = static_cast<int64_t*>(data(1));
      double* columns[5];
      for (idx_t c = 0; c < 5; ++c) columns[c] = static_cast<double*>(data(2 + c));
      for (size_t i = 0; i < n; ++i) {
        const model::Bar& bar = bars[done + i];
        ids[i] = series_id;
        times[i] = ToUnixNanos(bar.open_time);
        columns[0][i] = bar.open;
        columns[1][i] = bar.high;
        columns[2][i] = bar.low;
        columns[3][i] = bar.close;
        columns[4][i] = bar.volume;
      }
      duckdb_data_chunk_set_size(chunk_, n);
      if (duckdb_append_data_chunk(appender_, chunk_) != DuckDBSuccess) {
        return Error::IoError("duckdb: appending bars: {}", duckdb_appender_error(appender_));
      }
      done += n;
    }
    return Status::Ok();
  }

 private:
  duckdb_appender appender_;
  duckdb_data_chunk chunk_;
  size_t capacity_ = 0;
};

}  // namespace

Result<std::unique_ptr<DuckDbBarStore>> DuckDbBarStore::Open(const std::filesystem::path& path) {
  TD_ASSIGN_OR_RETURN(auto db, DuckDbConnection::Open(path));
  std::unique_ptr<DuckDbBarStore> store(new DuckDbBarStore(std::move(db)));
  TD_RETURN_IF_ERROR(store->CreateSchema().WithContext(fmt::format("store {}", path.string())));
  return store;
}

Result<std::unique_ptr<BarStore>> DuckDbBarStore::OpenReader() {
  TD_ASSIGN_OR_RETURN(auto connection, db_->Connect());
  return std::unique_ptr<BarStore>(new DuckDbBarStore(std::move(connection)));
}

Status DuckDbBarStore::CreateSchema() {
  // Bars refer to their (symbol, interval) by a small integer: cheaper to
  // store, append and filter than two strings a row.
  TD_RETURN_IF_ERROR(db_->Execute(
      "CREATE TABLE IF NOT EXISTS tapedeck_meta (key VARCHAR PRIMARY KEY, value VARCHAR);"
      "CREATE TABLE IF NOT EXISTS series (id INTEGER PRIMARY KEY, symbol VARCHAR NOT NULL, "
      "interval VARCHAR NOT NULL, UNIQUE (symbol, interval));"
      "CREATE TABLE IF NOT EXISTS bars (series_id INTEGER NOT NULL, "
      "open_time TIMESTAMP_NS NOT NULL, open DOUBLE NOT NULL, high DOUBLE NOT NULL, "
      "low DOUBLE NOT NULL, close DOUBLE NOT NULL, volume DOUBLE NOT NULL);"));
  TD_ASSIGN_OR_RETURN(DuckDbResult version,
                      db_->Query("SELECT value FROM tapedeck_meta WHERE key = 'schema_version'"));
  DuckDbChunk chunk(duckdb_fetch_chunk(*version.get()));
  if (!chunk || chunk.size() == 0) {
    return db_->Execute(
        fmt::format("INSERT INTO tapedeck_meta VALUES ('schema_version', '{}')", kSchemaVersion));
  }
  const std::string_view found = StringAt(chunk, 0, 0);
  if (found != std::to_string(kSchemaVersion)) {
    return Error::DataError(
        "schema version {} is not the {} this tapedeck reads: use a matching tapedeck or a new "
        "--db",
        found, kSchemaVersion);
  }
  return Status::Ok();
}

// The open transaction of one BeginWrite; rolls back unless committed.
class DuckDbBarWriter final : public BarWriter {
 public:
  explicit DuckDbBarWriter(DuckDbBarStore& store) : store_(store) {}
  DuckDbBarWriter(const DuckDbBarWriter&) = delete;
  DuckDbBarWriter& operator=(const DuckDbBarWriter&) = delete;
  ~DuckDbBarWriter() override {
    if (open_) (void)store_.db_->Execute("ROLLBACK");
    (void)store_.db_->Execute("RESET threads");
    store_.writing_ = false;
  }

  Status Add(const SeriesBars& series) override {
    if (!open_) return Error::Internal("write to a finished transaction");
    Status status = store_.WriteInTransaction(series, staging_ready_);
    if (!status.ok()) {
      (void)store_.db_->Execute("ROLLBACK");
      open_ = false;
      return status.WithContext(
          fmt::format("writing to {} (nothing was written)", store_.path().string()));
    }
    return Status::Ok();
  }

  Status Commit() override {
    if (!open_) return Error::Internal("commit of a finished transaction");
    open_ = false;
    return store_.db_->Execute("COMMIT");
  }

 private:
  DuckDbBarStore& store_;
  bool open_ = true;
  bool staging_ready_ = false;
};

Result<std::unique_ptr<BarWriter>> DuckDbBarStore::BeginWrite() {
  // Appends run on this thread anyway; DuckDB's workers would only compete
  // with the importer's reading thread (measured: 2.1 → 2.8 M rows/s on 2 cores).
  TD_RETURN_IF_ERROR(db_->Execute("SET threads = 1"));
  TD_RETURN_IF_ERROR(db_->Execute("BEGIN TRANSACTION"));
  writing_ = true;
  return std::unique_ptr<BarWriter>(std::make_unique<DuckDbBarWriter>(*this));
}

Status DuckDbBarStore::WriteInTransaction(const SeriesBars& one, bool& staging_ready) {
  if (one.bars.empty()) return Status::Ok();
  TD_ASSIGN_OR_RETURN(const int32_t id, SeriesId(one.symbol, one.interval, true));
  TD_ASSIGN_OR_RETURN(const int64_t existing, CountInRange(id, one.bars));
  if (existing == 0) return Append(nullptr, "bars", id, one.bars);  // Nothing to replace.
  // Replace by key: stage the new rows, delete the keys they hit, insert them.
  if (!staging_ready) {
    TD_RETURN_IF_ERROR(
        db_->Execute("CREATE TEMP TABLE IF NOT EXISTS staging_bars AS SELECT * FROM bars LIMIT 0;"
                     "DELETE FROM staging_bars;"));
    staging_ready = true;
  }
  TD_RETURN_IF_ERROR(Append("temp", "staging_bars", id, one.bars));
  return db_->Execute(
      "DELETE FROM bars USING staging_bars s WHERE bars.series_id = s.series_id AND "
      "bars.open_time = s.open_time;"
      "INSERT INTO bars SELECT * FROM staging_bars ORDER BY open_time;"
      "DELETE FROM staging_bars;");
}

Result<std::optional<int32_t>> DuckDbBarStore::FindSeriesId(const model::Symbol& symbol,
                                                            model::Interval interval) {
  const auto key = std::make_pair(symbol, interval);
  if (const auto it = series_ids_.find(key); it != series_ids_.end()) {
    return std::optional<int32_t>(it->second);
  }
  TD_ASSIGN_OR_RETURN(
      DuckDbStatement statement,
      DuckDbStatement::Prepare(*db_, "SELECT id FROM series WHERE symbol = $1 AND interval = $2"));
  TD_RETURN_IF_ERROR(statement.BindText(1, symbol.str()));
  TD_RETURN_IF_ERROR(statement.BindText(2, interval.ToString()));
  TD_ASSIGN_OR_RETURN(DuckDbResult result, statement.Execute());
  DuckDbChunk chunk(duckdb_fetch_chunk(*result.get()));
  if (!chunk || chunk.size() == 0) return std::optional<int32_t>();
  const int32_t id = chunk.column<int32_t>(0)[0];
  // A committed series keeps its id for good; one seen inside a write may
  // still be rolled back, so only committed ones are remembered.
  if (!writing_) series_ids_.emplace(key, id);
  return std::optional<int32_t>(id);
}

Result<int32_t> DuckDbBarStore::SeriesId(const model::Symbol& symbol, model::Interval interval,
                                         bool create) {
  TD_ASSIGN_OR_RETURN(const std::optional<int32_t> found, FindSeriesId(symbol, interval));
  if (found) return *found;
  if (!create) return Error::NotFound("no {} bars of {}", interval.ToString(), symbol.str());
  // Symbols and intervals were validated by their parsers: safe to quote inline.
  TD_RETURN_IF_ERROR(db_->Execute(
      fmt::format("INSERT INTO series SELECT coalesce(max(id), 0) + 1, '{}', '{}' FROM series",
                  symbol.str(), interval.ToString())));
  TD_ASSIGN_OR_RETURN(const std::optional<int32_t> created, FindSeriesId(symbol, interval));
  if (!created)
    return Error::Internal("duckdb: series {} {} vanished", symbol.str(), interval.ToString());
  return *created;
}

Result<int64_t> DuckDbBarStore::CountInRange(int32_t series_id, std::span<const model::Bar> bars) {
  TD_ASSIGN_OR_RETURN(DuckDbStatement statement,
                      DuckDbStatement::Prepare(*db_,
                                               "SELECT count(*) FROM bars WHERE series_id = $1 "
                                               "AND open_time BETWEEN $2 AND $3"));
  TD_RETURN_IF_ERROR(statement.BindInt(1, series_id));
  TD_RETURN_IF_ERROR(statement.BindTimestampNs(2, ToUnixNanos(bars.front().open_time)));
  TD_RETURN_IF_ERROR(statement.BindTimestampNs(3, ToUnixNanos(bars.back().open_time)));
  TD_ASSIGN_OR_RETURN(DuckDbResult result, statement.Execute());
  DuckDbChunk chunk(duckdb_fetch_chunk(*result.get()));
  if (!chunk || chunk.size() != 1) return Error::Internal("duckdb: count returned no row");
  return chunk.column<int64_t>(0)[0];
}

Status DuckDbBarStore::Append(const char* table_catalog, const char* table, int32_t series_id,
                              std::span<const model::Bar> bars) {
  duckdb_appender appender = nullptr;
  if (duckdb_appender_create_ext(db_->get(), table_catalog, nullptr, table, &appender) !=
      DuckDBSuccess) {
    std::string message = duckdb_appender_error(appender);
    duckdb_appender_destroy(&appender);
    return Error::IoError("duckdb: cannot append to {}: {}", table, message);
  }
  Status status;
  {
    ChunkAppender chunks(appender);
    status = chunks.Append(series_id, bars);
  }
  if (status.ok() && duckdb_appender_close(appender) != DuckDBSuccess) {
    status = Error::IoError("duckdb: appending to {}: {}", table, duckdb_appender_error(appender));
  }
  duckdb_appender_destroy(&appender);
  return status;
}

Result<std::vector<model::Bar>> DuckDbBarStore::Read(const model::Symbol& symbol,
                                                     model::Interval interval, Timestamp from,
                                                     Timestamp to) {
  std::vector<model::Bar> bars;
  std::vector<model::Bar>* out = &bars;
  TD_RETURN_IF_ERROR(ReadMany(std::span<const model::Symbol>(&symbol, 1), interval, from, to,
                              std::span<std::vector<model::Bar>* const>(&out, 1)));
  return bars;
}

Status DuckDbBarStore::ReadMany(std::span<const model::Symbol> symbols, model::Interval interval,
                                Timestamp from, Timestamp to,
                                std::span<std::vector<model::Bar>* const> out) {
  TD_CHECK(out.size() == symbols.size(), "{} outputs for {} symbols", out.size(), symbols.size());
  for (std::vector<model::Bar>* bars : out) bars->clear();
  std::map<int32_t, size_t> index_of;  // series id -> first position in `symbols`.
  std::vector<std::optional<int32_t>> id_of(symbols.size());
  std::string ids;
  for (size_t i = 0; i < symbols.size(); ++i) {
    TD_ASSIGN_OR_RETURN(id_of[i], FindSeriesId(symbols[i], interval));
    if (!id_of[i] || !index_of.emplace(*id_of[i], i).second) continue;
    ids += fmt::format("{}{}", ids.empty() ? "" : ",", *id_of[i]);
  }
  if (ids.empty()) return Status::Ok();
  // The ids are our own integers: safe to write into the query text.
  TD_ASSIGN_OR_RETURN(
      DuckDbStatement statement,
      DuckDbStatement::Prepare(
          *db_, fmt::format("SELECT series_id, open_time, open, high, low, close, volume FROM bars "
                            "WHERE series_id IN ({}) AND open_time >= $1 AND open_time < $2",
                            ids)));
  TD_RETURN_IF_ERROR(statement.BindTimestampNs(1, ToUnixNanos(from)));
  TD_RETURN_IF_ERROR(statement.BindTimestampNs(2, ToUnixNanos(to)));
  TD_ASSIGN_OR_RETURN(DuckDbResult result, statement.ExecuteStreaming());
  while (true) {
    DuckDbChunk chunk(duckdb_fetch_chunk(*result.get()));
    if (!chunk) break;
    const size_t n = chunk.size();
    const int32_t* series = chunk.column<int32_t>(0);
    const int64_t* times = chunk.column<int64_t>(1);
    const double* open = chunk.column<double>(2);
    const double* high = chunk.column<double>(3);
    const double* low = chunk.column<double>(4);
    const double* close = chunk.column<double>(5);
    const double* volume = chunk.column<double>(6);
    // Rows come in runs of one series: grow its vector once per run.
    for (size_t begin = 0; begin < n;) {
      size_t end = begin + 1;
      while (end < n && series[end] == series[begin]) ++end;
      std::vector<model::Bar>& into = *out[index_of.at(series[begin])];
      size_t at = into.size();
      into.resize(at + (end - begin));
      for (size_t i = begin; i < end; ++i, ++at) {
        into[at] =
            model::Bar{FromUnixNanos(times[i]), open[i], high[i], low[i], close[i], volume[i], 1};
      }
      begin = end;
    }
  }
  // Sorting here is cheaper than in the query: the rows arrive almost always
  // in key order already.
  for (std::vector<model::Bar>* bars : out) {
    if (!std::ranges::is_sorted(*bars, {}, &model::Bar::open_time)) {
      std::ranges::sort(*bars, {}, &model::Bar::open_time);
    }
  }
  // A symbol named twice gets the same bars twice.
  for (size_t i = 0; i < symbols.size(); ++i) {
    if (id_of[i] && index_of.at(*id_of[i]) != i) *out[i] = *out[index_of.at(*id_of[i])];
  }
  return Status::Ok();
}

Result<std::vector<SeriesSummary>> DuckDbBarStore::List() {
  TD_ASSIGN_OR_RETURN(
      DuckDbResult result,
      db_->Query("SELECT s.symbol, s.interval, min(b.open_time), max(b.open_time), count(*) "
                 "FROM bars b JOIN series s ON b.series_id = s.id GROUP BY s.symbol, s.interval"));
  std::vector<SeriesSummary> list;
  while (true) {
    DuckDbChunk chunk(duckdb_fetch_chunk(*result.get()));
    if (!chunk) break;
    for (size_t i = 0; i < chunk.size(); ++i) {
      auto symbol = model::Symbol::Parse(StringAt(chunk, 0, i));
      auto interval = model::Interval::Parse(StringAt(chunk, 1, i));
      if (!symbol.ok() || !interval.ok()) {
        return Error::DataError(
            "the store holds a series that tapedeck did not write: symbol '{}', interval '{}'",
            StringAt(chunk, 0, i), StringAt(chunk, 1, i));
      }
      list.push_back(SeriesSummary{*symbol, *interval, FromUnixNanos(chunk.column<int64_t>(2)[i]),
                                   FromUnixNanos(chunk.column<int64_t>(3)[i]),
                                   chunk.column<int64_t>(4)[i]});
    }
  }
  std::ranges::sort(list, [](const SeriesSummary& a, const SeriesSummary& b) {
    if (a.symbol != b.symbol) return a.symbol < b.symbol;
    return a.interval < b.interval;
  });
  return list;
}

Status DuckDbBarStore::ExportParquet(const std::filesystem::path& directory) {
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec) return Error::IoError("cannot create {}: {}", directory.string(), ec.message());
  std::string quoted = directory.string();
  for (size_t pos = 0; (pos = quoted.find('\'', pos)) != std::string::npos; pos += 2) {
    quoted.insert(pos, 1, '\'');
  }
  return db_
      ->Execute(fmt::format(
          "COPY (SELECT s.symbol, year(b.open_time) AS year, s.interval, b.open_time, b.open, "
          "b.high, b.low, b.close, b.volume FROM bars b JOIN series s ON b.series_id = s.id "
          "ORDER BY s.symbol, s.interval, b.open_time) TO '{}' "
          "(FORMAT parquet, PARTITION_BY (symbol, year), OVERWRITE_OR_IGNORE true)",
          quoted))
      .WithContext(fmt::format("exporting to {}", directory.string()));
}

}  // namespace tapedeck::store
