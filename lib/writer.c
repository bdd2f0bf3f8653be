/* writer.c: the writer's core: cells buffered, numbers formatted, and
 * each call handed to the format's table of functions (fmt-table.c,
 * fmt-md.c, fmt-delim.c, fmt-json.c, fmt-html.c, fmt-xlsx.c; writer-impl.h
 * says what they share).  Where the output goes and how a file is
 * replaced is writer-file.c's.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "writer-impl.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
static const struct dvk_format_ops *const formats[] = {
    [DVK_FORMAT_TABLE] = &dvk_format_table, [DVK_FORMAT_CSV] = &dvk_format_csv,
    [DVK_FORMAT_TSV] = &dvk_format_tsv,     [DVK_FORMAT_JSON] = &dvk_format_json,
    [DVK_FORMAT_MD] = &dvk_format_md,       [DVK_FORMAT_XLSX] = &dvk_format_xlsx,
    [DVK_FORMAT_HTML] = &dvk_format_html,
};

DVK_API int dvk_format_parse(const char *name)
{
    static const char *const names[] = {"table", "csv", "tsv", "json", "md", "xlsx", "html"};
    for (int i = 0; i < 7; i++)
        if (name && strcmp(name, names[i]) == 0)
            return i;
    if (name && strcmp(name, "markdown") == 0)
        return DVK_FORMAT_MD;
    return -1;
}

DVK_API dvk_writer *dvk_writer_new(int format, unsigned flags)
{
    if (format < DVK_FORMAT_TABLE || format > DVK_FORMAT_HTML)
        return NULL;
    dvk_writer *w = dvk_calloc(1, sizeof *w);
    if (!w)
        return NULL;
    w->ops = formats[format];
    w->format = format;
    w->flags = flags;
    w->chart_low = w->chart_high = SIZE_MAX;
    return w;
}
static void free_cells(dvk_writer *w)
{
    for (size_t i = 0; i < w->ncells; i++)
        free(w->cells[i].text);
    free(w->cells);
    w->cells = NULL;
    w->ncells = w->cells_cap = 0;
}

static void free_names(dvk_writer *w)
{
    for (size_t i = 0; i < w->ncols && w->names; i++)
        free(w->names[i]);
    free(w->names);
    w->names = NULL;
}

/* Rows go out in blocks of this size: one call to stdio for hundreds of
 * rows, not one a row. */
#define WRITER_BLOCK (256u << 10)

/* Write the whole rows held in w->line, keeping a row being made. */
int dvk_writer_drain_rows(dvk_writer *w)
{
    size_t n = w->line_done;
    if (!n)
        return DVK_OK;
    w->line_done = 0;
    if (w->failed)
        return w->failed;
    if (!w->out)
        return DVK_USAGE;
    int st = DVK_OK;
    if (fwrite(w->line.data, 1, n, w->out) != n)
        st = dvk_writer_fail(w, W_("write"), w->path);
    memmove(w->line.data, w->line.data + n, w->line.len - n + 1);
    w->line.len -= n;
    return st;
}

DVK_API void dvk_writer_free(dvk_writer *w)
{
    if (!w)
        return;
    if (w->out && !w->failed)
        dvk_writer_drain_rows(w); /* the rows made so far, as if written one by one */
    if (w->out && w->out != stdout)
        fclose(w->out);
    if (w->ops->release)
        w->ops->release(w); /* before the temporary file is removed below */
    if (w->msg_lang)
        freelocale(w->msg_lang);
    if (w->tmp_path)
        unlink(w->tmp_path);
    free(w->tmp_path);
    free(w->target);
    free(w->path);
    free(w->title);
    free(w->lang);
    dvk_writer_chart_done(w);
    free_names(w);
    free_cells(w);
    dvk_buf_free(&w->line);
    free(w);
}
/* Record "cannot ACTION PATH: reason" from errno; standard output's
 * failure reads "write error: reason", as in other GNU programs. */
int dvk_writer_fail(dvk_writer *w, const char *action, const char *path)
{
    int e = errno;
    w->failed = DVK_IO;
    if (!path)
        dvk_error_set(&w->err, DVK_IO, 0, 0, W_("write error: %s"), W_STRERROR(e));
    else
        dvk_error_set(&w->err, DVK_IO, 0, 0, W_("cannot %s %s: %s"), action, path,
                      W_STRERROR(e));
    return DVK_IO;
}

DVK_API const char *dvk_writer_errmsg(const dvk_writer *w)
{
    return w ? w->err.message : "out of memory";
}

DVK_API const char *dvk_writer_temp_path(const dvk_writer *w)
{
    return w ? w->tmp_path : NULL;
}

