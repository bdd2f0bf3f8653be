/* cmd-trend.c: dvkstat trend, one series per group over time, with the
 * trend statistics of each.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "trend.h"

enum { OPT_TIME = 2000, OPT_PERIOD, OPT_VALUE, OPT_NUM, OPT_DEN, OPT_FROM,
       OPT_TO, OPT_FORECAST, OPT_ALPHA, OPT_STATS, OPT_MAX_PERIODS, OPT_WIDE,
       OPT_COMPARE, OPT_ADJUST, OPT_INCLUDE_PARTIAL };

const struct cli_option cli_trend_options[] = {
    /* xgettext:no-c-format */
    CLI_TEXT(N_("Usage: dvkstat trend [OPTION]... [FILE]...\n"
                 "One series per group over time, with its trend statistics: first, last,\n"
                 "change, CAGR; OLS slope, its standard error, p and R² (as R's lm);\n"
                 "Theil-Sen slope with its 95% interval (as scipy.stats.theilslopes);\n"
                 "Mann-Kendall S, Var(S), Z, p and tau (as pyMannKendall); for counts the\n"
                 "Poisson growth rate exp(b) - 1 with its Wald interval (as R's glm),\n"
                 "the Pearson dispersion and, when it exceeds 1, the quasi-Poisson interval\n"
                 "and p (as glm(family = quasipoisson)); by month or quarter over two full\n"
                 "years the seasonal Mann-Kendall test; for a ratio the difference of the\n"
                 "last two periods with Newcombe's interval and its test;\n"
                 "for ratios the Cochran-Armitage test (as prop.trend.test); forecasts\n"
                 "with 95% prediction intervals; and the direction from Mann-Kendall.\n"
                 "Every period from the first to the last is listed: a count is 0 where\n"
                 "no row fell; a --value or ratio there is missing, left out of the fits\n"
                 "with its time kept.  Fewer than 3 periods give no statistics.\n"
                 "\n"
                 "With no --time the column is found by its header (năm, year, ngày,\n"
                 "date …) or as the first column holding only years or dates.\n"
                 "\n")),
    CLI_OPTION("time", OPT_TIME, N_("COL"), N_("the time column: years, dates (dd/mm/yyyy,\n"
                "yyyy-mm-dd) or, with --period integer, numbers")),
    CLI_OPTION("period", OPT_PERIOD, N_("P"), N_("year, quarter, month or integer (default: the\n"
                "integers or the years of the dates as they are)")),
    CLI_OPTION("value", OPT_VALUE, N_("COL"), N_("sum this numeric column instead of counting rows")),
    CLI_OPTION("num", OPT_NUM, N_("COND"), N_("follow the ratio of rows where COND holds …")),
    CLI_OPTION("den", OPT_DEN, N_("COND"), N_("… among the rows where this holds (default all)")),
    CLI_SHOWN("from", OPT_FROM, "T", N_("--from T, --to T"), N_("the first and last period shown (widen or narrow)")),
    CLI_HIDDEN("to", OPT_TO, "T"),
    CLI_OPTION("forecast", OPT_FORECAST, N_("K"),
               /* xgettext:no-c-format */
               N_("forecast the next K periods (OLS, 95% intervals)")),
    CLI_OPTION("alpha", OPT_ALPHA, N_("A"), N_("the level of the Mann-Kendall direction (0.05)")),
    CLI_OPTION("compare", OPT_COMPARE, N_("B"), N_("each period's change from the previous period\n"
                "(previous, the default) or from the first")),
    CLI_OPTION("adjust", OPT_ADJUST, N_("M"), N_("with several groups, adjust their Mann-Kendall\n"
                "p-values as R's p.adjust: holm (default), BH,\n"
                "bonferroni, hochberg, BY or none; the verdicts\n"
                "use the adjusted p")),
    CLI_OPTION("max-periods", OPT_MAX_PERIODS, N_("N"), N_("the most periods a series may span (10000): a\n"
                "stray value is an error, not millions of lines")),
    CLI_OPTION("include-partial", OPT_INCLUDE_PARTIAL, NULL, N_("count a last year that the dates show to end\n"
                "before December in the statistics (default:\n"
                "marked \"2022, to 30/6\" and left out of them)")),
    CLI_OPTION("stats", OPT_STATS, NULL, N_("with -f csv or tsv: one row of statistics per\n"
                "group instead of the series")),
    CLI_OPTION("wide", OPT_WIDE, NULL, N_("a wide table: the columns headed by years (2019,\n"
                "\"Năm 2020\" …) are the periods, each row's values\n"
                "summed into them; --by COL keeps a series per row\n"
                "(found by itself when three headers are years)")),
    CLI_MORE(cli_grouping_options),
    CLI_MORE(cli_common_options),
    CLI_TEXT(N_("\n"
                 "Examples:\n"
                 "  dvkstat trend models.csv\n"
                 "  dvkstat trend --by 'Lĩnh vực' --map fields.csv --forecast 2 models.csv\n"
                 "  dvkstat trend --num 'Tình trạng=Duy trì, hiệu quả' models.csv\n"
                 "  dvkstat trend --time 'Ngày đăng ký' --period quarter -f json models.csv\n")),
    CLI_END,
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct trend *t = ctx;
    if (cli_grouping_option(&t->g, opt, arg))
        return 0;
    char *end;
    switch (opt) {
    case OPT_TIME: t->time = arg; break;
    case OPT_VALUE: t->value = arg; break;
    case OPT_NUM: t->num = arg; break;
    case OPT_DEN: t->den = arg; break;
    case OPT_FROM: t->from = arg; break;
    case OPT_TO: t->to = arg; break;
    case OPT_STATS: t->stats_only = 1; break;
    case OPT_MAX_PERIODS:
        if (cli_max_periods(arg, &t->max_periods))
            return EXIT_USAGE;
        break;
    case OPT_WIDE: t->wide = 1; break;
    case OPT_INCLUDE_PARTIAL: t->include_partial = 1; break;
    case OPT_COMPARE: {
        static const char *const names[] = {"previous", "first"};
        static const int bases[] = {DVK_CHANGE_PREVIOUS, DVK_CHANGE_FIRST};
        return cli_choice("--compare", arg, names, bases, 2, &t->compare);
    }
    case OPT_ADJUST:
        t->adjust = dvk_adjust_parse(arg);
        if (t->adjust < 0) {
            cli_error(_("--adjust takes holm, BH, bonferroni, hochberg, BY or none, not '%s'"),
                      arg);
            return EXIT_USAGE;
        }
        break;
    case OPT_PERIOD: {
        static const char *const names[] = {"year", "quarter", "month", "integer"};
        static const int kinds[] = {DVK_PERIOD_YEAR, DVK_PERIOD_QUARTER,
                                    DVK_PERIOD_MONTH, DVK_PERIOD_INTEGER};
        return cli_choice("--period", arg, names, kinds, 4, &t->period);
    }
    case OPT_FORECAST:
        t->forecast = strtol(arg, &end, 10);
        if (*end || t->forecast < 0 || t->forecast > 1000) {
            cli_error(_("--forecast takes a number of periods from 0 to 1000, not '%s'"), arg);
            return EXIT_USAGE;
        }
        break;
    case OPT_ALPHA:
        t->alpha = strtod(arg, &end);
        if (*end || !(t->alpha > 0 && t->alpha < 1)) {
            cli_error(_("--alpha takes a number between 0 and 1 (0.05), not '%s'"), arg);
            return EXIT_USAGE;
        }
        break;
    }
    return 0;
}

