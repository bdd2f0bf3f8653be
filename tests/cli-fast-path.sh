#!/bin/bash
# cli-fast-path.sh: lines without quotes are split by the fast path, lines
# with quotes by libcsv; both must give the same rows.  The Minh Long
# register is written twice: every field quoted (all through libcsv) and
# tab-separated with no quote at all (all through the fast path).
. "$srcdir/tests/lib.sh"
run "$DVKSTAT" clean -f tsv --no-sanitize "$samples/minh-long.csv"
cp "$tmp/out" "$tmp/plain.tsv"
grep -q '"' "$tmp/plain.tsv" && not_ok "the TSV must hold no quote"
awk -F'\t' 'BEGIN { OFS = "," } { for (i = 1; i <= NF; i++) $i = "\"" $i "\""; print }' \
    "$tmp/plain.tsv" >"$tmp/quoted.csv"
run "$DVKSTAT" clean "$tmp/plain.tsv"
cp "$tmp/out" "$tmp/from-plain"
run "$DVKSTAT" clean "$tmp/quoted.csv"
expect_same "$tmp/from-plain" "$tmp/out" "fast path and libcsv agree on the register"
run "$DVKSTAT" trend -f json "$tmp/quoted.csv"
expect_json '[.groups[0].series[].value]' '[38,52,61,58,55,32]' "the quoted register counts the same"
finish
