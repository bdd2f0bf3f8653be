#!/bin/bash
# cli-inference.sh: the inference of the commands' output, to 1e-9
# relative against R (and pyMannKendall's formulas, tests/reference/
# inference.py): the quasi-Poisson interval of counts that vary more than
# chance, Fisher's exact test and the small-count warning of ratio, the
# Mann-Kendall p-values adjusted across groups, each period's change, the
# last two periods of a ratio with Newcombe's interval, the seasonal test.
# Each expected value names the R call that produced it.
. "$srcdir/tests/lib.sh"

# --- Minh Long, models per year (38, 52, 61, 58, 55, 32, the half year 2022
# counted, --include-partial): dispersion 3.43
# s <- summary(glm(y ~ t, family = quasipoisson)); s$dispersion;
# b <- coef(s)[2, 1]; se <- coef(s)[2, 2]; q <- qt(0.975, 4);
# exp(c(b - q * se, b + q * se)) - 1; coef(s)[2, 4]
run "$DVKSTAT" trend --include-partial -f json "$samples/minh-long.csv"
expect_status 0 "trend, Minh Long"
s='.groups[0].stats'
expect_close "$s.dispersion" 3.426480705091052 "Pearson dispersion"
expect_close "$s.qp_growth" -0.013805093728332274 "quasi-Poisson growth"
expect_close "$s.qp_low" -0.172086246304458124 "quasi-Poisson 95% low"
expect_close "$s.qp_high" 0.174736364524560761 "quasi-Poisson 95% high"
expect_close "$s.qp_p" 0.83619276382249907 "quasi-Poisson p"
# coef(summary(glm(y ~ t, family = poisson)))[2, 4]
expect_close "$s.poisson_p" 0.68299356334523 "Poisson p kept"
expect_json "$s.growth_interval" '"quasi-poisson"' "the quasi-Poisson interval is the one"
expect_json "$s.verdict" '"no trend, about -1.4% a year, p = 1 (quasi-Poisson: the counts vary 3.4 times more than chance)"' "the verdict says why"
# each year's change from the one before, and from the first
expect_json '[.groups[0].series[].change]' '[null,14,9,-3,-3,-23]' "change from the previous year"
expect_close '.groups[0].series[1].change_rel' '14 / 38' "relative change from the previous year"
run "$DVKSTAT" trend --include-partial --compare first -f json "$samples/minh-long.csv"
expect_json '[.compare, [.groups[0].series[].change]]' '["first",[null,14,23,20,17,-6]]' "--compare first"
run "$DVKSTAT" trend --include-partial -f table "$samples/minh-long.csv"
grep -q '^Quasi-Poisson 95% low  *-17.2%$' "$tmp/out" && ok || not_ok "table: quasi-Poisson low"
grep -q '^Pearson dispersion  *3.42648$' "$tmp/out" && ok || not_ok "table: dispersion"
grep -q '^2022, to 17/6  *32  *-23  *-41.8%$' "$tmp/out" && ok || not_ok "table: the change of 2022"
run "$DVKSTAT" trend --include-partial --stats -f csv "$samples/minh-long.csv"
col=$(head -1 "$tmp/out" | tr ',' '\n' | grep -nx qp_low | cut -d: -f1)
[ -n "$col" ] && sed -n 2p "$tmp/out" | cut -d, -f"$col" |
    awk '{ d = $1 + 0.172086246304458124; exit !(d < 1e-9 && d > -1e-9) }' && ok ||
    not_ok "--stats: qp_low"
run "$DVKSTAT" trend --compare last "$samples/minh-long.csv"
expect_status 2 "--compare takes previous or first"

# a series steadier than Poisson keeps the Poisson interval
printf 'Năm\n' >"$tmp/steady.csv"
for y in 2018:10 2019:11 2020:10 2021:11 2022:10; do
    for i in $(seq "${y#*:}"); do echo "${y%:*}"; done >>"$tmp/steady.csv"
