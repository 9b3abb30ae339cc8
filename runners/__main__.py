"""Command line: python3 -m runners [setup|build|run|compare|ingest|report|docs|lint|bench|all|test] (default: all)."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from runners import bench, build, compare, docs, execute, ingest, lint, paths, ports, report, setup

# The Debian interpreter sees python3-pytest; a pyenv python3 earlier on PATH does not.
PYTHON = "/usr/bin/python3" if Path("/usr/bin/python3").exists() else sys.executable
# Which implementation each preset's suite runs as.
RUNS_OF_PRESET = {"emu": "emu", "windows": "wine"}


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="winipc", description="Build, run, compare and report the winipc "
                                     "conformance suite on emu and on Wine (and on Windows, from an ingested XML).")
    commands = parser.add_subparsers(dest="command", metavar="command")
    commands.add_parser("setup", help="install missing Debian packages (apt-get; needs root)")
    build_parser = commands.add_parser("build", help="cmake --preset + cmake --build for emu and windows")
    build_parser.add_argument("--only", choices=paths.PRESETS)
    run_parser = commands.add_parser("run", help="run the suite; results in build/results/<impl>.xml and .log")
    run_parser.add_argument("--only", choices=sorted(execute.RUNNERS))
    commands.add_parser("ports", help="run examples/ports on emu and under Wine and compare their output")
    commands.add_parser("compare", help="check results against conformance/expectations (exit 1 when unexpected)")
    ingest_parser = commands.add_parser("ingest", help="adopt a JUnit XML from a real Windows run")
    ingest_parser.add_argument("file", type=Path)
    ingest_parser.add_argument("--as", dest="implementation", required=True, choices=paths.IMPLEMENTATIONS)
    commands.add_parser("report", help="write build/report/index.html, summary.md, combined-junit.xml")
    commands.add_parser("docs", help="regenerate docs/spec/ from the test sources and the last run")
    commands.add_parser("lint", help="check behaviour IDs (duplicates, statements, docs, expectations, the last "
                        "run's XML) and that docs/spec is current")
    bench_parser = commands.add_parser("bench", help="build and run the benchmarks (raw POSIX, emu, Wine), write "
                                       "build/report/bench.md, bench.json, bench.png")
    bench_parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds (default 3)")
    bench_parser.add_argument("--min-time", type=float, default=0.2, help="seconds per measurement (default 0.2)")
    bench_parser.add_argument("--filter", default=".", help="regex of the scenarios to run (default all)")
    bench_parser.add_argument("--build-root", type=Path, default=paths.BUILD_DIR,
                              help="where the emu/ and windows/ build trees are (default build/)")
    bench_parser.add_argument("--skip-build", action="store_true", help="use the binaries already built")
    commands.add_parser("all", help="setup, build, run, compare, report, then a summary (the default)")
    commands.add_parser("test", help="what CI runs: setup, builds, ctest, ctest under ASan+UBSan and TSan, bounded "
                        "fuzzing, the runners' tests, the ID lint, run, compare, report, the Debian packages")
    args = parser.parse_args(argv)
    args.command = args.command or "all"
    return args


def banner(title: str) -> None:
    print(f"\n=== {title} ===", flush=True)


def build_all() -> dict[str, bool]:
    built = {}
    for preset in paths.PRESETS:
        banner(f"build {preset}")
        built[preset] = build.build_preset(preset)
    return built


def run_all(built: dict[str, bool]) -> bool:
    """Runs the suites one after the other (2 cores). A suite whose build failed is not run: its results say so
    instead of keeping an old run. True when every suite completed and passed the runner's checks."""
    runs_ok = True
    for preset, implementation in RUNS_OF_PRESET.items():
        banner(f"run {implementation}")
        if built[preset]:
            outcome = execute.RUNNERS[implementation]()
        else:
            outcome = execute.not_run(implementation, f"the {preset} build failed; see the build output")
        state = "completed" if outcome.ok else "FAILED: " + "; ".join(outcome.problems)
        print(f"run: {outcome.description}: {state}", flush=True)
        runs_ok &= outcome.ok
    return runs_ok


def command_all() -> int:
    banner("setup")
    status = setup.main()
    if status != 0:
        return status
    run_all(build_all())
    banner("ports: emu vs Wine")
    ports_status = ports.main()
    banner("compare")
    status = compare.main() | ports_status
    banner("report")
    matrix = compare.load_matrix()
    index = report.write_report(matrix)
    print()
    print(compare.summary_table(matrix))
    print(f"\nreport: {index}")
    return status


# Seconds each libFuzzer target runs in the test command (fuzz/run.sh --long runs ten minutes each).
FUZZ_SECONDS = 15


