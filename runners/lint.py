"""The behaviour-ID lint: fails when an ID is duplicated, undocumented, untested, or named in an expectations
file but absent from the suite, when the last run reports an ID the pages or the scan of the sources lack, and
when the committed docs/spec pages are stale. Part of the test command.

Stale means one of:
  - the pages differ from what `./winipc docs` writes from the present sources (an entry missing or extra, a
    statement, test name or line changed), results aside;
  - the pages carry the results of a run whose sources (RESULT_SOURCES) differ from HEAD's, or of no run;
  - build/results holds a run of HEAD's sources and the pages' results are not that run's.
So the pages are current right after `./winipc all && ./winipc docs`, and stay current through commits that touch
nothing a result depends on (the docs commit itself, README, bench/). A run of other sources, or a commit git does
not have (a shallow clone), is not compared: the lint says so in a note and does not fail for it. The IDs the
harness's own tests record (conformance/harness: samples that test BEHAVIOUR itself) are left out on both sides, in
the scan of the sources and in the run.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from runners import docs, paths, spec
from runners.compare import Matrix, load_matrix
from runners.expectations import load_expectations
from runners.junit import BEHAVIOUR_ID, Outcome

# What a result depends on: a change under one of these (Markdown aside) after a run makes the run's results old.
RESULT_SOURCES = ("emu", "conformance", "cmake", "CMakeLists.txt", "CMakePresets.json")
REGENERATE = "run ./winipc all, then ./winipc docs, and commit docs/spec"


@dataclass(frozen=True)
class LintError:
    where: str
    text: str
    fatal: bool = True  # a note (False) is printed but does not fail the lint

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


def lint(repo: Path = paths.REPO_ROOT, spec_dir: Path | None = None,
         results_dir: Path | None = None) -> list[LintError]:
    """Every problem found, fatal ones and notes; `main` fails on the fatal ones."""
    spec_dir = spec_dir or repo / "docs" / "spec"
    results_dir = results_dir or repo / "build" / "results"
    errors: list[LintError] = []
    scan = spec.scan(repo)
    try:
        retired_list = spec.load_retired(repo)
    except ValueError as problem:
        return [LintError("conformance/retired.txt", str(problem))]
    retired = {r.id: r for r in retired_list}
    suite_ids = {b.id for b in scan.behaviours}

    for behaviour_id, places in scan.duplicates:
        errors.append(LintError(behaviour_id, "duplicated: claimed by several tests: " + "; ".join(places)))
    for b in scan.unstated:
        errors.append(LintError(f"{b.file}:{b.line}", f"{b.id} has no one-line statement ('// Tests that ...')"))
    for path in spec.test_sources(repo):
        text = path.read_text(encoding="utf-8")
        if "BEHAVIOUR(" in text and "https://learn.microsoft.com/" not in text:
            errors.append(LintError(str(path.relative_to(repo)), "cites no Microsoft Learn page"))
    for behaviour_id in sorted(suite_ids & retired.keys()):
        errors.append(LintError(behaviour_id, "is retired (conformance/retired.txt) but a test uses it again"))

    documented = docs.documented_ids(spec_dir)
    for behaviour_id in sorted(suite_ids - documented):
        errors.append(LintError(behaviour_id, "undocumented: no entry in docs/spec (run ./winipc docs and commit)"))
    for behaviour_id in sorted(documented - suite_ids - retired.keys()):
        errors.append(LintError(behaviour_id, "untested: documented but no test claims it (restore the test, or "
                                              "retire the ID in conformance/retired.txt)"))

    for path in sorted((repo / "conformance" / "expectations").glob("*.txt")):
        try:
            entries = load_expectations(path)
        except ValueError as problem:
            errors.append(LintError(str(path.relative_to(repo)), str(problem)))
            continue
        for behaviour_id in sorted(entries):
            if BEHAVIOUR_ID.match(behaviour_id) and behaviour_id not in suite_ids:
                errors.append(LintError(str(path.relative_to(repo)), f"{behaviour_id} is not in the suite"))

    pages = docs.committed_pages(spec_dir)
    spec_where = paths_relative(spec_dir, repo)
    errors += stale_sources(pages, docs.render_pages(scan, retired_list, None), spec_where)
    errors += stale_run(pages, repo, spec_where)
    run = load_matrix(results_dir, repo / "conformance" / "expectations") if any(results_dir.glob("*.xml")) else None
    if run is not None and run.runs:
        errors += check_against_run(run, scan, retired_list, documented, pages, repo, results_dir, spec_where)
    return errors


def paths_relative(path: Path, repo: Path) -> str:
    try:
        return str(path.resolve().relative_to(repo.resolve()))
    except ValueError:
        return str(path)


def changed_since(repo: Path, commit: str) -> list[str] | None:
    """The files under RESULT_SOURCES that differ between `commit` and HEAD; None when git cannot tell (no
    repository, or a commit this clone does not have)."""
    known = subprocess.run(["git", "-C", str(repo), "rev-parse", "--verify", "--quiet", f"{commit}^{{commit}}"],
                           capture_output=True, text=True, check=False)
    if known.returncode != 0:
        return None
    diff = subprocess.run(["git", "-C", str(repo), "diff", "--name-only", commit, "HEAD", "--", *RESULT_SOURCES,
                           ":(exclude,glob)**/*.md"], capture_output=True, text=True, check=False)
    return diff.stdout.split() if diff.returncode == 0 else None


def _first_difference(committed: str, generated: str) -> str:
    old, new = committed.splitlines(), generated.splitlines()
    for number, (a, b) in enumerate(zip(old, new), 1):
        if a != b:
            return f"line {number} is {a!r}, ./winipc docs writes {b!r}"
    if len(old) < len(new):
        return f"it ends at line {len(old)}, ./winipc docs writes on with {new[len(old)]!r}"
    return f"./winipc docs ends at line {len(new)}, it goes on with {old[len(new)]!r}"


def stale_sources(pages: dict[str, str], generated: dict[str, str], spec_where: str) -> list[LintError]:
    """The pages against what `./winipc docs` writes from the sources, results aside."""
    errors = []
    for name in sorted(generated.keys() - pages.keys()):
        errors.append(LintError(f"{spec_where}/{name}", f"stale: missing; {REGENERATE}"))
    for name in sorted(pages.keys() - generated.keys()):
        errors.append(LintError(f"{spec_where}/{name}", f"stale: no behaviour of the suite is in it; {REGENERATE}"))
    for name in sorted(pages.keys() & generated.keys()):
        committed, fresh = docs.without_results(pages[name]), docs.without_results(generated[name])
        if committed != fresh:
            errors.append(LintError(f"{spec_where}/{name}", f"stale: {_first_difference(committed, fresh)} "
                                                            f"(results aside); {REGENERATE}"))
    return errors


def stale_run(pages: dict[str, str], repo: Path, spec_where: str) -> list[LintError]:
    """Whether the run the pages' results come from was of HEAD's sources."""
    where = f"{spec_where}/README.md"
    runs = docs.runs_of(pages.get("README.md", ""))
    if not runs:
        return [LintError(where, f"stale: the pages carry no run's results; {REGENERATE}")]
    commit = docs.commit_of(runs.get(paths.display_name("emu"), ""))
    if commit is None:
        return [LintError(where, "note: the pages' results name no emu commit, so their age was not checked",
                          fatal=False)]
    changed = changed_since(repo, commit)
    if changed is None:
        return [LintError(where, f"note: git does not know {commit}, the commit the pages' results come from "
                                 "(a shallow clone?), so their age was not checked", fatal=False)]
    if changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        return [LintError(where, f"stale: the results are from a run at {commit}; {len(changed)} file(s) that decide "
                                 f"results changed since ({shown}); {REGENERATE}")]
    return []


def _run_commit(run: Matrix) -> str | None:
    emu = run.runs.get("emu")
    return docs.commit_of(emu.description) if emu else None


def _completed(run: Matrix) -> list[str]:
    """The implementations whose suite ran to its end (the runners' <impl>.SuiteCompleted check passed)."""
    done = []
    for name, results in run.runs.items():
        if any(c.suite == name and c.name == "SuiteCompleted" and c.outcome is Outcome.PASS for c in results.cases):
            done.append(name)
    return done


def check_against_run(run: Matrix, scan: spec.SpecScan, retired: list[spec.Retired], documented: set[str],
                      pages: dict[str, str], repo: Path, results_dir: Path, spec_where: str) -> list[LintError]:
    """The IDs the run reports (its JUnit XML, as compare reads it) and its results, against the pages and the scan
    of the sources, when the run was of HEAD's sources."""
    results_where = paths_relative(results_dir, repo)
    commit = _run_commit(run)
    changed = changed_since(repo, commit) if commit else None
    if changed is None or changed:
        why = (f"a run at {commit}, and {len(changed)} file(s) that decide results changed since" if changed
               else "a run whose commit git does not know" if commit else "a run that names no emu commit")
        return [LintError(results_where, f"note: {why}: its IDs and results were not compared with docs/spec",
                          fatal=False)]
    errors = []
    scanned = {b.id for b in scan.behaviours}
    reported: dict[str, str] = {}  # ID -> "file: test" of one case reporting it
    for name, results in run.runs.items():
        for case in results.cases:
            if case.behaviour and case.behaviour not in reported and not spec.is_harness_test(case.file):
                reported[case.behaviour] = f"{results_where}/{name}.xml: {case.full_name}"
    for behaviour_id in sorted(reported.keys() - documented):
        missed = "" if behaviour_id in scanned else "; the scan of the test sources (runners/spec.py) misses it too"
        errors.append(LintError(behaviour_id, f"undocumented: the run reports it ({reported[behaviour_id]}) but "
                                              f"docs/spec has no entry{missed}"))
    completed = _completed(run)
    if completed:
        for b in sorted(scan.behaviours, key=lambda b: b.id):
            if b.id not in reported:
                errors.append(LintError(f"{b.file}:{b.line}", f"{b.id} is found in the sources but no test of the "
                                                              f"run ({', '.join(completed)}) reports it"))
    generated = docs.render_pages(scan, retired, run)
    shown = {paths.display_name(name) for name in run.runs}
    for name in sorted(pages.keys() & generated.keys()):
        fresh = docs.results_of(generated[name])
        differences = [f"{behaviour_id} on {label}: the page says {text!r}, the run says {fresh[key]!r}"
                       for key, text in sorted(docs.results_of(pages[name]).items())
                       for behaviour_id, label in [key] if label in shown and key in fresh and fresh[key] != text]
        if differences:
            more = f" and {len(differences) - 3} more" if len(differences) > 3 else ""
            errors.append(LintError(f"{spec_where}/{name}", f"stale: not the results of the run in {results_where}: "
                                                            + "; ".join(differences[:3]) + f"{more}; {REGENERATE}"))
    return errors


def main() -> int:
    errors = lint()
    fatal = [e for e in errors if e.fatal]
    for error in errors:
        print(f"lint: {error}")
    scan_count = len(spec.scan().behaviours)
    print(f"lint: {scan_count} behaviour IDs, {len(fatal)} problem(s)")
    return 1 if fatal else 0