/* The year a column's header names: "2019", "Năm 2019", "Year 2019". */
static int header_year(const char *name, long *year)
{
    char *key;
    if (dvk_text_normalize(name, strlen(name), DVK_TEXT_KEY, &key, NULL))
        return 0;
    const char *p = key;
    if (strncmp(p, "năm ", strlen("năm ")) == 0)
        p += strlen("năm ");
    else if (strncmp(p, "year ", 5) == 0)
        p += 5;
    int ok = strlen(p) == 4 && strspn(p, "0123456789") == 4;
    *year = ok ? strtol(p, NULL, 10) : 0;
    dvk_free(key);
    return ok && *year >= 1900 && *year <= 2100;
}

/* A table with a column per year ("2019", "2020" …) holds its series
 * across: found when three headers or more are years, or with --wide. */
static int find_wide(struct trend *t, dvk_reader *r)
{
    size_t n = dvk_reader_column_count(r);
    free(t->wide_cols);
    free(t->wide_years);
    t->nwide = 0;
    t->wide_cols = calloc(n ? n : 1, sizeof *t->wide_cols);
    t->wide_years = calloc(n ? n : 1, sizeof *t->wide_years);
    if (!t->wide_cols || !t->wide_years)
        return DVK_NOMEM;
    if (t->time)
        return DVK_OK;
    for (size_t i = 0; i < n; i++) {
        /* under a group heading ("Số mô hình / 2019"), the year is the
         * last part of the name */
        const char *name = dvk_reader_column_name(r, i), *part;
        while ((part = strstr(name, " / ")))
            name = part + 3;
        if (header_year(name, &t->wide_years[t->nwide]))
            t->wide_cols[t->nwide++] = i;
    }
    if (t->nwide < 3 && !t->wide)
        t->nwide = 0;
    if (t->wide && !t->nwide) {
        cli_error(_("%s: --wide: no column header is a year (2019, Năm 2019 …)"),
                  dvk_reader_name(r));
        return -EXIT_DATA;
    }
    if (t->nwide && (t->value || t->num)) {
        cli_error(_("%s: a wide table (a column per year) holds its values in the year "
                  "columns: --value and --num do not apply; --time COL reads a time column"),
                  dvk_reader_name(r));
        return -EXIT_USAGE;
    }
    if (t->nwide && !t->o.quiet)
        fprintf(stderr, _("dvkstat: note: %s: a wide table: the columns '%s' to '%s' are the "
                "years, each row's numbers summed into them (--time COL reads a time "
                "column instead)\n"), dvk_reader_name(r),
                dvk_reader_column_name(r, t->wide_cols[0]),
                dvk_reader_column_name(r, t->wide_cols[t->nwide - 1]));
    return DVK_OK;
}

