#!/usr/bin/env python3
"""Benchmark harness (not a test): how the cost of element changes and of a table's summary grows
with the ruleset, against the same helper on a small ruleset in the same run.

For each ruleset below, in a fresh network namespace, one warm helper (the binary zig build made,
installed like a deployment) is measured on
  change   adding one element to, then deleting it from, the owned set `app s` (one request
           each, the direct nfnetlink path), ROUNDS times: the median round trip and the rate;
  big      the same into the big set itself, when the big set is in the owned table;
  summary  `nftj list app`'s request (list table, "summary": true), SUMMARY_ROUNDS times;
  nft      the same one-element add through libnftables (the helper's "executor":"libnftables",
           which is `nft add element`'s cost), LIBNFT_ROUNDS times: what the direct path saves.
Rulesets: empty (only `app` with its small set), then an interval set of N prefixes (/24s with
gaps, as a blocklist holds them) in an unrelated table `other`, or in the owned table `app`.
Ratios are against the empty ruleset of the same run.

Run as root after `zig build -Doptimize=ReleaseSafe`:
  python3 bench/scale.py [ROUNDS] [SIZES]      e.g. python3 bench/scale.py 1000 100000,1000000
"""
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import frames  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
BINARY = os.environ.get("NFTJ_HELPER_BINARY", os.path.join(HERE, "..", "zig-out", "bin", "nftj-helper"))
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
SIZES = [int(size) for size in (sys.argv[2] if len(sys.argv) > 2 else "100000,1000000").split(",")]
SUMMARY_ROUNDS = 20
LIBNFT_ROUNDS = int(os.environ.get("LIBNFT_ROUNDS", "1"))
POLICY = {"version": 1, "tables": [{"family": "inet", "name": "app"}],
          "operations": ["add", "create", "replace", "delete", "flush", "list"],
          "rate": {"perSecond": 1000000, "burst": 1000000},
          "limits": {"elementsPerSet": 16777216, "setsPerTable": 64, "chainsPerTable": 64, "rulesPerTable": 1024}}
APP = {"family": "inet", "table": "app"}
CHUNK = 50000


def prefix(index):
    """The index-th /24 of 32.0.0.0/3, every other one (no two adjacent)."""
    value = (32 << 24) + (index * 2 << 8)
    return "%d.%d.%d.0/24" % (value >> 24 & 255, value >> 16 & 255, value >> 8 & 255)


def ruleset_text(table, size):
    """`app` with its small set; with a size, a big interval set in `table` (app or another)."""
    declaration = "{ type ipv4_addr; size 16777216; flags interval; }"
    lines = ["table inet app {", f" set s {declaration}", "}"]
    if size:
        lines += [f"table inet {table} {{", f" set big {declaration}", "}"]
    for start in range(0, size, CHUNK):
        members = ", ".join(prefix(i) for i in range(start, min(size, start + CHUNK)))
        lines.append(f"add element inet {table} big {{ {members} }}")
    return "\n".join(lines) + "\n"


def timed(helper, frame):
    start = time.perf_counter_ns()
    answer = helper.request(frame)
    elapsed = (time.perf_counter_ns() - start) / 1000
    if not answer.get("ok"):
        raise SystemExit(f"the helper refused {json.dumps(frame)[:200]}: {answer}")
    return elapsed


def changes(helper, set_name, rounds, first_id, executor=None):
    """Median µs of one add and of one delete, and the changes per second over the whole loop."""
    adds, deletes = [], []
    started = time.perf_counter()
    for index in range(rounds):
        element = "192.%d.%d.%d" % (index >> 16 & 255, index >> 8 & 255, index & 255)
        body = dict(APP, name=set_name, elem=[element])
        extra = {"executor": executor} if executor else {}
        adds.append(timed(helper, dict({"id": first_id + 2 * index, "op": "nft",
                                        "batch": {"nftables": [{"add": {"element": body}}]}}, **extra)))
        deletes.append(timed(helper, dict({"id": first_id + 2 * index + 1, "op": "nft",
                                           "batch": {"nftables": [{"delete": {"element": body}}]}}, **extra)))
    rate = 2 * rounds / (time.perf_counter() - started)
    return statistics.median(adds), statistics.median(deletes), rate


def summary(helper, first_id):
    frame = {"op": "nft", "batch": {"nftables": [{"list": {"table": {"family": "inet", "name": "app"}}}]},
             "summary": True}
    return statistics.median(timed(helper, dict(frame, id=first_id + index)) for index in range(SUMMARY_ROUNDS))


def measure(table, size):
    """One ruleset in a fresh deployment and namespace: the row of the table."""
    with frames.Deployment(BINARY, POLICY, "nftj-bench-scale-") as deployment:
        started = time.perf_counter()
        subprocess.run(deployment.prefix + ["nft", "-f", "-"], input=ruleset_text(table, size), text=True, check=True)
        loaded = time.perf_counter() - started
        print(f"# {table} {size}: loaded in {loaded:.1f} s", flush=True)
        helper = frames.Helper(deployment.binary, deployment.prefix)
        if not helper.request({"id": 1, "op": "hello", "protocol": 1}).get("ok"):
            raise SystemExit("the helper did not start")
        row = {"ruleset": "empty" if size == 0 else f"{size} in {'unrelated' if table != 'app' else 'owned'} table",
               "load_s": loaded}
        row["add_us"], row["delete_us"], row["rate"] = changes(helper, "s", ROUNDS, 10)
        if table == "app" and size:
            row["big_add_us"], row["big_delete_us"], row["big_rate"] = changes(helper, "big", ROUNDS // 10, 10 ** 7)
        row["summary_us"] = summary(helper, 2 * 10 ** 7)
        row["nft_add_us"], row["nft_delete_us"], _ = changes(helper, "s", LIBNFT_ROUNDS, 3 * 10 ** 7, "libnftables")
        code, _, stderr = helper.close()
        if code != 0:
            raise SystemExit(f"the helper exited {code}: {stderr[-400:]}")
        return row


def main():
    host_before = subprocess.run(["nft", "list", "ruleset"], capture_output=True, text=True).stdout
    rows = [measure("app", 0)]
    for size in SIZES:
        rows += [measure("other", size), measure("app", size)]
    # The baseline again, last: how much the machine drifted during the run.
    rows.append(dict(measure("app", 0), ruleset="empty, again"))
    if subprocess.run(["nft", "list", "ruleset"], capture_output=True, text=True).stdout != host_before:
        raise SystemExit("the host ruleset changed")
    base = rows[0]
    print(f"rounds {ROUNDS} (big set: {ROUNDS // 10}), summary {SUMMARY_ROUNDS}, libnftables {LIBNFT_ROUNDS}; "
          f"load average {os.getloadavg()[0]:.1f}")
    print("| ruleset | nft -f load s | add µs | delete µs | changes/s | add ÷ empty | rate ÷ empty "
          "| add into the big set µs | summary µs | summary ÷ empty | libnftables add µs | libnftables ÷ direct |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        big = f"{row['big_add_us']:.0f}" if "big_add_us" in row else "–"
        print(f"| {row['ruleset']} | {row['load_s']:.1f} | {row['add_us']:.0f} | {row['delete_us']:.0f} "
              f"| {row['rate']:.0f} | {row['add_us'] / base['add_us']:.2f} | {row['rate'] / base['rate']:.2f} "
              f"| {big} | {row['summary_us']:.0f} | {row['summary_us'] / base['summary_us']:.2f} "
              f"| {row['nft_add_us']:.0f} | {row['nft_add_us'] / row['add_us']:.0f} |")


if __name__ == "__main__":
    main()
