#!/bin/bash
# cli-paths.sh: every way the reader can split a file gives the same
# output.  Every command runs on the samples, on the bad-input corpus and
# on a register made messy here (quotes, CRLF, line breaks in quotes, a
# BOM, total rows, invalid UTF-8, a NUL), once as usual and then with each
# scan forced (DVKSTAT_SIMD: plain C, SSE2, AVX2 when the CPU has it) and
# with every line through libcsv, the reference; and with small blocks
# (DVKSTAT_BLOCK), so that the edges of the blocks fall on every byte of
# the short inputs.  Output, messages and exit status must all be equal.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

# A register of the Minh Long rows with what the fast paths must leave to
# the others, or handle the same: quoted fields, some with a line break or
# a doubled quote, CRLF on some lines, total rows, a BOM, and a long cell
# that crosses many 64-byte blocks.
messy="$tmp/messy.csv"
awk 'BEGIN { FS = ","; OFS = "," }
NR == 1 { printf "\357\273\277%s\r\n", $0; next }
{
    if (NR % 7 == 0) $2 = "\"" $2 ", dòng\nhai\""
    if (NR % 11 == 0) $3 = "\"" $3 " \"\"trích\"\"\""
    if (NR % 13 == 0) $2 = $2 " " $2 " " $2 " " $2 " " $2 " " $2
    if (NR % 17 == 0) $1 = "  Tổng cộng: "
    if (NR % 19 == 0) $4 = " Cộng"
    printf "%s%s", $0, (NR % 3 == 0 ? "\r\n" : "\n")
}' "$samples/minh-long.csv" >"$messy"
# the same with an invalid byte and, further on, a NUL
awk 'NR == 40 { $0 = $0 "\377" } { print }' "$samples/minh-long.csv" >"$tmp/invalid.csv"
{ head -n 60 "$samples/minh-long.csv"; printf 'x\0y\n'; } >"$tmp/nul.csv"

# run_all TAG [quick]: every command on every input, outputs in $tmp/TAG;
# quick: only the reading commands that take any table.
run_all() {
    local tag=$1 out="$tmp/$1" f i=0 quick=${2:-}
    mkdir -p "$out"
    : >"$out/all"
    for f in "$samples/minh-long.csv" "$samples/vung-tau-2022.csv" "$samples/cao-bang-2021.csv" \
        "$samples/minh-long-cp1258.csv" "$samples/minh-long-tcvn3.csv" \
        "$samples/minh-long-utf16.csv" "$samples/minh-long-excel.csv" "$messy" \
        "$tmp/invalid.csv" "$tmp/nul.csv" "$bad"/*; do
        for cmd in clean summary trend "count --by 2" "clean -f json" \
            "clean --encoding utf-8 --skip-bad-rows"; do
            [ -n "$quick" ] && [ "$cmd" != clean ] && [ "$cmd" != summary ] && continue
            i=$((i + 1))
            # shellcheck disable=SC2086
            "$DVKSTAT" $cmd "$f" >"$out/$i.out" 2>"$out/$i.err"
            echo "$cmd $(basename "$f"): $?" >>"$out/all"
        done
    done
    [ -n "$quick" ] && return
    for f in "$samples/minh-long.csv" "$messy" "$samples/minh-long-cp1258.csv" "$samples/minh-long-utf16.csv"; do
        i=$((i + 1))
        "$DVKSTAT" count --by 'Lĩnh vực,Năm' --skip-bad-rows "$f" >"$out/$i.out" 2>"$out/$i.err"
        echo "count $(basename "$f"): $?" >>"$out/all"
        i=$((i + 1))
        "$DVKSTAT" crosstab --rows 'Lĩnh vực' --cols 'Năm' --skip-bad-rows "$f" >"$out/$i.out" 2>"$out/$i.err"
        echo "crosstab $(basename "$f"): $?" >>"$out/all"
        i=$((i + 1))
        "$DVKSTAT" ratio --by 'Xã' --num 'Tình trạng=duy trì' --skip-bad-rows "$f" >"$out/$i.out" 2>"$out/$i.err"
        echo "ratio $(basename "$f"): $?" >>"$out/all"
        i=$((i + 1))
        "$DVKSTAT" trend --by 'Lĩnh vực' --skip-bad-rows "$f" >"$out/$i.out" 2>"$out/$i.err"
        echo "trend --by $(basename "$f"): $?" >>"$out/all"
        i=$((i + 1))
        "$DVKSTAT" report --lang en -o "$out/$i.md" --skip-bad-rows "$f" >"$out/$i.out" 2>"$out/$i.err"
        echo "report $(basename "$f"): $?" >>"$out/all"
    done
    i=$((i + 1))
    "$DVKSTAT" coverage --roster "$samples/vung-tau-roster.csv" --key 'Phường, xã' \
        "$samples/vung-tau-2022.csv" >"$out/$i.out" 2>"$out/$i.err"
    echo "coverage: $?" >>"$out/all"
    # the file names differ by TAG only in the report's own path
    sed -i "s|$out|OUT|g" "$out"/*.err "$out"/*.out 2>/dev/null
}

unset DVKSTAT_SIMD DVKSTAT_BLOCK
run_all usual
grep -q 'count --by 2 minh-long.csv: 0' "$tmp/usual/all" && ok || not_ok "count by the second column runs"
grep -q 'invalid.csv:40:112: invalid UTF-8 byte 0xFF' "$tmp"/usual/*.err && ok || not_ok "the invalid byte is told"
grep -q 'nul.csv:61:2: NUL byte' "$tmp"/usual/*.err && ok || not_ok "the NUL is told"
grep -q 'clean messy.csv: 0' "$tmp/usual/all" && ok || not_ok "the messy register is read"

compare() {
    if diff -r "$tmp/usual" "$tmp/$1" >"$tmp/diff"; then ok; else
        not_ok "$2 differs from the usual reading: $(head -c 1500 "$tmp/diff")"
    fi
}

for simd in libcsv plain sse2 avx2; do
    DVKSTAT_SIMD=$simd run_all "simd-$simd"
    compare "simd-$simd" "DVKSTAT_SIMD=$simd"
done
# Small blocks: a block's edge on every byte (1), and at odd places (63,
# 4093), each scan and libcsv.
run_all usual-quick quick
for block in 1 63 4093; do
    for simd in libcsv plain avx2; do
        DVKSTAT_BLOCK=$block DVKSTAT_SIMD=$simd run_all "block-$block-$simd" quick
        if diff -r "$tmp/usual-quick" "$tmp/block-$block-$simd" >"$tmp/diff"; then ok; else
            not_ok "DVKSTAT_BLOCK=$block DVKSTAT_SIMD=$simd differs: $(head -c 1500 "$tmp/diff")"
        fi
    done
done
finish
