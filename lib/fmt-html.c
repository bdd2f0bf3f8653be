/* fmt-html.c: one self-contained page: inline CSS, a <table> per table,
 * and a chart as inline SVG when one was asked for.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page starts with the first thing written (its title and language
 * set by dvk_writer_set_document before) and ends when the writer is
 * committed.  The SVG's numbers are printed in the C convention
 * (dvk_buf_printf), whatever the host's locale says. */
#include "writer-impl.h"

#include <string.h>

void dvk_html_escape(dvk_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': dvk_buf_append(b, "&lt;", 4); break;
        case '>': dvk_buf_append(b, "&gt;", 4); break;
        case '&': dvk_buf_append(b, "&amp;", 5); break;
        case '"': dvk_buf_append(b, "&quot;", 6); break;
        default: dvk_buf_putc(b, *s);
        }
    }
}

static const char page_css[] =
    "body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;max-width:60em;"
    "margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
    "h1{font-size:1.6em;border-bottom:2px solid #a00;padding-bottom:.2em}"
    "h2{font-size:1.25em;margin-top:1.6em;color:#a00}"
    "h3{font-size:1.05em}"
    "table{border-collapse:collapse;margin:.6em 0}"
    "th,td{border:1px solid #bbb;padding:.25em .6em}"
    "th{background:#f3f3f3;text-align:left}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}"
    "svg{display:block;margin:.4em 0 1em}"
    "svg text{font-size:11px;fill:#333}"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}"
    "table,svg{break-inside:avoid}}";

static int html_start(dvk_writer *w)
{
    if (w->page_started)
        return DVK_OK;
    w->page_started = 1;
    dvk_buf b = {0};
    dvk_buf_printf(&b, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n<title>",
                   w->lang ? w->lang : "vi");
    dvk_html_escape(&b, w->title ? w->title : "dvkstat");
    dvk_buf_printf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n", page_css);
    int st = b.data ? dvk_writer_raw(w, b.data, b.len) : DVK_NOMEM;
    dvk_buf_free(&b);
    return st;
}

/* A chart of the buffered table as inline SVG: bars or a line of column
 * VALUE over the labels of column CATEGORY. */
static void html_chart(dvk_writer *w, dvk_buf *b, size_t nrows)
{
    size_t nc = w->ncols;
    size_t rows = w->chart_rows && w->chart_rows < nrows ? w->chart_rows : nrows;
    if (!w->chart_type || rows == 0 || w->chart_category >= nc || w->chart_value >= nc)
        return;
    double max = 0, min = 0;
    int whiskers = w->chart_type == DVK_CHART_BAR && w->chart_low < nc && w->chart_high < nc;
    for (size_t i = 0; i < rows; i++) {
        size_t cols[3] = {w->chart_value, w->chart_low, w->chart_high};
        for (int k = 0; k < (whiskers ? 3 : 1); k++) {
            const struct cell *c = &w->cells[i * nc + cols[k]];
            if (c->kind == CELL_NUMBER || c->kind == CELL_PERCENT) {
                if (c->value > max)
                    max = c->value;
                if (c->value < min)
                    min = c->value;
            }
        }
    }
    if (max == min)
        max = min + 1;
    /* Labels are drawn slanted at 40°: room for the longest, left and below. */
    double longest = 0;
    for (size_t i = 0; i < rows; i++) {
        const char *text = w->cells[i * nc + w->chart_category].text;
        double lw = (double)dvk_text_width(text, strlen(text)) * 6.2;
        if (lw > longest)
            longest = lw;
    }
    double step = rows > 30 ? 16 : 40, top = 20, height = 180;
    double left = 50 + longest * 0.77 > step / 2 + 50 ? 50 + longest * 0.77 - step / 2 : 50;
    double width = step * (double)rows;
    dvk_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                   "role=\"img\" aria-label=\"", left + width + 20, top + height + 24 + longest * 0.64);
    dvk_html_escape(b, w->names[w->chart_value]);
    dvk_buf_printf(b, "\">\n<line x1=\"%.0f\" y1=\"%.0f\" x2=\"%.0f\" y2=\"%.0f\" stroke=\"#888\"/>\n",
                   left, top + height, left + width, top + height);
    for (int k = 0; k <= 4; k++) {
        double v = min + (max - min) * k / 4, y = top + height - height * k / 4;
        int pct = w->cells[w->chart_value].kind == CELL_PERCENT;
        dvk_buf_printf(b, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">%.*f%s</text>\n",
                       left - 4, y + 4, pct ? 0 : (max - min < 10 ? 1 : 0), pct ? v * 100 : v,
                       pct ? "%" : "");
        dvk_buf_printf(b, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"#eee\"/>\n",
                       left, y, left + width, y);
    }
    dvk_buf points = {0};
    for (size_t i = 0; i < rows; i++) {
        const struct cell *c = &w->cells[i * nc + w->chart_value];
        const struct cell *label = &w->cells[i * nc + w->chart_category];
        double x = left + step * (double)i + step / 2;
        if (c->kind == CELL_NUMBER || c->kind == CELL_PERCENT) {
            double y = top + height - height * (c->value - min) / (max - min);
            if (w->chart_type == DVK_CHART_BAR) {
                dvk_buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#c0392b\"/>\n",
                               x - step * 0.35, y, step * 0.7, top + height - y);
                const struct cell *lo = whiskers ? &w->cells[i * nc + w->chart_low] : NULL;
                const struct cell *hi = whiskers ? &w->cells[i * nc + w->chart_high] : NULL;
                if (lo && hi && lo->kind != CELL_NULL && hi->kind != CELL_NULL &&
                    lo->kind != CELL_TEXT && hi->kind != CELL_TEXT) {
                    double y1 = top + height - height * (lo->value - min) / (max - min);
                    double y2 = top + height - height * (hi->value - min) / (max - min);
                    dvk_buf_printf(b, "<path class=\"interval\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" "
                                   "stroke=\"#222\" fill=\"none\"/>\n",
                                   x, y1, y2, x - 5, y1, x + 5, x - 5, y2, x + 5);
                }
            } else
                dvk_buf_printf(&points, "%.1f,%.1f ", x, y);
        }
        dvk_buf_printf(b, "<text x=\"%.1f\" y=\"%.0f\" text-anchor=\"end\" transform=\"rotate(-40 %.1f %.0f)\">",
                       x, top + height + 14, x, top + height + 14);
        dvk_html_escape(b, label->text);
        dvk_buf_append(b, "</text>\n", 8);
    }
    if (points.len)
        dvk_buf_printf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n",
                       points.data);
    dvk_buf_free(&points);
    dvk_buf_append(b, "</svg>\n", 7);
}

