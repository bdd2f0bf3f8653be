#!/bin/bash
# cli-edges.sh: the rough edges of the command line: a condition that
# matches no row, column suggestions, "(other)" in JSON, usage messages.
. "$srcdir/tests/lib.sh"
ml="$samples/minh-long.csv"
vt="$samples/vung-tau-2022.csv"

# A --where value that matches no row is an error naming the closest values,
# not a table of zeros.
run "$DVKSTAT" count --by Cấp --where 'Tình trạng=Duy tri' "$ml"
expect_status 1 "--where matching no row"
expect_err "no row matched 'Tình trạng=Duy tri'" "--where matching no row is said"
expect_err "'Duy trì, hiệu quả'" "--where matching no row: the closest value"
[ ! -s "$tmp/out" ] && ok || not_ok "--where matching no row writes no table"
run "$DVKSTAT" count --by Cấp --where 'Năm=>2020' "$ml"
expect_status 1 "'Năm=>2020'"
expect_err "no row matched 'Năm=>2020'" "'Năm=>2020' is said"
expect_err "did you mean 'Năm>=2020'?" "'Năm=>2020': the operator turned round"
run "$DVKSTAT" count --by Cấp --where 'Năm>2030' "$ml"
expect_status 1 "a comparison matching no row"
expect_err "run from 2017 to 2022" "a comparison matching no row: the range"
run "$DVKSTAT" count --by Cấp --where 'Tình trạng=Duy tri' - <"$ml"
expect_status 1 "--where matching no row on standard input"
expect_err "no row matched 'Tình trạng=Duy tri'" "--where on standard input"
# Two conditions that each hold somewhere but never together: a real zero.
run "$DVKSTAT" count --by Cấp --where 'Cấp=Huyện' --where 'Xã=Long Mai' -f csv "$ml"
expect_status 0 "conditions empty only together"
expect_out $'Cấp,count,share\nTotal,0,' "conditions empty only together: zero"
# One file of several: judged over them all ('Đăng ký' is Vũng Tàu's word).
run "$DVKSTAT" count --by 'Lĩnh vực' --where 'Tình trạng=Đăng ký' -f json "$ml" "$vt"
expect_status 0 "a condition matching in one file of two"
expect_json .total 416 "a condition matching in one file of two: counted"
# --num of ratio and trend, --den of ratio
run "$DVKSTAT" ratio --by Cấp --num 'Tình trạng=Duy tri' "$ml"
expect_status 1 "ratio --num matching no row"
expect_err "no row matched 'Tình trạng=Duy tri'" "ratio --num matching no row is said"
expect_err "'Duy trì, hiệu quả'" "ratio --num: the closest value"
run "$DVKSTAT" ratio --by Cấp --num 'Tình trạng=Duy trì, hiệu quả' --den 'Cấp=Tinh' "$ml"
expect_status 1 "ratio --den matching no row"
expect_err "no row matched 'Cấp=Tinh'" "ratio --den matching no row is said"
run "$DVKSTAT" trend --num 'Tình trạng=da dang ki' "$ml"
expect_status 1 "trend --num matching no row"
expect_err "'Đã đăng ký'" "trend --num: the closest value first"
# A real ratio of 0: the value is there, outside the --where.
run "$DVKSTAT" ratio --num 'Cấp=Huyện' --where 'Cấp=Xã' -f json "$ml"
expect_status 0 "ratio of 0 that is real"
expect_json .overall.num 0 "ratio of 0 that is real: k"

