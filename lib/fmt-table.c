/* fmt-table.c: a table as aligned columns for a terminal; Markdown's table
 * (fmt-md.c) is the same layout with its bars and escapes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Widths are counted in terminal columns (dvk_text_width), so Vietnamese
 * with combining marks lines up; a column whose every cell is a number
 * (or empty) is aligned to the right. */
#include "writer-impl.h"

#include <string.h>

static void put_padded(dvk_buf *b, const char *s, size_t width, size_t target,
                       int right)
{
    size_t pad = target > width ? target - width : 0;
    if (right)
        for (size_t i = 0; i < pad; i++)
            dvk_buf_putc(b, ' ');
    dvk_buf_append(b, s, strlen(s));
    if (!right)
        for (size_t i = 0; i < pad; i++)
            dvk_buf_putc(b, ' ');
}

/* End a line of an aligned table: no trailing blanks on a plain line. */
static void end_line(dvk_buf *b, int md)
{
    if (md) {
        dvk_buf_append(b, " |\n", 3);
        return;
    }
    while (b->len > 0 && b->data[b->len - 1] == ' ')
        b->len--;
    dvk_buf_putc(b, '\n');
}

/* Put cell T padded to TARGET columns: escaped for Markdown when MD. */
static void put_cell(dvk_buf *b, const char *t, size_t target, int right, int md)
{
    size_t tw = dvk_text_width(t, strlen(t));
    dvk_buf esc = {0};
    if (md && dvk_md_escape(&esc, t, 1) && esc.data) {
        /* the escapes are ASCII: one column a byte more */
        put_padded(b, esc.data, tw + (esc.len - strlen(t)), target, right);
    } else {
        put_padded(b, t, tw, target, right);
    }
    dvk_buf_free(&esc);
}

/* The width of T as written (escaped in Markdown). */
static size_t cell_width(const char *t, int md)
{
    size_t tw = dvk_text_width(t, strlen(t));
    if (!md)
        return tw;
    dvk_buf esc = {0};
    if (dvk_md_escape(&esc, t, 1))
        tw += esc.len - strlen(t);
    dvk_buf_free(&esc);
    return tw;
}

/* Cell I as written: Markdown's **bold** for a bold row's cell that
 * holds anything, into B (emptied first); otherwise its own text. */
static const char *cell_text(dvk_writer *w, size_t i, int md, dvk_buf *b)
{
    const struct cell *c = &w->cells[i];
    if (!md || !c->bold || !c->text[0])
        return c->text;
    dvk_buf_clear(b);
    dvk_buf_printf(b, "**%s**", c->text);
    return b->data ? b->data : c->text;
}

/* A form's row of column numbers ("(1)", "(2)" …) is text above numbers:
 * it must not turn a column of figures to the left. */
static int column_number(const char *t)
{
    if (*t++ != '(' || *t < '0' || *t > '9')
        return 0;
    while (*t >= '0' && *t <= '9')
        t++;
    return t[0] == ')' && t[1] == '\0';
}

size_t dvk_table_lead_rows(const dvk_writer *w, size_t nrows)
{
    if (nrows < 2 || !w->ncols || w->ncells < w->ncols)
        return 0;
    for (size_t j = 0; j < w->ncols; j++)
        if (!column_number(w->cells[j].text))
            return 0;
    return 1;
}

int dvk_table_write_aligned(dvk_writer *w, int md)
{
    size_t nc = w->ncols;
    size_t *width = dvk_calloc(nc, sizeof *width);
    int *numeric = dvk_calloc(nc, sizeof *numeric);
    if (!width || !numeric) {
        free(width);
        free(numeric);
        return DVK_NOMEM;
    }
    for (size_t j = 0; j < nc; j++) {
        width[j] = cell_width(w->names[j], md);
        numeric[j] = 1;
    }
    dvk_buf bold = {0};
    for (size_t i = 0; i < w->ncells; i++) {
        size_t j = i % nc;
        size_t cw = cell_width(cell_text(w, i, md, &bold), md);
        if (cw > width[j])
            width[j] = cw;
        if (!w->cells[i].numeric && w->cells[i].text[0] &&
            !column_number(w->cells[i].text))
            numeric[j] = 0;
    }
    dvk_buf b = {0};
    /* header */
    for (size_t j = 0; j < nc; j++) {
        dvk_buf_append(&b, md ? (j ? " | " : "| ") : (j ? "  " : ""), md ? (j ? 3 : 2) : (j ? 2 : 0));
        put_cell(&b, w->names[j], width[j], numeric[j] && w->ncells > 0, md);
    }
    end_line(&b, md);
    for (size_t j = 0; j < nc; j++) {
        if (md) {
            dvk_buf_append(&b, j ? " | " : "| ", j ? 3 : 2);
            for (size_t k = 0; k + 1 < (width[j] < 3 ? 3 : width[j]); k++)
                dvk_buf_putc(&b, '-');
            dvk_buf_putc(&b, numeric[j] && w->ncells > 0 ? ':' : '-');
        } else {
            if (j)
                dvk_buf_append(&b, "  ", 2);
            for (size_t k = 0; k < width[j]; k++)
                dvk_buf_putc(&b, '-');
        }
    }
    end_line(&b, md);
    for (size_t i = 0; i < w->ncells; i++) {
        size_t j = i % nc;
        const char *t = cell_text(w, i, md, &bold);
        if (md)
            dvk_buf_append(&b, j ? " | " : "| ", j ? 3 : 2);
        else if (j)
            dvk_buf_append(&b, "  ", 2);
        put_cell(&b, t, width[j], numeric[j], md);
        if (j == nc - 1)
            end_line(&b, md);
    }
    free(width);
    free(numeric);
    dvk_buf_free(&bold);
    if (!b.data)
        return DVK_NOMEM;
    int st = dvk_writer_raw(w, b.data, b.len);
    dvk_buf_free(&b);
    return st;
}

int dvk_table_paragraph(dvk_writer *w, const char *t)
{
    dvk_buf b = {0};
    dvk_buf_printf(&b, "%s%s\n\n", w->after_table ? "\n" : "", t);
    w->after_table = 0;
    int st = b.data ? dvk_writer_raw(w, b.data, b.len) : DVK_OK;
    dvk_buf_free(&b);
    return st;
}

static int table_heading(dvk_writer *w, int level, const char *text)
{
    dvk_buf b = {0};
    size_t width = dvk_text_width(text, strlen(text));
    dvk_buf_printf(&b, "%s\n", text);
    for (size_t i = 0; i < width; i++)
        dvk_buf_putc(&b, level == 1 ? '=' : '-');
    dvk_buf_append(&b, "\n\n", 2);
    int st = b.data ? dvk_writer_raw(w, b.data, b.len) : DVK_OK;
    dvk_buf_free(&b);
    return st;
}

static int table_end(dvk_writer *w)
{
    int st = dvk_table_write_aligned(w, 0);
    w->after_table = 1;
    return st;
}

const struct dvk_format_ops dvk_format_table = {
    .buffered = 1,
    .significant = 1,
    .percent = PERCENT_TEXT,
    .end_table = table_end,
    .heading = table_heading,
    .paragraph = dvk_table_paragraph,
};
