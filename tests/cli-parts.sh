#!/bin/bash
# cli-parts.sh: a file read by two threads (--jobs 2) gives exactly what one
# thread gives: the table, the messages with their lines, the rejected rows
# and the closing count; a split that falls inside a quoted field that
# spans lines is found and one thread reads on.  DVKSTAT_DEBUG=parts says
# which way each file was read.
. "$srcdir/tests/lib.sh"

# same_both WHAT ARGS...: --jobs 1 and --jobs 2 give the same output,
# messages and status.
same_both() {
    local what=$1
    shift
    "$DVKSTAT" "$@" --jobs 1 >"$tmp/out1" 2>"$tmp/err1"
    local s1=$?
    DVKSTAT_DEBUG=parts "$DVKSTAT" "$@" --jobs 2 >"$tmp/out2" 2>"$tmp/err2"
    local s2=$?
    grep -v '^dvkstat: debug:' "$tmp/err2" >"$tmp/err2.clean"
    if [ "$s1" = "$s2" ] && cmp -s "$tmp/out1" "$tmp/out2" && cmp -s "$tmp/err1" "$tmp/err2.clean"; then
        ok
    else
        not_ok "$what: --jobs 2 differs from --jobs 1 (status $s1/$s2)"
        diff "$tmp/out1" "$tmp/out2" | head -5 >&2
        diff "$tmp/err1" "$tmp/err2.clean" | head -5 >&2
    fi
}
# read_as WHAT WAY: the last run with --jobs 2 was read in two parts
# ("two"), or split and read on by one thread ("dropped").
read_as() {
    case $2 in
        two) grep -q 'read in two parts' "$tmp/err2" && ok || not_ok "$1: not read in two parts: $(cat "$tmp/err2")" ;;
        dropped) grep -q 'is dropped; one thread reads on' "$tmp/err2" && ok || not_ok "$1: the bad split was not found: $(cat "$tmp/err2")" ;;
    esac
}

# A register of a few thousand rows: the Minh Long rows (quoted fields
# with commas among them) over and over.
{
    head -1 "$samples/minh-long.csv"
    for i in 1 2 3 4 5 6 7 8 9 10; do tail -n +2 "$samples/minh-long.csv"; done
} >"$tmp/big.csv"
same_both "count by field" count --by 'Lĩnh vực' "$tmp/big.csv"
read_as "count by field" two
same_both "count by two columns, filtered, as CSV" count --by Cấp,Năm --where 'Năm>=2019' -f csv "$tmp/big.csv"
read_as "filtered" two
same_both "count with a map" count --by 'Lĩnh vực' --map "$samples/map-minh-long-fields.csv" -f json "$tmp/big.csv"
same_both "count with a weight" count --by Cấp --weight 'Số hộ hưởng lợi' "$tmp/big.csv"
same_both "closing count" count --by Cấp --skip-bad-rows --where 'Cấp=Thôn' "$tmp/big.csv"
same_both "crosstab" crosstab --rows Cấp --cols Năm "$tmp/big.csv"
read_as "crosstab" two
same_both "ratio" ratio --by 'Lĩnh vực' --num 'Tình trạng=Duy trì, hiệu quả' --ci exact -f json "$tmp/big.csv"
read_as "ratio" two
same_both "ratio with a denominator" ratio --by Cấp --num 'Năm>=2020' --den 'Năm>=2018' "$tmp/big.csv"

# clean: the second half written by its own thread to a part of the
# output and copied after the first half's rows, in every streaming format;
# a filter that leaves the first half no row (the JSON array's first
# object then comes from the part, with no comma before it), or the second
# half none.
for fmt in csv tsv json; do
    same_both "clean -f $fmt" clean -f $fmt "$tmp/big.csv"
    read_as "clean -f $fmt" two
