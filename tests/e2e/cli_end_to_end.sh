#!/usr/bin/env bash
# Drives the real tapedeck binary as a user would: import the sample data,
# list and show it, export and re-import, and check exit codes and messages.
# Usage: cli_end_to_end.sh PATH/TO/tapedeck
set -euo pipefail
tapedeck="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
export TAPEDECK_DB="$work/store/bars.duckdb"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect_contains() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }

out="$("$tapedeck" import "$root"/data/sample/*.csv)"
expect_contains "$out" "imported 4128 bars of SPY 1m"
expect_contains "$out" "16201 bars written to $TAPEDECK_DB"

# Importing again changes nothing (idempotent), and the listing says so.
before="$("$tapedeck" data list)"
"$tapedeck" import "$root"/data/sample/SPY_1m_2013-10-07_2013-10-11.csv >/dev/null
[[ "$("$tapedeck" data list)" == "$before" ]] || fail "re-import changed the store"
expect_contains "$before" "SPY     1m        2013-10-07 04:00:00 EDT  2013-10-11 19:59:00 EDT  4128"

# --db overrides TAPEDECK_DB.
out="$("$tapedeck" --db "$work/other.duckdb" data list)"
expect_contains "$out" "holds no bars yet"

# Exit codes: 1 for a user error with one line on stderr.
set +e
err="$("$tapedeck" data show SPY --interval 7x 2>&1 >/dev/null)"; code=$?
set -e
[[ $code -eq 1 ]] || fail "bad interval exited $code"
[[ "$(wc -l <<<"$err")" -eq 1 ]] || fail "expected one line, got: $err"
expect_contains "$err" '"7x" is not an interval'

set +e
printf 'timestamp,open,high,low,close,volume\n2013-10-07T13:30:00Z,1,2,1,nan,5\n' >"$work/ZZ_1m.csv"
err="$("$tapedeck" import "$work/ZZ_1m.csv" 2>&1)"; code=$?
set -e
[[ $code -eq 1 ]] || fail "bad csv exited $code"
expect_contains "$err" "ZZ_1m.csv:2: close is 'nan'"
[[ "$("$tapedeck" data list)" == "$before" ]] || fail "failed import changed the store"

# Export, then import the dataset into a fresh store: the same bars come back.
"$tapedeck" export --parquet "$work/dataset" >/dev/null
"$tapedeck" --db "$work/copy.duckdb" import "$work/dataset" >/dev/null
[[ "$("$tapedeck" --db "$work/copy.duckdb" data list)" == "$before" ]] || fail "parquet round trip differs"
a="$("$tapedeck" data show AAPL --format csv --utc)"
b="$("$tapedeck" --db "$work/copy.duckdb" data show AAPL --format csv --utc)"
[[ "$a" == "$b" ]] || fail "AAPL bars differ after the parquet round trip"

# A config validates, and a backtest runs with a symbol added mid-session.
out="$("$tapedeck" validate "$root/configs/demo.json")"
expect_contains "$out" "config OK: 2 symbols"
out="$("$tapedeck" run "$root/configs/demo.json" --export "$work/export.json")"
expect_contains "$out" "IBM  added by script at 2013-10-09 11:05:00 EDT"
expect_contains "$out" "4 sessions, 3 symbols"
grep -q '"schema_version": 1' "$work/export.json" || fail "export has no schema_version"
grep -q '"added_by": "script"' "$work/export.json" || fail "export does not say how IBM was added"
set +e
printf '{"session_name": "x", "session_data_config": {"symbolz": ["SPY"]}}' >"$work/bad.json"
out="$("$tapedeck" validate "$work/bad.json")"; code=$?
set -e
[[ $code -eq 1 ]] || fail "validate of a bad config exited $code"
expect_contains "$out" 'did you mean "symbols"?'

# The calendar explains a holiday.
out="$("$tapedeck" calendar 2024-03-29)"
expect_contains "$out" "closed: Good Friday"
echo "cli_end_to_end: ok"
