#!/bin/bash
# cli-trend-stats.sh: the trend statistics, to 1e-9 relative against R
# (tests/reference/trend.R) and SciPy (tests/reference/trend.py); each
# expected value names the call that produced it.
. "$srcdir/tests/lib.sh"

# --- pyMannKendall's own test series (tests/pymannkendall/)
run "$DVKSTAT" trend --time t --value value -f json "$srcdir/tests/pymannkendall/arbitrary_1d.csv"
expect_status 0 "pyMannKendall series"
exp="$srcdir/tests/pymannkendall/expected.json"
for pair in "mk_s:.original_test.s" "mk_var_s:.original_test.var_s" "mk_z:.original_test.z" \
            "mk_p:.original_test.p" "mk_tau:.original_test.tau" "sen_slope:.sens_slope.slope" \
            "sen_low:.[\"scipy_theilslopes_0.95\"].low_slope" "sen_high:.[\"scipy_theilslopes_0.95\"].high_slope"; do
    want=$(jq "${pair#*:}" "$exp")
    expect_close ".groups[0].stats.${pair%%:*}" "$want" "pyMannKendall ${pair%%:*}"
done
expect_json '.groups[0].stats | [.n_periods, .direction]' '[360,"no trend"]' "360 periods, no trend"
expect_json '[.groups[0].series[] | select(.value == null)] | length' 7 "7 missing values keep their place"

# --- Minh Long, models per year, the half year 2022 counted as R counts it
run "$DVKSTAT" trend --include-partial --forecast 2 -f json "$samples/minh-long.csv"
s='.groups[0].stats'
expect_json "$s | [.n_periods, .first, .last, .change]" '[6,38,32,-6]' "first, last, change"
expect_close "$s.change_rel" '-6 / 38' "relative change (a fraction)"
expect_close "$s.cagr" '(32 / 38 | pow(.; 1 / 5)) - 1' "CAGR"
# coef(summary(lm(y ~ t)))[2, c(1, 2, 4)], summary(...)$r.squared
expect_close "$s.ols_slope" -0.68571428571442616 "OLS slope"
expect_close "$s.ols_se" 3.0963221544849211 "OLS se"
expect_close "$s.ols_p" 0.835579875158591 "OLS p"
expect_close "$s.r2" 0.012112715547459785 "R²"
# exp(coef(glm(y ~ t, family = poisson))[2]) - 1 and its Wald interval
expect_close "$s.poisson_growth" -0.013805093728305518 "Poisson growth"
expect_close "$s.poisson_low" -0.077454203242566022 "Poisson low"
expect_close "$s.poisson_high" 0.05423535240707178 "Poisson high"
# scipy.stats.theilslopes(y, t, 0.95)
expect_close "$s.sen_slope" -1.2 "Sen slope"
expect_close "$s.sen_low" -13.0 "Sen low"
expect_close "$s.sen_high" 11.5 "Sen high"
# pyMannKendall original_test (reference/trend.py)
expect_close "$s.mk_s" -1 "MK S"
expect_close "$s.mk_var_s" 28.333333333333332 "MK Var(S)"
expect_close "$s.mk_z" 0 "MK Z"
expect_close "$s.mk_p" 1 "MK p"
expect_close "$s.mk_tau" -0.06666666666666667 "MK tau"
# predict(lm(y ~ t), data.frame(t = 2023:2024), interval = "prediction")
expect_json "[$s.forecast[].time]" '[2023,2024]' "forecast times"
expect_close "$s.forecast[0].value" 46.933333333332939 "forecast 2023"
expect_close "$s.forecast[0].low" -2.2012912200801011 "forecast 2023 low"
expect_close "$s.forecast[0].high" 96.067957886745972 "forecast 2023 high"
expect_close "$s.forecast[1].value" 46.2476190476184 "forecast 2024"
expect_close "$s.forecast[1].low" -8.5743360229659729 "forecast 2024 low"
expect_close "$s.forecast[1].high" 101.06957411820278 "forecast 2024 high"
expect_json "$s | [.direction, .ca_statistic]" '["no trend",null]' "direction; no ratio test for counts"

