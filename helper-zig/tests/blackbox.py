#!/usr/bin/env python3
"""Black-box tests of an installed nftj-helper inside a throwaway network namespace.

Driven by run-blackbox.sh, which installs the helper under a safe root-owned chain, creates the
namespace and removes both afterwards. Usage: blackbox.py HELPER NETNS VECTORS_DIR UNSAFE_HELPER
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import frames  # noqa: E402

HELPER, NETNS, VECTORS, UNSAFE_HELPER = sys.argv[1:5]
PREFIX = ["ip", "netns", "exec", NETNS]
VALIDATION_CODES = {"invalid_json", "invalid_request", "limit_exceeded", "lookup_refused",
                    "unsupported_protocol", "policy_denied"}
failures = []
passed = 0
CLEANUP = []


def check(condition, message):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(message)
        print("FAIL:", message, flush=True)


def nft_cli(*args):
    return subprocess.run(PREFIX + ["nft"] + list(args), capture_output=True, text=True, check=False)


def ruleset():
    """The namespace's ruleset without the rate limit's table (table inet nftj_rate), whose tokens
    expire on their own timers: the rate limit's tests look at that table directly."""
    text = nft_cli("list", "ruleset").stdout
    return re.sub(r"(?ms)^table inet nftj_rate \{.*?^\}\n?", "", text)


def start(**kwargs):
    return frames.Helper(HELPER, PREFIX, **kwargs)


def run_stream(data, helper=HELPER):
    """Feeds raw bytes to a fresh helper, closes stdin, returns (exit code, frames)."""
    process = subprocess.Popen(PREFIX + [helper], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={})
    out, _ = process.communicate(data, timeout=60)
    decoded = []
    position = 0
    while position + 4 <= len(out):
        length = int.from_bytes(out[position:position + 4], "big")
        decoded.append(json.loads(out[position + 4:position + 4 + length]))
        position += 4 + length
    check(position == len(out), f"stdout holds only whole frames ({len(out) - position} stray bytes)")
    return process.returncode, decoded


def nft_request(helper, commands, request_id=10, **extra):
    frame = {"id": request_id, "op": "nft", "batch": {"nftables": commands}}
    frame.update(extra)
    return helper.request(frame)


T = {"family": "inet", "table": "app"}


# mitigates: M-60
def test_reading_changes_nothing():
    """Starting a helper, hello, listings and a check leave the namespace's ruleset as it was:
    the rate limit's table is created by the first charge, not at start-up."""
    before = nft_cli("list", "ruleset").stdout
    helper = start()
    check(helper.request({"id": 1, "op": "hello", "protocol": 1}).get("ok") is True, "hello before any change")
    listed = nft_request(helper, [{"list": {"ruleset": None}}], request_id=2)
    checked = nft_request(helper, [{"add": {"table": {"family": "inet", "name": "app"}}}], request_id=3, check=True)
    check(listed.get("ok") is True and checked.get("ok") is True, f"list and check answered: {listed} {checked}")
    helper.close()
    after = nft_cli("list", "ruleset").stdout
    check(after == before, f"no table created by start-up, listing or check: {after!r}")


