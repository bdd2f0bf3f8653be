/* report-write.c: the report's document, section by section: totals, fields,
 * levels, maintained of registered, the trend and coverage.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "report.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sentences come from the catalogue through report_word(), so their
 * formats are not literals here. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

#define W(id) report_word(id)

/* A heading, then each group of A (in ORDER) with its count and share, a
 * total row and a bar chart; A's measures (G's, with ALL the whole) in
 * columns after the share. */
static void write_counts(dvk_writer *w, const char *heading, const dvk_agg *a,
                         const size_t *order, const char *name, double total,
                         const struct cli_grouping *g, const dvk_agg *all)
{
    size_t n = dvk_agg_size(a), nm = dvk_agg_measures(a);
    int form = g->form;  /* --form: an STT column and the column numbers */
    size_t lead = form ? 1 : 0, ncols = lead + 3 + nm;
    dvk_writer_heading(w, 2, heading);
    const char *names[ncols];
    char heads[nm ? nm : 1][300];
    if (form)
        names[0] = W(S_STT);
    names[lead] = name;
    names[lead + 1] = W(S_MODELS);
    names[lead + 2] = W(S_SHARE);
    for (size_t m = 0; m < nm; m++) {
        names[lead + 3 + m] = cli_measure_heading(g, m, heads[m], sizeof heads[m]);
        cli_capitalise(heads[m]); /* the report's headers are capitalised */
    }
    dvk_writer_set_chart(w, DVK_CHART_BAR, lead, lead + 1, n);
    dvk_writer_begin(w, ncols, names);
    if (form)
        cli_write_column_numbers(w, ncols);
    for (size_t i = 0; i < n; i++) {
        double v = dvk_agg_value(a, order[i], 0);
        if (form) {
            char num[24];
            snprintf(num, sizeof num, "%zu", i + 1);
            dvk_writer_text(w, num, -1);
        }
        dvk_writer_text(w, cli_label(DVK_FORMAT_HTML, dvk_agg_label(a, order[i], 0)), -1);
        dvk_writer_number(w, v, -1);
        dvk_writer_percent(w, v / total, 1);
        for (size_t m = 0; m < nm; m++)
            cli_write_measure(w, a, order[i], m);
        dvk_writer_end_row(w);
    }
    if (form)
        dvk_writer_null(w);
    dvk_writer_text(w, W(S_TOTAL_ROW), -1);
    dvk_writer_number(w, total, -1);
    dvk_writer_percent(w, 1, 1);
    for (size_t m = 0; m < nm; m++)
        if (all && dvk_agg_size(all))
            cli_write_measure(w, all, 0, m);
        else
            dvk_writer_null(w);
    dvk_writer_end_row(w);
    dvk_writer_end(w);
}