done
run "$DVKSTAT" trend -f json "$tmp/steady.csv"
expect_json "$s | [.growth_interval, .qp_low, (.dispersion < 1)]" '["poisson",null,true]' "dispersion below 1"

# --- many fields: Mann-Kendall p adjusted across them
# z <- c(3.340383700311406, -0.39391929857916763, 2.7428663952471632)
# (pyMannKendall's Z of the three series below); p <- 2 * pnorm(-abs(z))
# p.adjust(p, "holm"); p.adjust(p, "BH")
printf 'Lĩnh vực,Năm\n' >"$tmp/fields.csv"
add() { f=$1; shift; y=2015; for c in "$@"; do
    for i in $(seq "$c"); do printf '%s,%s\n' "$f" "$y"; done >>"$tmp/fields.csv"; y=$((y + 1)); done; }
add 'Kinh tế' 1 2 3 4 5 6 7 8
add 'Văn hóa - Xã hội' 5 6 4 7 8 9 9 11
add 'Quốc phòng - An ninh' 6 5 7 4 6 5 6 5
run "$DVKSTAT" trend --by 'Lĩnh vực' -f json "$tmp/fields.csv"
expect_json '.adjust' '"holm"' "Holm by default"
expect_close '.groups[0].stats.mk_p' 0.00083662713111930449 "raw p, Kinh tế"
expect_close '.groups[0].stats.mk_p_adjusted' 0.0025098813933579133 "Holm, Kinh tế"
expect_close '.groups[1].stats.mk_p_adjusted' 0.6936406217837585153 "Holm, Quốc phòng"
expect_close '.groups[2].stats.mk_p_adjusted' 0.0121810921131576301 "Holm, Văn hóa"
expect_json '.groups[0].stats.verdict' '"increasing, about +26.5% a year, p = 0.0025 adjusted across 3 groups"' "verdict on the adjusted p"
run "$DVKSTAT" trend --by 'Lĩnh vực' --adjust BH -f json "$tmp/fields.csv"
expect_close '.groups[2].stats.mk_p_adjusted' 0.0091358190848682234 "BH, Văn hóa"
# at alpha 0.01 the raw p (0.0061) would say increasing; Holm's (0.012) does not
run "$DVKSTAT" trend --by 'Lĩnh vực' --alpha 0.01 -f json "$tmp/fields.csv"
expect_json '[.groups[].stats.direction]' '["increasing","no trend","no trend"]' "directions on the adjusted p"
run "$DVKSTAT" trend --by 'Lĩnh vực' --alpha 0.01 --adjust none -f json "$tmp/fields.csv"
expect_json '[.groups[].stats.direction]' '["increasing","no trend","increasing"]' "--adjust none"
run "$DVKSTAT" trend --by 'Lĩnh vực' -f table "$tmp/fields.csv"
grep -q '^Mann-Kendall p adjusted  *0.00250988$' "$tmp/out" && ok || not_ok "table: adjusted p"
run "$DVKSTAT" trend --adjust sidak "$tmp/fields.csv"
expect_status 2 "--adjust takes R's names"

# --- a ratio over time: the last two periods, Newcombe's hybrid score
# interval (tests/reference/inference.R, newcombe("newcombe minh-long",
# 2, 32, 6, 55)) and prop.test(c(2, 6), c(32, 55), correct = FALSE)
run "$DVKSTAT" trend --include-partial --num 'Tình trạng=Duy trì, hiệu quả' -f json "$samples/minh-long.csv"
expect_close "$s.last_diff" -0.046590909090909086 "last two periods: difference"
expect_close "$s.last_diff_low" -0.164739082018089011 "Newcombe low"
expect_close "$s.last_diff_high" 0.104045616737279259 "Newcombe high"
expect_close "$s.last_diff_statistic" 0.525917002301496073 "X²"
expect_close "$s.last_diff_p" 0.468328512977538969 "p"
expect_json "$s | [.dispersion, .qp_low, .growth_interval]" '[null,null,null]' "no quasi-Poisson for a ratio"

