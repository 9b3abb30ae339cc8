"""`report`: the behaviour x implementation matrix as build/report/index.html (self-contained), summary.md and
combined-junit.xml (every implementation's test cases, named <implementation>.<suite>.<test>). The same for a
team's project (runners/team.py), in its own report directory, named after it and without links to docs/spec."""

from __future__ import annotations

import html
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from runners import paths
from runners.compare import Cell, Matrix, Row, Verdict, load_matrix
from runners.execute import machine_description
from runners.junit import case_element, to_xml_text

NO_ID_GROUP = "Tests without a behaviour ID (harness self-tests, runner checks)"

# How each verdict reads in a cell, and its colour (the text says it too, for print and colour blindness).
LABELS: dict[Verdict, str] = {
    Verdict.PASS: "pass",
    Verdict.EXPECTED_FAIL: "expected fail",
    Verdict.SKIP: "skip",
    Verdict.UNEXPECTED_PASS: "UNEXPECTED PASS",
    Verdict.UNEXPECTED_FAIL: "FAIL",
    Verdict.MISSING: "missing",
    Verdict.NOT_APPLICABLE: "n/a",
}
MARKDOWN_LABELS: dict[Verdict, str] = {
    Verdict.PASS: "✅ pass",
    Verdict.EXPECTED_FAIL: "🟧 expected fail",
    Verdict.SKIP: "⏭️ skip",
    Verdict.UNEXPECTED_PASS: "❗ **UNEXPECTED PASS**",
    Verdict.UNEXPECTED_FAIL: "❌ **FAIL**",
    Verdict.MISSING: "· missing",
    Verdict.NOT_APPLICABLE: "n/a",
}

CSS = """
body { font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 24px; color: #1b1f24; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 17px; margin: 28px 0 8px; }
.meta { color: #57606a; margin: 0 0 12px; }
.verdict { display: inline-block; padding: 6px 12px; border-radius: 4px; font-weight: 600; margin: 4px 0 12px; }
.verdict.ok { background: #dafbe1; color: #116329; }
.verdict.bad { background: #cf222e; color: #fff; }
table { border-collapse: collapse; }
th, td { border: 1px solid #d0d7de; padding: 3px 8px; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; position: sticky; top: 0; }
table.runs td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.area th { background: #eaeef2; font-size: 15px; padding-top: 8px; }
tr.area th .count { color: #57606a; font-weight: normal; }
td.id { white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, monospace; }
td.test { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: #424a53; }
td.v { text-align: center; white-space: nowrap; min-width: 7em; font-weight: 600; }
td.v a { color: inherit; text-decoration: none; }
.pass { background: #dafbe1; color: #116329; }
.expected-fail { background: #fff1c2; color: #7d4e00; }
.skip { background: #eaeef2; color: #424a53; }
.unexpected-pass { background: #8250df; color: #fff; }
.unexpected-fail { background: #cf222e; color: #fff; }
.missing { background: #fff; color: #8c959f; font-weight: normal; font-style: italic; }
.na, .none { background: #fff; color: #afb8c1; font-weight: normal; }
.legend span { display: inline-block; padding: 2px 8px; margin-right: 6px; border-radius: 3px; font-weight: 600; }
ul.problems li.fatal { color: #cf222e; }
details { margin: 4px 0; }
details summary { cursor: pointer; }
pre { background: #f6f8fa; padding: 8px; overflow-x: auto; white-space: pre-wrap; font-size: 12px; margin: 4px 0 8px; }
"""


def relative_spec_dir(project: paths.Project, directory: Path | None = None) -> str | None:
    """Where the report in ``directory`` (the project's report directory) finds docs/spec; None without one."""
    if project.spec_dir is None:
        return None
    return Path(os.path.relpath(project.spec_dir, directory or project.report_dir)).as_posix()


@dataclass(frozen=True)
class ReportInfo:
    generated: str
    machine: str
    bench: bool = False  # ./winipc bench has written bench.md (and bench.png) next to the report
    title: str = paths.REPO.title
    command: str = paths.REPO.command  # for the hints: "./winipc run", "winipc-run ingest FILE --as windows"
    # Behaviour IDs link to <spec_base>/<area>.md#<id>; None: no links (a team's project has no docs/spec).
    spec_base: str | None = relative_spec_dir(paths.REPO)
    no_id_group: str = NO_ID_GROUP