static void write_fields(struct report *r, dvk_writer *w, double total)
{
    size_t n = dvk_agg_size(r->fields);
    size_t *order = cli_sort_groups(r->fields, 0, 0);
    if (!order)
        return;
    /* the whole's measures: the table summed to no key */
    dvk_agg *all = NULL;
    if (dvk_agg_measures(r->fields) && dvk_agg_rollup(r->fields, 0, &all))
        all = NULL;
    if (all)
        cli_measure_notes(&r->o, &r->g, all);
    write_counts(w, W(S_BY_FIELD), r->fields, order, r->field_name, total, &r->g, all);
    dvk_agg_free(all);

    /* maintained of registered, with intervals and the test */
    if (!r->has_status && !r->maintained) {
        free(order);
        return;
    }
    if (!r->maintained && r->by_status[DVK_MODEL_MAINTAINED] + r->by_status[DVK_MODEL_STOPPED] +
                              r->by_status[DVK_MODEL_NOT_YET] == 0) {
        /* a 0 % table would read as "nothing is maintained" */
        char buf[600];
        snprintf(buf, sizeof buf, W(S_NO_STATUS), r->status_name ? r->status_name : "");
        dvk_writer_paragraph(w, buf); /* one sentence, no section of its own */
        free(order);
        return;
    }
    dvk_writer_heading(w, 2, W(S_MAINTAINED_H));
    double *k = calloc(n ? n : 1, sizeof *k), *nn = calloc(n ? n : 1, sizeof *nn), K = 0;
    for (size_t i = 0; k && nn && i < n; i++) {
        k[i] = dvk_agg_value(r->fields, order[i], 1);
        nn[i] = dvk_agg_value(r->fields, order[i], 0);
        K += k[i];
    }
    /* each field against the others, adjusted across the fields as the
     * field trends are: one field in twenty would differ by chance */
    struct cli_comparison *cmp = k && nn ? calloc(n ? n : 1, sizeof *cmp) : NULL;
    size_t ncompared = 0;
    if (cmp && cli_compare_rest(k, nn, n, DVK_ADJUST_HOLM, cmp) == DVK_OK) {
        for (size_t i = 0; i < n; i++)
            ncompared += isfinite(cmp[i].p);
    }
    const char *mnames[] = {r->field_name, W(S_MAINTAINED), W(S_REGISTERED),
                            W(S_RATIO), W(S_LOW), W(S_HIGH), W(S_MK_P), W(S_MK_P_ADJ),
                            W(S_VS_REST)};
    dvk_writer_set_chart(w, DVK_CHART_BAR, 0, 3, n);
    dvk_writer_set_chart_interval(w, 4, 5);
    dvk_writer_set_chart_titles(w, NULL, NULL, W(S_MAINTAINED_H));
    dvk_writer_begin(w, ncompared ? 9 : 6, mnames);
    for (size_t i = 0; k && nn && i <= n; i++) {
        double ki = i < n ? k[i] : K, ni = i < n ? nn[i] : total;
        struct dvk_ratio q = {.size = sizeof q};
        dvk_ratio_compute(ki, ni, 0.95, DVK_INTERVAL_WILSON, &q);
        dvk_writer_text(w, i < n ? cli_label(DVK_FORMAT_HTML, dvk_agg_label(r->fields, order[i], 0))
                                : W(S_TOTAL_ROW), -1);
        dvk_writer_number(w, ki, -1);
        dvk_writer_number(w, ni, -1);
        dvk_writer_percent(w, q.ratio, 1);
        dvk_writer_percent(w, q.low, 1);
        dvk_writer_percent(w, q.high, 1);
        if (ncompared && i < n && isfinite(cmp[i].p)) {
            dvk_writer_number_sig(w, cmp[i].p, 3);
            dvk_writer_number_sig(w, cmp[i].p_adjusted, 3);
            dvk_writer_text(w, cli_comparison_verdict(&cmp[i]), -1);
        } else if (ncompared) {
            dvk_writer_null(w);
            dvk_writer_null(w);
            dvk_writer_null(w);
        }
        dvk_writer_end_row(w);
    }
    dvk_writer_end(w);
    if (ncompared) {
        char said[600];
        snprintf(said, sizeof said, W(S_COMPARED), ncompared);
        dvk_writer_paragraph(w, said);
    }
    free(cmp);
    double x2, df, p;
    char buf[600];
    int tested = k && nn && dvk_prop_chisq(k, nn, n, &x2, &df, &p) == DVK_OK;
    char fig[64], words_p[200];
    if (tested)
        snprintf(buf, sizeof buf, W(S_TEST), cli_fig(fig, sizeof fig, x2, 2, 0), df,
                 cli_p_words(words_p, sizeof words_p, p));
    else
        snprintf(buf, sizeof buf, "%s", W(S_NO_TEST));
    dvk_writer_paragraph(w, buf);
    /* small counts: R's warning, and Fisher's exact test beside */
    double min_expected, fisher_p = NAN;
    int small = 0;
    size_t nsmall = 0;
    if (tested) {
        dvk_prop_chisq_expected(k, nn, n, &min_expected, &small);
        double N = 0;
        for (size_t i = 0; i < n; i++)
            N += nn[i];
        for (size_t i = 0; i < n && N > 0; i++)
            if (nn[i] > 0)
                nsmall += (nn[i] * K / N < 5) + (nn[i] * (N - K) / N < 5);
        int st = dvk_exact_fisher(k, nn, n, &fisher_p);
        if (st == DVK_OK && small)
            snprintf(buf, sizeof buf, W(S_SMALL), nsmall,
                     cli_p_words(words_p, sizeof words_p, fisher_p));
        else if (st == DVK_OK)
            snprintf(buf, sizeof buf, W(S_EXACT), cli_p_words(words_p, sizeof words_p, fisher_p));
        else
            snprintf(buf, sizeof buf, "%s", W(S_NO_EXACT));
        dvk_writer_paragraph(w, buf);
        if (small && !r->o.quiet)
            fprintf(stderr, _("dvkstat: warning: the chi-square approximation may be incorrect: "
                    "%zu expected counts are below 5 (the smallest is %s); Fisher's exact "
                    "test is the one to read\n"), nsmall, cli_fig((char[64]){0}, 64, min_expected, 2, 0));
    }
    free(k);
    free(nn);
    free(order);
}

