#!/bin/bash
# run.sh [SECONDS]: build every harness tests/fuzz/fuzz-*.c with clang,
# libFuzzer, ASan (leak detection on) and UBSan, fuzz each for SECONDS
# (default 60), two at a time, and print per harness the executions,
# executions a second, edges covered, the lines of lib/ covered (from a
# second, coverage-instrumented build replaying the corpus) and what was
# found.  Exits 1 when any harness crashed, leaked, failed an assertion or
# timed out; the inputs that did are kept in $OUT/crashes.
#
# Environment: OUT (default ${TMPDIR:-/tmp}/dvkstat-fuzz), BUILD (the
# configured build directory holding config.h, default the source tree),
# JOBS (harnesses run at once, default 2; the library is compiled two
# files at a time whatever it is), CC (default clang), FUZZ_PKGS (the
# pkg-config modules the library links with; those not installed are
# skipped, and the modules configure.ac asks for are added), HARNESSES
# (the harnesses to build and run, default every tests/fuzz/fuzz-*.c).
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu

FUZZ_PKGS=${FUZZ_PKGS:-"libutf8proc gsl xlsxwriter zlib libzip expat freexl libgsf-1"}
FUZZ_LIBS=${FUZZ_LIBS:-"-lcsv -lpthread -lm"}

seconds=${1:-60}
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD:-$top}
out=${OUT:-${TMPDIR:-/tmp}/dvkstat-fuzz}
jobs=${JOBS:-2}
cc=${CC:-clang}
case $cc in *clang*) ;; *) cc=clang ;; esac
profdata=$(command -v llvm-profdata || command -v llvm-profdata-14 || true)
llvmcov=$(command -v llvm-cov || command -v llvm-cov-14 || true)

die() { echo "run.sh: $*" >&2; exit 2; }
command -v "$cc" >/dev/null || die "$cc not found: install the Debian package clang"
[ -f "$build/config.h" ] || die "$build/config.h not found: run ./configure (or set BUILD)"

# The library's sources: the lib/*.c files of the lib_*_la_SOURCES lists,
# or every lib/*.c when Makefile.am cannot be read.
sources=$(sed -n '/^lib_[a-z_]*_la_SOURCES *=/,/[^\\]$/p' "$top/Makefile.am" |
    tr ' \t\\' '\n\n\n' | grep '^lib/.*\.c$' || true)
[ -n "$sources" ] || sources=$(cd "$top" && ls lib/*.c)

# The pkg-config modules: those listed above and those configure.ac
# checks for (PKG_CHECK_MODULES([NAME], [module >= version])), the ones
# installed; cmocka is for the unit tests only.
mods=$(sed -n 's/^ *PKG_CHECK_MODULES(\[[A-Z0-9_]*\], *\[\([^] >=]*\).*/\1/p' "$top/configure.ac")
pkgs=
for m in $FUZZ_PKGS $mods; do
    case " $pkgs " in *" $m "*) continue ;; esac
    [ "$m" = cmocka ] && continue
    pkg-config --exists "$m" 2>/dev/null && pkgs="$pkgs $m"
done
pkg_cflags=$(pkg-config --cflags $pkgs)
pkg_libs=$(pkg-config --libs $pkgs)

harnesses=${HARNESSES:-$(cd "$top/tests/fuzz" && ls fuzz-*.c | sed 's/\.c$//')}
[ -n "$harnesses" ] || die "no tests/fuzz/fuzz-*.c"

rm -rf "$out/obj" "$out/cov-obj" "$out/logs" "$out/crashes"
mkdir -p "$out/obj" "$out/cov-obj" "$out/bin" "$out/logs" "$out/crashes" "$out/corpus" "$out/profiles"

cppflags="-DDVK_BUILDING_LIBRARY -DLOCALEDIR=\"/usr/share/locale\" -I$top/include -I$top/lib -I$build -I$top/tests/fuzz"
# -O2 runs a quarter faster than -O1 under ASan; the macro is the one
# fuzzing builds agree on, and gives the zip reader bounds that refuse a
# bomb's mutants after 1 MiB instead of 64 (lib/zipxml.h).
fuzzflags="-g -O2 -fno-omit-frame-pointer -fsanitize=address,undefined -fno-sanitize-recover=undefined -DFUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION"
covflags="-g -O1 -fprofile-instr-generate -fcoverage-mapping"

