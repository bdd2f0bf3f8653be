#!/bin/bash
# cli-lang.sh: messages and labels in the user's language.  po/vi.po must
# translate every message of the sources, none fuzzy; the locale or --lang
# chooses; JSON keys stay English.
. "$srcdir/tests/lib.sh"
: "${MSGFMT:=msgfmt}" "${XGETTEXT:=xgettext}"
stats=$(LC_ALL=C "$MSGFMT" -c --statistics -o /dev/null "$srcdir/po/vi.po" 2>&1)
case "$stats" in
*untranslated*|*fuzzy*) not_ok "po/vi.po is incomplete: $stats" ;;
*" translated message"*) ok ;;
*) not_ok "msgfmt on po/vi.po: $stats" ;;
esac
# every message the sources hold now is in the catalogue
(cd "$srcdir" && "$XGETTEXT" --keyword=_ --keyword=N_ --from-code=UTF-8 \
    -o "$tmp/current.pot" $(cat po/POTFILES.in)) 2>"$tmp/xgettext.err"
if LC_ALL=C msgcmp "$srcdir/po/vi.po" "$tmp/current.pot" >"$tmp/msgcmp" 2>&1; then ok; else
    not_ok "messages missing from po/vi.po: $(head -5 "$tmp/msgcmp")"
fi

run "$DVKSTAT" count --by Cấp --lang vi "$samples/minh-long.csv"
expect_status 0 "--lang vi"
grep -q '^Tổng  *296  *100,0%$' "$tmp/out" && ok || not_ok "--lang vi: the total row reads Tổng"
grep -q '^Cấp  *Số lượng  *Tỷ lệ$' "$tmp/out" && ok || not_ok "--lang vi: the headings"
run "$DVKSTAT" count --by Cấp --lang en "$samples/minh-long.csv"
grep -q '^Total  *296' "$tmp/out" && ok || not_ok "--lang en: Total"
run "$DVKSTAT" count --by Cấp --lang vi -f json "$samples/minh-long.csv"
expect_json '[.total, .groups[0].count]' '[296,157]' "JSON keys stay English"
run "$DVKSTAT" count --lang vi "$samples/minh-long.csv"
expect_err "count cần --by CỘT" "messages in Vietnamese"
run "$DVKSTAT" trend --lang vi "$data/growing.csv" --weight so_mo_hinh
grep -qx 'Tăng, bình quân +49,2% mỗi năm, p = 0,0028' "$tmp/out" && ok || not_ok "trend verdict in Vietnamese: $(tail -1 "$tmp/out")"

# The usage errors of ratio and trend, each in Vietnamese.
for args in "ratio --num a=1 --num-col b" "ratio" "ratio --num-col b" "ratio --den a=1" \
            "ratio --num-col b --den-col c --weight w" "trend --num a=1 --value v" \
            "trend --den a=1" "trend --stats"; do
    run "$DVKSTAT" $args --lang en "$samples/minh-long.csv"
    en=$(head -1 "$tmp/err")
    run "$DVKSTAT" $args --lang vi "$samples/minh-long.csv"
    vi=$(head -1 "$tmp/err")
    [ "$status" -eq 2 ] && [ "$vi" != "$en" ] && printf '%s' "$vi" | grep -q 'cần\|không dùng\|đi cùng' &&
        ok || not_ok "$args: the usage error in Vietnamese: '$vi' (en: '$en')"
done

# Every command's --help is translated, not only the options it shares.
for cmd in clean summary trend count crosstab ratio coverage report; do
    "$DVKSTAT" $cmd --lang vi --help >"$tmp/help" 2>&1
    head -1 "$tmp/help" | grep -q '^Cách dùng: dvkstat '"$cmd" && ! grep -q '^Usage:\|^Example' "$tmp/help" &&
        ok || not_ok "$cmd --help in Vietnamese: $(head -2 "$tmp/help")"
done
# An empty group reads "(trống)" in a table, and stays empty in CSV.
printf 'Cấp,Tên\nxã,a\n,b\n' >"$tmp/empty.csv"
run "$DVKSTAT" count --by Cấp --lang vi "$tmp/empty.csv"
grep -q '^(trống)  *1 ' "$tmp/out" && ok || not_ok "(trống) in a table: $(cat "$tmp/out")"
run "$DVKSTAT" count --by Cấp -f csv "$tmp/empty.csv"
grep -q '^,1,0.5$' "$tmp/out" && ok || not_ok "empty in CSV: $(cat "$tmp/out")"

# The locale chooses when --lang does not.  The test needs the locale.
if ! locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
    not_ok "the vi_VN.UTF-8 locale is missing (Debian: apt-get install locales; echo vi_VN.UTF-8 UTF-8 >>/etc/locale.gen; locale-gen)"
else
    env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$DVKSTAT" count --by Cấp "$samples/minh-long.csv" >"$tmp/out" 2>"$tmp/err"
    grep -q '^Tổng  *296' "$tmp/out" && ok || not_ok "LANG=vi_VN.UTF-8: Tổng"
    env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$DVKSTAT" count --by Cấp --lang en "$samples/minh-long.csv" >"$tmp/out" 2>"$tmp/err"
    grep -q '^Total  *296' "$tmp/out" && ok || not_ok "--lang en overrides the locale"
    # the list of commands too, not only its headings
    env -u LC_ALL -u LANGUAGE LANG=vi_VN.UTF-8 "$DVKSTAT" --help >"$tmp/out" 2>"$tmp/err"
    grep -q '^  count  *số dòng (hoặc trọng số) theo nhóm' "$tmp/out" &&
        grep -q '^  trend  *số lượng theo năm' "$tmp/out" && ok ||
        not_ok "dvkstat --help: the commands' summaries in Vietnamese: $(grep '^  count' "$tmp/out")"
fi
finish