static void write_levels(struct report *r, dvk_writer *w, double total)
{
    size_t *order = dvk_agg_size(r->levels) ? cli_sort_groups(r->levels, 0, 0) : NULL;
    if (!order)
        return;
    write_counts(w, W(S_BY_LEVEL), r->levels, order, r->level_name, total, &r->g, NULL);
    free(order);
}

/* Whether the last year is partial: the register's last date falls in
 * it before December. */
static int partial_last(const struct report *r)
{
    size_t len = dvk_series_length(r->total);
    return len && dvk_year_partial(dvk_series_time(r->total, len - 1), r->last.date, NULL, NULL);
}

/* The label of year T, marked "2022, to 30/6" when it is the partial
 * last one. */
static void year_label(const struct report *r, long t, char *buf, size_t size)
{
    char y[64];
    size_t len = dvk_series_length(r->total);
    dvk_time_format(t, DVK_PERIOD_AUTO, y, sizeof y);
    if (len && t == dvk_series_time(r->total, len - 1) && partial_last(r))
        cli_partial_label(buf, size, y, r->last.date);
    else
        snprintf(buf, size, "%s", y);
}

/* The series of field F (or of all, F = SIZE_MAX) over the whole range. */
static void field_series(const struct report *r, size_t f, double *y, size_t len)
{
    const char *fkey[1] = {f == SIZE_MAX ? NULL : dvk_agg_key(r->fields, f, 0)};
    if (dvk_series_group_values(r->total, f == SIZE_MAX ? NULL : fkey, 0, NULL, y, len))
        for (size_t i = 0; i < len; i++)
            y[i] = NAN;
}

