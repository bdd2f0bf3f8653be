/* measures.c: the columns of a form beside a group's count (--sum, --mean,
 * --median, --min, --max, --distinct, --count-if), its subtotals
 * (--rollup), a parent level from a file (--levels) and the form's layout.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The measures live in the group table (dvk_agg_add_values()), so the two
 * halves of a file read by two threads merge into exactly the table of
 * the whole, and a subtotal is worked out from its rows (dvk_agg_rollup()),
 * never by adding the rows shown: a district's distinct count is of the
 * codes of all its communes. */
#include <config.h>
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The measures' options in three tables, so that report, whose --min is
 * the roster's, takes the others without the least and greatest. */
static const struct cli_option measure_first[] = {
    CLI_TEXT(N_("Measures (repeatable; each a column beside the count, in the order given):\n")),
    CLI_OPTION("sum", OPT_M_SUM, N_("COL"), N_("the sum of the numbers in COL")),
    CLI_OPTION("mean", OPT_M_MEAN, N_("COL"), N_("their mean")),
    CLI_OPTION("median", OPT_M_MEDIAN, N_("COL"), N_("their median")),
    CLI_END,
};

static const struct cli_option measure_extremes[] = {
    CLI_OPTION("min", OPT_M_MIN, N_("COL"), N_("the least number in COL")),
    CLI_OPTION("max", OPT_M_MAX, N_("COL"), N_("the greatest number in COL")),
    CLI_END,
};

static const struct cli_option measure_last[] = {
    CLI_OPTION("distinct", OPT_M_DISTINCT, N_("COL"), N_("how many distinct values COL holds (a model\n"
                "reported in three years is one model)")),
    CLI_OPTION("count-if", OPT_M_COUNT_IF, N_("EXPR"), N_("how many rows EXPR holds for (as --where)")),
    CLI_TEXT(N_("  An empty cell, or one that is not a number, is left out of its measure\n"
                "  (never taken as 0) and the number left out is said.\n")),
    CLI_HIDDEN("measure-budget", OPT_M_MEASURE_BUDGET, N_("N")),
    CLI_END,
};

const struct cli_option cli_measure_options[] = {
    CLI_MORE(measure_first),
    CLI_MORE(measure_extremes),
    CLI_MORE(measure_last),
    CLI_END,
};

const struct cli_option cli_report_measure_options[] = {
    CLI_MORE(measure_first),
    CLI_MORE(measure_last),
    CLI_END,
};

const struct cli_option cli_rollup_options[] = {
    CLI_OPTION("rollup", OPT_M_ROLLUP, NULL, N_("with several --by (or --rows) columns: a subtotal\n"
                "row after each group of the outer ones, and the total")),
    CLI_OPTION("levels", OPT_M_LEVELS, N_("FILE"), N_("a two-column file (unit, parent unit) giving the\n"
                "first --by (or --rows) column a parent level:\n"
                "communes into districts")),
    CLI_END,
};

/* The parent of each unit of a --levels file. */
struct cli_levels {
    dvk_agg *units;        /* key: the unit (DVK_TEXT_KEY); group i is entry i */
    dvk_agg *bare;         /* key: the unit without its kind; values: entries, index */
    char **parent_key, **parent_label;
    char *name;            /* the parent column's heading */
    size_t n;
};

void cli_levels_free(struct cli_levels *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n; i++) {
        free(l->parent_key[i]);
        free(l->parent_label[i]);
    }
    free(l->parent_key);
    free(l->parent_label);
    free(l->name);
    dvk_agg_free(l->units);
    dvk_agg_free(l->bare);
    free(l);
}

int cli_measure_option(struct cli_grouping *g, int opt, const char *arg)
{
    static const int kinds[] = {
        DVK_MEASURE_SUM, DVK_MEASURE_MEAN, DVK_MEASURE_MEDIAN, DVK_MEASURE_MIN,
        DVK_MEASURE_MAX, DVK_MEASURE_DISTINCT, DVK_MEASURE_COUNT_IF
    };
    if (opt >= OPT_M_SUM && opt <= OPT_M_COUNT_IF) {
        struct cli_measure *m = realloc(g->measures, (g->nmeasures + 1) * sizeof *m);
        if (!m)
            return 0;
        g->measures = m;
        m[g->nmeasures].kind = kinds[opt - OPT_M_SUM];
        m[g->nmeasures].arg = arg;
        g->nmeasures++;
        return 1;
    }
    switch (opt) {
    case OPT_M_ROLLUP: g->rollup = 1; return 1;
    case OPT_M_LEVELS: g->levels_file = arg; return 1;
    case OPT_M_FORM: g->form = 1; return 1;
    case OPT_M_MEASURE_BUDGET: {
        char *end;
        long long n = strtoll(arg, &end, 10);
        g->budget = *end || end == arg || n < 1 ? (size_t)-1 : (size_t)n;
        return 1;
    }
    default: return 0;
    }
}

