/* cli.h: what the commands of the dvkstat program share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_CLI_H
#define DVK_CLI_H

#include <getopt.h>
#include <libintl.h>
#include <stddef.h>
#include <stdio.h>
#include <dvkstat.h>

#define _(s) gettext(s)
#define N_(s) (s)

/* Use language LANG ("vi", "en") for messages and labels, whatever the
 * locale says. */
void cli_set_language(const char *lang);
/* Bind the message catalogue (cli/main.c): DVKSTAT_LOCALEDIR, the
 * installed one, or one beside the program; cli_catalogue_dir names the
 * directory that holds it, NULL when none does. */
void cli_bind_catalogue(void);
extern const char *cli_catalogue_dir;
/* Warn, once, when the messages are asked in Vietnamese and no catalogue
 * was found: they would come out in English with no word why. */
void cli_check_catalogue(void);
/* Whether this run's messages and labels are Vietnamese (--lang vi, or a
 * Vietnamese locale). */
int cli_output_vi(void);
/* The convention of the figures written for people: DVK_FIGURE_VI when
 * --decimal-comma is given, or the output is Vietnamese and
 * --decimal-point is not; else 0 (English). */
unsigned cli_figures(void);
/* X written so (dvk_figure_format()) into BUF, which it returns; FLAGS
 * are added to cli_figures()'. */
const char *cli_fig(char *buf, size_t size, double x, int decimals, unsigned flags);
/* A test's p-value in words at the 5% level, the figure beside: "a
 * statistically significant difference (p = 0.003)". */
const char *cli_p_words(char *buf, size_t size, double p);

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
    int decimal_comma;       /* DVK_DECIMAL_*: --decimal-comma, --decimal-point */
    int format;              /* enum dvk_format; the caller sets the default */
    const char *output;
    int bom;
    int no_sanitize;
    int quiet;
    const char *lang;        /* --lang */
    long jobs;               /* --jobs: threads per file (0: as the file and machine allow) */
    long skip_lines;         /* --skip-lines (-1: find a title above the header) */
    int keep_totals;         /* --keep-subtotals (--keep-total-rows) */
    unsigned keep;           /* --keep-sections, --keep-notes, --no-fill-down */
    long header_rows;        /* --header-rows N; 0: found */
    const char *sheet;       /* --sheet: a workbook's sheet, by name or number */
    char **files;
    size_t nfiles;
};

/* An option, declared once: how getopt_long takes it and how --help
 * shows it (cli/options.c).  A table ends with CLI_END. */
struct cli_option {
    const char *name;     /* the long name; NULL for a line of help or MORE */
    int key;              /* getopt_long's value; a letter is the short option too */
    const char *arg;      /* the name of its value, N_("COL"); NULL: it takes none */
    const char *help;     /* N_(); its lines after the first go under it.  NULL:
                           * not shown (said with the option before it) */
    const char *shown;    /* N_(): the option as shown, when not "--NAME ARG" */
    const struct cli_option *more; /* options shared with other commands, shown here */
};
#define CLI_OPTION(name, key, arg, help) {name, key, arg, help, NULL, NULL}
#define CLI_SHOWN(name, key, arg, shown, help) {name, key, arg, help, shown, NULL}
#define CLI_HIDDEN(name, key, arg) {name, key, arg, NULL, NULL, NULL}
#define CLI_TEXT(text) {NULL, 0, NULL, text, NULL, NULL}
#define CLI_MORE(table) {NULL, 0, NULL, NULL, NULL, table}
#define CLI_END {NULL, 0, NULL, NULL, NULL, NULL}

/* A command: its name, its function, a line for 'dvkstat --help', and its
 * options (with the text of its --help around them). */
struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv, const struct cli_command *self);
    const char *summary;  /* N_() */
    const struct cli_option *options;
};

/* Write the help of TABLE, translated, to OUT. */
void cli_help(FILE *out, const struct cli_option *table);
/* getopt_long's table and option string for TABLE (free both). */
int cli_getopt_table(const struct cli_option *table, struct option **longopts, char **optstring);

/* The options every reading command takes (cli/common.c) and those of the
 * commands that group rows (cli/group.c). */
extern const struct cli_option cli_common_options[], cli_grouping_options[];

/* Handle a command's own option KEY (its value ARG); returns 0, or
 * EXIT_USAGE after printing a message. */
typedef int cli_option_handler(int key, const char *arg, void *ctx);

/* Give reader R the reader options of O: the same for every reader of a
 * run (inputs, --map, --roster), except those that describe the table of
 * the inputs (--no-header, --skip-lines), which INPUT adds. */
void cli_layout_rows(const dvk_reader *r, unsigned long long rows[3]);
void cli_layout_notes(const dvk_reader *r, int rows, const unsigned long long *part);
int cli_reader_setup(dvk_reader *r, const struct cli_options *o, int input);

