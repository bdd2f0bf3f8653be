#!/bin/bash
# cli-measures.sh: count's measures (--sum, --mean, --median, --min, --max,
# --distinct, --count-if), its subtotals (--rollup), a parent level from a
# file (--levels) and the form layout (--form), on tests/data/measures.csv:
# two districts, model codes repeated over the years, empty and
# non-numeric household counts.  The expected figures are those of
# tests/reference/measures-cli.py (Python's standard library only).
. "$srcdir/tests/lib.sh"
command -v unzip >/dev/null || { echo "unzip is needed (Debian package unzip)"; exit 1; }
reg="$data/measures.csv"
S='Số hộ hưởng lợi'
all_measures=(--sum "$S" --mean "$S" --median "$S" --min "$S" --max "$S"
              --distinct 'Mã mô hình' --count-if 'Tình trạng=Duy trì')

# ---- every measure, rolled up by district, against Python
cat >"$tmp/expected.csv" <<'EOF'
Huyện,Xã,count,share,sum of Số hộ hưởng lợi,mean of Số hộ hưởng lợi,median of Số hộ hưởng lợi,least Số hộ hưởng lợi,greatest Số hộ hưởng lợi,distinct Mã mô hình,count where Tình trạng=Duy trì
Phú Tân,Phú Mỹ,10,0.227272727272727,4169,595.571428571429,116,46,3483,4,7
Phú Tân,Tân Hòa,9,0.204545454545455,4704,672,188,13,2039,5,4
Phú Tân,Phú Thạnh,8,0.181818181818182,2361.5,472.3,161,69.5,1827,4,5
Total Phú Tân,,27,0.613636363636364,11234.5,591.289473684211,131,13,3483,13,16
Châu Thành,An Hiệp,9,0.204545454545455,4031,575.857142857143,68.5,16,3393,4,6
Châu Thành,Vĩnh Thành,8,0.181818181818182,,,,,,4,4
Total Châu Thành,,17,0.386363636363636,4031,575.857142857143,68.5,16,3393,8,10
Total,,44,1,15265.5,587.134615384615,127,13,3483,21,26
EOF
# the figures above are the script's, as it prints them today
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 "$srcdir/tests/reference/measures-cli.py" count "$reg" | head -n -1 >"$tmp/python.csv"
    expect_same "$tmp/expected.csv" "$tmp/python.csv" "the expected figures are measures-cli.py's"
fi
run "$DVKSTAT" count --by Huyện,Xã --rollup "${all_measures[@]}" -f csv --lang en "$reg"
expect_status 0 "count with every measure, rolled up"
expect_same "$tmp/expected.csv" "$tmp/out" "every measure, rolled up, as Python works them out"
# a missing or non-numeric cell is left out, never 0, and said
expect_err "sum of Số hộ hưởng lợi: 18 rows with the cell empty or not a number are left out" "left out said"
expect_err "distinct Mã mô hình: 3 rows with the cell empty are left out" "empty codes said"
expect_err "count where Tình trạng=Duy trì: 9 rows with the cell empty are left out" "no status said"
run "$DVKSTAT" count --by Huyện,Xã --rollup "${all_measures[@]}" -q -f csv --lang en "$reg"
expect_quiet "-q keeps the notes"

# ---- JSON: the measures described, subtotal rows marked, counts left out
run "$DVKSTAT" count --by Huyện,Xã --rollup "${all_measures[@]}" -f json --lang en "$reg"
expect_status 0 "count -f json with measures"
expect_json '[.measures[] | .measure]' '["sum","mean","median","min","max","distinct","count-if"]' "measure kinds in order"
expect_json '[.measures[] | .left_out]' '[18,18,18,18,18,3,9]' "left out per measure"
expect_json '.measures[0] | [.column, .total, .counted, .exact]' '["Số hộ hưởng lợi",15265.5,26,true]' "the sum's description"
expect_json '.measures[6].where' '"Tình trạng=Duy trì"' "count-if names its condition"
expect_json '[.groups[] | select(.subtotal) | [.level, (.key | length), .count]]' '[[1,1,27],[1,1,17],[0,0,44]]' "subtotal rows marked"
expect_json '[.groups[] | select(.subtotal | not) | .level] | unique' '[2]' "group rows at level 2"
expect_json '.groups[1] | [.key["Xã"], .measures[0], .measures[5], .left_out[0]]' '["Tân Hòa",4704,5,2]' "a commune's measures"
expect_json '.groups[5].measures[0:5]' '[null,null,null,null,null]' "no household count: null, not 0"

