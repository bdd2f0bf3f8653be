#!/bin/sh
# make-register.sh SIZE_MB OUT: a large register made of the Minh Long
# sample's rows repeated, each with a fresh code, for memory and speed runs.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
size_mb=${1:-400}
out=${2:-big.csv}
here=$(cd "$(dirname "$0")" && pwd)
src="$here/../samples/minh-long.csv"
awk -v limit=$((size_mb * 1024 * 1024)) -F, '
NR == 1 { print; bytes += length($0) + 1; next }
{ rows[++n] = $0 }
END {
    for (k = 0; bytes < limit; k++)
        for (i = 1; i <= n && bytes < limit; i++) {
            line = rows[i]
            sub(/^ML-/, "ML" k "-", line)
            print line
            bytes += length(line) + 1
        }
}' "$src" >"$out"
