// The session as JSON: everything but the `timing` block is byte-identical
// across speeds, pauses and steps (wall-clock numbers live only in `timing`).
// Numbers are written in shortest round-trip form; NaN (not ready) is null.
// Schema: docs/EXPORT.md. Call on the engine's thread (or in a ReadCommand).
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <set>
#include <utility>

#include "session/session_engine.hpp"

namespace tapedeck::session {

inline constexpr int kExportSchemaVersion = 1;

struct ExportOptions {
  bool include_bars = false;  // Every bar of every interval, not just counts.
};

nlohmann::ordered_json ExportSession(const SessionEngine& engine, const ExportOptions& options);

// What a reader of delta exports has been sent so far. Starts empty: the
// first delta holds every symbol in full.
struct ExportCursor {
  std::optional<Date> session_date;
  std::optional<Timestamp> at;  // The clock at the previous delta.
  std::set<model::Symbol> symbols;
  std::map<std::pair<model::Symbol, model::Interval>, size_t> bars_sent;  // Today's bars.
  size_t commands_sent = 0;
  size_t scans_sent = 0;  // Scanner and strategy records sent so far.
  size_t signals_sent = 0;
  size_t participant_errors_sent = 0;
};

// Everything that changed since `cursor` (then moves the cursor): symbols new
// to the reader in full, for the others the bars completed since (`new`),
// indicators updated since, current quality and metrics; symbols removed;
// commands applied since; with scanners or strategies, the scans, signals
// and participant errors recorded since. Deterministic like the complete export (no
// timing block). Schema: docs/EXPORT.md.
nlohmann::ordered_json ExportDelta(const SessionEngine& engine, ExportCursor& cursor);

// One symbol's part of the export (without the provenance fields when
// `with_provenance` is false: what the differential test compares).
nlohmann::ordered_json ExportSymbol(const SymbolRecord& record, const ExportOptions& options,
                                    bool with_provenance = true);

}  // namespace tapedeck::session
