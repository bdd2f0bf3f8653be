/* cmd-report.c: dvkstat report, the year-end summary in one document.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The report's sentences come from the message catalogue through a table,
 * so their formats are not literals here. */
#pragma GCC diagnostic ignored "-Wformat-nonliteral"

/* The report's words, Vietnamese first. */
enum {
    S_TITLE, S_SOURCE, S_TOTAL, S_BY_FIELD, S_FIELD, S_MODELS, S_SHARE,
    S_BY_LEVEL, S_LEVEL, S_MAINTAINED_H, S_MAINTAINED, S_REGISTERED, S_RATIO,
    S_LOW, S_HIGH, S_TOTAL_ROW, S_TEST, S_NO_TEST, S_TREND_H, S_YEAR_COUNT,
    S_VERDICT, S_FIELD_TRENDS, S_FIRST, S_LAST, S_COVERAGE_H, S_UNIT, S_STATUS,
    S_MET, S_BELOW, S_NOT_IN_ROSTER, S_COVERAGE, S_NO_STATUS, S_NO_YEAR,
    S_QUASI, S_POISSON, S_UP, S_DOWN, S_SAME, S_UP_FROM_NONE, S_SMALL, S_EXACT,
    S_NO_EXACT, S_MK_P, S_MK_P_ADJ, S_ADJUSTED, S_VS_REST, S_COMPARED, S_PARTIAL,
    S_PARTIAL_OUT, S_PARTIAL_IN, S_COUNT
};

static const char *const words[] = {
    [S_TITLE] = N_("“Dân vận khéo” movement report"),
    [S_SOURCE] = N_("Source: %s."),
    [S_TOTAL] = N_("Models and exemplars registered: %s (%s)."),
    [S_BY_FIELD] = N_("By field"),
    [S_FIELD] = N_("Field"),
    [S_MODELS] = N_("Models"),
    [S_SHARE] = N_("Share"),
    [S_BY_LEVEL] = N_("By level"),
    [S_LEVEL] = N_("Level"),
    [S_MAINTAINED_H] = N_("Maintained of registered"),
    [S_MAINTAINED] = N_("Maintained"),
    [S_REGISTERED] = N_("Registered"),
    [S_RATIO] = N_("Ratio"),
    /* xgettext:no-c-format */
    [S_LOW] = N_("95% low"),
    /* xgettext:no-c-format */
    [S_HIGH] = N_("95% high"),
    [S_TOTAL_ROW] = N_("Total"),
    [S_TEST] = N_("Chi-square test that the ratio is the same in every field: X² = %s, "
                  "df = %.0f: %s."),
    [S_NO_TEST] = N_("Too little data to test the difference between fields."),
    [S_TREND_H] = N_("Trend over time"),
    [S_YEAR_COUNT] = N_("Models"),
    [S_VERDICT] = N_("Verdict: %s."),
    [S_FIELD_TRENDS] = N_("Trend of each field"),
    [S_FIRST] = N_("First"),
    [S_LAST] = N_("Last"),
    [S_COVERAGE_H] = N_("Coverage"),
    [S_UNIT] = N_("Unit"),
    [S_STATUS] = N_("Status"),
    [S_MET] = N_("met"),
    [S_BELOW] = N_("below target"),
    [S_NOT_IN_ROSTER] = N_("not in roster"),
    [S_COVERAGE] = N_("%zu of %zu units (%s) registered at least %s."),
    [S_NO_STATUS] = N_("The status column '%s' says of no model whether it is maintained or "
                       "stopped, so maintained of registered is not shown (--maintained COND "
                       "says which rows are maintained)."),
    [S_NO_YEAR] = N_("no year"),
    [S_QUASI] = N_("Growth rate %s a year, 95%% interval %s to %s "
                   "(quasi-Poisson): the yearly counts vary %s times more than chance "
                   "alone would make them, so the Poisson interval (%s to %s) "
                   "would be too narrow."),
    [S_POISSON] = N_("Growth rate %s a year, 95%% interval %s to %s "
                     "(Poisson: the yearly counts vary no more than chance)."),
    [S_UP] = N_("%s: up %s models, %s on %s."),
    [S_DOWN] = N_("%s: down %s models, %s on %s."),
    [S_SAME] = N_("%s: as many models as in %s."),
    [S_UP_FROM_NONE] = N_("%s: up %s models on %s, which had none."),
    [S_SMALL] = N_("The chi-square approximation may be incorrect: %zu expected counts "
                   "are below 5, so Fisher's exact test is the one to read: %s."),
    [S_EXACT] = N_("Fisher's exact test: %s."),
    [S_NO_EXACT] = N_("Fisher's exact test is not computed: the table is too large for "
                      "the exact enumeration, and the chi-square test stands."),
    [S_MK_P] = N_("p"),
    [S_MK_P_ADJ] = N_("p adjusted (Holm)"),
    [S_ADJUSTED] = N_("The p-values are adjusted by Holm's method across the %zu fields, "
                      "so that a field is called increasing or decreasing only when its "
                      "trend stands out from chance across all of them; the verdicts use "
                      "the adjusted p."),
    [S_VS_REST] = N_("Compared with the other fields"),
    [S_COMPARED] = N_("Each field is compared with the other fields together (as R's "
                      "prop.test, correct = FALSE); the p-values are adjusted by Holm's "
                      "method across the %zu fields compared, and a field is called higher "
                      "or lower only when its adjusted p is below 0.05."),
    /* TRANSLATORS: a year whose register ends on day/month, "2022, to 30/6" */
    [S_PARTIAL] = N_("%s, to %d/%d"),
    [S_PARTIAL_OUT] = N_("The register's last date is %d/%d/%s, so %s is not a whole year: "
                         "it is left out of the trend and its verdict (--include-partial "
                         "puts it in)."),
    [S_PARTIAL_IN] = N_("The register's last date is %d/%d/%s, so %s is not a whole year; "
                        "the trend counts it as one (--include-partial)."),
};

