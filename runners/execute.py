"""`run`: runs the conformance suite on each implementation and keeps its JUnit XML and output.

For each implementation the runners write build/results/<implementation>.xml (GoogleTest's XML plus the runners'
own checks, as test cases of a suite named after the implementation) and build/results/<implementation>.log (the
suite's stdout; stderr goes to <implementation>.stderr.log). The implementation's name and version come from the
harness's first output line, ``implementation: wine 8.0``.

Runner checks:
  <impl>.SuiteCompleted  the binary exited normally (0, or 1 with failures in its XML), in time, wrote XML and
                         named its implementation
  emu.NoLeftovers        the emu run left no object files in its private namespace ($WINIPC_ROOT/winipc-*/)

A suite that hangs or crashes writes no XML; then the tests that finished are recovered from its output
(runners/console.py), and the test that was running counts as failed.
"""

from __future__ import annotations

import contextlib
import os
import platform
import shutil
import signal
import subprocess
import tempfile
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from collections.abc import Iterator
from pathlib import Path

from runners import paths
from runners.console import recover, unfinished_case
from runners.junit import (MACHINE_ATTRIBUTE, SOURCE_ATTRIBUTE, JUnitError, Outcome, TestCase, complete_results,
                           implementation_from_output, implementation_name, load_results)

EMU_TIMEOUT_S = 600
WINE_PREFIX_TIMEOUT_S = 300  # creating a fresh prefix takes 5-30 s
WINE_SUITE_TIMEOUT_S = 900
# The file the suite writes, relative to its working directory (Wine maps the working directory to a drive).
GTEST_XML = "gtest.xml"


@dataclass(frozen=True)
class Process:
    returncode: int | None  # None when it timed out and was killed
    seconds: float
    timed_out: bool = False


@dataclass
class RunOutcome:
    implementation: str
    description: str
    results: Path
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def machine_description() -> str:
    return f"{platform.node()} ({platform.system()} {platform.release()} {platform.machine()}, {os.cpu_count()} CPUs)"


