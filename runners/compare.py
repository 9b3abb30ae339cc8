"""The strict comparison: every behaviour ID against every implementation's results and expectations.

Per behaviour ID (or test name, for tests that cite no ID) and implementation, one verdict:

    pass             passed, and nothing says otherwise
    expected-fail    failed, and the expectations file says it fails there
    skip             skipped (GTEST_SKIP or disabled); skips never fail the run (an unlisted one is noted)
    unexpected-pass  passed, but the expectations file says fail or skip       -> the run fails
    unexpected-fail  failed, and the expectations file does not say fail        -> the run fails
    missing          the suite has it, this implementation's results do not
    n/a              a runner check of another implementation (emu.NoLeftovers in the Wine column)

An expectations entry naming an ID that no test in the suite cites fails the run too, as does a malformed
expectations file. Several test cases citing one ID (rows of a table) count as one: failed if any failed.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, field
from pathlib import Path

from runners import paths
from runners.expectations import Expectation, Expected, ExpectationsError, load_expectations
from runners.junit import BEHAVIOUR_ID, Outcome, RunResults, TestCase, load_results_dir


class Verdict(str, enum.Enum):
    PASS = "pass"
    EXPECTED_FAIL = "expected-fail"
    SKIP = "skip"
    UNEXPECTED_PASS = "unexpected-pass"
    UNEXPECTED_FAIL = "unexpected-fail"
    MISSING = "missing"
    NOT_APPLICABLE = "n/a"

    @property
    def fatal(self) -> bool:
        return self in (Verdict.UNEXPECTED_PASS, Verdict.UNEXPECTED_FAIL)


@dataclass(frozen=True)
class Cell:
    verdict: Verdict
    outcome: Outcome | None = None
    message: str = ""
    expectation: Expectation | None = None


@dataclass
class Row:
    key: str  # behaviour ID, or Suite.Test
    tests: list[str]  # the GoogleTest names that report it, across implementations
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def area(self) -> str | None:
        """The ID's first two parts: FM-CREATE-004 -> FM-CREATE; None for a test without an ID."""
        return self.key.rsplit("-", 1)[0] if BEHAVIOUR_ID.match(self.key) else None


@dataclass(frozen=True)
class Problem:
    implementation: str
    key: str
    text: str
    fatal: bool = True

    def __str__(self) -> str:
        subject = " ".join(part for part in (self.implementation, self.key) if part)
        return f"{subject}: {self.text}" if subject else self.text


@dataclass
class Counts:
    total: int = 0
    passed: int = 0  # outcome pass (including unexpected passes)
    failed: int = 0  # outcome fail (including expected failures)
    expected_fail: int = 0
    skipped: int = 0
    unexpected: int = 0  # unexpected passes and failures: what fails the run
    missing: int = 0


@dataclass
class Matrix:
    columns: list[str]  # every column to show, in order; those in ``runs`` have results
    runs: dict[str, RunResults]
    rows: list[Row]
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        return not any(problem.fatal for problem in self.problems)

    def counts(self, implementation: str) -> Counts:
        counts = Counts()
        for row in self.rows:
            cell = row.cells.get(implementation)
            if cell is None or cell.verdict is Verdict.NOT_APPLICABLE:
                continue
            counts.total += 1
            counts.passed += cell.outcome is Outcome.PASS
            counts.failed += cell.outcome is Outcome.FAIL
            counts.skipped += cell.outcome is Outcome.SKIP
            counts.expected_fail += cell.verdict is Verdict.EXPECTED_FAIL
            counts.unexpected += cell.verdict.fatal
            counts.missing += cell.verdict is Verdict.MISSING
        return counts


def _aggregate(cases: list[TestCase]) -> tuple[Outcome, str]:
    """One outcome for the test cases citing one key: fail if any failed, else pass if any passed."""
    for outcome in (Outcome.FAIL, Outcome.PASS, Outcome.SKIP):
        chosen = [case for case in cases if case.outcome is outcome]
        if chosen:
            if len(cases) == 1:
                return outcome, chosen[0].message
            return outcome, "\n\n".join(f"{case.full_name}: {case.message}" for case in chosen if case.message)
    raise ValueError("no test cases")


def _verdict(outcome: Outcome, expectation: Expectation | None) -> Verdict:
    if outcome is Outcome.PASS:
        return Verdict.PASS if expectation is None else Verdict.UNEXPECTED_PASS
    if outcome is Outcome.FAIL:
        if expectation is not None and expectation.result is Expected.FAIL:
            return Verdict.EXPECTED_FAIL
        return Verdict.UNEXPECTED_FAIL
    return Verdict.SKIP


def _belongs_to_other(key: str, implementation: str, implementations: set[str]) -> bool:
    """Runner checks are named after the implementation they check: emu.NoLeftovers, wine.SuiteCompleted."""
    owner = key.split(".", 1)[0] if "." in key and not BEHAVIOUR_ID.match(key) else None
    return owner is not None and owner in implementations and owner != implementation


def _sort_key(row: Row) -> tuple[int, str, str]:
    return (0, row.area or "", row.key) if row.area else (1, "", row.key)


