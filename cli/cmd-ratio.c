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
    struct cli_tally t;             /* first; its table's values: num, den */
    const char *num, *den;          /* conditions */
    const char *num_col, *den_col;  /* aggregated tables */
    int ci;
    double level;
    int adjust;                     /* --adjust: enum dvk_adjust_method */
    dvk_expr *num_expr, *den_expr;  /* the current file's */
    size_t num_index, den_index;
    unsigned long long missing;     /* rows with an empty count cell */
};

enum { OPT_NUM = 2000, OPT_DEN, OPT_NUM_COL, OPT_DEN_COL, OPT_CI, OPT_LEVEL, OPT_ADJUST };

const struct cli_option cli_ratio_options[] = {
    CLI_TEXT(N_("Usage: dvkstat ratio --num COND [--den COND] [--by COLS] [OPTION]... [FILE]...\n"
                 "  or:  dvkstat ratio --num-col COL --den-col COL [--by COLS] [OPTION]... [FILE]...\n"
                 "k of n per group (for example, models still maintained of those\n"
                 "registered): the ratio with its confidence interval, the overall ratio,\n"
                 "and a chi-square test that the ratio is the same in every group, with\n"
                 "Fisher's exact test beside it (as R's fisher.test) and a warning when an\n"
                 "expected count is below 5 (R's rule for the chi-square approximation).\n"
                 "\n")),
    CLI_OPTION("num", OPT_NUM, N_("COND"), N_("a row counts in k when COND holds (COL=V, COL!=V,\n"
                "COL=V1|V2, COL>=N …, as --where)")),
    CLI_OPTION("den", OPT_DEN, N_("COND"), N_("a row counts in n when COND holds (default: every row);\n"
                "k counts only rows that are in n")),
    CLI_SHOWN("num-col", OPT_NUM_COL, "COL", N_("--num-col COL, --den-col COL"), N_("for tables typed by hand: k and n are these columns' sums")),
    CLI_HIDDEN("den-col", OPT_DEN_COL, "COL"),
    CLI_OPTION("ci", OPT_CI, N_("wilson|exact|none"), N_("the interval: Wilson score (default, as R's\n"
                "prop.test(k, n, correct = FALSE)), Clopper-Pearson\n"
                "(as binom.test), or none")),
    CLI_OPTION("level", OPT_LEVEL, N_("L"), N_("the interval's confidence level (default 0.95)")),
    CLI_OPTION("adjust", OPT_ADJUST, N_("M"), N_("each group is compared with the rest (as R's\n"
                "prop.test(correct = FALSE)); adjust the p-values\n"
                "across the groups as R's p.adjust: holm (default),\n"
                "BH, bonferroni, hochberg, BY or none; the verdicts\n"
                "use the adjusted p")),
    CLI_MORE(cli_grouping_options),
    CLI_MORE(cli_measure_options),
    CLI_MORE(cli_common_options),
    CLI_TEXT(N_("\n"
                 "Examples:\n"
                 "  dvkstat ratio --by 'Lĩnh vực' --map fields.csv --num 'Tình trạng=Duy trì, hiệu quả' models.csv\n"
                 "  dvkstat ratio --by Xã --num-col 'Duy trì' --den-col 'Đăng ký' --ci exact totals.csv\n")),
    CLI_END,
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct ratio *c = ctx;
    if (cli_grouping_option(&c->t.g, opt, arg))
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
    case OPT_ADJUST:
        c->adjust = dvk_adjust_parse(arg);
        if (c->adjust < 0) {
            cli_error(_("--adjust takes holm, BH, bonferroni, hochberg, BY or none, not '%s'"),
                      arg);
            return EXIT_USAGE;
        }
        break;
    }
    return 0;
}

static int on_open(dvk_reader *r, size_t file_index, void *ctx)
{
    struct ratio *c = ctx;
    (void)file_index;
    int st = cli_grouping_open(&c->t.g, r, c->t.g.by, c->t.g.nby);
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
    if (!c->t.agg && !(c->t.agg = cli_grouping_table(&c->t.g, 2)))
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
        if ((st = cli_grouping_weight(&c->t.g, r, &w, &skip)) || skip)
            return st;
        if (c->den_expr && (st = dvk_expr_eval(c->den_expr, r, &in_den)))
            return st;
        if (in_den && (st = dvk_expr_eval(c->num_expr, r, &in_num)))
            return st;
        v[0] = in_num ? w : 0;
        v[1] = in_den ? w : 0;
    }
    /* a group's measures are of all its rows, in n or not */
    if (c->t.g.nmeasures)
        return cli_grouping_add_values(&c->t.g, r, c->t.agg, v);
    return dvk_grouper_add(c->t.g.grouper, r, c->t.agg, v);
}

