/* proportion.c: intervals for k of n, and the test that k/n is the same
 * in every group.  Pure functions on numbers and arrays.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each follows R's reference computation step by step, so results agree
 * to the last digits: the Wilson interval of prop.test(k, n, correct =
 * FALSE), the Clopper–Pearson interval of binom.test(k, n),
 * chisq.test(cbind(k, n - k), correct = FALSE) and its smallest expected
 * count; for two proportions, the difference with Newcombe's hybrid score
 * interval (from the Wilson intervals) and prop.test's test; and the test
 * for trend in proportions of prop.trend.test(k, n, score)
 * (Cochran–Armitage).
 */
#include "internal.h"

#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

/* DVK_VALUE for K of N that is no proportion or a LEVEL outside (0, 1). */
static int check(double k, double n, double level)
{
    if (!(n > 0) || !(k >= 0) || !(k <= n) || !isfinite(n) ||
        !(level > 0) || !(level < 1))
        return DVK_VALUE;
    return DVK_OK;
}

/* And DVK_USAGE, first, without somewhere to put the interval. */
static int check_interval(double k, double n, double level, const double *low,
                          const double *high)
{
    return !low || !high ? DVK_USAGE : check(k, n, level);
}

static int prop_wilson_body(double k, double n, double level, double *low,
                            double *high)
{
    int st = check_interval(k, n, level, low, high);
    if (st)
        return st;
    double p = k / n;
    double z = gsl_cdf_ugaussian_Pinv((1 + level) / 2);
    double z22n = z * z / (2 * n);
    double spread = z * sqrt(p * (1 - p) / n + z22n / (2 * n));
    *high = p >= 1 ? 1 : (p + z22n + spread) / (1 + 2 * z22n);
    *low = p <= 0 ? 0 : (p + z22n - spread) / (1 + 2 * z22n);
    return DVK_OK;
}

/* GSL's handler is off while the statistics run, the host's after. */
DVK_API int dvk_prop_wilson(double k, double n, double level, double *low,
                            double *high)
{
    DVK_GSL_RETURN(prop_wilson_body(k, n, level, low, high));
}

/* The P-quantile of Beta(A, B).  GSL's own inversion gives up (NaN) for
 * large A and B, so its answer only starts a safeguarded Newton iteration
 * on the CDF (the upper tail through Q, for accuracy near 1).  DVK_VALUE
 * where the CDF itself cannot be computed. */
static int beta_quantile(double p, double a, double b, double *out)
{
    double x = gsl_cdf_beta_Pinv(p, a, b);
    if (!(x > 0 && x < 1))
        x = a / (a + b);
    int upper = p > 0.5;
    double target = upper ? 1 - p : p, lo = 0, hi = 1;
    for (int i = 0; i < 300; i++) {
        /* f rises with x in both forms */
        double f = upper ? target - gsl_cdf_beta_Q(x, a, b)
                         : gsl_cdf_beta_P(x, a, b) - target;
        if (!isfinite(f))
            return DVK_VALUE;
        if (f == 0)
            break;
        if (f > 0)
            hi = x;
        else
            lo = x;
        double d = gsl_ran_beta_pdf(x, a, b);
        double next = (d > 0 && isfinite(d)) ? x - f / d : NAN;
        if (!(next > lo && next < hi))
            next = (lo + hi) / 2;
        if (fabs(next - x) <= 1e-15 * x || hi - lo <= 1e-15 * x) {
            x = next;
            break;
        }
        x = next;
    }
    *out = x;
    return DVK_OK;
}

static int prop_exact_body(double k, double n, double level, double *low,
                           double *high)
{
    int st = check_interval(k, n, level, low, high);
    if (st)
        return st;
    /* GSL's beta CDF runs for minutes near the middle of Beta(a, b) once
     * a + b passes a few million; the exact interval stops here, where
     * the Wilson interval agrees with it to several digits anyway. */
    if (n > DVK_PROP_EXACT_MAX_N)
        return DVK_VALUE;
    double alpha = (1 - level) / 2;
    *low = 0;
    *high = 1;
    if (k > 0 && beta_quantile(alpha, k, n - k + 1, low))
        return DVK_VALUE;
    if (k < n && beta_quantile(1 - alpha, k + 1, n - k, high))
        return DVK_VALUE;
    return DVK_OK;
}

DVK_API int dvk_prop_exact(double k, double n, double level, double *low,
                           double *high)
{
    DVK_GSL_RETURN(prop_exact_body(k, n, level, low, high));
}

/* The margins of the k-by-2 table K, N - K: the rows in all and those
 * counted in k, over the USED groups that have rows (a group with no rows
 * has no ratio to compare).  DVK_VALUE for a k outside 0..n. */
static int table_margins(const double *k, const double *n, size_t groups,
                         double *total, double *yes, size_t *used)
{
    *total = *yes = 0;
    *used = 0;
    for (size_t i = 0; i < groups; i++) {
        if (!(n[i] > 0))
            continue;
        if (!(k[i] >= 0) || !(k[i] <= n[i]))
            return DVK_VALUE;
        *total += n[i];
        *yes += k[i];
        (*used)++;
    }
    return DVK_OK;
}

