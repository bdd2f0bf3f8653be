/* cmd-trend.c: dvkstat trend, counts per period over the time column.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct trend {
    struct cli_options o;
    const char *time;
    int period;
    dvk_series *series;   /* the current file's */
    dvk_series *total;    /* all files merged */
    char *time_name;
};

static void usage(void)
{
    printf("Usage: dvkstat trend [OPTION]... [FILE]...\n"
           "Count the rows per period of the time column: every period from the\n"
           "first to the last is listed, 0 where nothing was registered.  With no\n"
           "--time the column is found by its header (năm, year, ngày, date …) or\n"
           "as the first column holding only years or dates.\n"
           "\n"
           "      --time COL        the time column: years, dates (dd/mm/yyyy,\n"
           "                        yyyy-mm-dd) or, with --period integer, numbers\n"
           "      --period P        year (default), quarter, month or integer\n"
           "%s"
           "\n"
           "Examples:\n"
           "  dvkstat trend models.csv\n"
           "  dvkstat trend --where 'Lĩnh vực=Kinh tế' models.csv\n"
           "  dvkstat trend --time 'Ngày đăng ký' --period quarter -f csv models.csv\n",
           cli_common_help);
}

enum { OPT_TIME = 2000, OPT_PERIOD };

static const struct option longopts[] = {
    {"time", required_argument, NULL, OPT_TIME},
    {"period", required_argument, NULL, OPT_PERIOD},
    {NULL, 0, NULL, 0},
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct trend *t = ctx;
    if (opt == OPT_TIME) {
        t->time = arg;
    } else if (opt == OPT_PERIOD) {
        static const char *const names[] = {"year", "quarter", "month", "integer"};
        static const int kinds[] = {DVK_PERIOD_YEAR, DVK_PERIOD_QUARTER,
                                    DVK_PERIOD_MONTH, DVK_PERIOD_INTEGER};
        for (size_t i = 0; i < 4; i++)
            if (strcmp(arg, names[i]) == 0) {
                t->period = kinds[i];
                return 0;
            }
        cli_error("unknown period '%s': use year, quarter, month or integer", arg);
        return EXIT_USAGE;
    }
    return 0;
}

static int on_open(dvk_reader *r, size_t file_index, void *ctx)
{
    struct trend *t = ctx;
    (void)file_index;
    t->series = dvk_series_new(r, t->time, t->period);
    if (!t->series)
        return dvk_reader_errmsg(r)[0] ? DVK_COLUMN : DVK_NOMEM;
    return DVK_OK;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct trend *t = ctx;
    return dvk_series_add_row(t->series, r);
}

static int on_close(dvk_reader *r, size_t file_index, void *ctx)
{
    struct trend *t = ctx;
    int st = dvk_series_finish(t->series, r);
    if (st)
        return st;
    if (file_index == 0) {
        const char *name = dvk_reader_column_name(r, dvk_series_time_column(t->series));
        t->time_name = strdup(name);
        t->total = t->series;
    } else {
        st = dvk_series_merge(t->total, t->series);
        dvk_series_free(t->series);
        if (st)
            return st;
    }
    t->series = NULL;
    return DVK_OK;
}

static int write_output(struct trend *t)
{
    dvk_writer *w = cli_open_writer(&t->o, 0);
    if (!w)
        return EXIT_DATA;
    size_t n = dvk_series_length(t->total);
    int period = dvk_series_period(t->total);
    char label[64];
    if (t->o.format == DVK_FORMAT_JSON) {
        dvk_writer_raw(w, "{\"command\":\"trend\",\"time\":", 26);
        dvk_writer_json_string(w, t->time_name, strlen(t->time_name));
        dvk_writer_raw(w, ",\"groups\":[{\"key\":{},\"series\":[", 31);
        for (size_t k = 0; k < n; k++) {
            char buf[160];
            size_t len = dvk_time_format(dvk_series_time(t->total, k), period, label, sizeof label);
            int numeric = period == DVK_PERIOD_YEAR || period == DVK_PERIOD_AUTO ||
                          period == DVK_PERIOD_INTEGER;
            int m = snprintf(buf, sizeof buf, "%s{\"time\":%s%.*s%s,\"value\":%.15g}",
                             k ? "," : "", numeric ? "" : "\"", (int)len, label,
                             numeric ? "" : "\"", dvk_series_value(t->total, k));
            dvk_writer_raw(w, buf, (size_t)m);
        }
        dvk_writer_raw(w, "],\"stats\":null}]}\n", 18);
    } else {
        const char *names[] = {t->time_name, "count"};
        dvk_writer_begin(w, 2, names);
        for (size_t k = 0; k < n; k++) {
            size_t len = dvk_time_format(dvk_series_time(t->total, k), period, label, sizeof label);
            dvk_writer_text(w, label, (long)len);
            dvk_writer_number(w, dvk_series_value(t->total, k), 0);
            dvk_writer_end_row(w);
        }
        dvk_writer_end(w);
    }
    return cli_finish_writer(w, EXIT_OK);
}

int cmd_trend(int argc, char **argv)
{
    struct trend t = {0};
    t.o.command = "trend";
    t.period = DVK_PERIOD_YEAR;
    struct cli_command_options extra = {longopts, handle, &t};
    int st = cli_parse(argc, argv, &t.o, &extra, usage);
    if (st >= 0) {
        free(t.o.where);
        return st;
    }
    struct cli_visitor v = {on_open, on_row, on_close, &t};
    st = cli_read_inputs(&t.o, &v);
    if (st == EXIT_OK)
        st = write_output(&t);
    if (t.series != t.total)
        dvk_series_free(t.series);
    dvk_series_free(t.total);
    free(t.time_name);
    free(t.o.where);
    return st;
}
