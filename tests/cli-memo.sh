#!/bin/bash
# cli-memo.sh: the memos of values seen before (the keys of a grouping
# column, a series' periods, summary's typed values) and the two-thread
# read change nothing: every command gives the same bytes, messages and
# status with DVKSTAT_DEBUG=nocache and without, with --jobs 1 and
# --jobs 2, on the samples and on a random register made of their rows
# with the values spelt in other ways.  And summary's distinct estimate is
# never above the rows.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

# same_ways WHAT ARGS...: the same output, messages and status with the
# memos on and off, and on one thread and two.
same_ways() {
    local what=$1
    shift
    "$DVKSTAT" "$@" --jobs 1 >"$tmp/a.out" 2>"$tmp/a.err"
    local s1=$?
    DVKSTAT_DEBUG=nocache "$DVKSTAT" "$@" --jobs 1 >"$tmp/b.out" 2>"$tmp/b.err"
    local s2=$?
    "$DVKSTAT" "$@" --jobs 2 >"$tmp/c.out" 2>"$tmp/c.err"
    local s3=$?
    if [ "$s1" = "$s2" ] && cmp -s "$tmp/a.out" "$tmp/b.out" && cmp -s "$tmp/a.err" "$tmp/b.err"; then
        ok
    else
        not_ok "$what: the memos change the output (status $s1/$s2)"
        diff "$tmp/a.out" "$tmp/b.out" | head -5 >&2
        diff "$tmp/a.err" "$tmp/b.err" | head -5 >&2
    fi
    if [ "$s1" = "$s3" ] && cmp -s "$tmp/a.out" "$tmp/c.out" && cmp -s "$tmp/a.err" "$tmp/c.err"; then
        ok
    else
        not_ok "$what: --jobs 2 differs from --jobs 1 (status $s1/$s3)"
        diff "$tmp/a.out" "$tmp/c.out" | head -5 >&2
        diff "$tmp/a.err" "$tmp/c.err" | head -5 >&2
    fi
}

