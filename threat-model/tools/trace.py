#!/usr/bin/env python3
"""Traceability check of the threat model (run by threat-model/check.sh).

Reads threat-model/mitigations.md (the one machine-readable table), threat-model/threats.md and
threat-model/deployment-checklist.md, and checks them against the source tree:

  * every mitigation names at least one code location and at least one test;
  * every code location exists (a path, optionally `path:symbol` where the symbol must occur in
    the file);
  * every named test exists, is not disabled, and is run by the README test command
    (scripts/test): see TEST IDENTIFIERS below;
  * every threat a mitigation or residual risk names is defined in threats.md, and every threat
    defined there is answered by a mitigation or a stated residual risk;
  * every `mitigates: M-n` annotation in a test names a mitigation that exists;
  * the deployment checklist lists exactly the checks of `nftj doctor`, in order, with the same
    titles (docs/doctor-checks.md and the doctor source).

TEST IDENTIFIERS (one per backtick span in the `tests` column):
  Java    `org.nftj.api.LockdownTest#theDefaultClientAcceptsOnlyALockedDownHelper`
          a method annotated @Test, @Property, @Example, @ParameterizedTest, @RepeatedTest or
          @TestFactory in src/test/java of a module listed in the parent pom.xml; disabled when
          the method or its class carries @Disabled*; when Maven left a surefire report newer
          than the source, the case must be in it and not skipped.
  Zig     `helper-zig/tests/unit_test.zig: "policy: token bucket allows the burst, then the rate"`
          a `test "name"` block; disabled when its body returns error.SkipZigTest; run only if
          the file is the test root (helper-zig/tests/all.zig, `zig build test`) or is imported
          from a `test` block of a file that is run.
  shell   `helper-zig/tests/startup-matrix.sh: mode 0755: self_check (21)`
          a case: the first argument of one of the case functions the scripts use (expect,
          pass, fail, t, check_case) is that name, or a template of it where `$var` parts stand
          for words that occur in the script; disabled when the name appears only in pend/skip
          calls or in comments; the script must be run by scripts/test (directly or through a
          script it runs).
  Python  `helper-zig/tests/blackbox.py: test_policy_and_listing`
          a `def` of that name, called from the module; or a named check,
          `helper-zig/tests/sysctl_blackbox.py: rollback: the namespace is exactly as before`, whose
          name is the literal first (or second) argument of a check(...) call; the file must be
          run by a script that scripts/test runs.

Output: one line per check ("ok   ..." / "FAIL ..."), then "N passed, N failed". Exit 1 on any
failure. Usage: trace.py [--root DIR] [--model DIR] [--quiet]
"""
import argparse
import os
import re
import sys
import xml.etree.ElementTree as ElementTree

TEST_ANNOTATIONS = ("Test", "Property", "Example", "ParameterizedTest", "RepeatedTest", "TestFactory", "TestTemplate")
SHELL_CASE_FUNCTIONS = ("expect", "pass", "fail", "t", "check_case")
SHELL_SKIP_FUNCTIONS = ("pend", "skip")
ZIG_TEST_ROOTS = ("helper-zig/tests/all.zig",)
TEST_COMMAND = "scripts/test"


class Report:
    def __init__(self, quiet):
        self.passed = 0
        self.failed = 0
        self.quiet = quiet

    def ok(self, message):
        self.passed += 1
        if not self.quiet:
            print("ok   " + message)

    def fail(self, message):
        self.failed += 1
        print("FAIL " + message)

    def check(self, condition, message, failure=None):
        if condition:
            self.ok(message)
        else:
            self.fail(failure or message)
        return condition


def read(path):
    with open(path, encoding="utf-8", errors="replace") as handle:
        return handle.read()


# ---- Markdown tables ----------------------------------------------------------------------------

def split_row(line):
    # Cells are separated by | that is not inside backticks (test names may contain |).
    cells, current, in_code = [], [], False
    for character in line.strip()[1:]:
        if character == "`":
            in_code = not in_code
        if character == "|" and not in_code:
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(character)
    return cells


