"""`bench`: builds the benchmarks (bench/), runs raw POSIX, emu and Wine interleaved, pinned to CPU 0 and unpinned,
and writes build/report/bench.md (medians with min-max, ratios, issues 7's and 15's targets), bench.json and
bench.png.

Columns (bench/README.md explains why there are two harnesses):
  raw       bench/src/raw_scenarios.cc, Google Benchmark            the floor
  emu       bench/src/win32_scenarios.cc + emu, Google Benchmark    emu/raw compares these two
  emu-mini  the same source + emu, the mini harness                 Wine/emu compares Wine with this one
  wine      the same source, mingw-w64, the mini harness, Wine

One round runs every column once in each mode (pinned first, then unpinned), in the order above; the table gives
the median over the rounds with the smallest and largest value. Nothing here asserts: a missed target is printed
and marked in the table.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import statistics
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from runners import paths

COLUMNS: tuple[str, ...] = ("raw", "emu", "emu-mini", "wine")
MODES: tuple[str, ...] = ("pinned", "unpinned")
PINNED_CPU = "0"
RUN_TIMEOUT_S = 1200

# The binary of each column, relative to the build root (the CMake presets' binaryDirs by default).
BINARIES: dict[str, str] = {
    "raw": "emu/bench/winipc_bench_raw",
    "emu": "emu/bench/winipc_bench_emu",
    "emu-mini": "emu/bench/winipc_bench_emu_mini",
    "wine": "windows/bench/winipc_bench_win32.exe",
}
TARGETS_OF_PRESET: dict[str, list[str]] = {
    "emu": ["winipc_bench_raw", "winipc_bench_emu", "winipc_bench_emu_mini"],
    "windows": ["winipc_bench_win32"],
}

# Scenario (benchmark name without "/real_time") -> what it measures, in the table's order.
SCENARIOS: dict[str, str] = {
    "SectionNamedLifecycle": "named 64 KiB section: create+map+write+unmap+close (raw: shm_open..shm_unlink)",
    "SectionUnnamedLifecycle": "unnamed 64 KiB section cycle (raw: memfd_create cycle)",
    "SectionOpenExisting": "OpenFileMapping+CloseHandle, existing (raw: shm_open existing+close)",
    "SectionOpenHeldElsewhere": "OpenFileMapping+CloseHandle of a name only a partner process holds "
                                "(raw: shm_open+close of a name a forked partner created)",
    "EventCreateClose": "named event create+close (raw: /dev/shm file create+close+unlink)",
    "MutexCreateClose": "named mutex create+close (raw: as EventCreateClose)",
    "SemaphoreCreateClose": "named semaphore create+close (raw: as EventCreateClose)",
    "EventOpenExisting": "OpenEvent+CloseHandle, existing (raw: open existing file+close)",
    "EventOpenHeldElsewhere": "OpenEvent+CloseHandle of a name only a partner process holds "
                              "(raw: shm_open+close of a name a forked partner created)",
    "OpenWithLiveNames/10": "OpenEvent+CloseHandle with 10 live names (raw: open in a dir of 10 files)",
    "OpenWithLiveNames/1000": "... with 1,000 live names",
    "OpenWithLiveNames/10000": "... with 10,000 live names",
    "OpenCloseConcurrent/1": "OpenEvent+CloseHandle over 8 names, 1 process (raw: open+close of 8 files)",
    "OpenCloseConcurrent/2": "... 2 processes on the same 8 names at once (time in one of them)",
    "OpenCloseConcurrent/4": "... 4 processes",
    "OpenCloseConcurrent/8": "... 8 processes",
    "MutexUncontended": "named mutex wait+release (raw: robust pshared pthread_mutex)",
    "CriticalSectionUncontended": "EnterCriticalSection+LeaveCriticalSection (raw: private pthread_mutex)",
    "SrwExclusiveUncontended": "SRW lock exclusive acquire+release (raw: private pthread_rwlock wrlock)",
    "ViewCopy64MiB": "memcpy 64 MiB into a section view (raw: MAP_SHARED memfd)",
    "EventPingPong": "cross-process round trip, 2 auto-reset events (raw: 2 futex words)",
    "SemaphorePingPong": "cross-process round trip, 2 semaphores (raw: 2 pshared sem_t)",
    "WaitAny64PingPong": "round trip, back via WaitForMultipleObjects(64, any) (raw: futex_waitv on 64)",
    "WaitAll64PingPong": "round trip, back via 64 SetEvent + WFMO(64, all) (raw: 64 futex words)",
}
LIFECYCLE: tuple[str, ...] = ("SectionNamedLifecycle", "SectionUnnamedLifecycle", "SectionOpenExisting",
                              "EventCreateClose", "EventOpenExisting")
# Issue 15 (a namespace in shared memory): named sync objects created and closed in one process, and opens of a
# name another process holds.
CREATE_CLOSE: tuple[str, ...] = ("EventCreateClose", "MutexCreateClose", "SemaphoreCreateClose")
HELD_ELSEWHERE: tuple[str, ...] = ("EventOpenHeldElsewhere", "SectionOpenHeldElsewhere")


@dataclass(frozen=True)
class Sample:
    """One measurement: a benchmark's time per iteration in one run of one column."""

    column: str
    mode: str
    scenario: str
    nanoseconds: float
    bytes_per_second: float | None = None


