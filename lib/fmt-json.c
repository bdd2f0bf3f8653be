/* fmt-json.c: a table as a JSON array of objects keyed by column name,
 * streamed a row at a time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A number goes out as the number it was printed as and a missing value as
 * null, unless DVK_WRITE_JSON_STRINGS asks for every value as a string.
 * The point stays a point whatever DVK_WRITE_DECIMAL_COMMA says: JSON has
 * no other. */
#include "writer-impl.h"

#include <string.h>

int dvk_json_quote(dvk_buf *b, const char *s, size_t len)
{
    if (dvk_buf_putc(b, '"'))
        return DVK_NOMEM;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        int st;
        switch (c) {
        case '"': st = dvk_buf_append(b, "\\\"", 2); break;
        case '\\': st = dvk_buf_append(b, "\\\\", 2); break;
        case '\n': st = dvk_buf_append(b, "\\n", 2); break;
        case '\r': st = dvk_buf_append(b, "\\r", 2); break;
        case '\t': st = dvk_buf_append(b, "\\t", 2); break;
        default:
            st = c < 0x20 ? dvk_buf_printf(b, "\\u%04x", c) : dvk_buf_putc(b, (char)c);
        }
        if (st)
            return DVK_NOMEM;
    }
    return dvk_buf_putc(b, '"');
}

static int json_begin(dvk_writer *w)
{
    return dvk_writer_raw(w, "[", 1);
}

static int json_cell(dvk_writer *w, const char *s, size_t len, int numeric, int is_null)
{
    dvk_buf *b = &w->line;
    int st;
    if (w->col == 0)
        st = dvk_buf_append(b, w->rows ? ",\n{" : "\n{", w->rows ? 3 : 2);
    else
        st = dvk_buf_putc(b, ',');
    const char *name = w->col < w->ncols ? w->names[w->col] : "";
    if (!st)
        st = dvk_json_quote(b, name, strlen(name));
    if (!st)
        st = dvk_buf_putc(b, ':');
    if (st)
        return DVK_NOMEM;
    if (is_null && !(w->flags & DVK_WRITE_JSON_STRINGS))
        st = dvk_buf_append(b, "null", 4);
    else if (numeric && !(w->flags & DVK_WRITE_JSON_STRINGS))
        st = dvk_buf_append(b, s, len);
    else
        st = dvk_json_quote(b, s, len);
    w->col++;
    return st;
}

static int json_end_row(dvk_writer *w)
{
    return dvk_writer_put_line(w, '}');
}

static int json_end_table(dvk_writer *w)
{
    return dvk_writer_raw(w, w->rows ? "\n]\n" : "]\n", w->rows ? 3 : 2);
}

const struct dvk_format_ops dvk_format_json = {
    .point_always = 1,
    .percent = PERCENT_NUMBER,
    .begin = json_begin,
    .cell = json_cell,
    .end_row = json_end_row,
    .end_table = json_end_table,
};
