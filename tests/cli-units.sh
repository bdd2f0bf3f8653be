#!/bin/bash
# cli-units.sh: coverage and report --roster choose the roster's column by
# the data's units (never STT) and match unit names whatever kind prefix
# either file writes.  Counts by hand from the rows below.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$srcdir/tests/lib.sh"

printf '%s\n' 'STT,Đơn vị,Số thôn' '1,TT. Phú Mỹ,7' '2,X. Mỹ Xuân,10' '3,X. Tân Hải,8' \
    '4,P.1,3' '5,Phường 02,4' >"$tmp/roster.csv"
printf '%s\n' 'Đơn vị,Lĩnh vực' 'Thị trấn Phú Mỹ,Kinh tế' 'Xã Mỹ Xuân,Kinh tế' 'Mỹ Xuân,Kinh tế' \
    'Phường 1,Kinh tế' 'P2,Kinh tế' 'Xã Hắc Dịch,Kinh tế' >"$tmp/data.csv"
run "$DVKSTAT" coverage --roster "$tmp/roster.csv" --key 'Đơn vị' -f json "$tmp/data.csv"
expect_status 0 "coverage with prefixes"
expect_json '[.units, .met]' '[5,4]' "4 of 5 units met: prefixes and abbreviations match"
expect_json '[.below[] | [(.key | to_entries[0].value), .count]]' '[["X. Tân Hải",0]]' "the unit below, as the roster writes it"
expect_json '[.not_in_roster[].key | to_entries[0].value]' '["Xã Hắc Dịch"]' "the data's unit the roster lacks"
expect_err "the units are read from column 'Đơn vị'" "the column chosen is said"

# STT is never the key, even as the first column with --key naming nothing there
printf '%s\n' 'STT,Tên xã' '1,Xã Mỹ Xuân' '2,Thị trấn Phú Mỹ' >"$tmp/stt.csv"
run "$DVKSTAT" coverage --roster "$tmp/stt.csv" --key 'Đơn vị' -f json "$tmp/data.csv"
expect_json '[.units, .met]' '[2,2]' "the roster's names, not its serial numbers"
printf '%s\n' 'Đơn vị,Lĩnh vực' 'Xã Mỹ Xuân,Kinh tế' >"$tmp/communes.csv"
run "$DVKSTAT" coverage --roster "$tmp/stt.csv" --roster-key STT --key 'Đơn vị' -f json "$tmp/communes.csv"
expect_json '[.units, .met]' '[2,0]' "STT when named with --roster-key"

# the report's coverage section uses the same rule
printf '%s\n' 'Đơn vị,Lĩnh vực,Năm' 'Thị trấn Phú Mỹ,Kinh tế,2021' 'Mỹ Xuân,Kinh tế,2022' \
    'Phường 1,Văn hóa,2023' >"$tmp/reg.csv"
run "$DVKSTAT" report --lang en --roster "$tmp/roster.csv" --key 'Đơn vị' -o "$tmp/r.md" "$tmp/reg.csv"
expect_status 0 "report --roster"
grep -q '^3 of 5 units (60.0%) registered at least 1.$' "$tmp/r.md" && ok ||
    not_ok "report coverage: $(grep 'units (' "$tmp/r.md")"

# a bare name that two kinds share is an error naming --exact-units
printf '%s\n' 'Đơn vị' 'Xã Long Sơn' 'Phường Long Sơn' >"$tmp/amb-roster.csv"
printf '%s\n' 'Đơn vị,Lĩnh vực' 'Long Sơn,Kinh tế' >"$tmp/amb.csv"
run "$DVKSTAT" coverage --roster "$tmp/amb-roster.csv" --key 'Đơn vị' "$tmp/amb.csv"
expect_status 1 "an ambiguous unit"
expect_err "unit 'Long Sơn' could be 'Xã Long Sơn' or 'Phường Long Sơn'" "the ambiguity is named"
expect_err "--exact-units" "and the option that settles it"
run "$DVKSTAT" coverage --exact-units --roster "$tmp/amb-roster.csv" --key 'Đơn vị' -f json "$tmp/amb.csv"
expect_status 0 "--exact-units"
expect_json '[.met, [.not_in_roster[].key | to_entries[0].value]]' '[0,["Long Sơn"]]' "names compared as written"
# two kinds with the kind written are two units, with no error
printf '%s\n' 'Đơn vị,Lĩnh vực' 'Xã Long Sơn,Kinh tế' >"$tmp/amb2.csv"
run "$DVKSTAT" coverage --roster "$tmp/amb-roster.csv" --key 'Đơn vị' -f json "$tmp/amb2.csv"
expect_json '[.met, [.below[].key | to_entries[0].value]]' '[1,["Phường Long Sơn"]]' "Xã and Phường Long Sơn stay apart"

finish
