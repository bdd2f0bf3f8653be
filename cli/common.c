/* common.c: option parsing, the input loop and messages for all commands
 * (the statistics in words are verdicts.c's).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
    cli_check_catalogue();
}

const char *cli_catalogue_dir;

/* --decimal-comma or --decimal-point, once parsed (DVK_DECIMAL_AUTO: the
 * language decides). */
static int figures_given = DVK_DECIMAL_AUTO;

int cli_output_vi(void)
{
    /* gettext reads LANGUAGE unless the messages' locale is C. */
    const char *msg = setlocale(LC_MESSAGES, NULL);
    if (!msg || strcmp(msg, "C") == 0 || strcmp(msg, "POSIX") == 0)
        return 0;
    const char *lang = getenv("LANGUAGE");
    if (lang && *lang)
        return strncmp(lang, "vi", 2) == 0;
    return strncmp(msg, "vi", 2) == 0;
}

void cli_check_catalogue(void)
{
    static int warned;
    if (warned || cli_catalogue_dir || !cli_output_vi())
        return;
    warned = 1;
    fprintf(stderr, _("dvkstat: warning: no Vietnamese message catalogue in %s or beside "
                      "the program: messages and labels are in English (set "
                      "DVKSTAT_LOCALEDIR to the directory that holds vi/LC_MESSAGES/%s.mo)\n"),
            LOCALEDIR, PACKAGE);
}

unsigned cli_figures(void)
{
    if (figures_given == DVK_DECIMAL_COMMA)
        return DVK_FIGURE_VI;
    if (figures_given == DVK_DECIMAL_POINT)
        return 0;
    return cli_output_vi() ? DVK_FIGURE_VI : 0;
}

const char *cli_fig(char *buf, size_t size, double x, int decimals, unsigned flags)
{
    if (dvk_figure_format(buf, size, x, decimals, cli_figures() | flags) != DVK_OK && size)
        buf[0] = '\0';
    return buf;
}

const char *cli_p_words(char *buf, size_t size, double p)
{
    char fig[64];
    if (!isfinite(p)) {
        snprintf(buf, size, "%s", "");
        return buf;
    }
    /* Below 0.001 the digits say nothing more to the reader. */
    if (p < 0.001)
        snprintf(buf, size, _("a statistically significant difference (p < %s)"),
                 cli_fig(fig, sizeof fig, 0.001, 3, 0));
    else if (p < 0.05)
        snprintf(buf, size, _("a statistically significant difference (p = %s)"),
                 cli_fig(fig, sizeof fig, p, 2, DVK_FIGURE_SIGNIFICANT));
    else
        snprintf(buf, size, _("no statistically significant difference (p = %s)"),
                 cli_fig(fig, sizeof fig, p, 2, DVK_FIGURE_SIGNIFICANT));
    return buf;
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
    OPT_FILL_DOWN, OPT_SHEET, OPT_DECIMAL_POINT, OPT_HEADER_ROWS, OPT_KEEP_SECTIONS,
    OPT_KEEP_NOTES, OPT_TABLE_END, OPT_NO_FILL_DOWN
};