def build_matrix(runs: dict[str, RunResults], expectations: dict[str, dict[str, Expectation]],
                 expectation_errors: list[str] | None = None,
                 columns: tuple[str, ...] = paths.IMPLEMENTATIONS) -> Matrix:
    """Joins every implementation's results with its expectations into rows of verdicts."""
    problems = [Problem("", "", error) for error in expectation_errors or []]
    all_columns = list(columns) + sorted(name for name in runs if name not in columns)
    known = set(all_columns)

    grouped: dict[str, dict[str, list[TestCase]]] = {}  # key -> implementation -> cases
    for name, run in runs.items():
        for case in run.cases:
            grouped.setdefault(case.key, {}).setdefault(name, []).append(case)

    rows = []
    for key, by_impl in grouped.items():
        tests = sorted({case.full_name for cases in by_impl.values() for case in cases})
        row = Row(key, tests)
        for name in runs:
            expectation = expectations.get(name, {}).get(key)
            cases = by_impl.get(name)
            if cases is None:
                verdict = Verdict.NOT_APPLICABLE if _belongs_to_other(key, name, known) else Verdict.MISSING
                row.cells[name] = Cell(verdict, expectation=expectation)
                continue
            outcome, message = _aggregate(cases)
            cell = Cell(_verdict(outcome, expectation), outcome, message, expectation)
            row.cells[name] = cell
            problems.extend(_cell_problems(name, key, cell))
        rows.append(row)
    rows.sort(key=_sort_key)

    for name, entries in expectations.items():
        for key, expectation in entries.items():
            if key not in grouped:
                problems.append(Problem(name, key, f"{expectation.where} names {key}, which no test in the suite "
                                                   f"reports; fix the ID or delete the line"))
    return Matrix(all_columns, dict(runs), rows, problems)


def brief(message: str, limit: int = 400) -> str:
    """A failure message on one line, without GoogleTest's leading file:line."""
    lines = [line.strip() for line in message.strip().splitlines() if line.strip()]
    if len(lines) > 1 and re.match(r"^\S+:\d+$", lines[0]):
        lines = lines[1:]
    text = " ".join(lines)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _cell_problems(implementation: str, key: str, cell: Cell) -> list[Problem]:
    expectation = cell.expectation
    if cell.verdict is Verdict.UNEXPECTED_PASS:
        assert expectation is not None
        return [Problem(implementation, key, f"unexpected pass: {expectation.where} expects {expectation.result.value}"
                                             f" ({expectation.reason}); delete the line if it is fixed")]
    if cell.verdict is Verdict.UNEXPECTED_FAIL:
        why = f" ({expectation.where} expects skip)" if expectation else ""
        return [Problem(implementation, key, f"unexpected failure{why}: {brief(cell.message)}".rstrip(": "))]
    if cell.verdict is Verdict.SKIP and expectation is not None and expectation.result is Expected.FAIL:
        return [Problem(implementation, key, f"skipped, but {expectation.where} expects fail", fatal=False)]
    if cell.verdict is Verdict.SKIP and expectation is None:
        return [Problem(implementation, key, f"skipped, and {implementation}.txt does not list it as a skip: "
                                             f"{brief(cell.message, 120)}", fatal=False)]
    return []


def load_expectation_sets(directory: Path = paths.EXPECTATIONS_DIR, project: paths.Project = paths.REPO
                          ) -> tuple[dict[str, dict[str, Expectation]], list[str]]:
    """Every ``<implementation>.txt`` (none when the directory does not exist); a malformed file becomes an error
    message and counts as empty."""
    sets: dict[str, dict[str, Expectation]] = {}
    errors: list[str] = []
    for path in sorted(directory.glob("*.txt")):
        try:
            sets[path.stem] = load_expectations(path, project.relative(path))
        except ExpectationsError as error:
            errors.append(str(error))
            sets[path.stem] = {}
    return sets, errors


def load_matrix(results_dir: Path | None = None, expectations_dir: Path | None = None,
                project: paths.Project = paths.REPO) -> Matrix:
    """The project's results and expectations (by default; either directory can be given instead) as a matrix."""
    results_dir = results_dir or project.results_dir
    runs = load_results_dir(results_dir) if results_dir.is_dir() else {}
    expectations, errors = load_expectation_sets(expectations_dir or project.expectations_dir, project)
    return build_matrix(runs, expectations, errors)


def summary_table(matrix: Matrix) -> str:
    """The plain-text table `all` prints: one line per implementation with results."""
    header = ("implementation", "passed", "failed", "expected-fail", "skipped", "unexpected", "missing")
    lines = [header]
    for name in matrix.columns:
        if name not in matrix.runs:
            continue
        counts = matrix.counts(name)
        lines.append((matrix.runs[name].description, str(counts.passed), str(counts.failed),
                      str(counts.expected_fail), str(counts.skipped), str(counts.unexpected), str(counts.missing)))
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    return "\n".join("  ".join(cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(line)).rstrip() for line in lines)


def main(results_dir: Path | None = None, expectations_dir: Path | None = None,
         project: paths.Project = paths.REPO) -> int:
    """`compare`: prints every problem; 1 when any is fatal or there are no results."""
    results_dir = results_dir or project.results_dir
    matrix = load_matrix(results_dir, expectations_dir, project)
    if not matrix.runs:
        print(f"compare: no results in {project.relative(results_dir)}: run `{project.command} run` first")
        return 1
    for problem in matrix.problems:
        print(f"{'FAIL' if problem.fatal else 'note'}: {problem}")
    print(summary_table(matrix))
    fatal = sum(problem.fatal for problem in matrix.problems)
    print(f"compare: {'OK' if matrix.ok else f'{fatal} problem(s) fail the run'} "
          f"({len(matrix.rows)} behaviours, {', '.join(c for c in matrix.columns if c in matrix.runs)})")
    return 0 if matrix.ok else 1
