#!/bin/bash
# cli-ratio.sh: dvkstat ratio.  Expected statistics come from R 4.2, by the
# calls cited (tests/reference/ratio.R and proportion.R).
. "$srcdir/tests/lib.sh"
# tests/data/ratio.csv: An 0 of 5, Bình 6 of 6, Chiến 3 of 10; Dũng's rows
# are all "Hủy", so it has n = 0 and no ratio.
run "$DVKSTAT" ratio --by Xã --num 'Tình trạng=duy trì' --den 'Kết quả!=Hủy' -f json "$data/ratio.csv"
expect_status 0 "ratio"
expect_json '[.command, .by]' '["ratio",["Xã"]]' "json head"
expect_json '[.groups[] | [.key."Xã", .num, .den]]' \
    '[["An",0,5],["Bình",6,6],["Chiến",3,10],["Dũng",0,0]]' "k and n per group"
expect_json '.groups[3] | [.ratio, .ci_low, .ci_high]' '[null,null,null]' "n = 0: no ratio"
expect_json '.overall | [.num, .den]' '[9,21]' "overall"
expect_close '.overall.ratio' '9 / 21' "overall ratio"
# prop.test(0, 5, correct = FALSE)$conf.int
expect_close '.groups[0].ci_low' 0 "k = 0 low"
expect_close '.groups[0].ci_high' 0.43448246478317465 "k = 0 high"
# prop.test(6, 6, correct = FALSE)$conf.int
expect_close '.groups[1].ci_low' 0.60966571209783482 "k = n low"
expect_close '.groups[1].ci_high' 1 "k = n high"
# prop.test(3, 10, correct = FALSE)$conf.int
expect_close '.groups[2].ci_low' 0.10779126740630104 "3 of 10 low"
expect_close '.groups[2].ci_high' 0.60322185253885452 "3 of 10 high"
# prop.test(9, 21, correct = FALSE)$conf.int
expect_close '.overall.ci_low' 0.24469968925375948 "overall low"
expect_close '.overall.ci_high' 0.63453445630693284 "overall high"
# chisq.test(cbind(c(0, 6, 3), c(5, 0, 7)), correct = FALSE): the n = 0 group left out
expect_json '.test | [.name, .df]' '["chi-square",2]' "test"
expect_close '.test.statistic' 12.424999999999999 "chi-square statistic"
expect_close '.test.p_value' 0.0020042206440478408 "chi-square p"

# binom.test(k, n, conf.level = 0.90)$conf.int
run "$DVKSTAT" ratio --by Xã --num 'Tình trạng=duy trì' --den 'Kết quả!=Hủy' --ci exact --level 0.90 -f json "$data/ratio.csv"
expect_close '.groups[0].ci_high' 0.45071972834694107 "exact, k = 0"
expect_close '.groups[1].ci_low' 0.60696223100291724 "exact, k = n"
expect_close '.groups[2].ci_low' 0.087264433914150272 "exact 3 of 10 low"
expect_close '.groups[2].ci_high' 0.60662421610541339 "exact 3 of 10 high"
expect_close '.overall.ci_low' 0.24499443830834278 "exact overall low"
expect_close '.overall.ci_high' 0.62809886291875483 "exact overall high"
run "$DVKSTAT" ratio --by Xã --num 'Tình trạng=duy trì' --ci none -f json "$data/ratio.csv"
expect_json '.groups[3] | [.num, .den, .ratio, .ci_low]' '[1,2,0.5,null]' "--ci none, no --den"

# Minh Long: 40 of 296 maintained; prop.test(40, 296, correct = FALSE)$conf.int
run "$DVKSTAT" ratio --num 'Tình trạng=Duy trì, hiệu quả' -f json "$samples/minh-long.csv"
expect_close '.overall.ci_low' 0.10083282116961056 "Minh Long low"
expect_close '.overall.ci_high' 0.17878647881128873 "Minh Long high"
expect_json '[(.groups | length), .test]' '[1,null]' "no --by: one group, no test"
# by the four official fields; chisq.test(cbind(k, n - k), correct = FALSE)
# with k <- c(4, 24, 7, 5); n <- c(7, 194, 35, 60)
run "$DVKSTAT" ratio --by linh_vuc --map "$samples/map-minh-long-fields.csv" \
    --num 'Tình trạng=Duy trì, hiệu quả' -f json "$samples/minh-long-utf16.csv"
expect_json '[.groups[] | [.key."Lĩnh vực", .num, .den]]' \
    '[["Kinh tế",4,7],["Quốc phòng - An ninh",7,35],["Văn hóa - Xã hội",24,194],["Xây dựng hệ thống chính trị",5,60]]' \
    "maintained of registered by official field"
expect_close '.test.statistic' 14.255120735149731 "Minh Long chi-square"
expect_close '.test.p_value' 0.002577676448866631 "Minh Long p"
# binom.test(24, 194, conf.level = 0.99)$conf.int
run "$DVKSTAT" ratio --by linh_vuc --map "$samples/map-minh-long-fields.csv" \
    --num 'Tình trạng=Duy trì, hiệu quả' --ci exact --level 0.99 -f json "$samples/minh-long.csv"
expect_close '.groups[2].ci_low' 0.070131289461904986 "exact 0.99 low"
expect_close '.groups[2].ci_high' 0.19652880775771908 "exact 0.99 high"

# An aggregated table typed by hand.
printf 'Lĩnh vực;Đăng ký;Duy trì\nKinh tế;7;4\nAn ninh;35;7\nKhác;;\n' >"$tmp/agg.csv"
run "$DVKSTAT" ratio --by 1 --num-col 'Duy trì' --den-col 'Đăng ký' -f json "$tmp/agg.csv"
expect_json '[.groups[] | [.key."Lĩnh vực", .num, .den]]' '[["An ninh",7,35],["Kinh tế",4,7]]' "--num-col/--den-col"
expect_err "1 rows have an empty count" "empty counts are not zeros"
run "$DVKSTAT" ratio --by 1 --num-col 'Duy trì' --den-col 'Đăng ký' "$tmp/agg.csv"
grep -q '^Kinh tế  *4  *7  *57.1%  *25.0%  *84.2% ' "$tmp/out" && ok || not_ok "table row"
grep -q '^Chi-square test that the ratio is the same in every group: X² = ' "$tmp/out" && ok || not_ok "table test line"
# usage errors
run "$DVKSTAT" ratio "$data/ratio.csv"
expect_status 2 "ratio with no --num"
run "$DVKSTAT" ratio --num Xã=An --ci maybe "$data/ratio.csv"
expect_status 2 "bad --ci"
run "$DVKSTAT" ratio --num Xã=An --level 95 "$data/ratio.csv"
expect_status 2 "bad --level"
run "$DVKSTAT" ratio --num-col 2 "$data/ratio.csv"
expect_status 2 "--num-col alone"
finish
