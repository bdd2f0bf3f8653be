/* aggregate.c: groups and their sums, mergeable; aliases onto categories.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dvk_agg is a table from group keys to sums of a few values (a count or
 * a weight, a numerator, a denominator …).  It knows nothing of files, so
 * parts of a register can be counted apart, in threads or on other
 * machines, and merged.  Each key part also remembers how it was spelled
 * and how often, so a group is shown in its most frequent spelling.
 *
 * A table may also carry measures (measure.c): per group the sum, mean,
 * least, greatest or median of a number, a count of distinct codes, a
 * count of rows meeting a condition.  They merge as the sums do.  A table
 * without them pays one test per row.
 *
 * The dvk_grouper, which turns a reader's current row into a group of a
 * table, is in grouper.c; the table's struct is shared with it through
 * aggregate-impl.h.
 */
#include "aggregate-impl.h"
#include "reader.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- spellings */

static void labels_free(struct labels *l)
{
    dvk_map_free(&l->spellings);
    dvk_map_free(&l->keys);
    free(l->shown);
    free(l->count);
    free(l->key_of);
    free(l->offset);
    free(l->klen);
    free(l->slen);
    dvk_buf_free(&l->tmp);
}

/* Room for one more spelling and one more key. */
static int labels_room(struct labels *l)
{
    if (l->nspell == l->spell_cap) {
        size_t cap = l->spell_cap ? l->spell_cap * 2 : 16;
        double *count = dvk_realloc_array(l->count, cap, sizeof *count);
        if (count)
            l->count = count;
        uint32_t **arrays[] = {&l->key_of, &l->offset, &l->klen, &l->slen};
        int ok = count != NULL;
        for (size_t i = 0; ok && i < sizeof arrays / sizeof *arrays; i++) {
            uint32_t *a = dvk_realloc_array(*arrays[i], cap, sizeof *a);
            if (a)
                *arrays[i] = a;
            ok = a != NULL;
        }
        if (!ok)
            return DVK_NOMEM;
        l->spell_cap = cap;
    }
    uint32_t *shown = dvk_grow_array(l->shown, &l->keys_cap, l->nkeys + 1, sizeof *shown);
    if (!shown)
        return DVK_NOMEM;
    l->shown = shown;
    return DVK_OK;
}

/* The number of KEY's spelling SPELLING, made if new; -1 out of memory. */
static long long labels_id(struct labels *l, const char *key, size_t klen,
                           const char *spelling, size_t slen)
{
    dvk_buf_clear(&l->tmp);
    if (dvk_buf_append(&l->tmp, key, klen) || dvk_buf_putc(&l->tmp, '\0') ||
        dvk_buf_append(&l->tmp, spelling, slen))
        return -1;
    if (l->nspell >= UINT32_MAX || labels_room(l)) /* before the maps learn of a spelling */
        return -1;
    int added;
    dvk_map_entry *e = dvk_map_insert(&l->spellings, l->tmp.data, l->tmp.len, l->nspell, &added);
    if (!e)
        return -1;
    if (!added)
        return (long long)e->value;
    size_t id = l->nspell, offset = e->key_offset;
    dvk_map_entry *k = dvk_map_insert(&l->keys, key, klen, l->nkeys, &added);
    if (!k)
        return -1;
    if (added)
        l->shown[l->nkeys++] = (uint32_t)id;
    l->count[id] = 0;
    l->key_of[id] = k->value;
    l->offset[id] = (uint32_t)offset;
    l->klen[id] = (uint32_t)klen;
    l->slen[id] = (uint32_t)slen;
    l->nspell++;
    return (long long)id;
}

static int labels_add(struct labels *l, const char *key, size_t klen,
                      const char *spelling, size_t slen, double count)
{
    long long id = labels_id(l, key, klen, spelling, slen);
    if (id < 0)
        return DVK_NOMEM;
    labels_bump(l, (size_t)id, count);
    return DVK_OK;
}