def run_sanitized() -> bool:
    """The clang ASan + UBSan build (preset fuzz): the unit tests, examples and conformance suite under the
    sanitizers, then each libFuzzer target for FUZZ_SECONDS. Every step runs only if the one before passed."""
    banner(f"sanitized (clang ASan + UBSan): build, ctest --preset fuzz, fuzz/run.sh --seconds {FUZZ_SECONDS}")
    steps = (["cmake", "--preset", "fuzz"], ["cmake", "--build", "--preset", "fuzz", "-j", "2"],
             ["ctest", "--preset", "fuzz"], ["sh", "fuzz/run.sh", "--seconds", str(FUZZ_SECONDS)])
    for step in steps:
        if subprocess.run(step, cwd=paths.REPO_ROOT, check=False).returncode != 0:
            print(f"sanitized stage failed at: {' '.join(step)}", flush=True)
            return False
    return True


def run_packages() -> bool:
    """packaging/test_packages.sh: on a CI machine (CI set, root) it installs the packages with apt-get, which also
    checks that their dependencies resolve, and purges them after; elsewhere it unpacks them into a temporary
    root, leaving the system alone."""
    command = ["packaging/test_packages.sh"]
    if os.environ.get("CI") and os.geteuid() == 0:
        command.append("--system")
    return subprocess.run(command, cwd=paths.REPO_ROOT, check=False).returncode == 0


@dataclass
class Stage:
    name: str
    ok: bool
    seconds: float = 0.0  # wall time since the stage before (0: done within an earlier stage's time)


class Stages(list):
    """The CI stages in order, each timed from the end of the one before (CI must stay well under 30 minutes)."""

    def __init__(self) -> None:
        super().__init__()
        self._since = time.monotonic()

    def add(self, name: str, ok: bool) -> None:
        now = time.monotonic()
        self.append(Stage(name, ok, now - self._since))
        self._since = now


def command_test() -> int:
    """CI: every stage runs (unless what it needs failed), then one closing line counts them."""
    stages = Stages()
    banner("setup")
    stages.add("setup", setup.main() == 0)
    built = build_all()
    for preset, ok in built.items():  # the first carries the time of both builds
        stages.add(f"build {preset}", ok)
    # Without the conformance suite: the stage "run emu+wine" runs it, with the expectations and the runner's checks.
    banner("ctest --preset emu --label-exclude conformance")
    ctest_ok = built["emu"] and subprocess.run(["ctest", "--preset", "emu", "--label-exclude", "conformance"],
                                               cwd=paths.REPO_ROOT, check=False).returncode == 0
    stages.add("ctest emu", ctest_ok)
    stages.add("sanitized: ctest + bounded fuzzing", run_sanitized())
    banner("ThreadSanitizer: cmake --workflow --preset tsan (build, ctest)")
    stages.add("tsan: ctest", subprocess.run(["cmake", "--workflow", "--preset", "tsan"],
                                             cwd=paths.REPO_ROOT, check=False).returncode == 0)
    banner("runner tests (pytest)")
    pytest = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(paths.RUNNER_TESTS_DIR)],
                            cwd=paths.REPO_ROOT, check=False)
    stages.add("runner tests", pytest.returncode == 0)
    banner("behaviour ID lint")
    stages.add("ID lint", lint.main() == 0)
    stages.add("run emu+wine", run_all(built))
    banner("ports: emu vs Wine")
    stages.add("ports: emu vs Wine", ports.main() == 0)
    banner("compare")
    stages.add("compare", compare.main() == 0)
    banner("report")
    stages.add("report", report.main() == 0)
    banner("packages: build the .debs, install them, build the seed samples and examples/testkit from them")
    stages.add("packages", run_packages())

    banner("summary")
    matrix = compare.load_matrix()
    print(compare.summary_table(matrix))
    print(f"report: {paths.REPORT_DIR / 'index.html'}")
    for stage in stages:
        took = f"  ({stage.seconds:.0f} s)" if stage.seconds >= 1 else ""
        print(f"  {'ok    ' if stage.ok else 'FAILED'}  {stage.name}{took}")
    passed = sum(stage.ok for stage in stages)
    total = sum(stage.seconds for stage in stages)
    print(f"{passed} passed, {len(stages) - passed} failed, {total / 60:.1f} min", flush=True)
    return 0 if passed == len(stages) else 1


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.command == "setup":
        return setup.main()
    if args.command == "build":
        return build.main(args.only)
    if args.command == "run":
        return execute.main(args.only)
    if args.command == "ports":
        return ports.main()
    if args.command == "compare":
        return compare.main()
    if args.command == "ingest":
        return ingest.main(args.file, args.implementation)
    if args.command == "report":
        return report.main()
    if args.command == "docs":
        return docs.main()
    if args.command == "lint":
        return lint.main()
    if args.command == "bench":
        if not args.skip_build and setup.main() != 0:
            return 1
        return bench.main(args.rounds, args.min_time, args.build_root, args.skip_build, args.filter)
    if args.command == "test":
        return command_test()
    return command_all()


if __name__ == "__main__":
    sys.exit(main())
