#!/bin/bash
# cli-faults.sh: injected faults around the output.  For each case, the
# exit status, the message, and the bytes, mode, type and inode of every
# file involved before and after.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
umask 022
cd "$tmp" || exit 1

# state FILE...: type, mode, inode, link target and checksum of each file.
state() {
    local f
    for f in "$@"; do
        if [ -L "$f" ]; then
            printf '%s link %s -> %s\n' "$f" "$(stat -c %i "$f")" "$(readlink "$f")"
        elif [ -e "$f" ] || [ -p "$f" ]; then
            printf '%s %s %s %s %s\n' "$f" "$(stat -c '%F %a %i' "$f")" \
                "$( [ -f "$f" ] && sha256sum <"$f" | cut -c1-16)"
        else
            printf '%s absent\n' "$f"
        fi
    done
}
# unchanged WHAT FILE...: the files are as saved by "save FILE...".
save() { state "$@" >"$tmp/state.before"; }
unchanged() {
    local what=$1
    shift
    state "$@" >"$tmp/state.after"
    if cmp -s "$tmp/state.before" "$tmp/state.after"; then ok; else
        not_ok "$what: files changed"
        diff "$tmp/state.before" "$tmp/state.after" >&2
    fi
}
# no_temp WHAT: no temporary file is left in $tmp.
no_temp() {
    local left
    left=$(find "$tmp" -name '.*.dvkstat-*' 2>/dev/null)
    if [ -z "$left" ]; then ok; else
        not_ok "$1: temporary files left: $left"
        rm -f $left
    fi
}

cp "$samples/minh-long.csv" a.csv
chmod 640 a.csv
count_by_year="$("$DVKSTAT" count --by Năm -f csv a.csv)"

# ---------------------------------------------------------------- targets
# A regular file is replaced with its mode kept.
echo old >out.csv
chmod 604 out.csv
run "$DVKSTAT" count --by Năm -f csv -o out.csv a.csv
expect_status 0 "regular target"
[ "$(stat -c %a out.csv)" = 604 ] && ok || not_ok "a replaced file keeps its mode 604, not $(stat -c %a out.csv)"
[ "$(cat out.csv)" = "$count_by_year" ] && ok || not_ok "the regular target holds the table"
no_temp "regular target"

# A new file gets 0666 less the umask.
(umask 077; "$DVKSTAT" count --by Năm -f csv -o new077.csv a.csv)
[ "$(stat -c %a new077.csv)" = 600 ] && ok || not_ok "umask 077 gives 600, not $(stat -c %a new077.csv)"
(umask 002; "$DVKSTAT" count --by Năm -f csv -o new002.csv a.csv)
[ "$(stat -c %a new002.csv)" = 664 ] && ok || not_ok "umask 002 gives 664, not $(stat -c %a new002.csv)"

# A symbolic link is followed: the link stays, its target is replaced.
echo old >target.csv
chmod 600 target.csv
ln -s target.csv link.csv
run "$DVKSTAT" count --by Năm -f csv -o link.csv a.csv
expect_status 0 "link target"
[ -L link.csv ] && [ "$(readlink link.csv)" = target.csv ] && ok || not_ok "the link stays a link to target.csv"
[ "$(cat target.csv)" = "$count_by_year" ] && ok || not_ok "the link's target holds the table"
[ "$(stat -c %a target.csv)" = 600 ] && ok || not_ok "the link's target keeps mode 600"

# A link to nothing is refused, and stays as it was.
ln -s nowhere.csv dangling.csv
save dangling.csv nowhere.csv
run "$DVKSTAT" count --by Năm -o dangling.csv a.csv
expect_status 1 "dangling link"
expect_err "symbolic link to a file that does not exist" "dangling link message"
unchanged "dangling link" dangling.csv nowhere.csv

# A hard-linked file gets a new inode; its other name keeps the old text.
echo old >hard1.csv
ln hard1.csv hard2.csv
run "$DVKSTAT" count --by Năm -f csv -o hard1.csv a.csv
expect_status 0 "hard link"
[ "$(cat hard2.csv)" = old ] && ok || not_ok "the other name of a hard link keeps the old contents"
[ "$(cat hard1.csv)" = "$count_by_year" ] && ok || not_ok "the hard-linked name holds the table"