static const char *labels_best(const struct labels *l, const char *key)
{
    dvk_map_entry *k = dvk_map_find(&l->keys, key, strlen(key));
    if (!k)
        return key;
    size_t id = l->shown[k->value];
    return l->spellings.keys.data + l->offset[id] + l->klen[id] + 1;
}

/* SRC's spellings in the order SRC first saw them, after DST's. */
static int labels_merge(struct labels *dst, const struct labels *src)
{
    for (size_t id = 0; id < src->nspell; id++) {
        const char *k = src->spellings.keys.data + src->offset[id];
        int st = labels_add(dst, k, src->klen[id], k + src->klen[id] + 1, src->slen[id],
                            src->count[id]);
        if (st)
            return st;
    }
    return DVK_OK;
}

/* ------------------------------------------------------------ the table */

DVK_API dvk_agg *dvk_agg_new(size_t nparts, size_t nvalues)
{
    if (nvalues == 0)
        return NULL;
    dvk_agg *a = dvk_calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->nparts = nparts;
    a->nvalues = nvalues;
    a->labels = dvk_calloc(nparts ? nparts : 1, sizeof *a->labels);
    if (!a->labels) {
        free(a);
        return NULL;
    }
    return a;
}

DVK_API void dvk_agg_free(dvk_agg *a)
{
    if (!a)
        return;
    dvk_map_free(&a->groups);
    free(a->key_offset);
    free(a->values);
    for (size_t i = 0; i < a->nparts; i++)
        labels_free(&a->labels[i]);
    free(a->labels);
    dvk_buf_free(&a->tmp);
    dvk_measures_free(a->measures);
    free(a);
}

/* The group of the composite key in a->tmp, made if new. */
static long long group_of(dvk_agg *a)
{
    int added;
    dvk_map_entry *e = dvk_map_insert(&a->groups, a->tmp.data, a->tmp.len,
                                      a->ngroups, &added);
    if (!e)
        return -1;
    if (added) {
        if (a->ngroups == a->cap) {
            size_t cap = a->cap ? a->cap * 2 : 16;
            uint32_t *off = dvk_realloc_array(a->key_offset, cap, sizeof *off);
            if (!off)
                return -1;
            a->key_offset = off;
            double *v = dvk_realloc_array(a->values, cap * a->nvalues, sizeof *v);
            if (!v)
                return -1;
            a->values = v;
            if (a->measures && dvk_measures_room(a->measures, cap))
                return -1;
            a->cap = cap;
        }
        a->key_offset[a->ngroups] = e->key_offset;
        memset(&a->values[a->ngroups * a->nvalues], 0, a->nvalues * sizeof(double));
        if (a->measures)
            dvk_measures_open(a->measures, a->ngroups);
        a->ngroups++;
    }
    return (long long)e->value;
}

static int make_composite(dvk_agg *a, const char *const *keys)
{
    dvk_buf_clear(&a->tmp);
    for (size_t i = 0; i < a->nparts; i++)
        if (dvk_buf_append(&a->tmp, keys[i], strlen(keys[i])) ||
            dvk_buf_putc(&a->tmp, '\0'))
            return DVK_NOMEM;
    if (a->nparts == 0 && dvk_buf_putc(&a->tmp, '\0'))
        return DVK_NOMEM;
    return DVK_OK;
}

int dvk_agg_add_row(dvk_agg *a, const char *const *keys, const char *const *labels,
                    const double *values, size_t *group, size_t *spell)
{
    if (make_composite(a, keys))
        return DVK_NOMEM;
    long long gi = group_of(a);
    if (gi < 0)
        return DVK_NOMEM;
    for (size_t v = 0; v < a->nvalues; v++)
        a->values[(size_t)gi * a->nvalues + v] += values[v];
    for (size_t i = 0; i < a->nparts; i++) {
        long long id = labels_id(&a->labels[i], keys[i], strlen(keys[i]), labels[i],
                                 strlen(labels[i]));
        if (id < 0)
            return DVK_NOMEM;
        labels_bump(&a->labels[i], (size_t)id, 1);
        if (spell)
            spell[i] = (size_t)id;
    }
    *group = (size_t)gi;
    return DVK_OK;
}

