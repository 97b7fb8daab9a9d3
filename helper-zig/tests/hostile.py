#!/usr/bin/env python3
"""The hostile-frames suite: a compromised JVM (or any member of the helper's group) attacks the
installed helper with arbitrary frames, inside throwaway network namespaces that also hold other
programs' tables. Every case here is an attack that once worked, or a variation of one.

Driven by run-hostile.sh (root). Usage: hostile.py HELPER_BINARY
Each test installs the helper under /run with its own policy the way `nftj install` does
(root:nogroup 0750 with the file capability cap_net_admin+ep, the policy root-owned 0644), creates
its own namespace, runs the helper there as an unprivileged member of the helper's group (what a
compromised JVM is), and removes both afterwards.
"""
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import frames  # noqa: E402

BINARY = sys.argv[1]
ALL_OPERATIONS = ["add", "create", "insert", "replace", "delete", "destroy", "flush", "list", "reset", "rename"]
# The application's user and the helper's group (nobody, nogroup): not root.
USER = 65534
GROUP = 65534
failures = []
passed = 0


def check(condition, message):
    global passed
    if condition:
        passed += 1
    else:
        failures.append(message)
        print("FAIL:", message, flush=True)


class Deployment(frames.Deployment):
    """The helper installed under /run with `policy` as `nftj install` installs it (the helper's
    group, the file capability), and a fresh network namespace."""

    def __init__(self, policy):
        super().__init__(BINARY, policy, "nftj-hostile-", group=GROUP, capability=True)
        self.next_id = 1

    def load(self, text):
        result = self.nft("-f", "-", stdin=text)
        assert result.returncode == 0, result.stderr

    def ruleset(self):
        """The namespace's ruleset without the rate limit's table (table inet nftj_rate): a
        request that reaches the kernel is charged even when the kernel refuses it, and the
        table's tokens expire on their own timers."""
        return re.sub(r"(?ms)^table inet nftj_rate \{.*?^\}\n?", "", self.nft("list", "ruleset").stdout)

    def start(self):
        """The helper as the application's user runs it: not root, a member of its group, no
        capability but the file's."""
        user = ["setpriv", "--reuid=%d" % USER, "--regid=%d" % GROUP, "--groups=%d" % GROUP, "--inh-caps=-all"]
        return frames.Helper(self.binary, self.prefix + user)

    def request(self, helper, commands, **extra):
        self.next_id += 1
        frame = {"id": self.next_id, "op": "nft", "batch": {"nftables": commands}}
        frame.update(extra)
        return helper.request(frame)


def policy(tables, operations=ALL_OPERATIONS, **extra):
    body = {"version": 1, "tables": [{"family": f, "name": n} for f, n in tables], "operations": operations,
            "rate": {"perSecond": 1000, "burst": 100000}}
    body.update(extra)
    return body


# ---- foreign names never appear in answers -----------------------------------------------------

# Every object kind of another program's table, each named one edit away from what the attacker
# asks for in its own table (libnftables' hint searches every table, nearest name first).
FOREIGN = """
table inet zqvictim {
    counter zqcnt1 { }
    quota zqquo1 { 25 mbytes }
    limit zqlim1 { rate 10/second }
    ct helper zqhlp1 { type "ftp" protocol tcp; }
    ct timeout zqtmo1 { protocol tcp; l3proto ip; policy = { established: 100 }; }
    ct expectation zqexp1 { protocol tcp; dport 21; timeout 1m; size 10; l3proto ip; }
    synproxy zqsyn1 { mss 1460 wscale 7 }
    set zqset1 { type ipv4_addr; }
    map zqmap1 { type ipv4_addr : ipv4_addr; }
    map zqvmp1 { type ipv4_addr : verdict; }
    chain zqchn1 { }
}
table ip zqsecretfw {
    chain zqdock1 { }
}
"""
# Kinds this kernel may lack (secmark needs an LSM, flowtables the flow table modules): created
# when it can; the probes run either way.
FOREIGN_OPTIONAL = ['table inet zqvictim {\n secmark zqsec1 { "system_u:object_r:ssh_server_packet_t:s0" }\n}\n',
                    "table inet zqvictim {\n flowtable zqflo1 { hook ingress priority 0; devices = { lo }; }\n}\n"]
FOREIGN_NAMES = ["zqvictim", "zqsecretfw", "zqcnt1", "zqquo1", "zqlim1", "zqhlp1", "zqtmo1", "zqexp1", "zqsec1",
                 "zqsyn1", "zqset1", "zqmap1", "zqvmp1", "zqflo1", "zqchn1", "zqdock1"]


