// The session as JSON: everything but the `timing` block is byte-identical
// across speeds, pauses and steps (wall-clock numbers live only in `timing`).
// Numbers are written in shortest round-trip form; NaN (not ready) is null.
// Schema: docs/EXPORT.md. Call on the engine's thread (or in a ReadCommand).
#pragma once

#include <nlohmann/json.hpp>

#include "session/session_engine.hpp"

namespace tapedeck::session {

inline constexpr int kExportSchemaVersion = 1;

struct ExportOptions {
  bool include_bars = false;  // Every bar of every interval, not just counts.
};

nlohmann::ordered_json ExportSession(const SessionEngine& engine, const ExportOptions& options);

// One symbol's part of the export (without the provenance fields when
// `with_provenance` is false: what the differential test compares).
nlohmann::ordered_json ExportSymbol(const SymbolRecord& record, const ExportOptions& options,
                                    bool with_provenance = true);

}  // namespace tapedeck::session
