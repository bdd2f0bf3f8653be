/* trend-by-field.c: the trend statistics of the yearly count of rows in
 * each value of a column, as JSON.
 *
 *   cc -o trend-by-field trend-by-field.c $(pkg-config --cflags --libs dvkstat)
 *   ./trend-by-field models.csv "Lĩnh vực"
 *
 * The time column is found by its header (or its values); a last year that
 * a column of dates ends before December is left out of the statistics, as
 * the program leaves it out; the figures are those of
 * "dvkstat trend -f json --by COL".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <dvkstat.h>

static int fail(const dvk_reader *r)
{
    fprintf(stderr, "trend-by-field: %s:%ld: %s\n", dvk_reader_name(r),
            dvk_reader_error_line(r), dvk_reader_errmsg(r));
    return 1;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE COLUMN\n", argv[0]);
        return 2;
    }
    setlocale(LC_ALL, "");
    dvk_reader *r = dvk_reader_new();
    dvk_grouper *g = NULL;
    dvk_agg *fields = dvk_agg_new(1, 1);
    const char *spec[] = {argv[2]};
    int st;
    if (!r || !fields)
        return 1;
    if (dvk_reader_open(r, argv[1]) || dvk_grouper_new(r, spec, 1, &g))
        return fail(r);
    dvk_series *s = dvk_series_new_grouped(r, NULL, DVK_PERIOD_AUTO, 1, 1);
    if (!s)
        return fail(r);
    size_t date_col;
    int has_date = dvk_reader_find_role(r, DVK_ROLE_DATE, &date_col) == DVK_OK;
    long last_date = 0;
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        const char *const *keys, *const *labels;
        double one = 1;
        if (has_date) {
            size_t dlen;
            const char *d = dvk_reader_field(r, date_col, &dlen);
            long day = dvk_date_parse(d, dlen);
            if (day > last_date)
                last_date = day;
        }
        if (dvk_grouper_key(g, r, &keys, &labels) ||
            dvk_agg_add(fields, keys, labels, &one))
            return fail(r);
        st = dvk_series_add(s, r, keys, labels, &one);
        if (st && !dvk_status_is_row_error(st))
            return fail(r);
    }
    if (st != DVK_DONE || dvk_series_finish(s, r))
        return fail(r);

    size_t len = dvk_series_length(s), n = dvk_agg_size(fields);
    /* the statistics read whole years */
    size_t whole = len;
    if (len > 1 && dvk_year_partial(dvk_series_time(s, len - 1), last_date, NULL, NULL))
        whole = len - 1;
    double *t = malloc(len * sizeof *t), *y = malloc(len * sizeof *y);
    dvk_writer *w = dvk_writer_new(DVK_FORMAT_JSON, 0);
    dvk_json *j = w && dvk_writer_open(w, NULL) == DVK_OK ? dvk_json_new(w) : NULL;
    if (!t || !y || !j)
        return 1;
    dvk_json_array(j);
    for (size_t i = 0; i < n; i++) {
        const char *key[] = {dvk_agg_key(fields, i, 0)};
        struct dvk_trend_stats ts = {.size = sizeof ts};
        if (dvk_series_group_values(s, key, 0, t, y, len) ||
            dvk_trend_analyze(t, y, whole, DVK_TREND_COUNT, 0.05, &ts))
            return 1;
        dvk_json_newline(j);
        dvk_json_object(j);
        dvk_json_key(j, "key");
        dvk_json_string(j, dvk_agg_label(fields, i, 0), -1);
        dvk_json_key(j, "series");
        dvk_json_array(j);
        for (size_t k = 0; k < len; k++)
            dvk_json_number(j, y[k]);
        dvk_json_end(j);
        const struct { const char *name; double v; } f[] = {
            {"first", ts.first}, {"last", ts.last}, {"change", ts.change},
            {"cagr", ts.cagr}, {"ols_slope", ts.ols_slope}, {"ols_p", ts.ols_p},
            {"sen_slope", ts.sen_slope}, {"sen_low", ts.sen_low},
            {"sen_high", ts.sen_high}, {"mk_z", ts.mk_z}, {"mk_p", ts.mk_p},
            {"mk_tau", ts.mk_tau}, {"poisson_growth", ts.poisson_growth},
        };
        dvk_json_key(j, "stats");
        dvk_json_object(j);
        for (size_t k = 0; k < sizeof f / sizeof *f; k++) {
            dvk_json_key(j, f[k].name);
            dvk_json_number(j, f[k].v);
        }
        dvk_json_end(j);
        dvk_json_end(j);
    }
    dvk_json_newline(j);
    st = dvk_json_end(j);
    if (st == DVK_OK)
        st = dvk_writer_commit(w);
    dvk_json_free(j);
    dvk_writer_free(w);
    free(t);
    free(y);
    dvk_series_free(s);
    dvk_agg_free(fields);
    dvk_grouper_free(g);
    dvk_reader_free(r);
    return st ? 1 : 0;
}
