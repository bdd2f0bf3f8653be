#!/bin/bash
# cli-vi-figures.sh: figures as the output's readers write them ("20,3%",
# "1.234", "X² = 20,47", "−1,4% mỗi năm" in Vietnamese; "20.3%", "1,234"
# in English) in the tables and sentences people read, CSV, TSV and JSON
# left machine-readable, --decimal-point and --decimal-comma overriding;
# and the catalogue found beside a program that is not installed.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
: "${top_builddir:?}"
ml="$samples/minh-long.csv"

# Tables: a share and a total in each convention.
run "$DVKSTAT" count --by 'Lĩnh vực' --lang vi "$ml"
grep -q '^An sinh xã hội  *60  *20,3%$' "$tmp/out" && ok || not_ok "vi table: 20,3%"
grep -q '^Tổng  *296  *100,0%$' "$tmp/out" && ok || not_ok "vi table: 100,0%"
run "$DVKSTAT" count --by 'Lĩnh vực' --lang en "$ml"
grep -q '^An sinh xã hội  *60  *20\.3%$' "$tmp/out" && ok || not_ok "en table: 20.3%"
run "$DVKSTAT" count --by 'Lĩnh vực' --lang vi --decimal-point "$ml"
grep -q '^An sinh xã hội  *60  *20\.3%$' "$tmp/out" && ok || not_ok "--decimal-point overrides Vietnamese"
run "$DVKSTAT" count --by 'Lĩnh vực' --lang en --decimal-comma "$ml"
grep -q '^An sinh xã hội  *60  *20,3%$' "$tmp/out" && ok || not_ok "--decimal-comma in English"
run "$DVKSTAT" count --by 'Lĩnh vực' -f md --lang vi "$ml"
grep -q '^| An sinh xã hội  *|  *60 |  *20,3% |$' "$tmp/out" && ok || not_ok "vi Markdown: 20,3%"

# Thousands are grouped: a dot in Vietnamese, a comma in English; a
# fraction's decimal comma beside it.
printf 'Lĩnh vực,Số hộ\nA,1234\nA,250.5\nB,20000\n' >"$tmp/big.csv"
run "$DVKSTAT" count --by 'Lĩnh vực' --weight 'Số hộ' --lang vi "$tmp/big.csv"
grep -q '^A  *1\.484,5 ' "$tmp/out" && ok || not_ok "vi: 1.484,5: $(cat "$tmp/out")"
grep -q '^Tổng  *21\.484,5 ' "$tmp/out" && ok || not_ok "vi: 21.484,5"
run "$DVKSTAT" count --by 'Lĩnh vực' --weight 'Số hộ' --lang en "$tmp/big.csv"
grep -q '^A  *1,484\.5 ' "$tmp/out" && ok || not_ok "en: 1,484.5: $(cat "$tmp/out")"

# Machine formats keep the point and no grouping, whatever the language.
run "$DVKSTAT" count --by 'Lĩnh vực' --weight 'Số hộ' --lang vi -f csv "$tmp/big.csv"
grep -q '^A,1484\.5,' "$tmp/out" && ok || not_ok "vi CSV stays machine-readable: $(cat "$tmp/out")"
run "$DVKSTAT" count --by 'Lĩnh vực' --lang vi -f json "$ml"
expect_json '.total' '296' "vi JSON: a number"
jq -e '.groups[0].share | type == "number"' "$tmp/out" >/dev/null && ok || not_ok "vi JSON: a share is a number"
run "$DVKSTAT" count --by 'Lĩnh vực' --lang vi --decimal-comma -f csv "$ml"
grep -q ';0,2027' "$tmp/out" && ok || not_ok "--decimal-comma asks it of CSV too"

# HTML cells.
run "$DVKSTAT" count --by 'Lĩnh vực' --lang vi -f html "$ml"
html_cells "$tmp/out"
grep -q '<td class="num" align="right">20,3%</td>' "$tmp/out" && ok || not_ok "vi HTML: 20,3%"

