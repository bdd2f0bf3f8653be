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
# Only dvk_ symbols are exported from the shared library.
so=$(find "$tmp/root" -name 'libdvkstat.so.*' -type f | head -1)
if [ -z "$so" ]; then
    echo "no shared library in this build: export checks skipped"
    finish
    exit
fi
others=$(nm -D --defined-only "$so" | awk '{print $3}' | grep -v '^dvk_' | grep -v '^_' || true)
[ -z "$others" ] && ok || not_ok "symbols other than dvk_ exported: $others"
nm -D --defined-only "$so" | grep -q ' dvk_reader_next$' && ok || not_ok "dvk_reader_next exported"
nm -D --defined-only "$so" | grep -q ' dvk_map_insert$' && not_ok "internal dvk_map_insert exported" || ok
finish
