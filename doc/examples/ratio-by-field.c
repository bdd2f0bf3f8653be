/* ratio-by-field.c: the ratio of rows meeting a condition in each value
 * of a column, with its 95 % Wilson interval, as JSON.
 *
 *   cc -o ratio-by-field ratio-by-field.c $(pkg-config --cflags --libs dvkstat)
 *   ./ratio-by-field models.csv "Lĩnh vực" "Tình trạng=Duy trì, hiệu quả"
 *
 * The figures are those of "dvkstat ratio -f json --by COL --num COND".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <dvkstat.h>

static int fail(const dvk_reader *r)
{
    fprintf(stderr, "ratio-by-field: %s:%ld: %s\n", dvk_reader_name(r),
            dvk_reader_error_line(r), dvk_reader_errmsg(r));
    return 1;
}

static void ratio(dvk_json *j, double k, double n)
{
    struct dvk_ratio q = {.size = sizeof q};
    dvk_ratio_compute(k, n, 0.95, DVK_INTERVAL_WILSON, &q);
    dvk_json_key(j, "num");
    dvk_json_number(j, q.k);
    dvk_json_key(j, "den");
    dvk_json_number(j, q.n);
    dvk_json_key(j, "ratio");
    dvk_json_number(j, q.ratio);
    dvk_json_key(j, "ci_low");
    dvk_json_number(j, q.low);
    dvk_json_key(j, "ci_high");
    dvk_json_number(j, q.high);
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s FILE COLUMN CONDITION\n", argv[0]);
        return 2;
    }
    setlocale(LC_ALL, ""); /* a host in its user's locale: the output is the same */
    dvk_reader *r = dvk_reader_new();
    dvk_grouper *g = NULL;
    dvk_expr *cond = NULL;
    dvk_agg *a = dvk_agg_new(1, 2); /* per group: n, k */
    const char *spec[] = {argv[2]};
    int st;
    if (!r || !a)
        return 1;
    if (dvk_reader_open(r, argv[1]) || dvk_grouper_new(r, spec, 1, &g) ||
        dvk_expr_new(r, argv[3], &cond))
        return fail(r);
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        int yes;
        if (dvk_expr_eval(cond, r, &yes))
            continue; /* a bad row: set aside */
        double v[2] = {1, yes};
        if (dvk_grouper_add(g, r, a, v))
            return fail(r);
    }
    if (st != DVK_DONE)
        return fail(r);

    size_t n = dvk_agg_size(a), *order = malloc((n ? n : 1) * sizeof *order);
    if (!order || dvk_agg_order(a, 1, 0, order))
        return 1;
    dvk_writer *w = dvk_writer_new(DVK_FORMAT_JSON, 0);
    dvk_json *j = w && dvk_writer_open(w, NULL) == DVK_OK ? dvk_json_new(w) : NULL;
    if (!j)
        return 1;
    double k = 0, total = 0;
    for (size_t i = 0; i < n; i++) {
        total += dvk_agg_value(a, i, 0);
        k += dvk_agg_value(a, i, 1);
    }
    dvk_json_object(j);
    dvk_json_key(j, "overall");
    dvk_json_object(j);
    ratio(j, k, total);
    dvk_json_end(j);
    dvk_json_key(j, "groups");
    dvk_json_array(j);
    for (size_t i = 0; i < n; i++) {
        dvk_json_newline(j);
        dvk_json_object(j);
        dvk_json_key(j, "key");
        dvk_json_string(j, dvk_agg_label(a, order[i], 0), -1);
        ratio(j, dvk_agg_value(a, order[i], 1), dvk_agg_value(a, order[i], 0));
        dvk_json_end(j);
    }
    dvk_json_newline(j);
    dvk_json_end(j);
    st = dvk_json_end(j);
    if (st == DVK_OK)
        st = dvk_writer_commit(w);
    if (st)
        fprintf(stderr, "ratio-by-field: %s\n", dvk_writer_errmsg(w));
    dvk_json_free(j);
    dvk_writer_free(w);
    free(order);
    dvk_agg_free(a);
    dvk_expr_free(cond);
    dvk_grouper_free(g);
    dvk_reader_free(r);
    return st ? 1 : 0;
}
