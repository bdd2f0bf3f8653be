#!/bin/bash
# cli-clean.sh: dvkstat clean, its normalisation and its options.
. "$srcdir/tests/lib.sh"
printf 'Mã;Lĩnh vực ;Ghi chú\n1;  Văn hoá  ;=1+1\n2;Kinh\xc2\xa0\xc2\xa0tế;-5\n3;thuỷ lợi;@x\n' >"$tmp/in.csv"
run "$DVKSTAT" clean "$tmp/in.csv"
expect_status 0 "clean"
expect_out "$(printf "Mã,Lĩnh vực,Ghi chú\n1,Văn hóa,'=1+1\n2,Kinh tế,-5\n3,thủy lợi,'@x")" \
    "normalised values, formula cells guarded, numbers left alone"
run "$DVKSTAT" clean --no-sanitize --raw "$tmp/in.csv"
expect_out "$(printf "Mã,Lĩnh vực,Ghi chú\n1,  Văn hoá  ,=1+1\n2,Kinh\xc2\xa0\xc2\xa0tế,-5\n3,thuỷ lợi,@x")" \
    "--raw keeps values as read"
run "$DVKSTAT" clean -f json "$tmp/in.csv"
expect_json '.[1]' '{"Mã":"2","Lĩnh vực":"Kinh tế","Ghi chú":"-5"}' "json values are strings"
run "$DVKSTAT" clean -f tsv --bom "$tmp/in.csv"
[ "$(head -c 3 "$tmp/out" | od -An -tx1 | tr -d ' ')" = efbbbf ] && ok || not_ok "--bom"
expect_quiet "no message"
# Filters, by loose column name, text compared as keys.
run "$DVKSTAT" clean --where 'linh_vuc=VĂN HÓA|kinh tế' --where 'Mã>=2' "$tmp/in.csv"
expect_out "$(printf "Mã,Lĩnh vực,Ghi chú\n2,Kinh tế,-5")" "filters"
run "$DVKSTAT" clean --where 'Mã!=2' -q "$tmp/in.csv"
expect_out "$(printf "Mã,Lĩnh vực,Ghi chú\n1,Văn hóa,'=1+1\n3,thủy lợi,'@x")" "!= filter"
# Several files are concatenated; different columns are refused.
cp "$tmp/in.csv" "$tmp/in2.csv"
run "$DVKSTAT" clean "$tmp/in.csv" "$tmp/in2.csv"
[ "$(wc -l <"$tmp/out")" -eq 7 ] && ok || not_ok "two files, one header"
# The same file named twice (or through ./) is read once, with a note.
run "$DVKSTAT" clean "$tmp/in.csv" "$tmp/./in.csv"
[ "$(wc -l <"$tmp/out")" -eq 4 ] && ok || not_ok "a file named twice is read once"
expect_err "is the same file as $tmp/in.csv; it is read once" "the note of a file named twice"
printf 'a,b\n1,2\n' >"$tmp/other.csv"
run "$DVKSTAT" clean "$tmp/in.csv" "$tmp/other.csv"
expect_status 1 "files with other columns"
expect_err "other.csv: its columns differ" "files with other columns"
# Written atomically with -o.
run "$DVKSTAT" clean -o "$tmp/clean.csv" "$tmp/in.csv"
expect_status 0 "-o"
[ -s "$tmp/clean.csv" ] && [ ! -s "$tmp/out" ] && ok || not_ok "-o writes the file, not stdout"
# Padding cells that spreadsheets add are dropped; blank rows skipped.
run "$DVKSTAT" clean "$data/padded.csv"
expect_out "$(printf 'Mã,Tên,Năm\nA1,Một,2020\nA2,Hai,2021\nA3,"Ba ""trích"" dẫn",2022')" "padding and quotes"
# --no-header names the columns 1, 2, 3.
printf 'x;1\ny;2\n' | run "$DVKSTAT" clean --no-header -f json -
expect_json '.' '[{"1":"x","2":"1"},{"1":"y","2":"2"}]' "--no-header"
# -d overrides the sniffed delimiter.
printf 'a,b;c\n1,2;3\n' | run "$DVKSTAT" clean -d ';' -f json -
expect_json '.[0]' '{"a,b":"1,2","c":"3"}' "-d ;"
finish
