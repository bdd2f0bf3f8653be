/* fmt-html.c: one self-contained page: inline CSS, a <table> per table,
 * and a chart as an SVG picture when one was asked for.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The page starts with the first thing written (its title and language
 * set by dvk_writer_set_document before) and ends when the writer is
 * committed.  The SVG's numbers are printed in the C convention
 * (dvk_buf_printf), whatever the host's locale says. */
#include "writer-impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* Append the string literal S. */
#define PUT(b, s) dvk_buf_append(b, s, sizeof s - 1)

void dvk_html_escape(dvk_buf *b, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': PUT(b, "&lt;"); break;
        case '>': PUT(b, "&gt;"); break;
        case '&': PUT(b, "&amp;"); break;
        case '"': PUT(b, "&quot;"); break;
        default: dvk_buf_putc(b, *s);
        }
    }
}

/* The page prints on A4 (an office's paper, where browsers default to US
 * Letter), and a table with its chart stays on one page.  Tables also
 * carry border, cellpadding, align and width attributes: a word processor
 * that imports or pastes the page keeps those where it drops a style sheet
 * (the width keeps a wide table inside the page there; the style sheet
 * fits a table to its content on screen). */
static const char page_css[] =
    "@page{size:A4;margin:16mm 15mm}"
    "body{font-family:'Noto Sans','DejaVu Sans',Arial,sans-serif;max-width:60em;"
    "margin:2em auto;padding:0 1em;color:#222;line-height:1.45}"
    "h1{font-size:1.6em;border-bottom:2px solid #a00;padding-bottom:.2em}"
    "h2{font-size:1.25em;margin-top:1.6em;color:#a00}"
    "h3{font-size:1.05em}"
    "h1,h2,h3{break-after:avoid;page-break-after:avoid}"
    "table{border-collapse:collapse;margin:.6em 0;width:auto}"
    "th,td{border:1px solid #bbb;padding:.25em .6em}th p,td p{margin:0}"
    "th{background:#f3f3f3;text-align:left}"
    "td.num{text-align:right;font-variant-numeric:tabular-nums}"
    "img.chart{display:block;margin:.4em 0 1em;max-width:100%;height:auto}"
    ".keep{break-inside:avoid;page-break-inside:avoid}"
    "@media print{body{margin:0;max-width:none}}";

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

/* A figure on a chart (a tick, a bar's value) as text, as the tables
 * write it: DECIMALS places, a share as a percentage, in the vi-VN
 * convention when the writer's figures are ("1,5%", "1.234"), else
 * "1.5%", "1,234". */
static void chart_number(const dvk_writer *w, dvk_buf *b, double x, int decimals, int pct)
{
    char buf[64];
    if (dvk_figure_format(buf, sizeof buf, x, decimals,
                          dvk_writer_figure_flags(w) | (pct ? DVK_FIGURE_PERCENT : 0)) == DVK_OK)
        dvk_buf_append(b, buf, strlen(buf));
}

/* The places tick V needs, at most the axis's: "0", "0.5", "1", "1.5". */
static int tick_places(double v, int pct, int most)
{
    double x = pct ? v * 100 : v;
    for (int d = 0; d < most; d++) {
        double scaled = x * pow(10, d);
        if (fabs(scaled - round(scaled)) < 1e-6)
            return d;
    }
    return most;
}

static int numeric(const struct cell *c)
{
    return c->kind == CELL_NUMBER || c->kind == CELL_PERCENT;
}

/* The base64 of LEN bytes at S (RFC 4648), for a data: address. */
static void base64(dvk_buf *b, const unsigned char *s, size_t len)
{
    static const char abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (size_t i = 0; i < len; i += 3) {
        unsigned v = (unsigned)s[i] << 16 | (i + 1 < len ? (unsigned)s[i + 1] << 8 : 0) |
                     (i + 2 < len ? (unsigned)s[i + 2] : 0);
        char q[4] = {abc[v >> 18 & 63], abc[v >> 12 & 63],
                     i + 1 < len ? abc[v >> 6 & 63] : '=', i + 2 < len ? abc[v & 63] : '='};
        dvk_buf_append(b, q, 4);
    }
}

