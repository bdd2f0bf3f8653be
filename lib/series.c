/* series.c: sums per group and period, and finding the time column.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * "dvkstat trend models.csv" must work with no option, so the time column
 * is found by its header (năm, year, ngày, date …) or, failing that, as
 * the first column whose values are all years or dates.  The latter is
 * decided in the same single pass that counts (standard input cannot be
 * read twice): every candidate column keeps its own table until a value
 * rules it out.  The tables are dvk_agg tables whose last key part is the
 * period, so series of parts of a register merge like any count.
 */
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct candidate {
    size_t column;
    int alive;
    dvk_agg *table;
    long first, last;       /* range of the periods seen */
    unsigned long long parsed;
    /* DVK_PERIOD_AUTO: years (1900-2100, or dates) and other integers
     * must not mix; the first of each kind, to say where */
    long year_line, other_line, other_value;
    char year_text[24], other_text[24];
};

struct dvk_series {
    int period;
    int by_header;           /* the column was named or found by header */
    size_t nparts, nvalues;
    struct candidate *cands;
    size_t ncands;
    size_t chosen;
    const char **keys, **labels; /* scratch: group parts + the period */
    char period_key[32];
    /* the plain series: value 0 summed over groups, every period */
    long *times;
    double *values;
    size_t length;
    size_t max_periods;      /* the longest series laid out */
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

DVK_API void dvk_series_free(dvk_series *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->ncands; i++)
        dvk_agg_free(s->cands[i].table);
    free(s->cands);
    free(s->keys);
    free(s->labels);
    free(s->times);
    free(s->values);
    free(s);
}

DVK_API dvk_series *dvk_series_new_grouped(dvk_reader *r, const char *time_column,
                                           int period, size_t nparts,
                                           size_t nvalues)
{
    if (!r || !r->colnames || nvalues == 0)
        return NULL;
    dvk_series *s = dvk_calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->period = period;
    s->max_periods = DVK_MAX_PERIODS;
    s->nparts = nparts;
    s->nvalues = nvalues;
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
    s->keys = dvk_calloc(nparts + 1, sizeof *s->keys);
    s->labels = dvk_calloc(nparts + 1, sizeof *s->labels);
    if (!s->cands || !s->keys || !s->labels) {
        dvk_series_free(s);
        dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
        return NULL;
    }
    for (size_t i = 0; i < s->ncands; i++) {
        s->cands[i].column = s->by_header ? col : i;
        s->cands[i].alive = 1;
        s->cands[i].table = dvk_agg_new(nparts + 1, nvalues);
        if (!s->cands[i].table) {
            dvk_series_free(s);
            dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
            return NULL;
        }
    }
    return s;
}

DVK_API dvk_series *dvk_series_new(dvk_reader *r, const char *time_column,
                                   int period)
{
    return dvk_series_new_grouped(r, time_column, period, 0, 1);
}

/* A column of years with another integer in it (an Excel date serial such
 * as 44562, a typing slip) would make a series of thousands of periods:
 * years and other numbers do not mix in one column. */
static int check_kind(struct candidate *c, dvk_reader *r, const char *raw, size_t len, long t)
{
    int year = t >= 1900 && t <= 2100;
    long *mine = year ? &c->year_line : &c->other_line;
    char *text = year ? c->year_text : c->other_text;
    long other_line = year ? c->other_line : c->year_line;
    const char *other_text = year ? c->other_text : c->year_text;
    if (!other_line) {
        if (!*mine) { /* the first of its kind; a row set aside is not */
            *mine = dvk_reader_line(r);
            if (!year)
                c->other_value = t;
            snprintf(text, sizeof c->year_text, "%.*s", (int)(len > 20 ? 20 : len), raw);
        }
        return DVK_OK;
    }
    char msg[320];
    if (year)
        snprintf(msg, sizeof msg, _("'%.*s' in column '%s' is a year, but the rows above "
                 "it hold other numbers (line %ld: '%s')"), (int)(len > 60 ? 60 : len), raw,
                 r->colnames[c->column], other_line, other_text);
    else
        snprintf(msg, sizeof msg, _("'%.*s' in column '%s' is not a year, as the rows above "
                 "it hold (line %ld: '%s')"), (int)(len > 60 ? 60 : len), raw,
                 r->colnames[c->column], other_line, other_text);
    int st = dvk_reader_reject(r, DVK_VALUE, c->column, msg);
    long odd = year ? c->other_value : t;
    if (odd >= 20000 && odd <= 80000)
        dvk_error_hint(&r->err, _("a number such as 44562 is a date as Excel counts "
                       "days; format the column as dates before exporting"));
    else
        dvk_error_hint(&r->err, _("years are written 2021, dates 15/03/2021 "
                       "or 2021-03-15; --time names another column"));
    return st;
}

