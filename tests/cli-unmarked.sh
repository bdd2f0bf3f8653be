#!/bin/bash
# cli-unmarked.sh: no English string literal reaches the output unmarked
# for translation.  A pseudo-translation is made of every message the
# sources mark (its letters upper-cased, its printf directives kept) and
# installed as the Vietnamese catalogue; every command writes every format
# it has from data whose words are all upper-case.  A lower-case word of
# three letters or more left in what a reader sees (the text of the
# tables, sentences, sheets and charts, and standard error) came from a
# literal no catalogue can translate.  JSON is left out: its keys and
# the names of its tests are fixed English by design (dvkstat(1)), and so
# are the column names of trend's CSV and TSV; the program's name stays.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"
: "${MSGFMT:=msgfmt}" "${XGETTEXT:=xgettext}"
for t in msgen msgfilter perl unzip; do
    command -v "$t" >/dev/null || { echo "$t is not installed: skipped"; exit 77; }
done
(cd "$srcdir" && "$XGETTEXT" --keyword=_ --keyword=N_ --keyword=W_ --from-code=UTF-8 \
    -o "$tmp/all.pot" $(cat po/POTFILES.in)) 2>"$tmp/xgettext.err" ||
    { cat "$tmp/xgettext.err"; exit 1; }
msgen -o "$tmp/en.po" "$tmp/all.pot" 2>/dev/null
# Upper-case every letter but those of a printf directive (%s, %zu, %.1f …).
msgfilter --keep-header -i "$tmp/en.po" -o "$tmp/pseudo.po" perl -CSD -pe \
    's/(%[-+ #0]*(?:\*|\d+)?(?:\.(?:\*|\d+))?(?:hh|h|ll|l|L|z|j|t)?[diouxXeEfFgGaAcspn%])|([a-z]+)/defined $1 ? $1 : uc $2/ge' \
    2>"$tmp/msgfilter.err" || { cat "$tmp/msgfilter.err"; exit 1; }
sed -i 's/^"Content-Type: text\/plain; charset=CHARSET\\n"/"Content-Type: text\/plain; charset=UTF-8\\n"/' "$tmp/pseudo.po"
mkdir -p "$tmp/loc/vi/LC_MESSAGES"
"$MSGFMT" --check-format -o "$tmp/loc/vi/LC_MESSAGES/dvkstat.mo" "$tmp/pseudo.po" ||
    { not_ok "msgfmt on the pseudo-translation"; finish; exit; }
export DVKSTAT_LOCALEDIR="$tmp/loc"

# Data in upper case: a register, a roster.
d="$tmp/D"
mkdir "$d"
{
    echo 'FIELD,YEAR,STATUS,UNIT,LEVEL'
    for y in 2018 2019 2020 2021 2022; do
        for f in A B C; do
            echo "$f,$y,OK,U1,X"
            echo "$f,$y,NO,U2,Y"
            [ "$f" = A ] && echo "$f,$y,OK,U3,X"
        done
    done
} >"$d/R.CSV"
printf 'UNIT\nU1\nU2\nU4\n' >"$d/ROSTER.CSV"

# The words a reader sees in FILE (of format FMT).
words() {
    case "$2" in
    html) perl -0pe 's/<style.*?<\/style>//gs; s/<[^>]*>/ /g; s/&[a-z]+;/ /g' "$1" ;;
    xlsx) for p in $(unzip -Z1 "$1" | grep -E 'sharedStrings|sheet[0-9]*\.xml|chart[0-9]*\.xml'); do
              unzip -p "$1" "$p" | perl -ne 'print "$1\n" while /<(?:a:)?t(?:\s[^>]*)?>([^<]*)</g'
          done ;;
    *) cat "$1" ;;
    esac | sed "s|$tmp||g; s|^dvkstat: ||; s|'dvkstat |'|g" |
        grep -oE '\b[a-z][a-z]{2,}\b' | grep -vx 'dvkstat' | sort -u
}

check() { # WHAT FILE FMT
    local w
    w=$(words "$2" "$3" | tr '\n' ' ')
    if [ -z "$w" ]; then ok; else not_ok "$1: unmarked English: $w"; fi
}

for fmt in table csv tsv md html xlsx; do
    out="$tmp/OUT.$fmt"
    o=(-o "$out")
    for cmd in "count --by FIELD" "count --by FIELD --top 1" "crosstab --rows FIELD --cols LEVEL" \
               "ratio --by FIELD --num STATUS=OK" "ratio --num STATUS=OK" \
               "coverage --roster $d/ROSTER.CSV --key UNIT" "trend" "trend --by FIELD" \
               "trend --num STATUS=OK" "trend --stats --forecast 2" "summary" "clean"; do
        # trend's CSV and TSV name their columns as its JSON keys
        case "$cmd,$fmt" in trend*,csv | trend*,tsv) continue ;; esac
        rm -f "$out"
        run "$DVKSTAT" $cmd --lang vi -f "$fmt" "${o[@]}" "$d/R.CSV"
        if [ "$status" -ne 0 ]; then
            # a format a command does not write is refused: nothing to read
            grep -q '^DVKSTAT\|^dvkstat' "$tmp/err" && [ "$status" -eq 2 ] && continue
            not_ok "$cmd -f $fmt: exit status $status: $(head -c 300 "$tmp/err")"
            continue
        fi
        check "$cmd -f $fmt" "$out" "$fmt"
        check "$cmd -f $fmt (standard error)" "$tmp/err" table
    done
done
for fmt in md html xlsx; do
    run "$DVKSTAT" report --maintained STATUS=OK --roster "$d/ROSTER.CSV" --key UNIT \
        -o "$tmp/REPORT.$fmt" "$d/R.CSV"
    expect_status 0 "report -o REPORT.$fmt"
    check "report -o REPORT.$fmt" "$tmp/REPORT.$fmt" "$fmt"
    check "report (standard error)" "$tmp/err" table
done
finish
