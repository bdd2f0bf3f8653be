/* cmd-count.c: dvkstat count, rows (or weights) per group.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct count {
    struct cli_options o;
    struct cli_grouping g;
    int sort_by_key;
    long top;           /* 0: all */
    dvk_agg *agg;
};

static void usage(void)
{
    printf(_("Usage: dvkstat count --by COLS [OPTION]... [FILE]...\n"
           "Count the rows (or the --weight) of each group, with its share of the\n"
           "total and a total row.  Groups are the normalised values of the --by\n"
           "columns, shown in their most frequent spelling.\n"
           "\n"
           "      --sort count|key  order by count, largest first (default), or by\n"
           "                        value (numbers by value)\n"
           "      --top N           show the N largest groups and sum the rest as\n"
           "                        one '(other)' row\n"
           "%s%s"
           "\n"
           "Examples:\n"
           "  dvkstat count --by 'Lĩnh vực' models.csv\n"
           "  dvkstat count --by 'Lĩnh vực' --map fields.csv --where 'Tình trạng=Duy trì, hiệu quả' models.csv\n"
           "  dvkstat count --by Cấp --by Xã -f csv -o by-level.csv models.csv\n"),
           _(cli_grouping_help), _(cli_common_help));
}

enum { OPT_SORT = 2000, OPT_TOP };

static const struct option longopts[] = {
    CLI_GROUPING_LONGOPTS,
    {"sort", required_argument, NULL, OPT_SORT},
    {"top", required_argument, NULL, OPT_TOP},
    {NULL, 0, NULL, 0},
};

static int argc_hint;

static int handle(int opt, const char *arg, void *ctx)
{
    struct count *c = ctx;
    if (cli_grouping_option(&c->g, opt, arg, argc_hint))
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
    int st = cli_grouping_open(&c->g, r, c->g.by, c->g.nby);
    if (st)
        return st;
    if (!c->agg) {
        c->agg = dvk_agg_new(dvk_grouper_columns(c->g.grouper), 1);
        if (!c->agg)
            return DVK_NOMEM;
    }
    return DVK_OK;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct count *c = ctx;
    return cli_grouping_add_row(&c->g, r, c->agg);
}

/* The second half of a large file, counted by another thread. */
static void *fork_count(void *ctx)
{
    struct count *c = ctx, *part = malloc(sizeof *part);
    if (!part)
        return NULL;
    *part = *c; /* the settings; what belongs to a file starts empty */
    part->agg = NULL;
    if (cli_grouping_fork(&c->g, &part->g)) {
        free(part);
        return NULL;
    }
    return part;
}

static void drop_count(void *ctx)
{
    struct count *part = ctx;
    cli_grouping_drop(&part->g, part->agg);
    free(part);
}

static int join_count(void *ctx, void *part_ctx)
{
    struct count *c = ctx, *part = part_ctx;
    return cli_grouping_join(&c->g, c->agg, &part->g, part->agg);
}

static void write_json(struct count *c, dvk_writer *w, const size_t *order,
                       size_t shown, double total)
{
    size_t parts = dvk_agg_parts(c->agg);
    dvk_writer_raw(w, "{\"command\":\"count\",\"by\":[", 25);
    for (size_t p = 0; p < parts; p++) {
        if (p)
            dvk_writer_raw(w, ",", 1);
        dvk_writer_json_string(w, c->g.names[p], strlen(c->g.names[p]));
    }
    char buf[128];
    int n = snprintf(buf, sizeof buf, "],\"total\":%.15g,\"groups\":[", total);
    dvk_writer_raw(w, buf, (size_t)n);
    for (size_t i = 0; i < shown; i++) {
        size_t g = order[i];
        dvk_writer_raw(w, i ? ",\n{\"key\":{" : "\n{\"key\":{", i ? 10 : 9);
        for (size_t p = 0; p < parts; p++) {
            if (p)
                dvk_writer_raw(w, ",", 1);
            dvk_writer_json_string(w, c->g.names[p], strlen(c->g.names[p]));
            dvk_writer_raw(w, ":", 1);
            const char *label = dvk_agg_label(c->agg, g, p);
            dvk_writer_json_string(w, label, strlen(label));
        }
        double v = dvk_agg_value(c->agg, g, 0);
        n = snprintf(buf, sizeof buf, "},\"count\":%.15g,\"share\":", v);
        dvk_writer_raw(w, buf, (size_t)n);
        if (total > 0)
            n = snprintf(buf, sizeof buf, "%.17g}", v / total);
        else
            n = snprintf(buf, sizeof buf, "null}");
        dvk_writer_raw(w, buf, (size_t)n);
    }
    dvk_writer_raw(w, "\n]}\n", 4);
}

static int write_output(void *ctx)
{
    struct count *c = ctx;
    cli_note_empty(&c->o, &c->g, c->agg, 0);
    size_t *order = cli_sort_groups(c->agg, c->sort_by_key, 0);
    if (!order) {
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    size_t n = dvk_agg_size(c->agg), parts = dvk_agg_parts(c->agg);
    size_t shown = c->top && (size_t)c->top < n ? (size_t)c->top : n;
    double total = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        total += dvk_agg_value(c->agg, order[i], 0);
        if (i >= shown)
            other += dvk_agg_value(c->agg, order[i], 0);
    }
    dvk_writer *w = cli_open_writer(&c->o, 0);
    if (!w) {
        free(order);
        return EXIT_DATA;
    }
    if (c->o.format == DVK_FORMAT_JSON) {
        write_json(c, w, order, shown, total);
    } else {
        const char **names = calloc(parts + 2, sizeof *names);
        for (size_t p = 0; names && p < parts; p++)
            names[p] = c->g.names[p];
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
                dvk_writer_text(w, cli_label(c->o.format, dvk_agg_label(c->agg, order[i], p)), -1);
            double v = dvk_agg_value(c->agg, order[i], 0);
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
    return cli_finish_writer(w, EXIT_OK);
}

int cmd_count(int argc, char **argv)
{
    struct count c = {0};
    c.o.command = "count";
    argc_hint = argc;
    struct cli_command_options extra = {longopts, handle, &c};
    int st = cli_parse(argc, argv, &c.o, &extra, usage);
    if (st < 0 && c.g.nby == 0)
        st = cli_usage_error("count", _("count needs --by COLS"));
    if (st < 0) {
        struct cli_visitor v = {.open = on_open, .row = on_row, .ctx = &c,
                                .fork = fork_count, .join = join_count, .drop = drop_count};
        st = cli_run_grouped(&c.o, &c.g, &v, write_output);
    }
    dvk_agg_free(c.agg);
    cli_grouping_free(&c.g);
    free(c.o.where);
    return st;
}