# A FIFO is written to, with a reader in the background, never replaced.
mkfifo fifo
save fifo
cat fifo >fifo.out &
reader=$!
run "$DVKSTAT" count --by Năm -f csv -o fifo a.csv
wait "$reader"
expect_status 0 "FIFO target"
unchanged "FIFO target" fifo
[ "$(cat fifo.out)" = "$count_by_year" ] && ok || not_ok "the FIFO's reader got the table"
no_temp "FIFO target"

# A device node is written to, never replaced (making one needs root).
if [ "$(id -u)" = 0 ] && mknod nulldev c 1 3 2>/dev/null; then
    save nulldev
    for fmt in csv xlsx; do
        run "$DVKSTAT" count --by Năm -f $fmt -o nulldev a.csv
        expect_status 0 "device target ($fmt)"
        unchanged "device target ($fmt)" nulldev
    done
    no_temp "device target"
else
    echo "skipped: a device node needs root (mknod)"
fi

# A directory is an error before anything is read.
mkdir adir
save adir a.csv
run "$DVKSTAT" count --by Năm -o adir a.csv
expect_status 1 "directory target"
expect_err "Is a directory" "directory target message"
unchanged "directory target" adir a.csv

# ------------------------------------------------------- inputs protected
save a.csv link.csv target.csv
for out in a.csv ./a.csv "$tmp/a.csv"; do
    run "$DVKSTAT" count --by 'Lĩnh vực' -o "$out" a.csv
    expect_status 2 "-o $out naming the input"
    expect_err "is the input a.csv: it would be overwritten" "-o $out message"
done
run "$DVKSTAT" count --by Năm --skip-bad-rows --rejects a.csv a.csv
expect_status 2 "--rejects naming the input"
expect_err "--rejects a.csv is the input a.csv" "--rejects message"
run "$DVKSTAT" count --by Năm -o link.csv target.csv
expect_status 2 "-o a link to the input"
run "$DVKSTAT" count --by Năm -o a.csv - <a.csv
expect_status 2 "-o naming the file on standard input"
expect_err "(standard input)" "standard input named"
unchanged "inputs refused" a.csv link.csv target.csv
save out.csv fresh.csv
run "$DVKSTAT" count --by Năm --skip-bad-rows -o out.csv --rejects ./out.csv a.csv
expect_status 2 "-o and --rejects the same file"
expect_err "-o and --rejects name the same file" "same outputs message"
run "$DVKSTAT" count --by Năm --skip-bad-rows -o fresh.csv --rejects "$tmp/fresh.csv" a.csv
expect_status 2 "-o and --rejects the same new file"
unchanged "same outputs" out.csv fresh.csv

# ----------------------------------------- the directory, before reading
# The input is a FIFO nobody writes to: reading it would hang, so a quick
# exit shows the check came first.
mkfifo silent
for opt in -o --rejects; do
    args=(--skip-bad-rows -o ok.csv)
    [ "$opt" = -o ] && args=(-o) || args=(--skip-bad-rows --rejects)
    run timeout 10 "$DVKSTAT" count --by Năm "${args[@]}" nodir/out.csv silent
    expect_status 1 "$opt in a missing directory"
    expect_err "cannot write nodir/out.csv: nodir: No such file or directory" "$opt missing directory message"
    run timeout 10 "$DVKSTAT" count --by Năm "${args[@]}" a.csv/out.csv silent
    expect_status 1 "$opt under a file"
    expect_err "Not a directory" "$opt under a file message"
done
if [ "$(id -u)" != 0 ]; then
    mkdir locked && chmod 555 locked
    run timeout 10 "$DVKSTAT" count --by Năm -o locked/out.csv silent
    expect_status 1 "-o in an unwritable directory"
    expect_err "Permission denied" "unwritable directory message"
else
    echo "skipped: an unwritable directory cannot be made for root"
fi

