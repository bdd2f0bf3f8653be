/* cmd-summary.c: dvkstat summary, what a file holds.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct summary {
    struct cli_options o;
    long top;
    dvk_profile *profile;
    dvk_writer *w;
    dvk_json *json;           /* -f json: the document being written */
    size_t files_done;
    /* the second half of a large file, read by another thread: its
     * reader, and what it counted, added to the first half's */
    const dvk_reader *reader;
    const dvk_profile *whole;  /* in a part: the profile it merges into */
    struct part_counts {
        unsigned long long read, filtered, rejected, blank, totals, left_out;
        unsigned long long layout[DVK_LAYOUT_TABLE_END + 1];
    } more;
};

enum { OPT_TOP = 2000 };

const struct cli_option cli_summary_options[] = {
    CLI_TEXT(N_("Usage: dvkstat summary [OPTION]... [FILE]...\n"
                 "Show how each file was read (encoding, delimiter, line end, BOM), how\n"
                 "many rows it has (read = counted + filtered out + rejected), and for\n"
                 "each column its type, empty cells, distinct values and most common values.\n"
                 "\n")),
    CLI_OPTION("top", OPT_TOP, N_("N"), N_("show the N most common values (default 3)")),
    CLI_MORE(cli_common_options),
    CLI_TEXT(N_("\n"
                 "Examples:\n"
                 "  dvkstat summary export.csv\n"
                 "  dvkstat summary -f json export.csv\n")),
    CLI_END,
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct summary *s = ctx;
    if (opt == OPT_TOP) {
        char *end;
        s->top = strtol(arg, &end, 10);
        if (*end || s->top < 0 || s->top > 1000) {
            cli_error(_("--top takes a number from 0 to 1000, not '%s'"), arg);
            return EXIT_USAGE;
        }
    }
    return 0;
}

/* The type names, for the catalogue (the library gives them in English). */
static const char *const type_names[] = {N_("empty"), N_("integer"), N_("number"), N_("year"),
                                         N_("date"), N_("text")};

static int on_open(dvk_reader *r, size_t file_index, void *ctx)
{
    struct summary *s = ctx;
    (void)file_index;
    (void)type_names;
    s->reader = r;
    memset(&s->more, 0, sizeof s->more);
    s->profile = s->whole ? dvk_profile_new_part(s->whole)
                          : dvk_profile_new(dvk_reader_column_count(r), s->o.decimal_comma);
    return s->profile ? DVK_OK : DVK_NOMEM;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct summary *s = ctx;
    return dvk_profile_add_row(s->profile, r);
}

static const char *delimiter_name(int d, char *buf)
{
    if (d == '\t')
        return "TAB";
    buf[0] = (char)d;
    buf[1] = '\0';
    return buf;
}

static void json_field(dvk_json *j, const char *name, const char *value)
{
    dvk_json_key(j, name);
    dvk_json_string(j, value, -1);
}

static void json_number(dvk_json *j, const char *name, unsigned long long v)
{
    dvk_json_key(j, name);
    dvk_json_integer(j, (long long)v);
}

static void json_bool(dvk_json *j, const char *name, int b)
{
    dvk_json_key(j, name);
    dvk_json_bool(j, b);
}

/* A workbook's sheets with their sizes: "Sheet1 (120 × 11), Data (hidden,
 * 3 × 2)"; the sizes are those the workbook declares ("?" when it does not). */
static void sheet_list(dvk_reader *r, char *buf, size_t size)
{
    size_t at = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < dvk_reader_sheet_count(r) && at < size; i++) {
        unsigned long rows, cols;
        char dims[64];
        dvk_reader_sheet_size(r, i, &rows, &cols);
        if (rows || cols)
            snprintf(dims, sizeof dims, "%lu × %lu", rows, cols);
        else
            snprintf(dims, sizeof dims, "?");
        int n = snprintf(buf + at, size - at, "%s%s (%s%s)", i ? ", " : "",
                         dvk_reader_sheet_name(r, i),
                         dvk_reader_sheet_hidden(r, i) ? _("hidden, ") : "", dims);
        if (n < 0)
            break;
        at += (size_t)n;
    }
}

