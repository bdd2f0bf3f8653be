/* columns.c: finding columns by name, index or loose name; --where filters.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "reader.h"

#include <stdlib.h>
#include <string.h>

int dvk_reader_init_columns(dvk_reader *r)
{
    r->colkeys = dvk_calloc(r->ncols, sizeof *r->colkeys);
    r->colloose = dvk_calloc(r->ncols, sizeof *r->colloose);
    if (!r->colkeys || !r->colloose)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, "out of memory");
    for (size_t i = 0; i < r->ncols; i++) {
        const char *name = r->colnames[i];
        if (dvk_text_normalize(name, strlen(name), DVK_TEXT_KEY, &r->colkeys[i], NULL) ||
            dvk_text_normalize(name, strlen(name), DVK_TEXT_NAME, &r->colloose[i], NULL))
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, "out of memory");
    }
    return DVK_OK;
}

/* Matches of SPEC among names; returns how many, the first in *FIRST. */
static size_t match_names(char **names, size_t n, const char *spec,
                          size_t *first, dvk_buf *list)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], spec) != 0)
            continue;
        if (count == 0)
            *first = i;
        count++;
    }
    if (count > 1 && list) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(names[i], spec) == 0)
                dvk_buf_printf(list, "%s%zu", list->len ? ", " : "", i + 1);
    }
    return count;
}

static int ambiguous(dvk_reader *r, const char *spec, dvk_buf *list)
{
    dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                  "column name '%s' is ambiguous: it matches columns %s",
                  spec, list->data ? list->data : "");
    dvk_error_hint(&r->err, "name the column by its number instead");
    dvk_buf_free(list);
    return DVK_COLUMN;
}

DVK_API int dvk_reader_find_column(dvk_reader *r, const char *spec,
                                   size_t *index)
{
    if (!r || !spec || !index)
        return DVK_USAGE;
    if (!r->colnames)
        return dvk_error_set(&r->err, DVK_USAGE, 0, 0, "the reader is not open");
    dvk_buf list = {0};
    size_t first = 0, count;
    int st = DVK_OK;
    char *clean = NULL, *key = NULL, *loose = NULL;
    size_t speclen = strlen(spec);

    if (dvk_text_normalize(spec, speclen, DVK_TEXT_CLEAN, &clean, NULL) ||
        dvk_text_normalize(spec, speclen, DVK_TEXT_KEY, &key, NULL) ||
        dvk_text_normalize(spec, speclen, DVK_TEXT_NAME, &loose, NULL)) {
        st = dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                           "column name '%s' is not valid UTF-8", spec);
        goto done;
    }
    /* 1. the header text as written */
    count = match_names(r->colnames, r->ncols, clean, &first, &list);
    if (count == 1)
        goto found;
    if (count > 1) {
        st = ambiguous(r, spec, &list);
        goto done;
    }
    /* 2. a 1-based index */
    if (speclen > 0 && strspn(spec, "0123456789") == speclen) {
        unsigned long long k = strtoull(spec, NULL, 10);
        if (k >= 1 && k <= r->ncols) {
            first = (size_t)k - 1;
            goto found;
        }
        st = dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                           "no column %s: the input has %zu columns", spec,
                           r->ncols);
        goto done;
    }
    /* 3. the same text in another case; 4. the loose form */
    count = match_names(r->colkeys, r->ncols, key, &first, &list);
    if (count == 0 && loose[0])
        count = match_names(r->colloose, r->ncols, loose, &first, &list);
    if (count == 1)
        goto found;
    if (count > 1) {
        st = ambiguous(r, spec, &list);
        goto done;
    }

    /* Unknown: list the columns and suggest the closest. */
    {
        size_t best = SIZE_MAX, best_i = 0;
        for (size_t i = 0; i < r->ncols; i++) {
            size_t d = dvk_edit_distance(loose, strlen(loose), r->colloose[i],
                                         strlen(r->colloose[i]));
            if (d < best) {
                best = d;
                best_i = i;
            }
        }
        dvk_buf cols = {0};
        for (size_t i = 0; i < r->ncols && i < 30; i++)
            dvk_buf_printf(&cols, "%s'%s'", i ? ", " : "", r->colnames[i]);
        if (r->ncols > 30)
            dvk_buf_printf(&cols, " and %zu more", r->ncols - 30);
        st = dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                           "unknown column '%s'; the columns are %s", spec,
                           cols.data ? cols.data : "");
        dvk_buf_free(&cols);
        size_t limit = strlen(loose) / 3 + 1;
        if (best != SIZE_MAX && best <= limit)
            dvk_error_hint(&r->err, "did you mean '%s'?", r->colnames[best_i]);
        else
            dvk_error_hint(&r->err, "name a column by its header text, its "
                           "number (1, 2 …) or without accents (linh_vuc)");
    }
    goto done;
found:
    *index = first;
done:
    dvk_buf_free(&list);
    free(clean);
    free(key);
    free(loose);
    return st;
}

/* ---------------------------------------------------------------- filters */

