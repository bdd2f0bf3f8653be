#!/bin/bash
# cli-wide.sh: trend reads a wide table (a column per year) as series: the
# column totals, or one per row with --by; a total row is not counted
# twice.  Sums by hand from the rows below.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

printf '%s\n' 'STT,Lĩnh vực,2019,2020,2021,2022,Tổng' '1,Kinh tế,3,4,1,4,12' \
    '2,Văn hóa,6,9,,3,18' '3,An ninh,1,0,2,5,8' ',Tổng cộng,10,13,3,12,38' >"$tmp/w.csv"
run "$DVKSTAT" trend -f json "$tmp/w.csv"
expect_status 0 "a wide table"
expect_json '[.groups[0].series[] | [.time, .value]]' '[[2019,10],[2020,13],[2021,3],[2022,12]]' \
    "the column totals, the total row and the Tổng column left out"
expect_err "a wide table: the columns '2019' to '2022' are the years" "the layout is said"
run "$DVKSTAT" trend --by 'Lĩnh vực' -f json "$tmp/w.csv"
expect_json '[.groups[] | [.key["Lĩnh vực"], [.series[].value]]]' \
    '[["An ninh",[1,0,2,5]],["Kinh tế",[3,4,1,4]],["Văn hóa",[6,9,0,3]]]' "a series per row with --by"

printf '%s\n' 'Đơn vị;Năm 2021;Năm 2022;Năm 2023' 'Xã A;1.200;1.300;1.500' 'Xã B;800;900;1.000' >"$tmp/nam.csv"
run "$DVKSTAT" trend --decimal-comma -q -f csv "$tmp/nam.csv"
expect_out 'year;value;change;change_pct
2021;2000;;
2022;2200;200;10
2023;2500;300;13,6363636363636' "headers written Năm 2021, numbers with thousands dots"

printf '%s\n' 'Đơn vị,2022,2023' 'Xã A,1,2' 'Xã B,3,4' >"$tmp/two.csv"
run "$DVKSTAT" trend -q -f csv "$tmp/two.csv"
expect_status 2 "two year headers are not a wide table by themselves"
run "$DVKSTAT" trend --wide -q -f csv "$tmp/two.csv"
expect_out 'year,value,change,change_pct
2022,4,,
2023,6,2,50' "--wide reads them"
run "$DVKSTAT" trend --wide -q -f csv "$tmp/nam.csv" --value 'Năm 2021'
expect_status 2 "--value does not apply to a wide table"
printf '%s\n' 'Đơn vị,2021,2022,2023' 'Xã A,1,hai,3' >"$tmp/bad.csv"
run "$DVKSTAT" trend "$tmp/bad.csv"
expect_status 1 "a cell that is not a number"
expect_err "bad.csv:2:" "names its line"
expect_err "'hai' in column '2022' is not a number" "and its column"
printf '%s\n' 'Năm,Lĩnh vực' '2021,A' '2022,A' '2023,B' >"$tmp/long.csv"
run "$DVKSTAT" trend -q -f csv "$tmp/long.csv"
expect_out 'Năm,value,change,change_pct
2021,1,,
2022,1,0,0
2023,1,0,0' "a register with a year column is not wide"

finish
