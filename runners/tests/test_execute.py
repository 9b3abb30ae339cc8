"""Running a suite: results and log files, the implementation line, and the runner's own checks, with a fake
suite binary standing in for winipc_conformance."""

from __future__ import annotations

import stat
import time

import pytest

from runners import execute
from runners.junit import Outcome, load_results

FAKE_SUITE = """#!/bin/sh
# Stands in for winipc_conformance: prints the implementation line, writes XML, may leak, hang or crash.
[ -n "$FAKE_NO_LINE" ] || echo "implementation: emu fake123"
echo "[==========] Running tests."
mkdir -p "$WINIPC_ROOT/winipc-0" && : > "$WINIPC_ROOT/winipc-0/.lock"
[ -z "$FAKE_LEAK" ] || : > "$WINIPC_ROOT/winipc-0/Local.leaked-mapping"
[ -z "$FAKE_OUTPUT" ] || cat "$FAKE_OUTPUT"
[ -z "$FAKE_XML" ] || cp "$FAKE_XML" "${1#--gtest_output=xml:}"
[ -z "$FAKE_SLEEP" ] || sleep "$FAKE_SLEEP"
exit "${FAKE_EXIT:-0}"
"""


@pytest.fixture
def fake_suite(tmp_path, monkeypatch, fixtures):
    binary = tmp_path / "winipc_conformance"
    binary.write_text(FAKE_SUITE)
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    for name in ("FAKE_NO_LINE", "FAKE_LEAK", "FAKE_SLEEP", "FAKE_EXIT", "FAKE_OUTPUT"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FAKE_XML", str(fixtures / "gtest_properties.xml"))
    return binary


def checks(results):
    return {case.full_name: case for case in results.cases if case.suite == "emu"}


def test_clean_run_writes_results_log_and_passing_checks(tmp_path, fake_suite, monkeypatch):
    monkeypatch.setenv("FAKE_EXIT", "1")  # the fixture has a failure, so GoogleTest exits 1
    outcome = execute.run_emu(tmp_path / "results", fake_suite)
    assert outcome.ok, outcome.problems
    assert outcome.results == tmp_path / "results" / "emu.xml"
    results = load_results(outcome.results, "emu")
    assert results.description == "emu fake123"
    assert results.machine
    assert {name: case.outcome for name, case in checks(results).items()} == {
        "emu.SuiteCompleted": Outcome.PASS, "emu.NoLeftovers": Outcome.PASS}
    assert len(results.cases) == 8
    log = (tmp_path / "results" / "emu.log").read_text()
    assert log.startswith("implementation: emu fake123\n")


def test_leftover_object_fails_no_leftovers(tmp_path, fake_suite, monkeypatch):
    monkeypatch.setenv("FAKE_LEAK", "1")
    monkeypatch.setenv("FAKE_EXIT", "1")
    outcome = execute.run_emu(tmp_path, fake_suite)
    assert not outcome.ok
    check = checks(load_results(outcome.results, "emu"))["emu.NoLeftovers"]
    assert check.outcome is Outcome.FAIL
    assert "winipc-0/Local.leaked-mapping" in check.message and ".lock" not in check.message


@pytest.mark.parametrize("environment, complaint", [
    ({"FAKE_EXIT": "134", "FAKE_XML": ""}, "exited with code 134"),
    ({"FAKE_XML": ""}, "wrote no JUnit XML"),
    ({"FAKE_NO_LINE": "1", "FAKE_EXIT": "1"}, "first output line"),
    ({"FAKE_EXIT": "1", "FAKE_XML": "__fixtures__/legacy_attributes.xml"}, None),
])
def test_suite_that_does_not_complete_fails_suite_completed(tmp_path, fake_suite, monkeypatch, fixtures,
                                                            environment, complaint):
    for name, value in environment.items():
        monkeypatch.setenv(name, value.replace("__fixtures__", str(fixtures)))
    outcome = execute.run_emu(tmp_path, fake_suite)
    completed = checks(load_results(outcome.results, "emu"))["emu.SuiteCompleted"]
    if complaint is None:
        assert completed.outcome is Outcome.PASS, completed.message
    else:
        assert completed.outcome is Outcome.FAIL
        assert complaint in completed.message


def test_exit_one_without_failures_is_suspicious(tmp_path, fake_suite, monkeypatch, fixtures):
    xml = tmp_path / "passing.xml"
    xml.write_text('<testsuites implementation="emu x"><testsuite name="S"><testcase name="T" classname="S"/>'
                   '</testsuite></testsuites>')
    monkeypatch.setenv("FAKE_XML", str(xml))
    monkeypatch.setenv("FAKE_EXIT", "1")
    outcome = execute.run_emu(tmp_path / "r", fake_suite)
    assert "records no failed test" in " ".join(outcome.problems)


def test_hanging_suite_is_killed_at_the_timeout(tmp_path, fake_suite, monkeypatch):
    monkeypatch.setenv("FAKE_SLEEP", "30")
    start = time.monotonic()
    outcome = execute.run_emu(tmp_path, fake_suite, timeout=1)
    assert time.monotonic() - start < 20
    assert "timed out after 1 s" in " ".join(outcome.problems)
    assert (tmp_path / "emu.log").read_text().startswith("implementation: emu fake123")


def test_missing_binary_replaces_stale_results(tmp_path):
    (tmp_path / "emu.xml").write_text("<testsuites implementation='emu old'/>")
    outcome = execute.run_emu(tmp_path, tmp_path / "nope")
    assert not outcome.ok
    results = load_results(tmp_path / "emu.xml", "emu")
    assert results.description == "emu (not run)"
    assert [case.outcome for case in results.cases] == [Outcome.FAIL]


def test_leftovers_ignores_the_namespaces_own_files_only(tmp_path):
    (tmp_path / "winipc-0").mkdir()
    (tmp_path / "winipc-global").mkdir()
    (tmp_path / "winipc-0" / ".lock").touch()
    (tmp_path / "winipc-0" / ".waits").touch()
    (tmp_path / "winipc-global" / ".lock").touch()
    (tmp_path / "unrelated").touch()
    assert execute.leftovers(tmp_path) == []
    (tmp_path / "winipc-global" / "Global.event").touch()
    assert execute.leftovers(tmp_path) == ["winipc-global/Global.event"]


def test_hung_suite_keeps_finished_results_with_ids_from_other_runs(tmp_path, fake_suite, monkeypatch, fixtures):
    results_dir = tmp_path / "results"
    results_dir.mkdir()
    # Another implementation's XML of the same suite supplies the behaviour IDs the console output lacks.
    (results_dir / "wine.xml").write_text((fixtures / "gtest_properties.xml").read_text())
    output = tmp_path / "output.log"
    output.write_text("\n".join((fixtures / "hung_output.log").read_text().splitlines()[1:]) + "\n")
    monkeypatch.setenv("FAKE_OUTPUT", str(output))
    monkeypatch.setenv("FAKE_XML", "")
    monkeypatch.setenv("FAKE_SLEEP", "30")
    outcome = execute.run_emu(results_dir, fake_suite, timeout=1)
    results = load_results(outcome.results, "emu")
    cases = {case.full_name: case for case in results.cases}
    assert cases["CreateFileMapping.ZeroSizePagefileBackedFails"].behaviour == "FM-CREATE-004"
    assert cases["CreateFileMapping.ZeroSizePagefileBackedFails"].outcome is Outcome.PASS
    assert cases["CreateFileMapping.ExistingNameReturnsExisting"].outcome is Outcome.FAIL
    assert cases["Child.ExitCodeReachesParent"].outcome is Outcome.FAIL
    assert "timed out" in cases["Child.ExitCodeReachesParent"].message
    completed = cases["emu.SuiteCompleted"]
    assert completed.outcome is Outcome.FAIL
    assert "Child.ExitCodeReachesParent was running at the end" in completed.message
    assert "5 test results recovered" in completed.message
