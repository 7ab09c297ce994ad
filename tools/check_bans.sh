#!/usr/bin/env bash
# Bans that keep runs deterministic: only src/clock reads the system time,
# and nothing sleeps in tests.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
if grep -rnE 'system_clock::now|steady_clock::now|time\(nullptr\)|gettimeofday' src \
    --include='*.cpp' --include='*.hpp' | grep -v '^src/clock/'; then
  echo "check_bans: read the time through clock::Clock, not the system clock (above)"
  status=1
fi
if grep -rnE 'sleep_for|sleep_until|usleep\(|[^_]sleep\(' src tests --include='*_test.cpp' 2>/dev/null; then
  echo "check_bans: tests must not sleep: drive a SimulatedClock (above)"
  status=1
fi
[[ $status -eq 0 ]] && echo "check_bans: ok"
exit $status
