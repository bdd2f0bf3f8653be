/* group.c: grouping options and ordering shared by the counting commands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct cli_option cli_grouping_options[] = {
    CLI_TEXT(N_("Grouping:\n")),
    CLI_OPTION("by", OPT_BY, N_("COLS"), N_("group by these columns: repeat --by, or separate\n"
                "names with commas (a column whose name holds a comma\n"
                "is found whole first)")),
    CLI_OPTION("map", OPT_MAP, N_("FILE"), N_("a two-column file (from, to) mapping aliases onto\n"
                "the categories of a report (KT, kinh te -> Kinh tế),\n"
                "applied to the values of every grouping column")),
    CLI_OPTION("strict-map", OPT_STRICT_MAP, NULL, N_("a value the map does not know is a bad row")),
    CLI_OPTION("weight", OPT_WEIGHT, N_("COL"), N_("each row counts as the number in COL (aggregated\n"
                "tables); a row with COL empty is not counted")),
    CLI_END,
};

int cli_grouping_option(struct cli_grouping *g, int opt, const char *arg)
{
    switch (opt) {
    case OPT_BY: {
        const char **by = realloc(g->by, (g->nby + 2) * sizeof *by);
        if (!by)
            return 0;
        g->by = by;
        g->by[g->nby++] = arg;
        g->by[g->nby] = NULL;
        return 1;
    }
    case OPT_MAP: g->map_file = arg; return 1;
    case OPT_STRICT_MAP: g->strict_map = 1; return 1;
    case OPT_WEIGHT: g->weight = arg; return 1;
    default: return cli_measure_option(g, opt, arg);
    }
}

int cli_grouping_load(struct cli_grouping *g, const struct cli_options *o)
{
    g->decimal_comma = o->decimal_comma;
    g->fill = o->fill;
    g->nfill = o->nfill;
    if (g->strict_map && !g->map_file) {
        cli_error(_("--strict-map goes with --map FILE"));
        return EXIT_USAGE;
    }
    int st = cli_levels_load(g, o);
    if (st >= 0 || !g->map_file)
        return st;
    g->aliases = dvk_aliases_new();
    dvk_reader *r = dvk_reader_new();
    if (!g->aliases || !r) {
        dvk_reader_free(r);
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    st = cli_reader_setup(r, o, 0);
    if (!st)
        st = dvk_reader_open(r, g->map_file);
    if (!st)
        st = dvk_aliases_read(g->aliases, r);
    if (st)
        cli_report_reader(r);
    dvk_reader_free(r);
    return st ? cli_exit_status(st) : -1;
}

int cli_grouping_open(struct cli_grouping *g, dvk_reader *r,
                      const char *const *specs, size_t nspecs)
{
    dvk_grouper_free(g->grouper);
    g->grouper = NULL;
    int st = dvk_grouper_new(r, specs, nspecs, &g->grouper);
    if (st)
        return st;
    dvk_grouper_set_aliases(g->grouper, g->aliases, g->strict_map);
    if (g->weight) {
        st = dvk_reader_find_column(r, g->weight, &g->weight_col);
        if (st)
            return st;
    }
    /* with --levels the parent level is the table's first key part */
    size_t up = g->levels_file ? 1 : 0, n = dvk_grouper_columns(g->grouper) + up;
    if (!g->names) {
        g->names = calloc(n ? n : 1, sizeof *g->names);
        g->filled = calloc(n ? n : 1, 1);
        if (!g->names || !g->filled)
            return DVK_NOMEM;
        /* the reader took these names already: they resolve */
        for (size_t f = 0; f < g->nfill; f++) {
            size_t col;
            if (dvk_reader_find_column(r, g->fill[f], &col) == DVK_OK)
                for (size_t i = up; i < n; i++)
                    g->filled[i] |= dvk_grouper_column(g->grouper, i - up) == col;
        }
        g->nnames = n;
        for (size_t i = 0; i < n; i++) {
            g->names[i] = strdup(i < up ? cli_levels_name(g->levels)
                                        : dvk_reader_column_name(r, dvk_grouper_column(g->grouper,
                                                                                       i - up)));
            if (!g->names[i])
                return DVK_NOMEM;
        }
    } else if (n != g->nnames) {
        cli_error(_("%s: the grouping names %zu columns here and %zu in the first file"),
                  dvk_reader_name(r), n, g->nnames);
        return -EXIT_DATA;
    }
    return cli_measures_open(g, r);
}

