#!/bin/bash
# cli-charts.sh: charts that read at a glance (titles, axis titles, round
# ticks, value labels, no axis below 0 for a share, no chart of one
# period), the page printed on A4 with each chart beside its table, the
# word-processor route (LibreOffice: HTML to .docx to PDF) and the
# workbook's charts, paper, years and sheet names.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

# charts FILE.html PREFIX: each chart's SVG as PREFIX1.svg, PREFIX2.svg …
charts() {
    local k=0 b
    rm -f "$2"*.svg
    for b in $(grep -o 'src="data:image/svg+xml;base64,[^"]*' "$1" | sed 's/^.*base64,//'); do
        k=$((k + 1))
        printf '%s' "$b" | base64 -d >"$2$k.svg"
    done
    echo "$k"
}
# ticks SVG: its tick labels, one line
# (a no-break space read as a space)
ticks() { grep -o '<text class="tick"[^>]*>[^<]*' "$1" | sed 's/.*>//; s/\xc2\xa0/ /g' | tr '\n' ' ' | sed 's/ $//'; }
# values SVG: the labels on its bars or points
values() { grep -o '<text class="value"[^>]*>[^<]*' "$1" | sed 's/.*>//; s/\xc2\xa0/ /g' | tr '\n' ' ' | sed 's/ $//'; }

# --- the Minh Long report, in English (the figures of seed 003)
run "$DVKSTAT" report --lang en --map "$samples/map-minh-long-fields.csv" -o "$tmp/r.html" "$samples/minh-long.csv"
expect_status 0 "report .html"
html="$tmp/r.html"
n=$(charts "$html" "$tmp/c")
[ "$n" -eq 4 ] && ok || not_ok "four charts, got $n"
for k in 1 2 3 4; do
    f="$tmp/c$k.svg"
    grep -q '<text [^>]*class="title"[^>]*>[^<][^<]*</text>' "$f" && ok || not_ok "chart $k: a title"
    [ "$(grep -c 'class="axis-title"' "$f")" -eq 2 ] && ok || not_ok "chart $k: both axes titled"
    grep -q 'rotate(-40' "$f" && not_ok "chart $k: no slanted label" || ok
    ticks "$f" | grep -q -- '-' && not_ok "chart $k: no tick below 0: $(ticks "$f")" || ok
done
# by field: 194, 60, 35, 7 models; long labels, so horizontal bars
[ "$(ticks "$tmp/c1.svg")" = "0 50 100 150 200" ] && ok || not_ok "by field: round ticks, got '$(ticks "$tmp/c1.svg")'"
[ "$(values "$tmp/c1.svg")" = "194 60 35 7" ] && ok || not_ok "by field: values on the bars, got '$(values "$tmp/c1.svg")'"
grep -q 'class="title"[^>]*>Models by Lĩnh vực<' "$tmp/c1.svg" && ok || not_ok "by field: the title names the field"
grep -o '<rect class="bar"[^>]*' "$tmp/c1.svg" | grep -c 'height="14.0"' | grep -qx 4 && ok || not_ok "by field: bars lie horizontal"
# maintained of registered: 12.4 %, 8.3 %, 20.0 %, 57.1 % up to 84.2 %
[ "$(ticks "$tmp/c2.svg")" = "0% 20% 40% 60% 80% 100%" ] && ok || not_ok "ratio: ticks of 20 points, got '$(ticks "$tmp/c2.svg")'"
[ "$(values "$tmp/c2.svg")" = "12.4% 8.3% 20.0% 57.1%" ] && ok || not_ok "ratio: values, got '$(values "$tmp/c2.svg")'"
[ "$(grep -c '<path class="interval"' "$tmp/c2.svg")" -eq 4 ] && ok || not_ok "ratio: four whiskers"
# by level: 157, 77, 62; short labels stand under columns
[ "$(ticks "$tmp/c3.svg")" = "0 50 100 150 200" ] && ok || not_ok "by level: ticks, got '$(ticks "$tmp/c3.svg")'"
grep -o '<rect class="bar"[^>]*' "$tmp/c3.svg" | grep -q 'height="14.0"' && not_ok "by level: columns" || ok
# the trend: 38 52 61 58 55 32, wide enough to read, each point labelled
[ "$(ticks "$tmp/c4.svg")" = "0 20 40 60 80" ] && ok || not_ok "trend: ticks, got '$(ticks "$tmp/c4.svg")'"
[ "$(values "$tmp/c4.svg")" = "38 52 61 58 55 32" ] && ok || not_ok "trend: values, got '$(values "$tmp/c4.svg")'"
width=$(grep -o '<svg [^>]*width="[0-9]*"' "$tmp/c4.svg" | sed 's/.*width="//; s/"//')
[ "${width:-0}" -ge 600 ] && ok || not_ok "trend: $width pixels wide"
grep -q 'alt="Models by Năm"' "$html" && ok || not_ok "the picture's text names the chart"