/* Parse ARGV of command SELF: the options of its table (the common ones
 * among them, taken into O; the command's own given to HANDLE with CTX),
 * and files (none: standard input).  --help prints the command's help.
 * Returns -1 to go on, or an exit status (help printed, or a usage
 * error). */

int cli_parse(int argc, char **argv, struct cli_options *o, const struct cli_command *self,
              cli_option_handler *handle, void *ctx);
/* Free what cli_parse() allocated (the --where and --fill-down lists):
 * the dispatcher's business, once the command has returned. */
void cli_options_release(void);

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
     * adds a part's results into CTX (the rows of the part follow CTX's):
     * 0, CLI_PART_REREAD when the part cannot be added (nothing was) and
     * the first thread must read its rows again, anything else for out of
     * memory; DROP frees it. */
    void *(*fork)(void *ctx);
    int (*join)(void *ctx, void *part);
    void (*drop)(void *part);
};

/* After a command's conditions CONDS[0, N) (--where, --num …) left it
 * nothing: read O's files again without filters and, for each condition
 * that holds on no row of any of them, say "no row matched" with the
 * closest values of its column.  EXIT_DATA when one held nowhere, -1 to
 * go on (each holds somewhere: the empty result is real; or the input is
 * standard input, which cannot be read twice). */
int cli_check_conditions(const struct cli_options *o, const char *const *conds, size_t n);

/* Read every input of O, calling V.  Prints errors, writes rejected rows,
 * prints the closing count with --skip-bad-rows.  Returns an exit status. */
int cli_read_inputs(const struct cli_options *o, const struct cli_visitor *v);
#define CLI_PART_REREAD (-1)

/* The two-thread read of a file (cli/parts.c).  cli_part_start() starts a
 * thread on the second half of R's file (file F) when V can fork and join
 * and the file is worth it (NULL: R reads it all), and R then stops where
 * the part starts (cli_part_offset()).  Once R is done, cli_part_join()
 * adds the part into V's context when its rows are the rest of the file
 * (1), or drops it and lets R read on to the end (0); -1: out of memory.
 * cli_part_reader() gives the part's reader, for its counts, until
 * cli_part_free(), which also stops a part still running. */
struct cli_part;
struct cli_part *cli_part_start(const struct cli_options *o, const struct cli_visitor *v,
                                dvk_reader *r, size_t f);
unsigned long long cli_part_offset(const struct cli_part *p);
int cli_part_join(struct cli_part *p, dvk_reader *r);
const dvk_reader *cli_part_reader(const struct cli_part *p);
void cli_part_free(struct cli_part *p, dvk_reader *r);

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
    /* measures, roll-up and levels (cli/measures.c) */
    struct cli_measure *measures; /* --sum … --count-if, in the order given */
    size_t nmeasures;
    size_t budget;            /* --measure-budget; 0: the library's */
    int rollup;               /* --rollup */
    int form;                 /* --form */
    const char *levels_file;  /* --levels */
    struct cli_levels *levels;
    /* the current file's measure columns and conditions, and a row's values */
    size_t *measure_col;
    dvk_expr **measure_expr;
    double *measure_values;
    const char **measure_texts;
    char **measure_bufs;      /* copies of the distinct texts: the reader's */
    size_t *measure_caps;     /* strings last only until its next call */
    char **measure_names;     /* the first file's names of their columns */
};

enum { OPT_BY = 1500, OPT_MAP, OPT_STRICT_MAP, OPT_WEIGHT };

/* A measure asked for on the command line. */
struct cli_measure {
    int kind;                 /* enum dvk_measure */
    const char *arg;          /* its column, or the condition of --count-if */
};

/* The options of measures, and of roll-up and levels (cli/measures.c),
 * taken by cli_grouping_option(); count's --form too. */
extern const struct cli_option cli_measure_options[], cli_rollup_options[];
/* The measures but --min and --max (report's --min is the roster's). */
extern const struct cli_option cli_report_measure_options[];
enum {
    OPT_M_SUM = 1550, OPT_M_MEAN, OPT_M_MEDIAN, OPT_M_MIN, OPT_M_MAX, OPT_M_DISTINCT, OPT_M_COUNT_IF,
    OPT_M_ROLLUP, OPT_M_LEVELS, OPT_M_FORM, OPT_M_MEASURE_BUDGET
};
int cli_measure_option(struct cli_grouping *g, int opt, const char *arg);
/* Load the --levels file; an exit status, or -1 to go on. */
int cli_levels_load(struct cli_grouping *g, const struct cli_options *o);
void cli_levels_free(struct cli_levels *l);
/* The heading of the parent units' column of the --levels file. */
const char *cli_levels_name(const struct cli_levels *l);
/* For each file: resolve the measures' columns and conditions (the first
 * file's names kept).  A reader status, or minus an exit status. */
