#!/bin/bash
# cli-bad-input.sh: bad files get their documented exit status and a
# message naming file and line; nothing crashes (run under ASan in CI).
. "$srcdir/tests/lib.sh"

# expect_fail STATUS "FILE:LINE:COL: text" COMMAND...
expect_fail() {
    local want=$1 msg=$2
    shift 2
    run "$@"
    expect_status "$want" "$*"
    expect_err "$msg" "$*"
    # a crash under a sanitizer prints this; a clean error never does
    if grep -q -e 'AddressSanitizer' -e 'runtime error' "$tmp/err"; then
        not_ok "$*: sanitizer report"
    fi
}

cd "$bad" || exit 1
for cmd in clean summary trend; do
    expect_fail 1 "unterminated-quote.csv:2:4: quoted field is never closed" \
        "$DVKSTAT" $cmd unterminated-quote.csv
    expect_fail 1 "ragged.csv:3:13: expected 3 fields, found 4" "$DVKSTAT" $cmd ragged.csv
    expect_fail 1 "empty.csv: empty input: no header row" "$DVKSTAT" $cmd empty.csv
    expect_fail 1 "random.bin:1:144: NUL byte" "$DVKSTAT" $cmd random.bin
    expect_fail 1 "invalid-utf8.csv:2:10: invalid UTF-8 byte 0xE9" \
        "$DVKSTAT" $cmd --encoding utf-8 invalid-utf8.csv
    expect_fail 1 "nul.csv:2:7: NUL byte" "$DVKSTAT" $cmd nul.csv
done
expect_fail 1 "bad-year.csv:3:8: 'hai nghìn' in column 'Năm' is not a year or a date" \
    "$DVKSTAT" trend bad-year.csv
expect_fail 1 "header-only.csv: no rows to count" "$DVKSTAT" trend header-only.csv
run "$DVKSTAT" clean header-only.csv
expect_status 0 "clean of a header-only file"
expect_out "Mã,Tên,Năm" "clean of a header-only file writes the header"
# Bad workbooks (tests/bad/README.md): exit 1 (2 for a password), a
# message naming the file (and the place: what follows FILE below), never a crash, and nothing left in $TMPDIR.
books="$srcdir/tests/books"
mkdir "$tmp/t"
while IFS='|' read -r want file msg; do
    for cmd in clean summary "count --by A"; do
        TMPDIR="$tmp/t" run "$DVKSTAT" $cmd "$books/$file"
        expect_status "$want" "$cmd $file"
        expect_err "$books/$file$msg" "$cmd $file"
        if grep -q -e 'AddressSanitizer' -e 'runtime error' "$tmp/err"; then not_ok "$file: sanitizer report"; fi
    done
    TMPDIR="$tmp/t" run "$DVKSTAT" clean - <"$books/$file"
    expect_status "$want" "clean - <$file"
    cat "$books/$file" | TMPDIR="$tmp/t" "$DVKSTAT" clean - >"$tmp/out" 2>"$tmp/err"
    grep -q -F "$msg" "$tmp/err" && ok || not_ok "$file through a pipe: $(head -c 300 "$tmp/err")"
done <<'EOF_BOOKS'
1|bad-truncated.xlsx|: workbook: not a readable zip file
1|bad-truncated.xls|: the OLE2 container of the workbook is damaged
1|bad-not-workbook.xlsx|: a zip file that holds no workbook
1|bad-bomb.xlsx|: xl/sharedStrings.xml: 67108875 bytes packed into 65247: refused as a zip bomb
1|bad-bomb-lying.xlsx|: xl/sharedStrings.xml: more than
1|bad-entities.xlsx|: xl/worksheets/sheet1.xml: the XML declares a DOCTYPE
1|bad-external-entity.xlsx|: xl/sharedStrings.xml: the XML declares a DOCTYPE
1|bad-shared-string.xlsx|:S!A1: the shared string 3 is missing (the workbook has 1)
1|bad-merge-range.xlsx|: the merged area "A1:XFE2" is out of the sheet
1|bad-merge-overlap.xlsx|:S!B2: the merged area B2:D4 overlaps another
1|bad-merge.xls|: the merged area B1:KO1 is out of the sheet
1|bad-encrypted.xlsx|: the workbook is encrypted with a password
1|bad-encrypted.xls|: the workbook is encrypted
EOF_BOOKS
[ -z "$(ls -A "$tmp/t")" ] && ok || not_ok "files left in TMPDIR by bad workbooks: $(ls -A "$tmp/t")"

