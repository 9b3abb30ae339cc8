"""`build`: configures and builds the CMake presets (emu: Linux against emu; windows: the mingw-w64 cross build)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from runners import paths


def run_steps(name: str, commands: list[list[str]], cwd: Path) -> bool:
    """Runs the commands that configure and build ``name`` in order; False at the first that fails."""
    for command in commands:
        print(f"build: {' '.join(command)}", flush=True)
        if subprocess.run(command, cwd=cwd, check=False).returncode != 0:
            print(f"build: {name} failed: {' '.join(command)}", flush=True)
            return False
    return True


def build_preset(preset: str, jobs: int = 2) -> bool:
    return run_steps(preset, [["cmake", "--preset", preset],
                              ["cmake", "--build", "--preset", preset, f"-j{jobs}"]], paths.REPO_ROOT)


def main(only: str | None = None) -> int:
    presets = [only] if only else list(paths.PRESETS)
    failed = [preset for preset in presets if not build_preset(preset)]
    return 1 if failed else 0
