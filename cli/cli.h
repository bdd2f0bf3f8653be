/* cli.h: what the commands of the dvkstat program share.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_CLI_H
#define DVK_CLI_H

#include <getopt.h>
#include <stddef.h>
#include <dvkstat.h>

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
    int skip_bad_rows;
    const char *rejects;
    int decimal_comma;
    int format;              /* enum dvk_format; the caller sets the default */
    const char *output;
    int bom;
    int no_sanitize;
    int quiet;
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
};

/* Read every input of O, calling V.  Prints errors, writes rejected rows,
 * prints the closing count with --skip-bad-rows.  Returns an exit status. */
int cli_read_inputs(const struct cli_options *o, const struct cli_visitor *v);

/* Print "dvkstat: FILE:LINE:COL: message" and the hint of a reader error. */
void cli_report_reader(const dvk_reader *r);
/* Print "dvkstat: message" (printf style). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The exit status for a library status. */
int cli_exit_status(int status);

/* A writer for O's format and output, opened; NULL after printing why. */
dvk_writer *cli_open_writer(const struct cli_options *o, unsigned extra_flags);
/* Commit and free W; returns an exit status. */
int cli_finish_writer(dvk_writer *w, int status);

/* The help text of the options every reading command takes. */
extern const char cli_common_help[];

/* The commands. */
int cmd_clean(int argc, char **argv);
int cmd_summary(int argc, char **argv);
int cmd_trend(int argc, char **argv);

#endif
