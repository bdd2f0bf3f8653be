/* trend.c: trend tests on a series: Mann–Kendall, Theil–Sen, and the
 * summary of all trend statistics of one series.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Mann–Kendall follows pyMannKendall's original_test (S, Var(S) corrected
 * for ties, Z with continuity correction, tau = S / (n(n-1)/2)), with S
 * counted in O(n log n): S = pairs - tied pairs - 2 × inversions, the
 * inversions counted by a merge sort.  Theil–Sen follows SciPy's
 * theilslopes, the time values as positions.  The seasonal test and
 * slope follow pyMannKendall's seasonal_test and seasonal_sens_slope: the
 * same test within each season, summed, and the median of the slopes
 * within seasons.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <gsl/gsl_cdf.h>

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* Inversions of A[0, n): pairs i < j with a[i] > a[j]; A ends sorted. */
static double count_inversions(double *a, double *tmp, size_t n)
{
    double inv = 0;
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n;
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi) {
                if (a[i] <= a[j]) {
                    tmp[k++] = a[i++];
                } else {
                    inv += (double)(mid - i);
                    tmp[k++] = a[j++];
                }
            }
            while (i < mid)
                tmp[k++] = a[i++];
            while (j < hi)
                tmp[k++] = a[j++];
        }
        memcpy(a, tmp, n * sizeof *a);
    }
    return inv;
}

/* Σ t(t-1)/2 and Σ t(t-1)(2t+5) over the groups of equal values of the
 * sorted S[0, n). */
static void tie_sums(const double *s, size_t n, double *pairs, double *var_term)
{
    *pairs = 0;
    *var_term = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && s[j] == s[i])
            j++;
        double t = (double)(j - i);
        *pairs += t * (t - 1) / 2;
        *var_term += t * (t - 1) * (2 * t + 5);
        i = j;
    }
}

static int trend_mann_kendall_body(const double *y, size_t n, double *s,
                                   double *var_s, double *z, double *p,
                                   double *tau)
{
    if (!y || !s || !var_s || !z || !p || !tau)
        return DVK_USAGE;
    if (n < 2)
        return DVK_VALUE;
    double *a = dvk_realloc_array(NULL, n, sizeof *a);
    double *tmp = dvk_realloc_array(NULL, n, sizeof *tmp);
    if (!a || !tmp) {
        free(a);
        free(tmp);
        return DVK_NOMEM;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(y[i])) {
            free(a);
            free(tmp);
            return DVK_VALUE;
        }
        a[i] = y[i];
    }
    double inversions = count_inversions(a, tmp, n);
    double tied, ties_var;
    tie_sums(a, n, &tied, &ties_var);
    free(a);
    free(tmp);
    double dn = (double)n, pairs = dn * (dn - 1) / 2;
    *s = pairs - tied - 2 * inversions;
    *var_s = (dn * (dn - 1) * (2 * dn + 5) - ties_var) / 18;
    *tau = *s / pairs;
    if (!(*var_s > 0)) {
        /* every value tied: no variance, no test */
        *z = NAN;
        *p = NAN;
        return DVK_VALUE;
    }
    double sd = sqrt(*var_s);
    *z = *s > 0 ? (*s - 1) / sd : *s < 0 ? (*s + 1) / sd : 0;
    *p = 2 * gsl_cdf_ugaussian_Q(fabs(*z));
    return DVK_OK;
}

/* GSL's handler is off while the statistics run, the host's after. */
DVK_API int dvk_trend_mann_kendall(const double *y, size_t n, double *s,
                                   double *var_s, double *z, double *p,
                                   double *tau)
{
    DVK_GSL_RETURN(trend_mann_kendall_body(y, n, s, var_s, z, p, tau));
}

static double median_sorted(const double *s, size_t n)
{
    return n % 2 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
}

