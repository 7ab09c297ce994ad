#!/usr/bin/env bash
# Drives the interactive shell in a real terminal (tmux, 120×40): Tab
# completion of commands, symbols and intervals, history (the up arrow, and
# history kept for the next run), Ctrl-C at the prompt and during a command
# keeps the shell alive, Ctrl-D leaves; then `run`'s progress bar and Ctrl-C on
# a terminal. Polls the screen with a bounded wait.
# Usage: shell_interactive.sh PATH/TO/tapedeck
tapedeck="$1"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/tests/e2e/e2e_lib.sh"
command -v tmux >/dev/null || fail "tmux is not installed: run bash scripts/setup (it installs tmux)"
import_sample
# One tmux server per shell run: a server being killed never meets the next one.
run=0
socket() { echo "tapedeck-e2e-$$-$run"; }
tmux_() { tmux -L "$(socket)" -f /dev/null "$@"; }
cleanup_hooks+=("tmux -L tapedeck-e2e-$$-1 kill-server 2>/dev/null"
                "tmux -L tapedeck-e2e-$$-2 kill-server 2>/dev/null"
                "tmux -L tapedeck-e2e-$$-3 kill-server 2>/dev/null")

screen() { tmux_ capture-pane -p -t shell; }
# The screen's last non-empty line.
last_line() { screen | sed '/^$/d' | tail -n 1; }
on_screen() { screen | grep -qF -- "$1"; }
last_line_is() { [[ "$(last_line)" == "$1" ]]; }
wait_screen() { wait_until "'$1' on the screen; it shows:
$(screen)" on_screen "$1"; }
wait_last_line() { wait_until "the last line '$1'; it shows:
$(screen)" last_line_is "$1"; }
keys() { tmux_ send-keys -t shell "$@"; }

# start_in_terminal ARGS…: runs tapedeck ARGS in a fresh 120×40 terminal.
start_in_terminal() {
  [[ $run -eq 0 ]] || tmux_ kill-server 2>/dev/null || true
  run=$((run + 1))
  tmux_ new-session -d -s shell -x 120 -y 40 \
    "cd '$root' && TAPEDECK_DB='$TAPEDECK_DB' TAPEDECK_HISTORY='$TAPEDECK_HISTORY' '$tapedeck' $*; echo \"EXITED \$?\"; read -r _"
}
start_shell() {
  start_in_terminal shell configs/demo.json
  wait_last_line "tapedeck>"
}

start_shell
# Tab completes a command and a sub-command; the error keeps the shell going.
keys "sym" Tab
wait_last_line "tapedeck> symbol"
keys "l" Tab
wait_last_line "tapedeck> symbol list"
keys Enter
wait_screen "error: no session: start one with system start CONFIG"
wait_last_line "tapedeck>"

keys "system start --paused" Enter
wait_screen "paused at 2013-10-08 09:30:00 EDT"
# Symbols: from the session (BAC, SPY) and from the store (IBM).
keys "data session S" Tab
wait_last_line "tapedeck> data session SPY"
keys Enter
wait_screen "SPY  added by config at 2013-10-08 09:30:00 EDT"
keys "symbol add IB" Tab
wait_last_line "tapedeck> symbol add IBM"
tmux_ send-keys -t shell -l -- "--intervals 1m,5"
keys Tab
wait_last_line "tapedeck> symbol add IBM --intervals 1m,5m"
keys Enter
wait_screen "added IBM at 2013-10-08 09:30:00 EDT"

# The up arrow recalls the previous command.
keys Up
wait_last_line "tapedeck> symbol add IBM --intervals 1m,5m"
# Ctrl-C at the prompt clears the line and the shell stays.
keys C-c
wait_last_line "tapedeck>"
on_screen "^C" || fail "no ^C after Ctrl-C at the prompt: $(screen)"
# Ctrl-C during a command that waits interrupts the command only.
keys "system wait" Enter
wait_screen "tapedeck> system wait"
keys C-c
wait_screen "error: interrupted: the session goes on"
keys "time now" Enter
wait_screen "2013-10-08 09:30:00 EDT (session 2013-10-08, regular hours 09:30–16:00 EDT)"
# Ctrl-C during a long import stops it; nothing is written.
awk 'BEGIN { print "timestamp,open,high,low,close,volume";
             for (i = 0; i < 1500000; i++) printf "%d,10,11,9,10.5,100\n", 1381152600 + 60 * i }' \
  >"$work/BIG_1m.csv"
keys "data import $work/BIG_1m.csv" Enter
wait_screen "reading 1 file (Ctrl-C stops"
keys C-c
wait_screen "interrupted: the import stopped and wrote nothing"
wait_last_line "tapedeck>"
# Ctrl-D leaves (stopping the session).
keys C-d
wait_screen "EXITED 0"

# History persists into the next run.
[[ -s "$TAPEDECK_HISTORY" ]] || fail "no history file at $TAPEDECK_HISTORY"
start_shell
keys Up
wait_last_line "tapedeck> data import $work/BIG_1m.csv"
keys Up
wait_last_line "tapedeck> time now"
keys C-c "exit" Enter
wait_screen "EXITED 0"
"$tapedeck" data list | grep -q '^BIG ' && fail "the interrupted import wrote bars of BIG"

# `run` on a terminal: a progress bar redrawn in place; Ctrl-C stops it
# cleanly, with the summary and the export, and exit code 130.
start_in_terminal run configs/demo.json --speed 60 --export "$work/terminal.json"
wait_screen "bars/s  ETA"
on_screen "2013-10-08 09:" || fail "the bar shows no simulated time: $(screen)"
keys C-c
wait_screen "EXITED 130"
tmux_ capture-pane -p -S -200 -t shell | grep -q "stopped at 2013-10-08 09:" ||
  fail "no 'stopped at' after Ctrl-C: $(tmux_ capture-pane -p -S -200 -t shell)"
[[ -s "$work/terminal.json" ]] || fail "no export after Ctrl-C on a terminal"
echo "shell_interactive: ok"