def test_hello():
    helper = start()
    answer = helper.request({"id": 1, "op": "hello", "protocol": 1})
    result = answer.get("result", {})
    check(answer.get("ok") is True and answer.get("id") == 1, f"hello ok: {answer}")
    for key, kind in [("protocol", int), ("helper", str), ("libnftables", str), ("frameMax", int),
                      ("responseMax", int), ("policy", dict), ("sandbox", dict)]:
        check(isinstance(result.get(key), kind), f"hello field {key} is {kind.__name__}")
    check(result.get("protocol") == 1 and result.get("frameMax") == 16777216 and result.get("responseMax") == 67108864
          and result.get("requestMax") == 67108864, "hello limits")
    metainfo = json.loads(subprocess.run(PREFIX + ["nft", "-j", "list", "tables"], capture_output=True, text=True).stdout)["nftables"][0]
    check(json.dumps(result.get("metainfo")) == json.dumps(metainfo["metainfo"]), f"hello metainfo is libnftables' own: {result.get('metainfo')}")
    check(result.get("libnftables") == "1.0.6", f"libnftables version read back: {result.get('libnftables')}")
    policy = result.get("policy", {})
    check({"family": "inet", "name": "app"} in policy.get("tables", []), "policy tables reported")
    check(policy.get("rate") == {"perSecond": 50, "burst": 200, "commandsPerUnit": 10, "elementsPerUnit": 10000},
          f"policy rate and its units reported: {policy.get('rate')}")
    sandbox = result.get("sandbox", {})
    for key in ["seccomp", "noNewPrivs", "dumpable", "capEffective", "capPermitted", "capInheritable",
                "capAmbient", "boundingDropped", "uid", "pid"]:
        check(key in sandbox, f"sandbox field {key}")
    check(re.fullmatch(r"[0-9a-f]{16}", sandbox.get("capEffective", "")) is not None, "capEffective is 16 hex digits")
    status = open(f"/proc/{sandbox.get('pid')}/status").read() if sandbox.get("pid") else ""
    seccomp = re.search(r"^Seccomp:\s+(\d+)", status, re.M)
    check(seccomp is not None and int(seccomp.group(1)) == sandbox.get("seccomp"), "sandbox.seccomp read back from the kernel")
    again = helper.request({"id": 1, "op": "hello", "protocol": 1})
    check(again.get("ok") is True and again.get("id") == 1, "a reused id is answered again")
    code, rest, _ = helper.close()
    check(code == 0 and rest == b"", f"clean exit 0 at end of input between frames (got {code})")


def test_batch_list_check_echo():
    helper = start()
    answer = nft_request(helper, [
        {"add": {"table": {"family": "inet", "name": "app"}}},
        {"add": {"chain": dict(T, name="c", type="filter", hook="input", prio=0, policy="accept")}},
        {"add": {"set": dict(T, name="blocklist", type="ipv4_addr", flags=["interval"],
                             elem=[{"prefix": {"addr": "10.0.0.0", "len": 8}}])}},
        {"add": {"rule": dict(T, chain="c", expr=[
            {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "@blocklist"}},
            {"counter": None}, {"drop": None}])}},
    ])
    check(answer.get("ok") is True and answer["result"] == {"nftables": []}, f"batch applied: {answer}")
    listed = nft_request(helper, [{"list": {"table": {"family": "inet", "name": "app"}}}], 11)
    kinds = [next(iter(item)) for item in listed.get("result", {}).get("nftables", [])]
    check(kinds.count("table") == 1 and "chain" in kinds and "set" in kinds and "rule" in kinds,
          f"list table returns table, chain, set and rule: {kinds}")
    check("metainfo" not in kinds, "metainfo is dropped from results")
    kernel = ruleset()
    check("blocklist" in kernel and "10.0.0.0/8" in kernel, "the kernel holds the set")

    before = ruleset()
    dry = nft_request(helper, [{"add": {"chain": dict(T, name="dry")}}], 12, check=True)
    check(dry.get("ok") is True, f"check request answered ok: {dry}")
    check(ruleset() == before, "check (dry run) changes nothing")
    dry_bad = nft_request(helper, [{"add": {"rule": dict(T, chain="nochain", expr=[{"accept": None}])}}], 13, check=True)
    check(dry_bad.get("ok") is False and dry_bad["error"]["code"] == "not_found", f"check reports libnftables errors: {dry_bad}")

    echo = nft_request(helper, [{"add": {"rule": dict(T, chain="c", expr=[{"accept": None}])}}], 14, echo=True)
    items = echo.get("result", {}).get("nftables", [])
    handles = [item.get("add", {}).get("rule", {}).get("handle") for item in items]
    check(len(handles) == 1 and isinstance(handles[0], int) and handles[0] > 0, f"echo returns the handle: {echo}")

    missing = nft_request(helper, [{"add": {"rule": dict(T, chain="nochain", expr=[{"accept": None}])}}], 15)
    check(missing.get("ok") is False and missing["error"]["code"] == "not_found" and missing["error"].get("command") == 0,
          f"ENOENT → not_found with command index: {missing}")
    exists = nft_request(helper, [{"create": {"table": {"family": "inet", "name": "app"}}}], 16)
    check(exists.get("ok") is False and exists["error"]["code"] == "exists", f"EEXIST → exists: {exists}")
    bad_value = nft_request(helper, [{"add": {"rule": dict(T, chain="c", expr=[
        {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 77777}}])}}], 17)
    check(bad_value.get("ok") is False and bad_value["error"]["code"] == "nft_failed"
          and bad_value["error"]["message"] == "add rule inet app c: Service out of range",
          f"other libnftables errors → nft_failed, the command and libnftables' words: {bad_value}")
    helper.close()


