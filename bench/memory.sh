#!/bin/sh
# memory.sh [DVKSTAT]: peak memory and time of dvkstat on a 400 MB register.
# Needs GNU time (Debian package "time").  Results go to standard output.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dvkstat=${1:-$here/../cli/dvkstat}
. "$here/register.sh"
echo "input: $(du -m "$big" | cut -f1) MB, $(wc -l <"$big") lines"
for cmd in "clean" "summary" "trend" "count --by Lĩnh_vực"; do
    /usr/bin/time -v "$dvkstat" $cmd "$big" >/dev/null 2>"$work/time.txt" || true
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$work/time.txt")
    echo "dvkstat $cmd: max RSS $((rss / 1024)) MiB, wall $wall"
done
