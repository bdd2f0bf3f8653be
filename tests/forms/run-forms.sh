#!/bin/bash
# run-forms.sh: run dvkstat on every laid-out register of tests/forms/, with
# the command a new user would run and no layout option, and compare what it
# prints with the true figures of NAME.expected.json.
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Each check ends as one of:
#   PASS        exit 0 and the true figure
#   WRONG       exit 0 and a figure that is not the true one (or, where the
#               layout is ambiguous, any figure at all): the result a
#               statistics tool must never give
#   REFUSED-OK  exit 1 with a message naming the option that settles it,
#               where the case is designed to be ambiguous
#   REFUSED     any other failure
# A case takes the worst of its checks.  The exit status is 1 when any check
# is WRONG.  DVKSTAT names the program (default ./cli/dvkstat); needs jq.
#
#   tests/forms/run-forms.sh [CASE]...
set -u
here=$(cd "$(dirname "$0")" && pwd)
DVKSTAT=${DVKSTAT:-./cli/dvkstat}
export LC_ALL=C.UTF-8 LANG=C.UTF-8
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# jq helpers: numbers compare to a millionth (sums of decimals), maps by key
JQLIB='
def near(a; b): a != null and b != null and ((a - b) | fabs) <= 1e-6 * (1 + (b | fabs));
def keyval: .key | to_entries | map(.value | tostring) | join(" / ");
def diffmap(got; want):
  [ (((got | keys) + (want | keys)) | unique[]) as $k
    | select(near(got[$k]; want[$k]) | not)
    | "\($k): \(got[$k] // "none") not \(want[$k] // "none")" ]
  | (if length > 4 then .[:4] + ["…"] else . end) | join("; ");
def series(g): g.series | map({key: (.time | tostring), value: .value}) | from_entries;
def why(cond; text): if cond then empty else text end;
'

# The reason a run's output is not the true figure, or nothing when it is.
compare() {  # kind
    local kind=$1
    case $kind in
    count|sum)
        jq -r --slurpfile e "$tmp/check.json" "$JQLIB"'
            $e[0] as $e
            | (.groups | map({key: keyval, value: .count}) | from_entries) as $g
            | why(near(.total; $e.total); "total \(.total) not \($e.total)"),
              (diffmap($g; $e.groups) | select(. != ""))' "$tmp/stdout" 2>&1 | head -2 | paste -sd' ' ;;
    trend)
        jq -r --slurpfile e "$tmp/check.json" "$JQLIB"'
            $e[0] as $e
            | ([.groups[].series[]] | group_by(.time)
               | map({key: (.[0].time | tostring), value: (map(.value // 0) | add)})
               | from_entries) as $s
            | diffmap($s; $e.series) | select(. != "")' "$tmp/stdout" 2>&1 | head -1
        # rows with no year are counted and said, so that totals agree
        local ny
        ny=$(jq -r .no_year "$tmp/check.json")
        if [ "$ny" != 0 ] && ! grep -qw -- "$ny" "$tmp/stderr"; then
            echo "$ny rows with no year left out with no note"
        fi ;;
    trend-by)
        jq -r --slurpfile e "$tmp/check.json" "$JQLIB"'
            $e[0] as $e
            | (.groups | map({key: keyval, value: series(.)}) | from_entries) as $g
            | why(($g | keys) == ($e.series | keys); "groups \($g | keys) not \($e.series | keys)"),
              ($e.series | keys[] as $k | diffmap($g[$k] // {}; $e.series[$k])
               | select(. != "") | "\($k): \(.)"),
              (.groups[] | select(keyval as $k | $e.null_growth | index($k))
               | select(.stats.poisson_growth != null)
               | "\(keyval): Poisson growth \(.stats.poisson_growth) has no finite estimate")' \
            "$tmp/stdout" 2>&1 | head -2 | paste -sd' ' ;;
    trend-constant)
        jq -r --slurpfile e "$tmp/check.json" "$JQLIB"'
            $e[0] as $e
            | (diffmap(series(.groups[0]); $e.series) | select(. != "")),
              why(.groups[0].stats.verdict | test("constant");
                  "not judged constant: \(.groups[0].stats.verdict)")' "$tmp/stdout" 2>&1 | head -2 | paste -sd' ' ;;
    ratio)
        jq -r --slurpfile e "$tmp/check.json" "$JQLIB"'
            $e[0] as $e
            | (.groups | map({key: keyval, value: [.num, .den]}) | from_entries) as $g
            | why([.overall.num, .overall.den] == $e.overall;
                  "overall \(.overall.num) of \(.overall.den) not \($e.overall[0]) of \($e.overall[1])"),
              why($g == $e.groups; "groups \($g | tojson) not \($e.groups | tojson)")' \
            "$tmp/stdout" 2>&1 | head -2 | paste -sd' ' ;;
    coverage)
        jq -r --slurpfile e "$tmp/check.json" '
            $e[0] as $e
            | if .units != $e.units or .met != $e.met then
                  "\(.met) of \(.units) units met, not \($e.met) of \($e.units)"
              elif ([.below[].key | to_entries[0].value] | sort) != ($e.below | sort) then
                  "below: \([.below[].key | to_entries[0].value] | join(", ")) not \($e.below | join(", "))"
              elif (.not_in_roster | length) > 0 then
                  "not in roster: \([.not_in_roster[].key | to_entries[0].value] | join(", "))"
              else empty end' "$tmp/stdout" 2>&1 | head -1 ;;
    report)
        # the section "Maintained of registered" of the Markdown report
        if ! [ -s "$tmp/out.md" ]; then echo "no report written"; return; fi
        awk -F'|' '/^## /{s = ($0 ~ /^## Maintained of registered/); n = 0}
            s && /^\|/ {if (++n <= 2) next
                for (i = 2; i <= 4; i++) gsub(/^ +| +$/, "", $i)
                print $2 "\t" $3 "\t" $4}' "$tmp/out.md" > "$tmp/maintained.tsv"
        local total want
        total=$(sed -n 's/^Models and exemplars registered: \([0-9]*\).*/\1/p' "$tmp/out.md")
        want=$(jq -r .maintained.Total[1] "$tmp/check.json")
        [ "$total" = "$want" ] || echo "total registered ${total:-none} not $want"
        if ! [ -s "$tmp/maintained.tsv" ]; then echo "no maintained-of-registered table"; return; fi
        jq -rRs --slurpfile e "$tmp/check.json" '
            $e[0].maintained as $w
            | split("\n") | map(select(length > 0) | split("\t")
                                | {key: .[0], value: [(.[1] | tonumber), (.[2] | tonumber)]})
            | from_entries as $g
            | [ (($g | keys) + ($w | keys) | unique[]) as $k | select($g[$k] != $w[$k])
                | "\($k): \($g[$k] // [] | map(tostring) | join(" of ")) not \($w[$k] // [] | map(tostring) | join(" of "))" ]
            | .[:3] | join("; ") | select(. != "")' "$tmp/maintained.tsv" 2>&1 ;;
    esac
}