def run_process(command: list[str], cwd: Path, env: dict[str, str], stdout: Path, stderr: Path,
                timeout: float, end_group: bool = True) -> Process:
    """Runs a command in its own process group; on timeout, kills that group (and after a normal exit too, with
    ``end_group``: children the suite left behind). Output goes to files, so a hang still leaves what was
    printed."""
    start = time.monotonic()
    with stdout.open("wb") as out, stderr.open("wb") as err:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                   start_new_session=True)
        try:
            returncode: int | None = process.wait(timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            returncode, timed_out = None, True
        if timed_out or end_group:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if timed_out:
            process.wait()
    return Process(returncode, time.monotonic() - start, timed_out)


def leftovers(root: Path) -> list[str]:
    """Object files left in the namespace directories under ``root``: anything in winipc-*/ but the namespace's own
    files (``.lock``, ``.waits``: object file names never begin with a dot)."""
    found = []
    for directory in sorted(root.glob("winipc-*")):
        if directory.is_dir():
            found.extend(str(entry.relative_to(root)) for entry in sorted(directory.iterdir())
                         if not entry.name.startswith("."))
    return found


def _failure_count(xml_text: str) -> int:
    root = ET.fromstring(xml_text)
    return sum(1 for case in root.iter("testcase")
               if case.find("failure") is not None or case.find("error") is not None)


def _completion_problems(process: Process, timeout: float, xml_text: str | None, xml_error: str | None,
                         description: str | None) -> list[str]:
    problems = []
    if process.timed_out:
        problems.append(f"timed out after {timeout:g} s and was killed")
    elif process.returncode is not None and process.returncode < 0:
        problems.append(f"killed by signal {-process.returncode}")
    elif process.returncode not in (0, 1):
        problems.append(f"exited with code {process.returncode}")
    if xml_error:
        problems.append(xml_error)
    elif xml_text is not None and process.returncode == 1 and _failure_count(xml_text) == 0:
        problems.append("exited with code 1, but its XML records no failed test")
    if description is None:
        problems.append("its first output line is not 'implementation: <name> <version>'")
    return problems


def known_behaviours(results_dir: Path, except_implementation: str) -> dict[str, str]:
    """Suite.Test -> behaviour ID, from the other implementations' results of the same suite."""
    known: dict[str, str] = {}
    for path in sorted(results_dir.glob("*.xml")) if results_dir.is_dir() else []:
        if path.stem == except_implementation:
            continue
        try:
            cases = load_results(path, path.stem).cases
        except (OSError, JUnitError):
            continue
        known.update({case.full_name: case.behaviour for case in cases if case.behaviour})
    return known


def _read_xml(path: Path) -> tuple[str | None, str | None]:
    """GoogleTest's XML, or None and why not."""
    if not path.exists():
        return None, "wrote no JUnit XML"
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        ET.fromstring(text)
    except ET.ParseError as error:
        return None, f"wrote JUnit XML that does not parse: {error}"
    return text, None


def finish(expected: str, work: Path, process: Process, timeout: float, stdout: Path, stderr: Path,
           extra_checks: list[TestCase], results_dir: Path, project: paths.Project = paths.REPO) -> RunOutcome:
    """Turns one run's files into build/results/<implementation>.xml and .log. Without XML (a hang, a crash),
    the tests that finished are recovered from the output, and the one left running counts as failed."""
    started = datetime.now() - timedelta(seconds=process.seconds)
    output = stdout.read_text(encoding="utf-8", errors="replace")
    description = implementation_from_output(output)
    name = implementation_name(description) if description else expected
    xml_text, xml_error = _read_xml(work / GTEST_XML)
    problems = _completion_problems(process, timeout, xml_text, xml_error, description)
    if name != expected:
        problems.append(f"the {expected} run says it is '{description}'")
    log = results_dir / f"{name}.log"

    recovered_cases: list[TestCase] = []
    if xml_text is None:
        behaviours = known_behaviours(results_dir, name)
        recovered = recover(output, behaviours)
        recovered_cases = recovered.cases
        if recovered.unfinished:
            problems.append(f"{recovered.unfinished} was running at the end")
            recovered_cases.append(unfinished_case(recovered.unfinished, behaviours,
                                                   f"the suite stopped while this test ran: {problems[0]}"))
        problems.append(f"{len(recovered_cases)} test results recovered from the output")

    completed = TestCase(name, "SuiteCompleted", Outcome.FAIL if problems else Outcome.PASS,
                         message="; ".join(problems) + f" (output: {project.relative(log)})" if problems else "",
                         time=process.seconds)
    checks = [completed] + [TestCase(name, case.name, case.outcome, case.behaviour, case.message, case.time)
                            for case in extra_checks]
    results_dir.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(stdout, log)
    shutil.copyfile(stderr, results_dir / f"{name}.stderr.log")
    results = paths.results_xml(name, results_dir)
    attributes = {MACHINE_ATTRIBUTE: machine_description(),
                  SOURCE_ATTRIBUTE: "winipc runners, " + datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    if xml_text is None:  # GoogleTest's root would have said when the run started
        attributes["timestamp"] = started.strftime("%Y-%m-%dT%H:%M:%S")
    results.write_text(complete_results(xml_text, description or f"{name} (version unknown)",
                                        recovered_cases + checks, attributes), encoding="utf-8")
    outcome = RunOutcome(name, description or name, results, list(problems))
    outcome.problems += [f"{case.full_name}: {case.message}" for case in checks[1:] if case.outcome is Outcome.FAIL]
    return outcome


def not_run(implementation: str, problem: str, results_dir: Path = paths.RESULTS_DIR) -> RunOutcome:
    """Replaces stale results with one failure, so the report cannot show an old run as current."""
    results_dir.mkdir(parents=True, exist_ok=True)
    results = paths.results_xml(implementation, results_dir)
    case = TestCase(implementation, "SuiteCompleted", Outcome.FAIL, message=problem)
    description = f"{implementation} (not run)"
    attributes = {MACHINE_ATTRIBUTE: machine_description(), "timestamp": datetime.now().strftime("%Y-%m-%dT%H:%M:%S")}
    results.write_text(complete_results(None, description, [case], attributes), encoding="utf-8")
    for stale in (results_dir / f"{implementation}.log", results_dir / f"{implementation}.stderr.log"):
        stale.unlink(missing_ok=True)
    return RunOutcome(implementation, description, results, [problem])


def not_built(implementation: str, binary: Path, results_dir: Path,
              project: paths.Project = paths.REPO) -> RunOutcome:
    return not_run(implementation, f"{project.relative(binary)} does not exist: run `{project.command} build` first",
                   results_dir)


def run_emu(results_dir: Path = paths.RESULTS_DIR, binary: Path = paths.SUITES["emu"].binary,
            timeout: float = EMU_TIMEOUT_S, project: paths.Project = paths.REPO) -> RunOutcome:
    """The Linux build against emu, in a private namespace ($WINIPC_ROOT in a fresh temporary directory)."""
    if not binary.exists():
        return not_built("emu", binary, results_dir, project)
    with tempfile.TemporaryDirectory(prefix="winipc-emu-") as temp:
        root, work = Path(temp) / "root", Path(temp) / "work"
        root.mkdir(mode=0o700)
        work.mkdir()
        env = dict(os.environ, WINIPC_ROOT=str(root))
        print(f"run: emu: {project.relative(binary)} (WINIPC_ROOT={root})", flush=True)
        process = run_process([str(binary), f"--gtest_output=xml:{GTEST_XML}"], work, env,
                              work / "stdout.log", work / "stderr.log", timeout)
        left = leftovers(root)
        no_leftovers = TestCase("emu", "NoLeftovers", Outcome.FAIL if left else Outcome.PASS,
                                message=("objects left in the namespace after the suite exited: " + ", ".join(left))
                                if left else "")
        return finish("emu", work, process, timeout, work / "stdout.log", work / "stderr.log", [no_leftovers],
                      results_dir, project)


def wine_environment(prefix: Path) -> dict[str, str]:
    # WINEDLLOVERRIDES keeps prefix creation from offering Mono and Gecko; WINELOADER lets CreateProcess start
    # children with the same 64-bit loader (as cmake/mingw-w64.cmake's wrapper does).
    return dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=",
                WINELOADER=str(paths.WINE_LOADER))


def _wineserver(env: dict[str, str], option: str, timeout: float) -> None:
    """wineserver -w (wait until idle) or -k (kill) for the prefix in ``env`` only."""
    try:
        subprocess.run([str(paths.WINE_SERVER), option], env=env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        print(f"run: wine: wineserver {option} did not return within {timeout:g} s", flush=True)


def run_wine(results_dir: Path = paths.RESULTS_DIR, binary: Path = paths.SUITES["wine"].binary,
             timeout: float = WINE_SUITE_TIMEOUT_S, project: paths.Project = paths.REPO) -> RunOutcome:
    """The Windows build under Wine, in a fresh prefix that is created first and deleted after."""
    if not binary.exists():
        return not_built("wine", binary, results_dir, project)
    with tempfile.TemporaryDirectory(prefix="winipc-wine-") as temp:
        work = Path(temp) / "work"
        work.mkdir()
        with fresh_prefix(Path(temp) / "prefix", work) as env:
            print(f"run: wine: {project.relative(binary)}", flush=True)
            process = run_process([str(paths.WINE_LOADER), str(binary), f"--gtest_output=xml:{GTEST_XML}"], work,
                                  env, work / "stdout.log", work / "stderr.log", timeout, end_group=False)
            return finish("wine", work, process, timeout, work / "stdout.log", work / "stderr.log", [], results_dir,
                          project)


@contextlib.contextmanager
def fresh_prefix(prefix: Path, logs: Path) -> Iterator[dict[str, str]]:
    """A new Wine prefix, created (wineboot's output in ``logs``) before the body runs with its environment; the
    prefix's wineserver (and the Wine services it keeps) is ended after, before the prefix is deleted."""
    env = wine_environment(prefix)
    try:
        print(f"run: wine: creating a fresh prefix in {prefix}", flush=True)
        boot = run_process([str(paths.WINE_LOADER), "wineboot", "--init"], logs, env, logs / "boot.log",
                           logs / "boot.err", WINE_PREFIX_TIMEOUT_S, end_group=False)
        _wineserver(env, "-w", WINE_PREFIX_TIMEOUT_S)  # the prefix is complete when the server is idle
        if boot.returncode != 0:
            print(f"run: wine: wineboot exited with {boot.returncode}; running anyway", flush=True)
        yield env
    finally:
        _wineserver(env, "-k", 60)


RUNNERS = {"emu": run_emu, "wine": run_wine}


def main(only: str | None = None, results_dir: Path = paths.RESULTS_DIR) -> int:
    """`run`: 1 when a suite did not complete or a runner check failed (test failures are compare's business)."""
    status = 0
    for name in [only] if only else ["emu", "wine"]:
        outcome = RUNNERS[name](results_dir)
        state = "completed" if outcome.ok else "FAILED: " + "; ".join(outcome.problems)
        print(f"run: {outcome.description}: {state} -> {paths.relative(outcome.results)}", flush=True)
        status |= 0 if outcome.ok else 1
    return status
