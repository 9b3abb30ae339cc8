"""winipc-run (runners/team.py): options and defaults, finding the test kit and the suite, the CMake command lines,
and build + run + compare + report of a team's project on emu, with a fake suite binary and a fake build."""

from __future__ import annotations

import stat
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from runners import execute, paths, report, team
from runners.junit import Outcome, load_results

FAKE_SUITE = """#!/bin/sh
# Stands in for a team's test executable linked with winipc::testkit.
echo "implementation: emu fake-team-1.2"
echo "[==========] Running 5 tests from 3 test suites."
mkdir -p "$WINIPC_ROOT/winipc-0" && : > "$WINIPC_ROOT/winipc-0/.lock"
[ -z "$FAKE_LEAK" ] || : > "$WINIPC_ROOT/winipc-0/Local.left-behind"
cp "$FAKE_XML" "${1#--gtest_output=xml:}"
[ -z "$FAKE_SLEEP" ] || sleep "$FAKE_SLEEP"
exit 1
"""

EXPECTATIONS = ("# emu: known failures of the port\n"
                "AC-QUEUE-002 | fail | emu's queue never blocks the writer | ISSUE-17\n"
                "Shutdown.ClosesEveryHandle | fail | a handle leak in the port | ISSUE-18\n")


@pytest.fixture
def kit(tmp_path):
    directory = tmp_path / "kit"
    directory.mkdir()
    for name in (team.KIT_CONFIG, team.KIT_TOOLCHAIN):
        (directory / name).write_text("# fake\n")
    return directory


@pytest.fixture
def project(tmp_path, monkeypatch, fixtures):
    """A team's project ("acme-port") with the fake suite as its test executable, and an emu expectations file
    that lists both of the suite's failures."""
    root = tmp_path / "acme-port"
    (root / "expectations").mkdir(parents=True)
    (root / "CMakeLists.txt").write_text("# fake\n")
    (root / "expectations" / "emu.txt").write_text(EXPECTATIONS)
    binary = tmp_path / "acme_tests"
    binary.write_text(FAKE_SUITE)
    binary.chmod(binary.stat().st_mode | stat.S_IXUSR)
    for name in ("FAKE_LEAK", "FAKE_SLEEP", team.KIT_ENVIRONMENT):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FAKE_XML", str(fixtures / "team_gtest.xml"))
    monkeypatch.chdir(root)
    return root


def out(root: Path) -> Path:
    return root / "build" / "winipc-run"


def configured(root: Path, binary: Path, platform: str = "emu") -> None:
    """What configuring leaves that the runners read: the cache and winipc_testkit_suite's file."""
    tree = out(root) / platform
    tree.mkdir(parents=True, exist_ok=True)
    (tree / "CMakeCache.txt").write_text("")
    (tree / team.SUITE_FILE).write_text(f"{binary}\n")


def fake_build(calls: list, binary: Path, fail: str | None = None):
    """build.run_steps without cmake: records the commands and writes the suite file, as configuring would."""
    def run_steps(name, commands, cwd):
        calls.append((name, commands, cwd))
        if name == fail:
            return False
        configured(Path(cwd), binary, name)
        return True
    return run_steps


# Options and defaults.

def test_defaults_come_from_the_current_directory(tmp_path):
    args = team.parse_args([])
    assert args.command == "all" and args.only is None and args.timeout is None and args.cmake_args == []
    project = team.project_from_args(args, cwd=tmp_path)
    assert project.root == tmp_path.resolve()
    assert project.out == tmp_path.resolve() / "build" / "winipc-run"
    assert project.build_dir("emu") == project.out / "emu"
    assert project.build_dir("windows") == project.out / "windows"
    assert project.results_dir == project.out / "results"
    assert project.report_dir == project.out / "report"
    assert project.expectations_dir == tmp_path.resolve() / "expectations"
    assert project.title == tmp_path.name
    assert project.spec_dir is None and project.command == "winipc-run"


