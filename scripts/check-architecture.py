#!/usr/bin/env python3
"""docs/architecture.md against the helper's code (run by scripts/test).

The section "The helper's files" draws the import graph of helper-zig/src as layers (each file
one layer above the highest file it imports) and has a row for every shipped file. This check
computes both from the sources and fails, naming the difference, when the document no longer
says what the code does: a new file without a row, a row for a file that is gone, or a layer
drawn differently from the imports.
"""
import os
import re
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SRC = os.path.join(TOP, "helper-zig", "src")
DOC = os.path.join(TOP, "docs", "architecture.md")
INDEX = "helper.zig"  # the index for code outside src/, drawn beside main


def sources():
    """Shipped files as import names ("judge", "validate/common"), the index left out."""
    found = []
    for folder, _, files in os.walk(SRC):
        for name in files:
            if name.endswith(".zig"):
                path = os.path.relpath(os.path.join(folder, name), SRC)
                if path != INDEX:
                    found.append(path[: -len(".zig")])
    return sorted(found)


def imports(name):
    """The helper's own files that `name` imports (std and build options left out)."""
    path = os.path.join(SRC, name + ".zig")
    text = open(path, encoding="utf-8").read()
    folder = os.path.dirname(name)
    out = []
    for target in re.findall(r'@import\("([^"]+)\.zig"\)', text):
        out.append(os.path.normpath(os.path.join(folder, target)))
    return out


def layers(files):
    """Each file's layer: 0 without imports of the helper's files, else 1 + its highest import's."""
    graph = {name: [t for t in imports(name) if t in files] for name in files}
    layer = {}
    for _ in range(len(files) + 1):  # no recursion: rounds until every layer is known
        for name, targets in graph.items():
            if name not in layer and all(t in layer for t in targets):
                layer[name] = 1 + max((layer[t] for t in targets), default=-1)
    missing = [name for name in files if name not in layer]
    if missing:
        raise SystemExit("import cycle among: " + " ".join(sorted(missing)))
    return layer


def drawn_layers(doc):
    """The layers as the document draws them: lines `layer N  a  b  c`."""
    drawn = {}
    for line in section(doc, "### The import graph").splitlines():
        m = re.match(r"^layer (\d+)\s+(.*)$", line)
        if m:
            words = m.group(2).split("(")[0].split()
            for name in words:
                drawn[name] = int(m.group(1))
    return drawn


def section(doc, heading):
    """The lines under `heading` up to the next heading."""
    lines = doc.splitlines()
    if heading not in lines:
        raise SystemExit(f"docs/architecture.md has no heading {heading!r}")
    out = []
    for line in lines[lines.index(heading) + 1:]:
        if line.startswith("#"):
            break
        out.append(line)
    return "\n".join(out)


def rows(doc):
    """Every file named in the first column of the file table (`a.zig`, `b.zig`, `validate/`)."""
    named = set()
    for line in section(doc, "### What each file does").splitlines():
        m = re.match(r"^\| (`[^|]+`) \|", line)
        if m:
            for name in re.findall(r"`([^`]+)`", m.group(1)):
                named.add(name[: -len(".zig")] if name.endswith(".zig") else name)
    return named


def main():
    files = sources()
    doc = open(DOC, encoding="utf-8").read()
    problems = []
    actual = layers(files)
    drawn = drawn_layers(doc)
    for name in files:
        if name not in drawn:
            problems.append(f"{name}.zig (layer {actual[name]}) is not drawn in the import graph")
        elif drawn[name] != actual[name]:
            problems.append(f"{name}.zig is drawn in layer {drawn[name]}; its imports put it in layer {actual[name]}")
    for name in sorted(set(drawn) - set(files)):
        problems.append(f"the import graph draws {name}, which is not a file of helper-zig/src")
    named = rows(doc)
    for name in files:
        if name not in named and not (name.startswith("validate/") and "validate/" in named):
            problems.append(f"{name}.zig has no row in the table of what each file does")
    for name in sorted(named):
        if name != "validate/" and name not in files:
            problems.append(f"the table of what each file does has a row for {name}, which is not a file of helper-zig/src")
    for p in problems:
        print("architecture: " + p)
    print(f"architecture: {len(files)} files of helper-zig/src against docs/architecture.md")
    print(f"architecture: {0 if problems else 1} passed, {1 if problems else 0} failed")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
