#!/bin/bash
# cli-example.sh: the example program in doc/ builds against the installed
# library with pkg-config, and runs.
. "$srcdir/tests/lib.sh"
: "${top_builddir:?}"
${MAKE:-make} -C "$top_builddir" install DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log" >&2; not_ok "make install"; finish; exit 1; }
pc=$(find "$tmp/root" -name dvkstat.pc | head -1)
[ -n "$pc" ] && ok || { not_ok "dvkstat.pc installed"; finish; exit 1; }
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR="$tmp/root"
pkg-config --cflags --libs dvkstat >/dev/null && ok || not_ok "pkg-config --cflags --libs dvkstat"
# --static adds the private libraries, for a build with no shared library
flags=$(pkg-config --cflags --libs --static dvkstat)
libdir=$(dirname "$(dirname "$pc")")
${CC:-cc} ${CFLAGS:-} -o "$tmp/example" "$srcdir/doc/example.c" ${LDFLAGS:-} $flags -Wl,-rpath,"$libdir" \
    && ok || not_ok "doc/example.c builds against the installed library"
run "$tmp/example" "$samples/minh-long-cp1258.csv" "Lĩnh vực"
expect_status 0 "the example runs"
grep -q '^encoding: WINDOWS-1258$' "$tmp/out" && ok || not_ok "the example reads the encoding"
grep -q '^Văn hóa: 60$' "$tmp/out" && ok || not_ok "the example counts a field"
# libdvkstat(3): installed, every public call in it, and its example
# builds and counts.
[ -f "$(find "$tmp/root" -name libdvkstat.3 | head -1)" ] && ok || not_ok "libdvkstat.3 installed"
missing=$(sed -n 's/^DVK_API [^(]*[ *]\(dvk_[a-z_0-9]*\)(.*/\1/p' "$srcdir/include/dvkstat.h" |
    while read -r f; do grep -q "$f(" "$srcdir/doc/libdvkstat.3" || echo "$f"; done)
[ "$(sed -n 's/^DVK_API [^(]*[ *]\(dvk_[a-z_0-9]*\)(.*/\1/p' "$srcdir/include/dvkstat.h" | wc -l)" -gt 90 ] &&
    ok || not_ok "the header's calls were not found"
[ -z "$missing" ] && ok || not_ok "calls missing from libdvkstat(3): $missing"
# and every enum constant and struct field of the header: a constant by
# its name, a field as an ".I FIELD" entry of its structure's list.
h="$srcdir/include/dvkstat.h"
consts=$(awk '/^enum dvk_[a-z_]* \{/ {e = 1; next} e && /^\};/ {e = 0} e' "$h" | grep -o '^ *DVK_[A-Z0-9_]*' | tr -d ' ')
fields=$(awk '/^struct dvk_[a-z_]* \{/ {e = 1; next} e && /^\};/ {e = 0} e' "$h" |
    sed 's#/\*.*##; s#^ *\*.*##' | grep ';' | sed 's/^ *[a-z_ ]*[a-z_][a-z_]* \{1,\}//; s/;.*//' | tr ',' '\n' | tr -d ' *' | grep .)
[ "$(echo "$consts" | wc -l)" -gt 60 ] && [ "$(echo "$fields" | wc -l)" -gt 35 ] && ok ||
    not_ok "the header's enum constants and struct fields were not found"
undoc=$(for c in $consts; do grep -qw -- "$c" "$srcdir/doc/libdvkstat.3" || echo "$c"; done
        for f in $fields; do grep -qx "\.I $f" "$srcdir/doc/libdvkstat.3" || echo "$f"; done)
[ -z "$undoc" ] && ok || not_ok "enum constants or struct fields missing from libdvkstat(3): $(echo $undoc)"
if command -v groff >/dev/null; then
    groff -man -ww -z -K utf8 -Tutf8 "$srcdir/doc/libdvkstat.3" 2>"$tmp/groff" && [ ! -s "$tmp/groff" ] &&
        ok || not_ok "libdvkstat.3 formats without warnings: $(cat "$tmp/groff")"
fi
{
    printf '#include <stdio.h>\n#include <dvkstat.h>\nint main(int argc, char **argv)\n{\n    (void)argc;\n'
    sed -n '/^\.EX$/,/^\.EE$/p' "$srcdir/doc/libdvkstat.3" | sed '1d; $d; s/\\e/\\/g; s/"models.csv"/argv[1]/'
    printf '    return st == DVK_DONE ? 0 : 1;\n}\n'
} >"$tmp/man-example.c"
${CC:-cc} ${CFLAGS:-} -o "$tmp/man-example" "$tmp/man-example.c" ${LDFLAGS:-} $flags -Wl,-rpath,"$libdir" 2>"$tmp/cc" \
    && ok || not_ok "the example of libdvkstat(3) builds: $(cat "$tmp/cc")"
run "$tmp/man-example" "$samples/minh-long-tcvn3.csv"
expect_status 0 "the example of libdvkstat(3) runs"
grep -q "^Văn hóa	60$" "$tmp/out" && ok || not_ok "the man page's example counts a field: $(head -3 "$tmp/out")"

# Only dvk_ symbols are exported from the shared library.
so=$(find "$tmp/root" -name 'libdvkstat.so.*' -type f | head -1)
if [ -z "$so" ]; then
    echo "no shared library in this build: export checks skipped"
    finish
    exit
fi
# Every defined symbol is a dvk_ call with the version node of its release
# (lib/libdvkstat.map), beside the nodes' own names.
nm -D --defined-only "$so" | awk '{print $3}' >"$tmp/syms"
others=$(grep -v '^dvk_[a-z0-9_]*@@DVKSTAT_[0-9.]*$' "$tmp/syms" | grep -v '^DVKSTAT_[0-9.]*$' || true)
[ -z "$others" ] && ok || not_ok "symbols other than versioned dvk_ calls exported: $others"
grep -q '^dvk_reader_next@@DVKSTAT_0\.1$' "$tmp/syms" && ok || not_ok "dvk_reader_next exported, versioned"
grep -q '^dvk_map_insert' "$tmp/syms" && not_ok "internal dvk_map_insert exported" || ok
# every call of the header is exported
for f in $(sed -n 's/^DVK_API [^(]*[ *]\(dvk_[a-z_0-9]*\)(.*/\1/p' "$srcdir/include/dvkstat.h"); do
    grep -q "^$f@@" "$tmp/syms" || echo "$f"
done >"$tmp/unexported"
[ ! -s "$tmp/unexported" ] && ok || not_ok "calls of the header not exported: $(cat "$tmp/unexported")"
finish
