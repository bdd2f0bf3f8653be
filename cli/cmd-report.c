/* cmd-report.c: dvkstat report, the year-end summary in one document:
 * its options and the reading of the register (report-write.c writes it).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "report.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    [S_STT] = N_("No."),
};

const char *report_word(int id)
{
    return _(words[id]);
}


enum { OPT_FIELD = 2000, OPT_TIME, OPT_STATUS, OPT_LEVEL, OPT_MAINTAINED,
       OPT_ROSTER, OPT_KEY, OPT_ROSTER_KEY, OPT_MIN, OPT_TITLE, OPT_MAX_PERIODS,
       OPT_EXACT_UNITS, OPT_INCLUDE_PARTIAL };

const struct cli_option cli_report_options[] = {
    /* xgettext:no-c-format */
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
    CLI_OPTION("form", OPT_M_FORM, NULL, N_("lay the by-field and by-level tables out as a\n"
                "form: an STT column and the row of column\n"
                "numbers (1) (2) (3) under the header")),
    CLI_MORE(cli_report_measure_options),
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
    cli_last_date_open(&r->last, rd);
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
    /* by field: the count and the maintained, and the measures asked for */
    if (!r->fields && !(r->fields = cli_grouping_table(&r->g, 2)))
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

static int on_row(dvk_reader *rd, void *ctx)
{
    struct report *r = ctx;
    double w;
    int skip, yes, st;
    cli_last_date_row(&r->last, rd);
    if ((st = cli_grouping_weight(&r->g, rd, &w, &skip)) || skip)
        return st;
    if ((st = is_maintained(r, rd, &yes)))
        return st;
    double v[2] = {w, yes ? w : 0};
    const char *const *keys, *const *labels;
    if ((st = dvk_grouper_key(r->g.grouper, rd, &keys, &labels)) ||
        (st = dvk_series_add(r->series, rd, keys, labels, v)))
        return st;
    if ((st = cli_grouping_add_values(&r->g, rd, r->fields, v)))
        return st;
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

/* The second half of a large file, read by another thread: the settings
 * and the names found in the header copied (the whole's, not freed with
 * the part), a series, tables, expressions and groupers of its own (made
 * by on_open). */
static void *report_fork(void *ctx)
{
    const struct report *r = ctx;
    struct report *part = malloc(sizeof *part);
    if (!part)
        return NULL;
    *part = *r;
    part->series = part->total = NULL;
    part->fields = part->levels = part->units = NULL;
    part->maintained_expr = NULL;
    part->level_grouper = part->key_grouper = NULL;
    part->mark_cols = NULL;
    part->mark_status = NULL;
    part->nmarks = 0;
    memset(part->by_status, 0, sizeof part->by_status);
    part->double_marks = 0;
    part->last.date = 0;
    part->names = NULL;
    part->nfiles = 0;
    if (cli_grouping_fork(&r->g, &part->g)) {
        free(part);
        return NULL;
    }
    return part;
}

static void report_drop(void *ctx)
{
    struct report *part = ctx;
    dvk_series_free(part->series);
    dvk_agg_free(part->fields);
    dvk_agg_free(part->levels);
    dvk_agg_free(part->units);
    dvk_expr_free(part->maintained_expr);
    dvk_grouper_free(part->level_grouper);
    dvk_grouper_free(part->key_grouper);
    free(part->mark_cols);
    free(part->mark_status);
    cli_grouping_drop(&part->g);
    free(part);
}

/* The part's rows follow the whole's: its series joined (a series the
 * halves read differently is read again by the first thread), its tables
 * merged, its counts added. */
static int report_join(void *ctx, void *part_ctx)
{
    struct report *r = ctx;
    const struct report *part = part_ctx;
    int st = dvk_series_join(r->series, part->series);
    if (st == DVK_VALUE)
        return CLI_PART_REREAD;
    if (st || (st = dvk_agg_merge(r->fields, part->fields)) ||
        (st = dvk_agg_merge(r->levels, part->levels)) ||
        (st = dvk_agg_merge(r->units, part->units)))
        return st;
    cli_grouping_join(&r->g, &part->g);
    for (size_t i = 0; i < sizeof r->by_status / sizeof *r->by_status; i++)
        r->by_status[i] += part->by_status[i];
    r->double_marks += part->double_marks;
    if (part->last.date > r->last.date)
        r->last.date = part->last.date;
    return DVK_OK;
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
        struct cli_visitor v = {.open = on_open, .row = on_row, .close = on_close, .ctx = &r,
                                .fork = report_fork, .join = report_join,
                                .drop = report_drop};
        st = cli_run_grouped(&r.o, &r.g, &v, report_write);
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
