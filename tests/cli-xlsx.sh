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
strings_of "$tmp/trend.xlsx" | grep -q 'no trend, about -1.4 % a year, p = 1' && ok || not_ok "the verdict in the workbook"

# ratio and crosstab
run "$DVKSTAT" ratio --by linh_vuc --map "$samples/map-minh-long-fields.csv" --num 'Tình trạng=Duy trì, hiệu quả' -f xlsx -o "$tmp/ratio.xlsx" "$samples/minh-long.csv"
expect_status 0 "ratio -f xlsx"
grep -q '<c r="D2" s="2"><v>0.5714285714285714</v></c>' <<<"$(sheet "$tmp/ratio.xlsx" 1)" && ok || not_ok "4 of 7 as a percentage"
strings_of "$tmp/ratio.xlsx" | grep -q 'chi-square test that the ratio is the same' && ok || not_ok "the test below the table"
unzip -p "$tmp/ratio.xlsx" xl/charts/chart1.xml | grep -q 'formatCode="0%"' && ok || not_ok "the ratio axis in percent"
grep -q '<pageSetup fitToHeight="0" orientation="landscape"/>' <<<"$(sheet "$tmp/ratio.xlsx" 1)" && ok || not_ok "printed landscape, one page wide"
run "$DVKSTAT" crosstab --rows Cấp --cols Năm -f xlsx -o "$tmp/ct.xlsx" "$samples/minh-long.csv"
expect_status 0 "crosstab -f xlsx"
grep -q '<c r="H5"><v>296</v></c>' <<<"$(sheet "$tmp/ct.xlsx" 1)" && ok || not_ok "the grand total"

# only to a file, and atomically
run "$DVKSTAT" count --by Cấp -f xlsx "$samples/minh-long.csv"
expect_status 2 "xlsx to standard output"
expect_err "name it with -o FILE.xlsx" "xlsx needs -o"
echo old >"$tmp/keep.xlsx"
run "$DVKSTAT" count --by Nope -f xlsx -o "$tmp/keep.xlsx" "$samples/minh-long.csv"
[ "$(cat "$tmp/keep.xlsx")" = old ] && ok || not_ok "a failed run leaves the old workbook"
[ "$(ls -A "$tmp" | grep -c '^\.keep')" -eq 0 ] && ok || not_ok "no temporary file left"
finish
