"""Where things are: the repository root, the build trees, results and report directories, and the same for any
project the runners work on (``Project``: this repository's conformance suite, or a porting team's own tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
BUILD_DIR = REPO_ROOT / "build"
RESULTS_DIR = BUILD_DIR / "results"
REPORT_DIR = BUILD_DIR / "report"
EXPECTATIONS_DIR = REPO_ROOT / "conformance" / "expectations"
RUNNER_TESTS_DIR = REPO_ROOT / "runners" / "tests"

# The 64-bit Wine loader; Debian keeps it outside PATH (/usr/bin/wine looks for wine32 first).
WINE_LOADER = Path("/usr/lib/wine/wine64")
WINE_SERVER = Path("/usr/lib/wine/wineserver")

# Report columns, in this order: the oracle first, then Wine (Windows as Wine sees it), then emu.
IMPLEMENTATIONS: tuple[str, ...] = ("windows", "wine", "emu")
DISPLAY_NAMES: dict[str, str] = {"windows": "Windows", "wine": "Wine", "emu": "emu"}

# CMake presets (CMakePresets.json): the build tree each one configures.
PRESETS: tuple[str, ...] = ("emu", "windows")


@dataclass(frozen=True)
class Suite:
    """One runnable build of the conformance suite."""

    implementation: str  # the name the results are expected under: "emu" or "wine"
    preset: str  # the CMake preset that builds it
    binary: Path


SUITES: dict[str, Suite] = {
    "emu": Suite("emu", "emu", BUILD_DIR / "emu" / "conformance" / "winipc_conformance"),
    "wine": Suite("wine", "windows", BUILD_DIR / "windows" / "conformance" / "winipc_conformance.exe"),
}


@dataclass(frozen=True)
class Project:
    """A test project the runners build, run, compare and report: winipc's conformance suite (``REPO``), or a
    porting team's project that links winipc::testkit (runners/team.py, ``winipc-run``). Build trees, results and
    the report all live under ``out``."""

    root: Path
    out: Path
    expectations_dir: Path  # <implementation>.txt files; an absent directory means every test must pass
    title: str  # names the report: "winipc conformance"
    command: str  # how the user runs the runners, for the hints in messages: "./winipc", "winipc-run"
    spec_dir: Path | None = None  # docs/spec, which the report links behaviour IDs to; None: no links
    kit_dir: Path | None = None  # the test kit's CMake package directory, for a team project's builds

    @property
    def results_dir(self) -> Path:
        return self.out / "results"

    @property
    def report_dir(self) -> Path:
        return self.out / "report"

    def build_dir(self, name: str) -> Path:
        """The build tree of a preset or platform: <out>/emu, <out>/windows."""
        return self.out / name

    def relative(self, path: Path) -> str:
        """A path as the user would type it from the project's root, when it lies inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


REPO = Project(root=REPO_ROOT, out=BUILD_DIR, expectations_dir=EXPECTATIONS_DIR, title="winipc conformance",
               command="./winipc", spec_dir=REPO_ROOT / "docs" / "spec")


def build_dir(preset: str) -> Path:
    """The binary directory of a preset (CMakePresets.json: ${sourceDir}/build/<preset>)."""
    return BUILD_DIR / preset


def results_xml(implementation: str, results_dir: Path = RESULTS_DIR) -> Path:
    return results_dir / f"{implementation}.xml"


def display_name(implementation: str) -> str:
    return DISPLAY_NAMES.get(implementation, implementation)


def relative(path: Path) -> str:
    """A path as the user would type it from the repository root, when it lies inside it."""
    return REPO.relative(path)
