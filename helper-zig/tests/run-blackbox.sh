#!/bin/bash
# Black-box tests of nftj-helper, installed the way a deployment installs it, run inside a
# throwaway network namespace. Never touches the host's ruleset (checked before and after).
#   usage: tests/run-blackbox.sh        (builds first unless NFTJ_SKIP_BUILD=1)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
vectors=$(cd "$root/../test-vectors/requests" && pwd)

if [ "$(id -u)" != 0 ]; then echo "run-blackbox: needs root (network namespaces, root-owned install)" >&2; exit 1; fi
command -v strace >/dev/null || { echo "run-blackbox: strace is required (apt-get install -y strace)" >&2; exit 1; }

if [ "${NFTJ_SKIP_BUILD:-0}" != 1 ]; then (cd "$root" && python3 -m ziglang build); fi

install_dir=$(mktemp -d /run/nftj-XXXXXX)
unsafe_dir=$(mktemp -d /run/nftj-unsafe-XXXXXX)
netns="nftj-bb-$$"
host_before=$(nft list ruleset | sha256sum)
cleanup() {
    ip netns del "$netns" 2>/dev/null || true
    rm -rf "$install_dir" "$unsafe_dir"
}
trap cleanup EXIT

# Safe chain: / → /run (root 0755) → install_dir (0755) → lib (0755) → nftj-helper (0750).
chmod 0755 "$install_dir"
install -d -m 0755 -o root -g root "$install_dir/lib" "$install_dir/conf"
install -m 0750 -o root -g root "$root/zig-out/bin/nftj-helper" "$install_dir/lib/nftj-helper"
install -m 0644 -o root -g root "$root/conf/nftj-helper.policy.json" "$install_dir/conf/nftj-helper.policy.json"
# The same files below a world-writable directory must be refused.
chmod 0777 "$unsafe_dir"
install -d -m 0755 "$unsafe_dir/lib" "$unsafe_dir/conf"
install -m 0750 "$root/zig-out/bin/nftj-helper" "$unsafe_dir/lib/nftj-helper"
install -m 0644 "$root/conf/nftj-helper.policy.json" "$unsafe_dir/conf/nftj-helper.policy.json"

ip netns add "$netns"
status=0
python3 "$here/blackbox.py" "$install_dir/lib/nftj-helper" "$netns" "$vectors" "$unsafe_dir/lib/nftj-helper" || status=$?

host_after=$(nft list ruleset | sha256sum)
if [ "$host_before" != "$host_after" ]; then
    echo "run-blackbox: the host ruleset changed!" >&2
    status=1
fi
exit $status