def probes():
    """(description, commands, name the answer should mention) of requests that miss in the owned
    table inet app; each names an object one edit away from a foreign one."""
    a = {"family": "inet", "table": "app"}

    def rule(*expr):
        return {"add": {"rule": dict(a, chain="c", expr=list(expr))}}

    ip_saddr = {"payload": {"protocol": "ip", "field": "saddr"}}
    cases = []
    # Not found on every verb, for every object kind.
    for kind, name in [("chain", "zqchn2"), ("set", "zqset2"), ("map", "zqmap2"), ("flowtable", "zqflo2"),
                       ("counter", "zqcnt2"), ("quota", "zqquo2"), ("limit", "zqlim2"), ("ct helper", "zqhlp2"),
                       ("ct timeout", "zqtmo2"), ("ct expectation", "zqexp2"), ("secmark", "zqsec2"),
                       ("synproxy", "zqsyn2")]:
        cases.append((f"list {kind}", [{"list": {kind: dict(a, name=name)}}], name))
        cases.append((f"delete {kind}", [{"delete": {kind: dict(a, name=name)}}], name))
    for kind, name in [("counter", "zqcnt2"), ("quota", "zqquo2")]:
        cases.append((f"reset {kind}", [{"reset": {kind: dict(a, name=name)}}], name))
    for kind, name in [("chain", "zqchn2"), ("set", "zqset2"), ("map", "zqmap2")]:
        cases.append((f"flush {kind}", [{"flush": {kind: dict(a, name=name)}}], name))
    cases.append(("rename chain", [{"rename": {"chain": dict(a, name="zqchn2", newname="x")}}], "zqchn2"))
    cases.append(("add rule to a missing chain", [{"add": {"rule": dict(a, chain="zqchn2", expr=[{"accept": None}])}}], "zqchn2"))
    cases.append(("insert rule into a missing chain", [{"insert": {"rule": dict(a, chain="zqchn2", expr=[{"accept": None}])}}], "zqchn2"))
    cases.append(("replace rule in a missing chain", [{"replace": {"rule": dict(a, chain="zqchn2", handle=1, expr=[{"accept": None}])}}], "zqchn2"))
    cases.append(("delete rule in a missing chain", [{"delete": {"rule": dict(a, chain="zqchn2", handle=1)}}], "zqchn2"))
    # References inside rules.
    cases.append(("jump to a missing chain", [rule({"jump": {"target": "zqchn2"}})], "c"))
    cases.append(("goto a missing chain", [rule({"goto": {"target": "zqdock2"}})], "c"))
    cases.append(("match against a missing set", [rule({"match": {"op": "==", "left": ip_saddr, "right": "@zqset2"}})], "c"))
    cases.append(("set statement on a missing set", [rule({"set": {"op": "add", "elem": ip_saddr, "set": "@zqset2"}})], "c"))
    cases.append(("vmap over a missing map", [rule({"vmap": {"key": ip_saddr, "data": "@zqvmp2"}})], "c"))
    cases.append(("flow offload to a missing flowtable", [rule({"flow": {"op": "add", "flowtable": "@zqflo2"}})], "c"))
    for statement, name in [("counter", "zqcnt2"), ("quota", "zqquo2"), ("limit", "zqlim2"), ("ct helper", "zqhlp2"),
                            ("ct timeout", "zqtmo2"), ("ct expectation", "zqexp2"), ("secmark", "zqsec2"),
                            ("synproxy", "zqsyn2")]:
        cases.append((f"named {statement} reference", [rule({statement: name})], "c"))
    # Element commands.
    cases.append(("add element to a missing set", [{"add": {"element": dict(a, name="zqset2", elem=["192.0.2.1"])}}], "zqset2"))
    cases.append(("delete element from a missing set", [{"delete": {"element": dict(a, name="zqset2", elem=["192.0.2.1"])}}], "zqset2"))
    # Verdicts in maps, anonymous and named, naming a missing chain.
    cases.append(("anonymous vmap: jump to a missing chain", [rule({"vmap": {"key": ip_saddr, "data": {"set": [
        ["192.0.2.1", {"jump": {"target": "zqchn2"}}]]}}})], "c"))
    cases.append(("vmap element: jump to a missing chain", [{"add": {"map": dict(a, name="zqvmp2", type="ipv4_addr", map="verdict")}},
                                                            {"add": {"element": dict(a, name="zqvmp2", elem=[
                                                                ["192.0.2.1", {"goto": {"target": "zqdock2"}}]])}}], None))
    cases.append(("rename a chain onto a name that exists", [{"add": {"chain": dict(a, name="zqchn2")}},
                                                             {"rename": {"chain": dict(a, name="c", newname="zqchn2")}}], None))
    # Several commands: the failing one is unknown to the helper.
    cases.append(("a miss inside a batch of three", [{"add": {"chain": dict(a, name="ok1")}},
                                                     {"add": {"rule": dict(a, chain="zqchn2", expr=[{"accept": None}])}},
                                                     {"add": {"chain": dict(a, name="ok2")}}], None))
    return cases


def test_no_foreign_names_in_answers():
    # The policy owns inet app (exists), and two tables that do not exist, one edit and one
    # family away from the foreign table: libnftables would suggest the foreign one.
    with Deployment(policy([("inet", "app"), ("inet", "zqvictin"), ("ip", "zqvictim")])) as deployment:
        deployment.load(FOREIGN)
        for text in FOREIGN_OPTIONAL:
            result = deployment.nft("-f", "-", stdin=text)
            if result.returncode != 0:
                print(f"note: this kernel cannot hold {text.split('{')[1].split()[0]} objects; probed without one")
        deployment.load("table inet app {\n  chain c {\n  }\n}\n")
        helper = deployment.start()
        helper.request({"id": 1, "op": "hello", "protocol": 1})
        with open("/proc/%d/status" % helper.process.pid) as status:
            uids = [line.split()[1:] for line in status if line.startswith(("Uid:", "Gid:"))]
        check(uids == [[str(USER)] * 4, [str(GROUP)] * 4], f"the helper runs as the application's user, not root: {uids}")
        before = deployment.ruleset()
        count = 0
        cases = probes()
        cases.append(("list a missing owned table one edit away", [{"list": {"table": {"family": "inet", "name": "zqvictin"}}}], "zqvictin"))
        cases.append(("add chain to a missing owned table", [{"add": {"chain": {"family": "inet", "table": "zqvictin", "name": "c"}}}], "zqvictin"))
        cases.append(("delete chain in a missing owned table", [{"delete": {"chain": {"family": "inet", "table": "zqvictin", "name": "zqchn2"}}}], "zqvictin"))
        for description, commands, mentions in cases:
            for dry in (False, True):
                answer = deployment.request(helper, commands, check=dry)
                text = json.dumps(answer)
                label = f"{description}{' (check)' if dry else ''}"
                check(answer is not None, f"{label}: answered")
                if answer is None:
                    helper = deployment.start()
                    continue
                leaked = [name for name in FOREIGN_NAMES if name in text]
                check(not leaked, f"{label}: the answer names no foreign object ({leaked}: {text})")
                check("mean" not in text, f"{label}: no hint ({text})")
                # (libnftables 1.0.6 answers `list ct timeout` of a missing name with the table's
                # other objects: not an error, and only the owned table's.)
                if answer["ok"] is False and answer["error"]["code"] in ("not_found", "nft_failed") and mentions is not None:
                    check(mentions in answer["error"]["message"], f"{label}: the message names the request's object {mentions} ({text})")
                count += 1
        # The family hint: a table of the policy that does not exist in this family, but does
        # (foreign) in another: the answer must not say which family has it.
        answer = deployment.request(helper, [{"list": {"table": {"family": "ip", "name": "zqvictim"}}}])
        check(answer["ok"] is False and "inet" not in json.dumps(answer), f"family hint withheld: {answer}")
        check(deployment.ruleset() == before, "no probe changed the ruleset")
        code, _, _ = helper.close()
        check(code == 0, f"the helper served every probe and exited cleanly ({code})")
        print(f"foreign-name probes: {count}")


