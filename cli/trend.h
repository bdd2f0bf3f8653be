/* trend.h: what cmd-trend.c (options, reading) shares with trend-output.c
 * (the series laid out and written).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_CLI_TREND_H
#define DVK_CLI_TREND_H

#include "cli.h"

/* The sums kept per group and period. */
enum { V_COUNT, V_SUM, V_HAS, V_NUM, V_DEN, NVALUES };

struct trend {
    struct cli_options o;
    struct cli_grouping g;
    const char *time, *value, *num, *den, *from, *to;
    int period;
    long forecast;
    double alpha;
    int stats_only;
    size_t max_periods;  /* --max-periods (0: the library's) */
    int wide;                /* --wide */
    int compare;             /* --compare: enum dvk_change_base */
    int adjust;              /* --adjust: enum dvk_adjust_method */
    int include_partial;     /* --include-partial */
    /* the latest date of a date column (yyyymmdd, 0: none): a last year
     * that ends before December is partial */
    long last_date;
    size_t date_col;
    int has_date;
    /* the current file */
    size_t *wide_cols;       /* a wide table's year columns, and their years */
    long *wide_years;
    size_t nwide;
    dvk_series *series;
    size_t value_index;
    dvk_expr *num_expr, *den_expr;
    /* all files */
    unsigned long long rows, num_rows, den_rows; /* rows, and where --num, --den held */
    dvk_series *total;
    char *time_name;
    char *value_name;
};

/* Lay out the series of every group and write them in T's format: the
 * visitor's last step once every file is read.  Returns an exit status. */
int trend_write_output(void *ctx);

#endif