int cli_grouping_weight(struct cli_grouping *g, dvk_reader *r, double *w, int *skip)
{
    *w = 1;
    *skip = 0;
    if (!g->weight)
        return DVK_OK;
    size_t len;
    const char *raw = dvk_reader_field(r, g->weight_col, &len);
    (void)len;
    int st = dvk_reader_field_number(r, g->weight_col, w);
    if (st == DVK_EMPTY) {
        g->no_weight++;
        *skip = 1;
        return DVK_OK;
    }
    if (st) {
        char msg[200];
        snprintf(msg, sizeof msg, _("weight '%.60s' in column '%s' is not a number"),
                 raw, dvk_reader_column_name(r, g->weight_col));
        return dvk_reader_reject(r, DVK_VALUE, g->weight_col, msg);
    }
    return DVK_OK;
}

int cli_grouping_add_row(struct cli_grouping *g, dvk_reader *r, dvk_agg *a)
{
    double w;
    int skip;
    int st = cli_grouping_weight(g, r, &w, &skip);
    if (st || skip)
        return st;
    if (g->nmeasures || g->levels)
        return cli_grouping_add_values(g, r, a, &w);
    return dvk_grouper_add(g->grouper, r, a, &w);
}

/* The roster held in memory: rosters are lists of a few hundred units,
 * and its key column is chosen by looking at all of it. */
struct roster {
    size_t ncols, nrows;
    char **cells;             /* nrows × ncols, DVK_TEXT_CLEAN */
};

static void roster_free(struct roster *t)
{
    for (size_t i = 0; i < t->ncols * t->nrows; i++)
        free(t->cells[i]);
    free(t->cells);
}

/* A column of serial numbers (STT): every value a small integer. */
static int serial_column(const struct roster *t, size_t col)
{
    size_t values = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        const char *v = t->cells[i * t->ncols + col];
        if (!v[0])
            continue;
        if (strspn(v, "0123456789") != strlen(v) || strlen(v) > 5)
            return 0;
        values++;
    }
    return values > 0;
}

/* The unit key of TEXT without its kind ("Xã Long Mai" -> "long mai"),
 * malloc'd, or NULL. */
char *cli_bare_unit(const char *text)
{
    char *k;
    if (dvk_unit_key(text, strlen(text), &k, NULL, NULL))
        return NULL;
    char *copy = strdup(k);
    dvk_free(k);
    return copy;
}

/* How many of column COL's values name one of the data's units. */
static size_t match_score(const struct roster *t, size_t col, char **data, size_t ndata)
{
    size_t score = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        char *k = cli_bare_unit(t->cells[i * t->ncols + col]);
        for (size_t j = 0; k && k[0] && j < ndata; j++)
            if (data[j] && strcmp(k, data[j]) == 0) {
                score++;
                break;
            }
        free(k);
    }
    return score;
}

static int read_roster(const struct cli_options *o, const char *path, struct roster *t,
                       dvk_reader **out)
{
    dvk_reader *r = dvk_reader_new();
    *out = r;
    if (!r)
        return DVK_NOMEM;
    int st = cli_reader_setup(r, o, 0);
    if (!st)
        st = dvk_reader_open(r, path);
    if (st)
        return st;
    t->ncols = dvk_reader_column_count(r);
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        char **cells = realloc(t->cells, (t->nrows + 1) * t->ncols * sizeof *cells);
        if (!cells)
            return DVK_NOMEM;
        t->cells = cells;
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = dvk_reader_field_text(r, c, DVK_TEXT_CLEAN, NULL);
            cells[t->nrows * t->ncols + c] = v ? strdup(v) : NULL;
            if (!cells[t->nrows * t->ncols + c]) {
                for (size_t d = 0; d <= c; d++)
                    free(cells[t->nrows * t->ncols + d]);
                return v ? DVK_NOMEM : DVK_ENCODING;
            }
        }
        t->nrows++;
    }
    return st == DVK_DONE ? DVK_OK : st;
}

