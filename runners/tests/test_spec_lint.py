"""Tests of the behaviour extractor (runners/spec.py) and the ID lint (runners/lint.py) on small fake repos."""

from __future__ import annotations

import subprocess
from pathlib import Path

from runners import docs, junit, lint, spec
from runners.compare import build_matrix
from runners.junit import Outcome, TestCase

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


def fatal(errors: list[lint.LintError]) -> list[str]:
    return [str(e) for e in errors if e.fatal]


def emu_run(commit: str = "1234567", *ids: str) -> dict:
    """An emu run at `commit` whose tests report `ids` (FM-CREATE-004 when none are given)."""
    cases = [TestCase("Suite", f"Test{i}", Outcome.PASS, behaviour) for i, behaviour in enumerate(ids or
                                                                                                 ("FM-CREATE-004",))]
    return {"emu": junit.RunResults("emu", f"emu {commit}", cases)}


def write_pages(repo: Path, commit: str = "1234567") -> Path:
    """docs/spec as ./winipc docs writes it from the repo's sources and an emu run at `commit`."""
    spec_dir = repo / "docs" / "spec"
    spec_dir.mkdir(parents=True, exist_ok=True)
    matrix = build_matrix(emu_run(commit), {})
    for name, text in docs.render_pages(spec.scan(repo), spec.load_retired(repo), matrix).items():
        (spec_dir / name).write_text(text, encoding="utf-8")
    return spec_dir


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
    spec_dir = write_pages(repo)
    assert fatal(lint.lint(repo, spec_dir)) == []


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
    spec_dir = write_pages(repo)
    assert "FM-CREATE-005: merged into FM-CREATE-004" in (spec_dir / "README.md").read_text(encoding="utf-8")
    assert fatal(lint.lint(repo, spec_dir)) == []
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


def test_an_id_with_a_one_letter_topic_is_read_as_the_harness_accepts_it(tmp_path: Path) -> None:
    one_letter = SIMPLE.replace("FM-CREATE-004", "FM-Q-004")
    scan = spec.scan(make_repo(tmp_path, {"fm/a_test.cc": one_letter}))
    assert [b.id for b in scan.behaviours] == ["FM-Q-004"]


# The docs/spec pages against the sources.

def test_pages_that_differ_from_what_docs_writes_are_stale(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"fm/a_test.cc": SIMPLE})
    spec_dir = write_pages(repo)
    (repo / "conformance" / "fm" / "a_test.cc").write_text(SIMPLE.replace("a zero size", "a size of 0"),
                                                             encoding="utf-8")
    texts = fatal(lint.lint(repo, spec_dir))
    assert len(texts) == 1 and "FM-CREATE.md: stale: line 7" in texts[0] and "a size of 0" in texts[0]


def test_a_missing_page_and_a_page_of_no_behaviour_are_stale(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"fm/a_test.cc": SIMPLE})
    spec_dir = write_pages(repo)
    (spec_dir / "FM-CREATE.md").rename(spec_dir / "FM-OLD.md")
    texts = fatal(lint.lint(repo, spec_dir))
    assert any("FM-CREATE.md: stale: missing" in t for t in texts)
    assert any("FM-OLD.md: stale: no behaviour" in t for t in texts)


def test_pages_may_carry_any_results_as_far_as_the_sources_go(tmp_path: Path) -> None:
    # Result lines are the run's business: another run's verdicts and versions are not a difference of sources.
    repo = make_repo(tmp_path, {"fm/a_test.cc": SIMPLE})
    spec_dir = write_pages(repo)
    page = spec_dir / "FM-CREATE.md"
    page.write_text(page.read_text(encoding="utf-8").replace("- emu (emu 1234567): pass",
                                                             "- emu (emu 7654321): unexpected fail"), encoding="utf-8")
    assert fatal(lint.lint(repo, spec_dir)) == []


def test_pages_without_results_are_stale(tmp_path: Path) -> None:
    repo = make_repo(tmp_path, {"fm/a_test.cc": SIMPLE})
    spec_dir = repo / "docs" / "spec"
    spec_dir.mkdir(parents=True)
    for name, text in docs.render_pages(spec.scan(repo), [], None).items():
        (spec_dir / name).write_text(text, encoding="utf-8")
    assert any("carry no run's results" in t for t in fatal(lint.lint(repo, spec_dir)))


# The run the pages' results come from, against HEAD (a git repository in tmp_path).

def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                          capture_output=True, text=True, check=True).stdout.strip()


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "--short", "HEAD")


def git_repo(tmp_path: Path) -> tuple[Path, str]:
    """A repository with SIMPLE committed; returns it and the commit."""
    repo = make_repo(tmp_path, {"fm/a_test.cc": SIMPLE})
    git(repo, "init", "-q")
    return repo, commit_all(repo, "sources")


def test_results_of_a_run_of_the_same_sources_are_current(tmp_path: Path) -> None:
    repo, run_commit = git_repo(tmp_path)
    spec_dir = write_pages(repo, run_commit)
    (repo / "README.md").write_text("not a source of results\n", encoding="utf-8")
    (repo / "conformance" / "expectations" / "README.md").write_text("neither is this\n", encoding="utf-8")
    commit_all(repo, "docs")  # the docs commit, and others that touch no source of results, keep them current
    assert lint.lint(repo, spec_dir) == []