struct report {
    struct cli_options o;
    struct cli_grouping g;
    const char *title, *field, *time, *status, *level, *maintained;
    const char *roster, *key, *roster_key;
    double min;
    size_t max_periods;  /* --max-periods (0: the library's) */
    int exact_units;
    int include_partial;           /* --include-partial */
    /* the last date a date column holds (yyyymmdd), 0: none */
    long last_date;
    size_t date_col;
    int has_date;
    /* the current file */
    size_t status_col, level_col, key_col;
    int has_status, has_level;
    size_t *mark_cols;             /* per-status columns ("Duy trì" / "Không duy trì") */
    int *mark_status;              /* each one's enum dvk_model_status */
    size_t nmarks;
    /* rows by what their status says (enum dvk_model_status), all files */
    unsigned long long by_status[5], double_marks;
    char *status_name;
    dvk_expr *maintained_expr;
    dvk_grouper *level_grouper, *key_grouper;
    /* all files */
    dvk_series *series, *total;   /* by field and period: count, maintained */
    dvk_agg *fields, *levels, *units;
    char *field_name, *level_name, *time_name;
    char **names;                  /* input file names */
    size_t nfiles;
};

static const char *W(int id)
{
    return _(words[id]);
}

enum { OPT_FIELD = 2000, OPT_TIME, OPT_STATUS, OPT_LEVEL, OPT_MAINTAINED,
       OPT_ROSTER, OPT_KEY, OPT_ROSTER_KEY, OPT_MIN, OPT_TITLE, OPT_MAX_PERIODS,
       OPT_EXACT_UNITS, OPT_INCLUDE_PARTIAL };