int cli_roster_read(const struct cli_options *o, const char *path, const char *key,
                    const char *roster_key, const dvk_agg *data_units,
                    int (*unit)(const char *key, const char *label, void *ctx), void *ctx)
{
    struct roster t = {0};
    dvk_reader *r;
    int st = read_roster(o, path, &t, &r);
    size_t col = 0;
    if (!st && roster_key) {
        st = dvk_reader_find_column(r, roster_key, &col);
    } else if (!st) {
        /* The column whose values name the data's units; never one of
         * serial numbers, which would match nothing and say 0 %. */
        size_t ndata = data_units ? dvk_agg_size(data_units) : 0, best = 0, named = SIZE_MAX;
        char **data = calloc(ndata ? ndata : 1, sizeof *data);
        for (size_t g = 0; data && g < ndata; g++)
            data[g] = cli_bare_unit(dvk_agg_label(data_units, g, 0));
        if (dvk_reader_find_column(r, key, &named) != DVK_OK)
            named = SIZE_MAX;
        col = SIZE_MAX;
        for (size_t c = 0; data && c < t.ncols; c++) {
            if (serial_column(&t, c))
                continue;
            size_t score = match_score(&t, c, data, ndata);
            if (col == SIZE_MAX || score > best || (score == best && c == named)) {
                col = c;
                best = score;
            }
        }
        for (size_t g = 0; data && g < ndata; g++)
            free(data[g]);
        free(data);
        if (col == SIZE_MAX)
            col = named != SIZE_MAX ? named : 0;
        if (t.ncols > 1 && !o->quiet)
            fprintf(stderr, _("dvkstat: note: %s: the units are read from column '%s' "
                    "(%zu of its values name units of the data; --roster-key names "
                    "another)\n"), path, dvk_reader_column_name(r, col), best);
    }
    size_t units = 0;
    dvk_agg *seen = st ? NULL : dvk_agg_new(1, 1);
    if (!st && !seen)
        st = DVK_NOMEM;
    double one = 1;
    for (size_t i = 0; !st && i < t.nrows; i++) {
        const char *label = t.cells[i * t.ncols + col];
        char *k;
        if ((st = dvk_text_normalize(label, strlen(label), DVK_TEXT_KEY, &k, NULL)))
            break;
        const char *keys[] = {k};
        if (k[0] && dvk_agg_find(seen, keys) == (size_t)-1) {
            if (dvk_agg_add(seen, keys, keys, &one))
                st = DVK_NOMEM;
            else if (!(st = unit(k, label, ctx)))
                units++;
        }
        dvk_free(k);
    }
    int status = -1;
    if (st == DVK_NOMEM) {
        cli_error(_("out of memory"));
        status = EXIT_DATA;
    } else if (st) {
        cli_report_reader(r);
        status = cli_exit_status(st);
    } else if (units == 0) {
        cli_error(_("%s: the roster lists no units"), path);
        status = EXIT_DATA;
    }
    dvk_agg_free(seen);
    roster_free(&t);
    dvk_reader_free(r);
    return status;
}