const struct cli_option cli_common_options[] = {
    CLI_TEXT(N_("Input:\n")),
    CLI_OPTION("encoding", OPT_ENCODING, N_("NAME"), N_("utf-8, utf-16le, utf-16be, windows-1258, tcvn3 …\n"
                "(default: detected)")),
    CLI_OPTION("delimiter", 'd', N_("C"), N_("field delimiter: ',' ';' tab '|' (default: sniffed)")),
    CLI_OPTION("no-header", OPT_NO_HEADER, NULL, N_("the first row is data; columns are named 1, 2, 3 …")),
    CLI_OPTION("skip-lines", OPT_SKIP_LINES, N_("N"), N_("skip N lines before the header (default: a title\n"
                "above the table, one cell a row, is found and skipped)")),
    CLI_OPTION("header-rows", OPT_HEADER_ROWS, N_("N"), N_("the header takes N rows (default: found: a group\n"
                "heading over sub-headings, named 'Kết quả / Duy trì')")),
    CLI_OPTION("keep-subtotals", OPT_KEEP_TOTALS, NULL, N_("read subtotal and total rows (Cộng xã …, Cộng: 7,\n"
                "Tổng cộng …) as data (default: left out; also\n"
                "--keep-total-rows)")),
    CLI_HIDDEN("keep-total-rows", OPT_KEEP_TOTALS, NULL),
    CLI_OPTION("keep-sections", OPT_KEEP_SECTIONS, NULL, N_("read section headings (I. CẤP HUYỆN, 1. Xã An Phú)\n"
                "as data (default: left out)")),
    CLI_OPTION("keep-notes", OPT_KEEP_NOTES, NULL, N_("read on past a signature block or notes under the\n"
                "table (default: the table ends there; also\n"
                "--table-end none)")),
    CLI_HIDDEN("table-end", OPT_TABLE_END, N_("auto|none")),
    CLI_OPTION("no-fill-down", OPT_NO_FILL_DOWN, NULL, N_("leave empty the cells of a unit column merged down\n"
                "(default: they take the unit above)")),
    CLI_OPTION("decimal-comma", OPT_DECIMAL_COMMA, NULL, N_("numbers are written 1.234,5 (vi-VN)")),
    CLI_OPTION("decimal-point", OPT_DECIMAL_POINT, NULL, N_("numbers are written 1,234.5 (default: decided per\n"
                "column from its values, then the file: a ';'\n"
                "delimiter or decimal commas elsewhere say vi-VN)")),
    CLI_OPTION("sheet", OPT_SHEET, N_("NAME|N"), N_("the sheet of a workbook (.xlsx, .ods, .xls) to read,\n"
                "by name or number from 1 (default: the first\n"
                "visible sheet that holds a table)")),
    CLI_OPTION("where", 'w', N_("EXPR"), N_("keep rows where EXPR holds; repeatable, all must hold:\n"
                "COL=V  COL!=V  COL=V1|V2  COL>=N  COL<=N  COL>N  COL<N")),
    CLI_OPTION("fill-down", OPT_FILL_DOWN, N_("COL"), N_("an empty cell of COL takes the value above it (cells\n"
                "merged down in the spreadsheet); repeatable")),
    CLI_OPTION("skip-bad-rows", OPT_SKIP_BAD, NULL, N_("set malformed rows aside instead of stopping")),
    CLI_OPTION("rejects", OPT_REJECTS, N_("FILE"), N_("write the rows set aside to FILE, as they were read")),
    CLI_OPTION("jobs", 'j', N_("N"), N_("read a file with N threads, 1 or 2 (default: 2 for\n"
                "a UTF-8 file of 8 MiB or more, on two cores or more)")),
    CLI_TEXT(N_("Output:\n")),
    CLI_OPTION("format", 'f', N_("FMT"), N_("table, csv, tsv, json, md, or xlsx (with -o: numbers\n"
                "as numbers, shares as percentages, a chart)")),
    CLI_OPTION("output", 'o', N_("FILE"), N_("write to FILE (replaced only when all went well)")),
    CLI_OPTION("bom", OPT_BOM, NULL, N_("start CSV/TSV with a UTF-8 BOM (for Excel)")),
    CLI_OPTION("no-sanitize", OPT_NO_SANITIZE, NULL, N_("do not guard cells starting with = + - @ with '")),
    CLI_OPTION("quiet", 'q', NULL, N_("no progress bar, notes or closing count on standard\n"
                "error (errors are still shown)")),
    CLI_OPTION("lang", OPT_LANG, N_("vi|en"), N_("the language of labels and messages (default: the\n"
                "locale's)")),
    CLI_OPTION("help", 'h', NULL, N_("show this help")),
    CLI_END,
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
        st = dvk_reader_set_keep(r, o->keep);
    if (!st && input)
        st = dvk_reader_set_header_rows(r, o->header_rows);
    if (!st)
        st = dvk_reader_set_sheet(r, o->sheet);
    if (!st && input)
        st = dvk_reader_set_header(r, !o->no_header);
    if (!st && input)
        st = dvk_reader_set_skip_lines(r, o->skip_lines);
    return st;
}