def test_options_before_or_after_the_command(tmp_path):
    args = team.parse_args(["--project", "port", "run", "--only", "wine", "--out", "o", "--timeout", "5"])
    assert (args.command, args.only, args.timeout) == ("run", "wine", 5.0)
    project = team.project_from_args(args, cwd=tmp_path)
    assert project.root == tmp_path.resolve() / "port"
    assert project.out == tmp_path.resolve() / "o"  # relative to where the user is, not to the project
    args = team.parse_args(["compare", "--project", "port", "--expectations", "exp", "--name", "Acme"])
    project = team.project_from_args(args, cwd=tmp_path)
    assert project.expectations_dir == tmp_path.resolve() / "exp"
    assert project.out == tmp_path.resolve() / "port" / "build" / "winipc-run"
    assert project.title == "Acme"


def test_cmake_args_repeat_in_either_spelling():
    args = team.parse_args(["build", "--cmake-arg=-DA=1", "--cmake-arg", "-DB=two words"])
    assert args.cmake_args == ["-DA=1", "-DB=two words"]


@pytest.mark.parametrize("argv", [["run", "--only", "windows"], ["compare", "--only", "emu"],
                                  ["report", "--kit-dir", "k"], ["ingest", "x.xml"],
                                  ["ingest", "x.xml", "--as", "linux"], ["run", "--timeout", "0"]])
def test_bad_options_are_refused(argv):
    with pytest.raises(SystemExit) as exit_info:
        team.parse_args(argv)
    assert exit_info.value.code == 2


def test_ingest_names_file_and_column():
    args = team.parse_args(["ingest", "ci/windows.xml", "--as", "windows"])
    assert (args.command, args.file, args.implementation) == ("ingest", Path("ci/windows.xml"), "windows")


def test_prog_name_in_help(capsys):
    with pytest.raises(SystemExit):
        team.parse_args(["--help"])
    assert capsys.readouterr().out.startswith("usage: winipc-run ")


# The test kit.

def test_kit_dir_flag_wins_over_the_environment(tmp_path, kit):
    other = tmp_path / "elsewhere"
    assert team.resolve_kit_dir(Path("kit"), {team.KIT_ENVIRONMENT: str(other)}, cwd=tmp_path) == kit.resolve()


def test_kit_dir_from_the_environment(kit):
    assert team.resolve_kit_dir(None, {team.KIT_ENVIRONMENT: str(kit)}) == kit.resolve()


def test_no_kit_dir_is_a_clear_error():
    with pytest.raises(team.SetupError, match=r"--kit-dir DIR or set WINIPC_TESTKIT_DIR"):
        team.resolve_kit_dir(None, {team.KIT_ENVIRONMENT: ""})


def test_kit_dir_without_the_toolchain_is_refused(kit):
    (kit / team.KIT_TOOLCHAIN).unlink()
    with pytest.raises(team.SetupError, match=r"not the test kit's CMake package directory \(it has no "
                                              r"mingw-w64\.cmake\)"):
        team.resolve_kit_dir(kit, {})