def test_results_of_a_run_before_a_change_of_sources_are_stale(tmp_path: Path) -> None:
    repo, run_commit = git_repo(tmp_path)
    spec_dir = write_pages(repo, run_commit)
    (repo / "emu").mkdir()
    (repo / "emu" / "x.cc").write_text("int x;\n", encoding="utf-8")
    commit_all(repo, "emu changes")
    texts = fatal(lint.lint(repo, spec_dir))
    assert len(texts) == 1
    assert f"README.md: stale: the results are from a run at {run_commit}; 1 file(s)" in texts[0]
    assert "emu/x.cc" in texts[0]


def test_a_run_commit_git_does_not_know_is_a_note(tmp_path: Path) -> None:
    repo, _ = git_repo(tmp_path)
    spec_dir = write_pages(repo, "abcdef0")
    errors = lint.lint(repo, spec_dir)
    assert fatal(errors) == []
    assert any("git does not know abcdef0" in str(e) and not e.fatal for e in errors)


# The last run's XML (build/results) against the pages and the scan.

def write_results(repo: Path, description: str, ids: list[str], completed: bool = True,
                  outcome: Outcome = Outcome.PASS, harness_ids: tuple[str, ...] = ()) -> Path:
    """build/results/<implementation>.xml as the runners keep it; `harness_ids` are reported by the harness's own
    tests."""
    implementation = description.split()[0]
    cases = [TestCase("Rows", f"Row/{i}", outcome, behaviour) for i, behaviour in enumerate(ids)]
    cases += [TestCase("Behaviour", f"Sample{i}", Outcome.PASS, behaviour, file="../../conformance/harness/h_test.cc")
              for i, behaviour in enumerate(harness_ids)]
    if completed:
        cases.append(TestCase(implementation, "SuiteCompleted", Outcome.PASS))
    results = repo / "build" / "results"
    results.mkdir(parents=True, exist_ok=True)
    (results / f"{implementation}.xml").write_text(junit.complete_results(None, description, cases, {}),
                                                   encoding="utf-8")
    return results


def test_an_id_the_run_reports_but_the_scan_misses_is_undocumented(tmp_path: Path) -> None:
    repo, run_commit = git_repo(tmp_path)
    spec_dir = write_pages(repo, run_commit)
    write_results(repo, f"emu {run_commit}", ["FM-CREATE-004", "FM-CREATE-020"])
    texts = fatal(lint.lint(repo, spec_dir))
    assert len(texts) == 1
    assert texts[0].startswith("FM-CREATE-020: undocumented: the run reports it (build/results/emu.xml: Rows.Row/1)")
    assert "the scan of the test sources (runners/spec.py) misses it too" in texts[0]


def test_sample_ids_of_the_harness_own_tests_need_no_entry(tmp_path: Path) -> None:
    # The harness's tests record IDs to test BEHAVIOUR itself; like the scan, the lint leaves them out.
    repo, run_commit = git_repo(tmp_path)
    spec_dir = write_pages(repo, run_commit)
    results = write_results(repo, f"emu {run_commit}", ["FM-CREATE-004"], harness_ids=("HA-BEHAVIOUR-001",))
    assert 'file="../../conformance/harness/h_test.cc"' in (results / "emu.xml").read_text(encoding="utf-8")
    assert fatal(lint.lint(repo, spec_dir)) == []


def test_an_id_the_scan_finds_but_no_test_of_a_completed_run_reports(tmp_path: Path) -> None:
    repo, run_commit = git_repo(tmp_path)
    spec_dir = write_pages(repo, run_commit)
    write_results(repo, f"emu {run_commit}", [])
    assert any("FM-CREATE-004 is found in the sources but no test of the run (emu) reports it" in t
               for t in fatal(lint.lint(repo, spec_dir)))
    write_results(repo, f"emu {run_commit}", [], completed=False)  # a run that stopped early proves nothing
    assert not any("found in the sources" in t for t in fatal(lint.lint(repo, spec_dir)))


def test_results_other_than_the_runs_are_stale(tmp_path: Path) -> None:
    repo, run_commit = git_repo(tmp_path)
    spec_dir = write_pages(repo, run_commit)
    write_results(repo, f"emu {run_commit}", ["FM-CREATE-004"], outcome=Outcome.FAIL)
    texts = fatal(lint.lint(repo, spec_dir))
    assert len(texts) == 1
    assert "FM-CREATE.md: stale: not the results of the run in build/results: FM-CREATE-004 on emu: the page says " \
           "'pass', the run says 'unexpected fail'" in texts[0]


def test_a_run_of_other_sources_is_not_compared(tmp_path: Path) -> None:
    repo, run_commit = git_repo(tmp_path)
    spec_dir = write_pages(repo, run_commit)
    (repo / "conformance" / "fm" / "b_test.cc").write_text(SIMPLE.replace("004", "005").replace("ZeroSize", "Other"),
                                                           encoding="utf-8")
    spec_dir = write_pages(repo, commit_all(repo, "FM-CREATE-005"))
    write_results(repo, f"emu {run_commit}", ["FM-CREATE-004"], outcome=Outcome.FAIL)  # the older run
    errors = lint.lint(repo, spec_dir)
    assert fatal(errors) == []
    assert any(f"a run at {run_commit}, and 1 file(s) that decide results changed since" in str(e) for e in errors)
