# register.sh: sourced by the benchmarks.  Sets $work (a scratch folder)
# and $big (the 400 MB register, made there the first time).
# SPDX-License-Identifier: GPL-3.0-or-later
work=${TMPDIR:-/tmp}/dvkstat-bench
mkdir -p "$work"
big="$work/big-400.csv"
[ -s "$big" ] || sh "$here/make-register.sh" 400 "$big"