# ---------------------------------------------------------- write errors
for cmd in "clean a.csv" "count --by Năm a.csv" "count --by Năm -f json a.csv" \
           "count --by Năm -f md a.csv" "count --by Năm -f html a.csv" \
           "trend a.csv" "summary a.csv" "--help" "--version" "count --help" \
           "help trend"; do
    # shellcheck disable=SC2086
    "$DVKSTAT" $cmd >/dev/full 2>"$tmp/err"
    status=$?
    expect_status 1 "$cmd >/dev/full"
    # A long help text fails inside printf, whose reason is then lost: the
    # message says only "write error", as GNU programs do.
    expect_err "dvkstat: write error" "$cmd >/dev/full message"
    [ "$(grep -c . "$tmp/err")" = 1 ] && ok || not_ok "$cmd >/dev/full: one message: $(cat "$tmp/err")"
    grep -q success "$tmp/err" && not_ok "$cmd >/dev/full says success" || ok
done
for cmd in "clean a.csv" "count --by Năm a.csv"; do
    "$DVKSTAT" $cmd >/dev/full 2>"$tmp/err"
    status=$?
    expect_err "dvkstat: write error: No space left on device" "$cmd >/dev/full: the reason"
done
run "$DVKSTAT" count --by Năm -f xlsx -o /dev/full a.csv
expect_status 1 "xlsx to /dev/full"
expect_err "cannot write /dev/full: No space left on device" "xlsx to /dev/full message"
run "$DVKSTAT" count --by Năm --skip-bad-rows --rejects /dev/full "$bad/ragged.csv"
expect_status 1 "--rejects to /dev/full"
expect_err "cannot write /dev/full: No space left on device" "--rejects to /dev/full message"

# ---------------------------------------------------------------- signals
# A slow run: clean writes its temporary file, then waits on a FIFO the
# test keeps open.  The signal must take the temporary file with it.  A
# background job starts with SIGINT ignored (and a program keeps a signal
# its caller ignores): env gives it back its default.
sigs="TERM HUP"
resetint=()
if env --default-signal=INT true 2>/dev/null; then
    sigs="INT $sigs"
    resetint=(env --default-signal=INT)
else
    echo "skipped: SIGINT (env --default-signal is missing)"
fi
mkfifo slow
echo kept >kept.csv
chmod 640 kept.csv
for sig in $sigs; do
    save kept.csv slow
    exec 7<>slow
    printf 'a,b\n1,2\n' >&7
    "${resetint[@]}" "$DVKSTAT" clean -o kept.csv --skip-bad-rows --rejects rej.csv slow 2>/dev/null &
    pid=$!
    for _ in $(seq 100); do
        [ "$(find "$tmp" -name '.*.dvkstat-*' | wc -l)" -ge 2 ] && break
        sleep 0.05
    done
    [ "$(find "$tmp" -name ".kept.csv.dvkstat-$pid.*" | wc -l)" = 1 ] && ok ||
        not_ok "SIG$sig: the slow run's temporary file, named with its PID, exists"
    kill -s "$sig" "$pid"
    wait "$pid"
    status=$?
    exec 7>&-
    [ "$status" -eq $((128 + $(kill -l "$sig"))) ] && ok || not_ok "SIG$sig: exit status $status"
    no_temp "SIG$sig"
    unchanged "SIG$sig" kept.csv slow
    [ ! -e rej.csv ] && ok || not_ok "SIG$sig: no rejects file"
done

# A temporary file of a process that is gone is removed by the next run;
# one of a running process is left alone.
dead=$(sh -c 'echo $$')
touch ".out.csv.dvkstat-$dead.AbC123" ".out.csv.dvkstat-$$.XyZ789" ".other.csv.dvkstat-$dead.AbC123"
run "$DVKSTAT" count --by Năm -o out.csv a.csv
expect_status 0 "stale temporary file"
expect_err "removed 1 temporary file left beside it" "stale file note"
[ ! -e ".out.csv.dvkstat-$dead.AbC123" ] && ok || not_ok "the dead run's temporary file is removed"
[ -e ".out.csv.dvkstat-$$.XyZ789" ] && ok || not_ok "a running process's temporary file is kept"
[ -e ".other.csv.dvkstat-$dead.AbC123" ] && ok || not_ok "another target's temporary file is kept"
rm -f ".out.csv.dvkstat-$$.XyZ789" ".other.csv.dvkstat-$dead.AbC123"