# ---- an add-only policy only adds --------------------------------------------------------------

ADD_ONLY_SETUP = """
table inet app {
    set bl { type ipv4_addr; flags timeout; size 100; elements = { 10.0.0.1 timeout 1h } }
    quota q { 1000 bytes }
    chain input { type filter hook input priority 0; policy accept; }
}
"""


def test_add_only_policy_only_adds():
    a = {"family": "inet", "table": "app"}
    flip = {"add": {"chain": dict(a, name="input", type="filter", hook="input", prio=0, policy="drop")}}
    shorten = {"add": {"element": dict(a, name="bl", elem=[{"elem": {"val": "10.0.0.1", "timeout": 1000}}])}}
    resize = {"add": {"set": dict(a, name="bl", type="ipv4_addr", flags=["timeout"], size=1)}}
    requota = {"add": {"quota": dict(a, name="q", bytes=1)}}
    with Deployment(policy([("inet", "app")], operations=["add", "list"])) as deployment:
        deployment.load(ADD_ONLY_SETUP)
        helper = deployment.start()
        before = deployment.ruleset()
        for label, command in [("a base chain's policy flipped to drop", flip), ("an element's timeout cut to 1s", shorten),
                               ("a set's size changed", resize), ("a named quota changed", requota)]:
            for dry in (False, True):
                answer = deployment.request(helper, [command], check=dry)
                check(answer["ok"] is False and answer["error"]["code"] == "exists",
                      f"add-only: {label}{' (check)' if dry else ''}: refused as exists ({answer})")
        time.sleep(1.5)
        steady = lambda text: re.sub(r" expires \S+", "", text)  # the element's countdown moves on
        check(steady(deployment.ruleset()) == steady(before), "add-only: nothing changed (policy accept, element alive, size, quota)")
        check("10.0.0.1" in deployment.nft("list", "set", "inet", "app", "bl").stdout, "add-only: the element did not expire")
        # What is new is added; rules are appended.
        answer = deployment.request(helper, [{"add": {"element": dict(a, name="bl", elem=["10.0.0.2"])}},
                                             {"add": {"rule": dict(a, chain="input", expr=[{"accept": None}])}}])
        check(answer["ok"] is True, f"add-only: a new element and a rule are added ({answer})")
        helper.close()
    # Control: with replace in the policy, the same add does change the chain (what the rewrite stops).
    with Deployment(policy([("inet", "app")], operations=["add", "replace", "list"])) as deployment:
        deployment.load(ADD_ONLY_SETUP)
        helper = deployment.start()
        answer = deployment.request(helper, [flip])
        check(answer["ok"] is True and "policy drop" in deployment.nft("list", "chain", "inet", "app", "input").stdout,
              f"control: with replace allowed, add changes the base chain's policy ({answer})")
        helper.close()


# ---- kernel resources are capped ---------------------------------------------------------------

def addresses(start, count):
    return ["10.%d.%d.%d" % ((i >> 16) & 255, (i >> 8) & 255, i & 255) for i in range(start, start + count)]