const struct cli_option cli_report_options[] = {
    CLI_TEXT(N_("Usage: dvkstat report -o FILE.html|FILE.md|FILE.xlsx [OPTION]... [FILE]...\n"
                 "The year-end summary of a register in one document: the total registered,\n"
                 "by field and by level, maintained of registered with 95% intervals and\n"
                 "the chi-square test, the trend over time with its verdict and each\n"
                 "field's, and coverage of a roster when one is given.  In Vietnamese\n"
                 "unless --lang en.  HTML is one self-contained page (inline CSS and SVG\n"
                 "charts); xlsx has a sheet per table with native charts.\n"
                 "\n"
                 "Columns are found by their headers when not named:\n")),
    CLI_OPTION("field", OPT_FIELD, N_("COL"), N_("the field (lĩnh vực)")),
    CLI_OPTION("time", OPT_TIME, N_("COL"), N_("the year or date of registration (năm, ngày …)")),
    CLI_OPTION("status", OPT_STATUS, N_("COL"), N_("the status (tình trạng, trạng thái)")),
    CLI_OPTION("level", OPT_LEVEL, N_("COL"), N_("the level (cấp)")),
    CLI_OPTION("maintained", OPT_MAINTAINED, N_("COND"), N_("which rows are maintained (default: a status\n"
                "holding \"duy trì\", \"hiệu quả\", \"đang thực hiện\"\n"
                "or \"hoạt động\", and no word of a stop (\"ngưng\",\n"
                "\"ngừng\", \"dừng\", \"thôi\", \"giải thể\", \"không\")\n"
                "or of \"chưa\"; or an x in a per-status column\n"
                "such as \"Duy trì\" / \"Không duy trì\")")),
    CLI_SHOWN("roster", OPT_ROSTER, "FILE", N_("--roster FILE, --key COL, --roster-key COL, --min N, --exact-units"), N_("coverage, as in dvkstat coverage")),
    CLI_HIDDEN("key", OPT_KEY, "COL"),
    CLI_HIDDEN("roster-key", OPT_ROSTER_KEY, "COL"),
    CLI_HIDDEN("min", OPT_MIN, "N"),
    CLI_HIDDEN("exact-units", OPT_EXACT_UNITS, NULL),
    CLI_OPTION("title", OPT_TITLE, N_("TEXT"), N_("the report's title")),
    CLI_OPTION("max-periods", OPT_MAX_PERIODS, N_("N"), N_("the most years a series may span (10000)")),
    CLI_OPTION("include-partial", OPT_INCLUDE_PARTIAL, NULL, N_("count a last year that the dates show to end\n"
                "before December in the trend (default: marked\n"
                "\"2022, to 30/6\" and left out of the verdict)")),
    /* before the common -f, which it stands for: a report is a document */
    CLI_OPTION("format", 'f', N_("FMT"), N_("html, md or xlsx (default: from the name given\n"
                "to -o)")),
    CLI_HIDDEN("by", OPT_BY, "COLS"), /* refused: not listed */
    CLI_MORE(cli_grouping_options),
    CLI_MORE(cli_common_options),
    CLI_TEXT(N_("\n"
                 "Example:\n"
                 "  dvkstat report --map fields.csv -o bao-cao.html models.csv\n")),
    CLI_END,
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct report *r = ctx;
    if (opt == OPT_BY) { /* cli_parse() then says where the help is */
        cli_error(_("report takes --field, not --by"));
        return EXIT_USAGE;
    }
    if (cli_grouping_option(&r->g, opt, arg))
        return 0;
    switch (opt) {
    case OPT_FIELD: r->field = arg; break;
    case OPT_TIME: r->time = arg; break;
    case OPT_STATUS: r->status = arg; break;
    case OPT_LEVEL: r->level = arg; break;
    case OPT_MAINTAINED: r->maintained = arg; break;
    case OPT_ROSTER: r->roster = arg; break;
    case OPT_KEY: r->key = arg; break;
    case OPT_ROSTER_KEY: r->roster_key = arg; break;
    case OPT_TITLE: r->title = arg; break;
    case OPT_MAX_PERIODS:
        if (cli_max_periods(arg, &r->max_periods))
            return EXIT_USAGE;
        break;
    case OPT_EXACT_UNITS: r->exact_units = 1; break;
    case OPT_INCLUDE_PARTIAL: r->include_partial = 1; break;
    case OPT_MIN: {
        char *end;
        r->min = strtod(arg, &end);
        if (*end || !(r->min >= 0)) {
            cli_error(_("--min takes a number of models, not '%s'"), arg);
            return EXIT_USAGE;
        }
        break;
    }
    }
    return 0;
}