def tables(text):
    """Every Markdown table as (header cells lowercased, [row cells...])."""
    result, lines, index = [], text.splitlines(), 0
    while index < len(lines):
        line = lines[index]
        if line.lstrip().startswith("|") and index + 1 < len(lines) and re.match(r"^\s*\|[\s:|-]+\|\s*$", lines[index + 1]):
            header = [cell.lower() for cell in split_row(line)]
            rows = []
            index += 2
            while index < len(lines) and lines[index].lstrip().startswith("|"):
                rows.append(split_row(lines[index]))
                index += 1
            result.append((header, rows))
        else:
            index += 1
    return result


def code_spans(cell):
    return [span.strip() for span in re.findall(r"`([^`]+)`", cell)]


def ids_in(cell, prefix):
    return re.findall(r"\b%s-\d+\b" % prefix, cell)


# ---- the source tree ----------------------------------------------------------------------------

class Tree:
    def __init__(self, root):
        self.root = root
        self.cache = {}
        self.runner_text = None

    def path(self, relative):
        return os.path.join(self.root, relative)

    SKIP_DIRS = {".git", "target", ".zig-cache", "zig-out", "node_modules"}

    def files(self):
        """Every file of the tree (relative paths), build outputs and fixtures left out; walked once."""
        if getattr(self, "_files", None) is None:
            found = []
            for directory, subdirectories, names in os.walk(self.root):
                subdirectories[:] = [name for name in subdirectories if name not in self.SKIP_DIRS]
                relative = os.path.relpath(directory, self.root)
                found.extend(os.path.normpath(os.path.join(relative, name)) for name in names)
            self._files = found
        return self._files

    def exists(self, relative):
        return os.path.exists(self.path(relative))

    def text(self, relative):
        if relative not in self.cache:
            self.cache[relative] = read(self.path(relative))
        return self.cache[relative]

    # Scripts run by the test command, transitively (by file name mention).
    def run_scripts(self):
        if self.runner_text is not None:
            return self.runner_text
        reached, frontier = set(), [TEST_COMMAND]
        candidates = [path for path in self.files() if path.endswith((".sh", ".py"))]
        while frontier:
            current = frontier.pop()
            if current in reached or not self.exists(current):
                continue
            reached.add(current)
            text = strip_shell_comments(self.text(current)) if not current.endswith(".py") else self.text(current)
            # Paths built from a loop variable: `for t in a b; do bash "helper-zig/tests/$t.sh"`.
            templates = re.findall(r"([\w./-]*/)?\$\{?(\w+)\}?(\.[A-Za-z]+)\b", text)
            for candidate in candidates:
                if candidate in reached:
                    continue
                name = os.path.basename(candidate)
                stem, extension = os.path.splitext(name)
                built = any(candidate == (prefix or "") + stem + suffix and suffix == extension
                            and re.search(r"(?<![\w.-])%s(?![\w.-])" % re.escape(stem), text)
                            for prefix, _, suffix in templates)
                if built or candidate in text or re.search(r"(?<![\w.-])%s(?![\w.-])" % re.escape(name), text):
                    frontier.append(candidate)
        self.runner_text = reached
        return reached

    def maven_modules(self):
        if not self.exists("pom.xml"):
            return set()
        return set(re.findall(r"<module>([^<]+)</module>", self.text("pom.xml")))


def strip_shell_comments(text):
    lines = []
    for line in text.splitlines():
        stripped = line.lstrip()
        if stripped.startswith("#"):
            lines.append("")
            continue
        # A trailing comment: " # ..." outside quotes (good enough for these scripts).
        lines.append(re.sub(r"\s+#\s.*$", "", line) if '"' not in line.split("#")[-1] else line)
    return "\n".join(lines)


# ---- Java ---------------------------------------------------------------------------------------

def strip_java_comments(text):
    text = re.sub(r"/\*.*?\*/", lambda match: re.sub(r"[^\n]", " ", match.group(0)), text, flags=re.S)
    return re.sub(r"//[^\n]*", "", text)