# a district's distinct count is of its own rows, not the sum of its parts:
# Phú Tân has 7, 5 and 11 codes in 2021, 2022 and 2023 but 13 in all
run "$DVKSTAT" count --by Huyện,Năm --rollup --distinct 'Mã mô hình' -q -f json "$reg"
expect_json '[.groups[] | select(.key["Huyện"] == "Phú Tân") | .measures[0]]' '[11,7,5,13]' "distinct per year and for the district"
expect_json '[.groups[] | select(.level == 0) | .measures[0]]' '[21]' "distinct in all"

# ---- every format of a rolled-up table shows the subtotals, bold where it can
for f in table csv tsv md html; do
    run "$DVKSTAT" count --by Huyện,Xã --rollup --sum "$S" -q -f $f --lang en "$reg"
    expect_status 0 "rolled up -f $f"
    grep -q 'Total Phú Tân' "$tmp/out" && grep -q 'Total Châu Thành' "$tmp/out" &&
        grep -qE '11,?234\.5' "$tmp/out" && ok || not_ok "-f $f shows the subtotals: $(head -c 600 "$tmp/out")"
done
run "$DVKSTAT" count --by Huyện,Xã --rollup --sum "$S" -q -f md --lang en "$reg"
grep -q '^| \*\*Total Phú Tân\*\* *| *| \*\*27\*\* | *\*\*61.4%\*\* | *\*\*11,234.5\*\* |$' "$tmp/out" &&
    ok || not_ok "md: the subtotal in bold: $(grep Total "$tmp/out")"
grep -q '^| Phú Tân  *| Phú Mỹ  *| *10 |' "$tmp/out" && ok || not_ok "md: a commune's row is plain"
run "$DVKSTAT" count --by Huyện,Xã --rollup --sum "$S" -q -f html --lang en "$reg"
html_cells "$tmp/out"
grep -q '<tr><td><strong>Total Phú Tân</strong></td><td></td><td class="num" align="right"><strong>27</strong></td><td class="num" align="right"><strong>61.4%</strong></td><td class="num" align="right"><strong>11,234.5</strong></td></tr>' "$tmp/out" &&
    ok || not_ok "html: the subtotal in bold: $(grep 'Total Phú Tân' "$tmp/out")"
run "$DVKSTAT" count --by Huyện,Xã --rollup --sum "$S" -q -f tsv --lang en "$reg"
grep -q "^Total Phú Tân		27	0.613636363636364	11234.5$" "$tmp/out" && ok || not_ok "tsv subtotal row"

# xlsx: numbers stay numbers, and the subtotal rows' cells carry a style whose
# font is bold (checked through styles.xml, not by its number)
run "$DVKSTAT" count --by Huyện,Xã --rollup --sum "$S" -q -o "$tmp/r.xlsx" -f xlsx --lang en "$reg"
expect_status 0 "rolled up -f xlsx"
s1=$(unzip -p "$tmp/r.xlsx" xl/worksheets/sheet1.xml)
styles=$(unzip -p "$tmp/r.xlsx" xl/styles.xml)
# the style of a cell: its xf in cellXfs, whose font has <b/>
is_bold() {
    local s xf font
    s=$(grep -o "<c r=\"$1\" s=\"[0-9]*\"" <<<"$s1" | grep -o '[0-9]*"$' | tr -d '"')
    [ -n "$s" ] || return 1
    xf=$(grep -o '<cellXfs.*</cellXfs>' <<<"$styles" | grep -o '<xf [^>]*>' | sed -n "$((s + 1))p")
    font=$(grep -o 'fontId="[0-9]*"' <<<"$xf" | grep -o '[0-9]*')
    grep -o '<fonts.*</fonts>' <<<"$styles" | grep -o '<font>.*</font>' | sed 's#</font>#&\n#g' |
        sed -n "$((font + 1))p" | grep -q '<b/>'
}
# rows: 1 header, 2-4 Phú Tân's communes, 5 its subtotal, 6-7, 8, 9 the total
grep -q '<c r="C5" s="[0-9]*"><v>27</v></c>' <<<"$s1" && ok || not_ok "xlsx: the subtotal's count is a number"
grep -q '<c r="E5" s="[0-9]*"><v>11234.5</v></c>' <<<"$s1" && ok || not_ok "xlsx: the subtotal's sum is a number"
for cell in A5 C5 D5 E5 A8 C8 A9 E9; do
    is_bold $cell && ok || not_ok "xlsx: $cell of a subtotal row is bold"