static void json_sheets(dvk_json *j, dvk_reader *r)
{
    if (dvk_reader_sheet_count(r) == 0)
        return;
    json_field(j, "sheet", dvk_reader_sheet_name(r, dvk_reader_sheet(r)));
    json_number(j, "rows_hidden", dvk_reader_rows_hidden(r));
    dvk_json_key(j, "sheets");
    dvk_json_array(j);
    for (size_t i = 0; i < dvk_reader_sheet_count(r); i++) {
        unsigned long rows, cols;
        dvk_reader_sheet_size(r, i, &rows, &cols);
        dvk_json_object(j);
        json_field(j, "name", dvk_reader_sheet_name(r, i));
        json_number(j, "rows", rows);
        json_number(j, "columns", cols);
        json_bool(j, "hidden", dvk_reader_sheet_hidden(r, i));
        dvk_json_end(j);
    }
    dvk_json_end(j);
}

/* What the reader found of a form's layout: the count (or line) of each
 * kind of note. */
static void layout_counts(const dvk_reader *r, unsigned long long out[DVK_LAYOUT_TABLE_END + 1])
{
    struct dvk_layout_note n = {.size = sizeof n};
    for (int k = 0; k <= DVK_LAYOUT_TABLE_END; k++)
        out[k] = 0;
    out[DVK_LAYOUT_HEADER_ROWS] = dvk_reader_column_count(r) ? 1 : 0;
    for (size_t i = 0; dvk_reader_layout_note(r, i, &n) == DVK_OK; i++) {
        if (n.kind == DVK_LAYOUT_COLUMN_NUMBERS)
            out[n.kind] = (unsigned long long)n.line;
        else if (n.kind == DVK_LAYOUT_NUMBERS || n.kind == DVK_LAYOUT_FILL_DOWN)
            out[n.kind]++;
        else
            out[n.kind] = n.count;
    }
}

/* How column I's numbers are read, in words. */
static const char *convention(const dvk_reader *r, size_t i)
{
    int certain;
    int c = dvk_reader_column_decimal(r, i, &certain);
    if (c == DVK_DECIMAL_COMMA)
        return certain ? _("1.234,5") : _("1.234,5 (from the file)");
    if (c == DVK_DECIMAL_POINT)
        return certain ? _("1,234.5") : _("1,234.5 (from the file)");
    return _("not decided: no value says");
}

