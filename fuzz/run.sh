#!/bin/sh
# Builds the libFuzzer targets (preset fuzz: clang 14, emu under ASan + UBSan) and runs each for a bounded time
# over the seed corpus in fuzz/corpus/<target>/. Prints the executions per target; exits non-zero on the first
# crash, hang (-timeout), leak of a name, or file created outside the namespace directory (fuzz/sandbox.h).
#   fuzz/run.sh            20 s per target
#   fuzz/run.sh --long     10 min per target
#   fuzz/run.sh --seconds N
# New inputs go to build/fuzz/corpus/<target>/ (the repo's seeds are only read); crashes to build/fuzz/artifacts/.
set -eu
seconds=20
case "${1:-}" in
  --long) seconds=600 ;;
  --seconds) seconds=$2 ;;
  "") ;;
  *) echo "usage: $0 [--long | --seconds N]" >&2; exit 2 ;;
esac
src=$(cd "$(dirname "$0")/.." && pwd)
bin=$src/build/fuzz
cd "$src"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "${WINIPC_FUZZ_JOBS:-1}"
mkdir -p "$bin/artifacts"
status=0
for target in names api; do
  out=$bin/corpus/$target
  log=$bin/$target.log
  mkdir -p "$out"
  # The target makes its own WINIPC_ROOT and working directory (fresh temporary directories) and checks them;
  # every path given to it is absolute, since it changes directory.
  if ASAN_OPTIONS=detect_leaks=1:halt_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
     "$bin/fuzz/${target}_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
       -artifact_prefix="$bin/artifacts/$target-" "$out" "$src/fuzz/corpus/$target" >"$log" 2>&1; then
    result=ok
  else
    result="FAILED (see $log and $bin/artifacts/)"
    status=1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  echo "${target}_fuzz: ${runs:-?} executions in ${seconds} s: $result"
done
exit $status
