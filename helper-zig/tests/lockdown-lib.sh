# Shared by the lockdown test scripts (sourced, not run). Root only. Every helper run happens in
# a fresh network namespace (unshare -n), so the host's ruleset is never touched; every file the
# tests create lives in directories that the EXIT trap removes.
#
# Which binary is tested:
#   HELPER_BIN   the executable under test; default: the core's zig-out/bin/nftj-helper when it
#                has been built, else the lockdown self-test (which answers hello frames with the
#                same `sandbox` report and startup_failed frames as the helper)
#   SELFTEST_BIN the self-test executable; default zig-out/bin/nftj-lockdown-selftest
# Both are built with `zig build` when missing and not given.

set -euo pipefail

tests_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
helper_dir=$(dirname "$tests_dir")
client="$tests_dir/lockdown-client.py"

[ "$(id -u)" = 0 ] || { echo "$0: run as root (tests use setcap, setpriv and network namespaces)" >&2; exit 2; }

build_helper_zig() {
  (cd "$helper_dir" && python3 -m ziglang build -Doptimize=ReleaseSafe "$@")
}

SELFTEST_BIN=${SELFTEST_BIN:-}
if [ -z "$SELFTEST_BIN" ]; then
  SELFTEST_BIN=$helper_dir/zig-out/bin/nftj-lockdown-selftest
  [ -x "$SELFTEST_BIN" ] || build_helper_zig >&2
fi
if [ -z "${HELPER_BIN:-}" ]; then
  if [ -f "$helper_dir/build.zig" ]; then
    [ -x "$helper_dir/zig-out/bin/nftj-helper" ] || build_helper_zig >&2
    HELPER_BIN=$helper_dir/zig-out/bin/nftj-helper
  else
    HELPER_BIN=$SELFTEST_BIN
  fi
fi
# The self-test has no policy loading; cases that need the core are reported as pending.
helper_is_selftest() { cmp -s "$HELPER_BIN" "$SELFTEST_BIN"; }

cleanup_paths=()
cleanup() {
  local path
  for path in "${cleanup_paths[@]}"; do rm -rf -- "$path"; done
}
trap cleanup EXIT
trap "exit 130" INT TERM HUP

passed=0
failed=0
pending=0
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1"; [ -z "${2:-}" ] || printf '%s\n' "$2" | sed 's/^/      | /'; }
pend() { pending=$((pending + 1)); echo "PEND  $1 (pending: $2)"; }
summary() {
  echo "passed=$passed failed=$failed pending=$pending"
  [ "$failed" = 0 ]
}

# expect NAME OUTPUT LINE... : every LINE must appear as a whole line of OUTPUT.
expect() {
  local name=$1 output=$2 line missing=()
  shift 2
  for line in "$@"; do
    grep -qxF -- "$line" <<<"$output" || missing+=("$line")
  done
  if [ ${#missing[@]} = 0 ]; then pass "$name"; else fail "$name" "missing: ${missing[*]}
$output"; fi
}

sample_policy='{"version": 1,
 "tables": [{"family": "inet", "name": "app"}],
 "operations": ["add", "create", "insert", "replace", "delete", "destroy", "flush", "list", "reset", "rename"],
 "rate": {"perSecond": 50, "burst": 200}}'

# install_tree BINARY [PARENT]: installs BINARY the way a deployment does and sets tree_root to
# the tree's root (not printed: a command substitution would lose the cleanup registration):
# PARENT/nftj-XXXX (0755 root:root) with lib/nftj-helper (0750 root:root) and
# conf/nftj-helper.policy.json (0644 root:root). PARENT defaults to /run (root-owned chain).
install_tree() {
  local binary=$1 parent=${2:-/run} root
  root=$(mktemp -d "$parent/nftj-XXXXXX")
  cleanup_paths+=("$root")
  tree_root=$root
  chmod 0755 "$root"
  install -d -m 0755 -o root -g root "$root/lib" "$root/conf"
  install -m 0750 -o root -g root "$binary" "$root/lib/nftj-helper"
  printf '%s\n' "$sample_policy" >"$root/conf/nftj-helper.policy.json"
  chown root:root "$root/conf/nftj-helper.policy.json"
  chmod 0644 "$root/conf/nftj-helper.policy.json"
}

# A group id that names no group on this machine: it stands for the deployment's dedicated group
# (e.g. `nftj`) whose members may run the 0750 helper, without adding a group to /etc/group.
unused_gid() {
  local gid=64000
  while getent group "$gid" >/dev/null; do gid=$((gid + 1)); done
  echo "$gid"
}
deploy_gid=$(unused_gid)
# Use as: "${unprivileged[@]}" -- sh -c 'exec "$0"' HELPER, so that an unprivileged process does
# the exec (setpriv's own exec still runs with root's capabilities: docs/libnftables.md).
unprivileged=(setpriv --reuid=65534 --regid=65534 "--groups=$deploy_gid")

# make_deployable ROOT: the binary joins the dedicated group and gets the file capability.
make_deployable() {
  chgrp "$deploy_gid" "$1/lib/nftj-helper"
  setcap cap_net_admin+ep "$1/lib/nftj-helper"
}

# run_client CLIENT_FLAGS... -- COMMAND...: the client's key=value output (never fails).
run_client() {
  python3 "$client" "$@" || true
}
