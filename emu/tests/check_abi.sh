#!/usr/bin/env bash
# The ABI check (CTest emu.AbiMatchesTheSymbolsList): libwinipc.so must export exactly the symbols of
# emu/abi/winipc.symbols, versioned WINIPC_<major>, with SONAME libwinipc.so.<major>; and the C functions defined
# in emu's code (the static archive) must be that list too, so that a new or removed C function cannot reach the
# shared library, or be left out of it, without the list changing with it.
# Usage: check_abi.sh LIBWINIPC_A LIBWINIPC_SO SYMBOLS_FILE MAJOR [--update]
set -euo pipefail
archive=$1
shared=$2
list=$3
major=$4
update=${5:-}

# C-linkage functions and data defined in the archive (C++ names start with _Z).
defined=$(nm -g --defined-only "$archive" 2>/dev/null | awk 'NF == 3 && $2 ~ /^[TWDBR]$/ { print $3 }' |
  grep -v '^_Z' | LC_ALL=C sort -u)
listed=$(grep -E '^[A-Za-z_][A-Za-z0-9_]*$' "$list" | LC_ALL=C sort -u)

if [ "$update" = "--update" ]; then
  { grep '^#' "$list"; echo "$defined"; } > "$list.new" && mv "$list.new" "$list"
  echo "check_abi: wrote $(echo "$defined" | wc -l) symbols to $list"
  exit 0
fi

status=0
if [ "$defined" != "$listed" ]; then
  echo "FAIL: emu's C functions differ from $list:"
  diff <(echo "$listed") <(echo "$defined") | grep '^[<>]' |
    sed 's/^</  only in the list (removed from the code?):/; s/^>/  only in the code (a new export?):/' || true
  echo "  If the change is deliberate, run: $0 $archive $shared $list $major --update"
  status=1
fi

# What the shared library exports: defined dynamic symbols, with their version.
exported=$(nm -D --defined-only --with-symbol-versions "$shared" | awk '{ print $3 }' | LC_ALL=C sort -u)
unversioned=$(echo "$exported" | grep -v "@@WINIPC_${major}\$" | grep -v "^WINIPC_${major}\$" || true)
if [ -n "$unversioned" ]; then
  echo "FAIL: exported without the version WINIPC_${major}:"
  echo "$unversioned" | sed 's/^/  /'
  status=1
fi
names=$(echo "$exported" | grep "@@WINIPC_${major}\$" | sed 's/@@.*//' | LC_ALL=C sort -u)
if [ "$names" != "$listed" ]; then
  echo "FAIL: $shared exports something else than $list:"
  diff <(echo "$listed") <(echo "$names") | grep '^[<>]' | sed 's/^</  not exported:/; s/^>/  exported, not listed:/' ||
    true
  status=1
fi
if echo "$names" | grep -q '^_Z'; then
  echo "FAIL: C++ symbols are exported"
  status=1
fi

soname=$(readelf -d "$shared" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')
if [ "$soname" != "libwinipc.so.${major}" ]; then
  echo "FAIL: SONAME is '$soname', not libwinipc.so.${major}"
  status=1
fi

[ $status -eq 0 ] && echo "PASS: libwinipc.so ($soname) exports the $(echo "$listed" | wc -l) symbols of the list, versioned WINIPC_${major}, and nothing else"
exit $status
