/* figures.c: the rules of a report, as calls: the columns a register's
 * headers name, the natural order of labels, and a ratio with its
 * interval.  dvkstat report is one client of them; a tool that wants its
 * figures makes the same calls.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"
#include "reader.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ roles */

/* The headers (DVK_TEXT_NAME form) each role is known by in the forms
 * offices fill in, Vietnamese and English. */
static const char *const field_names[] = {"linhvuc", "field", "linhvucdangky",
                                          "nhomlinhvuc", NULL};
static const char *const status_names[] = {"tinhtrang", "trangthai", "status",
                                           "ketqua", NULL};
static const char *const level_names[] = {"cap", "level", "capdangky", "capdonvi", NULL};

static int role_matches(int role, const char *loose)
{
    /* a column of dates: "Ngày đăng ký", "Ngày", "Date registered" */
    if (role == DVK_ROLE_DATE)
        return strstr(loose, "ngay") != NULL || strstr(loose, "date") != NULL;
    const char *const *names = role == DVK_ROLE_FIELD ? field_names
                               : role == DVK_ROLE_STATUS ? status_names
                                                         : level_names;
    if (role == DVK_ROLE_TIME)
        return dvk_is_time_header(loose);
    for (const char *const *n = names; *n; n++)
        if (strcmp(loose, *n) == 0)
            return 1;
    return 0;
}

DVK_API int dvk_reader_find_role(dvk_reader *r, int role, size_t *index)
{
    static const char *const what[] = {"", N_("field"), N_("status"), N_("level"), N_("time"),
                                       N_("date")};
    if (!r || !index || role < DVK_ROLE_FIELD || role > DVK_ROLE_DATE)
        return DVK_USAGE;
    locale_t saved = dvk_lang_enter(r->msg_lang);
    int st = DVK_COLUMN;
    for (size_t i = 0; i < dvk_reader_column_count(r) && st == DVK_COLUMN; i++) {
        const char *name = dvk_reader_column_name(r, i);
        char *loose;
        if (dvk_text_normalize(name, strlen(name), DVK_TEXT_NAME, &loose, NULL))
            continue;
        if (role_matches(role, loose)) {
            *index = i;
            st = DVK_OK;
        }
        free(loose);
    }
    if (st == DVK_COLUMN)
        dvk_error_set(&r->err, DVK_COLUMN, 0, 0, _("no %s column is named by a header"),
                      _(what[role]));
    dvk_lang_leave(saved);
    return st;
}

/* ---------------------------------------------------------- partial year */

DVK_API int dvk_year_partial(long year, long last_date, int *day, int *month)
{
    if (last_date <= 0 || last_date / 10000 != year)
        return 0;
    int m = (int)(last_date / 100 % 100);
    if (day)
        *day = (int)(last_date % 100);
    if (month)
        *month = m;
    return m < 12;
}

/* ------------------------------------------------------------------ order */

DVK_API int dvk_label_compare(const char *x, const char *y)
{
    double a, b;
    int na = dvk_number_parse(x, strlen(x), 0, &a) == DVK_OK;
    int nb = dvk_number_parse(y, strlen(y), 0, &b) == DVK_OK;
    if (na && nb && a != b)
        return a < b ? -1 : 1;
    if (na != nb)
        return na ? -1 : 1; /* numbers first */
    return strcmp(x, y);
}

/* What a group is ordered by, worked out once per group and key part
 * rather than on every comparison: its label, and the label's number
 * (NaN when it is not one). */
struct sort_label {
    const char *text;
    double number;
};

struct order_ctx {
    const dvk_agg *a;
    int by_label;
    size_t value;
    size_t parts;
    const struct sort_label *labels; /* group × part */
};

static int compare_groups(const void *pa, const void *pb, void *pctx)
{
    const struct order_ctx *c = pctx;
    size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
    if (!c->by_label) {
        double vx = dvk_agg_value(c->a, x, c->value), vy = dvk_agg_value(c->a, y, c->value);
        if (vx != vy)
            return vx > vy ? -1 : 1;
    }
    for (size_t p = 0; p < c->parts; p++) {
        /* as dvk_label_compare() */
        const struct sort_label *lx = &c->labels[x * c->parts + p], *ly = &c->labels[y * c->parts + p];
        int na = !isnan(lx->number), nb = !isnan(ly->number);
        if (na && nb && lx->number != ly->number)
            return lx->number < ly->number ? -1 : 1;
        if (na != nb)
            return na ? -1 : 1;
        int d = strcmp(lx->text, ly->text);
        if (d)
            return d;
    }
    return x < y ? -1 : x > y; /* first seen first: the order is total */
}

DVK_API int dvk_agg_order(const dvk_agg *a, int by_label, size_t value, size_t *order)
{
    if (!a || !order)
        return DVK_USAGE;
    size_t n = dvk_agg_size(a), parts = dvk_agg_parts(a);
    size_t cells = n * parts;
    struct sort_label *labels = dvk_realloc_array(NULL, cells ? cells : 1, sizeof *labels);
    if (!labels)
        return DVK_NOMEM;
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        for (size_t p = 0; p < parts; p++) {
            struct sort_label *l = &labels[i * parts + p];
            l->text = dvk_agg_label(a, i, p);
            if (dvk_number_parse(l->text, strlen(l->text), 0, &l->number) != DVK_OK ||
                isnan(l->number))
                l->number = NAN;
        }
    }
    struct order_ctx c = {a, by_label, value, parts, labels};
    qsort_r(order, n, sizeof *order, compare_groups, &c);
    free(labels);
    return DVK_OK;
}

/* ------------------------------------------------------------------ ratio */

DVK_API int dvk_ratio_compute(double k, double n, double level, int method,
                              struct dvk_ratio *out)
{
    if (!out || out->size < offsetof(struct dvk_ratio, method) + sizeof out->method)
        return DVK_USAGE;
    if (method != DVK_INTERVAL_WILSON && method != DVK_INTERVAL_EXACT)
        return DVK_USAGE;
    struct dvk_ratio r = {sizeof r, k, n, n > 0 ? k / n : NAN, NAN, NAN, level, method};
    int st = method == DVK_INTERVAL_EXACT ? dvk_prop_exact(k, n, level, &r.low, &r.high)
                                          : dvk_prop_wilson(k, n, level, &r.low, &r.high);
    size_t size = out->size < sizeof r ? out->size : sizeof r;
    memcpy(out, &r, size);
    out->size = size;
    return st;
}
