"""Adopting a Windows run's JUnit XML as the Windows column."""

from __future__ import annotations

import pytest

from runners import ingest
from runners.junit import JUnitError, load_results


def test_windows_xml_becomes_the_windows_column(tmp_path, fixtures):
    target = ingest.ingest(fixtures / "legacy_attributes.xml", "windows", tmp_path)
    assert target == tmp_path / "windows.xml"
    results = load_results(target, "windows")
    assert results.description == "windows 10.0.19045"
    assert "legacy_attributes.xml" in results.source
    assert [case.behaviour for case in results.cases] == ["SY-EVENT-001", "SY-EVENT-002", "SY-EVENT-003"]


def test_xml_of_another_implementation_is_refused(tmp_path, fixtures):
    with pytest.raises(JUnitError, match="says 'wine 8.0', not windows"):
        ingest.ingest(fixtures / "gtest_properties.xml", "windows", tmp_path)
    assert not (tmp_path / "windows.xml").exists()


def test_bad_file_exits_2(tmp_path, capsys):
    bad = tmp_path / "artifact.xml"
    bad.write_text("not xml")
    assert ingest.main(bad, "windows", tmp_path / "results") == 2
    assert ingest.main(tmp_path / "absent.xml", "windows", tmp_path / "results") == 2
    assert "not XML" in capsys.readouterr().out
