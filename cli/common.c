/* common.c: option parsing, the input loop and messages for all commands.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *const cli_common_help = N_(
    "Input:\n"
    "      --encoding NAME   utf-8, utf-16le, utf-16be, windows-1258, tcvn3 …\n"
    "                        (default: detected)\n"
    "  -d, --delimiter C     field delimiter: ',' ';' tab '|' (default: sniffed)\n"
    "      --no-header       the first row is data; columns are named 1, 2, 3 …\n"
    "      --skip-lines N    skip N lines before the header (default: a title\n"
    "                        above the table, one cell a row, is found and skipped)\n"
    "      --keep-total-rows read a row that says only Tổng cộng, Tổng, Cộng or\n"
    "                        Total in a cell as data (default: it is left out)\n"
    "      --decimal-comma   numbers are written 1.234,5 (vi-VN)\n"
    "      --sheet NAME|N    the sheet of a workbook (.xlsx, .ods, .xls) to read,\n"
    "                        by name or number from 1 (default: the first\n"
    "                        visible sheet that holds a table)\n"
    "  -w, --where EXPR      keep rows where EXPR holds; repeatable, all must hold:\n"
    "                        COL=V  COL!=V  COL=V1|V2  COL>=N  COL<=N  COL>N  COL<N\n"
    "      --fill-down COL   an empty cell of COL takes the value above it (cells\n"
    "                        merged down in the spreadsheet); repeatable\n"
    "      --skip-bad-rows   set malformed rows aside instead of stopping\n"
    "      --rejects FILE    write the rows set aside to FILE, as they were read\n"
    "  -j, --jobs N          read a file with N threads, 1 or 2 (default: 2 for\n"
    "                        a UTF-8 file of 8 MiB or more, on two cores or more)\n"
    "Output:\n"
    "  -f, --format FMT      table, csv, tsv, json, md, or xlsx (with -o: numbers\n"
    "                        as numbers, shares as percentages, a chart)\n"
    "  -o, --output FILE     write to FILE (replaced only when all went well)\n"
    "      --bom             start CSV/TSV with a UTF-8 BOM (for Excel)\n"
    "      --no-sanitize     do not guard cells starting with = + - @ with '\n"
    "  -q, --quiet           no progress bar, notes or closing count on standard\n"
    "                        error (errors are still shown)\n"
    "      --lang vi|en      the language of labels and messages (default: the\n"
    "                        locale's)\n"
    "  -h, --help            show this help\n");

void cli_set_language(const char *lang)
{
    extern int _nl_msg_cat_cntr; /* glibc: makes gettext look again */
    setenv("LANGUAGE", lang, 1);
    /* In the C locale gettext ignores LANGUAGE; any other will do. */
    const char *now = setlocale(LC_MESSAGES, NULL);
    if (!now || strcmp(now, "C") == 0 || strcmp(now, "POSIX") == 0) {
        if (!setlocale(LC_MESSAGES, "vi_VN.UTF-8"))
            setlocale(LC_MESSAGES, "C.UTF-8");
    }
    ++_nl_msg_cat_cntr;
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("dvkstat: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

int cli_choice(const char *option, const char *arg, const char *const *names,
               const int *values, size_t n, int *out)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(arg, names[i]) == 0) {
            *out = values[i];
            return 0;
        }
    fprintf(stderr, _("dvkstat: %s takes "), option);
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, "%s%s", names[i], i + 2 < n ? ", " : i + 1 < n ? " or " : "");
    fprintf(stderr, _(", not '%s'\n"), arg);
    return EXIT_USAGE;
}

