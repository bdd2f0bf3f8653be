/* trend-output.c: dvkstat trend's output: every group's series, laid out
 * by trend-layout.c, with its statistics and forecast, as JSON, CSV or
 * tables.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "trend.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        long d = t->last.date;
        snprintf(until, sizeof until, "%04ld-%02ld-%02ld", d / 10000, d / 100 % 100, d % 100);
        dvk_json_object(j);
        dvk_json_key(j, "time"); /* a year, as each point's "time" */
        dvk_json_integer(j, l->first + (long)l->partial_at);
        dvk_json_key(j, "until");
        dvk_json_string(j, until, -1);
        dvk_json_key(j, "included");
        dvk_json_bool(j, l->whole == l->length);
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
        trend_verdict(t, l, s, v, sizeof v);
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
    cli_capitalise(b);
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
            if (l->partial && i == l->partial_at) {
                char marked[96];
                dvk_writer_text(w, cli_partial_label(marked, sizeof marked, label, t->last.date),
                                -1);
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
        trend_verdict(t, l, s, v, sizeof v);
        char line[320];
        int n = snprintf(line, sizeof line, "\n%s\n", cap(v));
        dvk_writer_raw(w, line, (size_t)n);
        if (l->partial) {
            char said[400];
            cli_partial_sentence(said, sizeof said, t->last.date, l->whole == l->length);
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
    int st = trend_build_layout(t, &l);
    if (st) {
        if (st == EXIT_DATA)
            cli_error(_("out of memory"));
        trend_free_layout(&l);
        return st;
    }
    dvk_writer *w = cli_open_writer(&t->o, 0);
    if (!w) {
        trend_free_layout(&l);
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
        cli_partial_sentence(said, sizeof said, t->last.date, l.whole == l.length);
        fprintf(stderr, _("dvkstat: note: %s\n"), said);
    }
    const dvk_agg *table = dvk_series_table(t->total);
    for (size_t gi = 0; gi < l.ngroups && !t->o.quiet; gi++) {
        const struct group_series *s = &l.groups[gi];
        if (!(s->stats.notes & DVK_TREND_NOTE_NO_GROWTH))
            continue;
        char v[256];
        trend_verdict(t, &l, s, v, sizeof v);
        fprintf(stderr, _("dvkstat: note: %s: the Poisson growth has no finite estimate "
                "and is left empty (null): %s\n"),
                l.nparts ? cli_label(DVK_FORMAT_TABLE, dvk_agg_label(table, s->rep, 0))
                         : _("the series"), v);
    }
    for (size_t gi = 0; gi < l.ngroups && !t->o.quiet; gi++)
        if (l.groups[gi].stats.notes & DVK_TREND_NOTE_LONG)
            fprintf(stderr, _("dvkstat: note: a series longer than %d periods has no "
                    "Theil-Sen slope\n"), DVK_TREND_SEN_MAX_N);
    trend_free_layout(&l);
    return cli_finish_writer(w, EXIT_OK);
}

