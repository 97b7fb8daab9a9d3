#!/usr/bin/env python3
"""The libnftables workload the seccomp allowlist was measured with (tests/seccomp-measure.sh) and
is checked against (tests/lockdown-selftest.sh): a series of batches (tables, chains, interval
sets, 20 000 elements, rules, list, echo, check, failing batches) sent to a sealed process.

usage: lockdown-workload.py selftest|helper COMMAND...
  selftest  COMMAND is `nftj-lockdown-selftest workload` (frame body: flag byte + libnftables JSON;
            answer: return code, NUL, output, NUL, error text)
  helper    COMMAND is the helper (protocol.md requests: hello first, then `nft` ops)

Prints one line per answer; exits 0 only when every request was answered, each batch succeeded or
failed as expected, and the process exited 0. Run it inside a throwaway network namespace
(unshare -n): it creates and deletes the table inet app.
"""
import json
import struct
import subprocess
import sys

TABLE = {"family": "inet", "name": "app"}
ELEMENTS = [{"prefix": {"addr": "11.%d.%d.0" % (i // 256, i % 256), "len": 24}} for i in range(20000)]
RULE_SADDR = [{"match": {"op": "==", "left": {"payload": {"protocol": "ip", "field": "saddr"}}, "right": "@blocked"}},
              {"counter": None}, {"drop": None}]
RULE_SSH = [{"match": {"op": "==", "left": {"payload": {"protocol": "tcp", "field": "dport"}}, "right": 22}},
            {"accept": None}]

# (mode flag, commands, must succeed): '-' plain, 'e' echo, 'c' check (dry run).
BATCHES = [
    ("-", [{"add": {"table": TABLE}}], True),
    ("-", [{"add": {"chain": {"family": "inet", "table": "app", "name": "input", "type": "filter",
                              "hook": "input", "prio": 0, "policy": "accept"}}}], True),
    ("e", [{"add": {"set": {"family": "inet", "table": "app", "name": "blocked", "type": "ipv4_addr",
                            "flags": ["interval"]}}}], True),
    ("e", [{"add": {"element": {"family": "inet", "table": "app", "name": "blocked",
                                "elem": [{"prefix": {"addr": "10.%d.0.0" % i, "len": 16}} for i in range(200)]}}}], True),
    ("e", [{"add": {"rule": {"family": "inet", "table": "app", "chain": "input", "expr": RULE_SADDR}}}], True),
    ("c", [{"add": {"rule": {"family": "inet", "table": "app", "chain": "input", "expr": RULE_SSH}}}], True),
    ("-", [{"list": {"ruleset": None}}], True),
    ("-", [{"list": {"table": TABLE}}], True),
    ("-", [{"add": {"chain": {"family": "inet", "table": "app", "name": "x"}}},
           {"delete": {"chain": {"family": "inet", "table": "app", "name": "nope"}}}], False),
    ("-", [{"delete": {"set": {"family": "inet", "table": "app", "name": "nope"}}}], False),
    ("-", [{"add": {"table": TABLE}}, {"add": {"table": TABLE}}], True),
    ("-", [{"add": {"element": {"family": "inet", "table": "app", "name": "blocked", "elem": ELEMENTS}}}], True),
    ("-", [{"list": {"set": {"family": "inet", "table": "app", "name": "blocked"}}}], True),
    ("-", [{"flush": {"table": TABLE}}], True),
    ("-", [{"delete": {"table": TABLE}}], True),
    ("-", [{"list": {"tables": None}}], True),
]


def frame(body):
    return struct.pack(">I", len(body)) + body


def requests(mode):
    if mode == "selftest":
        return [frame(flag.encode() + json.dumps({"nftables": commands}).encode()) for flag, commands, _ in BATCHES]
    out = [frame(json.dumps({"id": 1, "op": "hello", "protocol": 1}).encode())]
    for index, (flag, commands, _) in enumerate(BATCHES):
        request = {"id": index + 2, "op": "nft", "batch": {"nftables": commands}, "check": flag == "c", "echo": flag == "e"}
        out.append(frame(json.dumps(request).encode()))
    return out


def succeeded(mode, body):
    if mode == "selftest":
        return body[:1] == b"0"
    return json.loads(body).get("ok") is True


def main():
    mode, command = sys.argv[1], sys.argv[2:]
    assert mode in ("selftest", "helper")
    process = subprocess.run(command, input=b"".join(requests(mode)), stdout=subprocess.PIPE)
    out, offset, answers = process.stdout, 0, []
    while offset + 4 <= len(out):
        (length,) = struct.unpack(">I", out[offset:offset + 4])
        answers.append(out[offset + 4:offset + 4 + length])
        offset += 4 + length
    if mode == "helper" and answers:
        hello, answers = answers[0], answers[1:]
        print("hello", hello[:120])
    as_expected = len(answers) == len(BATCHES)
    for index, body in enumerate(answers):
        ok = succeeded(mode, body)
        expected = index < len(BATCHES) and BATCHES[index][2] == ok
        as_expected = as_expected and expected
        print(index, "ok" if ok else "failed", "(as expected)" if expected else "(NOT as expected)", len(body), body[:100])
    print("exit", process.returncode, "answers", len(answers), "of", len(BATCHES))
    sys.exit(0 if process.returncode == 0 and as_expected else 1)


if __name__ == "__main__":
    main()