static int prop_chisq_body(const double *k, const double *n, size_t groups,
                           double *statistic, double *df, double *p_value)
{
    if (!k || !n || !statistic || !df || !p_value)
        return DVK_USAGE;
    double total, yes;
    size_t used;
    if (table_margins(k, n, groups, &total, &yes, &used))
        return DVK_VALUE;
    double no = total - yes;
    /* One group, or a column of the table all zero (every ratio 0, or
     * every ratio 1): R's statistic is NaN; there is nothing to test. */
    if (used < 2 || !(yes > 0) || !(no > 0))
        return DVK_VALUE;
    double x2 = 0;
    for (size_t i = 0; i < groups; i++) {
        if (!(n[i] > 0))
            continue;
        double e_yes = n[i] * yes / total, e_no = n[i] * no / total;
        double d_yes = k[i] - e_yes, d_no = (n[i] - k[i]) - e_no;
        x2 += d_yes * d_yes / e_yes + d_no * d_no / e_no;
    }
    *statistic = x2;
    *df = (double)(used - 1);
    *p_value = gsl_cdf_chisq_Q(x2, *df);
    return DVK_OK;
}

DVK_API int dvk_prop_chisq(const double *k, const double *n, size_t groups,
                           double *statistic, double *df, double *p_value)
{
    DVK_GSL_RETURN(prop_chisq_body(k, n, groups, statistic, df, p_value));
}

DVK_API int dvk_prop_chisq_expected(const double *k, const double *n,
                                    size_t groups, double *min_expected,
                                    int *small)
{
    if (!k || !n || !min_expected || !small)
        return DVK_USAGE;
    double total, yes;
    size_t used;
    if (table_margins(k, n, groups, &total, &yes, &used))
        return DVK_VALUE;
    double no = total - yes;
    if (used < 2 || !(yes > 0) || !(no > 0))
        return DVK_VALUE; /* as dvk_prop_chisq: no test to warn about */
    /* The smallest expected count lies in the smallest group, in the
     * smaller column; computed as chisq.test does, n[i] * column / total. */
    double least = INFINITY;
    for (size_t i = 0; i < groups; i++) {
        if (!(n[i] > 0))
            continue;
        double e = n[i] * (yes < no ? yes : no) / total;
        if (e < least)
            least = e;
    }
    *min_expected = least;
    *small = least < 5;
    return DVK_OK;
}

DVK_API int dvk_prop_newcombe(double k1, double n1, double k2, double n2,
                              double level, double *diff, double *low,
                              double *high)
{
    if (!diff || !low || !high)
        return DVK_USAGE;
    double l1, u1, l2, u2;
    if (dvk_prop_wilson(k1, n1, level, &l1, &u1) ||
        dvk_prop_wilson(k2, n2, level, &l2, &u2))
        return DVK_VALUE;
    /* Newcombe (1998), method 10: each side of the difference takes the
     * distances from each proportion to the Wilson limit on that side. */
    double p1 = k1 / n1, p2 = k2 / n2, d = p1 - p2;
    *diff = d;
    *low = d - sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2));
    *high = d + sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2));
    return DVK_OK;
}

DVK_API int dvk_prop_diff_test(double k1, double n1, double k2, double n2,
                               double *statistic, double *p_value)
{
    if (!statistic || !p_value)
        return DVK_USAGE;
    /* Both groups must be there: dvk_prop_chisq would leave an empty one
     * out and find fewer than two. */
    if (check(k1, n1, 0.5) || check(k2, n2, 0.5))
        return DVK_VALUE;
    const double k[] = {k1, k2}, n[] = {n1, n2};
    double df;
    return dvk_prop_chisq(k, n, 2, statistic, &df, p_value);
}

static int prop_trend_body(const double *k, const double *n,
                           const double *score, size_t m, double *statistic,
                           double *p_value)
{
    if (!k || !n || !score || !statistic || !p_value)
        return DVK_USAGE;
    double K = 0, N = 0;
    size_t used = 0;
    for (size_t i = 0; i < m; i++) {
        if (!(n[i] > 0))
            continue;
        if (!(k[i] >= 0 && k[i] <= n[i]) || !isfinite(score[i]))
            return DVK_VALUE;
        K += k[i];
        N += n[i];
        used++;
    }
    double pbar = K / N;
    if (used < 2 || !(pbar > 0 && pbar < 1))
        return DVK_VALUE;
    /* prop.trend.test: the regression sum of squares of the score in a
     * weighted regression of k/n on the score, weights n / (p (1 - p)). */
    double sw = 0, sws = 0, swf = 0;
    for (size_t i = 0; i < m; i++) {
        if (!(n[i] > 0))
            continue;
        double w = n[i] / pbar / (1 - pbar);
        sw += w;
        sws += w * score[i];
        swf += w * k[i] / n[i];
    }
    double sbar = sws / sw, fbar = swf / sw, sss = 0, ssf = 0;
    for (size_t i = 0; i < m; i++) {
        if (!(n[i] > 0))
            continue;
        double w = n[i] / pbar / (1 - pbar);
        sss += w * (score[i] - sbar) * (score[i] - sbar);
        ssf += w * (score[i] - sbar) * (k[i] / n[i] - fbar);
    }
    if (!(sss > 0))
        return DVK_VALUE;
    *statistic = ssf * ssf / sss;
    *p_value = gsl_cdf_chisq_Q(*statistic, 1);
    return DVK_OK;
}

DVK_API int dvk_prop_trend(const double *k, const double *n,
                           const double *score, size_t m, double *statistic,
                           double *p_value)
{
    DVK_GSL_RETURN(prop_trend_body(k, n, score, m, statistic, p_value));
}
