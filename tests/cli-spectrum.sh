#!/bin/bash
# cli-spectrum.sh: the csv-spectrum cases through clean -f json --raw.
. "$srcdir/tests/lib.sh"
for csv in "$srcdir"/tests/spectrum/csvs/*.csv; do
    name=$(basename "$csv" .csv)
    run "$DVKSTAT" clean -f json --raw "$csv"
    expect_status 0 "$name"
    jq -S -c . "$tmp/out" >"$tmp/got" 2>&1
    jq -S -c . "$srcdir/tests/spectrum/json/$name.json" >"$tmp/want"
    expect_same "$tmp/want" "$tmp/got" "csv-spectrum $name"
done
finish