def test_resource_caps():
    a = {"family": "inet", "table": "app"}
    limits = {"elementsPerSet": 1000, "setsPerTable": 3, "chainsPerTable": 3, "rulesPerTable": 5}
    with Deployment(policy([("inet", "app")], limits=limits)) as deployment:
        helper = deployment.start()
        answer = deployment.request(helper, [{"add": {"table": {"family": "inet", "name": "app"}}},
                                             {"add": {"set": dict(a, name="s", type="ipv4_addr")}}])
        check(answer["ok"] is True, f"a set without size is accepted ({answer})")
        listed = json.loads(deployment.nft("-j", "list", "set", "inet", "app", "s").stdout)
        sizes = [item["set"].get("size") for item in listed["nftables"] if "set" in item]
        check(sizes == [1000], f"it was created with the policy's elementsPerSet as its size: {sizes}")
        codes = []
        for batch in range(3):
            answer = deployment.request(helper, [{"add": {"element": dict(a, name="s", elem=addresses(batch * 400, 400))}}])
            codes.append("ok" if answer["ok"] else answer["error"]["code"])
        check(codes == ["ok", "ok", "policy_denied"], f"3 x 400 elements into a set capped at 1000: {codes}")
        check("elementsPerSet (1000)" in answer.get("error", {}).get("message", ""), f"the refusal names the cap: {answer}")
        held = deployment.nft("list", "set", "inet", "app", "s").stdout.count("10.")
        check(held == 800, f"the third batch changed nothing: the set holds 800 ({held})")
        for label, commands, words in [
            ("one command with more elements than the cap", [{"add": {"element": dict(a, name="s", elem=addresses(5000, 1001))}}], "elementsPerSet"),
            ("a set sized above the cap", [{"add": {"set": dict(a, name="big", type="ipv4_addr", size=5000)}}], "elementsPerSet"),
            ("a set of size 0 (unbounded)", [{"add": {"set": dict(a, name="big", type="ipv4_addr", size=0)}}], "unbounded"),
        ]:
            answer = deployment.request(helper, commands)
            check(answer["ok"] is False and answer["error"]["code"] == "policy_denied" and words in answer["error"]["message"],
                  f"{label}: policy_denied naming {words} ({answer})")
        # A set that root created without size: refused until a batch declares it again.
        deployment.load("table inet app {\n set legacy { type ipv4_addr; }\n}\n")
        answer = deployment.request(helper, [{"add": {"element": dict(a, name="legacy", elem=["192.0.2.1"])}}])
        check(answer["ok"] is False and answer["error"]["code"] == "policy_denied" and "no size" in answer["error"]["message"],
              f"elements into a set without size: refused ({answer})")
        answer = deployment.request(helper, [{"add": {"set": dict(a, name="legacy", type="ipv4_addr")}},
                                             {"add": {"element": dict(a, name="legacy", elem=["192.0.2.1"])}}])
        check(answer["ok"] is True and "size 1000" in deployment.nft("list", "set", "inet", "app", "legacy").stdout,
              f"declared again, it gets the cap as its size and takes the element ({answer})")
        # Sets per table: s and legacy exist; one more fits, the fourth does not.
        answer = deployment.request(helper, [{"add": {"set": dict(a, name="s3", type="ipv4_addr")}}, {"add": {"set": dict(a, name="s4", type="ipv4_addr")}}])
        check(answer["ok"] is False and answer["error"]["code"] == "policy_denied" and answer["error"].get("command") == 1
              and "setsPerTable (3)" in answer["error"]["message"], f"a fourth set: policy_denied at its command ({answer})")
        # Chains and rules.
        answer = deployment.request(helper, [{"add": {"chain": dict(a, name=f"c{n}")}} for n in range(4)])
        check(answer["ok"] is False and "chainsPerTable (3)" in answer["error"]["message"], f"a fourth chain: policy_denied ({answer})")
        answer = deployment.request(helper, [{"add": {"chain": dict(a, name="c0")}}] +
                                    [{"add": {"rule": dict(a, chain="c0", expr=[{"accept": None}])}} for _ in range(5)])
        check(answer["ok"] is True, f"five rules fit ({answer})")
        answer = deployment.request(helper, [{"add": {"rule": dict(a, chain="c0", expr=[{"accept": None}])}}])
        check(answer["ok"] is False and "rulesPerTable (5)" in answer["error"]["message"], f"a sixth rule: policy_denied ({answer})")
        answer = deployment.request(helper, [{"flush": {"chain": dict(a, name="c0")}}] +
                                    [{"add": {"rule": dict(a, chain="c0", expr=[{"drop": None}])}} for _ in range(5)])
        check(answer["ok"] is True, f"flush and add five again in one batch (a sync) fits ({answer})")
        helper.close()
    # Anonymous sets (written in rules) are kernel sets too: a table's together hold at most
    # elementsPerSet, counted from the listing and the batch, whatever verb adds the rule.
    ip_saddr = {"payload": {"protocol": "ip", "field": "saddr"}}

    def literal(start, count):
        return {"match": {"op": "==", "left": ip_saddr, "right": {"set": addresses(start, count)}}}

    with Deployment(policy([("inet", "app")], limits=dict(limits, rulesPerTable=100))) as deployment:
        deployment.load("table inet app {\n chain c {\n }\n}\n")
        helper = deployment.start()
        for label, commands in [
            ("a rule with 1001 elements in its anonymous set", [{"add": {"rule": dict(a, chain="c", expr=[literal(0, 1001)])}}]),
            ("an anonymous verdict map of 1001 elements", [{"add": {"rule": dict(a, chain="c", expr=[
                {"vmap": {"key": ip_saddr, "data": {"set": [[x, {"drop": None}] for x in addresses(0, 1001)]}}}])}}]),
            ("two anonymous sets of 600 in one rule", [{"add": {"rule": dict(a, chain="c", expr=[literal(0, 600), literal(600, 600)])}}]),
            ("insert: 1001 anonymous elements", [{"insert": {"rule": dict(a, chain="c", expr=[literal(0, 1001)])}}]),
        ]:
            answer = deployment.request(helper, commands)
            check(answer["ok"] is False and answer["error"]["code"] == "policy_denied" and "anonymous" in answer["error"]["message"]
                  and "elementsPerSet" in answer["error"]["message"], f"{label}: policy_denied ({answer})")
        answer = deployment.request(helper, [{"add": {"rule": dict(a, chain="c", expr=[literal(0, 600), {"drop": None}])}}])
        check(answer["ok"] is True, f"600 anonymous elements fit ({answer})")
        for label, verb, extra in [("add", "add", {}), ("insert", "insert", {}), ("replace", "replace", {"handle": 2})]:
            answer = deployment.request(helper, [{verb: {"rule": dict(a, chain="c", expr=[literal(1000, 500)], **extra)}}])
            check(answer["ok"] is False and answer["error"]["code"] == "policy_denied" and "anonymous sets" in answer["error"]["message"],
                  f"{label}: 500 more anonymous elements beside the table's 600 (counted from its listing): policy_denied ({answer})")
        answer = deployment.request(helper, [{"flush": {"chain": dict(a, name="c")}},
                                             {"add": {"rule": dict(a, chain="c", expr=[literal(0, 900)])}}])
        check(answer["ok"] is True, f"flush and 900 again in one batch (a sync) fits ({answer})")
        listed = deployment.nft("list", "chain", "inet", "app", "c").stdout
        check(listed.count("10.0.") == 900, "the kernel holds the one anonymous set of 900")
        helper.close()
    # The default caps apply without a limits key: a set gets 131072 as its size.
    with Deployment(policy([("inet", "app")])) as deployment:
        helper = deployment.start()
        answer = deployment.request(helper, [{"add": {"table": {"family": "inet", "name": "app"}}},
                                             {"add": {"set": dict(a, name="s", type="ipv4_addr")}},
                                             {"add": {"element": dict(a, name="s", elem=addresses(0, 131073))}}])
        check(answer["ok"] is False and answer["error"]["code"] == "policy_denied" and "elementsPerSet" in answer["error"]["message"],
              f"default cap: 131073 elements in one command refused ({answer['error'] if not answer['ok'] else answer})")
        answer = deployment.request(helper, [{"add": {"table": {"family": "inet", "name": "app"}}},
                                             {"add": {"set": dict(a, name="s", type="ipv4_addr")}}])
        listed = deployment.nft("list", "set", "inet", "app", "s").stdout
        check("size 131072" in listed, f"default cap: the set's size is 131072: {listed}")
        helper.close()