int cli_usage_error(const char *command, const char *fmt, ...)
{
    va_list ap;
    fputs("dvkstat: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, _("\nTry 'dvkstat %s --help' for more information.\n"), command);
    return EXIT_USAGE;
}

int cli_exit_status(int status)
{
    if (status == DVK_OK)
        return EXIT_OK;
    if (status == DVK_USAGE || status == DVK_COLUMN)
        return EXIT_USAGE;
    return EXIT_DATA;
}

void cli_report_reader(const dvk_reader *r)
{
    /* The place as the user finds it: LINE:COLUMN in a CSV file, the
     * sheet and the cell (Sheet1!C17) in a workbook. */
    char place[256];
    dvk_reader_error_place(r, place, sizeof place);
    const char *name = dvk_reader_name(r);
    if (place[0])
        fprintf(stderr, _("dvkstat: %s:%s: %s\n"), name, place, dvk_reader_errmsg(r));
    else if (name[0])
        fprintf(stderr, _("dvkstat: %s: %s\n"), name, dvk_reader_errmsg(r));
    else
        fprintf(stderr, _("dvkstat: %s\n"), dvk_reader_errmsg(r));
    const char *hint = dvk_reader_errhint(r);
    if (hint[0])
        fprintf(stderr, _("dvkstat: hint: %s\n"), hint);
}

enum {
    OPT_ENCODING = 1000, OPT_NO_HEADER, OPT_DECIMAL_COMMA, OPT_SKIP_BAD,
    OPT_REJECTS, OPT_BOM, OPT_NO_SANITIZE, OPT_LANG, OPT_SKIP_LINES, OPT_KEEP_TOTALS,
    OPT_FILL_DOWN, OPT_SHEET
};

static const struct option common_longopts[] = {
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"delimiter", required_argument, NULL, 'd'},
    {"no-header", no_argument, NULL, OPT_NO_HEADER},
    {"skip-lines", required_argument, NULL, OPT_SKIP_LINES},
    {"keep-total-rows", no_argument, NULL, OPT_KEEP_TOTALS},
    {"fill-down", required_argument, NULL, OPT_FILL_DOWN},
    {"sheet", required_argument, NULL, OPT_SHEET},
    {"decimal-comma", no_argument, NULL, OPT_DECIMAL_COMMA},
    {"where", required_argument, NULL, 'w'},
    {"skip-bad-rows", no_argument, NULL, OPT_SKIP_BAD},
    {"rejects", required_argument, NULL, OPT_REJECTS},
    {"format", required_argument, NULL, 'f'},
    {"output", required_argument, NULL, 'o'},
    {"bom", no_argument, NULL, OPT_BOM},
    {"no-sanitize", no_argument, NULL, OPT_NO_SANITIZE},
    {"quiet", no_argument, NULL, 'q'},
    {"lang", required_argument, NULL, OPT_LANG},
    {"jobs", required_argument, NULL, 'j'},
    {"help", no_argument, NULL, 'h'},
};

static int parse_delimiter(const char *arg)
{
    if (strcmp(arg, "\\t") == 0 || strcmp(arg, "tab") == 0 ||
        strcmp(arg, "TAB") == 0)
        return '\t';
    if (strcmp(arg, "semicolon") == 0)
        return ';';
    if (strcmp(arg, "comma") == 0)
        return ',';
    if (strcmp(arg, "pipe") == 0)
        return '|';
    if (strlen(arg) == 1 && arg[0] != '"' && arg[0] != '\n' && arg[0] != '\r')
        return (unsigned char)arg[0];
    return -1;
}

int cli_reader_setup(dvk_reader *r, const struct cli_options *o, int input)
{
    int st = dvk_reader_set_encoding(r, o->encoding);
    if (!st && o->delimiter)
        st = dvk_reader_set_delimiter(r, o->delimiter);
    if (!st)
        st = dvk_reader_set_decimal_comma(r, o->decimal_comma);
    if (!st)
        st = dvk_reader_set_keep_totals(r, o->keep_totals);
    if (!st)
        st = dvk_reader_set_sheet(r, o->sheet);
    if (!st && input)
        st = dvk_reader_set_header(r, !o->no_header);
    if (!st && input)
        st = dvk_reader_set_skip_lines(r, o->skip_lines);
    return st;
}