/* The first column whose loose name is one of NAMES, or SIZE_MAX. */
/* A column named by an option, or else found by its header (the
 * library's vocabulary for ROLE). */
static int resolve(dvk_reader *rd, const char *given, int role, size_t *col, int *found)
{
    *found = 0;
    if (given) {
        int st = dvk_reader_find_column(rd, given, col);
        *found = st == DVK_OK;
        return st;
    }
    *found = dvk_reader_find_role(rd, role, col) == DVK_OK;
    return DVK_OK;
}

static int keep_name(char **slot, dvk_reader *rd, size_t col)
{
    if (*slot)
        return DVK_OK;
    *slot = strdup(dvk_reader_column_name(rd, col));
    return *slot ? DVK_OK : DVK_NOMEM;
}

/* A form may give each status its own column ("Duy trì" / "Không duy
 * trì", "Đang hoạt động" / "Ngừng hoạt động") and mark a model's with an
 * "x".  Such columns are found by what their headers say, when there is
 * one for a maintained model and one for a stop or "not yet". */
static int find_mark_columns(struct report *r, dvk_reader *rd)
{
    size_t n = dvk_reader_column_count(rd);
    free(r->mark_cols);
    free(r->mark_status);
    r->nmarks = 0;
    r->mark_cols = calloc(n ? n : 1, sizeof *r->mark_cols);
    r->mark_status = calloc(n ? n : 1, sizeof *r->mark_status);
    if (!r->mark_cols || !r->mark_status)
        return DVK_NOMEM;
    int kept = 0, other = 0;
    for (size_t i = 0; i < n; i++) {
        const char *name = dvk_reader_column_name(rd, i);
        int status;
        if (dvk_status_classify(name, strlen(name), &status) ||
            status == DVK_MODEL_UNKNOWN || status == DVK_MODEL_REGISTERED)
            continue;
        kept |= status == DVK_MODEL_MAINTAINED;
        other |= status != DVK_MODEL_MAINTAINED;
        r->mark_cols[r->nmarks] = i;
        r->mark_status[r->nmarks++] = status;
    }
    if (!kept || !other)
        r->nmarks = 0;
    if (r->nmarks)
        r->has_status = 1;
    return DVK_OK;
}