# A random register: the Minh Long rows in a random order, each value
# sometimes spelt otherwise (upper case, spaces around and inside, a
# dropped value), the years sometimes written as dates, so that a memo
# keyed by the raw bytes meets many spellings of one key.  The seed is
# said when a test fails.
seed=${DVKSTAT_TEST_SEED:-$(( $(date +%s) % 100000 ))}
make_register() {
    awk -v seed="$1" -v copies="$2" -F, '
    function variant(v,   r) {
        r = rand()
        if (v == "" || r < 0.80) return v
        if (r < 0.85) return " " v " "
        if (r < 0.90) return toupper(v)
        if (r < 0.95) { sub(/ /, "  ", v); return v }
        return ""
    }
    NR == 1 { print; next }
    { rows[++n] = $0 }
    END {
        srand(seed)
        for (k = 0; k < copies; k++)
            for (i = 1; i <= n; i++) {
                j = int(rand() * n) + 1
                line = rows[j]
                # the quoted fields (with commas) stay as they are
                if (line ~ /"/) { print line; continue }
                m = split(line, f, ",")
                out = ""
                for (c = 1; c <= m; c++) {
                    v = f[c]
                    if (c != 1 && c != 7) v = variant(v)
                    out = out (c > 1 ? "," : "") v
                }
                print out
            }
    }' "$samples/minh-long.csv"
}
make_register "$seed" 40 >"$tmp/random.csv"
roster="$tmp/roster.csv"
{ echo 'Xã'; echo 'Long Mai'; echo 'Long Hiệp'; echo 'Long Sơn'; echo 'Long Môn'; echo 'Thanh An'; } >"$roster"

for f in "$samples/minh-long.csv" "$samples/vung-tau-2022.csv" "$tmp/random.csv"; do
    name=${f##*/}
    same_ways "$name: count" count --by 2 "$f"
    same_ways "$name: count by two columns as JSON" count --by 3,4 -f json "$f"
    same_ways "$name: trend" trend "$f"
    same_ways "$name: trend as CSV" trend -f csv "$f"
    same_ways "$name: summary" summary "$f"
    same_ways "$name: summary as JSON" summary -f json "$f"
    for fmt in csv tsv json md; do
        same_ways "$name: clean -f $fmt" clean -f $fmt "$f"
    done
    same_ways "$name: clean --raw" clean --raw "$f"
done
for f in "$samples/minh-long.csv" "$tmp/random.csv"; do
    name=${f##*/}
    same_ways "$name: trend by field" trend --by 'Lĩnh vực' "$f"
    same_ways "$name: trend by month as JSON" trend --time 'Ngày đăng ký' --period month -f json "$f"
    same_ways "$name: trend of a ratio" trend --num 'Tình trạng=Duy trì, hiệu quả' "$f"
    same_ways "$name: trend with a map" trend --by 'Lĩnh vực' --map "$samples/map-minh-long-fields.csv" "$f"
    same_ways "$name: coverage" coverage --roster "$roster" --key Xã "$f"
    same_ways "$name: coverage as JSON" coverage --roster "$roster" --key Xã -f json "$f"
    same_ways "$name: crosstab" crosstab --rows Cấp --cols Năm "$f"
    same_ways "$name: report" report --map "$samples/map-minh-long-fields.csv" -o /dev/stdout -f md "$f"
done
same_ways "vung-tau: coverage" coverage --roster "$samples/vung-tau-roster.csv" --key 'Phường, xã' \
    "$samples/vung-tau-2022.csv"
# trend on two threads where the halves disagree: years above, another
# number below (one thread rejects the first of them, at its line), and a
# column found by its values that the second half rules out.
{
    echo 'Mã,Kỳ,Lĩnh vực'
    for i in $(seq 1 3000); do echo "A$i,$((2015 + i % 5)),Kinh tế"; done
    for i in $(seq 1 3000); do echo "B$i,$((40 + i % 5)),Văn hóa"; done
} >"$tmp/kinds.csv"
same_ways "trend: years, then other numbers" trend --time Kỳ "$tmp/kinds.csv"
DVKSTAT_DEBUG=parts "$DVKSTAT" trend --time Kỳ --jobs 2 "$tmp/kinds.csv" >/dev/null 2>"$tmp/err"
expect_err "is dropped; one thread reads on" "trend: the halves that disagree are read by one thread"
expect_err "'41' in column 'Kỳ' is not a year" "trend: the error of one thread"
same_ways "trend --skip-bad-rows: years, then other numbers" trend --time Kỳ --skip-bad-rows "$tmp/kinds.csv"
{
    echo 'Mã,Ghi chú,Lĩnh vực'
    for i in $(seq 1 3000); do echo "A$i,$((2015 + i % 5)),Kinh tế"; done
    for i in $(seq 1 3000); do echo "B$i,$((2015 + i % 5)),Văn hóa"; done
    echo "C1,không rõ,Y tế"
    for i in $(seq 1 100); do echo "D$i,$((2015 + i % 5)),Y tế"; done
} >"$tmp/found.csv"
same_ways "trend: a column found by its values, ruled out late" trend "$tmp/found.csv"
same_ways "trend by field on two threads" trend --by 'Lĩnh vực' -f json "$tmp/kinds.csv"
[ "$failed" = 0 ] || echo "cli-memo.sh: the random register's seed was $seed (DVKSTAT_TEST_SEED)" >&2

# All-distinct values past summary's exact table (65,536 keys): the
# estimate may be off, but never more values than rows.
awk 'BEGIN { print "Mã,Nhóm"; for (i = 0; i < 70000; i++) printf "M%06d,%d\n", i, i % 7 }' >"$tmp/distinct.csv"
run "$DVKSTAT" summary -f json "$tmp/distinct.csv"
expect_status 0 "summary of all-distinct values"
expect_json '.files[0].columns[0].distinct <= 70000' true "the distinct estimate is not above the rows"
expect_json '.files[0].columns[0].distinct_exact' false "past the exact table it is an estimate"
expect_json '.files[0].columns[1].distinct' 7 "a small column is exact"
# Fewer rows than the estimate would say: some values empty.
awk 'BEGIN { print "Mã,Nhóm"; for (i = 0; i < 70000; i++) printf "%s,%d\n", i % 3 ? "M" i : "", i % 7 }' \
    >"$tmp/distinct2.csv"
run "$DVKSTAT" summary -f json "$tmp/distinct2.csv"
expect_json '.files[0].columns[0].distinct <= (70000 - .files[0].columns[0].empty)' true \
    "the estimate is not above the rows holding a value"
finish
