#!/bin/sh
# make-encodings.sh: the Minh Long register saved as older offices save it.
# SPDX-License-Identifier: GPL-3.0-or-later
# Run in samples/ after make-samples.py.  Needs iconv (glibc).
set -eu
# Excel's "Unicode Text": UTF-16LE with BOM, TAB between fields, CRLF.
python3 - <<'PY'
import csv
rows = list(csv.reader(open("minh-long.csv", encoding="utf-8", newline="")))
with open("minh-long-utf16.csv", "w", encoding="utf-16", newline="") as f:
    w = csv.writer(f, delimiter="\t", lineterminator="\r\n")
    w.writerows(rows)
PY
iconv -f UTF-8 -t WINDOWS-1258 minh-long.csv > minh-long-cp1258.csv
iconv -f UTF-8 -t TCVN5712-1 minh-long.csv > minh-long-tcvn3.csv
