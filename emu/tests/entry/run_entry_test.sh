#!/bin/sh
# Runs one entry-point test program (emu/tests/entry) and compares what it prints and returns with what Windows
# gives: arguments as UTF-16 in UNICODE builds (é € 😀 = 00e9 20ac d83d de00), UTF-8 bytes in ANSI builds.
# usage: run_entry_test.sh <program> <kind: tmain-unicode | tmain-ansi | wmain0 | wmain3>
set -u
program=$1
kind=$2
text=$(printf '\303\251\342\202\254\360\237\230\200')  # é € 😀
fail() { echo "FAIL ($kind): $*"; exit 1; }
case $kind in
  tmain-unicode|tmain-ansi)
    out=$("$program" "$text" 41) || fail "exit status $?"
    if [ "$kind" = tmain-unicode ]; then units=" 00e9 20ac d83d de00"; else units=" 00c3 00a9 00e2 0082 00ac 00f0 009f 0098 0080"; fi
    expected=$(printf 'argc=3\nunits:%s\ntext=%s\n41+1=42\ndone' "$units" "$text")
    [ "$out" = "$expected" ] || fail "got:
$out
expected:
$expected"
    ;;
  wmain0)
    "$program"
    status=$?
    [ $status -eq 7 ] || fail "exit status $status, expected 7"
    ;;
  wmain3)
    out=$(WINIPC_ENTRY_TEST=1 "$program" "$text") || fail "exit status $?"
    [ "$out" = "argc=2 env=1 units: 00e9 20ac d83d de00" ] || fail "got: $out"
    ;;
  *) fail "unknown kind" ;;
esac
echo "ok ($kind)"
