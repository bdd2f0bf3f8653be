#!/bin/sh
# book.sh [DVKSTAT] [ROWS]: time and peak memory of counting a workbook by
# one column, beside the same data as CSV.  The inputs (1,000,000 rows by
# default) are made the first time by make-book.py (python3-openpyxl).
# Needs GNU time (Debian package "time").  Results go to standard output.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dvkstat=${1:-$here/../cli/dvkstat}
rows=${2:-1000000}
work=${TMPDIR:-/tmp}/dvkstat-bench
mkdir -p "$work"
book="$work/book-$rows.xlsx"
csv="$work/book-$rows.csv"
[ -s "$book" ] && [ -s "$csv" ] || ${PYTHON:-/usr/bin/python3} "$here/make-book.py" "$rows" "$book" "$csv"
echo "workbook: $(du -k "$book" | cut -f1) KiB; CSV: $(du -k "$csv" | cut -f1) KiB; $rows rows"
for input in "$csv" "$book"; do
    for by in "Lĩnh vực" "Ngày đăng ký"; do
        /usr/bin/time -f '%e %M' "$dvkstat" count --by "$by" "$input" \
            >/dev/null 2>"$work/time.txt" || { cat "$work/time.txt"; exit 1; }
        set -- $(tail -1 "$work/time.txt")
        echo "count --by '$by' $(basename "$input"): wall $1 s, max RSS $(($2 / 1024)) MiB"
    done
done
