/* fmt-xlsx.c: an Excel workbook: a sheet per table (more when a table
 * outgrows one), a chart beside it when one was asked for, free text in
 * rows below the last table.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libxlsxwriter builds the book in the writer's temporary file, which it
 * opens by name when the book closes; the core then puts the file in
 * place as for any other format.  Numbers and percentages are cells of
 * their own kind, so a spreadsheet computes with them. */
#include "writer-impl.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int xlsx_failed(dvk_writer *w, lxw_error err);

/* In a workbook, free text (a test's result, a verdict) goes in rows of
 * its own below the last table. */
static int xlsx_note(dvk_writer *w, const char *s, size_t len)
{
    if (!w->book)
        return DVK_USAGE;
    while (len) {
        const char *nl = memchr(s, '\n', len);
        size_t n = nl ? (size_t)(nl - s) : len;
        if (n && w->last_sheet) {
            char *line = dvk_strndup(s, n);
            if (!line)
                return DVK_NOMEM;
            lxw_error err = worksheet_write_string(w->last_sheet, w->next_note_row++, 0,
                                                   line, NULL);
            free(line);
            if (err)
                return xlsx_failed(w, err);
        }
        s += n + (nl ? 1 : 0);
        len -= n + (nl ? 1 : 0);
    }
    return DVK_OK;
}

/* Whether the book has a sheet of that name; Excel compares names
 * without regard to case. */
static int sheet_taken(dvk_writer *w, const char *name)
{
    lxw_worksheet *ws;
    LXW_FOREACH_WORKSHEET(ws, w->book)
        if (ws->name && strcasecmp(ws->name, name) == 0)
            return 1;
    return 0;
}

/* The length of S cut to at most MAX bytes at a UTF-8 character boundary. */
static size_t utf8_cut(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max)
        return n;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    return max;
}

/* A sheet name Excel accepts: at most 31 characters (cut at a UTF-8
 * boundary), none of []:*?/\, no apostrophe first or last, unique in the
 * book. */
static void sheet_name(dvk_writer *w, char *out, size_t size)
{
    char base[32];
    const char *want = w->sheet_name[0] ? w->sheet_name : "Sheet";
    size_t n = utf8_cut(want, 28);
    for (size_t i = 0; i < n; i++)
        base[i] = strchr("[]:*?/\\", want[i]) ? '_' : want[i];
    if (n > 0 && base[0] == '\'')
        base[0] = '_';
    if (n > 0 && base[n - 1] == '\'')
        base[n - 1] = '_';
    base[n] = '\0';
    snprintf(out, size, "%s", base);
    for (int k = 2; sheet_taken(w, out); k++)
        snprintf(out, size, "%.*s %d", (int)utf8_cut(base, 24), base, k);
    if (!w->sheet_name[0] || strcmp(out, "Sheet") == 0) {
        snprintf(out, size, "Sheet%zu", w->sheets + 1);
        for (int k = 2; sheet_taken(w, out); k++)
            snprintf(out, size, "Sheet%zu-%d", w->sheets + 1, k);
    }
}

/* A chart formula for column COL, rows 2..ROWS+1, of sheet NAME: quoted,
 * its apostrophes doubled, escaped for XML. */
static char *range_ref(const char *name, lxw_col_t col, size_t rows)
{
    dvk_buf b = {0};
    char letters[8];
    lxw_col_to_name(letters, col, 1);
    int st = dvk_buf_putc(&b, '\'');
    for (const char *p = name; *p && !st; p++) {
        if (*p == '\'')
            st = dvk_buf_append(&b, "''", 2);
        else if (*p == '&')
            st = dvk_buf_append(&b, "&amp;", 5);
        else if (*p == '<')
            st = dvk_buf_append(&b, "&lt;", 4);
        else if (*p == '>')
            st = dvk_buf_append(&b, "&gt;", 4);
        else
            st = dvk_buf_putc(&b, *p);
    }
    if (!st)
        st = dvk_buf_printf(&b, "'!%s$2:%s$%zu", letters, letters, rows + 1);
    if (st) {
        dvk_buf_free(&b);
        return NULL;
    }
    return b.data;
}

/* The interval of each bar as error bars.  libxlsxwriter draws error bars
 * of one fixed size only, so the distances from each value down to its
 * lower bound and up to its upper bound go into two hidden columns after
 * the table (formulas, so they follow an edited bound), the bars are
 * marked, and dvk_xlsx_error_bars() points them at those columns once the
 * book is closed. */
