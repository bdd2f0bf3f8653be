/* report.h: what the report's reading and writing halves share.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cmd-report.c reads the register into a struct report (options, the
 * columns found, the tables and series); report-write.c writes the document
 * from it, section by section.  Neither half needs the other's insides. */
#ifndef DVKSTAT_REPORT_H
#define DVKSTAT_REPORT_H

#include "cli.h"

/* The report's words, Vietnamese first. */
enum {
    S_TITLE, S_SOURCE, S_TOTAL, S_BY_FIELD, S_FIELD, S_MODELS, S_SHARE,
    S_BY_LEVEL, S_LEVEL, S_MAINTAINED_H, S_MAINTAINED, S_REGISTERED, S_RATIO,
    S_LOW, S_HIGH, S_TOTAL_ROW, S_TEST, S_NO_TEST, S_TREND_H, S_YEAR_COUNT,
    S_VERDICT, S_FIELD_TRENDS, S_FIRST, S_LAST, S_COVERAGE_H, S_UNIT, S_STATUS,
    S_MET, S_BELOW, S_NOT_IN_ROSTER, S_COVERAGE, S_NO_STATUS, S_NO_YEAR,
    S_QUASI, S_POISSON, S_UP, S_DOWN, S_SAME, S_UP_FROM_NONE, S_SMALL, S_EXACT,
    S_NO_EXACT, S_MK_P, S_MK_P_ADJ, S_ADJUSTED, S_VS_REST, S_COMPARED, S_STT, S_COUNT
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
    struct cli_last_date last; /* a last year ending before December is partial */
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

/* The report's word ID in the output's language. */
const char *report_word(int id);

/* Writes the whole document; the run's write step (cli_run_grouped). */
int report_write(void *ctx);

#endif
