#!/usr/bin/env python3
"""Benchmark harness (not a test): what the helper's release of libnftables' heap costs
(src/nft.zig:releaseHeap: after a libnftables request that left more than 4 MiB of the C heap in
use, a dry `list flowtables` makes libnftables drop its cache, then malloc_trim), with a big set in
a FOREIGN table, against the same requests by a helper built without the release in the same run.

The question: libnftables reads its cache of the ruleset for a request (for an element change,
the elements of every set of the namespace, foreign ones too); does dropping it after the request
make the NEXT request pay a full refill that it would otherwise have been spared?

Ruleset: table `other` (not the policy's) with an interval set of N /24 prefixes; the owned table
`app` with an interval set `s` and a plain set `p`. Per helper build, one warm helper, ROUNDS times:
  big     one element added to `app s` through libnftables ("executor":"libnftables"): libnftables
          reads every set's elements first, so the heap is far above 4 MiB after it;
  next    right after it, one element added to `app p` on the direct path: its round trip includes
          the wait for what the helper does after answering `big` (the release, or nothing);
  rss     the helper's resident memory after `next`.
Ratios are release ÷ no release, same run, same ruleset.

Run as root after `zig build -Doptimize=ReleaseSafe` (the release build) and
`zig build -Doptimize=ReleaseSafe -Dmutate=release_memory -p zig-out-norelease` (without):
  python3 bench/release.py [ROUNDS] [N]          e.g. python3 bench/release.py 3 1000000
"""
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import frames  # noqa: E402
import scale  # noqa: E402  (its ruleset of /24 prefixes, its policy and its timing)

HERE = os.path.dirname(os.path.abspath(__file__))
WITH = os.environ.get("NFTJ_HELPER_BINARY", os.path.join(HERE, "..", "zig-out", "bin", "nftj-helper"))
WITHOUT = os.environ.get("NFTJ_HELPER_NO_RELEASE", os.path.join(HERE, "..", "zig-out-norelease", "bin", "nftj-helper"))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 3
SIZE = int(sys.argv[2]) if len(sys.argv) > 2 else 1000000
APP = scale.APP
timed = scale.timed


def ruleset_text(size):
    """scale.py's: `app` with its interval set `s`, `other` with the big one; and `app p`, plain."""
    return scale.ruleset_text("other", size) + "table inet app {\n set p { type ipv4_addr; size 1000; }\n}\n"


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def add(name, element, request_id, executor=None):
    frame = {"id": request_id, "op": "nft",
             "batch": {"nftables": [{"add": {"element": dict(APP, name=name, elem=[element])}}]}}
    if executor:
        frame["executor"] = executor
    return frame


def measure(binary, text):
    with frames.Deployment(binary, scale.POLICY, "nftj-bench-release-") as deployment:
        started = time.perf_counter()
        subprocess.run(deployment.prefix + ["nft", "-f", "-"], input=text, text=True, check=True)
        loaded = time.perf_counter() - started
        helper = frames.Helper(deployment.binary, deployment.prefix)
        if not helper.request({"id": 1, "op": "hello", "protocol": 1}).get("ok"):
            raise SystemExit("the helper did not start")
        bigs, nexts, rss = [], [], []
        for index in range(ROUNDS):
            bigs.append(timed(helper, add("s", "10.1.%d.1" % index, 10 + 2 * index, "libnftables")))
            nexts.append(timed(helper, add("p", "10.2.%d.1" % index, 11 + 2 * index)))
            rss.append(rss_kib(helper.process.pid))
        code, _, stderr = helper.close()
        if code != 0:
            raise SystemExit(f"the helper exited {code}: {stderr[-400:]}")
        return {"load_s": loaded, "big_us": statistics.median(bigs), "next_us": statistics.median(nexts),
                "rss_kib": max(rss), "bigs": bigs, "nexts": nexts}


def main():
    for binary in (WITH, WITHOUT):
        if not os.access(binary, os.X_OK):
            raise SystemExit(f"no helper at {binary} (see the docstring for the two builds)")
    host_before = subprocess.run(["nft", "list", "ruleset"], capture_output=True, text=True).stdout
    text = ruleset_text(SIZE)
    # Alternating, so that a drift of the machine's load falls on both.
    rows = {"release": measure(WITH, text), "no release": measure(WITHOUT, text)}
    rows["release, again"] = measure(WITH, text)
    if subprocess.run(["nft", "list", "ruleset"], capture_output=True, text=True).stdout != host_before:
        raise SystemExit("the host ruleset changed")
    base = rows["no release"]
    print(f"foreign set of {SIZE} prefixes, {ROUNDS} rounds; load average {os.getloadavg()[0]:.1f}")
    print("| helper | libnftables add µs (median) | ÷ no release | next direct add µs (median) | ÷ no release "
          "| RSS after, KiB | every libnftables add µs |")
    print("|---|---|---|---|---|---|---|")
    for name, row in rows.items():
        print(f"| {name} | {row['big_us']:.0f} | {row['big_us'] / base['big_us']:.2f} | {row['next_us']:.0f} "
              f"| {row['next_us'] / base['next_us']:.2f} | {row['rss_kib']} | "
              f"{', '.join('%.0f' % b for b in row['bigs'])} |")


if __name__ == "__main__":
    main()
