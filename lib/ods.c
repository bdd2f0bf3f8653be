/* ods.c: the sheets of an OpenDocument spreadsheet (.ods), streamed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All the sheets live in one part, content.xml, one table:table each.  At
 * open it is streamed once for the sheet names, which table styles hide a
 * sheet (style:table-properties table:display="false") and each sheet's
 * size; selecting a sheet streams it again from the start, skipping the
 * tables before it, and pauses the parser at each row's end.
 *
 * ODS compresses runs with table:number-rows-repeated and
 * table:number-columns-repeated, and files end with a run of a million
 * empty rows or a thousand empty columns: an empty run only moves the
 * position, and a run that holds something is given once per repeat
 * within the sheet's limits and a budget of repeated cells, so a few
 * bytes never become gigabytes.  A cell's table:number-columns-spanned
 * and -rows-spanned make a merged area, known before the cells it covers
 * (table:covered-table-cell). */
#include "book-impl.h"
#include "zipxml.h"

#include <stdlib.h>
#include <string.h>

#define MAX_CELL_TEXT ((size_t)1 << 20)
#define MAX_SHEETS 65535
/* Cells given again by repeats, per sheet: a dense sheet's worth. */
#define MAX_REPEATED_CELLS ((unsigned long long)1 << 24)

struct ods {
    zip_t *zip;
    char **hidden_styles;
    size_t nhidden;
    char *table_style;           /* while opening: the table style being read */
    unsigned long *rows, *cols;  /* each sheet's size */

    dvk_book *book;
    dvk_xml_stream stream;
    int streaming, opening;
    size_t want, tables;         /* the selected sheet; tables seen so far */
    int in_table, in_cell, annotation, paragraphs, in_p;
    unsigned long row, column, row_repeat, column_repeat, col_span, row_span;
    int row_hidden, row_has;
    unsigned long pending;       /* repeats of the row still to give */
    unsigned long long repeated_cells;
    char value_type[16];
    char *value;                 /* office:value, date-value, time-value, boolean-value */
    int calc_error;
    dvk_buf text;
};

static struct ods *state(dvk_xml_stream *s)
{
    return s->user;
}

static unsigned long count_attr(const char **atts, const char *name, unsigned long max)
{
    const char *v = dvk_xml_attr(atts, name);
    unsigned long n = v ? strtoul(v, NULL, 10) : 1;
    return n < 1 ? 1 : n > max ? max : n;
}

static int is_hidden_style(struct ods *o, const char *style)
{
    for (size_t i = 0; style && i < o->nhidden; i++)
        if (strcmp(o->hidden_styles[i], style) == 0)
            return 1;
    return 0;
}

/* "PT36H30M15.5S" (or "P1DT2H") as a fraction of a day. */
static double duration_days(const char *s)
{
    double days = 0, n = 0;
    int in_time = 0;
    for (const char *p = s; *p; p++) {
        if (*p == 'P' || *p == '-')
            continue;
        if (*p == 'T') {
            in_time = 1;
            continue;
        }
        if ((*p >= '0' && *p <= '9') || *p == '.') {
            char *end;
            n = dvk_strtod(p, &end);
            p = end - 1;
            continue;
        }
        days += *p == 'D' ? n : *p == 'H' ? n / 24 : *p == 'M' && in_time ? n / 1440
                : *p == 'S' ? n / 86400 : 0;
        n = 0;
    }
    return s[0] == '-' ? -days : days;
}

/* ---- a cell */

static void begin_cell(dvk_xml_stream *s, struct ods *o, const char **atts, int covered)
{
    o->in_cell = 1;
    o->column_repeat = count_attr(atts, "number-columns-repeated", DVK_BOOK_MAX_COLUMNS);
    o->col_span = covered ? 1 : count_attr(atts, "number-columns-spanned", DVK_BOOK_MAX_COLUMNS + 1);
    o->row_span = covered ? 1 : count_attr(atts, "number-rows-spanned", DVK_BOOK_MAX_ROWS + 1);
    o->paragraphs = o->in_p = o->annotation = 0;
    o->calc_error = 0;
    dvk_buf_clear(&o->text);
    free(o->value);
    o->value = NULL;
    o->value_type[0] = '\0';
    if (covered)
        return;
    const char *t = dvk_xml_attr(atts, "value-type");
    snprintf(o->value_type, sizeof o->value_type, "%s", t ? t : "");
    const char *v = strcmp(o->value_type, "date") == 0 ? dvk_xml_attr(atts, "date-value")
                    : strcmp(o->value_type, "time") == 0 ? dvk_xml_attr(atts, "time-value")
                    : strcmp(o->value_type, "boolean") == 0 ? dvk_xml_attr(atts, "boolean-value")
                    : strcmp(o->value_type, "string") == 0 ? dvk_xml_attr(atts, "string-value")
                    : dvk_xml_attr(atts, "value");
    /* LibreOffice marks a formula's error in its own namespace */
    for (size_t i = 0; atts[i]; i += 2)
        if (strcmp(dvk_xml_local(atts[i]), "value-type") == 0 && strcmp(atts[i + 1], "error") == 0)
            o->calc_error = 1;
    if (v && !(o->value = dvk_strndup(v, strlen(v))))
        dvk_xml_nomem(s);
}

