"""The ported-style programs (examples/ports): each is built unchanged for emu (build/emu) and with mingw-w64
(build/windows), in an ANSI and a UNICODE variant. This stage runs every variant on both, the Windows build
under Wine in one fresh prefix, and compares: both must exit 0 and print the same lines (line ends aside: the
Windows C runtime writes CRLF to a file). The programs start their own child processes, so this is also a
multi-process check of emu against Windows' behaviour as the programs observe it."""

from __future__ import annotations

import fnmatch
import os
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from runners import execute, paths

PORTS_DIR = Path("examples") / "ports"
WINE_DIFFERENCES = paths.REPO_ROOT / PORTS_DIR / "wine_differences.txt"
PREFIX = "port_"
PORT_TIMEOUT_S = 120.0


@dataclass
class Output:
    code: int | None  # None: did not finish within the timeout
    text: str


@dataclass(frozen=True)
class KnownDifference:
    """A line Wine prints differently from Windows, as declared in examples/ports/wine_differences.txt."""
    pattern: str
    emu: str
    wine: str
    reason: str


def load_differences(path: Path = WINE_DIFFERENCES) -> list[KnownDifference]:
    found = []
    if not path.exists():
        return found
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = [field.strip() for field in line.split(" | ")]
        if len(fields) != 4 or not all(fields):
            raise ValueError(f"{path}:{number}: expected 'port pattern | emu line | wine line | reason'")
        found.append(KnownDifference(*fields))
    return found


@dataclass
class PortResult:
    name: str  # e.g. port_job_queue_unicode
    emu: Output | None
    wine: Output | None

    def problems(self, known: list[KnownDifference] = ()) -> list[str]:
        found = []
        for side, out in (("emu", self.emu), ("wine", self.wine)):
            if out is None:
                found.append(f"{side}: not built")
            elif out.code is None:
                found.append(f"{side}: did not finish in {PORT_TIMEOUT_S:g} s")
            elif out.code != 0:
                found.append(f"{side}: exit code {out.code}")
        if self.emu is not None and self.wine is not None and not found:
            accepted = [(k.emu, k.wine) for k in known if fnmatch.fnmatchcase(self.name, k.pattern)]
            diff = first_difference(self.emu.text, self.wine.text, accepted)
            if diff:
                found.append(diff)
        return found


def normalise(text: str) -> list[str]:
    """The lines a program printed, without line-end differences."""
    return text.replace("\r\n", "\n").rstrip("\n").split("\n")


def first_difference(emu: str, wine: str, accepted: list[tuple[str, str]] = ()) -> str:
    """'' when the outputs agree (a pair of lines in `accepted` counts as agreeing), else where they first differ."""
    a, b = normalise(emu), normalise(wine)
    for number, (x, y) in enumerate(zip(a, b), start=1):
        if x != y and (x, y) not in accepted:
            return f"line {number} differs: emu {x!r}, wine {y!r}"
    if len(a) != len(b):
        return f"emu printed {len(a)} lines, wine {len(b)}"
    return ""


def discover(build_dir: Path = paths.BUILD_DIR) -> list[str]:
    """Every port variant either build produced."""
    names = set()
    for preset, suffix in (("emu", ""), ("windows", ".exe")):
        folder = build_dir / preset / PORTS_DIR
        if folder.is_dir():
            for path in folder.iterdir():
                if path.name.startswith(PREFIX) and path.name.endswith(suffix) and path.is_file() and \
                        (suffix or os.access(path, os.X_OK)):
                    names.add(path.name[: len(path.name) - len(suffix)] if suffix else path.name)
    return sorted(names)


def _run(command: list[str], env: dict[str, str], cwd: Path) -> Output:
    try:
        done = subprocess.run(command, env=env, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              timeout=PORT_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired as expired:
        return Output(None, (expired.stdout or b"").decode("utf-8", "replace"))
    return Output(done.returncode, done.stdout.decode("utf-8", "replace"))


def run_ports(build_dir: Path = paths.BUILD_DIR) -> list[PortResult]:
    names = discover(build_dir)
    results = {name: PortResult(name, None, None) for name in names}
    with tempfile.TemporaryDirectory(prefix="winipc-ports-") as temp:
        work = Path(temp)
        for name in names:
            binary = build_dir / "emu" / PORTS_DIR / name
            if binary.exists():
                root = work / f"root-{name}"
                root.mkdir()
                results[name].emu = _run([str(binary)], dict(os.environ, WINIPC_ROOT=str(root)), work)
        windows = [n for n in names if (build_dir / "windows" / PORTS_DIR / f"{n}.exe").exists()]
        if windows:
            with execute.fresh_prefix(work / "prefix", work) as env:
                for name in windows:
                    exe = build_dir / "windows" / PORTS_DIR / f"{name}.exe"
                    results[name].wine = _run([str(paths.WINE_LOADER), str(exe)], env, work)
    return [results[name] for name in names]


def main(build_dir: Path = paths.BUILD_DIR) -> int:
    known = load_differences()
    results = run_ports(build_dir)
    if not results:
        print("ports: no port was built", flush=True)
        return 1
    failed = 0
    for result in results:
        problems = result.problems(known)
        failed += bool(problems)
        print(f"  {'ok    ' if not problems else 'FAILED'}  {result.name}" +
              (": " + "; ".join(problems) if problems else ""), flush=True)
    print(f"ports: {len(results) - failed} of {len(results)} print the same on emu and under Wine", flush=True)
    return 1 if failed else 0
