#!/usr/bin/env bash
# Two builds of winipc whose name tables have different formats, run against each other in one namespace (CTest
# emu.OtherTableFormatIsRefusedClearly): the one that comes second must fail its first named call with
# ERROR_REVISION_MISMATCH (1306) and say on stderr which formats and versions meet, and must not corrupt the table:
# the first then completes its exchange with a program of its own build. Each way round.
# Usage: other_format.sh MEET MEET_OTHER_FORMAT   (emu/tests/install/meet.c, built both ways)
set -euo pipefail
current=$1
other=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WINIPC_ROOT="$work/ns"
mkdir -p "$WINIPC_ROOT"

for pair in "$current $other" "$other $current"; do
  set -- $pair
  first=$1
  stranger=$2
  "$first" first > "$work/first.out" & first_pid=$!
  # Wait for the first program's table to be made (its magic written: whoever makes the table sets its format).
  table="$WINIPC_ROOT/winipc-$(id -u)/.names"
  for _ in $(seq 1 1000); do
    [ -e "$table" ] && [ "$(od -An -tx4 -N4 "$table" | tr -d ' ')" != "00000000" ] && break
    sleep 0.01
  done
  set +e
  "$stranger" second > "$work/stranger.out" 2> "$work/stranger.err"
  code=$?
  set -e
  echo "$(basename "$stranger") against $(basename "$first"): exit $code, $(cat "$work/stranger.out")"
  echo "  stderr: $(cat "$work/stranger.err")"
  grep -q "failed: error 1306" "$work/stranger.out" || { echo "FAIL: no ERROR_REVISION_MISMATCH"; exit 1; }
  grep -q "has format [0-9]* (made by winipc .*); this program's winipc .* uses format [0-9]*" "$work/stranger.err" ||
    { echo "FAIL: no line on stderr naming both formats and versions"; exit 1; }
  # The table is intact: the first program's own kind still meets it.
  "$first" second > "$work/second.out" || { cat "$work/second.out"; echo "FAIL: the table was harmed"; exit 1; }
  wait "$first_pid" || { cat "$work/first.out"; echo "FAIL: the first program"; exit 1; }
  echo "  then $(basename "$first") meets itself: $(cat "$work/first.out") / $(cat "$work/second.out")"
done
leftover=$(find "$WINIPC_ROOT" -mindepth 1 | head -5)
[ -z "$leftover" ] || { echo "FAIL: left in the namespace root: $leftover"; exit 1; }
echo "PASS: a build of another name-table format is refused with ERROR_REVISION_MISMATCH and a message, and harms nothing"
