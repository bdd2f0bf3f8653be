/* grouper.c: a reader's current row turned into a group of a table.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A dvk_grouper reads the grouping columns (found once per file, since
 * files may order their columns differently), normalises, and applies
 * aliases; it remembers the raw values it has seen, so that a row like
 * one before costs one lookup.  Apart from aggregate.c, which keeps the
 * table itself and knows nothing of readers.
 */
#include "aggregate-impl.h"
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* --------------------------------------------------------------- grouper */

struct dvk_grouper {
    size_t n;
    size_t *columns;
    const dvk_aliases *aliases;
    int strict;
    dvk_buf buf;
    const char **keys, **labels;
    /* The same raw values always make the same group: a memo from the
     * grouping columns' bytes as read to the group and its spellings in
     * the table last added to, so that a value seen before costs one
     * lookup instead of normalising it and finding its group again. */
    dvk_map memo;          /* raw values joined by NUL -> memo number */
    dvk_agg *memo_agg;
    size_t *memo_group;    /* per memo number */
    size_t *memo_spell;    /* per memo number: n spelling numbers */
    size_t nmemo, memo_cap;
    dvk_buf raw;
    /* dvk_grouper_key()'s own memo, for the callers that want the keys
     * rather than a group of a table (trend, coverage, report): the raw
     * values joined by NUL -> entry number, whose keys and labels lie in
     * keymemo_text at keymemo_off[2n × entry …] */
    dvk_map keymemo;
    dvk_buf keymemo_text, keymemo_raw;
    size_t *keymemo_off;
    size_t nkeymemo, keymemo_cap;
    int keymemo_off_switch;  /* DVKSTAT_DEBUG=nocache: never used */
    /* a row's distinct texts, copied before the reader is asked for the
     * key, since they may be the reader's own strings, which that call
     * overwrites */
    dvk_buf texts;
    size_t *text_offset;
    const char **text;
    size_t ntext;
};

#define MEMO_MAX_ENTRIES 65536
#define MEMO_MAX_KEY 256

static void keymemo_clear(dvk_grouper *g)
{
    dvk_map_clear(&g->keymemo);
    dvk_buf_clear(&g->keymemo_text);
    g->nkeymemo = 0;
}

static void memo_clear(dvk_grouper *g)
{
    dvk_map_clear(&g->memo);
    g->nmemo = 0;
    g->memo_agg = NULL;
    keymemo_clear(g);
}

DVK_API void dvk_grouper_free(dvk_grouper *g)
{
    if (!g)
        return;
    free(g->columns);
    free(g->keys);
    free(g->labels);
    dvk_buf_free(&g->buf);
    dvk_map_free(&g->memo);
    free(g->memo_group);
    free(g->memo_spell);
    dvk_buf_free(&g->raw);
    dvk_map_free(&g->keymemo);
    dvk_buf_free(&g->keymemo_text);
    dvk_buf_free(&g->keymemo_raw);
    free(g->keymemo_off);
    dvk_buf_free(&g->texts);
    free(g->text_offset);
    free(g->text);
    free(g);
}

static int grouper_push(dvk_grouper *g, size_t col)
{
    size_t *c = dvk_realloc_array(g->columns, g->n + 1, sizeof *c);
    if (!c)
        return DVK_NOMEM;
    g->columns = c;
    g->columns[g->n++] = col;
    return DVK_OK;
}