done
for cell in A2 C2 D2 E2; do
    ! is_bold $cell && ok || not_ok "xlsx: $cell of a commune's row is not bold"
done
grep -q '<c r="D5" s="[0-9]*"><v>0.61363636363636' <<<"$s1" && ok || not_ok "xlsx: the subtotal's share is a fraction"
unzip -p "$tmp/r.xlsx" xl/sharedStrings.xml | grep -q '<t>Total Phú Tân</t>' && ok || not_ok "xlsx: the subtotal's label"

# ---- --levels: communes into districts from a two-column file
{
    echo 'Xã,Huyện'
    tail -n +2 "$reg" | awk -F, '{print $2 "," $1}' | sort -u
} >"$tmp/levels.csv"
run "$DVKSTAT" count --by Xã --levels "$tmp/levels.csv" --rollup "${all_measures[@]}" -q -f csv --lang en "$reg"
expect_status 0 "--levels"
expect_same "$tmp/expected.csv" "$tmp/out" "--levels rolls communes up as the district column does"
# a roster whose first column is STT serves as the levels file
{
    echo 'STT,Xã,Huyện'
    tail -n +2 "$tmp/levels.csv" | awk '{print NR "," $0}'
} >"$tmp/roster.csv"
run "$DVKSTAT" count --by Xã --levels "$tmp/roster.csv" --rollup "${all_measures[@]}" -q -f csv --lang en "$reg"
expect_same "$tmp/expected.csv" "$tmp/out" "--levels skips a roster's STT column"
# a unit spelled with its kind finds the file's bare name
sed 's/^Tân Hòa,/Xã Tân Hòa,/' "$tmp/levels.csv" >"$tmp/levels-kind.csv"
run "$DVKSTAT" count --by Xã --levels "$tmp/levels-kind.csv" --rollup -q -f csv --lang en "$reg"
grep -q '^Phú Tân,Tân Hòa,9,' "$tmp/out" && ok || not_ok "--levels: 'Xã Tân Hòa' is Tân Hòa: $(cat "$tmp/out")"
# a unit missing from the file is an error naming it, never put anywhere
grep -v '^Vĩnh Thành,' "$tmp/levels.csv" >"$tmp/levels-short.csv"
run "$DVKSTAT" count --by Xã --levels "$tmp/levels-short.csv" --rollup --lang en "$reg"
expect_status 1 "--levels with a unit missing"
expect_err "unit 'Vĩnh Thành' is not in the levels file $tmp/levels-short.csv" "the missing unit named"
expect_err "measures.csv:14:" "its line"
run "$DVKSTAT" count --by Xã --levels "$tmp/levels-short.csv" --rollup --skip-bad-rows -f csv --lang en "$reg"
expect_status 0 "--levels, unit missing, --skip-bad-rows"
grep -q 'Vĩnh Thành' "$tmp/out" && not_ok "the unknown unit was counted" || ok
grep -q '^Total,,36,' "$tmp/out" && ok || not_ok "the other 36 rows counted: $(tail -1 "$tmp/out")"
# a unit under two parents is refused
{ cat "$tmp/levels.csv"; echo 'Phú Mỹ,Châu Thành'; } >"$tmp/levels-two.csv"
run "$DVKSTAT" count --by Xã --levels "$tmp/levels-two.csv" --lang en "$reg"
expect_status 1 "--levels with a unit under two districts"
expect_err "unit 'Phú Mỹ' is under 'Phú Tân' and 'Châu Thành'" "both parents named"

# ---- --form: STT, roman sections before their communes, column numbers
run "$DVKSTAT" count --by Huyện,Xã --rollup --form --sum "$S" -q -f md --lang en "$reg"
expect_status 0 "--form -f md"
sed -n 1p "$tmp/out" | grep -q '^| No\. *| Huyện / Xã *| *count *| *share *| *sum of Số hộ hưởng lợi *|$' && ok ||
    not_ok "--form header: $(sed -n 1p "$tmp/out")"