@dataclass(frozen=True)
class Stat:
    median: float
    low: float
    high: float
    count: int


@dataclass
class Summary:
    """Per mode, per scenario, per column: the statistics over the rounds."""

    stats: dict[tuple[str, str, str], Stat] = field(default_factory=dict)  # (mode, scenario, column)
    errors: list[str] = field(default_factory=list)

    def get(self, mode: str, scenario: str, column: str) -> Stat | None:
        return self.stats.get((mode, scenario, column))


@dataclass(frozen=True)
class Target:
    name: str
    mode: str
    value: float | None  # the measured ratio (or time); None when a column is missing
    limit: float
    at_most: bool  # True: value <= limit; False: value >= limit
    issue: str = "7"  # the issue(s) that set the target
    absolute: bool = False  # value and limit are nanoseconds per iteration, not a ratio

    @property
    def met(self) -> bool | None:
        if self.value is None:
            return None
        return self.value <= self.limit if self.at_most else self.value >= self.limit


# --- parsing and statistics (pure) ---------------------------------------------------------------------------

_UNIT_NS = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}


def scenario_of(benchmark_name: str) -> str:
    """``OpenWithLiveNames/10/real_time`` -> ``OpenWithLiveNames/10``."""
    parts = [part for part in benchmark_name.split("/") if part not in ("real_time", "process_time")]
    parts = [part for part in parts if not part.startswith(("min_time:", "iterations:", "repeats:"))]
    return "/".join(parts)


def parse_results(text: str, column: str, mode: str) -> tuple[list[Sample], list[str]]:
    """Samples and error messages from Google Benchmark's JSON (or the mini harness's, which has the same shape).
    Aggregates (mean, median, stddev rows) are skipped: the runner computes its own over rounds."""
    data = json.loads(text)
    samples: list[Sample] = []
    errors: list[str] = []
    for entry in data.get("benchmarks", []):
        if entry.get("run_type", "iteration") != "iteration":
            continue
        scenario = scenario_of(entry.get("run_name") or entry["name"])
        if entry.get("error_occurred"):
            errors.append(f"{column} {mode} {scenario}: {entry.get('error_message', 'error')}")
            continue
        scale = _UNIT_NS.get(entry.get("time_unit", "ns"), 1.0)
        bandwidth = entry.get("bytes_per_second")
        samples.append(Sample(column, mode, scenario, float(entry["real_time"]) * scale,
                              float(bandwidth) if bandwidth else None))
    return samples, errors


def summarise(samples: list[Sample], errors: list[str] | None = None) -> Summary:
    grouped: dict[tuple[str, str, str], list[float]] = {}
    for sample in samples:
        grouped.setdefault((sample.mode, sample.scenario, sample.column), []).append(sample.nanoseconds)
    summary = Summary(errors=list(errors or []))
    for key, values in grouped.items():
        summary.stats[key] = Stat(statistics.median(values), min(values), max(values), len(values))
    return summary


def ratio(summary: Summary, mode: str, numerator: tuple[str, str], denominator: tuple[str, str]) -> float | None:
    """Ratio of two medians, each given as (scenario, column)."""
    top = summary.get(mode, *numerator)
    bottom = summary.get(mode, *denominator)
    if top is None or bottom is None or bottom.median <= 0:
        return None
    return top.median / bottom.median


def emu_over_raw(summary: Summary, mode: str, scenario: str) -> float | None:
    return ratio(summary, mode, (scenario, "emu"), (scenario, "raw"))


