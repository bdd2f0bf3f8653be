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

/* The length of S cut to at most MAX characters, at the last space
 * before the cut when there is one past the first third ("Duy trì, hiệu
 * quả so với", never "… so v"), without the spaces and commas that would
 * end it. */
static size_t word_cut(const char *s, size_t max)
{
    size_t n = 0, chars = 0;
    while (s[n] && chars < max) {
        n++;
        while (((unsigned char)s[n] & 0xC0) == 0x80)
            n++;
        chars++;
    }
    if (s[n] && s[n] != ' ') {
        size_t space = n;
        while (space > 0 && s[space] != ' ')
            space--;
        if (space > n / 3)
            n = space;
    }
    while (n > 0 && strchr(" ,;:-", s[n - 1]))
        n--;
    return n;
}

/* A sheet name Excel accepts: at most 31 characters (cut at a word), none
 * of []:*?/\, no apostrophe first or last, unique in the book ("Name 2",
 * its base cut again to make room). */
static void sheet_name(dvk_writer *w, char *out, size_t size)
{
    char base[256];
    const char *want = w->sheet_name[0] ? w->sheet_name : "Sheet";
    size_t n = word_cut(want, 31);
    for (size_t i = 0; i < n; i++)
        base[i] = strchr("[]:*?/\\", want[i]) ? '_' : want[i];
    if (n > 0 && base[0] == '\'')
        base[0] = '_';
    if (n > 0 && base[n - 1] == '\'')
        base[n - 1] = '_';
    base[n] = '\0';
    snprintf(out, size, "%s", base);
    for (int k = 2; sheet_taken(w, out); k++)
        snprintf(out, size, "%.*s %d", (int)word_cut(base, 27), base, k);
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
                          lxw_chart *chart, lxw_chart_series *series, size_t rows,
                          int horizontal)
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
    /* along the values: the x axis of horizontal bars */
    lxw_series_error_bars *bars = chart_series_get_error_bars(
        series, horizontal ? LXW_CHART_ERROR_BAR_AXIS_X : LXW_CHART_ERROR_BAR_AXIS_Y);
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

/* The format a number cell shows: a share with one decimal; a statistic
 * with the significant digits asked, at most four (the cell keeps the
 * whole value: a wider format shows more); a figure with the places asked;
 * a whole number as it is. */
static lxw_format *number_format(dvk_writer *w, const struct cell *c)
{
    if (c->kind == CELL_PERCENT)
        return w->percent;
    if (c->digits < 0)
        return w->fixed[-1 - c->digits];
    if (c->digits == 0 || c->value == floor(c->value))
        return NULL;
    double a = fabs(c->value);
    int digits = c->digits > 4 ? 4 : c->digits;
    if (a < 1e-4 || a >= 1e9)
        return w->sci;
    int places = digits - 1 - (int)floor(log10(a));
    return w->fixed[places < 0 ? 0 : places > 10 ? 10 : places];
}

/* Whether column J holds years only ("2021"): a workbook stores them as
 * numbers, so that they sort, filter and chart as numbers do.  Only the
 * first column or a chart's categories, where a period stands: a code of
 * four digits elsewhere stays text. */
static int is_year(const struct cell *c)
{
    const char *t = c->text;
    return c->kind == CELL_TEXT && strlen(t) == 4 && t[0] >= '1' && t[0] <= '2' &&
           strspn(t, "0123456789") == 4;
}

static int year_column(const dvk_writer *w, size_t j, size_t first, size_t nrows)
{
    if (j != 0 && !(w->chart_type && j == w->chart_category))
        return 0;
    size_t years = 0, marked = 0;
    for (size_t i = first; i < first + nrows; i++) {
        const struct cell *c = &w->cells[i * w->ncols + j];
        if (c->kind == CELL_NULL)
            continue;
        if (is_year(c)) {
            years++;
            continue;
        }
        /* a last year marked partial ("2022, to 30/6") stays text */
        if (c->kind != CELL_TEXT || strspn(c->text, "0123456789") != 4 || c->text[4] != ',' ||
            marked++)
            return 0;
    }
    return years > 0;
}

/* The last sheet's chart, below its table and the text under it: a chart
 * beside the table would cover a long verdict written in the first
 * column.  A trend's line is drawn wider than a chart's default. */
