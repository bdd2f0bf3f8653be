#!/bin/sh
# check-truth.sh: the true figures of every case, computed twice, agree:
# once by make-forms.py (written into NAME.expected.json) and once by R from
# the true rows alone (tests/reference/forms.R).
# SPDX-License-Identifier: GPL-3.0-or-later
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 "$here/make-forms.py" --figures | LC_ALL=C sort > "$tmp/python.tsv"
Rscript "$here/../reference/forms.R" "$here/truth" | LC_ALL=C sort > "$tmp/r.tsv"
if diff -u "$tmp/python.tsv" "$tmp/r.tsv"; then
    echo "check-truth: $(wc -l < "$tmp/r.tsv") figures of $(ls "$here"/*.expected.json | wc -l) cases agree (Python and R)"
else
    echo "check-truth: the two computations disagree" >&2
    exit 1
fi