# ratio: each group against the rest, p adjusted across the groups; the
# verdicts on the adjusted p.  Expected values: tests/reference/ratio.R,
# prop.test(c(k, K - k), c(n, N - n), correct = FALSE)$p.value and
# p.adjust(p, method) in R 4.2; An 0 of 5, Bình 6 of 6, Chiến 3 of 10,
# Dũng 0 of 0 (no test).
rat() { run "$DVKSTAT" ratio --by Xã --num 'Tình trạng=duy trì' --den 'Kết quả!=Hủy' -q "$@" "$data/ratio.csv"; }
rat -f json
expect_status 0 "ratio: comparisons"
expect_json .adjust '"holm"' "ratio: Holm by default"
expect_close '.groups[0].p_value' 0.026518721959430763 "An against the rest: p"
expect_close '.groups[1].p_value' 0.00081797331999439724 "Bình against the rest: p"
expect_close '.groups[2].p_value' 0.25629940360912273 "Chiến against the rest: p"
expect_close '.groups[0].p_adjusted' 0.053037443918861525 "An: p.adjust holm"
expect_close '.groups[1].p_adjusted' 0.0024539199599831916 "Bình: p.adjust holm"
expect_close '.groups[2].p_adjusted' 0.25629940360912273 "Chiến: p.adjust holm"
expect_json '[.groups[].direction]' '["no difference","higher","no difference",null]' "Holm: the verdicts on the adjusted p"
expect_json '.groups[3] | [.p_value, .p_adjusted, .verdict]' '[null,null,null]' "n = 0: no comparison"
rat --adjust BH -f json
expect_json .adjust '"BH"' "--adjust BH"
expect_close '.groups[0].p_adjusted' 0.039778082939146142 "An: p.adjust BH"
expect_json '[.groups[].direction]' '["lower","higher","no difference",null]' "BH: An is lower"
rat --adjust bonferroni -f json
expect_close '.groups[2].p_adjusted' 0.7688982108273682 "Chiến: p.adjust bonferroni"
rat --adjust none -f json
expect_close '.groups[0].p_adjusted' 0.026518721959430763 "--adjust none: p as it is"
expect_json '.groups[0].direction' '"lower"' "--adjust none: the raw p decides"
rat -f csv
[ "$(head -1 "$tmp/out")" = "Xã,num,den,ratio,ci_low,ci_high,p,p_adjusted,vs_rest" ] && ok ||
    not_ok "ratio CSV: raw p beside the adjusted one: $(head -1 "$tmp/out")"
[ "$(cut -d, -f9 "$tmp/out" | tr '\n' /)" = "vs_rest/no clear difference/higher than the rest/no clear difference///" ] &&
    ok || not_ok "ratio CSV: the verdicts: $(cut -d, -f9 "$tmp/out" | tr '\n' /)"
rat
grep -q "p adjusted by Holm's method across the 3 groups compared" "$tmp/out" && ok || not_ok "ratio table: the adjustment said"
rat --adjust sometimes
expect_status 2 "--adjust: an unknown method"

# count --top: what is summed as "(other)" stays in the JSON, as in the table
run "$DVKSTAT" count --by Xã -f json "$ml"
all=$(jq '.groups | length' "$tmp/out")
run "$DVKSTAT" count --by Xã --top 3 -f json "$ml"
expect_json '.other.groups' "$((all - 3))" "--top 3 -f json: the groups summed"
expect_json '(.groups | map(.count) | add) + .other.count == .total' true \
    "--top 3 -f json: the groups and (other) add up to the total"
other=$(jq -r .other.count "$tmp/out")
run "$DVKSTAT" count --by Xã --top 3 -f csv "$ml"
grep -q "^(other),$other," "$tmp/out" && ok || not_ok "--top: the table's (other) row is the JSON's"
run "$DVKSTAT" count --by Xã -f json "$ml"
expect_json .other null "no --top: other is null"

