#!/usr/bin/env bash
# Drives `tapedeck run` as a user would, without a terminal: progress as one
# line per session day on stderr, none with --quiet, and Ctrl-C (SIGINT) on a
# slow paced run stops it cleanly: summary and export still written, exit
# code 130. Usage: run_progress.sh PATH/TO/tapedeck
tapedeck="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/tests/e2e/e2e_lib.sh"
import_sample

# Not a terminal: one plain line per session day, in order, on stderr.
"$tapedeck" run "$root/configs/demo.json" --export "$work/full.json" >"$work/out.txt" 2>"$work/err.txt"
err="$(cat "$work/err.txt")"
expected="$(printf 'session 2013-10-%s done (%s of 4)\n' 08 1 09 2 10 3 11 4)"
[[ "$(grep '^session ' "$work/err.txt")" == "$expected" ]] || fail "progress lines: $err"
expect_absent "$err" $'\r'
out="$(cat "$work/out.txt")"
expect_contains "$out" "4 sessions, 3 symbols"
expect_contains "$out" "timing: "
expect_contains "$out" "metrics: volume"

# --quiet: nothing on stdout, no progress; --log-level is accepted.
"$tapedeck" run "$root/configs/demo.json" --quiet --log-level error >"$work/out.txt" 2>"$work/err.txt"
[[ ! -s "$work/out.txt" ]] || fail "--quiet printed: $(cat "$work/out.txt")"
[[ ! -s "$work/err.txt" ]] || fail "--quiet printed on stderr: $(cat "$work/err.txt")"

# Ctrl-C on a slow paced run (a 4-day backtest at 60× takes 26 minutes).
"$tapedeck" run "$root/configs/demo.json" --speed 60 --export "$work/stopped.json" \
  >"$work/out.txt" 2>"$work/err.txt" &
pid=$!
cleanup_hooks+=("kill $pid 2>/dev/null")
started() { grep -q "^running demo" "$work/out.txt"; }
wait_until "the run to start" started
kill -INT "$pid"
set +e
wait "$pid"; code=$?
set -e
[[ $code -eq 130 ]] || fail "an interrupted run exited $code, not 130: $(cat "$work/err.txt")"
err="$(cat "$work/err.txt")"
expect_contains "$err" "stopped at 2013-10-08 09:"
expect_contains "$err" "interrupted: the session stopped early"
expect_absent "$err" "session 2013-10-08 done"
grep -q '"schema_version": 1' "$work/stopped.json" || fail "no export after Ctrl-C"
grep -q '"state": "stopped"' "$work/stopped.json" || fail "the export does not say the run stopped"
expect_contains "$(cat "$work/out.txt")" "export written to $work/stopped.json"
echo "run_progress: ok"