done
same_both "clean --raw" clean --raw "$tmp/big.csv"
{
    head -1 "$tmp/big.csv"
    sed -n 2p "$tmp/big.csv" | sed 's/^[^,]*,/FIRST-1,/'
    tail -n +2 "$tmp/big.csv"
    tail -1 "$tmp/big.csv" | sed 's/^[^,]*,/LAST-1,/'
} >"$tmp/ends.csv"
same_both "clean, rows only in the second half" clean -f json --where "Mã=LAST-1" "$tmp/ends.csv"
read_as "rows only in the second half" two
[ "$(jq length "$tmp/out2")" = 1 ] && [ "$(head -c 3 "$tmp/out2")" = '[
{' ] && ok || not_ok "rows only in the second half: $(head -c 300 "$tmp/out2")"
same_both "clean, rows only in the first half" clean -f json --where "Mã=FIRST-1" "$tmp/ends.csv"
[ "$(jq length "$tmp/out2")" = 1 ] && ok || not_ok "rows only in the first half"
same_both "clean, no row" clean -f json --where "Mã=none" "$tmp/ends.csv"
same_both "clean to a file" clean -o "$tmp/cleaned.csv" "$tmp/big.csv"
"$DVKSTAT" clean --jobs 1 "$tmp/big.csv" | cmp -s - "$tmp/cleaned.csv" && ok ||
    not_ok "clean -o with two threads"

# report: the series joined, the tables by field, level and unit merged,
# the statuses and the last date added, whatever the options.
same_both "report" report -o /dev/stdout -f md "$tmp/big.csv"
read_as "report" two
same_both "report as HTML with a map and a measure" report -o /dev/stdout -f html --sum 'Số hộ hưởng lợi' \
    --map "$samples/map-minh-long-fields.csv" "$tmp/big.csv"
read_as "report with a measure" two
{ echo Xã; echo Long Mai; echo Long Môn; echo Xã Khác; } >"$tmp/roster.csv"
same_both "report with a roster" report -o /dev/stdout -f md --roster "$tmp/roster.csv" --key Xã \
    --min 3 "$tmp/big.csv"
grep -q 'Long Môn' "$tmp/out2" && ok || not_ok "report with a roster: $(head -c 300 "$tmp/err2")"
# statuses the rule does not know, in both halves: the note counts them all
sed 's/,Đã đăng ký,/,Xem lại,/' "$tmp/big.csv" >"$tmp/unknown.csv"
same_both "report with unknown statuses" report -o /dev/stdout -f md "$tmp/unknown.csv"
read_as "report with unknown statuses" two
n=$(grep -c ',Xem lại,' "$tmp/unknown.csv")
grep -q "$n" "$tmp/err2" && ok || not_ok "report: $n unknown statuses: $(cat "$tmp/err2")"
same_both "report of a form" report -o /dev/stdout -f md --form "$tmp/big.csv"

# summary: the second half profiled by its own thread and merged.  In a
# column of more distinct values than a profile holds (65,536) both halves
# fill their tables: the second half's keys come in reverse, so those the
# first half holds come after the part's table is full and are kept
# apart for the merge; key 5 is spelled two ways, more often the second
# way in the second half.
same_both "summary" summary "$tmp/big.csv"
read_as "summary" two
same_both "summary as JSON" summary -f json --top 5 "$tmp/big.csv"
awk 'BEGIN {
    print "Mã,Nhóm";
    for (i = 0; i < 150000; i++) print "K" i "," (i % 7 == 0 ? "Kinh tế" : "Văn hóa");
    for (k = 0; k < 3; k++) print "K5,Kinh tế";
    for (i = 149999; i >= 0; i--) print "K" i "," (i % 3 == 0 ? "kinh tế" : "Văn hóa");
    for (k = 0; k < 6; k++) print "k5,Y tế";
}' >"$tmp/many.csv"
same_both "summary past the table's limit" summary --top 4 "$tmp/many.csv"
read_as "summary past the table's limit" two
grep -q 'k5 (11), K0 (2), K1 (2), K2 (2)$' "$tmp/out2" &&
    grep -q 'Văn hóa (228571), kinh tế (71432), Y tế (6)$' "$tmp/out2" && ok ||
    not_ok "summary past the limit: $(cat "$tmp/out2")"
same_both "summary past the table's limit, JSON" summary -f json --top 4 "$tmp/many.csv"

# The middle of the file inside a quoted field of many lines: the part
# starts on a line that is not a row start.  Read from there, every line
# looks like a good row (the last one too, with its quote inside a field),
# so only the check of where the first thread stopped finds the split bad.
{
    echo 'Mã,Ghi chú,Lĩnh vực'
    for i in $(seq 1 50); do echo "A$i,ngắn,Kinh tế"; done
    printf 'B1,"dòng đầu\n'
    for i in $(seq 1 400); do echo "C$i,giống một hàng,Văn hóa"; done
    printf 'x,dòng cuối",Giáo dục\n'
    for i in $(seq 1 50); do echo "D$i,ngắn,Y tế"; done
} >"$tmp/quoted.csv"
same_both "a split inside a quoted field" count --by 'Lĩnh vực' "$tmp/quoted.csv"
read_as "a split inside a quoted field" dropped
grep -q '^Giáo dục *1 ' "$tmp/out2" && grep -q '^Y tế *50 ' "$tmp/out2" && ! grep -q 'Văn hóa' "$tmp/out2" &&
    ok || not_ok "the quoted field is one row: $(cat "$tmp/out2")"

# A bad row in the second half: the same message at the same line, the
# same rejected rows, whichever way the file is read.
{
    head -1 "$samples/minh-long.csv"
    for i in 1 2 3 4 5 6; do tail -n +2 "$samples/minh-long.csv"; done
    echo 'X-1,thiếu cột'
    tail -n +2 "$samples/minh-long.csv"
} >"$tmp/bad.csv"
same_both "a bad row late in the file" count --by Cấp "$tmp/bad.csv"
grep -q "bad.csv:$(( $(wc -l <"$tmp/bad.csv") - $(tail -n +2 "$samples/minh-long.csv" | wc -l) )):" "$tmp/err1" &&
    ok || not_ok "the bad row's line: $(cat "$tmp/err1")"
same_both "rejects" count --by Cấp --skip-bad-rows --rejects "$tmp/rej.csv" "$tmp/bad.csv"
cp "$tmp/rej.csv" "$tmp/rej2.csv"
"$DVKSTAT" count --by Cấp --skip-bad-rows --rejects "$tmp/rej.csv" --jobs 1 "$tmp/bad.csv" >/dev/null 2>&1
cmp -s "$tmp/rej.csv" "$tmp/rej2.csv" && ok || not_ok "the same rows rejected"

# What is not split is read by one thread, as before: a legacy encoding,
# standard input.
same_both "Windows-1258" count --by 'Lĩnh vực' "$samples/minh-long-cp1258.csv"
! grep -q 'two parts' "$tmp/err2" && ok || not_ok "a legacy encoding is not split"
"$DVKSTAT" count --by Cấp --jobs 1 <"$tmp/big.csv" >"$tmp/out1" 2>&1
"$DVKSTAT" count --by Cấp --jobs 2 <"$tmp/big.csv" >"$tmp/out2" 2>&1
cmp -s "$tmp/out1" "$tmp/out2" && ok || not_ok "standard input"

run "$DVKSTAT" count --by Cấp --jobs 3 "$tmp/big.csv"
expect_status 2 "--jobs 3"
expect_err "--jobs takes 1 or 2, not '3'" "--jobs 3 message"
finish
