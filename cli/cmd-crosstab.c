/* cmd-crosstab.c: dvkstat crosstab, a pivot table with margins.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PCT_NONE, PCT_ROW, PCT_COL, PCT_ALL };

struct crosstab {
    struct cli_tally t; /* first; its table's key: row value, column value */
    const char *rows, *cols;
    int percent;
};

enum { OPT_ROWS = 2000, OPT_COLS, OPT_PERCENT };

const struct cli_option cli_crosstab_options[] = {
    CLI_TEXT(N_("Usage: dvkstat crosstab --rows COL --cols COL [OPTION]... [FILE]...\n"
                 "A pivot table: the count (or --weight) of each pair of values, with row\n"
                 "and column totals.  Rows and columns are in the order of their values\n"
                 "(numbers by value).\n"
                 "\n")),
    CLI_OPTION("rows", OPT_ROWS, N_("COL"), N_("the column whose values make the rows (several,\n"
                "separated by commas, nest: Huyện,Xã)")),
    CLI_OPTION("cols", OPT_COLS, N_("COL"), N_("the column whose values make the columns")),
    CLI_OPTION("percent", OPT_PERCENT, N_("row|col|all"), N_("show each cell as a share of its row, its column\n"
                "or the whole table")),
    CLI_HIDDEN("by", OPT_BY, "COLS"), /* refused: not listed */
    CLI_MORE(cli_grouping_options),
    CLI_MORE(cli_measure_options),
    CLI_MORE(cli_rollup_options),
    CLI_MORE(cli_common_options),
    CLI_TEXT(N_("\n"
                 "Examples:\n"
                 "  dvkstat crosstab --rows 'Lĩnh vực' --cols Năm models.csv\n"
                 "  dvkstat crosstab --rows Xã --cols 'Tình trạng' --percent row models.csv\n")),
    CLI_END,
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct crosstab *c = ctx;
    if (cli_grouping_option(&c->t.g, opt, arg) && opt != OPT_BY)
        return 0;
    switch (opt) {
    case OPT_BY: /* cli_parse() then says where the help is */
        cli_error(_("crosstab takes --rows and --cols, not --by"));
        return EXIT_USAGE;
    case OPT_ROWS: c->rows = arg; break;
    case OPT_COLS: c->cols = arg; break;
    case OPT_PERCENT: {
        static const char *const names[] = {"row", "col", "all"};
        static const int values[] = {PCT_ROW, PCT_COL, PCT_ALL};
        return cli_choice("--percent", arg, names, values, 3, &c->percent);
    }
    }
    return 0;
}

static int on_open(dvk_reader *r, size_t file_index, void *ctx)
{
    struct crosstab *c = ctx;
    (void)file_index;
    /* --cols names exactly one column; --rows one, or several separated
     * by commas when no column bears the whole name. */
    size_t ri, ci;
    int st = dvk_reader_find_column(r, c->rows, &ri);
    int nested = st == DVK_COLUMN && strchr(c->rows, ',');
    if (!st || nested)
        st = dvk_reader_find_column(r, c->cols, &ci);
    if (st)
        return st;
    const char *specs[] = {c->rows, c->cols};
    char rnum[32], cnum[32];
    if (!nested) {
        snprintf(rnum, sizeof rnum, "%zu", ri + 1);
        specs[0] = rnum;
    }
    snprintf(cnum, sizeof cnum, "%zu", ci + 1);
    specs[1] = cnum;
    st = cli_grouping_open(&c->t.g, r, specs, 2);
    if (st)
        return st;
    if (!c->t.agg && !(c->t.agg = cli_grouping_table(&c->t.g, 1)))
        return DVK_NOMEM;
    return DVK_OK;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct crosstab *c = ctx;
    return cli_grouping_add_row(&c->t.g, r, c->t.agg);
}

/* The distinct values of part P, in order: one representative group each. */
struct axis {
    size_t n;
    size_t *group;   /* a group holding the value */
    const char **key;
    double *total;
};

