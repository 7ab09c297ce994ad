# Shared by the end-to-end scripts: a temporary store with data/sample in it,
# failure messages, and a bounded wait instead of fixed sleeps.
# Sourced after `tapedeck` and `root` are set.
set -euo pipefail
work="$(mktemp -d)"
cleanup_hooks=()
cleanup() {
  for hook in "${cleanup_hooks[@]+"${cleanup_hooks[@]}"}"; do eval "$hook" || true; done
  # A process just killed may still be writing its last file (history) here.
  for _ in $(seq 1 50); do rm -rf "$work" 2>/dev/null && return 0; sleep 0.1; done
  rm -rf "$work"
}
trap cleanup EXIT
export TAPEDECK_DB="$work/store/bars.duckdb"
export TAPEDECK_HISTORY="$work/history"

fail() { echo "FAIL: $*" >&2; exit 1; }
expect_contains() { grep -qF -- "$2" <<<"$1" || fail "expected '$2' in: $1"; }
expect_absent() { ! grep -qF -- "$2" <<<"$1" || fail "did not expect '$2' in: $1"; }

# wait_until DESCRIPTION COMMAND…: runs COMMAND every 0.1 s until it
# succeeds, for at most 30 s.
wait_until() {
  local what="$1"; shift
  for _ in $(seq 1 300); do
    if "$@"; then return 0; fi
    sleep 0.1
  done
  fail "timed out waiting for $what"
}

import_sample() { "$tapedeck" import "$root"/data/sample/*.csv >/dev/null; }
