"""Parsing conformance/expectations/<impl>.txt."""

from __future__ import annotations

import pytest

from runners.expectations import Expected, ExpectationsError, load_expectations, parse_expectations

GOOD = """\
# Behaviours Wine 8.0 does not pass.

VW-MAP-015 | fail | Wine maps an execute view of a non-executable section | wine dlls/kernel32/tests todo_wine
  FM-CREATE-006 | skip | no large pages in Wine | https://learn.microsoft.com/x |a|b
Child.KillEndsHangingChild | fail | a harness self-test without an ID | issue 12
"""


def test_entries_comments_and_blank_lines():
    entries = parse_expectations(GOOD, "wine.txt")
    assert list(entries) == ["VW-MAP-015", "FM-CREATE-006", "Child.KillEndsHangingChild"]
    first = entries["VW-MAP-015"]
    assert first.result is Expected.FAIL
    assert first.reason == "Wine maps an execute view of a non-executable section"
    assert first.evidence == "wine dlls/kernel32/tests todo_wine"
    assert first.where == "wine.txt:3"


def test_evidence_may_contain_a_bar():
    assert parse_expectations(GOOD)["FM-CREATE-006"].evidence == "https://learn.microsoft.com/x |a|b"
    assert parse_expectations(GOOD)["FM-CREATE-006"].result is Expected.SKIP


@pytest.mark.parametrize("line, complaint", [
    ("VW-MAP-015 | fail | no evidence field", r"wine\.txt:2: expected 'ID \| result \| reason \| evidence'"),
    ("VW-MAP-015 | broken | why | where", r"wine\.txt:2: result 'broken' is not 'fail' or 'skip'"),
    ("vw-map-15 | fail | why | where", r"wine\.txt:2: 'vw-map-15' is neither a behaviour ID"),
    ("VW-MAP-015 | fail |  | where", r"wine\.txt:2: VW-MAP-015: the reason is empty"),
    ("VW-MAP-015 | fail | why | ", r"wine\.txt:2: VW-MAP-015: the evidence is empty"),
    ("VW-MAP-001 | fail | again | x", r"wine\.txt:2: VW-MAP-001 is listed twice \(first at wine\.txt:1\)"),
])
def test_malformed_lines_name_file_and_line(line, complaint):
    text = "VW-MAP-001 | fail | first | x\n" + line + "\n"
    with pytest.raises(ExpectationsError, match=complaint):
        parse_expectations(text, "wine.txt")


def test_missing_file_means_no_expectations(tmp_path):
    assert load_expectations(tmp_path / "windows.txt") == {}


def test_file_is_read(tmp_path):
    path = tmp_path / "emu.txt"
    path.write_text("FM-CREATE-004 | fail | deliberate | docs/design.md\n")
    assert load_expectations(path)["FM-CREATE-004"].where == f"{path}:1"
