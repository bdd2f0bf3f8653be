/* measure.c: what a table measures per group besides its plain sums.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A measure is one column of a form: the sum, mean, least, greatest or
 * median of a number, the number of distinct codes, or how many rows meet
 * a condition.  Every measure keeps, per group, the same small cell (values
 * counted and left out, sum, sum of squares, least, greatest), which
 * merges by adding and comparing; a median also keeps the group's values
 * and a distinct count the group's texts, because only the values
 * themselves merge into the exact median or count of the whole.
 *
 * What is kept is bounded by a budget of values per measure, over all
 * groups, so the total decides, never the order of the rows or how they
 * were split: a register goes past it whole exactly when its parts merged
 * go past it.  Past it a distinct count goes on as a HyperLogLog sketch
 * per group (hll.c), whose registers depend only on the set of texts, so
 * parts merged still give the estimate of the whole; a median is given up
 * (DVK_LIMIT), since any approximation of it would differ between the
 * whole and its parts, and a form's median should be right or absent.
 *
 * Sums are compensated (Neumaier), so that decimals add up as closely as
 * doubles allow whatever the order; integers below 2^53 (counts, money in
 * đồng) add up exactly in any order.
 */
#include "measure.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct cell {
    unsigned long long counted, left_out;
    double sum, sum_low;         /* the sum is sum + sum_low */
    double squares, squares_low;
    double min, max;
    size_t distinct;             /* texts of the group in seen, while exact */
};

struct measure {
    int kind;
    char *label;
    struct cell *cells;          /* per group */
    double **kept;               /* median: per group its values … */
    size_t *kept_cap;            /* … with room for this many */
    dvk_map seen;                /* distinct: group number then text */
    unsigned char **sketch;      /* distinct past the budget: per group */
    size_t held;                 /* values or texts kept over all groups */
    int over;                    /* past the budget */
};

struct dvk_measures {
    struct measure *m;
    size_t n;
    size_t budget;
    size_t cap;                  /* groups there is room for */
    dvk_buf tmp;
};

dvk_measures *dvk_measures_new(void)
{
    dvk_measures *ms = dvk_calloc(1, sizeof *ms);
    if (ms)
        ms->budget = DVK_MEASURE_BUDGET;
    return ms;
}

static void drop_kept(struct measure *m, size_t groups)
{
    if (m->kept)
        for (size_t g = 0; g < groups; g++)
            free(m->kept[g]);
    free(m->kept);
    free(m->kept_cap);
    m->kept = NULL;
    m->kept_cap = NULL;
}

void dvk_measures_free(dvk_measures *ms)
{
    if (!ms)
        return;
    for (size_t i = 0; i < ms->n; i++) {
        struct measure *m = &ms->m[i];
        free(m->label);
        free(m->cells);
        drop_kept(m, ms->cap);
        dvk_map_free(&m->seen);
        if (m->sketch)
            for (size_t g = 0; g < ms->cap; g++)
                free(m->sketch[g]);
        free(m->sketch);
    }
    free(ms->m);
    dvk_buf_free(&ms->tmp);
    free(ms);
}

int dvk_measures_define(dvk_measures *ms, int kind, const char *label)
{
    struct measure *grown = dvk_realloc_array(ms->m, ms->n + 1, sizeof *grown);
    if (!grown)
        return DVK_NOMEM;
    ms->m = grown;
    struct measure *m = &ms->m[ms->n];
    memset(m, 0, sizeof *m);
    m->kind = kind;
    m->label = dvk_strndup(label, strlen(label));
    if (!m->label)
        return DVK_NOMEM;
    ms->n++;
    return DVK_OK;
}

void dvk_measures_set_budget(dvk_measures *ms, size_t values)
{
    ms->budget = values;
}

size_t dvk_measures_count(const dvk_measures *ms)
{
    return ms ? ms->n : 0;
}

int dvk_measures_kind(const dvk_measures *ms, size_t m)
{
    return ms->m[m].kind;
}

const char *dvk_measures_label(const dvk_measures *ms, size_t m)
{
    return ms->m[m].label;
}

