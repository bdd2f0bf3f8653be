#!/bin/bash
# all.sh [DVKSTAT]: every command on the large register beside DuckDB's
# equivalent query, in the same loop: the median wall time of RUNS runs
# (default 5) of each, whole process, the ratio DuckDB ÷ dvkstat and each
# one's ratio to dvkstat count, and the peak RSS (GNU time, Debian package
# time).  Then count on the same register with 1,000,000 distinct keys,
# with 60 columns, in Windows-1258 and in UTF-16.
#
# Environment: SIZE_MB (the register's size, default 400), RUNS (5),
# THREADS (DuckDB's threads, default 2, dvkstat's default too).  DuckDB
# comes from npm as in speed.sh; without node it is left out.
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dvkstat=${1:-$here/../cli/dvkstat}
size=${SIZE_MB:-400}
runs=${RUNS:-5}
threads=${THREADS:-2}
work=${TMPDIR:-/tmp}/dvkstat-bench
mkdir -p "$work"
big="$work/big-$size.csv"
[ -s "$big" ] || sh "$here/make-register.sh" "$size" "$big"

duck=
if command -v node >/dev/null && command -v npm >/dev/null; then
    if [ ! -d "$work/duckdb/node_modules/@duckdb/node-api" ]; then
        mkdir -p "$work/duckdb"
        (cd "$work/duckdb" && npm init -y >/dev/null && npm install --silent @duckdb/node-api >/dev/null) ||
            echo "npm could not install @duckdb/node-api: DuckDB is left out" >&2
    fi
    if [ -d "$work/duckdb/node_modules/@duckdb/node-api" ]; then
        cp "$here/duckdb-query.mjs" "$work/duckdb/"
        duck=yes
    fi
fi

# The variants, made once: 1,000,000 distinct keys (a column Khóa), 60
# columns (49 more), Windows-1258, UTF-16 (with its BOM), and a roster of
# the communes for coverage.
keys="$work/keys-$size.csv"
[ -s "$keys" ] || awk 'BEGIN { FS = OFS = "," } NR == 1 { print $0, "Khóa"; next }
    { print $0, "K" (NR % 1000000) }' "$big" >"$keys"
wide="$work/wide-$size.csv"
[ -s "$wide" ] || awk 'BEGIN { FS = OFS = "," }
    { s = ""; for (i = 1; i <= 49; i++) s = s "," (NR == 1 ? "Cột " i : (NR * i) % 997); print $0 s }' \
    "$big" >"$wide"
cp1258="$work/cp1258-$size.csv"
[ -s "$cp1258" ] || iconv -f UTF-8 -t CP1258 "$big" >"$cp1258"
utf16="$work/utf16-$size.csv"
[ -s "$utf16" ] || iconv -f UTF-8 -t UTF-16 "$big" >"$utf16"
roster="$work/roster.csv"
printf 'Xã\nLong Mai\nLong Môn\nLong Sơn\nLong Hiệp\nThanh An\nLong Mai 2\n' >"$roster"

echo "input: $(du -mL "$big" | cut -f1) MB, $(wc -l <"$big") lines, $(nproc) cores," \
    "load $(cut -d' ' -f1-3 /proc/loadavg), $(date '+%Y-%m-%d %H:%M')"
for f in "$big" "$keys" "$wide" "$cp1258" "$utf16"; do cat "$f" >/dev/null; done

# median_of NAME COMMAND...: RUNS runs; prints "SECONDS KB" (median wall,
# largest RSS).
median_of() {
    local i
    : >"$work/times"
    for i in $(seq "$runs"); do
        /usr/bin/time -f '%e %M' -o "$work/one" "$@" >/dev/null 2>"$work/err" ||
            { echo "failed: $* ($(head -c 300 "$work/err"))" >&2; }
        cat "$work/one" >>"$work/times"
    done
    sort -n "$work/times" | awk -v n="$runs" '{ t[NR] = $1; if ($2 > m) m = $2 }
        END { printf "%s %d\n", t[int((n + 1) / 2)], m }'
}

