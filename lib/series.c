/* series.c: counts per period, and finding the time column.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "dvkstat trend models.csv" must work with no option, so the time column
 * is found by its header (năm, year, ngày, date …) or, failing that, as
 * the first column whose values are all years or dates.  The latter is
 * decided in the same single pass that counts (standard input cannot be
 * read twice): every candidate column counts until a value rules it out.
 */
#include "reader.h"

#include <stdlib.h>
#include <string.h>

struct candidate {
    size_t column;
    int alive;
    unsigned long long parsed;
    dvk_map periods;   /* period (as bytes of a long) -> count */
};

struct dvk_series {
    int period;
    int by_header;           /* the column was named or found by header */
    struct candidate *cands;
    size_t ncands;
    size_t chosen;           /* index into cands after finish */
    long *times;
    double *values;
    size_t length;
};

/* Header names (in DVK_TEXT_NAME form) that mean a time column. */
static int is_time_header(const char *loose)
{
    static const char *const exact[] = {
        "nam", "year", "ngay", "date", "thoigian", "time", "period", "ky",
        "kybaocao", "thoidiem", "namdangky", "ngaydangky", "namdk", "ngaydk",
        "namthuchien", "thang", "month", "quy", "quarter",
    };
    for (size_t i = 0; i < sizeof exact / sizeof *exact; i++)
        if (strcmp(loose, exact[i]) == 0)
            return 1;
    static const char *const prefixes[] = {"ngay", "date", "year", "namdang",
                                           "thoigian"};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (strncmp(loose, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

DVK_API dvk_series *dvk_series_new(dvk_reader *r, const char *time_column,
                                   int period)
{
    if (!r || !r->colnames)
        return NULL;
    dvk_series *s = dvk_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->period = period;
    size_t col = SIZE_MAX;
    if (time_column) {
        if (dvk_reader_find_column(r, time_column, &col)) {
            free(s);
            return NULL;
        }
        s->by_header = 1;
    } else {
        for (size_t i = 0; i < r->ncols && col == SIZE_MAX; i++)
            if (is_time_header(r->colloose[i]))
                col = i;
        s->by_header = col != SIZE_MAX;
    }
    s->ncands = s->by_header ? 1 : r->ncols;
    s->cands = dvk_calloc(s->ncands, sizeof *s->cands);
    if (!s->cands) {
        free(s);
        dvk_error_set(&r->err, DVK_NOMEM, 0, 0, "out of memory");
        return NULL;
    }
    for (size_t i = 0; i < s->ncands; i++) {
        s->cands[i].column = s->by_header ? col : i;
        s->cands[i].alive = 1;
    }
    return s;
}

DVK_API void dvk_series_free(dvk_series *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ncands; i++)
        dvk_map_free(&s->cands[i].periods);
    free(s->cands);
    free(s->times);
    free(s->values);
    free(s);
}

static int count_period(struct candidate *c, long t, double weight)
{
    dvk_map_entry *e = dvk_map_insert(&c->periods, (const char *)&t, sizeof t,
                                      0, NULL);
    if (!e)
        return DVK_NOMEM;
    double v; /* a new entry's value 0 is the bit pattern of +0.0 */
    memcpy(&v, &e->value, sizeof v);
    v += weight;
    memcpy(&e->value, &v, sizeof v);
    return DVK_OK;
}

DVK_API int dvk_series_add_row(dvk_series *s, dvk_reader *r)
{
    if (!s || !r)
        return DVK_USAGE;
    for (size_t i = 0; i < s->ncands; i++) {
        struct candidate *c = &s->cands[i];
        if (!c->alive)
            continue;
        size_t len;
        const char *raw = dvk_reader_field(r, c->column, &len);
        long t;
        int st = dvk_time_parse(raw, len, s->period, &t);
        if (st == DVK_EMPTY)
            continue;
        if (st) {
            if (!s->by_header) {
                c->alive = 0;
                dvk_map_free(&c->periods);
                continue;
            }
            char msg[320];
            snprintf(msg, sizeof msg, "'%.*s' in column '%s' is not %s",
                     (int)(len > 60 ? 60 : len), raw, r->colnames[c->column],
                     s->period == DVK_PERIOD_INTEGER ? "an integer period"
                                                     : "a year or a date");
            st = dvk_reader_reject(r, DVK_VALUE, c->column, msg);
            dvk_error_hint(&r->err, "years are written 2021, dates 15/03/2021 "
                           "or 2021-03-15; --time names another column");
            return st;
        }
        c->parsed++;
        if (count_period(c, t, 1.0))
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, "out of memory");
    }
    return DVK_OK;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

DVK_API int dvk_series_finish(dvk_series *s, dvk_reader *r)
{
    if (!s || !r)
        return DVK_USAGE;
    size_t pick = SIZE_MAX;
    for (size_t i = 0; i < s->ncands && pick == SIZE_MAX; i++)
        if (s->cands[i].alive && s->cands[i].parsed > 0)
            pick = i;
    if (pick == SIZE_MAX) {
        if (r->rows_read == r->rows_filtered + r->rows_rejected)
            return dvk_error_set(&r->err, DVK_EMPTY, 0, 0, "no rows to count");
        if (s->by_header)
            return dvk_error_set(&r->err, DVK_EMPTY, 0, 0,
                                 "column '%s' holds no year or date",
                                 r->colnames[s->cands[0].column]);
        dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                      "no time column found: no header names a year or "
                      "date and no column holds only years or dates");
        dvk_error_hint(&r->err, "name it with --time COL");
        return DVK_COLUMN;
    }
    s->chosen = pick;
    struct candidate *c = &s->cands[pick];
    size_t n = c->periods.count;
    long *keys = dvk_realloc_array(NULL, n, sizeof *keys);
    if (!keys)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, "out of memory");
    size_t k = 0;
    for (size_t i = 0; i < c->periods.capacity; i++)
        if (c->periods.slots[i].key_len != SIZE_MAX)
            memcpy(&keys[k++], dvk_map_key(&c->periods, &c->periods.slots[i]),
                   sizeof(long));
    qsort(keys, n, sizeof *keys, cmp_long);
    /* Every period inside the range is present: one with no row is 0. */
    long first = keys[0], last = keys[n - 1];
    free(keys);
    if ((unsigned long)(last - first) > 10000000UL)
        return dvk_error_set(&r->err, DVK_VALUE, 0, 0,
                             "the periods span %ld to %ld, too many to list",
                             first, last);
    s->length = (size_t)(last - first) + 1;
    s->times = dvk_realloc_array(NULL, s->length, sizeof *s->times);
    s->values = dvk_calloc(s->length, sizeof *s->values);
    if (!s->times || !s->values)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, "out of memory");
    for (size_t i = 0; i < s->length; i++) {
        long t = first + (long)i;
        s->times[i] = t;
        dvk_map_entry *e = dvk_map_find(&c->periods, (const char *)&t, sizeof t);
        if (e)
            memcpy(&s->values[i], &e->value, sizeof(double));
    }
    return DVK_OK;
}