/* Grow the per-group array *P of SIZE-byte items from OLD to CAP, zeroed. */
static int grow(void *p, size_t old, size_t cap, size_t size)
{
    char *a = dvk_realloc_array(*(void **)p, cap, size);
    if (!a)
        return DVK_NOMEM;
    memset(a + old * size, 0, (cap - old) * size);
    *(void **)p = a;
    return DVK_OK;
}

int dvk_measures_room(dvk_measures *ms, size_t groups)
{
    if (groups <= ms->cap)
        return DVK_OK;
    for (size_t i = 0; i < ms->n; i++) {
        struct measure *m = &ms->m[i];
        if (grow(&m->cells, ms->cap, groups, sizeof *m->cells))
            return DVK_NOMEM;
        if (m->kind == DVK_MEASURE_MEDIAN && !m->over &&
            (grow(&m->kept, ms->cap, groups, sizeof *m->kept) ||
             grow(&m->kept_cap, ms->cap, groups, sizeof *m->kept_cap)))
            return DVK_NOMEM;
        if (m->sketch && grow(&m->sketch, ms->cap, groups, sizeof *m->sketch))
            return DVK_NOMEM;
    }
    /* Only now: every array above has room for GROUPS, or some failed and
     * the next call grows them all again from the old capacity. */
    ms->cap = groups;
    return DVK_OK;
}

void dvk_measures_open(dvk_measures *ms, size_t group)
{
    for (size_t i = 0; i < ms->n; i++) {
        struct cell *c = &ms->m[i].cells[group];
        memset(c, 0, sizeof *c);
        c->min = INFINITY;
        c->max = -INFINITY;
    }
}

/* Add X to the compensated sum *S + *LOW (Neumaier's step). */
static void sum_add(double *s, double *low, double x)
{
    double t = *s + x;
    if (fabs(*s) >= fabs(x))
        *low += (*s - t) + x;
    else
        *low += (x - t) + *s;
    *s = t;
}

/* ------------------------------------------------------------- medians */

/* Keep X as the value after the N that GROUP holds. */
static int keep_value(struct measure *m, size_t group, size_t n, double x)
{
    if (n == m->kept_cap[group]) {
        size_t cap = n ? n * 2 : 8;
        double *v = dvk_realloc_array(m->kept[group], cap, sizeof *v);
        if (!v)
            return DVK_NOMEM;
        m->kept[group] = v;
        m->kept_cap[group] = cap;
    }
    m->kept[group][n] = x;
    m->held++;
    return DVK_OK;
}

/* Past the budget: the values are let go, and the median is no more. */
static void median_over(dvk_measures *ms, struct measure *m)
{
    drop_kept(m, ms->cap);
    m->over = 1;
}

static int by_value(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The median of N values at V (copied, not reordered), as Python's
 * statistics.median: the middle one, or the mean of the two middle ones. */
static int median_of(const double *v, size_t n, double *out)
{
    double *s = dvk_realloc_array(NULL, n, sizeof *s);
    if (!s)
        return DVK_NOMEM;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, by_value);
    *out = n % 2 ? s[n / 2] : s[n / 2 - 1] / 2 + s[n / 2] / 2;
    free(s);
    return DVK_OK;
}

/* ----------------------------------------------------- distinct counts */

/* The sketch of GROUP, made when first needed. */
static unsigned char *sketch_of(struct measure *m, size_t group)
{
    if (!m->sketch[group])
        m->sketch[group] = dvk_calloc(DVK_HLL_SIZE, 1);
    return m->sketch[group];
}

/* Past the budget: every group's texts go into its sketch, and the texts
 * are let go. */
static int distinct_over(dvk_measures *ms, struct measure *m)
{
    m->sketch = dvk_calloc(ms->cap ? ms->cap : 1, sizeof *m->sketch);
    if (!m->sketch)
        return DVK_NOMEM;
    for (size_t i = 0; i < m->seen.capacity; i++) {
        const dvk_map_entry *e = &m->seen.slots[i];
        if (e->key_len == DVK_MAP_FREE)
            continue;
        const char *key = dvk_map_key(&m->seen, e);
        size_t group;
        memcpy(&group, key, sizeof group);
        unsigned char *s = sketch_of(m, group);
        if (!s)
            return DVK_NOMEM;
        dvk_hll_add(s, dvk_hash_bytes(key + sizeof group, e->key_len - sizeof group));
    }
    dvk_map_free(&m->seen);
    memset(&m->seen, 0, sizeof m->seen);
    m->over = 1;
    return DVK_OK;
}

