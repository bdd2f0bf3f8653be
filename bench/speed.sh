#!/bin/sh
# speed.sh [DVKSTAT]: count a 400 MB register by one column with dvkstat
# (one thread and two) and with DuckDB on the same file.  Uses hyperfine
# when it is installed (Debian package hyperfine), else three timed runs.
# DuckDB comes from npm (@duckdb/node-api, installed into a scratch
# directory the first time; it is not a dependency of dvkstat).
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dvkstat=${1:-$here/../cli/dvkstat}
. "$here/register.sh"
echo "input: $(du -m "$big" | cut -f1) MB, $(wc -l <"$big") lines, $(nproc) cores"
cat "$big" >/dev/null # in the page cache for every contender

duck=
if command -v node >/dev/null && command -v npm >/dev/null; then
    if [ ! -d "$work/duckdb/node_modules/@duckdb/node-api" ]; then
        mkdir -p "$work/duckdb"
        (cd "$work/duckdb" && npm init -y >/dev/null && npm install --silent @duckdb/node-api >/dev/null) ||
            echo "npm could not install @duckdb/node-api: DuckDB is left out" >&2
    fi
    if [ -d "$work/duckdb/node_modules/@duckdb/node-api" ]; then
        cp "$here/duckdb-count.mjs" "$work/duckdb/"
        duck=yes
    fi
else
    echo "node and npm are not installed: DuckDB is left out" >&2
fi

run() { # NAME COMMAND...
    name=$1
    shift
    if command -v hyperfine >/dev/null; then
        hyperfine --warmup 1 --runs 5 -N --command-name "$name" -- "$(printf '%s ' "$@")" 2>/dev/null |
            grep -E 'Time|±' | head -1 | sed "s/^/$name: /"
    else
        for i in 1 2 3; do
            /usr/bin/time -f "$name: %e s wall, %M KB max RSS" "$@" >/dev/null
        done
    fi
}
run "dvkstat count, 1 thread" "$dvkstat" count --by Lĩnh_vực -j 1 "$big"
run "dvkstat count, 2 threads" "$dvkstat" count --by Lĩnh_vực -j 2 "$big"
if [ -n "$duck" ]; then
    for threads in 1 2; do
        # DuckDB matches the header as written: it gets the column's name.
        for i in 1 2 3; do
            node "$work/duckdb/duckdb-count.mjs" "$big" "Lĩnh vực" "$threads" 2>&1 >/dev/null |
                sed "s/^/DuckDB, $threads thread(s): /"
        done
    done
fi
