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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct key_stat {
    unsigned long long count;
    unsigned long long best_count; /* of the best spelling */
    size_t best_spelling;          /* offset in the spelling map's keys */
};

/* What a raw value was found to be, so that it is typed and normalised
 * once: the kind bits, its key's stat (SIZE_MAX past the key table) and
 * the key's hash (for the estimate), and its spelling. */
enum { V_EMPTY = 1, V_NUMBER = 2, V_INTEGER = 4, V_YEAR = 8, V_DATE = 16 };
struct value_memo {
    unsigned kind;
    size_t stat, spelling;
    uint64_t hash;
};

/* A column's memo holds at most this many raw values; full, it starts
 * over, or stops for good in a column whose values rarely repeat (codes,
 * names), where it would only cost. */
#define VALUE_MEMO_MAX 8192

struct column_profile {
    unsigned long long empty, nonempty;
    unsigned long long integers, numbers, years, dates;
    dvk_map keys;           /* key -> index into stats */
    struct key_stat *stats;
    size_t nstats, cap;
    dvk_map spellings;      /* "index\0spelling" -> spelling number */
    unsigned long long *spell_count; /* per spelling number */
    size_t *spell_text;     /* per spelling number: its offset in the map's keys */
    size_t nspell, spell_cap;
    dvk_map memo;           /* raw value -> index into memo_v */
    struct value_memo *memo_v;
    size_t nmemo, memo_cap;
    unsigned long long memo_hits;
    int memo_off;           /* given up, or DVKSTAT_DEBUG=nocache */
    int memo_conv;          /* the number convention the memo was made under */
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
    int off = dvk_cache_disabled();
    for (size_t i = 0; i < columns; i++)
        p->cols[i].memo_off = off;
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
        free(c->spell_count);
        free(c->spell_text);
        dvk_map_free(&c->memo);
        free(c->memo_v);
        free(c->stats);
        free(c->hll);
        free(c->order);
    }
    free(p->cols);
    dvk_buf_free(&p->tmp);
    free(p);
}

/* Count the current value of column COL under its key and spelling, and
 * note them in M (may be NULL) for the next time the raw value comes. */
static int add_value(dvk_profile *p, struct column_profile *c, dvk_reader *r,
                     size_t col, struct value_memo *m)
{
    size_t klen, slen;
    const char *key = dvk_reader_field_text(r, col, DVK_TEXT_KEY, &klen);
    if (!key)
        return r->err.status;
    if (c->overflow) {
        uint64_t h = dvk_hash_bytes(key, klen);
        dvk_hll_add(c->hll, h);
        dvk_map_entry *e = dvk_map_find(&c->keys, key, klen);
        if (e)
            c->stats[e->value].count++;
        if (m) {
            m->hash = h;
            m->stat = e ? e->value : SIZE_MAX;
            m->spelling = SIZE_MAX;
        }
        return DVK_OK;
    }
    int added;
    dvk_map_entry *e = dvk_map_insert(&c->keys, key, klen, c->nstats, &added);
    if (!e)
        return DVK_NOMEM;
    if (added) {
        struct key_stat *s = dvk_grow_array(c->stats, &c->cap, c->nstats + 1, sizeof *s);
        if (!s)
            return DVK_NOMEM;
        c->stats = s;
        memset(&c->stats[c->nstats], 0, sizeof *c->stats);
        c->nstats++;
    }
    size_t idx = e->value;
    uint64_t hash = e->hash;
    struct key_stat *st = &c->stats[idx];
    st->count++;
    const char *spelling = dvk_reader_field_text(r, col, DVK_TEXT_CLEAN, &slen);
    if (!spelling)
        return r->err.status;
    dvk_buf_clear(&p->tmp);
    if (dvk_buf_append(&p->tmp, &idx, sizeof idx) ||
        dvk_buf_append(&p->tmp, spelling, slen))
        return DVK_NOMEM;
    dvk_map_entry *se = dvk_map_insert(&c->spellings, p->tmp.data, p->tmp.len, c->nspell, &added);
    if (!se)
        return DVK_NOMEM;
    if (added) {
        if (c->nspell == c->spell_cap) {
            size_t cap = c->spell_cap ? c->spell_cap * 2 : 16;
            unsigned long long *n = dvk_realloc_array(c->spell_count, cap, sizeof *n);
            if (n)
                c->spell_count = n;
            size_t *t = n ? dvk_realloc_array(c->spell_text, cap, sizeof *t) : NULL;
            if (!t)
                return DVK_NOMEM;
            c->spell_text = t;
            c->spell_cap = cap;
        }
        c->spell_text[c->nspell] = se->key_offset + sizeof idx;
        c->spell_count[c->nspell++] = 0;
    }
    size_t sp = se->value;
    if (++c->spell_count[sp] > st->best_count) {
        st->best_count = c->spell_count[sp];
        st->best_spelling = c->spell_text[sp];
    }
    if (m) {
        m->hash = hash;
        m->stat = idx;
        m->spelling = sp;
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
        /* the values noted so far would count in the table, not the estimate */
        dvk_map_clear(&c->memo);
        c->nmemo = 0;
    }
    return DVK_OK;
}

/* Count a raw value seen before as M says it was: its kind, its key and
 * its spelling, without typing or normalising it again. */
