#!/bin/bash
# cli-sheet.sh: --sheet is a reader option of every command and of every
# reader of a run (inputs, --map, --roster); a CSV input has no sheets and
# reads as before.  Messages keep FILE:LINE:COLUMN for CSV.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

for cmd in count crosstab ratio trend coverage summary clean report; do
    run "$DVKSTAT" $cmd --help
    expect_out_has() { grep -q -e "$1" "$tmp/out" && ok || not_ok "$2"; }
    expect_out_has "--sheet NAME|N" "$cmd --help lists --sheet"
done
run "$DVKSTAT" count --by 'Năm' --sheet
expect_status 2 "--sheet needs a value"

# A CSV file with --sheet reads as without it.
run "$DVKSTAT" count --by 'Năm' "$samples/minh-long.csv"
cp "$tmp/out" "$tmp/plain"
run "$DVKSTAT" count --by 'Năm' --sheet 'Sổ 2022' "$samples/minh-long.csv"
expect_status 0 "count --sheet of a CSV file"
expect_same "$tmp/plain" "$tmp/out" "--sheet does not change a CSV input"
run "$DVKSTAT" summary -f json --sheet 2 "$samples/minh-long.csv"
expect_json '.files[0] | has("sheets")' false "no sheets listed for CSV"

# The --map reader takes the same reader options as the inputs: a map
# whose lines hold more commas than semicolons is sniffed as comma
# separated, and only -d ';' (given for the register) reads it right.
sed 's/,/;/g' "$samples/minh-long.csv" >"$tmp/register.csv"
printf 'từ, bí danh, tên cũ;đến\nKinh tế;Nhóm 1, kinh tế, đời sống\n' >"$tmp/map.csv"
run "$DVKSTAT" count -d ';' --by 'Lĩnh vực' --map "$tmp/map.csv" "$tmp/register.csv"
expect_status 0 "count -d ';' with a ';' map"
grep -q "Nhóm 1, kinh tế, đời sống" "$tmp/out" && ok || not_ok "the map is read with -d ';': $(head -c 300 "$tmp/err")"

# Places in CSV messages are unchanged: FILE:LINE:COLUMN.
printf 'a,b\n1,2\n3,4,5\n' >"$tmp/ragged.csv"
run "$DVKSTAT" clean "$tmp/ragged.csv"
expect_err "ragged.csv:3:5: expected 2 fields, found 3" "FILE:LINE:COL for CSV"
finish
