/* adjust.c: p-values adjusted for many tests, as R's p.adjust.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each method is R's formula applied in R's order of operations (the
 * multiplier formed first, then times p; the running maximum or minimum
 * along the sorted p), so the results agree to the last bits.  Missing
 * p-values (NaN) stay missing and do not count among the tests, as
 * p.adjust(c(p, NA)) does.
 */
#include "internal.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct ranked {
    double p;
    size_t at;
};

/* Ascending p; ties by position, so the order does not depend on qsort. */
static int cmp_ranked(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->p != y->p)
        return x->p < y->p ? -1 : 1;
    return x->at < y->at ? -1 : x->at > y->at;
}

DVK_API int dvk_adjust_parse(const char *name)
{
    static const struct {
        const char *name;
        int method;
    } names[] = {
        {"none", DVK_ADJUST_NONE},
        {"holm", DVK_ADJUST_HOLM},
        {"hochberg", DVK_ADJUST_HOCHBERG},
        {"bonferroni", DVK_ADJUST_BONFERRONI},
        {"BH", DVK_ADJUST_BH},
        {"fdr", DVK_ADJUST_BH}, /* R's other name for BH */
        {"BY", DVK_ADJUST_BY},
    };
    if (!name)
        return -1;
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (strcmp(name, names[i].name) == 0)
            return names[i].method;
    return -1;
}

DVK_API int dvk_adjust_p(const double *p, size_t n, int method, double *out)
{
    if ((!p || !out) && n)
        return DVK_USAGE;
    if (method < DVK_ADJUST_NONE || method > DVK_ADJUST_BY)
        return DVK_VALUE;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(p[i]))
            continue;
        if (!(p[i] >= 0 && p[i] <= 1))
            return DVK_VALUE;
        m++;
    }
    /* One test or none: nothing to adjust (p.adjust returns p as is). */
    if (method == DVK_ADJUST_NONE || m <= 1) {
        if (out != p && n)
            memmove(out, p, n * sizeof *out);
        return DVK_OK;
    }
    struct ranked *r = dvk_realloc_array(NULL, m, sizeof *r);
    if (!r)
        return DVK_NOMEM;
    for (size_t i = 0, j = 0; i < n; i++)
        if (!isnan(p[i])) {
            r[j].p = p[i];
            r[j].at = i;
            j++;
        }
    qsort(r, m, sizeof *r, cmp_ranked);
    double dm = (double)m;
    switch (method) {
    case DVK_ADJUST_BONFERRONI:
        for (size_t j = 0; j < m; j++)
            r[j].p = fmin(1, dm * r[j].p);
        break;
    case DVK_ADJUST_HOLM: {
        /* cummax((n - i + 1) * p[o]) along ascending p, i from 1 */
        double run = 0;
        for (size_t j = 0; j < m; j++) {
            double v = (dm - (double)j) * r[j].p;
            if (v > run)
                run = v;
            r[j].p = fmin(1, run);
        }
        break;
    }
    case DVK_ADJUST_HOCHBERG:
    case DVK_ADJUST_BH:
    case DVK_ADJUST_BY: {
        /* cummin along descending p, i from n down to 1:
         * hochberg (n + 1 - i) * p, BH n / i * p, BY q * n / i * p */
        double q = 0;
        if (method == DVK_ADJUST_BY)
            for (size_t i = 1; i <= m; i++)
                q += 1 / (double)i;
        double run = INFINITY;
        for (size_t j = m; j-- > 0;) {
            double i = (double)(j + 1), v;
            if (method == DVK_ADJUST_HOCHBERG)
                v = (dm + 1 - i) * r[j].p;
            else if (method == DVK_ADJUST_BH)
                v = dm / i * r[j].p;
            else
                v = q * dm / i * r[j].p;
            if (v < run)
                run = v;
            r[j].p = fmin(1, run);
        }
        break;
    }
    }
    if (out != p)
        for (size_t i = 0; i < n; i++)
            out[i] = NAN; /* the missing stay missing; the rest follow */
    for (size_t j = 0; j < m; j++)
        out[r[j].at] = r[j].p;
    free(r);
    return DVK_OK;
}
