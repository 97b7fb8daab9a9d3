#!/usr/bin/env bash
# A running, sealed helper as the kernel sees it (/proc/PID/status, limits, fd, owner), and its
# hello `sandbox` report compared with that: as root and as the unprivileged deployment.
#
# Run as root: bash helper-zig/tests/lockdown-status.sh. Each helper runs in a fresh network
# namespace; everything created is removed on exit.
. "$(dirname "$0")/lockdown-lib.sh"

echo "helper under test: $HELPER_BIN"
install_tree "$HELPER_BIN"
root=$tree_root
helper=$root/lib/nftj-helper

kernel_view=(proc.status.Seccomp=2 proc.status.NoNewPrivs=1 proc.status.CapEff=0000000000001000
  proc.status.CapPrm=0000000000001000 proc.status.CapInh=0000000000000000 proc.status.CapAmb=0000000000000000
  "proc.limits.core=0 0" "proc.limits.fsize=0 0" "proc.limits.nproc=0 0" "proc.limits.nofile=16 16")

# The hello report must say what /proc says, field by field.
report_matches_proc() {
  local output=$1 field proc report ok=1
  for field in Seccomp:seccomp CapEff:capEffective CapPrm:capPermitted CapInh:capInheritable CapAmb:capAmbient; do
    proc=$(grep "^proc.status.${field%%:*}=" <<<"$output" | cut -d= -f2)
    report=$(grep "^frame.result.sandbox.${field##*:}=" <<<"$output" | cut -d= -f2)
    [ -n "$proc" ] && [ "$proc" = "$report" ] || ok=0
  done
  proc=$(grep '^proc.status.NoNewPrivs=' <<<"$output" | cut -d= -f2)
  report=$(grep '^frame.result.sandbox.noNewPrivs=' <<<"$output" | cut -d= -f2)
  { [ "$proc" = 1 ] && [ "$report" = true ]; } || { [ "$proc" = 0 ] && [ "$report" = false ]; } || ok=0
  proc=$(grep '^proc.status.CapBnd=' <<<"$output" | cut -d= -f2)
  report=$(grep '^frame.result.sandbox.boundingDropped=' <<<"$output" | cut -d= -f2)
  { [ "$proc" = 0000000000001000 ] && [ "$report" = true ]; } || { [ "$proc" != 0000000000001000 ] && [ "$report" = false ]; } || ok=0
  proc=$(grep '^proc.status.Uid=' <<<"$output" | cut -d= -f2 | cut -d' ' -f1)
  report=$(grep '^frame.result.sandbox.uid=' <<<"$output" | cut -d= -f2)
  [ "$proc" = "$report" ] || ok=0
  [ "$ok" = 1 ]
}

# Descriptors of the sealed helper: 0-2, its /proc/self/status, netlink sockets; nothing
# inherited (the client passes an extra open pipe as fd 7).
only_own_descriptors() {
  local output=$1 line
  while IFS= read -r line; do
    case "$line" in
      proc.fd.[012]=*) ;;
      proc.fd.*=/proc/PID/status) ;;
      proc.fd.*=socket:\[*\]) ;;
      proc.fd.*) return 1 ;;
    esac
  done <<<"$output"
  grep -q '^proc.fd.0=' <<<"$output"
}

check_run() {
  local who=$1 output=$2
  shift 2
  expect "$who: /proc/PID/status and limits locked" "$output" "${kernel_view[@]}" "$@" exit=0
  report_matches_proc "$output" && pass "$who: hello sandbox report matches /proc" \
    || fail "$who: hello sandbox report matches /proc" "$output"
  only_own_descriptors "$output" && pass "$who: inherited descriptor closed, only own descriptors open" \
    || fail "$who: inherited descriptor closed, only own descriptors open" "$(grep '^proc.fd' <<<"$output")"
  grep -qx 'frame.result.sandbox.dumpable=false' <<<"$output" && pass "$who: prctl reports not dumpable" \
    || fail "$who: prctl reports not dumpable" "$output"
  # SIGPIPE (13) is bit 12 of SigIgn: a vanished reader means EPIPE, not a silent death.
  local ignored
  ignored=$(grep '^proc.status.SigIgn=' <<<"$output" | cut -d= -f2)
  [ -n "$ignored" ] && (( (16#$ignored >> 12) & 1 )) && pass "$who: SIGPIPE ignored (SigIgn $ignored)" \
    || fail "$who: SIGPIPE ignored" "SigIgn=$ignored"
}

output=$(run_client --inspect --extra-fd -- unshare -n -- "$helper")
check_run root "$output" proc.status.CapBnd=0000000000001000 "proc.status.Uid=0 0 0 0"

make_deployable "$root"
output=$(run_client --inspect --extra-fd -- unshare -n -- "${unprivileged[@]}" -- sh -c 'exec "$0"' "$helper")
check_run unprivileged "$output" "proc.status.Uid=65534 65534 65534 65534"
# A process that is not dumpable has its /proc/PID/* files owned by root: the kernel's own view,
# next to the helper's prctl report. (For a root helper the owner is root either way.)
expect "unprivileged: /proc/PID/status owned by root (not dumpable, by the kernel's account)" "$output" proc.owner=0

summary
