#!/bin/bash
# cli-json.sh: the JSON of count, crosstab, ratio, coverage and summary,
# byte for byte: tests/json/NAME.json holds what each command of
# tests/json/commands writes, so that no comma, line break or digit moves
# unseen.  Then the rules every command's JSON keeps (dvkstat(1), JSON):
# a group's key is an object {column: value}, rates are fractions (no key
# ends in _pct), a verdict's direction is a fixed English word.
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

ml=samples/minh-long.csv
run "$DVKSTAT" trend --by Cấp -f json "$ml"
cp "$tmp/out" "$tmp/trend.json"
run "$DVKSTAT" trend --by Cấp --num 'Tình trạng=Duy trì, hiệu quả' -f json "$ml"
cp "$tmp/out" "$tmp/trend-ratio.json"
run "$DVKSTAT" ratio --by 'Lĩnh vực' --num 'Tình trạng=Duy trì, hiệu quả' -f json "$ml"
cp "$tmp/out" "$tmp/ratio.json"
for f in tests/json/*.json "$tmp"/*.json; do
    name=${f##*/}
    bad=$(jq -c '[paths(objects) as $p | getpath($p) | select(has("key")) | .key
                  | select(type != "object")] | length' "$f")
    [ "$bad" = 0 ] && ok || not_ok "$name: $bad group keys are not objects"
    pct=$(jq -c '[paths | .[-1] | strings | select(endswith("_pct"))] | unique' "$f")
    [ "$pct" = "[]" ] && ok || not_ok "$name: keys in percent: $pct"
done
for f in "$tmp/trend.json" "$tmp/trend-ratio.json"; do
    d=$(jq -c '[.groups[].stats.direction] | unique - ["increasing", "decreasing", "no trend", null]' "$f")
    [ "$d" = "[]" ] && ok || not_ok "${f##*/}: directions that are not the fixed words: $d"
    v=$(jq -c '[.groups[].stats.verdict | select(type != "string")] | length' "$f")
    [ "$v" = 0 ] && ok || not_ok "${f##*/}: a direction without its sentence"
done
d=$(jq -c '[.groups[].direction] | unique - ["higher", "lower", "no difference", null]' "$tmp/ratio.json")
[ "$d" = "[]" ] && ok || not_ok "ratio: directions that are not the fixed words: $d"
# the same words whatever the language; the sentence is translated
"$DVKSTAT" trend --by Cấp --lang vi -f json "$ml" >"$tmp/trend-vi.json"
[ "$(jq -c '[.groups[].stats.direction]' "$tmp/trend-vi.json")" = \
  "$(jq -c '[.groups[].stats.direction]' "$tmp/trend.json")" ] && ok ||
    not_ok "trend --lang vi: the direction's words translated"
[ "$(jq -c '.groups[0].stats.verdict' "$tmp/trend-vi.json")" != \
  "$(jq -c '.groups[0].stats.verdict' "$tmp/trend.json")" ] && ok ||
    not_ok "trend --lang vi: the verdict sentence not translated"
# rates are fractions: each period's change on the one before
run "$DVKSTAT" trend --include-partial -f json "$ml"
expect_close '.groups[0].series[1].change_rel' '14 / 38' "change_rel is a fraction"
expect_close '.groups[0].stats.change_rel' '-6 / 38' "stats change_rel is a fraction"
finish