t="read_csv('$big', header = true, all_varchar = true)"
# name | dvkstat arguments (one per line in the array) | DuckDB's query
declare -a names dvk sql
add() { names+=("$1"); dvk+=("$2"); sql+=("$3"); }
add count "count --by Lĩnh_vực" \
    "SELECT \"Lĩnh vực\", count(*) FROM $t GROUP BY 1"
add crosstab "crosstab --rows Lĩnh_vực --cols Năm" \
    "PIVOT $t ON \"Năm\" USING count(*) GROUP BY \"Lĩnh vực\""
add ratio "ratio --by Xã --num Năm>=2020" \
    "SELECT \"Xã\", avg((\"Năm\" >= '2020')::int) FROM $t GROUP BY 1"
add trend "trend" \
    "SELECT \"Năm\", count(*) FROM $t GROUP BY 1 ORDER BY 1"
add coverage "coverage --roster $roster --key Xã" \
    "SELECT r.\"Xã\" FROM read_csv('$roster', header = true) r ANTI JOIN (SELECT DISTINCT \"Xã\" FROM $t) d ON r.\"Xã\" = d.\"Xã\""
add report "report -q -o $work/report.md" \
    "SELECT \"Lĩnh vực\", \"Năm\", count(*) FROM $t GROUP BY 1, 2"
add clean "clean -o /dev/null" \
    "COPY (SELECT * FROM $t) TO '/dev/null' (FORMAT csv)"
add "clean -f json" "clean -f json -o /dev/null" \
    "COPY (SELECT * FROM $t) TO '/dev/null' (FORMAT json)"
add summary "summary" \
    "SUMMARIZE SELECT * FROM $t"

printf '| command | dvkstat | × count | peak RSS | DuckDB | DuckDB ÷ dvkstat | DuckDB RSS |\n'
printf '| --- | --- | --- | --- | --- | --- | --- |\n'
count_s=
for i in "${!names[@]}"; do
    # shellcheck disable=SC2086
    read -r s kb < <(median_of "$dvkstat" ${dvk[$i]} "$big")
    [ -n "$count_s" ] || count_s=$s
    ds=- dkb=- ratio=-
    if [ -n "$duck" ]; then
        read -r ds dkb < <(median_of node "$work/duckdb/duckdb-query.mjs" "$threads" "${sql[$i]}")
        ratio=$(awk -v a="$ds" -v b="$s" 'BEGIN { printf "%.2f", a / b }')
        dkb="$((dkb / 1024)) MiB"
    fi
    printf '| %s | %s s | %s | %s MiB | %s s | %s | %s |\n' "${names[$i]}" "$s" \
        "$(awk -v a="$s" -v b="$count_s" 'BEGIN { printf "%.2f", a / b }')" "$((kb / 1024))" \
        "$ds" "$ratio" "$dkb"
done

echo
printf '| count on | dvkstat | × UTF-8 | peak RSS | DuckDB | DuckDB ÷ dvkstat |\n'
printf '| --- | --- | --- | --- | --- | --- |\n'
variant() { # NAME FILE COLUMN DUCKDB_OPTIONS (-: DuckDB cannot read it)
    read -r s kb < <(median_of "$dvkstat" count --by "$3" "$2")
    ds=- ratio=-
    if [ -n "$duck" ] && [ "$4" != - ]; then
        read -r ds dkb < <(median_of node "$work/duckdb/duckdb-query.mjs" "$threads" \
            "SELECT \"${3//_/ }\", count(*) FROM read_csv('$2', header = true, all_varchar = true$4) GROUP BY 1")
        ratio=$(awk -v a="$ds" -v b="$s" 'BEGIN { printf "%.2f", a / b }')
    fi
    printf '| %s | %s s | %s | %s MiB | %s | %s |\n' "$1" "$s" \
        "$(awk -v a="$s" -v b="$count_s" 'BEGIN { printf "%.2f", a / b }')" "$((kb / 1024))" "$ds" "$ratio"
}
variant "1,000,000 distinct keys" "$keys" Khóa ""
variant "60 columns" "$wide" Lĩnh_vực ""
# DuckDB reads UTF-16 and Latin-1 but not Windows-1258.
variant "Windows-1258" "$cp1258" Lĩnh_vực -
variant "UTF-16" "$utf16" Lĩnh_vực ", encoding = 'utf-16'"