def annotations_before(text, position):
    """The annotations directly before a declaration ending at `position`."""
    start = position
    # Walk back over modifiers and annotations until a ; { or } ends the previous member.
    depth = 0
    while start > 0:
        character = text[start - 1]
        if character == ")":
            depth += 1
        elif character == "(":
            depth -= 1
        elif character in ";{}" and depth == 0:
            break
        start -= 1
    return re.findall(r"@([\w.]+)", text[start:position])


def check_java(tree, report, mitigation, identifier):
    match = re.fullmatch(r"([a-z][\w]*(?:\.[a-z][\w]*)*)\.([A-Z][\w$.]*)#(\w+)", identifier)
    if not match:
        return report.fail(f"{mitigation}: `{identifier}` is not a test identifier (Class#method, path.zig: \"name\", script.sh: case, script.py: function)")
    package, class_name, method = match.groups()
    outer = re.split(r"[.$]", class_name)[0]
    relative_suffix = os.path.join(*package.split("."), outer + ".java")
    found = [path for path in tree.files() if path.endswith(os.path.join("src", "test", "java", relative_suffix))]
    if not found:
        return report.fail(f"{mitigation}: `{identifier}`: no test class {package}.{outer} in any src/test/java")
    source_file = found[0]
    module_dir = source_file.split("/src/test/java/")[0]
    if module_dir not in tree.maven_modules():
        return report.fail(f"{mitigation}: `{identifier}`: {module_dir} is not a module of the Maven reactor (pom.xml), so the test never runs")
    text = strip_java_comments(tree.text(source_file))
    declarations = list(re.finditer(r"\bvoid\s+%s\s*\(" % re.escape(method), text))
    if not declarations:
        return report.fail(f"{mitigation}: `{identifier}`: no method {method} in {source_file}")
    annotations = annotations_before(text, declarations[0].start())
    simple = [name.split(".")[-1] for name in annotations]
    if not any(name in TEST_ANNOTATIONS for name in simple):
        return report.fail(f"{mitigation}: `{identifier}`: {method} in {source_file} is not annotated as a test (@Test, @Property, ...)")
    if any(name.startswith("Disabled") for name in simple):
        return report.fail(f"{mitigation}: `{identifier}`: the test is disabled (@Disabled) in {source_file}")
    class_declaration = re.search(r"\b(class|record)\s+%s\b" % re.escape(outer), text)
    if class_declaration and any(name.split(".")[-1].startswith("Disabled") for name in annotations_before(text, class_declaration.start())):
        return report.fail(f"{mitigation}: `{identifier}`: the class {outer} is disabled (@Disabled) in {source_file}")
    verdict = surefire_verdict(tree, module_dir, source_file, package + "." + class_name.replace(".", "$"), method)
    if verdict is not None and verdict != "passed":
        return report.fail(f"{mitigation}: `{identifier}`: {verdict} in the last Maven run ({module_dir}/target/surefire-reports)")
    suffix = "" if verdict is None else ", passed in the last Maven run"
    return report.ok(f"{mitigation}: `{identifier}` (test in {source_file}{suffix})")


def surefire_verdict(tree, module_dir, source_file, class_name, method):
    """'passed', 'skipped', 'failed', 'missing' from a report newer than the source, else None."""
    report_path = tree.path(os.path.join(module_dir, "target", "surefire-reports", "TEST-%s.xml" % class_name))
    if not os.path.exists(report_path) or os.path.getmtime(report_path) < os.path.getmtime(tree.path(source_file)):
        return None
    try:
        document = ElementTree.parse(report_path)
    except ElementTree.ParseError:
        return None
    cases = [case for case in document.getroot().iter("testcase")
             if case.get("name") == method or re.match(r"%s[(\[ ]" % re.escape(method), case.get("name", ""))]
    if not cases:
        return "missing"
    for case in cases:
        if case.find("failure") is not None or case.find("error") is not None:
            return "failed"
    if all(case.find("skipped") is not None for case in cases):
        return "skipped"
    return "passed"


# ---- Zig ----------------------------------------------------------------------------------------

