/* cmd-crosstab.c: dvkstat crosstab, a pivot table with margins.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PCT_NONE, PCT_ROW, PCT_COL, PCT_ALL };

struct crosstab {
    struct cli_options o;
    struct cli_grouping g;
    const char *rows, *cols;
    int percent;
    dvk_agg *agg;     /* key: row value, column value */
};

static void usage(void)
{
    printf(_("Usage: dvkstat crosstab --rows COL --cols COL [OPTION]... [FILE]...\n"
           "A pivot table: the count (or --weight) of each pair of values, with row\n"
           "and column totals.  Rows and columns are in the order of their values\n"
           "(numbers by value).\n"
           "\n"
           "      --rows COL        the column whose values make the rows\n"
           "      --cols COL        the column whose values make the columns\n"
           "      --percent row|col|all\n"
           "                        show each cell as a share of its row, its column\n"
           "                        or the whole table\n"
           "%s%s"
           "\n"
           "Examples:\n"
           "  dvkstat crosstab --rows 'Lĩnh vực' --cols Năm models.csv\n"
           "  dvkstat crosstab --rows Xã --cols 'Tình trạng' --percent row models.csv\n"),
           _(cli_grouping_help), _(cli_common_help));
}

enum { OPT_ROWS = 2000, OPT_COLS, OPT_PERCENT };