# Hints point at the way out.
run "$DVKSTAT" clean --encoding utf-8 invalid-utf8.csv
expect_err "hint: name the file's encoding with --encoding" "encoding hint"
run "$DVKSTAT" clean ragged.csv
expect_err "hint: --skip-bad-rows" "skip hint"

# --skip-bad-rows sets rows aside, keeps them as read, and says how many.
run "$DVKSTAT" trend --skip-bad-rows --rejects "$tmp/rejects.csv" bad-year.csv
expect_status 0 "trend --skip-bad-rows"
expect_err "2 rows read, 1 rejected" "closing count"
head -3 "$tmp/out" | sed -E 's/^([^ ]+ +[^ ]+).*/\1/' >"$tmp/head" && mv "$tmp/head" "$tmp/out"
expect_out "$(printf 'Năm   Count\n----  -----\n2020      1')" "the good row is counted"
printf 'A2,Hai,hai nghìn\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/rejects.csv" "the rejected row, as read"
run "$DVKSTAT" clean --skip-bad-rows --rejects "$tmp/rejects.csv" unterminated-quote.csv
expect_status 0 "clean --skip-bad-rows of an unterminated quote"
printf 'A1,"Mô hình mở ngoặc,2020\nA2,Khác,2021\n' >"$tmp/want"
expect_same "$tmp/want" "$tmp/rejects.csv" "the unterminated row and what it swallowed, as read"
expect_err "1 rows read, 1 rejected" "closing count of the unterminated quote"

# A failed run never clobbers the output file.
echo "last year's report" >"$tmp/report.csv"
run "$DVKSTAT" clean -o "$tmp/report.csv" ragged.csv
expect_status 1 "clean -o of a ragged file"
echo "last year's report" >"$tmp/want"
expect_same "$tmp/want" "$tmp/report.csv" "the old output is intact"
[ "$(ls -A "$tmp" | grep -c '^\.report')" -eq 0 ] && ok || not_ok "no temporary file left"

# A 5 MB field and 20,000 columns are data, not errors.
awk 'BEGIN { printf "id,text\n1,\""; for (i = 0; i < 5242880; i++) printf "%s", (i % 80 == 79) ? "\n" : "x"; printf "\"\n2,short\n" }' >"$tmp/big-field.csv"
run "$DVKSTAT" summary -f json "$tmp/big-field.csv"
expect_status 0 "a 5 MB field"
expect_json '.files[0].rows_read' 2 "two rows around a 5 MB field"
awk 'BEGIN { for (r = 0; r < 3; r++) { for (c = 1; c <= 20000; c++) printf "%s%s", (c > 1 ? "," : ""), (r == 0 ? "c" c : r * c); printf "\n" } }' >"$tmp/wide.csv"
run "$DVKSTAT" summary -f json "$tmp/wide.csv"
expect_status 0 "20,000 columns"
expect_json '.files[0].columns | length' 20000 "20,000 columns profiled"
expect_json '.files[0].columns[19999] | [.name, .type]' '["c20000","integer"]' "the last column"
run "$DVKSTAT" clean "$tmp/wide.csv"
expect_status 0 "clean of 20,000 columns"
cmp -s "$tmp/out" "$tmp/wide.csv" && ok || not_ok "clean of 20,000 columns is unchanged"

# A quote never closed in a large file ends the run, even with
# --skip-bad-rows: nothing after it could be read as rows.
awk 'BEGIN { print "a,b"; print "1,\"open"; for (i = 0; i < 800000; i++) print "row " i ", with a hundred characters of text to make the file grow past the limit quickly"; }' >"$tmp/runaway.csv"
run "$DVKSTAT" clean --skip-bad-rows "$tmp/runaway.csv"
expect_status 1 "a runaway quote is fatal"
expect_err "runaway.csv:2: a quoted field starting on this line runs for more than 64 MiB" "runaway quote message"

# Random bytes of every kind: a status, never a crash.
for seed in 1 2 3 4 5 6 7 8; do
    awk -v s=$seed 'BEGIN { srand(s); for (i = 0; i < 3000; i++) printf "%c", (rand() < 0.3 ? substr(",;\"\n\r\t|", int(rand()*7)+1, 1) : sprintf("%c", int(rand() * 255) + 1)) }' >"$tmp/fuzz.csv"
    for cmd in clean summary trend; do
        run "$DVKSTAT" $cmd "$tmp/fuzz.csv"
        case $status in 0|1) ok ;; *) not_ok "$cmd on random bytes (seed $seed): exit $status" ;; esac
        if grep -q -e 'AddressSanitizer' -e 'runtime error' "$tmp/err"; then not_ok "sanitizer on seed $seed"; fi
    done
done
finish