int cli_parse(int argc, char **argv, struct cli_options *o,
              const struct cli_command_options *extra, void (*usage)(void))
{
    size_t ncommon = sizeof common_longopts / sizeof *common_longopts;
    size_t nextra = 0;
    while (extra && extra->longopts[nextra].name)
        nextra++;
    struct option *longopts = calloc(ncommon + nextra + 1, sizeof *longopts);
    /* --where and --fill-down share one allocation: at most argc each. */
    const char **where = calloc(2 * ((size_t)argc + 1), sizeof *where);
    if (!longopts || !where) {
        free(longopts);
        free(where);
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    memcpy(longopts, common_longopts, sizeof common_longopts);
    if (nextra)
        memcpy(longopts + ncommon, extra->longopts, nextra * sizeof *longopts);
    o->where = where;
    o->fill = where + argc + 1;
    o->skip_lines = -1;
    int c, status = -1;
    opterr = 0;
    optind = 1;
    while (status < 0 &&
           (c = getopt_long(argc, argv, ":d:w:f:o:j:qh", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_ENCODING: o->encoding = optarg; break;
        case 'd':
            o->delimiter = parse_delimiter(optarg);
            if (o->delimiter < 0) {
                cli_error(_("bad delimiter '%s': give one character, or 'tab'"), optarg);
                status = EXIT_USAGE;
            }
            break;
        case OPT_NO_HEADER: o->no_header = 1; break;
        case OPT_KEEP_TOTALS: o->keep_totals = 1; break;
        case OPT_SKIP_LINES: {
            char *end;
            o->skip_lines = strtol(optarg, &end, 10);
            if (*end || end == optarg || o->skip_lines < 0) {
                cli_error(_("--skip-lines takes a number of lines, not '%s'"), optarg);
                status = EXIT_USAGE;
            }
            break;
        }
        case OPT_DECIMAL_COMMA: o->decimal_comma = 1; break;
        case 'w': where[o->nwhere++] = optarg; break;
        case OPT_FILL_DOWN: o->fill[o->nfill++] = optarg; break;
        case OPT_SHEET: o->sheet = optarg; break;
        case OPT_SKIP_BAD: o->skip_bad_rows = 1; break;
        case OPT_REJECTS: o->rejects = optarg; break;
        case 'f':
            o->format = dvk_format_parse(optarg);
            if (o->format < 0) {
                cli_error(_("unknown format '%s': use table, csv, tsv, json, md or xlsx"), optarg);
                status = EXIT_USAGE;
            }
            break;
        case 'o': o->output = optarg; break;
        case OPT_BOM: o->bom = 1; break;
        case OPT_NO_SANITIZE: o->no_sanitize = 1; break;
        case 'q': o->quiet = 1; break;
        case OPT_LANG:
            if (strcmp(optarg, "vi") != 0 && strcmp(optarg, "en") != 0) {
                cli_error(_("--lang takes vi or en, not '%s'"), optarg);
                status = EXIT_USAGE;
            } else {
                o->lang = optarg;
                cli_set_language(optarg);
            }
            break;
        case 'j': {
            char *end;
            o->jobs = strtol(optarg, &end, 10);
            if (*end || end == optarg || o->jobs < 1 || o->jobs > 2) {
                cli_error(_("--jobs takes 1 or 2, not '%s'"), optarg);
                status = EXIT_USAGE;
            }
            break;
        }
        case 'h':
            usage();
            status = EXIT_OK;
            break;
        case ':':
            cli_error(_("option '%s' needs a value"), argv[optind - 1]);
            status = EXIT_USAGE;
            break;
        case '?':
            if (optopt)
                cli_error(_("unknown option '-%c'"), optopt);
            else
                cli_error(_("unknown option '%s'"), argv[optind - 1]);
            status = EXIT_USAGE;
            break;
        default:
            if (extra && extra->handle(c, optarg, extra->ctx))
                status = EXIT_USAGE;
            break;
        }
    }
    free(longopts);
    if (status == EXIT_USAGE)
        fprintf(stderr, _("Try 'dvkstat %s --help' for more information.\n"), o->command);
    if (status >= 0)
        return status;
    if (o->rejects && !o->skip_bad_rows)
        return cli_usage_error(o->command, _("--rejects goes with --skip-bad-rows"));
    if (o->format == DVK_FORMAT_XLSX && (!o->output || strcmp(o->output, "-") == 0))
        return cli_usage_error(o->command, _("an xlsx workbook is written to a file: "
                               "name it with -o FILE.xlsx"));
    o->files = argv + optind;
    o->nfiles = (size_t)(argc - optind);
    return cli_check_files(o);
}

/* A progress bar on standard error, only when it is a terminal and the
 * input is large enough to wait for; redrawn at most ten times a second. */
struct progress {
    int on;
    double last;
    int drawn;
    unsigned long long end;  /* where this reader stops (0: the input's end) */
};

static double seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void progress_start(struct progress *p, const struct cli_options *o,
                           const dvk_reader *r)
{
    p->on = !o->quiet && isatty(2) && dvk_reader_input_size(r) >= (16u << 20);
    p->last = 0; /* the first tick draws */
    p->drawn = 0;
    p->end = 0;
}

static void progress_tick(struct progress *p, const dvk_reader *r, int done)
{
    if (!p->on)
        return;
    double now = seconds();
    if (!done && now - p->last < 0.1)
        return;
    p->last = now;
    unsigned long long size = p->end ? p->end : dvk_reader_input_size(r);
    unsigned long long at = dvk_reader_bytes_read(r);
    double f = size ? (double)at / (double)size : 1;
    if (f > 1)
        f = 1;
    int width = 40, fill = (int)(f * width);
    fprintf(stderr, "\r%s [", dvk_reader_name(r));
    for (int i = 0; i < width; i++)
        fputc(i < fill ? '#' : '.', stderr);
    fprintf(stderr, _("] %3.0f%%"), f * 100);
    p->drawn = 1;
    if (done)
        fputs("\r\033[K", stderr); /* leave the line clean for messages */
}

/* A file smaller than this is read by one thread unless --jobs says. */
#define PART_MIN_BYTES (8u << 20)

/* The second half of a file, read by a thread of its own into a context
 * of its own.  Its rows count only when the first thread, stopping where
 * the part starts, finds that it stands on a row boundary there; a part
 * that meets any error is dropped and the first thread reads its rows
 * again, so that messages and rejected rows come in order. */
struct part_run {
    const struct cli_visitor *v;
    dvk_reader *r;
    void *ctx;
    unsigned long long start;
    int stop;               /* set by the first thread: give up */
    int ok;                 /* read to its end without an error */
    pthread_t thread;
};

static void *part_main(void *arg)
{
    struct part_run *p = arg;
    while (!__atomic_load_n(&p->stop, __ATOMIC_RELAXED)) {
        int st = dvk_reader_next(p->r);
        if (st == DVK_ROW && p->v->row)
            st = p->v->row(p->r, p->ctx);
        if (st == DVK_ROW || st == DVK_OK)
            continue;
        p->ok = st == DVK_DONE;
        break;
    }
    return NULL;
}

static void part_drop(struct part_run *p)
{
    if (p->ctx)
        p->v->drop(p->ctx);
    dvk_reader_free(p->r);
    memset(p, 0, sizeof *p);
}

/* Start reading the second half of R's file (file F) in another thread
 * when the command can join parts and the file is worth it; R then stops
 * where the part starts.  1 if started. */
static int part_start(const struct cli_options *o, const struct cli_visitor *v,
                      dvk_reader *r, size_t f, struct part_run *p)
{
    memset(p, 0, sizeof *p);
    if (!v->fork || o->jobs == 1)
        return 0;
    unsigned long long size = dvk_reader_input_size(r), from = dvk_reader_offset(r);
    if (o->jobs == 0 && (size < PART_MIN_BYTES || sysconf(_SC_NPROCESSORS_ONLN) < 2))
        return 0;
    if (from == 0 || size < from + 2)
        return 0; /* not UTF-8, or nothing to split */
    p->v = v;
    p->r = dvk_reader_new();
    p->ctx = p->r ? v->fork(v->ctx) : NULL;
    int st = p->ctx ? dvk_reader_open_part(p->r, r, from + (size - from) / 2) : DVK_NOMEM;
    for (size_t i = 0; i < o->nwhere && !st; i++)
        st = dvk_reader_add_filter(p->r, o->where[i]);
    if (!st && v->open)
        st = v->open(p->r, f, p->ctx);
    if (!st) {
        p->start = dvk_reader_offset(p->r);
        dvk_reader_set_end(r, p->start);
        if (pthread_create(&p->thread, NULL, part_main, p) == 0)
            return 1;
        dvk_reader_set_end(r, 0);
    }
    part_drop(p); /* one thread will do */
    return 0;
}

/* DVKSTAT_DEBUG=parts: say how each file was read. */
static int debug_parts(void)
{
    const char *d = getenv("DVKSTAT_DEBUG");
    return d && strstr(d, "parts");
}

/* Wait for the part.  1 if its rows are the rest of R's file (R stopped
 * exactly where the part starts, and the part read to its end); with
 * STOP, the first thread gives up and the part is of no use. */
static int part_wait(struct part_run *p, const dvk_reader *r, int stop)
{
    if (stop)
        __atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
    pthread_join(p->thread, NULL);
    return !stop && p->ok && dvk_reader_offset(r) == p->start;
}

int cli_read_inputs(const struct cli_options *o, const struct cli_visitor *v)
{
    static char *stdin_name[] = {"-"};
    char **files = o->nfiles ? o->files : stdin_name;
    size_t nfiles = o->nfiles ? o->nfiles : 1;
    dvk_writer *rejects = NULL;
    unsigned long long read = 0, rejected = 0, filtered = 0;
    unsigned long shown = 0;
    int status = EXIT_OK;

    if (o->rejects) {
        rejects = dvk_writer_new(DVK_FORMAT_CSV, 0);
        if (!rejects || dvk_writer_open(rejects, o->rejects)) {
            cli_error("%s", dvk_writer_errmsg(rejects));
            dvk_writer_free(rejects);
            return EXIT_DATA;
        }
        cli_temp_register(rejects);
        cli_note_stale(o, rejects, o->rejects);
    }
    for (size_t f = 0; f < nfiles && status == EXIT_OK; f++) {
        dvk_reader *r = dvk_reader_new();
        if (!r) {
            cli_error(_("out of memory"));
            status = EXIT_DATA;
            break;
        }
        int st = cli_reader_setup(r, o, 1);
        if (!st)
            st = dvk_reader_open(r, files[f]);
        for (size_t i = 0; i < o->nwhere && !st; i++)
            st = dvk_reader_add_filter(r, o->where[i]);
        for (size_t i = 0; i < o->nfill && !st; i++)
            st = dvk_reader_set_fill_down(r, o->fill[i]);
        if (!st && !o->sheet && dvk_reader_sheet_count(r) > 1 && !o->quiet)
            fprintf(stderr, _("dvkstat: note: %s: %zu sheets; reading '%s', the "
                    "first that holds a table (--sheet NAME chooses another)\n"),
                    dvk_reader_name(r), dvk_reader_sheet_count(r),
                    dvk_reader_sheet_name(r, dvk_reader_sheet(r)));
        if (!st && dvk_reader_title_skipped(r) && !o->quiet)
            fprintf(stderr, _("dvkstat: note: %s: the table starts at line %ld; the "
                    "title above it is skipped (--skip-lines 0 reads it)\n"),
                    dvk_reader_name(r), dvk_reader_header_line(r));
        if (!st && v->open)
            st = v->open(r, f, v->ctx);
        if (st) {
            /* A negative status was reported by the command itself. */
            if (st > 0)
                cli_report_reader(r);
            status = st > 0 ? cli_exit_status(st) : -st;
            dvk_reader_free(r);
            break;
        }
        struct progress bar;
        progress_start(&bar, o, r);
        struct part_run part;
        unsigned long long part_totals = 0;
        int parted = part_start(o, v, r, f, &part);
        if (parted)
            bar.end = part.start;
        unsigned long rows = 0;
        for (;;) {
            st = dvk_reader_next(r);
            if ((++rows & 0x3FFF) == 0)
                progress_tick(&bar, r, 0);
            if (st == DVK_ROW && v->row)
                st = v->row(r, v->ctx);
            if (st == DVK_ROW || st == DVK_OK)
                continue;
            if (st < 0) { /* reported by the command itself */
                status = -st;
                break;
            }
            if (st == DVK_DONE && parted) {
                parted = 0;
                if (part_wait(&part, r, 0)) {
                    if (debug_parts())
                        fprintf(stderr, "dvkstat: debug: %s: read in two parts, the second "
                                "from byte %llu\n", dvk_reader_name(r), part.start);
                    st = v->join(v->ctx, part.ctx);
                    part_totals = dvk_reader_rows_total(part.r, NULL);
                    read += dvk_reader_rows_read(part.r);
                    rejected += dvk_reader_rows_rejected(part.r);
                    filtered += dvk_reader_rows_filtered(part.r);
                    part_drop(&part);
                    if (st) {
                        cli_error(_("out of memory"));
                        status = EXIT_DATA;
                    }
                    break;
                }
                /* The split fell inside a row, or the part met an error:
                 * this thread reads on to the end. */
                if (debug_parts())
                    fprintf(stderr, "dvkstat: debug: %s: the part from byte %llu is "
                            "dropped; one thread reads on\n", dvk_reader_name(r), part.start);
                part_drop(&part);
                dvk_reader_set_end(r, 0);
                bar.end = 0;
                continue;
            }
            if (st == DVK_DONE)
                break;
            if (bar.drawn && (!o->skip_bad_rows || (!o->quiet && shown <= 10)))
                fputs("\r\033[K", stderr); /* a message starts on a clean line */
            if (dvk_status_is_row_error(st) && o->skip_bad_rows) {
                if (!o->quiet && shown < 10)
                    cli_report_reader(r);
                else if (!o->quiet && shown == 10)
                    cli_error(_("further rejected rows are not shown"));
                shown++;
                if (rejects) {
                    size_t len;
                    const char *rec = dvk_reader_record(r, &len);
                    if (dvk_writer_raw(rejects, rec, len))
                        break;
                    if (len == 0 || (rec[len - 1] != '\n' && rec[len - 1] != '\r'))
                        dvk_writer_raw(rejects, "\n", 1);
                }
                continue;
            }
            cli_report_reader(r);
            if (dvk_status_is_row_error(st))
                fprintf(stderr, _("dvkstat: hint: --skip-bad-rows sets such rows "
                        "aside (with --rejects FILE to keep them)\n"));
            status = cli_exit_status(st);
            break;
        }
        if (parted) { /* the first part ended in an error */
            part_wait(&part, r, 1);
            part_drop(&part);
        }
        if (bar.drawn)
            progress_tick(&bar, r, 1);
        if (status == EXIT_OK && v->close) {
            st = v->close(r, f, v->ctx);
            if (st) {
                if (st > 0)
                    cli_report_reader(r);
                status = st > 0 ? cli_exit_status(st) : -st;
            }
        }
        read += dvk_reader_rows_read(r);
        rejected += dvk_reader_rows_rejected(r);
        filtered += dvk_reader_rows_filtered(r);
        if (dvk_reader_rows_hidden(r) && status == EXIT_OK && !o->quiet)
            fprintf(stderr, _("dvkstat: note: %s: %llu rows hidden in the workbook "
                    "are read as any row\n"), dvk_reader_name(r), dvk_reader_rows_hidden(r));
        long total_line;
        unsigned long long totals = dvk_reader_rows_total(r, &total_line) + part_totals;
        if (totals && status == EXIT_OK && !o->quiet) {
            if (total_line)
                fprintf(stderr, _("dvkstat: note: %s:%ld: a total row (Tổng cộng …) is left "
                        "out of the counts; %llu in all (--keep-total-rows counts them)\n"),
                        dvk_reader_name(r), total_line, totals);
            else
                fprintf(stderr, _("dvkstat: note: %s: %llu total rows (Tổng cộng …) are left "
                        "out of the counts (--keep-total-rows counts them)\n"),
                        dvk_reader_name(r), totals);
        }
        dvk_reader_free(r);
    }
    if (rejects) {
        if (status == EXIT_OK && dvk_writer_commit(rejects)) {
            cli_error("%s", dvk_writer_errmsg(rejects));
            status = EXIT_DATA;
        }
        dvk_writer_free(rejects);
        cli_temp_forget(rejects);
    }
    if (o->skip_bad_rows && !o->quiet && status == EXIT_OK) {
        fprintf(stderr, _("dvkstat: %llu rows read, %llu rejected"), read, rejected);
        if (filtered)
            fprintf(stderr, _(", %llu filtered out"), filtered);
        fputc('\n', stderr);
    }
    return status;
}

int cli_max_periods(const char *arg, size_t *out)
{
    char *end;
    errno = 0;
    unsigned long long n = strtoull(arg, &end, 10);
    if (*end || end == arg || arg[0] == '-' || errno || n == 0 || n > 100000000ULL) {
        cli_error(_("--max-periods takes a number of periods from 1 to 100000000, not '%s'"),
                  arg);
        return EXIT_USAGE;
    }
    *out = (size_t)n;
    return 0;
}

int cli_series_merge(dvk_series *dst, dvk_series *src)
{
    int st = dvk_series_merge(dst, src);
    dvk_series_free(src);
    if (st == DVK_LIMIT) {
        cli_error(_("the periods of the files together span more than the %zu a series "
                    "may span (--max-periods)"), dvk_series_max_periods(dst));
        return -EXIT_DATA;
    }
    if (st) {
        cli_error(_("out of memory"));
        return -EXIT_DATA;
    }
    return DVK_OK;
}

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
    if (kind == DVK_TREND_COUNT && isfinite(st->poisson_growth))
        n += snprintf(buf + n, size - (size_t)n, _(", about %+.1f %% %s"),
                      100 * st->poisson_growth, period_word(period));
    else if (kind == DVK_TREND_RATIO && isfinite(st->sen_slope))
        n += snprintf(buf + n, size - (size_t)n, _(", about %+.1f points %s"),
                      100 * st->sen_slope, period_word(period));
    else if (isfinite(st->sen_slope))
        n += snprintf(buf + n, size - (size_t)n, _(", about %+.4g %s"),
                      st->sen_slope, period_word(period));
    if (n >= 0 && (size_t)n < size && isfinite(st->mk_p))
        snprintf(buf + n, size - (size_t)n, ", p = %.2g", st->mk_p);
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
    if (n < size)
        snprintf(buf + n, size - n, _(" (quasi-Poisson: the counts vary %.1f times more "
                                      "than chance)"), qp->dispersion);
}

dvk_writer *cli_open_writer(const struct cli_options *o, unsigned extra_flags)
{
    unsigned flags = extra_flags;
    if (o->bom)
        flags |= DVK_WRITE_BOM;
    if (o->no_sanitize)
        flags |= DVK_WRITE_NO_SANITIZE;
    if (o->decimal_comma)
        flags |= DVK_WRITE_DECIMAL_COMMA;
    dvk_writer *w = dvk_writer_new(o->format, flags);
    if (!w) {
        cli_error(_("out of memory"));
        return NULL;
    }
    if (dvk_writer_open(w, o->output)) {
        cli_error("%s", dvk_writer_errmsg(w));
        dvk_writer_free(w);
        return NULL;
    }
    cli_temp_register(w);
    cli_note_stale(o, w, o->output);
    return w;
}

int cli_finish_writer(dvk_writer *w, int status)
{
    if (status == EXIT_OK && dvk_writer_commit(w)) {
        cli_error("%s", dvk_writer_errmsg(w));
        status = EXIT_DATA;
    }
    dvk_writer_free(w);
    cli_temp_forget(w); /* after: a signal in between finds nothing to remove */
    return status;
}
