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
    CLI_MORE(cli_measure_options),
    CLI_MORE(cli_rollup_options),
    CLI_OPTION("form", OPT_M_FORM, NULL, N_("lay the table out as a form (md, html, xlsx): an STT\n"
                "column, I, II … for the sections, the row of\n"
                "column numbers (1) (2) (3) under the header")),
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
        c->t.agg = cli_grouping_table(&c->t.g, 1);
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

/* The rows of a form as JSON: each group, and with --rollup each
 * subtotal marked with its level (the key parts it keeps) and the total. */
static int write_json_rows(struct count *c, dvk_json *j, const struct cli_rollup *ru,
                           double total)
{
    const struct cli_grouping *g = &c->t.g;
    dvk_json_object(j);
    dvk_json_key(j, "command");
    dvk_json_string(j, "count", -1);
    cli_json_by(j, g, ru->parts);
    dvk_json_key(j, "total");
    cli_json_count(j, total);
    cli_json_measures(j, g, ru->levels[0]);
    dvk_json_key(j, "groups");
    dvk_json_array(j);
    for (size_t i = 0; i <= ru->nrows; i++) {
        size_t level = i < ru->nrows ? ru->rows[i].level : 0;
        size_t group = i < ru->nrows ? ru->rows[i].group : 0;
        const dvk_agg *a = ru->levels[level];
        if (i == ru->nrows && (!g->rollup || dvk_agg_size(a) == 0))
            break; /* the total is the document's without --rollup */
        double v = dvk_agg_value(a, group, 0);
        dvk_json_newline(j);
        dvk_json_object(j);
        cli_json_group_key(j, g, a, group, level);
        if (g->rollup) {
            dvk_json_key(j, "level");
            dvk_json_integer(j, (long long)level);
            if (level < ru->parts) {
                dvk_json_key(j, "subtotal");
                dvk_json_bool(j, 1);
            }
        }
        dvk_json_key(j, "count");
        cli_json_count(j, v);
        dvk_json_key(j, "share");
        dvk_json_number(j, total > 0 ? v / total : 0.0 / 0.0);
        if (g->nmeasures)
            cli_json_group_measures(j, a, group);
        dvk_json_end(j);
    }
    dvk_json_newline(j);
    dvk_json_end(j);
    return dvk_json_end(j);
}

/* A row's count, share and measures. */
static void write_figures(dvk_writer *w, const dvk_agg *a, size_t group, double total)
{
    double v = dvk_agg_value(a, group, 0);
    dvk_writer_number(w, v, -1);
    dvk_writer_percent(w, total > 0 ? v / total : 0.0 / 0.0, 1);
    for (size_t m = 0; m < dvk_agg_measures(a); m++)
        cli_write_measure(w, a, group, m);
}

/* The table with measures, subtotals or a form's layout (--form: an STT
 * column, the sections numbered I, II … before their rows, the rows 1, 2 …
 * within, one column of names, the column numbers under the header). */