DVK_API size_t dvk_series_time_column(const dvk_series *s)
{
    return s && s->cands ? s->cands[s->chosen].column : 0;
}

DVK_API int dvk_series_period(const dvk_series *s)
{
    return s ? s->period : 0;
}

DVK_API size_t dvk_series_length(const dvk_series *s)
{
    return s ? s->length : 0;
}

DVK_API long dvk_series_time(const dvk_series *s, size_t k)
{
    return s && k < s->length ? s->times[k] : 0;
}

DVK_API double dvk_series_value(const dvk_series *s, size_t k)
{
    return s && k < s->length ? s->values[k] : 0;
}

DVK_API int dvk_series_merge(dvk_series *dst, const dvk_series *src)
{
    if (!dst || !src || dst->period != src->period)
        return DVK_USAGE;
    if (src->length == 0)
        return DVK_OK;
    long first = src->times[0], last = src->times[src->length - 1];
    if (dst->length) {
        if (dst->times[0] < first)
            first = dst->times[0];
        if (dst->times[dst->length - 1] > last)
            last = dst->times[dst->length - 1];
    }
    size_t n = (size_t)(last - first) + 1;
    long *times = dvk_realloc_array(NULL, n, sizeof *times);
    double *values = dvk_calloc(n, sizeof *values);
    if (!times || !values) {
        free(times);
        free(values);
        return DVK_NOMEM;
    }
    for (size_t i = 0; i < n; i++)
        times[i] = first + (long)i;
    for (size_t i = 0; i < dst->length; i++)
        values[dst->times[i] - first] += dst->values[i];
    for (size_t i = 0; i < src->length; i++)
        values[src->times[i] - first] += src->values[i];
    free(dst->times);
    free(dst->values);
    dst->times = times;
    dst->values = values;
    dst->length = n;
    return DVK_OK;
}
