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
#include "aggregate-impl.h"
#include "reader.h"

#include <limits.h>
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
    /* rows with an empty time: counted apart, so totals still agree */
    unsigned long long untimed_rows;
    double *untimed;        /* their NVALUES sums */
    unsigned long long serials; /* Excel day numbers read as dates */
    /* Rows like one before cost one lookup: the group's keys and labels
     * and the time's raw bytes -> memo entry, which holds the period, its
     * group in TABLE and the spellings to count (nparts + 1 an entry). */
    dvk_map memo;
    struct memo_entry *memo_ent;
    size_t *memo_spell;
    size_t nmemo, memo_cap;
};

struct memo_entry {
    long t;
    int serial;              /* an Excel day number read as a date */
    size_t group;
};

/* At most this many entries a column; then the memo starts over. */
#define SERIES_MEMO_MAX 65536

struct dvk_series {
    int period;
    int by_header;           /* the column was named or found by header */
    int given;               /* the caller gives each value's period */
    size_t nparts, nvalues;
    struct candidate *cands;
    size_t ncands;
    size_t chosen;
    const char **keys, **labels; /* scratch: group parts + the period */
    dvk_buf memo_key;        /* scratch: the group part of a memo key */
    int no_memo;             /* DVKSTAT_DEBUG=nocache */
    char period_key[32];
    /* the plain series: value 0 summed over groups, every period */
    long *times;
    double *values;
    size_t length;
    size_t max_periods;      /* the longest series laid out */
};

/* Header names (DVK_TEXT_NAME form) of a column of dates, where an
 * integer such as 44562 is a day as Excel counts them. */
static int is_date_header(const char *loose)
{
    static const char *const prefixes[] = {"ngay", "date", "thoigian", "thoidiem"};
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++)
        if (strncmp(loose, prefixes[i], strlen(prefixes[i])) == 0)
            return 1;
    return 0;
}

/* The period of Excel's day number SERIAL (1900 system, day 1 being
 * 1900-01-01 with its phantom 29 February, so day 25569 is 1970-01-01),
 * as dvk_time_parse() gives it for PERIOD. */
static long serial_period(long serial, int period)
{
    /* days since 1970-01-01 to a civil date (proleptic Gregorian) */
    long z = serial - 25569 + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long m = mp < 10 ? mp + 3 : mp - 9;
    long y = yoe + era * 400 + (m <= 2);
    switch (period) {
    case DVK_PERIOD_QUARTER: return y * 4 + (m - 1) / 3;
    case DVK_PERIOD_MONTH: return y * 12 + (m - 1);
    default: return y;
    }
}

/* Header names (in DVK_TEXT_NAME form) that mean a time column. */
int dvk_is_time_header(const char *loose)
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
    for (size_t i = 0; i < s->ncands; i++) {
        dvk_agg_free(s->cands[i].table);
        free(s->cands[i].untimed);
        dvk_map_free(&s->cands[i].memo);
        free(s->cands[i].memo_ent);
        free(s->cands[i].memo_spell);
    }
    dvk_buf_free(&s->memo_key);
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
    s->no_memo = dvk_cache_disabled();
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
            if (dvk_is_time_header(r->colloose[i]))
                col = i;
        s->by_header = col != SIZE_MAX;
    }
    s->ncands = s->by_header ? 1 : r->ncols;
    s->cands = dvk_calloc(s->ncands, sizeof *s->cands);
    s->keys = dvk_calloc(nparts + 1, sizeof *s->keys);
    s->labels = dvk_calloc(nparts + 1, sizeof *s->labels);
    if (!s->cands || !s->keys || !s->labels) {
        dvk_series_free(s);
        dvk_error_nomem(&r->err);
        return NULL;
    }
    for (size_t i = 0; i < s->ncands; i++) {
        s->cands[i].column = s->by_header ? col : i;
        s->cands[i].alive = 1;
        s->cands[i].table = dvk_agg_new(nparts + 1, nvalues);
        s->cands[i].untimed = dvk_calloc(nvalues, sizeof *s->cands[i].untimed);
        if (!s->cands[i].table || !s->cands[i].untimed) {
            dvk_series_free(s);
            dvk_error_nomem(&r->err);
            return NULL;
        }
    }
    return s;
}