static int write_html_table(dvk_writer *w)
{
    int st = html_start(w);
    if (st)
        return st;
    size_t nc = w->ncols, nrows = nc ? w->ncells / nc : 0;
    dvk_buf b = {0};
    dvk_buf_append(&b, "<table>\n<tr>", 12);
    for (size_t j = 0; j < nc; j++) {
        dvk_buf_append(&b, "<th>", 4);
        dvk_html_escape(&b, w->names[j]);
        dvk_buf_append(&b, "</th>", 5);
    }
    dvk_buf_append(&b, "</tr>\n", 6);
    for (size_t i = 0; i < nrows; i++) {
        dvk_buf_append(&b, "<tr>", 4);
        for (size_t j = 0; j < nc; j++) {
            const struct cell *c = &w->cells[i * nc + j];
            dvk_buf_append(&b, c->numeric ? "<td class=\"num\">" : "<td>", c->numeric ? 16 : 4);
            dvk_html_escape(&b, c->text);
            dvk_buf_append(&b, "</td>", 5);
        }
        dvk_buf_append(&b, "</tr>\n", 6);
    }
    dvk_buf_append(&b, "</table>\n", 9);
    html_chart(w, &b, nrows);
    w->chart_type = 0;
    w->chart_low = w->chart_high = SIZE_MAX;
    st = b.data ? dvk_writer_raw(w, b.data, b.len) : DVK_NOMEM;
    dvk_buf_free(&b);
    return st;
}

static int html_end(dvk_writer *w)
{
    return write_html_table(w);
}

static int html_heading(dvk_writer *w, int level, const char *text)
{
    int st = html_start(w);
    if (st)
        return st;
    dvk_buf b = {0};
    dvk_buf_printf(&b, "<h%d>", level);
    dvk_html_escape(&b, text);
    dvk_buf_printf(&b, "</h%d>\n", level);
    st = b.data ? dvk_writer_raw(w, b.data, b.len) : DVK_OK;
    dvk_buf_free(&b);
    return st;
}

static int html_paragraph(dvk_writer *w, const char *text)
{
    int st = html_start(w);
    if (st)
        return st;
    dvk_buf b = {0};
    dvk_buf_append(&b, "<p>", 3);
    dvk_html_escape(&b, text);
    dvk_buf_append(&b, "</p>\n", 5);
    st = b.data ? dvk_writer_raw(w, b.data, b.len) : DVK_OK;
    dvk_buf_free(&b);
    return st;
}

/* The page's end: a page with nothing written still gets its head. */
static int html_finish(dvk_writer *w)
{
    int st = html_start(w);
    if (!st)
        st = dvk_writer_raw(w, "</body>\n</html>\n", 16);
    return st;
}

const struct dvk_format_ops dvk_format_html = {
    .buffered = 1,
    .significant = 1,
    .percent = PERCENT_VALUE,
    .end_table = html_end,
    .heading = html_heading,
    .paragraph = html_paragraph,
    .finish = html_finish,
};
