#!/bin/sh
# Runs the timer APC example and checks that each of the five alertable sleeps ran the routine once, in order.
set -eu
out=$("$1")
echo "$out"
expected="tick: call 1 in round 1
tick: call 2 in round 2
tick: call 3 in round 3
tick: call 4 in round 4
tick: call 5 in round 5
5 calls"
[ "$out" = "$expected" ] || { echo "unexpected output" >&2; exit 1; }
