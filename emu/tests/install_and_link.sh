#!/usr/bin/env bash
# Installs winipc into a temporary prefix and builds Windows programs against it the two documented ways:
# `cc prog $(pkg-config --cflags --libs winipc)` (C and C++) and find_package(winipc) in CMake. Then runs them.
# Usage: install_and_link.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1
src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WINIPC_ROOT="$work/ns"
mkdir -p "$WINIPC_ROOT"

cmake --install "$build" --prefix "$work/prefix" >/dev/null
export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
flags=$(pkg-config --cflags --libs winipc)
echo "pkg-config --cflags --libs winipc: $flags"

# shellcheck disable=SC2086  # the flags are meant to split
gcc -std=c11 -Wall -Werror "$src/c_program.c" -o "$work/c_program" $flags
# shellcheck disable=SC2086
g++ -Wall -Werror -DUNICODE -D_UNICODE "$src/cpp_program.cpp" -o "$work/cpp_program" $flags
out_c=$("$work/c_program")
out_cpp=$("$work/cpp_program" "héllo")
echo "$out_c"; echo "$out_cpp"
[ "$out_c" = "c ok granularity=65536" ] || { echo "FAIL: C program"; exit 1; }
[ "$out_cpp" = "cpp ok argc=2 argv1=héllo" ] || { echo "FAIL: C++ program"; exit 1; }

cmake -S "$src" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
[ "$("$work/consumer/consumer" x)" = "cpp ok argc=2 argv1=x" ] || { echo "FAIL: find_package consumer"; exit 1; }
echo "PASS: installed package builds C, C++ (UNICODE, wmain) and CMake consumers"
