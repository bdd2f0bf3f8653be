/* exact.c: Fisher's exact test for a k by 2 table.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * With the margins fixed, a table is the vector x of "yes" counts of the
 * groups, x[i] in [0, n[i]] summing to K, with probability
 * prod C(n[i], x[i]) / C(N, K).  The two-sided p-value adds up the
 * tables no more probable than the observed one.  Listing every table
 * is hopeless past a few groups, so the groups are taken one at a time
 * and a whole subtree of tables is settled at once when it can be: for
 * the groups still open with r "yes" left, the largest and smallest
 * log prod C over the ways to place r are known beforehand (a dynamic
 * programme over the groups), so when even the most probable completion
 * is no more probable than the observed table every completion counts,
 * and their total is C(N_rest, r) by Vandermonde's identity; when even
 * the least probable one is more probable, none does.  This is the
 * network algorithm of Mehta and Patel reduced to two columns.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <gsl/gsl_sf_gamma.h>

/* R's tolerance on "no more probable": fisher.test takes 1 + 1e-7 for a
 * 2 by 2 table, and FEXACT, which it calls for larger ones, 3.45254e-7 in
 * the logarithm.  Tables of exactly the observed probability reached by
 * other sums differ from it in the last bits only. */
#define TOL_2X2 1e-7
#define TOL_FEXACT 3.45254e-7

/* Groups × (K + 1) past which the tables of bounds (24 bytes a cell) are
 * not built, and groups past which the recursion, one level a group,
 * would be too deep for a thread's stack. */
#define MAX_CELLS 1000000.0
#define MAX_GROUPS 1000

struct fisher {
    size_t m;           /* groups */
    size_t width;       /* K + 1: the columns of the tables below */
    const double *n;    /* the groups' sizes */
    double *nrest;      /* nrest[i]: the sizes of groups i.. summed */
    double *lc;         /* lc[i * width + x] = log C(n[i], x), x <= min(n[i], K) */
    double *hi, *lo;    /* [i * width + r]: max and min of sum log C over groups i.. */
    double threshold;   /* log prod C of the observed table, with the tolerance */
    double lc_total;    /* log C(N, K) */
    double steps, max_steps;
    double p;
};

static double lnfact(double v)
{
    return gsl_sf_lnfact((unsigned)v);
}

static double lnchoose(double n, double x)
{
    return lnfact(n) - lnfact(x) - lnfact(n - x);
}

/* The placements of r "yes" in groups i.. exist for 0 <= r <= nrest[i]. */
static int feasible(const struct fisher *f, size_t i, double r)
{
    return r >= 0 && r <= f->nrest[i];
}

/* Fill hi and lo from the last group back. */
static int bounds(struct fisher *f)
{
    size_t m = f->m, w = f->width;
    for (size_t r = 0; r < w; r++) {
        f->hi[m * w + r] = r == 0 ? 0 : -INFINITY;
        f->lo[m * w + r] = r == 0 ? 0 : INFINITY;
    }
    for (size_t i = m; i-- > 0;) {
        for (size_t r = 0; r < w; r++) {
            double best = -INFINITY, worst = INFINITY;
            if (feasible(f, i, (double)r)) {
                double from = (double)r - f->nrest[i + 1];
                size_t x0 = from > 0 ? (size_t)from : 0;
                size_t x1 = (double)r < f->n[i] ? r : (size_t)f->n[i];
                for (size_t x = x0; x <= x1; x++) {
                    double v = f->lc[i * w + x];
                    double h = v + f->hi[(i + 1) * w + (r - x)];
                    double l = v + f->lo[(i + 1) * w + (r - x)];
                    if (h > best)
                        best = h;
                    if (l < worst)
                        worst = l;
                }
                f->steps += (double)(x1 - x0 + 1);
                if (f->steps > f->max_steps)
                    return DVK_LIMIT;
            }
            f->hi[i * w + r] = best;
            f->lo[i * w + r] = worst;
        }
    }
    return DVK_OK;
}

/* Add the probability of the tables, with groups before I fixed at a
 * log prod C of SO_FAR, that are no more probable than the observed. */