def default_info(directory: Path | None = None, project: paths.Project = paths.REPO) -> ReportInfo:
    directory = directory or project.report_dir
    return ReportInfo(datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), machine_description(),
                      (directory / "bench.md").exists(), project.title, project.command,
                      relative_spec_dir(project, directory))


def when(timestamp: str) -> str:
    """GoogleTest's 2026-11-22T15:39:24.306 (the run machine's local time) as 2026-11-22 15:39:24."""
    return timestamp.replace("T", " ").split(".")[0] if timestamp else "?"


def css_class(verdict: Verdict) -> str:
    return verdict.value.replace("/", "")  # n/a -> na


def spec_link(key: str, area: str, base: str = "../../docs/spec") -> str:
    return f"{base}/{area}.md#{key.lower()}"


def groups(matrix: Matrix) -> list[tuple[str | None, list[Row]]]:
    """Rows by area (FM-CREATE, ...); the matrix's rows come sorted, areas in order and those without an ID last."""
    result: dict[str | None, list[Row]] = {}
    for row in matrix.rows:
        result.setdefault(row.area, []).append(row)
    return list(result.items())


def _anchor(implementation: str, key: str) -> str:
    return "d-" + "".join(c if c.isalnum() or c == "-" else "-" for c in f"{implementation}-{key}".lower())


def _tooltip(cell: Cell) -> str:
    parts = []
    if cell.expectation is not None:
        expectation = cell.expectation
        parts.append(f"expected {expectation.result.value}: {expectation.reason} [{expectation.evidence}]")
    if cell.message:
        parts.append(cell.message[:400])
    return "\n".join(parts)


def _has_details(cell: Cell) -> bool:
    return cell.verdict not in (Verdict.PASS, Verdict.MISSING, Verdict.NOT_APPLICABLE) and bool(
        cell.message or cell.expectation)


def _html_cell(matrix: Matrix, row: Row, implementation: str) -> str:
    if implementation not in matrix.runs:
        return '<td class="v none"></td>'
    cell = row.cells[implementation]
    label = html.escape(LABELS[cell.verdict])
    if _has_details(cell):
        label = f'<a href="#{_anchor(implementation, row.key)}">{label}</a>'
    title = html.escape(_tooltip(cell), quote=True)
    return f'<td class="v {css_class(cell.verdict)}" title="{title}">{label}</td>'


def _html_test_names(row: Row) -> str:
    if len(row.tests) == 1:
        return html.escape(row.tests[0])
    everything = html.escape("\n".join(row.tests), quote=True)
    return f'<span title="{everything}">{html.escape(row.tests[0])} (+{len(row.tests) - 1} more)</span>'


def _html_runs(matrix: Matrix, info: ReportInfo) -> str:
    head = ("implementation", "version", "ran", "machine", "pass", "fail", "expected fail", "skip", "unexpected",
            "missing")
    lines = ["<table class=\"runs\"><thead><tr>" + "".join(f"<th>{h}</th>" for h in head) + "</tr></thead><tbody>"]
    for name in matrix.columns:
        run = matrix.runs.get(name)
        if run is None:
            hint = "no results"
            if name == "windows":
                hint += (f"; a Windows run's XML joins with <code>{html.escape(info.command)} ingest FILE --as "
                         "windows</code>")
            lines.append(f"<tr><th>{html.escape(paths.display_name(name))}</th>"
                         f"<td colspan=\"{len(head) - 1}\" class=\"none\">{hint}</td></tr>")
            continue
        counts = matrix.counts(name)
        numbers = (counts.passed, counts.failed, counts.expected_fail, counts.skipped, counts.unexpected,
                   counts.missing)
        source = f" title=\"{html.escape(run.source, quote=True)}\"" if run.source else ""
        lines.append(
            f"<tr><th>{html.escape(paths.display_name(name))}</th><td><code>{html.escape(run.description)}</code></td>"
            f"<td{source}>{html.escape(when(run.timestamp))}</td><td>{html.escape(run.machine or 'unknown')}</td>"
            + "".join(f'<td class="n{" unexpected-fail" if i == 4 and n else ""}">{n}</td>'
                      for i, n in enumerate(numbers)) + "</tr>")
    lines.append("</tbody></table>")
    return "\n".join(lines)


