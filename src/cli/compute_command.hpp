// `tapedeck compute --input FILE`: reads one symbol's bars from a CSV or
// Parquet file (as `import` reads them, without touching the store), derives
// coarser intervals, runs indicators through the sessions as a multi-day
// session would, and prints one row per bar of the output interval with the
// indicator values after that bar (CSV or JSON), plus the quality of every
// interval per session on request. This is how a user checks our numbers
// against their own tools, so the CSV layout is fixed:
//
//   timestamp,open,high,low,close,volume,<key>[.<output>]…
//
// with the open time in ISO-8601 UTC, numbers in shortest round-trip form
// and an empty cell while an indicator is not ready. Notes (what was
// inferred or dropped) and the CSV quality lines go to stderr.
#pragma once

#include <CLI/CLI.hpp>

#include "cli/cli_context.hpp"

namespace tapedeck::cli {

void AddComputeCommand(CLI::App& app, CliContext& context);

}  // namespace tapedeck::cli
