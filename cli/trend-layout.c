/* trend-layout.c: dvkstat trend's series laid out: every group over the
 * same periods (a partial last year marked), with the library's
 * statistics, tests and forecast, and the verdict in words; trend-output.c
 * writes them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "trend.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cmp_group(const void *a, const void *b, void *ctx)
{
    const struct group_series *x = a, *y = b;
    size_t nparts = *(const size_t *)ctx;
    for (size_t p = 0; p < nparts; p++) {
        int d = cli_compare_labels(x->keys[p], y->keys[p]);
        if (d)
            return d;
    }
    return 0;
}

void trend_free_layout(struct layout *l)
{
    for (size_t i = 0; i < l->ngroups; i++) {
        struct group_series *g = &l->groups[i];
        free(g->keys);
        free(g->y);
        free(g->k);
        free(g->n);
        free(g->fc_value);
        free(g->fc_low);
        free(g->fc_high);
        free(g->chg_abs);
        free(g->chg_rel);
    }
    free(l->groups);
    free(l->t);
}

/* A quarter or a month as trend labels it ("2023-Q1", "2023-01"): the
 * labels it prints are the ones a user copies back into --from and --to. */
static int parse_label(const char *text, int period, long *out)
{
    long year, part;
    char q, end;
    int per = period == DVK_PERIOD_QUARTER ? 4 : 12;
    if (period == DVK_PERIOD_QUARTER &&
        sscanf(text, "%ld-%c%ld%c", &year, &q, &part, &end) == 3 && (q == 'Q' || q == 'q'))
        ;
    else if (period == DVK_PERIOD_MONTH && sscanf(text, "%ld-%ld%c", &year, &part, &end) == 2)
        ;
    else
        return -1;
    if (year < 1900 || year > 2100 || part < 1 || part > per)
        return -1;
    *out = year * per + part - 1;
    return 0;
}

static int parse_bound(const struct trend *t, const char *text, long *out)
{
    int period = t->period == DVK_PERIOD_AUTO ? dvk_series_period(t->total) : t->period;
    if ((period == DVK_PERIOD_QUARTER || period == DVK_PERIOD_MONTH) &&
        parse_label(text, period, out) == 0)
        return 0;
    if (dvk_time_parse(text, strlen(text), t->period, out) == DVK_OK)
        return 0;
    /* A bare year bounds quarters and months too. */
    long year;
    if ((t->period == DVK_PERIOD_QUARTER || t->period == DVK_PERIOD_MONTH) &&
        dvk_time_parse(text, strlen(text), DVK_PERIOD_YEAR, &year) == DVK_OK) {
        *out = t->period == DVK_PERIOD_QUARTER ? year * 4 : year * 12;
        return 0;
    }
    return -1;
}

/* Seasons in a year of these periods, or 0. */
static size_t seasons(int period)
{
    return period == DVK_PERIOD_MONTH ? 12 : period == DVK_PERIOD_QUARTER ? 4 : 0;
}

/* The inference beyond each series' own statistics: the quasi-Poisson fit
 * of counts, the change of each period, the seasonal test, the last two
 * periods of a ratio, and the Mann-Kendall p-values adjusted across the
 * groups, which then decide the directions. */