def _html_details(matrix: Matrix) -> str:
    items = []
    for row in matrix.rows:
        for name in matrix.columns:
            cell = row.cells.get(name)
            if cell is None or not _has_details(cell):
                continue
            label = html.escape(LABELS[cell.verdict])
            summary = (f'<span class="{css_class(cell.verdict)}">&nbsp;{label}&nbsp;</span> '
                       f'{html.escape(paths.display_name(name))} · <code>{html.escape(row.key)}</code>')
            body = []
            if cell.expectation is not None:
                e = cell.expectation
                body.append(f"<p>Expected <b>{e.result.value}</b> ({html.escape(e.where)}): {html.escape(e.reason)}"
                            f" — {html.escape(e.evidence)}</p>")
            if cell.message:
                body.append(f"<pre>{html.escape(cell.message[:4000])}</pre>")
            items.append(f'<details id="{_anchor(name, row.key)}"><summary>{summary}</summary>{"".join(body)}'
                         f"</details>")
    if not items:
        return ""
    return "<h2>Failures, skips and expectations</h2>\n" + "\n".join(items)


def render_html(matrix: Matrix, info: ReportInfo) -> str:
    fatal = [p for p in matrix.problems if p.fatal]
    if not matrix.runs:
        banner = f'<div class="verdict bad">No results: run <code>{html.escape(info.command)} run</code></div>'
    elif fatal:
        banner = f'<div class="verdict bad">compare: {len(fatal)} problem(s) fail the run</div>'
    else:
        banner = '<div class="verdict ok">compare: OK — every result is a pass, a skip or an expected failure</div>'
    bench = ('<p class="meta">Benchmarks (raw POSIX, emu, Wine): <a href="bench.md">bench.md</a> · '
             '<a href="bench.png">plot</a> · <a href="bench.json">bench.json</a></p>' if info.bench else "")
    problems = ""
    if matrix.problems:
        problems = "<ul class=\"problems\">" + "".join(
            f'<li class="{"fatal" if p.fatal else "note"}">{"" if p.fatal else "note: "}{html.escape(str(p))}</li>'
            for p in matrix.problems) + "</ul>"
    legend = '<p class="legend">' + "".join(
        f'<span class="{css_class(v)}">{html.escape(LABELS[v])}</span>' for v in Verdict) + \
        " — hover a cell for the message; click a non-pass cell for details</p>"

    header = "".join(f"<th>{html.escape(paths.display_name(c))}</th>" for c in matrix.columns)
    body = []
    width = 2 + len(matrix.columns)
    for area, rows in groups(matrix):
        title = html.escape(area or info.no_id_group)
        anchor = f' id="area-{html.escape(area.lower())}"' if area else ' id="area-none"'
        body.append(f'<tr class="area"><th colspan="{width}"{anchor}>{title} '
                    f'<span class="count">({len(rows)})</span></th></tr>')
        for row in rows:
            if area and info.spec_base is not None:
                link = html.escape(spec_link(row.key, area, info.spec_base), quote=True)
                ident = f'<a href="{link}">{html.escape(row.key)}</a>'
            elif area:
                ident = html.escape(row.key)
            else:
                ident = "—"
            cells = "".join(_html_cell(matrix, row, c) for c in matrix.columns)
            body.append(f'<tr id="{html.escape(row.key.lower(), quote=True)}"><td class="id">{ident}</td>'
                        f'<td class="test">{_html_test_names(row)}</td>{cells}</tr>')

    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{html.escape(info.title)}</title>