DVK_API int dvk_grouper_new(dvk_reader *r, const char *const *specs,
                            size_t nspecs, dvk_grouper **out)
{
    if (!r || !out || (nspecs && !specs))
        return DVK_USAGE;
    *out = NULL;
    dvk_grouper *g = dvk_calloc(1, sizeof *g);
    if (!g)
        return dvk_error_nomem(&r->err);
    for (size_t i = 0; i < nspecs; i++) {
        size_t col;
        int st = dvk_reader_find_column(r, specs[i], &col);
        if (st == DVK_COLUMN && strchr(specs[i], ',')) {
            /* "A,B" names two columns unless a column is called "A,B". */
            char *copy = dvk_strndup(specs[i], strlen(specs[i]));
            if (!copy) {
                dvk_grouper_free(g);
                return dvk_error_nomem(&r->err);
            }
            st = DVK_OK;
            for (char *save, *p = strtok_r(copy, ",", &save); p && !st;
                 p = strtok_r(NULL, ",", &save)) {
                while (*p == ' ')
                    p++;
                st = dvk_reader_find_column(r, p, &col);
                if (!st && grouper_push(g, col))
                    st = dvk_error_nomem(&r->err);
            }
            free(copy);
        } else if (!st && grouper_push(g, col)) {
            st = dvk_error_nomem(&r->err);
        }
        if (st) {
            dvk_grouper_free(g);
            return st;
        }
    }
    g->keys = dvk_calloc(g->n ? g->n : 1, sizeof *g->keys);
    g->labels = dvk_calloc(g->n ? g->n : 1, sizeof *g->labels);
    if (!g->keys || !g->labels) {
        dvk_grouper_free(g);
        return dvk_error_nomem(&r->err);
    }
    g->keymemo_off_switch = dvk_cache_disabled();
    *out = g;
    return DVK_OK;
}

DVK_API size_t dvk_grouper_columns(const dvk_grouper *g)
{
    return g ? g->n : 0;
}

DVK_API size_t dvk_grouper_column(const dvk_grouper *g, size_t i)
{
    return g && i < g->n ? g->columns[i] : 0;
}

DVK_API void dvk_grouper_set_aliases(dvk_grouper *g, const dvk_aliases *al,
                                     int strict)
{
    if (!g)
        return;
    g->aliases = al;
    g->strict = strict && al;
    memo_clear(g); /* the same values may now make other groups */
}

/* The keys and labels of R's current row, made afresh. */
static int grouper_key_made(dvk_grouper *g, dvk_reader *r,
                            const char *const **keys,
                            const char *const **labels)
{
    /* Copy as we go: the reader's normalised strings last one call. */
    size_t off[2 * 64 + 2], *offs = off;
    size_t *heap = NULL;
    if (g->n > 64) {
        heap = dvk_realloc_array(NULL, 2 * g->n, sizeof *heap);
        if (!heap)
            return dvk_error_nomem(&r->err);
        offs = heap;
    }
    dvk_buf_clear(&g->buf);
    int st = DVK_OK;
    for (size_t i = 0; i < g->n && !st; i++) {
        size_t klen, llen;
        const char *key = dvk_reader_field_text(r, g->columns[i], DVK_TEXT_KEY, &klen);
        const char *to_key, *to_label;
        if (!key) {
            st = r->err.status;
            break;
        }
        if (g->aliases && dvk_aliases_lookup(g->aliases, key, &to_key, &to_label)) {
            offs[2 * i] = g->buf.len;
            st = dvk_buf_append(&g->buf, to_key, strlen(to_key) + 1);
            offs[2 * i + 1] = g->buf.len;
            if (!st)
                st = dvk_buf_append(&g->buf, to_label, strlen(to_label) + 1);
            continue;
        }
        if (g->strict && klen > 0) {
            char msg[256];
            const char *shown = dvk_reader_field_text(r, g->columns[i], DVK_TEXT_CLEAN, NULL);
            snprintf(msg, sizeof msg, _("'%.60s' in column '%s' is not in the map"),
                     shown ? shown : "", r->colnames[g->columns[i]]);
            st = dvk_reader_reject(r, DVK_VALUE, g->columns[i], msg);
            dvk_error_hint(&r->err, _("add it to the --map file, or leave out --strict-map"));
            break;
        }
        offs[2 * i] = g->buf.len;
        st = dvk_buf_append(&g->buf, key, klen + 1);
        const char *label = st ? NULL
                               : dvk_reader_field_text(r, g->columns[i], DVK_TEXT_CLEAN, &llen);
        if (!st && !label)
            st = r->err.status;
        offs[2 * i + 1] = g->buf.len;
        if (!st)
            st = dvk_buf_append(&g->buf, label, llen + 1);
    }
    if (st == DVK_NOMEM)
        st = dvk_error_nomem(&r->err);
    if (!st) {
        for (size_t i = 0; i < g->n; i++) {
            g->keys[i] = g->buf.data + offs[2 * i];
            g->labels[i] = g->buf.data + offs[2 * i + 1];
        }
        if (keys)
            *keys = g->keys;
        if (labels)
            *labels = g->labels;
    }
    free(heap);
    return st;
}

