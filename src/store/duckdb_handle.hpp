// Owning wrappers around DuckDB's C API handles, used only inside store/.
// Not thread-safe: one connection, one owner.
#pragma once

#include <duckdb.h>

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.hpp"

namespace tapedeck::store {

// A query's materialised result, read chunk by chunk.
class DuckDbResult {
 public:
  DuckDbResult() = default;
  DuckDbResult(const DuckDbResult&) = delete;
  DuckDbResult& operator=(const DuckDbResult&) = delete;
  DuckDbResult(DuckDbResult&& other) noexcept;
  DuckDbResult& operator=(DuckDbResult&& other) noexcept;
  ~DuckDbResult();

  duckdb_result* get() { return &result_; }
  void mark_valid() { valid_ = true; }

 private:
  duckdb_result result_{};
  bool valid_ = false;
};

// One data chunk; null when the result is exhausted.
class DuckDbChunk {
 public:
  explicit DuckDbChunk(duckdb_data_chunk chunk) : chunk_(chunk) {}
  DuckDbChunk(const DuckDbChunk&) = delete;
  DuckDbChunk& operator=(const DuckDbChunk&) = delete;
  ~DuckDbChunk();

  explicit operator bool() const { return chunk_ != nullptr; }
  size_t size() const { return static_cast<size_t>(duckdb_data_chunk_get_size(chunk_)); }
  template <typename T>
  const T* column(size_t index) const {
    return static_cast<const T*>(
        duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk_, index)));
  }
  duckdb_data_chunk get() const { return chunk_; }

 private:
  duckdb_data_chunk chunk_;
};

// Reads a VARCHAR value out of a chunk column.
std::string_view StringAt(const DuckDbChunk& chunk, size_t column, size_t row);
// True if the value is NULL.
bool IsNull(const DuckDbChunk& chunk, size_t column, size_t row);

class DuckDbConnection {
 public:
  // Opens (creating if needed, with its folder) the database file at `path`.
  static Result<std::unique_ptr<DuckDbConnection>> Open(const std::filesystem::path& path);
  DuckDbConnection(const DuckDbConnection&) = delete;
  DuckDbConnection& operator=(const DuckDbConnection&) = delete;
  ~DuckDbConnection();

  // Another connection to the same database, for use on another thread
  // (DuckDB connections are used by one thread at a time). It keeps the
  // database open as long as it lives.
  Result<std::unique_ptr<DuckDbConnection>> Connect() const;

  Status Execute(std::string_view sql);
  Result<DuckDbResult> Query(std::string_view sql);
  duckdb_connection get() const { return connection_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  DuckDbConnection() = default;
  std::filesystem::path path_;
  std::shared_ptr<_duckdb_database> database_;  // Closed with its last connection.
  duckdb_connection connection_ = nullptr;
};

// A prepared statement; parameters are 1-based as in DuckDB.
class DuckDbStatement {
 public:
  static Result<DuckDbStatement> Prepare(DuckDbConnection& connection, std::string_view sql);
  DuckDbStatement(DuckDbStatement&& other) noexcept : statement_(other.statement_) {
    other.statement_ = nullptr;
  }
  DuckDbStatement(const DuckDbStatement&) = delete;
  DuckDbStatement& operator=(const DuckDbStatement&) = delete;
  ~DuckDbStatement();

  Status BindText(size_t index, std::string_view text);
  Status BindTimestampNs(size_t index, int64_t nanos);
  Status BindInt(size_t index, int32_t value);
  Result<DuckDbResult> Execute();
  // As Execute, but rows are produced as chunks are fetched instead of all
  // at once: less memory and one copy fewer for large reads.
  Result<DuckDbResult> ExecuteStreaming();

 private:
  explicit DuckDbStatement(duckdb_prepared_statement statement) : statement_(statement) {}
  duckdb_prepared_statement statement_;
};

}  // namespace tapedeck::store