int cli_measures_open(struct cli_grouping *g, dvk_reader *r);
/* The key parts of the grouping's table: the --by columns, and the parent
 * level first with --levels. */
size_t cli_grouping_parts(const struct cli_grouping *g);
/* A new table of the grouping's parts and NVALUES sums, with its measures;
 * NULL when out of memory. */
dvk_agg *cli_grouping_table(const struct cli_grouping *g, size_t nvalues);
/* Add R's current row with VALUES to A: its measures and its parent level
 * as the grouping says. */
int cli_grouping_add_values(struct cli_grouping *g, dvk_reader *r, dvk_agg *a,
                            const double *values);
/* Measure M's heading, in the user's language ("sum of Số hộ"). */
const char *cli_measure_heading(const struct cli_grouping *g, size_t m, char *buf, size_t size);
/* A form's row of column numbers, "(1)" to "(NCOLS)", under the header. */
void cli_write_column_numbers(dvk_writer *w, size_t ncols);
/* Write measure M of GROUP of A as a cell. */
void cli_write_measure(dvk_writer *w, const dvk_agg *a, size_t group, size_t m);
/* Say on standard error how many values each measure left out, and which
 * are estimates or could not be worked out (TOTAL: the grand total). */
void cli_measure_notes(const struct cli_options *o, const struct cli_grouping *g,
                       const dvk_agg *total);
/* JSON: "measures":[{…} per measure, with the whole's value and the number
 * left out], and a group's "measures":[values] and "left_out":[counts]. */
void cli_json_measures(dvk_json *j, const struct cli_grouping *g, const dvk_agg *total);
void cli_json_group_measures(dvk_json *j, const dvk_agg *a, size_t group);

/* The rows of a table in the report's order, with subtotals when rolled
 * up: LEVELS[k] is the table summed by its first k key parts (LEVELS[0]
 * the grand total, LEVELS[parts] the table itself, not owned). */
struct cli_row {
    size_t level;             /* key parts: the table's parts for a group */
    size_t group;             /* in LEVELS[level] */
};
struct cli_rollup {
    dvk_agg **levels;
    size_t parts;
    struct cli_row *rows;
    size_t nrows;
};
/* Lay out A's rows ordered as cli_sort_groups() orders each level; with
 * ROLLUP a subtotal row after each group of every outer level (a row of
 * level k < parts); the grand total is not among the rows.  With FORM_FIRST
 * the outermost level's subtotal comes before its groups (a form's section
 * row).  DVK_OK or DVK_NOMEM. */
int cli_rollup_make(struct cli_rollup *ru, const dvk_agg *a, int rollup, int by_label,
                    size_t value, int form_first);
void cli_rollup_free(struct cli_rollup *ru);
/* "I", "II" … for N from 1. */
void cli_roman(unsigned n, char *buf, size_t size);

/* Take a grouping option; 1 if OPT was one, 0 if not. */
int cli_grouping_option(struct cli_grouping *g, int opt, const char *arg);
/* The unit key of TEXT without its kind ("Xã Long Mai" -> "long mai"),
 * malloc'd, or NULL: how a register's unit meets a roster's or a levels
 * file's. */
char *cli_bare_unit(const char *text);
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
/* The run of a grouping command: load the --map, read every input with V,
 * note rows without weight, and on success call WRITE(CTX).  Returns an
 * exit status. */
int cli_run_grouped(struct cli_options *o, struct cli_grouping *g,
                    const struct cli_visitor *v, int (*write)(void *ctx));

/* JSON results: "by":[the grouping's column names]; "key":{name:label …}
 * of GROUP of A; a count or a total as it has always been printed (15
 * significant digits, where dvk_json_number() gives 17). */
void cli_json_by(dvk_json *j, const struct cli_grouping *g, size_t parts);
void cli_json_group_key(dvk_json *j, const struct cli_grouping *g, const dvk_agg *a,
                        size_t group, size_t parts);
void cli_json_count(dvk_json *j, double x);
/* The exit status of a JSON document written through J (NULL when it
 * could not be made), whose last call returned ST; frees J. */
int cli_json_finish(dvk_json *j, int st);

/* What count, crosstab, ratio and coverage share: the options, the
 * grouping and the table of groups.  Each command's struct starts with
 * one, so that the two-thread read (fork, join, drop) and the freeing are
 * written once. */
struct cli_tally {
    struct cli_options o;
    struct cli_grouping g;
    dvk_agg *agg;
    size_t size;   /* of the command's whole struct, copied by the fork */
    /* What the command's own fields need in a part (each may be NULL):
     * EMPTY clears in the copy what belongs to a file, JOIN adds a part's
     * own counts into T, FREE frees what T or a part holds (in a command
     * read in parts, only what EMPTY cleared: the rest is T's). */
    void (*empty)(struct cli_tally *part);
    void (*join)(struct cli_tally *t, const struct cli_tally *part);
    void (*free)(struct cli_tally *t);
};

