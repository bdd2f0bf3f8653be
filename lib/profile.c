/* profile.c: per-column statistics for "dvkstat summary".
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Values are grouped by their key (DVK_TEXT_KEY); each key shows the
 * spelling seen most often, the first seen among equals.  A column of
 * unique values (codes, names) would make the key table as large as the
 * file, so past DVK_PROFILE_EXACT keys no new key is added (those in it go
 * on counting) and the distinct count goes on as a HyperLogLog estimate
 * (hll.c).
 *
 * Every figure depends only on the rows and their order in the file, not
 * on how they were read: a part (dvk_profile_new_part()) profiles the
 * later rows and merges into the whole exactly.  Past its own limit a part
 * keeps each value whose key it has no room for in a file of its own, for
 * the whole, whose table may hold that key, to count at the merge.
 */
#include "reader.h"

#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct key_stat {
    unsigned long long count;
    unsigned long long best_count; /* of the best spelling */
    size_t best;                   /* the best spelling's number */
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
    FILE *spill;            /* a part's values past its table: key, spelling */
    size_t *order;          /* indices sorted by count, made on demand */
};

struct dvk_profile {
    size_t ncols;
    int decimal_comma;
    int part;               /* dvk_profile_new_part(): values past the table spilled */
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
        if (c->spill)
            fclose(c->spill);
        free(c->order);
    }
    free(p->cols);
    dvk_buf_free(&p->tmp);
    free(p);
}

/* One more of spelling SP (a number of C's) of the key of stat ST, N
 * times: the best is the most frequent, the first seen among equals. */
static void count_spelling(struct column_profile *c, struct key_stat *st, size_t sp,
                           unsigned long long n)
{
    c->spell_count[sp] += n;
    if (c->spell_count[sp] > st->best_count ||
        (c->spell_count[sp] == st->best_count && sp < st->best)) {
        st->best_count = c->spell_count[sp];
        st->best = sp;
    }
}

/* The number of spelling S[0, SLEN) of the key of stat IDX in C, a new
 * one when it was not seen; SIZE_MAX when out of memory. */
static size_t spelling_number(dvk_profile *p, struct column_profile *c, size_t idx,
                              const char *s, size_t slen)
{
    dvk_buf_clear(&p->tmp);
    if (dvk_buf_append(&p->tmp, &idx, sizeof idx) || dvk_buf_append(&p->tmp, s, slen))
        return SIZE_MAX;
    int added;
    dvk_map_entry *se = dvk_map_insert(&c->spellings, p->tmp.data, p->tmp.len, c->nspell, &added);
    if (!se)
        return SIZE_MAX;
    if (added) {
        size_t cap = c->spell_cap;
        unsigned long long *n = dvk_grow_array(c->spell_count, &cap, c->nspell + 1, sizeof *n);
        if (n)
            c->spell_count = n;
        cap = c->spell_cap;
        size_t *t = n ? dvk_grow_array(c->spell_text, &cap, c->nspell + 1, sizeof *t) : NULL;
        if (!t)
            return SIZE_MAX;
        c->spell_text = t;
        c->spell_cap = cap;
        c->spell_text[c->nspell] = se->key_offset + sizeof idx;
        c->spell_count[c->nspell++] = 0;
    }
    return se->value;
}

/* A new key KEY[0, KLEN) at the end of C's table: its stat's index, or
 * SIZE_MAX when out of memory. */
static size_t new_key(struct column_profile *c, const char *key, size_t klen)
{
    struct key_stat *s = dvk_grow_array(c->stats, &c->cap, c->nstats + 1, sizeof *s);
    if (!s || !dvk_map_insert(&c->keys, key, klen, c->nstats, NULL))
        return SIZE_MAX;
    c->stats = s;
    memset(&c->stats[c->nstats], 0, sizeof *c->stats);
    return c->nstats++;
}

/* The table is full: from now on the distinct count is estimated, seeded
 * with the keys it holds. */
static int overflow(struct column_profile *c)
{
    c->hll = dvk_calloc(DVK_HLL_SIZE, 1);
    if (!c->hll)
        return DVK_NOMEM;
    for (size_t i = 0; i < c->keys.capacity; i++)
        if (c->keys.slots[i].key_len != DVK_MAP_FREE)
            dvk_hll_add(c->hll, dvk_hash_bytes(dvk_map_key(&c->keys, &c->keys.slots[i]),
                                               c->keys.slots[i].key_len));
    c->overflow = 1;
    /* the values noted so far would count in the table, not the estimate */
    dvk_map_clear(&c->memo);
    c->nmemo = 0;
    return DVK_OK;
}

