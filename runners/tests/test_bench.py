"""The bench runner's pure parts: Google Benchmark JSON, statistics over rounds, ratios, targets, the table."""

from __future__ import annotations

import json

from runners import bench
from runners.__main__ import parse_args


def gbench_json(*entries: dict) -> str:
    return json.dumps({"context": {"date": "x"}, "benchmarks": list(entries)})


def entry(name: str, real_time: float, unit: str = "ns", **extra) -> dict:
    return {"name": name, "run_name": name, "run_type": "iteration", "repetitions": 1, "repetition_index": 0,
            "iterations": 10, "real_time": real_time, "cpu_time": real_time, "time_unit": unit, **extra}


def test_scenario_strips_real_time_but_keeps_arguments():
    assert bench.scenario_of("OpenWithLiveNames/10000/real_time") == "OpenWithLiveNames/10000"
    assert bench.scenario_of("MutexUncontended/real_time") == "MutexUncontended"
    assert bench.scenario_of("X/min_time:0.100/real_time") == "X"


def test_parse_converts_units_and_skips_aggregates():
    text = gbench_json(entry("A/real_time", 2.5, "us"), entry("B/real_time", 7.0),
                       {**entry("A/real_time", 1.0), "run_type": "aggregate", "aggregate_name": "mean"},
                       entry("ViewCopy64MiB/real_time", 1.0, "ms", bytes_per_second=3.0e9))
    samples, errors = bench.parse_results(text, "emu", "pinned")
    assert errors == []
    assert [(s.scenario, s.nanoseconds) for s in samples] == [("A", 2500.0), ("B", 7.0), ("ViewCopy64MiB", 1e6)]
    assert samples[2].bytes_per_second == 3.0e9
    assert {(s.column, s.mode) for s in samples} == {("emu", "pinned")}


def test_parse_reports_errors_instead_of_samples():
    text = gbench_json({**entry("EventPingPong/real_time", 0), "error_occurred": True,
                        "error_message": "a round trip timed out"})
    samples, errors = bench.parse_results(text, "wine", "unpinned")
    assert samples == []
    assert errors == ["wine unpinned EventPingPong: a round trip timed out"]


def samples_of(column: str, scenario: str, *values: float, mode: str = "pinned") -> list[bench.Sample]:
    return [bench.Sample(column, mode, scenario, value) for value in values]


def test_summary_is_median_min_max_over_rounds():
    summary = bench.summarise(samples_of("raw", "S", 3.0, 1.0, 10.0, 2.0))
    stat = summary.get("pinned", "S", "raw")
    assert (stat.median, stat.low, stat.high, stat.count) == (2.5, 1.0, 10.0, 4)
    assert summary.get("unpinned", "S", "raw") is None


def test_ratios_pair_the_right_columns():
    summary = bench.summarise(samples_of("raw", "S", 100) + samples_of("emu", "S", 150) +
                              samples_of("emu-mini", "S", 200) + samples_of("wine", "S", 2000))
    assert bench.emu_over_raw(summary, "pinned", "S") == 1.5
    assert bench.wine_over_emu(summary, "pinned", "S") == 10.0  # against emu-mini: the same harness
    assert bench.emu_over_raw(summary, "unpinned", "S") is None


def test_targets_are_judged_in_the_stated_direction():
    samples = (samples_of("raw", "EventPingPong", 1000) + samples_of("emu", "EventPingPong", 1100) +
               samples_of("raw", "MutexUncontended", 20) + samples_of("emu", "MutexUncontended", 60) +
               samples_of("emu-mini", "EventCreateClose", 10) + samples_of("wine", "EventCreateClose", 40))
    found = {(t.name, t.mode): t for t in bench.targets(bench.summarise(samples))}
    assert found[("ping-pong (events) emu/raw", "pinned")].met is True
    assert found[("uncontended mutex emu/raw", "pinned")].met is False
    assert found[("EventCreateClose Wine/emu", "pinned")].met is False  # 4x, needs >= 5x
    assert found[("ping-pong (events) emu/raw", "unpinned")].met is None


def test_markdown_heads_with_the_machine_and_marks_misses():
    summary = bench.summarise(samples_of("raw", "MutexUncontended", 20) + samples_of("emu", "MutexUncontended", 60))
    text = bench.render_markdown(summary, [("kernel", "Linux 6.1.0"), ("Wine", "wine-8.0")])
    lines = text.splitlines()
    assert lines[2] == "- **kernel**: Linux 6.1.0"
    assert "| MutexUncontended | 20 ns (20 ns–20 ns) | 60 ns (60 ns–60 ns) | — | — | 3.00× | — |" in lines
    assert "| uncontended mutex emu/raw | 7, 15 | pinned | 3.00× | ≤ 2× | **missed** |" in lines


def test_time_formatting_picks_the_unit():
    assert bench.format_time(38.7) == "38.7 ns"
    assert bench.format_time(4744) == "4.74 µs"
    assert bench.format_time(20193386) == "20.2 ms"