DVK_API size_t dvk_writer_stale_removed(const dvk_writer *w)
{
    return w ? w->stale_removed : 0;
}

DVK_API int dvk_writer_raw(dvk_writer *w, const char *s, size_t len)
{
    if (w && w->failed)
        return w->failed;
    if (w && w->ops->note)
        return w->ops->note(w, s, len);
    if (!w || !w->out)
        return DVK_USAGE;
    int st = dvk_writer_drain_rows(w);
    if (st)
        return st;
    if (len && fwrite(s, 1, len, w->out) != len)
        return dvk_writer_fail(w, W_("write"), w->path);
    return DVK_OK;
}
DVK_API int dvk_writer_json_string(dvk_writer *w, const char *s, size_t len)
{
    if (!w)
        return DVK_USAGE;
    dvk_buf b = {0};
    int st = dvk_json_quote(&b, s, len);
    if (!st)
        st = dvk_writer_raw(w, b.data, b.len);
    dvk_buf_free(&b);
    return st;
}
DVK_API int dvk_writer_begin(dvk_writer *w, size_t ncols, const char *const *names)
{
    if (!w || (!w->out && !w->book))
        return DVK_USAGE;
    free_names(w);
    w->names = dvk_calloc(ncols, sizeof *w->names);
    if (!w->names)
        return DVK_NOMEM;
    w->ncols = ncols;
    for (size_t i = 0; i < ncols; i++) {
        w->names[i] = dvk_strndup(names[i], strlen(names[i]));
        if (!w->names[i])
            return DVK_NOMEM;
    }
    w->col = 0;
    w->rows = 0;
    return w->ops->begin ? w->ops->begin(w) : DVK_OK;
}
static int add_cell(dvk_writer *w, const char *s, size_t len, int numeric,
                    int is_null)
{
    if (!w || (!w->out && !w->book) || !w->names)
        return DVK_USAGE;
    if (w->ops->buffered) {
        struct cell *c = dvk_grow_array(w->cells, &w->cells_cap, w->ncells + 1, sizeof *c);
        if (!c)
            return DVK_NOMEM;
        w->cells = c;
        char *text = dvk_strndup(s, len);
        if (!text)
            return DVK_NOMEM;
        /* A line break or tab inside a cell would break the alignment. */
        for (char *p = text; *p; p++)
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
        w->cells[w->ncells].text = text;
        w->cells[w->ncells].numeric = numeric;
        w->cells[w->ncells].kind = is_null ? CELL_NULL : numeric ? w->pending_kind : CELL_TEXT;
        w->cells[w->ncells].value = w->pending_value;
        w->cells[w->ncells].digits = w->pending_digits;
        w->cells[w->ncells].bold = w->bold_row;
        w->pending_kind = CELL_NUMBER;
        w->pending_digits = 0;
        w->ncells++;
        w->col++;
        return DVK_OK;
    }
    return w->ops->cell(w, s, len, numeric, is_null);
}

DVK_API int dvk_writer_text(dvk_writer *w, const char *s, long len)
{
    if (!s)
        return dvk_writer_null(w);
    return add_cell(w, s, len < 0 ? strlen(s) : (size_t)len, 0, 0);
}

/* The convention of the figures in a format people read (table, md,
 * html: those that round to significant digits): Vietnamese readers' when
 * asked for by DVK_WRITE_VI_FIGURES or DVK_WRITE_DECIMAL_COMMA. */
unsigned dvk_writer_figure_flags(const dvk_writer *w)
{
    return (w->flags & (DVK_WRITE_VI_FIGURES | DVK_WRITE_DECIMAL_COMMA)) ? DVK_FIGURE_VI : 0;
}

DVK_API int dvk_writer_number(dvk_writer *w, double x, int decimals)
{
    char buf[512];
    if (!w)
        return DVK_USAGE;
    if (!isfinite(x))
        return dvk_writer_null(w);
    if (w->ops->significant) {
        int st = dvk_figure_format(buf, sizeof buf, x, decimals > 17 ? 17 : decimals,
                                   dvk_writer_figure_flags(w));
        if (st)
            return st;
        w->pending_kind = CELL_NUMBER;
        w->pending_value = x;
        return add_cell(w, buf, strlen(buf), 1, 0);
    }
    if (decimals >= 0) {
        dvk_snprintf(buf, sizeof buf, "%.*f", decimals > 17 ? 17 : decimals, x);
        if (!w->pending_digits) /* the places asked, for a workbook's format */
            w->pending_digits = -1 - (decimals > 10 ? 10 : decimals);
    } else if (x == floor(x) && fabs(x) < 1e15) {
        dvk_snprintf(buf, sizeof buf, "%.0f", x);
    } else {
        dvk_snprintf(buf, sizeof buf, "%.15g", x);
    }
    if (strcmp(buf, "-0") == 0)
        strcpy(buf, "0");
    /* The C locale's point, whatever the process locale says. */
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    if ((w->flags & DVK_WRITE_DECIMAL_COMMA) && !w->ops->point_always)
        for (char *p = buf; *p; p++)
            if (*p == '.')
                *p = ',';
    w->pending_kind = CELL_NUMBER;
    w->pending_value = x;
    return add_cell(w, buf, strlen(buf), 1, 0);
}

