"""`ingest FILE --as windows`: adopts a JUnit XML from another machine (a Windows CI artifact) as a column."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from runners import paths
from runners.junit import SOURCE_ATTRIBUTE, JUnitError, complete_results, implementation_name, parse_junit


def ingest(source: Path, implementation: str, results_dir: Path = paths.RESULTS_DIR) -> Path:
    """Copies ``source`` to <results>/<implementation>.xml; raises JUnitError when it is not the suite's XML
    or says it ran on another implementation."""
    text = source.read_text(encoding="utf-8", errors="replace")
    run = parse_junit(text, implementation, str(source))
    if not run.cases:
        raise JUnitError(f"{source}: no test cases")
    said = implementation_name(run.description)
    if said != implementation:
        raise JUnitError(f"{source}: its implementation property says '{run.description}', not {implementation}")
    when = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    results_dir.mkdir(parents=True, exist_ok=True)
    target = paths.results_xml(implementation, results_dir)
    target.write_text(complete_results(text, run.description, [],
                                       {SOURCE_ATTRIBUTE: f"ingested from {source.name} on {when}"}),
                      encoding="utf-8")
    return target


def main(source: Path, implementation: str, results_dir: Path = paths.RESULTS_DIR,
         project: paths.Project = paths.REPO) -> int:
    try:
        target = ingest(source, implementation, results_dir)
    except (OSError, JUnitError) as error:
        print(f"ingest: {error}")
        return 2
    print(f"ingest: {source} -> {project.relative(target)}")
    return 0