/* A row of a wide table: its number under each year. */
static int wide_row(struct trend *t, dvk_reader *r, double w,
                    const char *const *keys, const char *const *labels)
{
    for (size_t k = 0; k < t->nwide; k++) {
        size_t len;
        const char *raw = dvk_reader_field(r, t->wide_cols[k], &len);
        double x, v[NVALUES] = {0};
        int st = dvk_reader_field_number(r, t->wide_cols[k], &x);
        if (st == DVK_EMPTY)
            continue;
        if (st) {
            char msg[200];
            snprintf(msg, sizeof msg, _("'%.60s' in column '%s' is not a number"), raw,
                     dvk_reader_column_name(r, t->wide_cols[k]));
            return dvk_reader_reject(r, DVK_VALUE, t->wide_cols[k], msg);
        }
        v[V_COUNT] = x * w;
        if ((st = dvk_series_add_at(t->series, r, t->wide_years[k], keys, labels, v)))
            return st;
    }
    return DVK_OK;
}

static int on_open(dvk_reader *r, size_t file_index, void *ctx)
{
    struct trend *t = ctx;
    int st = cli_grouping_open(&t->g, r, t->g.by, t->g.nby);
    if (st)
        return st;
    if ((st = find_wide(t, r)))
        return st;
    dvk_expr_free(t->num_expr);
    dvk_expr_free(t->den_expr);
    t->num_expr = t->den_expr = NULL;
    if (t->num && (st = dvk_expr_new(r, t->num, &t->num_expr)))
        return st;
    if (t->den && (st = dvk_expr_new(r, t->den, &t->den_expr)))
        return st;
    if (t->value && (st = dvk_reader_find_column(r, t->value, &t->value_index)))
        return st;
    if (file_index == 0 && t->value && !(t->value_name = strdup(dvk_reader_column_name(r, t->value_index))))
        return DVK_NOMEM;
    t->series = t->nwide ? dvk_series_new_given(r, t->wide_cols[0], t->period,
                                                dvk_grouper_columns(t->g.grouper), NVALUES)
                         : dvk_series_new_grouped(r, t->time, t->period,
                                                  dvk_grouper_columns(t->g.grouper), NVALUES);
    if (!t->series)
        return dvk_reader_errmsg(r)[0] ? DVK_COLUMN : DVK_NOMEM;
    if (t->max_periods)
        dvk_series_set_max_periods(t->series, t->max_periods);
    /* a column of dates: its latest tells whether the last year is whole */
    t->last.has = 0; /* a wide table's years are its columns */
    if (!t->nwide)
        cli_last_date_open(&t->last, r);
    return DVK_OK;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct trend *t = ctx;
    double v[NVALUES] = {0};
    double w;
    int skip;
    int st = cli_grouping_weight(&t->g, r, &w, &skip);
    if (st || skip)
        return st;
    v[V_COUNT] = w;
    cli_last_date_row(&t->last, r);
    if (t->nwide) {
        const char *const *keys = NULL, *const *labels = NULL;
        if (dvk_grouper_columns(t->g.grouper) &&
            (st = dvk_grouper_key(t->g.grouper, r, &keys, &labels)))
            return st;
        return wide_row(t, r, w, keys, labels);
    }
    if (t->value) {
        size_t len;
        const char *raw = dvk_reader_field(r, t->value_index, &len);
        double x;
        st = dvk_reader_field_number(r, t->value_index, &x);
        if (st == DVK_OK) {
            v[V_SUM] = x * w;
            v[V_HAS] = 1;
        } else if (st != DVK_EMPTY) {
            char msg[200];
            snprintf(msg, sizeof msg, _("'%.60s' in column '%s' is not a number"), raw,
                     dvk_reader_column_name(r, t->value_index));
            st = dvk_reader_reject(r, DVK_VALUE, t->value_index, msg);
            return st;
        }
    }
    if (t->num_expr) {
        int in_den = 1, in_num = 0;
        if (t->den_expr && (st = dvk_expr_eval(t->den_expr, r, &in_den)))
            return st;
        if (in_den && (st = dvk_expr_eval(t->num_expr, r, &in_num)))
            return st;
        v[V_NUM] = in_num ? w : 0;
        v[V_DEN] = in_den ? w : 0;
        t->rows++;
        t->num_rows += in_num;
        t->den_rows += in_den;
    }
    const char *const *keys = NULL, *const *labels = NULL;
    if (dvk_grouper_columns(t->g.grouper) &&
        (st = dvk_grouper_key(t->g.grouper, r, &keys, &labels)))
        return st;
    return dvk_series_add(t->series, r, keys, labels, v);
}