DVK_API int dvk_writer_number_sig(dvk_writer *w, double x, int digits)
{
    if (!w)
        return DVK_USAGE;
    if (!isfinite(x) || !w->ops->significant) {
        /* a workbook keeps the value whole and shows the digits asked */
        w->pending_digits = digits < 1 ? 1 : digits > 15 ? 15 : digits;
        return dvk_writer_number(w, x, -1);
    }
    w->pending_kind = CELL_NUMBER;
    w->pending_value = x;
    char buf[512];
    int st = dvk_figure_format(buf, sizeof buf, x, digits < 1 ? 1 : digits > 17 ? 17 : digits,
                               dvk_writer_figure_flags(w) | DVK_FIGURE_SIGNIFICANT);
    if (st)
        return st;
    return add_cell(w, buf, strlen(buf), 1, 0);
}

DVK_API int dvk_writer_percent(dvk_writer *w, double fraction, int decimals)
{
    if (!w)
        return DVK_USAGE;
    if (!isfinite(fraction))
        return dvk_writer_null(w);
    if (w->ops->percent == PERCENT_NUMBER)
        return dvk_writer_number(w, fraction, -1);
    /* xlsx keeps the value under a number format; html shows this text */
    w->pending_kind = w->ops->percent == PERCENT_VALUE ? CELL_PERCENT : CELL_NUMBER;
    w->pending_value = fraction;
    char buf[512];
    int st = dvk_figure_format(buf, sizeof buf, fraction,
                               decimals < 0 ? 1 : decimals > 10 ? 10 : decimals,
                               dvk_writer_figure_flags(w) | DVK_FIGURE_PERCENT);
    if (st)
        return st;
    return add_cell(w, buf, strlen(buf), 1, 0);
}

DVK_API int dvk_writer_null(dvk_writer *w)
{
    return add_cell(w, "", 0, 0, 1);
}

DVK_API int dvk_writer_end_row(dvk_writer *w)
{
    if (!w || (!w->out && !w->book))
        return DVK_USAGE;
    while (w->col < w->ncols) {
        int st = dvk_writer_null(w);
        if (st)
            return st;
    }
    w->col = 0;
    w->rows++;
    w->bold_row = 0;
    return w->ops->end_row ? w->ops->end_row(w) : DVK_OK;
}

DVK_API int dvk_writer_set_bold(dvk_writer *w, int bold)
{
    if (!w)
        return DVK_USAGE;
    w->bold_row = bold != 0;
    return DVK_OK;
}

int dvk_writer_put_line(dvk_writer *w, char last)
{
    if (dvk_buf_putc(&w->line, last))
        return DVK_NOMEM;
    w->line_done = w->line.len;
    return w->line_done >= WRITER_BLOCK ? dvk_writer_drain_rows(w) : DVK_OK;
}

DVK_API int dvk_writer_set_sheet(dvk_writer *w, const char *name)
{
    if (!w || !name)
        return DVK_USAGE;
    snprintf(w->sheet_name, sizeof w->sheet_name, "%s", name);
    return DVK_OK;
}

DVK_API int dvk_writer_set_chart_interval(dvk_writer *w, size_t low, size_t high)
{
    if (!w)
        return DVK_USAGE;
    w->chart_low = low;
    w->chart_high = high;
    return DVK_OK;
}

static char *dup_or_null(const char *s)
{
    return s ? dvk_strndup(s, strlen(s)) : NULL;
}

DVK_API int dvk_writer_set_chart_titles(dvk_writer *w, const char *title,
                                        const char *category_axis, const char *value_axis)
{
    if (!w)
        return DVK_USAGE;
    char *t = dup_or_null(title), *x = dup_or_null(category_axis), *y = dup_or_null(value_axis);
    if ((title && !t) || (category_axis && !x) || (value_axis && !y)) {
        free(t);
        free(x);
        free(y);
        return DVK_NOMEM;
    }
    free(w->chart_title);
    free(w->chart_xtitle);
    free(w->chart_ytitle);
    w->chart_title = t;
    w->chart_xtitle = x;
    w->chart_ytitle = y;
    return DVK_OK;
}

