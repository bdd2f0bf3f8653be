#!/bin/bash
# abi-check.sh: the built library against the release baseline
# tests/abi/libdvkstat.abi: no call removed or changed, no struct or enum of
# the header changed in a way that breaks a program built against it
# (abidiff, from Debian's abigail-tools; skipped without it).
#
# The baseline is the ABI of the last release.  At a release, after
# bumping -version-info in configure.ac, refresh it from a build with
# debugging information (the default CFLAGS, -g -O2):
#     make && tests/abi-check.sh --update
# and commit tests/abi/libdvkstat.abi.
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
srcdir=${srcdir:-$(cd "$(dirname "$0")/.." && pwd)}
top_builddir=${top_builddir:-$srcdir}
so=$(ls "$top_builddir"/lib/.libs/libdvkstat.so.*.*.* 2>/dev/null | head -1)
baseline="$srcdir/tests/abi/libdvkstat.abi"
if ! command -v abidw >/dev/null || ! command -v abidiff >/dev/null; then
    echo "abigail-tools is not installed: the ABI check is skipped"
    exit 77
fi
if [ -z "$so" ]; then
    echo "no shared library in this build: the ABI check is skipped"
    exit 77
fi
if [ "${1:-}" = --update ]; then
    abidw --no-corpus-path --no-comp-dir-path --drop-private-types --headers-dir "$srcdir/include" \
        --out-file "$baseline" "$so" && echo "wrote $baseline"
    exit
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dvkstat-abi.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
abidw --no-corpus-path --no-comp-dir-path --drop-private-types --headers-dir "$srcdir/include" \
    --out-file "$tmp/now.abi" "$so" || { echo "FAIL: abidw could not read $so"; exit 1; }
# Exit status bits of abidiff: 4 an ABI change, 8 an incompatible one;
# an added call (4 alone) is what a minor release may do.
abidiff --no-added-syms "$baseline" "$tmp/now.abi" >"$tmp/report"
st=$?
if [ $((st & 3)) -ne 0 ]; then
    echo "FAIL: abidiff could not compare (status $st)"; cat "$tmp/report"; exit 1
fi
if [ $((st & 8)) -ne 0 ]; then
    echo "FAIL: the library breaks the ABI of tests/abi/libdvkstat.abi:"
    cat "$tmp/report"
    exit 1
fi
echo "ABI compatible with tests/abi/libdvkstat.abi"
[ $st -eq 0 ] || cat "$tmp/report"
exit 0
