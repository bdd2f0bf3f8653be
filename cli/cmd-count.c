/* cmd-count.c: dvkstat count, rows (or weights) per group.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct count {
    struct cli_tally t; /* first: the options, the grouping, the table */
    int sort_by_key;
    long top;           /* 0: all */
};

enum { OPT_SORT = 2000, OPT_TOP };

const struct cli_option cli_count_options[] = {
    CLI_TEXT(N_("Usage: dvkstat count --by COLS [OPTION]... [FILE]...\n"
                 "Count the rows (or the --weight) of each group, with its share of the\n"
                 "total and a total row.  Groups are the normalised values of the --by\n"
                 "columns, shown in their most frequent spelling.\n"
                 "\n")),
    CLI_OPTION("sort", OPT_SORT, N_("count|key"), N_("order by count, largest first (default), or by\n"
                "value (numbers by value)")),
    CLI_OPTION("top", OPT_TOP, N_("N"), N_("show the N largest groups and sum the rest as\n"
                "one '(other)' row")),
    CLI_MORE(cli_grouping_options),
    CLI_MORE(cli_common_options),
    CLI_TEXT(N_("\n"
                 "Examples:\n"
                 "  dvkstat count --by 'Lĩnh vực' models.csv\n"
                 "  dvkstat count --by 'Lĩnh vực' --map fields.csv --where 'Tình trạng=Duy trì, hiệu quả' models.csv\n"
                 "  dvkstat count --by Cấp --by Xã -f csv -o by-level.csv models.csv\n")),
    CLI_END,
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct count *c = ctx;
    if (cli_grouping_option(&c->t.g, opt, arg))
        return 0;
    if (opt == OPT_SORT) {
        static const char *const names[] = {"count", "key"};
        static const int values[] = {0, 1};
        return cli_choice("--sort", arg, names, values, 2, &c->sort_by_key);
    } else if (opt == OPT_TOP) {
        char *end;
        c->top = strtol(arg, &end, 10);
        if (*end || c->top < 1) {
            cli_error(_("--top takes a positive number, not '%s'"), arg);
            return EXIT_USAGE;
        }
    }
    return 0;
}

static int on_open(dvk_reader *r, size_t file_index, void *ctx)
{
    struct count *c = ctx;
    (void)file_index;
    int st = cli_grouping_open(&c->t.g, r, c->t.g.by, c->t.g.nby);
    if (st)
        return st;
    if (!c->t.agg) {
        c->t.agg = dvk_agg_new(dvk_grouper_columns(c->t.g.grouper), 1);
        if (!c->t.agg)
            return DVK_NOMEM;
    }
    return DVK_OK;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct count *c = ctx;
    return cli_grouping_add_row(&c->t.g, r, c->t.agg);
}

static int write_json(struct count *c, dvk_json *j, const size_t *order,
                      size_t shown, double total, double other)
{
    size_t parts = dvk_agg_parts(c->t.agg);
    dvk_json_object(j);
    dvk_json_key(j, "command");
    dvk_json_string(j, "count", -1);
    cli_json_by(j, &c->t.g, parts);
    dvk_json_key(j, "total");
    cli_json_count(j, total);
    dvk_json_key(j, "groups");
    dvk_json_array(j);
    for (size_t i = 0; i < shown; i++) {
        double v = dvk_agg_value(c->t.agg, order[i], 0);
        dvk_json_newline(j);
        dvk_json_object(j);
        cli_json_group_key(j, &c->t.g, c->t.agg, order[i], parts);
        dvk_json_key(j, "count");
        cli_json_count(j, v);
        dvk_json_key(j, "share");
        dvk_json_number(j, total > 0 ? v / total : 0.0 / 0.0);
        dvk_json_end(j);
    }
    dvk_json_newline(j);
    dvk_json_end(j);
    /* the groups past --top, summed as the table's "(other)" row: the
     * groups listed and this add up to the total */
    dvk_json_key(j, "other");
    size_t n = dvk_agg_size(c->t.agg);
    if (shown < n) {
        dvk_json_object(j);
        dvk_json_key(j, "groups");
        dvk_json_integer(j, (long long)(n - shown));
        dvk_json_key(j, "count");
        cli_json_count(j, other);
        dvk_json_key(j, "share");
        dvk_json_number(j, total > 0 ? other / total : 0.0 / 0.0);
        dvk_json_end(j);
    } else {
        dvk_json_null(j);
    }
    return dvk_json_end(j);
}

static int write_output(void *ctx)
{
    struct count *c = ctx;
    cli_note_empty(&c->t.o, &c->t.g, c->t.agg, 0);
    size_t *order = cli_sort_groups(c->t.agg, c->sort_by_key, 0);
    if (!order) {
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    size_t n = dvk_agg_size(c->t.agg), parts = dvk_agg_parts(c->t.agg);
    size_t shown = c->top && (size_t)c->top < n ? (size_t)c->top : n;
    double total = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        total += dvk_agg_value(c->t.agg, order[i], 0);
        if (i >= shown)
            other += dvk_agg_value(c->t.agg, order[i], 0);
    }
    dvk_writer *w = cli_open_writer(&c->t.o, 0);
    if (!w) {
        free(order);
        return EXIT_DATA;
    }
    int status = EXIT_OK;
    if (c->t.o.format == DVK_FORMAT_JSON) {
        dvk_json *j = dvk_json_new(w);
        status = cli_json_finish(j, j ? write_json(c, j, order, shown, total, other) : DVK_NOMEM);
    } else {
        const char **names = calloc(parts + 2, sizeof *names);
        for (size_t p = 0; names && p < parts; p++)
            names[p] = c->t.g.names[p];
        if (names) {
            names[parts] = _("count");
            names[parts + 1] = _("share");
            dvk_writer_set_sheet(w, "count");
            dvk_writer_set_chart(w, DVK_CHART_BAR, 0, parts, shown);
            dvk_writer_begin(w, parts + 2, names);
        }
        free(names);
        for (size_t i = 0; i < shown; i++) {
            for (size_t p = 0; p < parts; p++)
                dvk_writer_text(w, cli_label(c->t.o.format, dvk_agg_label(c->t.agg, order[i], p)), -1);
            double v = dvk_agg_value(c->t.agg, order[i], 0);
            dvk_writer_number(w, v, -1);
            dvk_writer_percent(w, total > 0 ? v / total : 0.0 / 0.0, 1);
            dvk_writer_end_row(w);
        }
        if (shown < n) {
            dvk_writer_text(w, _("(other)"), -1);
            for (size_t p = 1; p < parts; p++)
                dvk_writer_null(w);
            dvk_writer_number(w, other, -1);
            dvk_writer_percent(w, total > 0 ? other / total : 0.0 / 0.0, 1);
            dvk_writer_end_row(w);
        }
        dvk_writer_text(w, _("Total"), -1);
        for (size_t p = 1; p < parts; p++)
            dvk_writer_null(w);
        dvk_writer_number(w, total, -1);
        dvk_writer_percent(w, total > 0 ? 1.0 : 0.0 / 0.0, 1);
        dvk_writer_end_row(w);
        dvk_writer_end(w);
    }
    free(order);
    return cli_finish_writer(w, status);
}

int cmd_count(int argc, char **argv, const struct cli_command *self)
{
    struct count c = {.t.size = sizeof c};
    int st = cli_parse(argc, argv, &c.t.o, self, handle, &c);
    if (st < 0 && c.t.g.nby == 0)
        st = cli_usage_error(self->name, _("count needs --by COLS"));
    return cli_tally_run(&c.t, st, on_open, on_row, 1, write_output);
}
