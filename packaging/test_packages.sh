#!/usr/bin/env bash
# The Debian packages as a porting team gets them: builds them (preset package, cpack), installs them, and builds
# from the installation alone the two seed samples (pkg-config winipc; examples/run_seed_demo.sh runs them against
# each other) and examples/testkit (the installed winipc-run: emu, and the mingw-w64 build under Wine).
#
#   packaging/test_packages.sh            unpacks the .debs into a temporary root (dpkg-deb -x) and uses them from
#                                         there: the packages' files, without touching the system
#   packaging/test_packages.sh --system   apt-get installs them (root; also checks their dependencies resolve on
#                                         this Debian), uses them from /usr, and purges them at the end
# `./winipc test` passes --system on a CI machine (CI set, root), the other form elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
src=$PWD
system=0
[ "${1:-}" = "--system" ] && system=1
work=$(mktemp -d)
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -q winipc-testkit libwinipc-dev libwinipc0 >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== build the packages (preset package) and cpack"
cmake --preset package >/dev/null
cmake --build --preset package -j 2 >/dev/null
(cd build/package && rm -f ./*.deb && cpack >/dev/null)
debs=(build/package/libwinipc0_*.deb build/package/libwinipc-dev_*.deb build/package/winipc-testkit_*.deb)
for deb in "${debs[@]}"; do [ -f "$deb" ] || { echo "FAIL: cpack made no $deb"; exit 1; }; done
ls -l "${debs[@]}"

multiarch=$(gcc -print-multiarch)
if [ "$system" = 1 ]; then
  echo "== apt-get install ${debs[*]}"
  installed=1
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${debs[@]/#/./}" >/dev/null
  prefix=/usr
else
  echo "== dpkg-deb -x into $work/root"
  for deb in "${debs[@]}"; do dpkg-deb -x "$deb" "$work/root"; done
  prefix=$work/root/usr
  # What apt-get would have done: the pkg-config path, and the library in the loader's path.
  export PKG_CONFIG_PATH="$prefix/lib/$multiarch/pkgconfig"
  export LD_LIBRARY_PATH="$prefix/lib/$multiarch"
fi

echo "== the seed samples, with pkg-config alone"
for variant in ansi unicode; do
  defines=""
  [ "$variant" = unicode ] && defines="-DUNICODE -D_UNICODE"
  for program in first_process second_process; do
    # shellcheck disable=SC2046,SC2086  # the flags are meant to split
    g++ $defines examples/seed/$program.cpp $(pkg-config --cflags --libs winipc) -o "$work/${program}_$variant"
  done
  readelf -d "$work/first_process_$variant" | grep -q 'NEEDED.*\[libwinipc\.so\.0\]' ||
    { echo "FAIL: the seed sample does not link libwinipc.so.0"; exit 1; }
  examples/run_seed_demo.sh "$work/first_process_$variant" "$work/second_process_$variant"
done

echo "== examples/testkit with $prefix/bin/winipc-run"
cp -r examples/testkit "$work/testkit"
"$prefix/bin/winipc-run" --project "$work/testkit" --out "$work/testkit-out" ||
  { echo "FAIL: winipc-run on examples/testkit"; exit 1; }
for column in emu wine; do
  for id in SC-COUNT-001 SC-OPEN-001 SC-OPEN-002 SC-LOCK-001; do
    grep -q "$id" "$work/testkit-out/results/$column.xml" || { echo "FAIL: $column results lack $id"; exit 1; }
  done
done
echo "PASS: the packages install, and the seed samples and examples/testkit build and pass from them alone"
