# inference.py: the Python reference values of tests/test-inference.c.
# /usr/bin/python3 tests/reference/inference.py   (SciPy, statsmodels)
#
# pyMannKendall is not packaged for Debian; its seasonal_test and
# seasonal_sens_slope (version 1.4.3) are written out below from their
# definitions: the series cut into rows of PERIOD values (the last row
# padded with NaN), each column (season) a Mann-Kendall test of its own
# on its values present, S, Var(S) with ties and the pairs summed; Z with
# continuity correction; p = 2 (1 - Phi(|Z|)) (taken here as 2 Q(|Z|),
# which keeps the digits of a small p); tau = S / pairs.  The slope is
# the median of (x[k, i] - x[j, i]) / (k - j) over the pairs of rows j < k
# of each column, NaN left out; the intercept is
# nanmedian(x) - median(positions present) / period * slope.
# With PERIOD 1 they are original_test and sens_slope, whose values on
# tests/pymannkendall/arbitrary_1d.csv pyMannKendall's own tests give
# (tests/pymannkendall/expected.json): the first lines check that.
import csv
import math
import os
from collections import Counter
from statistics import median

from scipy.stats import norm, fisher_exact
from statsmodels.stats.multitest import multipletests

NAN = float("nan")


def mk_season(v):
    n = len(v)
    s = sum((v[k] > v[j]) - (v[k] < v[j]) for j in range(n) for k in range(j + 1, n))
    ties = Counter(v).values()
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties)) / 18
    return s, var, n * (n - 1) / 2


def seasonal_test(y, period):
    s = var = pairs = 0
    for i in range(period):
        col = [v for v in y[i::period] if not math.isnan(v)]
        a, b, c = mk_season(col)
        s, var, pairs = s + a, var + b, pairs + c
    z = (s - 1) / math.sqrt(var) if s > 0 else (s + 1) / math.sqrt(var) if s < 0 else 0
    return s, var, z, 2 * norm.sf(abs(z)), s / pairs


def seasonal_sens_slope(y, period):
    d = []
    for i in range(period):
        col = y[i::period]
        for j in range(len(col)):
            for k in range(j + 1, len(col)):
                if not (math.isnan(col[j]) or math.isnan(col[k])):
                    d.append((col[k] - col[j]) / (k - j))
    slope = median(d)
    present = [v for v in y if not math.isnan(v)]
    pos = [i for i, v in enumerate(y) if not math.isnan(v)]
    return slope, median(present) - median(pos) / period * slope


def show(label, *values):
    print(label, *[repr(float(v)) for v in values])


here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "pymannkendall", "arbitrary_1d.csv")) as f:
    arb = [float(r["value"]) if r["value"] else NAN for r in csv.DictReader(f)]
show("seasonal arbitrary-period-1", *seasonal_test(arb, 1), *seasonal_sens_slope(arb, 1))

# models registered per month, Jan 2020 to May 2023 (41 months): ties,
# zeros, two months missing (NaN), the last year incomplete
monthly = [3, 5, 2, 0, 4, 6, 7, 3, 2, 1, 0, 4,
           4, 5, 3, 1, 4, 7, 9, NAN, 2, 3, 1, 6,
           6, 5, 4, 1, 6, 8, 9, 5, 4, 3, NAN, 6,
           7, 8, 4, 2, 6]
show("seasonal monthly", *seasonal_test(monthly, 12), *seasonal_sens_slope(monthly, 12))
# per quarter, 2019-2022: one season all tied (the third), a zero
quarterly = [12, 0, 7, 9, 14, 3, 7, 8, 13, 5, 7, 12, 17, 4, 7, 10]
show("seasonal quarterly", *seasonal_test(quarterly, 4), *seasonal_sens_slope(quarterly, 4))

# cross-checks of tests/reference/inference.R
print("fisher 2x2 scipy", repr(fisher_exact([[3, 7], [9, 3]])[1]))
print("fisher symmetric scipy", repr(fisher_exact([[1, 3], [3, 1]])[1]))
pv = [0.01, 0.04, 0.03, 0.2, 0.04, 0.5, 0.001, 0.03]   # the NA left out
for m, name in [("holm", "holm"), ("simes-hochberg", "hochberg"), ("bonferroni", "bonferroni"),
                ("fdr_bh", "BH"), ("fdr_by", "BY")]:
    show("adjust %s statsmodels" % name, *multipletests(pv, method=m)[1])