static void end_cell(dvk_xml_stream *s, struct ods *o)
{
    o->in_cell = 0;
    unsigned long col = o->column, row = o->row;
    o->column += o->column_repeat;
    if (o->column > DVK_BOOK_MAX_COLUMNS + 1)
        o->column = DVK_BOOK_MAX_COLUMNS + 1;
    const char *t = o->value_type, *v = o->value ? o->value : "";
    int type = DVK_CELL_TEXT, has_time = 0;
    double number = 0;
    char buf[48];
    const char *text = o->text.data ? o->text.data : "";
    size_t len = o->text.len;
    if (o->calc_error)
        type = DVK_CELL_ERROR;
    else if (!strcmp(t, "float") || !strcmp(t, "percentage") || !strcmp(t, "currency")) {
        char *end;
        number = dvk_strtod(v, &end);
        if (end == v)
            return dvk_xml_fail(s, DVK_SYNTAX, (long)row, (long)col, _("\"%s\" is not a number"), v);
        type = DVK_CELL_NUMBER;
        len = dvk_number_text(number, buf, sizeof buf);
        text = buf;
    } else if (!strcmp(t, "date")) {
        if (!dvk_iso_date(v, &number, &has_time))
            return dvk_xml_fail(s, DVK_SYNTAX, (long)row, (long)col, _("\"%s\" is not a date"), v);
        type = DVK_CELL_DATE;
        len = dvk_date_text(number, has_time, buf, sizeof buf);
        text = buf;
    } else if (!strcmp(t, "time")) {
        type = DVK_CELL_TIME;
        number = duration_days(v);
        len = dvk_time_text(number, buf, sizeof buf);
        text = buf;
    } else if (!strcmp(t, "boolean")) {
        type = DVK_CELL_BOOL;
        number = strcmp(v, "true") == 0 || strcmp(v, "1") == 0;
        text = number ? "TRUE" : "FALSE";
        len = strlen(text);
    } else if (o->value) {
        text = o->value;          /* office:string-value */
        len = strlen(text);
    } else if (!t[0] && len == 0 && !o->paragraphs)
        type = DVK_CELL_EMPTY;
    if (!o->opening && (o->col_span > 1 || o->row_span > 1)) {
        dvk_error e;
        if (dvk_book_add_merge(o->book, row, col, row + o->row_span - 1, col + o->col_span - 1, &e))
            return dvk_xml_fail(s, e.status, e.line, e.column, "%s", e.message);
    }
    if (type == DVK_CELL_EMPTY)
        return;
    if (col + o->column_repeat - 1 > DVK_BOOK_MAX_COLUMNS)
        return dvk_xml_fail(s, DVK_SYNTAX, (long)row, (long)col, _("a cell out of the sheet"));
    if (o->opening) {
        o->row_has = 1;
        unsigned long *cols = &o->cols[o->tables - 1];
        if (col + o->column_repeat - 1 > *cols)
            *cols = col + o->column_repeat - 1;
        return;
    }
    if (o->column_repeat > 1) {
        o->repeated_cells += o->column_repeat;
        if (o->repeated_cells > MAX_REPEATED_CELLS)
            return dvk_xml_fail(s, DVK_LIMIT, (long)row, (long)col,
                                _("more than %llu cells given by repeats"), MAX_REPEATED_CELLS);
    }
    for (unsigned long k = 0; k < o->column_repeat; k++)
        if (dvk_book_row_cell(o->book, col + k, type, text, len, number))
            return dvk_xml_nomem(s);
}

/* ---- rows and tables */

static void end_row(dvk_xml_stream *s, struct ods *o)
{
    unsigned long first = o->row;
    o->row += o->row_repeat;
    if (o->opening) {
        if (o->row_has) {
            unsigned long last = first + o->row_repeat - 1;
            o->rows[o->tables - 1] = last > DVK_BOOK_MAX_ROWS ? DVK_BOOK_MAX_ROWS : last;
        }
        return;
    }
    dvk_book *b = o->book;
    dvk_book_row_end(b);
    if (!b->ncells && !(b->hidden && o->row_repeat == 1))
        return;
    if (first > DVK_BOOK_MAX_ROWS)
        return dvk_xml_fail(s, DVK_SYNTAX, (long)first, 1, _("a row out of the sheet"));
    unsigned long more = o->row_repeat - 1;
    if (first + more > DVK_BOOK_MAX_ROWS)
        more = DVK_BOOK_MAX_ROWS - first;
    o->repeated_cells += (unsigned long long)more * b->ncells;
    if (o->repeated_cells > MAX_REPEATED_CELLS)
        return dvk_xml_fail(s, DVK_LIMIT, (long)first, 1,
                            _("more than %llu cells given by repeats"), MAX_REPEATED_CELLS);
    o->pending = more;
    dvk_xml_pause(s);
}

