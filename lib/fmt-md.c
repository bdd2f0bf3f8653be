/* fmt-md.c: a table as Markdown (GitHub's tables), headings as #, ## and
 * ###; the table is laid out by fmt-table.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "writer-impl.h"

#include <string.h>

/* Markdown is read as HTML too: a label such as "<script>" must stay
 * text.  < > & become entities, and | (a cell boundary) is escaped in
 * cells.  Returns 1 when T needed escaping (the result in OUT). */
int dvk_md_escape(dvk_buf *out, const char *t, int cell)
{
    if (!strpbrk(t, cell ? "<>&|" : "<>&"))
        return 0;
    for (const char *p = t; *p; p++) {
        switch (*p) {
        case '<': dvk_buf_append(out, "&lt;", 4); break;
        case '>': dvk_buf_append(out, "&gt;", 4); break;
        case '&': dvk_buf_append(out, "&amp;", 5); break;
        case '|':
            if (cell) {
                dvk_buf_append(out, "\\|", 2);
                break;
            }
            /* fall through */
        default: dvk_buf_putc(out, *p);
        }
    }
    return 1;
}

static int md_heading(dvk_writer *w, int level, const char *text)
{
    dvk_buf b = {0}, esc = {0};
    int escaped = dvk_md_escape(&esc, text, 0) && esc.data;
    dvk_buf_printf(&b, "%s%.*s %s\n\n", w->after_table ? "\n" : "", level, "###",
                   escaped ? esc.data : text);
    dvk_buf_free(&esc);
    w->after_table = 0;
    int st = b.data ? dvk_writer_raw(w, b.data, b.len) : DVK_OK;
    dvk_buf_free(&b);
    return st;
}

static int md_paragraph(dvk_writer *w, const char *text)
{
    dvk_buf esc = {0};
    int escaped = dvk_md_escape(&esc, text, 0) && esc.data;
    int st = dvk_table_paragraph(w, escaped ? esc.data : text);
    dvk_buf_free(&esc);
    return st;
}

static int md_end(dvk_writer *w)
{
    int st = dvk_table_write_aligned(w, 1);
    w->after_table = 1;
    return st;
}

const struct dvk_format_ops dvk_format_md = {
    .buffered = 1,
    .significant = 1,
    .percent = PERCENT_TEXT,
    .end_table = md_end,
    .heading = md_heading,
    .paragraph = md_paragraph,
};
