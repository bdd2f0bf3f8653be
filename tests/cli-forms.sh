#!/bin/bash
# cli-forms.sh: registers laid out as offices lay out their forms: every
# case of tests/forms/ ends with the true figure or a refusal naming the
# option that settles it; the decisions are said, counted and overridden.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
forms="$srcdir/tests/forms"

# the corpus: no check may end with exit 0 and a wrong figure, and every
# case ends PASS or REFUSED-OK
DVKSTAT="$DVKSTAT" "$forms/run-forms.sh" >"$tmp/forms.txt" 2>&1
summary=$(tail -1 "$tmp/forms.txt")
case $summary in
*"WRONG 0, REFUSED-OK "*", REFUSED 0; checks"*"WRONG 0"*) ok ;;
*) not_ok "tests/forms: $summary; $(grep -E '^(WRONG|REFUSED) ' "$tmp/forms.txt" | head -3 | paste -sd' ')" ;;
esac

# a form with a title, a two-row header, column numbers, a section, a
# subtotal, a total and a signature block: each said once, with its line
printf '%s\r\n' 'UBND XÃ AN PHÚ;;;;CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM;' \
    'BAN DÂN VẬN;;;;Độc lập - Tự do - Hạnh phúc;' ';;;;;' \
    'STT;Tên mô hình;Lĩnh vực;Năm;Kết quả;' ';;;;Số hộ;Kinh phí (đồng)' \
    '(1);(2);(3);(4);(5);(6)' 'I. CẤP XÃ;;;;;' \
    '1;Vườn mẫu;Kinh tế;2021;1.200;21.500.000' '2;Loa phường;Quốc phòng - An ninh;2022;300;2.000.000' \
    '3;Tủ sách cộng đồng;Văn hóa - Xã hội;2022;;' \
    ';Cộng I;;;1.500;23.500.000' ';Tổng cộng;;;1.500;23.500.000' ';;;;;' \
    ';;;;An Phú, ngày 15 tháng 12 năm 2023;' 'NGƯỜI LẬP BIỂU;;;;TM. BAN THƯỜNG VỤ;' \
    ';;;;Nguyễn Văn A;' >"$tmp/form.csv"
run "$DVKSTAT" count --by 'Lĩnh vực' --weight 'Số hộ' --skip-bad-rows -f json "$tmp/form.csv"
expect_status 0 "a whole form"
expect_json '.total' '1500' "households summed over the models only, '.' grouping thousands"
expect_err "form.csv:4: the header takes 2 rows" "the header's rows said"
expect_err "form.csv:6: a row of column numbers" "the column numbers said"
expect_err "form.csv:7: a section heading" "the section said"
expect_err "form.csv:11: a subtotal or total row" "the subtotals said, from the first"
expect_err "2 in all (--keep-subtotals" "both subtotals counted"
expect_err "form.csv:14: the table ends here" "the table's end said"
expect_err "9 rows read, 0 rejected, 6 left out (subtotals, headings, notes), 3 counted" \
    "rows read = counted + filtered + rejected + left out"
[ "$(grep -c 'subtotal or total row' "$tmp/err")" = 1 ] && ok || not_ok "a decision said more than once"
run "$DVKSTAT" count --by 'Lĩnh vực' --weight 'Kinh phí (đồng)' -f json "$tmp/form.csv"
expect_json '.total' '23500000' "money: 21.500.000 proves grouping"
run "$DVKSTAT" count --by 'Kết quả / Số hộ' -q -f json "$tmp/form.csv"
expect_status 0 "the combined name"
run "$DVKSTAT" count --by 1 --keep-subtotals --keep-sections --table-end none -q -f json "$tmp/form.csv"
expect_json '.total' '9' "every row kept (3 models, 1 heading, 2 subtotals, 3 of the signature)"
run "$DVKSTAT" count --by 1 --keep-notes -q -f json "$tmp/form.csv"
expect_json '.total' '6' "--keep-notes keeps the signature block"
run "$DVKSTAT" count --by 'Số hộ' --header-rows 1 -q -f json "$tmp/form.csv"
expect_status 2 "--header-rows 1 makes the sub-headings a data row"

# summary shows what was found
run "$DVKSTAT" summary -f json "$tmp/form.csv"
expect_json '[.files[0].title_rows, .files[0].header_rows, .files[0].column_numbers_line, .files[0].rows_section, .files[0].rows_subtotal, .files[0].rows_after_table]' \
    '[2,2,6,1,2,3]' "summary: title, header rows, column numbers, rows left out"
