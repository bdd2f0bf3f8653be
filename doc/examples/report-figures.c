/* report-figures.c: the figures of "dvkstat report" through the public
 * API alone: the total, the count by field, maintained of registered by
 * field with 95 % intervals, and the count per year.  The columns are
 * found by their headers and the status read by the library's rule, as
 * the report does.  One figure per line, tab-separated:
 *
 *     total    N
 *     field    LABEL  COUNT
 *     maintained  LABEL  K  N  RATIO%  LOW%  HIGH%   (and "Total")
 *     year     YEAR   COUNT
 *
 *   cc -o report-figures report-figures.c $(pkg-config --cflags --libs dvkstat)
 *   ./report-figures models.csv
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <dvkstat.h>

static int fail(const dvk_reader *r)
{
    fprintf(stderr, "report-figures: %s:%ld: %s\n", dvk_reader_name(r),
            dvk_reader_error_line(r), dvk_reader_errmsg(r));
    return 1;
}

static void ratio_line(const char *label, double k, double n)
{
    struct dvk_ratio q = {.size = sizeof q};
    dvk_ratio_compute(k, n, 0.95, DVK_INTERVAL_WILSON, &q);
    printf("maintained\t%s\t%.0f\t%.0f\t%.1f%%\t%.1f%%\t%.1f%%\n", label, k, n, q.ratio * 100,
           q.low * 100, q.high * 100);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    setlocale(LC_ALL, "");
    dvk_reader *r = dvk_reader_new();
    dvk_grouper *g = NULL;
    size_t field, status;
    unsigned long long said_something = 0; /* rows whose status says more than "registered" */
    int st;
    if (!r || dvk_reader_open(r, argv[1]) ||
        dvk_reader_find_role(r, DVK_ROLE_FIELD, &field) ||
        dvk_reader_find_role(r, DVK_ROLE_STATUS, &status))
        return r ? fail(r) : 1;
    char spec[32];
    snprintf(spec, sizeof spec, "%zu", field + 1);
    const char *specs[] = {spec};
    dvk_agg *fields = dvk_agg_new(1, 2); /* per field: registered, maintained */
    dvk_series *years = dvk_series_new_grouped(r, NULL, DVK_PERIOD_AUTO, 0, 1);
    if (!fields || !years || dvk_grouper_new(r, specs, 1, &g))
        return fail(r);
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        size_t len;
        const char *cell = dvk_reader_field(r, status, &len);
        int said;
        if (dvk_status_classify(cell, len, &said))
            return fail(r);
        said_something += said == DVK_MODEL_MAINTAINED || said == DVK_MODEL_STOPPED ||
                          said == DVK_MODEL_NOT_YET;
        double v[2] = {1, said == DVK_MODEL_MAINTAINED};
        if (dvk_grouper_add(g, r, fields, v))
            return fail(r);
        st = dvk_series_add(years, r, NULL, NULL, v);
        if (st && !dvk_status_is_row_error(st))
            return fail(r);
    }
    if (st != DVK_DONE || dvk_series_finish(years, r))
        return fail(r);

    size_t n = dvk_agg_size(fields), *order = malloc((n ? n : 1) * sizeof *order);
    if (!order || dvk_agg_order(fields, 0, 0, order))
        return 1;
    double total = 0, kept = 0;
    for (size_t i = 0; i < n; i++) {
        total += dvk_agg_value(fields, i, 0);
        kept += dvk_agg_value(fields, i, 1);
    }
    printf("total\t%.0f\n", total);
    for (size_t i = 0; i < n; i++)
        printf("field\t%s\t%.0f\n", dvk_agg_label(fields, order[i], 0),
               dvk_agg_value(fields, order[i], 0));
    /* As the report: where no status says whether a model is kept, a table
     * of 0 % would read as "nothing is maintained"; there is none. */
    for (size_t i = 0; said_something && i < n; i++)
        ratio_line(dvk_agg_label(fields, order[i], 0), dvk_agg_value(fields, order[i], 1),
                   dvk_agg_value(fields, order[i], 0));
    if (said_something)
        ratio_line("Total", kept, total);
    size_t len = dvk_series_length(years);
    double *t = malloc(len * sizeof *t), *y = malloc(len * sizeof *y);
    if (!t || !y || dvk_series_group_values(years, NULL, 0, t, y, len))
        return 1;
    for (size_t i = 0; i < len; i++)
        printf("year\t%.0f\t%.0f\n", t[i], y[i]);
    free(t);
    free(y);
    free(order);
    dvk_series_free(years);
    dvk_agg_free(fields);
    dvk_grouper_free(g);
    dvk_reader_free(r);
    return 0;
}
