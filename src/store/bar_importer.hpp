// Imports bar files (CSV or Parquet) into a BarStore. Every file is read and
// every row validated before anything is written, and the write is one
// transaction: bad input changes nothing (unless skip_bad_rows, which writes
// the good rows and reports the rest). Not thread-safe.
//
// Layouts understood (header names are case-insensitive):
//   timestamp,open,high,low,close,volume     ISO-8601 with Z or an offset
//   the same with naive local times          needs `local_to_utc` (--tz)
//   epoch seconds, milliseconds, micro- or nanoseconds in the timestamp column
//   date,time,open,...                       separate date and time columns
//   Date,Open,High,Low,Close,Volume          daily files: the date is the session date
// Aliases: datetime/open_time/ts, o/h/l/c/v, vol, ticker; optional symbol and
// interval columns. A 1d or 1w bar is stamped at 00:00 UTC of its date.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/status.hpp"
#include "core/timestamp.hpp"
#include "model/interval.hpp"
#include "model/symbol.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::store {

struct ImportOptions {
  std::optional<model::Symbol> symbol;      // Else the symbol column, else the file name.
  std::optional<model::Interval> interval;  // Else the interval column, the file name, the spacing.
  // Turns a naive wall-clock time into UTC (the --tz zone). Empty: a naive
  // time is an error that asks for --tz.
  std::function<Result<Timestamp>(LocalTime)> local_to_utc;
  bool skip_bad_rows = false;
  // May be null. Once it reads true (Ctrl-C), the import stops at its next
  // check (between files and series, every 64 Ki rows) and writes nothing.
  const std::atomic<bool>* cancel = nullptr;
};

// One file, read and validated, not yet written.
struct BarFile {
  std::filesystem::path path;
  std::vector<SeriesBars> series;
  std::vector<std::string> notes;  // What was inferred, sorted or skipped, for the user.
  int64_t rows_skipped = 0;
};

struct ImportReport {
  std::vector<std::string> notes;  // Per file, in file order.
  std::vector<SeriesSummary> written;
  int64_t rows_written = 0;
  int64_t rows_skipped = 0;
};

// Reads and validates one file (CSV, Parquet, or a folder holding a Parquet
// dataset). Errors name the file, the line (or row) and the rule.
Result<BarFile> ReadBarFile(const std::filesystem::path& path, const ImportOptions& options);

// Reads every file, then writes all of them in one transaction. A cancelled
// import returns an "interrupted" error and leaves the store as it was.
Result<ImportReport> ImportFiles(BarStore& store, std::span<const std::filesystem::path> paths,
                                 const ImportOptions& options);

}  // namespace tapedeck::store