/* Pixels of TEXT at the charts' 13px type: a rough width per column. */
static double text_px(const char *text)
{
    return (double)dvk_text_width(text, strlen(text)) * 7.6;
}

static void svg_text(dvk_buf *b, double x, double y, const char *anchor, const char *extra,
                     const char *text)
{
    dvk_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s>", x, y, anchor, extra);
    dvk_html_escape(b, text);
    PUT(b, "</text>\n");
}

/* A value's label on a bar or point: a share with one decimal, a count
 * whole, another number with what it needs. */
static void value_label(const dvk_writer *w, dvk_buf *b, const struct cell *c)
{
    int pct = c->kind == CELL_PERCENT;
    int decimals = pct ? 1 : c->value == floor(c->value) ? 0 : fabs(c->value) < 10 ? 2 : 1;
    chart_number(w, b, c->value, decimals, pct);
}

struct chart {
    size_t rows, nc;
    int pct, whiskers, line;
    struct dvk_chart_axis axis;
    char *title, *xtitle, *ytitle;
    double width, height;  /* the picture's, in pixels */
};

/* The low and high ends of row I's interval, clipped to what a share can
 * be; 0 when the row has none. */
static int interval(const dvk_writer *w, const struct chart *ch, size_t i, double *lo, double *hi)
{
    if (!ch->whiskers)
        return 0;
    const struct cell *l = &w->cells[i * ch->nc + w->chart_low];
    const struct cell *h = &w->cells[i * ch->nc + w->chart_high];
    if (!numeric(l) || !numeric(h))
        return 0;
    *lo = l->value;
    *hi = h->value;
    if (ch->pct) {
        *lo = *lo < 0 ? 0 : *lo > 1 ? 1 : *lo;
        *hi = *hi < 0 ? 0 : *hi > 1 ? 1 : *hi;
    }
    return 1;
}

static void svg_open(dvk_buf *b, struct chart *ch, double width, double height)
{
    const char *title = ch->title;
    ch->width = width;
    ch->height = height;
    dvk_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
                   "viewBox=\"0 0 %.0f %.0f\" font-family=\"Noto Sans, DejaVu Sans, Arial, "
                   "sans-serif\" font-size=\"13\" fill=\"#333\" role=\"img\" aria-label=\"",
                   width, height, width, height);
    dvk_html_escape(b, title);
    dvk_buf_printf(b, "\">\n<rect width=\"%.0f\" height=\"%.0f\" fill=\"#fff\"/>\n", width, height);
    svg_text(b, 8, 17, "start", " class=\"title\" font-size=\"15\" font-weight=\"bold\" fill=\"#222\"",
             title);
}

/* Horizontal bars, for labels too long to stand under a column: each
 * label on the left of its bar, the value at the bar's end, the value
 * axis below. */
