"""The strict comparison: verdicts per ID and implementation, and what fails the run."""

from __future__ import annotations

import pytest

from runners import compare
from runners.compare import Verdict, build_matrix, load_matrix
from runners.junit import Outcome, TestCase

from runners.tests.conftest import case, expect, run


def verdict(matrix, key, implementation):
    return next(row for row in matrix.rows if row.key == key).cells[implementation].verdict


def test_all_pass_is_ok():
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001"))}, {})
    assert verdict(matrix, "FM-CREATE-001", "emu") is Verdict.PASS
    assert matrix.ok


def test_unexpected_failure_fails_the_run():
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001", Outcome.FAIL, "a.cc:1\nboom"))}, {})
    assert verdict(matrix, "FM-CREATE-001", "emu") is Verdict.UNEXPECTED_FAIL
    assert not matrix.ok
    assert "unexpected failure: boom" in str(matrix.problems[0])


def test_expected_failure_is_ok():
    expectations = {"wine": expect("FM-CREATE-001 | fail | Wine differs | todo_wine")}
    matrix = build_matrix({"wine": run("wine", case("FM-CREATE-001", Outcome.FAIL))}, expectations)
    assert verdict(matrix, "FM-CREATE-001", "wine") is Verdict.EXPECTED_FAIL
    assert matrix.ok


def test_unexpected_pass_fails_the_run():
    expectations = {"wine": expect("FM-CREATE-001 | fail | Wine differs | todo_wine", "wine.txt")}
    matrix = build_matrix({"wine": run("wine", case("FM-CREATE-001"))}, expectations)
    assert verdict(matrix, "FM-CREATE-001", "wine") is Verdict.UNEXPECTED_PASS
    assert not matrix.ok
    assert "wine.txt:1" in str(matrix.problems[0])


def test_expected_skip_that_passes_is_an_unexpected_pass():
    expectations = {"emu": expect("FM-CREATE-001 | skip | no such thing | x")}
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001"))}, expectations)
    assert verdict(matrix, "FM-CREATE-001", "emu") is Verdict.UNEXPECTED_PASS
    assert not matrix.ok


def test_expected_skip_that_fails_is_an_unexpected_failure():
    expectations = {"emu": expect("FM-CREATE-001 | skip | no such thing | x")}
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001", Outcome.FAIL))}, expectations)
    assert verdict(matrix, "FM-CREATE-001", "emu") is Verdict.UNEXPECTED_FAIL
    assert not matrix.ok


@pytest.mark.parametrize("listed", ["", "FM-CREATE-001 | skip | not on Linux | x",
                                    "FM-CREATE-001 | fail | flaky there | x"])
def test_skips_never_fail_the_run(listed):
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001", Outcome.SKIP))}, {"emu": expect(listed)})
    assert verdict(matrix, "FM-CREATE-001", "emu") is Verdict.SKIP
    assert matrix.ok


def test_unlisted_skip_leaves_a_note_and_a_listed_one_none():
    unlisted = build_matrix({"emu": run("emu", case("FM-CREATE-001", Outcome.SKIP, "a.cc:3\nno such thing"))}, {})
    assert [(problem.fatal, "no such thing" in problem.text) for problem in unlisted.problems] == [(False, True)]
    listed = build_matrix({"emu": run("emu", case("FM-CREATE-001", Outcome.SKIP))},
                          {"emu": expect("FM-CREATE-001 | skip | not on Linux | x")})
    assert listed.problems == []


def test_skip_listed_as_fail_leaves_a_note():
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001", Outcome.SKIP))},
                          {"emu": expect("FM-CREATE-001 | fail | why | x")})
    assert [problem.fatal for problem in matrix.problems] == [False]


def test_expectation_for_an_id_absent_from_the_suite_fails_the_run():
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001"))},
                          {"wine": expect("FM-CREATE-999 | fail | typo | x", "wine.txt")})
    assert not matrix.ok
    assert "FM-CREATE-999" in str(matrix.problems[0]) and "no test in the suite" in str(matrix.problems[0])


def test_expectation_errors_fail_the_run():
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001"))}, {}, ["wine.txt:3: bad line"])
    assert not matrix.ok


def test_test_without_id_counts_by_name_and_can_be_expected():
    expectations = {"wine": expect("Child.KillEndsHangingChild | fail | Wine kills late | x")}
    matrix = build_matrix({"wine": run("wine", case("Child.KillEndsHangingChild", Outcome.FAIL))}, expectations)
    assert verdict(matrix, "Child.KillEndsHangingChild", "wine") is Verdict.EXPECTED_FAIL
    assert matrix.rows[0].area is None
    assert matrix.ok