/* The grouping of the second part of a file read by two threads: PART
 * gets G's settings and a grouper of its own once its reader is opened;
 * join adds the part's rows without weight into G; drop frees it.  For
 * commands whose context is not a struct cli_tally (trend). */
int cli_grouping_fork(const struct cli_grouping *g, struct cli_grouping *part);
void cli_grouping_join(struct cli_grouping *g, const struct cli_grouping *part);
void cli_grouping_drop(struct cli_grouping *part);

/* Free what T holds (not T itself). */
void cli_tally_free(struct cli_tally *t);
/* A tally command's run after cli_parse() gave ST: unless ST is an exit
 * status already, read every input into T (OPEN for each file, ROW for
 * each row; a large file in two parts when PARTS), then WRITE(T).  Frees
 * what T holds; returns the exit status. */
int cli_tally_run(struct cli_tally *t, int st, int (*open)(dvk_reader *r, size_t file, void *t),
                  int (*row)(dvk_reader *r, void *t), int parts, int (*write)(void *t));

/* Order group indices of A for output: by value V descending (ties by
 * label), or by label ("natural": numbers by value). */
size_t *cli_sort_groups(const dvk_agg *a, int by_label, size_t value);
/* T's output opened, and its groups ordered into *ORDER as
 * cli_sort_groups() orders them on value 0: NULL, said, when either
 * cannot be. */
dvk_writer *cli_tally_writer(const struct cli_tally *t, int by_label, size_t **order);
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

/* Each group against the rest of the groups together: the test of two
 * proportions, as R's prop.test(c(k, K - k), c(n, N - n), correct =
 * FALSE), its p adjusted across the groups tested by METHOD (enum
 * dvk_adjust_method, as p.adjust), and the direction on the adjusted p at
 * 0.05: a group is called higher or lower only when it stands out from
 * chance across all the comparisons made.  P and P_ADJUSTED are NaN where
 * there is no test (n = 0, or no rest).  DVK_OK or DVK_NOMEM. */
struct cli_comparison {
    double p, p_adjusted;
    int direction;        /* 1 higher, -1 lower, 0 no difference */
};
int cli_compare_rest(const double *k, const double *n, size_t groups, int method,
                     struct cli_comparison *out);
/* The direction as JSON gives it ("higher", "lower", "no difference"),
 * and the verdict in the user's language. */
const char *cli_comparison_direction(const struct cli_comparison *c);
const char *cli_comparison_verdict(const struct cli_comparison *c);

/* Parse --max-periods ARG into *OUT; EXIT_USAGE after a message. */
int cli_max_periods(const char *arg, size_t *out);

/* A register's last date (yyyymmdd, 0: none) from its date column
 * (DVK_ROLE_DATE), which tells whether its last year is whole: found by
 * cli_last_date_open() for each file, kept by cli_last_date_row(). */
struct cli_last_date {
    long date;
    size_t col;
    int has;
};
void cli_last_date_open(struct cli_last_date *d, dvk_reader *r);
void cli_last_date_row(struct cli_last_date *d, const dvk_reader *r);
/* A partial last year in words: its label "2022, to 17/6" (YEAR, the
 * last date's day and month), and the sentence under a verdict that says
 * it is left out of the trend, or COUNTED as a year. */
/* S with its first letter a capital, in place, as offices write headers
 * ("Sum of …", "Đầu kỳ"): ASCII letters and đ. */
void cli_capitalise(char *s);
const char *cli_partial_label(char *buf, size_t size, const char *year, long last_date);
void cli_partial_sentence(char *buf, size_t size, long last_date, int counted);
/* Merge the series SRC of a further file into DST (freeing SRC), saying
 * when the periods of all files together span more than the limit.
 * DVK_OK, or minus an exit status after a message. */
int cli_series_merge(dvk_series *dst, dvk_series *src);


/* The commands and their options. */
int cmd_clean(int argc, char **argv, const struct cli_command *self);
int cmd_summary(int argc, char **argv, const struct cli_command *self);
int cmd_trend(int argc, char **argv, const struct cli_command *self);
int cmd_count(int argc, char **argv, const struct cli_command *self);
int cmd_crosstab(int argc, char **argv, const struct cli_command *self);
int cmd_ratio(int argc, char **argv, const struct cli_command *self);
int cmd_coverage(int argc, char **argv, const struct cli_command *self);
int cmd_report(int argc, char **argv, const struct cli_command *self);
extern const struct cli_option cli_clean_options[], cli_summary_options[], cli_trend_options[],
    cli_count_options[], cli_crosstab_options[], cli_ratio_options[], cli_coverage_options[],
    cli_report_options[];

#endif