static int add_error_bars(dvk_writer *w, lxw_worksheet *ws, const char *name,
                          lxw_chart *chart, lxw_chart_series *series, size_t rows)
{
    dvk_error_bars *more = dvk_realloc_array(w->bars, w->nbars + 1, sizeof *more);
    if (!more)
        return DVK_NOMEM;
    w->bars = more;
    dvk_error_bars *e = &w->bars[w->nbars];
    memset(e, 0, sizeof *e);
    w->nbars++; /* freed with the writer, whatever happens next */
    size_t nc = w->ncols;
    e->id = (unsigned long)w->nbars;
    e->n = rows;
    e->plus = dvk_calloc(rows, sizeof *e->plus);
    e->minus = dvk_calloc(rows, sizeof *e->minus);
    e->minus_ref = range_ref(name, (lxw_col_t)nc, rows);
    e->plus_ref = range_ref(name, (lxw_col_t)(nc + 1), rows);
    if (!e->plus || !e->minus || !e->plus_ref || !e->minus_ref)
        return DVK_NOMEM;
    double top = 0, top_value = 0;
    lxw_row_col_options hidden = {.hidden = 1};
    worksheet_set_column_opt(ws, (lxw_col_t)nc, (lxw_col_t)(nc + 1), 12, NULL, &hidden);
    lxw_error err = worksheet_write_string(ws, 0, (lxw_col_t)nc, W_("down to the lower bound"), w->bold);
    if (!err)
        err = worksheet_write_string(ws, 0, (lxw_col_t)(nc + 1), W_("up to the upper bound"), w->bold);
    if (err)
        return xlsx_failed(w, err);
    for (size_t i = 0; i < rows; i++) {
        const struct cell *v = &w->cells[i * nc + w->chart_value];
        const struct cell *lo = &w->cells[i * nc + w->chart_low];
        const struct cell *hi = &w->cells[i * nc + w->chart_high];
        int known = v->kind != CELL_NULL && v->kind != CELL_TEXT &&
                    lo->kind != CELL_NULL && lo->kind != CELL_TEXT &&
                    hi->kind != CELL_NULL && hi->kind != CELL_TEXT;
        e->plus[i] = e->minus[i] = NAN;
        if (!known)
            continue;
        lxw_row_t row = (lxw_row_t)(i + 1);
        char a[16], b[16], formula[40];
        e->minus[i] = v->value - lo->value;
        e->plus[i] = hi->value - v->value;
        if (hi->value > top)
            top = hi->value;
        if (v->value > top_value)
            top_value = v->value;
        lxw_rowcol_to_cell(a, row, (lxw_col_t)w->chart_value);
        lxw_rowcol_to_cell(b, row, (lxw_col_t)w->chart_low);
        snprintf(formula, sizeof formula, "=%s-%s", a, b);
        if ((err = worksheet_write_formula_num(ws, row, (lxw_col_t)nc, formula, NULL, e->minus[i])))
            return xlsx_failed(w, err);
        lxw_rowcol_to_cell(a, row, (lxw_col_t)w->chart_high);
        lxw_rowcol_to_cell(b, row, (lxw_col_t)w->chart_value);
        snprintf(formula, sizeof formula, "=%s-%s", a, b);
        if ((err = worksheet_write_formula_num(ws, row, (lxw_col_t)(nc + 1), formula, NULL, e->plus[i])))
            return xlsx_failed(w, err);
    }
    /* Hidden cells are left out of a chart unless it is told otherwise. */
    chart_show_hidden_data(chart);
    /* The axis is scaled to the bars; make room for the longest whisker,
     * up to a round figure (a share stops at 100%). */
    if (top > top_value && isfinite(top)) {
        double step = pow(10, floor(log10(top)));
        double max = ceil(top / step - 1e-9) * step;
        if (w->cells[w->chart_value].kind == CELL_PERCENT && max > 1 && top <= 1)
            max = 1;
        chart_axis_set_max(chart->y_axis, max);
    }
    lxw_series_error_bars *bars = chart_series_get_error_bars(series, LXW_CHART_ERROR_BAR_AXIS_Y);
    if (!bars)
        return DVK_NOMEM;
    chart_series_set_error_bars(bars, LXW_CHART_ERROR_BAR_TYPE_FIXED, (double)e->id);
    return DVK_OK;
}

/* A libxlsxwriter status as the writer's error. */
static int xlsx_failed(dvk_writer *w, lxw_error err)
{
    if (err == LXW_NO_ERROR)
        return DVK_OK;
    if (err == LXW_ERROR_MEMORY_MALLOC_FAILED)
        return DVK_NOMEM;
    if (!w->failed) {
        dvk_error_set(&w->err, DVK_IO, 0, 0, W_("cannot write %s: %s"), w->path,
                      lxw_strerror(err));
        w->failed = DVK_IO;
    }
    return w->failed;
}

/* Characters (code points) of the UTF-8 string S, as Excel counts a
 * cell's length for text of the Basic Multilingual Plane. */
static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Write the header and data rows FIRST .. FIRST+NROWS-1 of the buffered
 * table as one sheet named NAME. */
