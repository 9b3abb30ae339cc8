#!/usr/bin/env bash
# Runs the record programs: two writers append to a record file one after the other (the second finds the first's
# records in the file), two more append at the same time (the named mutex keeps their records whole), then the
# reader prints them all. Checks the reader's output, and that nothing is left in the namespace afterwards.
# Usage: run_records_demo.sh WRITER READER
set -euo pipefail
writer=$1
reader=$2

WINIPC_ROOT=$(mktemp -d)
export WINIPC_ROOT
trap 'rm -rf "$WINIPC_ROOT"' EXIT
records=$WINIPC_ROOT/records.dat

"$writer" "$records" 3 first
"$writer" "$records" 2 second
"$writer" "$records" 20 left & left=$!
"$writer" "$records" 20 right & right=$!
wait "$left"
wait "$right"

out=$("$reader" "$records")
echo "reader printed:"
echo "$out"
fail() { echo "FAIL: $1"; exit 1; }
[ "$(head -n1 <<<"$out")" = "45 records" ] || fail "expected 45 records"
grep -qx '#1: first 1' <<<"$out" || fail "first record missing"
grep -qx '#5: second 2' <<<"$out" || fail "second writer's last record missing"
[ "$(grep -c ': left ' <<<"$out")" -eq 20 ] || fail "left writer's records"
[ "$(grep -c ': right ' <<<"$out")" -eq 20 ] || fail "right writer's records"
# Record ids are 1..45 in order: no append was lost or doubled.
[ "$(grep -o '^#[0-9]*' <<<"$out" | tr -d '#' | tr '\n' ' ')" = "$(seq -s ' ' 1 45) " ] || fail "record ids"
# The file holds exactly the mapping's size (8 + 64 * 64 bytes).
[ "$(stat -c %s "$records")" -eq 4104 ] || fail "file size $(stat -c %s "$records")"

leftovers=$(find "$WINIPC_ROOT" -path "$WINIPC_ROOT/winipc-*" -type f ! -name .lock)
[ -z "$leftovers" ] || fail "left behind: $leftovers"
echo "PASS: 45 records written by four processes, read back by a fifth; nothing left behind"