sed -n 3p "$tmp/out" | grep -q '^| (1) *| (2) *| *(3) *| *(4) *| *(5) *|$' && ok || not_ok "column numbers: $(sed -n 3p "$tmp/out")"
# the figures' columns are aligned right though the numbers row is text
sed -n 2p "$tmp/out" | grep -q '^| -*- | -*- | -*: | -*: | -*: |$' && ok ||
    not_ok "--form md: number columns right-aligned: $(sed -n 2p "$tmp/out")"
sed -n 3p "$tmp/out" | grep -q '|  *(3) |' && ok || not_ok "--form md: (3) set right: $(sed -n 3p "$tmp/out")"
sed -n 4p "$tmp/out" | grep -q '^| \*\*I\*\* *| \*\*Phú Tân\*\* *| \*\*27\*\*' && ok || not_ok "section I: $(sed -n 4p "$tmp/out")"
sed -n 5p "$tmp/out" | grep -q '^| 1 *| Phú Mỹ *| *10 ' && ok || not_ok "STT 1 within: $(sed -n 5p "$tmp/out")"
sed -n 8p "$tmp/out" | grep -q '^| \*\*II\*\* *| \*\*Châu Thành\*\* *| \*\*17\*\*' && ok || not_ok "section II: $(sed -n 8p "$tmp/out")"
sed -n 9p "$tmp/out" | grep -q '^| 1 *| An Hiệp *| *9 ' && ok || not_ok "STT restarts: $(sed -n 9p "$tmp/out")"
tail -1 "$tmp/out" | grep -q '^| *| \*\*Total\*\* *| \*\*44\*\*' && ok || not_ok "the total: $(tail -1 "$tmp/out")"
run "$DVKSTAT" count --by Huyện,Xã --rollup --form --sum "$S" -q -f md --lang vi "$reg"
sed -n 1p "$tmp/out" | grep -q '^| STT *| Huyện / Xã *| *Số lượng *| *Tỷ lệ *| *Tổng Số hộ hưởng lợi *|$' && ok ||
    not_ok "--form in Vietnamese: $(sed -n 1p "$tmp/out")"
run "$DVKSTAT" count --by Huyện,Xã --rollup --sum "$S" -q -f md --lang vi "$reg"
grep -q '| \*\*Cộng Phú Tân\*\* *|' "$tmp/out" && ok || not_ok "Cộng Phú Tân: $(grep Cộng "$tmp/out")"
run "$DVKSTAT" count --by Huyện,Xã --rollup --form --sum "$S" -q -o "$tmp/f.xlsx" -f xlsx --lang en "$reg"
s1=$(unzip -p "$tmp/f.xlsx" xl/worksheets/sheet1.xml)
styles=$(unzip -p "$tmp/f.xlsx" xl/styles.xml)
is_bold B3 && ! is_bold B4 && ok || not_ok "--form -f xlsx: the section row bold, the commune's not"

run "$DVKSTAT" count --by Huyện,Xã --rollup --form --sum "$S" -q -f html --lang en "$reg"
html_cells "$tmp/out"
num='<td class="num" align="right">'
grep -q "^<tr><td>(1)</td><td>(2)</td>$num(3)</td>$num(4)</td>$num(5)</td></tr>\$" "$tmp/out" && ok ||
    not_ok "--form -f html: column numbers, right over the figures: $(grep '(1)' "$tmp/out")"
grep -q '^<tr><td><strong>II</strong></td><td><strong>Châu Thành</strong></td><td class="num" align="right"><strong>17</strong></td>' "$tmp/out" &&
    ok || not_ok "--form -f html: section II in bold: $(grep 'Châu Thành' "$tmp/out")"
run "$DVKSTAT" count --by Xã --form -q -f md --lang en "$reg"
sed -n 4p "$tmp/out" | grep -q '^| 1 *| Phú Mỹ *| *10 ' && sed -n 8p "$tmp/out" | grep -q '^| 5 *| Vĩnh Thành *| *8 ' &&
    ok || not_ok "--form without --rollup: STT 1 to 5: $(cat "$tmp/out")"