# -------------------------------------------------------------- contents
# Markdown escapes HTML.
printf 'k\n<script>alert(1)</script>\na|b & c\n' >html.csv
run "$DVKSTAT" count --by k -f md html.csv
expect_status 0 "md with markup"
grep -q '<script>' "$tmp/out" && not_ok "md passes <script> through" || ok
grep -qF '| &lt;script&gt;alert(1)&lt;/script&gt; |' "$tmp/out" && ok || not_ok "md escapes < and >: $(cat "$tmp/out")"
grep -qF 'a\|b &amp; c' "$tmp/out" && ok || not_ok "md escapes | and &"
run "$DVKSTAT" count --by k -f html html.csv
grep -q '<script>' "$tmp/out" && not_ok "html passes <script> through" || ok

# A file named twice is read once.
ln -s a.csv alink.csv
run "$DVKSTAT" count --by Năm -f csv a.csv ./a.csv alink.csv
expect_status 0 "a file named twice"
expect_err "./a.csv is the same file as a.csv; it is read once" "named twice note"
expect_err "alink.csv is the same file as a.csv" "a link and its target"
[ "$(tail -1 "$tmp/out")" = "Total,296,1" ] && ok || not_ok "a file named twice is counted once: $(tail -1 "$tmp/out")"

# Periods: one stray value is an error naming --max-periods.
printf 'k,Kỳ\na,1\nb,10000000\nc,5\n' >periods.csv
run timeout 20 "$DVKSTAT" trend --period integer --time Kỳ periods.csv
expect_status 1 "periods 1 to 10,000,000"
expect_err "(--max-periods)" "periods message"
[ "$(wc -c <"$tmp/out")" -lt 1000 ] && ok || not_ok "no lines for ten million periods"
printf 'Lĩnh vực,Năm\na,2001\nb,2009\n' >years.csv
run timeout 20 "$DVKSTAT" report --max-periods 5 -o rep.md years.csv
expect_status 1 "report --max-periods 5"
expect_err "(--max-periods)" "report periods message"
run "$DVKSTAT" trend --max-periods 0 a.csv
expect_status 2 "--max-periods 0"
run "$DVKSTAT" trend --max-periods 10 --from 2000 --to 2020 a.csv
expect_status 2 "--from/--to past --max-periods"
run "$DVKSTAT" trend --max-periods 6 -f csv a.csv
expect_status 0 "six years within --max-periods 6"

# xlsx: a cell longer than a workbook holds is an error naming it.
{ echo k; head -c 40000 /dev/zero | tr '\0' x; echo; echo short; } >long.csv
run "$DVKSTAT" count --by k -f xlsx -o long.xlsx long.csv
expect_status 1 "a 40,000-character label in xlsx"
expect_err "holds 40000 characters; a workbook cell holds at most 32767" "long cell message"
[ ! -e long.xlsx ] && ok || not_ok "no workbook left for a long cell"
no_temp "long cell"

# xlsx: more groups than a sheet holds go on to a second sheet, with the
# total.
if command -v unzip >/dev/null; then
    awk 'BEGIN { print "k"; for (i = 0; i < 1048600; i++) printf "g%07d\n", i }' >many.csv
    run "$DVKSTAT" count --by k -f xlsx -o many.xlsx many.csv
    expect_status 0 "1,048,600 groups in xlsx"
    sheets=$(unzip -p many.xlsx xl/workbook.xml | grep -o '<sheet name="[^"]*"' | tr '\n' ' ')
    [ "$sheets" = '<sheet name="count" <sheet name="count (2)" ' ] && ok || not_ok "two sheets: $sheets"
    # 1,048,575 groups on the first sheet, 25 and the total on the second
    unzip -p many.xlsx xl/worksheets/sheet1.xml | grep -q '<row r="1048576"' && ok || not_ok "the first sheet is full"
    last=$(unzip -p many.xlsx xl/worksheets/sheet2.xml | grep -o '<row r="[0-9]*"' | tail -1)
    [ "$last" = '<row r="27"' ] && ok || not_ok "the second sheet ends at row 27 (header, 25 groups, total): $last"
    unzip -p many.xlsx xl/worksheets/sheet2.xml | grep -q '<c r="B27"><v>1048600</v></c>' && ok || not_ok "the total row is on the second sheet"
    rm -f many.csv many.xlsx
else
    echo "skipped: the sheet split needs unzip"
fi

finish
