/* fmt-json.c: a table as a JSON array of objects keyed by column name,
 * streamed a row at a time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A number goes out as the number it was printed as and a missing value as
 * null, unless DVK_WRITE_JSON_STRINGS asks for every value as a string.
 * The point stays a point whatever DVK_WRITE_DECIMAL_COMMA says: JSON has
 * no other. */
#include "writer-impl.h"

#include <stdint.h>
#include <string.h>

/* Which bytes JSON must escape: '"', '\\' and the controls. */
static inline int json_plain(unsigned char c)
{
    return c >= 0x20 && c != '"' && c != '\\';
}

int dvk_json_quote(dvk_buf *b, const char *s, size_t len)
{
    /* Room for the worst case at once (every byte "\u00xx"), so that the
     * runs of plain bytes between escapes go in with one copy each. */
    if (len > (SIZE_MAX - 3) / 6 || dvk_buf_reserve(b, 6 * len + 2))
        return DVK_NOMEM;
    static const char hex[] = "0123456789abcdef";
    char *o = b->data + b->len;
    *o++ = '"';
    size_t i = 0;
    while (i < len) {
        size_t run = i;
        while (run < len && json_plain((unsigned char)s[run]))
            run++;
        memcpy(o, s + i, run - i);
        o += run - i;
        if (run == len)
            break;
        unsigned char c = (unsigned char)s[run];
        *o++ = '\\';
        switch (c) {
        case '"': *o++ = '"'; break;
        case '\\': *o++ = '\\'; break;
        case '\n': *o++ = 'n'; break;
        case '\r': *o++ = 'r'; break;
        case '\t': *o++ = 't'; break;
        default:
            memcpy(o, "u00", 3);
            o[3] = hex[c >> 4];
            o[4] = hex[c & 15];
            o += 5;
        }
        i = run + 1;
    }
    *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return DVK_OK;
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
