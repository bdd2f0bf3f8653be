# test_dvkstat.py: the Python module gives dvkstat's figures.
# Run by tests/python-binding.sh: python3 test_dvkstat.py SAMPLE COUNT.json RATIO.json TREND.json
# SPDX-License-Identifier: GPL-3.0-or-later
import json
import math
import sys

import dvkstat

sample, count_json, ratio_json, trend_json = sys.argv[1:5]
failed = 0


def check(cond, what):
    global failed
    if not cond:
        failed += 1
        print("FAIL:", what, file=sys.stderr)


def close(a, b):
    if a is None or b is None:
        return a is None and b is None or (a is None and math.isnan(b)) or (b is None and math.isnan(a))
    return abs(a - b) <= 1e-12 * max(1, abs(b))


check(dvkstat.version().count(".") == 2, "version")
want = {g["key"]["Lĩnh vực"]: g["count"] for g in json.load(open(count_json))["groups"]}
got = {g.label: g.count for g in dvkstat.count(sample, "Lĩnh vực")}
check(len(got) > 5 and got == want, "count by field: %r" % got)

prog = json.load(open(ratio_json))
want = {g["key"]["Lĩnh vực"]: g for g in prog["groups"]}
res = dvkstat.ratio(sample, "Lĩnh vực", "Tình trạng=Duy trì, hiệu quả")
check(len(res) == len(want) + 1, "ratio: one row per group and the overall")
for r in res[:-1]:
    w = want[r.key]
    check(r.k == w["num"] and r.n == w["den"] and close(r.ratio, w["ratio"]) and
          close(r.low, w["ci_low"]) and close(r.high, w["ci_high"]), "ratio of %s" % r.key)
o = res[-1]
check(o.key is None and o.k == prog["overall"]["num"] and close(o.high, prog["overall"]["ci_high"]),
      "the overall ratio")

want = {g["key"]["Lĩnh vực"]: g for g in json.load(open(trend_json))["groups"]}
res = dvkstat.trend(sample, "Lĩnh vực")
check(len(res) == len(want), "trend: one series per group")
for t in res:
    w = want[t.key]
    check(t.values == [p["value"] for p in w["series"]], "series of %s" % t.key)
    check(t.times == [float(p["time"]) for p in w["series"]], "times of %s" % t.key)
    for name in ("mk_p", "mk_z", "sen_slope", "ols_slope", "ols_p", "cagr", "poisson_growth"):
        check(close(t.stats[name], w["stats"][name]), "%s of %s" % (name, t.key))

try:
    dvkstat.count(sample + ".missing", "Lĩnh vực")
    check(False, "a missing file raises")
except dvkstat.DvkError as e:
    check(".missing" in str(e), "the error names the file: %s" % e)
try:
    dvkstat.count(sample, "no such column")
    check(False, "an unknown column raises")
except dvkstat.DvkError:
    pass
print("python %s: %s" % (sys.version.split()[0], "ok" if not failed else "%d failed" % failed))
sys.exit(1 if failed else 0)