static int agg_add(dvk_agg *a, const char *const *keys, const char *const *labels,
                   const double *values, const double *measures, const char *const *texts)
{
    if (!a)
        return DVK_USAGE;
    if ((a->nparts && (!keys || !labels)) || !values)
        return dvk_error_set(&a->err, DVK_USAGE, 0, 0,
                             _("a row of a table needs its keys, labels and values"));
    size_t g;
    if (dvk_agg_add_row(a, keys, labels, values, &g, NULL))
        return dvk_error_nomem(&a->err);
    return a->measures ? dvk_measures_add(a->measures, g, measures, texts) : DVK_OK;
}

DVK_API int dvk_agg_add(dvk_agg *a, const char *const *keys,
                        const char *const *labels, const double *values)
{
    return agg_add(a, keys, labels, values, NULL, NULL);
}

DVK_API int dvk_agg_add_values(dvk_agg *a, const char *const *keys,
                               const char *const *labels, const double *values,
                               const double *measures, const char *const *texts)
{
    return agg_add(a, keys, labels, values, measures, texts);
}

/* Add every group of SRC into DST's group of its first DST->nparts key
 * parts (all of them in a merge, fewer in a roll-up). */
static int merge_groups(dvk_agg *dst, const dvk_agg *src)
{
    /* where each of SRC's groups went in DST, for the measures */
    size_t *into = NULL;
    if (dvk_measures_count(src->measures) && src->ngroups) {
        into = dvk_realloc_array(NULL, src->ngroups, sizeof *into);
        if (!into)
            return DVK_NOMEM;
    }
    for (size_t g = 0; g < src->ngroups; g++) {
        const char *key = src->groups.keys.data + src->key_offset[g];
        size_t len = 0;
        for (size_t i = 0; i < dst->nparts; i++)
            len += strlen(key + len) + 1;
        dvk_buf_clear(&dst->tmp);
        int st = dvk_buf_append(&dst->tmp, key, len);
        if (!st && dst->nparts == 0)
            st = dvk_buf_putc(&dst->tmp, '\0');
        long long d = st ? -1 : group_of(dst);
        if (d < 0) {
            free(into);
            return dvk_error_nomem(&dst->err);
        }
        for (size_t v = 0; v < dst->nvalues; v++)
            dst->values[(size_t)d * dst->nvalues + v] += src->values[g * src->nvalues + v];
        if (into)
            into[g] = (size_t)d;
    }
    if (into) {
        int st = dvk_measures_merge(dst->measures, src->measures, into, src->ngroups);
        free(into);
        if (st)
            return st;
    }
    for (size_t i = 0; i < dst->nparts; i++)
        if (labels_merge(&dst->labels[i], &src->labels[i]))
            return dvk_error_nomem(&dst->err);
    return DVK_OK;
}

DVK_API int dvk_agg_merge(dvk_agg *dst, const dvk_agg *src)
{
    if (!dst)
        return DVK_USAGE;
    /* a table merged into itself would read what it is writing */
    if (!src || dst == src)
        return dvk_error_set(&dst->err, DVK_USAGE, 0, 0,
                             _("a table is merged from another table, not from itself"));
    if (dst->nparts != src->nparts || dst->nvalues != src->nvalues ||
        !dvk_measures_same_shape(dst->measures, src->measures))
        return dvk_error_set(&dst->err, DVK_USAGE, 0, 0,
                             _("tables of other shapes cannot be merged: %zu key parts and "
                               "%zu values against %zu and %zu, or other measures"),
                             dst->nparts, dst->nvalues, src->nparts, src->nvalues);
    return merge_groups(dst, src);
}