static int place_chart(dvk_writer *w)
{
    if (!w->pending_chart || !w->last_sheet)
        return DVK_OK;
    lxw_chart_options opt = {.x_offset = 4, .y_offset = 4,
                             .x_scale = w->chart_scale, .y_scale = 1.1};
    lxw_error err = worksheet_insert_chart_opt(w->last_sheet, w->next_note_row + 1, 0,
                                               w->pending_chart, &opt);
    w->pending_chart = NULL;
    return xlsx_failed(w, err);
}

/* Write the header and data rows FIRST .. FIRST+NROWS-1 of the buffered
 * table as one sheet named NAME. */
static int sheet_chart(dvk_writer *w, lxw_worksheet *ws, const char *name, size_t nrows,
                       lxw_row_t top);

static int write_sheet_part(dvk_writer *w, const char *name, size_t first, size_t nrows,
                            int with_chart)
{
    int st = place_chart(w);
    if (st)
        return st;
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
    for (size_t j = 0; j < nc && !err; j++) {
        int years = year_column(w, j, first, nrows);
        for (size_t i = 0; i < nrows && !err; i++) {
            const struct cell *c = &w->cells[(first + i) * nc + j];
            lxw_row_t row = (lxw_row_t)(i + 1);
            lxw_format *f = c->kind == CELL_PERCENT ? (c->bold ? w->strong_percent : w->percent)
                                                    : (c->bold ? w->strong : NULL);
            if (c->kind == CELL_NUMBER || c->kind == CELL_PERCENT)
                err = worksheet_write_number(ws, row, (lxw_col_t)j, c->value,
                                             c->bold ? f : number_format(w, c));
            else if (years && is_year(c))
                err = worksheet_write_number(ws, row, (lxw_col_t)j, atof(c->text),
                                             c->bold ? w->strong : w->whole);
            else if (c->kind == CELL_TEXT)
                err = worksheet_write_string(ws, row, (lxw_col_t)j, c->text, f);
            else if (c->bold)
                err = worksheet_write_blank(ws, row, (lxw_col_t)j, f);
        }
    }
    if (err)
        return xlsx_failed(w, err);
    worksheet_freeze_panes(ws, 1, 0);
    /* Printed on an office's paper, a table and its chart on one page. */
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_set_landscape(ws);
    worksheet_fit_to_pages(ws, 1, 0);
    w->last_sheet = ws;
    w->next_note_row = (lxw_row_t)(nrows + 2);
    if (!with_chart || !w->chart_type || nrows == 0 || w->chart_category >= nc || w->chart_value >= nc)
        return DVK_OK;
    /* a form's row of column numbers is not a point of the chart: the
     * chart reads the rows under it */
    size_t skip = dvk_table_lead_rows(w, nrows);
    struct cell *all = w->cells;
    w->cells += skip * nc;
    st = sheet_chart(w, ws, name, nrows - skip, (lxw_row_t)(1 + skip));
    w->cells = all;
    return st;
}

/* The chart of the sheet WS (NAME) just written: its first NROWS rows of W's
 * cells, the first on sheet row TOP. */