# One object per source and build, two compilers at a time whatever JOBS
# is: JOBS is how many harnesses run at once, and as many clang processes
# with ASan at -O1 on a machine of two shared cores only thrash.  Each
# compiler is waited for by its own pid, so that every status is seen
# (wait -n can miss a job that ended before it was called).
build_jobs=2
compile() { # FLAGS DIR: prints the objects
    local flags=$1 dir=$2 objs='' failed=0 pids=() s o
    for s in $sources; do
        o="$dir/$(basename "$s" .c).o"
        objs="$objs $o"
        # shellcheck disable=SC2086
        "$cc" $flags -fsanitize=fuzzer-no-link $cppflags $pkg_cflags -c "$top/$s" -o "$o" >&2 &
        pids+=($!)
        if [ "${#pids[@]}" -ge "$build_jobs" ]; then
            wait "${pids[0]}" || failed=1
            pids=("${pids[@]:1}")
        fi
    done
    for p in "${pids[@]}"; do
        wait "$p" || failed=1
    done
    [ "$failed" = 0 ] || die "the library does not build with $cc"
    echo "$objs"
}
echo "building $(echo $sources | wc -w) sources of lib/ and $(echo $harnesses | wc -w) harnesses (pkg-config:$pkgs)"
objs=$(compile "$fuzzflags" "$out/obj")
covobjs=$(compile "$covflags" "$out/cov-obj")
for h in $harnesses; do
    "$cc" $fuzzflags -fsanitize=fuzzer $cppflags $pkg_cflags "$top/tests/fuzz/$h.c" $objs \
        -o "$out/bin/$h" $FUZZ_LIBS $pkg_libs || die "$h does not build"
    "$cc" $covflags -fsanitize=fuzzer $cppflags $pkg_cflags "$top/tests/fuzz/$h.c" $covobjs \
        -o "$out/bin/$h-cov" $FUZZ_LIBS $pkg_libs || die "$h does not build for coverage"
done

# Each harness: its committed corpus, the inputs it found in earlier runs
# (kept in $out/corpus), its dictionary, options (a line
# "// fuzz-options: -max_len=N" in the harness) and more seeds (a line
# "// fuzz-seeds: DIR..." naming directories of the tree).
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
# The seed directories of harness $1: its committed corpus and those its
# line "// fuzz-seeds: tests/books" names, all read only, since libFuzzer
# writes what it finds to the first directory it is given.
seeds_of() {
    local d
    [ -d "$top/tests/fuzz/corpus/$1" ] && echo "$top/tests/fuzz/corpus/$1"
    for d in $(sed -n 's|^// fuzz-seeds: *||p' "$top/tests/fuzz/$1.c" | head -n 1); do
        [ -d "$top/$d" ] && echo "$top/$d"
    done
    return 0
}
run_one() {
    local h=$1 seeds work="$out/corpus/$1" opts
    mkdir -p "$work"
    opts=$(sed -n 's|^// fuzz-options: *||p' "$top/tests/fuzz/$h.c" | head -n 1)
    [ -f "$top/tests/fuzz/$h.dict" ] && opts="$opts -dict=$top/tests/fuzz/$h.dict"
    seeds=$(seeds_of "$h")
    # shellcheck disable=SC2086
    nice -n 10 "$out/bin/$h" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -print_final_stats=1 -detect_leaks=1 -artifact_prefix="$out/crashes/$h-" \
        $opts "$work" $seeds >"$out/logs/$h.log" 2>&1
    echo $? >"$out/logs/$h.status"
    # The processor time the harness had (this subshell's children: the
    # fuzzer alone), so that a rate can be given per second of processor
    # as well as per second of the clock, which a loaded machine stretches.
    # (times is a builtin: piped, it would run in a subshell of its own.)
    times >"$out/logs/$h.times"
    sed -n 2p "$out/logs/$h.times" |
        awk '{ for (i = 1; i <= 2; i++) { split($i, t, /[ms]/); s += t[1] * 60 + t[2] } printf "%.1f\n", s }' >"$out/logs/$h.cpu"
}
# JOBS harnesses at once; when one ends (whichever: run_one keeps its
# status in a file), the next starts.
running=0
for h in $harnesses; do
    run_one "$h" &
    running=$((running + 1))
    while [ "$running" -ge "$jobs" ]; do
        wait -n || true
        running=$(jobs -pr | wc -l)
    done
