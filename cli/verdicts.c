/* verdicts.c: the statistics put in words for every command: a trend's
 * direction and verdict (with its quasi-Poisson reason), a partial last
 * year, and each group compared with the rest of them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *cli_trend_direction(int direction)
{
    return direction > 0 ? N_("increasing") : direction < 0 ? N_("decreasing") : N_("no trend");
}

static const char *period_word(int period)
{
    switch (period) {
    case DVK_PERIOD_QUARTER: return _("a quarter");
    case DVK_PERIOD_MONTH: return _("a month");
    case DVK_PERIOD_INTEGER: return _("a period");
    default: return _("a year");
    }
}

void cli_trend_verdict(const struct dvk_trend_stats *st, int kind, int period,
                       char *buf, size_t size)
{
    if (st->notes & DVK_TREND_NOTE_SHORT) {
        snprintf(buf, size, _("too few periods for a trend (%zu with a value; 3 are needed)"),
                 st->n_used);
        return;
    }
    if (st->notes & (DVK_TREND_NOTE_ZERO | DVK_TREND_NOTE_CONSTANT)) {
        snprintf(buf, size, "%s", (st->notes & DVK_TREND_NOTE_ZERO)
                                      ? _("no trend: the series is all zero")
                                      : _("no trend: the series is constant"));
        return;
    }
    if (st->notes & (DVK_TREND_NOTE_NEW | DVK_TREND_NOTE_ENDED)) {
        /* one period holds everything: no rate of growth exists */
        char when[64];
        int is_new = (st->notes & DVK_TREND_NOTE_NEW) != 0;
        dvk_time_format((long)(is_new ? st->last_time : st->first_time), period, when,
                        sizeof when);
        snprintf(buf, size, is_new ? _("new in %s: none in the periods before it, so no "
                                       "growth rate")
                                   : _("none after %s: no growth rate"), when);
        return;
    }
    int n = snprintf(buf, size, "%s", _(cli_trend_direction(st->direction)));
    if (n < 0 || (size_t)n >= size)
        return;
    char fig[64];
    if (kind == DVK_TREND_COUNT && isfinite(st->poisson_growth))
        n += snprintf(buf + n, size - (size_t)n, _(", about %s %s"),
                      cli_fig(fig, sizeof fig, st->poisson_growth, 1,
                              DVK_FIGURE_PERCENT | DVK_FIGURE_SIGN),
                      period_word(period));
    else if (kind == DVK_TREND_RATIO && isfinite(st->sen_slope))
        n += snprintf(buf + n, size - (size_t)n, _(", about %s points %s"),
                      cli_fig(fig, sizeof fig, 100 * st->sen_slope, 1, DVK_FIGURE_SIGN),
                      period_word(period));
    else if (isfinite(st->sen_slope))
        n += snprintf(buf + n, size - (size_t)n, _(", about %s %s"),
                      cli_fig(fig, sizeof fig, st->sen_slope, 4,
                              DVK_FIGURE_SIGNIFICANT | DVK_FIGURE_SIGN),
                      period_word(period));
    if (n >= 0 && (size_t)n < size && isfinite(st->mk_p))
        snprintf(buf + n, size - (size_t)n, ", p = %s",
                 cli_fig(fig, sizeof fig, st->mk_p, 2, DVK_FIGURE_SIGNIFICANT));
}