static int on_open(dvk_reader *rd, size_t file_index, void *ctx)
{
    struct report *r = ctx;
    size_t field_col;
    int has_field, st;
    if ((st = resolve(rd, r->field, DVK_ROLE_FIELD, &field_col, &has_field)) ||
        (st = resolve(rd, r->status, DVK_ROLE_STATUS, &r->status_col, &r->has_status)) ||
        (st = resolve(rd, r->level, DVK_ROLE_LEVEL, &r->level_col, &r->has_level)))
        return st;
    if (!has_field) {
        cli_error(_("%s: no field column found; name it with --field COL"), dvk_reader_name(rd));
        return -EXIT_USAGE;
    }
    char num[32];
    snprintf(num, sizeof num, "%zu", field_col + 1);
    const char *specs[] = {num};
    if ((st = cli_grouping_open(&r->g, rd, specs, 1)) || (st = keep_name(&r->field_name, rd, field_col)))
        return st;
    if (!r->status && !r->maintained && (st = find_mark_columns(r, rd)))
        return st;
    if (r->has_status && !r->status_name) {
        if (r->nmarks) {
            char buf[512];
            int n = 0;
            for (size_t i = 0; i < r->nmarks && n < (int)sizeof buf - 1; i++)
                n += snprintf(buf + n, sizeof buf - (size_t)n, "%s%s", i ? " / " : "",
                              dvk_reader_column_name(rd, r->mark_cols[i]));
            r->status_name = strdup(buf);
        } else {
            r->status_name = strdup(dvk_reader_column_name(rd, r->status_col));
        }
        if (!r->status_name)
            return DVK_NOMEM;
    }
    /* a column of dates ("Ngày đăng ký", "Date"): its last date tells
     * whether the last year is whole */
    r->has_date = 0;
    for (size_t i = 0; i < dvk_reader_column_count(rd) && !r->has_date; i++) {
        const char *name = dvk_reader_column_name(rd, i);
        if (strstr(name, "gày") || strcasestr(name, "date")) {
            r->date_col = i;
            r->has_date = 1;
        }
    }
    dvk_expr_free(r->maintained_expr);
    r->maintained_expr = NULL;
    if (r->maintained && (st = dvk_expr_new(rd, r->maintained, &r->maintained_expr)))
        return st;
    dvk_grouper_free(r->level_grouper);
    r->level_grouper = NULL;
    if (r->has_level) {
        snprintf(num, sizeof num, "%zu", r->level_col + 1);
        if ((st = dvk_grouper_new(rd, specs, 1, &r->level_grouper)) ||
            (st = keep_name(&r->level_name, rd, r->level_col)))
            return st;
    }
    dvk_grouper_free(r->key_grouper);
    r->key_grouper = NULL;
    if (r->roster) {
        const char *kspec[] = {r->key};
        if ((st = dvk_grouper_new(rd, kspec, 1, &r->key_grouper)))
            return st;
    }
    r->series = dvk_series_new_grouped(rd, r->time, DVK_PERIOD_AUTO, 1, 2);
    if (!r->series)
        return dvk_reader_errmsg(rd)[0] ? DVK_COLUMN : DVK_NOMEM;
    if (r->max_periods)
        dvk_series_set_max_periods(r->series, r->max_periods);
    if (!r->fields && !(r->fields = dvk_agg_new(1, 2)))
        return DVK_NOMEM;
    if (!r->levels && !(r->levels = dvk_agg_new(1, 1)))
        return DVK_NOMEM;
    if (!r->units && !(r->units = dvk_agg_new(1, 1)))
        return DVK_NOMEM;
    (void)file_index;
    return DVK_OK;
}

/* What the current row's status says (enum dvk_model_status), by the
 * library's rule: the status column's words, or the per-status column
 * that holds the mark. */
static int row_status(struct report *r, dvk_reader *rd, int *status)
{
    size_t len;
    const char *raw;
    int st;
    *status = DVK_MODEL_UNKNOWN;
    if (!r->nmarks) {
        raw = dvk_reader_field(rd, r->status_col, &len);
        return dvk_status_classify(raw, len, status);
    }
    int found = -1, marked;
    for (size_t i = 0; i < r->nmarks; i++) {
        raw = dvk_reader_field(rd, r->mark_cols[i], &len);
        if ((st = dvk_status_is_mark(raw, len, &marked)))
            return st;
        if (!marked)
            continue;
        if (found >= 0 && found != r->mark_status[i]) {
            r->double_marks++; /* two answers: neither is taken */
            return DVK_OK;
        }
        found = r->mark_status[i];
    }
    if (found >= 0)
        *status = found;
    return DVK_OK;
}

static int is_maintained(struct report *r, dvk_reader *rd, int *yes)
{
    *yes = 0;
    if (r->maintained_expr)
        return dvk_expr_eval(r->maintained_expr, rd, yes);
    if (!r->has_status)
        return DVK_OK;
    int status, st = row_status(r, rd, &status);
    if (st)
        return st;
    r->by_status[status]++;
    *yes = status == DVK_MODEL_MAINTAINED;
    return DVK_OK;
}

/* A date "dd/mm/yyyy" or "yyyy-mm-dd" as yyyymmdd, or 0. */
static long date_of(const char *s, size_t len)
{
    char buf[32];
    int d, m, y, n = 0;
    if (len >= sizeof buf)
        return 0;
    memcpy(buf, s, len);
    buf[len] = '\0';
    if (sscanf(buf, "%d/%d/%d%n", &d, &m, &y, &n) == 3 && n > 0)
        ;
    else if (sscanf(buf, "%d-%d-%d%n", &y, &m, &d, &n) == 3 && n > 0)
        ;
    else
        return 0;
    if (y < 1900 || y > 2100 || m < 1 || m > 12 || d < 1 || d > 31)
        return 0;
    return (long)y * 10000 + m * 100 + d;
}

