#!/bin/bash
# cli-xlsx.sh: -f xlsx workbooks, opened as what they are (zip files of
# XML): cells, number formats, the frozen header and the native charts.
. "$srcdir/tests/lib.sh"
command -v unzip >/dev/null || { echo "unzip is needed (Debian package unzip)"; exit 1; }
sheet() { unzip -p "$1" "xl/worksheets/sheet$2.xml"; }
strings_of() { unzip -p "$1" xl/sharedStrings.xml; }

# count: numbers as numbers, shares as percentages, a bar chart
run "$DVKSTAT" count --by 'Lĩnh vực' --map "$samples/map-minh-long-registration.csv" -f xlsx -o "$tmp/count.xlsx" "$samples/minh-long.csv"
expect_status 0 "count -f xlsx"
expect_quiet "count -f xlsx"
s1=$(sheet "$tmp/count.xlsx" 1)
grep -q '<c r="B2"><v>232</v></c>' <<<"$s1" && ok || not_ok "232 stored as a number"
grep -q '<c r="B6"><v>296</v></c>' <<<"$s1" && ok || not_ok "the total as a number"
grep -q '<c r="C2" s="2"><v>0.78378378378378' <<<"$s1" && ok || not_ok "the share as a fraction with a style"
unzip -p "$tmp/count.xlsx" xl/styles.xml | grep -q 'formatCode="0.0%"' && ok || not_ok "the percent format"
grep -q 'state="frozen"' <<<"$s1" && ok || not_ok "header frozen"
grep -q '<col min="1" max="1" width="18' <<<"$s1" && ok || not_ok "first column fitted to 'An ninh, trật tự'"
strings_of "$tmp/count.xlsx" | grep -q '<t>Lĩnh vực khác</t>' && ok || not_ok "labels as text"
chart=$(unzip -p "$tmp/count.xlsx" xl/charts/chart1.xml)
grep -q '<c:barChart>' <<<"$chart" && ok || not_ok "a bar chart"
grep -q "<c:f>count!\$B\$2:\$B\$5</c:f>" <<<"$chart" && ok || not_ok "the chart plots the four groups, not the total: $(grep -o '<c:f>[^<]*</c:f>' <<<"$chart" | tr '\n' ' ')"

# trend: a line chart per series, the statistics beside it
run "$DVKSTAT" trend --forecast 1 -f xlsx -o "$tmp/trend.xlsx" "$samples/minh-long.csv"
expect_status 0 "trend -f xlsx"
unzip -p "$tmp/trend.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | tr '\n' ' ' >"$tmp/sheets"
grep -q 'name="trend" <sheet name="statistics" <sheet name="forecast"' "$tmp/sheets" && ok || not_ok "sheets: $(cat "$tmp/sheets")"
unzip -p "$tmp/trend.xlsx" xl/charts/chart1.xml | grep -q '<c:lineChart>' && ok || not_ok "a line chart"
grep -q '<c r="B2"><v>38</v></c>' <<<"$(sheet "$tmp/trend.xlsx" 1)" && ok || not_ok "2017's 38"
strings_of "$tmp/trend.xlsx" | grep -q 'No trend, about +7.9% a year, p = 0.46' && ok || not_ok "the verdict in the workbook"

# ratio and crosstab
run "$DVKSTAT" ratio --by linh_vuc --map "$samples/map-minh-long-fields.csv" --num 'Tình trạng=Duy trì, hiệu quả' -f xlsx -o "$tmp/ratio.xlsx" "$samples/minh-long.csv"
expect_status 0 "ratio -f xlsx"
grep -q '<c r="D2" s="2"><v>0.5714285714285714</v></c>' <<<"$(sheet "$tmp/ratio.xlsx" 1)" && ok || not_ok "4 of 7 as a percentage"
strings_of "$tmp/ratio.xlsx" | grep -q 'Chi-square test that the ratio is the same' && ok || not_ok "the test below the table"
unzip -p "$tmp/ratio.xlsx" xl/charts/chart1.xml | grep -q 'formatCode="0%"' && ok || not_ok "the ratio axis in percent"
grep -q '<pageSetup paperSize="9" fitToHeight="0" orientation="landscape"/>' <<<"$(sheet "$tmp/ratio.xlsx" 1)" && ok || not_ok "printed on A4, landscape, one page wide"

