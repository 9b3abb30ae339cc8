#!/usr/bin/env bash
# Installs winipc (library, headers, test kit, winipc-run) into a temporary prefix, as the packages lay it out,
# and builds and runs examples/testkit, an outside project, from there alone: with pkg-config winipc-testkit,
# and with winipc-run (CMake's find_package(winipc-testkit)), which also compares and reports. With
# WINIPC_TESTKIT_WINDOWS=1 winipc-run builds the Windows side too (mingw-w64) and runs it under Wine.
# Usage: example_from_install.sh BUILD_DIR EXAMPLE_DIR
set -euo pipefail
build=$1
example=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WINIPC_ROOT="$work/ns"
mkdir -p "$WINIPC_ROOT"

cmake --install "$build" --prefix "$work/prefix" >/dev/null
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
export LD_LIBRARY_PATH="$work/prefix/lib"  # a package puts libwinipc.so.0 in a system directory

# pkg-config: the harness's main runs the tests and the children; the program links libwinipc.so.
flags=$(pkg-config --cflags --libs winipc-testkit)
echo "pkg-config --cflags --libs winipc-testkit: $flags"
# shellcheck disable=SC2086  # the flags are meant to split
g++ -std=c++17 -Wall -Wextra -Werror -I"$example" "$example/shared_counter_test.cc" -o "$work/by_pkg_config" $flags
readelf -d "$work/by_pkg_config" | grep -q 'NEEDED.*\[libwinipc\.so\.' ||
  { echo "FAIL: pkg-config winipc-testkit did not link libwinipc.so"; exit 1; }
"$work/by_pkg_config" --gtest_brief=1 > "$work/by_pkg_config.out" ||
  { cat "$work/by_pkg_config.out"; echo "FAIL: the example built with pkg-config"; exit 1; }
head -1 "$work/by_pkg_config.out" | grep -q '^implementation: emu ' ||
  { echo "FAIL: the first line does not name the implementation"; exit 1; }
grep -q '\[  PASSED  \] 4 tests' "$work/by_pkg_config.out" ||
  { cat "$work/by_pkg_config.out"; echo "FAIL: expected 4 tests to pass"; exit 1; }
echo "pkg-config build: 4 tests passed"

# winipc-run, from the prefix: it finds its kit beside itself.
only=(--only emu)
columns="emu"
if [ "${WINIPC_TESTKIT_WINDOWS:-0}" = 1 ]; then only=(); columns="wine emu"; fi
cp -r "$example" "$work/project"
status=0
"$work/prefix/bin/winipc-run" --project "$work/project" --out "$work/out" "${only[@]}" > "$work/run.out" 2>&1 ||
  status=$?
cat "$work/run.out"
[ "$status" = 0 ] || { echo "FAIL: winipc-run exited $status"; exit 1; }
for file in index.html summary.md combined-junit.xml; do
  [ -s "$work/out/report/$file" ] || { echo "FAIL: winipc-run wrote no report/$file"; exit 1; }
done
for column in $columns; do
  for id in SC-COUNT-001 SC-OPEN-001 SC-OPEN-002 SC-LOCK-001; do
    grep -q "$id" "$work/out/results/$column.xml" || { echo "FAIL: $column results lack $id"; exit 1; }
  done
done
leftover=$(find "$WINIPC_ROOT" -mindepth 1 -maxdepth 1 | head -5)
[ -z "$leftover" ] || { echo "FAIL: left in the namespace root: $leftover"; exit 1; }
echo "PASS: examples/testkit built from the installed kit (pkg-config and winipc-run: $columns) and passed"
