#!/bin/bash
# cli-examples.sh: the programs of doc/examples/ build against the
# installed library with pkg-config and give the figures of dvkstat ratio,
# trend and count; one of them gives the same bytes under a host that
# sets a vi_VN locale.
. "$srcdir/tests/lib.sh"
: "${top_builddir:?}"
${MAKE:-make} -C "$top_builddir" install DESTDIR="$tmp/root" >"$tmp/install.log" 2>&1 \
    || { cat "$tmp/install.log" >&2; not_ok "make install"; finish; exit 1; }
pc=$(find "$tmp/root" -name dvkstat.pc | head -1)
export PKG_CONFIG_PATH=$(dirname "$pc") PKG_CONFIG_SYSROOT_DIR="$tmp/root"
flags=$(pkg-config --cflags --libs --static dvkstat)
libdir=$(dirname "$(dirname "$pc")")
for e in ratio-by-field trend-by-field two-threads report-figures; do
    ${CC:-cc} ${CFLAGS:-} -Wall -Werror -o "$tmp/$e" "$srcdir/doc/examples/$e.c" ${LDFLAGS:-} $flags \
        -lpthread -Wl,-rpath,"$libdir" 2>"$tmp/cc" && ok || not_ok "doc/examples/$e.c builds: $(cat "$tmp/cc")"
done
f="$samples/minh-long.csv"
cond='Tình trạng=Duy trì, hiệu quả'
# C++: the header compiles as C++ and the const calls take a const table
if command -v ${CXX:-g++} >/dev/null; then
    # the sanitizer flags of a sanitized build, which its static library needs
    san=$(for w in ${CFLAGS:-}; do case $w in -fsanitize*|-fno-sanitize*) printf '%s ' "$w" ;; esac; done)
    ${CXX:-g++} -std=c++17 -Wall -Werror $san -o "$tmp/ratio-cpp" "$srcdir/doc/examples/ratio.cpp" \
        ${LDFLAGS:-} $flags -Wl,-rpath,"$libdir" 2>"$tmp/cc" && ok || not_ok "doc/examples/ratio.cpp builds: $(cat "$tmp/cc")"
    run "$tmp/ratio-cpp" "$f" "Lĩnh vực" "$cond"
    expect_status 0 "the C++ example runs"
    grep -q '^Văn hóa	[0-9]*	60	0\.[0-9]*	0\.[0-9]*	0\.[0-9]*	[0-9]' "$tmp/out" && ok ||
        not_ok "the C++ example gives a ratio per field: $(head -3 "$tmp/out")"
else
    echo "no C++ compiler: the C++ example is not built"
fi

# ratio by field: every group's k, n, ratio and interval, and the overall
run "$tmp/ratio-by-field" "$f" "Lĩnh vực" "$cond"
expect_status 0 "ratio-by-field runs"
cp "$tmp/out" "$tmp/ratio.json"
jq -r '.groups[] | [.key, .num, .den, .ratio, .ci_low, .ci_high] | @tsv' "$tmp/ratio.json" | sort >"$tmp/a"
jq -r '.overall | [.num, .den, .ratio, .ci_low, .ci_high] | @tsv' "$tmp/ratio.json" >>"$tmp/a"
"$DVKSTAT" ratio -f json --by "Lĩnh vực" --num "$cond" "$f" >"$tmp/prog.json"
jq -r '.groups[] | [.key["Lĩnh vực"], .num, .den, .ratio, .ci_low, .ci_high] | @tsv' "$tmp/prog.json" | sort >"$tmp/b"
jq -r '.overall | [.num, .den, .ratio, .ci_low, .ci_high] | @tsv' "$tmp/prog.json" >>"$tmp/b"
[ "$(wc -l <"$tmp/a")" -gt 5 ] && ok || not_ok "ratio-by-field gives groups"
expect_same "$tmp/b" "$tmp/a" "ratio-by-field gives dvkstat ratio's figures"