int cli_units_match(const char *const *a, size_t na, const char *const *b, size_t nb,
                    int exact, char ***canon_a, char ***canon_b)
{
    size_t n = na + nb;
    char **bare = calloc(n ? n : 1, sizeof *bare);
    int *kind = calloc(n ? n : 1, sizeof *kind);
    char **canon = calloc(n ? n : 1, sizeof *canon);
    int status = -1;
    if (!bare || !kind || !canon)
        goto nomem;
    for (size_t i = 0; i < n; i++) {
        const char *text = i < na ? a[i] : b[i - na];
        char *k;
        int st = exact ? dvk_text_normalize(text, strlen(text), DVK_TEXT_KEY, &k, NULL)
                       : dvk_unit_key(text, strlen(text), &k, NULL, &kind[i]);
        if (st)
            goto nomem;
        bare[i] = strdup(k);
        dvk_free(k);
        if (!bare[i])
            goto nomem;
    }
    for (size_t i = 0; i < n && status < 0; i++) {
        /* A name with no kind takes the one kind its namesakes have; with
         * two kinds among them ("Xã Long Sơn", "Phường Long Sơn") it could
         * be either, and a guess would move models between units. */
        int k = kind[i];
        size_t other = SIZE_MAX;
        for (size_t j = 0; j < n; j++) {
            if (!kind[j] || strcmp(bare[i], bare[j]) != 0)
                continue;
            if (!kind[i] && k && kind[j] != k)
                other = j;
            if (!kind[i] && !k)
                k = kind[j];
        }
        if (other != SIZE_MAX) {
            size_t first = SIZE_MAX;
            for (size_t j = 0; j < n && first == SIZE_MAX; j++)
                if (kind[j] == k && strcmp(bare[i], bare[j]) == 0)
                    first = j;
            cli_error(_("unit '%s' could be '%s' or '%s': write its kind (Xã, Phường, "
                      "Thị trấn …), or give --exact-units to compare unit names as written"),
                      i < na ? a[i] : b[i - na], first < na ? a[first] : b[first - na],
                      other < na ? a[other] : b[other - na]);
            status = EXIT_DATA;
            break;
        }
        char buf[16];
        snprintf(buf, sizeof buf, "%d:", k);
        canon[i] = malloc(strlen(buf) + strlen(bare[i]) + 1);
        if (!canon[i])
            goto nomem;
        strcpy(canon[i], buf);
        strcat(canon[i], bare[i]);
    }
    if (status < 0) {
        *canon_a = canon;
        *canon_b = canon + na;
        canon = NULL; /* the caller frees (*CANON_A)[0, na + nb) and *CANON_A */
    }
    goto done;
nomem:
    cli_error(_("out of memory"));
    status = EXIT_DATA;
done:
    for (size_t i = 0; bare && i < n; i++)
        free(bare[i]);
    for (size_t i = 0; canon && i < n; i++)
        free(canon[i]);
    free(bare);
    free(kind);
    free(canon);
    return status;
}

void cli_grouping_note(const struct cli_grouping *g, const struct cli_options *o)
{
    if (g->no_weight && !o->quiet)
        fprintf(stderr, _("dvkstat: note: %llu rows have no weight in column '%s' "
                "and are not counted\n"), g->no_weight, g->weight);
}

void cli_grouping_free(struct cli_grouping *g)
{
    dvk_grouper_free(g->grouper);
    dvk_aliases_free(g->aliases);
    for (size_t i = 0; i < g->nnames; i++)
        free(g->names[i]);
    free(g->names);
    free(g->filled);
    free(g->by);
    for (size_t m = 0; m < g->nmeasures; m++) {
        if (g->measure_expr)
            dvk_expr_free(g->measure_expr[m]);
        if (g->measure_names)
            free(g->measure_names[m]);
    }
    free(g->measure_expr);
    free(g->measure_col);
    free(g->measure_values);
    free(g->measure_texts);
    for (size_t m = 0; g->measure_bufs && m < g->nmeasures; m++)
        free(g->measure_bufs[m]);
    free(g->measure_bufs);
    free(g->measure_caps);
    free(g->measure_names);
    free(g->measures);
    cli_levels_free(g->levels);
}

/* For a second thread: a grouping with G's settings, sharing its aliases
 * (which it does not free), and no file open. */
