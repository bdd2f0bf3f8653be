/* cmd-ratio.c: dvkstat ratio, k of n per group with intervals and a test.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { CI_WILSON, CI_EXACT, CI_NONE };

struct ratio {
    struct cli_options o;
    struct cli_grouping g;
    const char *num, *den;          /* conditions */
    const char *num_col, *den_col;  /* aggregated tables */
    int ci;
    double level;
    dvk_expr *num_expr, *den_expr;  /* the current file's */
    size_t num_index, den_index;
    unsigned long long missing;     /* rows with an empty count cell */
    dvk_agg *agg;                   /* values: num, den */
};

static void usage(void)
{
    printf(_("Usage: dvkstat ratio --num COND [--den COND] [--by COLS] [OPTION]... [FILE]...\n"
           "  or:  dvkstat ratio --num-col COL --den-col COL [--by COLS] [OPTION]... [FILE]...\n"
           "k of n per group (for example, models still maintained of those\n"
           "registered): the ratio with its confidence interval, the overall ratio,\n"
           "and a chi-square test that the ratio is the same in every group, with\n"
           "Fisher's exact test beside it (as R's fisher.test) and a warning when an\n"
           "expected count is below 5 (R's rule for the chi-square approximation).\n"
           "\n"
           "      --num COND        a row counts in k when COND holds (COL=V, COL!=V,\n"
           "                        COL=V1|V2, COL>=N …, as --where)\n"
           "      --den COND        a row counts in n when COND holds (default: every row);\n"
           "                        k counts only rows that are in n\n"
           "      --num-col COL, --den-col COL\n"
           "                        for tables typed by hand: k and n are these columns' sums\n"
           "      --ci wilson|exact|none\n"
           "                        the interval: Wilson score (default, as R's\n"
           "                        prop.test(k, n, correct = FALSE)), Clopper-Pearson\n"
           "                        (as binom.test), or none\n"
           "      --level L         the interval's confidence level (default 0.95)\n"
           "%s%s"
           "\n"
           "Examples:\n"
           "  dvkstat ratio --by 'Lĩnh vực' --map fields.csv --num 'Tình trạng=Duy trì, hiệu quả' models.csv\n"
           "  dvkstat ratio --by Xã --num-col 'Duy trì' --den-col 'Đăng ký' --ci exact totals.csv\n"),
           _(cli_grouping_help), _(cli_common_help));
}

enum { OPT_NUM = 2000, OPT_DEN, OPT_NUM_COL, OPT_DEN_COL, OPT_CI, OPT_LEVEL };

static const struct option longopts[] = {
    CLI_GROUPING_LONGOPTS,
    {"num", required_argument, NULL, OPT_NUM},
    {"den", required_argument, NULL, OPT_DEN},
    {"num-col", required_argument, NULL, OPT_NUM_COL},
    {"den-col", required_argument, NULL, OPT_DEN_COL},
    {"ci", required_argument, NULL, OPT_CI},
    {"level", required_argument, NULL, OPT_LEVEL},
    {NULL, 0, NULL, 0},
};

static int argc_hint;

static int handle(int opt, const char *arg, void *ctx)
{
    struct ratio *c = ctx;
    if (cli_grouping_option(&c->g, opt, arg, argc_hint))
        return 0;
    switch (opt) {
    case OPT_NUM: c->num = arg; break;
    case OPT_DEN: c->den = arg; break;
    case OPT_NUM_COL: c->num_col = arg; break;
    case OPT_DEN_COL: c->den_col = arg; break;
    case OPT_CI: {
        static const char *const names[] = {"wilson", "exact", "none"};
        static const int values[] = {CI_WILSON, CI_EXACT, CI_NONE};
        return cli_choice("--ci", arg, names, values, 3, &c->ci);
    }
    case OPT_LEVEL: {
        char *end;
        c->level = strtod(arg, &end);
        if (*end || !(c->level > 0 && c->level < 1)) {
            cli_error(_("--level takes a number between 0 and 1 (0.95), not '%s'"), arg);
            return EXIT_USAGE;
        }
        break;
    }
    }
    return 0;
}

static int on_open(dvk_reader *r, size_t file_index, void *ctx)
{
    struct ratio *c = ctx;
    (void)file_index;
    int st = cli_grouping_open(&c->g, r, c->g.by, c->g.nby);
    if (st)
        return st;
    dvk_expr_free(c->num_expr);
    dvk_expr_free(c->den_expr);
    c->num_expr = c->den_expr = NULL;
    if (c->num && (st = dvk_expr_new(r, c->num, &c->num_expr)))
        return st;
    if (c->den && (st = dvk_expr_new(r, c->den, &c->den_expr)))
        return st;
    if (c->num_col && (st = dvk_reader_find_column(r, c->num_col, &c->num_index)))
        return st;
    if (c->den_col && (st = dvk_reader_find_column(r, c->den_col, &c->den_index)))
        return st;
    if (!c->agg && !(c->agg = dvk_agg_new(dvk_grouper_columns(c->g.grouper), 2)))
        return DVK_NOMEM;
    return DVK_OK;
}

