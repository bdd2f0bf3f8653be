# trend.py: the SciPy reference values of tests/cli-trend-stats.sh, and
# pyMannKendall's original_test written out (S, Var(S) with ties, Z with
# continuity correction, p, tau = S / (n(n-1)/2)) on the same series.
# /usr/bin/python3 tests/reference/trend.py
import math
from collections import Counter
from scipy.stats import theilslopes, norm

def mann_kendall(y):
    n = len(y)
    s = sum((y[j] > y[i]) - (y[j] < y[i]) for i in range(n) for j in range(i + 1, n))
    ties = Counter(y).values()
    var = (n * (n - 1) * (2 * n + 5) - sum(t * (t - 1) * (2 * t + 5) for t in ties)) / 18
    z = (s - 1) / math.sqrt(var) if s > 0 else (s + 1) / math.sqrt(var) if s < 0 else 0
    return s, var, z, 2 * (1 - norm.cdf(abs(z))), s / (n * (n - 1) / 2)

series = {
    "minh-long": ([2017, 2018, 2019, 2020, 2021, 2022], [38, 52, 61, 58, 55, 32]),
    "growing": (list(range(2015, 2023)), [3, 0, 5, 8, 8, 13, 21, 30]),
    "value": ([2015, 2016, 2018, 2019, 2020, 2021, 2023, 2024], [5, 7, 7, 9, 12, 12, 15, 18]),
}
for name, (t, y) in series.items():
    r = theilslopes(y, t, 0.95)
    print(name, "theilslopes", repr(r[0]), repr(r[2]), repr(r[3]))
    print(name, "mann-kendall", *[repr(v) for v in mann_kendall(y)])

# Without ties pyMannKendall's tau is Kendall's tau-b: scipy.stats.kendalltau
from scipy.stats import kendalltau
print("minh-long kendalltau", repr(kendalltau([2017, 2018, 2019, 2020, 2021, 2022], [38, 52, 61, 58, 55, 32])[0]))
