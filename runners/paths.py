"""Where things are: the repository root, the build trees, results and report directories."""

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


def build_dir(preset: str) -> Path:
    """The binary directory of a preset (CMakePresets.json: ${sourceDir}/build/<preset>)."""
    return BUILD_DIR / preset


def results_xml(implementation: str, results_dir: Path = RESULTS_DIR) -> Path:
    return results_dir / f"{implementation}.xml"


def display_name(implementation: str) -> str:
    return DISPLAY_NAMES.get(implementation, implementation)


def relative(path: Path) -> str:
    """A path as the user would type it from the repository root, when it lies inside it."""
    try:
        return str(path.resolve().relative_to(REPO_ROOT))
    except ValueError:
        return str(path)