static int write_sheet_part(dvk_writer *w, const char *name, size_t first, size_t nrows,
                            int with_chart)
{
    lxw_worksheet *ws = workbook_add_worksheet(w->book, name);
    if (!ws)
        return DVK_NOMEM;
    w->sheets++;
    size_t nc = w->ncols;
    lxw_error err = LXW_NO_ERROR;
    for (size_t j = 0; j < nc && !err; j++) {
        err = worksheet_write_string(ws, 0, (lxw_col_t)j, w->names[j], w->bold);
        double width = (double)dvk_text_width(w->names[j], strlen(w->names[j]));
        for (size_t i = first; i < first + nrows; i++) {
            const struct cell *c = &w->cells[i * nc + j];
            double cw = c->kind == CELL_PERCENT ? 7 : (double)dvk_text_width(c->text, strlen(c->text));
            if (cw > width)
                width = cw;
        }
        if (!err)
            err = worksheet_set_column(ws, (lxw_col_t)j, (lxw_col_t)j,
                                       width > 60 ? 60 : width + 2, NULL);
    }
    for (size_t i = 0; i < nrows && !err; i++)
        for (size_t j = 0; j < nc && !err; j++) {
            const struct cell *c = &w->cells[(first + i) * nc + j];
            lxw_row_t row = (lxw_row_t)(i + 1);
            lxw_format *f = c->kind == CELL_PERCENT ? (c->bold ? w->strong_percent : w->percent)
                                                    : (c->bold ? w->strong : NULL);
            if (c->kind == CELL_NUMBER || c->kind == CELL_PERCENT)
                err = worksheet_write_number(ws, row, (lxw_col_t)j, c->value, f);
            else if (c->kind == CELL_TEXT)
                err = worksheet_write_string(ws, row, (lxw_col_t)j, c->text, f);
            else if (c->bold)
                err = worksheet_write_blank(ws, row, (lxw_col_t)j, f);
        }
    if (err)
        return xlsx_failed(w, err);
    worksheet_freeze_panes(ws, 1, 0);
    /* Printed, a table and its chart belong on one page. */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    if (with_chart && w->chart_type && nrows > 0 && w->chart_category < nc && w->chart_value < nc) {
        size_t rows = w->chart_rows && w->chart_rows < nrows ? w->chart_rows : nrows;
        lxw_chart *chart = workbook_add_chart(w->book, w->chart_type == DVK_CHART_LINE
                                                           ? LXW_CHART_LINE : LXW_CHART_COLUMN);
        lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
        if (!series)
            return DVK_NOMEM;
        chart_series_set_categories(series, name, 1, (lxw_col_t)w->chart_category,
                                    (lxw_row_t)rows, (lxw_col_t)w->chart_category);
        chart_series_set_values(series, name, 1, (lxw_col_t)w->chart_value,
                                (lxw_row_t)rows, (lxw_col_t)w->chart_value);
        chart_series_set_name(series, w->names[w->chart_value]);
        chart_title_set_name(chart, w->names[w->chart_value]);
        if (w->cells[w->chart_value].kind == CELL_PERCENT)
            chart_axis_set_num_format(chart->y_axis, "0%");
        size_t at = nc + 1;
        if (w->chart_type == DVK_CHART_BAR && w->chart_low < nc && w->chart_high < nc) {
            int st = add_error_bars(w, ws, name, chart, series, rows);
            if (st)
                return st;
            at += 2; /* after the two hidden columns */
        }
        chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
        if ((err = worksheet_insert_chart(ws, 1, (lxw_col_t)at, chart)))
            return xlsx_failed(w, err);
    }
    w->last_sheet = ws;
    w->next_note_row = (lxw_row_t)(nrows + 2);
    return DVK_OK;
}

/* The buffered table as a sheet, or as several when it has more rows than
 * a sheet holds: "NAME", "NAME (2)" … each with the header, the chart on
 * the first.  A cell longer than a sheet allows is an error: cutting it
 * would change the data without a word. */