static int infer(const struct trend *t, struct layout *l)
{
    size_t period = seasons(t->period);
    /* two full years: 2 × PERIOD periods from a year's first season on */
    size_t full = 0;
    if (period && l->whole >= 2 * period) {
        size_t lead = (size_t)((long)period - (l->first % (long)period)) % period;
        full = (l->whole - lead) / period;
    }
    double nan = NAN;
    for (size_t gi = 0; gi < l->ngroups; gi++) {
        struct group_series *s = &l->groups[gi];
        s->qp_used = l->kind == DVK_TREND_COUNT ? cli_trend_quasi(l->t, s->y, l->whole, &s->qp)
                                                : cli_trend_quasi(NULL, NULL, 0, &s->qp);
        s->chg_abs = malloc(l->length * sizeof *s->chg_abs);
        s->chg_rel = malloc(l->length * sizeof *s->chg_rel);
        if (!s->chg_abs || !s->chg_rel ||
            dvk_trend_change(s->y, l->length, t->compare, s->chg_abs, s->chg_rel) == DVK_NOMEM)
            return EXIT_DATA;
        s->smk_s = s->smk_var_s = s->smk_z = s->smk_p = s->smk_tau = s->smk_slope = nan;
        if (full >= 2) {
            double b0;
            if (dvk_trend_seasonal_mann_kendall(s->y, l->whole, period, &s->smk_s,
                                                &s->smk_var_s, &s->smk_z, &s->smk_p,
                                                &s->smk_tau) == DVK_NOMEM ||
                dvk_trend_seasonal_sen(s->y, l->whole, period, &s->smk_slope, &b0) == DVK_NOMEM)
                return EXIT_DATA;
            if (!isfinite(s->smk_slope))
                s->smk_slope = nan;
        }
        s->last_diff = s->last_low = s->last_high = s->last_stat = s->last_p = nan;
        if (l->kind == DVK_TREND_RATIO) {
            /* the last two periods that have a denominator */
            size_t a = SIZE_MAX, b = SIZE_MAX;
            for (size_t i = l->whole; i-- > 0 && a == SIZE_MAX;)
                if (s->n[i] > 0) {
                    if (b == SIZE_MAX)
                        b = i;
                    else
                        a = i;
                }
            if (a != SIZE_MAX &&
                dvk_prop_newcombe(s->k[b], s->n[b], s->k[a], s->n[a], 0.95, &s->last_diff,
                                  &s->last_low, &s->last_high) == DVK_OK &&
                dvk_prop_diff_test(s->k[b], s->n[b], s->k[a], s->n[a], &s->last_stat,
                                   &s->last_p) != DVK_OK)
                s->last_stat = s->last_p = nan;
        }
        s->mk_p_adj = s->stats.mk_p;
    }
    if (l->ngroups < 2 || t->adjust == DVK_ADJUST_NONE)
        return EXIT_OK;
    double *p = malloc(l->ngroups * sizeof *p);
    if (!p)
        return EXIT_DATA;
    for (size_t gi = 0; gi < l->ngroups; gi++)
        p[gi] = isfinite(l->groups[gi].stats.mk_p) ? l->groups[gi].stats.mk_p : nan;
    int st = dvk_adjust_p(p, l->ngroups, t->adjust, p);
    for (size_t gi = 0; st == DVK_OK && gi < l->ngroups; gi++) {
        struct group_series *s = &l->groups[gi];
        s->mk_p_adj = p[gi];
        if (s->stats.direction && !(p[gi] < t->alpha))
            s->stats.direction = 0;
    }
    free(p);
    return st == DVK_NOMEM ? EXIT_DATA : EXIT_OK;
}

/* The verdict of a series: on the adjusted p where there are several
 * groups, and saying which growth interval it rests on. */
void trend_verdict(const struct trend *t, const struct layout *l,
                    const struct group_series *s, char *buf, size_t size)
{
    struct dvk_trend_stats st = s->stats;
    int adjusted = l->ngroups > 1 && t->adjust != DVK_ADJUST_NONE && isfinite(s->mk_p_adj);
    if (adjusted)
        st.mk_p = s->mk_p_adj;
    cli_trend_verdict(&st, l->kind, t->period, buf, size);
    size_t n = strlen(buf);
    if (adjusted && isfinite(st.mk_p) && n < size &&
        !(st.notes & (DVK_TREND_NOTE_SHORT | DVK_TREND_NOTE_ZERO | DVK_TREND_NOTE_CONSTANT |
                      DVK_TREND_NOTE_NEW | DVK_TREND_NOTE_ENDED)))
        snprintf(buf + n, size - n, _(" adjusted across %zu groups"), l->ngroups);
    if (l->kind == DVK_TREND_COUNT && s->qp_used)
        cli_trend_verdict_quasi(&st, &s->qp, buf, size);
}

