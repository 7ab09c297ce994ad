#!/usr/bin/env bash
# Drives `tapedeck shell --script` and `tapedeck shell < FILE` on the sample
# data: a paused backtest stepped by hand, symbols added, data read, errors
# on one line each; the whole output must equal shell_script.expected
# (deterministic: no wall-clock numbers). Usage: shell_script.sh PATH/TO/tapedeck
# (TAPEDECK_UPDATE_GOLDEN=1 rewrites shell_script.expected after an intended change)
tapedeck="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$root/tests/e2e"
source "$here/e2e_lib.sh"
import_sample
cp "$root/configs/demo.json" "$root/data/sample/IBM_1m_2013-10-07_2013-10-11.csv" "$work/"
cd "$work"

set +e
"$tapedeck" shell --script "$here/shell_script.commands" >"$work/out.txt" 2>&1; code=$?
set -e
[[ $code -eq 1 ]] || fail "a script with failing commands exited $code, not 1"
actual="$(sed "s#$work#WORK#g" "$work/out.txt")"
# After an intended change of the output: TAPEDECK_UPDATE_GOLDEN=1 rewrites the file.
if [[ "${TAPEDECK_UPDATE_GOLDEN:-}" == 1 ]]; then
  printf '%s\n' "$actual" >"$here/shell_script.expected"
fi
if ! diff -u "$here/shell_script.expected" <(printf '%s\n' "$actual"); then
  fail "shell --script output differs from tests/e2e/shell_script.expected (diff above)"
fi
grep -q '"schema_version": 1' "$work/stepped.json" || fail "export-status wrote no export"
grep -q '"added_by": "shell"' "$work/stepped.json" || fail "the export does not say IBM came from the shell"
grep -q '"delta": {' "$work/demo-delta.json" || fail "export-status --delta wrote no delta export"

# Commands on stdin (not a terminal) run the same way; all ok → exit 0.
out="$(printf 'help time\n\nsystem start demo.json --paused\nsymbol list\nexit\nsymbol list\n' \
  | "$tapedeck" shell)"
expect_contains "$out" "tapedeck> help time"
expect_contains "$out" "time now"
expect_contains "$out" "paused at 2013-10-08 09:30:00 EDT"
expect_contains "$out" "SPY     config    2013-10-08 09:30:00 EDT"
[[ "$(grep -c 'tapedeck> symbol list' <<<"$out")" -eq 1 ]] || fail "commands after exit ran: $out"

# A whole backtest from the shell ends like `run`: every session day.
out="$(printf 'system start\nsystem wait\nsystem status\n' | "$tapedeck" shell demo.json)"
expect_contains "$out" "session finished at 2013-10-11 16:00:00 EDT"
expect_contains "$out" "bars"

# Scanners and strategies: scan results and signals after a whole run
# (configs/strategies.json on the sample; the gap scanner picks BAC and SPY on
# 2013-10-10, as strategy_session_test checks against hand-computed gaps).
mkdir -p "$work/configs"
cp "$root/configs/strategies.json" "$root/configs/universe_sample.txt" "$work/configs/"
out="$(printf 'system start --paused\ndata signals\nsystem resume\nsystem wait\ndata scans 200\ndata signals 2\n' \
  | "$tapedeck" shell configs/strategies.json)"
expect_contains "$out" "no signals yet"
grep -qE '^2013-10-10 09:31:00 EDT +gap_scanner +BAC,SPY ' <<<"$out" || fail "no gap scan result: $out"
grep -qE '^TIME +STRATEGY +SYMBOL +SIDE' <<<"$out" || fail "no signal table: $out"
[[ "$(grep -cE '^2013-10-1[01] [0-9:]+ E[DS]T +(sma_cross|opening_range_breakout) ' <<<"$out")" -eq 2 ]] \
  || fail "data signals 2 did not print two signals: $out"

set +e
"$tapedeck" shell --script "$work/missing.txt" 2>"$work/err.txt"; code=$?
set -e
[[ $code -eq 1 ]] || fail "a missing script exited $code"
expect_contains "$(cat "$work/err.txt")" "cannot read the script"
echo "shell_script: ok"