/* ------------------------------------------------------------- levels */

/* Whether column I's heading names serial numbers (STT, TT, No.). */
static int serial_heading(dvk_reader *r, size_t i)
{
    const char *name = dvk_reader_column_name(r, i);
    char *k;
    if (dvk_text_normalize(name, strlen(name), DVK_TEXT_NAME, &k, NULL))
        return 0;
    int serial = strcmp(k, "stt") == 0 || strcmp(k, "tt") == 0 || strcmp(k, "sott") == 0 ||
                 strcmp(k, "no") == 0;
    dvk_free(k);
    return serial;
}

/* Copies of the unit (as a key and as written) and of its parent (as
 * written and as a key) in columns U and P of R's row. */
static int levels_texts(dvk_reader *r, size_t u, size_t p, char **unit, char **label,
                        char **key, char **clean)
{
    const char *t;
    if (!(t = dvk_reader_field_text(r, u, DVK_TEXT_KEY, NULL)) || !(*unit = strdup(t)))
        return t ? DVK_NOMEM : DVK_ENCODING;
    if (!(t = dvk_reader_field_text(r, u, DVK_TEXT_CLEAN, NULL)) || !(*clean = strdup(t)))
        return t ? DVK_NOMEM : DVK_ENCODING;
    if (!(t = dvk_reader_field_text(r, p, DVK_TEXT_CLEAN, NULL)) || !(*label = strdup(t)))
        return t ? DVK_NOMEM : DVK_ENCODING;
    if (!(t = dvk_reader_field_text(r, p, DVK_TEXT_KEY, NULL)) || !(*key = strdup(t)))
        return t ? DVK_NOMEM : DVK_ENCODING;
    return DVK_OK;
}

/* Add the unit UNIT (CLEAN as written) under the parent KEY (LABEL). */
static int levels_add(struct cli_levels *l, dvk_reader *r, size_t p, const char *unit,
                      const char *label, const char *key, const char *clean)
{
    if (!unit[0])
        return DVK_OK;
    if (!key[0])
        return dvk_reader_reject(r, DVK_VALUE, p, _("the unit has no parent unit"));
    const char *keys[] = {unit};
    size_t at = dvk_agg_find(l->units, keys);
    if (at != (size_t)-1) {
        if (strcmp(l->parent_key[at], key) != 0) {
            char msg[300];
            snprintf(msg, sizeof msg, _("unit '%.80s' is under '%.80s' and '%.80s'"),
                     clean, l->parent_label[at], label);
            return dvk_reader_reject(r, DVK_VALUE, p, msg);
        }
        return DVK_OK;
    }
    char **pk = realloc(l->parent_key, (l->n + 1) * sizeof *pk);
    if (pk)
        l->parent_key = pk;
    char **pl = realloc(l->parent_label, (l->n + 1) * sizeof *pl);
    if (pl)
        l->parent_label = pl;
    if (!pk || !pl)
        return DVK_NOMEM;
    pk[l->n] = strdup(key);
    pl[l->n] = strdup(label);
    if (!pk[l->n] || !pl[l->n]) {
        free(pk[l->n]);
        free(pl[l->n]);
        return DVK_NOMEM;
    }
    double one = 1;
    if (dvk_agg_add(l->units, keys, keys, &one))
        return DVK_NOMEM;
    char *b = cli_bare_unit(clean);
    const char *bkeys[] = {b};
    double v[2] = {1, (double)l->n};
    l->n++;
    int st = b && b[0] && dvk_agg_add(l->bare, bkeys, bkeys, v) ? DVK_NOMEM : DVK_OK;
    free(b);
    return st;
}

