#!/bin/bash
# cli-progress.sh: the progress bar shows on a terminal, for large inputs,
# and never when standard error is a file or with --quiet.
. "$srcdir/tests/lib.sh"
sh "$srcdir/bench/make-register.sh" 17 "$tmp/big.csv"
run "$DVKSTAT" count --by Cấp "$tmp/big.csv"
expect_status 0 "count of 17 MB"
expect_quiet "no bar when standard error is a file"
if ! command -v script >/dev/null; then
    echo "script (util-linux) is missing: the terminal half is not run"
    finish
    exit
fi
script -qc "'$DVKSTAT' count --by Cấp '$tmp/big.csv'" /dev/null >"$tmp/tty" 2>&1 </dev/null
grep -q 'big.csv \[#*\.*\] *[0-9]*%' "$tmp/tty" && ok || not_ok "a bar on a terminal: $(head -c 200 "$tmp/tty" | cat -v)"
grep -q 'Total' "$tmp/tty" && ok || not_ok "the result after the bar"
script -qc "'$DVKSTAT' count --by Cấp --quiet '$tmp/big.csv'" /dev/null >"$tmp/tty" 2>&1 </dev/null
grep -q '%\]' "$tmp/tty" && not_ok "--quiet shows no bar" || ok
grep -q '#' "$tmp/tty" && not_ok "--quiet shows no bar" || ok
finish