def zig_test_blocks(text):
    """(name or None, body) of every test block; anonymous blocks have name None."""
    blocks = []
    for match in re.finditer(r'^\s*test\s*(?:"((?:[^"\\]|\\.)*)")?\s*\{', text, flags=re.M):
        depth, index = 1, match.end()
        while index < len(text) and depth > 0:
            character = text[index]
            if character == '"':
                index += 1
                while index < len(text) and text[index] != '"' and text[index] != "\n":
                    index += 2 if text[index] == "\\" else 1
            elif character == "/" and text.startswith("//", index):
                index = text.find("\n", index)
                if index < 0:
                    index = len(text)
                continue
            elif character == "{":
                depth += 1
            elif character == "}":
                depth -= 1
            index += 1
        name = match.group(1)
        blocks.append((name.encode().decode("unicode_escape") if name and "\\" in name else name, text[match.end():index]))
    return blocks


# Further test roots: build steps of helper-zig/build.zig besides `zig build test`, used when
# scripts/test runs them.
ZIG_STEP_ROOTS = {"test-lockdown": "helper-zig/tests/lockdown_test.zig"}
ZIG_BUILD_FILE = "helper-zig/build.zig"


def check_zig_roots(tree, report):
    """The roots above must be the ones helper-zig/build.zig builds its test steps from: a moved
    root fails here instead of making every Zig test look unreached."""
    if not tree.exists(ZIG_BUILD_FILE):
        return
    build = tree.text(ZIG_BUILD_FILE)
    for root in list(ZIG_TEST_ROOTS) + list(ZIG_STEP_ROOTS.values()):
        relative = os.path.relpath(root, os.path.dirname(ZIG_BUILD_FILE))
        report.check('"%s"' % relative in build, f"Zig test root {root} is built by {ZIG_BUILD_FILE}",
                     f"Zig test root {root} is not named in {ZIG_BUILD_FILE}: update ZIG_TEST_ROOTS/ZIG_STEP_ROOTS in trace.py")


def zig_run_files(tree):
    """Zig files whose test blocks the test command runs (`zig build test`, and the extra steps
    of ZIG_STEP_ROOTS that scripts/test names)."""
    roots = list(ZIG_TEST_ROOTS)
    runner = tree.text(TEST_COMMAND) if tree.exists(TEST_COMMAND) else ""
    roots += [root for step, root in ZIG_STEP_ROOTS.items() if re.search(r"\b%s\b" % re.escape(step), runner)]
    reached, frontier = set(), [root for root in roots if tree.exists(root)]
    while frontier:
        current = frontier.pop()
        if current in reached or not tree.exists(current):
            continue
        reached.add(current)
        for _, body in zig_test_blocks(tree.text(current)):
            for imported in re.findall(r'@import\("([^"]+\.zig)"\)', body):
                frontier.append(os.path.normpath(os.path.join(os.path.dirname(current), imported)))
    return reached


def check_zig(tree, report, mitigation, identifier):
    match = re.fullmatch(r'(\S+\.zig):\s*"(.*)"', identifier)
    path, name = match.groups()
    if not tree.exists(path):
        return report.fail(f"{mitigation}: `{identifier}`: no file {path}")
    blocks = [body for block_name, body in zig_test_blocks(tree.text(path)) if block_name == name]
    if not blocks:
        return report.fail(f'{mitigation}: `{identifier}`: no test "{name}" in {path}')
    if "SkipZigTest" in blocks[0]:
        return report.fail(f'{mitigation}: `{identifier}`: the test is disabled (returns error.SkipZigTest)')
    if path not in zig_run_files(tree):
        return report.fail(f"{mitigation}: `{identifier}`: {path} is not reached from a test block of "
                           f"{' '.join(ZIG_TEST_ROOTS)}, so `zig build test` does not run it")
    return report.ok(f"{mitigation}: `{identifier}`")


# ---- shell and Python -------------------------------------------------------------------------------

def shell_word(line, start):
    """The quoted word starting at line[start] ('...' or "..." with nested $(...)), unquoted."""
    quote = line[start]
    if quote == "'":
        end = line.find("'", start + 1)
        return None if end < 0 else line[start + 1:end]
    index, depth, out = start + 1, 0, []
    while index < len(line):
        character = line[index]
        if character == "\\" and index + 1 < len(line):
            out.append(line[index:index + 2])
            index += 2
            continue
        if line.startswith("$(", index):
            depth += 1
            out.append("$(")
            index += 2
            continue
        if depth > 0:
            if character == ")":
                depth -= 1
            elif character in "\"'":
                closing = line.find(character, index + 1)
                if closing < 0:
                    return None
                out.append(line[index:closing + 1])
                index = closing + 1
                continue
            out.append(character)
            index += 1
            continue
        if character == '"':
            return "".join(out)
        out.append(character)
        index += 1
    return None