# The report's sentences, Vietnamese by default.
run "$DVKSTAT" report --include-partial -o "$tmp/r.md" "$ml"
expect_status 0 "report"
grep -q 'X² = 20,47, bậc tự do 9: khác biệt có ý nghĩa thống kê (p = 0,015)\.' "$tmp/r.md" &&
    ok || not_ok "vi report: X² = 20,47 and the p-value in words"
grep -q 'bình quân −1,4% mỗi năm, p = 1 ' "$tmp/r.md" && ok || not_ok "vi report: −1,4% mỗi năm"
grep -q 'khoảng tin cậy 95% từ −17,2% đến +17,5%' "$tmp/r.md" && ok || not_ok "vi report: the interval"
grep -q '^| An sinh xã hội  *|  *60 |  *20,3% |$' "$tmp/r.md" && ok || not_ok "vi report table: 20,3%"
grep -q '\.[0-9]\+%' "$tmp/r.md" && not_ok "a decimal point in a Vietnamese report: $(grep '\.[0-9]\+%' "$tmp/r.md" | head -2)" || ok
run "$DVKSTAT" report --include-partial --lang en -o "$tmp/r-en.md" "$ml"
grep -q 'X² = 20\.47, df = 9: a statistically significant difference (p = 0\.015)\.' "$tmp/r-en.md" &&
    ok || not_ok "en report: X² = 20.47"
grep -q 'about -1\.4% a year' "$tmp/r-en.md" && ok || not_ok "en report: -1.4% a year"
run "$DVKSTAT" report --decimal-point -o "$tmp/r-pt.md" "$ml"
grep -q 'X² = 20\.47, bậc tự do 9' "$tmp/r-pt.md" && ok || not_ok "--decimal-point in a Vietnamese report"

# ratio's chi-square sentence: translated, its figures in the convention.
run "$DVKSTAT" ratio --by 'Lĩnh vực' --num 'Tình trạng=Duy trì, hiệu quả' --lang vi "$ml"
grep -q '^Kiểm định khi bình phương xem tỷ lệ có như nhau ở mọi nhóm không: X² = [0-9]\+,[0-9][0-9], bậc tự do 9: khác biệt' "$tmp/out" &&
    ok || not_ok "ratio: the chi-square sentence in Vietnamese: $(grep -i 'bình phương\|chi-square' "$tmp/out")"

# The uninstalled program, as the README's Quick start leaves it, with no
# variable set: the catalogue of the build tree is found beside it.
run env -u DVKSTAT_LOCALEDIR -u LANGUAGE "$top_builddir/cli/dvkstat" count --by 'Lĩnh vực' --lang vi "$ml"
expect_status 0 "the uninstalled program"
grep -q '^Tổng ' "$tmp/out" && ok || not_ok "the uninstalled program prints Tổng: $(tail -1 "$tmp/out")"
expect_quiet "no warning when the catalogue is found"
# A copy of the program with no catalogue near it (unless one is
# installed) warns, once, that it speaks English.
real="$top_builddir/cli/.libs/dvkstat"
[ -x "$real" ] || real="$top_builddir/cli/dvkstat"
mkdir -p "$tmp/a/b/bin" && cp "$real" "$tmp/a/b/bin/dvkstat"
export LD_LIBRARY_PATH="$top_builddir/lib/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
run env -u DVKSTAT_LOCALEDIR -u LANGUAGE "$tmp/a/b/bin/dvkstat" count --by 'Lĩnh vực' --lang vi "$ml"
if grep -q '^Tổng ' "$tmp/out"; then
    echo "a catalogue is installed: the warning is not tried"
else
    expect_err "no Vietnamese message catalogue" "the warning when no catalogue is found"
    [ "$(grep -c 'catalogue' "$tmp/err")" -eq 1 ] && ok || not_ok "the warning is given once"
fi
unset LD_LIBRARY_PATH
finish