done
wait

# Coverage: replay each final corpus, and the seeds (libFuzzer copies into
# it only what it found), through the instrumented build.
if [ -n "$profdata" ] && [ -n "$llvmcov" ]; then
    rm -f "$out"/profiles/*.profraw
    for h in $harnesses; do
        # shellcheck disable=SC2046
        LLVM_PROFILE_FILE="$out/profiles/$h.profraw" "$out/bin/$h-cov" -runs=0 \
            "$out/corpus/$h" $(seeds_of "$h") >/dev/null 2>&1 || true
        "$profdata" merge -sparse "$out/profiles/$h.profraw" -o "$out/profiles/$h.profdata" 2>/dev/null || true
    done
fi

# The report.
status=0
printf '%-16s %12s %8s %9s %8s %16s %s\n' harness executions exec/s "exec/cpu" edges "lib/ lines" findings
for h in $harnesses; do
    log="$out/logs/$h.log"
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -n 1)
    cpu=$(cat "$out/logs/$h.cpu" 2>/dev/null || echo 0)
    percpu=$(awk -v n="${execs:-0}" -v c="$cpu" 'BEGIN { if (c > 0) printf "%d", n / c; else print "?" }')
    edges=$(grep -o 'cov: [0-9]*' "$log" | tail -n 1 | cut -d' ' -f2)
    lines=-
    if [ -f "$out/profiles/$h.profdata" ]; then
        # The TOTAL row of the report on lib/'s sources: lines, missed
        # lines and their share are its columns 8 to 10.
        lines=$("$llvmcov" report "$out/bin/$h-cov" -instr-profile="$out/profiles/$h.profdata" \
            $(for s in $sources; do echo "$top/$s"; done) 2>/dev/null |
            awk '$1 == "TOTAL" { printf "%d/%d %s", $8 - $9, $8, $10 }')
        [ -n "$lines" ] || lines=-
    fi
    found=$(ls "$out/crashes" 2>/dev/null | grep -c "^$h-" || true)
    st=$(cat "$out/logs/$h.status" 2>/dev/null || echo 1)
    if [ "$st" != 0 ] || [ "$found" != 0 ]; then
        status=1
        what=$(grep -m1 -oE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)[^(]*|runtime error:.*|deadly signal' "$log" || echo "exit $st")
        findings="$found ($what; see $log)"
    else
        findings=0
    fi
    printf '%-16s %12s %8s %9s %8s %16s %s\n' "$h" "${execs:-?}" "${rate:-?}" "$percpu" "${edges:-?}" "$lines" "$findings"
done
# The lines of lib/ all the harnesses ran together.
if [ -n "$profdata" ] && [ -n "$llvmcov" ] &&
    "$profdata" merge -sparse "$out"/profiles/*.profraw -o "$out/profiles/all.profdata" 2>/dev/null; then
    objects=
    for h in $harnesses; do objects="${objects:+$objects -object }$out/bin/$h-cov"; done
    # shellcheck disable=SC2086
    lines=$("$llvmcov" report $objects -instr-profile="$out/profiles/all.profdata" \
        $(for s in $sources; do echo "$top/$s"; done) 2>/dev/null |
        awk '$1 == "TOTAL" { printf "%d/%d %s", $8 - $9, $8, $10 }')
    printf '%-16s %12s %8s %9s %8s %16s\n' "all together" "" "" "" "" "${lines:--}"
fi
exit $status
