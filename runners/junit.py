"""Reading and writing GoogleTest's JUnit XML.

GoogleTest 1.12 writes a test's RecordProperty("behaviour", ...) as a child of the <testcase>:

    <testcase name="X" classname="Suite" ...>
      <failure message="...">...</failure>
      <properties><property name="behaviour" value="FM-CREATE-004"/></properties>
    </testcase>

Older versions (and some other JUnit writers) put it on the element as an attribute, ``behaviour="..."``; both are
read. Properties recorded outside any test (main.cc's "implementation") land on the root element as attributes.
"""

from __future__ import annotations

import enum
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

BEHAVIOUR_PROPERTY = "behaviour"
IMPLEMENTATION_PROPERTY = "implementation"
# Attributes the runners add to the root element of the files they write.
MACHINE_ATTRIBUTE = "winipc-machine"
SOURCE_ATTRIBUTE = "winipc-source"

# AA-TOPIC-000, as conformance/harness/behaviour.cc checks it: two capitals, one or more capitals, three digits.
BEHAVIOUR_ID_PATTERN = r"[A-Z]{2}-[A-Z]+-[0-9]{3}"
BEHAVIOUR_ID = re.compile(r"^" + BEHAVIOUR_ID_PATTERN + r"$")
_IMPLEMENTATION_LINE = re.compile(r"^implementation:\s*(\S.*?)\s*$")


class JUnitError(ValueError):
    """A results file that is not JUnit XML."""


class Outcome(str, enum.Enum):
    PASS = "pass"
    FAIL = "fail"
    SKIP = "skip"


@dataclass(frozen=True)
class TestCase:
    __test__ = False  # not a pytest test class

    suite: str  # GoogleTest's test suite (the classname), e.g. "Table/MapViewOfFileAccess"
    name: str  # e.g. "GivesViewProtection/ZeroGivesNoAccess"
    outcome: Outcome
    behaviour: str | None = None
    message: str = ""
    time: float = 0.0
    file: str = ""  # the test's source as GoogleTest names it ("../../conformance/views/map_view_test.cc"), or ""

    @property
    def full_name(self) -> str:
        return f"{self.suite}.{self.name}"

    @property
    def key(self) -> str:
        """What the comparison counts the test by: its behaviour ID, or its name when it cites none."""
        return self.behaviour or self.full_name


@dataclass
class RunResults:
    """One implementation's results: a column of the matrix."""

    implementation: str  # the column: "windows", "wine", "emu"
    description: str  # the version line: "wine 8.0", "emu 2d04cc6"
    cases: list[TestCase] = field(default_factory=list)
    timestamp: str = ""
    machine: str = ""
    source: str = ""


def implementation_from_output(text: str) -> str | None:
    """The description after ``implementation:`` on the harness's first line ("emu 2d04cc6"); None when the
    first non-blank line is something else."""
    for line in text.splitlines():
        if line.strip():
            match = _IMPLEMENTATION_LINE.match(line.strip())
            return match.group(1) if match else None
    return None


def implementation_name(description: str) -> str:
    """The implementation a description names: "wine 8.0" -> "wine"."""
    return description.split()[0].lower() if description.strip() else ""


def _case_behaviour(element: ET.Element) -> str | None:
    if element.get(BEHAVIOUR_PROPERTY):
        return element.get(BEHAVIOUR_PROPERTY)
    for prop in element.findall("./properties/property"):
        if prop.get("name") == BEHAVIOUR_PROPERTY:
            return prop.get("value")
    return None


def _message(elements: list[ET.Element]) -> str:
    parts = []
    for element in elements:
        text = (element.text or "").strip() or element.get("message", "").strip()
        if text:
            parts.append(text)
    return "\n\n".join(parts)


def _parse_case(element: ET.Element, suite_name: str) -> TestCase:
    suite = element.get("classname") or suite_name
    # GoogleTest reports a failure in SetUpTestSuite/TearDownTestSuite as a test case with an empty name.
    name = element.get("name") or "(suite-level)"
    failures = element.findall("failure") + element.findall("error")
    skips = element.findall("skipped")
    if failures:
        outcome, message = Outcome.FAIL, _message(failures)
    elif skips or element.get("result") == "skipped":
        outcome, message = Outcome.SKIP, _message(skips)
    elif element.get("status") == "notrun" or element.get("result") == "suppressed":
        outcome, message = Outcome.SKIP, "disabled (not run)"
    else:
        outcome, message = Outcome.PASS, ""
    try:
        time = float(element.get("time", "0") or 0)
    except ValueError:
        time = 0.0
    return TestCase(suite=suite, name=name, outcome=outcome, behaviour=_case_behaviour(element),
                    message=message, time=time, file=element.get("file", ""))