static void svg_hbars(const dvk_writer *w, dvk_buf *b, struct chart *ch)
{
    double longest = text_px(ch->xtitle);
    for (size_t i = 0; i < ch->rows; i++) {
        double lw = text_px(w->cells[i * ch->nc + w->chart_category].text);
        if (lw > longest)
            longest = lw;
    }
    double left = 12 + longest + 8, plot = 420, top = 48, band = 24;
    double bottom = top + band * (double)ch->rows, width = left + plot + 70;
    double height = bottom + 44;
    const struct dvk_chart_axis *a = &ch->axis;
    svg_open(b, ch, width, height);
    svg_text(b, left - 8, top - 8, "end", " class=\"axis-title\" font-weight=\"bold\"", ch->xtitle);
    for (double v = a->lo; v <= a->hi + a->step / 2; v += a->step) {
        double x = left + plot * (v - a->lo) / (a->hi - a->lo);
        dvk_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.0f\" x2=\"%.1f\" y2=\"%.0f\" stroke=\"%s\"/>\n",
                       x, top - 4, x, bottom, fabs(v) < a->step / 2 ? "#888" : "#e4e4e4");
        dvk_buf_printf(b, "<text class=\"tick\" x=\"%.1f\" y=\"%.0f\" text-anchor=\"middle\">",
                       x, bottom + 14);
        chart_number(w, b, fabs(v) < a->step / 2 ? 0 : v, tick_places(v, ch->pct, a->decimals), ch->pct);
        PUT(b, "</text>\n");
    }
    svg_text(b, left + plot / 2, bottom + 34, "middle", " class=\"axis-title\" font-weight=\"bold\"",
             ch->ytitle);
    double x0 = left + plot * (0 - a->lo) / (a->hi - a->lo);
    for (size_t i = 0; i < ch->rows; i++) {
        const struct cell *c = &w->cells[i * ch->nc + w->chart_value];
        double y = top + band * (double)i + band / 2;
        svg_text(b, left - 8, y + 4, "end", "", w->cells[i * ch->nc + w->chart_category].text);
        if (!numeric(c))
            continue;
        double x = left + plot * (c->value - a->lo) / (a->hi - a->lo), end = x > x0 ? x : x0;
        dvk_buf_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                       "fill=\"#c0392b\"/>\n", x < x0 ? x : x0, y - 7, fabs(x - x0), 14.0);
        double lo, hi;
        if (interval(w, ch, i, &lo, &hi)) {
            double x1 = left + plot * (lo - a->lo) / (a->hi - a->lo);
            double x2 = left + plot * (hi - a->lo) / (a->hi - a->lo);
            dvk_buf_printf(b, "<path class=\"interval\" d=\"M%.1f %.1fH%.1fM%.1f %.1fV%.1fM%.1f %.1fV%.1f\" "
                           "stroke=\"#222\" fill=\"none\"/>\n",
                           x1, y, x2, x1, y - 5, y + 5, x2, y - 5, y + 5);
            if (x2 > end)
                end = x2;
        }
        dvk_buf_printf(b, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\">", end + 5, y + 4);
        value_label(w, b, c);
        PUT(b, "</text>\n");
    }
}

/* Columns or a line over labels standing under the axis, the value axis
 * on the left with its title turned up it.  A line takes a fixed width,
 * wide enough to read, and every k-th label when they would touch. */
static void svg_columns(const dvk_writer *w, dvk_buf *b, struct chart *ch)
{
    const struct dvk_chart_axis *a = &ch->axis;
    double ticks = 0, widest = 0;
    dvk_buf t = {0};
    for (double v = a->lo; v <= a->hi + a->step / 2; v += a->step) {
        dvk_buf_clear(&t);
        chart_number(w, &t, v, tick_places(v, ch->pct, a->decimals), ch->pct);
        if (t.data && text_px(t.data) > ticks)
            ticks = text_px(t.data);
    }
    dvk_buf_free(&t);
    for (size_t i = 0; i < ch->rows; i++) {
        double lw = text_px(w->cells[i * ch->nc + w->chart_category].text);
        if (lw > widest)
            widest = lw;
    }
    double left = 26 + ticks + 8, top = 44, height = 220;
    double plot = ch->line ? 640 : (double)ch->rows * (widest + 12 > 44 ? widest + 12 : 44);
    if (plot < 240)
        plot = 240;
    double band = plot / (double)ch->rows, bottom = top + height;
    size_t every = (size_t)ceil((widest + 10) / band);
    if (every < 1)
        every = 1;
    double width = left + plot + 16, total = bottom + 46;
    svg_open(b, ch, width, total);
    for (double v = a->lo; v <= a->hi + a->step / 2; v += a->step) {
        double y = bottom - height * (v - a->lo) / (a->hi - a->lo);
        dvk_buf_printf(b, "<line x1=\"%.0f\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" stroke=\"%s\"/>\n",
                       left, y, left + plot, y, fabs(v) < a->step / 2 ? "#888" : "#e4e4e4");
        dvk_buf_printf(b, "<text class=\"tick\" x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\">", left - 6, y + 4);
        chart_number(w, b, fabs(v) < a->step / 2 ? 0 : v, tick_places(v, ch->pct, a->decimals), ch->pct);
        PUT(b, "</text>\n");
    }
    char rot[80];
    snprintf(rot, sizeof rot, " class=\"axis-title\" font-weight=\"bold\" transform=\"rotate(-90 14 %.0f)\"",
             top + height / 2);
    svg_text(b, 14, top + height / 2, "middle", rot, ch->ytitle);
    svg_text(b, left + plot / 2, bottom + 38, "middle", " class=\"axis-title\" font-weight=\"bold\"",
             ch->xtitle);
    dvk_buf points = {0};
    int label_points = ch->rows <= 16;
    for (size_t i = 0; i < ch->rows; i++) {
        const struct cell *c = &w->cells[i * ch->nc + w->chart_value];
        double x = left + band * (double)i + band / 2;
        if (i % every == 0 || i + 1 == ch->rows)
            svg_text(b, x, bottom + 16, "middle", "", w->cells[i * ch->nc + w->chart_category].text);
        if (!numeric(c))
            continue;
        double y = bottom - height * (c->value - a->lo) / (a->hi - a->lo);
        double y0 = bottom - height * (0 - a->lo) / (a->hi - a->lo), above = y;
        if (ch->line) {
            dvk_buf_printf(&points, "%.1f,%.1f ", x, y);
            dvk_buf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#c0392b\"/>\n", x, y);
        } else {
            double bw = band * 0.6 > 60 ? 60 : band * 0.6;
            dvk_buf_printf(b, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
                           "fill=\"#c0392b\"/>\n", x - bw / 2, y < y0 ? y : y0, bw, fabs(y0 - y));
        }
        double lo, hi;
        if (interval(w, ch, i, &lo, &hi)) {
            double y1 = bottom - height * (lo - a->lo) / (a->hi - a->lo);
            double y2 = bottom - height * (hi - a->lo) / (a->hi - a->lo);
            dvk_buf_printf(b, "<path class=\"interval\" d=\"M%.1f %.1fV%.1fM%.1f %.1fH%.1fM%.1f %.1fH%.1f\" "
                           "stroke=\"#222\" fill=\"none\"/>\n",
                           x, y1, y2, x - 5, y1, x + 5, x - 5, y2, x + 5);
            if (y2 < above)
                above = y2;
        }
        if (!ch->line || label_points) {
            dvk_buf_printf(b, "<text class=\"value\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">",
                           x, above - 6);
            value_label(w, b, c);
            PUT(b, "</text>\n");
        }
    }
    if (points.len)
        dvk_buf_printf(b, "<polyline points=\"%s\" fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\"/>\n",
                       points.data);
    dvk_buf_free(&points);
}

