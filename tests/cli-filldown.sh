#!/bin/bash
# cli-filldown.sh: a CSV keeps only the first cell of a merged area, so an
# empty cell under a unit is the same unit or none: the unit column is
# filled down only where the file closes each block, and otherwise the run
# stops with the place and the options that say which.  Rows that read as
# headings or notes but fill every column a record fills are asked about too.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

# district agencies after the communes, the district written again: filled
# down, they would count as Xã B (5 instead of 3)
printf 'Huyện,Xã,Tên mô hình,Lĩnh vực,Năm\nPhú Tân,Xã A,M1,Kinh tế,2022\n,,M2,Kinh tế,2022\n,Xã B,M3,Y tế,2022\n,,M4,Y tế,2022\n,,M5,Y tế,2022\nPhú Tân,,Phòng Nội vụ,Y tế,2022\nPhú Tân,,Công an huyện,Y tế,2022\n' >"$tmp/a.csv"
run "$DVKSTAT" count --by Xã "$tmp/a.csv"
expect_status 1 "an empty commune after the district's own row"
[ -s "$tmp/out" ] && not_ok "no figure printed: $(cat "$tmp/out")" || ok
expect_err "a.csv:7:9: column 'Xã' is empty here after 'Xã B', and column 'Huyện' names a unit on this row: the same unit as above (cells merged down) or no unit?" \
    "the place, the value above and the outer column"
expect_err "hint: --fill-down 'Xã' gives such cells the unit above, --no-fill-down leaves them empty" \
    "both options named"
# not a row error: --skip-bad-rows does not set it aside
run "$DVKSTAT" count --by Xã --skip-bad-rows "$tmp/a.csv"
expect_status 1 "--skip-bad-rows does not silence the question"
# the options say which, and silence it
run "$DVKSTAT" count --by Xã --fill-down Xã -f json "$tmp/a.csv"
expect_status 0 "--fill-down Xã"
expect_json '[.groups[] | [(.key | to_entries[0].value), .count]]' '[["Xã B",5],["Xã A",2]]' "--fill-down: as asked"
run "$DVKSTAT" count --by Xã --no-fill-down -f json "$tmp/a.csv"
expect_status 0 "--no-fill-down"
expect_json '[.groups[] | select((.key | to_entries[0].value) == "") | .count]' '[5]' "--no-fill-down: as read"
run "$DVKSTAT" count --by Xã --lang vi "$tmp/a.csv"
expect_err "cột 'Xã' để trống ở đây sau 'Xã B'" "the question in Vietnamese"

# every empty cell inside a block the next name closes: filled, with the note
printf 'STT,Xã,Tên mô hình,Năm\n1,Xã A,M1,2020\n2,,M2,2021\n3,,M3,2022\n4,Xã B,M4,2020\n5,,M5,2021\n6,Xã C,M6,2022\n7,,M7,2022\n8,Xã D,M8,2022\n' >"$tmp/in.csv"
run "$DVKSTAT" count --by Xã -f json "$tmp/in.csv"
expect_status 0 "blocks closed by the next name"
expect_json '[.groups[] | [(.key | to_entries[0].value), .count]]' '[["Xã A",3],["Xã B",2],["Xã C",2],["Xã D",1]]' \
    "filled down"
expect_err "column 'Xã' names each unit once over its rows (cells merged down)" "the note"

# the last commune's rows run to the end of the file
printf 'STT,Xã,Tên mô hình,Năm\n1,Xã A,M1,2020\n2,,M2,2021\n3,Xã B,M3,2022\n4,,M4,2020\n5,Xã C,M5,2021\n6,,M6,2022\n7,,M7,2022\n' >"$tmp/end.csv"
run "$DVKSTAT" count --by Xã "$tmp/end.csv"
expect_status 1 "a run to the end of the file"
expect_err "end.csv:7:3: column 'Xã' is empty from here after 'Xã C' to the end of the table" \
    "the run's first empty cell"
run "$DVKSTAT" count --by Xã --fill-down Xã -f json "$tmp/end.csv"
expect_json '[.groups[] | [(.key | to_entries[0].value), .count]]' '[["Xã C",3],["Xã A",2],["Xã B",2]]' \
    "--fill-down: the last block merged"

