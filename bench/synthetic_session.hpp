// Synthetic sessions for the session-level benchmarks: random-walk
// regular-hours 1m bars for S symbols over the run's sessions and the 3
// before (the history), and the benchmark plan (5m and 15m derived; SMA20,
// EMA9, RSI14, MACD on 5m; ATR14 and Bollinger(20,2) on 15m; VWAP on 1m; 3
// trailing days of 1m history). Deterministic (fixed seed).
#pragma once

#include <vector>

#include "calendar/trading_calendar.hpp"
#include "session/session_engine.hpp"
#include "store/bar_store.hpp"

namespace tapedeck::bench {

// True when TAPEDECK_BENCH_SMOKE is set: CI's run-once mode with tiny inputs.
bool Smoke();

const calendar::TradingCalendar& Calendar();

// The run starts on 2024-01-08; the 3 sessions before it serve as history.
Date RunStart();
inline constexpr int kHistoryDays = 3;
// The first `days` sessions from RunStart().
std::vector<Date> RunSessions(int days);

// S1000, S1001, …
std::vector<model::Symbol> Symbols(int count);

// Every regular-hours minute of the kHistoryDays sessions before the run and
// of its first `days` sessions, for each symbol.
std::vector<store::SeriesBars> Generate(const std::vector<model::Symbol>& symbols, int days);

// The benchmark session: `symbols` configured over the first `days` sessions.
session::SessionSetup Setup(const std::vector<model::Symbol>& symbols, int days);

}  // namespace tapedeck::bench