/* What cli_parse() allocated for the command running, freed by the
 * dispatcher when the command returns (cli_options_release()). */
static const char **parsed_where;

void cli_options_release(void)
{
    free(parsed_where);
    parsed_where = NULL;
}

int cli_parse(int argc, char **argv, struct cli_options *o, const struct cli_command *self,
              cli_option_handler *handle, void *ctx)
{
    struct option *longopts;
    char *optstring;
    o->command = self->name;
    /* --where and --fill-down share one allocation: at most argc each. */
    const char **where = calloc(2 * ((size_t)argc + 1), sizeof *where);
    if (!where || cli_getopt_table(self->options, &longopts, &optstring)) {
        free(where);
        cli_error(_("out of memory"));
        return EXIT_DATA;
    }
    cli_options_release(); /* a command run twice in one process (tests) */
    parsed_where = o->where = where;
    o->fill = where + argc + 1;
    o->skip_lines = -1;
    o->decimal_comma = figures_given = DVK_DECIMAL_AUTO;
    int c, status = -1;
    opterr = 0;
    optind = 1;
    while (status < 0 &&
           (c = getopt_long(argc, argv, optstring, longopts, NULL)) != -1) {
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
        case OPT_DECIMAL_COMMA: o->decimal_comma = figures_given = DVK_DECIMAL_COMMA; break;
        case OPT_DECIMAL_POINT: o->decimal_comma = figures_given = DVK_DECIMAL_POINT; break;
        case OPT_KEEP_SECTIONS: o->keep |= DVK_KEEP_SECTIONS; break;
        case OPT_KEEP_NOTES: o->keep |= DVK_KEEP_NOTES; break;
        case OPT_NO_FILL_DOWN: o->keep |= DVK_KEEP_EMPTY; break;
        case OPT_TABLE_END:
            if (strcmp(optarg, "none") == 0) {
                o->keep |= DVK_KEEP_NOTES;
            } else if (strcmp(optarg, "auto") == 0) {
                o->keep &= ~(unsigned)DVK_KEEP_NOTES;
            } else {
                cli_error(_("--table-end takes auto or none, not '%s'"), optarg);
                status = EXIT_USAGE;
            }
            break;
        case OPT_HEADER_ROWS: {
            char *end;
            o->header_rows = strtol(optarg, &end, 10);
            if (*end || end == optarg || o->header_rows < 1 || o->header_rows > 16) {
                cli_error(_("--header-rows takes a number of rows from 1 to 16, not '%s'"),
                          optarg);
                status = EXIT_USAGE;
            }
            break;
        }
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
            cli_help(stdout, self->options);
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
            if (handle && handle(c, optarg, ctx))
                status = EXIT_USAGE;
            break;
        }
    }
    free(longopts);
    free(optstring);
    cli_check_catalogue(); /* a Vietnamese locale, once --lang has had its say */
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

/* The rows a part left out, by kind: sections, subtotals, the end. */
void cli_layout_rows(const dvk_reader *r, unsigned long long rows[3])
{
    struct dvk_layout_note n = {.size = sizeof n};
    for (size_t i = 0; dvk_reader_layout_note(r, i, &n) == DVK_OK; i++)
        if (n.kind >= DVK_LAYOUT_SECTION)
            rows[n.kind - DVK_LAYOUT_SECTION] += n.count;
}

/* What each layout note says on standard error, and what it is told:
 * the input's name, then the line (and a count), or a column's name. */