<style>{CSS}</style>
</head>
<body>
<h1>{html.escape(info.title)}: behaviour × implementation</h1>
<p class="meta">Generated {html.escape(info.generated)} on {html.escape(info.machine)} ·
{len(matrix.rows)} behaviours and tests · the Windows column is empty unless a Windows run was ingested</p>
{bench}
{banner}
{_html_runs(matrix, info)}
{problems}
{legend}
<table class="matrix">
<thead><tr><th>Behaviour</th><th>Test</th>{header}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
{_html_details(matrix)}
</body>
</html>
"""


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def render_markdown(matrix: Matrix, info: ReportInfo) -> str:
    lines = [f"# {info.title}", "", f"Generated {info.generated} on {info.machine}.", ""]
    lines += ["| implementation | version | ran | machine | passed | failed | expected-fail | skipped | unexpected "
              "| missing |", "|---|---|---|---|--:|--:|--:|--:|--:|--:|"]
    for name in matrix.columns:
        run = matrix.runs.get(name)
        if run is None:
            lines.append(f"| {paths.display_name(name)} | no results | | | | | | | | |")
            continue
        c = matrix.counts(name)
        lines.append(f"| {paths.display_name(name)} | `{_md(run.description)}` | {when(run.timestamp)} | "
                     f"{_md(run.machine or 'unknown')} | {c.passed} | {c.failed} | {c.expected_fail} | {c.skipped} | "
                     f"{c.unexpected} | {c.missing} |")
    fatal = [p for p in matrix.problems if p.fatal]
    lines += ["", f"**compare: {'OK' if matrix.runs and not fatal else f'{len(fatal)} problem(s) fail the run'}**"
              if matrix.runs else "**No results.**", ""]
    lines += [f"- {'' if p.fatal else 'note: '}{_md(str(p))}" for p in matrix.problems]
    header = " | ".join(paths.display_name(c) for c in matrix.columns)
    for area, rows in groups(matrix):
        lines += ["", f"## {area or info.no_id_group}", "", f"| ID | test | {header} |",
                  "|---|---|" + "---|" * len(matrix.columns)]
        for row in rows:
            if area and info.spec_base is not None:
                ident = f"[{row.key}]({spec_link(row.key, area, info.spec_base)})"
            else:
                ident = row.key if area else "—"
            tests = f"`{_md(row.tests[0])}`" + (f" (+{len(row.tests) - 1} more)" if len(row.tests) > 1 else "")
            cells = " | ".join(MARKDOWN_LABELS[row.cells[c].verdict] if c in matrix.runs else ""
                               for c in matrix.columns)
            lines.append(f"| {ident} | {tests} | {cells} |")
    return "\n".join(lines) + "\n"


def render_combined_junit(matrix: Matrix, title: str = paths.REPO.title) -> str:
    """Every implementation's test cases in one file, classnames prefixed by the implementation
    (wine.MapViewOfFile), each with its verdict as a property."""
    root = ET.Element("testsuites", {"name": title})
    verdicts = {(name, row.key): cell.verdict for row in matrix.rows for name, cell in row.cells.items()}
    for name in matrix.columns:
        run = matrix.runs.get(name)
        if run is None:
            continue
        by_suite: dict[str, list] = {}
        for case in run.cases:
            by_suite.setdefault(case.suite, []).append(case)
        for suite_name, cases in by_suite.items():
            suite = ET.SubElement(root, "testsuite", {
                "name": f"{name}.{suite_name}", "tests": str(len(cases)),
                "failures": str(sum(c.outcome.value == "fail" for c in cases)),
                "skipped": str(sum(c.outcome.value == "skip" for c in cases)), "errors": "0"})
            for case in cases:
                extra = {"implementation": run.description,
                         "verdict": verdicts.get((name, case.key), Verdict.MISSING).value}
                suite.append(case_element(case, f"{name}.{case.suite}", extra))
    root.set("tests", str(sum(len(run.cases) for run in matrix.runs.values())))
    return to_xml_text(root)


def write_report(matrix: Matrix, directory: Path = paths.REPORT_DIR, info: ReportInfo | None = None) -> Path:
    info = info or default_info(directory)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "index.html").write_text(render_html(matrix, info), encoding="utf-8")
    (directory / "summary.md").write_text(render_markdown(matrix, info), encoding="utf-8")
    (directory / "combined-junit.xml").write_text(render_combined_junit(matrix, info.title), encoding="utf-8")
    return directory / "index.html"


def main(results_dir: Path | None = None, expectations_dir: Path | None = None, directory: Path | None = None,
         project: paths.Project = paths.REPO, info: ReportInfo | None = None) -> int:
    matrix = load_matrix(results_dir, expectations_dir, project)
    directory = directory or project.report_dir
    index = write_report(matrix, directory, info or default_info(directory, project))
    print(f"report: {project.relative(index)} (also summary.md, combined-junit.xml)")
    return 0