DVK_API int dvk_agg_rollup(const dvk_agg *a, size_t nparts, dvk_agg **out)
{
    if (!out)
        return DVK_USAGE;
    *out = NULL;
    if (!a || nparts > a->nparts)
        return DVK_USAGE;
    dvk_agg *r = dvk_agg_new(nparts, a->nvalues);
    if (!r)
        return DVK_NOMEM;
    if (a->measures && !(r->measures = dvk_measures_new_like(a->measures))) {
        dvk_agg_free(r);
        return DVK_NOMEM;
    }
    int st = merge_groups(r, a);
    if (st) {
        dvk_agg_free(r);
        return st;
    }
    *out = r;
    return DVK_OK;
}

DVK_API size_t dvk_agg_size(const dvk_agg *a)
{
    return a ? a->ngroups : 0;
}

DVK_API size_t dvk_agg_parts(const dvk_agg *a)
{
    return a ? a->nparts : 0;
}

DVK_API const char *dvk_agg_key(const dvk_agg *a, size_t group, size_t part)
{
    if (!a || group >= a->ngroups || part >= a->nparts)
        return NULL;
    const char *k = a->groups.keys.data + a->key_offset[group];
    for (size_t i = 0; i < part; i++)
        k += strlen(k) + 1;
    return k;
}

DVK_API const char *dvk_agg_label(const dvk_agg *a, size_t group, size_t part)
{
    const char *key = dvk_agg_key(a, group, part);
    return key ? labels_best(&a->labels[part], key) : NULL;
}

DVK_API double dvk_agg_value(const dvk_agg *a, size_t group, size_t value)
{
    if (!a || group >= a->ngroups || value >= a->nvalues)
        return 0;
    return a->values[group * a->nvalues + value];
}

/* A const table: the composite key is made in a buffer of this call, so
 * that two threads may look up one finished table at once. */
DVK_API size_t dvk_agg_find(const dvk_agg *a, const char *const *keys)
{
    if (!a || (a->nparts && !keys))
        return (size_t)-1;
    dvk_buf b = {0};
    int st = DVK_OK;
    for (size_t i = 0; i < a->nparts && !st; i++)
        st = dvk_buf_append(&b, keys[i], strlen(keys[i])) || dvk_buf_putc(&b, '\0');
    if (!st && a->nparts == 0)
        st = dvk_buf_putc(&b, '\0');
    dvk_map_entry *e = st ? NULL : dvk_map_find(&a->groups, b.data, b.len);
    dvk_buf_free(&b);
    return e ? e->value : (size_t)-1;
}

/* -------------------------------------------------------------- measures */

DVK_API int dvk_agg_add_measure(dvk_agg *a, enum dvk_measure kind, const char *label)
{
    if (!a)
        return DVK_USAGE;
    if (!label || kind < DVK_MEASURE_SUM || kind > DVK_MEASURE_COUNT_IF)
        return dvk_error_set(&a->err, DVK_USAGE, 0, 0,
                             _("a measure needs a kind (enum dvk_measure) and a label"));
    if (a->ngroups)
        return dvk_error_set(&a->err, DVK_USAGE, 0, 0,
                             _("measures are added to a table before its first row"));
    if (!a->measures && !(a->measures = dvk_measures_new()))
        return dvk_error_nomem(&a->err);
    int st = dvk_measures_define(a->measures, kind, label);
    return st == DVK_NOMEM ? dvk_error_nomem(&a->err) : st;
}

DVK_API int dvk_agg_set_measure_budget(dvk_agg *a, size_t values)
{
    if (!a)
        return DVK_USAGE;
    if (a->ngroups)
        return dvk_error_set(&a->err, DVK_USAGE, 0, 0,
                             _("a measure budget is set before a table's first row"));
    if (!a->measures && !(a->measures = dvk_measures_new()))
        return dvk_error_nomem(&a->err);
    dvk_measures_set_budget(a->measures, values);
    return DVK_OK;
}