# the ratio's interval as custom error bars: the distances down to the lower
# bound (E) and up to the upper bound (F) are formulas in two hidden columns
# J and K (after the p columns), and the chart's error bars read them
unzip -tq "$tmp/ratio.xlsx" >/dev/null && ok || not_ok "the rewritten package is a sound zip: $(unzip -tq "$tmp/ratio.xlsx" 2>&1)"
s1=$(sheet "$tmp/ratio.xlsx" 1)
chart=$(unzip -p "$tmp/ratio.xlsx" xl/charts/chart1.xml)
grep -q '<col min="10" max="11" [^>]*hidden="1"' <<<"$s1" && ok || not_ok "the distance columns are hidden"
grep -q '<c r="J2"><f>D2-E2</f>' <<<"$s1" && ok || not_ok "the distance down is D2-E2"
grep -q '<c r="K5"><f>F5-D5</f>' <<<"$s1" && ok || not_ok "the distance up is F5-D5"
grep -q '<c:errValType val="cust"/>' <<<"$chart" && ok || not_ok "custom error bars"
grep -q "<c:plus><c:numRef><c:f>'ratio'!\$K\$2:\$K\$5</c:f>" <<<"$chart" && ok || not_ok "plus reads K2:K5"
grep -q "<c:minus><c:numRef><c:f>'ratio'!\$J\$2:\$J\$5</c:f>" <<<"$chart" && ok || not_ok "minus reads J2:J5"
! grep -q '<c:plotVisOnly val="1"/>' <<<"$chart" && ok || not_ok "the chart reads the hidden columns"
! grep -q 'fixedVal' <<<"$chart" && ok || not_ok "no fixed-size marker left"
# Each cached distance is the difference of the sheet's own cells (the
# bounds themselves are checked against R in cli-ratio.sh).
cell() { grep -o "<c r=\"$1\"[^>]*>\\(<f>[^<]*</f>\\)\\?<v>[^<]*</v>" <<<"$s1" | sed 's/.*<v>//; s/<\/v>//'; }
cache() { # cache plus|minus IDX
    sed "s/.*<c:$1>//; s/<\/c:$1>.*//" <<<"$chart" | grep -o "<c:pt idx=\"$2\"><c:v>[^<]*" | sed 's/.*<c:v>//'
}
for i in 0 1 2 3; do
    r=$((i + 2))
    awk -v d="$(cell D$r)" -v lo="$(cell E$r)" -v hi="$(cell F$r)" \
        -v plus="$(cache plus $i)" -v minus="$(cache minus $i)" -v g="$(cell J$r)" -v h="$(cell K$r)" \
        'function abs(x) { return x < 0 ? -x : x }
         BEGIN { exit !(d != "" && abs(hi - d - plus) < 1e-12 && abs(d - lo - minus) < 1e-12 &&
                        abs(g - minus) < 1e-12 && abs(h - plus) < 1e-12) }' &&
        ok || not_ok "row $r: distances $(cache minus $i)/$(cache plus $i) from $(cell E$r) $(cell D$r) $(cell F$r)"
done
# 4 of 7 reaches 84.2%, above the tallest bar: the axis makes room, to
# 100% in steps of 20 points
grep -q '<c:valAx>.*<c:max val="1"/><c:min val="0"/>' <<<"$chart" && ok || not_ok "the axis reaches the highest bound: $(grep -o '<c:max[^>]*>' <<<"$chart")"
grep -q '<c:valAx>.*<c:majorUnit val="0.2"/>' <<<"$chart" && ok || not_ok "the axis in round steps"
unzip -p "$tmp/ratio.xlsx" xl/sharedStrings.xml | grep -q '<t>up to the upper bound</t>' && ok || not_ok "the hidden columns are named"
run "$DVKSTAT" crosstab --rows Cấp --cols Năm -f xlsx -o "$tmp/ct.xlsx" "$samples/minh-long.csv"
expect_status 0 "crosstab -f xlsx"
grep -q '<c r="H5"><v>296</v></c>' <<<"$(sheet "$tmp/ct.xlsx" 1)" && ok || not_ok "the grand total"

# sheets named after groups: Excel refuses an apostrophe first or last and
# more than 31 characters; names cut short stay whole characters and apart
printf '%s\n' 'Năm,Nhóm' "2020,'Nhóm đầu'" "2021,'Nhóm đầu'" \
    '2020,Phong trào thi đua dân vận khéo cấp xã' '2021,Phong trào thi đua dân vận khéo cấp huyện' \
    '2022,Phong trào thi đua dân vận khéo cấp huyện' >"$tmp/groups.csv"
run "$DVKSTAT" trend --by Nhóm -f xlsx -o "$tmp/groups.xlsx" "$tmp/groups.csv"
expect_status 0 "trend -f xlsx with awkward group names"
names=$(unzip -p "$tmp/groups.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//; s/"$//')
grep -qx '_Nhóm đầu_' <<<"$names" && ok || not_ok "apostrophes at the ends replaced: $names"
[ "$(grep -c '^Phong trào' <<<"$names")" -eq 2 ] && ok || not_ok "two long names kept apart: $names"
iconv -f UTF-8 -t UTF-8 <<<"$names" >/dev/null 2>&1 && ok || not_ok "names cut at a character boundary"
long=0
while read -r name; do
    [ "$(printf '%s' "$name" | LC_ALL=C.UTF-8 wc -m)" -le 31 ] || long=1
done <<<"$names"
[ "$long" = 0 ] && ok || not_ok "no name over 31 characters"

# only to a file, and atomically
run "$DVKSTAT" count --by Cấp -f xlsx "$samples/minh-long.csv"
expect_status 2 "xlsx to standard output"
expect_err "name it with -o FILE.xlsx" "xlsx needs -o"
echo old >"$tmp/keep.xlsx"
run "$DVKSTAT" count --by Nope -f xlsx -o "$tmp/keep.xlsx" "$samples/minh-long.csv"
[ "$(cat "$tmp/keep.xlsx")" = old ] && ok || not_ok "a failed run leaves the old workbook"
[ "$(ls -A "$tmp" | grep -c '^\.keep')" -eq 0 ] && ok || not_ok "no temporary file left"
finish
