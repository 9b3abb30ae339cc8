#!/usr/bin/env bash
# The public headers compile wherever a ported program may include them: each header on its own (C99 and
# C++11, the oldest standards ported code builds with), and windows.h with the headers programs include beside it
# in every C and C++ standard from those on, ANSI and UNICODE, with and without -fshort-wchar (a UNICODE C
# program with 32-bit wchar_t needs C11, for u"" literals). Always with
# -Wall -Wextra -pedantic -Werror: a program that builds warning-free on Windows must not get warnings from
# winipc's headers.
# Usage: check_headers.sh INCLUDE_DIR CASE_ALIAS_DIR [CC] [CXX]
set -uo pipefail
include=$(cd "$1" && pwd)
aliases=$(cd "$2" && pwd)
cc=${3:-cc}
cxx=${4:-c++}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
flags=(-Wall -Wextra -pedantic -Werror -fsyntax-only -I"$include" -I"$aliases")
failures=0
checks=0

# check WHAT COMPILER FILE FLAGS...: compiles FILE; a failure is reported with the compiler's first messages.
check() {
  local what=$1 compiler=$2 file=$3
  shift 3
  checks=$((checks + 1))
  if ! out=$("$compiler" "${flags[@]}" "$@" "$file" 2>&1); then
    failures=$((failures + 1))
    echo "FAIL: $what: $compiler $*"
    echo "$out" | grep -m 5 -E "error|warning"
  fi
}

cd "$include"
for header in *.h; do  # winipc/*.h are parts of these, not included on their own
  printf '#include <%s>\nint main(void) { return 0; }\n' "$header" >"$work/alone.c"
  cp "$work/alone.c" "$work/alone.cc"
  if ! head -n 1 "$header" | grep -q "C++ only"; then
    check "$header alone" "$cc" "$work/alone.c" -std=c99
  fi
  check "$header alone" "$cxx" "$work/alone.cc" -std=c++11
done

# What a console program includes, in the spellings it types.
cat >"$work/program.c" <<'PROGRAM'
#include <Windows.h>
#include <tchar.h>
#include <strsafe.h>
#include <process.h>
#include <conio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <time.h>
int _tmain(int argc, _TCHAR* argv[]) {
  TCHAR text[32];
  (void)argv;
  (void)argc;
  StringCchPrintf(text, 32, TEXT("%d"), argc);
  return (int)_tcslen(text) + (int)GetLastError();
}
PROGRAM
cp "$work/program.c" "$work/program.cc"
echo '#include <cstdio>' >>"$work/program.cc"
echo '#include <cstring>' >>"$work/program.cc"
for std in c99 c11 c17 gnu17; do
  for mode in "" "-DUNICODE -D_UNICODE" "-DUNICODE -D_UNICODE -fshort-wchar"; do
    # TEXT("...") is u"..." in a UNICODE build with 32-bit wchar_t: C11 (with -fshort-wchar it is L"...").
    [ "$std" = c99 ] && [ "$mode" = "-DUNICODE -D_UNICODE" ] && continue
    # shellcheck disable=SC2086  # mode is meant to split
    check "a C program" "$cc" "$work/program.c" -std=$std $mode
  done
done
for std in c++11 c++14 c++17 c++20 gnu++17; do
  for mode in "" "-DUNICODE -D_UNICODE" "-DUNICODE -D_UNICODE -fshort-wchar" "-DWIN32_LEAN_AND_MEAN -DNOMINMAX"; do
    # shellcheck disable=SC2086
    check "a C++ program" "$cxx" "$work/program.cc" -std=$std $mode
  done
done

echo "$((checks - failures)) of $checks header checks compile cleanly"
[ "$failures" -eq 0 ]
