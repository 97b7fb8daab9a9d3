#!/usr/bin/env bash
# Every lockdown test except the (slow) mutation check, for the README/CI test command.
# Run as root from anywhere: bash helper-zig/tests/lockdown-all.sh
set -uo pipefail
tests_dir=$(cd "$(dirname "$0")" && pwd)
helper_dir=$(dirname "$tests_dir")
status=0
(cd "$helper_dir" && python3 -m ziglang build -Doptimize=ReleaseSafe install test-lockdown) || status=1
for suite in seccomp-golden.sh startup-matrix.sh lockdown-status.sh lockdown-selftest.sh; do
  echo "== $suite"
  bash "$tests_dir/$suite" || status=1
done
exit "$status"
