/* cmd-coverage.c: dvkstat coverage, which units of a roster met a target.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct unit {
    char *key;               /* matched across files (cli_units_match) */
    char *label;
};

struct coverage {
    struct cli_tally t;      /* first: the options, the grouping, the data's table */
    const char *roster, *key, *roster_key;
    double min;
    int exact_units;         /* --exact-units */
    struct unit *units;      /* the roster, in its order */
    char **canon;            /* the data's groups' keys, then the roster's */
    size_t nunits;
    unsigned long long no_unit;   /* data rows with the key column empty */
};

enum { OPT_ROSTER = 2000, OPT_KEY, OPT_ROSTER_KEY, OPT_MIN, OPT_EXACT_UNITS };

const struct cli_option cli_coverage_options[] = {
    CLI_TEXT(N_("Usage: dvkstat coverage --roster FILE --key COL [OPTION]... [FILE]...\n"
                 "Which units of a roster registered fewer than --min models, the share of\n"
                 "units that met the target, and the units in the data that the roster\n"
                 "lacks (misspelt, merged or new).  Units compare as normalised text; --map\n"
                 "maps the data's spellings onto the roster's.\n"
                 "\n")),
    CLI_OPTION("roster", OPT_ROSTER, N_("FILE"), N_("the list of units, one a row")),
    CLI_OPTION("key", OPT_KEY, N_("COL"), N_("the data's column that names the unit")),
    CLI_OPTION("roster-key", OPT_ROSTER_KEY, N_("COL"), N_("the roster's column (default: the one whose values\n"
                "best name the data's units, never one of serial\n"
                "numbers such as STT)")),
    CLI_OPTION("exact-units", OPT_EXACT_UNITS, NULL, N_("compare unit names as written (default: whatever\n"
                "kind prefix either file writes, \"Xã Long Sơn\",\n"
                "\"X. Long Sơn\" and \"Long Sơn\" being one unit\n"
                "when no other kind has that name)")),
    CLI_OPTION("min", OPT_MIN, N_("N"), N_("the target: at least N models (default 1)")),
    CLI_HIDDEN("by", OPT_BY, "COLS"), /* refused: not listed */
    CLI_MORE(cli_grouping_options),
    CLI_MORE(cli_common_options),
    CLI_TEXT(N_("\n"
                 "Examples:\n"
                 "  dvkstat coverage --roster wards.csv --key 'Phường, xã' models.csv\n"
                 "  dvkstat coverage --roster wards.csv --key Xã --min 2 --where Năm=2022 models.csv\n")),
    CLI_END,
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct coverage *c = ctx;
    if (opt == OPT_BY) { /* cli_parse() then says where the help is */
        cli_error(_("coverage takes --key, not --by"));
        return EXIT_USAGE;
    }
    if (cli_grouping_option(&c->t.g, opt, arg))
        return 0;
    switch (opt) {
    case OPT_ROSTER: c->roster = arg; break;
    case OPT_KEY: c->key = arg; break;
    case OPT_ROSTER_KEY: c->roster_key = arg; break;
    case OPT_EXACT_UNITS: c->exact_units = 1; break;
    case OPT_MIN: {
        char *end;
        c->min = strtod(arg, &end);
        if (*end || !(c->min >= 0)) {
            cli_error(_("--min takes a number of models, not '%s'"), arg);
            return EXIT_USAGE;
        }
        break;
    }
    }
    return 0;
}

static int add_unit(const char *key, const char *label, void *ctx)
{
    struct coverage *c = ctx;
    struct unit *u = realloc(c->units, (c->nunits + 1) * sizeof *u);
    if (!u)
        return DVK_NOMEM;
    c->units = u;
    u[c->nunits].key = strdup(key);
    u[c->nunits].label = strdup(label);
    if (!u[c->nunits].key || !u[c->nunits].label) {
        free(u[c->nunits].key);
        free(u[c->nunits].label);
        return DVK_NOMEM;
    }
    c->nunits++;
    return DVK_OK;
}

