"""The behaviours the suite claims, read from the test sources: ID, one-line statement, test, place, Learn page.

A behaviour is declared either by `BEHAVIOUR("ID")` in a test body, or, for table-driven tests, by an ID string in
a row of the table a `TEST_P` runs over (the body then calls `BEHAVIOUR(GetParam().id)` or similar). The statement
is the test's "Tests that ..." comment; a row may state its own behaviour in a `//` comment at the end of its line or
in a "Tests that ..." comment on the lines right above it, otherwise the row's label is added to the test's statement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from runners import paths
from runners.junit import BEHAVIOUR_ID_PATTERN

# The IDs the harness accepts (conformance/harness/behaviour.cc) and the runners read from a run's XML, no narrower.
ID_PATTERN = BEHAVIOUR_ID_PATTERN
_ID_LITERAL = re.compile(r'"(' + ID_PATTERN + r')"')
_BEHAVIOUR_LITERAL = re.compile(r'BEHAVIOUR\(\s*"(' + ID_PATTERN + r')"\s*\)')
_BEHAVIOUR_ANY = re.compile(r"BEHAVIOUR\(")
_TEST_MACRO = re.compile(r"^\s*(TEST|TEST_F|TEST_P)\(\s*(\w+)\s*,\s*(\w+)\s*\)", re.M)
_INSTANTIATE = re.compile(r"INSTANTIATE_TEST_SUITE_P\(\s*(\w+)\s*,\s*(\w+)\s*,", re.M)
_LEARN_URL = re.compile(r"https://learn\.microsoft\.com/[^\s)>\"']+")
_ARRAY_START = re.compile(r"(\w+)\s*\[\s*\w*\s*\]\s*=\s*\{")
# A statement listed in a comment: "//   FM-OPEN-006  a FILE_MAP_READ handle maps read views" (continuation lines
# are indented further and carry no ID).
_LISTED = re.compile(r"^(\s*//\s+)(" + ID_PATTERN + r")\s+(\S.*)$")


@dataclass
class Behaviour:
    id: str
    statement: str
    test: str  # Suite.Name, with the row label for a table row: Suite.Name/Label
    file: str  # relative to the repository root
    line: int
    learn: list[str] = field(default_factory=list)


@dataclass
class SpecScan:
    behaviours: list[Behaviour]
    duplicates: list[tuple[str, list[str]]]  # an ID declared at several places: (id, ["file:line", ...])
    unstated: list[Behaviour]  # declared without a "Tests that" statement


def _matching_brace(text: str, open_index: int) -> int:
    """The index of the brace or parenthesis closing the one at open_index, skipping strings, chars and comments."""
    opener = text[open_index] if 0 <= open_index < len(text) else "{"
    closer = ")" if opener == "(" else "}"
    depth = 0
    i = open_index
    n = len(text)
    while i < n:
        c = text[i]
        if c == "/" and text.startswith("//", i):
            i = text.find("\n", i)
            if i < 0:
                return n - 1
        elif c == "/" and text.startswith("/*", i):
            i = text.find("*/", i) + 1
        elif c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j
        elif c == opener:
            depth += 1
        elif c == closer:
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return n - 1


def _comment_above(lines: list[str], line_index: int) -> str:
    """The `//` comment block right above a line, as one string."""
    block: list[str] = []
    i = line_index - 1
    while i >= 0 and lines[i].strip().startswith("//"):
        block.insert(0, lines[i].strip()[2:].strip())
        i -= 1
    return " ".join(block)


def _statement(comment: str) -> str:
    """The 'Tests that ...' sentence of a comment (from 'Tests that' to the end), or ''."""
    at = comment.find("Tests that")
    return comment[at:].strip() if at >= 0 else ""


def _line_of(text: str, index: int) -> int:
    return text.count("\n", 0, index) + 1


def _row_label(row_text: str, row_id: str) -> str:
    """A row's label: the first string literal after its ID that looks like a name."""
    after = row_text.split(f'"{row_id}"', 1)[1]
    for literal in re.findall(r'"([^"\\]*)"', after):
        if re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", literal):
            return literal
    return ""


def _listed_statements(lines: list[str]) -> dict[str, str]:
    listed: dict[str, str] = {}
    for i, line in enumerate(lines):
        m = _LISTED.match(line)
        if not m:
            continue
        parts = [m.group(3).strip()]
        indent = len(m.group(1)) + len(m.group(2))
        for follow in lines[i + 1 :]:
            stripped = follow.lstrip()
            if not stripped.startswith("//") or _LISTED.match(follow):
                break
            text = stripped[2:]
            if len(text) - len(text.lstrip()) + (len(follow) - len(stripped)) + 2 <= indent:
                break
            parts.append(text.strip())
        statement = " ".join(parts)
        listed[m.group(2)] = statement if statement.startswith("Tests that") else f"Tests that {statement}"
    return listed


