#!/bin/bash
# cli-help.sh: each command's --help, made from the declarations of its
# options (cli/options.c), in English and in Vietnamese, against
# tests/help/COMMAND.LANG: the text as it was written by hand before the
# options were declared once.  An option added to a table shows here.
. "$srcdir/tests/lib.sh"
for cmd in clean summary trend count crosstab ratio coverage report; do
    for lang in en vi; do
        run "$DVKSTAT" $cmd --lang $lang --help
        expect_status 0 "$cmd --help ($lang)"
        if cmp -s "$tmp/out" "$srcdir/tests/help/$cmd.$lang"; then ok; else
            not_ok "$cmd --help ($lang) differs from tests/help/$cmd.$lang"
            diff "$srcdir/tests/help/$cmd.$lang" "$tmp/out" | head -5 >&2
        fi
    done
done
# 'dvkstat help COMMAND' is the command's own --help.
run "$DVKSTAT" help ratio --lang en
cmp -s "$tmp/out" "$srcdir/tests/help/ratio.en" && ok || not_ok "help ratio"
finish