# --- a growing count with a zero year
run "$DVKSTAT" trend --weight so_mo_hinh --forecast 1 -f json "$data/growing.csv"
expect_close "$s.ols_slope" 3.7857142857134227 "growing OLS slope"
expect_close "$s.ols_se" 0.63643173355364668 "growing OLS se"
expect_close "$s.ols_p" 0.0010092550066022341 "growing OLS p"
expect_close "$s.r2" 0.85501217532456464 "growing R²"
expect_close "$s.poisson_growth" 0.49187306117270513 "growing Poisson"
expect_close "$s.poisson_low" 0.33052107503787664 "growing Poisson low"
expect_close "$s.poisson_high" 0.67279216572308598 "growing Poisson high"
expect_close "$s.forecast[0].value" 28.035714285714675 "growing forecast"
expect_close "$s.forecast[0].low" 15.241252044340882 "growing forecast low"
expect_close "$s.forecast[0].high" 40.830176527088469 "growing forecast high"
expect_close "$s.sen_slope" 3.928571428571429 "growing Sen"
expect_close "$s.sen_low" 1.6666666666666667 "growing Sen low"
expect_close "$s.sen_high" 5.5 "growing Sen high"
expect_close "$s.mk_s" 25 "growing MK S"
expect_close "$s.mk_var_s" 64.33333333333333 "growing MK Var(S), ties"
expect_close "$s.mk_z" 2.992217885724178 "growing MK Z"
expect_close "$s.mk_p" 0.0027695851547209216 "growing MK p"
expect_close "$s.mk_tau" 0.8928571428571429 "growing MK tau"
expect_json "$s.direction" '"increasing"' "increasing"
expect_close "$s.cagr" '(10 | pow(.; 1 / 7)) - 1' "CAGR from 3 to 30 over 7 years"
run "$DVKSTAT" trend --weight so_mo_hinh "$data/growing.csv"
grep -qx 'Increasing, about +49.2% a year, p = 0.0028' "$tmp/out" && ok || not_ok "verdict line: $(tail -1 "$tmp/out")"

# --- a summed value with ties and missing years: left out, positions kept
run "$DVKSTAT" trend --value 'so_ho' -f json "$data/value-series.csv"
expect_json '[.groups[0].series[] | .value]' '[5,7,null,7,9,12,12,null,15,18]' "missing stays missing"
expect_close "$s.ols_slope" 1.3642857142855975 "value OLS slope"
expect_close "$s.ols_se" 0.13439205515876732 "value OLS se"
expect_close "$s.ols_p" 5.3156129114105431e-05 "value OLS p"
expect_close "$s.r2" 0.94498122004920382 "value R²"
expect_close "$s.sen_slope" 1.4722222222222223 "value Sen"
expect_close "$s.sen_low" 1.0 "value Sen low"
expect_close "$s.sen_high" 2.0 "value Sen high"
expect_close "$s.mk_s" 26 "value MK S"
expect_close "$s.mk_var_s" 63.333333333333336 "value MK Var(S)"
expect_close "$s.mk_z" 3.141404312187716 "value MK Z"
expect_close "$s.mk_p" 0.0016813974144125332 "value MK p"
expect_close "$s.mk_tau" 0.9285714285714286 "value MK tau"
expect_json "$s.poisson_growth" null "no Poisson rate for a value"