DVK_API int dvk_series_add(dvk_series *s, dvk_reader *r,
                           const char *const *keys, const char *const *labels,
                           const double *values)
{
    if (!s || !r || !values || (s->nparts && (!keys || !labels)))
        return DVK_USAGE;
    for (size_t i = 0; i < s->nparts; i++) {
        s->keys[i] = keys[i];
        s->labels[i] = labels[i];
    }
    for (size_t i = 0; i < s->ncands; i++) {
        struct candidate *c = &s->cands[i];
        if (!c->alive)
            continue;
        size_t len;
        const char *raw = dvk_reader_field(r, c->column, &len);
        long t;
        /* A column found by its values must hold years or dates; one named
         * or found by its header may also number its periods 1, 2, 3 … */
        int kind = !s->by_header && s->period == DVK_PERIOD_AUTO ? DVK_PERIOD_YEAR : s->period;
        int st = dvk_time_parse(raw, len, kind, &t);
        if (st == DVK_EMPTY)
            continue;
        if (st) {
            if (!s->by_header) {
                c->alive = 0;
                dvk_agg_free(c->table);
                c->table = NULL;
                continue;
            }
            char msg[320];
            snprintf(msg, sizeof msg, _("'%.*s' in column '%s' is not %s"),
                     (int)(len > 60 ? 60 : len), raw, r->colnames[c->column],
                     s->period == DVK_PERIOD_INTEGER ? _("an integer period")
                                                     : _("a year or a date"));
            st = dvk_reader_reject(r, DVK_VALUE, c->column, msg);
            dvk_error_hint(&r->err, _("years are written 2021, dates 15/03/2021 "
                           "or 2021-03-15; --time names another column"));
            return st;
        }
        if (s->period == DVK_PERIOD_AUTO) {
            st = check_kind(c, r, raw, len, t);
            if (st)
                return st;
        }
        snprintf(s->period_key, sizeof s->period_key, "%ld", t);
        s->keys[s->nparts] = s->labels[s->nparts] = s->period_key;
        if (dvk_agg_add(c->table, s->keys, s->labels, values))
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
        if (c->parsed == 0 || t < c->first)
            c->first = t;
        if (c->parsed == 0 || t > c->last)
            c->last = t;
        c->parsed++;
    }
    return DVK_OK;
}

DVK_API int dvk_series_add_row(dvk_series *s, dvk_reader *r)
{
    static const double one = 1;
    if (!s || s->nparts != 0)
        return DVK_USAGE;
    return dvk_series_add(s, r, NULL, NULL, &one);
}

/* Lay out the plain series (value 0 over all groups) from FIRST to LAST. */
static int lay_out(dvk_series *s)
{
    struct candidate *c = &s->cands[s->chosen];
    free(s->times);
    free(s->values);
    s->times = NULL;
    s->values = NULL;
    s->length = 0;
    if (c->parsed == 0)
        return DVK_OK;
    /* Unsigned: the span of LONG_MIN to LONG_MAX does not overflow.  A
     * register spans some tens of years; 1 and 10,000,000 in an integer
     * column would otherwise be ten million lines. */
    unsigned long span = (unsigned long)c->last - (unsigned long)c->first;
    if (span >= s->max_periods)
        return DVK_LIMIT;
    s->length = (size_t)span + 1;
    s->times = dvk_realloc_array(NULL, s->length, sizeof *s->times);
    s->values = dvk_calloc(s->length, sizeof *s->values);
    if (!s->times || !s->values)
        return DVK_NOMEM;
    for (size_t i = 0; i < s->length; i++)
        s->times[i] = c->first + (long)i;
    for (size_t g = 0; g < dvk_agg_size(c->table); g++) {
        long t = strtol(dvk_agg_key(c->table, g, s->nparts), NULL, 10);
        s->values[t - c->first] += dvk_agg_value(c->table, g, 0);
    }
    return DVK_OK;
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
            return dvk_error_set(&r->err, DVK_EMPTY, 0, 0, _("no rows to count"));
        if (s->by_header)
            return dvk_error_set(&r->err, DVK_EMPTY, 0, 0,
                                 _("column '%s' holds no year or date"),
                                 r->colnames[s->cands[0].column]);
        dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                      _("no time column found: no header names a year or "
                      "date and no column holds only years or dates"));
        dvk_error_hint(&r->err, _("name it with --time COL"));
        return DVK_COLUMN;
    }
    s->chosen = pick;
    /* Only the chosen candidate's table is kept. */
    for (size_t i = 0; i < s->ncands; i++)
        if (i != pick) {
            dvk_agg_free(s->cands[i].table);
            s->cands[i].table = NULL;
        }
    int st = lay_out(s);
    if (st == DVK_LIMIT) {
        dvk_error_set(&r->err, DVK_LIMIT, 0, 0,
                      _("the periods span %ld to %ld, more than the %zu a series may "
                        "span (--max-periods)"),
                      s->cands[pick].first, s->cands[pick].last, s->max_periods);
        dvk_error_hint(&r->err, _("a value far from the others in the time column is often "
                                  "a typing slip; --max-periods N allows longer series"));
        return DVK_LIMIT;
    }
    if (st)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    return DVK_OK;
}

DVK_API int dvk_series_merge(dvk_series *dst, const dvk_series *src)
{
    if (!dst || !src || dst->period != src->period || dst->nparts != src->nparts ||
        dst->nvalues != src->nvalues)
        return DVK_USAGE;
    struct candidate *d = &dst->cands[dst->chosen];
    const struct candidate *c = &src->cands[src->chosen];
    int st = dvk_agg_merge(d->table, c->table);
    if (st)
        return st;
    if (c->parsed) {
        if (d->parsed == 0 || c->first < d->first)
            d->first = c->first;
        if (d->parsed == 0 || c->last > d->last)
            d->last = c->last;
        d->parsed += c->parsed;
    }
    return lay_out(dst);
}

DVK_API int dvk_series_set_max_periods(dvk_series *s, size_t max)
{
    if (!s || max == 0)
        return DVK_USAGE;
    s->max_periods = max;
    return DVK_OK;
}

DVK_API size_t dvk_series_max_periods(const dvk_series *s)
{
    return s ? s->max_periods : 0;
}

DVK_API const dvk_agg *dvk_series_table(const dvk_series *s)
{
    return s && s->cands ? s->cands[s->chosen].table : NULL;
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
