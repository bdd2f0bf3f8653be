/* cli.h: what the commands of the dvkstat program share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_CLI_H
#define DVK_CLI_H

#include <getopt.h>
#include <libintl.h>
#include <stddef.h>
#include <dvkstat.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Use language LANG ("vi", "en") for messages and labels, whatever the
 * locale says. */
void cli_set_language(const char *lang);

/* Exit statuses (§6 of the spec). */
enum { EXIT_OK = 0, EXIT_DATA = 1, EXIT_USAGE = 2 };

/* Options every reading command takes. */
struct cli_options {
    const char *command;
    const char *encoding;
    int delimiter;           /* 0: sniff */
    int no_header;
    const char **where;
    size_t nwhere;
    const char **fill;       /* --fill-down columns (in where's allocation) */
    size_t nfill;
    int skip_bad_rows;
    const char *rejects;
    int decimal_comma;
    int format;              /* enum dvk_format; the caller sets the default */
    const char *output;
    int bom;
    int no_sanitize;
    int quiet;
    const char *lang;        /* --lang */
    long jobs;               /* --jobs: threads per file (0: as the file and machine allow) */
    long skip_lines;         /* --skip-lines (-1: find a title above the header) */
    int keep_totals;         /* --keep-total-rows */
    const char *sheet;       /* --sheet: a workbook's sheet, by name or number */
    char **files;
    size_t nfiles;
};

/* A command's own options: getopt_long entries with a handler. */
struct cli_command_options {
    const struct option *longopts;   /* ends with a zero entry */
    /* Called for each option of LONGOPTS with getopt's value and optarg;
     * returns 0, or EXIT_USAGE after printing a message. */
    int (*handle)(int opt, const char *arg, void *ctx);
    void *ctx;
};

/* Parse ARGV of COMMAND: common options, the command's, and files (none:
 * standard input).  USAGE prints the command's help.  Returns -1 to go on,
 * or an exit status (help printed, or a usage error). */
/* Give reader R the reader options of O: the same for every reader of a
 * run (inputs, --map, --roster), except those that describe the table of
 * the inputs (--no-header, --skip-lines), which INPUT adds. */
int cli_reader_setup(dvk_reader *r, const struct cli_options *o, int input);

int cli_parse(int argc, char **argv, struct cli_options *o,
              const struct cli_command_options *extra,
              void (*usage)(void));

/* What a command does with the input, file by file. */
struct cli_visitor {
    /* After each file is opened: resolve columns etc.  Returns DVK_OK, a
     * status whose message is on the reader, or minus an exit status for
     * an error the command has reported itself.  Likewise CLOSE. */
    int (*open)(dvk_reader *r, size_t file_index, void *ctx);
    /* For each row that passed the filters.  A row error is handled like a
     * reader's (rejected with --skip-bad-rows). */
    int (*row)(dvk_reader *r, void *ctx);
    /* After each file is read to its end (may be NULL). */
    int (*close)(dvk_reader *r, size_t file_index, void *ctx);
    void *ctx;
    /* Reading a large file with two threads (all NULL: one thread).  FORK
     * makes an empty context like CTX for the second part of a file, which
     * OPEN and ROW then see as they see CTX (from another thread); JOIN
     * adds a part's results into CTX (the rows of the part follow CTX's);
     * DROP frees it. */
    void *(*fork)(void *ctx);
    int (*join)(void *ctx, void *part);
    void (*drop)(void *part);
};

/* Read every input of O, calling V.  Prints errors, writes rejected rows,
 * prints the closing count with --skip-bad-rows.  Returns an exit status. */
int cli_read_inputs(const struct cli_options *o, const struct cli_visitor *v);

/* Print "dvkstat: FILE:LINE:COL: message" and the hint of a reader error. */
void cli_report_reader(const dvk_reader *r);
/* Set *OUT to VALUES[i] where ARG is NAMES[i] (N of them); else print
 * "OPTION takes a, b or c, not 'ARG'" and return EXIT_USAGE. */
int cli_choice(const char *option, const char *arg, const char *const *names,
               const int *values, size_t n, int *out);
/* Print a usage error of COMMAND and the line that points to its help;
 * returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Print "dvkstat: message" (printf style). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The exit status for a library status. */
int cli_exit_status(int status);