# A usage error says once where the help is.
for args in "crosstab --by Xã" "coverage --by Xã" "report --by Xã" "report --min lots" \
            "count --top none" "ratio --num Xã=An --level 2"; do
    run "$DVKSTAT" $args "$ml"
    expect_status 2 "$args"
    [ "$(grep -c "^Try 'dvkstat" "$tmp/err")" = 1 ] && ok ||
        not_ok "$args: the help line $(grep -c "^Try 'dvkstat" "$tmp/err") times"
done
# crosstab, coverage and report refuse --by: their help does not list it.
for cmd in crosstab coverage report; do
    run "$DVKSTAT" $cmd --help
    ! grep -qE -- '^ +--by( |=)' "$tmp/out" && ok || not_ok "$cmd --help lists the --by it refuses"
done
run "$DVKSTAT" count --help
grep -q -- '--by COLS' "$tmp/out" && ok || not_ok "count --help lists --by"
# report -f: html is a report's format, and its help says so.
run "$DVKSTAT" report --help
grep -q -- '-f, --format FMT *html, md or xlsx' "$tmp/out" && ok || not_ok "report -f help names html"
[ "$(grep -c -- '--format' "$tmp/out")" = 1 ] && ok || not_ok "report --help: -f listed once"
run "$DVKSTAT" report -f html -o "$tmp/r.out" "$ml"
expect_status 0 "report -f html"
grep -q '<html' "$tmp/r.out" && ok || not_ok "report -f html writes HTML"
# report's usage errors follow the locale as every command's do; its
# document is still Vietnamese by default.
run env LC_ALL=C.UTF-8 LANGUAGE= "$DVKSTAT" report "$ml"
expect_status 2 "report without -o"
expect_err "report needs -o FILE.html" "report's usage error in the locale's language"
run env LC_ALL=C.UTF-8 LANGUAGE= "$DVKSTAT" report --lang vi "$ml"
expect_err "report cần" "report --lang vi: its usage error in Vietnamese"
run env LC_ALL=C.UTF-8 LANGUAGE= "$DVKSTAT" report -q -o "$tmp/r.md" "$ml"
grep -q '^## Theo lĩnh vực' "$tmp/r.md" && ok || not_ok "the report itself is still Vietnamese"

# An unknown column: one whose name holds it as a word comes first ('Xã'
# is a word of 'Phường, xã'; 'Mã' is only a letter away).
run "$DVKSTAT" count --by Xã "$vt"
expect_status 2 "count --by Xã on Vũng Tàu"
expect_err "did you mean 'Phường, xã'?" "--by Xã suggests 'Phường, xã'"
! grep -q "did you mean 'Mã'" "$tmp/err" && ok || not_ok "--by Xã suggests 'Mã'"
run "$DVKSTAT" count --by vị "$vt"
expect_err "did you mean one of 'Đơn vị', 'Loại đơn vị'?" "a word of two columns: both named"
run "$DVKSTAT" count --by 'Tinh trang' --where 'Tình trạng=Đăng ký' "$vt"
expect_status 0 "a column named without accents is found"
run "$DVKSTAT" count --by 'Linh vuc x' "$vt"
expect_err "did you mean 'Lĩnh vực'?" "a name a letter away: the closest still"

# trend --from and --to take the labels trend prints, in every period kind
run "$DVKSTAT" trend --period quarter --time 'Ngày đăng ký' --from 2019-Q1 --to 2019-Q3 -f csv "$ml"
expect_status 0 "--from 2019-Q1"
[ "$(cut -d, -f1 "$tmp/out" | tr '\n' ' ')" = "Ngày đăng ký 2019-Q1 2019-Q2 2019-Q3 " ] && ok ||
    not_ok "--from 2019-Q1 --to 2019-Q3: $(cut -d, -f1 "$tmp/out" | tr '\n' ' ')"
run "$DVKSTAT" trend --period quarter --time 'Ngày đăng ký' --from 2019-q4 --to 2020-Q1 -f csv "$ml"
[ "$(cut -d, -f1 "$tmp/out" | tr '\n' ' ')" = "Ngày đăng ký 2019-Q4 2020-Q1 " ] && ok ||
    not_ok "--from 2019-q4 across a year: $(cut -d, -f1 "$tmp/out" | tr '\n' ' ')"
run "$DVKSTAT" trend --period month --time 'Ngày đăng ký' --from 2019-11 --to 2020-02 -f csv "$ml"
expect_status 0 "--from 2019-11"
[ "$(cut -d, -f1 "$tmp/out" | tr '\n' ' ')" = "Ngày đăng ký 2019-11 2019-12 2020-01 2020-02 " ] && ok ||
    not_ok "--from 2019-11 --to 2020-02: $(cut -d, -f1 "$tmp/out" | tr '\n' ' ')"
# what trend prints, fed back, gives the same periods
run "$DVKSTAT" trend --period month --time 'Ngày đăng ký' -f csv "$ml"
first=$(sed -n 2p "$tmp/out" | cut -d, -f1) last=$(tail -1 "$tmp/out" | cut -d, -f1)
cp "$tmp/out" "$tmp/all.csv"
run "$DVKSTAT" trend --period month --time 'Ngày đăng ký' --from "$first" --to "$last" -f csv "$ml"
expect_same "$tmp/all.csv" "$tmp/out" "--from/--to with trend's own first and last month"
run "$DVKSTAT" trend --from 2018 --to 2019 -f csv "$ml"
[ "$(cut -d, -f1 "$tmp/out" | tr '\n' ' ')" = "Năm 2018 2019 " ] && ok || not_ok "--from 2018 --to 2019 (years)"
run "$DVKSTAT" trend --period quarter --time 'Ngày đăng ký' --from 2019 --to 2019 -f csv "$ml"
[ "$(wc -l <"$tmp/out")" = 5 ] && ok || not_ok "a bare year bounds quarters: the four of it"
for bad in 2019-Q5 2019-Q0 2019-13 2019-00 Q1; do
    p=quarter; case $bad in *-1*|*-0[0-9]) p=month ;; esac
    run "$DVKSTAT" trend --period $p --time 'Ngày đăng ký' --from "$bad" "$ml"
    expect_status 2 "--period $p --from $bad"
