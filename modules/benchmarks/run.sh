#!/usr/bin/env bash
# Benchmark harness (not part of the test command): requests/s and latency percentiles for 1, 4
# and 16 callers through the Java API against the real helper in a throwaway network namespace,
# beside two baselines measured in the same run on the same content:
#   inproc — one libnftables context running the same JSON command in a loop (baseline/inproc.c)
#   pipe   — a bare 64-byte pipe round trip between two processes (baseline/pipe.c)
# Targets (shared/design/performance.md): one caller <= 1.25 x (inproc + pipe round trip);
# 16 callers >= 0.8 x the inproc loop's throughput. Baselines run 3 times; medians are used.
# Usage: modules/benchmarks/run.sh [path/to/nftj-helper]   (needs root; writes target/bench/)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
. "$top/scripts/versions.env"
export JAVA_HOME=${NFTJ_JAVA_HOME:-$JAVA_HOME_DEFAULT}
export PATH="$JAVA_HOME/bin:$PATH"
helper=${1:-$top/helper-zig/zig-out/bin/nftj-helper}
[ -x "$helper" ] || { echo "no helper at $helper (build it: cd helper-zig && python3 -m ziglang build -Doptimize=ReleaseSafe)" >&2; exit 2; }
out=$top/modules/benchmarks/target/bench
mkdir -p "$out"
cd "$top"

echo "== build" >&2
mvn -q -B -ntp package dependency:build-classpath -pl modules/benchmarks -am -DskipTests \
    -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
cp="$top/modules/benchmarks/target/nftj-benchmarks-0.1.0-SNAPSHOT.jar:$(cat modules/benchmarks/target/classpath.txt)"
cc -O2 -o "$out/inproc" modules/benchmarks/baseline/inproc.c -lnftables
cc -O2 -o "$out/pipe" modules/benchmarks/baseline/pipe.c

echo "== baselines" >&2
ns=nftj-bench-$$
ip netns add "$ns"
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
ip netns exec "$ns" nft 'add table inet app; add set inet app s { type inet_service; }'
: > "$out/baselines.txt"
for i in 1 2 3; do
    ip netns exec "$ns" "$out/inproc" 20000 >> "$out/baselines.txt"
    "$out/pipe" 50000 >> "$out/baselines.txt"
done
cat "$out/baselines.txt" >&2

echo "== JMH: 1, 4 and 16 callers" >&2
for t in 1 4 16; do
    java -cp "$cp" org.openjdk.jmh.Main RequestBenchmark -t "$t" -f 1 -wi 2 -w 2s -i 3 -r 3s \
        -bm thrpt,sample -tu us -rf json -rff "$out/jmh-$t.json" \
        -jvmArgsAppend "-Dnftj.helper.build=$helper" > "$out/jmh-$t.log" 2>&1 \
        || { tail -30 "$out/jmh-$t.log" >&2; exit 1; }
done

python3 - "$out" <<'PY' | tee "$out/report.txt"
import json, statistics, sys
out = sys.argv[1]
inproc, pipe = [], []
for line in open(f"{out}/baselines.txt"):
    kind, n, secs = line.split()
    (inproc if kind == "inproc" else pipe).append(float(secs) / int(n) * 1e6)
inproc_us, pipe_us = statistics.median(inproc), statistics.median(pipe)
floor_us = inproc_us + pipe_us
inproc_rate = 1e6 / inproc_us
print(f"baseline inproc libnftables: {inproc_us:.1f} us/op ({inproc_rate:.0f} ops/s), runs {[round(x,1) for x in inproc]}")
print(f"baseline pipe round trip:    {pipe_us:.1f} us, runs {[round(x,1) for x in pipe]}")
print(f"floor (inproc + pipe):       {floor_us:.1f} us")
print()
print(f"{'callers':>7} {'ops/s':>9} {'mean us':>8} {'p50 us':>8} {'p90 us':>8} {'p99 us':>8} {'p50/floor':>9} {'ops/s/inproc':>12}")
rows = {}
for t in (1, 4, 16):
    res = json.load(open(f"{out}/jmh-{t}.json"))
    thr = next(r for r in res if r["mode"] == "thrpt")["primaryMetric"]["score"] * 1e6
    s = next(r for r in res if r["mode"] == "sample")["primaryMetric"]
    pct = s["scorePercentiles"]
    rows[t] = (thr, s["score"], pct["50.0"], pct["90.0"], pct["99.0"])
    print(f"{t:>7} {thr:>9.0f} {s['score']:>8.1f} {pct['50.0']:>8.1f} {pct['90.0']:>8.1f} {pct['99.0']:>8.1f} "
          f"{pct['50.0']/floor_us:>9.2f} {thr/inproc_rate:>12.2f}")
print()
one = rows[1][2] / floor_us
many = rows[16][0] / inproc_rate
print(f"target 1: one caller p50 latency / floor = {one:.2f} (target <= 1.25) {'MET' if one <= 1.25 else 'MISSED'}")
print(f"target 2: 16 callers throughput / inproc  = {many:.2f} (target >= 0.80) {'MET' if many >= 0.8 else 'MISSED'}")
PY