static int cell_number(struct ratio *c, dvk_reader *r, size_t col, double *x, int *empty)
{
    size_t len;
    const char *raw = dvk_reader_field(r, col, &len);
    (void)len;
    int st = dvk_reader_field_number(r, col, x); /* a number cell as it is */
    *empty = st == DVK_EMPTY;
    if (st && !*empty) {
        char msg[200];
        snprintf(msg, sizeof msg, _("'%.60s' in column '%s' is not a number"), raw,
                 dvk_reader_column_name(r, col));
        return dvk_reader_reject(r, DVK_VALUE, col, msg);
    }
    return DVK_OK;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct ratio *c = ctx;
    double v[2] = {0, 0};
    int st;
    if (c->num_col) {
        int e1, e2;
        if ((st = cell_number(c, r, c->num_index, &v[0], &e1)) ||
            (st = cell_number(c, r, c->den_index, &v[1], &e2)))
            return st;
        if (e1 || e2) {
            c->missing++;
            return DVK_OK;
        }
    } else {
        double w;
        int skip, in_den = 1, in_num = 0;
        if ((st = cli_grouping_weight(&c->g, r, &w, &skip)) || skip)
            return st;
        if (c->den_expr && (st = dvk_expr_eval(c->den_expr, r, &in_den)))
            return st;
        if (in_den && (st = dvk_expr_eval(c->num_expr, r, &in_num)))
            return st;
        v[0] = in_num ? w : 0;
        v[1] = in_den ? w : 0;
    }
    return dvk_grouper_add(c->g.grouper, r, c->agg, v);
}

/* The second half of a large file, read by another thread. */
static void *fork_ratio(void *ctx)
{
    struct ratio *c = ctx, *part = malloc(sizeof *part);
    if (!part)
        return NULL;
    *part = *c; /* the settings; what belongs to a file starts empty */
    part->num_expr = part->den_expr = NULL;
    part->agg = NULL;
    part->missing = 0;
    if (cli_grouping_fork(&c->g, &part->g)) {
        free(part);
        return NULL;
    }
    return part;
}

static void drop_ratio(void *ctx)
{
    struct ratio *part = ctx;
    dvk_expr_free(part->num_expr);
    dvk_expr_free(part->den_expr);
    cli_grouping_drop(&part->g, part->agg);
    free(part);
}

static int join_ratio(void *ctx, void *part_ctx)
{
    struct ratio *c = ctx, *part = part_ctx;
    c->missing += part->missing;
    return cli_grouping_join(&c->g, c->agg, &part->g, part->agg);
}

struct figures {
    double k, n, ratio, low, high; /* NAN where not defined */
};

static struct figures figures_of(const struct ratio *c, double k, double n)
{
    struct figures f = {k, n, NAN, NAN, NAN};
    if (n > 0)
        f.ratio = k / n;
    if (c->ci == CI_WILSON)
        dvk_prop_wilson(k, n, c->level, &f.low, &f.high);
    else if (c->ci == CI_EXACT)
        dvk_prop_exact(k, n, c->level, &f.low, &f.high);
    return f;
}

static void json_number(dvk_writer *w, const char *name, double x, int comma)
{
    char buf[96];
    int n = isfinite(x) ? snprintf(buf, sizeof buf, "%s\"%s\":%.17g", comma ? "," : "", name, x)
                        : snprintf(buf, sizeof buf, "%s\"%s\":null", comma ? "," : "", name);
    dvk_writer_raw(w, buf, (size_t)n);
}

static void json_figures(dvk_writer *w, const struct figures *f, int first)
{
    json_number(w, "num", f->k, !first);
    json_number(w, "den", f->n, 1);
    json_number(w, "ratio", f->ratio, 1);
    json_number(w, "ci_low", f->low, 1);
    json_number(w, "ci_high", f->high, 1);
}

static void row_figures(dvk_writer *w, const struct ratio *c, const struct figures *f)
{
    dvk_writer_number(w, f->k, -1);
    dvk_writer_number(w, f->n, -1);
    dvk_writer_percent(w, f->ratio, 1);
    if (c->ci != CI_NONE) {
        dvk_writer_percent(w, f->low, 1);
        dvk_writer_percent(w, f->high, 1);
    }
}

