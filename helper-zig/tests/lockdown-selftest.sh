#!/usr/bin/env bash
# The sealed lockdown, call by call: the self-test executable (built from the same lockdown code
# as the helper) seals itself exactly as the helper does, then attempts ONE call chosen by argv.
# Forbidden calls must end it with SIGSYS (exit status 159); file probes must answer EACCES; the
# calls libnftables needs must still work, including a whole libnftables workload.
#
# Run as root: bash helper-zig/tests/lockdown-selftest.sh. Each run is in a fresh network
# namespace; everything created is removed on exit.
. "$(dirname "$0")/lockdown-lib.sh"

echo "self-test under test: $SELFTEST_BIN"
install_tree "$SELFTEST_BIN"
root=$tree_root
selftest=$root/lib/nftj-helper

# try [PREFIX...] :: CALL: prints "<exit status> <stdout>".
try() {
  local prefix=() status=0 output
  while [ "$1" != :: ]; do prefix+=("$1"); shift; done
  output=$(: | unshare -n -- "${prefix[@]}" "$selftest" try "$2" 2>/dev/null) || status=$?
  echo "$status $output"
}

sigsys=159
allowed=(
  "write-stdout 0 result=ok"
  "netlink-netfilter 0 result=ok"          # socket(AF_NETLINK, SOCK_RAW, NETLINK_NETFILTER)
  "nft-list 0 result=ok"                   # a libnftables command through the sealed filter
  "route-dump 0 result=ok"                 # the route socket opened before sealing: dumps work,
  "route-write 0 result=errno:PERM"        # changes are refused (opened without CAP_NET_ADMIN)
  "mmap-rw 0 result=ok"
  "madvise-dontneed 0 result=ok"           # the memory release after a large request
  "open-read 0 result=errno:ACCES"         # file probes fail softly
  "open-write 0 result=errno:ACCES"
  "stat 0 result=errno:ACCES"
)
forbidden=(
  execve fork clone clone3 ptrace kill setuid unshare
  socket-inet netlink-route netlink-netfilter-dgram setsockopt-ip ioctl
  mmap-exec mprotect-exec madvise-other memfd io-uring bpf prctl-dumpable
  write-fd3 read-fd1                       # descriptors: only 0 is read, only 1 and 2 written
  sendmsg-stdout sendmsg-fd-high-bits      # socket calls only on 3..15, compared on all 64 bits
  x32-write i386-write                     # write(1, "", 0) through the x32 and i386 ABIs
  tgkill-other tgkill-self-kill            # tgkill: only its own process, only the fatal signals
)

for entry in "${allowed[@]}"; do
  read -r call want_status want_output <<<"$entry"
  got=$(try :: "$call")
  [ "$got" = "$want_status $want_output" ] && pass "allowed   $call -> $want_output" \
    || fail "allowed   $call -> $want_output" "got: $got"
done
[ ! -e /tmp/nftj-selftest-never ] && pass "open-write created no file" || { fail "open-write created no file"; rm -f /tmp/nftj-selftest-never; }

for call in "${forbidden[@]}"; do
  got=$(try :: "$call")
  [ "$got" = "$sigsys " ] && pass "forbidden $call -> SIGSYS (159)" || fail "forbidden $call -> SIGSYS (159)" "got: $got"
done

# The same filter in the unprivileged deployment (file capability, dedicated group).
make_deployable "$root"
for entry in "execve $sigsys" "socket-inet $sigsys" "nft-list 0 result=ok" "open-read 0 result=errno:ACCES"; do
  read -r call want_status want_output <<<"$entry"
  got=$(try "${unprivileged[@]}" -- sh -c 'exec "$0" "$@"' :: "$call")
  [ "$got" = "$want_status $want_output" ] && pass "unprivileged: $call -> $want_status $want_output" \
    || fail "unprivileged: $call -> $want_status $want_output" "got: $got"
done

# The crash path (src/crash.zig): a crash of libnftables ends the sealed process by its own signal,
# named on stderr, never by SIGSYS; so does a panic of the helper's own code (SIGABRT).
# crash_case CASE: prints "<exit status>" and then stdout and stderr (one pipe, as the JVM's).
crash_case() {
  local output
  output=$(: | unshare -n -- "$selftest" crash "$1" 2>&1 | cat; echo "status=${PIPESTATUS[1]}")
  printf '%s\n%s\n' "$(sed -n 's/^status=//p' <<<"$output")" "$output"
}
# mitigates: M-49
for entry in "libnftables-segv 139 fatal signal 11 (SIGSEGV) in libnftables" \
             "libnftables-abort 134 fatal signal 6 (SIGABRT) in libnftables" \
             "panic 134 fatal signal 6 (SIGABRT) in the helper"; do
  read -r case want_status want_note <<<"$entry"
  got=$(crash_case "$case")
  if [ "$(head -n1 <<<"$got")" = "$want_status" ] && grep -qF "nftj-helper: $want_note" <<<"$got"; then
    pass "crash $case -> exit $want_status, stderr names it"
  else
    fail "crash $case -> exit $want_status, stderr names it" "got: $got"
  fi
done

# The whole measured libnftables workload still runs under the filter (tables, chains, interval
# sets, 20 000 elements, rules, list, echo, check, failing batches).
if workload=$(unshare -n -- python3 "$tests_dir/lockdown-workload.py" selftest "$selftest" workload 2>&1); then
  pass "libnftables workload under the sealed filter"
else
  fail "libnftables workload under the sealed filter" "$(tail -5 <<<"$workload")"
fi

# And the helper itself, when the core's helper is built: the same workload through the real
# request loop under the real filter, as root and as the unprivileged deployment.
if helper_is_selftest; then
  pend "helper workload under the sealed filter" "needs the core's helper"
else
  install_tree "$HELPER_BIN"
  helper=$tree_root/lib/nftj-helper
  if workload=$(unshare -n -- python3 "$tests_dir/lockdown-workload.py" helper "$helper" 2>&1); then
    pass "helper workload under the sealed filter (root)"
  else
    fail "helper workload under the sealed filter (root)" "$(tail -5 <<<"$workload")"
  fi
  make_deployable "$tree_root"
  if workload=$(unshare -n -- python3 "$tests_dir/lockdown-workload.py" helper "${unprivileged[@]}" -- sh -c 'exec "$0"' "$helper" 2>&1); then
    pass "helper workload under the sealed filter (unprivileged deployment)"
  else
    fail "helper workload under the sealed filter (unprivileged deployment)" "$(tail -5 <<<"$workload")"
  fi
fi

summary