/* A writer for O's format and output, opened; NULL after printing why. */
dvk_writer *cli_open_writer(const struct cli_options *o, unsigned extra_flags);
/* Commit and free W; returns an exit status. */
int cli_finish_writer(dvk_writer *w, int status);

/* Before anything is read: drop a file named twice (same device and
 * inode) with a note, and refuse -o or --rejects naming an input or the
 * same file (exit 2) or in a directory that is missing or cannot be
 * written (exit 1).  -1 to go on, or an exit status after a message. */
int cli_check_files(struct cli_options *o);
/* Handlers of SIGINT, SIGTERM, SIGHUP and SIGPIPE that unlink the
 * registered temporary files and die of the signal. */
void cli_install_signal_handlers(void);
/* Register W's temporary file for removal on a signal, and forget it
 * once W is committed or freed. */
void cli_temp_register(const dvk_writer *w);
void cli_temp_forget(const dvk_writer *w);
/* Say that stale temporary files beside PATH were removed, if any. */
void cli_note_stale(const struct cli_options *o, const dvk_writer *w, const char *path);
/* Flush and close standard output and error at exit; a failure turns
 * STATUS 0 into 1 with "write error: reason".  Returns the exit status. */
int cli_close_stdout(int status);

/* Grouping options shared by count, crosstab, ratio and coverage. */
struct cli_grouping {
    const char **by;          /* --by, repeatable */
    size_t nby;
    const char *map_file;     /* --map */
    int strict_map;           /* --strict-map */
    const char *weight;       /* --weight */
    int decimal_comma;        /* how the weight's numbers are written */
    const char *const *fill;  /* --fill-down columns */
    size_t nfill;
    dvk_aliases *aliases;
    /* the current file */
    dvk_grouper *grouper;
    size_t weight_col;
    unsigned long long no_weight;   /* rows skipped for an empty weight */
    char **names;             /* the first file's names of the columns */
    size_t nnames;
    unsigned char *filled;    /* per name: the column is filled down */
};

enum { OPT_BY = 1500, OPT_MAP, OPT_STRICT_MAP, OPT_WEIGHT };
#define CLI_GROUPING_LONGOPTS \
    {"by", required_argument, NULL, OPT_BY}, \
    {"map", required_argument, NULL, OPT_MAP}, \
    {"strict-map", no_argument, NULL, OPT_STRICT_MAP}, \
    {"weight", required_argument, NULL, OPT_WEIGHT}
extern const char *const cli_grouping_help;

/* Take a grouping option; 1 if OPT was one, 0 if not. */
int cli_grouping_option(struct cli_grouping *g, int opt, const char *arg, int argc);
/* Load the --map file (with O's input settings).  Returns an exit status,
 * or -1 to go on. */
int cli_grouping_load(struct cli_grouping *g, const struct cli_options *o);
/* For each file: the grouper over SPECS (the --by columns unless given),
 * the weight column.  The first file's column names are kept. */
int cli_grouping_open(struct cli_grouping *g, dvk_reader *r,
                      const char *const *specs, size_t nspecs);
/* The current row's weight: 1, or the --weight column's value.  Sets
 * *SKIP for an empty weight (the row is counted in no_weight). */
int cli_grouping_weight(struct cli_grouping *g, dvk_reader *r, double *w, int *skip);
/* Add the current row (its weight) to the group table A: the row callback
 * of the commands that only count. */
int cli_grouping_add_row(struct cli_grouping *g, dvk_reader *r, dvk_agg *a);
/* Read the units of the roster at PATH in order, each once: its column is
 * ROSTER_KEY, or the one whose values best name the units of DATA_UNITS
 * (the data's table of units, key part 0; may be NULL), never a column of
 * serial numbers (said on standard error).  UNIT(key, label, ctx) is
 * called for each.  Returns an exit status, or -1 to go on. */
int cli_roster_read(const struct cli_options *o, const char *path, const char *key,
                    const char *roster_key, const dvk_agg *data_units,
                    int (*unit)(const char *key, const char *label, void *ctx), void *ctx);
/* Match unit names A[0, NA) and B[0, NB) whatever kind prefix either
 * writes: *CANON_A and *CANON_B get a key per name (*CANON_B points into
 * the array of *CANON_A; free its NA + NB strings and *CANON_A), equal
 * for the same unit.  A name without a kind whose namesakes have two
 * kinds is an error naming --exact-units; EXACT compares names as
 * written.  Returns an exit status, or -1 to go on. */