static void XMLCALL content_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    dvk_xml_stream *s = ud;
    struct ods *o = state(s);
    const char *local = dvk_xml_local(name);
    if (o->opening && strcmp(local, "style") == 0) {
        const char *family = dvk_xml_attr(atts, "family"), *n = dvk_xml_attr(atts, "name");
        free(o->table_style);
        o->table_style = family && n && strcmp(family, "table") == 0 ? dvk_strndup(n, strlen(n)) : NULL;
    } else if (o->opening && strcmp(local, "table-properties") == 0 && o->table_style) {
        const char *d = dvk_xml_attr(atts, "display");
        if (d && strcmp(d, "false") == 0 && o->nhidden < MAX_SHEETS) {
            char **h = dvk_realloc_array(o->hidden_styles, o->nhidden + 1, sizeof *h);
            if (!h)
                return dvk_xml_nomem(s);
            o->hidden_styles = h;
            h[o->nhidden++] = o->table_style;
            o->table_style = NULL;
        }
    } else if (strcmp(local, "table") == 0 && !o->in_table) {
        o->tables++;
        o->row = 1;
        if (o->opening) {
            dvk_book *b = o->book;
            if (b->nsheets >= MAX_SHEETS)
                return dvk_xml_fail(s, DVK_LIMIT, 0, 0, _("more than %d sheets"), MAX_SHEETS);
            const char *n = dvk_xml_attr(atts, "name");
            size_t k = b->nsheets + 1;
            char **names = dvk_realloc_array(b->sheet_names, k, sizeof *names);
            if (names)
                b->sheet_names = names;
            int *hidden = dvk_realloc_array(b->sheet_hidden, k, sizeof *hidden);
            if (hidden)
                b->sheet_hidden = hidden;
            unsigned long *rows = dvk_realloc_array(o->rows, k, sizeof *rows);
            if (rows)
                o->rows = rows;
            unsigned long *cols = dvk_realloc_array(o->cols, k, sizeof *cols);
            if (cols)
                o->cols = cols;
            if (!names || !hidden || !rows || !cols
                || !(names[k - 1] = dvk_strndup(n ? n : "", n ? strlen(n) : 0)))
                return dvk_xml_nomem(s);
            hidden[k - 1] = is_hidden_style(o, dvk_xml_attr(atts, "style-name"));
            rows[k - 1] = cols[k - 1] = 0;
            b->nsheets = k;
            o->in_table = 1;
        } else
            o->in_table = o->tables == o->want + 1;
    } else if (!o->in_table)
        return;
    else if (strcmp(local, "table-row") == 0) {
        const char *v = dvk_xml_attr(atts, "visibility");
        o->row_repeat = count_attr(atts, "number-rows-repeated", DVK_BOOK_MAX_ROWS + 1);
        o->row_hidden = v && (strcmp(v, "collapse") == 0 || strcmp(v, "filter") == 0);
        o->row_has = 0;
        o->column = 1;
        if (!o->opening)
            dvk_book_row_begin(o->book, o->row, o->row_hidden);
    } else if (strcmp(local, "table-cell") == 0 || strcmp(local, "covered-table-cell") == 0)
        begin_cell(s, o, atts, local[0] == 'c');
    else if (!o->in_cell)
        return;
    else if (strcmp(local, "annotation") == 0)
        o->annotation++;
    else if (o->annotation)
        return;
    else if (strcmp(local, "p") == 0 || strcmp(local, "h") == 0) {
        if (o->paragraphs++ && dvk_buf_putc(&o->text, '\n'))
            dvk_xml_nomem(s);
        o->in_p++;
    } else if (o->in_p && (strcmp(local, "s") == 0 || strcmp(local, "tab") == 0
                           || strcmp(local, "line-break") == 0)) {
        unsigned long n = local[0] == 's' ? count_attr(atts, "c", 1024) : 1;
        char c = local[0] == 's' ? ' ' : local[0] == 't' ? '\t' : '\n';
        if (o->text.len + n > MAX_CELL_TEXT)
            return dvk_xml_fail(s, DVK_LIMIT, (long)o->row, (long)o->column,
                                _("a cell's text is longer than %zu bytes"), MAX_CELL_TEXT);
        for (unsigned long k = 0; k < n; k++)
            if (dvk_buf_putc(&o->text, c))
                return dvk_xml_nomem(s);
    }
}

