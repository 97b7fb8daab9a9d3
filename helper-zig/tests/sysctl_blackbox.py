#!/usr/bin/env python3
"""Black-box test of sysctl_get / sysctl_set against the real helper in throwaway network
namespaces (driven by tests/sysctl.sh, which installs the helpers and creates the namespaces).

usage: sysctl_blackbox.py COUNTS_FILE NETNS NETNS2 ROOT_HELPER NOBODY_HELPER DEPLOY_GID
Writes "PASSED FAILED" to COUNTS_FILE.
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import frames  # noqa: E402

counts_file, netns, netns2, root_helper, nobody_helper, deploy_gid = sys.argv[1:7]
passed = 0
failed = 0


def check(name, condition, detail=""):
    global passed, failed
    if condition:
        passed += 1
        print(f"PASS  {name}")
    else:
        failed += 1
        print(f"FAIL  {name}")
        if detail:
            print(f"      | {detail}")


# The helper's table (src/sysctl.zig): name -> kind; ("range", lo, hi), "bool", "ports".
TABLE = {
    "net.ipv4.ip_forward": "bool",
    "net.ipv4.conf.*.forwarding": "bool",
    "net.ipv4.conf.*.rp_filter": ("range", 0, 2),
    "net.ipv4.conf.*.accept_redirects": "bool",
    "net.ipv4.conf.*.secure_redirects": "bool",
    "net.ipv4.conf.*.send_redirects": "bool",
    "net.ipv4.conf.*.accept_source_route": "bool",
    "net.ipv4.conf.*.log_martians": "bool",
    "net.ipv4.conf.*.arp_filter": "bool",
    "net.ipv4.tcp_syncookies": ("range", 0, 2),
    "net.ipv4.tcp_tw_reuse": ("range", 0, 2),
    "net.ipv4.tcp_timestamps": ("range", 0, 2),
    "net.ipv4.tcp_ecn": ("range", 0, 2),
    "net.ipv4.tcp_rfc1337": "bool",
    "net.ipv4.icmp_echo_ignore_all": "bool",
    "net.ipv4.icmp_echo_ignore_broadcasts": "bool",
    "net.ipv4.icmp_ignore_bogus_error_responses": "bool",
    "net.ipv4.ip_local_port_range": "ports",
    "net.ipv6.conf.*.forwarding": "bool",
    "net.ipv6.conf.*.accept_ra": ("range", 0, 2),
    "net.ipv6.conf.*.accept_redirects": "bool",
    "net.ipv6.conf.*.disable_ipv6": "bool",
    "net.core.somaxconn": ("range", 0, 2**31 - 1),
    "net.netfilter.nf_conntrack_max": ("range", 0, 2**31 - 1),
    "net.netfilter.nf_conntrack_tcp_loose": "bool",
    "net.netfilter.nf_conntrack_acct": "bool",
    "net.netfilter.nf_conntrack_tcp_timeout_established": ("range", 1, 2147483),
}
# In the policy of tests/sysctl.sh: everything but tcp_ecn; log_martians only for sx0.
INTERFACES = ["all", "default", "lo", "sx0", "sx0.7"]


def concrete_names(policy_only=True):
    names = []
    for pattern in TABLE:
        if policy_only and pattern == "net.ipv4.tcp_ecn":
            continue
        if "*" in pattern:
            for interface in INTERFACES:
                if policy_only and pattern.endswith("log_martians") and interface != "sx0":
                    continue
                names.append(pattern.replace("*", interface))
        else:
            names.append(pattern)
    return names


def path_of(name):
    # The test's own mapping, independent of the helper: interface kept whole.
    parts = name.split(".")
    for interface in ["sx0.7"]:
        if "." + interface + "." in name:
            head, tail = name.split("." + interface + ".")
            return "/proc/sys/" + head.replace(".", "/") + "/" + interface + "/" + tail.replace(".", "/")
    return "/proc/sys/" + "/".join(parts)


def read_in(namespace, name):
    """The value as the kernel shows it inside `namespace` (None: host), normalised."""
    path = path_of(name)
    if namespace is None:
        with open(path) as f:
            text = f.read()
    else:
        text = subprocess.run(["ip", "netns", "exec", namespace, "cat", path], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


def host_snapshot():
    values = {}
    for pattern in TABLE:
        for interface in (["all", "default", "lo"] if "*" in pattern else [None]):
            name = pattern.replace("*", interface) if interface else pattern
            try:
                values[name] = read_in(None, name)
            except OSError as error:
                values[name] = f"unreadable: {error.errno}"
    return values


def start(helper, namespace, unprivileged=False):
    prefix = ["/usr/sbin/ip", "netns", "exec", namespace]
    if unprivileged:
        prefix += ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", f"--groups={deploy_gid}",
                   "--", "/bin/sh", "-c", 'exec "$0"']
    return frames.Helper(helper, prefix)


next_id = [0]


def call(helper, op, **members):
    next_id[0] += 1
    request = {"id": next_id[0], "op": op}
    request.update(members)
    return helper.request(request)


def error_code(answer):
    return None if answer.get("ok") else answer["error"]["code"]


def valid_other(kind, current):
    """A valid value different from `current` (None when there is none to try)."""
    if kind == "bool":
        return "0" if current == "1" else "1"
    if kind == "ports":
        return "40000 50000" if current != "40000 50000" else "32768 60999"
    _, low, high = kind
    if high == 2:
        return "2" if current != "2" else "1"
    if high == 2147483:
        return "3600" if current != "3600" else "7200"
    return "1024" if current != "1024" else "2048"


before = host_snapshot()

helper = start(root_helper, netns)
hello = call(helper, "hello", protocol=1)
check("hello: policy lists the sysctl allowlist",
      hello.get("ok") and "net.ipv4.conf.sx0.log_martians" in hello["result"]["policy"]["sysctl"]
      and "net.ipv4.conf.*.rp_filter" in hello["result"]["policy"]["sysctl"], str(hello)[:300])
check("hello: sandbox sealed (seccomp 2)", hello.get("ok") and hello["result"]["sandbox"]["seccomp"] == 2)

# Every allowlisted parameter read, and equal to what the kernel shows in the namespace.
names = concrete_names()
answer = call(helper, "sysctl_get", names=names)
check(f"get: all {len(names)} allowlisted names in one request", answer.get("ok"), str(answer)[:300])
if answer.get("ok"):
    values = answer["result"]["values"]
    check("get: answer in request order", list(values) == names)
    mismatches = [n for n in names if values.get(n) != read_in(netns, n)]
    check("get: every value equals the namespace's /proc/sys/net", not mismatches, str(mismatches))
    check("get: ip_local_port_range as two numbers", len(values["net.ipv4.ip_local_port_range"].split(" ")) == 2)

# Valid values set and read back, one parameter at a time.
for name in names:
    pattern = next(p for p in TABLE if p == name or ("*" in p and name.startswith(p.split("*")[0]) and name.endswith(p.split("*")[1])))
    current = read_in(netns, name)
    new = valid_other(TABLE[pattern], current)
    answer = call(helper, "sysctl_set", values={name: new})
    if name == "net.netfilter.nf_conntrack_max":
        # Read-only outside the initial namespace: the kernel refuses, nothing changes.
        check("set: nf_conntrack_max refused by the kernel in a netns (EACCES), unchanged",
              error_code(answer) == "sysctl_failed" and answer["error"]["errno"] == "EACCES"
              and answer["error"]["applied"] is False and read_in(netns, name) == current, str(answer))
        continue
    ok = answer.get("ok") and answer["result"]["changes"] == [{"name": name, "old": current, "new": new, "changed": True}]
    check(f"set: {name} {current} -> {new}", ok and read_in(netns, name) == new, str(answer)[:300])
    back = call(helper, "sysctl_get", names=[name])
    check(f"get after set: {name} = {new}", back.get("ok") and back["result"]["values"][name] == new, str(back)[:200])

# The values the old implementation refused: rp_filter=2 (loose) and tcp_tw_reuse=2 (the default).
for name in ["net.ipv4.conf.all.rp_filter", "net.ipv4.tcp_tw_reuse", "net.ipv4.conf.sx0.7.rp_filter"]:
    call(helper, "sysctl_set", values={name: "0"})
    answer = call(helper, "sysctl_set", values={name: "2"})
    check(f"set: {name} = 2 accepted and reported", answer.get("ok") and read_in(netns, name) == "2", str(answer)[:200])

# A multi-parameter set is applied whole.
answer = call(helper, "sysctl_set", values={"net.ipv4.ip_forward": "1", "net.ipv4.conf.sx0.rp_filter": "1",
                                              "net.ipv4.ip_local_port_range": "32768 60999"})
check("set: three parameters in one request", answer.get("ok") and read_in(netns, "net.ipv4.ip_forward") == "1"
      and read_in(netns, "net.ipv4.conf.sx0.rp_filter") == "1"
      and read_in(netns, "net.ipv4.ip_local_port_range") == "32768 60999", str(answer)[:300])
answer = call(helper, "sysctl_set", values={"net.ipv4.ip_forward": "1"})
check("set: unchanged value reported with changed=false", answer.get("ok") and answer["result"]["changes"][0]["changed"] is False)


def snapshot_ns():
    return {n: read_in(netns, n) for n in names}


# Invalid values: refused before anything is touched, nothing changes.
state = snapshot_ns()
invalid_values = [
    ("net.ipv4.ip_forward", "2"), ("net.ipv4.ip_forward", "-1"), ("net.ipv4.ip_forward", "01"),
    ("net.ipv4.ip_forward", "+1"), ("net.ipv4.ip_forward", " 1"), ("net.ipv4.ip_forward", "1\n"),
    ("net.ipv4.ip_forward", "true"), ("net.ipv4.ip_forward", ""), ("net.ipv4.ip_forward", 1),
    ("net.ipv4.conf.all.rp_filter", "3"), ("net.ipv4.tcp_tw_reuse", "3"), ("net.ipv6.conf.all.accept_ra", "-1"),
    ("net.ipv4.ip_local_port_range", "60999 32768"), ("net.ipv4.ip_local_port_range", "0 100"),
    ("net.ipv4.ip_local_port_range", "1 70000"), ("net.ipv4.ip_local_port_range", "1000"),
    ("net.ipv4.ip_local_port_range", "1000  2000"), ("net.ipv4.ip_local_port_range", "1000\t2000"),
    ("net.core.somaxconn", "2147483648"), ("net.core.somaxconn", "99999999999"),
    ("net.netfilter.nf_conntrack_tcp_timeout_established", "0"),
]
for name, value in invalid_values:
    answer = call(helper, "sysctl_set", values={"net.ipv4.conf.sx0.forwarding": "1" if state["net.ipv4.conf.sx0.forwarding"] == "0" else "0", name: value})
    check(f"invalid value refused: {name}={value!r}", error_code(answer) == "invalid_request"
          and answer["error"]["path"].startswith("/values/"), str(answer)[:200])
check("invalid values: nothing changed (not even the valid first member)", snapshot_ns() == state)

# Invalid names, and names outside the policy.
invalid_names = [
    "net.ipv4.conf.../../../kernel.rp_filter", "net.ipv4.conf...rp_filter",
    "net.ipv4.conf..rp_filter", "/proc/sys/net/ipv4/ip_forward", "net/ipv4/ip_forward", "kernel.hostname",
    "net.ipv4.ip_forward/../../kernel/hostname", "net.ipv4.conf.averyveryverylongname.rp_filter",
    "net.ipv4.conf.a b.rp_filter", "net.ipv4.conf.a:1.rp_filter", "net.ipv4.tcp_fake", "", "net.",
    "net.ipv4.ip_forward.", "net.ipv4.conf.*.rp_filter", "NET.IPV4.IP_FORWARD",
    "net.ipv4.conf.\u00e9th0.rp_filter",
]
for name in invalid_names:
    answer = call(helper, "sysctl_get", names=[name])
    check(f"invalid name refused (get): {name!r}", error_code(answer) == "invalid_request", str(answer)[:200])
    answer = call(helper, "sysctl_set", values={name: "1"})
    check(f"invalid name refused (set): {name!r}", error_code(answer) == "invalid_request", str(answer)[:200])
for name in ["net.ipv4.tcp_ecn", "net.ipv4.conf.lo.log_martians", "net.ipv4.conf.all.log_martians"]:
    answer = call(helper, "sysctl_get", names=[name])
    check(f"outside the policy (get): {name}", error_code(answer) == "policy_denied", str(answer)[:200])
    answer = call(helper, "sysctl_set", values={name: "1"})
    check(f"outside the policy (set): {name}", error_code(answer) == "policy_denied", str(answer)[:200])
answer = call(helper, "sysctl_get", names=["net.ipv4.ip_forward", "net.ipv4.ip_forward"])
check("duplicate name refused", error_code(answer) == "invalid_request")
for request in [{"names": []}, {"names": "net.ipv4.ip_forward"}, {"names": [1]}, {}, {"names": ["net.ipv4.ip_forward"], "x": 1}]:
    answer = call(helper, "sysctl_get", **request)
    check(f"malformed get refused: {request}", error_code(answer) == "invalid_request", str(answer)[:200])
for request in [{"values": {}}, {"values": []}, {"values": {"net.ipv4.ip_forward": "1"}, "check": True}]:
    answer = call(helper, "sysctl_set", **request)
    check(f"malformed set refused: {request}", error_code(answer) == "invalid_request", str(answer)[:200])
answer = call(helper, "sysctl_get", names=[f"net.ipv4.conf.d{i}.rp_filter" for i in range(129)])
check("more than 128 names: limit_exceeded", error_code(answer) == "limit_exceeded")
# "..." is a valid interface name for the kernel (only "." and ".." are not): a plain, absent name.
answer = call(helper, "sysctl_get", names=["net.ipv4.conf.....rp_filter"])
check("interface '...' is a name, not a traversal: not_found", error_code(answer) == "not_found", str(answer)[:200])
check("refusals: nothing changed", snapshot_ns() == state)

# A missing interface (allowed by the wildcard) is not_found; nothing is written.
answer = call(helper, "sysctl_set", values={"net.ipv4.ip_forward": "0", "net.ipv4.conf.nosuch0.rp_filter": "1"})
check("missing interface: not_found, nothing written", error_code(answer) == "not_found"
      and answer["error"]["name"] == "net.ipv4.conf.nosuch0.rp_filter" and snapshot_ns() == state, str(answer)[:300])

# Rollback: the kernel refuses the second write (port range below ip_unprivileged_port_start);
# the first one is restored and the error says so.
forward = state["net.ipv4.ip_forward"]
flipped = "0" if forward == "1" else "1"
answer = call(helper, "sysctl_set", values={"net.ipv4.ip_forward": flipped, "net.ipv4.conf.sx0.rp_filter": "2",
                                              "net.ipv4.ip_local_port_range": "1000 2000"})
error = answer.get("error", {})
check("rollback: kernel EINVAL on the third write reported with its name",
      error.get("code") == "sysctl_failed" and error.get("errno") == "EINVAL"
      and error.get("name") == "net.ipv4.ip_local_port_range", str(answer)[:300])
check("rollback: both earlier writes restored and listed",
      error.get("restored") == ["net.ipv4.ip_forward", "net.ipv4.conf.sx0.rp_filter"] and error.get("notRestored") == []
      and error.get("applied") is False and error.get("partial") is False, str(answer)[:300])
check("rollback: the namespace is exactly as before", snapshot_ns() == state)
answer = call(helper, "sysctl_set", values={"net.ipv4.ip_forward": flipped, "net.netfilter.nf_conntrack_max": "1000"})
check("rollback: EACCES on the second parameter restores the first",
      error_code(answer) == "sysctl_failed" and answer["error"]["restored"] == ["net.ipv4.ip_forward"]
      and snapshot_ns() == state, str(answer)[:300])

# Namespaces: the other namespace and the host are untouched by everything above.
check("other namespace untouched (its sx0.rp_filter is still the default)",
      read_in(netns2, "net.ipv4.conf.sx0.rp_filter") == read_in(netns2, "net.ipv4.conf.default.rp_filter"))
hello = call(helper, "hello", protocol=1)
check("helper still serves after every refusal and failure", hello.get("ok") is True)
code, _, _ = helper.close()
check("helper exits 0 at end of input", code == 0, str(code))

# The deployment mode: nobody with the file capability; and a second namespace.
helper = start(nobody_helper, netns2, unprivileged=True)
hello = call(helper, "hello", protocol=1)
check("unprivileged: hello (uid 65534)", hello.get("ok") and hello["result"]["sandbox"]["uid"] == 65534, str(hello)[:300])
current = read_in(netns2, "net.ipv4.conf.sx0.rp_filter")
new = "2" if current != "2" else "1"
answer = call(helper, "sysctl_set", values={"net.ipv4.conf.sx0.rp_filter": new, "net.ipv4.ip_forward": "1"})
check("unprivileged: set in its own namespace", answer.get("ok") and read_in(netns2, "net.ipv4.conf.sx0.rp_filter") == new
      and read_in(netns2, "net.ipv4.ip_forward") == "1", str(answer)[:300])
check("unprivileged: the first namespace is untouched", snapshot_ns() == state)
helper.close()

# A policy without "sysctl": covered by the lockdown tests' sample policy (see tests/sysctl.sh).
after = host_snapshot()
changed = [n for n in before if before[n] != after[n]]
check(f"host: all {len(before)} host values unchanged", not changed, str(changed))

with open(counts_file, "w") as f:
    f.write(f"{passed} {failed}\n")
