#!/bin/bash
# cli-report.sh: dvkstat report in Markdown, HTML and xlsx; the figures are
# those of the Minh Long report (seed 003) and of R where statistics.
. "$srcdir/tests/lib.sh"
# The register ends on 17/6/2022: --include-partial counts 2022 in the
# trend as a year, the figures R gives for the six counts.
run "$DVKSTAT" report --include-partial --map "$samples/map-minh-long-fields.csv" -o "$tmp/r.md" "$samples/minh-long.csv"
expect_status 0 "report .md"
# Kinh tế's 4 of 7: two expected counts below 5, as chisq.test warns
expect_err "2 tần số kỳ vọng dưới 5 (nhỏ nhất là 0,95)" "report .md: the small-count warning"
md="$tmp/r.md"
grep -qx '# Báo cáo phong trào thi đua “Dân vận khéo”' "$md" && ok || not_ok "Vietnamese title"
grep -qx 'Tổng số mô hình, điển hình đăng ký: 296 (2017–2022, đến 17/6).' "$md" && ok || not_ok "296 registered, 2017-2022"
grep -q '^| Văn hóa - Xã hội  *|  *24 |  *194 |  *12.4% |  *8.5% |  *17.7% |' "$md" && ok || not_ok "maintained of registered with Wilson intervals"
grep -q '^| Tổng  *|  *40 |  *296 |' "$md" && ok || not_ok "40 of 296 maintained"
# chisq.test(cbind(c(4, 24, 7, 5), c(3, 170, 28, 55)), correct = FALSE)
grep -q 'X² = 14,26, bậc tự do 3: khác biệt có ý nghĩa thống kê (p = 0,0026)' "$md" && ok || not_ok "chi-square"
grep -q '^| Thôn  *|  *157 |' "$md" && ok || not_ok "by level"
grep -qx 'Nhận định: không có xu hướng rõ rệt, bình quân −1,4% mỗi năm, p = 1 (quasi-Poisson: số đếm dao động gấp 3,4 lần mức ngẫu nhiên).' "$md" && ok || not_ok "trend verdict"
# k <- c(24, 5, 7, 4); n <- c(194, 60, 35, 7); fisher.test(cbind(k, n - k))$p.value
# is 0.0088005425336927529
grep -qx 'Phép xấp xỉ khi bình phương có thể không đúng: 2 tần số kỳ vọng dưới 5, nên đọc kết quả kiểm định chính xác Fisher: khác biệt có ý nghĩa thống kê (p = 0,0088).' "$md" && ok || not_ok "report: exact test and warning"
# summary(glm(y ~ t, family = quasipoisson)) on 38, 52, 61, 58, 55, 32:
# dispersion 3.4265, exp(b -/+ qt(0.975, 4) * se) - 1 = -0.1721, 0.1747
grep -qx 'Tốc độ tăng −1,4% mỗi năm, khoảng tin cậy 95% từ −17,2% đến +17,5% (quasi-Poisson): số mô hình hằng năm dao động gấp 3,4 lần mức do ngẫu nhiên, nên khoảng Poisson (−7,7% đến +5,4%) sẽ hẹp quá mức.' "$md" && ok || not_ok "report: the quasi-Poisson interval and why"
grep -qx 'Năm 2022, đến 17/6: giảm 23 mô hình (42%) so với năm 2021.' "$md" && ok || not_ok "report: change since last year"
# p.adjust(c(0.8483117025202374, 1, 0.7071142312899614, 1), "holm"): all 1
grep -q '^| Quốc phòng - An ninh  *|  *4 |  *2 |  *0,707 |  *1 | không có xu hướng' "$md" && ok || not_ok "report: adjusted p beside the raw one"
grep -q 'phương pháp Holm cho cả 4 lĩnh vực' "$md" && ok || not_ok "report: the adjustment said"
grep -q '^## ' "$md" && [ "$(grep -c '^## ' "$md")" -eq 4 ] && ok || not_ok "four sections"