static int write_rows(struct count *c, dvk_writer *w, const struct cli_rollup *ru,
                      double total)
{
    const struct cli_grouping *g = &c->t.g;
    size_t parts = ru->parts, nm = g->nmeasures;
    int form = g->form, sections = form && g->rollup && parts > 1;
    size_t keycols = sections ? 1 : parts, lead = (form ? 1 : 0) + keycols;
    size_t ncols = lead + 2 + nm;
    const char **names = calloc(ncols, sizeof *names);
    char (*heads)[300] = calloc(nm ? nm : 1, sizeof *heads);
    char joined[600] = "";
    if (!names || !heads) {
        free(names);
        free(heads);
        return DVK_NOMEM;
    }
    size_t col = 0;
    if (form)
        names[col++] = _("No.");
    if (sections) {
        for (size_t p = 0; p < parts; p++)
            snprintf(joined + strlen(joined), sizeof joined - strlen(joined), "%s%s",
                     p ? " / " : "", g->names[p]);
        names[col++] = joined;
    } else {
        for (size_t p = 0; p < parts; p++)
            names[col++] = g->names[p];
    }
    names[col++] = _("count");
    names[col++] = _("share");
    for (size_t m = 0; m < nm; m++)
        names[col++] = cli_measure_heading(g, m, heads[m], sizeof heads[m]);
    dvk_writer_set_sheet(w, "count");
    if (!g->rollup && !form)
        dvk_writer_set_chart(w, DVK_CHART_BAR, 0, parts, ru->nrows);
    int st = dvk_writer_begin(w, ncols, names);
    free(names);
    free(heads);
    if (form)
        cli_write_column_numbers(w, ncols);
    /* STT: the top level I, II …; below it 1, 2 … and 1.1, 1.2 … within
     * each group, as a form numbers its districts and their communes */
    unsigned stt = 0, *at = calloc(parts + 1, sizeof *at);
    if (!at)
        st = DVK_NOMEM;
    int fmt = c->t.o.format;
    for (size_t i = 0; at && i < ru->nrows; i++) {
        size_t level = ru->rows[i].level, group = ru->rows[i].group;
        const dvk_agg *a = ru->levels[level];
        char buf[400], num[64] = "";
        int sub = level < parts;
        dvk_writer_set_bold(w, sub);
        if (sections) {
            at[level]++;
            for (size_t k = level + 1; k <= parts; k++)
                at[k] = 0;
            if (level == 1)
                cli_roman(at[1], num, sizeof num);
            for (size_t k = 2; k <= level; k++)
                snprintf(num + strlen(num), sizeof num - strlen(num), "%s%u", k > 2 ? "." : "",
                         at[k]);
        } else if (!sub) {
            snprintf(num, sizeof num, "%u", ++stt);
        }
        if (form)
            dvk_writer_text(w, num, -1);
        if (sections) {
            /* each subtotal heads its rows: the name alone */
            dvk_writer_text(w, cli_label(fmt, dvk_agg_label(a, group, level - 1)), -1);
        } else {
            for (size_t p = 0; p < parts; p++) {
                if (p + 1 < level || (!sub && p < parts)) {
                    dvk_writer_text(w, cli_label(fmt, dvk_agg_label(a, group, p)), -1);
                } else if (p + 1 == level) {
                    snprintf(buf, sizeof buf, _("Total %s"),
                             cli_label(fmt, dvk_agg_label(a, group, p)));
                    dvk_writer_text(w, buf, -1);
                } else {
                    dvk_writer_null(w);
                }
            }
        }
        write_figures(w, a, group, total);
        dvk_writer_end_row(w);
    }
    free(at);
    /* the total */
    const dvk_agg *all = ru->levels[0];
    dvk_writer_set_bold(w, g->rollup || form);
    if (form)
        dvk_writer_null(w);
    dvk_writer_text(w, _("Total"), -1);
    for (size_t p = 1; p < keycols; p++)
        dvk_writer_null(w);
    if (dvk_agg_size(all)) {
        write_figures(w, all, 0, total);
    } else {
        dvk_writer_number(w, 0, -1);
        dvk_writer_null(w);
    }
    dvk_writer_end_row(w);
    int end = dvk_writer_end(w);
    return st ? st : end;
}

static int write_measures(struct count *c)
{
    const struct cli_grouping *g = &c->t.g;
    struct cli_rollup ru;
    int form_first = g->form && g->rollup && c->t.o.format != DVK_FORMAT_JSON;
    if (cli_rollup_make(&ru, c->t.agg, g->rollup, c->sort_by_key, 0, form_first)) {
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    const dvk_agg *all = ru.levels[0];
    double total = dvk_agg_size(all) ? dvk_agg_value(all, 0, 0) : 0;
    cli_measure_notes(&c->t.o, g, all);
    dvk_writer *w = cli_open_writer(&c->t.o, 0);
    int status = EXIT_OK;
    if (!w) {
        status = EXIT_DATA;
    } else if (c->t.o.format == DVK_FORMAT_JSON) {
        dvk_json *j = dvk_json_new(w);
        status = cli_json_finish(j, j ? write_json_rows(c, j, &ru, total) : DVK_NOMEM);
    } else if (write_rows(c, w, &ru, total) == DVK_NOMEM) {
        cli_error(_("out of memory"));
        status = EXIT_DATA;
    }
    cli_rollup_free(&ru);
    return w ? cli_finish_writer(w, status) : status;
}

static int write_output(void *ctx)
{
    struct count *c = ctx;
    cli_note_empty(&c->t.o, &c->t.g, c->t.agg, 0);
    if (c->t.g.nmeasures || c->t.g.rollup || c->t.g.form || c->t.g.levels)
        return write_measures(c);
    size_t *order;
    dvk_writer *w = cli_tally_writer(&c->t, c->sort_by_key, &order);
    if (!w)
        return EXIT_DATA;
    size_t n = dvk_agg_size(c->t.agg), parts = dvk_agg_parts(c->t.agg);
    size_t shown = c->top && (size_t)c->top < n ? (size_t)c->top : n;
    double total = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        total += dvk_agg_value(c->t.agg, order[i], 0);
        if (i >= shown)
            other += dvk_agg_value(c->t.agg, order[i], 0);
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
    if (st < 0 && c.top && (c.t.g.nmeasures || c.t.g.rollup || c.t.g.form || c.t.g.levels_file))
        st = cli_usage_error(self->name, _("--top does not go with measures, --rollup, "
                                           "--levels or --form"));
    return cli_tally_run(&c.t, st, on_open, on_row, 1, write_output);
}