def shell_cases(text):
    """(function, name) of every case call with a quoted first argument."""
    functions = "|".join(SHELL_CASE_FUNCTIONS + SHELL_SKIP_FUNCTIONS)
    cases = []
    for line in strip_shell_comments(text).splitlines():
        for match in re.finditer(r'(?:^|[\s;&|({])(%s)\s+(?=["\'])' % functions, line):
            name = shell_word(line, match.end())
            if name is not None:
                cases.append((match.group(1), name))
    return cases


VARIABLE = r"\$\((?:[^()]|\([^()]*\))*\)|\$\{[^}]+\}|\$[A-Za-z_][A-Za-z_0-9]*|\$[0-9]"


def template_matches(template, name, script_text):
    """A case template with $var / ${var} / $(command) parts matches `name` when it has literal
    text of its own and every $var or ${var} part stands for text that occurs literally in the
    script (outside the template itself); $(command) parts stand for any text."""
    parts = re.split(VARIABLE, template)
    if len(parts) == 1:
        return template == name
    if not "".join(parts).strip():
        return False  # a bare "$name": a generic helper, not a case
    variables = re.findall(VARIABLE, template)
    pattern = "(.+?)".join(re.escape(part) for part in parts)
    match = re.fullmatch(pattern, name)
    if not match:
        return False
    rest = script_text.replace(template, "")
    return all(variable.startswith("$(") or (value.strip() and value.strip() in rest)
               for variable, value in zip(variables, match.groups()))


def check_shell(tree, report, mitigation, identifier):
    path, name = [part.strip() for part in identifier.split(":", 1)]
    if not tree.exists(path):
        return report.fail(f"{mitigation}: `{identifier}`: no file {path}")
    text = tree.text(path)
    cases = shell_cases(text)
    running = [function for function, template in cases
               if function in SHELL_CASE_FUNCTIONS and template_matches(template, name, text)]
    skipped = [function for function, template in cases
               if function in SHELL_SKIP_FUNCTIONS and template_matches(template, name, text)]
    if not running and skipped:
        return report.fail(f"{mitigation}: `{identifier}`: the case is disabled (only reported as pending/skipped)")
    if not running:
        return report.fail(f"{mitigation}: `{identifier}`: no case named \"{name}\" in {path}")
    if path not in tree.run_scripts():
        return report.fail(f"{mitigation}: `{identifier}`: {path} is not run by {TEST_COMMAND}")
    return report.ok(f"{mitigation}: `{identifier}`")


def check_python(tree, report, mitigation, identifier):
    path, name = [part.strip() for part in identifier.split(":", 1)]
    if not tree.exists(path):
        return report.fail(f"{mitigation}: `{identifier}`: no file {path}")
    text = "\n".join(line for line in tree.text(path).splitlines() if not line.lstrip().startswith("#"))
    if re.fullmatch(r"\w+", name):
        # A test function: defined at the top level and called by the module.
        if not re.search(r"^def %s\(" % re.escape(name), text, flags=re.M):
            return report.fail(f"{mitigation}: `{identifier}`: no function {name} in {path}")
        if len(re.findall(r"\b%s\b" % re.escape(name), text)) < 2:
            return report.fail(f"{mitigation}: `{identifier}`: {name} is defined but never called in {path}")
    else:
        # A named check: the name is a string literal argument of a check(...) call.
        literal = re.compile(r"""\bcheck\((?:[^()]*?,\s*)?f?(["'])%s\1""" % re.escape(name))
        if not literal.search(text):
            return report.fail(f"{mitigation}: `{identifier}`: no check named \"{name}\" in {path}")
    if path not in tree.run_scripts():
        return report.fail(f"{mitigation}: `{identifier}`: {path} is not run by {TEST_COMMAND}")
    return report.ok(f"{mitigation}: `{identifier}`")