static int write_json(struct summary *s, dvk_reader *r)
{
    dvk_json *j = s->json;
    char d[2];
    unsigned long long read = dvk_reader_rows_read(r) + s->more.read,
                       filtered = dvk_reader_rows_filtered(r) + s->more.filtered,
                       rejected = dvk_reader_rows_rejected(r) + s->more.rejected;
    dvk_json_newline(j);
    dvk_json_object(j);
    json_field(j, "file", dvk_reader_name(r));
    json_field(j, "encoding", dvk_reader_encoding(r));
    json_field(j, "delimiter", delimiter_name(dvk_reader_delimiter(r), d));
    json_field(j, "line_end", dvk_reader_line_end(r));
    json_bool(j, "bom", dvk_reader_has_bom(r));
    json_bool(j, "header", !s->o.no_header);
    json_number(j, "rows_read", read);
    json_number(j, "rows_counted", read - filtered - rejected);
    json_number(j, "rows_filtered", filtered);
    json_number(j, "rows_rejected", rejected);
    json_number(j, "rows_blank", dvk_reader_rows_blank(r) + s->more.blank);
    json_number(j, "header_line", (unsigned long long)dvk_reader_header_line(r));
    json_number(j, "rows_total", dvk_reader_total_rows_left_out(r, NULL) + s->more.totals);
    unsigned long long lay[DVK_LAYOUT_TABLE_END + 1];
    layout_counts(r, lay);
    for (int k = 0; k <= DVK_LAYOUT_TABLE_END; k++)
        lay[k] += s->more.layout[k];
    json_number(j, "title_rows", lay[DVK_LAYOUT_TITLE]);
    json_number(j, "header_rows", lay[DVK_LAYOUT_HEADER_ROWS]);
    json_number(j, "column_numbers_line", lay[DVK_LAYOUT_COLUMN_NUMBERS]);
    json_number(j, "rows_section", lay[DVK_LAYOUT_SECTION]);
    json_number(j, "rows_subtotal", lay[DVK_LAYOUT_SUBTOTAL]);
    json_number(j, "rows_after_table", lay[DVK_LAYOUT_TABLE_END]);
    json_number(j, "rows_left_out", dvk_reader_rows_left_out(r) + s->more.left_out);
    json_sheets(j, r);
    dvk_json_key(j, "columns");
    dvk_json_array(j);
    for (size_t i = 0; i < dvk_reader_column_count(r); i++) {
        int exact;
        dvk_json_object(j);
        json_field(j, "name", dvk_reader_column_name(r, i));
        json_field(j, "type", dvk_profile_type_name(dvk_profile_type(s->profile, i)));
        json_number(j, "empty", dvk_profile_empty(s->profile, i));
        json_number(j, "distinct", dvk_profile_distinct(s->profile, i, &exact));
        if (dvk_profile_type(s->profile, i) == DVK_TYPE_INTEGER ||
            dvk_profile_type(s->profile, i) == DVK_TYPE_NUMBER)
            json_field(j, "numbers", convention(r, i));
        json_bool(j, "distinct_exact", exact);
        dvk_json_key(j, "top");
        dvk_json_array(j);
        for (long k = 0; k < s->top; k++) {
            unsigned long long count;
            const char *v = dvk_profile_top(s->profile, i, (size_t)k, &count);
            if (!v)
                break;
            dvk_json_object(j);
            json_field(j, "value", v);
            json_number(j, "count", count);
            dvk_json_end(j);
        }
        dvk_json_end(j);
        dvk_json_end(j);
    }
    dvk_json_end(j);
    return dvk_json_end(j);
}