static const struct option longopts[] = {
    CLI_GROUPING_LONGOPTS,
    {"rows", required_argument, NULL, OPT_ROWS},
    {"cols", required_argument, NULL, OPT_COLS},
    {"percent", required_argument, NULL, OPT_PERCENT},
    {NULL, 0, NULL, 0},
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct crosstab *c = ctx;
    if (cli_grouping_option(&c->g, opt, arg, 1) && opt != OPT_BY)
        return 0;
    switch (opt) {
    case OPT_BY:
        return cli_usage_error("crosstab", _("crosstab takes --rows and --cols, not --by"));
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
    /* Each of --rows and --cols names exactly one column. */
    size_t ri, ci;
    int st = dvk_reader_find_column(r, c->rows, &ri);
    if (!st)
        st = dvk_reader_find_column(r, c->cols, &ci);
    if (st)
        return st;
    const char *specs[] = {c->rows, c->cols};
    char rnum[32], cnum[32];
    snprintf(rnum, sizeof rnum, "%zu", ri + 1);
    snprintf(cnum, sizeof cnum, "%zu", ci + 1);
    specs[0] = rnum;
    specs[1] = cnum;
    st = cli_grouping_open(&c->g, r, specs, 2);
    if (st)
        return st;
    if (!c->agg && !(c->agg = dvk_agg_new(2, 1)))
        return DVK_NOMEM;
    return DVK_OK;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct crosstab *c = ctx;
    return cli_grouping_add_row(&c->g, r, c->agg);
}

/* The second half of a large file, read by another thread. */
static void *fork_crosstab(void *ctx)
{
    struct crosstab *c = ctx, *part = malloc(sizeof *part);
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

static void drop_crosstab(void *ctx)
{
    struct crosstab *part = ctx;
    cli_grouping_drop(&part->g, part->agg);
    free(part);
}

static int join_crosstab(void *ctx, void *part_ctx)
{
    struct crosstab *c = ctx, *part = part_ctx;
    return cli_grouping_join(&c->g, c->agg, &part->g, part->agg);
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

static int write_output(void *ctx)
{
    struct crosstab *c = ctx;
    cli_note_empty(&c->o, &c->g, c->agg, 0);
    struct axis rows = {0}, cols = {0};
    if (make_axis(c->agg, 0, &rows) || make_axis(c->agg, 1, &cols)) {
        free_axis(&rows);
        free_axis(&cols);
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    double total = 0;
    for (size_t i = 0; i < rows.n; i++)
        total += rows.total[i];
    dvk_writer *w = cli_open_writer(&c->o, 0);
    if (!w) {
        free_axis(&rows);
        free_axis(&cols);
        return EXIT_DATA;
    }
    static const char *const pct_names[] = {NULL, "row", "col", "all"};
    if (c->o.format == DVK_FORMAT_JSON) {
        dvk_writer_raw(w, "{\"command\":\"crosstab\",\"rows\":", 29);
        dvk_writer_json_string(w, c->g.names[0], strlen(c->g.names[0]));
        dvk_writer_raw(w, ",\"cols\":", 8);
        dvk_writer_json_string(w, c->g.names[1], strlen(c->g.names[1]));
        dvk_writer_raw(w, ",\"percent\":", 11);
        if (c->percent)
            dvk_writer_json_string(w, pct_names[c->percent], strlen(pct_names[c->percent]));
        else
            dvk_writer_raw(w, "null", 4);
        dvk_writer_raw(w, ",\"columns\":[", 12);
        for (size_t j = 0; j < cols.n; j++) {
            const char *l = dvk_agg_label(c->agg, cols.group[j], 1);
            if (j)
                dvk_writer_raw(w, ",", 1);
            dvk_writer_json_string(w, l, strlen(l));
        }
        dvk_writer_raw(w, "],\"table\":[", 11);
    } else {
        const char **names = calloc(cols.n + 2, sizeof *names);
        if (names) {
            names[0] = c->g.names[0];
            for (size_t j = 0; j < cols.n; j++)
                names[j + 1] = cli_label(c->o.format, dvk_agg_label(c->agg, cols.group[j], 1));
            names[cols.n + 1] = _("Total");
            dvk_writer_set_sheet(w, "crosstab");
            dvk_writer_set_chart(w, DVK_CHART_BAR, 0, cols.n + 1, rows.n);
            dvk_writer_begin(w, cols.n + 2, names);
            free(names);
        }
    }
    char buf[64];
    for (size_t i = 0; i <= rows.n; i++) {
        int margin = i == rows.n;
        double row_total = margin ? total : rows.total[i];
        const char *label = margin ? _("Total") : dvk_agg_label(c->agg, rows.group[i], 0);
        if (c->o.format == DVK_FORMAT_JSON) {
            dvk_writer_raw(w, margin ? "],\"totals\":{\"cells\":[" : i ? ",\n{\"key\":" : "\n{\"key\":",
                           margin ? 21 : i ? 9 : 8);
            if (!margin) {
                dvk_writer_json_string(w, label, strlen(label));
                dvk_writer_raw(w, ",\"cells\":[", 10);
            }
        } else {
            dvk_writer_text(w, cli_label(c->o.format, label), -1);
        }
        for (size_t j = 0; j < cols.n; j++) {
            double v = 0;
            if (margin) {
                v = cols.total[j];
            } else {
                const char *keys[] = {rows.key[i], cols.key[j]};
                size_t g = dvk_agg_find(c->agg, keys);
                if (g != (size_t)-1)
                    v = dvk_agg_value(c->agg, g, 0);
            }
            double x = cell_value(c, v, row_total, cols.total[j], total);
            if (c->o.format == DVK_FORMAT_JSON) {
                int n = x == x ? snprintf(buf, sizeof buf, "%s%.17g", j ? "," : "", x)
                               : snprintf(buf, sizeof buf, "%snull", j ? "," : "");
                dvk_writer_raw(w, buf, (size_t)n);
            } else {
                put(w, c, x);
            }
        }
        double x = cell_value(c, row_total, row_total, total, total);
        if (c->o.format == DVK_FORMAT_JSON) {
            int n = x == x ? snprintf(buf, sizeof buf, "],\"total\":%.17g}", x)
                           : snprintf(buf, sizeof buf, "],\"total\":null}");
            dvk_writer_raw(w, buf, (size_t)n);
        } else {
            put(w, c, x);
            dvk_writer_end_row(w);
        }
    }
    if (c->o.format == DVK_FORMAT_JSON)
        dvk_writer_raw(w, "}\n", 2);
    else
        dvk_writer_end(w);
    free_axis(&rows);
    free_axis(&cols);
    return cli_finish_writer(w, EXIT_OK);
}

int cmd_crosstab(int argc, char **argv)
{
    struct crosstab c = {0};
    c.o.command = "crosstab";
    struct cli_command_options extra = {longopts, handle, &c};
    int st = cli_parse(argc, argv, &c.o, &extra, usage);
    if (st < 0 && (!c.rows || !c.cols))
        st = cli_usage_error("crosstab", _("crosstab needs --rows COL and --cols COL"));
    if (st < 0) {
        struct cli_visitor v = {.open = on_open, .row = on_row, .ctx = &c,
                                .fork = fork_crosstab, .join = join_crosstab,
                                .drop = drop_crosstab};
        st = cli_run_grouped(&c.o, &c.g, &v, write_output);
    }
    dvk_agg_free(c.agg);
    cli_grouping_free(&c.g);
    free(c.o.where);
    return st;
}