static void memo_count(struct column_profile *c, const struct value_memo *m)
{
    if (m->kind & V_EMPTY) {
        c->empty++;
        return;
    }
    c->nonempty++;
    c->numbers += (m->kind & V_NUMBER) != 0;
    c->integers += (m->kind & V_INTEGER) != 0;
    c->years += (m->kind & V_YEAR) != 0;
    c->dates += (m->kind & V_DATE) != 0;
    if (c->overflow) {
        dvk_hll_add(c->hll, m->hash);
        if (m->stat != SIZE_MAX)
            c->stats[m->stat].count++;
        return;
    }
    struct key_stat *st = &c->stats[m->stat];
    st->count++;
    if (++c->spell_count[m->spelling] > st->best_count) {
        st->best_count = c->spell_count[m->spelling];
        st->best_spelling = c->spell_text[m->spelling];
    }
}

/* A new memo entry for the raw value RAW[0, LEN) of C, or NULL when the
 * memo is not kept. */
static struct value_memo *memo_new(struct column_profile *c, const char *raw, size_t len)
{
    if (c->nmemo >= VALUE_MEMO_MAX) {
        if (c->memo_hits < c->nmemo) {
            c->memo_off = 1;
            dvk_map_free(&c->memo);
            free(c->memo_v);
            c->memo_v = NULL;
            c->memo_cap = 0;
        } else {
            dvk_map_clear(&c->memo);
        }
        c->nmemo = 0;
        c->memo_hits = 0;
        if (c->memo_off)
            return NULL;
    }
    if (c->nmemo == c->memo_cap) {
        size_t cap = c->memo_cap ? c->memo_cap * 2 : 64;
        struct value_memo *v = dvk_realloc_array(c->memo_v, cap, sizeof *v);
        if (!v)
            return NULL; /* no memo this time; the value is counted all the same */
        c->memo_v = v;
        c->memo_cap = cap;
    }
    if (!dvk_map_insert(&c->memo, raw, len, c->nmemo, NULL))
        return NULL;
    struct value_memo *m = &c->memo_v[c->nmemo++];
    memset(m, 0, sizeof *m);
    return m;
}

static int profile_add_row(dvk_profile *p, dvk_reader *r)
{
    if (!p)
        return DVK_USAGE;
    if (!r)
        return dvk_error_set(&p->err, DVK_USAGE, 0, 0, _("a profile adds a reader's row"));
    size_t n = p->ncols < dvk_reader_field_count(r) ? p->ncols
                                                    : dvk_reader_field_count(r);
    for (size_t i = 0; i < p->ncols; i++) {
        struct column_profile *c = &p->cols[i];
        if (c->order) { /* the order of a dvk_profile_top() before this row */
            free(c->order);
            c->order = NULL;
        }
        size_t len;
        const char *raw = i < n ? dvk_reader_field(r, i, &len) : "";
        if (i >= n)
            len = 0;
        if (len == 0) {
            c->empty++;
            continue;
        }
        /* A value seen before in this column is what it was then: the
         * reader's number convention for the column, fixed once settled,
         * is checked; a workbook's cells have types beside their text. */
        struct value_memo *m = NULL;
        int conv = r->decimal_comma != DVK_DECIMAL_AUTO ? r->decimal_comma
                   : r->numconv && i < r->ncols ? r->numconv[i] : DVK_DECIMAL_AUTO;
        if (!c->memo_off && !r->book) {
            if (conv != c->memo_conv) {
                dvk_map_clear(&c->memo);
                c->nmemo = 0;
                c->memo_conv = conv;
            }
            dvk_map_entry *e = dvk_map_find(&c->memo, raw, len);
            if (e) {
                c->memo_hits++;
                memo_count(c, &c->memo_v[e->value]);
                continue;
            }
            m = memo_new(c, raw, len);
        }
        size_t tl;
        const char *clean = dvk_reader_field_text(r, i, DVK_TEXT_CLEAN, &tl);
        if (!clean)
            return r->err.status;
        if (tl == 0) {
            c->empty++;
            if (m)
                m->kind = V_EMPTY;
            continue;
        }
        c->nonempty++;
        unsigned kind = 0;
        double x;
        long t;
        /* A workbook's number cell is a number whatever the comma. */
        /* the reader knows each column's convention (and a sheet's cells) */
        int number = dvk_reader_field_number(r, i, &x);
        if (number == DVK_OK) {
            kind |= V_NUMBER;
            if (x == floor(x) && fabs(x) < 9e15) {
                kind |= V_INTEGER;
                if (x >= 1900 && x <= 2100 && memchr(raw, '.', len) == NULL &&
                    memchr(raw, ',', len) == NULL)
                    kind |= V_YEAR;
            }
        } else if (dvk_time_parse(raw, len, DVK_PERIOD_YEAR, &t) == DVK_OK) {
            kind |= V_DATE;
        }
        c->numbers += (kind & V_NUMBER) != 0;
        c->integers += (kind & V_INTEGER) != 0;
        c->years += (kind & V_YEAR) != 0;
        c->dates += (kind & V_DATE) != 0;
        if (m)
            m->kind = kind;
        int st = add_value(p, c, r, i, m);
        if (st)
            return st;
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
    /* An estimate, but never more values than the column has rows
     * holding one, nor fewer than the keys counted exactly. */
    double e = dvk_hll_estimate(c->hll);
    unsigned long long d = e < (double)c->nstats ? c->nstats : (unsigned long long)llround(e);
    return d > c->nonempty ? c->nonempty : d;
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
