#!/bin/bash
# cli-count.sh: count, crosstab and coverage reproduce the seed reports.
. "$srcdir/tests/lib.sh"
# Minh Long (seed 003): 296 registered; economy 7, environment 22, security
# and order 35, other 232.
run "$DVKSTAT" count --by 'Lĩnh vực' --map "$samples/map-minh-long-registration.csv" -f json "$samples/minh-long.csv"
expect_status 0 "count"
expect_json '.total' 296 "296 registered"
expect_json '[.groups[] | [.key."Lĩnh vực", .count]]' \
    '[["Lĩnh vực khác",232],["An ninh, trật tự",35],["Môi trường",22],["Kinh tế",7]]' "registration groups"
expect_close '.groups[0].share' '232 / 296' "share"
# 40 still maintained: economy 4, culture and society 24, defence and
# security 7, political system 5 (the four official fields).
for f in minh-long.csv minh-long-excel.csv minh-long-utf16.csv minh-long-cp1258.csv minh-long-tcvn3.csv; do
    run "$DVKSTAT" count --by linh_vuc --map "$samples/map-minh-long-fields.csv" --strict-map \
        --where 'Tình trạng=Duy trì, hiệu quả' -f json "$samples/$f"
    expect_json '[.total, [.groups[] | [.key."Lĩnh vực", .count]]]' \
        '[40,[["Văn hóa - Xã hội",24],["Quốc phòng - An ninh",7],["Xây dựng hệ thống chính trị",5],["Kinh tế",4]]]' \
        "maintained by official field, $f"
done
# Without a map the own fields show, in their most frequent spelling.
run "$DVKSTAT" count --by 'Lĩnh vực' --sort key -f csv "$samples/minh-long.csv"
grep -qx 'Văn hóa,60,0.202702702702703' "$tmp/out" && ok || not_ok "Văn hoá/văn hóa/Văn  hóa are one group: $(grep -i 'h.a,' "$tmp/out")"
[ "$(tail -1 "$tmp/out")" = "Total,296,1" ] && ok || not_ok "total row"
# --top N sums the rest; the table format shows percentages.
run "$DVKSTAT" count --by Cấp --top 1 "$samples/minh-long.csv"
expect_out "$(printf 'Cấp      count   share\n-------  -----  ------\nThôn       157   53.0%%\n(other)    139   47.0%%\nTotal      296  100.0%%')" "--top"
# --strict-map refuses a value the map does not know.
run "$DVKSTAT" count --by Cấp --map "$samples/map-minh-long-fields.csv" --strict-map "$samples/minh-long.csv"
expect_status 1 "--strict-map"
expect_err "minh-long.csv:2:62: 'Thôn' in column 'Cấp' is not in the map" "--strict-map names the place"
# --weight on a hand-typed table; an empty weight is not a zero.
printf 'Cấp;Số mô hình\nPhường, xã;14\nTổ, xóm;200\nTổ, xóm;\n' >"$tmp/w.csv"
run "$DVKSTAT" count --by Cấp --weight 'so mo hinh' -f json "$tmp/w.csv"
expect_json '[.total, [.groups[] | .count]]' '[214,[200,14]]' "--weight"
expect_err "1 rows have no weight" "empty weight noted"
printf 'Cấp;Kinh phí\nXã;1.500,5\nXã;2.000\n' >"$tmp/dc.csv"
run "$DVKSTAT" count --by Cấp --weight 'Kinh phí' --decimal-comma -f json "$tmp/dc.csv"
expect_json '.total' 3500.5 "--weight with --decimal-comma"

# Vũng Tàu 2022 (seed 000): 416 models.
run "$DVKSTAT" count --by 'Loại đơn vị' -f json "$samples/vung-tau-2022.csv"
expect_json '.total' 416 "Vũng Tàu 416"
# coverage against its 17 wards and communes (seed 001)
run "$DVKSTAT" coverage --roster "$samples/vung-tau-roster.csv" --key 'Phường, xã' -f json "$samples/vung-tau-2022.csv"
expect_status 0 "coverage"
expect_json '[.units, .met, .below, .not_in_roster]' \
    '[17,15,[{"key":{"Phường, xã":"Phường 3"},"count":0},{"key":{"Phường, xã":"Phường 12"},"count":0}],[{"key":{"Phường, xã":"Phường 6"},"count":1}]]' "coverage"
expect_close '.share' '15 / 17' "coverage share"
run "$DVKSTAT" coverage --roster "$samples/vung-tau-roster.csv" --key 'phuong_xa' --min 30 -q "$samples/vung-tau-2022.csv"
grep -q '^Phường 3  *0  below target$' "$tmp/out" && ok || not_ok "coverage table"
grep -q 'units (.*) registered at least 30\.$' "$tmp/out" && ok || not_ok "coverage summary line"

# Cao Bằng 2021 (seed 004): 14 ward-level and 200 hamlet-level models.
run "$DVKSTAT" count --by Cấp -f csv "$samples/cao-bang-2021.csv"
grep -qx '"Phường, xã",14,0.0593220338983051' "$tmp/out" && ok || not_ok "Cao Bằng 14"
grep -qx '"Tổ, xóm",200,0.847457627118644' "$tmp/out" && ok || not_ok "Cao Bằng 200"

# crosstab: margins, order of values, --percent.
run "$DVKSTAT" crosstab --rows Cấp --cols Năm "$samples/minh-long.csv"
expect_status 0 "crosstab"
[ "$(head -1 "$tmp/out")" = "Cấp    2017  2018  2019  2020  2021  2022  Total" ] && ok || not_ok "crosstab header"
[ "$(tail -1 "$tmp/out")" = "Total    38    52    61    58    55    32    296" ] && ok || not_ok "crosstab margin"
run "$DVKSTAT" crosstab --rows Cấp --cols 'Tình trạng' --percent col -f json "$samples/minh-long.csv"
expect_json '[.totals.cells[]] | map(. == 1) | all' 'true' "--percent col: columns sum to 1"
expect_json '.columns' '["Duy trì, hiệu quả","Ngừng thực hiện","Đã đăng ký"]' "crosstab columns"

# Output: Excel-safe CSV, decimal comma, BOM, atomic -o.
printf 'Tên\n=HYPERLINK("x")\n-5\n@a\n' >"$tmp/f.csv"
run "$DVKSTAT" count --by Tên --sort key -f csv "$tmp/f.csv"
expect_out "$(printf 'Tên,count,share\n-5,1,0.333333333333333\n\x27=HYPERLINK(""x""),1,0.333333333333333\n\x27@a,1,0.333333333333333\nTotal,3,1' | sed 's/\x27=HYPERLINK(""x"")/"\x27=HYPERLINK(""x"")"/')" "formula cells guarded"
run "$DVKSTAT" count --by Tên --sort key -f csv --decimal-comma --bom "$tmp/f.csv"
[ "$(head -c 3 "$tmp/out" | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok || not_ok "--bom"
grep -q '^Total;3;1$' "$tmp/out" && grep -q ';0,333333333333333$' "$tmp/out" && ok || not_ok "--decimal-comma"
echo keep >"$tmp/out.csv"
run "$DVKSTAT" count --by Nope -o "$tmp/out.csv" "$tmp/f.csv"
expect_status 2 "unknown --by column"
[ "$(cat "$tmp/out.csv")" = keep ] && ok || not_ok "-o untouched on failure"
run "$DVKSTAT" count "$tmp/f.csv"
expect_status 2 "count without --by"
finish
