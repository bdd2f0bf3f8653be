#!/bin/bash
# python-binding.sh: python/dvkstat.py over the built library gives the
# figures of dvkstat count, ratio and trend, with every Python found
# (the first in PATH, and Debian's /usr/bin/python3).  Skipped without one.
. "$srcdir/tests/lib.sh"
: "${top_builddir:?}"
libs="$top_builddir/lib/.libs"
if [ ! -e "$libs/libdvkstat.so.0" ]; then
    echo "no shared library in this build: skipped"; exit 77
fi
pythons=$( { command -v python3; [ -x /usr/bin/python3 ] && echo /usr/bin/python3; } | sort -u)
[ -n "$pythons" ] || { echo "no Python: skipped"; exit 77; }
f="$samples/minh-long.csv"
"$DVKSTAT" count -f json --by "Lĩnh vực" "$f" >"$tmp/count.json"
"$DVKSTAT" ratio -f json --by "Lĩnh vực" --num "Tình trạng=Duy trì, hiệu quả" "$f" >"$tmp/ratio.json"
# the module reads every year, the half year 2022 too
"$DVKSTAT" trend --include-partial -f json --by "Lĩnh vực" "$f" >"$tmp/trend.json"
for py in $pythons; do
    run env LD_LIBRARY_PATH="$libs" PYTHONPATH="$srcdir/python" PYTHONDONTWRITEBYTECODE=1 \
        "$py" "$srcdir/python/test_dvkstat.py" "$f" "$tmp/count.json" "$tmp/ratio.json" "$tmp/trend.json"
    expect_status 0 "the Python module under $py"
    cat "$tmp/out"
done
finish
