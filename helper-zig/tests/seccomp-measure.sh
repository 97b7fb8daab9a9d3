#!/usr/bin/env bash
# Re-measures the syscall set the sealed helper needs (development tool, not a pass/fail test):
# builds the helper and self-test with the seccomp step compiled out (-Dmutate=seccomp), runs the
# workload of tests/lockdown-workload.py under `strace -f` in a throwaway network namespace, and
# prints every syscall made after the seal point with its count. Compare with
# src/seccomp_policy.zig; after changing the policy, review and regenerate the golden file
# (tests/seccomp-golden.sh --update).
#
#   bash helper-zig/tests/seccomp-measure.sh [selftest|helper]   (default: helper if built)
. "$(dirname "$0")/lockdown-lib.sh"
command -v strace >/dev/null || { echo "needs strace (apt-get install strace)" >&2; exit 2; }

work=$(mktemp -d /tmp/nftj-measure-XXXXXX)
cleanup_paths+=("$work")
build_helper_zig -Dmutate=seccomp --prefix "$work/unsealed" >&2
mode=${1:-}
[ -n "$mode" ] || { [ -x "$work/unsealed/bin/nftj-helper" ] && mode=helper || mode=selftest; }
case "$mode" in
  helper) binary=$work/unsealed/bin/nftj-helper; arguments=() ;;
  selftest) binary=$work/unsealed/bin/nftj-lockdown-selftest; arguments=(workload) ;;
  *) echo "usage: $0 [selftest|helper]" >&2; exit 2 ;;
esac
install_tree "$binary"
unshare -n -- strace -f -o "$work/trace" python3 "$tests_dir/lockdown-workload.py" "$mode" \
  "$tree_root/lib/nftj-helper" "${arguments[@]}" | tail -1

# The sealed process is the one that set no_new_privs; the seal point is its last seccomp() call
# (libseccomp's probes; with the mutation the filter itself is never loaded).
pid=$(grep -E '^[0-9]+ +prctl\(PR_SET_NO_NEW_PRIVS, 1' "$work/trace" | awk '{print $1}' | head -1)
[ -n "$pid" ] || { echo "no process set no_new_privs: did the start-up fail?" >&2; exit 1; }
seal_line=$(grep -nE "^$pid +seccomp\(" "$work/trace" | tail -1 | cut -d: -f1)
echo "syscalls of pid $pid after the seal point ($mode workload):"
tail -n +"$((seal_line + 1))" "$work/trace" | grep -E "^$pid " \
  | sed -E 's/^[0-9]+ +//; s/^<\.\.\. ([a-z0-9_]+) resumed>.*/\1(/; s/^\+\+\+.*/(exit/' \
  | sed -E 's/\(.*//' | grep -v '^$' | sort | uniq -c | sort -rn
