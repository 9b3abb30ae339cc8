#!/usr/bin/env bash
# Installs winipc into a temporary prefix and builds Windows programs against it the documented ways:
# `cc prog $(pkg-config --cflags --libs winipc)` (the shared library, C and C++), `pkg-config winipc-static` (the
# archive), and find_package(winipc) in CMake (winipc::winipc and winipc::winipc_static). Runs them, checks which
# library each uses, and has a program linked against the shared library and one linked statically meet in one
# namespace (a named section and event), each way round.
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
static_flags=$(pkg-config --cflags --libs winipc-static)
echo "pkg-config --cflags --libs winipc: $flags"
echo "pkg-config --cflags --libs winipc-static: $static_flags"
# The installed shared library is found through the loader's path here (a package puts it in a system directory).
export LD_LIBRARY_PATH="$work/prefix/lib"

# shellcheck disable=SC2086  # the flags are meant to split
gcc -std=c11 -Wall -Werror "$src/c_program.c" -o "$work/c_program" $flags
# shellcheck disable=SC2086
g++ -Wall -Werror -DUNICODE -D_UNICODE "$src/cpp_program.cpp" -o "$work/cpp_program" $flags
# shellcheck disable=SC2086
gcc -std=c11 -Wall -Werror "$src/c_program.c" -o "$work/c_program_static" $static_flags
out_c=$("$work/c_program")
out_cpp=$("$work/cpp_program" "héllo")
out_static=$("$work/c_program_static")
echo "$out_c"; echo "$out_cpp"; echo "$out_static"
[ "$out_c" = "c ok granularity=65536" ] || { echo "FAIL: C program"; exit 1; }
[ "$out_cpp" = "cpp ok argc=2 argv1=héllo" ] || { echo "FAIL: C++ program"; exit 1; }
[ "$out_static" = "c ok granularity=65536" ] || { echo "FAIL: C program, static"; exit 1; }

needs_shared() { readelf -d "$1" | grep -q 'NEEDED.*\[libwinipc\.so\.'; }
needs_shared "$work/c_program" || { echo "FAIL: pkg-config winipc did not link libwinipc.so"; exit 1; }
needs_shared "$work/cpp_program" || { echo "FAIL: pkg-config winipc did not link libwinipc.so (C++)"; exit 1; }
if needs_shared "$work/c_program_static"; then echo "FAIL: pkg-config winipc-static linked libwinipc.so"; exit 1; fi

cmake -S "$src" -B "$work/consumer" -G Ninja -DCMAKE_PREFIX_PATH="$work/prefix" >/dev/null
cmake --build "$work/consumer" >/dev/null
[ "$("$work/consumer/consumer" x)" = "cpp ok argc=2 argv1=x" ] || { echo "FAIL: find_package consumer"; exit 1; }
[ "$("$work/consumer/consumer_static" x)" = "cpp ok argc=2 argv1=x" ] || { echo "FAIL: static consumer"; exit 1; }
needs_shared "$work/consumer/consumer" || { echo "FAIL: winipc::winipc is not the shared library"; exit 1; }
if needs_shared "$work/consumer/consumer_static"; then echo "FAIL: winipc::winipc_static links libwinipc.so"; exit 1; fi

# shellcheck disable=SC2086
gcc -std=c11 -Wall -Werror "$src/meet.c" -o "$work/meet_shared" $flags
# shellcheck disable=SC2086
gcc -std=c11 -Wall -Werror "$src/meet.c" -o "$work/meet_static" $static_flags
for pair in "shared static" "static shared"; do
  set -- $pair
  "$work/meet_$1" first > "$work/first.out" & first=$!
  "$work/meet_$2" second > "$work/second.out" || { cat "$work/second.out"; echo "FAIL: meet, $2 second"; exit 1; }
  wait "$first" || { cat "$work/first.out"; echo "FAIL: meet, $1 first"; exit 1; }
  echo "meet ($1 first, $2 second): $(cat "$work/first.out") / $(cat "$work/second.out")"
done
leftover=$(find "$WINIPC_ROOT" -mindepth 1 | head -5)
[ -z "$leftover" ] || { echo "FAIL: left in the namespace root: $leftover"; exit 1; }
echo "PASS: installed package builds C, C++ (UNICODE, wmain) and CMake consumers, shared and static; programs of each meet"