enum { SAYS_LINE, SAYS_LINE_COUNT, SAYS_COLUMN };
static const struct {
    const char *text;
    int args;
} layout_says[DVK_LAYOUT_TABLE_END + 1] = {
    [DVK_LAYOUT_TITLE] = {N_("dvkstat: note: %s: the table starts at line %ld; the "
                             "title above it is skipped (--skip-lines 0 reads it)\n"), SAYS_LINE},
    [DVK_LAYOUT_HEADER_ROWS] = {N_("dvkstat: note: %s:%ld: the header takes %llu rows; a "
                                   "column is named by its headings joined with ' / ' and "
                                   "found by either (--header-rows 1 reads one)\n"),
                                SAYS_LINE_COUNT},
    [DVK_LAYOUT_COLUMN_NUMBERS] = {N_("dvkstat: note: %s:%ld: a row of column numbers under "
                                      "the header is left out (--header-rows N with the row "
                                      "counted in reads it as a header row)\n"), SAYS_LINE},
    [DVK_LAYOUT_FILL_DOWN] = {N_("dvkstat: note: %s: column '%s' names each unit once over "
                                 "its rows (cells merged down): an empty cell inside a block "
                                 "takes the unit above; one the file leaves open is asked "
                                 "about (--no-fill-down leaves them empty)\n"), SAYS_COLUMN},
    [DVK_LAYOUT_NUMBERS] = {N_("dvkstat: note: %s: in column '%s', '.' is read as grouping "
                               "thousands (1.650 = 1650), as the file writes numbers so "
                               "elsewhere (--decimal-point reads it as a decimal point)\n"),
                            SAYS_COLUMN},
    [DVK_LAYOUT_SECTION] = {N_("dvkstat: note: %s:%ld: a section heading (a row that names "
                               "a part of the table) is left out; %llu in all "
                               "(--keep-sections reads them as rows)\n"), SAYS_LINE_COUNT},
    [DVK_LAYOUT_SUBTOTAL] = {N_("dvkstat: note: %s:%ld: a subtotal or total row (Cộng …, "
                                "Tổng cộng …) is left out of the counts; %llu in all "
                                "(--keep-subtotals counts them)\n"), SAYS_LINE_COUNT},
    [DVK_LAYOUT_TABLE_END] = {N_("dvkstat: note: %s:%ld: the table ends here (a signature "
                                 "block or notes): %llu rows from here are left out "
                                 "(--table-end none reads on)\n"), SAYS_LINE_COUNT},
};
/* DVK_LAYOUT_NUMBERS's other reading */
static const char decimal_point_note[] =
    N_("dvkstat: note: %s: in column '%s', '.' is read as a decimal point (2.178 = 2.178), "
       "as the file writes numbers so elsewhere (--decimal-comma reads it as grouping "
       "thousands)\n");

/* The reader's decisions about the layout, each once on standard error:
 * those made on opening (ROWS 0), or those about rows (ROWS 1, with the
 * counts of a part read beside, or NULL). */
void cli_layout_notes(const dvk_reader *r, int rows, const unsigned long long *part)
{
    const char *name = dvk_reader_name(r);
    struct dvk_layout_note n = {.size = sizeof n};
    int said[DVK_LAYOUT_TABLE_END + 1] = {0};
    for (size_t i = 0; dvk_reader_layout_note(r, i, &n) == DVK_OK; i++) {
        if ((n.kind >= DVK_LAYOUT_SECTION) != rows)
            continue;
        if (rows) {
            n.count += part ? part[n.kind - DVK_LAYOUT_SECTION] : 0;
            said[n.kind] = 1;
        }
        if (n.kind < DVK_LAYOUT_TITLE || n.kind > DVK_LAYOUT_TABLE_END)
            continue;
        const char *col = n.column != (size_t)-1 ? dvk_reader_column_name(r, n.column) : "";
        const char *text = n.kind == DVK_LAYOUT_NUMBERS && n.value != DVK_DECIMAL_COMMA
                           ? decimal_point_note : layout_says[n.kind].text;
        /* the formats are the table's, each a literal marked for translation */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
        switch (layout_says[n.kind].args) {
        case SAYS_LINE:
            fprintf(stderr, _(text), name, n.line);
            break;
        case SAYS_LINE_COUNT:
            fprintf(stderr, _(text), name, n.line, n.count);
            break;
        case SAYS_COLUMN:
            fprintf(stderr, _(text), name, col);
            break;
        }
#pragma GCC diagnostic pop
    }
    /* rows only the part met */
    for (int k = DVK_LAYOUT_SECTION; rows && part && k <= DVK_LAYOUT_TABLE_END; k++)
        if (!said[k] && part[k - DVK_LAYOUT_SECTION])
            fprintf(stderr, _("dvkstat: note: %s: %llu rows of the second half of the file "
                    "are left out as headings, subtotals or notes (--keep-sections, "
                    "--keep-subtotals, --table-end none)\n"), name,
                    part[k - DVK_LAYOUT_SECTION]);
}