static int write_sheet(dvk_writer *w)
{
    size_t nc = w->ncols, nrows = nc ? w->ncells / nc : 0;
    if (nc + 3 > LXW_COL_MAX) {
        dvk_error_set(&w->err, DVK_LIMIT, 0, 0,
                      W_("cannot write %s: a table of %zu columns does not fit in a sheet "
                      "(at most %d)"), w->path, nc, LXW_COL_MAX - 3);
        w->failed = DVK_LIMIT;
        return DVK_LIMIT;
    }
    for (size_t i = 0; i < w->ncells; i++) {
        size_t n = w->cells[i].kind == CELL_TEXT ? utf8_chars(w->cells[i].text) : 0;
        if (n > DVK_XLSX_MAX_CELL) {
            char where[16];
            lxw_rowcol_to_cell(where, (lxw_row_t)(i / nc + 1), (lxw_col_t)(i % nc));
            dvk_error_set(&w->err, DVK_LIMIT, 0, 0,
                          W_("cannot write %s: the cell in row %zu of column '%s' (%s) holds %zu "
                          "characters; a workbook cell holds at most %d"),
                          w->path, i / nc + 1, w->names[i % nc], where, n, DVK_XLSX_MAX_CELL);
            w->failed = DVK_LIMIT;
            return DVK_LIMIT;
        }
    }
    char name[40], base[40];
    sheet_name(w, name, sizeof name);
    memcpy(base, name, sizeof base);
    w->sheet_name[0] = '\0';
    size_t per_sheet = DVK_XLSX_MAX_ROWS - 1; /* below the header */
    size_t first = 0, part = 1;
    do {
        size_t n = nrows - first < per_sheet ? nrows - first : per_sheet;
        if (part > 1) {
            char more[24];
            int suffix = snprintf(more, sizeof more, " (%zu)", part % 1000000u);
            snprintf(w->sheet_name, sizeof w->sheet_name, "%.*s%s",
                     (int)utf8_cut(base, 28 - (size_t)suffix), base, more);
            sheet_name(w, name, sizeof name);
            w->sheet_name[0] = '\0';
        }
        int st = write_sheet_part(w, name, first, n, part == 1);
        if (st)
            return st;
        first += n;
        part++;
    } while (first < nrows);
    w->chart_type = 0;
    w->chart_low = w->chart_high = SIZE_MAX;
    return DVK_OK;
}

static void free_bars(dvk_writer *w)
{
    for (size_t i = 0; i < w->nbars; i++) {
        free(w->bars[i].plus);
        free(w->bars[i].minus);
        free(w->bars[i].plus_ref);
        free(w->bars[i].minus_ref);
    }
    free(w->bars);
    w->bars = NULL;
    w->nbars = 0;
}

static int xlsx_open(dvk_writer *w)
{
    w->book = workbook_new(w->tmp_path);
    if (!w->book)
        return dvk_writer_fail(w, W_("write"), w->path);
    w->bold = workbook_add_format(w->book);
    format_set_bold(w->bold);
    format_set_bottom(w->bold, LXW_BORDER_THIN);
    w->percent = workbook_add_format(w->book);
    format_set_num_format(w->percent, "0.0%");
    w->strong = workbook_add_format(w->book);
    format_set_bold(w->strong);
    w->strong_percent = workbook_add_format(w->book);
    format_set_bold(w->strong_percent);
    format_set_num_format(w->strong_percent, "0.0%");
    return DVK_OK;
}

/* A heading names the next sheet. */
static int xlsx_heading(dvk_writer *w, int level, const char *text)
{
    (void)level;
    return dvk_writer_set_sheet(w, text);
}

/* The book closed and its charts' intervals added, in the temporary file. */
static int xlsx_finish(dvk_writer *w)
{
    if (w->sheets == 0 && !workbook_add_worksheet(w->book, NULL)) /* a workbook needs a sheet */
        return DVK_NOMEM;
    /* libxlsxwriter prints the XML's numbers with printf: in the C
     * locale for this thread while it does. */
    locale_t old = dvk_c_enter();
    lxw_error err = workbook_close(w->book);
    dvk_c_leave(old);
    w->book = NULL;
    if (err != LXW_NO_ERROR) {
        dvk_error_set(&w->err, DVK_IO, 0, 0, W_("cannot write %s: %s"), w->path,
                      lxw_strerror(err));
        w->failed = DVK_IO;
        return DVK_IO;
    }
    int st = dvk_xlsx_error_bars(w->tmp_path, w->bars, w->nbars);
    if (st == DVK_IO)
        return dvk_writer_fail(w, W_("write"), w->path);
    if (st) {
        dvk_error_set(&w->err, st, 0, 0, W_("cannot write %s: %s"), w->path,
                      W_("the charts' intervals could not be added"));
        w->failed = st;
        return st;
    }
    return DVK_OK;
}

static void xlsx_release(dvk_writer *w)
{
    if (w->book) {
        locale_t old = dvk_c_enter();
        workbook_close(w->book); /* writes the temporary file, which the core removes */
        dvk_c_leave(old);
        w->book = NULL;
    }
    free_bars(w);
}

const struct dvk_format_ops dvk_format_xlsx = {
    .buffered = 1,
    .by_name = 1,
    .suffix = ".xlsx",
    .percent = PERCENT_VALUE,
    .open = xlsx_open,
    .end_table = write_sheet,
    .heading = xlsx_heading,
    .paragraph = dvk_table_paragraph,
    .note = xlsx_note,
    .finish = xlsx_finish,
    .release = xlsx_release,
};
