/* match.c: a condition that no row meets is said, not counted as zero.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 'Tình trạng=Duy tri' (a missing accent) or 'Năm=>2020' (the operator
 * turned round) holds on no row, and a count of zero or a ratio of 0 %
 * would read as a fact about the register.  When a command's conditions
 * leave it nothing, the inputs are read once more without them, each
 * condition is tried on every row by itself, and one that holds nowhere
 * is an error naming the closest values of its column.  The second read
 * costs nothing in the ordinary run: it happens only on the way to an
 * error.  A condition is judged over all the inputs together: one that
 * matches in one file of several is a real zero in the others. */
#include <config.h>
#include "cli.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SHOWN 3 /* closest values named */

struct condition {
    const char *text;
    char *column;      /* as written before the operator */
    char *name;        /* the column's header in the first file */
    const char *value; /* after it */
    int equality;      /* COL=V or COL!=V: text values to suggest */
    dvk_expr *expr;
    size_t col;
    unsigned long long held;
    dvk_agg *values;   /* the column's values (equality) */
    dvk_grouper *grouper;
    double low, high;  /* the column's numbers (comparisons) */
};

/* Split TEXT as the library does: at the first operator. */
static int split(struct condition *c)
{
    for (const char *p = c->text; *p; p++) {
        size_t len = 0;
        int eq = 0;
        if (p[0] == '!' && p[1] == '=')
            len = 2, eq = 1;
        else if ((p[0] == '>' || p[0] == '<') && p[1] == '=')
            len = 2;
        else if (p[0] == '=')
            len = 1, eq = 1;
        else if (p[0] == '>' || p[0] == '<')
            len = 1;
        if (!len)
            continue;
        c->column = strndup(c->text, (size_t)(p - c->text));
        c->value = p + len;
        c->equality = eq;
        return c->column ? DVK_OK : DVK_NOMEM;
    }
    return DVK_USAGE;
}

static char *folded(const char *s, size_t len)
{
    char *out = NULL;
    if (dvk_text_normalize(s, len, DVK_TEXT_NAME, &out, NULL))
        return NULL;
    return out;
}

/* How far LABEL is from what the user wrote (the alternatives of V1|V2):
 * a value the typed text begins ('Duy tri' of 'Duy trì, hiệu quả') is
 * nearest, then the fewest letters changed, accents and case aside. */
static size_t closeness(const char *value, const char *label)
{
    char *l = folded(label, strlen(label));
    size_t best = SIZE_MAX;
    for (const char *p = value; l;) {
        const char *bar = strchr(p, '|');
        size_t len = bar ? (size_t)(bar - p) : strlen(p);
        char *v = folded(p, len);
        if (v && v[0]) {
            /* a value the typed text begins stays nearest (0), the others
             * 1 + their distance; too long to weigh, last */
            size_t d = 0;
            if (strncmp(l, v, strlen(v)) != 0 && (d = dvk_text_distance(v, l)) != SIZE_MAX)
                d++;
            if (d < best)
                best = d;
        }
        free(v);
        if (!bar)
            break;
        p = bar + 1;
    }
    free(l);
    return best;
}

static void suggest(const struct condition *c, const char *colname)
{
    /* 'Năm=>2020': the operator written the other way round */
    if (c->equality && c->value > c->text && c->value[-1] == '=' &&
        (c->value[0] == '>' || c->value[0] == '<') && c->value[1] != '=' &&
        (c->value - 1 == c->text || c->value[-2] != '!')) {
        fprintf(stderr, _("dvkstat: hint: did you mean '%s%c=%s'?\n"), c->column,
                c->value[0], c->value + 1);
        return;
    }
    if (!c->equality) {
        if (isfinite(c->low))
            fprintf(stderr, _("dvkstat: hint: the numbers of '%s' run from %.15g to %.15g\n"),
                    colname, c->low, c->high);
        return;
    }
    size_t n = c->values ? dvk_agg_size(c->values) : 0;
    if (n == 0) {
        fprintf(stderr, _("dvkstat: hint: column '%s' is empty\n"), colname);
        return;
    }
    size_t pick[SHOWN], dist[SHOWN], k = 0;
    for (size_t i = 0; i < n; i++) {
        const char *label = dvk_agg_label(c->values, i, 0);
        if (!label[0])
            continue;
        size_t d = closeness(c->value, label);
        size_t at = k < SHOWN ? k++ : SHOWN;
        while (at > 0 && dist[at - 1] > d) {
            if (at < SHOWN) {
                pick[at] = pick[at - 1];
                dist[at] = dist[at - 1];
            }
            at--;
        }
        if (at < SHOWN) {
            pick[at] = i;
            dist[at] = d;
        }
    }
    if (k == 0) {
        fprintf(stderr, _("dvkstat: hint: column '%s' is empty\n"), colname);
        return;
    }
    fprintf(stderr, n > k ? _("dvkstat: hint: the closest of the %zu values of '%s': ")
                          : _("dvkstat: hint: the %zu values of '%s': "), n, colname);
    for (size_t i = 0; i < k; i++)
        fprintf(stderr, "%s'%s'", i ? ", " : "", dvk_agg_label(c->values, pick[i], 0));
    fputc('\n', stderr);
}

