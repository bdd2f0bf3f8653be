#!/bin/bash
# cli-tsan.sh: tests/tsan-threads.c and the library's sources built with
# -fsanitize=thread, run with halt_on_error: two threads reading,
# aggregating and writing at once.  Skipped (77) when the compiler cannot
# build with the thread sanitizer.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
: "${CC:=cc}"
mk="${top_builddir:?}/Makefile"
var() { sed -n "s/^$1 = //p" "$mk"; }
echo 'int main(void){return 0;}' >"$tmp/probe.c"
if ! $CC -fsanitize=thread -o "$tmp/probe" "$tmp/probe.c" 2>/dev/null || ! "$tmp/probe" 2>/dev/null; then
    echo "skipped: $CC cannot build or run with -fsanitize=thread"
    exit 77
fi
# The library itself is instrumented: its sources go into the program.
# shellcheck disable=SC2046
if ! $CC -fsanitize=thread -g -O1 -std=gnu11 -DDVK_BUILDING_LIBRARY -DLOCALEDIR='"/nonexistent"' \
        -I"$top_builddir" -I"$srcdir/include" -I"$srcdir/lib" $(var UTF8PROC_CFLAGS) \
        $(var GSL_CFLAGS) $(var XLSXWRITER_CFLAGS) $(var LIBZIP_CFLAGS) $(var EXPAT_CFLAGS) $(var FREEXL_CFLAGS) \
        -o "$tmp/tsan-threads" "$srcdir/tests/tsan-threads.c" "$srcdir"/lib/*.c \
        $(var CSV_LIBS) $(var UTF8PROC_LIBS) $(var GSL_LIBS) $(var XLSXWRITER_LIBS) \
        $(var ZLIB_LIBS) $(var LIBZIP_LIBS) $(var EXPAT_LIBS) $(var FREEXL_LIBS) -lpthread -lm 2>"$tmp/cc.err"; then
    not_ok "building tests/tsan-threads.c with -fsanitize=thread: $(head -c 600 "$tmp/cc.err")"
    finish
    exit 1
fi
mkdir "$tmp/tables"
TSAN_OPTIONS="halt_on_error=1 exitcode=66" run "$tmp/tsan-threads" "$samples/minh-long.csv" "$tmp/tables"
expect_status 0 "two threads under the thread sanitizer"
grep -q 'WARNING: ThreadSanitizer' "$tmp/err" && not_ok "a data race: $(head -c 1500 "$tmp/err")" || ok
n=$(ls "$tmp/tables" | wc -l)
[ "$n" = 16 ] && ok || not_ok "sixteen tables written, not $n"
for f in "$tmp"/tables/*.csv; do
    cmp -s "$f" "$tmp/tables/out-0-0.csv" || { not_ok "$f differs from the others"; break; }
done
ok
grep -q '^2017,38$' "$tmp/tables/out-0-0.csv" && ok || not_ok "2017's 38 in the table: $(head -3 "$tmp/tables/out-0-0.csv")"
finish