static int grouping_fork(const struct cli_grouping *g, struct cli_grouping *part)
{
    memset(part, 0, sizeof *part);
    part->map_file = g->map_file;
    part->strict_map = g->strict_map;
    part->weight = g->weight;
    part->decimal_comma = g->decimal_comma;
    part->fill = g->fill;
    part->nfill = g->nfill;
    part->aliases = g->aliases; /* read only; not freed by the part */
    part->measures = g->measures; /* likewise */
    part->nmeasures = g->nmeasures;
    part->budget = g->budget;
    part->rollup = g->rollup;
    part->form = g->form;
    part->levels_file = g->levels_file;
    part->levels = g->levels; /* likewise */
    part->nby = g->nby;
    part->by = calloc(g->nby ? g->nby : 1, sizeof *part->by);
    if (!part->by)
        return DVK_NOMEM;
    if (g->nby)
        memcpy(part->by, g->by, g->nby * sizeof *part->by);
    return DVK_OK;
}

/* Free a part's grouping and table. */
static void grouping_drop(struct cli_grouping *part, dvk_agg *part_table)
{
    part->aliases = NULL; /* the first thread's */
    part->measures = NULL;
    part->levels = NULL;
    cli_grouping_free(part);
    dvk_agg_free(part_table);
}

/* Add a part's rows without weight and its table PART_TABLE (may be NULL)
 * into G and TABLE. */
static int grouping_join(struct cli_grouping *g, dvk_agg *table,
                         struct cli_grouping *part, const dvk_agg *part_table)
{
    g->no_weight += part->no_weight;
    return part_table ? dvk_agg_merge(table, part_table) : DVK_OK;
}

int cli_grouping_fork(const struct cli_grouping *g, struct cli_grouping *part)
{
    return grouping_fork(g, part);
}

void cli_grouping_join(struct cli_grouping *g, const struct cli_grouping *part)
{
    g->no_weight += part->no_weight;
}

void cli_grouping_drop(struct cli_grouping *part)
{
    grouping_drop(part, NULL);
}

int cli_run_grouped(struct cli_options *o, struct cli_grouping *g,
                    const struct cli_visitor *v, int (*write)(void *ctx))
{
    int st = cli_grouping_load(g, o);
    if (st >= 0)
        return st;
    st = cli_read_inputs(o, v);
    cli_grouping_note(g, o);
    return st == EXIT_OK ? write(v->ctx) : st;
}

void cli_note_empty(const struct cli_options *o, const struct cli_grouping *g,
                    const dvk_agg *a, size_t value)
{
    if (o->quiet || !a)
        return;
    for (size_t p = 0; p < dvk_agg_parts(a) && p < g->nnames; p++) {
        double sum = 0;
        for (size_t i = 0; i < dvk_agg_size(a); i++)
            if (dvk_agg_key(a, i, p)[0] == '\0')
                sum += dvk_agg_value(a, i, value);
        if (sum > 0 && !(g->filled && g->filled[p]))
            fprintf(stderr, _("dvkstat: note: %g counted in the (empty) group of '%s'; if the "
                    "spreadsheet merged those cells, --fill-down '%s' gives each the value "
                    "above\n"), sum, g->names[p], g->names[p]);
    }
}

const char *cli_label(int format, const char *label)
{
    if (label && *label)
        return label;
    if (format == DVK_FORMAT_CSV || format == DVK_FORMAT_TSV || format == DVK_FORMAT_JSON)
        return label ? label : "";
    return _("(empty)");
}

int cli_compare_labels(const char *x, const char *y)
{
    return dvk_label_compare(x, y);
}

/* The report's order is the library's (dvk_agg_order()). */
size_t *cli_sort_groups(const dvk_agg *a, int by_label, size_t value)
{
    size_t n = dvk_agg_size(a);
    size_t *order = malloc((n ? n : 1) * sizeof *order);
    if (order && dvk_agg_order(a, by_label, value, order)) {
        free(order);
        return NULL;
    }
    return order;
}


