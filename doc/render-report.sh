#!/bin/sh
# render-report.sh [OUTDIR]: what a user sees.  Makes the Minh Long report
# as HTML and xlsx, renders the HTML with headless Chromium and the xlsx
# through LibreOffice (PDF, then PNG pages with pdftoppm), into OUTDIR
# (default ./render).  Needs the Debian packages chromium,
# libreoffice-calc-nogui and poppler-utils; a missing one is skipped, said.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dvkstat=${DVKSTAT:-$here/cli/dvkstat}
out=${1:-render}
mkdir -p "$out"
"$dvkstat" report --map "$here/samples/map-minh-long-fields.csv" -o "$out/minh-long.html" "$here/samples/minh-long.csv"
"$dvkstat" report --map "$here/samples/map-minh-long-fields.csv" -o "$out/minh-long.xlsx" "$here/samples/minh-long.csv"
if command -v chromium >/dev/null; then
    profile=$(mktemp -d)
    chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --window-size=1000,2600 \
        --screenshot="$out/minh-long-html.png" "file://$(cd "$out" && pwd)/minh-long.html" >/dev/null 2>&1
    rm -rf "$profile"
    echo "$out/minh-long-html.png"
else
    echo "chromium is not installed: the HTML is not rendered" >&2
fi
if command -v soffice >/dev/null && command -v pdftoppm >/dev/null; then
    soffice --headless --convert-to pdf --outdir "$out" "$out/minh-long.xlsx" >/dev/null 2>&1
    pdftoppm -png -r 80 "$out/minh-long.pdf" "$out/minh-long-xlsx"
    ls "$out"/minh-long-xlsx*.png
else
    echo "soffice or pdftoppm is not installed: the workbook is not rendered" >&2
fi
