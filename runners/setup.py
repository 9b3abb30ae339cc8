"""`setup`: installs the Debian packages the build, the runs and the runners' tests need, when missing."""

from __future__ import annotations

import os
import subprocess

PACKAGES: tuple[str, ...] = (
    "cmake", "ninja-build", "g++", "pkg-config", "git",
    "libgtest-dev", "libgmock-dev", "googletest",  # googletest: the sources the Windows cross build compiles
    "g++-mingw-w64-x86-64", "wine64",
    "python3-pytest",
    "libbenchmark-dev", "python3-matplotlib",  # ./winipc bench
    "clang-14", "libclang-rt-14-dev",  # the sanitized stage: ASan + UBSan build, libFuzzer (preset fuzz)
)


def installed(packages: tuple[str, ...]) -> set[str]:
    """The packages dpkg reports as installed (it names missing ones on stderr and exits 1: that is fine)."""
    result = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${Status}\n", *packages],
                            capture_output=True, text=True, check=False)
    found = set()
    for line in result.stdout.splitlines():
        name, _, status = line.partition(" ")
        if status.strip() == "install ok installed":
            found.add(name.split(":")[0])
    return found


def missing(packages: tuple[str, ...] = PACKAGES) -> list[str]:
    present = installed(packages)
    return [name for name in packages if name not in present]


def main() -> int:
    needed = missing()
    if not needed:
        print("setup: all packages present")
        return 0
    if os.geteuid() != 0:
        print(f"setup: missing packages: {' '.join(needed)}\n"
              f"  as root: apt-get update && apt-get install -y --no-install-recommends {' '.join(needed)}")
        return 2
    print(f"setup: installing {' '.join(needed)}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for command in (["apt-get", "update"],
                    ["apt-get", "install", "-y", "--no-install-recommends", *needed]):
        if subprocess.run(command, env=env, check=False).returncode != 0:
            print(f"setup: {' '.join(command)} failed")
            return 1
    still = missing()
    if still:
        print(f"setup: still missing after apt-get install: {' '.join(still)}")
        return 1
    return 0