static void XMLCALL content_end(void *ud, const XML_Char *name)
{
    dvk_xml_stream *s = ud;
    struct ods *o = state(s);
    const char *local = dvk_xml_local(name);
    if (!o->in_table)
        return;
    if (strcmp(local, "table") == 0) {
        o->in_table = 0;
        if (!o->opening)
            dvk_xml_stop(s);
    } else if (strcmp(local, "table-row") == 0)
        end_row(s, o);
    else if (strcmp(local, "table-cell") == 0 || strcmp(local, "covered-table-cell") == 0)
        end_cell(s, o);
    else if (strcmp(local, "annotation") == 0 && o->annotation)
        o->annotation--;
    else if ((strcmp(local, "p") == 0 || strcmp(local, "h") == 0) && o->in_p && !o->annotation)
        o->in_p--;
}

static void XMLCALL content_text(void *ud, const XML_Char *text, int len)
{
    dvk_xml_stream *s = ud;
    struct ods *o = state(s);
    if (!o->in_cell || !o->in_p || o->annotation)
        return;
    if (o->text.len + (size_t)len > MAX_CELL_TEXT)
        dvk_xml_fail(s, DVK_LIMIT, (long)o->row, (long)o->column,
                     _("a cell's text is longer than %zu bytes"), MAX_CELL_TEXT);
    else if (dvk_buf_append(&o->text, text, (size_t)len))
        dvk_xml_nomem(s);
}

static int start_stream(struct ods *o, dvk_error *err)
{
    int rc = dvk_xml_open(&o->stream, o->zip, "content.xml", o,
                          _("the OpenDocument file has no content.xml"), err);
    if (rc)
        return rc;
    o->streaming = 1;
    o->tables = 0;
    o->in_table = o->in_cell = 0;
    o->pending = 0;
    o->repeated_cells = 0;
    XML_SetElementHandler(o->stream.parser, content_start, content_end);
    XML_SetCharacterDataHandler(o->stream.parser, content_text);
    return DVK_OK;
}

static void stop_streaming(struct ods *o)
{
    if (o->streaming)
        dvk_xml_close(&o->stream);
    o->streaming = 0;
}

static int ods_select(dvk_book *b, size_t i, dvk_error *err)
{
    struct ods *o = b->impl;
    stop_streaming(o);
    o->want = i;
    return start_stream(o, err);
}

static int ods_next_row(dvk_book *b, dvk_error *err)
{
    struct ods *o = b->impl;
    if (o->pending) {
        /* the same row again, one further down */
        o->pending--;
        b->row++;
        return DVK_ROW;
    }
    if (!o->streaming)
        return DVK_DONE;
    int rc = dvk_xml_pump(&o->stream, err);
    if (rc != DVK_ROW)
        stop_streaming(o);
    return rc;
}

static int ods_sheet_size(dvk_book *b, size_t i, unsigned long *rows, unsigned long *cols)
{
    struct ods *o = b->impl;
    *rows = o->rows[i];
    *cols = o->cols[i];
    return DVK_OK;
}

static void ods_free(dvk_book *b)
{
    struct ods *o = b->impl;
    if (!o)
        return;
    stop_streaming(o);
    for (size_t i = 0; i < o->nhidden; i++)
        free(o->hidden_styles[i]);
    free(o->hidden_styles);
    free(o->table_style);
    free(o->rows);
    free(o->cols);
    free(o->value);
    dvk_buf_free(&o->text);
    if (o->zip)
        zip_discard(o->zip);
    free(o);
    b->impl = NULL;
}

static const struct dvk_book_ops ods_ops = {
    ods_free, ods_select, ods_next_row, ods_sheet_size,
};

int dvk_ods_open(dvk_book *b, struct zip *z, dvk_error *err)
{
    struct ods *o = dvk_calloc(1, sizeof *o);
    if (!o) {
        zip_discard(z);
        return dvk_error_nomem(err);
    }
    o->zip = z;
    o->book = b;
    b->impl = o;
    b->ops = &ods_ops;
    o->opening = 1;
    int rc = start_stream(o, err);
    while (rc == DVK_OK && (rc = dvk_xml_pump(&o->stream, err)) == DVK_ROW)
        rc = DVK_OK;
    stop_streaming(o);
    o->opening = 0;
    if (rc != DVK_DONE)
        return rc;
    if (b->nsheets == 0)
        return dvk_error_set(err, DVK_EMPTY, 0, 0, _("the workbook has no sheet"));
    return DVK_OK;
}