static int write_output(void *ctx)
{
    struct ratio *c = ctx;
    cli_note_empty(&c->o, &c->g, c->agg, 1);
    size_t n = dvk_agg_size(c->agg), parts = dvk_agg_parts(c->agg);
    size_t *order = cli_sort_groups(c->agg, 1, 0);
    double *ks = malloc((n ? n : 1) * sizeof *ks), *ns = malloc((n ? n : 1) * sizeof *ns);
    if (!order || !ks || !ns) {
        free(order);
        free(ks);
        free(ns);
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    double K = 0, N = 0;
    int over = 0;
    for (size_t i = 0; i < n; i++) {
        ks[i] = dvk_agg_value(c->agg, order[i], 0);
        ns[i] = dvk_agg_value(c->agg, order[i], 1);
        K += ks[i];
        N += ns[i];
        over |= ks[i] > ns[i];
    }
    struct figures all = figures_of(c, K, N);
    double x2 = NAN, df = NAN, p = NAN;
    int tested = parts > 0 && dvk_prop_chisq(ks, ns, n, &x2, &df, &p) == DVK_OK;
    /* Small counts: R's chisq.test warns when an expected count is below
     * 5; Fisher's exact test then stands beside the chi-square. */
    double min_expected = NAN, fisher_p = NAN;
    int small = 0, fisher_st = DVK_VALUE;
    size_t nsmall = 0;
    if (tested) {
        dvk_prop_chisq_expected(ks, ns, n, &min_expected, &small);
        for (size_t i = 0; i < n && N > 0; i++)
            if (ns[i] > 0)
                nsmall += (ns[i] * K / N < 5) + (ns[i] * (N - K) / N < 5);
        fisher_st = dvk_exact_fisher(ks, ns, n, &fisher_p);
        if (fisher_st == DVK_NOMEM) {
            free(order);
            free(ks);
            free(ns);
            cli_error(_("out of memory"));
            return EXIT_DATA;
        }
    }
    const char *fisher_why = fisher_st == DVK_LIMIT
        ? N_("the table is too large for the exact enumeration; the chi-square test stands")
        : N_("no test: fewer than two groups with rows, or the ratio is 0 or 1 everywhere");

    dvk_writer *w = cli_open_writer(&c->o, 0);
    if (!w) {
        free(order);
        free(ks);
        free(ns);
        return EXIT_DATA;
    }
    if (c->o.format == DVK_FORMAT_JSON) {
        dvk_writer_raw(w, "{\"command\":\"ratio\",\"by\":[", 25);
        for (size_t q = 0; q < parts; q++) {
            if (q)
                dvk_writer_raw(w, ",", 1);
            dvk_writer_json_string(w, c->g.names[q], strlen(c->g.names[q]));
        }
        dvk_writer_raw(w, "],\"overall\":{", 13);
        json_figures(w, &all, 1);
        dvk_writer_raw(w, "},\"groups\":[", 12);
        for (size_t i = 0; i < n; i++) {
            struct figures f = figures_of(c, ks[i], ns[i]);
            dvk_writer_raw(w, i ? ",\n{\"key\":{" : "\n{\"key\":{", i ? 10 : 9);
            for (size_t q = 0; q < parts; q++) {
                const char *l = dvk_agg_label(c->agg, order[i], q);
                if (q)
                    dvk_writer_raw(w, ",", 1);
                dvk_writer_json_string(w, c->g.names[q], strlen(c->g.names[q]));
                dvk_writer_raw(w, ":", 1);
                dvk_writer_json_string(w, l, strlen(l));
            }
            dvk_writer_raw(w, "}", 1);
            json_figures(w, &f, 0);
            dvk_writer_raw(w, "}", 1);
        }
        dvk_writer_raw(w, "\n],\"test\":", 10);
        if (tested) {
            dvk_writer_raw(w, "{\"name\":\"chi-square\"", 20);
            json_number(w, "statistic", x2, 1);
            json_number(w, "df", df, 1);
            json_number(w, "p_value", p, 1);
            json_number(w, "min_expected", min_expected, 1);
            json_number(w, "expected_below_5", (double)nsmall, 1);
            dvk_writer_raw(w, "}", 1);
        } else {
            dvk_writer_raw(w, "null", 4);
        }
        dvk_writer_raw(w, ",\"exact_test\":", 14);
        if (fisher_st == DVK_OK) {
            dvk_writer_raw(w, "{\"name\":\"fisher\"", 16);
            json_number(w, "p_value", fisher_p, 1);
            dvk_writer_raw(w, "}}\n", 3);
        } else {
            dvk_writer_raw(w, "null,\"exact_test_missing\":", 26);
            dvk_writer_json_string(w, fisher_why, strlen(fisher_why));
            dvk_writer_raw(w, "}\n", 2);
        }
    } else {
        const char *extra[] = {_("num"), _("den"), _("ratio"), _("ci_low"), _("ci_high")};
        size_t nextra = c->ci == CI_NONE ? 3 : 5;
        size_t ncols = (parts ? parts : 1) + nextra;
        const char **names = calloc(ncols, sizeof *names);
        if (names) {
            for (size_t q = 0; q < parts; q++)
                names[q] = c->g.names[q];
            if (!parts)
                names[0] = "";
            memcpy(names + (parts ? parts : 1), extra, nextra * sizeof *names);
            dvk_writer_set_sheet(w, "ratio");
            if (parts)
                dvk_writer_set_chart(w, DVK_CHART_BAR, 0, parts + 2, n);
            if (parts && c->ci != CI_NONE)
                dvk_writer_set_chart_interval(w, parts + 3, parts + 4);
            dvk_writer_begin(w, ncols, names);
            free(names);
        }
        for (size_t i = 0; i < n && parts; i++) {
            struct figures f = figures_of(c, ks[i], ns[i]);
            for (size_t q = 0; q < parts; q++)
                dvk_writer_text(w, cli_label(c->o.format, dvk_agg_label(c->agg, order[i], q)), -1);
            row_figures(w, c, &f);
            dvk_writer_end_row(w);
        }
        dvk_writer_text(w, _("Total"), -1);
        for (size_t q = 1; q < parts; q++)
            dvk_writer_null(w);
        row_figures(w, c, &all);
        dvk_writer_end_row(w);
        dvk_writer_end(w);
        if (c->o.format != DVK_FORMAT_CSV && c->o.format != DVK_FORMAT_TSV) {
            char buf[256];
            int m;
            if (tested)
                m = snprintf(buf, sizeof buf, "\nchi-square test that the ratio is the same "
                             "in every group: X² = %.4f, df = %.0f, p = %.4g\n", x2, df, p);
            else
                m = snprintf(buf, sizeof buf, "\nchi-square test: not applicable (%s)\n",
                             parts == 0 ? "no groups" : "fewer than two groups with rows, "
                             "or the ratio is 0 or 1 everywhere");
            dvk_writer_raw(w, buf, (size_t)m);
            if (tested && fisher_st == DVK_OK)
                m = snprintf(buf, sizeof buf, _("Fisher's exact test that the ratio is the "
                             "same in every group: p = %.4g\n"), fisher_p);
            else
                m = snprintf(buf, sizeof buf, _("Fisher's exact test: not computed (%s)\n"),
                             _(fisher_why));
            dvk_writer_raw(w, buf, (size_t)m);
        }
    }
    if (small && !c->o.quiet)
        fprintf(stderr, _("dvkstat: warning: the chi-square approximation may be incorrect: "
                "%zu expected counts are below 5 (the smallest is %.2f); Fisher's exact "
                "test is the one to read\n"), nsmall, min_expected);
    if (over && !c->o.quiet)
        fprintf(stderr, _("dvkstat: note: some groups have k larger than n; their "
                "intervals are left empty\n"));
    if (c->missing && !c->o.quiet)
        fprintf(stderr, _("dvkstat: note: %llu rows have an empty count and are not counted\n"),
                c->missing);
    free(order);
    free(ks);
    free(ns);
    return cli_finish_writer(w, EXIT_OK);
}

int cmd_ratio(int argc, char **argv)
{
    struct ratio c = {0};
    c.o.command = "ratio";
    c.level = 0.95;
    argc_hint = argc;
    struct cli_command_options extra = {longopts, handle, &c};
    int st = cli_parse(argc, argv, &c.o, &extra, usage);
    if (st < 0) {
        int by_rows = c.num != NULL, by_cols = c.num_col || c.den_col;
        const char *why = NULL;
        if (by_rows && by_cols)
            why = "--num/--den and --num-col/--den-col do not go together";
        else if (!by_rows && !by_cols)
            why = "ratio needs --num COND, or --num-col COL and --den-col COL";
        else if (by_cols && (!c.num_col || !c.den_col))
            why = "--num-col and --den-col go together";
        else if (c.den && !c.num)
            why = "--den goes with --num";
        else if (by_cols && c.g.weight)
            why = "--weight does not go with --num-col/--den-col";
        if (why)
            st = cli_usage_error("ratio", "%s", why);
    }
    if (st < 0) {
        struct cli_visitor v = {.open = on_open, .row = on_row, .ctx = &c,
                                .fork = fork_ratio, .join = join_ratio, .drop = drop_ratio};
        st = cli_run_grouped(&c.o, &c.g, &v, write_output);
    }
    dvk_expr_free(c.num_expr);
    dvk_expr_free(c.den_expr);
    dvk_agg_free(c.agg);
    cli_grouping_free(&c.g);
    free(c.o.where);
    return st;
}