static int cmp_axis(const void *a, const void *b)
{
    return cli_compare_labels(*(const char *const *)a, *(const char *const *)b);
}

static int make_axis(const dvk_agg *a, size_t part, struct axis *ax)
{
    size_t n = dvk_agg_size(a);
    const char **keys = malloc((n ? n : 1) * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t g = 0; g < n; g++)
        keys[g] = dvk_agg_key(a, g, part);
    qsort(keys, n, sizeof *keys, cmp_axis);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (m == 0 || strcmp(keys[m - 1], keys[i]) != 0)
            keys[m++] = keys[i];
    ax->n = m;
    ax->key = keys;
    ax->group = calloc(m ? m : 1, sizeof *ax->group);
    ax->total = calloc(m ? m : 1, sizeof *ax->total);
    if (!ax->group || !ax->total)
        return -1;
    for (size_t g = 0; g < n; g++) {
        const char *k = dvk_agg_key(a, g, part);
        const char **hit = bsearch(&k, keys, m, sizeof *keys, cmp_axis);
        size_t i = (size_t)(hit - keys);
        ax->group[i] = g;
        ax->total[i] += dvk_agg_value(a, g, 0);
    }
    return 0;
}

static void free_axis(struct axis *ax)
{
    free(ax->group);
    free(ax->key);
    free(ax->total);
}

static double cell_value(const struct crosstab *c, double v, double row_total,
                         double col_total, double total)
{
    switch (c->percent) {
    case PCT_ROW: return row_total > 0 ? v / row_total : 0.0 / 0.0;
    case PCT_COL: return col_total > 0 ? v / col_total : 0.0 / 0.0;
    case PCT_ALL: return total > 0 ? v / total : 0.0 / 0.0;
    default: return v;
    }
}

static void put(dvk_writer *w, const struct crosstab *c, double x)
{
    if (c->percent)
        dvk_writer_percent(w, x, 1);
    else
        dvk_writer_number(w, x, -1);
}

/* A JSON row of the table: the rows' array closed and "totals" opened for
 * the margin, then the row's object; and after its cells, its total. */
static void json_row_open(dvk_json *json, int margin)
{
    if (margin) {
        dvk_json_end(json); /* the table */
        dvk_json_key(json, "totals");
    } else {
        dvk_json_newline(json);
    }
    dvk_json_object(json);
}

static void json_row_total(dvk_json *json, double total)
{
    dvk_json_end(json); /* the cells */
    dvk_json_key(json, "total");
    dvk_json_number(json, total);
}

/* The table with nested rows, measures or subtotals: the rows are the
 * groups of the table summed over the column (each row's measures are of
 * all its cells), laid out as count's are; a subtotal row's cells add up
 * its rows' cells. */
