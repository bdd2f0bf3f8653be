#!/bin/bash
# cli-usage.sh: help, version and usage errors (exit status 2).
. "$srcdir/tests/lib.sh"
run "$DVKSTAT" --help
expect_status 0 "--help"
expect_quiet "--help is quiet on stderr"
grep -q '^  trend ' "$tmp/out" && ok || not_ok "--help lists the commands"
run "$DVKSTAT" --version
expect_status 0 "--version"
grep -q '^dvkstat [0-9]' "$tmp/out" && ok || not_ok "--version"
for cmd in count crosstab ratio coverage clean summary trend; do
    run "$DVKSTAT" $cmd --help
    expect_status 0 "$cmd --help"
    grep -q "^Usage: dvkstat $cmd" "$tmp/out" && ok || not_ok "$cmd --help usage line"
    grep -q -- '--skip-bad-rows' "$tmp/out" && ok || not_ok "$cmd --help lists the common options"
    grep -q '^Examples:' "$tmp/out" && ok || not_ok "$cmd --help has examples"
done
run "$DVKSTAT" help trend
grep -q "^Usage: dvkstat trend" "$tmp/out" && ok || not_ok "help trend"
run "$DVKSTAT"
expect_status 2 "no command"
run "$DVKSTAT" frobnicate
expect_status 2 "unknown command"
expect_err "unknown command 'frobnicate'" "unknown command"
run "$DVKSTAT" clean --frobnicate x.csv
expect_status 2 "unknown option"
expect_err "unknown option '--frobnicate'" "unknown option"
expect_err "Try 'dvkstat clean --help'" "unknown option hint"
run "$DVKSTAT" clean -f xml "$samples/minh-long.csv"
expect_status 2 "unknown format"
run "$DVKSTAT" trend --period decade "$samples/minh-long.csv"
expect_status 2 "unknown period"
run "$DVKSTAT" clean --rejects x.csv "$samples/minh-long.csv"
expect_status 2 "--rejects without --skip-bad-rows"
run "$DVKSTAT" clean --encoding klingon "$samples/minh-long.csv"
expect_status 2 "unknown encoding"
expect_err "unknown encoding 'klingon'" "unknown encoding"
run "$DVKSTAT" clean "$tmp/does-not-exist.csv"
expect_status 1 "missing file"
expect_err "does-not-exist.csv: cannot open: No such file or directory" "missing file"
run "$DVKSTAT" trend --time Linh_vuk "$samples/minh-long.csv"
expect_status 2 "unknown column"
expect_err "unknown column 'Linh_vuk'; the columns are 'Mã', 'Tên mô hình'" "unknown column lists the columns"
expect_err "did you mean 'Lĩnh vực'?" "did you mean"
run "$DVKSTAT" clean --where 'Nam' "$samples/minh-long.csv"
expect_status 2 "a filter with no operator"
run "$DVKSTAT" clean -d '' "$samples/minh-long.csv"
expect_status 2 "an empty delimiter"
finish