int dvk_writer_chart_titles(dvk_writer *w, char **title, char **xtitle, char **ytitle)
{
    const char *x = w->chart_xtitle ? w->chart_xtitle : w->names[w->chart_category];
    const char *y = w->chart_ytitle ? w->chart_ytitle : w->names[w->chart_value];
    *xtitle = dup_or_null(x);
    *ytitle = dup_or_null(y);
    if (w->chart_title)
        *title = dup_or_null(w->chart_title);
    else {
        dvk_buf b = {0};
        /* TRANSLATORS: a chart's title: the value by the category ("Models by Field") */
        dvk_buf_printf(&b, W_("%s by %s"), y, x);
        *title = b.data;
    }
    if (!*title || !*xtitle || !*ytitle) {
        free(*title);
        free(*xtitle);
        free(*ytitle);
        *title = *xtitle = *ytitle = NULL;
        return DVK_NOMEM;
    }
    return DVK_OK;
}

void dvk_chart_nice_axis(double lo, double hi, int pct, int whole, struct dvk_chart_axis *a)
{
    if (!(hi > lo))
        hi = lo + (pct ? 0.01 : 1);
    double raw = (hi - lo) / 5, mag = pow(10, floor(log10(raw))), f = raw / mag;
    double step = (f <= 1 + 1e-9 ? 1 : f <= 2 + 1e-9 ? 2 : f <= 5 + 1e-9 ? 5 : 10) * mag;
    if (whole && step < 1)
        step = 1;
    a->step = step;
    a->lo = floor(lo / step + 1e-9) * step;
    a->hi = ceil(hi / step - 1e-9) * step;
    double shown = pct ? step * 100 : step;
    int d = (int)-floor(log10(shown) + 1e-9);
    a->decimals = d > 0 ? d : 0;
}

void dvk_writer_chart_done(dvk_writer *w)
{
    w->chart_type = 0;
    w->chart_low = w->chart_high = SIZE_MAX;
    free(w->chart_title);
    free(w->chart_xtitle);
    free(w->chart_ytitle);
    w->chart_title = w->chart_xtitle = w->chart_ytitle = NULL;
}

DVK_API int dvk_writer_set_chart(dvk_writer *w, int type, size_t category,
                                 size_t value, size_t rows)
{
    if (!w || (type != DVK_CHART_NONE && type != DVK_CHART_BAR && type != DVK_CHART_LINE))
        return DVK_USAGE;
    w->chart_type = type;
    w->chart_category = category;
    w->chart_value = value;
    w->chart_rows = rows;
    return DVK_OK;
}
DVK_API int dvk_writer_set_language(dvk_writer *w, const char *lang)
{
    if (!w)
        return DVK_USAGE;
    locale_t l;
    int st = dvk_lang_new(lang, &l);
    if (st == DVK_USAGE)
        dvk_error_set(&w->err, DVK_USAGE, 0, 0, W_("no locale for the language '%s' on this system"),
                      lang);
    if (st)
        return st;
    if (w->msg_lang)
        freelocale(w->msg_lang);
    w->msg_lang = l;
    return DVK_OK;
}

DVK_API int dvk_writer_set_document(dvk_writer *w, const char *title, const char *lang)
{
    if (!w)
        return DVK_USAGE;
    free(w->title);
    free(w->lang);
    w->title = title ? dvk_strndup(title, strlen(title)) : NULL;
    w->lang = lang ? dvk_strndup(lang, strlen(lang)) : NULL;
    return DVK_OK;
}

DVK_API int dvk_writer_heading(dvk_writer *w, int level, const char *text)
{
    if (!w || !text)
        return DVK_USAGE;
    if (level < 1)
        level = 1;
    if (level > 3)
        level = 3;
    return w->ops->heading ? w->ops->heading(w, level, text) : DVK_OK;
}

DVK_API int dvk_writer_paragraph(dvk_writer *w, const char *text)
{
    if (!w || !text)
        return DVK_USAGE;
    return w->ops->paragraph ? w->ops->paragraph(w, text) : DVK_OK;
}

DVK_API int dvk_writer_end(dvk_writer *w)
{
    if (!w || (!w->out && !w->book))
        return DVK_USAGE;
    int st = w->ops->end_table ? w->ops->end_table(w) : DVK_OK;
    free_cells(w);
    return st;
}