static void html_chart_rows(dvk_writer *w, dvk_buf *out, size_t nrows);

/* The chart of the buffered table (column VALUE over column CATEGORY) as
 * an SVG picture in an <img>: a word processor importing the page keeps
 * it as a picture, where it turns inline SVG into stray text.  A line of
 * one period is a sentence instead of a chart with nothing to show. */
static void html_chart(dvk_writer *w, dvk_buf *out, size_t nrows)
{
    /* a form's row of column numbers is not a point of the chart */
    size_t skip = dvk_table_lead_rows(w, nrows);
    struct cell *all = w->cells;
    w->cells += skip * w->ncols;
    html_chart_rows(w, out, nrows - skip);
    w->cells = all;
}

static void html_chart_rows(dvk_writer *w, dvk_buf *out, size_t nrows)
{
    struct chart ch = {.nc = w->ncols};
    ch.rows = w->chart_rows && w->chart_rows < nrows ? w->chart_rows : nrows;
    if (!w->chart_type || ch.rows == 0 || w->chart_category >= ch.nc || w->chart_value >= ch.nc)
        return;
    ch.line = w->chart_type == DVK_CHART_LINE;
    if (ch.line && ch.rows < 2) {
        PUT(out, "<p class=\"no-chart\">");
        dvk_buf s = {0};
        dvk_buf_printf(&s, W_("%s: one period only, so there is no line to draw."),
                       w->cells[w->chart_category].text);
        if (s.data)
            dvk_html_escape(out, s.data);
        dvk_buf_free(&s);
        PUT(out, "</p>\n");
        return;
    }
    ch.whiskers = w->chart_low < ch.nc && w->chart_high < ch.nc;
    ch.pct = 1;
    int whole = 1, any = 0;
    double max = 0, min = 0;
    for (size_t i = 0; i < ch.rows; i++) {
        const struct cell *c = &w->cells[i * ch.nc + w->chart_value];
        if (!numeric(c))
            continue;
        any = 1;
        ch.pct &= c->kind == CELL_PERCENT;
        whole &= c->kind == CELL_NUMBER && c->value == floor(c->value);
    }
    if (!any)
        return;
    for (size_t i = 0; i < ch.rows; i++) {
        const struct cell *c = &w->cells[i * ch.nc + w->chart_value];
        double v[3] = {c->value, c->value, c->value};
        if (!numeric(c))
            continue;
        interval(w, &ch, i, &v[1], &v[2]);
        for (int k = 0; k < 3; k++) {
            if (v[k] > max)
                max = v[k];
            if (v[k] < min)
                min = v[k];
        }
    }
    dvk_chart_nice_axis(min, max, ch.pct, whole, &ch.axis);
    if (dvk_writer_chart_titles(w, &ch.title, &ch.xtitle, &ch.ytitle))
        return;
    double longest = 0;
    for (size_t i = 0; i < ch.rows; i++) {
        double lw = text_px(w->cells[i * ch.nc + w->chart_category].text);
        if (lw > longest)
            longest = lw;
    }
    dvk_buf svg = {0};
    /* labels wider than a column, or more bars than fit side by side,
     * read better as horizontal bars than slanted */
    if (!ch.line && (longest > 70 || ch.rows > 12))
        svg_hbars(w, &svg, &ch);
    else
        svg_columns(w, &svg, &ch);
    PUT(&svg, "</svg>\n");
    dvk_buf_printf(out, "<img class=\"chart\" width=\"%.0f\" height=\"%.0f\" alt=\"", ch.width, ch.height);
    dvk_html_escape(out, ch.title);
    PUT(out, "\" src=\"data:image/svg+xml;base64,");
    if (svg.data)
        base64(out, (const unsigned char *)svg.data, svg.len);
    PUT(out, "\">\n");
    dvk_buf_free(&svg);
    free(ch.title);
    free(ch.xtitle);
    free(ch.ytitle);
}

