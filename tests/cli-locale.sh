#!/bin/bash
# cli-locale.sh: the library's output does not follow the host's locale.
# A program linked to it sets LC_ALL to vi_VN.UTF-8 (a decimal comma) or
# C and writes every format: the files are the same bytes (the xlsx book's
# XML parts but its creation time).  And a handle's language holds for it
# alone.
. "$srcdir/tests/lib.sh"
: "${top_builddir:?}"
prog="$top_builddir/tests/locale-host"
if ! locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
    echo "no vi_VN.UTF-8 locale on this system: skipped"
    exit 77
fi
mkdir "$tmp/c" "$tmp/vi"
run "$prog" C "$tmp/c" "$samples/minh-long.csv"
expect_status 0 "the host program under C"
run "$prog" vi_VN.UTF-8 "$tmp/vi" "$samples/minh-long.csv"
expect_status 0 "the host program under vi_VN.UTF-8"
grep -q '<img class="chart"[^>]* src="data:image/svg+xml;base64,' "$tmp/c/out.html" && ok || not_ok "the HTML page has a chart"
grep -q '\.[0-9]' "$tmp/c/out.csv" && ok || not_ok "the CSV has decimals"
for ext in txt csv tsv json md html; do
    expect_same "$tmp/c/out.$ext" "$tmp/vi/out.$ext" "out.$ext is the same under vi_VN.UTF-8"
done
parts=$(zipinfo -1 "$tmp/c/out.xlsx" | grep '\.xml$' | grep -v '^docProps/core\.xml$')
[ "$(echo "$parts" | grep -c 'chart')" -ge 1 ] && ok || not_ok "the xlsx book has charts"
for p in $parts; do
    q=$(printf '%s' "$p" | sed 's/[][]/\\&/g') # unzip reads brackets as a pattern
    unzip -p "$tmp/c/out.xlsx" "$q" >"$tmp/c.xml"
    unzip -p "$tmp/vi/out.xlsx" "$q" >"$tmp/vi.xml"
    [ -s "$tmp/c.xml" ] || not_ok "xlsx part $p read"
    expect_same "$tmp/c.xml" "$tmp/vi.xml" "xlsx part $p is the same under vi_VN.UTF-8"
done

# The writer's language is its own: Vietnamese labels in a C host, English
# ones in a Vietnamese host.
mkdir "$tmp/lang"
LOCALE_HOST_LANG=vi "$prog" C "$tmp/lang" "$samples/minh-long.csv"
unzip -p "$tmp/lang/out.xlsx" xl/sharedStrings.xml | grep -q 'cận dưới' && ok ||
    not_ok "dvk_writer_set_language(w, \"vi\") gives Vietnamese labels in a C host"
unzip -p "$tmp/vi/out.xlsx" xl/sharedStrings.xml | grep -q 'down to the lower bound' && ok ||
    not_ok "dvk_writer_set_language(w, \"en\") gives English labels in a vi_VN host"
LOCALE_HOST_LANG=xx_NOWHERE "$prog" C "$tmp/lang" "$samples/minh-long.csv" 2>/dev/null &&
    not_ok "a language with no locale is refused" || ok
finish
