/* trend.h: what cmd-trend.c (options, reading) shares with trend-layout.c
 * (the series laid out) and trend-output.c (written).
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
    struct cli_last_date last; /* a last year ending before December is partial */
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

/* One group's series and what is worked out from it. */
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

/* Every group's series over the same periods. */
struct layout {
    int kind;
    size_t nparts, ngroups, length;
    /* the periods the statistics read: all, or all but a partial last
     * year (its day and month, PARTIAL set, whether or not left out) */
    size_t whole;
    int partial;
    size_t partial_at;   /* the partial year's period index */
    long first;
    double *t;
    struct group_series *groups;
};

/* Every group's series over the same periods, with its statistics and
 * forecast (trend-layout.c): an exit status, L freed by
 * trend_free_layout() either way. */
int trend_build_layout(struct trend *t, struct layout *l);
void trend_free_layout(struct layout *l);
/* A series' verdict in words. */
void trend_verdict(const struct trend *t, const struct layout *l,
                   const struct group_series *s, char *buf, size_t size);

#endif
