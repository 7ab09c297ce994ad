#include "store/duckdb_handle.hpp"

#include <system_error>
#include <utility>

namespace tapedeck::store {

DuckDbResult::DuckDbResult(DuckDbResult&& other) noexcept
    : result_(other.result_), valid_(other.valid_) {
  other.valid_ = false;
}

DuckDbResult& DuckDbResult::operator=(DuckDbResult&& other) noexcept {
  if (this != &other) {
    if (valid_) duckdb_destroy_result(&result_);
    result_ = other.result_;
    valid_ = other.valid_;
    other.valid_ = false;
  }
  return *this;
}

DuckDbResult::~DuckDbResult() {
  if (valid_) duckdb_destroy_result(&result_);
}

DuckDbChunk::~DuckDbChunk() {
  if (chunk_ != nullptr) duckdb_destroy_data_chunk(&chunk_);
}

std::string_view StringAt(const DuckDbChunk& chunk, size_t column, size_t row) {
  auto* strings = static_cast<duckdb_string_t*>(
      duckdb_vector_get_data(duckdb_data_chunk_get_vector(chunk.get(), column)));
  duckdb_string_t* value = &strings[row];
  return {duckdb_string_t_data(value), duckdb_string_t_length(*value)};
}

bool IsNull(const DuckDbChunk& chunk, size_t column, size_t row) {
  uint64_t* validity =
      duckdb_vector_get_validity(duckdb_data_chunk_get_vector(chunk.get(), column));
  return validity != nullptr && !duckdb_validity_row_is_valid(validity, row);
}

Result<std::unique_ptr<DuckDbConnection>> DuckDbConnection::Open(
    const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return Error::IoError("cannot create the folder {} for the store: {}",
                          path.parent_path().string(), ec.message());
  }
  std::unique_ptr<DuckDbConnection> db(new DuckDbConnection());
  db->path_ = path;
  duckdb_config config = nullptr;
  if (duckdb_create_config(&config) != DuckDBSuccess) {
    return Error::Internal("duckdb: cannot create a configuration");
  }
  // Everything we need (parquet) is linked in; never reach for the network.
  duckdb_set_config(config, "autoinstall_known_extensions", "false");
  char* open_error = nullptr;
  duckdb_database database = nullptr;
  const duckdb_state state = duckdb_open_ext(path.c_str(), &database, config, &open_error);
  duckdb_destroy_config(&config);
  if (state != DuckDBSuccess) {
    std::string message = open_error != nullptr ? open_error : "unknown error";
    duckdb_free(open_error);
    if (message.find("lock") != std::string::npos) {
      return Error::IoError(
          "the store {} is in use by another process (DuckDB allows one writer at a time): stop "
          "the other tapedeck or pass another --db ({})",
          path.string(), message);
    }
    return Error::IoError("cannot open the store {}: {}", path.string(), message);
  }
  db->database_.reset(database, [](duckdb_database open) { duckdb_close(&open); });
  if (duckdb_connect(database, &db->connection_) != DuckDBSuccess) {
    return Error::IoError("cannot connect to the store {}", path.string());
  }
  return db;
}

Result<std::unique_ptr<DuckDbConnection>> DuckDbConnection::Connect() const {
  std::unique_ptr<DuckDbConnection> db(new DuckDbConnection());
  db->path_ = path_;
  db->database_ = database_;
  if (duckdb_connect(database_.get(), &db->connection_) != DuckDBSuccess) {
    return Error::IoError("cannot open another connection to the store {}", path_.string());
  }
  return db;
}

DuckDbConnection::~DuckDbConnection() {
  // Before database_ lets go of the database.
  if (connection_ != nullptr) duckdb_disconnect(&connection_);
}

Result<DuckDbResult> DuckDbConnection::Query(std::string_view sql) {
  DuckDbResult result;
  const std::string text(sql);
  const duckdb_state state = duckdb_query(connection_, text.c_str(), result.get());
  result.mark_valid();
  if (state != DuckDBSuccess) {
    return Error::IoError("duckdb: {}", duckdb_result_error(result.get()));
  }
  return result;
}

Status DuckDbConnection::Execute(std::string_view sql) { return Query(sql).status(); }

Result<DuckDbStatement> DuckDbStatement::Prepare(DuckDbConnection& connection,
                                                 std::string_view sql) {
  duckdb_prepared_statement statement = nullptr;
  const std::string text(sql);
  if (duckdb_prepare(connection.get(), text.c_str(), &statement) != DuckDBSuccess) {
    std::string message = duckdb_prepare_error(statement);
    duckdb_destroy_prepare(&statement);
    return Error::Internal("duckdb: preparing '{}': {}", sql, message);
  }
  return DuckDbStatement(statement);
}

DuckDbStatement::~DuckDbStatement() {
  if (statement_ != nullptr) duckdb_destroy_prepare(&statement_);
}

Status DuckDbStatement::BindText(size_t index, std::string_view text) {
  if (duckdb_bind_varchar_length(statement_, index, text.data(), text.size()) != DuckDBSuccess) {
    return Error::Internal("duckdb: cannot bind parameter {}", index);
  }
  return Status::Ok();
}

Status DuckDbStatement::BindTimestampNs(size_t index, int64_t nanos) {
  duckdb_value value = duckdb_create_timestamp_ns(duckdb_timestamp_ns{nanos});
  const duckdb_state state = duckdb_bind_value(statement_, index, value);
  duckdb_destroy_value(&value);
  if (state != DuckDBSuccess) return Error::Internal("duckdb: cannot bind parameter {}", index);
  return Status::Ok();
}

Status DuckDbStatement::BindInt(size_t index, int32_t value) {
  if (duckdb_bind_int32(statement_, index, value) != DuckDBSuccess) {
    return Error::Internal("duckdb: cannot bind parameter {}", index);
  }
  return Status::Ok();
}

Result<DuckDbResult> DuckDbStatement::Execute() {
  DuckDbResult result;
  const duckdb_state state = duckdb_execute_prepared(statement_, result.get());
  result.mark_valid();
  if (state != DuckDBSuccess) {
    return Error::IoError("duckdb: {}", duckdb_result_error(result.get()));
  }
  return result;
}

Result<DuckDbResult> DuckDbStatement::ExecuteStreaming() {
  duckdb_pending_result pending = nullptr;
  if (duckdb_pending_prepared_streaming(statement_, &pending) != DuckDBSuccess) {
    const std::string message = pending ? duckdb_pending_error(pending) : "no pending result";
    duckdb_destroy_pending(&pending);
    return Error::IoError("duckdb: {}", message);
  }
  DuckDbResult result;
  const duckdb_state state = duckdb_execute_pending(pending, result.get());
  duckdb_destroy_pending(&pending);
  result.mark_valid();
  if (state != DuckDBSuccess) {
    return Error::IoError("duckdb: {}", duckdb_result_error(result.get()));
  }
  return result;
}

}  // namespace tapedeck::store
