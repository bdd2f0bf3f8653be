#!/bin/bash
# cli-messy.sh: a register as offices export it, with the office and the
# name of the list above the table and a "Tổng cộng" row below it
# (tests/data/titled.csv: UTF-8 with BOM, ';', CRLF, money as 12.500.000).
. "$srcdir/tests/lib.sh"
f="$data/titled.csv"

run "$DVKSTAT" count --by 'Lĩnh vực' -f csv "$f"
expect_status 0 "count of a titled register"
expect_out "Lĩnh vực,count,share
An ninh,2,0.333333333333333
Kinh tế,2,0.333333333333333
Văn hóa,2,0.333333333333333
Total,6,1" "the six models, by field, without the title or the total row"
expect_err "titled.csv: the table starts at line 6; the title above it is skipped" "the title is said"
expect_err "titled.csv:13: a subtotal or total row (Cộng …, Tổng cộng …) is left out of the counts; 1 in all" "the total row is said"

run "$DVKSTAT" count --by 'Lĩnh vực' --weight 'Kinh phí (đồng)' --decimal-comma -q -f csv "$f"
expect_status 0 "count with a weight"
grep -q '^Total;80500000;1$' "$tmp/out" && ok || not_ok "the money of the six models, not twice: $(cat "$tmp/out")"
expect_quiet "-q says nothing"

run "$DVKSTAT" count --by 'Lĩnh vực' --keep-total-rows -q -f csv "$f"
grep -q '^Total,7,1$' "$tmp/out" && ok || not_ok "--keep-total-rows counts the total row: $(cat "$tmp/out")"

run "$DVKSTAT" count --by 'Lĩnh vực' --skip-lines 5 -f csv "$f"
grep -q '^Total,6,1$' "$tmp/out" && ok || not_ok "--skip-lines 5: $(cat "$tmp/out")"
! grep -q 'title above it' "$tmp/err" && ok || not_ok "no title note when the lines are named"

run "$DVKSTAT" count --by 'Lĩnh vực' --skip-lines 0 "$f"
expect_status 2 "--skip-lines 0 reads the title as the header"
expect_err "unknown column 'Lĩnh vực'; the columns are 'ỦY BAN NHÂN DÂN XÃ AN PHÚ'" "the title as the header"

run "$DVKSTAT" trend -q -f csv "$f"
expect_status 0 "trend of a titled register"
expect_out "Năm đăng ký,value,change,change_pct
2021,2,,
2022,2,0,0
2023,2,0,0" "trend finds the year column below the title"

run "$DVKSTAT" clean -q "$f"
[ "$(head -1 "$tmp/out")" = "STT,Tên mô hình,Lĩnh vực,Năm đăng ký,Tình trạng,Kinh phí (đồng)" ] && ok ||
    not_ok "clean starts at the header: $(head -1 "$tmp/out")"
[ "$(wc -l <"$tmp/out")" -eq 7 ] && ok || not_ok "clean keeps the header and six rows: $(cat "$tmp/out")"

run "$DVKSTAT" count --by 'Lĩnh vực' --skip-lines x "$f"
expect_status 2 "--skip-lines x"
expect_err "--skip-lines takes a number of lines, not 'x'" "--skip-lines x message"

run "$DVKSTAT" summary -f json "$f"
expect_json '[.files[0].header_line, .files[0].rows_total, .files[0].rows_read]' '[6,1,6]' "summary says where the table starts and the totals"

# Excel's "sep=;" line names the delimiter and is no title; a title with
# no delimiters at all (LibreOffice does not pad it) does not hide the ';'.
printf 'sep=;\r\nMã;Lĩnh vực;Ngày\r\n1;Kinh tế;2021-03-15T00:00:00\r\n2;Văn hóa;15/03/2022 08:30\r\n' >"$tmp/sep.csv"
run "$DVKSTAT" count --by 'Lĩnh vực' -f csv "$tmp/sep.csv"
grep -q '^Total,2,1$' "$tmp/out" && ok || not_ok "sep=; read: $(cat "$tmp/out" "$tmp/err")"
expect_quiet "no note for sep="
printf 'DANH SÁCH MÔ HÌNH\nNăm 2023\nMã;Lĩnh vực;Năm\n1;Kinh tế;2021\n2;"Văn hóa; xã hội";2022\n3;Kinh tế;2023\n' >"$tmp/bare.csv"
run "$DVKSTAT" count --by 'Lĩnh vực' -q -f csv "$tmp/bare.csv"
expect_out 'Lĩnh vực,count,share
Kinh tế,2,0.666666666666667
Văn hóa; xã hội,1,0.333333333333333
Total,3,1' "a bare title over a ';' table"