static int on_row(dvk_reader *rd, void *ctx)
{
    struct report *r = ctx;
    double w;
    int skip, yes, st;
    if (r->has_date) {
        size_t len;
        const char *raw = dvk_reader_field(rd, r->date_col, &len);
        long d = raw ? date_of(raw, len) : 0;
        if (d > r->last_date)
            r->last_date = d;
    }
    if ((st = cli_grouping_weight(&r->g, rd, &w, &skip)) || skip)
        return st;
    if ((st = is_maintained(r, rd, &yes)))
        return st;
    double v[2] = {w, yes ? w : 0};
    const char *const *keys, *const *labels;
    if ((st = dvk_grouper_key(r->g.grouper, rd, &keys, &labels)) ||
        (st = dvk_series_add(r->series, rd, keys, labels, v)))
        return st;
    if ((st = dvk_grouper_key(r->g.grouper, rd, &keys, &labels)) ||
        dvk_agg_add(r->fields, keys, labels, v))
        return st ? st : DVK_NOMEM;
    if (r->level_grouper && (st = dvk_grouper_add(r->level_grouper, rd, r->levels, &w)))
        return st;
    if (r->key_grouper) {
        if ((st = dvk_grouper_key(r->key_grouper, rd, &keys, &labels)))
            return st;
        if (keys[0][0] && dvk_agg_add(r->units, keys, labels, &w))
            return DVK_NOMEM;
    }
    return DVK_OK;
}

static int on_close(dvk_reader *rd, size_t file_index, void *ctx)
{
    struct report *r = ctx;
    int st = dvk_series_finish(r->series, rd);
    if (st)
        return st;
    cli_series_notes(&r->o, rd, r->series);
    char **names = realloc(r->names, (r->nfiles + 1) * sizeof *names);
    if (!names || !(names[r->nfiles] = strdup(dvk_reader_name(rd))))
        return DVK_NOMEM;
    r->names = names;
    r->nfiles++;
    if (file_index == 0) {
        if (!(r->time_name = strdup(dvk_reader_column_name(rd, dvk_series_time_column(r->series)))))
            return DVK_NOMEM;
        r->total = r->series;
    } else {
        st = cli_series_merge(r->total, r->series);
        r->series = NULL;
        if (st)
            return st;
    }
    r->series = NULL;
    return DVK_OK;
}

/* A heading, then each group of A (in ORDER) with its count and share, a
 * total row and a bar chart. */
static void write_counts(dvk_writer *w, const char *heading, const dvk_agg *a,
                         const size_t *order, const char *name, double total)
{
    size_t n = dvk_agg_size(a);
    dvk_writer_heading(w, 2, heading);
    const char *names[] = {name, W(S_MODELS), W(S_SHARE)};
    dvk_writer_set_chart(w, DVK_CHART_BAR, 0, 1, n);
    dvk_writer_begin(w, 3, names);
    for (size_t i = 0; i < n; i++) {
        double v = dvk_agg_value(a, order[i], 0);
        dvk_writer_text(w, cli_label(DVK_FORMAT_HTML, dvk_agg_label(a, order[i], 0)), -1);
        dvk_writer_number(w, v, -1);
        dvk_writer_percent(w, v / total, 1);
        dvk_writer_end_row(w);
    }
    dvk_writer_text(w, W(S_TOTAL_ROW), -1);
    dvk_writer_number(w, total, -1);
    dvk_writer_percent(w, 1, 1);
    dvk_writer_end_row(w);
    dvk_writer_end(w);
}