def test_pinned_commands_use_taskset_and_wine_uses_the_loader(tmp_path):
    command = bench.command_for("wine", tmp_path / "b.exe", "pinned", tmp_path / "o.json", 0.2, ".")
    assert command[:3] == ["taskset", "-c", bench.PINNED_CPU]
    assert command[3] == str(bench.paths.WINE_LOADER)
    assert "--benchmark_min_time=0.2" in command
    assert bench.command_for("raw", tmp_path / "r", "unpinned", tmp_path / "o.json", 0.2, ".")[0] == str(tmp_path / "r")


def test_bench_command_line():
    args = parse_args(["bench", "--rounds", "5", "--min-time", "0.5", "--skip-build"])
    assert (args.command, args.rounds, args.min_time, args.skip_build) == ("bench", 5, 0.5, True)


def test_concurrency_cost_divides_by_the_cpu_share():
    samples = (samples_of("emu", "OpenCloseConcurrent/1", 1000) + samples_of("emu", "OpenCloseConcurrent/8", 8000) +
               samples_of("emu", "OpenCloseConcurrent/1", 1000, mode="unpinned") +
               samples_of("emu", "OpenCloseConcurrent/8", 12000, mode="unpinned"))
    summary = bench.summarise(samples)
    # Pinned: 8 processes share one CPU, so 8 µs per operation in one of them is 1 µs of the CPU each.
    assert bench.concurrency_cost(summary, "pinned", 8) == 1000.0
    # Unpinned on 2 CPUs: each of 8 processes has a quarter of a CPU.
    assert bench.concurrency_cost(summary, "unpinned", 8, cpus=2) == 3000.0
    found = {(t.name, t.mode): t for t in bench.targets(summary, cpus=2)}
    name = "no collapse: open+close with 8 processes / with 1, per CPU share (emu)"
    assert found[(name, "pinned")].value == 1.0 and found[(name, "pinned")].met is True
    assert found[(name, "unpinned")].value == 3.0 and found[(name, "unpinned")].met is False


def test_issue15_create_close_targets_are_a_time_and_two_speed_ups():
    samples = (samples_of("raw", "MutexCreateClose", 3000) + samples_of("emu", "MutexCreateClose", 900) +
               samples_of("emu-mini", "MutexCreateClose", 950) + samples_of("wine", "MutexCreateClose", 7000))
    found = {(t.name, t.mode): t for t in bench.targets(bench.summarise(samples))}
    time = found[("MutexCreateClose emu time", "pinned")]
    assert (time.value, time.absolute, time.issue, time.met) == (900.0, True, "15", True)
    faster = found[("MutexCreateClose raw/emu (emu 3x faster than a /dev/shm create+unlink)", "pinned")]
    assert faster.value == 3000 / 900 and faster.met is True
    assert found[("MutexCreateClose Wine/emu", "pinned")].met is False  # 7.4x, needs >= 8x
    assert found[("SemaphoreCreateClose emu time", "pinned")].met is None


def test_issue15_sets_its_own_limits_beside_issue7s():
    samples = (samples_of("raw", "EventOpenHeldElsewhere", 1000) + samples_of("emu", "EventOpenHeldElsewhere", 1050) +
               samples_of("emu", "OpenWithLiveNames/10", 1000) + samples_of("emu", "OpenWithLiveNames/10000", 1150) +
               samples_of("emu", "OpenCloseConcurrent/1", 1000, mode="unpinned") +
               samples_of("emu", "OpenCloseConcurrent/8", 6000, mode="unpinned"))
    found = {(t.name, t.mode, t.issue): t for t in bench.targets(bench.summarise(samples), cpus=2)}
    assert found[("EventOpenHeldElsewhere emu/raw", "pinned", "15")].met is False  # 1.05x, needs <= 1.0x
    live = "open with 10,000 / with 10 live names (emu)"
    assert found[(live, "pinned", "7")].met is True  # 1.15x against issue 7's 1.2x
    assert found[(live, "pinned", "15")].met is False  # and issue 15's 1.1x
    growth = found[("open+close with 8 processes / with 1, per CPU share (emu)", "unpinned", "15")]
    assert growth.value == 1.5 and growth.met is False  # 6 us x 2/8 against 1 us, needs <= 1.3x
    assert ("open+close with 8 processes / with 1, per CPU share (emu)", "pinned", "15") not in found


def test_markdown_shows_an_absolute_target_as_a_time():
    summary = bench.summarise(samples_of("emu", "EventCreateClose", 9580))
    lines = bench.render_markdown(summary, []).splitlines()
    assert "| EventCreateClose emu time | 15 | pinned | 9.58 µs | ≤ 1 µs | **missed** |" in lines
    assert "| SemaphoreCreateClose emu time | 15 | pinned | — | ≤ 1 µs | not measured |" in lines
