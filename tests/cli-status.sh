#!/bin/bash
# cli-status.sh: the report's "maintained of registered" by the library's
# status rule: stop words, "not yet", an x in per-status columns, and a
# sentence where the status column says nothing.  The expected figures are
# those of tests/reference/forms.R's rule, counted by hand on these rows.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

# The maintained-of-registered rows of a Markdown report: field, k, n.
maintained() {
    awk -F'|' '/^## /{s = ($0 ~ /^## Maintained of registered/); n = 0}
        s && /^\|/ {if (++n <= 2) next
            for (i = 2; i <= 4; i++) gsub(/^ +| +$/, "", $i)
            print $2 "," $3 "," $4}' "$1"
}

printf '%s\n' 'Lĩnh vực,Năm,Tình trạng' \
    'Kinh tế,2020,Đang duy trì' 'Kinh tế,2021,Ngưng hoạt động' 'Kinh tế,2022,Ngưng duy trì' \
    'Kinh tế,2022,"Duy trì, hiệu quả"' 'Văn hóa,2020,Tạm dừng' 'Văn hóa,2021,Không còn duy trì' \
    'Văn hóa,2021,Giải thể' 'Văn hóa,2022,Chưa triển khai' 'Văn hóa,2022,Đang hoạt động' \
    'Văn hóa,2023,Thôi hoạt động' >"$tmp/words.csv"
run "$DVKSTAT" report --lang en -o "$tmp/words.md" "$tmp/words.csv"
expect_status 0 "report on stop words"
maintained "$tmp/words.md" >"$tmp/out"
expect_out 'Văn hóa,1,6
Kinh tế,2,4
Total,3,10' "a stop is not maintained, whatever maintained word it holds"
run "$DVKSTAT" report --lang en --maintained 'Tình trạng=Ngưng hoạt động' -o "$tmp/words.md" "$tmp/words.csv"
maintained "$tmp/words.md" >"$tmp/out"
expect_out 'Văn hóa,0,6
Kinh tế,1,4
Total,1,10' "--maintained still overrides the rule"

# a form with a column per status, marked with an x
printf '%s\n' 'Lĩnh vực,Năm,Duy trì,Không duy trì' 'Kinh tế,2020,x,' 'Kinh tế,2021,,x' \
    'Kinh tế,2022,X,' 'Văn hóa,2021,,x' 'Văn hóa,2022,x,' 'Văn hóa,2023,x,x' >"$tmp/x.csv"
run "$DVKSTAT" report --lang en -o "$tmp/x.md" "$tmp/x.csv"
expect_status 0 "report on per-status columns"
maintained "$tmp/x.md" >"$tmp/out"
expect_out 'Kinh tế,2,3
Văn hóa,1,3
Total,3,6' "the x says the status; a row marked twice is not maintained"
expect_err "1 rows are marked in two status columns of 'Duy trì / Không duy trì'" "the double mark is said"
printf '%s\n' 'Lĩnh vực,Năm,Đang hoạt động,Ngừng hoạt động' 'Kinh tế,2020,x,' \
    'Kinh tế,2021,,x' 'Kinh tế,2022,,x' >"$tmp/x2.csv"
run "$DVKSTAT" report --lang en -o "$tmp/x2.md" "$tmp/x2.csv"
maintained "$tmp/x2.md" >"$tmp/out"
expect_out 'Kinh tế,1,3
Total,1,3' "Đang hoạt động / Ngừng hoạt động columns"

# a status column that says nothing of maintained or stopped
printf '%s\n' 'Lĩnh vực,Năm,Tình trạng' 'Kinh tế,2020,Đăng ký' 'Kinh tế,2021,Đăng ký' \
    'Văn hóa,2022,Đăng ký' >"$tmp/none.csv"
run "$DVKSTAT" report --lang en -o "$tmp/none.md" "$tmp/none.csv"
expect_status 0 "report on a status that says nothing"
grep -q "The status column 'Tình trạng' says of no model whether it is maintained or stopped" \
    "$tmp/none.md" && ok || not_ok "a sentence says so"
grep -q '| Total *| *0 *|' "$tmp/none.md" && not_ok "no 0 % table is drawn" || ok
run "$DVKSTAT" report --lang vi -o "$tmp/none-vi.md" "$tmp/none.csv"
grep -q "Cột tình trạng 'Tình trạng' không cho biết" "$tmp/none-vi.md" && ok || not_ok "the sentence in Vietnamese"

# statuses the rule does not know are counted as not maintained, and said
printf '%s\n' 'Lĩnh vực,Năm,Tình trạng' 'Kinh tế,2020,Duy trì' 'Kinh tế,2021,Xem lại' \
    'Kinh tế,2022,' >"$tmp/odd.csv"
run "$DVKSTAT" report --lang en -o "$tmp/odd.md" "$tmp/odd.csv"
expect_err "2 rows have a status in 'Tình trạng' that says neither maintained nor stopped" \
    "unknown statuses are said"

finish
