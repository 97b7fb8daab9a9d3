#!/bin/bash
# Differential tests of the direct element path against the libnftables path (direct_blackbox.py):
# the helper installed as a deployment installs it, every case in fresh network namespaces.
# Never touches the host's ruleset (checked before and after).
#   usage: tests/run-direct.sh [CASES] [SEED|random]   (builds first unless NFTJ_SKIP_BUILD=1;
#   the seed of the differential cases is fixed unless given)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [ "$(id -u)" != 0 ]; then echo "run-direct: needs root (network namespaces, root-owned install)" >&2; exit 1; fi
if [ "${NFTJ_SKIP_BUILD:-0}" != 1 ]; then (cd "$root" && python3 -m ziglang build); fi

install_dir=$(mktemp -d /run/nftj-direct-XXXXXX)
host_before=$(nft list ruleset | sha256sum)
trap 'rm -rf "$install_dir"' EXIT
chmod 0755 "$install_dir"
install -d -m 0755 -o root -g root "$install_dir/lib" "$install_dir/conf"
install -m 0750 -o root -g root "${NFTJ_HELPER_BINARY:-$root/zig-out/bin/nftj-helper}" "$install_dir/lib/nftj-helper"
# A rate no test reaches: the differential cases measure the executors, not the bucket.
printf '%s\n' '{"version":1,"tables":[{"family":"inet","name":"app"}],"operations":["add","create","replace","delete","flush","list"],"rate":{"perSecond":100000,"burst":100000},"limits":{"elementsPerSet":16777216}}' \
    >"$install_dir/conf/nftj-helper.policy.json"
chmod 0644 "$install_dir/conf/nftj-helper.policy.json"

status=0
python3 "$here/direct_blackbox.py" "$install_dir/lib/nftj-helper" "$@" || status=$?
if [ "$host_before" != "$(nft list ruleset | sha256sum)" ]; then
    echo "run-direct: the host ruleset changed!" >&2
    status=1
fi
exit $status