def test_build_without_a_kit_exits_2_before_building(project, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(team.build, "run_steps", fake_build(calls, project))
    assert team.main(["build"]) == 2
    assert "WINIPC_TESTKIT_DIR" in capsys.readouterr().err
    assert calls == []


# The suite file.

def test_suite_file_names_the_test_executable(tmp_path):
    project = team.project_from_args(team.parse_args([]), cwd=tmp_path)
    configured(tmp_path, Path("/opt/acme/build/acme_tests"))
    assert team.suite_binary(project.build_dir("emu"), project) == Path("/opt/acme/build/acme_tests")


def test_missing_suite_file_says_what_to_call(tmp_path):
    project = team.project_from_args(team.parse_args([]), cwd=tmp_path)
    with pytest.raises(team.SuiteError, match=r"is not configured: run `winipc-run build` first"):
        team.suite_binary(project.build_dir("emu"), project)
    configured(tmp_path, Path("/x"))
    (project.build_dir("emu") / team.SUITE_FILE).unlink()
    with pytest.raises(team.SuiteError, match=r"build/winipc-run/emu/winipc-testkit-suite\.txt is missing: call "
                                              r"winipc_testkit_suite\(<target>\) in CMakeLists"):
        team.suite_binary(project.build_dir("emu"), project)


@pytest.mark.parametrize("content", ["", "relative/acme_tests\n", "/a/one\n/a/two\n"])
def test_malformed_suite_file_is_refused(tmp_path, content):
    project = team.project_from_args(team.parse_args([]), cwd=tmp_path)
    configured(tmp_path, Path("/x"))
    (project.build_dir("emu") / team.SUITE_FILE).write_text(content)
    with pytest.raises(team.SuiteError, match="should hold one line"):
        team.suite_binary(project.build_dir("emu"), project)


# Building.

def test_cmake_command_lines(tmp_path, kit, monkeypatch):
    monkeypatch.setattr(team.shutil, "which", lambda name: None)  # no Ninja: CMake's default generator
    project = team.project_from_args(team.parse_args([]), cwd=tmp_path)
    project = paths.Project(project.root, project.out, project.expectations_dir, project.title, project.command,
                            kit_dir=kit)
    tree = project.out
    assert team.cmake_commands(project, "emu", ["-DX=Y"]) == [
        ["cmake", "-S", str(project.root), "-B", str(tree / "emu"), "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
         f"-Dwinipc-testkit_DIR={kit}", "-DX=Y"],
        ["cmake", "--build", str(tree / "emu"), "-j", "2"]]
    assert team.cmake_commands(project, "windows", [])[0] == [
        "cmake", "-S", str(project.root), "-B", str(tree / "windows"),
        f"-DCMAKE_TOOLCHAIN_FILE={kit / 'mingw-w64.cmake'}", "-DCMAKE_BUILD_TYPE=RelWithDebInfo",
        f"-Dwinipc-testkit_DIR={kit}"]


def test_new_tree_is_generated_with_ninja_and_an_old_one_keeps_its_generator(tmp_path, kit, monkeypatch):
    monkeypatch.setattr(team.shutil, "which", lambda name: "/usr/bin/ninja" if name == "ninja" else None)
    project = team.project_from_args(team.parse_args([]), cwd=tmp_path)
    project = paths.Project(project.root, project.out, project.expectations_dir, project.title, project.command,
                            kit_dir=kit)
    assert team.cmake_commands(project, "emu", [])[0][5:7] == ["-G", "Ninja"]
    project.build_dir("emu").mkdir(parents=True)
    (project.build_dir("emu") / "CMakeCache.txt").write_text("CMAKE_GENERATOR:INTERNAL=Unix Makefiles\n")
    assert "-G" not in team.cmake_commands(project, "emu", [])[0]


def test_build_configures_both_with_the_kit_from_the_environment(project, kit, monkeypatch):
    calls = []
    monkeypatch.setattr(team.build, "run_steps", fake_build(calls, project / "acme_tests"))
    monkeypatch.setenv(team.KIT_ENVIRONMENT, str(kit))
    assert team.main(["build", "--cmake-arg=-DACME_MOCKS=ON"]) == 0
    assert [name for name, _, _ in calls] == ["emu", "windows"]
    configure = calls[1][1][0]
    assert f"-Dwinipc-testkit_DIR={kit.resolve()}" in configure and configure[-1] == "-DACME_MOCKS=ON"
    assert all(cwd == project.resolve() for _, _, cwd in calls)


def test_build_that_names_no_suite_fails(project, kit, monkeypatch, capsys):
    def configure_without_suite(name, commands, cwd):
        (out(project) / name).mkdir(parents=True)
        (out(project) / name / "CMakeCache.txt").write_text("")
        return True
    monkeypatch.setattr(team.build, "run_steps", configure_without_suite)
    assert team.main(["build", "--only", "emu", "--kit-dir", str(kit)]) == 1
    assert "call winipc_testkit_suite(<target>) in CMakeLists" in capsys.readouterr().out


# Running, comparing, reporting: the emu column.

def test_run_compare_report_with_expected_failures_passes(project, tmp_path):
    configured(project, tmp_path / "acme_tests")
    assert team.main(["run", "--only", "emu"]) == 0
    results = load_results(out(project) / "results" / "emu.xml", "emu")
    assert results.description == "emu fake-team-1.2"
    outcomes = {case.full_name: case.outcome for case in results.cases}
    assert outcomes["emu.NoLeftovers"] is Outcome.PASS and outcomes["emu.SuiteCompleted"] is Outcome.PASS
    assert outcomes["Shutdown.ClosesEveryHandle"] is Outcome.FAIL
    assert team.main(["compare"]) == 0
    assert team.main(["report"]) == 0
    summary = (out(project) / "report" / "summary.md").read_text()
    assert "**compare: OK**" in summary
    assert "| emu | `emu fake-team-1.2` |" in summary
    assert "| — | `Shutdown.ClosesEveryHandle` |  |  | 🟧 expected fail |" in summary


def test_unexpected_failure_exits_1(project, tmp_path, capsys):
    (project / "expectations" / "emu.txt").write_text(EXPECTATIONS.splitlines(keepends=True)[1])
    configured(project, tmp_path / "acme_tests")
    assert team.main(["run", "--only", "emu"]) == 0  # the run completed; the failure is compare's business
    assert team.main(["compare"]) == 1
    assert "FAIL: emu Shutdown.ClosesEveryHandle: unexpected failure: handle count 3, expected 0" in \
        capsys.readouterr().out


def test_without_expectations_every_test_must_pass(project, tmp_path, capsys):
    configured(project, tmp_path / "acme_tests")
    assert team.main(["run", "--only", "emu", "--expectations", "nowhere"]) == 0
    assert team.main(["compare", "--expectations", "nowhere"]) == 1
    text = capsys.readouterr().out
    assert "no nowhere directory: every test must pass" in text
    assert "unexpected failure" in text and "AC-QUEUE-002" in text


def test_team_report_has_no_spec_links_and_says_what_ran(project, tmp_path):
    configured(project, tmp_path / "acme_tests")
    team.main(["run", "--only", "emu"])
    assert team.main(["report"]) == 0
    directory = out(project) / "report"
    page = (directory / "index.html").read_text()
    markdown = (directory / "summary.md").read_text()
    for text in (page, markdown):
        assert "docs/spec" not in text and "./winipc" not in text
    assert "<title>acme-port</title>" in page and "<h1>acme-port: behaviour × implementation</h1>" in page
    assert '<td class="id">AC-QUEUE-001</td>' in page  # the ID, not a link
    assert "<code>emu fake-team-1.2</code>" in page and execute.machine_description() in page
    assert "winipc-run ingest FILE --as windows" in page
    assert team.NO_ID_GROUP in page and "Shutdown.FlushesPendingWrites" in page
    assert markdown.startswith("# acme-port\n")
    assert "| AC-QUEUE-002 | `Queue.FullQueueBlocksWriter` |" in markdown
    assert ET.parse(directory / "combined-junit.xml").getroot().get("name") == "acme-port"


def test_repository_report_still_links_the_spec():
    info = report.default_info()
    assert (info.title, info.command, info.spec_base) == ("winipc conformance", "./winipc", "../../docs/spec")
    assert (paths.REPO.results_dir, paths.REPO.report_dir) == (paths.RESULTS_DIR, paths.REPORT_DIR)


def test_leftover_objects_fail_the_team_run(project, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_LEAK", "1")
    configured(project, tmp_path / "acme_tests")
    assert team.main(["run", "--only", "emu"]) == 1
    cases = {c.full_name: c for c in load_results(out(project) / "results" / "emu.xml", "emu").cases}
    assert cases["emu.NoLeftovers"].outcome is Outcome.FAIL
    assert "winipc-0/Local.left-behind" in cases["emu.NoLeftovers"].message


def test_timeout_option_reaches_the_run(project, tmp_path, monkeypatch):
    monkeypatch.setenv("FAKE_SLEEP", "30")
    configured(project, tmp_path / "acme_tests")
    assert team.main(["run", "--only", "emu", "--timeout", "1"]) == 1
    completed = {c.full_name: c for c in load_results(out(project) / "results" / "emu.xml", "emu").cases}
    assert "timed out after 1 s" in completed["emu.SuiteCompleted"].message


def test_run_before_build_leaves_a_failing_result(project):
    (out(project) / "results").mkdir(parents=True)
    (out(project) / "results" / "emu.xml").write_text("<testsuites implementation='emu old'/>")
    assert team.main(["run", "--only", "emu"]) == 1
    results = load_results(out(project) / "results" / "emu.xml", "emu")
    assert results.description == "emu (not run)"
    assert "run `winipc-run build` first" in results.cases[0].message


def test_wine_run_without_wine_says_so(project, tmp_path, monkeypatch):
    configured(project, tmp_path / "acme_tests.exe", "windows")
    monkeypatch.setattr(paths, "WINE_LOADER", tmp_path / "no-wine64")
    assert team.main(["run", "--only", "wine"]) == 1
    results = load_results(out(project) / "results" / "wine.xml", "wine")
    assert "no-wine64 is missing" in results.cases[0].message


def test_all_builds_runs_compares_and_reports(project, kit, tmp_path, monkeypatch, capsys):
    calls = []
    monkeypatch.setattr(team.build, "run_steps", fake_build(calls, tmp_path / "acme_tests"))
    assert team.main(["all", "--only", "emu", "--kit-dir", str(kit), "--name", "Acme port"]) == 0
    text = capsys.readouterr().out
    assert [name for name, _, _ in calls] == ["emu"]
    assert "emu fake-team-1.2" in text and "report: build/winipc-run/report/index.html" in text
    assert "<h1>Acme port: behaviour" in (out(project) / "report" / "index.html").read_text()
    # The same with an unlisted failure: the run completed, compare did not pass.
    (project / "expectations" / "emu.txt").write_text(EXPECTATIONS.splitlines(keepends=True)[1])
    assert team.main(["all", "--only", "emu", "--kit-dir", str(kit)]) == 1


def test_all_with_a_failed_build_fails_and_does_not_run(project, kit, tmp_path, monkeypatch):
    configured(project, tmp_path / "acme_tests")  # an old build's suite must not be run
    monkeypatch.setattr(team.build, "run_steps", fake_build([], tmp_path / "acme_tests", fail="emu"))
    assert team.main(["all", "--only", "emu", "--kit-dir", str(kit)]) == 1
    results = load_results(out(project) / "results" / "emu.xml", "emu")
    assert results.description == "emu (not run)"
    assert "the emu build failed" in results.cases[0].message


def test_ingest_a_windows_run_as_a_column(project, fixtures, capsys):
    windows = project / "windows.xml"
    windows.write_text((fixtures / "team_gtest.xml").read_text().replace(
        'name="AllTests"', 'name="AllTests" implementation="windows 10.0.22631"'))
    assert team.main(["ingest", "windows.xml", "--as", "windows"]) == 0
    assert "-> build/winipc-run/results/windows.xml" in capsys.readouterr().out
    assert team.main(["ingest", "windows.xml", "--as", "wine"]) == 2
    team.main(["report"])
    assert "<code>windows 10.0.22631</code>" in (out(project) / "report" / "index.html").read_text()