static int on_close(dvk_reader *r, size_t file_index, void *ctx)
{
    struct trend *t = ctx;
    int st = dvk_series_finish(t->series, r);
    if (st)
        return st;
    if (!t->nwide)
        cli_series_notes(&t->o, r, t->series);
    /* Integers from 20000 to 80000 in a time column are days as Excel
     * counts them (44562 is 01/01/2022), exported unformatted. */
    size_t n = dvk_series_length(t->series);
    if (t->period == DVK_PERIOD_AUTO && n > 0 && !t->o.quiet &&
        dvk_series_time(t->series, 0) >= 20000 && dvk_series_time(t->series, n - 1) <= 80000)
        fprintf(stderr, _("dvkstat: note: %s: the values of '%s' look like dates as Excel "
                "counts days (44562 is 01/01/2022); format the column as dates before "
                "exporting\n"), dvk_reader_name(r),
                dvk_reader_column_name(r, dvk_series_time_column(t->series)));
    if (file_index == 0) {
        t->time_name = strdup(t->nwide ? _("year")
                                       : dvk_reader_column_name(r, dvk_series_time_column(t->series)));
        if (!t->time_name)
            return DVK_NOMEM;
        t->total = t->series;
    } else {
        st = cli_series_merge(t->total, t->series);
        t->series = NULL;
        if (st)
            return st;
    }
    t->series = NULL;
    return DVK_OK;
}

/* The second half of a large file, read by another thread: the settings
 * copied, a series and expressions of its own (made by on_open).  A wide
 * table is read by one thread. */
