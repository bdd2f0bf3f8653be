#!/bin/sh
# render-report.sh [OUTDIR]: what a user sees.  Makes the Minh Long and
# Vũng Tàu reports as HTML and xlsx and renders them into OUTDIR (default
# ./render) as a reader would meet them:
#   NAME-screen.png        the page in a browser (headless Chromium)
#   NAME-a4.pdf, -a4-N.png the page printed to PDF (A4)
#   NAME.docx, NAME-word.pdf, -word-N.png
#                          the page opened in a word processor: LibreOffice
#                          converts the HTML to .docx, then that to PDF
#   NAME-xlsx.pdf, -xlsx-N.png
#                          the workbook printed by LibreOffice
# Needs the Debian packages chromium, libreoffice-writer-nogui,
# libreoffice-calc-nogui and poppler-utils; a missing one is skipped, said.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
dvkstat=${DVKSTAT:-$here/cli/dvkstat}
out=${1:-render}
mkdir -p "$out"
out=$(cd "$out" && pwd)
samples=$here/samples
# Uninstalled, the Vietnamese catalogue is the one "make check" builds.
if [ -z "${DVKSTAT_LOCALEDIR:-}" ] && [ -d "$here/tests/locale/vi" ]; then
    DVKSTAT_LOCALEDIR=$here/tests/locale
    export DVKSTAT_LOCALEDIR
fi
# A LibreOffice or Chromium profile of this run's own: one already running
# under the user's would refuse to convert.
work=$(mktemp -d "${TMPDIR:-/tmp}/render-report.XXXXXX")
trap 'rm -rf "$work"' EXIT

# pages PDF STEM: each page of PDF as STEM-N.png
pages() {
    if command -v pdftoppm >/dev/null; then
        pdftoppm -png -r 80 "$1" "$2"
        ls "$2"-*.png
    else
        echo "pdftoppm (poppler-utils) is not installed: $1 is not cut into pages" >&2
    fi
}

office() {
    soffice -env:UserInstallation="file://$work/office" --headless "$@" >/dev/null 2>&1
}

# render NAME: NAME.html and NAME.xlsx in $out, made before
render() {
    name=$1
    if command -v chromium >/dev/null; then
        chrome() {
            chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
                --disable-background-networking --disable-component-update --disable-sync \
                --user-data-dir="$work/chromium" "$@" "file://$out/$name.html" >/dev/null 2>&1
        }
        chrome --window-size=1000,3200 --screenshot="$out/$name-screen.png"
        echo "$out/$name-screen.png"
        chrome --no-pdf-header-footer --print-to-pdf="$out/$name-a4.pdf"
        pages "$out/$name-a4.pdf" "$out/$name-a4"
    else
        echo "chromium is not installed: the HTML is not rendered" >&2
    fi
    if command -v soffice >/dev/null; then
        office --convert-to 'docx:MS Word 2007 XML' --outdir "$out" "$out/$name.html"
        mkdir -p "$work/word"
        cp "$out/$name.docx" "$work/word/$name-word.docx"
        office --convert-to pdf --outdir "$out" "$work/word/$name-word.docx"
        pages "$out/$name-word.pdf" "$out/$name-word"
        cp "$out/$name.xlsx" "$work/$name-xlsx.xlsx"
        office --convert-to pdf --outdir "$out" "$work/$name-xlsx.xlsx"
        pages "$out/$name-xlsx.pdf" "$out/$name-xlsx"
    else
        echo "LibreOffice (soffice) is not installed: the word-processor route and the workbook are not rendered" >&2
    fi
}

for ext in html xlsx; do
    "$dvkstat" report --map "$samples/map-minh-long-fields.csv" -o "$out/minh-long.$ext" \
        "$samples/minh-long.csv"
    "$dvkstat" report --roster "$samples/vung-tau-roster.csv" --key 'Phường, xã' \
        -o "$out/vung-tau.$ext" "$samples/vung-tau-2022.csv"
done
render minh-long
render vung-tau