static void write_fields(struct report *r, dvk_writer *w, double total)
{
    size_t n = dvk_agg_size(r->fields);
    size_t *order = cli_sort_groups(r->fields, 0, 0);
    if (!order)
        return;
    write_counts(w, W(S_BY_FIELD), r->fields, order, r->field_name, total);

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
    write_counts(w, W(S_BY_LEVEL), r->levels, order, r->level_name, total);
    free(order);
}

/* Whether the last year is partial: the register's last date (*DAY,
 * *MONTH) falls in it before December. */
static int partial_last(const struct report *r, int *day, int *month)
{
    size_t len = dvk_series_length(r->total);
    if (!len || !r->last_date)
        return 0;
    long year = dvk_series_time(r->total, len - 1);
    *day = (int)(r->last_date % 100);
    *month = (int)(r->last_date / 100 % 100);
    return r->last_date / 10000 == year && *month < 12;
}

/* The label of year T, marked "2022, to 30/6" when it is the partial
 * last one. */
static void year_label(const struct report *r, long t, char *buf, size_t size)
{
    char y[64];
    int d, m;
    size_t len = dvk_series_length(r->total);
    dvk_time_format(t, DVK_PERIOD_AUTO, y, sizeof y);
    if (len && t == dvk_series_time(r->total, len - 1) && partial_last(r, &d, &m))
        snprintf(buf, size, W(S_PARTIAL), y, d, m);
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
    int pday, pmonth, partial = partial_last(r, &pday, &pmonth);
    size_t tlen = partial && !r->include_partial ? len - 1 : len;
    if (partial) {
        char yl[64], yr[24];
        dvk_time_format(first + (long)len - 1, DVK_PERIOD_AUTO, yl, sizeof yl);
        snprintf(yr, sizeof yr, "%ld", r->last_date / 10000);
        snprintf(buf, sizeof buf, W(r->include_partial ? S_PARTIAL_IN : S_PARTIAL_OUT), pday,
                 pmonth, yr, yl);
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

static int write_report(void *ctx)
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

static int format_of(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return -1;
    if (strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0)
        return DVK_FORMAT_HTML;
    if (strcmp(dot, ".md") == 0)
        return DVK_FORMAT_MD;
    if (strcmp(dot, ".xlsx") == 0)
        return DVK_FORMAT_XLSX;
    return -1;
}

int cmd_report(int argc, char **argv, const struct cli_command *self)
{
    struct report r = {0};
    r.o.format = -1;
    r.min = 1;
    int st = cli_parse(argc, argv, &r.o, self, handle, &r);
    if (st < 0 && !r.o.output)
        st = cli_usage_error(self->name, _("report needs -o FILE.html, FILE.md or FILE.xlsx"));
    if (st < 0 && r.o.format < 0 && (r.o.format = format_of(r.o.output)) < 0)
        st = cli_usage_error(self->name, _("cannot tell the format of '%s': end it in .html, "
                             ".md or .xlsx, or give -f"), r.o.output);
    if (st < 0 && r.roster && !r.key)
        st = cli_usage_error(self->name, _("--roster goes with --key COL"));
    /* A report is in Vietnamese unless told; its usage errors, like every
     * command's, are in the locale's language. */
    if (st < 0 && !r.o.lang)
        cli_set_language("vi");
    if (st < 0) {
        struct cli_visitor v = {.open = on_open, .row = on_row, .close = on_close, .ctx = &r};
        st = cli_run_grouped(&r.o, &r.g, &v, write_report);
    }
    if (r.series != r.total)
        dvk_series_free(r.series);
    dvk_series_free(r.total);
    dvk_agg_free(r.fields);
    dvk_agg_free(r.levels);
    dvk_agg_free(r.units);
    dvk_expr_free(r.maintained_expr);
    dvk_grouper_free(r.level_grouper);
    dvk_grouper_free(r.key_grouper);
    free(r.field_name);
    free(r.level_name);
    free(r.status_name);
    free(r.mark_cols);
    free(r.mark_status);
    free(r.time_name);
    for (size_t i = 0; i < r.nfiles; i++)
        free(r.names[i]);
    free(r.names);
    cli_grouping_free(&r.g);
    return st;
}