/* Add TEXT (LEN bytes) to the distinct texts of GROUP. */
static int see_text(dvk_measures *ms, struct measure *m, size_t group,
                    const char *text, size_t len)
{
    if (m->over) {
        unsigned char *s = sketch_of(m, group);
        if (!s)
            return DVK_NOMEM;
        dvk_hll_add(s, dvk_hash_bytes(text, len));
        return DVK_OK;
    }
    dvk_buf_clear(&ms->tmp);
    if (dvk_buf_append(&ms->tmp, &group, sizeof group) ||
        dvk_buf_append(&ms->tmp, text, len))
        return DVK_NOMEM;
    int added;
    if (!dvk_map_insert(&m->seen, ms->tmp.data, ms->tmp.len, 0, &added))
        return DVK_NOMEM;
    if (added) {
        m->cells[group].distinct++;
        if (++m->held > ms->budget)
            return distinct_over(ms, m);
    }
    return DVK_OK;
}

/* ----------------------------------------------------------- the rows */

int dvk_measures_add(dvk_measures *ms, size_t group, const double *values,
                     const char *const *texts)
{
    for (size_t i = 0; i < ms->n; i++) {
        struct measure *m = &ms->m[i];
        struct cell *c = &m->cells[group];
        if (m->kind == DVK_MEASURE_DISTINCT) {
            const char *t = texts ? texts[i] : NULL;
            if (!t || !*t) {
                c->left_out++;
                continue;
            }
            int st = see_text(ms, m, group, t, strlen(t));
            if (st)
                return st;
            c->counted++;
            continue;
        }
        double x = values ? values[i] : NAN;
        if (isnan(x)) {
            c->left_out++;
            continue;
        }
        if (m->kind == DVK_MEASURE_COUNT_IF)
            x = x != 0;
        if (m->kind == DVK_MEASURE_MEDIAN && !m->over) {
            if (keep_value(m, group, (size_t)c->counted, x))
                return DVK_NOMEM;
            if (m->held > ms->budget)
                median_over(ms, m);
        }
        c->counted++;
        sum_add(&c->sum, &c->sum_low, x);
        sum_add(&c->squares, &c->squares_low, x * x);
        if (x < c->min)
            c->min = x;
        if (x > c->max)
            c->max = x;
    }
    return DVK_OK;
}

dvk_measures *dvk_measures_new_like(const dvk_measures *ms)
{
    dvk_measures *like = dvk_measures_new();
    if (!like)
        return NULL;
    like->budget = ms->budget;
    for (size_t i = 0; i < ms->n; i++)
        if (dvk_measures_define(like, ms->m[i].kind, ms->m[i].label)) {
            dvk_measures_free(like);
            return NULL;
        }
    return like;
}

int dvk_measures_same_shape(const dvk_measures *a, const dvk_measures *b)
{
    if (dvk_measures_count(a) != dvk_measures_count(b))
        return 0;
    for (size_t i = 0; i < dvk_measures_count(a); i++)
        if (a->m[i].kind != b->m[i].kind)
            return 0;
    return 1;
}

/* ------------------------------------------------------------- merging */

static int merge_distinct(dvk_measures *dst, struct measure *d, const struct measure *s,
                          const size_t *into, size_t groups)
{
    if (s->over && !d->over && distinct_over(dst, d))
        return DVK_NOMEM;
    if (s->over) {
        for (size_t g = 0; g < groups; g++) {
            if (!s->sketch[g])
                continue;
            unsigned char *sk = sketch_of(d, into[g]);
            if (!sk)
                return DVK_NOMEM;
            dvk_hll_merge(sk, s->sketch[g]);
        }
        return DVK_OK;
    }
    for (size_t i = 0; i < s->seen.capacity; i++) {
        const dvk_map_entry *e = &s->seen.slots[i];
        if (e->key_len == DVK_MAP_FREE)
            continue;
        const char *key = dvk_map_key(&s->seen, e);
        size_t g;
        memcpy(&g, key, sizeof g);
        if (g >= groups)
            continue;
        int st = see_text(dst, d, into[g], key + sizeof g, e->key_len - sizeof g);
        if (st)
            return st;
    }
    return DVK_OK;
}