# Cells merged down in the spreadsheet come out as one value and empty
# cells below it: the (empty) group is said, --fill-down fills them, in
# filters too, and the file is then read by one thread.
printf 'Lĩnh vực,Tên mô hình,Năm\nKinh tế,A,2021\n,B,2021\n,C,2022\nVăn hóa,D,2022\n,E,2023\n' >"$tmp/merged.csv"
run "$DVKSTAT" count --by 'Lĩnh vực' -f csv "$tmp/merged.csv"
grep -q '^,3,0.6$' "$tmp/out" && ok || not_ok "three empty: $(cat "$tmp/out")"
expect_err "3 counted in the (empty) group of 'Lĩnh vực'; if the spreadsheet merged those cells, --fill-down 'Lĩnh vực'" "the note"
run "$DVKSTAT" count --by 'Lĩnh vực' --fill-down linh_vuc -f csv "$tmp/merged.csv"
expect_out 'Lĩnh vực,count,share
Kinh tế,3,0.6
Văn hóa,2,0.4
Total,5,1' "--fill-down"
expect_quiet "no note once filled"
DVKSTAT_DEBUG=parts "$DVKSTAT" count --by Năm --fill-down 'Lĩnh vực' --where 'Lĩnh vực=Kinh tế' -j 2 -f csv "$tmp/merged.csv" >"$tmp/out" 2>"$tmp/err"
expect_out 'Năm,count,share
2021,2,0.666666666666667
2022,1,0.333333333333333
Total,3,1' "a filter sees the filled value"
! grep -q 'two parts' "$tmp/err" && ok || not_ok "filled down, one thread reads"
# A column filled down, however it is named, gets no such note, even
# when its first cells are empty and stay so.
printf 'Lĩnh vực,Năm\n,2021\nKinh tế,2022\n,2023\n' >"$tmp/blank-top.csv"
run "$DVKSTAT" count --by 'Lĩnh vực' --fill-down 1 -f csv "$tmp/blank-top.csv"
expect_out 'Lĩnh vực,count,share
Kinh tế,2,0.666666666666667
,1,0.333333333333333
Total,3,1' "the first cell has nothing above it"
expect_quiet "filled down by number: no note"
run "$DVKSTAT" count --by Năm --fill-down Nope "$tmp/merged.csv"
expect_status 2 "--fill-down of an unknown column"
expect_err "unknown column 'Nope'" "--fill-down Nope message"

# A year column with an Excel date serial in it would make a series of
# 42,000 periods: years and other numbers do not mix.
printf 'Năm,x\n2021,1\n2022,1\n44562,1\n2023,1\n' >"$tmp/serial.csv"
run "$DVKSTAT" trend "$tmp/serial.csv"
expect_status 1 "a serial among years"
expect_err "serial.csv:4:1: '44562' in column 'Năm' is not a year, as the rows above it hold (line 2: '2021')" "the serial is named"
expect_err "a date as Excel counts days" "the hint says why"
run "$DVKSTAT" trend -q --skip-bad-rows -f csv "$tmp/serial.csv"
expect_out 'Năm,value,change,change_pct
2021,1,,
2022,1,0,0
2023,1,0,0' "set aside, the years remain"
printf 'Ngày,x\n44562,1\n44563,1\n44565,1\n' >"$tmp/serials.csv"
run "$DVKSTAT" trend -f csv "$tmp/serials.csv"
expect_err "serials.csv: 3 values of column 'Ngày' are dates as Excel counts days (44562 is 01/01/2022) and are read as those dates" "serials under a date header are said"
expect_out 'Ngày,value,change,change_pct
2022,3,,' "and read as the dates they stand for (44562 is 01/01/2022)"
printf 'Ngày đăng ký,x\n43831,1\n44197,1\n44196,1\n44927,1\n' >"$tmp/serials-years.csv"
run "$DVKSTAT" trend -q -f csv "$tmp/serials-years.csv"
expect_out 'Ngày đăng ký,value,change,change_pct
2020,2,,
2021,1,-1,-50
2022,0,-1,-100
2023,1,1,' "serials by year: 43831 is 01/01/2020, 44196 31/12/2020, 44927 01/01/2023 (Excel's DATE())"
printf 'Kỳ,x\n1,1\n2,1\n3,5\n' >"$tmp/periods.csv"
run "$DVKSTAT" trend -q -f csv --time Kỳ "$tmp/periods.csv"
expect_out 'Kỳ,value,change,change_pct
1,1,,
2,1,0,0
3,1,0,0' "periods numbered 1, 2, 3 still read"