static int visit(struct fisher *f, size_t i, size_t r, double so_far)
{
    size_t w = f->width;
    if (++f->steps > f->max_steps)
        return DVK_LIMIT;
    if (so_far + f->hi[i * w + r] <= f->threshold) {
        f->p += exp(so_far + lnchoose(f->nrest[i], (double)r) - f->lc_total);
        return DVK_OK;
    }
    if (so_far + f->lo[i * w + r] > f->threshold)
        return DVK_OK;
    /* Not settled: the last group is never here, its x being forced
     * (its bounds are equal). */
    if (i + 1 >= f->m)
        return DVK_OK;
    double from = (double)r - f->nrest[i + 1];
    size_t x0 = from > 0 ? (size_t)from : 0;
    size_t x1 = (double)r < f->n[i] ? r : (size_t)f->n[i];
    for (size_t x = x0; x <= x1; x++) {
        int st = visit(f, i + 1, r - x, so_far + f->lc[i * w + x]);
        if (st != DVK_OK)
            return st;
    }
    return DVK_OK;
}

DVK_API int dvk_exact_fisher(const double *k, const double *n, size_t groups,
                             double *p_value)
{
    if (!k || !n || !p_value)
        return DVK_USAGE;
    *p_value = NAN;
    double yes = 0, total = 0;
    size_t m = 0;
    for (size_t i = 0; i < groups; i++) {
        if (n[i] == 0)
            continue;
        if (!(n[i] > 0) || !isfinite(n[i]) || !(k[i] >= 0 && k[i] <= n[i]) ||
            n[i] != floor(n[i]) || k[i] != floor(k[i]))
            return DVK_VALUE;
        yes += k[i];
        total += n[i];
        m++;
    }
    if (total > 2147483647.0)
        return DVK_LIMIT; /* past the log-factorials' argument */
    /* One table only: nothing is less probable than the observed one. */
    if (m < 2 || yes == 0 || yes == total) {
        *p_value = 1;
        return DVK_OK;
    }
    /* The smaller column is the one to place: fewer values of r. */
    int flip = total - yes < yes;
    double kk = flip ? total - yes : yes;
    if (m > MAX_GROUPS || (double)m * (kk + 1) > MAX_CELLS)
        return DVK_LIMIT;
    struct fisher f = {0};
    f.m = m;
    f.width = (size_t)kk + 1;
    f.max_steps = DVK_EXACT_MAX_STEPS;
    double *sizes = dvk_realloc_array(NULL, m, sizeof *sizes);
    double *x = dvk_realloc_array(NULL, m, sizeof *x);
    f.nrest = dvk_realloc_array(NULL, m + 1, sizeof *f.nrest);
    f.lc = dvk_realloc_array(NULL, m * f.width, sizeof *f.lc);
    f.hi = dvk_realloc_array(NULL, (m + 1) * f.width, sizeof *f.hi);
    f.lo = dvk_realloc_array(NULL, (m + 1) * f.width, sizeof *f.lo);
    int st = DVK_NOMEM;
    if (!sizes || !x || !f.nrest || !f.lc || !f.hi || !f.lo)
        goto done;
    for (size_t i = 0, j = 0; i < groups; i++) {
        if (n[i] == 0)
            continue;
        sizes[j] = n[i];
        x[j] = flip ? n[i] - k[i] : k[i];
        j++;
    }
    /* Smaller groups first: the paths not yet settled multiply by the
     * choices of each group passed, and the last groups, settled by their
     * bounds, cost nothing to be wide. */
    for (size_t i = 1; i < m; i++)
        for (size_t j = i; j > 0 && sizes[j - 1] < sizes[j]; j--) {
            double t = sizes[j];
            sizes[j] = sizes[j - 1];
            sizes[j - 1] = t;
            t = x[j];
            x[j] = x[j - 1];
            x[j - 1] = t;
        }
    f.n = sizes;
    f.nrest[m] = 0;
    for (size_t i = m; i-- > 0;)
        f.nrest[i] = f.nrest[i + 1] + sizes[i];
    dvk_gsl_enter();
    double observed = 0;
    for (size_t i = 0; i < m; i++) {
        double top = sizes[i] < kk ? sizes[i] : kk;
        for (size_t v = 0; v <= (size_t)top; v++)
            f.lc[i * f.width + v] = lnchoose(sizes[i], (double)v);
        observed += f.lc[i * f.width + (size_t)x[i]];
    }
    f.lc_total = lnchoose(total, kk);
    f.threshold = observed + (m == 2 ? log1p(TOL_2X2) : TOL_FEXACT);
    st = bounds(&f);
    if (st == DVK_OK)
        st = visit(&f, 0, (size_t)kk, 0);
    if (st == DVK_OK)
        *p_value = f.p < 1 ? f.p : 1; /* the sum may pass 1 in the last bits */
    dvk_gsl_leave();
done:
    free(sizes);
    free(x);
    free(f.nrest);
    free(f.lc);
    free(f.hi);
    free(f.lo);
    return st;
}