int dvk_measures_merge(dvk_measures *dst, const dvk_measures *src,
                       const size_t *into, size_t groups)
{
    for (size_t i = 0; i < dst->n; i++) {
        struct measure *d = &dst->m[i];
        const struct measure *s = &src->m[i];
        int median = d->kind == DVK_MEASURE_MEDIAN;
        if (median && !d->over && (s->over || d->held + s->held > dst->budget))
            median_over(dst, d);
        if (d->kind == DVK_MEASURE_DISTINCT && merge_distinct(dst, d, s, into, groups))
            return DVK_NOMEM;
        for (size_t g = 0; g < groups; g++) {
            const struct cell *sc = &s->cells[g];
            struct cell *dc = &d->cells[into[g]];
            /* several groups may go into one (a roll-up): each appends
             * after what the cell holds by then */
            for (size_t k = 0; median && !d->over && k < sc->counted; k++)
                if (keep_value(d, into[g], (size_t)dc->counted + k, s->kept[g][k]))
                    return DVK_NOMEM;
            dc->counted += sc->counted;
            dc->left_out += sc->left_out;
            sum_add(&dc->sum, &dc->sum_low, sc->sum);
            dc->sum_low += sc->sum_low;
            sum_add(&dc->squares, &dc->squares_low, sc->squares);
            dc->squares_low += sc->squares_low;
            if (sc->min < dc->min)
                dc->min = sc->min;
            if (sc->max > dc->max)
                dc->max = sc->max;
        }
    }
    return DVK_OK;
}

/* ------------------------------------------------------------- results */

int dvk_measures_value(const dvk_measures *ms, size_t group, size_t i, double *value)
{
    const struct measure *m = &ms->m[i];
    const struct cell *c = &m->cells[group];
    *value = NAN;
    if (c->counted == 0)
        return DVK_OK;
    switch (m->kind) {
    case DVK_MEASURE_SUM:
    case DVK_MEASURE_COUNT_IF:
        *value = c->sum + c->sum_low;
        return DVK_OK;
    case DVK_MEASURE_MEAN:
        *value = (c->sum + c->sum_low) / (double)c->counted;
        return DVK_OK;
    case DVK_MEASURE_MIN:
        *value = c->min;
        return DVK_OK;
    case DVK_MEASURE_MAX:
        *value = c->max;
        return DVK_OK;
    case DVK_MEASURE_MEDIAN:
        if (m->over)
            return DVK_LIMIT;
        return median_of(m->kept[group], (size_t)c->counted, value);
    case DVK_MEASURE_DISTINCT:
        if (!m->over) {
            *value = (double)c->distinct;
        } else {
            /* never more than the texts counted, nor fewer than one */
            double e = m->sketch[group] ? round(dvk_hll_estimate(m->sketch[group])) : 0;
            *value = e > (double)c->counted ? (double)c->counted : e < 1 ? 1 : e;
        }
        return DVK_OK;
    default:
        return DVK_USAGE;
    }
}

void dvk_measures_counts(const dvk_measures *ms, size_t group, size_t m,
                         unsigned long long *counted, unsigned long long *left_out)
{
    const struct cell *c = &ms->m[m].cells[group];
    if (counted)
        *counted = c->counted;
    if (left_out)
        *left_out = c->left_out;
}

void dvk_measures_sums(const dvk_measures *ms, size_t group, size_t m, double *sum,
                       double *sum_squares)
{
    const struct cell *c = &ms->m[m].cells[group];
    if (sum)
        *sum = c->sum + c->sum_low;
    if (sum_squares)
        *sum_squares = c->squares + c->squares_low;
}

int dvk_measures_exact(const dvk_measures *ms, size_t m)
{
    return !ms->m[m].over;
}