DVK_API size_t dvk_agg_measures(const dvk_agg *a)
{
    return a ? dvk_measures_count(a->measures) : 0;
}

DVK_API enum dvk_measure dvk_agg_measure_kind(const dvk_agg *a, size_t m)
{
    return m < dvk_agg_measures(a) ? (enum dvk_measure)dvk_measures_kind(a->measures, m)
                                   : (enum dvk_measure)0;
}

DVK_API const char *dvk_agg_measure_label(const dvk_agg *a, size_t m)
{
    return m < dvk_agg_measures(a) ? dvk_measures_label(a->measures, m) : NULL;
}

static int measure_cell_ok(const dvk_agg *a, size_t group, size_t m)
{
    return m < dvk_agg_measures(a) && group < a->ngroups;
}

DVK_API int dvk_agg_measure(const dvk_agg *a, size_t group, size_t m, double *value)
{
    if (!value)
        return DVK_USAGE;
    if (!measure_cell_ok(a, group, m)) {
        *value = NAN;
        return DVK_USAGE;
    }
    return dvk_measures_value(a->measures, group, m, value);
}

DVK_API int dvk_agg_measure_counts(const dvk_agg *a, size_t group, size_t m,
                                   unsigned long long *counted,
                                   unsigned long long *left_out)
{
    if (!measure_cell_ok(a, group, m))
        return DVK_USAGE;
    dvk_measures_counts(a->measures, group, m, counted, left_out);
    return DVK_OK;
}

DVK_API int dvk_agg_measure_sums(const dvk_agg *a, size_t group, size_t m,
                                 double *sum, double *sum_squares)
{
    if (!measure_cell_ok(a, group, m))
        return DVK_USAGE;
    dvk_measures_sums(a->measures, group, m, sum, sum_squares);
    return DVK_OK;
}

DVK_API int dvk_agg_measure_exact(const dvk_agg *a, size_t m)
{
    return m < dvk_agg_measures(a) ? dvk_measures_exact(a->measures, m) : 0;
}

DVK_API const char *dvk_agg_errmsg(const dvk_agg *a)
{
    return a ? a->err.message : "out of memory";
}

/* --------------------------------------------------------------- aliases */

struct dvk_aliases {
    dvk_map from;       /* key -> index of the target */
    char **to_key;
    char **to_label;
    size_t n, cap;
    dvk_error err;
};

DVK_API dvk_aliases *dvk_aliases_new(void)
{
    return dvk_calloc(1, sizeof(dvk_aliases));
}

DVK_API void dvk_aliases_free(dvk_aliases *al)
{
    if (!al)
        return;
    dvk_map_free(&al->from);
    for (size_t i = 0; i < al->n; i++) {
        free(al->to_key[i]);
        free(al->to_label[i]);
    }
    free(al->to_key);
    free(al->to_label);
    free(al);
}

/* Map FROM_KEY to target T.  1 when it conflicts with another target. */
static int alias_set(dvk_aliases *al, const char *from_key, size_t t, int *conflict)
{
    int added;
    dvk_map_entry *e = dvk_map_insert(&al->from, from_key, strlen(from_key), t, &added);
    if (!e)
        return DVK_NOMEM;
    *conflict = !added && strcmp(al->to_key[e->value], al->to_key[t]) != 0;
    return DVK_OK;
}