# ---- --form at any depth: each subtotal heads its rows, numbered I, 1,
# 1.1 …; counts per prefix from Python's collections.Counter over the rows
# (csv.DictReader; Counter(tuple(r[x] for x in keys[:k]) for r in rows)):
# V1 5, V2 2; V1/T1 4, V1/T2 1, V2/T3 2; H1 3, H2 1, H3 1, H4 2; X2 2, the
# other communes 1.
printf 'Vùng,Tỉnh,Huyện,Xã\nV1,T1,H1,X1\nV1,T1,H1,X2\nV1,T1,H1,X2\nV1,T1,H2,X3\nV1,T2,H3,X4\nV2,T3,H4,X5\nV2,T3,H4,X6\n' >"$tmp/deep.csv"
run "$DVKSTAT" count --by Vùng,Tỉnh,Huyện,Xã --rollup --form --sort key -q -f csv --lang en "$tmp/deep.csv"
expect_out 'No.,Vùng / Tỉnh / Huyện / Xã,count,share
(1),(2),(3),(4)
I,V1,5,0.714285714285714
1,T1,4,0.571428571428571
1.1,H1,3,0.428571428571429
1.1.1,X1,1,0.142857142857143
1.1.2,X2,2,0.285714285714286
1.2,H2,1,0.142857142857143
1.2.1,X3,1,0.142857142857143
2,T2,1,0.142857142857143
2.1,H3,1,0.142857142857143
2.1.1,X4,1,0.142857142857143
II,V2,2,0.285714285714286
1,T3,2,0.285714285714286
1.1,H4,2,0.285714285714286
1.1.1,X5,1,0.142857142857143
1.1.2,X6,1,0.142857142857143
,Total,7,1' "--form with four levels: every subtotal heads its rows, numbered"
run "$DVKSTAT" count --by Tỉnh,Huyện,Xã --rollup --form --sort key -q -f md --lang en "$tmp/deep.csv"
grep -q '^| \*\*1\*\* *| \*\*H1\*\* *| *\*\*3\*\* |' "$tmp/out" && grep -q '^| 1\.2 *| X2 *| *2 |' "$tmp/out" &&
    ! grep -q 'Total H' "$tmp/out" && ok || not_ok "--form with three levels in md: $(cat "$tmp/out")"
run "$DVKSTAT" count --by Tỉnh,Huyện,Xã --rollup --sort key -q -f json "$tmp/deep.csv"
expect_json '[.groups[] | select(.subtotal) | [.level, .count]]' '[[2,3],[2,1],[1,4],[2,1],[1,1],[2,2],[1,2],[0,7]]' \
    "three levels in JSON: each subtotal after its rows, marked with its level"

# ---- report: the measures as columns of its by-field table, the figures
# of measures-cli.py above (count's, here by commune as the field)
run "$DVKSTAT" report --field Xã --sum "$S" --distinct 'Mã mô hình' --count-if 'Tình trạng=Duy trì' \
    --lang en -o "$tmp/rep.md" "$reg"
expect_status 0 "report with measures"
expect_err "sum of Số hộ hưởng lợi: 18 rows" "report says what each measure left out"
grep -q '^| Xã *| Models *| *Share *| *Sum of Số hộ hưởng lợi *| *Distinct Mã mô hình *| *Count where Tình trạng=Duy trì *|$' "$tmp/rep.md" &&
    ok || not_ok "report: measure headers: $(grep '^| Xã' "$tmp/rep.md" | head -1)"
grep -q '^| Phú Thạnh *| *8 | *18.2% | *2,361.5 | *4 | *5 |$' "$tmp/rep.md" &&
    grep -q '^| Vĩnh Thành *| *8 | *18.2% | *| *4 | *4 |$' "$tmp/rep.md" &&
    grep -q '^| Total *| *44 | *100.0% | *15,265.5 | *21 | *26 |$' "$tmp/rep.md" &&
    ok || not_ok "report: the measures' figures: $(sed -n 9,17p "$tmp/rep.md")"
run "$DVKSTAT" report --field Xã --sum "$S" --lang en -q -o "$tmp/rep.xlsx" "$reg"
unzip -p "$tmp/rep.xlsx" xl/worksheets/sheet1.xml | grep -q '<v>15265.5</v>' && ok ||
    not_ok "report -f xlsx: the measure's total as a number"