rank() { case $1 in PASS) echo 0 ;; REFUSED-OK) echo 1 ;; REFUSED) echo 2 ;; WRONG) echo 3 ;; esac; }

declare -A checks_by cases_by
ncheck=0 ncase=0
if [ $# -gt 0 ]; then
    files=(); for c in "$@"; do files+=("$here/$c.expected.json"); done
else
    files=("$here"/*.expected.json)
fi
for exp in "${files[@]}"; do
    name=$(jq -r .case "$exp")
    file="$here/$(jq -r .file "$exp")"
    worst=PASS lines=()
    n=$(jq '.checks | length' "$exp")
    for ((i = 0; i < n; i++)); do
        jq ".checks[$i]" "$exp" > "$tmp/check.json"
        id=$(jq -r .id "$tmp/check.json")
        kind=$(jq -r .kind "$tmp/check.json")
        expect=$(jq -r .expect "$tmp/check.json")
        mapfile -t argv < <(jq -r '.argv[]' "$tmp/check.json")
        argv=("${argv[@]//\{dir\}/$here}")
        argv=("${argv[@]//\{out\}/$tmp/out}")
        rm -f "$tmp/out.md"
        "$DVKSTAT" "${argv[@]}" "$file" > "$tmp/stdout" 2> "$tmp/stderr"
        rc=$?
        reason=
        if [ "$expect" = refuse ]; then
            if [ $rc -eq 0 ]; then
                verdict=WRONG reason="exit 0 on an ambiguous column: $(head -c 200 "$tmp/stdout" | tr '\n' ' ')"
            elif [ $rc -eq 1 ] && grep -qF -f <(jq -r '.options[]' "$tmp/check.json") "$tmp/stderr"; then
                verdict=REFUSED-OK
            else
                verdict=REFUSED reason="exit $rc: $(grep -v '^dvkstat: note' "$tmp/stderr" | head -1)"
            fi
        elif [ $rc -ne 0 ]; then
            verdict=REFUSED reason="exit $rc: $(grep -v '^dvkstat: note' "$tmp/stderr" | head -1)"
        else
            reason=$(compare "$kind" | paste -sd' ')
            if [ -z "$reason" ]; then verdict=PASS; else verdict=WRONG; fi
        fi
        ncheck=$((ncheck + 1))
        checks_by[$verdict]=$((${checks_by[$verdict]:-0} + 1))
        [ "$(rank "$verdict")" -gt "$(rank "$worst")" ] && worst=$verdict
        lines+=("$(printf '    %-10s %-20s %s' "$verdict" "$id" "${reason:0:220}")")
    done
    ncase=$((ncase + 1))
    cases_by[$worst]=$((${cases_by[$worst]:-0} + 1))
    printf '%-10s %s\n' "$worst" "$name"
    printf '%s\n' "${lines[@]}"
done
summary() {  # label total array-name
    local -n by=$3
    printf '%s %d: PASS %d, WRONG %d, REFUSED-OK %d, REFUSED %d' "$1" "$2" \
        "${by[PASS]:-0}" "${by[WRONG]:-0}" "${by[REFUSED-OK]:-0}" "${by[REFUSED]:-0}"
}
echo "$(summary cases "$ncase" cases_by); $(summary checks "$ncheck" checks_by)"
[ "${checks_by[WRONG]:-0}" -eq 0 ]