static int aliases_add(dvk_aliases *al, const char *from, const char *to,
                       int *conflict)
{
    char *fk, *tk, *tl;
    *conflict = 0;
    if (dvk_text_normalize(from, strlen(from), DVK_TEXT_KEY, &fk, NULL))
        return DVK_ENCODING;
    if (dvk_text_normalize(to, strlen(to), DVK_TEXT_KEY, &tk, NULL)) {
        free(fk);
        return DVK_ENCODING;
    }
    if (dvk_text_normalize(to, strlen(to), DVK_TEXT_CLEAN, &tl, NULL)) {
        free(fk);
        free(tk);
        return DVK_ENCODING;
    }
    /* One entry per target: reuse it when the target is known. */
    size_t t;
    dvk_map_entry *known = dvk_map_find(&al->from, tk, strlen(tk));
    if (known && strcmp(al->to_key[known->value], tk) == 0) {
        t = known->value;
        free(tk);
        free(tl);
    } else {
        if (al->n == al->cap) {
            size_t cap = al->cap ? al->cap * 2 : 16;
            char **k = dvk_realloc_array(al->to_key, cap, sizeof *k);
            char **l = k ? dvk_realloc_array(al->to_label, cap, sizeof *l) : NULL;
            if (k)
                al->to_key = k;
            if (!l) {
                free(fk);
                free(tk);
                free(tl);
                return DVK_NOMEM;
            }
            al->to_label = l;
            al->cap = cap;
        }
        t = al->n++;
        al->to_key[t] = tk;
        al->to_label[t] = tl;
        /* a category maps onto itself */
        int c;
        if (alias_set(al, al->to_key[t], t, &c)) {
            free(fk);
            return DVK_NOMEM;
        }
    }
    int st = alias_set(al, fk, t, conflict);
    free(fk);
    return st;
}

DVK_API int dvk_aliases_add(dvk_aliases *al, const char *from, const char *to)
{
    if (!al)
        return DVK_USAGE;
    if (!from || !to)
        return dvk_error_set(&al->err, DVK_USAGE, 0, 0,
                             _("a mapping needs a value to map and one to map it onto"));
    int conflict;
    int st = aliases_add(al, from, to, &conflict);
    if (st == DVK_NOMEM)
        return dvk_error_nomem(&al->err);
    if (st || conflict)
        return dvk_error_set(&al->err, DVK_VALUE, 0, 0,
                             _("'%.60s' is mapped twice, onto different values"), from);
    return DVK_OK;
}

DVK_API const char *dvk_aliases_errmsg(const dvk_aliases *al)
{
    return al ? al->err.message : "out of memory";
}

static int aliases_read_body(dvk_aliases *al, dvk_reader *r)
{
    if (!al || !r)
        return DVK_USAGE;
    if (dvk_reader_column_count(r) < 2)
        return dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                             _("a map needs two columns, from and to; this one "
                             "has %zu"), dvk_reader_column_count(r));
    int st;
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        const char *from = dvk_reader_field(r, 0, NULL);
        const char *to = dvk_reader_field(r, 1, NULL);
        char *from_copy = dvk_strndup(from, strlen(from));
        if (!from_copy)
            return dvk_error_nomem(&r->err);
        int conflict;
        st = aliases_add(al, from_copy, to, &conflict);
        free(from_copy);
        if (st == DVK_NOMEM)
            return dvk_error_nomem(&r->err);
        if (st || conflict) {
            char msg[256];
            snprintf(msg, sizeof msg, _("'%.60s' is mapped twice, onto different values"),
                     dvk_reader_field(r, 0, NULL));
            return dvk_reader_reject(r, DVK_VALUE, 0, msg);
        }
    }
    return st == DVK_DONE ? DVK_OK : st;
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_aliases_read(dvk_aliases *al, dvk_reader *r)
{
    DVK_READER_LANG_RETURN(r, aliases_read_body(al, r));
}

DVK_API int dvk_aliases_lookup(const dvk_aliases *al, const char *key,
                               const char **to_key, const char **to_label)
{
    if (!al || !key)
        return 0;
    dvk_map_entry *e = dvk_map_find(&al->from, key, strlen(key));
    if (!e)
        return 0;
    if (to_key)
        *to_key = al->to_key[e->value];
    if (to_label)
        *to_label = al->to_label[e->value];
    return 1;
}