done
# one year: no trend across years, and the way to one within it
run "$DVKSTAT" trend "$samples/cao-bang-2021.csv"
expect_status 0 "trend of one year"
expect_err "--period month" "one year suggests --period month"
run "$DVKSTAT" trend --period month "$samples/cao-bang-2021.csv"
expect_status 0 "trend --period month of one year"
! grep -q -- "--period month" "$tmp/err" && ok || not_ok "by month: no hint"
run "$DVKSTAT" trend "$ml"
! grep -q -- "one year only" "$tmp/err" && ok || not_ok "six years: no hint"

# report: maintained of registered compares each field with the others,
# Holm across the fields (tests/reference/ratio.R: prop.test and p.adjust).
run "$DVKSTAT" report -q --lang en -o "$tmp/r.md" "$ml"
expect_status 0 "report"
row() { sed -n '/^## Maintained of registered/,/^## [^M]/p' "$tmp/r.md" | grep "^| $1 " | awk -F'|' -v c="$2" '{gsub(/ /, "", $c); print $c}'; }
[ "$(row 'Kinh tế' 8)" = 0.000633 ] && ok || not_ok "report: Kinh tế's p, $(row 'Kinh tế' 8)"
[ "$(row 'Kinh tế' 9)" = 0.00633 ] && ok || not_ok "report: Kinh tế's p adjusted, $(row 'Kinh tế' 9)"
[ "$(row 'Kinh tế' 10)" = higherthantherest ] && ok || not_ok "report: Kinh tế higher"
# Môi trường: p = 0.0498 alone, 0.448 adjusted: no difference on the adjusted p
[ "$(row 'Môi trường' 8)" = 0.0498 ] && ok || not_ok "report: Môi trường's p, $(row 'Môi trường' 8)"
[ "$(row 'Môi trường' 9)" = 0.448 ] && ok || not_ok "report: Môi trường's p adjusted"
[ "$(row 'Môi trường' 10)" = nocleardifference ] && ok ||
    not_ok "report: Môi trường's verdict rests on the adjusted p"
grep -q "adjusted by Holm's method across the 10 fields compared" "$tmp/r.md" && ok ||
    not_ok "report: the adjustment said"
finish