# --- A4, and no chart apart from its table
grep -q '@page{size:A4' "$html" && ok || not_ok "A4 pages"
grep -q '\.keep{break-inside:avoid' "$html" && ok || not_ok "a kept block is not split"
kept=$(awk '/<div class="keep">/ {inside = 1; table = 0} inside && /<table/ {table = 1}
            /<img class="chart"/ {if (inside && table) k++; else bad++}
            /<\/div>/ {inside = 0} END {print k + 0, bad + 0}' "$html")
[ "$kept" = "4 0" ] && ok || not_ok "each chart in one block with its table (kept, apart): $kept"
grep -q '<table border="1" cellspacing="0" cellpadding="4" width="100%">' "$html" && ok || not_ok "table borders that survive pasting"

# --- a share of 1.5 %: its label with a decimal comma; C's 0 of 5 reaches
# 43 % (Wilson) and its whisker starts at 0
{
    echo 'Nhóm,Đạt'
    for i in $(seq 200); do echo "A,$([ "$i" -le 3 ] && echo có || echo không)"; done
    for i in $(seq 200); do echo "B,$([ "$i" -le 1 ] && echo có || echo không)"; done
    for i in $(seq 5); do echo "C,không"; done
} >"$tmp/share.csv"
run "$DVKSTAT" ratio --by Nhóm --num 'Đạt=có' --decimal-comma -f html -o "$tmp/s.html" "$tmp/share.csv"
expect_status 0 "ratio -f html"
[ "$(charts "$tmp/s.html" "$tmp/s")" -eq 1 ] && ok || not_ok "ratio: one chart"
values "$tmp/s1.svg" | grep -q '^1,5% 0,5% 0,0%$' && ok || not_ok "ratio: '1,5%' on the bar, got '$(values "$tmp/s1.svg")'"
ticks "$tmp/s1.svg" | grep -q -- '-' && not_ok "ratio: no axis below 0, got '$(ticks "$tmp/s1.svg")'" || ok
[ "$(ticks "$tmp/s1.svg")" = "0% 10% 20% 30% 40% 50%" ] && ok || not_ok "ratio: the axis from 0 % in round steps, got '$(ticks "$tmp/s1.svg")'"
# a Vietnamese document writes its charts' figures as its tables do
run "$DVKSTAT" ratio --by Nhóm --num 'Đạt=có' --lang vi -f html -o "$tmp/v.html" "$tmp/share.csv"
charts "$tmp/v.html" "$tmp/v" >/dev/null
values "$tmp/v1.svg" | grep -q '^1,5% 0,5% 0,0%$' && ok || not_ok "ratio --lang vi: '1,5%' on the bar, got '$(values "$tmp/v1.svg")'"
run "$DVKSTAT" ratio --by Nhóm --num 'Đạt=có' --lang en -f html -o "$tmp/e.html" "$tmp/share.csv"
charts "$tmp/e.html" "$tmp/e" >/dev/null
values "$tmp/e1.svg" | grep -q '^1.5% 0.5% 0.0%$' && ok || not_ok "ratio --lang en: '1.5%' on the bar, got '$(values "$tmp/e1.svg")'"
# C's 0 of 5: its whisker from 0 up, never below the axis
grep -o '<path class="interval" d="M[0-9.]* [0-9.]*H' "$tmp/s1.svg" | sed 's/.*d="M//; s/ .*//' >"$tmp/starts"
x0=$(grep -o '<rect class="bar" x="[0-9.]*"' "$tmp/s1.svg" | head -1 | sed 's/.*x="//; s/"//')
awk -v x0="$x0" '$1 < x0 - 0.05 {bad = 1} END {exit bad}' "$tmp/starts" && ok || not_ok "ratio: whiskers clipped at 0"

# --- one period: a sentence, no empty chart
run "$DVKSTAT" trend --lang en -f html -o "$tmp/one.html" "$samples/vung-tau-2022.csv"
expect_status 0 "trend of one year"
[ "$(charts "$tmp/one.html" "$tmp/o")" -eq 0 ] && ok || not_ok "one period: no chart"
grep -q '<p class="no-chart">2022: one period only, so there is no line to draw.</p>' "$tmp/one.html" \
    && ok || not_ok "one period: the sentence instead"
run "$DVKSTAT" trend --lang en -f xlsx -o "$tmp/one.xlsx" "$samples/vung-tau-2022.csv"
expect_status 0 "trend of one year, xlsx"
unzip -l "$tmp/one.xlsx" | grep -q 'xl/charts/' && not_ok "one period: no chart in the workbook" || ok
unzip -p "$tmp/one.xlsx" xl/sharedStrings.xml | grep -q '2022: one period only' && ok || not_ok "one period: the workbook says why"

# --- a forecast drawn with its prediction interval, in the page and the book
run "$DVKSTAT" trend --lang en --forecast 3 -f html -o "$tmp/fc.html" "$samples/minh-long.csv"
expect_status 0 "trend --forecast -f html"
[ "$(charts "$tmp/fc.html" "$tmp/f")" -eq 2 ] && ok || not_ok "forecast: the series and the forecast drawn"
grep -q 'class="title"[^>]*>forecast by Năm<' "$tmp/f2.svg" && ok || not_ok "forecast: its chart titled"
[ "$(grep -c '<path class="interval"' "$tmp/f2.svg")" -eq 3 ] && ok || not_ok "forecast: three intervals"
grep -q '<polyline' "$tmp/f2.svg" && ok || not_ok "forecast: a line"
run "$DVKSTAT" trend --lang en --forecast 3 -f xlsx -o "$tmp/fc.xlsx" "$samples/minh-long.csv"
expect_status 0 "trend --forecast -f xlsx"
unzip -p "$tmp/fc.xlsx" 'xl/charts/chart*.xml' | grep -c '<c:lineChart>' | grep -qx 2 && ok || not_ok "forecast: a line chart in the book"
unzip -p "$tmp/fc.xlsx" 'xl/charts/chart*.xml' | grep -q '<c:errBars>.*<c:errValType val="cust"/>' && ok || not_ok "forecast: its interval as error bars"

# --- the workbook
run "$DVKSTAT" report --lang en --map "$samples/map-minh-long-fields.csv" -o "$tmp/r.xlsx" "$samples/minh-long.csv"
expect_status 0 "report .xlsx"
book="$tmp/r.xlsx"
nsheets=$(unzip -l "$book" | grep -c 'xl/worksheets/sheet[0-9]*\.xml')
[ "$(unzip -p "$book" 'xl/worksheets/sheet*.xml' | grep -o '<pageSetup paperSize="9"' | wc -l)" -eq "$nsheets" ] \
    && ok || not_ok "every sheet on A4"
# the trend sheet (the fourth): years as numbers, the chart below the verdict
trend=$(unzip -p "$book" xl/worksheets/sheet4.xml)
echo "$trend" | grep -q '<c r="A2" s="[0-9]*"><v>2017</v></c>' && ok || not_ok "years stored as numbers"
echo "$trend" | grep -q '<c r="A2"[^>]*t="s"' && not_ok "a year is not text" || ok
last=$(echo "$trend" | grep -o '<row r="[0-9]*"' | tail -1 | sed 's/[^0-9]//g')
anchor=$(unzip -p "$book" xl/drawings/drawing4.xml | grep -o '<xdr:from><xdr:col>[0-9]*</xdr:col><xdr:colOff>[0-9]*</xdr:colOff><xdr:row>[0-9]*' | sed 's/.*<xdr:row>//')
[ -n "$anchor" ] && [ "$anchor" -ge "$last" ] && ok || not_ok "the chart below the last used row ($last), at row $anchor"
for c in $(unzip -l "$book" | grep -o 'xl/charts/chart[0-9]*\.xml'); do
    x=$(unzip -p "$book" "$c")
    [ "$(echo "$x" | grep -o '<c:title>' | wc -l)" -eq 3 ] && ok || not_ok "$c: a title and two axis titles"
    echo "$x" | grep -q '<c:dLbls>' && ok || not_ok "$c: values on the bars"
done
unzip -p "$book" xl/charts/chart2.xml | grep -q '<c:max val="1"/><c:min val="0"/>' && ok || not_ok "the share's axis from 0 to 100 %"
unzip -p "$book" xl/charts/chart1.xml | grep -q '<c:max val="200"/><c:min val="0"/>.*<c:majorUnit val="50"/>' && ok || not_ok "the counts' axis in round steps"
unzip -p "$book" xl/charts/chart1.xml | grep -q '<c:barDir val="bar"/>' && ok || not_ok "long labels: horizontal bars"
# the maintained chart: long field names, so horizontal bars, its
# intervals as error bars along the values (libxlsxwriter's x bars)
m=$(unzip -p "$book" xl/charts/chart2.xml)
echo "$m" | grep -q '<c:barDir val="bar"/>' && echo "$m" | grep -q '<c:errBars>.*<c:errValType val="cust"/>' &&
    ok || not_ok "the maintained chart: horizontal bars with their intervals"

# trend by field: each page and statistics sheet names its field; a long
# name is cut at a word, and two alike stay apart
{
    echo 'Năm,Nhóm'
    for y in 2019 2020 2021 2022; do
        for i in $(seq $((y - 2017))); do
            echo "$y,Duy trì hiệu quả so với năm trước của mô hình"
            echo "$y,Duy trì hiệu quả so với năm trước của điển hình"
            echo "$y,Kinh tế"
        done
    done
} >"$tmp/long.csv"
run "$DVKSTAT" trend --lang en --by Nhóm -f xlsx -o "$tmp/t.xlsx" "$tmp/long.csv"
expect_status 0 "trend -f xlsx --by"
unzip -p "$tmp/t.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | sed 's/<sheet name="//; s/"$//' >"$tmp/sheets"
grep -qx 'Duy trì hiệu quả so với năm' "$tmp/sheets" && ok || not_ok "a long name cut at a word: $(tr '\n' '|' <"$tmp/sheets")"
grep -qx 'Duy trì hiệu quả so với năm 2' "$tmp/sheets" && ok || not_ok "the second kept apart"
grep -qx 'statistics Duy trì hiệu quả so' "$tmp/sheets" && ok || not_ok "a statistics sheet's name cut at a word"
grep -qx 'statistics Kinh tế' "$tmp/sheets" && ok || not_ok "the statistics sheet names its field"
long=0
while read -r name; do
    [ "$(printf '%s' "$name" | LC_ALL=C.UTF-8 wc -m)" -le 31 ] || long=1
done <"$tmp/sheets"
[ "$long" -eq 0 ] && ok || not_ok "sheet names of at most 31 characters"
[ "$(sort "$tmp/sheets" | uniq -d | wc -l)" -eq 0 ] && ok || not_ok "sheet names unique"
for c in $(unzip -l "$tmp/t.xlsx" | grep -o 'xl/charts/chart[0-9]*\.xml'); do
    t=$(unzip -p "$tmp/t.xlsx" "$c" | grep -o '<c:title><c:tx><c:rich>.*' | grep -o '<a:t>[^<]*</a:t>' | head -1)
    case "$t" in
    *'Count by Năm (Nhóm: '*) ok ;;
    *) not_ok "$c: the chart's title names the field: $t" ;;
    esac
