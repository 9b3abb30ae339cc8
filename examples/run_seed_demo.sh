#!/usr/bin/env bash
# Runs the seed's two programs as the documentation describes: the first creates "Global\MyFileMappingObject"
# and writes a message, then waits for a key; the second, another process, opens the name and shows the
# message. Checks that the second printed "Message from first process.", that both exit 0, and that nothing
# is left in the namespace afterwards. Usage: run_seed_demo.sh FIRST SECOND
set -euo pipefail
first=$1
second=$2

# A private namespace root, so that parallel runs never meet and leftovers are easy to see.
WINIPC_ROOT=$(mktemp -d)
export WINIPC_ROOT
fifo=$WINIPC_ROOT/keyboard
mkfifo "$fifo"
first_pid=
cleanup() {
  [ -n "$first_pid" ] && kill "$first_pid" 2>/dev/null || true
  rm -rf "$WINIPC_ROOT"
}
trap cleanup EXIT

"$first" <"$fifo" >"$WINIPC_ROOT/first.out" 2>&1 &
first_pid=$!
exec 3>"$fifo"   # the first process's keyboard; stays open until we "press a key"

# The first process needs a moment to create the mapping: retry the reader until it finds it (at most 10 s).
out=
for _ in $(seq 1 100); do
  if out=$("$second" 2>&1); then break; fi
  sleep 0.1
done
echo "second process printed: $out"
grep -qF "Message from first process." <<<"$out" || { echo "FAIL: the message did not arrive"; exit 1; }

printf 'x' >&3    # press a key: the first process unmaps, closes and exits
exec 3>&-
wait "$first_pid"
rc=$?
first_pid=
[ "$rc" -eq 0 ] || { echo "FAIL: first process exited $rc: $(cat "$WINIPC_ROOT/first.out")"; exit 1; }

leftovers=$(find "$WINIPC_ROOT" -path "$WINIPC_ROOT/winipc-*" -type f ! -name .lock)
[ -z "$leftovers" ] || { echo "FAIL: left behind: $leftovers"; exit 1; }
echo "PASS: the second process read the first one's message; nothing left behind"