/* A part read by another thread has conditions and a count of its own. */
static void empty_part(struct cli_tally *t)
{
    struct ratio *part = (struct ratio *)t;
    part->num_expr = part->den_expr = NULL;
    part->missing = 0;
}

static void join_part(struct cli_tally *t, const struct cli_tally *part_t)
{
    ((struct ratio *)t)->missing += ((const struct ratio *)part_t)->missing;
}

static void free_part(struct cli_tally *t)
{
    struct ratio *c = (struct ratio *)t;
    dvk_expr_free(c->num_expr);
    dvk_expr_free(c->den_expr);
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

static void json_figures(dvk_json *j, const struct figures *f)
{
    static const char *const keys[] = {"num", "den", "ratio", "ci_low", "ci_high"};
    const double values[] = {f->k, f->n, f->ratio, f->low, f->high};
    for (size_t i = 0; i < 5; i++) {
        dvk_json_key(j, keys[i]);
        dvk_json_number(j, values[i]);
    }
}

/* Beside the chi-square: how small its expected counts are, and Fisher's
 * exact test or why there is none. */
struct small_counts {
    double min_expected;
    size_t below_5;      /* expected counts under 5 */
    int fisher_status;   /* DVK_OK when fisher_p holds the exact test's p */
    double fisher_p;
    const char *fisher_why;
};

static int write_json(const struct ratio *c, dvk_json *j, const size_t *order, size_t n,
                      const double *ks, const double *ns, const struct figures *all,
                      int tested, const double test[3], const struct small_counts *sc,
                      const struct cli_comparison *cmp, const dvk_agg *whole)
{
    static const char *const adjust_names[] = {"none", "holm", "hochberg", "bonferroni",
                                               "BH", "BY"};
    size_t parts = dvk_agg_parts(c->t.agg);
    dvk_json_object(j);
    dvk_json_key(j, "command");
    dvk_json_string(j, "ratio", -1);
    cli_json_by(j, &c->t.g, parts);
    dvk_json_key(j, "adjust");
    dvk_json_string(j, adjust_names[c->adjust], -1);
    dvk_json_key(j, "overall");
    dvk_json_object(j);
    json_figures(j, all);
    if (c->t.g.nmeasures && dvk_agg_size(whole))
        cli_json_group_measures(j, whole, 0);
    dvk_json_end(j);
    if (c->t.g.nmeasures)
        cli_json_measures(j, &c->t.g, whole);
    dvk_json_key(j, "groups");
    dvk_json_array(j);
    for (size_t i = 0; i < n; i++) {
        struct figures f = figures_of(c, ks[i], ns[i]);
        dvk_json_newline(j);
        dvk_json_object(j);
        cli_json_group_key(j, &c->t.g, c->t.agg, order[i], parts);
        json_figures(j, &f);
        /* against the rest of the groups */
        dvk_json_key(j, "p_value");
        dvk_json_number(j, cmp[i].p);
        dvk_json_key(j, "p_adjusted");
        dvk_json_number(j, cmp[i].p_adjusted);
        dvk_json_key(j, "direction");
        if (isfinite(cmp[i].p_adjusted))
            dvk_json_string(j, cli_comparison_direction(&cmp[i]), -1);
        else
            dvk_json_null(j);
        dvk_json_key(j, "verdict");
        if (isfinite(cmp[i].p_adjusted))
            dvk_json_string(j, cli_comparison_verdict(&cmp[i]), -1);
        else
            dvk_json_null(j);
        if (c->t.g.nmeasures)
            cli_json_group_measures(j, c->t.agg, order[i]);
        dvk_json_end(j);
    }
    dvk_json_newline(j);
    dvk_json_end(j);
    dvk_json_key(j, "test");
    if (tested) {
        static const char *const keys[] = {"statistic", "df", "p_value"};
        dvk_json_object(j);
        dvk_json_key(j, "name");
        dvk_json_string(j, "chi-square", -1);
        for (size_t k = 0; k < 3; k++) {
            dvk_json_key(j, keys[k]);
            dvk_json_number(j, test[k]);
        }
        dvk_json_key(j, "min_expected");
        dvk_json_number(j, sc->min_expected);
        dvk_json_key(j, "expected_below_5");
        dvk_json_integer(j, (long long)sc->below_5);
        dvk_json_end(j);
    } else {
        dvk_json_null(j);
    }
    dvk_json_key(j, "exact_test");
    if (sc->fisher_status == DVK_OK) {
        dvk_json_object(j);
        dvk_json_key(j, "name");
        dvk_json_string(j, "fisher", -1);
        dvk_json_key(j, "p_value");
        dvk_json_number(j, sc->fisher_p);
        dvk_json_end(j);
    } else {
        dvk_json_null(j);
        dvk_json_key(j, "exact_test_missing");
        dvk_json_string(j, sc->fisher_why, -1);
    }
    return dvk_json_end(j);
}

static void row_figures(dvk_writer *w, const struct ratio *c, const struct figures *f,
                        const struct cli_comparison *cmp, int compared)
{
    dvk_writer_number(w, f->k, -1);
    dvk_writer_number(w, f->n, -1);
    dvk_writer_percent(w, f->ratio, 1);
    if (c->ci != CI_NONE) {
        dvk_writer_percent(w, f->low, 1);
        dvk_writer_percent(w, f->high, 1);
    }
    if (!compared)
        return;
    if (cmp && isfinite(cmp->p)) {
        dvk_writer_number_sig(w, cmp->p, 3);
        if (c->adjust != DVK_ADJUST_NONE)
            dvk_writer_number_sig(w, cmp->p_adjusted, 3);
        dvk_writer_text(w, cli_comparison_verdict(cmp), -1);
    } else {
        dvk_writer_null(w);
        if (c->adjust != DVK_ADJUST_NONE)
            dvk_writer_null(w);
        dvk_writer_null(w);
    }
}

/* The method as the sentence under the table names it. */
static const char *adjust_label(int method)
{
    switch (method) {
    case DVK_ADJUST_HOCHBERG: return _("Hochberg's method");
    case DVK_ADJUST_BONFERRONI: return _("Bonferroni's method");
    case DVK_ADJUST_BH: return _("the Benjamini-Hochberg method");
    case DVK_ADJUST_BY: return _("the Benjamini-Yekutieli method");
    default: return _("Holm's method");
    }
}

static int write_output(void *ctx)
{
    struct ratio *c = ctx;
    cli_note_empty(&c->t.o, &c->t.g, c->t.agg, 1);
    size_t n = dvk_agg_size(c->t.agg), parts = dvk_agg_parts(c->t.agg);
    size_t *order = cli_sort_groups(c->t.agg, 1, 0);
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
        ks[i] = dvk_agg_value(c->t.agg, order[i], 0);
        ns[i] = dvk_agg_value(c->t.agg, order[i], 1);
        K += ks[i];
        N += ns[i];
        over |= ks[i] > ns[i];
    }
    /* k = 0 from a condition that holds on no row is a typo, not a
     * ratio of 0 % (likewise n = 0 from --den) */
    const char *empty_cond = c->num && K == 0 && N > 0 ? c->num : c->den && N == 0 ? c->den
                                                                                   : NULL;
    if (empty_cond) {
        int st = cli_check_conditions(&c->t.o, &empty_cond, 1);
        if (st >= 0) {
            free(order);
            free(ks);
            free(ns);
            return st;
        }
    }
    struct figures all = figures_of(c, K, N);
    struct cli_comparison *cmp = calloc(n ? n : 1, sizeof *cmp);
    size_t nm = c->t.g.nmeasures;
    dvk_agg *whole = NULL; /* the measures of all rows */
    if (!cmp || cli_compare_rest(ks, ns, n, c->adjust, cmp) ||
        (nm && dvk_agg_rollup(c->t.agg, 0, &whole))) {
        free(cmp);
        free(order);
        free(ks);
        free(ns);
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    /* the comparisons are shown when there is a rest to compare with */
    size_t ncompared = 0;
    for (size_t i = 0; i < n; i++)
        ncompared += isfinite(cmp[i].p);
    int compared = parts > 0 && ncompared > 0;
    cli_measure_notes(&c->t.o, &c->t.g, whole);
    double x2 = NAN, df = NAN, p = NAN;
    int tested = parts > 0 && dvk_prop_chisq(ks, ns, n, &x2, &df, &p) == DVK_OK;
    /* Small counts: R's chisq.test warns when an expected count is below
     * 5; Fisher's exact test then stands beside the chi-square. */
    struct small_counts sc = {NAN, 0, DVK_VALUE, NAN, NULL};
    int small = 0;
    if (tested) {
        dvk_prop_chisq_expected(ks, ns, n, &sc.min_expected, &small);
        for (size_t i = 0; i < n && N > 0; i++)
            if (ns[i] > 0)
                sc.below_5 += (ns[i] * K / N < 5) + (ns[i] * (N - K) / N < 5);
        sc.fisher_status = dvk_exact_fisher(ks, ns, n, &sc.fisher_p);
        if (sc.fisher_status == DVK_NOMEM) {
            free(order);
            free(ks);
            free(ns);
            free(cmp);
            dvk_agg_free(whole);
            cli_error(_("out of memory"));
            return EXIT_DATA;
        }
    }
    sc.fisher_why = sc.fisher_status == DVK_LIMIT
        ? N_("the table is too large for the exact enumeration; the chi-square test stands")
        : N_("no test: fewer than two groups with rows, or the ratio is 0 or 1 everywhere");

    dvk_writer *w = cli_open_writer(&c->t.o, 0);
    if (!w) {
        free(order);
        free(ks);
        free(ns);
        free(cmp);
        dvk_agg_free(whole);
        return EXIT_DATA;
    }
    int status = EXIT_OK;
    if (c->t.o.format == DVK_FORMAT_JSON) {
        const double test[3] = {x2, df, p};
        dvk_json *j = dvk_json_new(w);
        status = cli_json_finish(j, j ? write_json(c, j, order, n, ks, ns, &all, tested, test, &sc, cmp, whole) : DVK_NOMEM);
    } else {
        const char *extra[8] = {_("num"), _("den"), _("ratio"), _("ci_low"), _("ci_high")};
        size_t nextra = c->ci == CI_NONE ? 3 : 5;
        if (compared) {
            extra[nextra++] = _("p");
            if (c->adjust != DVK_ADJUST_NONE)
                extra[nextra++] = _("p_adjusted");
            extra[nextra++] = _("vs_rest");
        }
        size_t ncols = (parts ? parts : 1) + nextra + nm;
        const char **names = calloc(ncols, sizeof *names);
        char (*heads)[300] = calloc(nm ? nm : 1, sizeof *heads);
        if (names && heads) {
            for (size_t q = 0; q < parts; q++)
                names[q] = c->t.g.names[q];
            if (!parts)
                names[0] = "";
            memcpy(names + (parts ? parts : 1), extra, nextra * sizeof *names);
            for (size_t m = 0; m < nm; m++)
                names[(parts ? parts : 1) + nextra + m] =
                    cli_measure_heading(&c->t.g, m, heads[m], sizeof heads[m]);
            dvk_writer_set_sheet(w, "ratio");
            if (parts)
                dvk_writer_set_chart(w, DVK_CHART_BAR, 0, parts + 2, n);
            if (parts && c->ci != CI_NONE)
                dvk_writer_set_chart_interval(w, parts + 3, parts + 4);
            dvk_writer_begin(w, ncols, names);
        }
        free(names);
        free(heads);
        for (size_t i = 0; i < n && parts; i++) {
            struct figures f = figures_of(c, ks[i], ns[i]);
            for (size_t q = 0; q < parts; q++)
                dvk_writer_text(w, cli_label(c->t.o.format, dvk_agg_label(c->t.agg, order[i], q)), -1);
            row_figures(w, c, &f, &cmp[i], compared);
            for (size_t m = 0; m < nm; m++)
                cli_write_measure(w, c->t.agg, order[i], m);
            dvk_writer_end_row(w);
        }
        dvk_writer_text(w, _("Total"), -1);
        for (size_t q = 1; q < parts; q++)
            dvk_writer_null(w);
        row_figures(w, c, &all, NULL, compared);
        for (size_t m = 0; m < nm; m++) {
            if (dvk_agg_size(whole))
                cli_write_measure(w, whole, 0, m);
            else
                dvk_writer_null(w);
        }
        dvk_writer_end_row(w);
        dvk_writer_end(w);
        if (c->t.o.format != DVK_FORMAT_CSV && c->t.o.format != DVK_FORMAT_TSV) {
            char buf[512], fig[64], words[200];
            int m;
            if (tested)
                m = snprintf(buf, sizeof buf, _("\nChi-square test that the ratio is the same "
                             "in every group: X² = %s, df = %.0f: %s\n"),
                             cli_fig(fig, sizeof fig, x2, 2, 0), df,
                             cli_p_words(words, sizeof words, p));
            else
                m = snprintf(buf, sizeof buf, _("\nChi-square test: not applicable (%s)\n"),
                             parts == 0 ? _("no groups")
                                        : _("fewer than two groups with rows, or the ratio "
                                            "is 0 or 1 everywhere"));
            if (m < 0 || (size_t)m >= sizeof buf)
                m = (int)strlen(buf);
            dvk_writer_raw(w, buf, (size_t)m);
            if (tested && sc.fisher_status == DVK_OK)
                m = snprintf(buf, sizeof buf, _("Fisher's exact test that the ratio is the "
                             "same in every group: %s\n"),
                             cli_p_words(words, sizeof words, sc.fisher_p));
            else
                m = snprintf(buf, sizeof buf, _("Fisher's exact test: not computed (%s)\n"),
                             _(sc.fisher_why));
            dvk_writer_raw(w, buf, (size_t)m);
            if (compared) {
                if (c->adjust != DVK_ADJUST_NONE)
                    m = snprintf(buf, sizeof buf, _("Each group against the rest (as R's "
                                 "prop.test, correct = FALSE): p adjusted by %s across the "
                                 "%zu groups compared; the verdicts use the adjusted p "
                                 "at 0.05\n"), adjust_label(c->adjust), ncompared);
                else
                    m = snprintf(buf, sizeof buf, _("Each group against the rest (as R's "
                                 "prop.test, correct = FALSE): p not adjusted (--adjust "
                                 "none); the verdicts use it at 0.05\n"));
                dvk_writer_raw(w, buf, (size_t)m);
            }
        }
    }
    if (small && !c->t.o.quiet)
        fprintf(stderr, _("dvkstat: warning: the chi-square approximation may be incorrect: "
                "%zu expected counts are below 5 (the smallest is %s); Fisher's exact "
                "test is the one to read\n"), sc.below_5, cli_fig((char[64]){0}, 64, sc.min_expected, 2, 0));
    if (over && !c->t.o.quiet)
        fprintf(stderr, _("dvkstat: note: some groups have k larger than n; their "
                "intervals are left empty\n"));
    if (c->missing && !c->t.o.quiet)
        fprintf(stderr, _("dvkstat: note: %llu rows have an empty count and are not counted\n"),
                c->missing);
    free(cmp);
    free(order);
    free(ks);
    free(ns);
    dvk_agg_free(whole);
    return cli_finish_writer(w, status);
}

int cmd_ratio(int argc, char **argv, const struct cli_command *self)
{
    struct ratio c = {.t = {.size = sizeof c, .empty = empty_part, .join = join_part,
                            .free = free_part}};
    c.level = 0.95;
    c.adjust = DVK_ADJUST_HOLM;
    int st = cli_parse(argc, argv, &c.t.o, self, handle, &c);
    if (st < 0) {
        int by_rows = c.num != NULL, by_cols = c.num_col || c.den_col;
        const char *why = NULL;
        if (by_rows && by_cols)
            why = N_("--num/--den and --num-col/--den-col do not go together");
        else if (!by_rows && !by_cols)
            why = N_("ratio needs --num COND, or --num-col COL and --den-col COL");
        else if (by_cols && (!c.num_col || !c.den_col))
            why = N_("--num-col and --den-col go together");
        else if (c.den && !c.num)
            why = N_("--den goes with --num");
        else if (by_cols && c.t.g.weight)
            why = N_("--weight does not go with --num-col/--den-col");
        if (why)
            st = cli_usage_error(self->name, "%s", _(why));
    }
    return cli_tally_run(&c.t, st, on_open, on_row, 1, write_output);
}