def test_several_cases_citing_one_id_fail_if_any_fails():
    cases = [TestCase("Table", "Row1", Outcome.PASS, "FM-CREATE-001"),
             TestCase("Table", "Row2", Outcome.FAIL, "FM-CREATE-001", "row two"),
             TestCase("Table", "Row3", Outcome.SKIP, "FM-CREATE-001")]
    matrix = build_matrix({"emu": run("emu", *cases)}, {})
    assert matrix.rows[0].tests == ["Table.Row1", "Table.Row2", "Table.Row3"]
    assert verdict(matrix, "FM-CREATE-001", "emu") is Verdict.UNEXPECTED_FAIL
    assert "Table.Row2: row two" in matrix.rows[0].cells["emu"].message


def test_join_of_implementations_into_rows():
    runs = {
        "wine": run("wine", case("Child.Exits"), case("VW-MAP-002", Outcome.FAIL), case("FM-CREATE-001")),
        "emu": run("emu", case("FM-CREATE-001", Outcome.SKIP), case("VW-MAP-002"), case("emu.NoLeftovers")),
    }
    matrix = build_matrix(runs, {"wine": expect("VW-MAP-002 | fail | Wine | x")})
    assert [row.key for row in matrix.rows] == ["FM-CREATE-001", "VW-MAP-002", "Child.Exits", "emu.NoLeftovers"]
    assert [row.area for row in matrix.rows] == ["FM-CREATE", "VW-MAP", None, None]
    assert verdict(matrix, "FM-CREATE-001", "wine") is Verdict.PASS
    assert verdict(matrix, "FM-CREATE-001", "emu") is Verdict.SKIP
    assert verdict(matrix, "VW-MAP-002", "wine") is Verdict.EXPECTED_FAIL
    assert verdict(matrix, "VW-MAP-002", "emu") is Verdict.PASS
    assert verdict(matrix, "Child.Exits", "emu") is Verdict.MISSING
    assert verdict(matrix, "emu.NoLeftovers", "wine") is Verdict.NOT_APPLICABLE
    assert matrix.columns == ["windows", "wine", "emu"]
    assert "windows" not in matrix.rows[0].cells
    assert matrix.ok


def test_counts_per_implementation():
    runs = {"wine": run("wine", case("FM-CREATE-001"), case("FM-CREATE-002", Outcome.FAIL),
                        case("FM-CREATE-003", Outcome.FAIL), case("FM-CREATE-004", Outcome.SKIP)),
            "emu": run("emu", case("FM-CREATE-001"), case("FM-CREATE-005"))}
    matrix = build_matrix(runs, {"wine": expect("FM-CREATE-002 | fail | x | y")})
    counts = matrix.counts("wine")
    assert (counts.total, counts.passed, counts.failed, counts.expected_fail, counts.skipped, counts.unexpected,
            counts.missing) == (5, 1, 2, 1, 1, 1, 1)


def test_summary_table_lists_each_run():
    matrix = build_matrix({"emu": run("emu", case("FM-CREATE-001"), description="emu abc123")}, {})
    table = compare.summary_table(matrix)
    assert table.splitlines()[0].split() == ["implementation", "passed", "failed", "expected-fail", "skipped",
                                            "unexpected", "missing"]
    assert table.splitlines()[1].split() == ["emu", "abc123", "1", "0", "0", "0", "0", "0"]


def test_load_matrix_and_main_exit_status(tmp_path, fixtures, capsys):
    results, expectations = tmp_path / "results", tmp_path / "expectations"
    results.mkdir()
    expectations.mkdir()
    (results / "wine.xml").write_text((fixtures / "gtest_properties.xml").read_text())
    (expectations / "wine.txt").write_text("FM-CREATE-005 | fail | Wine sets no error | todo_wine\n")
    matrix = load_matrix(results, expectations)
    assert verdict(matrix, "FM-CREATE-005", "wine") is Verdict.EXPECTED_FAIL
    assert compare.main(results, expectations) == 0
    (expectations / "wine.txt").write_text("FM-CREATE-004 | fail | listed but passes | x\n")
    assert compare.main(results, expectations) == 1
    assert "unexpected pass" in capsys.readouterr().out
    (expectations / "wine.txt").write_text("FM-CREATE-004 fail\n")
    assert compare.main(results, expectations) == 1
    assert "wine.txt:1: expected 'ID | result | reason | evidence'" in capsys.readouterr().out


def test_no_results_fails(tmp_path, capsys):
    assert compare.main(tmp_path / "none", tmp_path) == 1
    assert "no results" in capsys.readouterr().out
