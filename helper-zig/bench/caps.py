#!/usr/bin/env python3
"""Benchmark harness (not a test): what the policy's caps cost per request as a table grows.

The helper counts a table (src/resources.zig) before a batch that adds chains, sets or rules:
rules need a listing of the table with its rules (libnftables then also reads the elements of its
sets), chains and sets only the declarations. Elements for a set of known size need no listing.
For tables of growing size this measures, in the same run and against the same helper, the median
round trip of
  (a) adding one element to a known set          (no listing: the baseline),
  (b) adding one chain                            (a listing of the declarations),
  (c) adding one rule                             (a listing of the table with its rules),
and prints b/a and c/a. Run as root after `zig build`: python3 bench/caps.py [ROUNDS]
"""
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import frames  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = os.path.join(HERE, "..", "zig-out", "bin", "nftj-helper")
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 30
POLICY = {"version": 1, "tables": [{"family": "inet", "name": "app"}], "operations": ["add", "replace", "list", "delete"],
          "rate": {"perSecond": 1000000, "burst": 1000000},
          "limits": {"elementsPerSet": 16777216, "setsPerTable": 65536, "chainsPerTable": 65536, "rulesPerTable": 1048576}}
A = {"family": "inet", "table": "app"}


def table_text(rules, elements):
    lines = ["table inet app {", " set known { type ipv4_addr; size 16777216; flags dynamic; }",
             f" set big {{ type ipv4_addr; size 16777216; flags dynamic; {'elements = { ' + ', '.join('10.%d.%d.%d' % ((i >> 16) & 255, (i >> 8) & 255, i & 255) for i in range(elements)) + ' }' if elements else ''} }}",
             " chain c {"]
    lines += [f"  tcp dport {1 + i % 60000} ip saddr @big accept" for i in range(rules)]
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def median_us(helper, make_commands):
    samples = []
    for index in range(ROUNDS):
        frame = {"id": index + 10, "op": "nft", "batch": {"nftables": make_commands(index)}}
        start = time.perf_counter_ns()
        answer = helper.request(frame)
        samples.append((time.perf_counter_ns() - start) / 1000)
        if not answer.get("ok"):
            raise SystemExit(f"the helper refused: {answer}")
    return statistics.median(samples)


def main():
    with frames.Deployment(BINARY, POLICY, "nftj-bench-caps-") as deployment:
        prefix = deployment.prefix
        print(f"{'rules':>6} {'elements':>9} {'element µs':>11} {'chain µs':>9} {'rule µs':>9} {'chain/element':>14} {'rule/element':>13}")
        for rules, elements in [(0, 0), (1000, 0), (5000, 0), (0, 100000), (1000, 100000)]:
            subprocess.run(prefix + ["nft", "flush", "ruleset"], check=True)
            subprocess.run(prefix + ["nft", "-f", "-"], input=table_text(rules, elements), text=True, check=True)
            helper = frames.Helper(deployment.binary, prefix)
            base = len("x")
            element = median_us(helper, lambda i: [{"add": {"element": dict(A, name="known", elem=["192.%d.%d.%d" % (base, i >> 8 & 255, i & 255)])}}])
            chain = median_us(helper, lambda i: [{"add": {"chain": dict(A, name=f"bench{i}")}}])
            rule = median_us(helper, lambda i: [{"add": {"rule": dict(A, chain="c", expr=[{"accept": None}])}}])
            helper.close()
            print(f"{rules:>6} {elements:>9} {element:>11.0f} {chain:>9.0f} {rule:>9.0f} {chain / element:>14.2f} {rule / element:>13.2f}")


if __name__ == "__main__":
    main()