static int on_open(dvk_reader *r, size_t file_index, void *ctx)
{
    struct coverage *c = ctx;
    (void)file_index;
    size_t col;
    int st = dvk_reader_find_column(r, c->key, &col);
    if (st)
        return st;
    char num[32];
    snprintf(num, sizeof num, "%zu", col + 1);
    const char *specs[] = {num};
    st = cli_grouping_open(&c->t.g, r, specs, 1);
    if (st)
        return st;
    if (!c->t.agg && !(c->t.agg = dvk_agg_new(1, 1)))
        return DVK_NOMEM;
    return DVK_OK;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct coverage *c = ctx;
    double w;
    int skip;
    int st = cli_grouping_weight(&c->t.g, r, &w, &skip);
    if (st || skip)
        return st;
    const char *const *keys, *const *labels;
    st = dvk_grouper_key(c->t.g.grouper, r, &keys, &labels);
    if (st)
        return st;
    if (keys[0][0] == '\0') {
        c->no_unit++;
        return DVK_OK;
    }
    return dvk_agg_add(c->t.agg, keys, labels, &w) ? DVK_NOMEM : DVK_OK;
}

/* The data's models in the roster's unit KEY, whatever prefix either
 * file wrote. */
static double count_of(struct coverage *c, const char *key)
{
    double v = 0;
    for (size_t g = 0; g < dvk_agg_size(c->t.agg); g++)
        if (strcmp(c->canon[g], key) == 0)
            v += dvk_agg_value(c->t.agg, g, 0);
    return v;
}

static int in_roster(const struct coverage *c, size_t group)
{
    for (size_t i = 0; i < c->nunits; i++)
        if (strcmp(c->units[i].key, c->canon[group]) == 0)
            return 1;
    return 0;
}

/* Read the roster (its key column chosen by the data's units) and match
 * its units with the data's.  Returns an exit status, or -1. */
