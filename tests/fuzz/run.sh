#!/bin/sh
# run.sh [SECONDS]: build the library's sources with clang, libFuzzer, ASan
# and UBSan, and fuzz the reader for SECONDS (default 60), starting from
# the samples and the bad-input corpus.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${TMPDIR:-/tmp}/dvkstat-fuzz
mkdir -p "$out/corpus"
cp "$top"/samples/*.csv "$top"/tests/bad/* "$out/corpus/" 2>/dev/null || true
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
    -DDVK_BUILDING_LIBRARY -DLOCALEDIR=\"/usr/share/locale\" -I"$top/include" -I"$top/lib" -I"${BUILD:-$top}" \
    $(pkg-config --cflags libutf8proc gsl xlsxwriter zlib) \
    "$top"/lib/*.c "$top/tests/fuzz/fuzz-reader.c" -o "$out/fuzz-reader" \
    -lcsv $(pkg-config --libs libutf8proc gsl xlsxwriter zlib) -lpthread -lm
"$out/fuzz-reader" -max_total_time="${1:-60}" -max_len=4096 -timeout=10 "$out/corpus"
