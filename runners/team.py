"""winipc-run: `./winipc all` for a porting team's own test project (one that links winipc::testkit).

    winipc-run [build|run|compare|ingest FILE --as IMPL|report|all] [options]     (default: all)

The project's CMakeLists.txt finds the kit (find_package(winipc-testkit)) and names its GoogleTest executable with
winipc_testkit_suite(<target>), which writes <build>/winipc-testkit-suite.txt, the executable's path. winipc-run
builds the project twice, for emu (native) and for Windows (mingw-w64, the kit's mingw-w64.cmake), runs the emu
build in a private namespace and the Windows build under Wine in a fresh prefix, checks the results against
<project>/expectations/<implementation>.txt and writes the report. A Windows CI run's JUnit XML joins as the
Windows column with `ingest FILE --as windows`.

Under --out (default <project>/build/winipc-run): emu/ and windows/ (build trees), results/<implementation>.xml and
.log, report/ (index.html, summary.md, combined-junit.xml). The kit's CMake package directory comes from --kit-dir,
else $WINIPC_TESTKIT_DIR (the installed /usr/bin/winipc-run sets it); only build and all need it.

Exit status: 0 when everything asked completed and compare found nothing unexpected; 1 otherwise; 2 when the
command could not start (no kit, no project, a bad ingest file).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path

from runners import build, compare, execute, ingest, paths, report

PROG = "winipc-run"
KIT_ENVIRONMENT = "WINIPC_TESTKIT_DIR"
KIT_CONFIG = "winipc-testkitConfig.cmake"
KIT_TOOLCHAIN = "mingw-w64.cmake"
SUITE_FILE = "winipc-testkit-suite.txt"  # written by winipc_testkit_suite() (testkit/suite.cmake)
BUILD_TYPE = "RelWithDebInfo"
JOBS = 2

# The runs, in order, and the build tree each runs from: emu runs the native build, Wine the mingw-w64 one.
BUILD_OF_RUN: dict[str, str] = {"emu": "emu", "wine": "windows"}
TIMEOUTS: dict[str, float] = {"emu": execute.EMU_TIMEOUT_S, "wine": execute.WINE_SUITE_TIMEOUT_S}
# A team's tests often cite no behaviour ID; they are rows by test name, with the runners' checks.
NO_ID_GROUP = "Tests without a behaviour ID, by test name (and the runner checks)"


class SetupError(Exception):
    """Something the command needs is missing or wrong before anything runs (exit status 2)."""


class SuiteError(Exception):
    """A build tree that does not name its test executable."""


def _add_project_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--project", type=Path, default=default, metavar="DIR",
                        help="the test project, holding CMakeLists.txt (default: the current directory)")
    parser.add_argument("--out", type=Path, default=default, metavar="DIR",
                        help="build trees, results/ and report/ (default: <project>/build/winipc-run)")
    parser.add_argument("--expectations", type=Path, default=default, metavar="DIR",
                        help="<implementation>.txt files of known failures and skips (default: "
                             "<project>/expectations; without it every test must pass)")
    parser.add_argument("--name", default=default, help="the report's title (default: the project directory's name)")


def _add_build_options(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--kit-dir", type=Path, default=default, metavar="DIR",
                        help=f"the test kit's CMake package directory, holding {KIT_CONFIG} and {KIT_TOOLCHAIN} "
                             f"(default: ${KIT_ENVIRONMENT})")
    parser.add_argument("--cmake-arg", dest="cmake_args", action="append", default=default, metavar="OPTION",
                        help="an extra option for both configure steps, --cmake-arg=-DNAME=VALUE; repeatable")


def _add_only(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--only", choices=tuple(BUILD_OF_RUN), default=default,
                        help="just emu, or just the Windows build run under Wine")


def _add_timeout(parser: argparse.ArgumentParser, default: object) -> None:
    parser.add_argument("--timeout", type=float, default=default, metavar="SECONDS",
                        help=f"kill a suite run after this long (default: emu {TIMEOUTS['emu']:g} s, "
                             f"Wine {TIMEOUTS['wine']:g} s)")


def _join_cmake_args(argv: list[str]) -> list[str]:
    """``--cmake-arg -DX=Y`` as ``--cmake-arg=-DX=Y``: argparse takes a value that starts with '-' for an option."""
    joined: list[str] = []
    arguments = iter(argv)
    for argument in arguments:
        if argument == "--cmake-arg":
            value = next(arguments, None)
            joined.append(argument if value is None else f"{argument}={value}")
        else:
            joined.append(argument)
    return joined


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Options go before or after the command; after it, only those the command uses."""
    parser = argparse.ArgumentParser(
        prog=PROG, description="Build a test project that links winipc::testkit for emu and for Windows (mingw-w64, "
        "run under Wine), run both, compare them with the project's expectations and write the report.")
    # On the main parser the options have their defaults; on a command's parser they are SUPPRESSed, so an option
    # given before the command is not reset by the command's parser.
    for add in (_add_project_options, _add_build_options, _add_only, _add_timeout):
        add(parser, None)
    commands = parser.add_subparsers(dest="command", metavar="command")
    quiet = argparse.SUPPRESS
    parsers = {
        "build": commands.add_parser("build", help="configure and build the project for emu and for Windows"),
        "run": commands.add_parser("run", help="run the suite on emu and under Wine; results in <out>/results"),
        "compare": commands.add_parser("compare", help="check the results against the expectations (exit 1 when "
                                       "anything is unexpected)"),
        "ingest": commands.add_parser("ingest", help="adopt a JUnit XML from another machine (a Windows CI run)"),
        "report": commands.add_parser("report", help="write <out>/report/index.html, summary.md, "
                                      "combined-junit.xml"),
        "all": commands.add_parser("all", help="build, run, compare, report, then the summary (the default)"),
    }
    for name, sub in parsers.items():
        _add_project_options(sub, quiet)
        if name in ("build", "all"):
            _add_build_options(sub, quiet)
        if name in ("build", "run", "all"):
            _add_only(sub, quiet)
        if name in ("run", "all"):
            _add_timeout(sub, quiet)
    parsers["ingest"].add_argument("file", type=Path)
    parsers["ingest"].add_argument("--as", dest="implementation", required=True, choices=paths.IMPLEMENTATIONS)
    args = parser.parse_args(_join_cmake_args(argv))
    args.command = args.command or "all"
    args.cmake_args = args.cmake_args or []
    if args.timeout is not None and args.timeout <= 0:
        parser.error("--timeout must be more than 0 seconds")
    return args