/* Read FILE without filters, trying each condition on every row. */
static int read_file(const struct cli_options *o, const char *file, struct condition *c,
                     size_t n)
{
    dvk_reader *r = dvk_reader_new();
    if (!r)
        return DVK_NOMEM;
    int st = cli_reader_setup(r, o, 1);
    if (!st)
        st = dvk_reader_open(r, file);
    for (size_t i = 0; i < n && !st; i++) {
        dvk_expr_free(c[i].expr);
        c[i].expr = NULL;
        st = dvk_expr_new(r, c[i].text, &c[i].expr);
        if (!st)
            st = dvk_reader_find_column(r, c[i].column, &c[i].col);
        if (!st && !c[i].name && !(c[i].name = strdup(dvk_reader_column_name(r, c[i].col))))
            st = DVK_NOMEM;
        if (!st && c[i].equality) {
            char spec[32];
            const char *specs[] = {spec};
            snprintf(spec, sizeof spec, "%zu", c[i].col + 1);
            dvk_grouper_free(c[i].grouper);
            c[i].grouper = NULL;
            st = dvk_grouper_new(r, specs, 1, &c[i].grouper);
            if (!st && !c[i].values && !(c[i].values = dvk_agg_new(1, 1)))
                st = DVK_NOMEM;
        }
    }
    while (!st) {
        st = dvk_reader_next(r);
        if (st == DVK_DONE) {
            st = DVK_OK;
            break;
        }
        if (st != DVK_ROW) {
            if (dvk_status_is_row_error(st)) {
                st = DVK_OK; /* the first read said it */
                continue;
            }
            break;
        }
        st = DVK_OK;
        for (size_t i = 0; i < n; i++) {
            int yes = 0;
            if (dvk_expr_eval(c[i].expr, r, &yes) == DVK_OK && yes)
                c[i].held++;
            if (c[i].grouper) {
                const double one = 1;
                dvk_grouper_add(c[i].grouper, r, c[i].values, &one);
            } else {
                double x;
                if (dvk_reader_field_number(r, c[i].col, &x) == DVK_OK) {
                    if (!(x >= c[i].low))
                        c[i].low = x;
                    if (!(x <= c[i].high))
                        c[i].high = x;
                }
            }
        }
    }
    dvk_reader_free(r);
    return st;
}

int cli_check_conditions(const struct cli_options *o, const char *const *conds, size_t n)
{
    if (n == 0)
        return -1;
    /* standard input cannot be read twice */
    for (size_t f = 0; f < o->nfiles; f++)
        if (strcmp(o->files[f], "-") == 0)
            return -1;
    if (o->nfiles == 0)
        return -1;
    struct condition *c = calloc(n, sizeof *c);
    if (!c) {
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    int st = DVK_OK;
    for (size_t i = 0; i < n && !st; i++) {
        c[i].text = conds[i];
        c[i].low = c[i].high = NAN;
        st = split(&c[i]);
    }
    for (size_t f = 0; f < o->nfiles && !st; f++)
        st = read_file(o, o->files[f], c, n);
    int status = -1;
    if (st == DVK_NOMEM) {
        cli_error(_("out of memory"));
        status = EXIT_DATA;
    }
    for (size_t i = 0; i < n && !st; i++) {
        if (c[i].held)
            continue;
        cli_error(_("no row matched '%s'"), c[i].text);
        suggest(&c[i], c[i].name ? c[i].name : c[i].column);
        status = EXIT_DATA;
    }
    for (size_t i = 0; i < n; i++) {
        free(c[i].column);
        free(c[i].name);
        dvk_expr_free(c[i].expr);
        dvk_grouper_free(c[i].grouper);
        dvk_agg_free(c[i].values);
    }
    free(c);
    return status;
}