def wine_over_emu(summary: Summary, mode: str, scenario: str) -> float | None:
    """Wine against emu measured by the same (mini) harness."""
    return ratio(summary, mode, (scenario, "wine"), (scenario, "emu-mini"))


def cpus_of(mode: str, cpus: int | None = None) -> int:
    """CPUs the processes of a run share: one when pinned, else the machine's."""
    return 1 if mode == "pinned" else max(1, cpus or os.cpu_count() or 1)


def concurrency_cost(summary: Summary, mode: str, processes: int, column: str = "emu",
                     cpus: int | None = None) -> float | None:
    """Time per open+close in one of `processes` processes, times its share of the CPUs: what one operation costs
    in CPU time, waiting on others included. Equal for every count when the processes never hold each other up."""
    stat = summary.get(mode, f"OpenCloseConcurrent/{processes}", column)
    if stat is None:
        return None
    share = min(processes, cpus_of(mode, cpus)) / processes
    return stat.median * share


def concurrency_growth(summary: Summary, mode: str, cpus: int | None = None) -> float | None:
    """Cost of an open+close with 8 processes over that with 1, each per CPU share (emu)."""
    eight = concurrency_cost(summary, mode, 8, cpus=cpus)
    one = concurrency_cost(summary, mode, 1, cpus=cpus)
    return eight / one if eight is not None and one else None


def emu_time(summary: Summary, mode: str, scenario: str) -> float | None:
    stat = summary.get(mode, scenario, "emu")
    return None if stat is None else stat.median


def targets(summary: Summary, cpus: int | None = None) -> list[Target]:
    """Issue 7's targets, then issue 15's; a target both issues set is listed once, under both."""
    return issue7_targets(summary, cpus) + issue15_targets(summary, cpus)


def issue7_targets(summary: Summary, cpus: int | None = None) -> list[Target]:
    """Hot paths and scaling in both modes; lifecycle pinned, as the issue states it. Issue 15 keeps the ping-pong
    and the uncontended mutex targets."""
    found: list[Target] = []
    for mode in MODES:
        found.append(Target("no collapse: open+close with 8 processes / with 1, per CPU share (emu)", mode,
                            concurrency_growth(summary, mode, cpus), 2.0, True))
        found.append(Target("ping-pong (events) emu/raw", mode, emu_over_raw(summary, mode, "EventPingPong"), 1.2,
                            True, issue="7, 15"))
        found.append(Target("uncontended mutex emu/raw", mode, emu_over_raw(summary, mode, "MutexUncontended"), 2.0,
                            True, issue="7, 15"))
        found.append(Target("64 MiB view copy emu/raw (equal: <= 1.05)", mode,
                            emu_over_raw(summary, mode, "ViewCopy64MiB"), 1.05, True))
        found.append(Target("wait-any on 64 / single-object ping-pong (emu)", mode,
                            ratio(summary, mode, ("WaitAny64PingPong", "emu"), ("EventPingPong", "emu")), 2.0, True))
        found.append(Target("open with 10,000 / with 10 live names (emu)", mode,
                            ratio(summary, mode, ("OpenWithLiveNames/10000", "emu"),
                                  ("OpenWithLiveNames/10", "emu")), 1.2, True))
    for scenario in LIFECYCLE:
        found.append(Target(f"{scenario} emu/raw", "pinned", emu_over_raw(summary, "pinned", scenario), 1.5, True))
        found.append(Target(f"{scenario} Wine/emu", "pinned", wine_over_emu(summary, "pinned", scenario), 5.0,
                            False))
    return found


