"""Reading GoogleTest's JUnit XML: both places a behaviour ID can be, outcomes, and the implementation line."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from runners.junit import (JUnitError, Outcome, TestCase, complete_results, implementation_from_output,
                           implementation_name, load_results, parse_junit)


def by_name(results):
    return {case.full_name: case for case in results.cases}


def test_properties_child_gives_behaviour_ids(fixtures):
    results = load_results(fixtures / "gtest_properties.xml")
    cases = by_name(results)
    assert cases["CreateFileMapping.ZeroSizePagefileBackedFails"].behaviour == "FM-CREATE-004"
    assert cases["Table/MapViewOfFileAccess.GivesViewProtection/ZeroGivesNoAccess"].behaviour == "VW-MAP-001"
    assert cases["Child.ExitCodeReachesParent"].behaviour is None


def test_attribute_style_gives_behaviour_ids(fixtures):
    results = load_results(fixtures / "legacy_attributes.xml")
    assert [case.behaviour for case in results.cases] == ["SY-EVENT-001", "SY-EVENT-002", "SY-EVENT-003"]


def test_outcomes_of_pass_fail_skip_and_disabled(fixtures):
    cases = by_name(load_results(fixtures / "gtest_properties.xml"))
    assert cases["CreateFileMapping.ZeroSizePagefileBackedFails"].outcome is Outcome.PASS
    assert cases["CreateFileMapping.ExistingNameReturnsExisting"].outcome is Outcome.FAIL
    assert cases["CreateFileMapping.LargePageNeedsPrivilege"].outcome is Outcome.SKIP
    assert cases["Table/MapViewOfFileAccess.DISABLED_NotYet"].outcome is Outcome.SKIP


def test_failure_and_skip_messages_are_kept(fixtures):
    cases = by_name(load_results(fixtures / "gtest_properties.xml"))
    assert "Which is: 0" in cases["CreateFileMapping.ExistingNameReturnsExisting"].message
    assert "no SeLockMemoryPrivilege here" in cases["CreateFileMapping.LargePageNeedsPrivilege"].message


def test_error_element_counts_as_failure(fixtures):
    cases = by_name(load_results(fixtures / "legacy_attributes.xml"))
    assert cases["CreateEvent.CrashedInSetUp"].outcome is Outcome.FAIL
    assert "0xc0000005" in cases["CreateEvent.CrashedInSetUp"].message
    assert cases["CreateEvent.NameCollisionWithMapping"].outcome is Outcome.FAIL
    assert cases["CreateEvent.ManualResetStaysSignalled"].outcome is Outcome.PASS


def test_root_implementation_property_names_the_run(fixtures):
    results = load_results(fixtures / "gtest_properties.xml")
    assert results.implementation == "wine"
    assert results.description == "wine 8.0"
    assert load_results(fixtures / "legacy_attributes.xml").description == "windows 10.0.19045"


def test_explicit_implementation_overrides_the_column(fixtures):
    assert load_results(fixtures / "gtest_properties.xml", "other").implementation == "other"


def test_key_is_behaviour_or_test_name():
    assert TestCase("S", "T", Outcome.PASS, "FM-CREATE-001").key == "FM-CREATE-001"
    assert TestCase("S", "T", Outcome.PASS).key == "S.T"


def test_not_xml_is_a_clear_error():
    with pytest.raises(JUnitError, match="not XML"):
        parse_junit("<testsuites", "emu")
    with pytest.raises(JUnitError, match="<html>"):
        parse_junit("<html/>", "emu")


def test_missing_implementation_without_column_is_an_error():
    with pytest.raises(JUnitError, match="implementation"):
        parse_junit("<testsuites/>")


@pytest.mark.parametrize("log, expected", [
    ("emu_output.log", "emu 27942c6"),
    ("no_implementation_output.log", None),
])
def test_implementation_line(fixtures, log, expected):
    assert implementation_from_output((fixtures / log).read_text()) == expected


def test_implementation_line_variants():
    assert implementation_from_output("\nimplementation: windows 10.0.19045\n") == "windows 10.0.19045"
    assert implementation_from_output("") is None
    assert implementation_name("wine 8.0") == "wine"
    assert implementation_name("emu 27942c6") == "emu"


def test_complete_results_adds_checks_and_description(fixtures):
    text = (fixtures / "gtest_properties.xml").read_text()
    check = TestCase("wine", "SuiteCompleted", Outcome.FAIL, message="timed out")
    merged = parse_junit(complete_results(text, "wine 8.0-custom", [check], {"winipc-machine": "box"}))
    assert merged.description == "wine 8.0-custom"
    assert merged.machine == "box"
    cases = by_name(merged)
    assert cases["wine.SuiteCompleted"].outcome is Outcome.FAIL
    assert cases["CreateFileMapping.ZeroSizePagefileBackedFails"].behaviour == "FM-CREATE-004"
    assert len(merged.cases) == 7
    assert ET.fromstring(complete_results(text, "wine 8.0", [check], {})).get("failures") == "2"


def test_complete_results_without_gtest_xml():
    merged = parse_junit(complete_results(None, "emu (not run)", [TestCase("emu", "SuiteCompleted", Outcome.FAIL,
                                                                           message="no binary")], {}))
    assert merged.implementation == "emu"
    assert [(c.full_name, c.outcome) for c in merged.cases] == [("emu.SuiteCompleted", Outcome.FAIL)]