def _root_property(root: ET.Element, name: str) -> str | None:
    if root.get(name):
        return root.get(name)
    for prop in root.findall("./properties/property"):
        if prop.get("name") == name:
            return prop.get("value")
    return None


def parse_junit(text: str, implementation: str | None = None, source: str = "<text>") -> RunResults:
    """Parses JUnit XML (a <testsuites> root or a single <testsuite>).

    ``implementation`` names the column; without it the root's implementation property decides.
    """
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        raise JUnitError(f"{source}: not XML: {error}") from error
    if root.tag not in ("testsuites", "testsuite"):
        raise JUnitError(f"{source}: root element is <{root.tag}>, not <testsuites> or <testsuite>")
    cases = []
    for suite in root.iter("testsuite"):
        for element in suite.findall("testcase"):
            cases.append(_parse_case(element, suite.get("name", "")))
    description = _root_property(root, IMPLEMENTATION_PROPERTY) or ""
    name = implementation or implementation_name(description)
    if not name:
        raise JUnitError(f"{source}: no implementation property on the root element; say which implementation it is")
    return RunResults(implementation=name, description=description or f"{name} (version unknown)", cases=cases,
                      timestamp=root.get("timestamp", ""), machine=root.get(MACHINE_ATTRIBUTE, ""),
                      source=root.get(SOURCE_ATTRIBUTE, source))


def load_results(path: Path, implementation: str | None = None) -> RunResults:
    return parse_junit(path.read_text(encoding="utf-8", errors="replace"), implementation, str(path))


def load_results_dir(directory: Path) -> dict[str, RunResults]:
    """Every ``<implementation>.xml`` in a results directory, keyed by the file's stem."""
    runs = {}
    for path in sorted(directory.glob("*.xml")):
        runs[path.stem] = load_results(path, path.stem)
    return runs


def case_element(case: TestCase, classname: str | None = None,
                 extra_properties: dict[str, str] | None = None) -> ET.Element:
    """A <testcase> element as GoogleTest 1.12 writes it (properties as a child)."""
    element = ET.Element("testcase", {
        "name": case.name,
        "status": "run",
        "result": "skipped" if case.outcome is Outcome.SKIP else "completed",
        "time": f"{case.time:g}",
        "classname": classname or case.suite,
    })
    if case.file:
        element.set("file", case.file)
    if case.outcome is Outcome.FAIL:
        failure = ET.SubElement(element, "failure", {"message": case.message, "type": ""})
        failure.text = case.message
    elif case.outcome is Outcome.SKIP:
        skipped = ET.SubElement(element, "skipped", {"message": case.message})
        skipped.text = case.message
    properties = ({BEHAVIOUR_PROPERTY: case.behaviour} if case.behaviour else {}) | (extra_properties or {})
    if properties:
        parent = ET.SubElement(element, "properties")
        for name, value in properties.items():
            ET.SubElement(parent, "property", {"name": name, "value": value})
    return element


def suite_element(name: str, cases: list[TestCase], classname_prefix: str = "") -> ET.Element:
    suite = ET.Element("testsuite", {
        "name": f"{classname_prefix}{name}",
        "tests": str(len(cases)),
        "failures": str(sum(c.outcome is Outcome.FAIL for c in cases)),
        "skipped": str(sum(c.outcome is Outcome.SKIP for c in cases)),
        "errors": "0",
        "time": f"{sum(c.time for c in cases):g}",
    })
    for case in cases:
        suite.append(case_element(case, f"{classname_prefix}{case.suite}"))
    return suite


def to_xml_text(root: ET.Element) -> str:
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def complete_results(gtest_xml: str | None, description: str, extra_cases: list[TestCase],
                     attributes: dict[str, str]) -> str:
    """The results file the runners keep: GoogleTest's XML (or an empty one when there is none) with the
    implementation line, the runners' own checks (one extra <testsuite> per check suite) and ``attributes`` on
    the root."""
    root = ET.fromstring(gtest_xml) if gtest_xml else ET.Element("testsuites", {"name": "AllTests"})
    if root.tag == "testsuite":
        wrapper = ET.Element("testsuites", {"name": "AllTests"})
        wrapper.append(root)
        root = wrapper
    root.set(IMPLEMENTATION_PROPERTY, description)
    for key, value in attributes.items():
        root.set(key, value)
    by_suite: dict[str, list[TestCase]] = {}
    for case in extra_cases:
        by_suite.setdefault(case.suite, []).append(case)
    for name, cases in by_suite.items():
        root.append(suite_element(name, cases))
    for counter, count in (("tests", len(extra_cases)),
                           ("failures", sum(c.outcome is Outcome.FAIL for c in extra_cases))):
        root.set(counter, str(int(root.get(counter, "0") or 0) + count))
    return to_xml_text(root)