int trend_build_layout(struct trend *t, struct layout *l)
{
    const dvk_agg *table = dvk_series_table(t->total);
    size_t n = dvk_agg_size(table);
    l->nparts = dvk_agg_parts(table) - 1;
    l->kind = t->num ? DVK_TREND_RATIO : t->value ? DVK_TREND_VALUE : DVK_TREND_COUNT;
    long first = dvk_series_time(t->total, 0);
    long last = first + (long)dvk_series_length(t->total) - 1;
    if (t->from && parse_bound(t, t->from, &first)) {
        cli_error(_("--from '%s' is not a period of this kind"), t->from);
        return EXIT_USAGE;
    }
    if (t->to && parse_bound(t, t->to, &last)) {
        cli_error(_("--to '%s' is not a period of this kind"), t->to);
        return EXIT_USAGE;
    }
    if (t->to && (t->period == DVK_PERIOD_QUARTER || t->period == DVK_PERIOD_MONTH) &&
        strspn(t->to, "0123456789") == strlen(t->to))
        last += t->period == DVK_PERIOD_QUARTER ? 3 : 11; /* to the year's end */
    size_t max = t->max_periods ? t->max_periods : DVK_MAX_PERIODS;
    if (last < first) {
        cli_error(_("the range of periods is empty"));
        return EXIT_USAGE;
    }
    if ((unsigned long)last - (unsigned long)first >= max) {
        cli_error(_("the periods from --from to --to span more than %zu (--max-periods)"), max);
        return EXIT_USAGE;
    }
    l->first = first;
    l->length = (size_t)(last - first) + 1;
    l->t = malloc(l->length * sizeof *l->t);
    if (!l->t)
        return EXIT_DATA;
    for (size_t i = 0; i < l->length; i++)
        l->t[i] = (double)(first + (long)i);
    /* The data's last year, when the dates end it before December: marked
     * wherever the range shows it, and left out of the statistics when it
     * is the range's last (unless --include-partial); with periods after
     * it (--to), it stays in and the sentence says so. */
    int kind = dvk_series_period(t->total);
    long data_last = dvk_series_time(t->total, dvk_series_length(t->total) - 1);
    l->whole = l->length;
    if ((kind == DVK_PERIOD_AUTO || kind == DVK_PERIOD_YEAR) && data_last >= 1900 &&
        data_last <= 2100 && data_last >= first && data_last <= last &&
        dvk_year_partial(data_last, t->last.date, NULL, NULL)) {
        l->partial = 1;
        l->partial_at = (size_t)(data_last - first);
        if (!t->include_partial && data_last == last && l->length > 1)
            l->whole = l->length - 1;
    }
    /* One series per distinct group key. */
    dvk_agg *index = dvk_agg_new(l->nparts, 1);
    l->groups = calloc(n ? n : 1, sizeof *l->groups);
    if (!index || !l->groups) {
        dvk_agg_free(index);
        return EXIT_DATA;
    }
    double one = 1;
    size_t *which = malloc((n ? n : 1) * sizeof *which);
    for (size_t g = 0; which && g < n; g++) {
        const char *keys[65], *labels[65];
        for (size_t p = 0; p < l->nparts && p < 64; p++)
            keys[p] = labels[p] = dvk_agg_key(table, g, p);
        size_t before = dvk_agg_size(index);
        dvk_agg_add(index, keys, labels, &one);
        size_t i = dvk_agg_find(index, keys);
        which[g] = i;
        if (dvk_agg_size(index) > before) {
            struct group_series *s = &l->groups[i];
            s->rep = g;
            s->keys = calloc(l->nparts + 1, sizeof *s->keys);
            s->y = calloc(l->length, sizeof *s->y);
            s->k = calloc(l->length, sizeof *s->k);
            s->n = calloc(l->length, sizeof *s->n);
            if (!s->keys || !s->y || !s->k || !s->n)
                break;
            for (size_t p = 0; p < l->nparts; p++)
                s->keys[p] = dvk_agg_key(table, g, p);
            l->ngroups++;
        }
    }
    dvk_agg_free(index);
    if (!which)
        return EXIT_DATA;
    /* Sums into place; a value needs a value, a ratio a denominator. */
    double *has = calloc(l->length * (l->ngroups ? l->ngroups : 1), sizeof *has);
    if (!has) {
        free(which);
        return EXIT_DATA;
    }
    for (size_t g = 0; g < n; g++) {
        long period = dvk_series_group_period(t->total, g);
        if (period < first || period > last)
            continue;
        size_t i = (size_t)(period - first);
        struct group_series *s = &l->groups[which[g]];
        s->y[i] += dvk_agg_value(table, g, l->kind == DVK_TREND_VALUE ? V_SUM : V_COUNT);
        s->k[i] += dvk_agg_value(table, g, V_NUM);
        s->n[i] += dvk_agg_value(table, g, V_DEN);
        has[which[g] * l->length + i] += dvk_agg_value(table, g, V_HAS);
    }
    for (size_t gi = 0; gi < l->ngroups; gi++) {
        struct group_series *s = &l->groups[gi];
        for (size_t i = 0; i < l->length; i++) {
            if (l->kind == DVK_TREND_VALUE && has[gi * l->length + i] == 0)
                s->y[i] = NAN;
            if (l->kind == DVK_TREND_RATIO)
                s->y[i] = s->n[i] > 0 ? s->k[i] / s->n[i] : NAN;
        }
    }
    free(has);
    free(which);
    size_t nparts = l->nparts;
    qsort_r(l->groups, l->ngroups, sizeof *l->groups, cmp_group, &nparts);
    /* The statistics, the Cochran–Armitage test and the forecast: the
     * library's. */
    for (size_t gi = 0; gi < l->ngroups; gi++) {
        struct group_series *s = &l->groups[gi];
        s->stats.size = sizeof s->stats;
        int st = l->kind == DVK_TREND_RATIO
                     ? dvk_trend_analyze_ratio(l->t, s->k, s->n, l->whole, t->alpha, &s->stats)
                     : dvk_trend_analyze(l->t, s->y, l->whole, l->kind, t->alpha, &s->stats);
        if (st)
            return EXIT_DATA;
        s->ca_stat = s->stats.ca_statistic;
        s->ca_p = s->stats.ca_p;
        if (t->forecast > 0) {
            s->fc_value = malloc((size_t)t->forecast * sizeof(double));
            s->fc_low = malloc((size_t)t->forecast * sizeof(double));
            s->fc_high = malloc((size_t)t->forecast * sizeof(double));
            if (!s->fc_value || !s->fc_low || !s->fc_high ||
                dvk_trend_forecast(l->t, s->y, l->whole, 0.95, (size_t)t->forecast, NULL,
                                   s->fc_value, s->fc_low, s->fc_high) == DVK_NOMEM)
                return EXIT_DATA;
        }
    }
    return infer(t, l);
}
