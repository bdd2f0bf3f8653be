#!/bin/bash
# cli-encodings.sh: the Minh Long register in every encoding and dialect
# gives byte-identical clean output, with no option.
. "$srcdir/tests/lib.sh"
run "$DVKSTAT" clean "$samples/minh-long.csv"
expect_status 0 "clean minh-long.csv"
cp "$tmp/out" "$tmp/reference"
[ "$(wc -l <"$tmp/reference")" -eq 297 ] && ok || not_ok "297 lines (header and 296 models)"

check() { # FILE ENCODING DELIMITER LINE_END BOM
    run "$DVKSTAT" clean "$samples/$1"
    expect_status 0 "clean $1"
    expect_same "$tmp/reference" "$tmp/out" "clean $1 is byte-identical to the UTF-8 one"
    run "$DVKSTAT" summary -f json "$samples/$1"
    expect_json '.files[0] | [.encoding, .delimiter, .line_end, .bom, .rows_read]' \
        "[\"$2\",\"$3\",\"$4\",$5,296]" "summary of $1"
}
check minh-long.csv UTF-8 , LF false
check minh-long-excel.csv UTF-8 ';' CRLF true
check minh-long-utf16.csv UTF-16LE TAB CRLF true
check minh-long-cp1258.csv WINDOWS-1258 , LF false
check minh-long-tcvn3.csv TCVN3 , LF false

# The same through standard input, and UTF-16 big-endian made here.
run "$DVKSTAT" clean - <"$samples/minh-long-cp1258.csv"
expect_same "$tmp/reference" "$tmp/out" "Windows-1258 from standard input"
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE "$samples/minh-long.csv"; } >"$tmp/be.csv"
run "$DVKSTAT" clean "$tmp/be.csv"
expect_same "$tmp/reference" "$tmp/out" "UTF-16BE with BOM"
# CR line ends
tr '\n' '\r' <"$samples/minh-long.csv" >"$tmp/cr.csv"
run "$DVKSTAT" clean "$tmp/cr.csv"
expect_same "$tmp/reference" "$tmp/out" "CR line ends"
# A named encoding overrides detection.
run "$DVKSTAT" clean --encoding tcvn3 "$samples/minh-long-tcvn3.csv"
expect_same "$tmp/reference" "$tmp/out" "--encoding tcvn3"
# Normalisation merged the spellings: ten fields, shown as typed most often.
run "$DVKSTAT" summary -f json "$samples/minh-long-tcvn3.csv"
expect_json '.files[0].columns[5] | [.name, .distinct, .top[1].value, .top[1].count]' \
    '["Lĩnh vực",10,"Văn hóa",60]' "the spellings of Văn hóa are one value"
finish