int cli_units_match(const char *const *a, size_t na, const char *const *b, size_t nb,
                    int exact, char ***canon_a, char ***canon_b);
/* After dvk_series_finish() on R: say how many rows had no time (left out
 * of the series) and how many Excel day numbers were read as dates. */
void cli_series_notes(const struct cli_options *o, dvk_reader *r, const dvk_series *s);
/* Say how many rows had no weight, if any. */
void cli_grouping_note(const struct cli_grouping *g, const struct cli_options *o);
void cli_grouping_free(struct cli_grouping *g);
/* For a second thread: a grouping with G's settings, sharing its aliases
 * (which it does not free), and no file open. */
int cli_grouping_fork(const struct cli_grouping *g, struct cli_grouping *part);
/* Add a part's rows without weight and its table PART_TABLE (may be NULL)
 * into G and TABLE; free a part's grouping and table. */
int cli_grouping_join(struct cli_grouping *g, dvk_agg *table,
                      struct cli_grouping *part, const dvk_agg *part_table);
void cli_grouping_drop(struct cli_grouping *part, dvk_agg *part_table);
/* The run of a grouping command: load the --map, read every input with V,
 * note rows without weight, and on success call WRITE(CTX).  Returns an
 * exit status. */
int cli_run_grouped(struct cli_options *o, struct cli_grouping *g,
                    const struct cli_visitor *v, int (*write)(void *ctx));

/* Order group indices of A for output: by value V descending (ties by
 * label), or by label ("natural": numbers by value). */
size_t *cli_sort_groups(const dvk_agg *a, int by_label, size_t value);
/* A group's label as shown: an empty value reads "(empty)" in the formats
 * people read (table, md, xlsx, html; FORMAT is enum dvk_format), and
 * stays empty in CSV, TSV and JSON. */
const char *cli_label(int format, const char *label);
/* When a grouping column's (empty) group holds anything, say so and
 * suggest --fill-down (merged cells in the spreadsheet), unless that
 * column is filled down already or O is quiet.  VALUE is A's count. */
void cli_note_empty(const struct cli_options *o, const struct cli_grouping *g,
                    const dvk_agg *a, size_t value);
/* Compare two labels naturally: numbers by value, text by bytes. */
int cli_compare_labels(const char *x, const char *y);

/* A trend's direction as JSON gives it ("increasing", "decreasing", "no
 * trend"; untranslated, for _()). */
const char *cli_trend_direction(int direction);
/* The one-line verdict of a series, in the user's language: "increasing,
 * about +7.7 % a year, p = 0.024", or why there is none.  KIND is enum
 * dvk_trend_kind, PERIOD enum dvk_period. */
void cli_trend_verdict(const struct dvk_trend_stats *st, int kind, int period,
                       char *buf, size_t size);
/* The quasi-Poisson fit of the count series Y at times T (0.95), *QP all
 * NaN where it has none; nonzero when it is the honest interval: the
 * dispersion exceeds 1. */
int cli_trend_quasi(const double *t, const double *y, size_t n,
                    struct dvk_quasipoisson *qp);
/* Append to a verdict in BUF which interval it rests on, when the counts
 * vary more than chance: " (quasi-Poisson: the counts vary 3.4 times more
 * than chance)". */
void cli_trend_verdict_quasi(const struct dvk_trend_stats *st,
                             const struct dvk_quasipoisson *qp, char *buf, size_t size);

/* Parse --max-periods ARG into *OUT; EXIT_USAGE after a message. */
int cli_max_periods(const char *arg, size_t *out);
/* Merge the series SRC of a further file into DST (freeing SRC), saying
 * when the periods of all files together span more than the limit.
 * DVK_OK, or minus an exit status after a message. */
int cli_series_merge(dvk_series *dst, dvk_series *src);

/* The help text of the options every reading command takes. */
extern const char *const cli_common_help;

/* The commands. */
int cmd_clean(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_trend(int argc, char **argv);
int cmd_count(int argc, char **argv);
int cmd_crosstab(int argc, char **argv);
int cmd_ratio(int argc, char **argv);
int cmd_coverage(int argc, char **argv);
int cmd_report(int argc, char **argv);

#endif