# A first data row with one cell filled is not a title: the header fills
# three cells, the fullest row three.
printf 'a,b,c\nx,,\n1,2,3\n' >"$tmp/sparse.csv"
run "$DVKSTAT" count --by a -q -f csv "$tmp/sparse.csv"
grep -q '^x,1,' "$tmp/out" && ok || not_ok "a sparse first row is data: $(cat "$tmp/out")"
# "Cộng đồng" is not "Cộng"; a model named "Tổng vệ sinh" is a model.
# Totals in capitals, decomposed (o + U+0302 + U+0309), with a colon or
# spaces are totals too.
printf 'Tên,Lĩnh vực\nTổng vệ sinh,Cộng đồng\nCộng,x\nTỔNG CỘNG,y\nTo\xcc\x82\xcc\x89ng so\xcc\x82\xcc\x81:,z\n Total ,w\nTổ tự quản,Cộng đồng\n' >"$tmp/words.csv"
run "$DVKSTAT" count --by 'Lĩnh vực' -f csv "$tmp/words.csv"
grep -q '^Cộng đồng,2,' "$tmp/out" && ok || not_ok "Cộng đồng counted: $(cat "$tmp/out")"
grep -q '^Total,2,1$' "$tmp/out" && ok || not_ok "the rows that say only a total word are totals: $(cat "$tmp/out")"
expect_err "words.csv:3: a subtotal or total row (Cộng …, Tổng cộng …) is left out of the counts; 4 in all" "four totals"
# A row that says "Cộng xã A" as a subtotal does but fills key columns as
# a record missing a cell does: in a table that is not a form its numbers
# prove nothing, and either reading changes Xã A's count (2 or 3) and its
# sum (8 or 16), so the run stops at it.
printf 'STT,Xã,Tên mô hình,Lĩnh vực,Số hộ\n1,Xã A,M1,Kinh tế,5\n2,Xã A,M2,Kinh tế,3\n,Xã A,Cộng xã A,,8\n3,Xã B,M3,Y tế,4\n4,Xã B,M4,Y tế,6\n5,Xã B,M5,Y tế,1\n,Xã B,Cộng: 3 mô hình,,11\n' >"$tmp/labelled.csv"
run "$DVKSTAT" count --by Xã --sum 'Số hộ' -f csv "$tmp/labelled.csv"
expect_status 1 "a labelled subtotal that fills key columns"
expect_err "labelled.csv:4:7: this row says 'Cộng xã A' as a subtotal does" "the row asked about, line and column"
expect_err "--keep-subtotals" "the option that settles it"
[ ! -s "$tmp/out" ] && ok || not_ok "no figures before the question: $(cat "$tmp/out")"
run "$DVKSTAT" count --by Xã --sum 'Số hộ' --keep-subtotals -q -f csv "$tmp/labelled.csv"
grep -q '^Xã A,3,' "$tmp/out" && ok || not_ok "--keep-subtotals counts them: $(cat "$tmp/out")"
# In a form (a section heading makes it one) whose labelled rows hold the
# sums of the rows above them, they are subtotals: Xã A 2 (5+3), Xã B 2
# (4+6), the grand total 18 left out too.
printf 'STT,Xã,Tên mô hình,Lĩnh vực,Số hộ\nI,Huyện A,,,\n1,Xã A,M1,Kinh tế,5\n2,Xã A,M2,Kinh tế,3\n,Xã A,Cộng xã A,,8\n3,Xã B,M3,Y tế,4\n4,Xã B,M4,Y tế,6\n,Xã B,Cộng xã B,,10\n,,Tổng cộng,,18\n' >"$tmp/summed.csv"
run "$DVKSTAT" count --by Xã --sum 'Số hộ' -q -f csv "$tmp/summed.csv"
expect_status 0 "labelled subtotals holding the sums"
grep -q '^Xã A,2,.*,8$' "$tmp/out" && grep -q '^Xã B,2,.*,10$' "$tmp/out" && ok ||
    not_ok "subtotals that hold the sums are left out: $(cat "$tmp/out")"
finish