expect_json '[.files[0].columns[] | select(.numbers) | [.name, .numbers]]' \
    '[["STT","not decided: no value says"],["Kết quả / Số hộ","1.234,5 (from the file)"],["Kết quả / Kinh phí (đồng)","1.234,5"]]' \
    "summary: each numeric column's convention"

# "Cộng đồng" begins a name: not a subtotal
printf '%s\n' 'STT,Tên mô hình,Lĩnh vực,Năm' '1,Cộng đồng xanh,Kinh tế,2021' \
    '2,Tủ sách,Văn hóa - Xã hội,2022' '3,Loa,Kinh tế,2023' >"$tmp/cd.csv"
run "$DVKSTAT" count --by 3 -q -f json "$tmp/cd.csv"
expect_json '.total' '3' "Cộng đồng … is a model"

# a roster "1, Xã Bình Ba": names with a serial, as full as any row, are data
printf '%s\n' 'STT,Tên xã' '1,Xã Bình Ba' '2,Xã Bình Giã' '3,Thị trấn Ngãi Giao' >"$tmp/ro.csv"
run "$DVKSTAT" count --by 2 -q -f json "$tmp/ro.csv"
expect_json '.total' '3' "a roster's rows are not headings"

# numbers: 2.178 alone in a ',' file says nothing: an error naming both options
printf '%s\n' 'Lĩnh vực,Diện tích' 'Kinh tế,2.178' 'Kinh tế,1.250' >"$tmp/amb.csv"
run "$DVKSTAT" count --by 1 --weight 'Diện tích' "$tmp/amb.csv"
expect_status 1 "an undecidable column"
expect_err "--decimal-comma reads 1.234 as 1234, --decimal-point as 1.234" "both options named"
run "$DVKSTAT" count --by 1 --weight 'Diện tích' --decimal-point -q -f json "$tmp/amb.csv"
expect_close '.total' '3.428' "--decimal-point settles it"
run "$DVKSTAT" count --by 1 --weight 'Diện tích' --decimal-comma -q -f json "$tmp/amb.csv"
expect_json '.total' '3428' "--decimal-comma settles it"
# … and a decimal elsewhere in the file settles it, with a note
printf '%s\n' 'Lĩnh vực,Diện tích,Tỷ lệ' 'Kinh tế,2.178,0.5' 'Kinh tế,1.250,0.25' >"$tmp/pt.csv"
run "$DVKSTAT" count --by 1 --weight 'Diện tích' -f json "$tmp/pt.csv"
expect_close '.total' '3.428' "decided from the file"
expect_err "in column 'Diện tích', '.' is read as a decimal point" "the decision said"
# … and a ';' file reads it as grouping
printf '%s\n' 'Lĩnh vực;Số hộ' 'Kinh tế;2.178' 'Kinh tế;1.250' >"$tmp/sc.csv"
run "$DVKSTAT" count --by 1 --weight 'Số hộ' -f json "$tmp/sc.csv"
expect_json '.total' '3428' "a ';' file groups thousands"
expect_err "'.' is read as grouping thousands" "the decision said"
# "21.500.000đ" where '.' is a decimal point: the option that reads it
printf '%s\n' 'Lĩnh vực,Kinh phí,Tỷ lệ' 'Kinh tế,21.500.000đ,0.5' >"$tmp/m.csv"
run "$DVKSTAT" count --by 1 --weight 'Kinh phí' --decimal-point "$tmp/m.csv"
expect_status 1 "21.500.000đ read with a decimal point"
expect_err "--decimal-comma reads '21.500.000đ'" "the option that reads it"

# a header of one row or two that the rows below do not settle
printf '%s\n' 'STT,Đơn vị,Số mô hình,' ',,12,30' '1,Xã A,3,4' >"$tmp/h.csv"
run "$DVKSTAT" count --by 2 "$tmp/h.csv"
expect_status 1 "an ambiguous header"
expect_err "--header-rows 1 or --header-rows 2" "the option that settles it"

# a workbook form: the group heading merged over its sub-headings, the
# units merged down
if [ -f "$srcdir/tests/books/form.xlsx" ]; then
    run "$DVKSTAT" count --by 'Xã' --weight 'Đăng ký' -f json "$srcdir/tests/books/form.xlsx"
    expect_status 0 "a workbook form"
    expect_json '.total' '10' "the models registered, subtotals left out"
    expect_json '[.groups[] | [.key["Xã"], .count]]' '[["Xã A",6],["Xã B",4]]' "the units merged down"
    run "$DVKSTAT" ratio --num-col 'Duy trì' --den-col 'Đăng ký' -q -f json "$srcdir/tests/books/form.xlsx"
    expect_json '[.overall.num, .overall.den]' '[7,10]' "the sub-headings found by their part"
fi
finish
