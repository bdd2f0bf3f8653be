#!/bin/sh
# make-csv.sh: the CSV LibreOffice exports from each sheet of each good test
# workbook, into csv/BOOK.N.csv (BOOK with its extension, N the sheet from
# 1), for tests/cli-books.sh to compare with "dvkstat clean --sheet N".
# The export options are those of LibreOffice 7.4's CSV filter: ',' as
# separator, '"' as quote, UTF-8 (76), from line 1, no language, text cells
# not all quoted, the cells' values rather than their text as shown (so
# that numbers keep their digits), no formulas, spaces kept, and the sheet
# number last.  Needs soffice (Debian package libreoffice-calc-nogui); run
# it in tests/books after the workbooks change, and commit the CSV files.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
cd "$(dirname "$0")"
books="openpyxl.xlsx libreoffice.xlsx libreoffice.ods hand.xlsx hand.ods merged.xlsx
book.xls book1904.xls register.xlsx register.xls register.ods"
work=$(mktemp -d "${TMPDIR:-/tmp}/make-csv.XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p csv
rm -f csv/*.csv
for book in $books; do
    n=1
    while :; do
        rm -rf "$work/out"
        soffice --headless "-env:UserInstallation=file://$work/user" \
            --convert-to "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,$n" \
            --outdir "$work/out" "$book" >/dev/null 2>&1 || true
        # the sheet is written as BOOK-SHEETNAME.csv; no file past the last
        set -- "$work"/out/*.csv
        [ -f "$1" ] || break
        mv "$1" "csv/$book.$n.csv"
        n=$((n + 1))
    done
    echo "$book: $((n - 1)) sheets"
done
