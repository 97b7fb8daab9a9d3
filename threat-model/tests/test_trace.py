#!/usr/bin/env python3
"""Tests of the traceability checker (threat-model/tools/trace.py).

Builds a small fixture source tree in a temporary directory (a Maven reactor with one test
class, a Zig test root, shell scripts, a doctor check list, a `mitigates:` annotation) and runs
the checker against fixture threat models: one that must pass, and one per defect the checker
must catch (a missing test, disabled tests of each kind, tests that are never run, an unknown
mitigation id in an annotation, a threat nobody answers, a deployment checklist that differs
from the doctor). Each case asserts the exit status AND the failure message, so a checker that
fails for the wrong reason does not pass.

Run: python3 threat-model/tests/test_trace.py   (prints one line per case, then "N passed, N failed")
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = os.path.join(os.path.dirname(HERE), "tools", "trace.py")

TREE = {
    "pom.xml": "<project><modules>\n  <module>modules/demo</module>\n</modules></project>\n",
    "modules/demo/src/test/java/org/example/DemoTest.java": """package org.example;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

class DemoTest {
    // mitigates: M-2
    @Test
    void good() {}

    @Disabled("flaky")
    @Test
    void off() {}

    void notATest() {}
}
""",
    "modules/demo/src/test/java/org/example/SleepingTest.java": """package org.example;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

@Disabled
class SleepingTest {
    @Test
    void sleeps() {}
}
""",
    "modules/outside/src/test/java/org/example/OutsideTest.java": """package org.example;

import org.junit.jupiter.api.Test;

class OutsideTest {
    @Test
    void neverRun() {}
}
""",
    "helper-zig/build.zig": 'const unit_root = "tests/all.zig";\nconst lockdown_root = "tests/lockdown_test.zig";\n',
    "helper-zig/tests/all.zig": 'test {\n    _ = @import("t.zig");\n}\n',
    "helper-zig/tests/t.zig": 'test "good" {\n    try @import("std").testing.expect(true);\n}\n\n'
                            'test "skipped" {\n    return error.SkipZigTest;\n}\n',
    "helper-zig/tests/orphan.zig": 'test "unreached" {\n}\n',
    "helper-zig/tests/cases.sh": """#!/bin/bash
pass() { echo "PASS $1"; }
expect() { pass "$1"; }
pend() { echo "PEND $1"; }
for call in execve fork; do
  pass "forbidden $call -> SIGSYS"