# Without --include-partial the last year, which the dates end on 17/6, is
# marked in the table and left out of the trend, and the report says so.
run "$DVKSTAT" report --map "$samples/map-minh-long-fields.csv" -o "$tmp/p.md" "$samples/minh-long.csv"
expect_status 0 "report, partial last year"
grep -q '^| 2022, đến 17/6  *|  *32 |$' "$tmp/p.md" && ok || not_ok "the partial year marked in the table"
grep -qx 'Ngày cuối cùng trong sổ đăng ký là 17/6/2022, nên năm 2022 chưa trọn năm: năm này không được tính vào xu hướng và nhận định (--include-partial để tính vào).' "$tmp/p.md" &&
    ok || not_ok "the partial year said"
# glm(c(38, 52, 61, 58, 55) ~ t, poisson): exp(b) - 1 = +7.9 %
grep -q '^Nhận định: .*bình quân +7,9% mỗi năm' "$tmp/p.md" && ok || not_ok "the verdict on the whole years: $(grep 'Nhận định' "$tmp/p.md")"
grep -qx 'Nguồn: minh-long.csv.' "$tmp/p.md" && ok || not_ok "the source by its file name"
run "$DVKSTAT" report --lang en -o "$tmp/p-en.md" "$samples/minh-long.csv"
grep -q '^| 2022, to 17/6  *|  *32 |$' "$tmp/p-en.md" && ok || not_ok "en: 2022, to 17/6"
grep -qx '2022, to 17/6: down 23 models, 42% on 2021.' "$tmp/p-en.md" && ok || not_ok "en: the change names the partial year"
# Every status is "Đăng ký": one sentence, no maintained section; one
# year reads "(2022)".
run "$DVKSTAT" report -o "$tmp/vt.md" "$samples/vung-tau-2022.csv"
grep -q '^## Duy trì' "$tmp/vt.md" && not_ok "no maintained section without maintained statuses" || ok
grep -q "^Cột tình trạng 'Tình trạng' không cho biết mô hình nào còn duy trì" "$tmp/vt.md" && ok || not_ok "the sentence that says why"
grep -qx 'Tổng số mô hình, điển hình đăng ký: 416 (2022).' "$tmp/vt.md" && ok || not_ok "one year: (2022)"

run "$DVKSTAT" report --lang en --map "$samples/map-minh-long-fields.csv" -o "$tmp/r.html" "$samples/minh-long-cp1258.csv"
expect_status 0 "report .html"
html="$tmp/r.html"
html_cells "$html"
grep -q '^<html lang="en">' "$html" && ok || not_ok "html lang"
grep -q '<h2>Maintained of registered</h2>' "$html" && ok || not_ok "English headings"
grep -q '<td>Kinh tế</td><td class="num" align="right">4</td><td class="num" align="right">7</td><td class="num" align="right">57.1%</td><td class="num" align="right">25.0%</td><td class="num" align="right">84.2%</td>' "$html" \
    && ok || not_ok "html table with a share"
# the charts are SVG pictures (tests/cli-charts.sh reads them)
grep -o 'src="data:image/svg+xml;base64,[^"]*' "$html" | sed 's/^.*base64,//' >"$tmp/charts"
[ "$(wc -l <"$tmp/charts")" -eq 4 ] && ok || not_ok "four charts as SVG pictures"
while read -r b; do printf '%s' "$b" | base64 -d; done <"$tmp/charts" >"$tmp/charts.svg"
grep -q '<polyline points=' "$tmp/charts.svg" && ok || not_ok "the trend as a line"
[ "$(grep -c '<path class="interval"' "$tmp/charts.svg")" -eq 4 ] && ok || not_ok "the four fields' intervals as whiskers"
grep -qi -e '<script' -e '<link' "$html" && not_ok "the page loads nothing from elsewhere" || ok
grep -o 'src="[^"]*' "$html" | grep -qv '^src="data:' && not_ok "pictures only from data: addresses" || ok
grep -o 'https\?://[^"]*' "$html" "$tmp/charts.svg" | sed 's/^[^:]*://' | grep -v '^http://www.w3.org/2000/svg$' | grep -q . && not_ok "no outside address" || ok
grep -q '@media print' "$html" && ok || not_ok "print style"

