#!/bin/bash
# cli-limits.sh: the reading limits hold on every path, and stop a hostile
# input early with bounded memory.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

# peak CMD...: run it, its peak memory in KB in $kb (empty without GNU
# time), its status in $status
peak() {
    kb=
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -o "$tmp/time" -f %M "$@" >"$tmp/out" 2>"$tmp/err"
        status=$?
        kb=$(tail -n 1 "$tmp/time")
    else
        run "$@"
    fi
}

# under_mb KB MB WHAT: KB (when measured) stays under MB megabytes.  A
# build with AddressSanitizer keeps shadow memory and a quarantine of
# freed blocks, so its peak says nothing of the reader's own bound: there
# the limits' statuses and messages are still checked, the sizes not.
case " ${CFLAGS:-} " in *-fsanitize*) sanitized=1 ;; *) sanitized= ;; esac
under_mb() {
    if [ -z "$1" ] || [ -n "$sanitized" ]; then ok; return; fi
    if [ "$1" -lt $(($2 * 1024)) ]; then ok; else not_ok "$3: $1 KB, wanted under $2 MB"; fi
}

# Zeros: a NUL ends the input at the first block, from a pipe or a device.
start=$(date +%s)
peak sh -c "head -c 100M /dev/zero | '$DVKSTAT' count --by a -"
expect_status 1 "100 MB of zeros on standard input"
expect_err "<stdin>:1:1: NUL byte" "zeros: the NUL is named"
under_mb "$kb" 40 "zeros from a pipe"
peak "$DVKSTAT" count --by a /dev/zero
expect_status 1 "count of /dev/zero"
expect_err "/dev/zero:1:1: NUL byte" "/dev/zero: the NUL is named"
under_mb "$kb" 40 "/dev/zero"
[ $(($(date +%s) - start)) -lt 20 ] && ok || not_ok "zeros take long to refuse"

# A line that never ends stops at the record limit, naming line, column
# and limit; memory stays near the limit.
awk 'BEGIN { print "a,b"; printf "1,"; for (i = 0; i < 80000; i++) printf "%01000d", 0 }' >"$tmp/endless.csv"
for path in "" --skip-bad-rows; do
    peak "$DVKSTAT" count $path --by a "$tmp/endless.csv"
    expect_status 1 "a line of 80 MB with no line end $path"
    expect_err "endless.csv:2:67108865: a record runs past 64 MiB" "the record limit is named $path"
    under_mb "$kb" 200 "a line of 80 MB"
done
# ... and read as a stream from a pipe
peak sh -c "cat '$tmp/endless.csv' | '$DVKSTAT' count --by a -"
expect_status 1 "an endless line from a pipe"
under_mb "$kb" 200 "an endless line from a pipe"

# A quoted field that runs on over many lines is stopped by the same limit
# (libcsv path).
awk 'BEGIN { print "a,b"; printf "1,\""; for (i = 0; i < 80000; i++) printf "%01000d\n", 0 }' >"$tmp/endless-quote.csv"
peak "$DVKSTAT" count --by a "$tmp/endless-quote.csv"
expect_status 1 "an endless quoted field"
expect_err "endless-quote.csv:2: a quoted field starting on this line runs for more than 64 MiB" "quoted field limit"
under_mb "$kb" 250 "an endless quoted field"

# Too many columns: a row of 150,000 fields ends the input.
awk 'BEGIN { print "a,b"; for (i = 0; i < 150000; i++) printf ","; print "" }' >"$tmp/wide.csv"
run "$DVKSTAT" count --skip-bad-rows --by a "$tmp/wide.csv"
expect_status 1 "150,000 fields in a row"
expect_err "wide.csv:2:100001: more than 100000 fields in a row" "the column limit is named"

finish