def issue15_targets(summary: Summary, cpus: int | None = None) -> list[Target]:
    """Issue 15 (a namespace in shared memory). Naming and lifecycle pinned, as issue 7's lifecycle targets and
    the figures issue 15 quotes; the live-names ratio in both modes; the 8-process scaling unpinned (on all CPUs),
    as the issue states it."""
    found: list[Target] = []
    for scenario in CREATE_CLOSE:
        found.append(Target(f"{scenario} emu time", "pinned", emu_time(summary, "pinned", scenario), 1000.0, True,
                            issue="15", absolute=True))
        found.append(Target(f"{scenario} raw/emu (emu 3x faster than a /dev/shm create+unlink)", "pinned",
                            ratio(summary, "pinned", (scenario, "raw"), (scenario, "emu")), 3.0, False, issue="15"))
        found.append(Target(f"{scenario} Wine/emu", "pinned", wine_over_emu(summary, "pinned", scenario), 8.0, False,
                            issue="15"))
    for scenario in HELD_ELSEWHERE:
        found.append(Target(f"{scenario} emu/raw", "pinned", emu_over_raw(summary, "pinned", scenario), 1.0, True,
                            issue="15"))
    found.append(Target("SectionNamedLifecycle emu/raw", "pinned",
                        emu_over_raw(summary, "pinned", "SectionNamedLifecycle"), 1.2, True, issue="15"))
    for mode in MODES:
        found.append(Target("open with 10,000 / with 10 live names (emu)", mode,
                            ratio(summary, mode, ("OpenWithLiveNames/10000", "emu"),
                                  ("OpenWithLiveNames/10", "emu")), 1.1, True, issue="15"))
    found.append(Target("open+close with 8 processes / with 1, per CPU share (emu)", "unpinned",
                        concurrency_growth(summary, "unpinned", cpus), 1.3, True, issue="15"))
    return found


# --- rendering (pure) ----------------------------------------------------------------------------------------

def format_time(nanoseconds: float) -> str:
    for unit, scale in (("s", 1e9), ("ms", 1e6), ("µs", 1e3)):
        if nanoseconds >= scale:
            return f"{nanoseconds / scale:.3g} {unit}"
    return f"{nanoseconds:.3g} ns"


def format_stat(stat: Stat | None) -> str:
    if stat is None:
        return "—"
    return f"{format_time(stat.median)} ({format_time(stat.low)}–{format_time(stat.high)})"


def format_ratio(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}×"


def format_target(target: Target) -> tuple[str, str]:
    """The measured value and the limit, as times for an absolute target, else as ratios."""
    sign = "≤" if target.at_most else "≥"
    if target.absolute:
        measured = "—" if target.value is None else format_time(target.value)
        return measured, f"{sign} {format_time(target.limit)}"
    return format_ratio(target.value), f"{sign} {target.limit:g}×"


def render_markdown(summary: Summary, machine: list[tuple[str, str]]) -> str:
    lines = ["# winipc benchmarks: raw POSIX, emu, Wine", ""]
    lines += [f"- **{key}**: {value}" for key, value in machine]
    lines += ["", "Median over the rounds, (min–max); time per iteration (per round trip for ping-pongs). emu/raw: "
              "both Google Benchmark; Wine/emu: both the mini harness (emu-mini column).", ""]
    for mode in MODES:
        lines += [f"## {mode}" + (f" (every process on CPU {PINNED_CPU})" if mode == "pinned" else ""), "",
                  "| scenario | raw | emu | emu-mini | Wine | emu/raw | Wine/emu |",
                  "|---|---|---|---|---|---|---|"]
        for scenario in SCENARIOS:
            cells = [format_stat(summary.get(mode, scenario, column)) for column in COLUMNS]
            lines.append(f"| {scenario} | " + " | ".join(cells) + f" | {format_ratio(emu_over_raw(summary, mode, scenario))}"
                         f" | {format_ratio(wine_over_emu(summary, mode, scenario))} |")
        lines.append("")
    lines += ["## Targets (issues 7 and 15)", "", "| target | issue | mode | measured | limit | |",
              "|---|---|---|---|---|---|"]
    for target in targets(summary):
        verdict = {True: "met", False: "**missed**", None: "not measured"}[target.met]
        measured, limit = format_target(target)
        lines.append(f"| {target.name} | {target.issue} | {target.mode} | {measured} | {limit} | {verdict} |")
    lines += ["", "## Scenarios", ""]
    lines += [f"- `{scenario}`: {text}" for scenario, text in SCENARIOS.items()]
    if summary.errors:
        lines += ["", "## Errors", ""] + [f"- {error}" for error in summary.errors]
    return "\n".join(lines) + "\n"


def summary_json(summary: Summary, machine: list[tuple[str, str]]) -> str:
    rows = [{"mode": mode, "scenario": scenario, "column": column, "median_ns": stat.median, "min_ns": stat.low,
             "max_ns": stat.high, "rounds": stat.count}
            for (mode, scenario, column), stat in sorted(summary.stats.items())]
    return json.dumps({"machine": dict(machine), "results": rows, "errors": summary.errors}, indent=1) + "\n"