/* A part's value whose key its table has no room for: kept for the merge. */
static int spill(struct column_profile *c, const char *key, size_t klen, const char *s,
                 size_t slen)
{
    if (!c->spill && !(c->spill = dvk_temp_file()))
        return DVK_IO;
    if (fwrite(&klen, sizeof klen, 1, c->spill) != 1 || fwrite(key, 1, klen, c->spill) != klen ||
        fwrite(&slen, sizeof slen, 1, c->spill) != 1 || fwrite(s, 1, slen, c->spill) != slen)
        return DVK_IO;
    return DVK_OK;
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
    size_t idx;
    uint64_t hash;
    if (c->overflow) {
        hash = dvk_hash_bytes(key, klen);
        dvk_hll_add(c->hll, hash);
        dvk_map_entry *e = dvk_map_find(&c->keys, key, klen);
        idx = e ? e->value : SIZE_MAX;
    } else {
        int added;
        dvk_map_entry *e = dvk_map_insert(&c->keys, key, klen, c->nstats, &added);
        if (!e)
            return DVK_NOMEM;
        hash = dvk_hash_bytes(key, klen);
        if (added) {
            struct key_stat *s = dvk_grow_array(c->stats, &c->cap, c->nstats + 1, sizeof *s);
            if (!s)
                return DVK_NOMEM;
            c->stats = s;
            memset(&c->stats[c->nstats], 0, sizeof *c->stats);
            c->nstats++;
        }
        idx = e->value;
    }
    if (m) {
        m->hash = hash;
        m->stat = SIZE_MAX; /* until its spelling is counted too */
    }
    if (idx == SIZE_MAX && !p->part)
        return DVK_OK;
    /* the key's spelling: the key of a part's value past its table may be
     * in the whole's table, so it goes to the part's spill file */
    const char *spelling = dvk_reader_field_text(r, col, DVK_TEXT_CLEAN, &slen);
    if (!spelling)
        return r->err.status;
    if (idx == SIZE_MAX)
        return spill(c, key, klen, spelling, slen);
    struct key_stat *st = &c->stats[idx];
    st->count++;
    size_t sp = spelling_number(p, c, idx, spelling, slen);
    if (sp == SIZE_MAX)
        return DVK_NOMEM;
    count_spelling(c, st, sp, 1);
    if (m) {
        m->stat = idx;
        m->spelling = sp;
    }
    if (!c->overflow && c->nstats >= DVK_PROFILE_EXACT)
        return overflow(c);
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
    if (c->overflow)
        dvk_hll_add(c->hll, m->hash);
    if (m->stat == SIZE_MAX)
        return;
    struct key_stat *st = &c->stats[m->stat];
    st->count++;
    count_spelling(c, st, m->spelling, 1);
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
            const struct value_memo *seen = e ? &c->memo_v[e->value] : NULL;
            /* a part spills each value past its table, so those are
             * counted in full each time */
            if (seen && !(p->part && seen->stat == SIZE_MAX && !(seen->kind & V_EMPTY))) {
                c->memo_hits++;
                memo_count(c, seen);
                continue;
            }
            if (!seen)
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
    if (st == DVK_IO && p)
        return dvk_error_set(&p->err, DVK_IO, 0, 0, _("cannot keep the values past a part's "
                             "table in a temporary file: %s"), strerror(errno));
    return st == DVK_NOMEM && p ? dvk_error_nomem(&p->err) : st;
}

DVK_API dvk_profile *dvk_profile_new_part(const dvk_profile *whole)
{
    dvk_profile *p = whole ? dvk_profile_new(whole->ncols, whole->decimal_comma) : NULL;
    if (p)
        p->part = 1;
    return p;
}

/* The entries of map M by their value (0 .. N-1), in ORDER. */
static int by_value(const dvk_map *m, size_t n, const dvk_map_entry ***order)
{
    *order = dvk_calloc(n ? n : 1, sizeof **order);
    if (!*order)
        return DVK_NOMEM;
    for (size_t i = 0; i < m->capacity; i++)
        if (m->slots[i].key_len != DVK_MAP_FREE && m->slots[i].value < n)
            (*order)[m->slots[i].value] = &m->slots[i];
    return DVK_OK;
}

/* Count what the part's spill file holds in C, whose table is full: each
 * value whose key C holds, with its spelling. */
