"""Recovering results from GoogleTest's console output after a hang or a crash."""

from __future__ import annotations

from runners.console import recover, unfinished_case
from runners.junit import Outcome

BEHAVIOURS = {"CreateFileMapping.ZeroSizePagefileBackedFails": "FM-CREATE-004",
              "Table/MapViewOfFileAccess.GivesViewProtection/ZeroGivesNoAccess": "VW-MAP-001"}


def test_finished_tests_are_recovered_with_outcomes(fixtures):
    recovered = recover((fixtures / "hung_output.log").read_text(), BEHAVIOURS)
    assert [(case.full_name, case.outcome) for case in recovered.cases] == [
        ("CreateFileMapping.ZeroSizePagefileBackedFails", Outcome.PASS),
        ("CreateFileMapping.ExistingNameReturnsExisting", Outcome.FAIL),
        ("CreateFileMapping.LargePageNeedsPrivilege", Outcome.SKIP),
        ("Table/MapViewOfFileAccess.GivesViewProtection/ZeroGivesNoAccess", Outcome.FAIL),
    ]


def test_behaviour_ids_come_from_the_map(fixtures):
    cases = recover((fixtures / "hung_output.log").read_text(), BEHAVIOURS).cases
    assert [case.behaviour for case in cases] == ["FM-CREATE-004", None, None, "VW-MAP-001"]


def test_messages_are_the_lines_between_run_and_result(fixtures):
    cases = recover((fixtures / "hung_output.log").read_text(), BEHAVIOURS).cases
    assert "Which is: 0" in cases[1].message and "183" in cases[1].message
    assert cases[2].message.endswith("no SeLockMemoryPrivilege here")
    assert cases[0].message == ""


def test_the_test_left_running_is_named(fixtures):
    recovered = recover((fixtures / "hung_output.log").read_text(), BEHAVIOURS)
    assert recovered.unfinished == "Child.ExitCodeReachesParent"
    case = unfinished_case(recovered.unfinished, {"Child.ExitCodeReachesParent": "HA-CHILD-001"}, "timed out")
    assert (case.suite, case.name, case.outcome, case.behaviour) == ("Child", "ExitCodeReachesParent", Outcome.FAIL,
                                                                      "HA-CHILD-001")


def test_closing_failure_list_is_not_a_result():
    output = ("[ RUN      ] A.B\n[       OK ] A.B (1 ms)\n[  FAILED  ] 1 test, listed below:\n"
              "[  FAILED  ] A.B\n")
    recovered = recover(output, {})
    assert [(c.full_name, c.outcome) for c in recovered.cases] == [("A.B", Outcome.PASS)]
    assert recovered.unfinished is None


def test_result_lines_of_another_test_are_ignored():
    output = "[       OK ] A.Before (1 ms)\n[ RUN      ] A.B\n[       OK ] A.Other (1 ms)\n[       OK ] A.B (2 ms)\n"
    recovered = recover(output, {})
    assert [(c.full_name, c.time) for c in recovered.cases] == [("A.B", 0.002)]