/* A cell's paragraph: no margin in a browser (the style sheet) nor in a
 * word processor's import, which takes only this inline form. */
#define CELL_P "<p style=\"margin-bottom: 0cm\">"

static int write_html_table(dvk_writer *w)
{
    int st = html_start(w);
    if (st)
        return st;
    size_t nc = w->ncols, nrows = nc ? w->ncells / nc : 0;
    dvk_buf b = {0};
    /* a table and its chart on one page, when the table fits on one */
    int keep = w->chart_type && nrows <= 30;
    if (keep)
        PUT(&b, "<div class=\"keep\">\n");
    /* Inline, for a word processor's import, which reads no style sheet
     * here: a table kept on one page, and each cell's text in a paragraph
     * with no space under it (else each row is half a centimetre taller). */
    PUT(&b, "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" width=\"100%\"");
    if (keep)
        PUT(&b, " style=\"page-break-inside: avoid\"");
    PUT(&b, ">\n<tr>");
    for (size_t j = 0; j < nc; j++) {
        PUT(&b, "<th>" CELL_P);
        dvk_html_escape(&b, w->names[j]);
        PUT(&b, "</p></th>");
    }
    PUT(&b, "</tr>\n");
    /* a form's column numbers stand over their column: right over figures */
    size_t lead = dvk_table_lead_rows(w, nrows);
    for (size_t i = 0; i < nrows; i++) {
        PUT(&b, "<tr>");
        for (size_t j = 0; j < nc; j++) {
            const struct cell *c = &w->cells[i * nc + j];
            if (c->numeric || (i < lead && nrows > lead && w->cells[lead * nc + j].numeric))
                PUT(&b, "<td class=\"num\" align=\"right\">" CELL_P);
            else
                PUT(&b, "<td>" CELL_P);
            int strong = c->bold && (c->kind == CELL_PERCENT || c->text[0]);
            if (strong)
                PUT(&b, "<strong>");
            dvk_html_escape(&b, c->text);
            if (!c->text[0])
                PUT(&b, "&#160;"); /* an empty paragraph is dropped, and its space with it */
            if (strong)
                PUT(&b, "</strong>");
            PUT(&b, "</p></td>");
        }
        PUT(&b, "</tr>\n");
    }
    PUT(&b, "</table>\n");
    html_chart(w, &b, nrows);
    if (keep)
        PUT(&b, "</div>\n");
    dvk_writer_chart_done(w);
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
    PUT(&b, "<p>");
    dvk_html_escape(&b, text);
    PUT(&b, "</p>\n");
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
