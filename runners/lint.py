"""The behaviour-ID lint: fails when an ID is duplicated, undocumented, untested, or named in an expectations
file but absent from the suite. Part of the test command."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from runners import docs, paths, spec
from runners.expectations import load_expectations


@dataclass(frozen=True)
class LintError:
    where: str
    text: str

    def __str__(self) -> str:
        return f"{self.where}: {self.text}"


def lint(repo: Path = paths.REPO_ROOT, spec_dir: Path | None = None) -> list[LintError]:
    spec_dir = spec_dir or repo / "docs" / "spec"
    errors: list[LintError] = []
    scan = spec.scan(repo)
    try:
        retired = {r.id: r for r in spec.load_retired(repo)}
    except ValueError as problem:
        return [LintError("conformance/retired.txt", str(problem))]
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
            if spec.re.fullmatch(spec.ID_PATTERN, behaviour_id) and behaviour_id not in suite_ids:
                errors.append(LintError(str(path.relative_to(repo)), f"{behaviour_id} is not in the suite"))
    return errors


def main() -> int:
    errors = lint()
    for error in errors:
        print(f"lint: {error}")
    scan_count = len(spec.scan().behaviours)
    print(f"lint: {scan_count} behaviour IDs, {len(errors)} problem(s)")
    return 1 if errors else 0