static int sheet_chart(dvk_writer *w, lxw_worksheet *ws, const char *name, size_t nrows,
                       lxw_row_t top)
{
    int st;
    size_t nc = w->ncols;
    size_t rows = w->chart_rows && w->chart_rows < nrows ? w->chart_rows : nrows;
    if (rows == 0)
        return DVK_OK;
    lxw_row_t bottom = (lxw_row_t)(top + rows - 1);
    int line = w->chart_type == DVK_CHART_LINE;
    if (line && rows < 2) {
        /* one point is no line: say so where the chart would be */
        dvk_buf b = {0};
        dvk_buf_printf(&b, W_("%s: one period only, so there is no line to draw."),
                       w->cells[w->chart_category].text);
        st = b.data ? xlsx_note(w, b.data, b.len) : DVK_NOMEM;
        dvk_buf_free(&b);
        return st;
    }
    int pct = w->cells[w->chart_value].kind == CELL_PERCENT;
    /* the interval's ranges start on the first row of the sheet */
    int whiskers = w->chart_low < nc && w->chart_high < nc && top == 1;
    /* long labels read better along horizontal bars than slanted */
    size_t longest = 0;
    for (size_t i = 0; i < rows; i++) {
        const char *t = w->cells[i * nc + w->chart_category].text;
        size_t tw = dvk_text_width(t, strlen(t));
        if (tw > longest)
            longest = tw;
    }
    int horizontal = !line && (longest > 10 || rows > 12);
    lxw_chart *chart = workbook_add_chart(w->book, line ? LXW_CHART_LINE
                                                   : horizontal ? LXW_CHART_BAR : LXW_CHART_COLUMN);
    lxw_chart_series *series = chart ? chart_add_series(chart, NULL, NULL) : NULL;
    if (!series)
        return DVK_NOMEM;
    char *title, *xtitle, *ytitle;
    if ((st = dvk_writer_chart_titles(w, &title, &xtitle, &ytitle)))
        return st;
    chart_series_set_categories(series, name, top, (lxw_col_t)w->chart_category,
                                bottom, (lxw_col_t)w->chart_category);
    chart_series_set_values(series, name, top, (lxw_col_t)w->chart_value,
                            bottom, (lxw_col_t)w->chart_value);
    chart_series_set_name(series, ytitle);
    chart_title_set_name(chart, title);
    /* libxlsxwriter's x axis is the horizontal one: the values' when the
     * bars lie horizontal */
    lxw_chart_axis *cat = horizontal ? chart->y_axis : chart->x_axis;
    lxw_chart_axis *val = horizontal ? chart->x_axis : chart->y_axis;
    chart_axis_set_name(cat, xtitle);
    chart_axis_set_name(val, ytitle);
    free(title);
    free(xtitle);
    free(ytitle);
    if (horizontal) {
        /* the first row on top, as in the table, and the value axis kept
         * below the bars */
        chart_axis_set_reverse(cat);
        chart_axis_set_crossing_max(cat);
    }
    if (line)
        chart_series_set_marker_type(series, LXW_CHART_MARKER_CIRCLE);
    chart_series_set_labels(series);
    chart_series_set_labels_position(series, line ? LXW_CHART_LABEL_POSITION_ABOVE
                                                  : LXW_CHART_LABEL_POSITION_OUTSIDE_END);
    if (pct) {
        chart_axis_set_num_format(val, "0%");
        chart_series_set_labels_num_format(series, "0.0%");
        chart_axis_set_min(val, 0); /* a share has no axis below 0 */
    }
    if (whiskers && (st = add_error_bars(w, ws, name, chart, series, rows, horizontal)))
        return st;
    /* the value axis in the round steps the HTML chart takes, from 0
     * (the spreadsheet's own choice is steps of a tenth, 0 % to 90 %) */
    double lo = 0, hi = 0;
    int whole = 1;
    for (size_t i = 0; i < rows; i++) {
        size_t cols[3] = {w->chart_value, w->chart_low, w->chart_high};
        for (int k = 0; k < (whiskers ? 3 : 1); k++) {
            const struct cell *c = &w->cells[i * nc + cols[k]];
            if (c->kind != CELL_NUMBER && c->kind != CELL_PERCENT)
                continue;
            double v = pct && c->value > 1 ? 1 : c->value;
            whole &= c->kind == CELL_NUMBER && v == floor(v);
            lo = v < lo ? v : lo;
            hi = v > hi ? v : hi;
        }
    }
    if (pct && lo < 0)
        lo = 0;
    struct dvk_chart_axis axis;
    dvk_chart_nice_axis(lo, hi, pct, whole, &axis);
    chart_axis_set_min(val, axis.lo);
    chart_axis_set_max(val, axis.hi);
    chart_axis_set_major_unit(val, axis.step);
    lxw_chart_font title_font = {.size = 12, .bold = LXW_TRUE};
    chart_title_set_name_font(chart, &title_font);
    chart_legend_set_position(chart, LXW_CHART_LEGEND_NONE);
    w->pending_chart = chart;
    w->chart_scale = line ? 1.6 : 1.4;
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
    char name[256], base[256];
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
                     (int)word_cut(base, 31 - (size_t)suffix), base, more);
            sheet_name(w, name, sizeof name);
            w->sheet_name[0] = '\0';
        }
        int st = write_sheet_part(w, name, first, n, part == 1);
        if (st)
            return st;
        first += n;
        part++;
    } while (first < nrows);
    dvk_writer_chart_done(w);
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
    w->whole = workbook_add_format(w->book);
    format_set_num_format(w->whole, "0");
    w->sci = workbook_add_format(w->book);
    format_set_num_format(w->sci, "0.00E+00");
    for (int k = 0; k <= 10; k++) {
        char code[16] = "0.";
        memset(code + 2, '0', (size_t)k);
        code[k ? 2 + k : 1] = '\0';
        w->fixed[k] = workbook_add_format(w->book);
        format_set_num_format(w->fixed[k], k ? code : "0");
    }
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
    int st = place_chart(w);
    if (st)
        return st;
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
    st = dvk_xlsx_error_bars(w->tmp_path, w->bars, w->nbars);
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
