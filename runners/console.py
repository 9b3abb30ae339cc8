"""Recovering results from GoogleTest's console output when the suite wrote no XML (it hung or crashed).

GoogleTest writes the XML only at the end of the run, so a suite killed at its timeout leaves none. Its stdout
still says which tests finished and how:

    [ RUN      ] WaitForSingleObject.AutoResetWakesOne
    [       OK ] WaitForSingleObject.AutoResetWakesOne (12 ms)
    [ RUN      ] WaitForSingleObject.ClosingWaitedHandleDoesNotEndWait
    <nothing more: this is the test that hung>

Behaviour IDs are not in that output; they come from another implementation's XML of the same suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from runners.junit import Outcome, TestCase

_RUN = re.compile(r"^\[ RUN      \] (\S+)\s*$")
# Only result lines with a duration belong to a test; the closing "[  FAILED  ] X" list has none.
_RESULT = re.compile(r"^\[ +(OK|FAILED|SKIPPED) +\] (\S+)(?:, where .*?)? \((\d+) ms\)\s*$")
_OUTCOMES = {"OK": Outcome.PASS, "FAILED": Outcome.FAIL, "SKIPPED": Outcome.SKIP}


@dataclass
class Recovered:
    cases: list[TestCase]
    unfinished: str | None  # the test that was running when the output stops


def _split(full_name: str) -> tuple[str, str]:
    suite, _, name = full_name.partition(".")
    return suite, name


def recover(output: str, behaviours: dict[str, str]) -> Recovered:
    """The finished tests in ``output``, and the one left running; ``behaviours`` maps Suite.Test to its ID."""
    cases: list[TestCase] = []
    running: str | None = None
    detail: list[str] = []
    for line in output.splitlines():
        started = _RUN.match(line)
        if started:
            running, detail = started.group(1), []
            continue
        result = _RESULT.match(line)
        if result and running is not None and result.group(2) == running:
            suite, name = _split(running)
            outcome = _OUTCOMES[result.group(1)]
            message = "\n".join(detail).strip() if outcome is not Outcome.PASS else ""
            cases.append(TestCase(suite, name, outcome, behaviours.get(running), message,
                                  int(result.group(3)) / 1000))
            running, detail = None, []
        elif running is not None:
            detail.append(line)
    return Recovered(cases, running)


def unfinished_case(full_name: str, behaviours: dict[str, str], why: str) -> TestCase:
    suite, name = _split(full_name)
    return TestCase(suite, name, Outcome.FAIL, behaviours.get(full_name), why)
