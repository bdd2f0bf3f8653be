/* profile.c: per-column statistics for "dvkstat summary".
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Values are grouped by their key (DVK_TEXT_KEY); each key remembers the
 * spelling seen most often, which is what is shown.  A column of unique
 * values (codes, names) would make the key table as large as the file, so
 * past DVK_PROFILE_EXACT keys no new key is added and the distinct count
 * goes on as a HyperLogLog estimate (hll.c).
 */
#include "reader.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct key_stat {
    unsigned long long count;
    unsigned long long best_count; /* of the best spelling */
    size_t best_spelling;          /* offset in the spelling map's keys */
};

struct column_profile {
    unsigned long long empty, nonempty;
    unsigned long long integers, numbers, years, dates;
    dvk_map keys;           /* key -> index into stats */
    struct key_stat *stats;
    size_t nstats, cap;
    dvk_map spellings;      /* "index\0spelling" -> count */
    unsigned char *hll;     /* from the moment the key table is full */
    int overflow;
    size_t *order;          /* indices sorted by count, made on demand */
};

struct dvk_profile {
    size_t ncols;
    int decimal_comma;
    struct column_profile *cols;
    dvk_buf tmp;
    dvk_error err;
};

DVK_API dvk_profile *dvk_profile_new(size_t columns, int decimal_comma)
{
    dvk_profile *p = dvk_calloc(1, sizeof *p);
    if (!p)
        return NULL;
    p->cols = dvk_calloc(columns, sizeof *p->cols);
    if (!p->cols) {
        free(p);
        return NULL;
    }
    p->ncols = columns;
    p->decimal_comma = decimal_comma;
    return p;
}

DVK_API void dvk_profile_free(dvk_profile *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->ncols; i++) {
        struct column_profile *c = &p->cols[i];
        dvk_map_free(&c->keys);
        dvk_map_free(&c->spellings);
        free(c->stats);
        free(c->hll);
        free(c->order);
    }
    free(p->cols);
    dvk_buf_free(&p->tmp);
    free(p);
}

static int add_value(dvk_profile *p, struct column_profile *c, dvk_reader *r,
                     size_t col)
{
    size_t klen, slen;
    const char *key = dvk_reader_field_text(r, col, DVK_TEXT_KEY, &klen);
    if (!key)
        return r->err.status;
    if (c->overflow) {
        dvk_hll_add(c->hll, dvk_hash_bytes(key, klen));
        dvk_map_entry *e = dvk_map_find(&c->keys, key, klen);
        if (e)
            c->stats[e->value].count++;
        return DVK_OK;
    }
    int added;
    dvk_map_entry *e = dvk_map_insert(&c->keys, key, klen, c->nstats, &added);
    if (!e)
        return DVK_NOMEM;
    if (added) {
        if (c->nstats == c->cap) {
            size_t cap = c->cap ? c->cap * 2 : 16;
            struct key_stat *s = dvk_realloc_array(c->stats, cap, sizeof *s);
            if (!s)
                return DVK_NOMEM;
            c->stats = s;
            c->cap = cap;
        }
        memset(&c->stats[c->nstats], 0, sizeof *c->stats);
        c->nstats++;
    }
    size_t idx = e->value;
    struct key_stat *st = &c->stats[idx];
    st->count++;
    const char *spelling = dvk_reader_field_text(r, col, DVK_TEXT_CLEAN, &slen);
    if (!spelling)
        return r->err.status;
    dvk_buf_clear(&p->tmp);
    if (dvk_buf_append(&p->tmp, &idx, sizeof idx) ||
        dvk_buf_append(&p->tmp, spelling, slen))
        return DVK_NOMEM;
    dvk_map_entry *se = dvk_map_insert(&c->spellings, p->tmp.data, p->tmp.len, 0, NULL);
    if (!se)
        return DVK_NOMEM;
    se->value++;
    if (se->value > st->best_count) {
        st->best_count = se->value;
        st->best_spelling = se->key_offset + sizeof idx;
    }
    if (c->nstats >= DVK_PROFILE_EXACT) {
        /* Full: from now on estimate, seeded with the keys known so far. */
        c->hll = dvk_calloc(DVK_HLL_SIZE, 1);
        if (!c->hll)
            return DVK_NOMEM;
        for (size_t i = 0; i < c->keys.capacity; i++)
            if (c->keys.slots[i].key_len != SIZE_MAX)
                dvk_hll_add(c->hll, c->keys.slots[i].hash);
        c->overflow = 1;
    }
    return DVK_OK;
}

