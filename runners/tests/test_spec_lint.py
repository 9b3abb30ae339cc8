"""Tests of the behaviour extractor (runners/spec.py) and the ID lint (runners/lint.py) on small fake repos."""

from __future__ import annotations

from pathlib import Path

from runners import lint, spec

LEARN = "// https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga\n"


def make_repo(tmp_path: Path, files: dict[str, str], expectations: str = "", retired: str = "") -> Path:
    for name, text in files.items():
        path = tmp_path / "conformance" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    expectations_dir = tmp_path / "conformance" / "expectations"
    expectations_dir.mkdir(parents=True, exist_ok=True)
    (expectations_dir / "wine.txt").write_text(expectations, encoding="utf-8")
    (tmp_path / "conformance" / "retired.txt").write_text(retired, encoding="utf-8")
    return tmp_path


SIMPLE = LEARN + '''
// Tests that a zero size fails.
TEST(CreateFileMapping, ZeroSizeFails) {
  BEHAVIOUR("FM-CREATE-004");
  EXPECT_TRUE(true);
}
'''

TABLE = LEARN + '''
struct Row { const char* id; const char* label; int value; };
class Protections : public ::testing::TestWithParam<Row> {};

// Tests that each protection is accepted or refused as on Windows.
TEST_P(Protections, AcceptsOrRefuses) {
  BEHAVIOUR(GetParam().id);
}

const Row kRows[] = {
    {"FM-CREATE-010", "ReadOnly", 2},
    {"FM-CREATE-010", "ReadWrite", 4},
    {"FM-CREATE-011", "Zero", 0},  // a protection of 0 is refused
};
INSTANTIATE_TEST_SUITE_P(Rows, Protections, ::testing::ValuesIn(kRows));
'''


def test_literal_behaviour_gets_statement_test_and_place(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"fm/a_test.cc": SIMPLE})
    scan = spec.scan(repo)
    assert [b.id for b in scan.behaviours] == ["FM-CREATE-004"]
    b = scan.behaviours[0]
    assert b.statement == "Tests that a zero size fails."
    assert b.test == "CreateFileMapping.ZeroSizeFails"
    assert b.file == "conformance/fm/a_test.cc" and b.line == 4
    assert b.learn == ["https://learn.microsoft.com/en-us/windows/win32/api/memoryapi/nf-memoryapi-createfilemappinga"]


def test_table_rows_sharing_an_id_are_one_behaviour_and_row_comments_state_their_own(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"fm/t_test.cc": TABLE})
    scan = spec.scan(repo)
    by_id = {b.id: b for b in scan.behaviours}
    assert set(by_id) == {"FM-CREATE-010", "FM-CREATE-011"}
    assert scan.duplicates == []
    assert by_id["FM-CREATE-010"].test == "Protections.AcceptsOrRefuses"
    assert by_id["FM-CREATE-010"].statement == "Tests that each protection is accepted or refused as on Windows."
    assert by_id["FM-CREATE-011"].statement == "Tests that a protection of 0 is refused"
    assert by_id["FM-CREATE-011"].test == "Protections.AcceptsOrRefuses/Zero"


def test_listed_statement_block_wins(tmp_path: Path) -> None:
    listed = TABLE.replace("const Row kRows[]", "// Behaviours:\n//   FM-CREATE-010  the valid protections are\n"
                                                "//                  accepted.\nconst Row kRows[]")
    scan = spec.scan(make_repo(tmp_path, {"fm/t_test.cc": listed}))
    statement = {b.id: b.statement for b in scan.behaviours}["FM-CREATE-010"]
    assert statement == "Tests that the valid protections are accepted."


def test_lint_passes_a_consistent_repo(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"fm/a_test.cc": SIMPLE})
    spec_dir = repo / "docs" / "spec"
    spec_dir.mkdir(parents=True)
    (spec_dir / "FM-CREATE.md").write_text("## FM-CREATE-004\n", encoding="utf-8")
    assert lint.lint(repo, spec_dir) == []