# ---- host-wide power is restricted by a version 2 policy -------------------------------------

HOSTWIDE_POLICY = dict(policy([("inet", "app"), ("netdev", "app")]), version=2,
                       baseChains=[{"family": "inet", "hooks": ["input", "forward"], "types": ["filter"],
                                    "priority": {"min": -10, "max": 10}, "policies": ["accept"]},
                                   {"family": "netdev", "hooks": ["ingress"], "types": ["filter"],
                                    "priority": {"min": 0, "max": 0}, "policies": ["accept"]}],
                       devices=["vnftj*"], statements=["queue"])


def test_host_wide_restrictions():
    a = {"family": "inet", "table": "app"}

    def base(**fields):
        return {"add": {"chain": dict(dict(a, name="in", type="filter", hook="input", prio=0), **fields)}}

    def rule(*expr):
        return {"add": {"rule": dict(a, chain="c", expr=list(expr))}}

    limit = {"limit": {"rate": 10, "per": "second"}}
    with Deployment(HOSTWIDE_POLICY) as deployment:
        deployment.load("table inet app {\n chain c {\n }\n}\ntable netdev app {\n}\n")
        subprocess.run(deployment.prefix + ["ip", "link", "add", "vnftj0", "type", "veth", "peer", "name", "vnftj1"], check=True)
        helper = deployment.start()
        reported = helper.request({"id": 1, "op": "hello", "protocol": 1})["result"]["policy"]
        check(reported.get("version") == 2 and reported.get("statements") == ["queue"] and reported.get("devices") == ["vnftj*"]
              and reported.get("baseChains") == HOSTWIDE_POLICY["baseChains"] and reported.get("limits", {}).get("elementsPerSet") == 131072,
              f"hello reports the version 2 policy as written, with the default limits: {reported}")
        before = deployment.ruleset()
        denied = [
            ("a base chain with policy drop", base(policy="drop"), "chain policy"),
            ("a base chain at priority -300 (before conntrack)", base(prio=-300), "priority"),
            ("a base chain on the output hook", {"add": {"chain": dict(a, name="o", type="filter", hook="output", prio=0)}}, "no baseChains entry"),
            ("netdev ingress on lo", {"add": {"chain": {"family": "netdev", "table": "app", "name": "i", "type": "filter", "hook": "ingress", "prio": 0, "dev": "lo"}}}, "devices"),
            ("notrack", rule({"notrack": None}), "notrack"),
            ("ct helper assignment", rule({"ct helper": "ftp-standard"}), "ct helper"),
            ("tproxy", rule({"match": {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": "tcp"}}, {"tproxy": {"family": "ip", "addr": "127.0.0.1", "port": 8080}}), "tproxy"),
            ("synproxy", rule({"synproxy": {"mss": 1460, "wscale": 7}}), "synproxy"),
            ("dup to another host", rule({"dup": {"addr": "192.0.2.1"}}), "dup"),
            ("log without a limit", rule({"log": None}), "log"),
            ("log before its limit", rule({"log": None}, limit), "log"),
            ("ct helper set by mangle (libnftables makes it the ct helper statement)",
             rule({"mangle": {"key": {"ct": {"key": "helper"}}, "value": "ftp"}}), "ct helper"),
            ("log after limit rate over (passes what exceeds the rate)",
             rule({"limit": {"rate": 1, "per": "second", "inv": True}}, {"log": None}), "log"),
            ("log after a limit of 4294967295/second", rule({"limit": {"rate": 4294967295, "per": "second"}}, {"log": None}), "log"),
            ("log after a limit of 101/second", rule({"limit": {"rate": 101, "per": "second"}}, {"log": None}), "log"),
            ("log after a limit with a burst of 1000", rule({"limit": {"rate": 1, "per": "second", "burst": 1000}}, {"log": None}), "log"),
            ("log after a limit in bytes", rule({"limit": {"rate": 1, "per": "second", "rate_unit": "mbytes"}}, {"log": None}), "log"),
            ("log after a named limit (its rate is not in the request)", rule({"limit": "zqlim1"}, {"log": None}), "log"),
        ]
        for label, command, words in denied:
            answer = deployment.request(helper, [command])
            check(answer["ok"] is False and answer["error"]["code"] == "policy_denied" and words in answer["error"]["message"],
                  f"version 2 policy: {label}: policy_denied naming {words} ({answer})")
        check(deployment.ruleset() == before, "version 2 policy: nothing of it reached the kernel")
        allowed = [
            ("a base chain on input, priority 0, accept", base(policy="accept")),
            ("netdev ingress on an allowed device", {"add": {"chain": {"family": "netdev", "table": "app", "name": "i", "type": "filter", "hook": "ingress", "prio": 0, "dev": "vnftj0"}}}),
            ("log after a limit", rule(limit, {"log": None})),
            ("log after a limit of 6000/minute (100/second)", rule({"limit": {"rate": 6000, "per": "minute", "burst": 100}}, {"log": None})),
            ("queue, which the policy lists", rule({"queue": {"num": 1}})),
        ]
        for label, command in allowed:
            answer = deployment.request(helper, [command], check=True)
            code = answer.get("error", {}).get("code")
            check(answer["ok"] is True or code not in ("policy_denied",), f"version 2 policy: {label}: allowed ({answer})")
        helper.close()


# ---- the paths the helper answers itself hold the same boundary ---------------------------------

def test_own_paths_hold():
    """What the helper answers without libnftables (the direct element path, `list set` in
    streamed frames, the summary of a table), requests sent in parts, and the rate limit's table:
    the same policy, no foreign name, the same strictness, nothing changed by a refusal."""
    a = {"family": "inet", "table": "app"}
    foreign_set = {"family": "inet", "table": "zqvictim", "name": "zqset1"}
    with Deployment(policy([("inet", "app"), ("inet", "zqvictin")])) as deployment:
        deployment.load(FOREIGN)
        deployment.load("table inet app {\n chain c {\n }\n set s { type ipv4_addr; size 100; }\n}\n")
        helper = deployment.start()
        before = deployment.ruleset()

        def frame(commands, **flags):
            return dict({"op": "nft", "batch": {"nftables": commands}}, **flags)

        def answers(body, same_id=False):
            """Every frame answering `body` (several when streamed); a part has none."""
            if not same_id:
                deployment.next_id += 1
            helper.send_raw(frames.encode(dict(body, id=deployment.next_id)))
            if body.get("part"):
                return []
            got = []
            while True:
                answer = frames.read_frame(helper.process.stdout)
                got.append(answer)
                if answer is None or not answer.get("more"):
                    return got

        def refused(label, got, code, mentions=None, command=None):
            text = json.dumps(got)
            last = got[-1] if got else None
            check(last is not None and last.get("ok") is False and last["error"]["code"] == code,
                  f"{label}: {code} ({text[:300]})")
            leaked = [name for name in FOREIGN_NAMES if name in text]
            check(not leaked and "mean" not in text, f"{label}: no foreign name, no hint ({leaked}: {text[:300]})")
            if last and mentions is not None:
                check(mentions in last["error"]["message"], f"{label}: names the request's {mentions} ({text[:300]})")
            if last and command is not None:
                check(last["error"].get("command") == command, f"{label}: command {command} of the whole ({text[:300]})")

        # Misses in the owned table, one edit away from foreign objects.
        refused("summary of a missing owned table",
                answers(frame([{"list": {"table": {"family": "inet", "name": "zqvictin"}}}], summary=True)), "not_found")
        for kind, name in [("set", "zqset2"), ("map", "zqmap2"), ("map", "zqvmp2")]:
            refused(f"streamed list {kind} {name}", answers(frame([{"list": {kind: dict(a, name=name)}}], stream=True)),
                    "not_found", name)
        refused("direct add element to a missing set",
                answers(frame([{"add": {"element": dict(a, name="zqset2", elem=["10.0.0.1"])}}])), "not_found", "zqset2")
        refused("direct flush of a missing set", answers(frame([{"flush": {"set": dict(a, name="zqset2")}}])),
                "not_found", "zqset2")
        refused("direct delete of a missing element",
                answers(frame([{"delete": {"element": dict(a, name="s", elem=["10.0.0.9"])}}])), "not_found", "10.0.0.9")
        # Foreign and reserved tables, on every path.
        for label, table in [("a foreign table", {"family": "inet", "name": "zqvictim"}),
                             ("the rate limit's table", {"family": "inet", "name": "nftj_rate"})]:
            refused(f"summary of {label}", answers(frame([{"list": {"table": table}}], summary=True)), "policy_denied")
            target = {"family": table["family"], "table": table["name"], "name": "zqset1"}
            refused(f"streamed list set of {label}", answers(frame([{"list": {"set": target}}], stream=True)),
                    "policy_denied")
            refused(f"direct add element to {label}",
                    answers(frame([{"add": {"element": dict(target, elem=["10.0.0.1"])}}])), "policy_denied")
        # Parts: one request, judged whole when its last frame comes.
        answers(frame([{"add": {"element": dict(a, name="s", elem=["10.0.0.1"])}}], part=True))
        refused("a request in parts whose last part touches a foreign set",
                answers(frame([{"add": {"element": dict(foreign_set, elem=["10.0.0.2"])}}]), same_id=True),
                "policy_denied", command=1)
        answers(frame([{"list": {"ruleset": None}}], part=True))
        refused("list ruleset in one part, a change in the last",
                answers(frame([{"add": {"element": dict(a, name="s", elem=["10.0.0.1"])}}]), same_id=True), "invalid_request")
        answers(frame([{"add": {"element": dict(a, name="s", elem=["10.0.0.1"])}}], part=True))
        interleaved = answers({"op": "hello", "protocol": 1})
        check(interleaved and interleaved[0].get("ok") is False and "another request" in interleaved[0]["error"]["message"],
              f"a frame of another id ends an assembly unrun: {interleaved}")
        hello = frames.read_frame(helper.process.stdout)
        check(hello is not None and hello.get("ok") is True, f"the other request is answered after it: {str(hello)[:200]}")
        # A summary is of one `list table` only.
        for listing in ({"ruleset": None}, {"tables": None}):
            refused(f"summary of list {next(iter(listing))}", answers(frame([{"list": listing}], summary=True)),
                    "invalid_request")
        refused("summary of a change", answers(frame([{"add": {"element": dict(a, name="s", elem=["10.0.0.3"])}}],
                                                     summary=True)), "invalid_request")
        check(deployment.ruleset() == before, "no refusal changed the ruleset")
        # The state digest covers the owned tables only: another table's change moves the ruleset
        # generation (residual R-12), never the digest.
        first = answers({"op": "digest"})[0]
        deployment.load("table inet zqvictim {\n chain zqchn3 {\n }\n}\ntable ip app {\n chain c {\n }\n}\n")
        second = answers({"op": "digest"})[0]
        check(first.get("ok") and second.get("ok") and first["result"]["digest"] == second["result"]["digest"]
              and second["result"]["generation"] != first["result"]["generation"]
              and [t["name"] for t in second["result"]["tables"]] == ["app"]
              and not [name for name in FOREIGN_NAMES if name in json.dumps(second)],
              f"the digest is of the owned tables only: {first} {second}")
        code, _, stderr = helper.close()
        check(code == 0 and b"fatal signal" not in stderr, f"the helper served everything and exited cleanly ({code})")


def test_grouped_element_requests():
    """The shape of the JVM's group commit, attacked at the helper: many callers' element
    commands in one request. Applied whole in one transaction or not at all; a refusal names the
    command (so the JVM can tell which caller's batch it was) and the element, and changes
    nothing; a foreign set anywhere in the group is policy_denied; the rate limit charges the
    whole group's work (a group above the burst is refused whole, as the JVM must expect)."""
    a = {"family": "inet", "table": "app"}
    with Deployment(policy([("inet", "app"), ("inet", "zqvictin")], rate={"perSecond": 1, "burst": 20})) as deployment:
        deployment.load(FOREIGN)
        deployment.load("table inet app {\n set s4 { type ipv4_addr; size 1000; }\n"
                        " set s6 { type ipv6_addr; size 1000; }\n set p { type inet_service; size 1000; }\n}\n")
        helper = deployment.start()

        def member(caller, verb="add"):
            """Caller `caller`'s batch: one element command for each of the three sets."""
            return [{verb: {"element": dict(a, name="s4", elem=[f"10.0.{caller}.1"])}},
                    {verb: {"element": dict(a, name="s6", elem=[f"2001:db8::{caller:x}"])}},
                    {verb: {"element": dict(a, name="p", elem=[1000 + caller])}}]

        def elements():
            listed = deployment.nft("-j", "list", "table", "inet", "app").stdout
            return sorted(json.dumps(item["set"].get("elem", []), sort_keys=True) for item in json.loads(listed)["nftables"] if "set" in item)

        empty = elements()
        group = [command for caller in range(1, 9) for command in member(caller)]
        for label, bad, code, names in [
                ("an IPv6 address for the IPv4 set", {"add": {"element": dict(a, name="s4", elem=["2001:db8::99"])}}, "invalid_request", "2001:db8::99"),
                ("a missing element deleted", {"delete": {"element": dict(a, name="p", elem=[9999])}}, "not_found", "9999"),
                ("a foreign set", {"add": {"element": {"family": "inet", "table": "zqvictim", "name": "zqset1", "elem": ["10.9.9.9"]}}}, "policy_denied", None),
                ("a missing owned set one edit from a foreign one", {"add": {"element": dict(a, name="zqset2", elem=["10.9.9.9"])}}, "not_found", "zqset2")]:
            position = 13  # inside the fifth caller's batch
            commands = group[:position] + [bad] + group[position:]
            answer = deployment.request(helper, commands)
            text = json.dumps(answer)
            error = answer.get("error", {})
            check(answer.get("ok") is False and error.get("code") == code, f"grouped, {label}: {code} ({text[:300]})")
            check(error.get("command") == position, f"grouped, {label}: the answer names command {position} ({text[:300]})")
            if names:
                check(names in error.get("message", ""), f"grouped, {label}: the message names {names} ({text[:300]})")
            check(not [name for name in FOREIGN_NAMES if name in text] and "mean" not in text, f"grouped, {label}: no foreign name ({text[:300]})")
            check(elements() == empty, f"grouped, {label}: nothing of the group applied")
        checked = deployment.request(helper, group, check=True)
        check(checked.get("ok") is True and elements() == empty, f"a grouped dry run applies nothing: {str(checked)[:200]}")
        applied = deployment.request(helper, group)
        check(applied.get("ok") is True, f"a good group applies: {str(applied)[:300]}")
        check(all(f"10.0.{caller}.1" in json.dumps(elements()) for caller in range(1, 9)), "every caller's elements are there")
        # The burst is 20 units (one unit per 10 commands and per 10 000 elements): a group of
        # 3 * 140 element commands costs 42 and is refused whole; each caller's batch alone costs 1.
        big = [command for caller in range(20, 160) for command in member(caller)]
        over = deployment.request(helper, big)
        check(over.get("ok") is False and over["error"]["code"] == "limit_exceeded", f"a group above the burst is refused whole: {str(over)[:300]}")
        check("10.0.20.1" not in json.dumps(elements()), "nothing of it applied")
        alone = deployment.request(helper, member(20))
        check(alone.get("ok") is True, f"one caller's batch of it alone is within the burst: {str(alone)[:300]}")
        code, _, stderr = helper.close()
        check(code == 0 and b"fatal signal" not in stderr, f"the helper served everything and exited cleanly ({code})")


# ---- known crash shapes of libnftables 1.0.6 are refused; the helper survives everything ------

VECTORS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "test-vectors", "requests")


def vectors(prefix):
    for name in sorted(os.listdir(VECTORS)):
        if name.startswith(prefix) and name.endswith(".json"):
            with open(os.path.join(VECTORS, name), encoding="utf-8") as handle:
                yield name, json.load(handle)


def test_crash_shapes_are_refused():
    with Deployment(policy([("inet", "app"), ("ip", "app")])) as deployment:
        # Root made these with nft; mc and mc6 have concatenated data, which the helper refuses to declare.
        deployment.load("table inet app {\n set s { type ipv4_addr; }\n map m { type ipv4_addr : ipv4_addr; }\n"
                        " map mc { type ipv4_addr : ipv4_addr . inet_service; }\n"
                        " map mc6 { typeof ip6 saddr : ip6 daddr . tcp dport; }\n"
                        " chain pre { type nat hook prerouting priority -100; }\n chain c {\n }\n}\n")
        helper = deployment.start()
        before = deployment.ruleset()
        count = 0
        for name, vector in vectors("crash-"):
            frame = dict(vector["frame"], id=deployment.next_id + 1)
            deployment.next_id += 1
            answer = helper.request(frame)  # not a dry run: what an attacker sends
            check(answer is not None and answer["ok"] is False and answer["error"]["code"] == vector["expect"]["code"],
                  f"{name}: refused with {vector['expect']['code']} ({answer})")
            if answer is None:
                helper = deployment.start()
            count += 1
        a = {"family": "inet", "table": "app"}
        lookup = {"dnat": {"family": "ip", "addr": {"map": {"key": {"payload": {"protocol": "ip", "field": "saddr"}}, "data": "@s"}}}}
        for verb, extra in [("add", {}), ("insert", {}), ("replace", {"handle": 1})]:
            answer = deployment.request(helper, [{verb: {"rule": dict(a, chain="pre", expr=[lookup], **extra)}}])
            check(answer is not None and answer["ok"] is False and answer["error"]["code"] == "invalid_request"
                  and answer["error"].get("path", "").endswith("/dnat/addr/map/data"),
                  f"{verb} rule: dnat to a lookup in a set that exists already: refused by the helper's census ({answer})")
            if answer is None:
                helper = deployment.start()
        snat = {"snat": {"family": "ip", "addr": {"map": {"key": {"payload": {"protocol": "ip", "field": "saddr"}}, "data": "@s"}}}}
        answer = deployment.request(helper, [{"add": {"chain": dict(a, name="post", type="nat", hook="postrouting", prio=100)}},
                                             {"add": {"rule": dict(a, chain="post", expr=[snat])}}])
        check(answer is not None and answer["ok"] is False and answer["error"].get("command") == 1, f"snat to the existing set: refused ({answer})")
        # A port beside a lookup in a map whose data is a concatenation (address . port): libnftables
        # aborts. The helper's census reads the map's type from the kernel and refuses it.
        tcp = {"match": {"op": "==", "left": {"meta": {"key": "l4proto"}}, "right": "tcp"}}
        ports = [80, {"payload": {"protocol": "tcp", "field": "dport"}}]
        for verb, family, data, port in [("dnat", "ip", "@mc", ports[0]), ("dnat", "ip", "@mc", ports[1]),
                                         ("dnat", "ip6", "@mc6", ports[0]), ("snat", "ip", "@mc", ports[0]),
                                         ("snat", "ip6", "@mc6", ports[1])]:
            chain = "pre" if verb == "dnat" else "post"
            saddr = {"payload": {"protocol": family, "field": "saddr"}}
            nat = {verb: {"family": family, "addr": {"map": {"key": saddr, "data": data}}, "port": port}}
            commands = [] if chain == "pre" else [
                {"add": {"chain": dict(a, name="post", type="nat", hook="postrouting", prio=100)}}]
            commands.append({"add": {"rule": dict(a, chain=chain, expr=[tcp, nat])}})
            answer = deployment.request(helper, commands)
            check(answer is not None and answer["ok"] is False and answer["error"]["code"] == "invalid_request"
                  and answer["error"].get("command") == len(commands) - 1
                  and answer["error"].get("path", "").endswith(f"/{verb}/port") and "aborts" in answer["error"]["message"],
                  f"{verb} {family} to {data} with port {port}: a map with concatenated data made by root, refused ({answer})")
            if answer is None:
                helper = deployment.start()
        check(deployment.ruleset() == before, "nothing of the refused crash shapes was applied")
        for family, data in [("ip", "@mc"), ("ip6", "@mc6")]:
            saddr = {"payload": {"protocol": family, "field": "saddr"}}
            carried = {"dnat": {"family": family, "addr": {"map": {"key": saddr, "data": data}}}}
            answer = deployment.request(helper, [{"add": {"rule": dict(a, chain="pre", expr=[tcp, carried])}}])
            check(answer is not None and answer["ok"] is True,
                  f"dnat {family} to {data} without a port (the map's data carries it): applied ({answer})")
        good = {"dnat": {"family": "ip", "addr": {"map": {"key": {"payload": {"protocol": "ip", "field": "saddr"}}, "data": "@m"}}}}
        answer = deployment.request(helper, [{"add": {"rule": dict(a, chain="pre", expr=[good])}}])
        check(answer is not None and answer["ok"] is True, f"dnat to a lookup in a map that exists: applied ({answer})")
        alive = helper.request({"id": 1, "op": "hello", "protocol": 1})
        check(alive is not None and alive.get("ok") is True, "the helper survived every crash shape")
        code, _, stderr = helper.close()
        check(code == 0 and b"fatal signal" not in stderr, f"clean exit, no fatal signal ({code}, {stderr[-200:]})")
        print(f"crash-shape vectors sent: {count}")


def test_every_accepted_vector_is_survived():
    # Every request the helper accepts, applied for real (not a dry run) where the kernel has what
    # the vectors refer to: no answer may be a death.
    with Deployment(policy([("inet", "app"), ("inet", "nftj_demo")])) as deployment:
        deployment.load("table inet app {\n chain c {\n }\n}\n")
        helper = deployment.start()
        count = deaths = 0
        for name, vector in vectors(""):
            if not vector["expect"].get("ok") or "frame" not in vector or vector.get("helperOnly"):
                continue
            frame = vector["frame"]
            if not isinstance(frame, dict) or frame.get("op") != "nft":
                continue
            deployment.next_id += 1
            answer = helper.request(dict(frame, id=deployment.next_id))
            count += 1
            if answer is None:
                deaths += 1
                check(False, f"{name}: the helper died ({helper.close()[2][-200:]})")
                helper = deployment.start()
        code, _, stderr = helper.close()
        check(deaths == 0 and code == 0, f"every accepted vector answered ({count} sent, {deaths} deaths)")
        print(f"accepted vectors applied: {count}")


TESTS = [test_no_foreign_names_in_answers, test_add_only_policy_only_adds, test_resource_caps, test_host_wide_restrictions,
         test_own_paths_hold, test_grouped_element_requests, test_crash_shapes_are_refused, test_every_accepted_vector_is_survived]

if __name__ == "__main__":
    host_before = subprocess.run(["nft", "list", "ruleset"], capture_output=True, text=True).stdout
    selected = sys.argv[2:]
    for test in TESTS:
        if selected and test.__name__ not in selected:
            continue
        print(f"== {test.__name__}", flush=True)
        test()
    host_after = subprocess.run(["nft", "list", "ruleset"], capture_output=True, text=True).stdout
    check(host_before == host_after, "the host's ruleset is unchanged")
    print(f"hostile: {passed} checks passed, {len(failures)} failed")
    sys.exit(1 if failures else 0)
