/* expr.c: conditions on a row: COL=V, COL!=V, COL=V1|V2, COL>=N …
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One parser and one evaluator for --where filters and for the numerator
 * and denominator of ratios.  Text compares as keys (DVK_TEXT_KEY), so
 * case, spacing and tone placement do not matter.
 */
#include "expr.h"
#include "reader.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum expr_op { OP_EQ, OP_NE, OP_GE, OP_LE, OP_GT, OP_LT };

struct dvk_expr {
    size_t column;
    int op;
    double number;   /* numeric comparisons */
    char **values;   /* OP_EQ / OP_NE: keys */
    size_t nvalues;
};

DVK_API void dvk_expr_free(dvk_expr *e)
{
    if (!e)
        return;
    for (size_t j = 0; j < e->nvalues; j++)
        free(e->values[j]);
    free(e->values);
    free(e);
}

static const char *find_operator(const char *text, int *op, size_t *oplen)
{
    for (const char *p = text; *p; p++) {
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

static int expr_new_body(dvk_reader *r, const char *text, dvk_expr **out)
{
    if (!r || !text || !out)
        return DVK_USAGE;
    *out = NULL;
    dvk_error *err = dvk_reader_error_of(r);
    if (!dvk_reader_is_open(r))
        return dvk_error_set(err, DVK_USAGE, 0, 0,
                             _("conditions are made after the input is opened"));
    int op;
    size_t oplen;
    const char *at = find_operator(text, &op, &oplen);
    if (!at || at == text) {
        dvk_error_set(err, DVK_USAGE, 0, 0,
                      _("condition '%s' is not COL=V, COL!=V, COL=V1|V2, "
                      "COL>=N, COL<=N, COL>N or COL<N"), text);
        return DVK_USAGE;
    }
    char *colname = dvk_strndup(text, (size_t)(at - text));
    dvk_expr *e = dvk_calloc(1, sizeof *e);
    if (!colname || !e) {
        free(colname);
        free(e);
        return dvk_error_nomem(err);
    }
    int st = dvk_reader_find_column(r, colname, &e->column);
    free(colname);
    if (st) {
        free(e);
        return st;
    }
    e->op = op;
    const char *value = at + oplen;
    if (op == OP_EQ || op == OP_NE) {
        size_t n = 1;
        for (const char *p = value; *p; p++)
            n += *p == '|';
        e->values = dvk_calloc(n, sizeof *e->values);
        if (!e->values) {
            dvk_expr_free(e);
            return dvk_error_nomem(err);
        }
        const char *p = value;
        for (size_t i = 0; i < n; i++) {
            const char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            if (dvk_text_normalize(p, len, DVK_TEXT_KEY, &e->values[i], NULL)) {
                dvk_expr_free(e);
                return dvk_error_set(err, DVK_USAGE, 0, 0,
                                     _("condition '%s' is not valid UTF-8"), text);
            }
            e->nvalues++;
            p = bar ? bar + 1 : p + len;
        }
    } else if (dvk_number_parse(value, strlen(value), dvk_reader_uses_decimal_comma(r), &e->number)) {
        dvk_expr_free(e);
        return dvk_error_set(err, DVK_USAGE, 0, 0,
                             _("condition '%s' compares with '%s', which is not "
                             "a number"), text, value);
    }
    *out = e;
    return DVK_OK;
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_expr_new(dvk_reader *r, const char *text, dvk_expr **out)
{
    DVK_READER_LANG_RETURN(r, expr_new_body(r, text, out));
}

static int expr_eval_body(const dvk_expr *e, dvk_reader *r, int *result)
{
    if (!e || !r || !result)
        return DVK_USAGE;
    dvk_error *err = dvk_reader_error_of(r);
    *result = 0;
    if (e->op == OP_EQ || e->op == OP_NE) {
        const char *key = dvk_reader_field_text(r, e->column, DVK_TEXT_KEY, NULL);
        if (!key)
            return err->status;
        int any = 0;
        for (size_t j = 0; j < e->nvalues && !any; j++)
            any = strcmp(key, e->values[j]) == 0;
        *result = e->op == OP_EQ ? any : !any;
        return DVK_OK;
    }
    size_t len;
    const char *raw = dvk_reader_field(r, e->column, &len);
    double x;
    int st = dvk_reader_field_number(r, e->column, &x);
    if (st == DVK_EMPTY)
        return DVK_OK; /* missing: the comparison does not hold */
    if (st) {
        char msg[256];
        snprintf(msg, sizeof msg, _("'%.*s' in column '%s' is not a number"),
                 (int)(len > 60 ? 60 : len), raw, dvk_reader_column_name(r, e->column));
        int rst = dvk_reader_reject(r, DVK_VALUE, e->column, msg);
        dvk_error_hint(err, _("numbers are written 1234 or 12.5%s"),
                       dvk_reader_uses_decimal_comma(r)
                           ? _(" (with --decimal-comma: 1.234 or 12,5)")
                           : _("; use --decimal-comma for 12,5"));
        return rst;
    }
    switch (e->op) {
    case OP_GE: *result = x >= e->number; break;
    case OP_LE: *result = x <= e->number; break;
    case OP_GT: *result = x > e->number; break;
    default: *result = x < e->number; break;
    }
    return DVK_OK;
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_expr_eval(const dvk_expr *e, dvk_reader *r, int *result)
{
    DVK_READER_LANG_RETURN(r, expr_eval_body(e, r, result));
}
