#!/bin/bash
# cli-time.sh: rows with no year are counted and said, and the report's
# totals agree; estimates that do not exist are null with a note.
# Counts by hand from the rows below; "no estimate" per tests/reference/trend.R
# (glm(c(0, 0, 0, 0, 5) ~ I(2019:2023), family = poisson) stops at a slope
# of 24 with "fitted rates numerically 0").
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

printf '%s\n' 'Lĩnh vực,Năm,Tình trạng' 'Kinh tế,2020,Duy trì' 'Kinh tế,,Duy trì' \
    'Kinh tế,2021,Duy trì' 'Văn hóa,,Ngưng' 'Văn hóa,2022,Duy trì' 'Văn hóa, ,Duy trì' >"$tmp/y.csv"
run "$DVKSTAT" trend -f json "$tmp/y.csv"
expect_status 0 "trend with empty years"
expect_json '[.groups[0].series[].value]' '[1,1,1]' "the series of the rows with a year"
expect_err "y.csv: 3 rows have no year or date in column 'Năm': left out of the series" "said"
run "$DVKSTAT" report --lang en -o "$tmp/y.md" "$tmp/y.csv"
grep -q '^Models and exemplars registered: 6 ' "$tmp/y.md" && ok || not_ok "the report's total counts all six"
grep -q '^| no year *| *3 |$' "$tmp/y.md" && ok || not_ok "a no-year line under the per-year table: $(grep -A8 'Trend over' "$tmp/y.md")"

# a field new in the last year: no growth rate, null, and the verdict says so
printf '%s\n' 'Lĩnh vực,Năm' 'A,2019' 'A,2020' 'A,2021' 'A,2022' 'A,2023' 'B,2023' 'B,2023' \
    'B,2023' 'B,2023' 'B,2023' >"$tmp/new.csv"
run "$DVKSTAT" trend --by 'Lĩnh vực' -f json "$tmp/new.csv"
expect_status 0 "trend with a new field"
expect_json '.groups[1].stats | [.poisson_growth, .poisson_low, .poisson_high]' '[null,null,null]' \
    "the Poisson growth of a new field is null"
expect_json '.groups[1].stats.verdict' '"new in 2023: none in the periods before it, so no growth rate"' \
    "the verdict says new in 2023"
expect_err "B: the Poisson growth has no finite estimate and is left empty (null)" "a note says so"
expect_json '.groups[0].stats.verdict' '"no trend: the series is constant"' "the other field is unharmed"

# decimals that sum to nearly equal values are a constant series
printf '%s\n' 'Năm,Kinh phí' '2019,0.1' '2019,0.2' '2020,0.3' '2021,0.15' '2021,0.15' \
    '2022,0.3' >"$tmp/c.csv"
run "$DVKSTAT" trend --value 'Kinh phí' -f json "$tmp/c.csv"
expect_json '.groups[0].stats.verdict' '"no trend: the series is constant"' "0.1 + 0.2 is 0.3 here"
expect_json '.groups[0].stats.mk_p' 'null' "no test on rounding noise"

finish