def project_from_args(args: argparse.Namespace, cwd: Path | None = None) -> paths.Project:
    """The project and where its files go; relative paths are the caller's, from ``cwd``."""
    cwd = cwd or Path.cwd()
    root = (cwd / (args.project or ".")).resolve()
    out = (cwd / args.out).resolve() if args.out else root / "build" / "winipc-run"
    expectations = (cwd / args.expectations).resolve() if args.expectations else root / "expectations"
    return paths.Project(root=root, out=out, expectations_dir=expectations, title=args.name or root.name,
                         command=PROG)


def resolve_kit_dir(flag: Path | None, environ: Mapping[str, str], cwd: Path | None = None) -> Path:
    """--kit-dir, else $WINIPC_TESTKIT_DIR; SetupError when neither is given or the directory is not the kit's."""
    if flag is not None:
        kit, given = flag, f"--kit-dir {flag}"
    elif environ.get(KIT_ENVIRONMENT):
        kit, given = Path(environ[KIT_ENVIRONMENT]), f"{KIT_ENVIRONMENT}={environ[KIT_ENVIRONMENT]}"
    else:
        raise SetupError(f"where is the test kit? Give --kit-dir DIR or set {KIT_ENVIRONMENT}: the directory "
                         f"holding {KIT_CONFIG} and {KIT_TOOLCHAIN} (installed: "
                         f"<prefix>/lib/<multiarch>/cmake/winipc-testkit)")
    kit = ((cwd or Path.cwd()) / kit).resolve()
    missing = [name for name in (KIT_CONFIG, KIT_TOOLCHAIN) if not (kit / name).is_file()]
    if missing:
        raise SetupError(f"{given}: {kit} is not the test kit's CMake package directory (it has no "
                         f"{' and no '.join(missing)})")
    return kit


def cmake_commands(project: paths.Project, platform: str, cmake_args: list[str]) -> list[list[str]]:
    """Configure and build ``platform`` ("emu" or "windows") into <out>/<platform>."""
    assert project.kit_dir is not None
    tree = str(project.build_dir(platform))
    configure = ["cmake", "-S", str(project.root), "-B", tree]
    # Ninja (the kit's package depends on it) for a new tree; an existing one keeps the generator it has.
    if shutil.which("ninja") and not (project.build_dir(platform) / "CMakeCache.txt").exists():
        configure += ["-G", "Ninja"]
    if platform == "windows":
        configure.append(f"-DCMAKE_TOOLCHAIN_FILE={project.kit_dir / KIT_TOOLCHAIN}")
    configure += [f"-DCMAKE_BUILD_TYPE={BUILD_TYPE}", f"-Dwinipc-testkit_DIR={project.kit_dir}", *cmake_args]
    return [configure, ["cmake", "--build", tree, "-j", str(JOBS)]]


def suite_binary(build_dir: Path, project: paths.Project) -> Path:
    """The test executable a build tree's winipc-testkit-suite.txt names; SuiteError when it names none."""
    suite_file = build_dir / SUITE_FILE
    if not suite_file.is_file():
        if not (build_dir / "CMakeCache.txt").is_file():
            raise SuiteError(f"{project.relative(build_dir)} is not configured: run `{project.command} build` first")
        raise SuiteError(f"{project.relative(suite_file)} is missing: call winipc_testkit_suite(<target>) in "
                         f"CMakeLists.txt, naming the test executable, then build again")
    lines = [line.strip() for line in suite_file.read_text(encoding="utf-8").splitlines() if line.strip()]
    if len(lines) != 1 or not Path(lines[0]).is_absolute():
        raise SuiteError(f"{project.relative(suite_file)} should hold one line, the test executable's absolute "
                         f"path; it holds {len(lines)} line(s): rebuild with `{project.command} build`")
    return Path(lines[0])


