#include "store/duckdb_bar_store.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace tapedeck::store {
namespace {

constexpr int kSchemaVersion = 1;

// Appends rows through a DuckDB data chunk, a vector at a time.
class ChunkAppender {
 public:
  ChunkAppender(duckdb_appender appender) : appender_(appender) {
    duckdb_logical_type types[8];
    types[0] = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    types[1] = duckdb_create_logical_type(DUCKDB_TYPE_VARCHAR);
    types[2] = duckdb_create_logical_type(DUCKDB_TYPE_TIMESTAMP_NS);
    for (int i = 3; i < 8; ++i) types[i] = duckdb_create_logical_type(DUCKDB_TYPE_DOUBLE);
    chunk_ = duckdb_create_data_chunk(types, 8);
    for (auto& type : types) duckdb_destroy_logical_type(&type);
    capacity_ = static_cast<size_t>(duckdb_vector_size());
  }
  ChunkAppender(const ChunkAppender&) = delete;
  ChunkAppender& operator=(const ChunkAppender&) = delete;
  ~ChunkAppender() { duckdb_destroy_data_chunk(&chunk_); }

  Status Append(const SeriesBars& series) {
    const std::string symbol = series.symbol.str();
    const std::string interval = series.interval.ToString();
    size_t done = 0;
    while (done < series.bars.size()) {
      const size_t n = std::min(capacity_, series.bars.size() - done);
      duckdb_data_chunk_reset(chunk_);
      auto vector = [&](idx_t i) { return duckdb_data_chunk_get_vector(chunk_, i); };
      auto* times = static_cast<int64_t*>(duckdb_vector_get_data(vector(2)));
      double* columns[5];
      for (idx_t c = 0; c < 5; ++c) {
        columns[c] = static_cast<double*>(duckdb_vector_get_data(vector(3 + c)));
      }
      for (size_t i = 0; i < n; ++i) {
        const model::Bar& bar = series.bars[done + i];
        duckdb_vector_assign_string_element_len(vector(0), i, symbol.data(), symbol.size());
        duckdb_vector_assign_string_element_len(vector(1), i, interval.data(), interval.size());
        times[i] = ToUnixNanos(bar.open_time);
        columns[0][i] = bar.open;
        columns[1][i] = bar.high;
        columns[2][i] = bar.low;
        columns[3][i] = bar.close;
        columns[4][i] = bar.volume;
      }
      duckdb_data_chunk_set_size(chunk_, n);
      if (duckdb_append_data_chunk(appender_, chunk_) != DuckDBSuccess) {
        return Error::IoError("duckdb: appending bars of {} {}: {}", symbol, interval,
                              duckdb_appender_error(appender_));
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

Status DuckDbBarStore::CreateSchema() {
  TD_RETURN_IF_ERROR(db_->Execute(
      "CREATE TABLE IF NOT EXISTS tapedeck_meta (key VARCHAR PRIMARY KEY, value VARCHAR);"
      "CREATE TABLE IF NOT EXISTS bars (symbol VARCHAR NOT NULL, interval VARCHAR NOT NULL, "
      "open_time TIMESTAMP_NS NOT NULL, open DOUBLE NOT NULL, high DOUBLE NOT NULL, "
      "low DOUBLE NOT NULL, close DOUBLE NOT NULL, volume DOUBLE NOT NULL);"));
  TD_ASSIGN_OR_RETURN(DuckDbResult version,
                      db_->Query("SELECT value FROM tapedeck_meta WHERE key = 'schema_version'"));
  DuckDbChunk chunk(duckdb_fetch_chunk(*version.get()));
  if (!chunk || chunk.size() == 0) {
    return db_->Execute(fmt::format(
        "INSERT INTO tapedeck_meta VALUES ('schema_version', '{}')", kSchemaVersion));
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

Status DuckDbBarStore::Write(std::span<const SeriesBars> series) {
  TD_RETURN_IF_ERROR(db_->Execute("BEGIN TRANSACTION"));
  Status status = WriteInTransaction(series);
  if (!status.ok()) {
    (void)db_->Execute("ROLLBACK");
    return status.WithContext(fmt::format("writing to {} (nothing was written)", path().string()));
  }
  return db_->Execute("COMMIT");
}

Status DuckDbBarStore::WriteInTransaction(std::span<const SeriesBars> series) {
  bool staging_ready = false;
  for (const SeriesBars& one : series) {
    if (one.bars.empty()) continue;
    TD_ASSIGN_OR_RETURN(const int64_t existing, CountInRange(one));
    if (existing == 0) {  // Nothing to replace: append straight into the table.
      TD_RETURN_IF_ERROR(Append(nullptr, "bars", one));
      continue;
    }
    // Replace by key: stage the new rows, delete the keys they hit, insert them.
    if (!staging_ready) {
      TD_RETURN_IF_ERROR(db_->Execute(
          "CREATE TEMP TABLE IF NOT EXISTS staging_bars AS SELECT * FROM bars LIMIT 0;"
          "DELETE FROM staging_bars;"));
      staging_ready = true;
    }
    TD_RETURN_IF_ERROR(Append("temp", "staging_bars", one));
    TD_RETURN_IF_ERROR(db_->Execute(
        "DELETE FROM bars USING staging_bars s WHERE bars.symbol = s.symbol AND "
        "bars.interval = s.interval AND bars.open_time = s.open_time;"
        "INSERT INTO bars SELECT * FROM staging_bars ORDER BY open_time;"
        "DELETE FROM staging_bars;"));
  }
  return Status::Ok();
}

Result<int64_t> DuckDbBarStore::CountInRange(const SeriesBars& series) {
  TD_ASSIGN_OR_RETURN(DuckDbStatement statement,
                      DuckDbStatement::Prepare(*db_,
                                               "SELECT count(*) FROM bars WHERE symbol = $1 AND "
                                               "interval = $2 AND open_time BETWEEN $3 AND $4"));
  TD_RETURN_IF_ERROR(statement.BindText(1, series.symbol.str()));
  TD_RETURN_IF_ERROR(statement.BindText(2, series.interval.ToString()));
  TD_RETURN_IF_ERROR(statement.BindTimestampNs(3, ToUnixNanos(series.bars.front().open_time)));
  TD_RETURN_IF_ERROR(statement.BindTimestampNs(4, ToUnixNanos(series.bars.back().open_time)));
  TD_ASSIGN_OR_RETURN(DuckDbResult result, statement.Execute());
  DuckDbChunk chunk(duckdb_fetch_chunk(*result.get()));
  if (!chunk || chunk.size() != 1) return Error::Internal("duckdb: count returned no row");
  return chunk.column<int64_t>(0)[0];
}

Status DuckDbBarStore::Append(const char* table_catalog, const char* table,
                              const SeriesBars& series) {
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
    status = chunks.Append(series);
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
  TD_ASSIGN_OR_RETURN(
      DuckDbStatement statement,
      DuckDbStatement::Prepare(*db_,
                               "SELECT open_time, open, high, low, close, volume FROM bars "
                               "WHERE symbol = $1 AND interval = $2 AND open_time >= $3 AND "
                               "open_time < $4 ORDER BY open_time"));
  TD_RETURN_IF_ERROR(statement.BindText(1, symbol.str()));
  TD_RETURN_IF_ERROR(statement.BindText(2, interval.ToString()));
  TD_RETURN_IF_ERROR(statement.BindTimestampNs(3, ToUnixNanos(from)));
  TD_RETURN_IF_ERROR(statement.BindTimestampNs(4, ToUnixNanos(to)));
  TD_ASSIGN_OR_RETURN(DuckDbResult result, statement.Execute());
  std::vector<model::Bar> bars;
  bars.reserve(static_cast<size_t>(duckdb_row_count(result.get())));
  while (true) {
    DuckDbChunk chunk(duckdb_fetch_chunk(*result.get()));
    if (!chunk) break;
    const size_t n = chunk.size();
    const int64_t* times = chunk.column<int64_t>(0);
    const double* open = chunk.column<double>(1);
    const double* high = chunk.column<double>(2);
    const double* low = chunk.column<double>(3);
    const double* close = chunk.column<double>(4);
    const double* volume = chunk.column<double>(5);
    for (size_t i = 0; i < n; ++i) {
      bars.push_back(model::Bar{FromUnixNanos(times[i]), open[i], high[i], low[i], close[i],
                                volume[i], 1});
    }
  }
  return bars;
}

Result<std::vector<SeriesSummary>> DuckDbBarStore::List() {
  TD_ASSIGN_OR_RETURN(DuckDbResult result,
                      db_->Query("SELECT symbol, interval, min(open_time), max(open_time), "
                                 "count(*) FROM bars GROUP BY symbol, interval"));
  std::vector<SeriesSummary> list;
  while (true) {
    DuckDbChunk chunk(duckdb_fetch_chunk(*result.get()));
    if (!chunk) break;
    for (size_t i = 0; i < chunk.size(); ++i) {
      auto symbol = model::Symbol::Parse(StringAt(chunk, 0, i));
      auto interval = model::Interval::Parse(StringAt(chunk, 1, i));
      if (!symbol.ok() || !interval.ok()) {
        return Error::DataError("the store holds a row that tapedeck did not write: symbol '{}', "
                                "interval '{}'",
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
          "COPY (SELECT symbol, year(open_time) AS year, interval, open_time, open, high, low, "
          "close, volume FROM bars ORDER BY symbol, interval, open_time) TO '{}' "
          "(FORMAT parquet, PARTITION_BY (symbol, year), OVERWRITE_OR_IGNORE true)",
          quoted))
      .WithContext(fmt::format("exporting to {}", directory.string()));
}

}  // namespace tapedeck::store
