#!/usr/bin/env python3
"""Measures what libnftables (the installed 1.0.6) does with every case of a corpus: accepts it
without lookups (ok), accepts or tries it only through a name lookup, i.e. a file opened or a
non-netfilter socket after startup (lookup), or refuses it (rejected). tests/corpus_test.zig holds
the helper to the result: every lookup refused, every ok case accepted unless an exclusions file
gives the reason.

  unshare -n python3 tests/corpus-groundtruth.py
      the in-repo corpus: every object of test-vectors/rulesets/NAME.json (what `nft -j list
      ruleset` printed), run as an `add` command on top of NAME.nft loaded in this namespace -> tests/rulesets-libnftables.tsv
  unshare -n python3 tests/corpus-groundtruth.py --external DIR
      the optional external corpus (nftables' expression files DIR/nft-expr-json/*/*.t.json), each
      array as `add rule FAMILY app c` -> tests/external-libnftables.tsv

Runs only inside a network namespace without tables (run it under `unshare -n`).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
RULESETS = os.path.join(HERE, "..", "..", "test-vectors", "rulesets")
FAMILY = {"any": "inet", "arp": "arp", "bridge": "bridge", "inet": "inet", "ip": "ip", "ip6": "ip6", "netdev": "netdev"}
# Files every nft process opens at startup (libraries, locale, iproute2 tables, jansson seed).
SERVED = re.compile(r'"/etc/nsswitch.conf"|"/etc/protocols"|"/etc/localtime"|"/usr/share/zoneinfo/')
STARTUP = re.compile(r'\.so|/etc/iproute2/|connlabel\.conf|/dev/urandom|locale|gconv|ld\.so|/proc/|/sys/|nsswitch\.conf"\, O_RDONLY\|O_CLOEXEC\) = -1')


def measure(batch, log, input_path):
    """Runs `nft -j -f FILE` on one batch under strace: ok, lookup or rejected."""
    with open(input_path, "w") as handle:
        json.dump(batch, handle)
    result = subprocess.run(["strace", "-f", "-qq", "-o", log, "-e", "trace=openat,open,socket,connect,ioctl",
                             "nft", "-j", "-f", input_path], capture_output=True, text=True)
    with open(log) as handle:
        calls = [c for c in handle.read().splitlines() if input_path not in c]
    # What the helper serves from sources it opened before its seal (src/lookups.zig) is no
    # lookup for it: interface indexes (a route netlink socket), the protocols database and the
    # local time zone.
    lookups = [c for c in calls if ("openat(" in c or "open(" in c) and not STARTUP.search(c) and not SERVED.search(c)]
    lookups += [c for c in calls if "socket(" in c and "NETLINK_NETFILTER" not in c and "NETLINK_ROUTE" not in c]
    lookups += [c for c in calls if "connect(" in c or "SIOCGIF" in c]
    return "lookup" if lookups else ("ok" if result.returncode == 0 else "rejected")


def blocks(text):
    lines = text.split("\n")
    index = 0
    while index < len(lines):
        if lines[index].startswith("#"):
            comment = lines[index][1:].strip()
            body = []
            index += 1
            while index < len(lines) and not lines[index].startswith("#"):
                body.append(lines[index])
                index += 1
            array = "\n".join(body).strip()
            if array:
                yield comment, array
        else:
            index += 1


def interfaces(source):
    """Creates the interfaces a ruleset names on its `# interfaces: a b` lines (veth pairs), as
    test-vectors/rulesets/generate.py does, unless they exist already."""
    with open(source) as handle:
        names = [name for line in handle for name in
                 (re.match(r"#\s*interfaces:\s*(.*)$", line.strip()) or re.match("()", "")).group(1).split()]
    for index, name in enumerate(names):
        if subprocess.run(["ip", "link", "show", name], capture_output=True).returncode != 0:
            subprocess.run(["ip", "link", "add", name, "type", "veth", "peer", "name", f"gtp{index}-{name}"[:15]], check=True)


def rulesets(log, input_path):
    rows = []
    for name in sorted(n for n in os.listdir(RULESETS) if n.endswith(".json")):
        source = os.path.join(RULESETS, name[:-len(".json")] + ".nft")
        with open(os.path.join(RULESETS, name)) as handle:
            items = json.load(handle)["nftables"]
        interfaces(source)
        subprocess.run(["nft", "flush", "ruleset"], check=True)
        subprocess.run(["nft", "-f", source], check=True)
        for index, item in enumerate(items):
            (kind, value), = item.items()
            if kind == "metainfo":
                continue
            if isinstance(value, dict):
                value = {k: v for k, v in value.items() if k != "handle"}
            rows.append((name, index, measure({"nftables": [{"add": {kind: value}}]}, log, input_path), kind))
    return rows


def external(root, log, input_path):
    rows = []
    corpus = os.path.join(root, "nft-expr-json")
    for directory in sorted(os.listdir(corpus)):
        family = FAMILY.get(directory)
        if family is None:
            continue
        for name in sorted(os.listdir(os.path.join(corpus, directory))):
            if not name.endswith(".t.json"):
                continue
            relative = f"{directory}/{name}"
            with open(os.path.join(corpus, directory, name)) as handle:
                text = handle.read()
            for position, (comment, array) in enumerate(blocks(text)):
                subprocess.run(["nft", "flush", "ruleset"], check=True)
                subprocess.run(["nft", f"add table {family} app; add chain {family} app c"], check=True)
                try:
                    expr = json.loads(array)
                except ValueError:
                    rows.append((relative, position, "rejected", comment))
                    continue
                batch = {"nftables": [{"add": {"rule": {"family": family, "table": "app", "chain": "c", "expr": expr}}}]}
                rows.append((relative, position, measure(batch, log, input_path), comment))
    return rows


def main():
    if subprocess.run(["nft", "list", "tables"], capture_output=True, text=True).stdout.strip():
        print("refusing to run: this namespace already has tables (run under unshare -n)", file=sys.stderr)
        return 1
    external_root = sys.argv[2] if len(sys.argv) > 2 and sys.argv[1] == "--external" else None
    work = tempfile.mkdtemp(prefix="nftj-groundtruth-")
    log, input_path = os.path.join(work, "strace.log"), os.path.join(work, "batch.json")
    try:
        if external_root:
            rows, out, columns = external(external_root, log, input_path), "external-libnftables.tsv", "block\tlibnftables-1.0.6\trule"
            source = "--external DIR"
        else:
            rows, out, columns = rulesets(log, input_path), "rulesets-libnftables.tsv", "object\tlibnftables-1.0.6\tkind"
            source = "from test-vectors/rulesets"
    finally:
        for path in (log, input_path):
            if os.path.exists(path):
                os.unlink(path)
        os.rmdir(work)
        subprocess.run(["nft", "flush", "ruleset"], check=True)
    with open(os.path.join(HERE, out), "w") as handle:
        handle.write(f"# file\t{columns}  (generated by tests/corpus-groundtruth.py {source})\n")
        for row in rows:
            handle.write("%s\t%d\t%s\t%s\n" % (row[0], row[1], row[2], row[3].replace("\t", " ")))
    counts = {}
    for row in rows:
        counts[row[2]] = counts.get(row[2], 0) + 1
    print(f"wrote {len(rows)} rows to tests/{out}: {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