static int write_tables(struct summary *s, dvk_reader *r)
{
    dvk_writer *w = s->w;
    char d[2], buf[64];
    unsigned long long read = dvk_reader_rows_read(r) + s->more.read,
                       filtered = dvk_reader_rows_filtered(r) + s->more.filtered,
                       rejected = dvk_reader_rows_rejected(r) + s->more.rejected;
    const char *head[] = {_("property"), _("value")};
    int tabular = s->o.format == DVK_FORMAT_TABLE || s->o.format == DVK_FORMAT_MD;
    if (tabular) {
        if (s->files_done)
            dvk_writer_raw(w, "\n", 1);
        dvk_writer_begin(w, 2, head);
        const char *props[][2] = {
            {_("file"), dvk_reader_name(r)},
            {_("encoding"), dvk_reader_encoding(r)},
            {_("byte-order mark"), dvk_reader_has_bom(r) ? _("yes") : _("no")},
            {_("delimiter"), delimiter_name(dvk_reader_delimiter(r), d)},
            {_("line end"), dvk_reader_line_end(r)},
            {_("header"), s->o.no_header ? _("no") : _("yes")},
        };
        for (size_t i = 0; i < sizeof props / sizeof *props; i++) {
            dvk_writer_text(w, props[i][0], -1);
            dvk_writer_text(w, props[i][1], -1);
            dvk_writer_end_row(w);
        }
        if (dvk_reader_sheet_count(r)) {
            char list[2048];
            sheet_list(r, list, sizeof list);
            dvk_writer_text(w, _("sheet read"), -1);
            dvk_writer_text(w, dvk_reader_sheet_name(r, dvk_reader_sheet(r)), -1);
            dvk_writer_end_row(w);
            dvk_writer_text(w, _("sheets"), -1);
            dvk_writer_text(w, list, -1);
            dvk_writer_end_row(w);
            snprintf(buf, sizeof buf, "%llu", dvk_reader_rows_hidden(r));
            dvk_writer_text(w, _("hidden rows read"), -1);
            dvk_writer_text(w, buf, -1);
            dvk_writer_end_row(w);
        }
        unsigned long long lay[DVK_LAYOUT_TABLE_END + 1];
        layout_counts(r, lay);
        for (int k = 0; k <= DVK_LAYOUT_TABLE_END; k++)
            lay[k] += s->more.layout[k];
        const struct { const char *name; unsigned long long v; } counts[] = {
            {_("columns"), dvk_reader_column_count(r)},
            {_("rows read"), read},
            {_("rows counted"), read - filtered - rejected},
            {_("rows filtered out"), filtered},
            {_("rows rejected"), rejected},
            {_("blank rows skipped"), dvk_reader_rows_blank(r) + s->more.blank},
            {_("header at line"), (unsigned long long)dvk_reader_header_line(r)},
            {_("total rows left out"), dvk_reader_total_rows_left_out(r, NULL) + s->more.totals},
            {_("title rows skipped"), lay[DVK_LAYOUT_TITLE]},
            {_("header rows"), lay[DVK_LAYOUT_HEADER_ROWS]},
            {_("column numbers at line"), lay[DVK_LAYOUT_COLUMN_NUMBERS]},
            {_("section headings left out"), lay[DVK_LAYOUT_SECTION]},
            {_("subtotal rows left out"), lay[DVK_LAYOUT_SUBTOTAL]},
            {_("rows after the table left out"), lay[DVK_LAYOUT_TABLE_END]},
        };
        for (size_t i = 0; i < sizeof counts / sizeof *counts; i++) {
            dvk_writer_text(w, counts[i].name, -1);
            snprintf(buf, sizeof buf, "%llu", counts[i].v);
            dvk_writer_text(w, buf, -1);
            dvk_writer_end_row(w);
        }
        /* each column of numbers: how '.' and ',' are read */
        for (size_t i = 0; i < dvk_reader_column_count(r); i++) {
            int t = dvk_profile_type(s->profile, i);
            if (t != DVK_TYPE_INTEGER && t != DVK_TYPE_NUMBER)
                continue;
            snprintf(buf, sizeof buf, _("numbers in '%s'"), dvk_reader_column_name(r, i));
            dvk_writer_text(w, buf, -1);
            dvk_writer_text(w, convention(r, i), -1);
            dvk_writer_end_row(w);
        }
        dvk_writer_end(w);
        dvk_writer_raw(w, "\n", 1);
    }
    const char *cols[] = {_("file"), "#", _("column"), _("type"), _("empty"), _("distinct"), _("most common")};
    size_t first = tabular ? 1 : 0;
    if (tabular || s->files_done == 0)
        dvk_writer_begin(w, 7 - first, cols + first);
    for (size_t i = 0; i < dvk_reader_column_count(r); i++) {
        int exact;
        if (!tabular)
            dvk_writer_text(w, dvk_reader_name(r), -1);
        dvk_writer_number(w, (double)(i + 1), 0);
        dvk_writer_text(w, dvk_reader_column_name(r, i), -1);
        dvk_writer_text(w, _(dvk_profile_type_name(dvk_profile_type(s->profile, i))), -1);
        dvk_writer_number(w, (double)dvk_profile_empty(s->profile, i), 0);
        unsigned long long distinct = dvk_profile_distinct(s->profile, i, &exact);
        snprintf(buf, sizeof buf, "%s%llu", exact ? "" : "~", distinct);
        if (exact)
            dvk_writer_number(w, (double)distinct, 0);
        else
            dvk_writer_text(w, buf, -1);
        char *top = NULL;
        size_t toplen = 0;
        FILE *f = open_memstream(&top, &toplen);
        for (long k = 0; f && k < s->top; k++) {
            unsigned long long count;
            const char *v = dvk_profile_top(s->profile, i, (size_t)k, &count);
            if (!v)
                break;
            fprintf(f, "%s%s (%llu)", k ? ", " : "", v, count);
        }
        if (f)
            fclose(f);
        dvk_writer_text(w, top ? top : "", -1);
        free(top);
        dvk_writer_end_row(w);
    }
    if (tabular)
        return dvk_writer_end(w);
    return DVK_OK;
}