def check_test(tree, report, mitigation, identifier):
    if re.fullmatch(r'\S+\.zig:\s*".*"', identifier):
        return check_zig(tree, report, mitigation, identifier)
    if re.fullmatch(r"\S+\.sh:\s*\S.*", identifier):
        return check_shell(tree, report, mitigation, identifier)
    if re.fullmatch(r"\S+\.py:\s*\S.*", identifier):
        return check_python(tree, report, mitigation, identifier)
    return check_java(tree, report, mitigation, identifier)


# ---- code locations -------------------------------------------------------------------------------

def check_location(tree, report, mitigation, location):
    path, _, symbol = location.partition(":")
    if not tree.exists(path):
        return report.fail(f"{mitigation}: code `{location}`: no such path")
    if symbol:
        if os.path.isdir(tree.path(path)):
            return report.fail(f"{mitigation}: code `{location}`: a symbol needs a file, not a directory")
        if not re.search(r"\b%s\b" % re.escape(symbol), tree.text(path)):
            return report.fail(f"{mitigation}: code `{location}`: `{symbol}` does not occur in {path}")
    return report.ok(f"{mitigation}: code `{location}`")


# ---- annotations ------------------------------------------------------------------------------------

ANNOTATION = re.compile(r"(?://|#)\s*mitigates:\s*((?:M-\d+)(?:\s*,\s*M-\d+)*)")


def annotation_sources(tree):
    """Test sources: Java under src/test, the helper's Zig and test scripts, image and script tests."""
    for path in sorted(tree.files()):
        if path.startswith("threat-model/"):
            continue
        if (path.endswith(".java") and "/src/test/" in path) or \
           (path.startswith("helper-zig/") and path.endswith((".zig", ".sh", ".py"))) or \
           (path.startswith(("jlink-image/", "scripts/")) and path.endswith(".sh")):
            yield path


# ---- the model ---------------------------------------------------------------------------------------

def load_mitigations(model_dir, report):
    path = os.path.join(model_dir, "mitigations.md")
    text = read(path)
    mitigation_rows, residual_rows = [], []
    for header, rows in tables(text):
        if header[:5] == ["id", "mitigation", "code", "tests", "threats"]:
            mitigation_rows.extend(rows)
        elif header and header[0] == "id" and "threats" in header and rows and rows[0][0].startswith("R-"):
            residual_rows.extend((row, header.index("threats")) for row in rows)
    report.check(bool(mitigation_rows), "mitigations.md has the table | id | mitigation | code | tests | threats |")
    return mitigation_rows, residual_rows


def defined_threats(model_dir):
    text = read(os.path.join(model_dir, "threats.md"))
    threats = set()
    for header, rows in tables(text):
        if header and header[0] == "id":
            threats.update(row[0] for row in rows if re.fullmatch(r"T-\d+", row[0]))
    threats.update(re.findall(r"^#+\s*(T-\d+)\b", text, flags=re.M))
    return threats


def check_doctor(tree, report, model_dir):
    checklist = os.path.join(model_dir, "deployment-checklist.md")
    if not os.path.exists(checklist):
        return report.fail("deployment-checklist.md exists")
    ours = []
    for header, rows in tables(read(checklist)):
        if header[:2] == ["id", "check"]:
            ours.extend((row[0], row[1]) for row in rows)
    if not ours:
        return report.fail("deployment-checklist.md has the table | id | check | ...")
    doc = "docs/doctor-checks.md"
    if not tree.exists(doc):
        return report.fail(f"{doc} (the doctor's check list) exists")
    theirs = []
    for header, rows in tables(tree.text(doc)):
        if header[:2] == ["id", "title"]:
            theirs.extend((row[0], row[1]) for row in rows)
    report.check([item[0] for item in ours] == [item[0] for item in theirs],
                 f"deployment checklist ids equal {doc} ({len(theirs)} checks)",
                 f"deployment checklist ids {[i for i, _ in ours]} differ from {doc} {[i for i, _ in theirs]}")
    differing = [f"{a[0]}: '{a[1]}' vs '{b[1]}'" for a, b in zip(ours, theirs) if a[0] == b[0] and a[1] != b[1]]
    report.check(not differing, f"deployment checklist titles equal {doc}", f"titles differ from {doc}: {differing}")
    source = "modules/cli/src/main/java/org/nftj/cli/Doctor.java"
    if tree.exists(source):
        in_source = []
        for check_id in re.findall(r'"(D\d+)"', tree.text(source)):
            if check_id not in in_source:
                in_source.append(check_id)
        report.check(sorted(in_source, key=lambda x: int(x[1:])) == [i for i, _ in ours],
                     f"deployment checklist ids equal the ids in {source}",
                     f"ids in {source} {sorted(in_source, key=lambda x: int(x[1:]))} differ from the checklist")
    else:
        report.fail(f"{source} (the doctor) exists")


