#!/usr/bin/env python3
"""Regenerates what nft made of each ruleset of this directory.

For every NAME.nft (or the names given as arguments) it creates a fresh network namespace, adds
the interfaces the file names on a `# interfaces: a b` line (veth pairs; only lo exists otherwise),
loads the file with `nft -f`, and writes beside it

    NAME.json   what `nft -j list ruleset` printed
    NAME.list   what `nft list ruleset` printed

byte for byte. It then loads NAME.json with `nft -j -f` into a second fresh namespace and
records in index.tsv whether nft itself lists the same JSON again, handles aside (its own round
trip).
A file this kernel cannot load (a feature not built in) gets no .json/.list and is marked
`unsupported` in index.tsv with nft's first error line.

Needs root and nft (the version the corpus is pinned to is checked). Never touches the host's
ruleset: every nft command runs inside a namespace, and the host's listing is compared before
and after.

usage: generate.py [NAME ...]
"""
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
NFT_VERSION = "1.0.6"


def run(*args, input=None, check=True):
    result = subprocess.run(list(args), input=input, capture_output=True, text=True)
    if check and result.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {result.stderr.strip()}")
    return result


def interfaces_of(text):
    """The names on `# interfaces: a b c` lines."""
    names = []
    for line in text.splitlines():
        match = re.match(r"#\s*interfaces:\s*(.*)$", line.strip())
        if match:
            names.extend(match.group(1).split())
    return names


class Namespace:
    """A throwaway network namespace with the given interfaces (veth pairs, peers p0, p1, …)."""

    counter = 0

    def __init__(self, interfaces):
        Namespace.counter += 1
        self.name = f"nftj-rs-{os.getpid()}-{Namespace.counter}"
        run("ip", "netns", "add", self.name)
        run("ip", "-n", self.name, "link", "set", "lo", "up")
        for index, interface in enumerate(interfaces):
            run("ip", "-n", self.name, "link", "add", interface, "type", "veth", "peer", "name", f"p{index}")

    def nft(self, *args, input=None, check=True):
        return run("ip", "netns", "exec", self.name, "nft", *args, input=input, check=check)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        run("ip", "netns", "del", self.name, check=False)


def without_handles(document):
    """The listing with every object's handle removed (the kernel numbers objects in load order)."""
    items = json.loads(document)["nftables"]
    for item in items:
        for body in item.values():
            if isinstance(body, dict):
                body.pop("handle", None)
    return items


def generate(name):
    source = os.path.join(HERE, name + ".nft")
    text = open(source).read()
    interfaces = interfaces_of(text)
    with Namespace(interfaces) as ns:
        loaded = ns.nft("-f", source, check=False)
        if loaded.returncode != 0:
            for suffix in (".json", ".list"):
                if os.path.exists(os.path.join(HERE, name + suffix)):
                    os.remove(os.path.join(HERE, name + suffix))
            first = (loaded.stderr.strip().splitlines() or ["?"])[0]
            # The file by its name in this directory: the record holds no path of this machine.
            return ["unsupported", first.replace(source, name + ".nft").replace("\t", " ")]
        listing_json = ns.nft("-j", "list", "ruleset").stdout
        listing_text = ns.nft("list", "ruleset").stdout
    with open(os.path.join(HERE, name + ".json"), "w") as out:
        out.write(listing_json)
    with open(os.path.join(HERE, name + ".list"), "w") as out:
        out.write(listing_text)
    with Namespace(interfaces) as ns:
        reloaded = ns.nft("-j", "-f", "-", input=listing_json, check=False)
        if reloaded.returncode != 0:
            first = (reloaded.stderr.strip().splitlines() or ["?"])[0]
            return ["loaded", "nft -j -f refuses its own listing: " + first.replace("\t", " ")]
        again = ns.nft("-j", "list", "ruleset").stdout
    if without_handles(again) != without_handles(listing_json):
        return ["loaded", "nft -j -f of the listing lists differently"]
    return ["loaded", "round trip"]


def main(argv):
    version = run("nft", "--version").stdout
    if NFT_VERSION not in version:
        sys.exit(f"generate.py: the corpus is written by nft {NFT_VERSION}, this is {version.strip()}")
    if os.geteuid() != 0:
        sys.exit("generate.py: needs root (network namespaces)")
    names = argv or sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".nft"))
    host_before = run("nft", "list", "ruleset").stdout
    index_path = os.path.join(HERE, "index.tsv")
    index = {}
    if os.path.exists(index_path):
        for line in open(index_path).read().splitlines()[1:]:
            fields = line.split("\t")
            index[fields[0]] = fields[1:]
    for name in names:
        index[name] = generate(name)
        print(name + "\t" + "\t".join(index[name]))
    for stale in [n for n in index if not os.path.exists(os.path.join(HERE, n + ".nft"))]:
        del index[stale]
    with open(index_path, "w") as out:
        out.write("name\tkernel\tnft's own JSON round trip\n")
        for name in sorted(index):
            out.write(name + "\t" + "\t".join(index[name]) + "\n")
    if run("nft", "list", "ruleset").stdout != host_before:
        sys.exit("generate.py: the host's ruleset changed!")


if __name__ == "__main__":
    main(sys.argv[1:])