static void write_trends(struct report *r, dvk_writer *w)
{
    size_t len = dvk_series_length(r->total);
    long first = dvk_series_time(r->total, 0);
    double *t = calloc(len ? len : 1, sizeof *t), *y = calloc(len ? len : 1, sizeof *y);
    if (!t || !y) {
        free(t);
        free(y);
        return;
    }
    for (size_t i = 0; i < len; i++)
        t[i] = (double)(first + (long)i);
    field_series(r, SIZE_MAX, y, len);
    dvk_writer_heading(w, 2, W(S_TREND_H));
    const char *names[] = {r->time_name, W(S_YEAR_COUNT)};
    dvk_writer_set_chart(w, DVK_CHART_LINE, 0, 1, len); /* not the row of no year */
    dvk_writer_begin(w, 2, names);
    char label[64], buf[600], v[300];
    for (size_t i = 0; i < len; i++) {
        year_label(r, first + (long)i, label, sizeof label);
        dvk_writer_text(w, label, -1);
        dvk_writer_number(w, y[i], -1);
        dvk_writer_end_row(w);
    }
    /* rows with no year belong to no period, but to the total above */
    unsigned long long untimed;
    double no_year = dvk_series_untimed(r->total, 0, &untimed);
    if (untimed) {
        dvk_writer_text(w, W(S_NO_YEAR), -1);
        dvk_writer_number(w, no_year, -1);
        dvk_writer_end_row(w);
    }
    dvk_writer_end(w);
    /* a last year the dates show to be partial would read as a fall:
     * the trend is of the whole years unless told */
    int partial = partial_last(r);
    /* a partial year that is the only one is counted, and said to be */
    size_t tlen = partial && !r->include_partial && len > 1 ? len - 1 : len;
    if (partial) {
        cli_partial_sentence(buf, sizeof buf, r->last.date, tlen == len);
        dvk_writer_paragraph(w, buf);
    }
    struct dvk_trend_stats st = {.size = sizeof st};
    struct dvk_quasipoisson qp;
    if (dvk_trend_analyze(t, y, tlen, DVK_TREND_COUNT, 0.05, &st) == DVK_OK) {
        int quasi = cli_trend_quasi(t, y, tlen, &qp);
        cli_trend_verdict(&st, DVK_TREND_COUNT, DVK_PERIOD_YEAR, v, sizeof v);
        if (quasi)
            cli_trend_verdict_quasi(&st, &qp, v, sizeof v);
        snprintf(buf, sizeof buf, W(S_VERDICT), v);
        dvk_writer_paragraph(w, buf);
        /* the growth interval a statistician would sign: the quasi-Poisson
         * one when the counts vary more than a Poisson process allows */
        char g[6][64];
        const unsigned pc = DVK_FIGURE_PERCENT | DVK_FIGURE_SIGN;
        if (quasi)
            snprintf(buf, sizeof buf, W(S_QUASI), cli_fig(g[0], 64, qp.growth, 1, pc),
                     cli_fig(g[1], 64, qp.low, 1, pc), cli_fig(g[2], 64, qp.high, 1, pc),
                     cli_fig(g[3], 64, qp.dispersion, 1, 0),
                     cli_fig(g[4], 64, st.poisson_low, 1, pc),
                     cli_fig(g[5], 64, st.poisson_high, 1, pc));
        else if (isfinite(st.poisson_low))
            snprintf(buf, sizeof buf, W(S_POISSON), cli_fig(g[0], 64, st.poisson_growth, 1, pc),
                     cli_fig(g[1], 64, st.poisson_low, 1, pc),
                     cli_fig(g[2], 64, st.poisson_high, 1, pc));
        if (quasi || isfinite(st.poisson_low))
            dvk_writer_paragraph(w, buf);
    }
    /* the change since the year before, as offices phrase it */
    if (len >= 2 && isfinite(y[len - 1]) && isfinite(y[len - 2])) {
        char prev[64];
        year_label(r, first + (long)len - 1, label, sizeof label);
        dvk_time_format(first + (long)len - 2, DVK_PERIOD_AUTO, prev, sizeof prev);
        double d = y[len - 1] - y[len - 2];
        char dn[64], dp[64];
        cli_fig(dn, sizeof dn, fabs(d), -1, 0);
        if (d == 0)
            snprintf(buf, sizeof buf, W(S_SAME), label, prev);
        else if (y[len - 2] == 0)
            snprintf(buf, sizeof buf, W(S_UP_FROM_NONE), label, dn, prev);
        else
            snprintf(buf, sizeof buf, W(d > 0 ? S_UP : S_DOWN), label, dn,
                     cli_fig(dp, sizeof dp, fabs(d) / y[len - 2], 0, DVK_FIGURE_PERCENT), prev);
        dvk_writer_paragraph(w, buf);
    }
    /* each field's verdict */
    size_t n = dvk_agg_size(r->fields);
    size_t *order = cli_sort_groups(r->fields, 0, 0);
    /* each field's Mann-Kendall p adjusted by Holm's method across the
     * fields: ten fields at 0.05 each would call one of them moving in
     * four reports in ten where none does */
    struct dvk_trend_stats *fst = order && n > 1 ? calloc(n, sizeof *fst) : NULL;
    double *fp = fst ? calloc(n, sizeof *fp) : NULL;
    if (fst && fp) {
        for (size_t i = 0; i < n; i++) {
            field_series(r, order[i], y, len);
            fst[i].size = sizeof fst[i];
            if (dvk_trend_analyze(t, y, tlen, DVK_TREND_COUNT, 0.05, &fst[i])) {
                fst[i].size = 0; /* left out */
                fp[i] = NAN;
            } else {
                fp[i] = isfinite(fst[i].mk_p) ? fst[i].mk_p : NAN;
            }
        }
        if (dvk_adjust_p(fp, n, DVK_ADJUST_HOLM, fp))
            for (size_t i = 0; i < n; i++)
                fp[i] = fst[i].size ? fst[i].mk_p : NAN;
        dvk_writer_heading(w, 3, W(S_FIELD_TRENDS));
        const char *fnames[] = {r->field_name, W(S_FIRST), W(S_LAST), W(S_MK_P),
                                W(S_MK_P_ADJ), W(S_VERDICT)};
        char vh[64];
        snprintf(vh, sizeof vh, "%s", W(S_VERDICT));
        char *colon = strchr(vh, ':');
        if (colon)
            *colon = '\0';
        fnames[5] = vh;
        dvk_writer_begin(w, 6, fnames);
        for (size_t i = 0; i < n; i++) {
            if (!fst[i].size)
                continue;
            double raw = fst[i].mk_p;
            if (isfinite(fp[i])) {
                fst[i].mk_p = fp[i];
                if (!(fp[i] < 0.05))
                    fst[i].direction = 0;
            }
            field_series(r, order[i], y, len);
            cli_trend_verdict(&fst[i], DVK_TREND_COUNT, DVK_PERIOD_YEAR, v, sizeof v);
            if (cli_trend_quasi(t, y, tlen, &qp))
                cli_trend_verdict_quasi(&fst[i], &qp, v, sizeof v);
            dvk_writer_text(w, cli_label(DVK_FORMAT_HTML, dvk_agg_label(r->fields, order[i], 0)), -1);
            dvk_writer_number(w, fst[i].first, -1);
            dvk_writer_number(w, fst[i].last, -1);
            dvk_writer_number_sig(w, raw, 3);
            dvk_writer_number_sig(w, fp[i], 3);
            dvk_writer_text(w, v, -1);
            dvk_writer_end_row(w);
        }
        dvk_writer_end(w);
        snprintf(buf, sizeof buf, W(S_ADJUSTED), n);
        dvk_writer_paragraph(w, buf);
    }
    free(fst);
    free(fp);
    free(order);
    free(t);
    free(y);
}

