#!/usr/bin/env bash
# The compiled seccomp filter, in libseccomp's readable PFC form, must equal the checked-in
# helper-zig/seccomp.golden.pfc: every change of policy shows up in review as a diff of that file.
# Also checks the constants hand-mirrored in src/c_lockdown.zig against the real C headers. (The
# source rules of every shipped file, no C import and no argv or environment among them, are
# tests/tidy.zig's, in `zig build test`.)
#
#   bash helper-zig/tests/seccomp-golden.sh            compare (exit 1 on any difference)
#   bash helper-zig/tests/seccomp-golden.sh --update   regenerate seccomp.golden.pfc
#
# The export runs in the self-test executable (`export-pfc`), never in the sealed helper.
. "$(dirname "$0")/lockdown-lib.sh"

golden=$helper_dir/seccomp.golden.pfc
work=$(mktemp -d /tmp/nftj-golden-XXXXXX)
cleanup_paths+=("$work")

"$SELFTEST_BIN" export-pfc >"$work/current.pfc"
if [ "${1:-}" = --update ]; then
  cp "$work/current.pfc" "$golden"
  echo "updated $golden"
  exit 0
fi

if diff -u "$golden" "$work/current.pfc" >"$work/diff"; then
  pass "compiled filter equals seccomp.golden.pfc ($(grep -c 'filter for syscall' "$golden") syscall entries)"
else
  fail "compiled filter equals seccomp.golden.pfc (regenerate with --update after review)" "$(cat "$work/diff")"
fi
grep -q '^ *# default action$' "$golden" && grep -A1 '^ *# default action$' "$golden" | grep -q 'action KILL_PROCESS;' \
  && pass "golden: default action KILL_PROCESS" || fail "golden: default action KILL_PROCESS"
grep -q '^# invalid architecture action$' "$golden" && grep -A1 '^# invalid architecture action$' "$golden" | grep -q 'action KILL_PROCESS;' \
  && pass "golden: other architectures KILL_PROCESS" || fail "golden: other architectures KILL_PROCESS"

# The C side of every constant c_lockdown.zig mirrors, from the installed headers.
cat >"$work/constants.c" <<'C'
#include <errno.h>
#include <linux/capability.h>
#include <linux/landlock.h>
#include <linux/magic.h>
#include <netdb.h>
#include <linux/netlink.h>
#include <nftables/libnftables.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
int main(void) {
  printf("PR_CAP_AMBIENT=%d\nPR_CAP_AMBIENT_CLEAR_ALL=%d\n", PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL);
  printf("LINUX_CAPABILITY_VERSION_3=%u\nLINUX_CAPABILITY_U32S_3=%d\n", _LINUX_CAPABILITY_VERSION_3, _LINUX_CAPABILITY_U32S_3);
  printf("AF_NETLINK=%d\nAF_INET=%d\nSOCK_RAW=%d\nSOCK_STREAM=%d\n", AF_NETLINK, AF_INET, SOCK_RAW, SOCK_STREAM);
  printf("NETLINK_ROUTE=%d\nNETLINK_NETFILTER=%d\nPROT_EXEC=%d\nEACCES=%d\n", NETLINK_ROUTE, NETLINK_NETFILTER, PROT_EXEC, EACCES);
  printf("SCMP_CMP_NE=%d\nSCMP_CMP_EQ=%d\nSCMP_CMP_MASKED_EQ=%d\n", SCMP_CMP_NE, SCMP_CMP_EQ, SCMP_CMP_MASKED_EQ);
  printf("SCMP_FLTATR_ACT_BADARCH=%d\nSCMP_FLTATR_CTL_NNP=%d\n", SCMP_FLTATR_ACT_BADARCH, SCMP_FLTATR_CTL_NNP);
  printf("SCMP_ACT_KILL_PROCESS=%u\nSCMP_ACT_LOG=%u\nSCMP_ACT_ALLOW=%u\n", SCMP_ACT_KILL_PROCESS, SCMP_ACT_LOG, SCMP_ACT_ALLOW);
  printf("SCMP_ACT_ERRNO_EACCES=%u\nsizeof_scmp_arg_cmp=%zu\n", SCMP_ACT_ERRNO(EACCES), sizeof(struct scmp_arg_cmp));
  printf("NFT_CTX_OUTPUT_JSON=%d\nNFT_CTX_OUTPUT_ECHO=%d\n", NFT_CTX_OUTPUT_JSON, NFT_CTX_OUTPUT_ECHO);
  printf("LANDLOCK_CREATE_RULESET_VERSION=%d\nLANDLOCK_RULE_PATH_BENEATH=%d\n", LANDLOCK_CREATE_RULESET_VERSION, LANDLOCK_RULE_PATH_BENEATH);
  printf("LANDLOCK_ACCESS_FS_WRITE_FILE=%llu\nLANDLOCK_ACCESS_FS_READ_FILE=%llu\n", (unsigned long long)LANDLOCK_ACCESS_FS_WRITE_FILE, (unsigned long long)LANDLOCK_ACCESS_FS_READ_FILE);
  printf("sizeof_landlock_path_beneath_attr=%zu\nPROC_SUPER_MAGIC=%d\n", sizeof(struct landlock_path_beneath_attr), PROC_SUPER_MAGIC);
  printf("SOCK_CLOEXEC=%d\nSOCK_NONBLOCK=%d\nsizeof_protoent=%zu\nMADV_DONTNEED=%d\n", SOCK_CLOEXEC, SOCK_NONBLOCK, sizeof(struct protoent), MADV_DONTNEED);
  return 0;
}
C
if python3 -m ziglang cc -o "$work/constants" "$work/constants.c" 2>"$work/cc.err"; then
  if diff -u <("$work/constants") <("$SELFTEST_BIN" constants) >"$work/constants.diff"; then
    pass "c_lockdown.zig constants equal the C headers ($(wc -l <"$work/constants.c" | tr -d ' ') lines of C, $("$SELFTEST_BIN" constants | wc -l) constants)"
  else
    fail "c_lockdown.zig constants equal the C headers" "$(cat "$work/constants.diff")"
  fi
else
  fail "compile the constants check" "$(cat "$work/cc.err")"
fi

summary