static int write_nested(struct crosstab *c)
{
    const struct cli_grouping *g = &c->t.g;
    const dvk_agg *a = c->t.agg;
    size_t rowparts = dvk_agg_parts(a) - 1, nm = g->nmeasures, n = dvk_agg_size(a);
    dvk_agg *rt = NULL;
    struct cli_rollup ru = {0};
    struct axis cols = {0};
    double *cells = NULL;
    size_t **pos = NULL;
    const char **keys = NULL;
    int status = EXIT_OK;
    if (dvk_agg_rollup(a, rowparts, &rt) || cli_rollup_make(&ru, rt, g->rollup, 1, 0, 0) ||
        make_axis(a, rowparts, &cols) || !(pos = calloc(rowparts + 1, sizeof *pos)) ||
        !(cells = calloc((ru.nrows + 1) * (cols.n + 1), sizeof *cells)) ||
        !(keys = calloc(rowparts + 1, sizeof *keys)))
        goto nomem;
    /* where each group of each level is shown */
    for (size_t k = 1; k <= rowparts; k++)
        if (!(pos[k] = malloc((dvk_agg_size(ru.levels[k]) + 1) * sizeof **pos)))
            goto nomem;
        else
            for (size_t i = 0; i < dvk_agg_size(ru.levels[k]); i++)
                pos[k][i] = (size_t)-1;
    for (size_t i = 0; i < ru.nrows; i++)
        pos[ru.rows[i].level][ru.rows[i].group] = i;
    for (size_t gi = 0; gi < n; gi++) {
        const char *ck = dvk_agg_key(a, gi, rowparts);
        const char **hit = bsearch(&ck, cols.key, cols.n, sizeof *cols.key, cmp_axis);
        size_t j = (size_t)(hit - cols.key);
        double v = dvk_agg_value(a, gi, 0);
        for (size_t p = 0; p < rowparts; p++)
            keys[p] = dvk_agg_key(a, gi, p);
        for (size_t k = 1; k <= rowparts; k++) {
            size_t at = dvk_agg_find(ru.levels[k], keys);
            size_t row = at == (size_t)-1 ? (size_t)-1 : pos[k][at];
            if (row != (size_t)-1)
                cells[row * (cols.n + 1) + j] += v;
        }
        cells[ru.nrows * (cols.n + 1) + j] += v; /* the column's total */
    }
    const dvk_agg *all = ru.levels[0];
    double total = dvk_agg_size(all) ? dvk_agg_value(all, 0, 0) : 0;
    cli_measure_notes(&c->t.o, g, all);
    dvk_writer *w = cli_open_writer(&c->t.o, 0);
    if (!w) {
        status = EXIT_DATA;
        goto done;
    }
    int fmt = c->t.o.format;
    static const char *const pct_names[] = {NULL, "row", "col", "all"};
    dvk_json *json = NULL;
    if (fmt == DVK_FORMAT_JSON) {
        if (!(json = dvk_json_new(w))) {
            status = cli_finish_writer(w, cli_json_finish(NULL, DVK_NOMEM));
            goto done;
        }
        dvk_json_object(json);
        dvk_json_key(json, "command");
        dvk_json_string(json, "crosstab", -1);
        dvk_json_key(json, "rows");
        dvk_json_string(json, g->names[rowparts - 1], -1);
        dvk_json_key(json, "cols");
        dvk_json_string(json, g->names[rowparts], -1);
        cli_json_by(json, g, rowparts);
        dvk_json_key(json, "percent");
        dvk_json_string(json, pct_names[c->percent], -1);
        dvk_json_key(json, "columns");
        dvk_json_array(json);
        for (size_t j = 0; j < cols.n; j++)
            dvk_json_string(json, dvk_agg_label(a, cols.group[j], rowparts), -1);
        dvk_json_end(json);
        cli_json_measures(json, g, all);
        dvk_json_key(json, "table");
        dvk_json_array(json);
    } else {
        size_t ncols = rowparts + cols.n + 1 + nm;
        const char **names = calloc(ncols, sizeof *names);
        char (*heads)[300] = calloc(nm ? nm : 1, sizeof *heads);
        if (!names || !heads) {
            free(names);
            free(heads);
            cli_finish_writer(w, EXIT_DATA);
            goto nomem;
        }
        for (size_t p = 0; p < rowparts; p++)
            names[p] = g->names[p];
        for (size_t j = 0; j < cols.n; j++)
            names[rowparts + j] = cli_label(fmt, dvk_agg_label(a, cols.group[j], rowparts));
        names[rowparts + cols.n] = _("Total");
        for (size_t m = 0; m < nm; m++)
            names[rowparts + cols.n + 1 + m] = cli_measure_heading(g, m, heads[m], sizeof heads[m]);
        dvk_writer_set_sheet(w, "crosstab");
        dvk_writer_begin(w, ncols, names);
        free(names);
        free(heads);
    }
    for (size_t i = 0; i <= ru.nrows; i++) {
        int margin = i == ru.nrows;
        size_t level = margin ? 0 : ru.rows[i].level, group = margin ? 0 : ru.rows[i].group;
        const dvk_agg *lv = ru.levels[level];
        int sub = level < rowparts;
        double row_total = margin ? total : dvk_agg_value(lv, group, 0);
        char buf[400];
        if (json) {
            json_row_open(json, margin);
            if (!margin) {
                dvk_json_key(json, "key");
                dvk_json_string(json, dvk_agg_label(lv, group, level - 1), -1);
                dvk_json_key(json, "keys");
                dvk_json_object(json);
                for (size_t p = 0; p < level; p++) {
                    dvk_json_key(json, g->names[p]);
                    dvk_json_string(json, dvk_agg_label(lv, group, p), -1);
                }
                dvk_json_end(json);
                if (g->rollup) {
                    dvk_json_key(json, "level");
                    dvk_json_integer(json, (long long)level);
                    if (sub) {
                        dvk_json_key(json, "subtotal");
                        dvk_json_bool(json, 1);
                    }
                }
            }
            dvk_json_key(json, "cells");
            dvk_json_array(json);
        } else {
            dvk_writer_set_bold(w, sub || (margin && g->rollup));
            for (size_t p = 0; p < rowparts; p++) {
                if (margin) {
                    if (p == 0)
                        dvk_writer_text(w, _("Total"), -1);
                    else
                        dvk_writer_null(w);
                } else if (p + 1 < level || (!sub && p < rowparts)) {
                    dvk_writer_text(w, cli_label(fmt, dvk_agg_label(lv, group, p)), -1);
                } else if (p + 1 == level) {
                    snprintf(buf, sizeof buf, _("Total %s"), cli_label(fmt, dvk_agg_label(lv, group, p)));
                    dvk_writer_text(w, buf, -1);
                } else {
                    dvk_writer_null(w);
                }
            }
        }
        for (size_t j = 0; j < cols.n; j++) {
            double v = cells[i * (cols.n + 1) + j];
            double x = cell_value(c, v, row_total, cells[ru.nrows * (cols.n + 1) + j], total);
            if (json)
                dvk_json_number(json, x);
            else
                put(w, c, x);
        }
        double x = cell_value(c, row_total, row_total, total, total);
        if (json) {
            json_row_total(json, x);
            if (nm && dvk_agg_size(lv))
                cli_json_group_measures(json, lv, group);
            dvk_json_end(json);
        } else {
            put(w, c, x);
            for (size_t m = 0; m < nm; m++) {
                if (dvk_agg_size(lv))
                    cli_write_measure(w, lv, group, m);
                else
                    dvk_writer_null(w);
            }
            dvk_writer_end_row(w);
        }
    }
    if (json)
        status = cli_json_finish(json, dvk_json_end(json));
    else
        dvk_writer_end(w);
    status = cli_finish_writer(w, status);
    goto done;
nomem:
    cli_error(_("out of memory"));
    status = EXIT_DATA;
done:
    for (size_t k = 0; pos && k <= rowparts; k++)
        free(pos[k]);
    free(pos);
    free(cells);
    free(keys);
    free_axis(&cols);
    cli_rollup_free(&ru);
    dvk_agg_free(rt);
    return status;
}

