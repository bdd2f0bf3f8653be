/* locale-host.c: a host program that sets a locale of its own (argv[1]),
 * then writes counts, shares, ratios with intervals and charts in every
 * format into directory argv[2] from the register argv[3].  Run under "C"
 * and under "vi_VN.UTF-8", whose numbers take a decimal comma, its files
 * must be the same bytes (tests/cli-locale.sh).  The writer's language is
 * "en", or the one in LOCALE_HOST_LANG.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <dvkstat.h>

static int write_one(int format, const char *dir, const char *ext, const dvk_agg *a)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/out.%s", dir, ext);
    dvk_writer *w = dvk_writer_new(format, 0);
    const char *lang = getenv("LOCALE_HOST_LANG");
    if (!w || dvk_writer_set_language(w, lang ? lang : "en") || dvk_writer_open(w, path))
        return 1;
    const char *names[] = {"Lĩnh vực", "Số mô hình", "Tỷ lệ", "Hệ số", "Thấp", "Cao"};
    double total = 0;
    for (size_t i = 0; i < dvk_agg_size(a); i++)
        total += dvk_agg_value(a, i, 0);
    dvk_writer_set_document(w, "Báo cáo", "vi");
    dvk_writer_heading(w, 1, "Báo cáo");
    dvk_writer_set_chart(w, DVK_CHART_BAR, 0, 2, 0);
    dvk_writer_set_chart_interval(w, 4, 5);
    dvk_writer_begin(w, 6, names);
    for (size_t i = 0; i < dvk_agg_size(a); i++) {
        double k = dvk_agg_value(a, i, 0);
        struct dvk_ratio q = {.size = sizeof q};
        dvk_ratio_compute(k, total, 0.95, DVK_INTERVAL_WILSON, &q);
        dvk_writer_text(w, dvk_agg_label(a, i, 0), -1);
        dvk_writer_number(w, k, -1);
        dvk_writer_percent(w, q.ratio, 1);
        dvk_writer_number_sig(w, q.ratio * M_PI, 6);
        dvk_writer_number(w, q.low, 4);
        dvk_writer_number(w, q.high, -1);
        dvk_writer_end_row(w);
    }
    dvk_writer_end(w);
    dvk_writer_set_chart(w, DVK_CHART_LINE, 0, 1, 0);
    dvk_writer_begin(w, 2, names);
    for (size_t i = 0; i < dvk_agg_size(a); i++) {
        dvk_writer_text(w, dvk_agg_label(a, i, 0), -1);
        dvk_writer_number(w, dvk_agg_value(a, i, 0) / 7.0, -1);
        dvk_writer_end_row(w);
    }
    dvk_writer_end(w);
    if (format == DVK_FORMAT_JSON || format == DVK_FORMAT_TABLE) {
        dvk_json *j = dvk_json_new(w);
        dvk_json_array(j);
        for (size_t i = 0; i < dvk_agg_size(a); i++)
            dvk_json_number(j, dvk_agg_value(a, i, 0) / 3.0);
        dvk_json_null(j);
        dvk_json_end(j);
        dvk_json_free(j);
    }
    int st = dvk_writer_commit(w);
    if (st)
        fprintf(stderr, "locale-host: %s\n", dvk_writer_errmsg(w));
    dvk_writer_free(w);
    return st != 0;
}

int main(int argc, char **argv)
{
    if (argc != 4 || !setlocale(LC_ALL, argv[1])) {
        fprintf(stderr, "usage: locale-host LOCALE DIR FILE (a locale this system has)\n");
        return 2;
    }
    dvk_reader *r = dvk_reader_new();
    dvk_grouper *g = NULL;
    dvk_agg *a = dvk_agg_new(1, 1);
    const char *spec[] = {"Lĩnh vực"};
    double one = 1;
    int st;
    if (!r || !a || dvk_reader_open(r, argv[3]) || dvk_grouper_new(r, spec, 1, &g))
        return 1;
    while ((st = dvk_reader_next(r)) == DVK_ROW)
        if (dvk_grouper_add(g, r, a, &one))
            return 1;
    if (st != DVK_DONE)
        return 1;
    static const struct { int format; const char *ext; } f[] = {
        {DVK_FORMAT_TABLE, "txt"}, {DVK_FORMAT_CSV, "csv"}, {DVK_FORMAT_TSV, "tsv"},
        {DVK_FORMAT_JSON, "json"}, {DVK_FORMAT_MD, "md"}, {DVK_FORMAT_HTML, "html"},
        {DVK_FORMAT_XLSX, "xlsx"},
    };
    int bad = 0;
    for (size_t i = 0; i < sizeof f / sizeof *f; i++)
        bad |= write_one(f[i].format, argv[2], f[i].ext, a);
    dvk_grouper_free(g);
    dvk_agg_free(a);
    dvk_reader_free(r);
    return bad;
}