/* The unit and its parent are the first two columns, after a column of
 * serial numbers (a roster's STT) when there is one. */
static int levels_read(struct cli_levels *l, dvk_reader *r, const char *path)
{
    size_t u = dvk_reader_column_count(r) > 2 && serial_heading(r, 0) ? 1 : 0, p = u + 1;
    if (dvk_reader_column_count(r) < p + 1) {
        cli_error(_("%s: the levels file needs two columns: the unit and its parent unit"),
                  path);
        return -EXIT_DATA;
    }
    l->name = strdup(dvk_reader_column_name(r, p));
    l->units = dvk_agg_new(1, 1);
    l->bare = dvk_agg_new(1, 2);
    if (!l->name || !l->units || !l->bare)
        return DVK_NOMEM;
    int st;
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        /* copies: each text the reader normalises may move the ones before */
        char *unit = NULL, *label = NULL, *key = NULL, *clean = NULL;
        int st2 = levels_texts(r, u, p, &unit, &label, &key, &clean);
        if (!st2)
            st2 = levels_add(l, r, p, unit, label, key, clean);
        free(unit);
        free(label);
        free(key);
        free(clean);
        if (st2)
            return st2;
    }
    return st == DVK_DONE ? DVK_OK : st;
}

int cli_levels_load(struct cli_grouping *g, const struct cli_options *o)
{
    if (g->budget == (size_t)-1) {
        cli_error(_("--measure-budget takes a positive number"));
        return EXIT_USAGE;
    }
    if (!g->levels_file)
        return -1;
    g->levels = calloc(1, sizeof *g->levels);
    dvk_reader *r = dvk_reader_new();
    if (!g->levels || !r) {
        dvk_reader_free(r);
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    int st = cli_reader_setup(r, o, 0);
    if (!st)
        st = dvk_reader_open(r, g->levels_file);
    if (!st)
        st = levels_read(g->levels, r, g->levels_file);
    if (st == DVK_NOMEM)
        cli_error(_("out of memory"));
    else if (st > 0)
        cli_report_reader(r);
    else if (!st && g->levels->n == 0) {
        cli_error(_("%s: the levels file names no units"), g->levels_file);
        st = -EXIT_DATA;
    }
    dvk_reader_free(r);
    if (st == DVK_NOMEM)
        return EXIT_DATA;
    return st > 0 ? cli_exit_status(st) : st < 0 ? -st : -1;
}

/* The entry of the unit KEY (its label LABEL) in L, or (size_t)-1. */
static size_t levels_find(const struct cli_levels *l, const char *key, const char *label)
{
    const char *keys[] = {key};
    size_t at = dvk_agg_find(l->units, keys);
    if (at != (size_t)-1)
        return at;
    /* "Xã Long Mai" in the register, "Long Mai" in the file: the same
     * unit when one entry only bears that name. */
    char *b = cli_bare_unit(label);
    const char *bkeys[] = {b};
    size_t g = b && b[0] ? dvk_agg_find(l->bare, bkeys) : (size_t)-1;
    free(b);
    if (g == (size_t)-1 || dvk_agg_value(l->bare, g, 0) != 1)
        return (size_t)-1;
    return (size_t)dvk_agg_value(l->bare, g, 1);
}

const char *cli_levels_name(const struct cli_levels *l)
{
    return l->name;
}

size_t cli_grouping_parts(const struct cli_grouping *g)
{
    return g->nnames;
}

/* ----------------------------------------------------------- measures */

int cli_measures_open(struct cli_grouping *g, dvk_reader *r)
{
    size_t n = g->nmeasures;
    if (!n)
        return DVK_OK;
    for (size_t m = 0; g->measure_expr && m < n; m++)
        dvk_expr_free(g->measure_expr[m]);
    free(g->measure_expr);
    free(g->measure_col);
    g->measure_expr = calloc(n, sizeof *g->measure_expr);
    g->measure_col = calloc(n, sizeof *g->measure_col);
    if (!g->measure_values)
        g->measure_values = calloc(n, sizeof *g->measure_values);
    if (!g->measure_texts)
        g->measure_texts = calloc(n, sizeof *g->measure_texts);
    if (!g->measure_bufs)
        g->measure_bufs = calloc(n, sizeof *g->measure_bufs);
    if (!g->measure_caps)
        g->measure_caps = calloc(n, sizeof *g->measure_caps);
    if (!g->measure_expr || !g->measure_col || !g->measure_values || !g->measure_texts ||
        !g->measure_bufs || !g->measure_caps)
        return DVK_NOMEM;
    int first = !g->measure_names;
    if (first && !(g->measure_names = calloc(n, sizeof *g->measure_names)))
        return DVK_NOMEM;
    for (size_t m = 0; m < n; m++) {
        const struct cli_measure *ms = &g->measures[m];
        int st;
        if (ms->kind == DVK_MEASURE_COUNT_IF) {
            st = dvk_expr_new(r, ms->arg, &g->measure_expr[m]);
            if (st)
                return st;
            /* its column, so that an empty cell is told apart */
            size_t len = strcspn(ms->arg, "=!<>");
            char *col = strndup(ms->arg, len);
            if (!col)
                return DVK_NOMEM;
            st = dvk_reader_find_column(r, col, &g->measure_col[m]);
            free(col);
        } else {
            st = dvk_reader_find_column(r, ms->arg, &g->measure_col[m]);
        }
        if (st)
            return st;
        if (first) {
            g->measure_names[m] = strdup(ms->kind == DVK_MEASURE_COUNT_IF
                                             ? ms->arg
                                             : dvk_reader_column_name(r, g->measure_col[m]));
            if (!g->measure_names[m])
                return DVK_NOMEM;
        }
    }
    return DVK_OK;
}

dvk_agg *cli_grouping_table(const struct cli_grouping *g, size_t nvalues)
{
    dvk_agg *a = dvk_agg_new(cli_grouping_parts(g), nvalues);
    if (a && g->budget && dvk_agg_set_measure_budget(a, g->budget)) {
        dvk_agg_free(a);
        return NULL;
    }
    for (size_t m = 0; a && m < g->nmeasures; m++)
        if (dvk_agg_add_measure(a, (enum dvk_measure)g->measures[m].kind, g->measures[m].arg)) {
            dvk_agg_free(a);
            return NULL;
        }
    return a;
}

/* The current row's value of each measure: a number (NaN when the cell is
 * empty or not a number), the distinct text, or whether the condition
 * holds (NaN when its cell is empty or, for a comparison of numbers, not
 * a number: left out, as for any measure). */
static int measure_values(struct cli_grouping *g, dvk_reader *r)
{
    for (size_t m = 0; m < g->nmeasures; m++) {
        size_t col = g->measure_col[m];
        double x = NAN;
        g->measure_texts[m] = NULL;
        switch (g->measures[m].kind) {
        case DVK_MEASURE_DISTINCT: {
            size_t len;
            const char *t = dvk_reader_field_text(r, col, DVK_TEXT_KEY, &len);
            if (!t)
                return DVK_ENCODING;
            /* kept: the next text the reader normalises may move this one */
            if (len + 1 > g->measure_caps[m]) {
                char *b = realloc(g->measure_bufs[m], len + 64);
                if (!b)
                    return DVK_NOMEM;
                g->measure_bufs[m] = b;
                g->measure_caps[m] = len + 64;
            }
            memcpy(g->measure_bufs[m], t, len + 1);
            g->measure_texts[m] = g->measure_bufs[m];
            break;
        }
        case DVK_MEASURE_COUNT_IF: {
            size_t len;
            dvk_reader_field(r, col, &len);
            if (len == 0)
                break;
            const char *op = g->measures[m].arg + strcspn(g->measures[m].arg, "=!<>");
            if ((op[0] == '<' || op[0] == '>') &&
                dvk_reader_field_number(r, col, &x) != DVK_OK) {
                x = NAN;
                break;
            }
            int holds;
            int st = dvk_expr_eval(g->measure_expr[m], r, &holds);
            if (st)
                return st;
            x = holds;
            break;
        }
        default:
            if (dvk_reader_field_number(r, col, &x) != DVK_OK)
                x = NAN;
            break;
        }
        g->measure_values[m] = x;
    }
    return DVK_OK;
}

int cli_grouping_add_values(struct cli_grouping *g, dvk_reader *r, dvk_agg *a,
                            const double *values)
{
    int st = g->nmeasures ? measure_values(g, r) : DVK_OK;
    if (st)
        return st;
    const double *mv = g->nmeasures ? g->measure_values : NULL;
    const char *const *mt = g->nmeasures ? g->measure_texts : NULL;
    if (!g->levels)
        return dvk_grouper_add_values(g->grouper, r, a, values, mv, mt);
    const char *const *keys, *const *labels;
    if ((st = dvk_grouper_key(g->grouper, r, &keys, &labels)))
        return st;
    size_t n = dvk_grouper_columns(g->grouper);
    const char *k2[n + 1], *l2[n + 1];
    k2[0] = l2[0] = "";
    if (keys[0][0]) {
        size_t at = levels_find(g->levels, keys[0], labels[0]);
        if (at == (size_t)-1) {
            char msg[300];
            snprintf(msg, sizeof msg, _("unit '%.80s' is not in the levels file %s"),
                     labels[0], g->levels_file);
            return dvk_reader_reject(r, DVK_VALUE, dvk_grouper_column(g->grouper, 0), msg);
        }
        k2[0] = g->levels->parent_key[at];
        l2[0] = g->levels->parent_label[at];
    }
    for (size_t i = 0; i < n; i++) {
        k2[i + 1] = keys[i];
        l2[i + 1] = labels[i];
    }
    return dvk_agg_add_values(a, k2, l2, values, mv, mt);
}

const char *cli_measure_heading(const struct cli_grouping *g, size_t m, char *buf, size_t size)
{
    const char *col = g->measure_names ? g->measure_names[m] : g->measures[m].arg;
    switch (g->measures[m].kind) {
    case DVK_MEASURE_SUM: snprintf(buf, size, _("sum of %s"), col); break;
    case DVK_MEASURE_MEAN: snprintf(buf, size, _("mean of %s"), col); break;
    case DVK_MEASURE_MEDIAN: snprintf(buf, size, _("median of %s"), col); break;
    case DVK_MEASURE_MIN: snprintf(buf, size, _("least %s"), col); break;
    case DVK_MEASURE_MAX: snprintf(buf, size, _("greatest %s"), col); break;
    case DVK_MEASURE_DISTINCT: snprintf(buf, size, _("distinct %s"), col); break;
    default: snprintf(buf, size, _("count where %s"), col); break;
    }
    return buf;
}

static const char *kind_name(int kind)
{
    switch (kind) {
    case DVK_MEASURE_SUM: return "sum";
    case DVK_MEASURE_MEAN: return "mean";
    case DVK_MEASURE_MEDIAN: return "median";
    case DVK_MEASURE_MIN: return "min";
    case DVK_MEASURE_MAX: return "max";
    case DVK_MEASURE_DISTINCT: return "distinct";
    default: return "count-if";
    }
}

void cli_write_measure(dvk_writer *w, const dvk_agg *a, size_t group, size_t m)
{
    double x;
    if (dvk_agg_measure(a, group, m, &x) != DVK_OK || !isfinite(x)) {
        dvk_writer_null(w);
        return;
    }
    int kind = dvk_agg_measure_kind(a, m);
    if (kind == DVK_MEASURE_MEAN || kind == DVK_MEASURE_MEDIAN)
        dvk_writer_number_sig(w, x, 4);
    else
        dvk_writer_number(w, x, -1);
}

void cli_measure_notes(const struct cli_options *o, const struct cli_grouping *g,
                       const dvk_agg *total)
{
    if (!total || dvk_agg_size(total) == 0)
        return;
    for (size_t m = 0; m < g->nmeasures; m++) {
        char head[300];
        cli_measure_heading(g, m, head, sizeof head);
        unsigned long long left = 0;
        double x;
        dvk_agg_measure_counts(total, 0, m, NULL, &left);
        int st = dvk_agg_measure(total, 0, m, &x);
        if (st == DVK_LIMIT)
            cli_error(_("note: %s: more values than the measure keeps (%zu): the medians "
                      "are not worked out (--measure-budget N keeps more)"), head,
                      g->budget ? g->budget : (size_t)DVK_MEASURE_BUDGET);
        else if (!dvk_agg_measure_exact(total, m) && !o->quiet)
            cli_error(_("note: %s: more distinct values than the measure keeps (%zu): the "
                      "counts are estimates (about 1.6 %% off)"), head,
                      g->budget ? g->budget : (size_t)DVK_MEASURE_BUDGET);
        int kind = g->measures[m].kind;
        int text = kind == DVK_MEASURE_DISTINCT ||
                   (kind == DVK_MEASURE_COUNT_IF && !strpbrk(g->measures[m].arg, "<>"));
        if (left && !o->quiet && text)
            cli_error(_("note: %s: %llu rows with the cell empty are left out"), head, left);
        else if (left && !o->quiet)
            cli_error(_("note: %s: %llu rows with the cell empty or not a number are left "
                      "out"), head, left);
    }
}

void cli_json_measures(dvk_json *j, const struct cli_grouping *g, const dvk_agg *total)
{
    dvk_json_key(j, "measures");
    dvk_json_array(j);
    for (size_t m = 0; m < g->nmeasures; m++) {
        char head[300];
        double x = NAN;
        unsigned long long counted = 0, left = 0;
        if (total && dvk_agg_size(total)) {
            dvk_agg_measure(total, 0, m, &x);
            dvk_agg_measure_counts(total, 0, m, &counted, &left);
        }
        dvk_json_object(j);
        dvk_json_key(j, "measure");
        dvk_json_string(j, kind_name(g->measures[m].kind), -1);
        dvk_json_key(j, g->measures[m].kind == DVK_MEASURE_COUNT_IF ? "where" : "column");
        dvk_json_string(j, g->measure_names ? g->measure_names[m] : g->measures[m].arg, -1);
        dvk_json_key(j, "label");
        dvk_json_string(j, cli_measure_heading(g, m, head, sizeof head), -1);
        dvk_json_key(j, "exact");
        dvk_json_bool(j, total ? dvk_agg_measure_exact(total, m) : 1);
        dvk_json_key(j, "total");
        if (isfinite(x))
            cli_json_count(j, x);
        else
            dvk_json_null(j); /* no value at all, or past the budget */
        dvk_json_key(j, "counted");
        dvk_json_integer(j, (long long)counted);
        dvk_json_key(j, "left_out");
        dvk_json_integer(j, (long long)left);
        dvk_json_end(j);
    }
    dvk_json_end(j);
}

void cli_json_group_measures(dvk_json *j, const dvk_agg *a, size_t group)
{
    size_t n = dvk_agg_measures(a);
    dvk_json_key(j, "measures");
    dvk_json_array(j);
    for (size_t m = 0; m < n; m++) {
        double x = NAN;
        dvk_agg_measure(a, group, m, &x);
        if (isfinite(x))
            cli_json_count(j, x);
        else
            dvk_json_null(j);
    }
    dvk_json_end(j);
    dvk_json_key(j, "left_out");
    dvk_json_array(j);
    for (size_t m = 0; m < n; m++) {
        unsigned long long left = 0;
        dvk_agg_measure_counts(a, group, m, NULL, &left);
        dvk_json_integer(j, (long long)left);
    }
    dvk_json_end(j);
}

/* ------------------------------------------------------------- roll-up */

void cli_rollup_free(struct cli_rollup *ru)
{
    for (size_t k = 0; ru->levels && k < ru->parts; k++)
        dvk_agg_free(ru->levels[k]);
    free(ru->levels);
    free(ru->rows);
    memset(ru, 0, sizeof *ru);
}

/* Each group's rank at every level, for the sort. */
static const size_t *sort_rank;
static size_t sort_parts;

static int by_rank(const void *x, const void *y)
{
    size_t a = *(const size_t *)x, b = *(const size_t *)y;
    for (size_t k = 0; k < sort_parts; k++) {
        size_t ra = sort_rank[a * sort_parts + k], rb = sort_rank[b * sort_parts + k];
        if (ra != rb)
            return ra < rb ? -1 : 1;
    }
    return 0;
}

int cli_rollup_make(struct cli_rollup *ru, const dvk_agg *a, int rollup, int by_label,
                    size_t value, int form_first)
{
    memset(ru, 0, sizeof *ru);
    size_t parts = dvk_agg_parts(a), n = dvk_agg_size(a);
    ru->parts = parts;
    ru->levels = calloc(parts + 1, sizeof *ru->levels);
    ru->rows = malloc((n * (rollup ? parts : 1) + 1) * sizeof *ru->rows);
    size_t *rank = calloc(n * parts + 1, sizeof *rank);
    size_t *order = malloc((n + 1) * sizeof *order);
    int st = ru->levels && ru->rows && rank && order ? DVK_OK : DVK_NOMEM;
    if (!st)
        ru->levels[parts] = (dvk_agg *)a; /* not freed: k < parts only */
    for (size_t k = 0; !st && k < parts; k++)
        st = dvk_agg_rollup(a, k, &ru->levels[k]);
    /* the rank of each group's prefix of k + 1 parts among its level's groups */
    const char *keys[parts + 1];
    for (size_t k = 1; !st && k <= parts; k++) {
        if (!rollup && k < parts)
            continue;
        const dvk_agg *lv = ru->levels[k];
        size_t *lorder = cli_sort_groups(lv, by_label, value);
        size_t *pos = malloc((dvk_agg_size(lv) + 1) * sizeof *pos);
        if (!lorder || !pos) {
            free(lorder);
            free(pos);
            st = DVK_NOMEM;
            break;
        }
        for (size_t i = 0; i < dvk_agg_size(lv); i++)
            pos[lorder[i]] = i;
        for (size_t g = 0; g < n; g++) {
            for (size_t p = 0; p < k; p++)
                keys[p] = dvk_agg_key(a, g, p);
            size_t at = k == parts ? g : dvk_agg_find(lv, keys);
            rank[g * parts + k - 1] = at == (size_t)-1 ? 0 : pos[at];
        }
        free(lorder);
        free(pos);
    }
    if (!st) {
        for (size_t g = 0; g < n; g++)
            order[g] = g;
        sort_rank = rank;
        sort_parts = parts;
        qsort(order, n, sizeof *order, by_rank);
        /* walk the groups; a subtotal closes when its prefix changes */
        for (size_t i = 0; i < n; i++) {
            size_t g = order[i];
            size_t same = 0; /* parts shared with the previous group */
            if (i > 0)
                while (same < parts - 1 &&
                       strcmp(dvk_agg_key(a, g, same), dvk_agg_key(a, order[i - 1], same)) == 0)
                    same++;
            /* a form's subtotals head their groups, at every level */
            for (size_t k = 1; rollup && form_first && k < parts; k++) {
                if (i > 0 && same >= k)
                    continue;
                for (size_t p = 0; p < k; p++)
                    keys[p] = dvk_agg_key(a, g, p);
                ru->rows[ru->nrows++] = (struct cli_row){k, dvk_agg_find(ru->levels[k], keys)};
            }
            ru->rows[ru->nrows++] = (struct cli_row){parts, g};
            size_t next_same = 0;
            if (i + 1 < n)
                while (next_same < parts - 1 &&
                       strcmp(dvk_agg_key(a, g, next_same),
                              dvk_agg_key(a, order[i + 1], next_same)) == 0)
                    next_same++;
            if (!rollup || form_first)
                continue;
            /* levels parts-1 … next_same+1 close here, innermost first */
            for (size_t k = parts - 1; k > next_same && k >= 1; k--) {
                for (size_t p = 0; p < k; p++)
                    keys[p] = dvk_agg_key(a, g, p);
                ru->rows[ru->nrows++] = (struct cli_row){k, dvk_agg_find(ru->levels[k], keys)};
            }
        }
    }
    free(rank);
    free(order);
    if (st)
        cli_rollup_free(ru);
    return st;
}

void cli_roman(unsigned n, char *buf, size_t size)
{
    static const struct { unsigned v; const char *s; } digits[] = {
        {1000, "M"}, {900, "CM"}, {500, "D"}, {400, "CD"}, {100, "C"}, {90, "XC"},
        {50, "L"}, {40, "XL"}, {10, "X"}, {9, "IX"}, {5, "V"}, {4, "IV"}, {1, "I"}
    };
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof digits / sizeof *digits; i++)
        while (n >= digits[i].v && len + strlen(digits[i].s) < size) {
            strcpy(buf + len, digits[i].s);
            len += strlen(digits[i].s);
            n -= digits[i].v;
        }
}

void cli_write_column_numbers(dvk_writer *w, size_t ncols)
{
    for (size_t k = 0; k < ncols; k++) {
        char num[24];
        snprintf(num, sizeof num, "(%zu)", k + 1);
        dvk_writer_text(w, num, -1);
    }
    dvk_writer_end_row(w);
}