# --- a ratio over time: maintained of registered, Minh Long
run "$DVKSTAT" trend --include-partial --num 'Tình trạng=Duy trì, hiệu quả' -f json "$samples/minh-long.csv"
expect_json '[.groups[0].series[] | [.num, .den]]' '[[3,38],[11,52],[10,61],[8,58],[6,55],[2,32]]' "k and n per year"
# prop.trend.test(c(3, 11, 10, 8, 6, 2), c(38, 52, 61, 58, 55, 32), score = 2017:2022)
expect_close "$s.ca_statistic" 1.0636634292155309 "Cochran-Armitage"
expect_close "$s.ca_p" 0.30238112641318393 "Cochran-Armitage p"

# --- short, constant and all-zero series: null statistics with a note
printf 'Năm,x\n2020,a\n2021,b\n' >"$tmp/short.csv"
run "$DVKSTAT" trend -f json "$tmp/short.csv"
expect_json "$s | [.n_periods, .first, .last, .change, .ols_slope, .mk_p, .sen_slope, .poisson_growth, .direction]" \
    '[2,1,1,0,null,null,null,null,null]' "two periods"
expect_json '.groups[0].stats.verdict' '"too few periods for a trend (2 with a value; 3 are needed)"' "short verdict"
printf 'Năm,v\n2020,4\n2021,4\n2022,4\n2023,4\n' >"$tmp/constant.csv"
run "$DVKSTAT" trend --value v -f json "$tmp/constant.csv"
expect_json "$s | [.ols_slope, .ols_p, .r2, .mk_s, .mk_z, .mk_p, .sen_slope, .direction]" \
    '[0,null,null,0,null,null,0,"no trend"]' "constant series"
expect_json '.groups[0].stats.verdict' '"no trend: the series is constant"' "constant verdict"
printf 'Năm,v\n2020,0\n2021,0\n2022,0\n' >"$tmp/zero.csv"
run "$DVKSTAT" trend --value v -f json "$tmp/zero.csv"
expect_json "$s | [.cagr, .change_rel, .mk_p, .ols_p, .direction]" '[null,null,null,null,"no trend"]' "all zero"
expect_json '.groups[0].stats.verdict' '"no trend: the series is all zero"' "all-zero verdict"

# --- groups, range and the other formats
run "$DVKSTAT" trend --by 'Lĩnh vực' --map "$samples/map-minh-long-fields.csv" --from 2016 --to 2023 -f json "$samples/minh-long.csv"
expect_json '[.groups[] | .key."Lĩnh vực"]' '["Kinh tế","Quốc phòng - An ninh","Văn hóa - Xã hội","Xây dựng hệ thống chính trị"]' "one series per field"
expect_json '[.groups[0].series[] | .time]' '[2016,2017,2018,2019,2020,2021,2022,2023]' "--from/--to widen"
expect_json '[.groups[] | [.series[].value] | add] | add' 296 "groups add up"
run "$DVKSTAT" trend --from 2019 --to 2020 -f csv "$samples/minh-long.csv"
expect_out "$(printf 'Năm,value,change,change_pct\n2019,61,,\n2020,58,-3,-4.91803278688525')" "--from/--to narrow"
run "$DVKSTAT" trend --by Cấp --stats -f csv "$samples/minh-long.csv"
[ "$(head -1 "$tmp/out" | cut -d, -f1-4)" = "Cấp,n_periods,first,last" ] && ok || not_ok "--stats header"
[ "$(wc -l <"$tmp/out")" -eq 4 ] && ok || not_ok "--stats: a row per group"
run "$DVKSTAT" trend -f md "$samples/minh-long.csv"
grep -q '^| Năm  *| Count | Change from previous | Relative change from previous |$' "$tmp/out" && ok || not_ok "markdown series"
grep -q '^| 2022, to 17/6 |  *32 |' "$tmp/out" && ok || not_ok "markdown: the partial year marked"
grep -q '^| Mann-Kendall p  *|  *0.462433 |$' "$tmp/out" && ok || not_ok "markdown statistics"
run "$DVKSTAT" trend --num Năm=2020 --value so_ho "$data/value-series.csv"
expect_status 2 "--num with --value"
finish
