/* fmt-delim.c: a table as CSV or TSV, streamed a row at a time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV and TSV are made for spreadsheets: text that a spreadsheet would run
 * as a formula (starting with = + - @ TAB CR) gets a leading ', numbers are
 * left alone.  Under DVK_WRITE_DECIMAL_COMMA a CSV's delimiter is ';', as
 * a spreadsheet set to a decimal comma expects. */
#include "writer-impl.h"

#include <stdint.h>
#include <string.h>

static char delimiter(const dvk_writer *w)
{
    if (w->format == DVK_FORMAT_TSV)
        return '\t';
    return (w->flags & DVK_WRITE_DECIMAL_COMMA) ? ';' : ',';
}

static int looks_numeric(const char *s, size_t len)
{
    double x;
    return dvk_number_parse(s, len, 0, &x) == DVK_OK ||
           dvk_number_parse(s, len, 1, &x) == DVK_OK;
}

static int delim_open(dvk_writer *w)
{
    if (w->flags & DVK_WRITE_BOM)
        return dvk_writer_raw(w, "\xEF\xBB\xBF", 3);
    return DVK_OK;
}

/* The header is the first row. */
static int delim_begin(dvk_writer *w)
{
    for (size_t i = 0; i < w->ncols; i++)
        if (dvk_writer_text(w, w->names[i], -1))
            return w->failed ? w->failed : DVK_NOMEM;
    return dvk_writer_end_row(w);
}

static int delim_cell(dvk_writer *w, const char *s, size_t len, int numeric, int is_null)
{
    (void)is_null; /* an empty field */
    dvk_buf *b = &w->line;
    char delim = delimiter(w);
    /* Room for the worst case at once (every byte a doubled quote), so
     * that a cell needing no quotes goes in with one copy. */
    if (len > (SIZE_MAX - 4) / 2 || dvk_buf_reserve(b, 2 * len + 4))
        return DVK_NOMEM;
    char *o = b->data + b->len;
    if (w->col > 0)
        *o++ = delim;
    w->col++;
    int prefix = !numeric && !(w->flags & DVK_WRITE_NO_SANITIZE) && len > 0 &&
                 strchr("=+-@\t\r", s[0]) != NULL && !looks_numeric(s, len);
    int quote = 0, quotes = 0;
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"')
            quotes = quote = 1;
        else if (c == delim || c == '\n' || c == '\r')
            quote = 1;
    }
    if (quote)
        *o++ = '"';
    if (prefix)
        *o++ = '\'';
    if (!quotes) {
        memcpy(o, s, len);
        o += len;
    } else {
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '"')
                *o++ = '"';
            *o++ = s[i];
        }
    }
    if (quote)
        *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return DVK_OK;
}

static int delim_end_row(dvk_writer *w)
{
    return dvk_writer_put_line(w, '\n');
}

const struct dvk_format_ops dvk_format_csv = {
    .percent = PERCENT_NUMBER,
    .open = delim_open,
    .begin = delim_begin,
    .cell = delim_cell,
    .end_row = delim_end_row,
}, dvk_format_tsv = {
    .percent = PERCENT_NUMBER,
    .open = delim_open,
    .begin = delim_begin,
    .cell = delim_cell,
    .end_row = delim_end_row,
};