static int merge_spill(dvk_profile *p, struct column_profile *c, FILE *f)
{
    if (fflush(f) || fseek(f, 0, SEEK_SET))
        return DVK_IO;
    dvk_buf key = {0}, spelling = {0};
    int st = DVK_OK;
    size_t klen, slen;
    while (st == DVK_OK && fread(&klen, sizeof klen, 1, f) == 1) {
        dvk_buf_clear(&key);
        dvk_buf_clear(&spelling);
        if (dvk_buf_reserve(&key, klen + 1) || fread(key.data, 1, klen, f) != klen ||
            fread(&slen, sizeof slen, 1, f) != 1 || dvk_buf_reserve(&spelling, slen + 1) ||
            fread(spelling.data, 1, slen, f) != slen) {
            st = ferror(f) || feof(f) ? DVK_IO : DVK_NOMEM;
            break;
        }
        dvk_map_entry *e = dvk_map_find(&c->keys, key.data, klen);
        if (!e)
            continue; /* counted in the estimate */
        size_t idx = e->value;
        size_t sp = spelling_number(p, c, idx, spelling.data, slen);
        if (sp == SIZE_MAX) {
            st = DVK_NOMEM;
            break;
        }
        c->stats[idx].count++;
        count_spelling(c, &c->stats[idx], sp, 1);
    }
    if (st == DVK_OK && ferror(f))
        st = DVK_IO;
    dvk_buf_free(&key);
    dvk_buf_free(&spelling);
    return st;
}

/* Column PC of a part into C, as if C had read the part's rows after its
 * own: the part's keys in the order it met them (the whole's, or new ones
 * while the table has room), their spellings, the estimate, and the values
 * the part could not hold. */
static int merge_column(dvk_profile *p, struct column_profile *c, struct column_profile *pc)
{
    c->empty += pc->empty;
    c->nonempty += pc->nonempty;
    c->integers += pc->integers;
    c->numbers += pc->numbers;
    c->years += pc->years;
    c->dates += pc->dates;
    free(c->order);
    c->order = NULL;
    const dvk_map_entry **keys = NULL, **spells = NULL;
    size_t *to = dvk_calloc(pc->nstats ? pc->nstats : 1, sizeof *to);
    int st = to ? by_value(&pc->keys, pc->nstats, &keys) : DVK_NOMEM;
    if (!st)
        st = by_value(&pc->spellings, pc->nspell, &spells);
    for (size_t i = 0; !st && i < pc->nstats; i++) {
        const char *k = pc->keys.keys.data + keys[i]->key_offset;
        dvk_map_entry *e = dvk_map_find(&c->keys, k, keys[i]->key_len);
        to[i] = e ? e->value : c->overflow ? SIZE_MAX : new_key(c, k, keys[i]->key_len);
        if (!e && !c->overflow && to[i] == SIZE_MAX)
            st = DVK_NOMEM;
        else if (to[i] != SIZE_MAX)
            c->stats[to[i]].count += pc->stats[i].count;
        if (!st && !c->overflow && c->nstats >= DVK_PROFILE_EXACT)
            st = overflow(c);
    }
    for (size_t n = 0; !st && n < pc->nspell; n++) {
        const char *text = pc->spellings.keys.data + spells[n]->key_offset;
        size_t pidx;
        memcpy(&pidx, text, sizeof pidx);
        size_t idx = to[pidx];
        if (idx == SIZE_MAX)
            continue;
        size_t sp = spelling_number(p, c, idx, text + sizeof pidx,
                                    spells[n]->key_len - sizeof pidx);
        if (sp == SIZE_MAX)
            st = DVK_NOMEM;
        else
            count_spelling(c, &c->stats[idx], sp, pc->spell_count[n]);
    }
    if (!st && pc->overflow && !c->overflow)
        st = overflow(c); /* cannot be: the part's keys alone fill the table */
    if (!st && c->overflow) {
        if (pc->overflow)
            dvk_hll_merge(c->hll, pc->hll);
        else
            for (size_t i = 0; i < pc->nstats; i++)
                dvk_hll_add(c->hll, dvk_hash_bytes(dvk_map_key(&pc->keys, keys[i]),
                                                   keys[i]->key_len));
    }
    free(to);
    free(keys);
    free(spells);
    if (!st && pc->spill)
        st = merge_spill(p, c, pc->spill);
    return st;
}

DVK_API int dvk_profile_merge(dvk_profile *p, dvk_profile *part)
{
    if (!p || !part || p == part)
        return DVK_USAGE;
    if (part->ncols != p->ncols || part->decimal_comma != p->decimal_comma)
        return dvk_error_set(&p->err, DVK_USAGE, 0, 0,
                             _("a profile merges only one of the same columns"));
    for (size_t i = 0; i < part->ncols; i++)
        if (part->cols[i].overflow && !part->part)
            return dvk_error_set(&p->err, DVK_VALUE, 0, 0,
                                 _("a profile past its limit of distinct values merges only "
                                   "as a part (dvk_profile_new_part())"));
    for (size_t i = 0; i < p->ncols; i++) {
        int st = merge_column(p, &p->cols[i], &part->cols[i]);
        if (st == DVK_NOMEM)
            return dvk_error_nomem(&p->err);
        if (st)
            return dvk_error_set(&p->err, st, 0, 0, _("cannot read back the values a part "
                                 "kept apart: %s"), strerror(errno));
    }
    return DVK_OK;
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
    return c->spellings.keys.data + c->spell_text[s->best];
}
