"""Shared helpers: the fixtures directory and small builders for results and expectations."""

from __future__ import annotations

from pathlib import Path

import pytest

from runners.expectations import parse_expectations
from runners.junit import Outcome, RunResults, TestCase

FIXTURES = Path(__file__).parent / "fixtures"


def case(key: str, outcome: Outcome = Outcome.PASS, message: str = "", suite: str = "Suite") -> TestCase:
    """A test case citing ``key`` (a behaviour ID), or named ``key`` when it looks like Suite.Test."""
    if "." in key:
        suite, name = key.split(".", 1)
        return TestCase(suite, name, outcome, None, message)
    return TestCase(suite, f"Test{key.replace('-', '')}", outcome, key, message)


def run(implementation: str, *cases: TestCase, description: str | None = None) -> RunResults:
    return RunResults(implementation, description or f"{implementation} 1.0", list(cases))


def expect(text: str, source: str = "x.txt") -> dict:
    return parse_expectations(text, source)


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES
