/* xlsx.c: the sheets of an Office Open XML workbook (.xlsx), streamed.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * At open, four small parts are read whole into tables: xl/workbook.xml
 * (the sheets in order, their names, r:id and state, and the date system),
 * xl/_rels/workbook.xml.rels (r:id to the sheet's part), xl/styles.xml
 * (each cell style's number format, reduced to number, date or time) and
 * xl/sharedStrings.xml (the strings cells refer to by index: the one part
 * held whole, one text buffer and an offset per string).  A sheet is then
 * read twice, both times streamed: the first pass keeps only its dimension
 * and its merged areas, which the file puts after the rows; the second
 * gives the rows, the parser paused at each </row>. */
#include "book-impl.h"
#include "zipxml.h"

#include <stdlib.h>
#include <string.h>

/* Excel's own limit on one cell's text is 32767 characters. */
#define MAX_CELL_TEXT ((size_t)1 << 20)
#define MAX_SHEETS 65535
#define MAX_STYLES ((size_t)1 << 20)

struct numfmt {
    unsigned id;
    int kind;
};

struct xlsx {
    zip_t *zip;
    int date1904;
    char **paths;                /* each sheet's part */
    char **rel_ids;              /* while opening: each sheet's r:id */
    long *dim_rows, *dim_cols;   /* -1 until read */

    struct numfmt *fmts;
    size_t nfmts;
    unsigned char *xf_kind;
    size_t nxf;
    int in_cell_xfs;

    dvk_buf strings;
    size_t *string_at, nstrings, strings_cap;

    /* the parse */
    dvk_book *book;
    dvk_xml_stream stream;
    int streaming;
    int in_si, in_t, in_rph, in_v, in_is, in_c, has_value;
    unsigned long row, column, last_row;
    char type[12];
    size_t style;
    dvk_buf value;
    unsigned long found_rows, found_cols;
};

static struct xlsx *state(dvk_xml_stream *s)
{
    return s->user;
}

/* Strings in OOXML escape control characters as _xHHHH_. */
static void unescape(dvk_buf *v)
{
    char *r = v->data, *w = v->data, *end = v->data + v->len;
    if (!r || !memchr(r, '_', v->len))
        return;
    while (r < end) {
        unsigned cp = 0;
        int ok = end - r >= 7 && r[0] == '_' && r[1] == 'x' && r[6] == '_';
        for (int i = 2; ok && i < 6; i++) {
            char c = r[i];
            int d = c >= '0' && c <= '9' ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f'
                    ? (c | 0x20) - 'a' + 10 : -1;
            ok = d >= 0;
            cp = cp * 16 + (unsigned)(ok ? d : 0);
        }
        if (!ok || cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *w++ = *r++;
            continue;
        }
        if (cp < 0x80)
            *w++ = (char)cp;
        else if (cp < 0x800) {
            *w++ = (char)(0xC0 | cp >> 6);
            *w++ = (char)(0x80 | (cp & 0x3F));
        } else {
            *w++ = (char)(0xE0 | cp >> 12);
            *w++ = (char)(0x80 | ((cp >> 6) & 0x3F));
            *w++ = (char)(0x80 | (cp & 0x3F));
        }
        r += 7;
    }
    v->len = (size_t)(w - v->data);
    *w = '\0';
}

static void XMLCALL collect(void *ud, const XML_Char *s, int len)
{
    dvk_xml_stream *st = ud;
    struct xlsx *x = state(st);
    if (!(x->in_v || (x->in_t && !x->in_rph)))
        return;
    if (x->value.len + (size_t)len > MAX_CELL_TEXT)
        dvk_xml_fail(st, DVK_LIMIT, (long)x->row, (long)x->column,
                     _("a cell's text is longer than %zu bytes"), MAX_CELL_TEXT);
    else if (dvk_buf_append(&x->value, s, (size_t)len))
        dvk_xml_nomem(st);
}

/* Run a part through the parser to its end. */
static int read_part(struct xlsx *x, const char *member, const char *missing,
                     XML_StartElementHandler start, XML_EndElementHandler end,
                     dvk_error *err)
{
    dvk_xml_stream s;
    int rc = dvk_xml_open(&s, x->zip, member, x, missing, err);
    if (rc == DVK_DONE)
        return DVK_OK;
    if (rc)
        return rc;
    XML_SetElementHandler(s.parser, start, end);
    XML_SetCharacterDataHandler(s.parser, collect);
    while ((rc = dvk_xml_pump(&s, err)) == DVK_ROW)
        ;
    dvk_xml_close(&s);
    return rc == DVK_DONE ? DVK_OK : rc;
}

/* ---- xl/workbook.xml */

static void XMLCALL workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    dvk_xml_stream *s = ud;
    struct xlsx *x = state(s);
    dvk_book *b = x->book;
    const char *local = dvk_xml_local(name);
    if (strcmp(local, "workbookPr") == 0) {
        const char *d = dvk_xml_attr(atts, "date1904");
        x->date1904 = d && (strcmp(d, "1") == 0 || strcmp(d, "true") == 0);
    } else if (strcmp(local, "sheet") == 0) {
        const char *sheet_name = dvk_xml_attr(atts, "name"), *id = dvk_xml_attr(atts, "id"),
                   *st = dvk_xml_attr(atts, "state");
        if (b->nsheets >= MAX_SHEETS)
            return dvk_xml_fail(s, DVK_LIMIT, 0, 0, _("more than %d sheets"), MAX_SHEETS);
        size_t n = b->nsheets + 1;
        char **names = dvk_realloc_array(b->sheet_names, n, sizeof *names);
        if (names)
            b->sheet_names = names;
        int *hidden = dvk_realloc_array(b->sheet_hidden, n, sizeof *hidden);
        if (hidden)
            b->sheet_hidden = hidden;
        char **ids = dvk_realloc_array(x->rel_ids, n, sizeof *ids);
        if (ids)
            x->rel_ids = ids;
        if (!names || !hidden || !ids)
            return dvk_xml_nomem(s);
        names[n - 1] = dvk_strndup(sheet_name ? sheet_name : "", sheet_name ? strlen(sheet_name) : 0);
        ids[n - 1] = dvk_strndup(id ? id : "", id ? strlen(id) : 0);
        hidden[n - 1] = st && (strcmp(st, "hidden") == 0 || strcmp(st, "veryHidden") == 0);
        b->nsheets = n;
        if (!names[n - 1] || !ids[n - 1])
            dvk_xml_nomem(s);
    }
}

/* ---- xl/_rels/workbook.xml.rels */

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    dvk_xml_stream *s = ud;
    struct xlsx *x = state(s);
    if (strcmp(dvk_xml_local(name), "Relationship") != 0)
        return;
    const char *id = dvk_xml_attr(atts, "Id"), *target = dvk_xml_attr(atts, "Target");
    if (!id || !target)
        return;
    for (size_t i = 0; i < x->book->nsheets; i++) {
        if (x->paths[i] || strcmp(x->rel_ids[i], id) != 0)
            continue;
        dvk_buf path = {0};
        /* targets are relative to xl/, or absolute in the package */
        int rc = target[0] == '/' ? dvk_buf_append(&path, target + 1, strlen(target + 1))
                                  : dvk_buf_printf(&path, "xl/%s", target);
        if (rc)
            return dvk_xml_nomem(s);
        x->paths[i] = path.data;
    }
}

/* ---- xl/styles.xml */

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    dvk_xml_stream *s = ud;
    struct xlsx *x = state(s);
    const char *local = dvk_xml_local(name);
    if (strcmp(local, "numFmt") == 0) {
        const char *id = dvk_xml_attr(atts, "numFmtId"), *code = dvk_xml_attr(atts, "formatCode");
        if (!id || !code || x->nfmts >= MAX_STYLES)
            return;
        struct numfmt *f = dvk_realloc_array(x->fmts, x->nfmts + 1, sizeof *f);
        if (!f)
            return dvk_xml_nomem(s);
        x->fmts = f;
        f[x->nfmts++] = (struct numfmt){(unsigned)strtoul(id, NULL, 10), dvk_numfmt_kind(0, code)};
    } else if (strcmp(local, "cellXfs") == 0)
        x->in_cell_xfs = 1;
    else if (strcmp(local, "xf") == 0 && x->in_cell_xfs) {
        if (x->nxf >= MAX_STYLES)
            return dvk_xml_fail(s, DVK_LIMIT, 0, 0, _("more than %zu cell styles"), MAX_STYLES);
        unsigned char *k = dvk_realloc(x->xf_kind, x->nxf + 1);
        if (!k)
            return dvk_xml_nomem(s);
        x->xf_kind = k;
        const char *id = dvk_xml_attr(atts, "numFmtId");
        unsigned n = id ? (unsigned)strtoul(id, NULL, 10) : 0;
        int kind = dvk_numfmt_kind(n, NULL);
        /* a workbook's own format of the same ID wins over the built-in */
        for (size_t i = 0; i < x->nfmts; i++)
            if (x->fmts[i].id == n)
                kind = x->fmts[i].kind;
        k[x->nxf++] = (unsigned char)kind;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    struct xlsx *x = state(ud);
    if (strcmp(dvk_xml_local(name), "cellXfs") == 0)
        x->in_cell_xfs = 0;
}

/* ---- xl/sharedStrings.xml */

static void XMLCALL strings_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    struct xlsx *x = state(ud);
    const char *local = dvk_xml_local(name);
    if (strcmp(local, "si") == 0) {
        x->in_si = 1;
        dvk_buf_clear(&x->value);
    } else if (strcmp(local, "t") == 0 && x->in_si)
        x->in_t = 1;
    else if (strcmp(local, "rPh") == 0)
        x->in_rph++;         /* phonetic reading of East Asian text: not the text */
}

static void XMLCALL strings_end(void *ud, const XML_Char *name)
{
    dvk_xml_stream *s = ud;
    struct xlsx *x = state(s);
    const char *local = dvk_xml_local(name);
    if (strcmp(local, "t") == 0)
        x->in_t = 0;
    else if (strcmp(local, "rPh") == 0)
        x->in_rph--;
    else if (strcmp(local, "si") == 0) {
        x->in_si = 0;
        unescape(&x->value);
        size_t *at = dvk_grow_array(x->string_at, &x->strings_cap, x->nstrings + 1, sizeof *at);
        if (!at)
            return dvk_xml_nomem(s);
        x->string_at = at;
        x->string_at[x->nstrings++] = x->strings.len;
        if (dvk_buf_append(&x->strings, x->value.data ? x->value.data : "", x->value.len)
            || dvk_buf_putc(&x->strings, '\0'))
            dvk_xml_nomem(s);
    }
}

/* ---- a sheet, first pass: its dimension and merged areas */

static int parse_range(const char *ref, unsigned long *c1, unsigned long *r1,
                       unsigned long *c2, unsigned long *r2)
{
    const char *end;
    if (!dvk_book_parse_cell(ref, c1, r1, &end))
        return 0;
    if (*end == '\0') {
        *c2 = *c1;
        *r2 = *r1;
        return 1;
    }
    return *end == ':' && dvk_book_parse_cell(end + 1, c2, r2, &end) && *end == '\0';
}

/* The sheet's size as its <dimension ref="A1:K20"/> declares it. */
static void note_dimension(struct xlsx *x, const XML_Char **atts)
{
    const char *ref = dvk_xml_attr(atts, "ref");
    unsigned long c1, r1, c2, r2;
    if (ref && parse_range(ref, &c1, &r1, &c2, &r2)) {
        x->found_rows = r2;
        x->found_cols = c2;
    }
}

static void XMLCALL dimension_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    dvk_xml_stream *s = ud;
    struct xlsx *x = state(s);
    const char *local = dvk_xml_local(name);
    if (strcmp(local, "dimension") == 0) {
        note_dimension(x, atts);
        dvk_xml_stop(s);
    } else if (strcmp(local, "sheetData") == 0)
        dvk_xml_stop(s);
}

static void XMLCALL merges_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    dvk_xml_stream *s = ud;
    struct xlsx *x = state(s);
    const char *local = dvk_xml_local(name);
    if (strcmp(local, "dimension") == 0) {
        note_dimension(x, atts);
    } else if (strcmp(local, "mergeCell") == 0) {
        const char *ref = dvk_xml_attr(atts, "ref");
        unsigned long c1, r1, c2, r2;
        if (!ref || !parse_range(ref, &c1, &r1, &c2, &r2))
            return dvk_xml_fail(s, DVK_SYNTAX, 0, 0,
                                _("the merged area \"%s\" is out of the sheet"), ref ? ref : "");
        dvk_error e;
        if (dvk_book_add_merge(x->book, r1, c1, r2, c2, &e))
            dvk_xml_fail(s, e.status, e.line, e.column, "%s", e.message);
    }
}

static int sheet_part(struct xlsx *x, size_t i, dvk_error *err)
{
    if (x->paths[i])
        return DVK_OK;
    return dvk_error_set(err, DVK_SYNTAX, 0, 0,
                         _("the sheet \"%s\" has no part in the workbook"),
                         x->book->sheet_names[i]);
}

static int xlsx_sheet_size(dvk_book *b, size_t i, unsigned long *rows, unsigned long *cols)
{
    struct xlsx *x = b->impl;
    if (x->dim_rows[i] < 0) {
        dvk_error err;
        dvk_xml_stream s;
        x->dim_rows[i] = x->dim_cols[i] = 0;
        if (!x->paths[i] || dvk_xml_open(&s, x->zip, x->paths[i], x, NULL, &err) != DVK_OK)
            return DVK_OK;
        x->found_rows = x->found_cols = 0;
        XML_SetStartElementHandler(s.parser, dimension_start);
        int rc;
        while ((rc = dvk_xml_pump(&s, &err)) == DVK_ROW)
            ;
        dvk_xml_close(&s);
        x->dim_rows[i] = (long)x->found_rows;
        x->dim_cols[i] = (long)x->found_cols;
    }
    *rows = (unsigned long)x->dim_rows[i];
    *cols = (unsigned long)x->dim_cols[i];
    return DVK_OK;
}

/* ---- a sheet, second pass: the rows */

static void emit_cell(dvk_xml_stream *s, struct xlsx *x)
{
    const char *t = x->type, *v = x->value.data ? x->value.data : "";
    int type = DVK_CELL_TEXT, rc;
    double number = 0;
    char buf[48];
    const char *text = v;
    size_t len = x->value.len;
    long row = (long)x->row, col = (long)x->column;
    if (!x->has_value || (len == 0 && strcmp(t, "str") != 0 && strcmp(t, "inlineStr") != 0))
        return;
    if (strcmp(t, "s") == 0) {
        char *end;
        unsigned long i = strtoul(v, &end, 10);
        if (end == v || *end || i >= x->nstrings)
            return dvk_xml_fail(s, DVK_SYNTAX, row, col,
                                _("the shared string %s is missing (the workbook has %zu)"), v,
                                x->nstrings);
        text = x->strings.data + x->string_at[i];
        len = (i + 1 < x->nstrings ? x->string_at[i + 1] : x->strings.len) - x->string_at[i] - 1;
    } else if (strcmp(t, "str") == 0 || strcmp(t, "inlineStr") == 0) {
        unescape(&x->value);
        text = x->value.data ? x->value.data : "";
        len = x->value.len;
    } else if (strcmp(t, "b") == 0) {
        type = DVK_CELL_BOOL;
        number = strcmp(v, "0") != 0 && strcmp(v, "false") != 0;
        text = number ? "TRUE" : "FALSE";
        len = strlen(text);
    } else if (strcmp(t, "e") == 0) {
        type = DVK_CELL_ERROR;
    } else if (strcmp(t, "d") == 0) {
        int has_time;
        if (!dvk_iso_date(v, &number, &has_time))
            return dvk_xml_fail(s, DVK_SYNTAX, row, col, _("\"%s\" is not a date"), v);
        type = DVK_CELL_DATE;
        len = dvk_date_text(number, has_time, buf, sizeof buf);
        text = buf;
    } else {
        char *end;
        double serial = dvk_strtod(v, &end);
        if (end == v || *end)
            return dvk_xml_fail(s, DVK_SYNTAX, row, col, _("\"%s\" is not a number"), v);
        int kind = x->style < x->nxf ? x->xf_kind[x->style] : DVK_NUMFMT_NUMBER;
        len = dvk_numfmt_serial(serial, kind, x->date1904, &type, &number, buf, sizeof buf);
        text = buf;
    }
    rc = dvk_book_row_cell(x->book, x->column, type, text, len, number);
    if (rc == DVK_NOMEM)
        dvk_xml_nomem(s);
    else if (rc)
        dvk_xml_fail(s, DVK_SYNTAX, row, col, _("a cell out of the sheet"));
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
    dvk_xml_stream *s = ud;
    struct xlsx *x = state(s);
    const char *local = dvk_xml_local(name);
    if (strcmp(local, "c") == 0) {
        const char *r = dvk_xml_attr(atts, "r"), *t = dvk_xml_attr(atts, "t"),
                   *st = dvk_xml_attr(atts, "s");
        unsigned long c, rr;
        if (r) {
            if (!dvk_book_parse_cell(r, &c, &rr, NULL))
                return dvk_xml_fail(s, DVK_SYNTAX, (long)x->row, (long)x->column + 1,
                                    _("the cell reference \"%s\" is out of the sheet"), r);
            x->column = c;
        } else if (++x->column > DVK_BOOK_MAX_COLUMNS)
            return dvk_xml_fail(s, DVK_SYNTAX, (long)x->row, (long)x->column,
                                _("a cell out of the sheet"));
        snprintf(x->type, sizeof x->type, "%s", t ? t : "n");
        x->style = st ? strtoul(st, NULL, 10) : 0;
        x->in_c = 1;
        x->has_value = 0;
        dvk_buf_clear(&x->value);
    } else if (strcmp(local, "v") == 0 && x->in_c)
        x->in_v = x->has_value = 1;
    else if (strcmp(local, "is") == 0 && x->in_c)
        x->in_is = x->has_value = 1;
    else if (strcmp(local, "t") == 0 && x->in_is)
        x->in_t = 1;
    else if (strcmp(local, "rPh") == 0)
        x->in_rph++;
    else if (strcmp(local, "row") == 0) {
        const char *r = dvk_xml_attr(atts, "r"), *h = dvk_xml_attr(atts, "hidden");
        unsigned long n = r ? strtoul(r, NULL, 10) : x->last_row + 1;
        if (n == 0 || n > DVK_BOOK_MAX_ROWS)
            return dvk_xml_fail(s, DVK_SYNTAX, (long)x->last_row + 1, 0,
                                _("the row number %s is out of the sheet"), r ? r : "");
        if (n <= x->last_row)
            return dvk_xml_fail(s, DVK_SYNTAX, (long)n, 0,
                                _("row %lu comes after row %lu"), n, x->last_row);
        x->row = n;
        x->column = 0;
        dvk_book_row_begin(x->book, n, h && (strcmp(h, "1") == 0 || strcmp(h, "true") == 0));
    }
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    dvk_xml_stream *s = ud;
    struct xlsx *x = state(s);
    const char *local = dvk_xml_local(name);
    if (strcmp(local, "v") == 0)
        x->in_v = 0;
    else if (strcmp(local, "t") == 0)
        x->in_t = 0;
    else if (strcmp(local, "is") == 0)
        x->in_is = 0;
    else if (strcmp(local, "rPh") == 0)
        x->in_rph--;
    else if (strcmp(local, "c") == 0) {
        x->in_c = 0;
        emit_cell(s, x);
    } else if (strcmp(local, "row") == 0) {
        x->last_row = x->row;
        dvk_book_row_end(x->book);
        if (x->book->ncells || x->book->hidden)
            dvk_xml_pause(s);
    }
}

static void stop_streaming(struct xlsx *x)
{
    if (x->streaming)
        dvk_xml_close(&x->stream);
    x->streaming = 0;
}

static int xlsx_select(dvk_book *b, size_t i, dvk_error *err)
{
    struct xlsx *x = b->impl;
    stop_streaming(x);
    int rc = sheet_part(x, i, err);
    if (rc)
        return rc;
    /* The merged areas come after the rows: a first pass finds them,
     * once for each sheet selected (book.c keeps them when the same sheet
     * is selected again). */
    if (!b->merges_kept) {
        dvk_xml_stream first;
        rc = dvk_xml_open(&first, x->zip, x->paths[i], x, _("the sheet's part is missing"), err);
        if (rc)
            return rc;
        x->found_rows = x->found_cols = 0;
        XML_SetStartElementHandler(first.parser, merges_start);
        while ((rc = dvk_xml_pump(&first, err)) == DVK_ROW)
            ;
        dvk_xml_close(&first);
        if (rc != DVK_DONE)
            return rc;
        x->dim_rows[i] = (long)x->found_rows;
        x->dim_cols[i] = (long)x->found_cols;
        dvk_book_sort_merges(b);
    }
    rc = dvk_xml_open(&x->stream, x->zip, x->paths[i], x, _("the sheet's part is missing"), err);
    if (rc)
        return rc;
    x->streaming = 1;
    x->row = x->column = x->last_row = 0;
    x->in_t = x->in_rph = x->in_v = x->in_is = x->in_c = 0;
    XML_SetElementHandler(x->stream.parser, sheet_start, sheet_end);
    XML_SetCharacterDataHandler(x->stream.parser, collect);
    return DVK_OK;
}

static int xlsx_next_row(dvk_book *b, dvk_error *err)
{
    struct xlsx *x = b->impl;
    if (!x->streaming)
        return DVK_DONE;
    int rc = dvk_xml_pump(&x->stream, err);
    if (rc != DVK_ROW)
        stop_streaming(x);
    return rc;
}

static void xlsx_free(dvk_book *b)
{
    struct xlsx *x = b->impl;
    if (!x)
        return;
    stop_streaming(x);
    for (size_t i = 0; i < b->nsheets; i++) {
        free(x->paths ? x->paths[i] : NULL);
        free(x->rel_ids ? x->rel_ids[i] : NULL);
    }
    free(x->paths);
    free(x->rel_ids);
    free(x->dim_rows);
    free(x->dim_cols);
    free(x->fmts);
    free(x->xf_kind);
    dvk_buf_free(&x->strings);
    free(x->string_at);
    dvk_buf_free(&x->value);
    if (x->zip)
        zip_discard(x->zip);
    free(x);
    b->impl = NULL;
}

static const struct dvk_book_ops xlsx_ops = {
    xlsx_free, xlsx_select, xlsx_next_row, xlsx_sheet_size,
};

int dvk_xlsx_open(dvk_book *b, struct zip *z, dvk_error *err)
{
    struct xlsx *x = dvk_calloc(1, sizeof *x);
    if (!x) {
        zip_discard(z);
        return dvk_error_nomem(err);
    }
    x->zip = z;
    x->book = b;
    b->impl = x;
    b->ops = &xlsx_ops;
    int rc = read_part(x, "xl/workbook.xml", _("the workbook has no xl/workbook.xml"),
                       workbook_start, NULL, err);
    if (rc)
        return rc;
    if (b->nsheets == 0)
        return dvk_error_set(err, DVK_EMPTY, 0, 0, _("the workbook has no sheet"));
    x->paths = dvk_calloc(b->nsheets, sizeof *x->paths);
    x->dim_rows = dvk_alloc(b->nsheets * sizeof *x->dim_rows);
    x->dim_cols = dvk_alloc(b->nsheets * sizeof *x->dim_cols);
    if (!x->paths || !x->dim_rows || !x->dim_cols)
        return dvk_error_nomem(err);
    for (size_t i = 0; i < b->nsheets; i++)
        x->dim_rows[i] = x->dim_cols[i] = -1;
    rc = read_part(x, "xl/_rels/workbook.xml.rels",
                   _("the workbook has no xl/_rels/workbook.xml.rels"), rels_start, NULL, err);
    if (!rc)
        rc = read_part(x, "xl/styles.xml", NULL, styles_start, styles_end, err);
    if (!rc)
        rc = read_part(x, "xl/sharedStrings.xml", NULL, strings_start, strings_end, err);
    return rc;
}