run "$DVKSTAT" report --field Xã --max "$S" -o "$tmp/rep.md" "$reg"
expect_status 2 "report takes no --max (its --min is the roster's)"

# ---- report --form: an STT column and the column numbers over its
# by-field table; the charts read the rows under the numbers
run "$DVKSTAT" report --field Xã --form --lang en -q -o "$tmp/form.md" "$reg"
grep -q '^| No\. | Xã *| *Models | *Share |$' "$tmp/form.md" && grep -q '^| (1) | (2) *| *(3) | *(4) |$' "$tmp/form.md" &&
    grep -q '^| 1 *| Phú Mỹ *| *10 | *22.7% |$' "$tmp/form.md" && grep -q '^| *| Total *| *44 | *100.0% |$' "$tmp/form.md" &&
    ok || not_ok "report --form -f md: $(sed -n 7,18p "$tmp/form.md")"
run "$DVKSTAT" report --field Xã --form --lang en -q -o "$tmp/form.xlsx" "$reg"
unzip -p "$tmp/form.xlsx" xl/charts/chart1.xml | grep -q "<c:f>'By field'!\$C\$3:\$C\$7</c:f>" && ok ||
    not_ok "report --form -f xlsx: the chart reads rows 3-7, under the column numbers: $(unzip -p "$tmp/form.xlsx" xl/charts/chart1.xml | grep -o '<c:f>[^<]*</c:f>')"
run "$DVKSTAT" report --field Xã --form --lang en -q -o "$tmp/form.html" "$reg"
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 -c '
import re, sys, base64, urllib.parse
h = open(sys.argv[1]).read()
m = re.search(r"src=\"data:image/svg\+xml(;base64)?,([^\"]*)\"", h)
svg = base64.b64decode(m.group(2)).decode() if m.group(1) else urllib.parse.unquote(m.group(2))
t = re.findall(r">([^<>]+)</text>", svg)
sys.exit(0 if "Vĩnh Thành" in t and "(2)" not in t else 1)' "$tmp/form.html" && ok ||
        not_ok "report --form -f html: the chart has every field and no column-number row"
fi

# ---- numbers as the file writes them: --decimal-comma
printf 'Xã;Kinh phí\nA;1.234,5\nA;10\nB;2,5\nB;\n' >"$tmp/comma.csv"
run "$DVKSTAT" count --by Xã --sum 'Kinh phí' --decimal-comma -q -f csv "$tmp/comma.csv"
grep -q '^A;2;0,5;1244,5$' "$tmp/out" && grep -q '^B;2;0,5;2,5$' "$tmp/out" && ok ||
    not_ok "--decimal-comma numbers: $(cat "$tmp/out")"

# ---- past the budget: a distinct count becomes an estimate, a median is said
run "$DVKSTAT" count --by Huyện --distinct 'Mã mô hình' --median "$S" --measure-budget 5 -f json --lang en "$reg"
expect_status 0 "past the budget"
expect_json '[.measures[] | .exact]' '[false,false]' "past the budget: not exact"
expect_json '[.groups[] | .measures[1]]' '[null,null]' "past the budget: no median"
expect_err "the counts are estimates" "the estimate said"
expect_err "the medians are not worked out" "the median said"
run "$DVKSTAT" count --by Huyện --distinct 'Mã mô hình' --measure-budget 0 "$reg"
expect_status 2 "--measure-budget 0"

# ---- no value at all: null, and valid JSON; an empty input
printf 'Huyện,Xã,Số\nAn Phú,Bình Mỹ,\nAn Phú,Vĩnh Lợi,x\n' >"$tmp/none.csv"
run "$DVKSTAT" count --by Huyện,Xã --rollup --sum Số --median Số -f json "$tmp/none.csv"
expect_json '[.measures[].total, .measures[].left_out, [.groups[].measures[0]]]' '[null,null,2,2,[null,null,null,null]]' "a column with no number"
printf 'Huyện,Xã,Số\n' >"$tmp/empty.csv"
for cmd in "count --by Huyện,Xã" "crosstab --rows Huyện,Xã --cols Số" "ratio --by Huyện --num Số>1"; do
    run "$DVKSTAT" $cmd --sum Số -f json "$tmp/empty.csv"
    expect_json '.measures[0].total' 'null' "$cmd on no rows: valid JSON"
done