int cli_compare_rest(const double *k, const double *n, size_t groups, int method,
                     struct cli_comparison *out)
{
    double K = 0, N = 0;
    for (size_t i = 0; i < groups; i++)
        if (n[i] > 0) {
            K += k[i];
            N += n[i];
        }
    double *p = calloc(groups ? groups : 1, sizeof *p);
    if (!p)
        return DVK_NOMEM;
    for (size_t i = 0; i < groups; i++) {
        double x2;
        out[i].p = NAN;
        if (n[i] > 0 && N - n[i] > 0 && k[i] <= n[i] &&
            dvk_prop_diff_test(k[i], n[i], K - k[i], N - n[i], &x2, &out[i].p) != DVK_OK)
            out[i].p = NAN;
        p[i] = out[i].p;
    }
    int st = dvk_adjust_p(p, groups, method, p);
    for (size_t i = 0; i < groups; i++) {
        out[i].p_adjusted = st == DVK_OK ? p[i] : NAN;
        double rest = (K - k[i]) / (N - n[i]);
        out[i].direction = !(out[i].p_adjusted < 0.05) ? 0 : k[i] / n[i] > rest ? 1 : -1;
    }
    free(p);
    return st == DVK_NOMEM ? DVK_NOMEM : DVK_OK;
}

const char *cli_comparison_direction(const struct cli_comparison *c)
{
    return c->direction > 0 ? "higher" : c->direction < 0 ? "lower" : "no difference";
}

const char *cli_comparison_verdict(const struct cli_comparison *c)
{
    return c->direction > 0 ? _("higher than the rest")
           : c->direction < 0 ? _("lower than the rest") : _("no clear difference");
}

int cli_trend_quasi(const double *t, const double *y, size_t n,
                    struct dvk_quasipoisson *qp)
{
    memset(qp, 0, sizeof *qp);
    qp->size = sizeof *qp;
    if (n == 0 || dvk_regression_quasipoisson(t, y, n, 0.95, qp) != DVK_OK) {
        double nan = NAN;
        qp->intercept = qp->slope = qp->se_poisson = qp->p_poisson = nan;
        qp->dispersion = qp->df = qp->se = qp->t = qp->p = nan;
        qp->growth = qp->low = qp->high = nan;
        return 0;
    }
    /* A dispersion at or below 1 is no evidence against the Poisson
     * variance: its interval, narrower, stays (R's quasipoisson never
     * narrows it in a report). */
    return qp->dispersion > 1 && isfinite(qp->low) && isfinite(qp->high);
}

void cli_trend_verdict_quasi(const struct dvk_trend_stats *st,
                             const struct dvk_quasipoisson *qp, char *buf, size_t size)
{
    if (st->notes & (DVK_TREND_NOTE_SHORT | DVK_TREND_NOTE_ZERO | DVK_TREND_NOTE_CONSTANT |
                     DVK_TREND_NOTE_NEW | DVK_TREND_NOTE_ENDED))
        return;
    if (!(qp->dispersion > 1 && isfinite(qp->low)))
        return;
    size_t n = strlen(buf);
    char fig[64];
    if (n < size)
        snprintf(buf + n, size - n, _(" (quasi-Poisson: the counts vary %s times more "
                                      "than chance)"), cli_fig(fig, sizeof fig, qp->dispersion, 1, 0));
}

void cli_capitalise(char *s)
{
    if (s[0] >= 'a' && s[0] <= 'z')
        s[0] = (char)(s[0] - 'a' + 'A');
    else if ((unsigned char)s[0] == 0xC4 && (unsigned char)s[1] == 0x91)
        s[1] = (char)0x90; /* đ, Đ */
}

const char *cli_partial_label(char *buf, size_t size, const char *year, long last_date)
{
    snprintf(buf, size, _("%s, to %d/%d"), year, (int)(last_date % 100),
             (int)(last_date / 100 % 100));
    return buf;
}

void cli_partial_sentence(char *buf, size_t size, long last_date, int counted)
{
    char y[24];
    snprintf(y, sizeof y, "%ld", last_date / 10000);
    snprintf(buf, size, counted
                 ? _("The register's last date is %d/%d/%s, so %s is not a whole year; "
                     "the trend counts it as one (--include-partial).")
                 : _("The register's last date is %d/%d/%s, so %s is not a whole year: "
                     "it is left out of the trend and its verdict (--include-partial "
                     "puts it in)."),
             (int)(last_date % 100), (int)(last_date / 100 % 100), y, y);
}
