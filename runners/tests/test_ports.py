"""The ports stage's comparison: what counts as the same output, and what it reports when it is not."""

from runners.ports import KnownDifference, Output, PortResult, first_difference, load_differences


def test_line_ends_do_not_matter() -> None:
    assert first_difference("a\nb\n", "a\r\nb\r\n") == ""


def test_first_differing_line_is_named() -> None:
    assert first_difference("a\nb\nc\n", "a\nB\nc\n") == "line 2 differs: emu 'b', wine 'B'"


def test_missing_lines_are_counted() -> None:
    assert first_difference("a\nb\n", "a\n") == "emu printed 2 lines, wine 1"


def test_exit_codes_and_missing_builds_are_problems() -> None:
    assert PortResult("p", Output(0, "x"), Output(0, "x")).problems() == []
    assert PortResult("p", Output(1, "x"), Output(0, "x")).problems() == ["emu: exit code 1"]
    assert PortResult("p", None, Output(0, "x")).problems() == ["emu: not built"]
    assert "did not finish" in PortResult("p", Output(None, ""), Output(0, "")).problems()[0]


def test_declared_wine_difference_is_accepted_for_matching_ports_only() -> None:
    known = [KnownDifference("port_a_*", "Windows text", "Wine text", "why")]
    assert PortResult("port_a_ansi", Output(0, "x\nWindows text\n"), Output(0, "x\nWine text\n")).problems(known) == []
    assert PortResult("port_b_ansi", Output(0, "Windows text\n"), Output(0, "Wine text\n")).problems(known) != []
    assert PortResult("port_a_ansi", Output(0, "other\n"), Output(0, "Wine text\n")).problems(known) != []


def test_the_committed_differences_file_parses() -> None:
    assert all(k.reason for k in load_differences())