# ---- usage errors
run "$DVKSTAT" count --by Xã --sum 'Số hộ' --lang en "$reg"
expect_status 2 "a measure of an unknown column"
expect_err "unknown column 'Số hộ'" "the unknown column named"
expect_err "'Số hộ hưởng lợi'" "the columns listed"
run "$DVKSTAT" count --by Xã --count-if 'Trạng thái=Duy trì' --lang en "$reg"
expect_status 2 "a condition on an unknown column"
run "$DVKSTAT" count --by Xã --sum "$S" --top 2 --lang en "$reg"
expect_status 2 "--top with a measure"
expect_err "--top does not go with measures" "--top with a measure said"

# ---- crosstab: nested rows, their subtotals and measures, against Python
cat >"$tmp/expected-x.csv" <<'EOF'
Huyện,Xã,2021,2022,2023,Total,sum of Số hộ hưởng lợi,distinct Mã mô hình
Châu Thành,An Hiệp,2,3,4,9,4031,4
Châu Thành,Vĩnh Thành,3,3,2,8,,4
Total Châu Thành,,5,6,6,17,4031,8
Phú Tân,Phú Mỹ,3,3,4,10,4169,4
Phú Tân,Phú Thạnh,2,2,4,8,2361.5,4
Phú Tân,Tân Hòa,3,2,4,9,4704,5
Total Phú Tân,,8,7,12,27,11234.5,13
Total,,13,13,18,44,15265.5,21
EOF
if [ -x /usr/bin/python3 ]; then
    /usr/bin/python3 "$srcdir/tests/reference/measures-cli.py" crosstab "$reg" >"$tmp/python-x.csv"
    expect_same "$tmp/expected-x.csv" "$tmp/python-x.csv" "the expected crosstab is measures-cli.py's"
fi
run "$DVKSTAT" crosstab --rows Huyện,Xã --cols Năm --rollup --sum "$S" --distinct 'Mã mô hình' -q -f csv --lang en "$reg"
expect_status 0 "crosstab --rollup with measures"
expect_same "$tmp/expected-x.csv" "$tmp/out" "crosstab --rollup with measures, as Python works them out"
run "$DVKSTAT" crosstab --rows Xã --cols Năm --levels "$tmp/levels.csv" --rollup --sum "$S" --distinct 'Mã mô hình' -q -f csv --lang en "$reg"
expect_same "$tmp/expected-x.csv" "$tmp/out" "crosstab --levels rolls the rows up as the district column does"
run "$DVKSTAT" crosstab --rows Huyện,Xã --cols Năm --rollup --distinct 'Mã mô hình' -q -f json "$reg"
expect_json '[.table[] | select(.subtotal) | [.keys["Huyện"], .level, .total, .measures[0]]]' '[["Châu Thành",1,17,8],["Phú Tân",1,27,13]]' "crosstab JSON subtotals"
expect_json '.totals | [.total, .measures[0], .left_out[0]]' '[44,21,3]' "crosstab JSON totals"
run "$DVKSTAT" crosstab --rows Huyện,Xã --cols Năm --rollup --percent row -q -f md "$reg"
grep -q '^| \*\*Total Phú Tân\*\* *| *| \*\*29.6%\*\* |' "$tmp/out" && ok || not_ok "crosstab md: bold subtotal: $(grep Total "$tmp/out")"
run "$DVKSTAT" crosstab --rows Huyện --cols Năm --form "$reg"
expect_status 2 "crosstab --form"
# the plain crosstab keeps its shape
run "$DVKSTAT" crosstab --rows Huyện --cols Năm -f csv "$reg"
expect_out "$(printf 'Huyện,2021,2022,2023,Total\nChâu Thành,5,6,6,17\nPhú Tân,8,7,12,27\nTotal,13,13,18,44')" "plain crosstab"

# ---- ratio: the measures of each group's rows (in n or not), and of all
run "$DVKSTAT" ratio --by Huyện --num 'Tình trạng=Duy trì' --sum "$S" --distinct 'Mã mô hình' -q -f csv --lang en "$reg"
expect_status 0 "ratio with measures"
# (after the interval: the comparison with the rest, p, adjusted p, verdict)
grep -q '^Phú Tân,16,27,0.592592592592593,[0-9.]*,[0-9.]*,[0-9.]*,[0-9.]*,[a-z ]*,11234.5,13$' "$tmp/out" &&
    grep -q '^Total,26,44,0.590909090909091,[0-9.]*,[0-9.]*,,,,15265.5,21$' "$tmp/out" && ok ||
    not_ok "ratio's measures (measures-cli.py's district and total figures): $(cat "$tmp/out")"