def test_lint_reports_duplicates_undocumented_untested_and_unknown_expectations(tmp_path: Path) -> None:
    second = SIMPLE.replace("ZeroSizeFails", "AnotherTest")
    repo = make_repo(tmp_path, {"fm/a_test.cc": SIMPLE, "fm/b_test.cc": second},
                     expectations="FM-CREATE-999 | fail | no such test | none\n")
    spec_dir = repo / "docs" / "spec"
    spec_dir.mkdir(parents=True)
    (spec_dir / "FM-CREATE.md").write_text("## FM-CREATE-005\n", encoding="utf-8")
    texts = [str(e) for e in lint.lint(repo, spec_dir)]
    assert any("FM-CREATE-004" in t and "duplicated" in t for t in texts)
    assert any("FM-CREATE-004" in t and "undocumented" in t for t in texts)
    assert any("FM-CREATE-005" in t and "untested" in t for t in texts)
    assert any("FM-CREATE-999 is not in the suite" in t for t in texts)


def test_lint_reports_missing_statement_and_missing_learn_citation(tmp_path: Path) -> None:
    bare = SIMPLE.replace(LEARN, "").replace("// Tests that a zero size fails.\n", "")
    repo = make_repo(tmp_path, {"fm/a_test.cc": bare})
    spec_dir = repo / "docs" / "spec"
    spec_dir.mkdir(parents=True)
    (spec_dir / "FM-CREATE.md").write_text("## FM-CREATE-004\n", encoding="utf-8")
    texts = [str(e) for e in lint.lint(repo, spec_dir)]
    assert any("no one-line statement" in t for t in texts)
    assert any("cites no Microsoft Learn page" in t for t in texts)


def test_retired_id_is_not_untested_but_may_not_be_reused(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"fm/a_test.cc": SIMPLE}, retired="FM-CREATE-005 | merged into FM-CREATE-004\n")
    spec_dir = repo / "docs" / "spec"
    spec_dir.mkdir(parents=True)
    (spec_dir / "FM-CREATE.md").write_text("## FM-CREATE-004\n## FM-CREATE-005\n", encoding="utf-8")
    assert lint.lint(repo, spec_dir) == []
    (repo / "conformance" / "retired.txt").write_text("FM-CREATE-004 | gone\n", encoding="utf-8")
    assert any("retired" in str(e) for e in lint.lint(repo, spec_dir))


LAMBDA_TABLE = LEARN + '''
struct Case { const char* id; const char* name; int (*make)(); };
class Types : public ::testing::TestWithParam<Case> {};

// Tests that each type is inherited.
TEST_P(Types, IsInherited) {
  BEHAVIOUR(GetParam().id);
}

INSTANTIATE_TEST_SUITE_P(
    All, Types,
    ::testing::Values(
        Case{"HD-INHERIT-001", "Event", [] { return 1; }},
        // Tests that a mutex is inherited
        // by the child.
        Case{"HD-INHERIT-002", "Mutex", [] { int a = 2; return a; }},
        Case{"HD-INHERIT-003", "Job", [] { return 3; }}),
    [](const ::testing::TestParamInfo<Case>& info) { return std::string(info.param.name); });
'''


def test_rows_after_a_lambda_with_semicolons_are_still_rows_of_the_table(tmp_path: Path) -> None:
    # The instantiation runs to its closing parenthesis, not to the first ';' (which a row's lambda may hold).
    scan = spec.scan(make_repo(tmp_path, {"hd/i_test.cc": LAMBDA_TABLE}))
    assert sorted(b.id for b in scan.behaviours) == ["HD-INHERIT-001", "HD-INHERIT-002", "HD-INHERIT-003"]
    assert {b.id: b.test for b in scan.behaviours}["HD-INHERIT-003"] == "Types.IsInherited/Job"


def test_a_tests_that_comment_above_a_row_states_the_row(tmp_path: Path) -> None:
    scan = spec.scan(make_repo(tmp_path, {"hd/i_test.cc": LAMBDA_TABLE}))
    statement = {b.id: b.statement for b in scan.behaviours}
    assert statement["HD-INHERIT-002"] == "Tests that a mutex is inherited by the child."
    assert statement["HD-INHERIT-001"] == "Tests that each type is inherited. [Event]"
    assert statement["HD-INHERIT-003"] == "Tests that each type is inherited. [Job]"
