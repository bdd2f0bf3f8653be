# lib.sh: helpers for the command-line tests (sourced by tests/cli-*.sh).
# SPDX-License-Identifier: GPL-3.0-or-later
set -u
: "${DVKSTAT:?DVKSTAT must name the dvkstat program}"
: "${srcdir:?srcdir must name the source tree}"
samples="$srcdir/samples"
data="$srcdir/tests/data"
bad="$srcdir/tests/bad"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/dvkstat-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
not_ok() {
    failed=$((failed + 1))
    printf 'FAIL: %s\n' "$*" >&2
}

# run CMD...: run with output in $tmp/out and $tmp/err, status in $status.
run() {
    "$@" >"$tmp/out" 2>"$tmp/err"
    status=$?
}

# html_cells FILE: FILE's table cells without the paragraph each holds for
# a word processor's import (<td><p style=…>x</p></td> as <td>x</td>).
html_cells() {
    sed -i 's#<p style="margin-bottom: 0cm">##g; s#</p></td>#</td>#g; s#</p></th>#</th>#g; s#&\#160;##g' "$1"
}

# expect_status N WHAT
expect_status() {
    if [ "$status" -eq "$1" ]; then ok; else
        not_ok "$2: exit status $status, wanted $1; stderr: $(head -c 400 "$tmp/err")"
    fi
}

# expect_out TEXT WHAT: standard output is exactly TEXT (plus a final newline).
expect_out() {
    if [ "$(cat "$tmp/out")" = "$1" ]; then ok; else
        not_ok "$2"
        printf '%s\n' "$1" | diff -u - "$tmp/out" >&2
    fi
}

# expect_err TEXT WHAT: standard error contains TEXT.
expect_err() {
    if grep -qF -- "$1" "$tmp/err"; then ok; else
        not_ok "$2: stderr lacks '$1'; it says: $(head -c 600 "$tmp/err")"
    fi
}

# expect_quiet WHAT: nothing on standard error.
expect_quiet() {
    if [ ! -s "$tmp/err" ]; then ok; else
        not_ok "$1: unexpected message: $(head -c 400 "$tmp/err")"
    fi
}

# expect_json FILTER VALUE WHAT: jq FILTER on standard output gives VALUE.
expect_json() {
    got=$(jq -c "$1" "$tmp/out" 2>&1)
    if [ "$got" = "$2" ]; then ok; else
        not_ok "$3: jq '$1' gave '$got', wanted '$2'"
    fi
}

# expect_close FILTER VALUE WHAT: jq FILTER on standard output is VALUE to
# 1e-9 relative (1e-15 absolute near zero).
expect_close() {
    if jq -e "(($1) - ($2)) | fabs <= 1e-9 * (($2) | fabs) + 1e-15" "$tmp/out" >/dev/null 2>&1; then
        ok
    else
        not_ok "$3: jq '$1' gave '$(jq -c "$1" "$tmp/out" 2>&1)', wanted $2"
    fi
}

# expect_same A B WHAT: files are byte-identical.
expect_same() {
    if cmp -s "$1" "$2"; then ok; else
        not_ok "$3"
        diff -u "$1" "$2" | head -20 >&2
    fi
}

finish() {
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ]
}