struct roster_units {
    char **labels;
    size_t n;
};

static int keep_unit(const char *key, const char *label, void *ctx)
{
    struct roster_units *u = ctx;
    (void)key;
    char **labels = realloc(u->labels, (u->n + 1) * sizeof *labels);
    if (!labels)
        return DVK_NOMEM;
    u->labels = labels;
    if (!(labels[u->n] = strdup(label)))
        return DVK_NOMEM;
    u->n++;
    return DVK_OK;
}

/* The roster's units in its order, then the data's units it lacks; units
 * match whatever kind prefix either file writes. */
static int write_coverage(struct report *r, dvk_writer *w)
{
    struct roster_units u = {0};
    size_t n = dvk_agg_size(r->units), met = 0;
    char **canon = NULL, **canon_b = NULL;
    const char **a = calloc(n ? n : 1, sizeof *a);
    int st = a ? cli_roster_read(&r->o, r->roster, r->key, r->roster_key, r->units,
                                 keep_unit, &u) : EXIT_DATA;
    for (size_t g = 0; a && g < n; g++)
        a[g] = dvk_agg_label(r->units, g, 0);
    if (st < 0)
        st = cli_units_match(a, n, (const char *const *)u.labels, u.n, r->exact_units,
                             &canon, &canon_b);
    if (st < 0) {
        dvk_writer_heading(w, 2, W(S_COVERAGE_H));
        const char *names[] = {W(S_UNIT), W(S_MODELS), W(S_STATUS)};
        dvk_writer_begin(w, 3, names);
        for (size_t i = 0; i < u.n; i++) {
            double v = 0;
            for (size_t g = 0; g < n; g++)
                if (strcmp(canon[g], canon_b[i]) == 0)
                    v += dvk_agg_value(r->units, g, 0);
            met += v >= r->min;
            dvk_writer_text(w, u.labels[i], -1);
            dvk_writer_number(w, v, -1);
            dvk_writer_text(w, v >= r->min ? W(S_MET) : W(S_BELOW), -1);
            dvk_writer_end_row(w);
        }
        for (size_t g = 0; g < n; g++) {
            size_t i = 0;
            while (i < u.n && strcmp(canon[g], canon_b[i]) != 0)
                i++;
            if (i < u.n)
                continue;
            dvk_writer_text(w, cli_label(DVK_FORMAT_HTML, dvk_agg_label(r->units, g, 0)), -1);
            dvk_writer_number(w, dvk_agg_value(r->units, g, 0), -1);
            dvk_writer_text(w, W(S_NOT_IN_ROSTER), -1);
            dvk_writer_end_row(w);
        }
        dvk_writer_end(w);
        char buf[300], share[64], least[64];
        snprintf(buf, sizeof buf, W(S_COVERAGE), met, u.n,
                 cli_fig(share, sizeof share, u.n ? (double)met / (double)u.n : 0.0, 1,
                         DVK_FIGURE_PERCENT),
                 cli_fig(least, sizeof least, r->min, -1, 0));
        dvk_writer_paragraph(w, buf);
        st = EXIT_OK;
    }
    for (size_t i = 0; canon && i < n + u.n; i++)
        free(canon[i]);
    free(canon);
    for (size_t i = 0; i < u.n; i++)
        free(u.labels[i]);
    free(u.labels);
    free(a);
    return st;
}

