#!/usr/bin/env bash
# Benchmark harness (not part of scripts/test): the image's size, and a cold `nftj apply` of a small
# file, with the AOT cache and without, against baselines measured in the same run, interleaved: the
# floor under any nftj command that changes something, i.e. a cold JVM from the image that starts no
# helper (`nftj --help`, AOT cache included) plus the helper alone (no JVM); and `nft -j -f` of the
# same file. Target (docs/benchmarks.md): cold nftj apply <= 1.5 x (floor + helper alone); the ratio
# to nft -j -f beside it. `nftj --version` (which starts the helper for its versions) is reported too.
#   bash jlink-image/bench.sh [RUNS]      (default 15 runs of each variant, interleaved)
# Runs in a throwaway network namespace, as root, against an installed copy of the image.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
image="$top/jlink-image/build/image"
runs=${1:-15}
[ -x "$image/bin/nftj" ] || { echo "build the image first (jlink-image/build.sh)" >&2; exit 1; }
dest=$(mktemp -d /run/nftj-bench-XXXXXX)
ns="nftj-bench-$$"
trap 'ip netns del "$ns" 2>/dev/null || true; rm -rf "$dest"' EXIT
chmod 0755 "$dest"
cp -a "$image/." "$dest/"
"$dest/bin/nftj" install --group root --table inet/app >/dev/null
ip netns add "$ns"
file="$top/jlink-image/aot-training.json"
aot_flags=$(sed -nE 's/^exec .*AOTCache="[^"]*" (.*) -m org.nftj.cli.*/\1/p' "$dest/bin/nftj")

# One timed run: the command's wall time in microseconds; the table is removed (untimed) after.
timed() {
  local t0 t1
  t0=${EPOCHREALTIME/./}
  ip netns exec "$ns" "$@" >/dev/null
  t1=${EPOCHREALTIME/./}
  ip netns exec "$ns" nft delete table inet app
  echo $((t1 - t0))
}
# A run that changes nothing (nftj --help, nftj --version): no table to remove.
timed_plain() {
  local t0 t1
  t0=${EPOCHREALTIME/./}
  ip netns exec "$ns" "$@" >/dev/null
  t1=${EPOCHREALTIME/./}
  echo $((t1 - t0))
}
# The helper on its own, without a JVM: spawned (in the namespace), hello, the same batch, end of
# input, exit, timed inside Python from spawn to exit: what nftj cannot go below.
helper_alone() {
  local us
  us=$(python3 - "$dest/lib/nftj-helper" "$ns" "$file" "$top/helper-zig/tests" <<'PY'
import json, sys, time
sys.path.insert(0, sys.argv[4])
import frames
batch = json.load(open(sys.argv[3]))
t0 = time.perf_counter()
h = frames.Helper(sys.argv[1], prefix=("ip", "netns", "exec", sys.argv[2]))
assert h.request({"id": 1, "op": "hello", "protocol": 1})["ok"]
assert h.request({"id": 2, "op": "nft", "batch": batch})["ok"]
h.close()
print(int((time.perf_counter() - t0) * 1e6))
PY
)
  ip netns exec "$ns" nft delete table inet app
  echo "$us"
}
declare -a nft aot noaot alone floor version
for i in $(seq "$runs"); do
  nft+=("$(timed nft -j -f "$file")")
  alone+=("$(helper_alone)")
  floor+=("$(timed_plain "$dest/bin/nftj" --help)")
  version+=("$(timed_plain "$dest/bin/nftj" --version)")
  aot+=("$(timed "$dest/bin/nftj" apply "$file")")
  noaot+=("$(timed "$dest/bin/java" $aot_flags -m org.nftj.cli/org.nftj.cli.Main apply "$file")")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2))}'; }
m_nft=$(median "${nft[@]}"); m_aot=$(median "${aot[@]}"); m_noaot=$(median "${noaot[@]}"); m_alone=$(median "${alone[@]}"); m_floor=$(median "${floor[@]}")
m_version=$(median "${version[@]}")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }
echo "== image size"
du -sh "$image" | awk '{print "image        " $1}'
du -sh "$image/lib/modules" | awk '{print "lib/modules  " $1}'
du -sh "$image/lib/nftj.aot" | awk '{print "lib/nftj.aot " $1}'
du -sh "$image/lib/server" | awk '{print "lib/server   " $1}'
du -sh "$image/lib/nftj-helper" | awk '{print "lib/nftj-helper " $1}'
echo "== cold apply of $(basename "$file") ($(jq -c '.nftables | length' "$file" 2>/dev/null || echo '?') commands), $runs runs each, medians"
printf '%-34s %8.1f ms\n' "nft -j -f (baseline)" "$(awk -v x="$m_nft" 'BEGIN{print x/1000}')"
printf '%-34s %8.1f ms  %6sx baseline\n' "nftj apply, AOT cache (bin/nftj)" "$(awk -v x="$m_aot" 'BEGIN{print x/1000}')" "$(ratio "$m_aot" "$m_nft")"
printf '%-34s %8.1f ms  %6sx baseline\n' "nftj apply, no AOT cache" "$(awk -v x="$m_noaot" 'BEGIN{print x/1000}')" "$(ratio "$m_noaot" "$m_nft")"
printf '%-34s %8.1f ms  %6sx baseline\n' "helper alone (no JVM): start..exit" "$(awk -v x="$m_alone" 'BEGIN{print x/1000}')" "$(ratio "$m_alone" "$m_nft")"
printf '%-34s %8.1f ms  %6sx baseline\n' "floor: nftj --help (AOT, no helper)" "$(awk -v x="$m_floor" 'BEGIN{print x/1000}')" "$(ratio "$m_floor" "$m_nft")"
printf '%-34s %8.1f ms  %6sx baseline\n' "nftj --version (AOT, + helper hello)" "$(awk -v x="$m_version" 'BEGIN{print x/1000}')" "$(ratio "$m_version" "$m_nft")"
printf '%-34s %8.1f ms  %6sx baseline\n' "floor + helper alone" "$(awk -v a="$m_floor" -v h="$m_alone" 'BEGIN{print (a+h)/1000}')" "$(ratio "$((m_floor + m_alone))" "$m_nft")"
printf '%-34s %8.1f ms\n' "JVM side of nftj apply (AOT)" "$(awk -v a="$m_aot" -v h="$m_alone" 'BEGIN{print (a-h)/1000}')"
printf '%-34s %8.1f ms\n' "apply above floor + helper alone" "$(awk -v a="$m_aot" -v f="$m_floor" -v h="$m_alone" 'BEGIN{print (a-f-h)/1000}')"
printf '%-34s %8sx\n' "AOT cache speed-up" "$(ratio "$m_noaot" "$m_aot")"
printf '%-34s %8sx\n' "apply / (floor + helper alone)" "$(ratio "$m_aot" "$((m_floor + m_alone))")"
verdict=$(awk -v a="$m_aot" -v f="$m_floor" -v h="$m_alone" 'BEGIN {print (a <= 1.5 * (f + h)) ? "met" : "NOT met"}')
echo "target: cold nftj apply <= 1.5x (floor + helper alone): $verdict; the same apply is $(ratio "$m_aot" "$m_nft")x nft -j -f"
echo "load average while measuring: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) CPUs"