done
# statistics: a format of a few significant digits, never 15 digits shown
unzip -p "$tmp/t.xlsx" xl/styles.xml | grep -q 'formatCode="0.000"' && ok || not_ok "statistics formats"
stats=$(grep -n '^statistics Kinh tế$' "$tmp/sheets" | cut -d: -f1)
unzip -p "$tmp/t.xlsx" "xl/worksheets/sheet$stats.xml" | grep -o '<c r="B[0-9]*"><v>[^<]*\.[^<]*</v>' \
    | grep -q . && not_ok "a fraction in the statistics has no format" || ok
unzip -p "$tmp/t.xlsx" "xl/worksheets/sheet$stats.xml" | grep -q '<c r="B1" s="1" t="s">' && ok || not_ok "statistics header"

# --- the word-processor route: LibreOffice makes a .docx of the page, then a PDF
if command -v soffice >/dev/null; then
    lo="$tmp/lo"
    mkdir -p "$lo"
    cp "$html" "$lo/report.html"
    # a profile of its own: another LibreOffice running would refuse the shared one
    office() { soffice -env:UserInstallation="file://$lo/profile" --headless "$@" >/dev/null 2>&1; }
    office --convert-to 'docx:MS Word 2007 XML' --outdir "$lo" "$lo/report.html"
    if [ -s "$lo/report.docx" ]; then
        ok
        [ "$(unzip -l "$lo/report.docx" | grep -c 'word/media/image')" -eq 4 ] && ok || not_ok "docx: the four charts as pictures"
        doc=$(unzip -p "$lo/report.docx" word/document.xml)
        [ "$(echo "$doc" | grep -o '<w:tbl>' | wc -l)" -eq "$(grep -c '<table' "$html")" ] && ok || not_ok "docx: every table"
        echo "$doc" | grep -q '<w:tcBorders><w:top w:val="single"' && ok || not_ok "docx: table borders"
        echo "$doc" | grep -q '<w:jc w:val="right"/>' && ok || not_ok "docx: figures right-aligned"
        # a wide table stays inside the page (the width attribute, which
        # the import reads as 100 % of the text's width)
        echo "$doc" | grep -o '<w:tblW [^>]*>' | grep -vq 'w:w="5000" w:type="pct"' && not_ok "docx: tables as wide as the text" || ok
        echo "$doc" | grep -q '>0</w:t>.*>50</w:t>.*>100</w:t>' && not_ok "docx: no chart as stray text" || ok
        # rows as tall as their text: no half-centimetre paragraph space in a cell
        echo "$doc" | sed 's#</w:tbl>#\n#g' | grep -o '<w:tbl>.*' | grep -q 'w:after="283"' &&
            not_ok "docx: table rows without space under their text" || ok
        office --convert-to pdf --outdir "$lo" "$lo/report.docx"
        if command -v pdfinfo >/dev/null && [ -s "$lo/report.pdf" ]; then
            pdfinfo "$lo/report.pdf" | grep -q 'Page size: *595.* x 841.* pts (A4)' && ok || not_ok "docx: A4 pages"
            pdftotext "$lo/report.pdf" - | grep -q 'Văn hóa - Xã hội' && ok || not_ok "docx: the tables' text"
            # each section heading on the page of its table's first row
            pages=$(pdfinfo "$lo/report.pdf" | sed -n 's/^Pages: *//p')
            for h in 'By field' 'Maintained of registered'; do
                same=0
                for p in $(seq 1 "$pages"); do
                    t=$(pdftotext -f "$p" -l "$p" "$lo/report.pdf" -)
                    case "$t" in *"$h"*) echo "$t" | sed -n "/^$h\$/,\$p" | grep -q 'Kinh tế' && same=1 ;; esac
                done
                [ "$same" -eq 1 ] && ok || not_ok "docx: '$h' on the page of its table"
            done
        else
            echo "pdfinfo (poppler-utils) is not installed or no PDF was made: the docx's pages are not checked"
        fi
    else
        not_ok "LibreOffice made no .docx of the page"
    fi
else
    echo "LibreOffice (soffice) is not installed: the word-processor route is not checked"
fi

echo "cli-charts: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