# --- seasons: per quarter 2019-2022 (tests/reference/inference.py,
# "seasonal quarterly"); Z = 9 / sqrt(26), 2 * pnorm(-abs(9 / sqrt(26)))
q=(12 0 7 9 14 3 7 8 13 5 7 12 17 4 7 10)
printf 'Ngày đăng ký\n' >"$tmp/quarter.csv"
for i in "${!q[@]}"; do
    for j in $(seq "${q[$i]}"); do
        printf '%02d/%02d/%d\n' "$j" $(((i % 4) * 3 + 2)) $((2019 + i / 4))
    done >>"$tmp/quarter.csv"
done
run "$DVKSTAT" trend --period quarter -f json "$tmp/quarter.csv"
expect_json "$s | [.seasonal_mk_s, .seasonal_mk_var_s, .seasonal_sen_slope]" '[10,26,0.5]' "seasonal S, Var(S), slope"
expect_close "$s.seasonal_mk_z" 1.7650452162436565 "seasonal Z"
expect_close "$s.seasonal_mk_p" 0.077556166743665486 "seasonal p"
expect_close "$s.seasonal_mk_tau" '10 / 24' "seasonal tau"
# the same formulas on the last three and two years: S 3, Var(S) 11,
# 2 * pnorm(-2 / sqrt(11)); S -1, Var(S) 3, Z 0, p 1
run "$DVKSTAT" trend --period quarter --from 2020 -f json "$tmp/quarter.csv"
expect_json "$s | [.seasonal_mk_s, .seasonal_mk_var_s]" '[3,11]' "three full years"
expect_close "$s.seasonal_mk_p" 0.54649359540658193 "three full years: p"
run "$DVKSTAT" trend --period quarter --from 2021 -f json "$tmp/quarter.csv"
expect_json "$s | [.seasonal_mk_s, .seasonal_mk_var_s, .seasonal_mk_z, .seasonal_mk_p]" '[-1,3,0,1]' "two full years: tested"
run "$DVKSTAT" trend --period quarter --from 01/04/2021 -f json "$tmp/quarter.csv"
expect_json "$s.seasonal_mk_s" 'null' "fewer than two full years: no seasonal test"
run "$DVKSTAT" trend -f json "$samples/minh-long.csv"
expect_json "$s.seasonal_mk_p" 'null' "years have no seasons"

# --- ratio with small counts: 2 of 3, 1 of 4, 3 of 3
# m <- cbind(c(2, 1, 3), c(1, 3, 0)); fisher.test(m)$p.value;
# chisq.test(m) warns "Chi-squared approximation may be incorrect":
# min(chisq.test(m)$expected) is 1.2, all six cells below 5
printf 'g,ok\na,1\na,1\na,0\nb,0\nb,0\nb,0\nb,1\nc,1\nc,1\nc,1\n' >"$tmp/small.csv"
run "$DVKSTAT" ratio --by g --num ok=1 -f json "$tmp/small.csv"
expect_status 0 "small-count ratio"
expect_close '.exact_test.p_value' 0.22857142857142798 "Fisher's exact p"
expect_json '[.exact_test.name, .test.name, .test.min_expected, .test.expected_below_5]' '["fisher","chi-square",1.2,6]' "the exact test beside the chi-square"
expect_err "the chi-square approximation may be incorrect: 6 expected counts are below 5" "the warning"
run "$DVKSTAT" ratio --by g --num ok=1 -q "$tmp/small.csv"
grep -q "^Fisher's exact test that the ratio is the same in every group: no statistically significant difference (p = 0.23)$" "$tmp/out" && ok ||
    not_ok "table: Fisher's p"
run "$DVKSTAT" ratio --num ok=1 -f json "$tmp/small.csv"
expect_json '[.exact_test, (.exact_test_missing | type)]' '[null,"string"]' "no groups: null with a reason"
# large counts: no warning
run "$DVKSTAT" ratio --by 'Cấp' --num 'Tình trạng=Duy trì, hiệu quả' -f json "$samples/minh-long.csv"
expect_json '.exact_test.name' '"fisher"' "Fisher on Minh Long"

finish