done
probe() { pass "$1 ($2)"; }
probe "sealed: open refused" errno:ACCES
expect "good case" ok
pend "pending case" "needs something"
# expect "commented case" ok
""",
    "helper-zig/tests/lonely.sh": '#!/bin/bash\npass "lonely case"\n',
    "helper-zig/tests/bb.py": "def check(name, condition):\n    pass\n\n\ndef test_good():\n    pass\n\n\ndef test_never_called():\n    pass\n\n\n"
                             "test_good()\ncheck(\"rollback: nothing changed\", True)\n# check(\"commented check\", True)\n",
    "helper-zig/tests/run-bb.sh": "#!/bin/bash\npython3 \"$(dirname \"$0\")/bb.py\"\n",
    "scripts/test": "#!/bin/bash\nbash helper-zig/tests/cases.sh\nfor t in run-bb other; do\n  bash \"helper-zig/tests/$t.sh\"\ndone\n",
    "docs/doctor-checks.md": "| id | title | when | fix |\n|---|---|---|---|\n| D1 | helper location | x | y |\n| D2 | helper mode | x | y |\n",
    "modules/cli/src/main/java/org/nftj/cli/Doctor.java": 'class Doctor { Object a = "D1"; Object b = "D2"; }\n',
    "src/guard.c": "int guard(void) { return 1; }\n",
}

THREATS = """# Threats
| id | element | STRIDE | threat |
|---|---|---|---|
| T-1 | helper | E | one |
| T-2 | helper | T | two |
"""

CHECKLIST = """| id | check | how |
|---|---|---|
| D1 | helper location | x |
| D2 | helper mode | x |
"""

GOOD_ROWS = [
    "| M-1 | guard | `src/guard.c:guard` | `org.example.DemoTest#good`<br>`helper-zig/tests/t.zig: \"good\"` | T-1 |",
    "| M-2 | cases | `helper-zig/tests/cases.sh` | `helper-zig/tests/cases.sh: good case`<br>"
    "`helper-zig/tests/cases.sh: forbidden execve -> SIGSYS`<br>`helper-zig/tests/bb.py: test_good` | T-2 |",
]


def model(rows, threats=THREATS, checklist=CHECKLIST, residuals=""):
    table = "| id | mitigation | code | tests | threats |\n|---|---|---|---|---|\n" + "\n".join(rows) + "\n"
    return {"mitigations.md": "# Mitigations\n\n" + table + residuals, "threats.md": threats, "deployment-checklist.md": checklist}


def replace_row(index, row):
    rows = list(GOOD_ROWS)
    rows[index] = row
    return rows


SUREFIRE = "modules/demo/target/surefire-reports/TEST-org.example.DemoTest.xml"
REPORT = ('<?xml version="1.0"?><testsuite name="org.example.DemoTest">'
          '<testcase name="good" classname="org.example.DemoTest">%s</testcase></testsuite>\n')


CASES = [
    # (name, model files, expected exit status, expected text in the output)
    ("the good model passes", model(GOOD_ROWS), 0, "0 failed"),
    ("a mitigation that names no test", model(replace_row(0, "| M-1 | guard | `src/guard.c` | none | T-1 |")), 1,
     "M-1: names no test"),
    ("a Java test method that does not exist", model(replace_row(0, "| M-1 | guard | `src/guard.c` | `org.example.DemoTest#missing` | T-1 |")), 1,
     "no method missing"),
    ("a Java test class that does not exist", model(replace_row(0, "| M-1 | guard | `src/guard.c` | `org.example.NoSuchTest#good` | T-1 |")), 1,
     "no test class org.example.NoSuchTest"),
    ("a Java method that is not a test", model(replace_row(0, "| M-1 | guard | `src/guard.c` | `org.example.DemoTest#notATest` | T-1 |")), 1,
     "is not annotated as a test"),
    ("a disabled Java test (@Disabled on the method)", model(replace_row(0, "| M-1 | guard | `src/guard.c` | `org.example.DemoTest#off` | T-1 |")), 1,
     "the test is disabled (@Disabled)"),
    ("a disabled Java test (@Disabled on the class)", model(replace_row(0, "| M-1 | guard | `src/guard.c` | `org.example.SleepingTest#sleeps` | T-1 |")), 1,
     "the class SleepingTest is disabled"),
    ("a Java test outside the Maven reactor", model(replace_row(0, "| M-1 | guard | `src/guard.c` | `org.example.OutsideTest#neverRun` | T-1 |")), 1,
     "is not a module of the Maven reactor"),
    ("a Zig test that does not exist", model(replace_row(0, "| M-1 | guard | `src/guard.c` | `helper-zig/tests/t.zig: \"nope\"` | T-1 |")), 1,
     'no test "nope"'),
    ("a disabled Zig test (SkipZigTest)", model(replace_row(0, "| M-1 | guard | `src/guard.c` | `helper-zig/tests/t.zig: \"skipped\"` | T-1 |")), 1,
     "returns error.SkipZigTest"),
    ("a Zig test that zig build test never reaches", model(replace_row(0, "| M-1 | guard | `src/guard.c` | `helper-zig/tests/orphan.zig: \"unreached\"` | T-1 |")), 1,
     "does not run it"),
    ("a shell case that does not exist", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/cases.sh: no such case` | T-2 |")), 1,
     'no case named "no such case"'),
    ("a shell case with a template value the script never uses", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/cases.sh: forbidden ptrace -> SIGSYS` | T-2 |")), 1,
     'no case named "forbidden ptrace -> SIGSYS"'),
    ("a shell case named through a function's positional parameters", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/cases.sh: sealed: open refused (errno:ACCES)` | T-2 |")), 0,
     "0 failed"),
    ("a disabled shell case (only pending)", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/cases.sh: pending case` | T-2 |")), 1,
     "the case is disabled"),
    ("a commented-out shell case", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/cases.sh: commented case` | T-2 |")), 1,
     'no case named "commented case"'),
    ("a shell script the test command does not run", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/lonely.sh: lonely case` | T-2 |")), 1,
     "is not run by scripts/test"),
    ("a Python test function that is never called", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/bb.py: test_never_called` | T-2 |")), 1,
     "defined but never called"),
    ("a named Python check", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/bb.py: rollback: nothing changed` | T-2 |")), 0,
     "0 failed"),
    ("a named Python check that does not exist", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/bb.py: rollback: all changed` | T-2 |")), 1,
     'no check named "rollback: all changed"'),
    ("a commented-out Python check", model(replace_row(1, "| M-2 | cases | `src/guard.c` | `helper-zig/tests/bb.py: commented check` | T-2 |")), 1,
     'no check named "commented check"'),
    ("a code location that does not exist", model(replace_row(0, "| M-1 | guard | `src/nowhere.c` | `org.example.DemoTest#good` | T-1 |")), 1,
     "code `src/nowhere.c`: no such path"),
    ("a code symbol that does not occur in its file", model(replace_row(0, "| M-1 | guard | `src/guard.c:unguard` | `org.example.DemoTest#good` | T-1 |")), 1,
     "`unguard` does not occur"),
    ("a test annotation naming an unknown mitigation id", model(GOOD_ROWS[:1] + [GOOD_ROWS[1].replace("| M-2 |", "| M-3 |")]), 1,
     "`mitigates: M-2` names a mitigation that does not exist"),
    ("a mitigation naming an undefined threat", model(replace_row(0, GOOD_ROWS[0].replace("| T-1 |", "| T-1, T-9 |"))), 1,
     "threat T-9 is not defined"),
    ("a threat answered by nothing", model(GOOD_ROWS, threats=THREATS + "| T-3 | helper | D | three |\n"), 1,
     "answered by no mitigation and no residual risk: T-3"),
    ("a threat answered by a stated residual risk", model(GOOD_ROWS, threats=THREATS + "| T-3 | helper | D | three |\n",
                                                          residuals="\n| id | residual risk | threats |\n|---|---|---|\n| R-1 | accepted | T-3 |\n"), 0,
     "0 failed"),
    ("a deployment checklist that differs from the doctor", model(GOOD_ROWS, checklist=CHECKLIST.replace("| D2 | helper mode | x |\n", "")), 1,
     "deployment checklist ids"),
    ("a Java test skipped in the last Maven run (surefire report)", model(GOOD_ROWS), 1,
     "skipped in the last Maven run", {SUREFIRE: REPORT % "<skipped message=\"assumption failed\"/>"}),
    ("a Java test that failed in the last Maven run (surefire report)", model(GOOD_ROWS), 1,
     "failed in the last Maven run", {SUREFIRE: REPORT % "<failure message=\"boom\"/>"}),
    ("a Java test that passed in the last Maven run (surefire report)", model(GOOD_ROWS), 0,
     "passed in the last Maven run", {SUREFIRE: REPORT % ""}),
    ("a deployment checklist title that differs from the doctor", model(GOOD_ROWS, checklist=CHECKLIST.replace("helper mode", "helper bits")), 1,
     "titles differ"),
    ("a Zig test root that build.zig no longer builds", model(GOOD_ROWS), 1,
     "is not named in helper-zig/build.zig", {"helper-zig/build.zig": 'const unit_root = "tests/unit.zig";\n'}),
]


def write(base, files):
    for relative, content in files.items():
        path = os.path.join(base, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(content)


def main():
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="nftj-trace-test-") as work:
        tree = os.path.join(work, "tree")
        write(tree, TREE)
        for index, (name, files, want_status, want_text, *extra) in enumerate(CASES):
            model_dir = os.path.join(work, "model-%d" % index)
            write(model_dir, files)
            case_tree = tree
            if extra:
                # A tree of its own with extra files written after the sources (so they are newer).
                case_tree = os.path.join(work, "tree-%d" % index)
                write(case_tree, TREE)
                old = time.time() - 60
                for relative in TREE:
                    os.utime(os.path.join(case_tree, relative), (old, old))
                write(case_tree, extra[0])
            result = subprocess.run([sys.executable, CHECKER, "--root", case_tree, "--model", model_dir],
                                    capture_output=True, text=True, check=False)
            output = result.stdout + result.stderr
            if result.returncode == want_status and want_text in output:
                passed += 1
                print("ok   " + name)
            else:
                failed += 1
                print("FAIL %s: exit %d (want %d), %r %s in the output:\n%s" % (
                    name, result.returncode, want_status, want_text, "found" if want_text in output else "NOT found",
                    "\n".join("      | " + line for line in output.splitlines())))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
