#!/bin/bash
# cli-json.sh: the JSON of count, crosstab, ratio, coverage and summary,
# byte for byte.  tests/json/NAME.json holds what each command of
# tests/json/commands wrote when the commands built their JSON by hand;
# now that they write it through the library's JSON writer, not a comma,
# line break or digit may move.
. "$srcdir/tests/lib.sh"
cd "$srcdir" || exit 1 # the file names inside the documents are relative
while IFS=$'\t' read -r name args; do
    eval "run \"\$DVKSTAT\" $args"
    expect_status 0 "$name"
    if cmp -s "$tmp/out" "tests/json/$name.json"; then ok; else
        not_ok "$name: the JSON differs from tests/json/$name.json"
        diff "tests/json/$name.json" "$tmp/out" | head -5 >&2
    fi
done <tests/json/commands
finish