/* Remember the keys and labels just made in G->buf for the raw values in
 * G->keymemo_raw.  A full memo starts over: the values of a long file
 * change as it goes. */
static int keymemo_add(dvk_grouper *g)
{
    if (g->nkeymemo >= MEMO_MAX_ENTRIES)
        keymemo_clear(g);
    if (g->nkeymemo == g->keymemo_cap) {
        size_t cap = g->keymemo_cap ? g->keymemo_cap * 2 : 64;
        size_t *off = dvk_realloc_array(g->keymemo_off, cap * 2 * g->n, sizeof *off);
        if (!off)
            return DVK_NOMEM;
        g->keymemo_off = off;
        g->keymemo_cap = cap;
    }
    size_t m = g->nkeymemo;
    for (size_t i = 0; i < 2 * g->n; i++) {
        const char *t = i % 2 ? g->labels[i / 2] : g->keys[i / 2];
        g->keymemo_off[2 * g->n * m + i] = g->keymemo_text.len;
        if (dvk_buf_append(&g->keymemo_text, t, strlen(t) + 1))
            return DVK_NOMEM;
    }
    if (!dvk_map_insert(&g->keymemo, g->keymemo_raw.data, g->keymemo_raw.len, m, NULL))
        return DVK_NOMEM;
    g->nkeymemo++;
    return DVK_OK;
}

DVK_API int dvk_grouper_key(dvk_grouper *g, dvk_reader *r,
                            const char *const **keys,
                            const char *const **labels)
{
    if (!g || !r)
        return DVK_USAGE;
    /* The same raw values always make the same keys (the aliases set,
     * the memo is cleared): a value seen before costs one lookup instead
     * of normalising every column again. */
    int memo = g->n > 0 && !g->keymemo_off_switch;
    if (memo) {
        dvk_buf_clear(&g->keymemo_raw);
        for (size_t i = 0; i < g->n && memo; i++) {
            size_t len;
            const char *f = dvk_reader_field(r, g->columns[i], &len);
            if (dvk_buf_append(&g->keymemo_raw, f, len + 1)) /* with its NUL */
                return dvk_error_nomem(&r->err);
            memo = g->keymemo_raw.len <= MEMO_MAX_KEY;
        }
        dvk_map_entry *e = memo ? dvk_map_find(&g->keymemo, g->keymemo_raw.data,
                                               g->keymemo_raw.len) : NULL;
        if (e) {
            const size_t *off = g->keymemo_off + 2 * g->n * e->value;
            for (size_t i = 0; i < g->n; i++) {
                g->keys[i] = g->keymemo_text.data + off[2 * i];
                g->labels[i] = g->keymemo_text.data + off[2 * i + 1];
            }
            if (keys)
                *keys = g->keys;
            if (labels)
                *labels = g->labels;
            return DVK_OK;
        }
    }
    int st = grouper_key_made(g, r, keys, labels);
    if (!st && memo && keymemo_add(g))
        return dvk_error_nomem(&r->err);
    return st;
}

/* Add VALUES to the group of R's current row in A, and say which group.
 * Always inlined: it is the whole count path of a table without measures,
 * which must not pay a call for them. */