/* Say how many statuses the rule could not read, so that "not
 * maintained" is never taken for a fact it is not. */
static void status_notes(const struct report *r)
{
    if (r->o.quiet || r->maintained || !r->has_status)
        return;
    if (r->by_status[DVK_MODEL_UNKNOWN])
        fprintf(stderr, _("dvkstat: note: %llu rows have a status in '%s' that says neither "
                "maintained nor stopped: counted as not maintained (--maintained COND "
                "says otherwise)\n"), r->by_status[DVK_MODEL_UNKNOWN], r->status_name);
    if (r->double_marks)
        fprintf(stderr, _("dvkstat: note: %llu rows are marked in two status columns of "
                "'%s': counted as not maintained\n"), r->double_marks, r->status_name);
}

int report_write(void *ctx)
{
    struct report *r = ctx;
    status_notes(r);
    dvk_writer *w = cli_open_writer(&r->o, 0);
    if (!w)
        return EXIT_DATA;
    const char *title = r->title ? r->title : W(S_TITLE);
    dvk_writer_set_document(w, title, r->o.lang ? r->o.lang : "vi");
    dvk_writer_heading(w, 1, title);
    char buf[4096], a[32], b[96];
    int n = 0;
    /* the file by its name: a path says where it sat on one machine */
    for (size_t i = 0; i < r->nfiles && n < 3000; i++) {
        const char *slash = strrchr(r->names[i], '/');
        n += snprintf(buf + n, sizeof buf - (size_t)n, "%s%s", i ? ", " : "",
                      slash && slash[1] ? slash + 1 : r->names[i]);
    }
    char line[4200];
    snprintf(line, sizeof line, W(S_SOURCE), buf);
    dvk_writer_paragraph(w, line);
    double total = 0;
    for (size_t g = 0; g < dvk_agg_size(r->fields); g++)
        total += dvk_agg_value(r->fields, g, 0);
    size_t len = dvk_series_length(r->total);
    dvk_time_format(dvk_series_time(r->total, 0), DVK_PERIOD_AUTO, a, sizeof a);
    year_label(r, dvk_series_time(r->total, len ? len - 1 : 0), b, sizeof b);
    /* one year is "(2022)", not "(2022–2022)" */
    char span[160], fig[64], plain[32];
    dvk_time_format(dvk_series_time(r->total, len ? len - 1 : 0), DVK_PERIOD_AUTO, plain,
                    sizeof plain);
    if (strcmp(a, plain) == 0)
        snprintf(span, sizeof span, "%s", b);
    else
        snprintf(span, sizeof span, "%s–%s", a, b);
    snprintf(line, sizeof line, W(S_TOTAL), cli_fig(fig, sizeof fig, total, -1, 0), span);
    dvk_writer_paragraph(w, line);
    write_fields(r, w, total);
    if (r->has_level)
        write_levels(r, w, total);
    write_trends(r, w);
    int st = EXIT_OK;
    if (r->roster)
        st = write_coverage(r, w);
    return cli_finish_writer(w, st);
}