def banner(title: str) -> None:
    print(f"\n=== {title} ===", flush=True)


def _runs(only: str | None) -> list[str]:
    return [only] if only else list(BUILD_OF_RUN)


def build_all(project: paths.Project, only: str | None = None, cmake_args: list[str] | None = None
              ) -> dict[str, bool]:
    """Builds each platform in turn (2 cores); True for one that built and names its test executable."""
    built = {}
    for implementation in _runs(only):
        platform = BUILD_OF_RUN[implementation]
        banner(f"build {platform}")
        try:
            ok = build.run_steps(platform, cmake_commands(project, platform, cmake_args or []), project.root)
        except OSError as error:  # no cmake
            print(f"build: {platform}: {error}", flush=True)
            ok = False
        if ok:
            try:
                binary = suite_binary(project.build_dir(platform), project)
                print(f"build: {platform}: the suite is {project.relative(binary)}", flush=True)
            except SuiteError as error:
                print(f"build: {platform}: {error}", flush=True)
                ok = False
        built[platform] = ok
    return built


def run_suite(project: paths.Project, implementation: str, timeout: float | None = None) -> execute.RunOutcome:
    """One run of the project's suite; when it cannot start, results that say why replace any older ones."""
    try:
        binary = suite_binary(project.build_dir(BUILD_OF_RUN[implementation]), project)
    except SuiteError as error:
        return execute.not_run(implementation, str(error), project.results_dir)
    if implementation == "wine" and not paths.WINE_LOADER.exists():
        return execute.not_run(implementation, f"Wine's 64-bit loader {paths.WINE_LOADER} is missing (Debian: "
                               f"apt-get install wine64)", project.results_dir)
    return execute.RUNNERS[implementation](project.results_dir, binary, timeout or TIMEOUTS[implementation],
                                           project=project)


def run_all(project: paths.Project, only: str | None = None, timeout: float | None = None,
            built: dict[str, bool] | None = None) -> bool:
    """Runs the suites one after the other; a suite whose build failed is not run. True when every run
    completed and passed the runner's checks."""
    runs_ok = True
    for implementation in _runs(only):
        banner(f"run {implementation}")
        platform = BUILD_OF_RUN[implementation]
        if built is not None and not built.get(platform, False):
            outcome = execute.not_run(implementation, f"the {platform} build failed; see the build output",
                                      project.results_dir)
        else:
            outcome = run_suite(project, implementation, timeout)
        state = "completed" if outcome.ok else "FAILED: " + "; ".join(outcome.problems)
        print(f"run: {outcome.description}: {state} -> {project.relative(outcome.results)}", flush=True)
        runs_ok &= outcome.ok
    return runs_ok


def compare_results(project: paths.Project) -> int:
    if not project.expectations_dir.is_dir():
        print(f"compare: no {project.relative(project.expectations_dir)} directory: every test must pass")
    return compare.main(project=project)


def report_info(project: paths.Project) -> report.ReportInfo:
    return dataclasses.replace(report.default_info(project.report_dir, project), no_id_group=NO_ID_GROUP)


def command_all(project: paths.Project, args: argparse.Namespace) -> int:
    built = build_all(project, args.only, args.cmake_args)
    runs_ok = run_all(project, args.only, args.timeout, built)
    banner("compare")
    compare_status = compare_results(project)
    banner("report")
    matrix = compare.load_matrix(project=project)
    index = report.write_report(matrix, project.report_dir, report_info(project))
    print()
    print(compare.summary_table(matrix))
    print(f"\nreport: {project.relative(index)}")
    return 0 if all(built.values()) and runs_ok and compare_status == 0 else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    project = project_from_args(args)
    try:
        if args.command in ("build", "all"):
            if not (project.root / "CMakeLists.txt").is_file():
                raise SetupError(f"{project.root} has no CMakeLists.txt: give the test project with --project DIR")
            project = dataclasses.replace(project, kit_dir=resolve_kit_dir(args.kit_dir, os.environ))
    except SetupError as error:
        print(f"{PROG}: {error}", file=sys.stderr)
        return 2
    if args.command == "build":
        return 0 if all(build_all(project, args.only, args.cmake_args).values()) else 1
    if args.command == "run":
        return 0 if run_all(project, args.only, args.timeout) else 1
    if args.command == "compare":
        return compare_results(project)
    if args.command == "ingest":
        return ingest.main(args.file, args.implementation, project.results_dir, project)
    if args.command == "report":
        return report.main(project=project, info=report_info(project))
    return command_all(project, args)


if __name__ == "__main__":
    sys.exit(main())