static int on_close(dvk_reader *r, size_t file_index, void *ctx)
{
    struct summary *s = ctx;
    (void)file_index;
    int st = s->o.format == DVK_FORMAT_JSON ? write_json(s, r) : write_tables(s, r);
    s->files_done++;
    dvk_profile_free(s->profile);
    s->profile = NULL;
    return st ? -EXIT_DATA : DVK_OK;
}

/* The second half of a large file, read by another thread into a part
 * of the profile (dvk_profile_new_part()), made by on_open. */
static void *summary_fork(void *ctx)
{
    const struct summary *s = ctx;
    struct summary *part = malloc(sizeof *part);
    if (!part)
        return NULL;
    *part = *s;
    part->whole = s->profile;
    part->profile = NULL;
    return part;
}

static void summary_drop(void *ctx)
{
    struct summary *part = ctx;
    dvk_profile_free(part->profile);
    free(part);
}

/* The part's rows follow the whole's: its profile merged, what its reader
 * counted added.  A column whose numbers the halves read differently, or
 * settle by their values in one half only, is read again by the first
 * thread. */
static int summary_join(void *ctx, void *part_ctx)
{
    struct summary *s = ctx;
    const struct summary *part = part_ctx;
    const dvk_reader *r = s->reader, *pr = part->reader;
    for (size_t i = 0; i < dvk_reader_column_count(r); i++) {
        int sure, part_sure;
        if (dvk_reader_column_decimal(r, i, &sure) != dvk_reader_column_decimal(pr, i, &part_sure) ||
            sure != part_sure)
            return CLI_PART_REREAD;
    }
    if (dvk_profile_merge(s->profile, part->profile)) {
        cli_error("%s", dvk_profile_errmsg(s->profile));
        return 1;
    }
    struct part_counts *m = &s->more;
    m->read += dvk_reader_rows_read(pr);
    m->filtered += dvk_reader_rows_filtered(pr);
    m->rejected += dvk_reader_rows_rejected(pr);
    m->blank += dvk_reader_rows_blank(pr);
    m->totals += dvk_reader_total_rows_left_out(pr, NULL);
    m->left_out += dvk_reader_rows_left_out(pr);
    unsigned long long lay[DVK_LAYOUT_TABLE_END + 1];
    layout_counts(pr, lay);
    for (int k = DVK_LAYOUT_SECTION; k <= DVK_LAYOUT_TABLE_END; k++)
        m->layout[k] += lay[k];
    return 0;
}

int cmd_summary(int argc, char **argv, const struct cli_command *self)
{
    struct summary s = {0};
    s.top = 3;
    int st = cli_parse(argc, argv, &s.o, self, handle, &s);
    if (st >= 0)
        return st;
    s.w = cli_open_writer(&s.o, 0);
    if (!s.w)
        return EXIT_DATA;
    if (s.o.format == DVK_FORMAT_JSON) {
        s.json = dvk_json_new(s.w);
        if (!s.json)
            return cli_finish_writer(s.w, cli_json_finish(NULL, DVK_NOMEM));
        dvk_json_object(s.json);
        dvk_json_key(s.json, "command");
        dvk_json_string(s.json, "summary", -1);
        dvk_json_key(s.json, "files");
        dvk_json_array(s.json);
    }
    struct cli_visitor v = {.open = on_open, .row = on_row, .close = on_close, .ctx = &s,
                            .fork = summary_fork, .join = summary_join, .drop = summary_drop};
    st = cli_read_inputs(&s.o, &v);
    dvk_profile_free(s.profile);
    if (st == EXIT_OK) {
        if (s.json) {
            dvk_json_newline(s.json);
            dvk_json_end(s.json);
            st = cli_json_finish(s.json, dvk_json_end(s.json));
            s.json = NULL;
        } else if (s.o.format == DVK_FORMAT_CSV || s.o.format == DVK_FORMAT_TSV)
            dvk_writer_end(s.w);
    }
    st = cli_finish_writer(s.w, st);
    dvk_json_free(s.json);
    return st;
}