def main():
    parser = argparse.ArgumentParser()
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--root", default=os.path.dirname(os.path.dirname(here)))
    parser.add_argument("--model", default=None, help="directory with mitigations.md etc. (default ROOT/threat-model)")
    parser.add_argument("--quiet", action="store_true", help="print failures only")
    parser.add_argument("--no-doctor", action="store_true", help="skip the deployment checklist comparison")
    arguments = parser.parse_args()
    tree = Tree(os.path.abspath(arguments.root))
    model_dir = arguments.model or os.path.join(tree.root, "threat-model")
    report = Report(arguments.quiet)

    rows, residuals = load_mitigations(model_dir, report)
    check_zig_roots(tree, report)
    threats = defined_threats(model_dir)
    report.check(bool(threats), f"threats.md defines threats ({len(threats)})")
    mitigation_ids, answered = set(), set()
    for row in rows:
        if len(row) < 5:
            report.fail(f"mitigation row with {len(row)} cells: {row}")
            continue
        identifier, _, code, tests, threat_cell = row[:5]
        if not re.fullmatch(r"M-\d+", identifier):
            report.fail(f"mitigation id '{identifier}' is not M-<number>")
            continue
        if identifier in mitigation_ids:
            report.fail(f"{identifier}: duplicate mitigation id")
        mitigation_ids.add(identifier)
        locations = code_spans(code)
        report.check(bool(locations), f"{identifier}: names where it lives in the code", f"{identifier}: names no code location")
        for location in locations:
            check_location(tree, report, identifier, location)
        identifiers = code_spans(tests)
        if not identifiers:
            report.fail(f"{identifier}: names no test")
        for test in identifiers:
            check_test(tree, report, identifier, test)
        named = ids_in(threat_cell, "T")
        report.check(bool(named), f"{identifier}: names the threats it addresses", f"{identifier}: names no threat")
        for threat in named:
            answered.add(threat)
            if threat not in threats:
                report.fail(f"{identifier}: threat {threat} is not defined in threats.md")
    for row, column in residuals:
        for threat in ids_in(row[column] if column < len(row) else "", "T"):
            answered.add(threat)
            if threat not in threats:
                report.fail(f"{row[0]}: threat {threat} is not defined in threats.md")
    unanswered = sorted(threats - answered, key=lambda x: int(x[2:]))
    report.check(not unanswered, "every threat is answered by a mitigation or a residual risk",
                 f"threats answered by no mitigation and no residual risk: {', '.join(unanswered)}")

    annotation_count = 0
    for source in annotation_sources(tree):
        for line_number, line in enumerate(tree.text(source).splitlines(), 1):
            match = ANNOTATION.search(line)
            if not match:
                continue
            for named in re.findall(r"M-\d+", match.group(1)):
                annotation_count += 1
                report.check(named in mitigation_ids, f"{source}:{line_number}: mitigates {named}",
                             f"{source}:{line_number}: `mitigates: {named}` names a mitigation that does not exist")
    if not arguments.quiet:
        print(f"     ({annotation_count} `mitigates:` annotations found in tests)")

    if not arguments.no_doctor:
        check_doctor(tree, report, model_dir)

    print(f"{report.passed} passed, {report.failed} failed")
    return 1 if report.failed else 0


if __name__ == "__main__":
    sys.exit(main())