DVK_API dvk_series *dvk_series_new_given(dvk_reader *r, size_t time_column, int period,
                                         size_t nparts, size_t nvalues)
{
    if (!r || time_column >= r->ncols)
        return NULL;
    char name[32];
    snprintf(name, sizeof name, "%zu", time_column + 1);
    dvk_series *s = dvk_series_new_grouped(r, name, period, nparts, nvalues);
    if (s)
        s->given = 1;
    return s;
}

/* C is not the time column after all: what it gathered is freed. */
static void rule_out(struct candidate *c)
{
    c->alive = 0;
    dvk_agg_free(c->table);
    c->table = NULL;
    dvk_map_free(&c->memo);
    c->nmemo = 0;
}

/* Period T as the last key of the row's group. */
static void set_period_key(dvk_series *s, long t)
{
    snprintf(s->period_key, sizeof s->period_key, "%ld", t);
    s->keys[s->nparts] = s->labels[s->nparts] = s->period_key;
}

/* One more row of C in period T: the range widens to hold it. */
static void count_period(struct candidate *c, long t)
{
    if (c->parsed == 0 || t < c->first)
        c->first = t;
    if (c->parsed == 0 || t > c->last)
        c->last = t;
    c->parsed++;
}

static int series_add_at_body(dvk_series *s, dvk_reader *r, long t,
                              const char *const *keys, const char *const *labels,
                              const double *values)
{
    if (!s || !r || !values || !s->given || (s->nparts && (!keys || !labels)))
        return DVK_USAGE;
    struct candidate *c = &s->cands[0];
    for (size_t i = 0; i < s->nparts; i++) {
        s->keys[i] = keys[i];
        s->labels[i] = labels[i];
    }
    set_period_key(s, t);
    if (dvk_agg_add(c->table, s->keys, s->labels, values))
        return dvk_error_nomem(&r->err);
    count_period(c, t);
    return DVK_OK;
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_series_add_at(dvk_series *s, dvk_reader *r, long t,
                              const char *const *keys, const char *const *labels,
                              const double *values)
{
    DVK_READER_LANG_RETURN(r, series_add_at_body(s, r, t, keys, labels, values));
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

/* Add VALUES to memo entry M of C: the row's group and period were seen
 * before, so neither the time nor the key is worked out again. */
static void memo_hit(dvk_series *s, struct candidate *c, size_t m, const double *values)
{
    const struct memo_entry *e = &c->memo_ent[m];
    dvk_agg *a = c->table;
    for (size_t v = 0; v < a->nvalues; v++)
        a->values[e->group * a->nvalues + v] += values[v];
    const size_t *spell = c->memo_spell + m * (s->nparts + 1);
    for (size_t i = 0; i <= s->nparts; i++)
        labels_bump(&a->labels[i], spell[i], 1);
    c->serials += e->serial;
    if (e->t < c->first)
        c->first = e->t;
    if (e->t > c->last)
        c->last = e->t;
    c->parsed++;
}

/* Add VALUES at period T for s->keys (the memo key in s->memo_key) to C's
 * table, and remember where they went. */
static int memo_add(dvk_series *s, struct candidate *c, long t, int serial,
                    const double *values)
{
    if (c->nmemo >= SERIES_MEMO_MAX) {
        dvk_map_clear(&c->memo);
        c->nmemo = 0;
    }
    if (c->nmemo == c->memo_cap) {
        size_t cap = c->memo_cap ? 2 * c->memo_cap : 64;
        struct memo_entry *ent = dvk_realloc_array(c->memo_ent, cap, sizeof *ent);
        if (ent)
            c->memo_ent = ent;
        size_t *spell = ent ? dvk_realloc_array(c->memo_spell, cap * (s->nparts + 1),
                                                sizeof *spell) : NULL;
        if (!spell)
            return DVK_NOMEM;
        c->memo_spell = spell;
        c->memo_cap = cap;
    }
    size_t m = c->nmemo;
    struct memo_entry *e = &c->memo_ent[m];
    e->t = t;
    e->serial = serial;
    if (dvk_agg_add_row(c->table, s->keys, s->labels, values, &e->group,
                        c->memo_spell + m * (s->nparts + 1)) ||
        !dvk_map_insert(&c->memo, s->memo_key.data, s->memo_key.len, m, NULL))
        return DVK_NOMEM;
    c->nmemo++;
    return DVK_OK;
}

static int series_add_body(dvk_series *s, dvk_reader *r,
                           const char *const *keys, const char *const *labels,
                           const double *values)
{
    if (!s || !r || !values || s->given || (s->nparts && (!keys || !labels)))
        return DVK_USAGE;
    for (size_t i = 0; i < s->nparts; i++) {
        s->keys[i] = keys[i];
        s->labels[i] = labels[i];
    }
    size_t prefix = 0;
    if (!s->no_memo) {
        dvk_buf_clear(&s->memo_key);
        for (size_t i = 0; i < s->nparts; i++)
            if (dvk_buf_append(&s->memo_key, keys[i], strlen(keys[i]) + 1) ||
                dvk_buf_append(&s->memo_key, labels[i], strlen(labels[i]) + 1))
                return dvk_error_nomem(&r->err);
        prefix = s->memo_key.len;
    }
    for (size_t i = 0; i < s->ncands; i++) {
        struct candidate *c = &s->cands[i];
        if (!c->alive)
            continue;
        size_t len;
        const char *raw = dvk_reader_field(r, c->column, &len);
        if (!s->no_memo && len > 0) {
            s->memo_key.len = prefix;
            if (dvk_buf_append(&s->memo_key, raw, len))
                return dvk_error_nomem(&r->err);
            dvk_map_entry *e = dvk_map_find(&c->memo, s->memo_key.data, s->memo_key.len);
            if (e) {
                memo_hit(s, c, e->value, values);
                continue;
            }
        }
        long t;
        /* A column found by its values must hold years or dates; one named
         * or found by its header may also number its periods 1, 2, 3 … */
        int kind = !s->by_header && s->period == DVK_PERIOD_AUTO ? DVK_PERIOD_YEAR : s->period;
        int st = dvk_time_parse(raw, len, kind, &t), serial = 0;
        if (st == DVK_EMPTY) {
            c->untimed_rows++;
            for (size_t v = 0; v < s->nvalues; v++)
                c->untimed[v] += values[v];
            continue;
        }
        /* 44562 under "Ngày đăng ký" is 01/01/2022, exported unformatted */
        if (st == DVK_OK && s->by_header && s->period != DVK_PERIOD_INTEGER &&
            t >= 20000 && t <= 80000 && len == strspn(raw, " 0123456789") &&
            is_date_header(r->colloose[c->column])) {
            t = serial_period(t, s->period);
            c->serials++;
            serial = 1;
        }
        if (st) {
            if (!s->by_header) {
                rule_out(c);
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
        set_period_key(s, t);
        if (s->no_memo || len == 0) {
            if (dvk_agg_add(c->table, s->keys, s->labels, values))
                return dvk_error_nomem(&r->err);
        } else if (memo_add(s, c, t, serial, values)) {
            return dvk_error_nomem(&r->err);
        }
        count_period(c, t);
    }
    return DVK_OK;
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_series_add(dvk_series *s, dvk_reader *r,
                           const char *const *keys, const char *const *labels,
                           const double *values)
{
    DVK_READER_LANG_RETURN(r, series_add_body(s, r, keys, labels, values));
}

DVK_API int dvk_series_add_row(dvk_series *s, dvk_reader *r)
{
    static const double one = 1;
    if (!s || s->nparts != 0)
        return DVK_USAGE;
    return dvk_series_add(s, r, NULL, NULL, &one);
}

/* Add candidate C's table, rows without a time, serials and time span to
 * D's (NVALUES values a row). */
static int merge_candidate(struct candidate *d, const struct candidate *c, size_t nvalues)
{
    int st = dvk_agg_merge(d->table, c->table);
    if (st)
        return st;
    d->untimed_rows += c->untimed_rows;
    for (size_t v = 0; v < nvalues; v++)
        d->untimed[v] += c->untimed[v];
    d->serials += c->serials;
    if (c->parsed) {
        if (d->parsed == 0 || c->first < d->first)
            d->first = c->first;
        if (d->parsed == 0 || c->last > d->last)
            d->last = c->last;
        d->parsed += c->parsed;
    }
    return DVK_OK;
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

static int series_finish_body(dvk_series *s, dvk_reader *r)
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
        return dvk_error_nomem(&r->err);
    return DVK_OK;
}

DVK_API int dvk_series_finish(dvk_series *s, dvk_reader *r)
{
    DVK_READER_LANG_RETURN(r, series_finish_body(s, r));
}

DVK_API int dvk_series_merge(dvk_series *dst, const dvk_series *src)
{
    if (!dst || !src || dst->period != src->period || dst->nparts != src->nparts ||
        dst->nvalues != src->nvalues)
        return DVK_USAGE;
    int st = merge_candidate(&dst->cands[dst->chosen], &src->cands[src->chosen], dst->nvalues);
    return st ? st : lay_out(dst);
}

/* The part of a file read by another thread: its rows follow S's. */
DVK_API int dvk_series_join(dvk_series *s, const dvk_series *part)
{
    if (!s || !part || s->period != part->period || s->nparts != part->nparts ||
        s->nvalues != part->nvalues || s->ncands != part->ncands || s->given != part->given ||
        s->by_header != part->by_header)
        return DVK_USAGE;
    /* Years in one and other numbers in the other: one series fed every
     * row would have rejected the first row of the second kind. */
    for (size_t i = 0; i < s->ncands; i++) {
        const struct candidate *c = &s->cands[i], *p = &part->cands[i];
        if (c->column != p->column)
            return DVK_USAGE;
        if (c->alive && p->alive && ((c->year_line && p->other_line) ||
                                     (c->other_line && p->year_line)))
            return DVK_VALUE;
    }
    for (size_t i = 0; i < s->ncands; i++) {
        struct candidate *c = &s->cands[i];
        const struct candidate *p = &part->cands[i];
        if (!c->alive)
            continue;
        if (!p->alive) { /* a value of the part ruled the column out */
            rule_out(c);
            continue;
        }
        int st = merge_candidate(c, p, s->nvalues);
        if (st)
            return st;
        if (!c->year_line && p->year_line) {
            c->year_line = p->year_line;
            memcpy(c->year_text, p->year_text, sizeof c->year_text);
        }
        if (!c->other_line && p->other_line) {
            c->other_line = p->other_line;
            c->other_value = p->other_value;
            memcpy(c->other_text, p->other_text, sizeof c->other_text);
        }
    }
    return DVK_OK;
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

DVK_API double dvk_series_untimed(const dvk_series *s, size_t value,
                                  unsigned long long *rows)
{
    const struct candidate *c = s && s->cands ? &s->cands[s->chosen] : NULL;
    if (rows)
        *rows = c ? c->untimed_rows : 0;
    return c && value < s->nvalues ? c->untimed[value] : 0;
}

DVK_API unsigned long long dvk_series_date_serials(const dvk_series *s)
{
    return s && s->cands ? s->cands[s->chosen].serials : 0;
}

/* The table's last key part is the period in decimal: the series writes it
 * so, and only here is it read back. */
DVK_API long dvk_series_group_period(const dvk_series *s, size_t group)
{
    const dvk_agg *table = dvk_series_table(s);
    if (!table || group >= dvk_agg_size(table))
        return LONG_MIN;
    return strtol(dvk_agg_key(table, group, s->nparts), NULL, 10);
}

DVK_API int dvk_series_group_values(const dvk_series *s, const char *const *keys,
                                    size_t value, double *times, double *values,
                                    size_t len)
{
    const dvk_agg *table = dvk_series_table(s);
    if (!table || !values || value >= s->nvalues || len != s->length || !len ||
        (keys && s->nparts && !keys[0]))
        return DVK_USAGE;
    long first = s->times[0];
    for (size_t i = 0; i < len; i++) {
        values[i] = 0;
        if (times)
            times[i] = (double)(first + (long)i);
    }
    for (size_t g = 0; g < dvk_agg_size(table); g++) {
        int match = 1;
        for (size_t p = 0; keys && match && p < s->nparts; p++)
            match = strcmp(dvk_agg_key(table, g, p), keys[p]) == 0;
        if (!match)
            continue;
        long t = dvk_series_group_period(s, g);
        if (t >= first && (size_t)(t - first) < len)
            values[t - first] += dvk_agg_value(table, g, value);
    }
    return DVK_OK;
}