void cli_series_notes(const struct cli_options *o, dvk_reader *r, const dvk_series *s)
{
    if (o->quiet)
        return;
    const char *col = dvk_reader_column_name(r, dvk_series_time_column(s));
    unsigned long long rows, serials = dvk_series_date_serials(s);
    dvk_series_untimed(s, 0, &rows);
    if (rows)
        fprintf(stderr, _("dvkstat: note: %s: %llu rows have no year or date in column '%s': "
                "left out of the series\n"), dvk_reader_name(r), rows, col);
    if (serials)
        fprintf(stderr, _("dvkstat: note: %s: %llu values of column '%s' are dates as Excel "
                "counts days (44562 is 01/01/2022) and are read as those dates\n"),
                dvk_reader_name(r), serials, col);
}

/* ---------------------------------------------------------- JSON results */

void cli_json_by(dvk_json *j, const struct cli_grouping *g, size_t parts)
{
    dvk_json_key(j, "by");
    dvk_json_array(j);
    for (size_t p = 0; p < parts; p++)
        dvk_json_string(j, g->names[p], -1);
    dvk_json_end(j);
}

void cli_json_group_key(dvk_json *j, const struct cli_grouping *g, const dvk_agg *a,
                        size_t group, size_t parts)
{
    dvk_json_key(j, "key");
    dvk_json_object(j);
    for (size_t p = 0; p < parts; p++) {
        dvk_json_key(j, g->names[p]);
        dvk_json_string(j, dvk_agg_label(a, group, p), -1);
    }
    dvk_json_end(j);
}

void cli_json_count(dvk_json *j, double x)
{
    char buf[40];
    int n = snprintf(buf, sizeof buf, "%.15g", x);
    dvk_json_raw(j, buf, (size_t)n);
}

int cli_json_finish(dvk_json *j, int st)
{
    dvk_json_free(j);
    if (!j || st == DVK_NOMEM) {
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    return EXIT_OK; /* a write error is the writer's, reported when it commits */
}

/* ------------------------------------------------------------- the tally */

/* The second part of a large file, read by another thread: the settings
 * copied, what belongs to a file empty. */
static void *tally_fork(void *ctx)
{
    struct cli_tally *t = ctx, *part = malloc(t->size);
    if (!part)
        return NULL;
    memcpy(part, t, t->size);
    part->agg = NULL;
    if (part->empty)
        part->empty(part);
    if (grouping_fork(&t->g, &part->g)) {
        free(part);
        return NULL;
    }
    return part;
}

static int tally_join(void *ctx, void *part_ctx)
{
    struct cli_tally *t = ctx, *part = part_ctx;
    if (t->join)
        t->join(t, part);
    return grouping_join(&t->g, t->agg, &part->g, part->agg);
}

static void tally_drop(void *part_ctx)
{
    struct cli_tally *part = part_ctx;
    if (part->free)
        part->free(part);
    grouping_drop(&part->g, part->agg);
    free(part);
}

void cli_tally_free(struct cli_tally *t)
{
    if (t->free)
        t->free(t);
    dvk_agg_free(t->agg);
    cli_grouping_free(&t->g);
}

dvk_writer *cli_tally_writer(const struct cli_tally *t, int by_label, size_t **order)
{
    if (!(*order = cli_sort_groups(t->agg, by_label, 0))) {
        cli_error(_("out of memory"));
        return NULL;
    }
    dvk_writer *w = cli_open_writer(&t->o, 0);
    if (!w) {
        free(*order);
        *order = NULL;
    }
    return w;
}

int cli_tally_run(struct cli_tally *t, int st, int (*open)(dvk_reader *r, size_t file, void *t),
                  int (*row)(dvk_reader *r, void *t), int parts, int (*write)(void *t))
{
    if (st < 0) {
        struct cli_visitor v = {.open = open, .row = row, .ctx = t};
        if (parts) {
            v.fork = tally_fork;
            v.join = tally_join;
            v.drop = tally_drop;
        }
        st = cli_run_grouped(&t->o, &t->g, &v, write);
    }
    cli_tally_free(t);
    return st;
}