run "$DVKSTAT" ratio --by Huyện --num 'Tình trạng=Duy trì' --distinct 'Mã mô hình' -f json --lang en "$reg"
expect_json '[.groups[].measures[0], .overall.measures[0], .measures[0].left_out]' '[8,13,21,3]' "ratio JSON measures"
expect_err "distinct Mã mô hình: 3 rows with the cell empty are left out" "ratio says what it left out"
run "$DVKSTAT" ratio --by Huyện --num 'Tình trạng=Duy trì' --rollup "$reg"
expect_status 2 "ratio takes no --rollup"

# ---- the README's example is the program's real output
sed -n '/^\$ dvkstat count --by Huyện,Xã --rollup/,/^```/p' "$srcdir/README.md" | sed '1d;$d' >"$tmp/readme"
[ -s "$tmp/readme" ] && ok || not_ok "the README's example of --rollup is there"
(cd "$srcdir" && "$DVKSTAT" count --by Huyện,Xã --rollup --sum 'Số hộ hưởng lợi' --distinct 'Mã mô hình' \
    --lang en samples/minh-long-reports.csv) >"$tmp/out" 2>"$tmp/err"
grep -v '^dvkstat: ' "$tmp/readme" >"$tmp/readme.out"
expect_same "$tmp/readme.out" "$tmp/out" "the README's --rollup table"
grep '^dvkstat: ' "$tmp/readme" >"$tmp/readme.err"
expect_same "$tmp/readme.err" "$tmp/err" "the README's --rollup note"

# ---- two threads: a file split in two gives the figures of one thread
{
    head -1 "$reg"
    for i in $(seq 1 200); do tail -n +2 "$reg"; done
} >"$tmp/big.csv"
"$DVKSTAT" count --by Huyện,Xã --rollup "${all_measures[@]}" -f json --jobs 1 "$tmp/big.csv" >"$tmp/one.json" 2>"$tmp/one.err"
DVKSTAT_DEBUG=parts "$DVKSTAT" count --by Huyện,Xã --rollup "${all_measures[@]}" -f json --jobs 2 "$tmp/big.csv" >"$tmp/two.json" 2>"$tmp/two.err"
grep -q 'read in two parts' "$tmp/two.err" && ok || not_ok "the big file read in two parts: $(cat "$tmp/two.err")"
expect_same "$tmp/one.json" "$tmp/two.json" "two threads give the figures of one"
grep -v '^dvkstat: debug:' "$tmp/two.err" >"$tmp/two.clean"
expect_same "$tmp/one.err" "$tmp/two.clean" "two threads give the notes of one"
cp "$tmp/two.json" "$tmp/out"
expect_json '.measures | map(.total)' '[3053100,587.134615384615,127,13,3483,21,5200]' "200 copies: sums times 200, the rest as one copy"
expect_json '.measures[0].left_out' '3600' "200 copies: left out times 200"
# the same with --levels, two distinct counts and a condition (each text the
# reader normalises may move the one before: the measures keep copies)
for cmd in "crosstab --rows Xã --cols Năm" "count --by Xã"; do
    $DVKSTAT $cmd --levels "$tmp/levels.csv" --rollup --distinct 'Mã mô hình' --distinct 'Tình trạng' \
        --count-if 'Tình trạng=Duy trì' -q -f json --jobs 1 "$tmp/big.csv" >"$tmp/one.json" 2>&1
    $DVKSTAT $cmd --levels "$tmp/levels.csv" --rollup --distinct 'Mã mô hình' --distinct 'Tình trạng' \
        --count-if 'Tình trạng=Duy trì' -q -f json --jobs 2 "$tmp/big.csv" >"$tmp/two.json" 2>&1
    expect_same "$tmp/one.json" "$tmp/two.json" "$cmd --levels: two threads give the figures of one"
    cp "$tmp/two.json" "$tmp/out"
    expect_json '[.. | objects | select(.level == 1) | .measures[0]] | sort' '[8,13]' "$cmd --levels: the districts' distinct codes"
done

finish
