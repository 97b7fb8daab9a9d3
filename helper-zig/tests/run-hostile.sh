#!/bin/bash
# The hostile-frames suite (tests/hostile.py): attacks on the installed helper by a compromised
# JVM, each in a throwaway network namespace with other programs' tables beside the owned ones.
#   usage: tests/run-hostile.sh [TEST...]     (builds first unless NFTJ_SKIP_BUILD=1)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [ "$(id -u)" != 0 ]; then echo "run-hostile: needs root (network namespaces, root-owned install)" >&2; exit 1; fi
if [ "${NFTJ_SKIP_BUILD:-0}" != 1 ]; then (cd "$root" && python3 -m ziglang build -Doptimize=ReleaseSafe); fi
exec python3 "$here/hostile.py" "$root/zig-out/bin/nftj-helper" "$@"
