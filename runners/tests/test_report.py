"""The report: a row per ID, every status visible, grouped by area, and the Markdown and combined JUnit."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from runners import report
from runners.compare import Verdict, build_matrix
from runners.junit import Outcome
from runners.report import ReportInfo, render_combined_junit, render_html, render_markdown, write_report

from runners.tests.conftest import case, expect, run

INFO = ReportInfo("2026-11-22 10:00 UTC", "testhost (Linux)")


def every_verdict_matrix():
    runs = {
        "wine": run("wine", case("FM-CREATE-001"), case("FM-CREATE-002", Outcome.FAIL, "a.cc:1\nwine <differs>"),
                    case("VW-MAP-003", Outcome.SKIP, "not here"), case("VW-MAP-004"),
                    case("VW-MAP-005", Outcome.FAIL, "a.cc:2\nboom"), case("Child.Exits"), description="wine 8.0"),
        "emu": run("emu", case("FM-CREATE-001"), case("FM-CREATE-002"), case("VW-MAP-003"), case("VW-MAP-004"),
                   case("emu.NoLeftovers"), description="emu 27942c6"),
    }
    expectations = {"wine": expect("FM-CREATE-002 | fail | Wine differs | todo_wine\n"
                                   "VW-MAP-004 | fail | fixed since | x\n")}
    return build_matrix(runs, expectations)


class Rows(HTMLParser):
    """Collects each matrix row's cells (class and text) by the row's id."""

    def __init__(self):
        super().__init__()
        self.rows: dict[str, list[tuple[str, str]]] = {}
        self.row: str | None = None
        self.cell: list[str] | None = None
        self.depth = 0

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr" and attributes.get("id"):
            self.row = attributes["id"]
            self.rows[self.row] = []
        elif tag == "td" and self.row:
            self.cell = [attributes.get("class") or "", ""]

    def handle_endtag(self, tag):
        if tag == "td" and self.row and self.cell is not None:
            self.rows[self.row].append((self.cell[0], self.cell[1].strip()))
            self.cell = None
        elif tag == "tr":
            self.row = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[1] += data


def parsed_rows(text):
    parser = Rows()
    parser.feed(text)
    return parser.rows


def test_html_has_a_row_per_id_with_each_status():
    rows = parsed_rows(render_html(every_verdict_matrix(), INFO))
    assert set(rows) == {"fm-create-001", "fm-create-002", "vw-map-003", "vw-map-004", "vw-map-005", "child.exits",
                         "emu.noleftovers"}
    # Columns: ID, test, Windows, Wine, emu.
    assert rows["fm-create-001"][2:] == [("v none", ""), ("v pass", "pass"), ("v pass", "pass")]
    assert rows["fm-create-002"][3] == ("v expected-fail", "expected fail")
    assert rows["vw-map-003"][3] == ("v skip", "skip")
    assert rows["vw-map-004"][3] == ("v unexpected-pass", "UNEXPECTED PASS")
    assert rows["vw-map-005"][3] == ("v unexpected-fail", "FAIL")
    assert rows["vw-map-005"][4] == ("v missing", "missing")
    assert rows["emu.noleftovers"][3] == ("v na", "n/a")


def test_html_rows_link_to_spec_and_name_the_test():
    text = render_html(every_verdict_matrix(), INFO)
    assert 'href="../../docs/spec/FM-CREATE.md#fm-create-001"' in text
    assert 'href="../../docs/spec/VW-MAP.md#vw-map-005"' in text
    assert "Suite.TestFMCREATE001" in text


def test_html_groups_by_area_in_order():
    text = render_html(every_verdict_matrix(), INFO)
    areas = re.findall(r'<tr class="area"><th colspan="5" id="area-([^"]+)"', text)
    assert areas == ["fm-create", "vw-map", "none"]


def test_html_header_names_versions_date_and_machine():
    text = render_html(every_verdict_matrix(), INFO)
    assert "<code>wine 8.0</code>" in text and "<code>emu 27942c6</code>" in text
    assert "2026-11-22 10:00 UTC" in text and "testhost (Linux)" in text
    assert "ingest FILE --as windows" in text
    assert "compare: 2 problem(s) fail the run" in text


def test_html_escapes_messages_and_is_self_contained():
    text = render_html(every_verdict_matrix(), INFO)
    assert "wine &lt;differs&gt;" in text and "wine <differs>" not in text
    assert not re.search(r'(src|href)="(https?:)?//', text)
    assert "<link" not in text and "<script" not in text


def test_html_ok_banner_when_nothing_unexpected():
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001"))}, {})
    assert 'class="verdict ok"' in render_html(matrix, INFO)


def test_markdown_matrix_and_counts():
    text = render_markdown(every_verdict_matrix(), INFO)
    assert "## FM-CREATE" in text and "## VW-MAP" in text
    assert "| [FM-CREATE-002](../../docs/spec/FM-CREATE.md#fm-create-002) | `Suite.TestFMCREATE002` |  | " \
           "🟧 expected fail | ✅ pass |" in text
    assert "| Wine | `wine 8.0` | ? | unknown | 3 | 2 | 1 | 1 | 2 | 0 |" in text
    assert "| emu | `emu 27942c6` | ? | unknown | 5 | 0 | 0 | 0 | 0 | 2 |" in text
    assert "| Windows | no results |" in text


def test_combined_junit_prefixes_implementation_and_keeps_outcomes():
    root = ET.fromstring(render_combined_junit(every_verdict_matrix()))
    cases = {f"{c.get('classname')}.{c.get('name')}": c for c in root.iter("testcase")}
    assert "wine.Suite.TestFMCREATE002" in cases and "emu.Suite.TestFMCREATE002" in cases
    assert cases["wine.Suite.TestFMCREATE002"].find("failure") is not None
    properties = {p.get("name"): p.get("value") for p in cases["wine.Suite.TestFMCREATE002"].iter("property")}
    assert properties == {"behaviour": "FM-CREATE-002", "implementation": "wine 8.0", "verdict": "expected-fail"}
    assert root.get("tests") == str(len(cases)) == "11"


def test_write_report_writes_three_files(tmp_path):
    index = write_report(every_verdict_matrix(), tmp_path, INFO)
    assert index == tmp_path / "index.html"
    assert {p.name for p in tmp_path.iterdir()} == {"index.html", "summary.md", "combined-junit.xml"}


def test_every_verdict_has_a_label_and_a_colour():
    for verdict in Verdict:
        assert report.LABELS[verdict] and report.MARKDOWN_LABELS[verdict]
        assert f".{report.css_class(verdict)}" in report.CSS


def test_html_links_the_benchmarks_only_when_they_were_run():
    with_bench = render_html(every_verdict_matrix(), ReportInfo("2026-11-22 10:00 UTC", "testhost (Linux)", True))
    assert '<a href="bench.md">bench.md</a>' in with_bench and '<a href="bench.png">' in with_bench
    assert 'href="bench.md"' not in render_html(every_verdict_matrix(), INFO)
