#!/bin/bash
# valgrind.sh: every command and every output format under memcheck, on
# small inputs: no invalid access, no leak.  Skipped (77) without valgrind
# or when the program is built with a sanitizer, which valgrind cannot run.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
command -v valgrind >/dev/null || { echo "skipped: valgrind is not installed"; exit 77; }
case " ${CFLAGS:-} " in
*-fsanitize*) echo "skipped: built with a sanitizer"; exit 77 ;;
esac
# The build tree's program is a libtool wrapper: run the real binary with
# the library beside it.
bin=$(dirname "$DVKSTAT")/.libs/$(basename "$DVKSTAT")
libdir=${top_builddir:-$(dirname "$DVKSTAT")/..}/lib/.libs
[ -x "$bin" ] || bin=$DVKSTAT
if nm -D "$bin" 2>/dev/null | grep -q __asan_init; then
    echo "skipped: built with a sanitizer"; exit 77
fi
vg() {
    LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
        valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect \
        --show-leak-kinds=definite,indirect "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
    if [ "$status" -eq 99 ] || grep -q '^==[0-9]*==' "$tmp/err"; then
        not_ok "memcheck: dvkstat $*"
        grep '^==' "$tmp/err" | head -30 >&2
    else
        ok
    fi
}
cd "$tmp" || exit 1
head -60 "$samples/minh-long.csv" >small.csv
map="$samples/map-minh-long-fields.csv"
for fmt in table csv tsv json md html xlsx; do
    out=(); [ $fmt = xlsx ] && out=(-o "out.xlsx")
    vg count --by 'Lĩnh vực' -f $fmt "${out[@]}" small.csv
    vg crosstab --by Năm --by Cấp -f $fmt "${out[@]}" small.csv
    vg ratio --by linh_vuc --map "$map" --num 'Tình trạng=Duy trì, hiệu quả' -f $fmt "${out[@]}" small.csv
    vg trend --forecast 1 -f $fmt "${out[@]}" small.csv
    vg summary -f $fmt "${out[@]}" small.csv
    vg clean -f $fmt "${out[@]}" small.csv
done
vg coverage --roster "$samples/vung-tau-roster.csv" --key 'Phường, xã' "$samples/vung-tau-2022.csv"
for ext in html md xlsx; do
    vg report --map "$map" -o "report.$ext" small.csv
done
# errors and faults: their paths free what they took too
vg count --by nothing small.csv
vg count --by Năm --skip-bad-rows --rejects rej.csv "$bad/ragged.csv"
vg count --by Năm -o small.csv small.csv
vg count --by Năm >/dev/full small.csv
vg clean -o nodir/x.csv small.csv
vg --help
printf 'k,Kỳ\na,1\nb,10000000\n' >periods.csv
vg trend --period integer --time Kỳ periods.csv
finish
