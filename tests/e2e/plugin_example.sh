#!/usr/bin/env bash
# Builds examples/plugin out of tree against the installed header set, runs a
# session that loads it from the config, and checks its scans and signals;
# then the errors for a missing file, a missing entry point and an ABI
# version mismatch.
# Usage: plugin_example.sh PATH/TO/tapedeck TAPEDECK_BUILD_DIR CXX_FLAGS
set -euo pipefail
tapedeck="$1"
build_dir="$2"
cxx_flags="${3:-}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/tests/e2e/e2e_lib.sh"

# The header set as `cmake --install` lays it out.
cmake --install "$build_dir" --prefix "$work/prefix" >/dev/null
[[ -f "$work/prefix/include/tapedeck/strategy_api.hpp" ]] || fail "header set not installed"
cmake -S "$root/examples/plugin" -B "$work/plugin" -DTAPEDECK_INCLUDE_DIR="$work/prefix/include" \
  -DCMAKE_CXX_FLAGS="$cxx_flags" >/dev/null
cmake --build "$work/plugin" >/dev/null
plugin="$work/plugin/libmy_plugin.so"
[[ -f "$plugin" ]] || fail "the example did not build $plugin"

import_sample
cat >"$work/session.json" <<JSON
{
  "session_name": "plugin", "mode": "backtest",
  "backtest_config": {"start_date": "2013-10-10", "end_date": "2013-10-10", "speed_multiplier": 0},
  "session_data_config": {
    "symbols": ["SPY"], "streams": ["1m", "5m"],
    "historical": {"data": [{"trailing_days": 1, "intervals": ["1m"], "apply_to": "all"}]}
  },
  "scanners": [{"module": "$plugin", "regular_session": [{"start": "09:31"}],
                "config": {"universe": ["IBM", "BAC"], "min_range_pct": 0.32}}],
  "strategies": [{"module": "$plugin", "config": {"quantity": 7}}]
}
JSON
out="$("$tapedeck" validate "$work/session.json")"
expect_contains "$out" "config OK"
"$tapedeck" run "$work/session.json" --quiet --export "$work/export.json"
# Expected from the sample CSVs (awk): the first 1m bar of 2013-10-10 (13:30Z)
# is IBM open 183.17, high 183.25, low 182.70 (range 0.30 % of the open) and
# BAC open 14.03, high 14.07, low 14.02 (0.36 %): only BAC is over 0.32 %, and
# is promoted at 09:31. The first 5m bar (13:30–13:35Z) closes above the first
# open for SPY (167.48 > 167.32) and BAC (14.05 > 14.03): one buy each at
# 13:35Z, BAC first (symbol order); IBM stays light, so "all symbols" skips it.
/usr/bin/python3 - "$work/export.json" <<'PY'
import json, sys
export = json.load(open(sys.argv[1]))
scans = export["scans"]
assert len(scans) == 1, scans
assert scans[0]["scanner"] == "my_plugin" and scans[0]["time"] == "2013-10-10T13:31:00Z", scans
assert scans[0]["selected"] == ["BAC"], scans
signals = export["signals"]
assert [(s["symbol"], s["time"]) for s in signals] == [
    ("BAC", "2013-10-10T13:35:00Z"), ("SPY", "2013-10-10T13:35:00Z")], signals
assert all(s["strategy"] == "my_plugin" and s["quantity"] == 7 and s["side"] == "buy"
           for s in signals), signals
assert export["symbols"]["BAC"]["added_by"] == "scanner", export["symbols"]["BAC"]
assert export["symbols"]["BAC"]["added_by_name"] == "my_plugin"
assert export["symbols"]["IBM"]["meets_requirements"] is False
assert export["participant_errors"] == [], export["participant_errors"]
PY

# Clear errors for modules that cannot be used.
bad_config() {  # bad_config MODULE: the session config with MODULE as its strategy
  sed "s|\"strategies\": \[{\"module\": \"$plugin\"|\"strategies\": [{\"module\": \"$1\"|" \
    "$work/session.json" >"$work/bad.json"
}
set +e
bad_config "$work/missing/libnothing.so"
out="$("$tapedeck" validate "$work/bad.json" 2>&1)"; code=$?
[[ $code -eq 1 ]] || fail "a missing module exited $code"
expect_contains "$out" "strategies[0].module: module $work/missing/libnothing.so: no such file"

printf 'extern "C" int tapedeck_plugin_abi_version() { return 999; }\n' >"$work/old.cpp"
c++ -shared -fPIC $cxx_flags "$work/old.cpp" -o "$work/libold.so"
bad_config "$work/libold.so"
out="$("$tapedeck" validate "$work/bad.json" 2>&1)"
# The version this tapedeck expects, read from the installed header.
abi="$(sed -n 's/^inline constexpr int kAbiVersion = \([0-9]*\);$/\1/p' \
  "$work/prefix/include/tapedeck/strategy_api.hpp")"
[[ -n "$abi" ]] || fail "no kAbiVersion in the installed strategy_api.hpp"
expect_contains "$out" "ABI version 999 does not match this tapedeck's $abi"

printf 'extern "C" int something_else() { return 1; }\n' >"$work/other.cpp"
c++ -shared -fPIC $cxx_flags "$work/other.cpp" -o "$work/libother.so"
bad_config "$work/libother.so"
out="$("$tapedeck" validate "$work/bad.json" 2>&1)"
expect_contains "$out" "missing entry point tapedeck_plugin_abi_version"

bad_config "sma_crossing"
out="$("$tapedeck" validate "$work/bad.json" 2>&1)"
expect_contains "$out" 'strategies[0].module: unknown strategy "sma_crossing" (built-in: sma_cross, opening_range_breakout'
set -e
echo "plugin_example: ok"
