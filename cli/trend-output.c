/* trend-output.c: dvkstat trend's output: every group's series laid out
 * over the same periods, with its statistics and forecast, as JSON, CSV
 * or tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "trend.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct group_series {
    size_t rep;          /* a table group of this series, for its labels */
    const char **keys;   /* the group's key parts */
    double *y, *k, *n;
    struct dvk_trend_stats stats;
    double ca_stat, ca_p;
    double *fc_value, *fc_low, *fc_high;
    struct dvk_quasipoisson qp; /* counts: NaN where there is no fit */
    int qp_used;                /* the dispersion exceeds 1: its interval is the one */
    double mk_p_adj;            /* mk_p adjusted across the groups */
    double *chg_abs, *chg_rel;  /* each period's change from its base */
    double smk_s, smk_var_s, smk_z, smk_p, smk_tau, smk_slope; /* seasonal */
    double last_diff, last_low, last_high, last_stat, last_p;  /* ratio: last two */
};

struct layout {
    int kind;
    size_t nparts, ngroups, length;
    /* the periods the statistics read: all, or all but a partial last
     * year (its day and month, PARTIAL set, whether or not left out) */
    size_t whole;
    int partial, pday, pmonth;
    long first;
    double *t;
    struct group_series *groups;
};

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

static void free_layout(struct layout *l)
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
static void verdict(const struct trend *t, const struct layout *l,
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

/* The sentence on a partial last year, as the report writes it. */
static void partial_sentence(const struct trend *t, const struct layout *l, char *buf, size_t size)
{
    char y[32];
    snprintf(y, sizeof y, "%ld", t->last_date / 10000);
    snprintf(buf, size, t->include_partial
                 ? _("The register's last date is %d/%d/%s, so %s is not a whole year; "
                     "the trend counts it as one (--include-partial).")
                 : _("The register's last date is %d/%d/%s, so %s is not a whole year: "
                     "it is left out of the trend and its verdict (--include-partial "
                     "puts it in)."),
             l->pday, l->pmonth, y, y);
}

static int build_layout(struct trend *t, struct layout *l)
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
    /* A last year the dates end before December: marked, and left out of
     * the statistics unless --include-partial. */
    int kind = dvk_series_period(t->total);
    l->whole = l->length;
    if ((kind == DVK_PERIOD_AUTO || kind == DVK_PERIOD_YEAR) && last >= 1900 && last <= 2100 &&
        dvk_series_time(t->total, dvk_series_length(t->total) - 1) == last &&
        dvk_year_partial(last, t->last_date, &l->pday, &l->pmonth)) {
        l->partial = 1;
        if (!t->include_partial && l->length > 1)
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

static const char *adjust_name(int method)
{
    switch (method) {
    case DVK_ADJUST_HOLM: return "holm";
    case DVK_ADJUST_HOCHBERG: return "hochberg";
    case DVK_ADJUST_BONFERRONI: return "bonferroni";
    case DVK_ADJUST_BH: return "BH";
    case DVK_ADJUST_BY: return "BY";
    default: return "none";
    }
}

static void json_num(dvk_json *j, const char *name, double x)
{
    dvk_json_key(j, name);
    dvk_json_number(j, x);
}

/* Years and integers are numbers; quarters and months their labels. */
static void json_time(dvk_json *j, const struct trend *t, long period)
{
    char label[64];
    size_t len = dvk_time_format(period, t->period, label, sizeof label);
    dvk_json_key(j, "time");
    if (t->period == DVK_PERIOD_QUARTER || t->period == DVK_PERIOD_MONTH)
        dvk_json_string(j, label, (long)len);
    else
        dvk_json_integer(j, period);
}

static void write_json(struct trend *t, const struct layout *l, dvk_writer *w)
{
    const dvk_agg *table = dvk_series_table(t->total);
    dvk_json *j = dvk_json_new(w);
    if (!j)
        return;
    dvk_json_object(j);
    dvk_json_key(j, "command");
    dvk_json_string(j, "trend", -1);
    cli_json_by(j, &t->g, l->nparts);
    dvk_json_key(j, "time");
    dvk_json_string(j, t->time_name, -1);
    dvk_json_key(j, "compare");
    dvk_json_string(j, t->compare == DVK_CHANGE_FIRST ? "first" : "previous", -1);
    dvk_json_key(j, "adjust");
    dvk_json_string(j, adjust_name(t->adjust), -1);
    /* a last year the dates end before December */
    dvk_json_key(j, "partial");
    if (l->partial) {
        char until[48];
        snprintf(until, sizeof until, "%04ld-%02d-%02d", t->last_date / 10000, l->pmonth,
                 l->pday);
        dvk_json_object(j);
        dvk_json_key(j, "time"); /* a year, as each point's "time" */
        dvk_json_integer(j, l->first + (long)l->length - 1);
        dvk_json_key(j, "until");
        dvk_json_string(j, until, -1);
        dvk_json_key(j, "included");
        dvk_json_bool(j, t->include_partial);
        dvk_json_end(j);
    } else {
        dvk_json_null(j);
    }
    dvk_json_key(j, "groups");
    dvk_json_array(j);
    for (size_t gi = 0; gi < l->ngroups; gi++) {
        const struct group_series *s = &l->groups[gi];
        const struct dvk_trend_stats *st = &s->stats;
        dvk_json_newline(j);
        dvk_json_object(j);
        dvk_json_key(j, "key");
        dvk_json_object(j);
        for (size_t p = 0; p < l->nparts; p++) {
            dvk_json_key(j, t->g.names[p]);
            dvk_json_string(j, dvk_agg_label(table, s->rep, p), -1);
        }
        dvk_json_end(j);
        dvk_json_key(j, "series");
        dvk_json_array(j);
        for (size_t i = 0; i < l->length; i++) {
            dvk_json_object(j);
            json_time(j, t, l->first + (long)i);
            json_num(j, "value", s->y[i]);
            if (l->kind == DVK_TREND_RATIO) {
                json_num(j, "num", s->k[i]);
                json_num(j, "den", s->n[i]);
            }
            json_num(j, "change", s->chg_abs[i]);
            json_num(j, "change_rel", s->chg_rel[i]); /* a fraction, as every rate in JSON */
            dvk_json_end(j);
        }
        dvk_json_end(j);
        dvk_json_key(j, "stats");
        dvk_json_object(j);
        dvk_json_key(j, "n_periods");
        dvk_json_integer(j, (long long)st->n_periods);
        const struct { const char *name; double v; } f[] = {
            {"first", st->first}, {"last", st->last}, {"change", st->change},
            {"change_rel", st->change_pct / 100}, {"cagr", st->cagr},
            {"ols_slope", st->ols_slope}, {"ols_se", st->ols_se}, {"ols_p", st->ols_p},
            {"r2", st->r2}, {"sen_slope", st->sen_slope}, {"sen_low", st->sen_low},
            {"sen_high", st->sen_high}, {"mk_s", st->mk_s}, {"mk_var_s", st->mk_var_s},
            {"mk_z", st->mk_z}, {"mk_p", st->mk_p}, {"mk_tau", st->mk_tau},
            {"poisson_growth", st->poisson_growth}, {"poisson_low", st->poisson_low},
            {"poisson_high", st->poisson_high}, {"poisson_p", s->qp.p_poisson},
            {"dispersion", s->qp.dispersion}, {"qp_growth", s->qp_used ? s->qp.growth : NAN},
            {"qp_low", s->qp_used ? s->qp.low : NAN}, {"qp_high", s->qp_used ? s->qp.high : NAN},
            {"qp_p", s->qp_used ? s->qp.p : NAN}, {"mk_p_adjusted", s->mk_p_adj},
            {"seasonal_mk_s", s->smk_s}, {"seasonal_mk_var_s", s->smk_var_s},
            {"seasonal_mk_z", s->smk_z}, {"seasonal_mk_p", s->smk_p},
            {"seasonal_mk_tau", s->smk_tau}, {"seasonal_sen_slope", s->smk_slope},
            {"ca_statistic", s->ca_stat}, {"ca_p", s->ca_p},
            {"last_diff", s->last_diff}, {"last_diff_low", s->last_low},
            {"last_diff_high", s->last_high}, {"last_diff_statistic", s->last_stat},
            {"last_diff_p", s->last_p},
        };
        for (size_t i = 0; i < sizeof f / sizeof *f; i++)
            json_num(j, f[i].name, f[i].v);
        dvk_json_key(j, "growth_interval");
        dvk_json_string(j, l->kind != DVK_TREND_COUNT || !isfinite(st->poisson_low) ? NULL
                           : s->qp_used ? "quasi-poisson" : "poisson", -1);
        dvk_json_key(j, "forecast");
        dvk_json_array(j);
        for (long k = 0; k < t->forecast; k++) {
            dvk_json_object(j);
            json_time(j, t, l->first + (long)l->whole + k);
            json_num(j, "value", s->fc_value[k]);
            json_num(j, "low", s->fc_low[k]);
            json_num(j, "high", s->fc_high[k]);
            dvk_json_end(j);
        }
        dvk_json_end(j);
        dvk_json_key(j, "direction");
        const char *d = (st->notes & DVK_TREND_NOTE_SHORT) ? NULL : cli_trend_direction(st->direction);
        dvk_json_string(j, d, -1);
        char v[256];
        verdict(t, l, s, v, sizeof v);
        dvk_json_key(j, "verdict");
        dvk_json_string(j, v, -1);
        dvk_json_end(j);
        dvk_json_end(j);
    }
    dvk_json_newline(j);
    dvk_json_end(j);
    dvk_json_end(j);
    dvk_json_free(j);
}

static const char *value_header(const struct trend *t, const struct layout *l)
{
    return l->kind == DVK_TREND_RATIO ? _("ratio") : l->kind == DVK_TREND_VALUE ? t->value_name : _("count");
}

/* A header or label of the human tables with its first letter a capital,
 * as offices write them ("Thống kê", "Kỳ đầu", "Count"), in one of eight
 * buffers (a table's six headers are in use together).  A lone "p" stays a
 * symbol ("p của OLS"). */
static const char *cap(const char *text)
{
    static _Thread_local char ring[8][256];
    static _Thread_local unsigned next;
    if (!text || strlen(text) >= sizeof ring[0] || (text[0] == 'p' && (!text[1] || text[1] == ' ')))
        return text;
    char *b = ring[next++ % 8];
    strcpy(b, text);
    if (b[0] >= 'a' && b[0] <= 'z')
        b[0] = (char)(b[0] - 'a' + 'A');
    else if ((unsigned char)b[0] == 0xC4 && (unsigned char)b[1] == 0x91)
        b[1] = (char)0x90; /* đ, Đ */
    return b;
}

static void write_stats_rows(dvk_writer *w, const struct group_series *s, int adjusted)
{
    const struct dvk_trend_stats *st = &s->stats;
    const struct { const char *name; double v; int pct; } f[] = {
        {N_("first"), st->first, 0}, {N_("last"), st->last, 0}, {N_("change"), st->change, 0},
        {N_("change %"), st->change_pct / 100, 1}, {N_("CAGR"), st->cagr, 1},
        {N_("OLS slope"), st->ols_slope, 0}, {N_("OLS standard error"), st->ols_se, 0},
        {N_("OLS p"), st->ols_p, 0}, {N_("R²"), st->r2, 0},
        {N_("Theil-Sen slope"), st->sen_slope, 0},
        /* xgettext:no-c-format */
        {N_("Theil-Sen 95% low"), st->sen_low, 0},
        /* xgettext:no-c-format */
        {N_("Theil-Sen 95% high"), st->sen_high, 0},
        {N_("Mann-Kendall S"), st->mk_s, 0}, {N_("Mann-Kendall Var(S)"), st->mk_var_s, 0},
        {N_("Mann-Kendall Z"), st->mk_z, 0}, {N_("Mann-Kendall p"), st->mk_p, 0},
        {N_("Kendall tau"), st->mk_tau, 0},
        {N_("Poisson growth"), st->poisson_growth, 1},
        /* xgettext:no-c-format */
        {N_("Poisson 95% low"), st->poisson_low, 1},
        /* xgettext:no-c-format */
        {N_("Poisson 95% high"), st->poisson_high, 1},
        {N_("Poisson p"), s->qp.p_poisson, 0},
        {N_("Pearson dispersion"), s->qp.dispersion, 0},
        /* xgettext:no-c-format */
        {N_("quasi-Poisson 95% low"), s->qp_used ? s->qp.low : NAN, 1},
        /* xgettext:no-c-format */
        {N_("quasi-Poisson 95% high"), s->qp_used ? s->qp.high : NAN, 1},
        {N_("quasi-Poisson p"), s->qp_used ? s->qp.p : NAN, 0},
        {N_("Mann-Kendall p adjusted"), adjusted ? s->mk_p_adj : NAN, 0},
        {N_("seasonal Mann-Kendall S"), s->smk_s, 0},
        {N_("seasonal Mann-Kendall Z"), s->smk_z, 0},
        {N_("seasonal Mann-Kendall p"), s->smk_p, 0},
        {N_("seasonal Sen slope"), s->smk_slope, 0},
        {N_("Cochran-Armitage X²"), s->ca_stat, 0}, {N_("Cochran-Armitage p"), s->ca_p, 0},
        {N_("last two periods: difference"), s->last_diff, 1},
        /* xgettext:no-c-format */
        {N_("difference 95% low (Newcombe)"), s->last_low, 1},
        /* xgettext:no-c-format */
        {N_("difference 95% high (Newcombe)"), s->last_high, 1},
        {N_("difference p"), s->last_p, 0},
    };
    for (size_t i = 0; i < sizeof f / sizeof *f; i++) {
        if (!isfinite(f[i].v))
            continue;
        dvk_writer_text(w, cap(_(f[i].name)), -1);
        if (f[i].pct)
            dvk_writer_percent(w, f[i].v, 1);
        else
            dvk_writer_number_sig(w, f[i].v, 6);
        dvk_writer_end_row(w);
    }
}

static void write_tables(struct trend *t, const struct layout *l, dvk_writer *w)
{
    const dvk_agg *table = dvk_series_table(t->total);
    char label[64];
    for (size_t gi = 0; gi < l->ngroups; gi++) {
        const struct group_series *s = &l->groups[gi];
        if (gi)
            dvk_writer_raw(w, "\n", 1);
        char head[1024] = "";
        int hn = 0;
        for (size_t p = 0; p < l->nparts && hn < (int)sizeof head - 1; p++)
            hn += snprintf(head + hn, sizeof head - (size_t)hn, "%s%s: %s",
                          p ? ", " : "", t->g.names[p],
                          cli_label(t->o.format, dvk_agg_label(table, s->rep, p)));
        if (l->nparts && t->o.format != DVK_FORMAT_XLSX) { /* a sheet's name says it */
            if (t->o.format == DVK_FORMAT_MD)
                dvk_writer_raw(w, "### ", 4);
            dvk_writer_raw(w, head, strlen(head));
            dvk_writer_raw(w, "\n\n", t->o.format == DVK_FORMAT_MD ? 2 : 1);
        }
        int first = t->compare == DVK_CHANGE_FIRST;
        const char *names[] = {t->time_name, cap(value_header(t, l)),
                               cap(first ? _("change from first") : _("change from previous")),
                               cap(first ? _("relative change from first")
                                         : _("relative change from previous")),
                               cap(_("num")), cap(_("den"))};
        dvk_writer_set_sheet(w, l->nparts ? cli_label(t->o.format, dvk_agg_label(table, s->rep, 0))
                                         : "trend");
        dvk_writer_set_chart(w, DVK_CHART_LINE, 0, 1, 0);
        /* the chart names its field: a page of the workbook shows no
         * heading above it */
        char title[1200];
        int tn = snprintf(title, sizeof title, _("%s by %s"), names[1], t->time_name);
        if (l->nparts && tn > 0 && tn < (int)sizeof title)
            snprintf(title + tn, sizeof title - (size_t)tn, " (%s)", head);
        dvk_writer_set_chart_titles(w, title, NULL, NULL);
        dvk_writer_begin(w, l->kind == DVK_TREND_RATIO ? 6 : 4, names);
        for (size_t i = 0; i < l->length; i++) {
            size_t len = dvk_time_format(l->first + (long)i, t->period, label, sizeof label);
            if (l->partial && i + 1 == l->length) {
                /* "2022, to 17/6" */
                char marked[96];
                snprintf(marked, sizeof marked, _("%s, to %d/%d"), label, l->pday, l->pmonth);
                dvk_writer_text(w, marked, -1);
            } else {
                dvk_writer_text(w, label, (long)len);
            }
            if (l->kind == DVK_TREND_RATIO) {
                /* a ratio's change is in points */
                dvk_writer_percent(w, s->y[i], 1);
                dvk_writer_percent(w, s->chg_abs[i], 1);
                dvk_writer_percent(w, s->chg_rel[i], 1);
                dvk_writer_number(w, s->k[i], -1);
                dvk_writer_number(w, s->n[i], -1);
            } else {
                dvk_writer_number(w, s->y[i], -1);
                dvk_writer_number(w, s->chg_abs[i], -1);
                dvk_writer_percent(w, s->chg_rel[i], 1);
            }
            dvk_writer_end_row(w);
        }
        dvk_writer_end(w);
        dvk_writer_raw(w, "\n", 1);
        /* each group's statistics sheet names its field, in its name and
         * over its column of values */
        int book = l->nparts && t->o.format == DVK_FORMAT_XLSX;
        const char *stat_names[] = {cap(_("statistic")), book ? head : cap(_("value"))};
        char sheet[1200];
        snprintf(sheet, sizeof sheet, "%s%s%s", _("statistics"), book ? " " : "",
                 book ? cli_label(t->o.format, dvk_agg_label(table, s->rep, 0)) : "");
        dvk_writer_set_sheet(w, sheet);
        dvk_writer_begin(w, 2, stat_names);
        write_stats_rows(w, s, l->ngroups > 1 && t->adjust != DVK_ADJUST_NONE);
        dvk_writer_end(w);
        if (t->forecast > 0) {
            dvk_writer_raw(w, "\n", 1);
            const char *fc_names[] = {cap(_("forecast")), cap(_("value")),
                                      /* xgettext:no-c-format */
                                      cap(_("95% low")),
                                      /* xgettext:no-c-format */
                                      cap(_("95% high"))};
            dvk_writer_set_sheet(w, _("forecast"));
            /* the forecast drawn with its prediction interval: a line
             * from two periods on */
            dvk_writer_set_chart(w, t->forecast > 1 ? DVK_CHART_LINE : DVK_CHART_BAR, 0, 1, 0);
            dvk_writer_set_chart_interval(w, 2, 3);
            char fc_title[1200];
            int fn = snprintf(fc_title, sizeof fc_title, _("%s by %s"), _("forecast"), t->time_name);
            if (l->nparts && fn > 0 && fn < (int)sizeof fc_title)
                snprintf(fc_title + fn, sizeof fc_title - (size_t)fn, " (%s)", head);
            dvk_writer_set_chart_titles(w, fc_title, t->time_name, value_header(t, l));
            dvk_writer_begin(w, 4, fc_names);
            for (long k = 0; k < t->forecast; k++) {
                size_t len = dvk_time_format(l->first + (long)l->whole + k, t->period,
                                             label, sizeof label);
                dvk_writer_text(w, label, (long)len);
                dvk_writer_number(w, s->fc_value[k], 2);
                dvk_writer_number(w, s->fc_low[k], 2);
                dvk_writer_number(w, s->fc_high[k], 2);
                dvk_writer_end_row(w);
            }
            dvk_writer_end(w);
        }
        char v[256];
        verdict(t, l, s, v, sizeof v);
        char line[320];
        int n = snprintf(line, sizeof line, "\n%s\n", cap(v));
        dvk_writer_raw(w, line, (size_t)n);
        if (l->partial) {
            char said[400];
            partial_sentence(t, l, said, sizeof said);
            n = snprintf(line, sizeof line, "%s\n", said);
            if (n > 0)
                dvk_writer_raw(w, line, strlen(line));
        }
    }
}

static void write_csv(struct trend *t, const struct layout *l, dvk_writer *w)
{
    const dvk_agg *table = dvk_series_table(t->total);
    size_t np = l->nparts;
    static const char *const stat_cols[] = {
        "n_periods", "first", "last", "change", "change_pct", "cagr", "ols_slope",
        "ols_se", "ols_p", "r2", "sen_slope", "sen_low", "sen_high", "mk_s",
        "mk_var_s", "mk_z", "mk_p", "mk_tau", "poisson_growth", "poisson_low",
        "poisson_high", "ca_statistic", "ca_p", "poisson_p", "dispersion", "qp_growth",
        "qp_low", "qp_high", "qp_p", "mk_p_adjusted", "seasonal_mk_s", "seasonal_mk_var_s",
        "seasonal_mk_z", "seasonal_mk_p", "seasonal_mk_tau", "seasonal_sen_slope",
        "last_diff", "last_diff_low", "last_diff_high", "last_diff_statistic",
        "last_diff_p", "direction"};
    size_t nstat = sizeof stat_cols / sizeof *stat_cols;
    const char **names = calloc(np + nstat + 6, sizeof *names);
    if (!names)
        return;
    for (size_t p = 0; p < np; p++)
        names[p] = t->g.names[p];
    size_t ncols;
    if (t->stats_only) {
        memcpy(names + np, stat_cols, nstat * sizeof *names);
        ncols = np + nstat;
    } else {
        names[np] = t->time_name;
        names[np + 1] = "value";
        names[np + 2] = "change";
        names[np + 3] = "change_pct";
        names[np + 4] = "num";
        names[np + 5] = "den";
        ncols = np + (l->kind == DVK_TREND_RATIO ? 6 : 4);
    }
    dvk_writer_begin(w, ncols, names);
    free(names);
    char label[64];
    for (size_t gi = 0; gi < l->ngroups; gi++) {
        const struct group_series *s = &l->groups[gi];
        const struct dvk_trend_stats *st = &s->stats;
        if (t->stats_only) {
            for (size_t p = 0; p < np; p++)
                dvk_writer_text(w, cli_label(t->o.format, dvk_agg_label(table, s->rep, p)), -1);
            const double v[] = {(double)st->n_periods, st->first, st->last, st->change,
                                st->change_pct, st->cagr, st->ols_slope, st->ols_se,
                                st->ols_p, st->r2, st->sen_slope, st->sen_low, st->sen_high,
                                st->mk_s, st->mk_var_s, st->mk_z, st->mk_p, st->mk_tau,
                                st->poisson_growth, st->poisson_low, st->poisson_high,
                                s->ca_stat, s->ca_p, s->qp.p_poisson, s->qp.dispersion,
                                s->qp_used ? s->qp.growth : NAN, s->qp_used ? s->qp.low : NAN,
                                s->qp_used ? s->qp.high : NAN, s->qp_used ? s->qp.p : NAN,
                                s->mk_p_adj, s->smk_s, s->smk_var_s, s->smk_z, s->smk_p,
                                s->smk_tau, s->smk_slope, s->last_diff, s->last_low,
                                s->last_high, s->last_stat, s->last_p};
            for (size_t i = 0; i < sizeof v / sizeof *v; i++)
                dvk_writer_number(w, v[i], -1);
            if (st->notes & DVK_TREND_NOTE_SHORT)
                dvk_writer_null(w);
            else
                dvk_writer_text(w, cli_trend_direction(st->direction), -1);
            dvk_writer_end_row(w);
            continue;
        }
        for (size_t i = 0; i < l->length; i++) {
            for (size_t p = 0; p < np; p++)
                dvk_writer_text(w, cli_label(t->o.format, dvk_agg_label(table, s->rep, p)), -1);
            size_t len = dvk_time_format(l->first + (long)i, t->period, label, sizeof label);
            dvk_writer_text(w, label, (long)len);
            dvk_writer_number(w, s->y[i], -1);
            dvk_writer_number(w, s->chg_abs[i], -1);
            dvk_writer_number(w, 100 * s->chg_rel[i], -1);
            if (l->kind == DVK_TREND_RATIO) {
                dvk_writer_number(w, s->k[i], -1);
                dvk_writer_number(w, s->n[i], -1);
            }
            dvk_writer_end_row(w);
        }
    }
    dvk_writer_end(w);
}

int trend_write_output(void *ctx)
{
    struct trend *t = ctx;
    struct layout l = {0};
    int st = build_layout(t, &l);
    if (st) {
        if (st == EXIT_DATA)
            cli_error(_("out of memory"));
        free_layout(&l);
        return st;
    }
    dvk_writer *w = cli_open_writer(&t->o, 0);
    if (!w) {
        free_layout(&l);
        return EXIT_DATA;
    }
    if (t->o.format == DVK_FORMAT_JSON)
        write_json(t, &l, w);
    else if (t->o.format == DVK_FORMAT_CSV || t->o.format == DVK_FORMAT_TSV)
        write_csv(t, &l, w);
    else
        write_tables(t, &l, w);
    /* CSV keeps the year as a period; the sentence goes to standard error */
    if (l.partial && !t->o.quiet &&
        (t->o.format == DVK_FORMAT_CSV || t->o.format == DVK_FORMAT_TSV)) {
        char said[400];
        partial_sentence(t, &l, said, sizeof said);
        fprintf(stderr, _("dvkstat: note: %s\n"), said);
    }
    const dvk_agg *table = dvk_series_table(t->total);
    for (size_t gi = 0; gi < l.ngroups && !t->o.quiet; gi++) {
        const struct group_series *s = &l.groups[gi];
        if (!(s->stats.notes & DVK_TREND_NOTE_NO_GROWTH))
            continue;
        char v[256];
        verdict(t, &l, s, v, sizeof v);
        fprintf(stderr, _("dvkstat: note: %s: the Poisson growth has no finite estimate "
                "and is left empty (null): %s\n"),
                l.nparts ? cli_label(DVK_FORMAT_TABLE, dvk_agg_label(table, s->rep, 0))
                         : _("the series"), v);
    }
    for (size_t gi = 0; gi < l.ngroups && !t->o.quiet; gi++)
        if (l.groups[gi].stats.notes & DVK_TREND_NOTE_LONG)
            fprintf(stderr, _("dvkstat: note: a series longer than %d periods has no "
                    "Theil-Sen slope\n"), DVK_TREND_SEN_MAX_N);
    free_layout(&l);
    return cli_finish_writer(w, EXIT_OK);
}