static int trend_sen_body(const double *x, const double *y, size_t n,
                          double level, double *slope, double *intercept,
                          double *low, double *high)
{
    if (!x || !y || !slope || !intercept || !low || !high)
        return DVK_USAGE;
    if (n < 2 || n > DVK_TREND_SEN_MAX_N || !(level > 0 && level < 1))
        return DVK_VALUE;
    size_t npairs = n * (n - 1) / 2, m = 0;
    double *slopes = dvk_realloc_array(NULL, npairs, sizeof *slopes);
    double *sx = dvk_realloc_array(NULL, n, sizeof *sx);
    double *sy = dvk_realloc_array(NULL, n, sizeof *sy);
    if (!slopes || !sx || !sy) {
        free(slopes);
        free(sx);
        free(sy);
        return DVK_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            if (x[i] - x[j] > 0)
                slopes[m++] = (y[i] - y[j]) / (x[i] - x[j]);
    int st = DVK_OK;
    if (m == 0) {
        st = DVK_VALUE; /* every x the same */
        goto done;
    }
    qsort(slopes, m, sizeof *slopes, cmp_double);
    memcpy(sx, x, n * sizeof *sx);
    memcpy(sy, y, n * sizeof *sy);
    qsort(sx, n, sizeof *sx, cmp_double);
    qsort(sy, n, sizeof *sy, cmp_double);
    *slope = median_sorted(slopes, m);
    *intercept = median_sorted(sy, n) - *slope * median_sorted(sx, n);
    double alpha = 1 - level;
    if (alpha > 0.5)
        alpha = 1 - alpha;
    double z = gsl_cdf_ugaussian_Pinv(alpha / 2); /* negative */
    double pairs_x, var_x, pairs_y, var_y, dn = (double)n;
    tie_sums(sx, n, &pairs_x, &var_x);
    tie_sums(sy, n, &pairs_y, &var_y);
    double sigsq = (dn * (dn - 1) * (2 * dn + 5) - var_x - var_y) / 18;
    if (!(sigsq >= 0)) {
        *low = *high = NAN;
        goto done;
    }
    double sigma = sqrt(sigsq), nt = (double)m;
    /* numpy rounds halves to even, as nearbyint does by default */
    double ru = nearbyint((nt - z * sigma) / 2), rl = nearbyint((nt + z * sigma) / 2) - 1;
    if (ru > nt - 1)
        ru = nt - 1;
    if (rl < 0)
        rl = 0;
    if (ru < 0 || rl > nt - 1) {
        *low = *high = NAN;
        goto done;
    }
    *low = slopes[(size_t)rl];
    *high = slopes[(size_t)ru];
done:
    free(slopes);
    free(sx);
    free(sy);
    return st;
}

DVK_API int dvk_trend_sen(const double *x, const double *y, size_t n,
                          double level, double *slope, double *intercept,
                          double *low, double *high)
{
    DVK_GSL_RETURN(trend_sen_body(x, y, n, level, slope, intercept, low, high));
}

static int trend_analyze_body(const double *t, const double *y, size_t n,
                              int kind, double alpha,
                              struct dvk_trend_stats *out)
{
    if (!t || !y || !out || !(alpha > 0 && alpha < 1))
        return DVK_USAGE;
    double *xs = dvk_realloc_array(NULL, n ? n : 1, sizeof *xs);
    double *ys = dvk_realloc_array(NULL, n ? n : 1, sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return DVK_NOMEM;
    }
    double *fields[] = {
        &out->first, &out->last, &out->change, &out->change_pct, &out->cagr,
        &out->ols_slope, &out->ols_se, &out->ols_p, &out->r2,
        &out->sen_slope, &out->sen_low, &out->sen_high,
        &out->mk_s, &out->mk_var_s, &out->mk_z, &out->mk_p, &out->mk_tau,
        &out->poisson_growth, &out->poisson_low, &out->poisson_high,
        &out->first_time, &out->last_time,
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++)
        *fields[i] = NAN;
    out->direction = 0;
    out->notes = 0;
    out->n_periods = n;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (isfinite(y[i])) {
            xs[m] = t[i];
            ys[m] = y[i];
            m++;
        }
    out->n_used = m;
    /* Constant within a tolerance fit for sums of decimals: 1.5 summed from
     * tenths may come out 1.5000000000000002, and a test on such noise
     * would find a "trend" in the last bits. */
    double mean = 0, magnitude = 0;
    for (size_t i = 0; i < m; i++) {
        mean += ys[i];
        magnitude += fabs(ys[i]);
    }
    if (m) {
        mean /= (double)m;
        magnitude /= (double)m;
    }
    int constant = 1, zero = 1, new_last = m >= 2, ended = m >= 2;
    for (size_t i = 0; i < m; i++) {
        constant &= fabs(ys[i] - mean) <= 1e-9 * magnitude;
        zero &= ys[i] == 0;
        if (i + 1 < m)
            new_last &= ys[i] == 0;
        if (i > 0)
            ended &= ys[i] == 0;
    }
    if (constant && !zero)
        for (size_t i = 0; i < m; i++)
            ys[i] = mean;
    if (m >= 1) {
        out->first_time = xs[0];
        out->last_time = xs[m - 1];
        out->first = ys[0];
        out->last = ys[m - 1];
        out->change = out->last - out->first;
        if (out->first != 0)
            out->change_pct = 100 * out->change / out->first;
        if (m >= 2 && out->first > 0 && out->last > 0 && xs[m - 1] > xs[0])
            out->cagr = pow(out->last / out->first, 1 / (xs[m - 1] - xs[0])) - 1;
    }
    if (!zero && new_last)
        out->notes |= DVK_TREND_NOTE_NEW;
    else if (!zero && ended)
        out->notes |= DVK_TREND_NOTE_ENDED;
    int st = DVK_OK;
    if (m < 3) {
        out->notes |= DVK_TREND_NOTE_SHORT;
        goto done;
    }
    if (zero)
        out->notes |= DVK_TREND_NOTE_ZERO;
    else if (constant)
        out->notes |= DVK_TREND_NOTE_CONSTANT;

    double s, var_s, z, p, tau;
    st = dvk_trend_mann_kendall(ys, m, &s, &var_s, &z, &p, &tau);
    if (st == DVK_NOMEM)
        goto done;
    out->mk_s = s;
    out->mk_var_s = var_s;
    out->mk_tau = tau;
    if (st == DVK_OK) {
        out->mk_z = z;
        out->mk_p = p;
        if (p < alpha)
            out->direction = z > 0 ? 1 : -1;
    }
    double b0, b1, lo, hi, se;
    st = dvk_trend_sen(xs, ys, m, 0.95, &b1, &b0, &lo, &hi);
    if (st == DVK_NOMEM)
        goto done;
    if (st == DVK_OK) {
        out->sen_slope = b1;
        out->sen_low = lo;
        out->sen_high = hi;
    } else if (m > DVK_TREND_SEN_MAX_N) {
        out->notes |= DVK_TREND_NOTE_LONG;
    }
    struct dvk_ols fit = {.size = sizeof fit};
    if (dvk_regression_ols(xs, ys, m, &fit) == DVK_OK) {
        out->ols_slope = fit.slope;
        out->ols_se = fit.se;
        out->ols_p = fit.p;
        out->r2 = fit.r2;
    }
    if (kind == DVK_TREND_COUNT) {
        st = dvk_regression_poisson(xs, ys, m, &b0, &b1, &se);
        if (st == DVK_NOMEM)
            goto done;
        int counts = 1;
        for (size_t i = 0; i < m; i++)
            counts &= ys[i] >= 0 && ys[i] == floor(ys[i]);
        if (st == DVK_VALUE && counts && !zero)
            out->notes |= DVK_TREND_NOTE_NO_GROWTH;
        if (st == DVK_OK) {
            double zq = gsl_cdf_ugaussian_Pinv(0.975);
            out->poisson_growth = exp(b1) - 1;
            out->poisson_low = exp(b1 - zq * se) - 1;
            out->poisson_high = exp(b1 + zq * se) - 1;
        }
    }
    st = DVK_OK;
done:
    free(xs);
    free(ys);
    return st;
}

DVK_API int dvk_trend_analyze(const double *t, const double *y, size_t n,
                              int kind, double alpha,
                              struct dvk_trend_stats *out)
{
    if (!out || out->size < offsetof(struct dvk_trend_stats, last_time) + sizeof(double))
        return DVK_USAGE;
    struct dvk_trend_stats full = {.size = sizeof full};
    dvk_gsl_enter();
    int st = trend_analyze_body(t, y, n, kind, alpha, &full);
    dvk_gsl_leave();
    full.ca_statistic = full.ca_p = NAN;
    size_t size = out->size < sizeof full ? out->size : sizeof full;
    memcpy(out, &full, size);
    out->size = size;
    return st;
}

DVK_API int dvk_trend_analyze_ratio(const double *t, const double *k,
                                    const double *n, size_t len, double alpha,
                                    struct dvk_trend_stats *out)
{
    if (!t || !k || !n || !out ||
        out->size < offsetof(struct dvk_trend_stats, last_time) + sizeof(double))
        return DVK_USAGE;
    double *y = dvk_realloc_array(NULL, len ? len : 1, sizeof *y);
    if (!y)
        return DVK_NOMEM;
    for (size_t i = 0; i < len; i++)
        y[i] = n[i] > 0 ? k[i] / n[i] : NAN;
    struct dvk_trend_stats full = {.size = sizeof full};
    int st = dvk_trend_analyze(t, y, len, DVK_TREND_RATIO, alpha, &full);
    free(y);
    if (st == DVK_OK && full.n_used >= 3)
        dvk_prop_trend(k, n, t, len, &full.ca_statistic, &full.ca_p);
    size_t size = out->size < sizeof full ? out->size : sizeof full;
    memcpy(out, &full, size);
    out->size = size;
    return st;
}

DVK_API int dvk_trend_forecast(const double *t, const double *y, size_t len,
                               double level, size_t horizon, double *times,
                               double *value, double *low, double *high)
{
    if (!t || !y || !len || (horizon && (!value || !low || !high)))
        return DVK_USAGE;
    double *xs = dvk_realloc_array(NULL, len, sizeof *xs);
    double *ys = dvk_realloc_array(NULL, len, sizeof *ys);
    if (!xs || !ys) {
        free(xs);
        free(ys);
        return DVK_NOMEM;
    }
    size_t m = 0;
    for (size_t i = 0; i < len; i++)
        if (isfinite(y[i])) {
            xs[m] = t[i];
            ys[m++] = y[i];
        }
    struct dvk_ols fit = {.size = sizeof fit};
    int st = dvk_regression_ols(xs, ys, m, &fit);
    for (size_t h = 0; h < horizon; h++) {
        double x0 = t[len - 1] + 1 + (double)h;
        if (times)
            times[h] = x0;
        value[h] = low[h] = high[h] = NAN;
        if (st == DVK_OK)
            dvk_regression_predict(&fit, x0, level, &value[h], &low[h], &high[h]);
    }
    free(xs);
    free(ys);
    return st == DVK_NOMEM ? st : st ? DVK_VALUE : DVK_OK;
}

DVK_API int dvk_trend_change(const double *y, size_t n, int base,
                             double *abs_change, double *rel_change)
{
    if (!y && n)
        return DVK_USAGE;
    if (base != DVK_CHANGE_PREVIOUS && base != DVK_CHANGE_FIRST)
        return DVK_VALUE;
    double first = NAN;
    for (size_t i = 0; i < n; i++) {
        /* The first value present is no change from itself: no base. */
        double from = NAN;
        if (base == DVK_CHANGE_PREVIOUS)
            from = i > 0 ? y[i - 1] : NAN;
        else if (!isnan(first))
            from = first;
        else if (!isnan(y[i]))
            first = y[i];
        double d = y[i] - from; /* NaN when either is missing */
        if (abs_change)
            abs_change[i] = d;
        if (rel_change)
            rel_change[i] = from != 0 ? d / from : NAN;
    }
    return DVK_OK;
}

/* The values of season S of Y (positions S, S + PERIOD, …) present, in
 * time order, into OUT; their number. */
static size_t season_values(const double *y, size_t n, size_t period,
                            size_t s, double *out)
{
    size_t c = 0;
    for (size_t i = s; i < n; i += period)
        if (!isnan(y[i]))
            out[c++] = y[i];
    return c;
}

DVK_API int dvk_trend_seasonal_mann_kendall(const double *y, size_t n,
                                            size_t period, double *s,
                                            double *var_s, double *z,
                                            double *p, double *tau)
{
    if (!y || !s || !var_s || !z || !p || !tau)
        return DVK_USAGE;
    if (period < 1 || n < 2)
        return DVK_VALUE;
    for (size_t i = 0; i < n; i++)
        if (isinf(y[i]))
            return DVK_VALUE;
    double *v = dvk_realloc_array(NULL, n / period + 1, sizeof *v);
    if (!v)
        return DVK_NOMEM;
    /* Each season is a Mann–Kendall test of its own; their S and Var(S)
     * add up since the seasons are taken as independent. */
    double sum_s = 0, sum_var = 0, pairs = 0;
    for (size_t season = 0; season < period && season < n; season++) {
        size_t c = season_values(y, n, period, season, v);
        if (c < 2)
            continue; /* no pair: S and Var(S) are 0 */
        double si, vi, zi, pi, ti;
        int st = dvk_trend_mann_kendall(v, c, &si, &vi, &zi, &pi, &ti);
        if (st == DVK_NOMEM) {
            free(v);
            return st;
        }
        /* DVK_VALUE here is a season all tied: S = Var(S) = 0, still set */
        sum_s += si;
        sum_var += vi;
        pairs += (double)c * (double)(c - 1) / 2;
    }
    free(v);
    *s = sum_s;
    *var_s = sum_var;
    *tau = pairs > 0 ? sum_s / pairs : NAN;
    if (!(sum_var > 0)) {
        *z = NAN;
        *p = NAN;
        return DVK_VALUE;
    }
    double sd = sqrt(sum_var);
    *z = sum_s > 0 ? (sum_s - 1) / sd : sum_s < 0 ? (sum_s + 1) / sd : 0;
    dvk_gsl_enter();
    *p = 2 * gsl_cdf_ugaussian_Q(fabs(*z));
    dvk_gsl_leave();
    return DVK_OK;
}

DVK_API int dvk_trend_seasonal_sen(const double *y, size_t n, size_t period,
                                   double *slope, double *intercept)
{
    if (!y || !slope || !intercept)
        return DVK_USAGE;
    if (period < 1 || n < 2 || n > DVK_TREND_SEN_MAX_N)
        return DVK_VALUE;
    /* Pairs within a season, apart by whole cycles. */
    size_t m = 0, present = 0, npairs = 0;
    for (size_t season = 0; season < period && season < n; season++) {
        size_t c = 0;
        for (size_t i = season; i < n; i += period)
            c += !isnan(y[i]);
        npairs += c * (c ? c - 1 : 0) / 2;
    }
    double *slopes = dvk_realloc_array(NULL, npairs ? npairs : 1, sizeof *slopes);
    double *vals = dvk_realloc_array(NULL, n, sizeof *vals);
    double *pos = dvk_realloc_array(NULL, n, sizeof *pos);
    if (!slopes || !vals || !pos) {
        free(slopes);
        free(vals);
        free(pos);
        return DVK_NOMEM;
    }
    int st = DVK_OK;
    for (size_t i = 0; i < n; i++) {
        if (isnan(y[i]))
            continue;
        if (isinf(y[i])) {
            st = DVK_VALUE;
            goto done;
        }
        vals[present] = y[i];
        pos[present] = (double)i;
        present++;
        for (size_t j = i + period; j < n; j += period)
            if (!isnan(y[j]))
                slopes[m++] = (y[j] - y[i]) / (double)((j - i) / period);
    }
    if (m == 0) {
        st = DVK_VALUE; /* no season with two values */
        goto done;
    }
    qsort(slopes, m, sizeof *slopes, cmp_double);
    qsort(vals, present, sizeof *vals, cmp_double);
    /* positions are already in order */
    *slope = median_sorted(slopes, m);
    *intercept = median_sorted(vals, present) -
                 median_sorted(pos, present) / (double)period * *slope;
done:
    free(slopes);
    free(vals);
    free(pos);
    return st;
}