static int profile_add_row(dvk_profile *p, dvk_reader *r)
{
    if (!p || !r)
        return DVK_USAGE;
    size_t n = p->ncols < dvk_reader_field_count(r) ? p->ncols
                                                    : dvk_reader_field_count(r);
    for (size_t i = 0; i < p->ncols; i++) {
        struct column_profile *c = &p->cols[i];
        size_t len;
        const char *raw = i < n ? dvk_reader_field(r, i, &len) : "";
        if (i >= n)
            len = 0;
        size_t tl;
        const char *clean = len ? dvk_reader_field_text(r, i, DVK_TEXT_CLEAN, &tl) : "";
        if (!clean)
            return r->err.status;
        if (len == 0 || tl == 0) {
            c->empty++;
            continue;
        }
        c->nonempty++;
        double x;
        long t;
        /* A workbook's number cell is a number whatever the comma. */
        /* the reader knows each column's convention (and a sheet's cells) */
        int number = dvk_reader_field_number(r, i, &x);
        if (number == DVK_OK) {
            c->numbers++;
            if (x == floor(x) && fabs(x) < 9e15) {
                c->integers++;
                if (x >= 1900 && x <= 2100 && memchr(raw, '.', len) == NULL &&
                    memchr(raw, ',', len) == NULL)
                    c->years++;
            }
        } else if (dvk_time_parse(raw, len, DVK_PERIOD_YEAR, &t) == DVK_OK) {
            c->dates++;
        }
        int st = add_value(p, c, r, i);
        if (st)
            return st;
        free(c->order);
        c->order = NULL;
    }
    return DVK_OK;
}

DVK_API int dvk_profile_add_row(dvk_profile *p, dvk_reader *r)
{
    int st = profile_add_row(p, r);
    return st == DVK_NOMEM && p ? dvk_error_nomem(&p->err) : st;
}

DVK_API const char *dvk_profile_errmsg(const dvk_profile *p)
{
    return p ? p->err.message : "out of memory";
}

DVK_API int dvk_profile_type(const dvk_profile *p, size_t i)
{
    if (!p || i >= p->ncols)
        return DVK_TYPE_EMPTY;
    const struct column_profile *c = &p->cols[i];
    if (c->nonempty == 0)
        return DVK_TYPE_EMPTY;
    if (c->years == c->nonempty)
        return DVK_TYPE_YEAR;
    if (c->integers == c->nonempty)
        return DVK_TYPE_INTEGER;
    if (c->numbers == c->nonempty)
        return DVK_TYPE_NUMBER;
    if (c->dates + c->years == c->nonempty)
        return DVK_TYPE_DATE;
    return DVK_TYPE_TEXT;
}

DVK_API const char *dvk_profile_type_name(int type)
{
    switch (type) {
    case DVK_TYPE_EMPTY: return "empty";
    case DVK_TYPE_INTEGER: return "integer";
    case DVK_TYPE_NUMBER: return "number";
    case DVK_TYPE_YEAR: return "year";
    case DVK_TYPE_DATE: return "date";
    default: return "text";
    }
}

DVK_API unsigned long long dvk_profile_empty(const dvk_profile *p, size_t i)
{
    return p && i < p->ncols ? p->cols[i].empty : 0;
}

DVK_API unsigned long long dvk_profile_distinct(const dvk_profile *p, size_t i,
                                                int *exact)
{
    if (!p || i >= p->ncols) {
        if (exact)
            *exact = 1;
        return 0;
    }
    const struct column_profile *c = &p->cols[i];
    if (exact)
        *exact = !c->overflow;
    if (!c->overflow)
        return c->nstats;
    double e = dvk_hll_estimate(c->hll);
    return e < (double)c->nstats ? c->nstats : (unsigned long long)llround(e);
}

static int by_count(const void *a, const void *b, void *ctx)
{
    const struct column_profile *c = ctx;
    const struct key_stat *x = &c->stats[*(const size_t *)a];
    const struct key_stat *y = &c->stats[*(const size_t *)b];
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    size_t ia = *(const size_t *)a, ib = *(const size_t *)b;
    return ia < ib ? -1 : ia > ib;
}

DVK_API const char *dvk_profile_top(const dvk_profile *p, size_t i, size_t k,
                                    unsigned long long *count)
{
    if (!p || i >= p->ncols)
        return NULL;
    struct column_profile *c = &p->cols[i];
    if (k >= c->nstats)
        return NULL;
    if (!c->order) {
        /* Selection of the top few is all callers need, but a sort is
         * simple and done once per column. */
        c->order = dvk_realloc_array(NULL, c->nstats, sizeof *c->order);
        if (!c->order)
            return NULL;
        for (size_t j = 0; j < c->nstats; j++)
            c->order[j] = j;
        qsort_r(c->order, c->nstats, sizeof *c->order, by_count, c);
    }
    const struct key_stat *s = &c->stats[c->order[k]];
    if (count)
        *count = s->count;
    return c->spellings.keys.data + s->best_spelling;
}