int cli_read_inputs(const struct cli_options *o, const struct cli_visitor *v)
{
    static char *stdin_name[] = {"-"};
    char **files = o->nfiles ? o->files : stdin_name;
    size_t nfiles = o->nfiles ? o->nfiles : 1;
    dvk_writer *rejects = NULL;
    unsigned long long read = 0, rejected = 0, filtered = 0, left = 0;
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
        if (!st && !o->quiet)
            cli_layout_notes(r, 0, NULL);
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
        unsigned long long part_rows[3] = {0, 0, 0}; /* sections, subtotals, the end */
        struct cli_part *part = cli_part_start(o, v, r, f);
        if (part)
            bar.end = cli_part_offset(part);
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
            if (st == DVK_DONE && part) {
                int joined = cli_part_join(part, r);
                if (joined) {
                    const dvk_reader *pr = cli_part_reader(part);
                    cli_layout_rows(pr, part_rows);
                    read += dvk_reader_rows_read(pr);
                    rejected += dvk_reader_rows_rejected(pr);
                    filtered += dvk_reader_rows_filtered(pr);
                }
                cli_part_free(part, r);
                part = NULL;
                if (joined < 0) {
                    cli_error(_("out of memory"));
                    status = EXIT_DATA;
                }
                if (joined)
                    break;
                bar.end = 0; /* this thread reads on to the end */
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
        cli_part_free(part, r); /* the first part ended in an error */
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
        if (status == EXIT_OK && !o->quiet)
            cli_layout_notes(r, 1, part_rows);
        left += dvk_reader_rows_left_out(r) + part_rows[0] + part_rows[1] + part_rows[2];
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
    /* Filters that left nothing: a typo must not read as a real zero. */
    if (status == EXIT_OK && o->nwhere && filtered && read == rejected + filtered) {
        int st = cli_check_conditions(o, o->where, o->nwhere);
        if (st >= 0)
            return st;
        if (o->nwhere == 1 && (!o->nfiles || (o->nfiles == 1 && strcmp(o->files[0], "-") == 0))) {
            /* standard input, read once: the one filter is to blame */
            cli_error(_("no row matched '%s'"), o->where[0]);
            return EXIT_DATA;
        }
    }
    if (o->skip_bad_rows && !o->quiet && status == EXIT_OK) {
        /* rows read = counted + filtered + rejected + left out */
        fprintf(stderr, _("dvkstat: %llu rows read, %llu rejected"), read + left, rejected);
        if (filtered)
            fprintf(stderr, _(", %llu filtered out"), filtered);
        if (left)
            fprintf(stderr, _(", %llu left out (subtotals, headings, notes)"), left);
        fprintf(stderr, _(", %llu counted"), read - rejected - filtered);
        fputc('\n', stderr);
    }
    return status;
}

void cli_last_date_open(struct cli_last_date *d, dvk_reader *r)
{
    d->has = dvk_reader_find_role(r, DVK_ROLE_DATE, &d->col) == DVK_OK;
}

void cli_last_date_row(struct cli_last_date *d, const dvk_reader *r)
{
    if (!d->has)
        return;
    size_t len;
    const char *raw = dvk_reader_field(r, d->col, &len);
    long day = raw && len ? dvk_date_parse(raw, len) : 0;
    if (day > d->date)
        d->date = day;
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

dvk_writer *cli_open_writer(const struct cli_options *o, unsigned extra_flags)
{
    unsigned flags = extra_flags;
    if (o->bom)
        flags |= DVK_WRITE_BOM;
    if (o->no_sanitize)
        flags |= DVK_WRITE_NO_SANITIZE;
    if (o->decimal_comma == DVK_DECIMAL_COMMA)
        flags |= DVK_WRITE_DECIMAL_COMMA;
    else if (o->decimal_comma == DVK_DECIMAL_AUTO && cli_output_vi())
        flags |= DVK_WRITE_VI_FIGURES; /* CSV, TSV and JSON keep the point */
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