void dvk_filters_free(dvk_reader *r)
{
    for (size_t i = 0; i < r->nfilters; i++) {
        for (size_t j = 0; j < r->filters[i].nvalues; j++)
            free(r->filters[i].values[j]);
        free(r->filters[i].values);
    }
    free(r->filters);
    r->filters = NULL;
    r->nfilters = 0;
}

static const char *find_operator(const char *expr, int *op, size_t *oplen)
{
    for (const char *p = expr; *p; p++) {
        if (p[0] == '!' && p[1] == '=') {
            *op = OP_NE;
            *oplen = 2;
            return p;
        }
        if ((p[0] == '>' || p[0] == '<') && p[1] == '=') {
            *op = p[0] == '>' ? OP_GE : OP_LE;
            *oplen = 2;
            return p;
        }
        if (p[0] == '=' || p[0] == '>' || p[0] == '<') {
            *op = p[0] == '=' ? OP_EQ : p[0] == '>' ? OP_GT : OP_LT;
            *oplen = 1;
            return p;
        }
    }
    return NULL;
}

DVK_API int dvk_reader_add_filter(dvk_reader *r, const char *expr)
{
    if (!r || !expr)
        return DVK_USAGE;
    if (!r->colnames)
        return dvk_error_set(&r->err, DVK_USAGE, 0, 0,
                             "filters are added after the input is opened");
    int op;
    size_t oplen;
    const char *at = find_operator(expr, &op, &oplen);
    if (!at || at == expr) {
        dvk_error_set(&r->err, DVK_USAGE, 0, 0,
                      "filter '%s' is not COL=V, COL!=V, COL=V1|V2, "
                      "COL>=N, COL<=N, COL>N or COL<N", expr);
        return DVK_USAGE;
    }
    char *colname = dvk_strndup(expr, (size_t)(at - expr));
    if (!colname)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, "out of memory");
    struct dvk_filter f = {0};
    int st = dvk_reader_find_column(r, colname, &f.column);
    free(colname);
    if (st)
        return st;
    f.op = op;
    const char *value = at + oplen;
    if (op == OP_EQ || op == OP_NE) {
        /* V1|V2|…: any of them. */
        size_t n = 1;
        for (const char *p = value; *p; p++)
            n += *p == '|';
        f.values = dvk_calloc(n, sizeof *f.values);
        if (!f.values)
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, "out of memory");
        const char *p = value;
        for (size_t i = 0; i < n; i++) {
            const char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            if (dvk_text_normalize(p, len, DVK_TEXT_KEY, &f.values[i], NULL)) {
                for (size_t j = 0; j < i; j++)
                    free(f.values[j]);
                free(f.values);
                return dvk_error_set(&r->err, DVK_USAGE, 0, 0,
                                     "filter '%s' is not valid UTF-8", expr);
            }
            f.nvalues++;
            p = bar ? bar + 1 : p + len;
        }
    } else {
        st = dvk_number_parse(value, strlen(value), r->decimal_comma, &f.number);
        if (st) {
            return dvk_error_set(&r->err, DVK_USAGE, 0, 0,
                                 "filter '%s' compares with '%s', which is "
                                 "not a number", expr, value);
        }
    }
    struct dvk_filter *grown = dvk_realloc_array(r->filters, r->nfilters + 1,
                                                 sizeof *grown);
    if (!grown) {
        for (size_t j = 0; j < f.nvalues; j++)
            free(f.values[j]);
        free(f.values);
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, "out of memory");
    }
    r->filters = grown;
    r->filters[r->nfilters++] = f;
    return DVK_OK;
}

int dvk_filter_row(dvk_reader *r, int *pass)
{
    *pass = 1;
    for (size_t i = 0; i < r->nfilters && *pass; i++) {
        const struct dvk_filter *f = &r->filters[i];
        if (f->op == OP_EQ || f->op == OP_NE) {
            size_t len;
            const char *key = dvk_reader_field_text(r, f->column, DVK_TEXT_KEY, &len);
            if (!key)
                return r->err.status;
            int any = 0;
            for (size_t j = 0; j < f->nvalues && !any; j++)
                any = strcmp(key, f->values[j]) == 0;
            *pass = f->op == OP_EQ ? any : !any;
            continue;
        }
        size_t len;
        const char *raw = dvk_reader_field(r, f->column, &len);
        double x;
        int st = dvk_number_parse(raw, len, r->decimal_comma, &x);
        if (st == DVK_EMPTY) {
            *pass = 0;
            continue;
        }
        if (st) {
            char msg[256];
            snprintf(msg, sizeof msg, "'%.*s' in column '%s' is not a number",
                     (int)(len > 60 ? 60 : len), raw, r->colnames[f->column]);
            int rst = dvk_reader_reject(r, DVK_VALUE, f->column, msg);
            dvk_error_hint(&r->err, "numbers are written 1234 or 12.5%s",
                           r->decimal_comma ? " (with --decimal-comma: 1.234 or 12,5)"
                                            : "; use --decimal-comma for 12,5");
            return rst;
        }
        switch (f->op) {
        case OP_GE: *pass = x >= f->number; break;
        case OP_LE: *pass = x <= f->number; break;
        case OP_GT: *pass = x > f->number; break;
        default: *pass = x < f->number; break;
        }
    }
    return DVK_OK;
}