# every status of this register is "Đăng ký": --maintained draws the table
run "$DVKSTAT" report --roster "$samples/vung-tau-roster.csv" --key 'Phường, xã' \
    --maintained 'Tình trạng=Đăng ký' -o "$tmp/vt.xlsx" "$samples/vung-tau-2022.csv"
expect_status 0 "report .xlsx with a roster"
unzip -p "$tmp/vt.xlsx" xl/workbook.xml | grep -o '<sheet name="[^"]*"' | tr '\n' ' ' >"$tmp/sheets"
grep -q 'Theo lĩnh vực.*Xu hướng theo thời gian.*Đơn vị có đăng ký"' "$tmp/sheets" && ok || not_ok "sheets: $(cat "$tmp/sheets")"
[ "$(unzip -l "$tmp/vt.xlsx" | grep -c 'xl/charts/chart')" -ge 2 ] && ok || not_ok "native charts"
unzip -p "$tmp/vt.xlsx" 'xl/charts/chart*.xml' | grep -q '<c:errValType val="cust"/><c:noEndCap val="0"/><c:plus><c:numRef>' && ok || not_ok "the maintained share's intervals as error bars"
unzip -p "$tmp/vt.xlsx" xl/sharedStrings.xml | grep -q '15/17 đơn vị (88,2%) đăng ký từ 1 mô hình trở lên.' && ok || not_ok "coverage line"
unzip -p "$tmp/vt.xlsx" xl/sharedStrings.xml | grep -q '<t>không có trong danh sách</t>' && ok || not_ok "Phường 6 not in the roster"

run "$DVKSTAT" report "$samples/minh-long.csv"
expect_status 2 "report without -o"
run "$DVKSTAT" report -o "$tmp/r.pdf" "$samples/minh-long.csv"
expect_status 2 "report with an unknown extension"
printf 'a,b\nx,1\n' >"$tmp/nofield.csv"
run "$DVKSTAT" report -o "$tmp/x.md" "$tmp/nofield.csv"
expect_status 2 "no field column"
expect_err "không tìm thấy cột lĩnh vực; hãy chỉ rõ bằng --field CỘT" "no field column hint, in Vietnamese"
run "$DVKSTAT" report --lang en -o "$tmp/x.md" "$tmp/nofield.csv"
expect_err "no field column found; name it with --field COL" "the same with --lang en"
# Maintained: a status that holds the words of a maintained model, and
# no negation ("Không hiệu quả" and "Ngừng duy trì" are not maintained).
printf '%s\n' 'Lĩnh vực,Năm,Tình trạng' 'Kinh tế,2021,Duy trì' 'Kinh tế,2021,Không hiệu quả' \
    'Kinh tế,2022,Ngừng duy trì' 'Văn hóa,2022,Đang thực hiện' 'Văn hóa,2023,Ngừng hoạt động' \
    'Văn hóa,2023,Hoạt động tốt' 'Văn hóa,2023,Đã đăng ký' >"$tmp/status.csv"
run "$DVKSTAT" report --lang en -o "$tmp/status.md" "$tmp/status.csv"
expect_status 0 "report of statuses"
grep -q '^| Total *| *3 | *7 |' "$tmp/status.md" && ok || not_ok "3 of 7 maintained: $(grep -A8 'Maintained of' "$tmp/status.md")"
grep -q '^| Kinh tế *| *1 | *3 |' "$tmp/status.md" && ok || not_ok "1 of 3 in Kinh tế"
finish