def test_policy_and_listing():
    nft_cli("add", "table", "inet", "firewalld")
    nft_cli("add", "chain", "inet", "firewalld", "input", "{ type filter hook input priority 0 ; policy drop ; }")
    helper = start()
    before = ruleset()
    denied = nft_request(helper, [{"add": {"rule": {"family": "inet", "table": "firewalld", "chain": "input",
                                                     "expr": [{"accept": None}]}}}], 20)
    check(denied.get("ok") is False and denied["error"]["code"] == "policy_denied", f"accept rule to a foreign table: {denied}")
    check(ruleset() == before, "policy_denied: the kernel ruleset is unchanged")
    mixed = nft_request(helper, [{"add": {"chain": dict(T, name="new1")}},
                                 {"delete": {"table": {"family": "inet", "name": "firewalld"}}}], 21)
    check(mixed.get("ok") is False and mixed["error"].get("command") == 1, f"the whole batch is checked first: {mixed}")
    check(ruleset() == before, "nothing of a denied batch ran")
    flush = nft_request(helper, [{"flush": {"ruleset": None}}], 22)
    check(flush.get("ok") is False and flush["error"]["code"] == "policy_denied", "flush ruleset denied")
    check(ruleset() == before, "flush ruleset changed nothing")
    for request_id, command in [(23, {"list": {"ruleset": None}}), (24, {"list": {"tables": None}})]:
        listed = nft_request(helper, [command], request_id)
        check(listed.get("ok") is True, f"{command} answered: {listed}")
        text = json.dumps(listed)
        check("firewalld" not in text, f"{command} never shows tables outside the policy")
        tables = [item["table"]["name"] for item in listed["result"]["nftables"] if "table" in item]
        check(tables == ["app"], f"{command} shows the owned table that exists: {tables}")
    ruleset_listing = nft_request(helper, [{"list": {"ruleset": None}}], 25)
    kinds = {next(iter(item)) for item in ruleset_listing["result"]["nftables"]}
    check({"chain", "rule", "set"} <= kinds, f"list ruleset includes the owned table's contents: {kinds}")
    helper.close()


def test_vectors():
    helper = start()
    names = sorted(os.listdir(VECTORS))
    count = 0
    for name in names:
        with open(os.path.join(VECTORS, name), encoding="utf-8") as handle:
            vector = json.load(handle)
        expect = vector["expect"]
        if vector.get("helperOnly"):
            continue
        if "stream_hex" in vector:
            code, decoded = run_stream(bytes.fromhex(vector["stream_hex"]))
            check(code == expect["exit"], f"{name}: exit {code}, expected {expect['exit']}")
            if expect.get("code"):
                check(len(decoded) >= 1 and decoded[-1]["id"] is None and decoded[-1]["error"]["code"] == expect["code"],
                      f"{name}: final frame {decoded[-1:]}")
            if "responses" in expect:
                check(len(decoded) == expect["responses"], f"{name}: {len(decoded)} responses")
            count += 1
            continue
        if "frame" in vector:
            frame = vector["frame"]
            if expect["ok"] and isinstance(frame, dict) and frame.get("op") == "nft":
                frame = dict(frame, check=True)  # accepted vectors run as dry runs: no state, no rate
            body = json.dumps(frame, separators=(",", ":"), ensure_ascii=False).encode()
        elif "frame_text" in vector:
            body = vector["frame_text"].encode()
        else:
            body = bytes.fromhex(vector["frame_hex"])
        before = ruleset() if not expect["ok"] else None
        helper.send_raw(frames.encode(body))
        answer = frames.read_frame(helper.process.stdout)
        if answer is None:
            check(False, f"{name}: helper died ({helper.process.poll()})")
            helper = start()
            continue
        if expect["ok"]:
            code = answer.get("error", {}).get("code")
            check(answer.get("ok") is True or code not in VALIDATION_CODES,
                  f"{name}: accepted by the helper's validation (got {answer})")
        else:
            check(answer.get("ok") is False, f"{name}: refused ({answer})")
            if expect.get("code"):
                check(answer.get("error", {}).get("code") == expect["code"],
                      f"{name}: code {answer.get('error', {}).get('code')}, expected {expect['code']}")
            if expect.get("path"):
                check(answer.get("error", {}).get("path") == expect["path"], f"{name}: path {answer.get('error')}")
            check(ruleset() == before, f"{name}: no side effect")
        count += 1
    alive = helper.request({"id": 99, "op": "hello", "protocol": 1})
    check(alive.get("ok") is True, "the helper kept serving through every vector")
    helper.close()
    print(f"vectors run against the helper: {count}")