static void *trend_fork(void *ctx)
{
    struct trend *t = ctx;
    if (t->nwide || t->wide)
        return NULL;
    struct trend *part = malloc(sizeof *part);
    if (!part)
        return NULL;
    *part = *t;
    part->series = part->total = NULL;
    part->num_expr = part->den_expr = NULL;
    part->time_name = part->value_name = NULL;
    part->wide_cols = NULL;
    part->wide_years = NULL;
    part->nwide = 0;
    part->rows = part->num_rows = part->den_rows = 0;
    part->last.date = 0;
    if (cli_grouping_fork(&t->g, &part->g)) {
        free(part);
        return NULL;
    }
    return part;
}

static void trend_drop(void *ctx)
{
    struct trend *part = ctx;
    dvk_series_free(part->series);
    dvk_expr_free(part->num_expr);
    dvk_expr_free(part->den_expr);
    free(part->value_name);
    free(part->wide_cols);
    free(part->wide_years);
    cli_grouping_drop(&part->g);
    free(part);
}

static int trend_join(void *ctx, void *part_ctx)
{
    struct trend *t = ctx, *part = part_ctx;
    int st = dvk_series_join(t->series, part->series);
    if (st == DVK_VALUE)
        return CLI_PART_REREAD;
    if (!st) {
        cli_grouping_join(&t->g, &part->g);
        t->rows += part->rows;
        t->num_rows += part->num_rows;
        t->den_rows += part->den_rows;
        if (part->last.date > t->last.date)
            t->last.date = part->last.date;
    }
    return st;
}

/* A --num or --den that holds on no row is a typo, not a ratio of 0 %. */
static int write_output(void *ctx)
{
    struct trend *t = ctx;
    const char *empty_cond = !t->rows ? NULL : t->num && !t->num_rows ? t->num
                             : t->den && !t->den_rows ? t->den : NULL;
    if (empty_cond) {
        int st = cli_check_conditions(&t->o, &empty_cond, 1);
        if (st >= 0)
            return st;
    }
    int st = trend_write_output(t);
    /* One year gives no trend across years; within it, by month or
     * quarter, there may be one. */
    int period = dvk_series_period(t->total);
    if (st == EXIT_OK && !t->o.quiet && !t->nwide && !t->from && !t->to &&
        (period == DVK_PERIOD_AUTO || period == DVK_PERIOD_YEAR) &&
        dvk_series_length(t->total) == 1) {
        char year[32];
        dvk_time_format(dvk_series_time(t->total, 0), DVK_PERIOD_YEAR, year, sizeof year);
        fprintf(stderr, _("dvkstat: hint: one year only (%s): --period month or --period "
                "quarter follows it within the year, from a column of dates (--time COL)\n"),
                year);
    }
    return st;
}

int cmd_trend(int argc, char **argv, const struct cli_command *self)
{
    struct trend t = {0};
    t.period = DVK_PERIOD_AUTO;
    t.alpha = 0.05;
    t.adjust = DVK_ADJUST_HOLM;
    int st = cli_parse(argc, argv, &t.o, self, handle, &t);
    if (st < 0) {
        const char *why = NULL;
        if (t.num && t.value)
            why = N_("--num and --value do not go together");
        else if (t.den && !t.num)
            why = N_("--den goes with --num");
        else if (t.stats_only && t.o.format != DVK_FORMAT_CSV && t.o.format != DVK_FORMAT_TSV)
            why = N_("--stats goes with -f csv or -f tsv");
        if (why)
            st = cli_usage_error(self->name, "%s", _(why));
    }
    if (st < 0) {
        struct cli_visitor v = {.open = on_open, .row = on_row, .close = on_close, .ctx = &t,
                                .fork = trend_fork, .join = trend_join, .drop = trend_drop};
        st = cli_run_grouped(&t.o, &t.g, &v, write_output);
    }
    if (t.series != t.total)
        dvk_series_free(t.series);
    dvk_series_free(t.total);
    dvk_expr_free(t.num_expr);
    dvk_expr_free(t.den_expr);
    free(t.time_name);
    free(t.value_name);
    free(t.wide_cols);
    free(t.wide_years);
    cli_grouping_free(&t.g);
    return st;
}