static inline __attribute__((always_inline)) int
grouper_add(dvk_grouper *g, dvk_reader *r, dvk_agg *a, const double *values, size_t *group)
{
    if (!g || !r || !a || !values)
        return DVK_USAGE;
    int memo = g->n > 0 && a->nparts == g->n;
    if (memo) {
        /* A table freed and another made in its place is not the one the
         * memo knows: the table says which grouper it was last. */
        if (g->memo_agg != a || a->memo_owner != g) {
            memo_clear(g);
            g->memo_agg = a;
            a->memo_owner = g;
        }
        dvk_buf_clear(&g->raw);
        for (size_t i = 0; i < g->n && memo; i++) {
            size_t len;
            const char *f = dvk_reader_field(r, g->columns[i], &len);
            if (dvk_buf_append(&g->raw, f, len + 1)) /* with its NUL */
                return dvk_error_nomem(&r->err);
            memo = g->raw.len <= MEMO_MAX_KEY;
        }
        dvk_map_entry *e = memo ? dvk_map_find(&g->memo, g->raw.data, g->raw.len) : NULL;
        if (e) {
            size_t m = e->value, gi = g->memo_group[m];
            for (size_t v = 0; v < a->nvalues; v++)
                a->values[gi * a->nvalues + v] += values[v];
            for (size_t i = 0; i < g->n; i++)
                labels_bump(&a->labels[i], g->memo_spell[m * g->n + i], 1);
            *group = gi;
            return DVK_OK;
        }
    }
    const char *const *keys, *const *labels;
    int st = grouper_key_made(g, r, &keys, &labels); /* its memo is the one above */
    if (st)
        return st;
    if (!memo || g->nmemo >= MEMO_MAX_ENTRIES) {
        if (dvk_agg_add_row(a, keys, labels, values, group, NULL))
            return dvk_error_nomem(&r->err);
        return DVK_OK;
    }
    if (g->nmemo == g->memo_cap) {
        size_t cap = g->memo_cap ? g->memo_cap * 2 : 64;
        size_t *groups = dvk_realloc_array(g->memo_group, cap, sizeof *groups);
        if (groups)
            g->memo_group = groups;
        size_t *spell = groups ? dvk_realloc_array(g->memo_spell, cap * g->n, sizeof *spell) : NULL;
        if (spell)
            g->memo_spell = spell;
        if (!groups || !spell)
            return dvk_error_nomem(&r->err);
        g->memo_cap = cap;
    }
    size_t m = g->nmemo;
    if (dvk_agg_add_row(a, keys, labels, values, &g->memo_group[m], &g->memo_spell[m * g->n]) ||
        !dvk_map_insert(&g->memo, g->raw.data, g->raw.len, m, NULL))
        return dvk_error_nomem(&r->err);
    *group = g->memo_group[m];
    g->nmemo++;
    return DVK_OK;
}

/* The measures of a row added to GROUP (none given: all left out). */
static int grouper_measures(dvk_reader *r, dvk_agg *a, size_t group,
                            const double *measures, const char *const *texts)
{
    int st = dvk_measures_add(a->measures, group, measures, texts);
    return st ? dvk_error_set(&r->err, st, 0, 0, _("out of memory")) : DVK_OK;
}

DVK_API int dvk_grouper_add(dvk_grouper *g, dvk_reader *r, dvk_agg *a,
                            const double *values)
{
    size_t group;
    int st = grouper_add(g, r, a, values, &group);
    if (st || !a->measures)
        return st;
    return grouper_measures(r, a, group, NULL, NULL);
}

/* Copy the N TEXTS into G, and point *COPY at the copies. */
static int copy_texts(dvk_grouper *g, const char *const *texts, size_t n,
                      const char *const **copy)
{
    if (n > g->ntext) {
        size_t *off = dvk_realloc_array(g->text_offset, n, sizeof *off);
        if (off)
            g->text_offset = off;
        const char **t = off ? dvk_realloc_array(g->text, n, sizeof *t) : NULL;
        if (!t)
            return DVK_NOMEM;
        g->text = t;
        g->ntext = n;
    }
    dvk_buf_clear(&g->texts);
    for (size_t i = 0; i < n; i++) {
        g->text_offset[i] = g->texts.len;
        if (texts[i] && dvk_buf_append(&g->texts, texts[i], strlen(texts[i]) + 1))
            return DVK_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        g->text[i] = texts[i] ? g->texts.data + g->text_offset[i] : NULL;
    *copy = g->text;
    return DVK_OK;
}

DVK_API int dvk_grouper_add_values(dvk_grouper *g, dvk_reader *r, dvk_agg *a,
                                   const double *values, const double *measures,
                                   const char *const *texts)
{
    if (g && r && a && texts && dvk_agg_measures(a) &&
        copy_texts(g, texts, dvk_agg_measures(a), &texts))
        return dvk_error_nomem(&r->err);
    size_t group;
    int st = grouper_add(g, r, a, values, &group);
    if (st || !a->measures)
        return st;
    return grouper_measures(r, a, group, measures, texts);
}