def write_plot(summary: Summary, path: Path) -> bool:
    """Grouped bars (log scale) per scenario, one panel per mode. False when matplotlib is missing."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    scenarios = list(SCENARIOS)
    shown = ("raw", "emu", "wine")
    figure, axes = plt.subplots(len(MODES), 1, figsize=(14, 9), sharex=True)
    width = 0.8 / len(shown)
    for axis, mode in zip(axes, MODES):
        for index, column in enumerate(shown):
            stats = [summary.get(mode, scenario, column) for scenario in scenarios]
            xs = [position + (index - 1) * width for position in range(len(scenarios))]
            heights = [stat.median / 1e3 if stat else 0 for stat in stats]
            errors = [[(stat.median - stat.low) / 1e3 if stat else 0 for stat in stats],
                      [(stat.high - stat.median) / 1e3 if stat else 0 for stat in stats]]
            axis.bar(xs, heights, width, yerr=errors, label=column, capsize=2)
        axis.set_yscale("log")
        axis.set_ylabel("µs per iteration (log)")
        axis.set_title(mode)
        axis.grid(axis="y", which="both", alpha=0.3)
        axis.legend()
    axes[-1].set_xticks(range(len(scenarios)))
    axes[-1].set_xticklabels(scenarios, rotation=35, ha="right", fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
    return True


# --- the machine ---------------------------------------------------------------------------------------------

def _first_line(command: list[str]) -> str:
    try:
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return "unavailable"
    lines = (done.stdout or done.stderr).strip().splitlines()
    return lines[0] if lines else "unavailable"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def machine_info(load_before: tuple[float, float, float], load_after: tuple[float, float, float],
                 rounds: int, min_time: float) -> list[tuple[str, str]]:
    sha = _first_line(["git", "-C", str(paths.REPO_ROOT), "rev-parse", "--short", "HEAD"])
    dirty = subprocess.run(["git", "-C", str(paths.REPO_ROOT), "status", "--porcelain", "--untracked-files=no"],
                           capture_output=True, text=True, check=False).stdout.strip()
    return [
        ("date", datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
        ("machine", f"{cpu_model()}, {os.cpu_count()} CPUs, {platform.node()}"),
        ("kernel", f"Linux {platform.release()}"),
        ("emu", f"emu {sha}{' (with uncommitted changes)' if dirty else ''}"),
        ("Wine", _first_line([str(paths.WINE_LOADER), "--version"])),
        ("compilers", f"{_first_line(['g++', '--version'])}; {_first_line(['x86_64-w64-mingw32-g++-posix', '--version'])}"),
        ("Google Benchmark", _first_line(["dpkg-query", "-W", "-f", "${Version}", "libbenchmark-dev"])),
        ("load average (1/5/15 min)", f"before {load_before[0]:.2f}/{load_before[1]:.2f}/{load_before[2]:.2f}, "
                                      f"after {load_after[0]:.2f}/{load_after[1]:.2f}/{load_after[2]:.2f}"),
        ("runs", f"{rounds} rounds x {len(MODES)} modes, interleaved raw, emu, emu-mini, Wine; "
                 f"--benchmark_min_time={min_time:g}"),
    ]


# --- building and running ------------------------------------------------------------------------------------

def build(build_root: Path) -> bool:
    for preset, targets_of_preset in TARGETS_OF_PRESET.items():
        directory = build_root / preset
        configure = ["cmake", "-S", str(paths.REPO_ROOT), "-B", str(directory), "-G", "Ninja",
                     "-DCMAKE_BUILD_TYPE=RelWithDebInfo"]
        if preset == "windows":
            configure.append(f"-DCMAKE_TOOLCHAIN_FILE={paths.REPO_ROOT / 'cmake' / 'mingw-w64.cmake'}")
        for command in (configure, ["cmake", "--build", str(directory), "-j1", "--target", *targets_of_preset]):
            print(f"bench: {' '.join(command)}", flush=True)
            if subprocess.run(command, check=False).returncode != 0:
                print(f"bench: building {preset} failed", flush=True)
                return False
    return True


def wine_environment(prefix: Path) -> dict[str, str]:
    return dict(os.environ, WINEPREFIX=str(prefix), WINEDEBUG="-all", WINEDLLOVERRIDES="mscoree,mshtml=",
                WINELOADER=str(paths.WINE_LOADER))


def stop_wineserver(env: dict[str, str]) -> None:
    """Ends the wineserver of the bench's own prefix (only that one), so the next Wine run starts a server with
    its own CPU affinity: a server left from an unpinned run would make a pinned run cross CPUs."""
    subprocess.run([str(paths.WINE_SERVER), "-k"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False, timeout=60)
    subprocess.run([str(paths.WINE_SERVER), "-w"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   check=False, timeout=60)


def command_for(column: str, binary: Path, mode: str, out: Path, min_time: float, filter_regex: str) -> list[str]:
    command = [str(binary), f"--benchmark_min_time={min_time:g}", f"--benchmark_out={out}",
               "--benchmark_out_format=json", f"--benchmark_filter={filter_regex}"]
    if column == "wine":
        command = [str(paths.WINE_LOADER)] + command
    if mode == "pinned":
        command = ["taskset", "-c", PINNED_CPU] + command
    return command


def run_one(column: str, binary: Path, mode: str, work: Path, min_time: float, filter_regex: str,
            wine_env: dict[str, str]) -> tuple[list[Sample], list[str]]:
    out = work / f"{column}-{mode}-{time.monotonic_ns()}.json"
    command = command_for(column, binary, mode, out, min_time, filter_regex)
    env = dict(os.environ)
    emu_root = None
    if column == "wine":
        env = wine_env
        stop_wineserver(env)
    elif column.startswith("emu"):
        # A fresh namespace root on tmpfs, as /dev/shm is by default, that no other process shares.
        emu_root = Path(tempfile.mkdtemp(prefix="winipc-bench-", dir="/dev/shm"))
        env["WINIPC_ROOT"] = str(emu_root)
    print(f"bench: {mode:8} {column:8} {binary.name}", flush=True)
    try:
        done = subprocess.run(command, env=env, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True, check=False, timeout=RUN_TIMEOUT_S)
        problem = None if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
    except subprocess.TimeoutExpired:
        problem = f"timed out after {RUN_TIMEOUT_S} s"
    finally:
        if column == "wine":
            stop_wineserver(env)
        if emu_root is not None:
            shutil.rmtree(emu_root, ignore_errors=True)
    if not out.exists():
        return [], [f"{column} {mode}: no results ({problem or 'no output file'})"]
    samples, errors = parse_results(out.read_text(), column, mode)
    if problem:
        errors.append(f"{column} {mode}: {problem}")
    return samples, errors


def main(rounds: int = 3, min_time: float = 0.2, build_root: Path = paths.BUILD_DIR, skip_build: bool = False,
         filter_regex: str = ".", report_dir: Path = paths.REPORT_DIR) -> int:
    if not skip_build and not build(build_root):
        return 1
    binaries = {column: build_root / relative for column, relative in BINARIES.items()}
    missing = [column for column, binary in binaries.items() if not binary.exists()]
    for column in missing:
        print(f"bench: {column}: {paths.relative(binaries[column])} is not built; its column stays empty")
    work = build_root / "bench-runs"
    work.mkdir(parents=True, exist_ok=True)
    wine_env = wine_environment(work / "wineprefix")
    if "wine" not in missing and not (work / "wineprefix").exists():
        print("bench: creating the Wine prefix (10-30 s)", flush=True)
        subprocess.run([str(paths.WINE_LOADER), "wineboot", "--init"], env=wine_env, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, check=False, timeout=300)
        stop_wineserver(wine_env)
    load_before = os.getloadavg()
    samples: list[Sample] = []
    errors: list[str] = []
    for round_index in range(rounds):
        print(f"bench: round {round_index + 1} of {rounds}", flush=True)
        for mode in MODES:
            for column in COLUMNS:
                if column in missing:
                    continue
                got, problems = run_one(column, binaries[column], mode, work, min_time, filter_regex, wine_env)
                samples += got
                errors += problems
    summary = summarise(samples, errors)
    machine = machine_info(load_before, os.getloadavg(), rounds, min_time)
    report_dir.mkdir(parents=True, exist_ok=True)
    markdown = render_markdown(summary, machine)
    (report_dir / "bench.md").write_text(markdown, encoding="utf-8")
    (report_dir / "bench.json").write_text(summary_json(summary, machine), encoding="utf-8")
    plotted = write_plot(summary, report_dir / "bench.png")
    print()
    print(markdown)
    print(f"bench: {paths.relative(report_dir / 'bench.md')}, bench.json"
          + (", bench.png" if plotted else " (no plot: python3-matplotlib is missing)"))
    return 0
