#!/bin/bash
# cli-summary.sh: dvkstat summary.
. "$srcdir/tests/lib.sh"
run "$DVKSTAT" summary -f json "$samples/minh-long.csv"
expect_status 0 "summary"
expect_json '.files[0] | [.rows_read, .rows_counted, .rows_filtered, .rows_rejected, .rows_blank]' \
    '[296,296,0,0,0]' "row counts"
expect_json '[.files[0].columns[] | .type]' \
    '["text","text","text","text","text","text","year","date","text","integer","integer"]' "types"
expect_json '.files[0].columns[4] | [.name, .empty, .distinct]' '["Xã",62,5]' "empty and distinct"
expect_json '.files[0].columns[8].top[2]' '{"value":"Duy trì, hiệu quả","count":40}' "40 maintained"
# read = counted + filtered out + rejected
run "$DVKSTAT" summary -f json --where 'Năm>=2021' "$samples/minh-long.csv"
expect_json '.files[0] | [.rows_read, .rows_counted, .rows_filtered]' '[296,87,209]' "filtered rows"
run "$DVKSTAT" summary -f json --skip-bad-rows -q "$srcdir/tests/bad/ragged.csv"
expect_json '.files[0] | [.rows_read, .rows_counted, .rows_rejected]' '[3,2,1]' "rejected rows"
run "$DVKSTAT" summary "$samples/minh-long-excel.csv"
expect_quiet "no message"
grep -q '^delimiter  *;$' "$tmp/out" && ok || not_ok "table shows the delimiter"
grep -q '^byte-order mark  *yes$' "$tmp/out" && ok || not_ok "table shows the BOM"
grep -q '^ 9  Tình trạng  *text  *0  *3  Đã đăng ký (172), Ngừng thực hiện (84), Duy trì, hiệu quả (40)$' "$tmp/out" \
    && ok || not_ok "table shows the most common values"
run "$DVKSTAT" summary -f csv "$samples/vung-tau-2022.csv"
expect_status 0 "summary -f csv"
[ "$(head -1 "$tmp/out")" = "file,#,column,type,empty,distinct,most common" ] && ok || not_ok "csv header"
finish
