#!/bin/sh
# make-xls.sh: make the .xls test workbooks of tests/test-xls.c.
# book.fods and book1904.fods are flat ODS written by hand (merged areas,
# dates, times, formulas, booleans, a hidden row, a hidden sheet; the second
# in the 1904 date system); LibreOffice turns each into BIFF8.  formulas.fods
# holds formulas with no cached values: LibreOffice computes them on load and
# writes typed results (text, boolean, error), where a cached text or boolean
# would be kept and written as the number 0 or 1.  The bad
# files are made byte by byte by make-bad-xls.py, but for bad-leak.xls: a
# file the fuzz harness (tests/fuzz/fuzz-xls.c) made from book.xls, kept
# as it was found.
# Needs: apt-get install -y --no-install-recommends libreoffice-calc-nogui
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for f in book book1904 formulas; do
    # A profile of its own, so a running LibreOffice is neither used nor disturbed.
    soffice -env:UserInstallation="file://$tmp/profile" --headless \
        --convert-to xls --outdir "$tmp" "$f.fods" >/dev/null
    cp "$tmp/$f.xls" "$f.xls"
done
python3 make-bad-xls.py
