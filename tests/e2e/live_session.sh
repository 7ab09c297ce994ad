#!/usr/bin/env bash
# `tapedeck live` and the shell's `system start` in live mode against a real
# `tapedeck feed-server` over localhost, on the sample day 2013-10-10: the
# live run ends with the day's bars and records them to the store without
# changing a stored bar; `run` refuses a live config; the shell's
# `system status` shows the feed. Waits are bounded polls, never fixed sleeps.
# Usage: live_session.sh PATH/TO/tapedeck
tapedeck="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/tests/e2e/e2e_lib.sh"
import_sample

# start_server SPEED: a feed server on a free port; sets $port.
start_server() {
  local log="$work/server-$1.log"
  # Each server reads its own copy: a DuckDB file has one process.
  cp "$work/server.duckdb" "$work/server-$1.duckdb"
  "$tapedeck" --db "$work/server-$1.duckdb" feed-server --date 2013-10-10 --speed "$1" --port 0 \
    >"$log" 2>&1 &
  local pid=$!
  cleanup_hooks+=("kill $pid 2>/dev/null")
  wait_until "the feed server to listen" grep -q "stream ws://" "$log"
  port="$(sed -n 's|.*stream ws://127.0.0.1:\([0-9]*\)/.*|\1|p' "$log")"
  [[ -n "$port" ]] || fail "no port in: $(cat "$log")"
}
# write_config FILE: a live config for the sample day against $port.
write_config() {
  cat >"$1" <<JSON
{
  "session_name": "live-e2e",
  "mode": "live",
  "live_config": {"date": "2013-10-10", "stream_url": "ws://127.0.0.1:$port/v2/iex",
                  "rest_url": "http://127.0.0.1:$port", "record_bars": true},
  "session_data_config": {
    "symbols": ["SPY", "BAC"],
    "streams": ["1m", "5m"],
    "historical": {"data": [{"trailing_days": 1, "intervals": ["1m"], "apply_to": "all"}]},
    "indicators": {"session": [{"name": "sma", "period": 20, "interval": "5m", "type": "trend", "params": {}}]}
  }
}
JSON
}
cp "$TAPEDECK_DB" "$work/server.duckdb"

# 1. `tapedeck live` over a whole day at 20000×.
start_server 20000
write_config "$work/live.json"
out="$("$tapedeck" live "$work/live.json" --export "$work/live-export.json" 2>&1)" ||
  fail "tapedeck live failed: $out"
expect_contains "$out" "live live-e2e: 2013-10-10, 2 symbols"
expect_contains "$out" "1 session, 2 symbols, 780 base bars"
expect_contains "$out" "0 differ: kept"
expect_contains "$(cat "$work/live-export.json")" '"feed"'
# The store still holds exactly what the import wrote.
before="$("$tapedeck" data list 2>&1)"

# 2. `run` refuses a live config and names the right command.
out="$("$tapedeck" run "$work/live.json" 2>&1)" && fail "run accepted a live config"
expect_contains "$out" "is a live config: use tapedeck live"

# 3. The shell, live, in a real terminal: system status shows the feed.
command -v tmux >/dev/null || fail "tmux is not installed: run bash scripts/setup (it installs tmux)"
start_server 300
write_config "$work/live-shell.json"
sock="tapedeck-live-$$"
cleanup_hooks+=("tmux -L $sock kill-server 2>/dev/null")
tmux -L "$sock" -f /dev/null new-session -d -s shell -x 120 -y 40 \
  "TAPEDECK_DB='$TAPEDECK_DB' TAPEDECK_HISTORY='$TAPEDECK_HISTORY' '$tapedeck' shell '$work/live-shell.json'; read -r _"
screen() { tmux -L "$sock" capture-pane -p -t shell; }
on_screen() { screen | grep -qF -- "$1"; }
wait_screen() { wait_until "'$1' on the screen; it shows:
$(screen)" on_screen "$1"; }
wait_screen "tapedeck>"
tmux -L "$sock" send-keys -t shell "system start" Enter
wait_screen "started live-e2e live: 2013-10-10, 2 symbols"
status_shows_feed() {
  tmux -L "$sock" send-keys -t shell "system status" Enter
  screen | grep -qF "feed     connected;" && screen | grep -qF "horizon 2013-10-10"
}
wait_until "system status to show a connected feed" status_shows_feed
tmux -L "$sock" send-keys -t shell "system stop" Enter
wait_screen "stopped"
wait_screen "live bars recorded:"
tmux -L "$sock" send-keys -t shell C-d
# The shell lets go of the store when it leaves.
store_free() { after="$("$tapedeck" data list 2>&1)"; }
wait_until "the shell to leave the store" store_free
[[ "$before" == "$after" ]] || fail "the store changed: before
$before
after
$after"
echo "live_session: ok"