static int write_output(void *ctx)
{
    struct crosstab *c = ctx;
    cli_note_empty(&c->t.o, &c->t.g, c->t.agg, 0);
    if (dvk_agg_parts(c->t.agg) > 2 || c->t.g.nmeasures || c->t.g.rollup)
        return write_nested(c);
    struct axis rows = {0}, cols = {0};
    if (make_axis(c->t.agg, 0, &rows) || make_axis(c->t.agg, 1, &cols)) {
        free_axis(&rows);
        free_axis(&cols);
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    double total = 0;
    for (size_t i = 0; i < rows.n; i++)
        total += rows.total[i];
    dvk_writer *w = cli_open_writer(&c->t.o, 0);
    if (!w) {
        free_axis(&rows);
        free_axis(&cols);
        return EXIT_DATA;
    }
    static const char *const pct_names[] = {NULL, "row", "col", "all"};
    dvk_json *json = NULL;
    if (c->t.o.format == DVK_FORMAT_JSON) {
        json = dvk_json_new(w);
        if (!json) {
            free_axis(&rows);
            free_axis(&cols);
            return cli_finish_writer(w, cli_json_finish(NULL, DVK_NOMEM));
        }
        dvk_json_object(json);
        dvk_json_key(json, "command");
        dvk_json_string(json, "crosstab", -1);
        dvk_json_key(json, "rows");
        dvk_json_string(json, c->t.g.names[0], -1);
        dvk_json_key(json, "cols");
        dvk_json_string(json, c->t.g.names[1], -1);
        dvk_json_key(json, "percent");
        dvk_json_string(json, pct_names[c->percent], -1); /* null for none */
        dvk_json_key(json, "columns");
        dvk_json_array(json);
        for (size_t j = 0; j < cols.n; j++)
            dvk_json_string(json, dvk_agg_label(c->t.agg, cols.group[j], 1), -1);
        dvk_json_end(json);
        dvk_json_key(json, "table");
        dvk_json_array(json);
    } else {
        const char **names = calloc(cols.n + 2, sizeof *names);
        if (names) {
            names[0] = c->t.g.names[0];
            for (size_t j = 0; j < cols.n; j++)
                names[j + 1] = cli_label(c->t.o.format, dvk_agg_label(c->t.agg, cols.group[j], 1));
            names[cols.n + 1] = _("Total");
            dvk_writer_set_sheet(w, "crosstab");
            dvk_writer_set_chart(w, DVK_CHART_BAR, 0, cols.n + 1, rows.n);
            dvk_writer_begin(w, cols.n + 2, names);
            free(names);
        }
    }
    for (size_t i = 0; i <= rows.n; i++) {
        int margin = i == rows.n;
        double row_total = margin ? total : rows.total[i];
        const char *label = margin ? _("Total") : dvk_agg_label(c->t.agg, rows.group[i], 0);
        if (json) {
            json_row_open(json, margin);
            if (!margin) { /* the row's value, as every group's key */
                dvk_json_key(json, "key");
                dvk_json_object(json);
                dvk_json_key(json, c->t.g.names[0]);
                dvk_json_string(json, label, -1);
                dvk_json_end(json);
            }
            dvk_json_key(json, "cells");
            dvk_json_array(json);
        } else {
            dvk_writer_text(w, cli_label(c->t.o.format, label), -1);
        }
        for (size_t j = 0; j < cols.n; j++) {
            double v = 0;
            if (margin) {
                v = cols.total[j];
            } else {
                const char *keys[] = {rows.key[i], cols.key[j]};
                size_t g = dvk_agg_find(c->t.agg, keys);
                if (g != (size_t)-1)
                    v = dvk_agg_value(c->t.agg, g, 0);
            }
            double x = cell_value(c, v, row_total, cols.total[j], total);
            if (json) {
                dvk_json_number(json, x);
            } else {
                put(w, c, x);
            }
        }
        double x = cell_value(c, row_total, row_total, total, total);
        if (json) {
            json_row_total(json, x);
            dvk_json_end(json);
        } else {
            put(w, c, x);
            dvk_writer_end_row(w);
        }
    }
    int status = EXIT_OK;
    if (json)
        status = cli_json_finish(json, dvk_json_end(json));
    else
        dvk_writer_end(w);
    free_axis(&rows);
    free_axis(&cols);
    return cli_finish_writer(w, status);
}

int cmd_crosstab(int argc, char **argv, const struct cli_command *self)
{
    struct crosstab c = {.t.size = sizeof c};
    int st = cli_parse(argc, argv, &c.t.o, self, handle, &c);
    if (st < 0 && (!c.rows || !c.cols))
        st = cli_usage_error(self->name, _("crosstab needs --rows COL and --cols COL"));
    return cli_tally_run(&c.t, st, on_open, on_row, 1, write_output);
}
