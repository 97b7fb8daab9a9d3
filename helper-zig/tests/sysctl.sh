#!/usr/bin/env bash
# Black-box test of the sysctl ops (sysctl_get, sysctl_set), root only. Every helper runs in a named, throwaway
# network namespace; the host's values of every known parameter are compared before and after.
# Prints PASS/FAIL lines and a final "N passed, N failed" line; exit 1 on any failure.
#
#   bash helper-zig/tests/sysctl.sh        (builds zig-out/bin/* when missing)
. "$(dirname "$0")/lockdown-lib.sh"

sysctl_selftest=$helper_dir/zig-out/bin/nftj-sysctl-selftest
[ -x "$sysctl_selftest" ] || build_helper_zig >&2

# The policy: every known parameter (interface-scoped ones for any interface), except
# net.ipv4.tcp_ecn (to show a known parameter outside the policy) and log_martians, allowed for
# interface sx0 only.
sample_policy='{"version": 1,
 "tables": [{"family": "inet", "name": "app"}],
 "operations": ["add", "list"],
 "rate": {"perSecond": 1000, "burst": 1000},
 "sysctl": ["net.ipv4.ip_forward", "net.ipv4.conf.*.forwarding", "net.ipv4.conf.*.rp_filter",
   "net.ipv4.conf.*.accept_redirects", "net.ipv4.conf.*.secure_redirects", "net.ipv4.conf.*.send_redirects",
   "net.ipv4.conf.*.accept_source_route", "net.ipv4.conf.sx0.log_martians", "net.ipv4.conf.*.arp_filter",
   "net.ipv4.tcp_syncookies", "net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_timestamps", "net.ipv4.tcp_rfc1337",
   "net.ipv4.icmp_echo_ignore_all", "net.ipv4.icmp_echo_ignore_broadcasts",
   "net.ipv4.icmp_ignore_bogus_error_responses", "net.ipv4.ip_local_port_range",
   "net.ipv6.conf.*.forwarding", "net.ipv6.conf.*.accept_ra", "net.ipv6.conf.*.accept_redirects",
   "net.ipv6.conf.*.disable_ipv6", "net.core.somaxconn", "net.netfilter.nf_conntrack_max",
   "net.netfilter.nf_conntrack_tcp_loose", "net.netfilter.nf_conntrack_acct",
   "net.netfilter.nf_conntrack_tcp_timeout_established"]}'

install_tree "$HELPER_BIN"
root_tree=$tree_root
install -m 0750 -o root -g root "$sysctl_selftest" "$root_tree/lib/nftj-sysctl-selftest"
install_tree "$HELPER_BIN"
nobody_tree=$tree_root
make_deployable "$nobody_tree"

netns=nftj-sysctl-$$
ip netns add "$netns"
netns2=nftj-sysctl-$$-b
ip netns add "$netns2"
cleanup_netns() { ip netns del "$netns" 2>/dev/null || true; ip netns del "$netns2" 2>/dev/null || true; cleanup; }
trap cleanup_netns EXIT
# Interfaces of the test namespaces (veth pairs: the dummy and vlan modules may be absent): sx0,
# and sx0.7, whose name contains a dot as VLAN names do.
ip -n "$netns" link add sx0 type veth peer name sx0.7
ip -n "$netns2" link add sx0 type veth peer name sx1

# Forbidden accesses of a sealed process (the helper's own start-up sequence, then one call).
selftest_case() { # NAME CASE EXPECTED [no-landlock]
  local output status=0
  output=$(: | ip netns exec "$netns" "$root_tree/lib/nftj-sysctl-selftest" try "$2" ${4:-} 2>&1 | cat; exit "${PIPESTATUS[1]}") || status=$?
  if [ "$3" = killed ]; then
    [ "$status" = 159 ] && pass "$1 (killed by SIGSYS)" || fail "$1 (expected SIGSYS, status $status)" "$output"
  else
    [ "$output" = "result=$3" ] && pass "$1 ($3)" || fail "$1 (expected $3)" "status $status: $output"
  fi
}
selftest_case "sealed: openat(sysctl dir, read flags) allowed" dirfd-read ok
selftest_case "sealed: openat(sysctl dir, write flags) allowed" dirfd-write ok
selftest_case "sealed: openat(sysctl dir, O_RDWR) kills" dirfd-rdwr killed
selftest_case "sealed: openat(AT_FDCWD, /proc/sys/net/...) refused by seccomp" cwd-write errno:ACCES
selftest_case "sealed: openat(another directory fd) refused by seccomp" other-dirfd errno:ACCES
selftest_case "sealed: openat(sysctl dir, ../kernel/domainname) refused by Landlock" dotdot-kernel errno:ACCES
selftest_case "sealed: openat(sysctl dir, ../../self/comm) refused by Landlock" dotdot-proc errno:ACCES
# Mutation: without the Landlock step the same escapes succeed, so the two cases above can fail.
selftest_case "mutation: without Landlock ../kernel/domainname opens" dotdot-kernel ok no-landlock
selftest_case "mutation: without Landlock ../../self/comm opens" dotdot-proc ok no-landlock

counts=$(mktemp /tmp/nftj-sysctl-counts-XXXXXX)
cleanup_paths+=("$counts")
python3 "$tests_dir/sysctl_blackbox.py" "$counts" "$netns" "$netns2" "$root_tree/lib/nftj-helper" \
  "$nobody_tree/lib/nftj-helper" "$deploy_gid" || true
read -r py_passed py_failed <"$counts" || true
passed=$((passed + ${py_passed:-0}))
failed=$((failed + ${py_failed:-1}))
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
