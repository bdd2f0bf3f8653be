#!/bin/bash
# cli-combine.sh: a country's figures from its provinces' partial results.
# Each province's register is counted alone (here the Minh Long register
# split by level, and a random register split by commune, as provinces
# would send theirs); the CSV results, read together, give exactly what
# the whole register gives: counts through --weight, ratios through
# --num-col and --den-col, series and their statistics through --weight
# with --to the last whole year.  GNU parallel runs the provinces when it
# is installed (as the README shows), a loop otherwise.
. "$srcdir/tests/lib.sh"

# A register of a few thousand rows in a random order, its communes the
# "provinces" (the empty one too, through its own filter).
{
    head -1 "$samples/minh-long.csv"
    for i in 1 2 3 4 5 6 7 8; do tail -n +2 "$samples/minh-long.csv"; done | shuf --random-source=<(yes)
} >"$tmp/random.csv"

# split_by REGISTER COLUMN: one file per value of COLUMN in $tmp/prov.
split_by() {
    rm -rf "$tmp/prov"
    mkdir "$tmp/prov"
    local n=0
    "$DVKSTAT" count -q --by "$2" -f tsv "$1" | tail -n +2 | cut -f1 | while IFS= read -r v; do
        [ "$v" = Total ] && continue
        n=$((n + 1))
        "$DVKSTAT" clean -q --where "$2=$v" "$1" >"$tmp/prov/$n.csv"
    done
}

# each CMD...: CMD run on every province's file FILE.csv, its output in
# FILE.csv.out (the last argument of CMD is the file).
each() {
    if command -v parallel >/dev/null 2>&1 && parallel --version 2>/dev/null | grep -q GNU; then
        parallel --will-cite "$(printf '%q ' "$DVKSTAT" "$@") {} > {}.out" ::: "$tmp"/prov/*.csv
    else
        local p
        for p in "$tmp"/prov/*.csv; do "$DVKSTAT" "$@" "$p" >"$p.out"; done
    fi
}

# same WHAT WHOLE COMBINED: the two files agree.
same() {
    if cmp -s "$2" "$3"; then ok; else
        not_ok "$1: the provinces combined differ from the whole"
        diff "$2" "$3" | head -6 >&2
    fi
}

for reg in "$samples/minh-long.csv:Cấp" "$tmp/random.csv:Xã"; do
    f=${reg%:*}
    col=${reg##*:}
    split_by "$f" "$col"
    [ "$(cat "$tmp"/prov/*.csv | grep -vc '^Mã,')" = "$(tail -n +2 "$f" | grep -c .)" ] && ok ||
        not_ok "the provinces hold every row of ${f##*/}"
    name="${f##*/} by $col"

    # counts
    each count -q --by 'Lĩnh vực' -f csv
    "$DVKSTAT" count -q --by 'Lĩnh vực' --weight count -f csv "$tmp"/prov/*.out >"$tmp/combined"
    "$DVKSTAT" count -q --by 'Lĩnh vực' -f csv "$f" >"$tmp/whole"
    same "$name: count" "$tmp/whole" "$tmp/combined"
    each count -q --by Năm,Cấp -f csv
    "$DVKSTAT" count -q --by Năm,Cấp --weight count -f csv "$tmp"/prov/*.out >"$tmp/combined"
    "$DVKSTAT" count -q --by Năm,Cấp -f csv "$f" >"$tmp/whole"
    same "$name: count by two columns" "$tmp/whole" "$tmp/combined"

    # ratios, their intervals and tests
    each ratio -q --by 'Lĩnh vực' --num 'Tình trạng=Duy trì, hiệu quả' -f csv
    "$DVKSTAT" ratio -q --by 'Lĩnh vực' --num-col num --den-col den -f csv "$tmp"/prov/*.out >"$tmp/combined"
    "$DVKSTAT" ratio -q --by 'Lĩnh vực' --num 'Tình trạng=Duy trì, hiệu quả' -f csv "$f" >"$tmp/whole"
    same "$name: ratio" "$tmp/whole" "$tmp/combined"

    # series and their statistics (the last year is partial in the dates,
    # which the partial results no longer hold: --to says it)
    each trend -q --by 'Lĩnh vực' -f csv
    "$DVKSTAT" trend -q --by 'Lĩnh vực' --weight value -f csv "$tmp"/prov/*.out >"$tmp/combined"
    "$DVKSTAT" trend -q --by 'Lĩnh vực' -f csv "$f" >"$tmp/whole"
    same "$name: trend" "$tmp/whole" "$tmp/combined"
    "$DVKSTAT" trend -q --by 'Lĩnh vực' --weight value --to 2021 --stats -f csv "$tmp"/prov/*.out >"$tmp/combined"
    "$DVKSTAT" trend -q --by 'Lĩnh vực' --stats -f csv "$f" >"$tmp/whole"
    same "$name: trend statistics" "$tmp/whole" "$tmp/combined"
    grep -q 'Kinh tế,' "$tmp/whole" && ok || not_ok "$name: the statistics hold the fields"
done
finish
