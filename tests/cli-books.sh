#!/bin/bash
# cli-books.sh: the program on real workbooks (.xlsx from openpyxl, from
# LibreOffice and by hand, .ods, .xls).  Each sheet's "clean" is compared
# cell by cell with "clean" of the CSV LibreOffice exported from it
# (tests/books/csv, made by make-csv.sh): the cells that differ are exactly
# those listed, with the reason, in tests/books/csv/differences.tsv.  Then
# the register merged down by unit, every command on a workbook, standard
# input, and the temporary copy of a pipe.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
books="$srcdir/tests/books"
cd "$books" || exit 1

# ---- equality with LibreOffice's CSV, but for the listed cells
list="$books/csv/differences.tsv"
: >"$tmp/found"
nsheets=0
for csv in csv/*.csv; do
    name=$(basename "$csv" .csv)
    book=${name%.*}
    n=${name##*.}
    nsheets=$((nsheets + 1))
    # The second sheets of the hand-made books hold no header: a row of
    # dates over a row of numbers, which read as text could be a header of
    # one row or two; both sides are told.
    # The first sheets' title is merged over two cells in the book and
    # written once in the CSV: the CSV alone reads it as a title above the
    # table, the book as a heading; --skip-lines 0 tells both.
    opts=
    case $name in hand.*.1) opts="--skip-lines 0" ;; hand.*.2) opts="--header-rows 1" ;; esac
    run "$DVKSTAT" clean $opts --sheet "$n" "$book"
    mv "$tmp/out" "$tmp/ours"
    ours_status=$status
    run "$DVKSTAT" clean $opts "$csv"
    [ "$status" -eq "$ours_status" ] && ok || not_ok "$book sheet $n: exit $ours_status, the CSV's $status"
    drop=$(awk -F'\t' -v b="$book" -v n="$n" '$1 == "SUBHEADING" && $2 == b && $3 == n { print $4 }' "$list")
    awk -f cells.awk "$tmp/ours" >"$tmp/ours.cells"
    awk -v drop="$drop" -f cells.awk "$tmp/out" >"$tmp/theirs.cells"
    awk -F'\t' -v b="$book" -v n="$n" '
        NR == FNR { ours[$1 "\t" $2] = $3; next }
        { theirs[$1 "\t" $2] = $3 }
        END {
            for (k in ours)
                if (!(k in theirs) || theirs[k] != ours[k])
                    print b "\t" n "\t" k "\t" ours[k] "\t" (k in theirs ? theirs[k] : "-")
            for (k in theirs)
                if (!(k in ours))
                    print b "\t" n "\t" k "\t-\t" theirs[k]
        }' "$tmp/ours.cells" "$tmp/theirs.cells" >>"$tmp/found"
done
[ "$nsheets" -ge 20 ] && ok || not_ok "only $nsheets sheets exported"
sort "$tmp/found" >"$tmp/found.sorted"
grep -v -e '^#' -e '^SUBHEADING' "$list" | cut -f1-6 | sort >"$tmp/listed"
expect_same "$tmp/listed" "$tmp/found.sorted" "the cells that differ from LibreOffice's CSV are the listed ones"
# every listed difference gives its reason
awk -F'\t' '!/^#/ && $1 != "SUBHEADING" && $7 == "" { bad = 1 } END { exit bad }' "$list" \
    && ok || not_ok "a difference without a reason"

# ---- the register merged down by unit, with a group heading
want=$(printf 'Thị trấn Long Thạnh\t5\nXã Long Sơn\t4\nXã Long Hiệp\t2\nXã Thanh An\t1')
for book in register.xlsx register.xls register.ods; do
    run "$DVKSTAT" count --by 'Đơn vị' -f csv "$book"
    expect_status 0 "count --by unit of $book"
    got=$(tail -n +2 "$tmp/out" | grep -v '^Total' | cut -d, -f1,2 | tr ',' '\t')
    [ "$got" = "$want" ] && ok || not_ok "$book counts each unit: $got"
    run "$DVKSTAT" count --by 'Mô hình / Lĩnh vực' -f json "$book"
    expect_json '[.groups[].count] | add' 12 "$book: the column under the group heading"
done
# LibreOffice's CSV of the same book: the merged cells are empty.  The
# reader finds the unit column merged down from its values (each unit in
# one block) and says so; --no-fill-down shows what the export alone holds.
run "$DVKSTAT" count --by 'Đơn vị' -f csv csv/register.xlsx.1.csv
grep -q '^Xã Long Sơn,4,' "$tmp/out" && ok || not_ok "the CSV export is filled down: $(cat "$tmp/out")"
grep -q 'fill' "$tmp/err" && ok || not_ok "the fill-down of the export is said: $(cat "$tmp/err")"
run "$DVKSTAT" count --by 'Đơn vị' --no-fill-down -f csv csv/register.xlsx.1.csv
grep -q '^Xã Long Sơn,1,' "$tmp/out" && ok || not_ok "--no-fill-down counts Xã Long Sơn once: $(cat "$tmp/out")"
run "$DVKSTAT" count --by 'Đơn vị' --fill-down 'Đơn vị' -f csv csv/register.xlsx.1.csv
grep -q '^Xã Long Sơn,4,' "$tmp/out" && ok || not_ok "--fill-down on the export: $(cat "$tmp/out")"

# ---- every command takes a workbook, beside CSV files
for cmd in count crosstab ratio trend coverage summary clean report; do
    case $cmd in
        count) args=(--by 'Đơn vị') ;;
        crosstab) args=(--rows 'Đơn vị' --cols 'Năm') ;;
        ratio) args=(--by 'Đơn vị' --num 'Năm>=2022') ;;
        trend) args=(--time 'Ngày đăng ký') ;;
        coverage) args=(--roster register.xls --key 'Đơn vị') ;;
        report) args=(-o "$tmp/report.md" --field 'Mô hình / Lĩnh vực') ;;
        *) args=() ;;
    esac
    run "$DVKSTAT" $cmd "${args[@]}" register.xlsx
    expect_status 0 "$cmd of a workbook: $(head -c 300 "$tmp/err")"
done
run "$DVKSTAT" clean register.xlsx
grep -q '^1,Xã Long Sơn,Mô hình 1,Văn hóa - Xã hội,2021,2021-02-02$' "$tmp/out" && ok \
    || not_ok "clean writes the date as ISO: $(sed -n 2p "$tmp/out")"
# a CSV file and a workbook in one run: the counts add
run "$DVKSTAT" count --by 'Đơn vị' -f json register.xlsx register.xls csv/register.xlsx.1.csv
expect_status 0 "count over two workbooks and a CSV file"
expect_json '.groups[] | select(.key."Đơn vị" == "Xã Thanh An") | .count' 3 "Xã Thanh An once in each input"
# --where on a number cell and on a date cell
run "$DVKSTAT" count --by 'Đơn vị' --where 'Năm>=2023' -f json register.xlsx
expect_json '[.groups[].count] | add' 3 "--where on a number cell"
run "$DVKSTAT" count --by 'Đơn vị' --where 'Ngày đăng ký=2021-02-02|2023-12-12' -f json register.xlsx
expect_json '[.groups[].count] | add' 2 "--where on a date cell (its ISO text)"
# trend on a column of real date cells: the years are found
run "$DVKSTAT" trend --time 'Ngày đăng ký' -f csv register.xlsx
expect_status 0 "trend on date cells"
for y in 2020 2021 2022 2023; do grep -q "^$y," "$tmp/out" && ok || not_ok "trend has $y: $(head -c 300 "$tmp/out")"; done

# ---- sheets
run "$DVKSTAT" count --by 'Xã' --sheet 'Sổ' openpyxl.xlsx
expect_status 0 "--sheet NAME"
cp "$tmp/out" "$tmp/by-name"
run "$DVKSTAT" count --by 'Xã' --sheet 1 openpyxl.xlsx
expect_same "$tmp/by-name" "$tmp/out" "--sheet 1 is the sheet named"
run "$DVKSTAT" count --by 'Xã' openpyxl.xlsx
expect_err "openpyxl.xlsx: 4 sheets; reading 'Sổ'" "the default sheet is said"
expect_err "1 rows hidden in the workbook" "hidden rows are said"
run "$DVKSTAT" count --by 'Đơn vị' register.xlsx
expect_quiet "a workbook of one sheet says nothing"
run "$DVKSTAT" count --by 'Xã' --sheet 'Không có' openpyxl.xlsx
expect_status 2 "an unknown sheet"
expect_err "no sheet 'Không có' in the workbook" "the unknown sheet is named"
run "$DVKSTAT" summary -f json openpyxl.xlsx
expect_json '[.files[0].sheets[] | .name]' '["Sổ","Ẩn","Rất ẩn","Trống"]' "summary lists the sheets"
run "$DVKSTAT" summary openpyxl.xlsx
expect_err "" "summary"
grep -q 'Sổ (8 × 4), Ẩn (hidden, 1 × 1)' "$tmp/out" && ok || not_ok "summary's sheets with sizes: $(grep sheets "$tmp/out")"

# ---- errors name the sheet and the cell
run "$DVKSTAT" trend --time 'Mô hình / Tên' register.xlsx
expect_status 1 "trend on a text column"
expect_err "register.xlsx:'Sổ đăng ký'!C3: " "the error names the sheet and the cell"

# ---- standard input
for book in register.xlsx register.xls register.ods; do
    run "$DVKSTAT" count --by 'Đơn vị' -f csv - <"$book"
    grep -q '^Xã Long Sơn,4,' "$tmp/out" && ok || not_ok "$book on standard input (a file)"
    cat "$book" | "$DVKSTAT" count --by 'Đơn vị' -f csv - >"$tmp/out" 2>"$tmp/err"
    grep -q '^Xã Long Sơn,4,' "$tmp/out" && ok || not_ok "$book through a pipe: $(head -c 300 "$tmp/err")"
done

# ---- the copy of a pipe leaves nothing in $TMPDIR: after success, error and a signal
mkdir "$tmp/t"
cat register.xls | TMPDIR="$tmp/t" "$DVKSTAT" count --by 'Đơn vị' - >/dev/null 2>&1
[ -z "$(ls -A "$tmp/t")" ] && ok || not_ok "a file left after success: $(ls -A "$tmp/t")"
cat bad-truncated.xlsx | TMPDIR="$tmp/t" "$DVKSTAT" count --by 'Đơn vị' - >/dev/null 2>&1
[ -z "$(ls -A "$tmp/t")" ] && ok || not_ok "a file left after an error: $(ls -A "$tmp/t")"
# a pipe that stays open: the copy waits for its end, and is killed then
mkfifo "$tmp/fifo"
TMPDIR="$tmp/t" "$DVKSTAT" count --by 'Đơn vị' - <"$tmp/fifo" >/dev/null 2>&1 &
pid=$!
exec 7>"$tmp/fifo"
cat register.xls >&7
sleep 0.5
ls -A "$tmp/t" >"$tmp/during"
kill -TERM "$pid"
wait "$pid"
exec 7>&-
[ -z "$(ls -A "$tmp/t")" ] && ok || not_ok "a file left after a signal: $(ls -A "$tmp/t")"
[ ! -s "$tmp/during" ] && ok || not_ok "the copy has a name while it is read: $(cat "$tmp/during")"
finish