static int match_roster(struct coverage *c)
{
    int st = cli_roster_read(&c->t.o, c->roster, c->key, c->roster_key, c->t.agg, add_unit, c);
    if (st >= 0)
        return st;
    size_t n = dvk_agg_size(c->t.agg);
    const char **a = calloc(n ? n : 1, sizeof *a), **b = calloc(c->nunits, sizeof *b);
    char **canon_b;
    if (!a || !b) {
        free(a);
        free(b);
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    for (size_t g = 0; g < n; g++)
        a[g] = dvk_agg_label(c->t.agg, g, 0);
    for (size_t i = 0; i < c->nunits; i++)
        b[i] = c->units[i].label;
    st = cli_units_match(a, n, b, c->nunits, c->exact_units, &c->canon, &canon_b);
    free(a);
    free(b);
    if (st >= 0)
        return st;
    for (size_t i = 0; i < c->nunits; i++) {
        free(c->units[i].key);
        c->units[i].key = canon_b[i];
        canon_b[i] = NULL;
    }
    return -1;
}

/* One unit and its count in a list of units: its key an object, as
 * every group's is. */
static void json_unit(dvk_json *j, const char *column, const char *label, double count)
{
    dvk_json_object(j);
    dvk_json_key(j, "key");
    dvk_json_object(j);
    dvk_json_key(j, column);
    dvk_json_string(j, label, -1);
    dvk_json_end(j);
    dvk_json_key(j, "count");
    cli_json_count(j, count);
    dvk_json_end(j);
}

static int write_json(struct coverage *c, dvk_json *j, const size_t *order, size_t n,
                      size_t met, double share)
{
    dvk_json_object(j);
    dvk_json_key(j, "command");
    dvk_json_string(j, "coverage", -1);
    cli_json_by(j, &c->t.g, 1);
    dvk_json_key(j, "min");
    cli_json_count(j, c->min);
    dvk_json_key(j, "units");
    dvk_json_integer(j, (long long)c->nunits);
    dvk_json_key(j, "met");
    dvk_json_integer(j, (long long)met);
    dvk_json_key(j, "share");
    dvk_json_number(j, share); /* null for an empty roster */
    dvk_json_key(j, "below");
    dvk_json_array(j);
    for (size_t i = 0; i < c->nunits; i++) {
        double v = count_of(c, c->units[i].key);
        if (v < c->min)
            json_unit(j, c->t.g.names[0], c->units[i].label, v);
    }
    dvk_json_end(j);
    dvk_json_key(j, "not_in_roster");
    dvk_json_array(j);
    for (size_t i = 0; i < n; i++)
        if (!in_roster(c, order[i]))
            json_unit(j, c->t.g.names[0], dvk_agg_label(c->t.agg, order[i], 0),
                      dvk_agg_value(c->t.agg, order[i], 0));
    dvk_json_end(j);
    return dvk_json_end(j);
}

static int write_output(void *ctx)
{
    struct coverage *c = ctx;
    int mst = match_roster(c);
    if (mst >= 0)
        return mst;
    size_t met = 0;
    for (size_t i = 0; i < c->nunits; i++)
        met += count_of(c, c->units[i].key) >= c->min;
    double share = (double)met / (double)c->nunits;
    size_t *order;
    dvk_writer *w = cli_tally_writer(&c->t, 1, &order);
    if (!w)
        return EXIT_DATA;
    size_t n = dvk_agg_size(c->t.agg);
    int status = EXIT_OK;
    if (c->t.o.format == DVK_FORMAT_JSON) {
        dvk_json *j = dvk_json_new(w);
        status = cli_json_finish(j, j ? write_json(c, j, order, n, met, share) : DVK_NOMEM);
    } else {
        const char *names[] = {c->t.g.names[0], _("count"), _("status")};
        dvk_writer_begin(w, 3, names);
        for (size_t i = 0; i < c->nunits; i++) {
            double v = count_of(c, c->units[i].key);
            dvk_writer_text(w, c->units[i].label, -1);
            dvk_writer_number(w, v, -1);
            dvk_writer_text(w, v >= c->min ? _("met") : _("below target"), -1);
            dvk_writer_end_row(w);
        }
        for (size_t i = 0; i < n; i++) {
            if (in_roster(c, order[i]))
                continue;
            dvk_writer_text(w, cli_label(c->t.o.format, dvk_agg_label(c->t.agg, order[i], 0)), -1);
            dvk_writer_number(w, dvk_agg_value(c->t.agg, order[i], 0), -1);
            dvk_writer_text(w, _("not in roster"), -1);
            dvk_writer_end_row(w);
        }
        dvk_writer_end(w);
        if (c->t.o.format != DVK_FORMAT_CSV && c->t.o.format != DVK_FORMAT_TSV) {
            char buf[512], pct[64], least[64];
            int m = snprintf(buf, sizeof buf, _("\n%zu of %zu units (%s) registered at least %s.\n"),
                             met, c->nunits, cli_fig(pct, sizeof pct, share, 1, DVK_FIGURE_PERCENT),
                             cli_fig(least, sizeof least, c->min, -1, 0));
            if (m < 0 || (size_t)m >= sizeof buf)
                m = (int)strlen(buf);
            dvk_writer_raw(w, buf, (size_t)m);
        }
    }
    if (c->no_unit && !c->t.o.quiet)
        fprintf(stderr, _("dvkstat: note: %llu rows have no value in column '%s' and "
                "belong to no unit\n"), c->no_unit, c->t.g.names[0]);
    free(order);
    return cli_finish_writer(w, status);
}

/* The second part of a file: its own rows without a unit, and no roster
 * (read once all the data is, by the first thread). */
static void empty_coverage(struct cli_tally *t)
{
    struct coverage *c = (struct coverage *)t;
    c->no_unit = 0;
    c->units = NULL;
    c->canon = NULL;
    c->nunits = 0;
}

static void join_coverage(struct cli_tally *t, const struct cli_tally *part)
{
    ((struct coverage *)t)->no_unit += ((const struct coverage *)part)->no_unit;
}

static void free_coverage(struct cli_tally *t)
{
    struct coverage *c = (struct coverage *)t;
    for (size_t i = 0; i < c->nunits; i++) {
        free(c->units[i].key);
        free(c->units[i].label);
    }
    free(c->units);
    size_t ncanon = c->canon ? dvk_agg_size(c->t.agg) + c->nunits : 0;
    for (size_t i = 0; i < ncanon; i++)
        free(c->canon[i]);
    free(c->canon);
}

int cmd_coverage(int argc, char **argv, const struct cli_command *self)
{
    struct coverage c = {.t = {.size = sizeof c, .free = free_coverage, .empty = empty_coverage,
                               .join = join_coverage}};
    c.min = 1;
    int st = cli_parse(argc, argv, &c.t.o, self, handle, &c);
    if (st < 0 && (!c.roster || !c.key))
        st = cli_usage_error(self->name, _("coverage needs --roster FILE and --key COL"));
    return cli_tally_run(&c.t, st, on_open, on_row, 1, write_output);
}
