#!/bin/bash
# cli-trend.sh: dvkstat trend, counts per period.
. "$srcdir/tests/lib.sh"
# Minh Long, 2017 to mid-2022: 296 models (seed 003).
run "$DVKSTAT" trend "$samples/minh-long.csv"
expect_status 0 "trend with no option"
head -8 "$tmp/out" | sed -E 's/^([^ ]+ +[^ ]+).*/\1/' >"$tmp/head" && mv "$tmp/head" "$tmp/out"
expect_out "$(printf 'Năm            Count\n-------------  -----\n2017              38\n2018              52\n2019              61\n2020              58\n2021              55\n2022, to')" \
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
# ---- a partial last year: Minh Long's dates end on 17/6/2022, so 2022 is
# marked and left out of the statistics.  On 2017-2021 (38 52 61 58 55):
# R's summary(lm(y ~ t))$coefficients[2, ] gives slope 4 (p
# 0.180494210836911); exp(coef(glm(y ~ t, family = poisson))[2]) - 1 gives
# 0.078905119574181.
run "$DVKSTAT" trend -f json "$samples/minh-long.csv"
expect_json '.partial' '{"time":2022,"until":"2022-06-17","included":false}' "the partial year in JSON"
expect_json '.groups[0].stats.n_periods' '5' "five whole years read"
expect_close '.groups[0].stats.ols_slope' 3.999999999999948 "OLS slope on the whole years (R lm)"
expect_close '.groups[0].stats.ols_p' 0.180494210836911 "OLS p on the whole years (R lm)"
expect_close '.groups[0].stats.poisson_growth' 0.078905119574181 "Poisson growth on the whole years (R glm)"
expect_json '[.groups[0].series[].value]' '[38,52,61,58,55,32]' "the series still shows 2022"
run "$DVKSTAT" trend --include-partial -f json "$samples/minh-long.csv"
expect_json '[.partial.included, .groups[0].stats.n_periods]' '[true,6]' "--include-partial counts it"
expect_close '.groups[0].stats.ols_slope' -0.685714285714426 "OLS slope on six years (R lm on 38 52 61 58 55 32)"
run "$DVKSTAT" trend --lang en "$samples/minh-long.csv"
grep -q '^2022, to 17/6  *32 ' "$tmp/out" && ok || not_ok "the table marks 2022: $(grep 2022 "$tmp/out")"
grep -q "^The register's last date is 17/6/2022, so 2022 is not a whole year: it is left out" "$tmp/out" &&
    ok || not_ok "the sentence under the verdict: $(tail -2 "$tmp/out")"
run "$DVKSTAT" trend -f csv "$samples/minh-long.csv"
grep -q '^2022,32,' "$tmp/out" && ok || not_ok "CSV keeps 2022 as a period"
expect_err "note: The register's last date is 17/6/2022" "CSV: the sentence on standard error"
# a range past the data (--to 2023): 2022 is still marked, and counted, said so
run "$DVKSTAT" trend --to 2023 -f json "$samples/minh-long.csv"
expect_json '[.partial, .groups[0].stats.n_periods]' '[{"time":2022,"until":"2022-06-17","included":true},7]' \
    "--to past a partial year: marked, counted and said"
# a single partial year is marked but is the only one there is: counted
printf 'Năm,Ngày đăng ký\n2022,17/06/2022\n' >"$tmp/one.csv"
run "$DVKSTAT" trend -f json "$tmp/one.csv"
expect_json '[.partial.included, .groups[0].stats.n_periods]' '[true,1]' "one partial year: counted, said so"
# a register whose dates reach December is whole
printf 'Năm,Ngày đăng ký\n2021,03/02/2021\n2022,05/05/2022\n2022,2022-12-20\n2023,01/03/2023\n2023,15/12/2023\n' >"$tmp/whole.csv"
run "$DVKSTAT" trend -f json "$tmp/whole.csv"
expect_json '[.partial, .groups[0].stats.n_periods]' '[null,3]' "dates to December: no partial year"
finish
