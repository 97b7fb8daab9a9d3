#!/usr/bin/env bash
# Mutation check of the lockdown: builds the helper (and the self-test) with ONE mitigation
# removed at a time (`zig build -Dmutate=<name>`), runs the lockdown tests against each mutant,
# and counts a mutant as caught when at least one of those tests fails. Prints caught/total;
# exits 1 when a mutant survives or the unmutated build does not pass.
#
# Run as root: bash helper-zig/tests/mutation-check.sh [mutant...]
. "$(dirname "$0")/lockdown-lib.sh"

mutants=("$@")
[ ${#mutants[@]} -gt 0 ] || mutants=(seccomp no_new_privs dumpable caps self_check pipes sigpipe rlimits close_fds route_socket_caps)
suites=(startup-matrix.sh lockdown-status.sh lockdown-selftest.sh)
work=$(mktemp -d /tmp/nftj-mutants-XXXXXX)
cleanup_paths+=("$work")

# run_suites PREFIX: runs every suite against PREFIX/bin; prints the failing suites and the
# names of their failing cases.
run_suites() {
  local prefix=$1 suite helper=$1/bin/nftj-lockdown-selftest log
  [ -x "$prefix/bin/nftj-helper" ] && helper=$prefix/bin/nftj-helper
  for suite in "${suites[@]}"; do
    log=$work/$(basename "$prefix")-$suite.log
    if ! HELPER_BIN=$helper SELFTEST_BIN=$prefix/bin/nftj-lockdown-selftest bash "$tests_dir/$suite" >"$log" 2>&1; then
      echo "$suite: $(grep '^FAIL' "$log" | head -3 | sed 's/^FAIL  //' | paste -sd ';' -)"
    fi
  done
}

build_helper_zig --prefix "$work/baseline" >&2
baseline=$(run_suites "$work/baseline")
if [ -n "$baseline" ]; then
  echo "the unmutated build fails its own tests; fix that first:"
  echo "$baseline"
  exit 1
fi
echo "baseline (no mutation): all suites pass"

caught=0
for mutant in "${mutants[@]}"; do
  build_helper_zig -Dmutate="$mutant" --prefix "$work/$mutant" >&2
  if cmp -s "$work/baseline/bin/nftj-lockdown-selftest" "$work/$mutant/bin/nftj-lockdown-selftest"; then
    echo "SURVIVED  $mutant: the mutant binary is identical to the baseline (mutation not compiled in)"
    continue
  fi
  failures=$(run_suites "$work/$mutant")
  if [ -n "$failures" ]; then
    caught=$((caught + 1))
    echo "CAUGHT    $mutant"
    sed 's/^/            /' <<<"$failures"
  else
    echo "SURVIVED  $mutant: every suite passes without this mitigation"
  fi
done
echo "mutation score: $caught/${#mutants[@]} caught"
[ "$caught" = ${#mutants[@]} ]
