#!/usr/bin/env bash
# Traceability check of the threat model, run by scripts/test.
#   1. the checker's own tests (threat-model/tests/test_trace.py: fixture tables with a missing
#      test, disabled tests, tests never run, an unknown mitigation id, ...);
#   2. the checker against this repository (threat-model/tools/trace.py).
# Prints both parts' results, then one final line "N passed, N failed"; exit 1 on any failure.
# Options are passed to trace.py (e.g. --quiet).
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
passed=0; failed=0; status=0
run() { # label command...
  local log; log=$(mktemp)
  "$@" >"$log" 2>&1 || status=1
  cat "$log"
  local line; line=$(grep -E '^[0-9]+ passed, [0-9]+ failed$' "$log" | tail -n 1)
  if [ -z "$line" ]; then failed=$((failed + 1)); echo "FAIL $1 printed no result line"; status=1
  else passed=$((passed + ${line%% *})); line=${line#* passed, }; failed=$((failed + ${line%% *})); fi
  rm -f "$log"
}
echo "== the checker's own tests"
run python3 "$here/tests/test_trace.py"
echo "== traceability of threat-model/ against the source tree"
run python3 "$here/tools/trace.py" "$@"
echo "$passed passed, $failed failed"
[ "$status" = 0 ] && [ "$failed" = 0 ]