def scan_file(path: Path, repo: Path = paths.REPO_ROOT) -> list[Behaviour]:
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    listed = _listed_statements(lines)
    rel = str(path.relative_to(repo))
    learn = sorted(set(_LEARN_URL.findall(text)))
    found: list[Behaviour] = []
    test_spans: list[tuple[int, int]] = []
    parameterised: dict[str, list[tuple[str, str, int]]] = {}  # fixture -> [(test name, statement, line)]

    for m in _TEST_MACRO.finditer(text):
        kind, suite, name = m.group(1), m.group(2), m.group(3)
        open_brace = text.find("{", m.end())
        close_brace = _matching_brace(text, open_brace)
        body = text[open_brace:close_brace]
        test_spans.append((m.start(), close_brace))
        line = _line_of(text, m.start())
        statement = _statement(_comment_above(lines, line - 1))
        literal_ids = _BEHAVIOUR_LITERAL.findall(body)
        for behaviour_id in literal_ids:
            found.append(Behaviour(behaviour_id, statement, f"{suite}.{name}", rel, line, learn))
        if kind == "TEST_P" and _BEHAVIOUR_ANY.search(body) and not literal_ids:
            parameterised.setdefault(suite, []).append((name, statement, line))

    # Rows: an ID literal outside every test body belongs to the table of the INSTANTIATE that holds it, directly
    # or through the array it names.
    def inside_test(index: int) -> bool:
        return any(start <= index <= end for start, end in test_spans)

    arrays: dict[str, tuple[int, int]] = {}
    for m in _ARRAY_START.finditer(text):
        arrays[m.group(1)] = (m.end() - 1, _matching_brace(text, m.end() - 1))
    instantiations: list[tuple[str, int, int]] = []
    for m in _INSTANTIATE.finditer(text):
        # The whole macro call, to its closing parenthesis: a row may hold a lambda, whose ';' ends nothing.
        end = _matching_brace(text, text.find("(", m.start()))
        instantiations.append((m.group(2), m.start(), end))

    def fixture_of(index: int) -> str | None:
        for fixture, start, end in instantiations:
            if start <= index <= end:
                return fixture
        for array, (start, end) in arrays.items():
            if start <= index <= end:
                for fixture, i_start, i_end in instantiations:
                    if re.search(r"\b" + re.escape(array) + r"\b", text[i_start:i_end]):
                        return fixture
        return None

    for m in _ID_LITERAL.finditer(text):
        if inside_test(m.start()) or text[max(0, m.start() - 12) : m.start()].rstrip().endswith("BEHAVIOUR("):
            continue
        fixture = fixture_of(m.start())
        if fixture is None or fixture not in parameterised:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        row_text = text[line_start : line_end if line_end >= 0 else len(text)]
        row_comment = row_text.split("//", 1)[1].strip() if "//" in row_text else ""
        if not row_comment:  # or a "Tests that ..." comment on the lines right above the row
            row_comment = _statement(_comment_above(lines, _line_of(text, m.start()) - 1))
        label = _row_label(row_text, m.group(1))
        for test_name, statement, _ in parameterised[fixture]:
            if row_comment:
                row_statement = row_comment if row_comment.startswith("Tests that") else f"Tests that {row_comment}"
            elif statement:
                row_statement = f"{statement} [{label}]" if label else statement
            else:
                row_statement = ""
            test = f"{fixture}.{test_name}" + (f"/{label}" if label else "")
            found.append(Behaviour(m.group(1), row_statement, test, rel, _line_of(text, m.start()), learn))
    for b in found:
        if b.id in listed:
            b.statement = listed[b.id]
    return found


def test_sources(repo: Path = paths.REPO_ROOT) -> list[Path]:
    """The behaviour tests (the harness's own tests check the harness, not Windows, and are left out)."""
    return sorted(p for p in (repo / "conformance").glob("*/*_test.cc") if p.parent.name != "harness")


def is_harness_test(source: str) -> bool:
    """Whether a test's source file, as a run names it (relative to the build tree, or a Windows path), is one of
    the harness's own tests, which test_sources leaves out: they record sample IDs to test BEHAVIOUR itself."""
    parts = source.replace("\\", "/").split("/")
    return any(a == "conformance" and b == "harness" for a, b in zip(parts, parts[1:]))


@dataclass(frozen=True)
class Retired:
    id: str
    reason: str


def load_retired(repo: Path = paths.REPO_ROOT) -> list[Retired]:
    """conformance/retired.txt: `ID | why it was retired`, one per line; '#' starts a comment."""
    path = repo / "conformance" / "retired.txt"
    retired = []
    if path.exists():
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = [p.strip() for p in line.split("|")]
            if len(parts) != 2 or not re.fullmatch(ID_PATTERN, parts[0]) or not parts[1]:
                raise ValueError(f"{path}:{number}: expected 'ID | reason', got {raw!r}")
            retired.append(Retired(parts[0], parts[1]))
    return retired


def scan(repo: Path = paths.REPO_ROOT) -> SpecScan:
    everything: list[Behaviour] = []
    for path in test_sources(repo):
        everything.extend(scan_file(path, repo))
    by_id: dict[str, list[Behaviour]] = {}
    for b in everything:
        by_id.setdefault(b.id, []).append(b)
    duplicates = []
    unique: list[Behaviour] = []
    for behaviour_id, places in sorted(by_id.items()):
        # Several rows of one table may share an ID: the table proves one behaviour. Two tests may not.
        tests = sorted({b.test.split("/", 1)[0] for b in places})
        if len(tests) > 1:
            duplicates.append((behaviour_id, sorted({f"{b.file}:{b.line} {b.test}" for b in places})))
        first = places[0]
        if len(places) > 1 and len(tests) == 1:
            statement = first.statement
            if statement.endswith("]") and " [" in statement:
                statement = statement.rsplit(" [", 1)[0]
            first = Behaviour(first.id, statement, tests[0], first.file, first.line, first.learn)
        unique.append(first)
    unstated = [b for b in unique if not b.statement]
    return SpecScan(unique, duplicates, unstated)


def area_of(behaviour_id: str) -> str:
    """FM-CREATE-004 -> FM-CREATE."""
    return behaviour_id.rsplit("-", 1)[0]
