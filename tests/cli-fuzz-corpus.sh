#!/bin/bash
# cli-fuzz-corpus.sh: every input kept in tests/fuzz/corpus (the fuzzers'
# seeds and the regression inputs of what they found) through the normal
# program: "summary" and "count --by 1" must end with a status (0, 1 or
# 2), never a signal or a sanitizer report.  The fuzzers themselves need
# clang and run by tests/fuzz/run.sh; this needs nothing but dvkstat.
. "$srcdir/tests/lib.sh"

corpus="$srcdir/tests/fuzz/corpus"
files=0
for f in "$corpus"/fuzz-reader/* "$corpus"/fuzz-parts/* "$corpus"/fuzz-aggregate/*; do
    [ -f "$f" ] || continue
    files=$((files + 1))
    # The harnesses take the first bytes as settings: the rest is the CSV.
    case $f in
    */fuzz-parts/*) skip=3 ;;
    *) skip=1 ;;
    esac
    tail -c +$((skip + 1)) "$f" >"$tmp/in.csv"
    for args in "summary" "count --by 1" "count --by 1 --format json" "trend"; do
        # shellcheck disable=SC2086
        run "$DVKSTAT" $args "$tmp/in.csv"
        case $status in
        0 | 1 | 2) ok ;;
        *) not_ok "dvkstat $args ${f#"$srcdir"/}: exit status $status" ;;
        esac
        if grep -q -e 'AddressSanitizer' -e 'runtime error' -e 'LeakSanitizer' "$tmp/err"; then
            not_ok "dvkstat $args ${f#"$srcdir"/}: sanitizer report"
        fi
    done
done
# The corpus is there: a replay of nothing would pass.
if [ "$files" -ge 30 ]; then ok; else not_ok "only $files corpus files found in $corpus"; fi

# Text inputs of the normalisation harness, as a one-column register.
for f in "$corpus"/fuzz-normalize/*; do
    { printf 'Tên\n'; cat "$f"; printf '\n'; } >"$tmp/in.csv"
    run "$DVKSTAT" count --by 1 "$tmp/in.csv"
    case $status in
    0 | 1 | 2) ok ;;
    *) not_ok "dvkstat count ${f#"$srcdir"/}: exit status $status" ;;
    esac
done

finish
