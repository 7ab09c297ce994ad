// What `run` prints at the end and the shell's `data …` commands print: one
// symbol's session as tables (intervals with bar counts, quality and gaps;
// indicators with values and readiness; metrics), its bars and its gaps.
// Times in New York time with the zone. Call on the engine's thread (in a
// ReadCommand) or once the run has ended. Output is deterministic: nothing
// here reads the wall clock.
#pragma once

#include <ostream>

#include "session/session_engine.hpp"

namespace tapedeck::cli {

// "SPY  added by config at 2013-10-08 09:30:00 EDT", then the tables.
void PrintSymbolReport(const model::Symbol& symbol, const session::SymbolRecord& record,
                       std::ostream& out);

// The last `count` bars of one interval (all when count is 0).
Status PrintSymbolBars(const session::SymbolRecord& record, model::Interval interval, size_t count,
                       std::ostream& out);

// Quality of every interval with each gap's [start, end) and missing bars.
void PrintSymbolQuality(const session::SymbolRecord& record, std::ostream& out);

// Every symbol's report, then the totals: sessions, symbols and base bars,
// and a separate "timing:" line with wall time and bars/s.
void PrintRunSummary(const session::SessionEngine& engine, std::ostream& out);

}  // namespace tapedeck::cli
