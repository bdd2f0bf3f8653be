#!/bin/bash
# cli-trend.sh: dvkstat trend, counts per period.
. "$srcdir/tests/lib.sh"
# Minh Long, 2017 to mid-2022: 296 models (seed 003).
run "$DVKSTAT" trend "$samples/minh-long.csv"
expect_status 0 "trend with no option"
head -8 "$tmp/out" | sed -E 's/^([^ ]+ +[^ ]+).*/\1/' >"$tmp/head" && mv "$tmp/head" "$tmp/out"
expect_out "$(printf 'Năm   Count\n----  -----\n2017     38\n2018     52\n2019     61\n2020     58\n2021     55\n2022     32')" \
    "Minh Long per year"
for f in minh-long-excel.csv minh-long-utf16.csv minh-long-cp1258.csv minh-long-tcvn3.csv; do
    run "$DVKSTAT" trend -f json "$samples/$f"
    expect_json '[.time, ([.groups[0].series[].value] | add)]' '["Năm",296]' "trend of $f"
done
# From standard input, with a filter: the 7 economy models.
run "$DVKSTAT" trend -f json --where 'Lĩnh vực=kinh tế' - <"$samples/minh-long.csv"
expect_json '[.groups[0].series[].value] | add' 7 "7 economy models from standard input"
run "$DVKSTAT" trend -f csv --where 'Lĩnh vực=kinh tế' "$samples/minh-long.csv"
expect_out "$(printf 'Năm,value,change,change_pct\n2017,1,,\n2018,1,0,0\n2019,1,0,0\n2020,2,1,100\n2021,1,-1,-50\n2022,1,0,0')" "trend -f csv"
# Dates, by quarter, with an empty quarter in the range counted 0.
printf 'Ngày đăng ký,x\n15/01/2021,a\n2021-11-02,b\n03/12/2021,c\n' >"$tmp/q.csv"
run "$DVKSTAT" trend --period quarter -f json "$tmp/q.csv"
expect_json '[.groups[0].series[] | [.time, .value]]' '[["2021-Q1",1],["2021-Q2",0],["2021-Q3",0],["2021-Q4",2]]' "quarters"
# A column of years found by its values when no header names it.
printf 'a,b\nx,2019\ny,2021\nz,2021\n' >"$tmp/v.csv"
run "$DVKSTAT" trend -f json "$tmp/v.csv"
expect_json '[.time, [.groups[0].series[] | .value]]' '["b",[1,0,2]]' "time column found by values"
# Plain integer periods, named.
printf 'ky,n\n1,a\n3,b\n' >"$tmp/i.csv"
run "$DVKSTAT" trend --time ky --period integer -f json "$tmp/i.csv"
expect_json '[.groups[0].series[] | [.time, .value]]' '[[1,1],[2,0],[3,1]]' "integer periods"
# Cao Bằng, to May 2021 (seed 004): 236 registrations, all in 2021.
run "$DVKSTAT" trend -f json "$samples/cao-bang-2021.csv"
expect_json '.groups[0].series' '[{"time":2021,"value":236,"change":null,"change_rel":null}]' "Cao Bằng"
# Several files add up.
run "$DVKSTAT" trend -f json "$samples/minh-long.csv" "$samples/minh-long-tcvn3.csv"
expect_json '[.groups[0].series[] | .value]' '[76,104,122,116,110,64]' "two files"
# No time column at all.
printf 'a,b\nx,y\n' >"$tmp/n.csv"
run "$DVKSTAT" trend "$tmp/n.csv"
expect_status 2 "no time column"
expect_err "no time column found" "no time column"
expect_err "hint: name it with --time COL" "no time column hint"
finish