# the same program in a host whose locale writes decimal commas
if locale -a 2>/dev/null | grep -qi '^vi_VN\.utf-\?8$'; then
    LC_ALL=vi_VN.UTF-8 "$tmp/ratio-by-field" "$f" "Lĩnh vực" "$cond" >"$tmp/ratio-vi.json"
    expect_same "$tmp/ratio.json" "$tmp/ratio-vi.json" "ratio-by-field: the same bytes under vi_VN.UTF-8"
else
    echo "no vi_VN.UTF-8 locale: the host-locale check is skipped"
fi

# trend statistics per field
run "$tmp/trend-by-field" "$f" "Lĩnh vực"
expect_status 0 "trend-by-field runs"
stats='.first, .last, .change, .cagr, .ols_slope, .ols_p, .sen_slope, .sen_low, .sen_high, .mk_z, .mk_p, .mk_tau, .poisson_growth'
jq -r ".[] | [.key, (.series | map(tostring) | join(\",\")), (.stats | $stats)] | @tsv" "$tmp/out" | sort >"$tmp/a"
"$DVKSTAT" trend -f json --by "Lĩnh vực" "$f" >"$tmp/prog.json"
jq -r ".groups[] | [.key[\"Lĩnh vực\"], (.series | map(.value | tostring) | join(\",\")), (.stats | $stats)] | @tsv" \
    "$tmp/prog.json" | sort >"$tmp/b"
[ "$(wc -l <"$tmp/a")" -gt 5 ] && ok || not_ok "trend-by-field gives groups"
expect_same "$tmp/b" "$tmp/a" "trend-by-field gives dvkstat trend's statistics"

# two files in two threads, merged
run "$tmp/two-threads" "$f" "$samples/minh-long-tcvn3.csv" "Lĩnh vực"
expect_status 0 "two-threads runs"
jq -r '.[] | [.key, .count] | @tsv' "$tmp/out" | sort >"$tmp/a"
"$DVKSTAT" count -f json --by "Lĩnh vực" "$f" "$samples/minh-long-tcvn3.csv" |
    jq -r '.groups[] | [.key["Lĩnh vực"], .count] | @tsv' | sort >"$tmp/b"
[ "$(wc -l <"$tmp/a")" -gt 5 ] && ok || not_ok "two-threads gives groups"
expect_same "$tmp/b" "$tmp/a" "two-threads gives dvkstat count's figures"

# dvkstat report's figures through the public API alone: the report's
# Markdown tables turned into the example's lines
report_lines() {
    awk -F' *[|] *' '
        /^Models and exemplars registered: / { n = $0; sub(/^[^:]*: /, "", n); sub(/ .*/, "", n); print "total\t" n }
        /^#/ { sec = $0; next }
        !/^\|/ || /^\| *-/ { next }
        { if (hdr[sec]++ == 0) next }
        sec == "## By field" && $2 != "Total" { print "field\t" $2 "\t" $3 }
        sec == "## Maintained of registered" { print "maintained\t" $2 "\t" $3 "\t" $4 "\t" $5 "\t" $6 "\t" $7 }
        sec == "## Trend over time" { y = $2; sub(/, to .*/, "", y); print "year\t" y "\t" $3 }' "$1"
}
for s in "$samples/vung-tau-2022.csv" "$f"; do
    run "$tmp/report-figures" "$s"
    expect_status 0 "report-figures runs on $(basename "$s")"
    sort "$tmp/out" >"$tmp/a"
    "$DVKSTAT" report --lang en -q -o "$tmp/report.md" "$s" 2>"$tmp/err" || not_ok "dvkstat report on $s"
    report_lines "$tmp/report.md" | sort >"$tmp/b"
    [ "$(grep -c '^field' "$tmp/b")" -gt 2 ] && [ "$(grep -c '^year' "$tmp/b")" -gt 0 ] && ok ||
        not_ok "the report's tables were read: $(head -3 "$tmp/b")"
    expect_same "$tmp/b" "$tmp/a" "report-figures gives dvkstat report's figures for $(basename "$s")"
done
# minh-long.csv says of its models whether they are maintained; vung-tau's
# statuses only say "registered", and neither program shows a 0 % table
grep -q '^maintained	Total	40	296	13.5%' "$tmp/a" && ok || not_ok "report-figures: maintained of registered for minh-long.csv"
finish
