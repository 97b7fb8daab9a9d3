"""Sums JUnit XML reports (Surefire) into one line: 'junit: N passed, N failed, N skipped'."""
import sys
import xml.etree.ElementTree as ET

tests = failures = errors = skipped = 0
for path in sys.argv[1:]:
    root = ET.parse(path).getroot()
    tests += int(root.get("tests", 0))
    failures += int(root.get("failures", 0))
    errors += int(root.get("errors", 0))
    skipped += int(root.get("skipped", 0))
failed = failures + errors
print(f"junit: {tests - failed - skipped} passed, {failed} failed, {skipped} skipped")