# a run up to a subtotal that closes a section, not the commune
printf 'STT;Đơn vị;Tên mô hình;Năm;Số hộ\n1;Xã A;M1;2020;4\n2;;M2;2021;5\n3;Xã B;M3;2022;6\n4;;M4;2020;1\n5;Xã C;M5;2021;2\n6;;M6;2022;3\n;Cộng I;;;21\n' >"$tmp/sub.csv"
run "$DVKSTAT" count --by 'Đơn vị' "$tmp/sub.csv"
expect_status 1 "a run up to a section's subtotal"
expect_err "sub.csv:7:3: column 'Đơn vị' is empty from here after 'Xã C' up to line 8, which is not a record" \
    "the subtotal's line named"
# … but a subtotal that names the unit closes its block
printf 'STT;Đơn vị;Tên mô hình;Năm;Số hộ\n1;Xã A;M1;2020;4\n2;;M2;2021;5\n3;Xã B;M3;2022;6\n4;;M4;2020;1\n5;Xã Long Môn;M5;2021;2\n6;;M6;2022;3\n;Cộng xã Long Môn;;;5\n' >"$tmp/subc.csv"
run "$DVKSTAT" count --by 'Đơn vị' -f json "$tmp/subc.csv"
expect_status 0 "'Cộng xã Long Môn' closes Xã Long Môn's rows"
expect_json '[.groups[] | [(.key | to_entries[0].value), .count]]' '[["Xã A",2],["Xã B",2],["Xã Long Môn",2]]' "filled down"

# rows that read as section headings by their text, as full as any record
printf 'STT,Xã,Tên mô hình\n1,Xã Long Hiệp,Camera an ninh\n2,Xã Long Mai,Tủ sách cộng đồng\n,Cộng,2\n' >"$tmp/h.csv"
run "$DVKSTAT" count --by Xã "$tmp/h.csv"
expect_status 1 "a heading or a record"
expect_err "h.csv:2:3: this row reads as a section heading ('Xã Long Hiệp') but fills every column a record fills" \
    "the row and what it was taken for"
expect_err "hint: --keep-sections reads such rows as records" "the option"
run "$DVKSTAT" count --by Xã --keep-sections -f json "$tmp/h.csv"
expect_json '.total' '2' "--keep-sections: two records, the total still left out"

# a record after the signature block
printf 'STT,Tên mô hình,Lĩnh vực,Tình trạng\n1,Camera,Kinh tế,Duy trì\n2,Loa,Văn hóa,Duy trì\n3,Tủ sách,Văn hóa,Duy trì\n,NGƯỜI LẬP BIỂU,,\n4,Bếp ăn,Văn hóa,Duy trì\n' >"$tmp/sig.csv"
run "$DVKSTAT" count --by 'Lĩnh vực' "$tmp/sig.csv"
expect_status 1 "a record after the table's end"
expect_err "sig.csv:6:3: the table ended at line 5 (a signature block or notes), but this row fills every column a record fills" \
    "the end's line named"
expect_err "hint: --table-end none reads on to the end of the input" "the option"

# a level column that changes inside a run: a district's own row under a
# commune's block (counted by hand: Xã A 2, Xã B 2, Xã C 1, and one row
# of the district)
printf 'Cấp,Xã,Tên mô hình,Năm\nXã,Xã A,M1,2022\nXã,,M2,2022\nHuyện,,Phòng Nội vụ,2022\nXã,Xã B,M3,2022\nXã,,M4,2022\nXã,Xã C,M5,2022\n' >"$tmp/lv.csv"
run "$DVKSTAT" count --by Xã "$tmp/lv.csv"
expect_status 1 "a level column changing inside a run"
expect_err "lv.csv:4:7: column 'Xã' is empty here after 'Xã A', and column 'Cấp'" "the row and the level column named"
expect_err "hint: --fill-down 'Xã'" "the option"
run "$DVKSTAT" count --by Xã --no-fill-down -f json "$tmp/lv.csv"
expect_json '[.groups[] | {(.key["Xã"]): .count}] | add' '{"":3,"Xã A":1,"Xã B":1,"Xã C":1}' "--no-fill-down leaves them empty"

finish