def test_nothing_read_for_text():
    log = "/tmp/nftj-blackbox-strace.%d" % os.getpid()
    process = subprocess.Popen(PREFIX + ["strace", "-f", "-qq", "-o", log, "-e", "trace=open,openat,openat2,execve,socket,connect,stat,newfstatat", HELPER],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={})
    helper = frames.Helper.__new__(frames.Helper)
    helper.process = process
    first = helper.request({"id": 1, "op": "hello", "protocol": 1})
    check(first.get("ok") is True, "hello under strace")
    time.sleep(0.2)
    with open(log) as handle:
        startup_lines = len(handle.readlines())
    for request_id, text in enumerate(['include "/etc/passwd"', "flush ruleset", 'include "/etc/shadow";'], 2):
        helper.send_raw(frames.encode(text))
        answer = frames.read_frame(process.stdout)
        check(answer.get("ok") is False and answer["error"]["code"] == "invalid_json", f"nft text refused: {answer}")
    # Accepted requests must not make libnftables open files or sockets either (no lookups).
    accepted = [
        {"add": {"table": {"family": "inet", "name": "app"}}},
        {"add": {"chain": dict(T, name="strace")}},
        {"add": {"rule": dict(T, chain="strace", expr=[
            {"match": {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": {"set": ["tcp", "udp", "sctp"]}}},
            {"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "192.0.2.1"}},
            {"match": {"op": "==", "left": {"meta": {"key": "iifname"}}, "right": "eth0"}},
            {"match": {"op": "==", "left": {"ct": {"key": "state"}}, "right": {"set": ["established", "related"]}}},
            {"match": {"op": "==", "left": {"meta": {"key": "hour"}}, "right": 3600}},
            {"accept": None}])}},
        # Names served from what the helper opened before its seal (src/lookups.zig): an
        # interface by name, protocol names outside libnftables' own table, local times.
        {"add": {"rule": dict(T, chain="strace", expr=[
            {"match": {"op": "==", "left": {"meta": {"key": "iif"}}, "right": "lo"}},
            {"match": {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": {"set": ["gre", "ipv6-icmp"]}}},
            {"match": {"op": "==", "left": {"meta": {"key": "hour"}}, "right": {"range": ["08:00", "17:30"]}}},
            {"match": {"op": "<", "left": {"meta": {"key": "time"}}, "right": "2030-01-01 00:00:00"}},
            {"accept": None}])}},
        # Realm and device group names (libnftables read their tables when its context was
        # made, before the seal), interface indexes in a set.
        {"add": {"set": dict(T, name="strace_ifaces", type="iface_index", elem=["lo", 1])}},
        {"add": {"rule": dict(T, chain="strace", expr=[
            {"match": {"op": "==", "left": {"meta": {"key": "rtclassid"}}, "right": "cosmos"}},
            {"match": {"op": "==", "left": {"meta": {"key": "iifgroup"}}, "right": "default"}},
            {"match": {"op": "==", "left": {"meta": {"key": "iif"}}, "right": "@strace_ifaces"}},
            {"accept": None}])}},
        {"list": {"table": {"family": "inet", "name": "app"}}},
    ]
    answer = nft_request(helper, accepted, 9)
    check(answer.get("ok") is True, f"accepted batch under strace: {answer}")
    helper.request({"id": 10, "op": "hello", "protocol": 1})
    time.sleep(0.2)
    with open(log) as handle:
        later = handle.readlines()[startup_lines:]
    # hello's sandbox report reads /proc/self/status (lockdown.report()); that is the one
    # expected open after startup. Everything else would be a lookup or a file read.
    later = [line for line in later if '"/proc/self/status"' not in line]
    interesting = [line for line in later if re.search(r"\b(open|openat|openat2|execve|connect|stat|newfstatat)\(", line)
                   or (re.search(r"\bsocket\(", line) and "NETLINK_NETFILTER" not in line)]
    check(not interesting, f"no file opened or looked at, no process, no non-netfilter socket after startup: {interesting[:5]}")
    check(not any("passwd" in line or "shadow" in line for line in later), "nothing read from /etc/passwd")
    helper.close()
    os.unlink(log)


def test_rate_limit():
    # The sample policy's rate (50/s, burst 200), in a policy of its own so that earlier tests'
    # units do not count.
    with open(os.path.join(os.path.dirname(HELPER), "..", "conf", "nftj-helper.policy.json")) as handle:
        sample = json.load(handle)
    helper = frames.Helper(install_with_policy(fresh_policy(sample, "rate")), PREFIX)
    codes = []
    for request_id in range(1, 261):
        answer = nft_request(helper, [{"add": {"table": {"family": "inet", "name": "nftj_demo"}}}], request_id)
        codes.append("ok" if answer.get("ok") else answer["error"]["code"])
    check(codes[:200] == ["ok"] * 200, f"the burst of 200 is served ({codes[:200].count('ok')} ok)")
    check("rate_limited" in codes[200:], "mutating requests beyond the burst are rate_limited")
    dry = nft_request(helper, [{"add": {"table": {"family": "inet", "name": "nftj_demo"}}}], 999, check=True)
    check(dry.get("ok") is True, "check requests are not rate limited")
    listing = nft_request(helper, [{"list": {"table": {"family": "inet", "name": "nftj_demo"}}}], 1000)
    check(listing.get("ok") is True, "listing is not rate limited")
    helper.close()


def install_with_policy(policy):
    """A second deployment of the helper (safe root-owned chain under /run) with its own policy."""
    directory, binary = frames.install(HELPER, policy, "nftj-bb-policy-")
    CLEANUP.append(directory)
    return binary


STRICT = {"version": 1, "tables": [{"family": "inet", "name": "app"}],
          "operations": ["add", "create", "replace", "delete", "flush", "list"], "rate": {"perSecond": 1, "burst": 3}}


def add_app(helper, request_id):
    answer = nft_request(helper, [{"add": {"table": {"family": "inet", "name": "app"}}}], request_id)
    return "ok" if answer.get("ok") else answer["error"]["code"]


def fresh_policy(base, tag):
    """`base` plus an unused table: another policy, hence its own, empty rate-limit set (a spent
    unit occupies its place until the kernel's garbage collection frees it, which is later than
    when nft stops listing it)."""
    return dict(base, tables=base["tables"] + [{"family": "inet", "name": "unused_" + tag}])


# mitigates: M-60
def test_rate_limit_across_restarts():
    # Five helpers one after another, three mutations each, under 1/s burst 3: the bucket is the
    # kernel's, so the second helper finds it already spent.
    binary = install_with_policy(fresh_policy(STRICT, "restarts"))
    started = time.time()
    codes = []
    for round_number in range(5):
        helper = frames.Helper(binary, PREFIX)
        codes += [add_app(helper, 10 * round_number + index + 1) for index in range(3)]
        helper.close()
    elapsed = time.time() - started
    allowed = 3 + int(elapsed)  # the burst, plus one per whole second the run took
    check(codes.count("ok") <= allowed and codes.count("ok") >= 3,
          f"restarted helpers share one bucket: {codes.count('ok')} of 15 served in {elapsed:.2f}s (at most {allowed})")
    check(set(codes) <= {"ok", "rate_limited"}, f"the rest is rate_limited: {codes}")
    rules = nft_cli("list", "table", "inet", "nftj_rate")
    check(rules.returncode == 0 and "timeout 3s" in rules.stdout and "size 3" in rules.stdout,
          f"the state is a kernel set with the policy's burst and window: {rules.stdout}")
    # The sets are named by the policy: a restart of the same policy finds the same set.
    check(len(re.findall(r"set p[0-9a-f]{16} ", rules.stdout)) >= 1, f"one set per policy: {rules.stdout}")


# mitigates: M-60
def test_rate_limit_across_parallel_helpers():
    binary = install_with_policy(fresh_policy(STRICT, "parallel"))
    helpers = [frames.Helper(binary, PREFIX) for _ in range(8)]
    for helper in helpers:  # every helper is up before any mutation
        check(helper.request({"id": 1, "op": "hello", "protocol": 1}).get("ok") is True, "parallel helper started")
    started = time.time()
    results = []

    def run(helper):
        results.extend(add_app(helper, 2 + index) for index in range(3))

    threads = [threading.Thread(target=run, args=(helper,)) for helper in helpers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.time() - started
    for helper in helpers:
        helper.close()
    allowed = 3 + int(elapsed)
    check(3 <= results.count("ok") <= allowed,
          f"eight parallel helpers share one bucket: {results.count('ok')} of 24 served in {elapsed:.2f}s (at most {allowed})")


# mitigates: M-60
def test_rate_limit_charges_by_work():
    binary = install_with_policy(fresh_policy(STRICT, "work"))
    helper = frames.Helper(binary, PREFIX)
    nft_request(helper, [{"add": {"table": {"family": "inet", "name": "app"}}},
                         {"add": {"set": dict(T, name="work", type="inet_service")}}], 1)
    # 21 commands cost 1 + 2 = 3 units: the rest of the burst.
    many = [{"add": {"element": dict(T, name="work", elem=[port])}} for port in range(1, 22)]
    answer = nft_request(helper, many, 2)
    check(answer.get("ok") is False and answer["error"]["code"] == "rate_limited",
          f"21 commands cost 3 units, more than the 2 left after the first request: {answer}")
    # 31 commands cost 4 units: more than the burst, never served.
    answer = nft_request(helper, [{"add": {"element": dict(T, name="work", elem=[port])}} for port in range(1, 32)], 3)
    check(answer.get("ok") is False and answer["error"]["code"] == "limit_exceeded",
          f"a request costing more than the burst is limit_exceeded: {answer}")
    # 40 000 elements in one command cost 1 + 4 = 5 units.
    answer = nft_request(helper, [{"add": {"element": dict(T, name="work", elem=list(range(1, 40001)))}}], 4)
    check(answer.get("ok") is False and answer["error"]["code"] == "limit_exceeded",
          f"elements are charged: 40000 elements cost 5 units: {answer}")
    # So are the elements of an anonymous set written in a rule (a kernel set too).
    nft_request(helper, [{"add": {"chain": dict(T, name="c")}}], 5)
    anonymous = {"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}},
                           "right": {"set": list(range(1, 40001))}}}
    answer = nft_request(helper, [{"add": {"rule": dict(T, chain="c", expr=[anonymous, {"accept": None}])}}], 6)
    check(answer.get("ok") is False and answer["error"]["code"] == "limit_exceeded"
          and "rate-limit units" in answer["error"]["message"],
          f"anonymous set elements are charged: a rule with 40000 costs 5 units: {answer}")
    helper.close()


# mitigates: M-70
def test_refused_transactions_are_charged():
    """A request the kernel refuses is charged like one it applies, on both paths: the kernel did
    the work, so refused requests are not a free way to make it work. On the element path a
    refusal names the refused command of a request of several (the Java client's group commit
    settles that member from it and sends the others again as one request)."""
    binary = install_with_policy(fresh_policy(STRICT, "refused"))
    helper = frames.Helper(binary, PREFIX)
    answer = nft_request(helper, [{"add": {"table": {"family": "inet", "name": "app"}}},
                                  {"add": {"set": dict(T, name="refused", type="ipv4_addr")}}], 1)
    check(answer.get("ok") is True, f"the table and set are added (1 unit of the burst of 3): {answer}")
    commands = [{"add": {"element": dict(T, name="refused", elem=["10.0.0.1"])}},
                {"add": {"element": dict(T, name="refused", elem=["10.0.0.2"])}},
                {"delete": {"element": dict(T, name="refused", elem=["10.0.0.9"])}}]
    answer = nft_request(helper, commands, 2)
    error = answer.get("error", {})
    check(error.get("code") == "not_found" and error.get("command") == 2
          and error.get("path") == "/batch/nftables/2/delete/element/elem/0",
          f"the kernel's refusal names the refused command of three (element path): {answer}")
    answer = nft_request(helper, [commands[2]], 3, executor="libnftables")
    check(answer.get("error", {}).get("code") in ("not_found", "nft_failed"),
          f"the same refusal through libnftables: {answer}")
    answer = nft_request(helper, [commands[0]], 4)
    check(answer.get("error", {}).get("code") == "rate_limited",
          f"both refused requests were charged: the burst is spent, a good request is rate_limited: {answer}")
    check("10.0.0.1" not in nft_cli("list", "table", "inet", "app").stdout, "nothing of the refused requests applied")
    helper.close()
    nft_cli("delete", "table", "inet", "app")


def test_reserved_table():
    binary = install_with_policy(dict(STRICT, tables=[{"family": "inet", "name": "nftj_rate"}]))
    code, decoded = run_stream(b"", helper=binary)
    check(code == 25 and decoded and decoded[0]["error"].get("reason") == "policy",
          f"a policy naming the rate limit's table refuses to start: {code} {decoded}")


def test_epipe():
    # SIGPIPE ignored as lockdown will do; the helper must see EPIPE and exit 13.
    process = subprocess.Popen(PREFIX + [HELPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env={}, restore_signals=False)
    process.stdout.close()
    process.stdin.write(frames.encode({"id": 1, "op": "hello", "protocol": 1}))
    process.stdin.flush()
    code = process.wait(timeout=30)
    check(code == 13, f"stdout closed → exit 13 (got {code})")


def test_unsafe_copy():
    code, decoded = run_stream(b"", helper=UNSAFE_HELPER)
    check(code in (21, 25), f"a copy under a world-writable directory refuses to start (exit {code})")
    check(len(decoded) == 1 and decoded[0]["error"]["code"] == "startup_failed"
          and decoded[0]["error"]["reason"] in ("self_check", "policy"), f"startup_failed frame: {decoded}")


def canonical(items):
    """Listing items compared as JSON values: order of items kept, order of members not."""
    return [json.dumps(item, sort_keys=True) for item in items]


# mitigates: M-33
def test_state_digest():
    """The digest op: the owned tables' structure and element counts, read from the kernel; the same
    while only traffic or other tables change, different after any change to an owned table; and
    nothing read while the ruleset generation is the one the caller names."""
    nft_cli("delete", "table", "inet", "app")
    nft_cli("delete", "table", "inet", "nftj_demo")  # the other owned table, left by earlier tests
    subprocess.run(PREFIX + ["ip", "link", "set", "lo", "up"], check=False)
    helper = start()

    def digest(request_id, **extra):
        answer = helper.request(dict({"id": request_id, "op": "digest"}, **extra))
        check(answer.get("ok") is True, f"digest answered: {answer}")
        return answer.get("result", {})

    empty = digest(100)
    check(empty.get("tables") == [] and empty.get("digest", "").startswith("sha256:"), f"no owned table: {empty}")
    built = nft_request(helper, [
        {"add": {"table": {"family": "inet", "name": "app"}}},
        {"add": {"chain": dict(T, name="out", type="filter", hook="output", prio=0, policy="accept")}},
        {"add": {"set": dict(T, name="s", type="ipv4_addr", elem=["192.0.2.1", "192.0.2.2"])}},
        {"add": {"rule": dict(T, chain="out", expr=[
            {"match": {"op": "==", "left": {"meta": {"key": "oifname"}}, "right": "lo"}}, {"counter": None}])}},
    ], 101)
    check(built.get("ok") is True, f"owned table built: {built}")
    first = digest(102)
    check(first.get("digest") != empty.get("digest"), "a new table changes the digest")
    check(first.get("tables") == [{"family": "inet", "name": "app", "elements": {"s": 2}}],
          f"the tables and their sets' element counts: {first.get('tables')}")
    unchanged = digest(103, since=first["generation"])
    check(unchanged == {"generation": first["generation"], "unchanged": True}, f"same generation: nothing read: {unchanged}")
    send = "import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(b'x', ('127.0.0.1', 9))"
    subprocess.run(PREFIX + ["python3", "-c", send], capture_output=True, check=False)
    counted = re.search(r"counter packets (\d+)", nft_cli("list", "chain", "inet", "app", "out").stdout)
    nft_cli("add", "table", "inet", "elsewhere")
    after_traffic = digest(104, since=first["generation"])
    check(counted is not None and int(counted.group(1)) > 0, f"traffic counted: {counted and counted.group(0)}")
    check(after_traffic.get("generation") != first["generation"], "another table's change moves the generation")
    check(after_traffic.get("digest") == first.get("digest"), "traffic and other tables leave the digest as it was")
    nft_cli("add", "element", "inet", "app", "s", "{ 192.0.2.3 }")
    drift = digest(105)
    check(drift.get("digest") != first.get("digest") and drift["tables"][0]["elements"] == {"s": 3},
          f"an element added behind the helper's back changes the digest: {drift}")
    nft_cli("add", "rule", "inet", "app", "out", "accept")
    check(digest(106).get("digest") != drift.get("digest"), "a rule added behind the helper's back changes the digest")
    helper.close()
    nft_cli("delete", "table", "inet", "elsewhere")


def test_listing_names_as_nft():
    """A listing prints interface, protocol and time names exactly as nft does, whoever loaded
    the rules (here nft itself), and the helper survives it (src/lookups.zig). The rules the helper
    refuses to add as lookups (skuid/skgid, osf, ct label) list too: nft -j prints them as numbers
    and strings, resolving nothing."""
    # mitigates: M-56
    subprocess.run(PREFIX + ["ip", "link", "add", "bbwan0", "type", "veth", "peer", "name", "bbwan1"],
                   capture_output=True, check=False)
    nft_cli("delete", "table", "inet", "app")
    loaded = subprocess.run(PREFIX + ["nft", "-f", "-"], input="""
table inet app {
    set ingress { type iface_index; elements = { "lo", "bbwan0" } }
    map by_interface { type iface_index : verdict; elements = { "bbwan1" : accept } }
    chain input {
        type filter hook input priority 0; policy accept;
        iif "lo" accept
        oif "bbwan0" drop
        iif @ingress counter
        iif vmap @by_interface
        fib daddr . iif oif missing drop
        fib saddr oif "bbwan1" accept
        ip protocol gre accept
        meta l4proto { tcp, udp, ipv6-icmp, 47, 132 } accept
        ip6 nexthdr ipv6-icmp accept
        ct original protocol 6 accept
        meta hour "08:00"-"17:30" accept
        meta day "Monday" accept
        meta skuid { 0, 1000 } accept
        meta skgid 0 accept
        osf name "Linux" accept
        ct label 1 accept
    }
}
""", capture_output=True, text=True, check=False)
    check(loaded.returncode == 0, f"nft loads the names ruleset: {loaded.stderr}")
    expected = json.loads(nft_cli("-j", "list", "table", "inet", "app").stdout)["nftables"]
    expected = [item for item in expected if "metainfo" not in item]
    helper = start()
    for request_id in (60, 61):  # twice: libnftables opens its route socket once per command
        try:
            listed = nft_request(helper, [{"list": {"table": {"family": "inet", "name": "app"}}}], request_id) or {}
        except (BrokenPipeError, RuntimeError) as error:
            listed = {"died": str(error)}
        check(listed.get("ok") is True, f"the helper lists iif/oif/iface_index rules and lives: {listed}")
        got = listed.get("result", {}).get("nftables")
        check(json.dumps(got) == json.dumps(expected),
              f"names and member order as nft prints them:\n  helper {json.dumps(got)}\n  nft    {json.dumps(expected)}")
    # Both owned tables in one `list ruleset`: libnftables is asked table by table.
    nft_cli("add", "table", "inet", "nftj_demo")
    nft_cli("add", "chain", "inet", "nftj_demo", "forward", "{ type filter hook forward priority 0 ; }")
    everything = nft_request(helper, [{"list": {"ruleset": None}}], 63) or {}
    both = [item for table in ("app", "nftj_demo")
            for item in json.loads(nft_cli("-j", "list", "table", "inet", table).stdout)["nftables"] if "metainfo" not in item]
    check(everything.get("ok") is True and sorted(canonical(everything["result"]["nftables"])) == sorted(canonical(both)),
          f"list ruleset holds both owned tables as nft lists them: {everything}")
    code, _, _ = helper.close()
    check(code == 0, f"the helper ends normally after the listings (exit {code})")
    nft_cli("delete", "table", "inet", "app")
    nft_cli("delete", "table", "inet", "nftj_demo")


for test in [test_reading_changes_nothing, test_hello, test_batch_list_check_echo, test_policy_and_listing,
             test_vectors, test_nothing_read_for_text, test_rate_limit, test_rate_limit_across_restarts,
             test_rate_limit_across_parallel_helpers, test_rate_limit_charges_by_work, test_refused_transactions_are_charged, test_reserved_table,
             test_epipe, test_unsafe_copy, test_state_digest, test_listing_names_as_nft]:
    print(f"== {test.__name__}", flush=True)
    test()
for directory in CLEANUP:
    shutil.rmtree(directory, ignore_errors=True)

print(f"black-box: {passed} checks passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
