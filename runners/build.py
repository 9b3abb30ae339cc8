"""`build`: configures and builds the CMake presets (emu: Linux against emu; windows: the mingw-w64 cross build)."""

from __future__ import annotations

import subprocess

from runners import paths


def build_preset(preset: str, jobs: int = 2) -> bool:
    for command in (["cmake", "--preset", preset],
                    ["cmake", "--build", "--preset", preset, f"-j{jobs}"]):
        print(f"build: {' '.join(command)}", flush=True)
        if subprocess.run(command, cwd=paths.REPO_ROOT, check=False).returncode != 0:
            print(f"build: {preset} failed: {' '.join(command)}", flush=True)
            return False
    return True


def main(only: str | None = None) -> int:
    presets = [only] if only else list(paths.PRESETS)
    failed = [preset for preset in presets if not build_preset(preset)]
    return 1 if failed else 0
