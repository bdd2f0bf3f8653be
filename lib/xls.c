/* xls.c: .xls workbooks (BIFF8, Excel 97-2003; BIFF5 as far as FreeXL goes).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FreeXL gives the sheets' names and the cells' values.  It reads the whole
 * workbook into memory when it opens it, every cell of every sheet; that is
 * acceptable for .xls, whose sheets stop at 65536 rows of 256 columns and
 * whose files are at most a few tens of MB, and rows are still given one
 * at a time.  Before FreeXL sees the file, biff.c walks its records for
 * what FreeXL does not give (merged areas, hidden rows and sheets, formula
 * results, booleans, error values) and refuses what FreeXL would mishandle.
 *
 * A row is FreeXL's cells with the records' values over them, filled
 * through book.c's row helpers; the merged areas are given to book.c at
 * select, which lays them over the rows as it does for the other kinds.
 * FreeXL writes dates as text ("yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss",
 * "hh:mm:ss"), read back with numfmt.c into book.h's numbers and forms.
 */
#include "biff.h"
#include <errno.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct xls {
    const void *fx;
    dvk_biff w;
    size_t sheet;
    unsigned long next, limit;
    unsigned fx_rows, fx_cols;
    size_t value_next;
} xls;

static int no_memory(dvk_error *err)
{
    return dvk_error_nomem(err);
}

static int damaged(dvk_error *err)
{
    return dvk_error_set(err, DVK_SYNTAX, 0, 0, _("the workbook's records are damaged"));
}

/* A date or time FreeXL wrote as TEXT, as book.h gives one: *TYPE, *NUMBER
 * and OUT (64 bytes).  0 when the text is not one. */
static size_t date_cell(const char *text, int time_only, int *type, double *number,
                        char *out)
{
    if (time_only) {
        int hh, mm, ss;
        if (sscanf(text, "%d:%d:%d", &hh, &mm, &ss) != 3)
            return 0;
        *type = DVK_CELL_TIME;
        *number = (hh * 3600.0 + mm * 60.0 + ss) / 86400.0;
        return dvk_time_text(*number, out, 64);
    }
    /* "yyyy-mm-dd hh:mm:ss" is ISO 8601 with a space for the T */
    char iso[64];
    int has_time;
    snprintf(iso, sizeof iso, "%s", text);
    if (strlen(iso) > 10 && iso[10] == ' ')
        iso[10] = 'T';
    if (!dvk_iso_date(iso, number, &has_time))
        return 0;
    *type = DVK_CELL_DATE;
    return dvk_date_text(*number, 1, out, 64);
}

/* The cell FreeXL holds at ROW, COL (0-based) into the current row. */
static int fx_cell(xls *x, dvk_book *b, unsigned row, unsigned col)
{
    FreeXL_CellValue v;
    char text[64];
    const char *t = text;
    size_t len;
    int type;
    double number = 0;
    if (freexl_get_cell_value(x->fx, row, (unsigned short)col, &v) != FREEXL_OK)
        return DVK_OK;
    switch (v.type) {
    case FREEXL_CELL_INT:
        type = DVK_CELL_NUMBER;
        number = v.value.int_value;
        len = dvk_number_text(number, text, sizeof text);
        break;
    case FREEXL_CELL_DOUBLE:
        type = DVK_CELL_NUMBER;
        number = v.value.double_value;
        len = dvk_number_text(number, text, sizeof text);
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        t = v.value.text_value;
        if (!t || !*t)
            return DVK_OK;
        type = DVK_CELL_TEXT;
        len = strlen(t);
        break;
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME:
        len = date_cell(v.value.text_value ? v.value.text_value : "",
                        v.type == FREEXL_CELL_TIME, &type, &number, text);
        if (!len)
            return DVK_OK;
        break;
    default:
        return DVK_OK;
    }
    return dvk_book_row_cell(b, col + 1ul, type, t, len, number);
}

static int xls_select(dvk_book *b, size_t sheet, dvk_error *err)
{
    xls *x = b->impl;
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (sheet >= x->w.nsheets ||
        freexl_select_active_worksheet(x->fx, (unsigned short)sheet) != FREEXL_OK ||
        freexl_worksheet_dimensions(x->fx, &rows, &cols) != FREEXL_OK)
        return damaged(err);
    const dvk_biff_sheet *sh = &x->w.sheets[sheet];
    x->sheet = sheet;
    x->fx_rows = rows > DVK_BIFF_MAX_ROWS ? DVK_BIFF_MAX_ROWS : rows;
    x->fx_cols = cols > DVK_BIFF_MAX_COLS ? DVK_BIFF_MAX_COLS : cols;
    x->limit = x->fx_rows > sh->rows ? x->fx_rows : sh->rows;
    x->next = 0;
    x->value_next = 0;
    for (size_t i = 0; i < sh->nareas; i++) {
        const dvk_biff_area *a = &sh->areas[i];
        int st = dvk_book_add_merge(b, a->r0 + 1ul, a->c0 + 1ul, a->r1 + 1ul, a->c1 + 1ul, err);
        if (st != DVK_OK)
            return st;
    }
    dvk_book_sort_merges(b);
    return DVK_OK;
}

static int xls_next_row(dvk_book *b, dvk_error *err)
{
    xls *x = b->impl;
    const dvk_biff_sheet *sh = &x->w.sheets[x->sheet];
    while (x->next < x->limit) {
        unsigned r = (unsigned)x->next++;
        int hidden = sh->hidden && (sh->hidden[r / 8] >> r % 8 & 1);
        dvk_book_row_begin(b, r + 1ul, hidden);
        for (unsigned c = 0; r < x->fx_rows && c < x->fx_cols; c++)
            if (fx_cell(x, b, r, c) != DVK_OK)
                return no_memory(err);
        /* the records' values over FreeXL's */
        while (x->value_next < sh->nvalues && sh->values[x->value_next].row < r)
            x->value_next++;
        for (; x->value_next < sh->nvalues && sh->values[x->value_next].row == r;
             x->value_next++) {
            const dvk_biff_value *v = &sh->values[x->value_next];
            if (dvk_book_row_cell(b, v->col + 1ul, v->type, x->w.strings.data + v->text,
                                  v->len, v->number) != DVK_OK)
                return no_memory(err);
        }
        dvk_book_row_end(b);
        if (b->ncells || hidden)
            return DVK_ROW;
    }
    return DVK_DONE;
}

static int xls_sheet_size(dvk_book *b, size_t sheet, unsigned long *rows,
                          unsigned long *cols)
{
    xls *x = b->impl;
    unsigned int r = 0;
    unsigned short c = 0;
    *rows = *cols = 0;
    if (sheet >= x->w.nsheets ||
        freexl_select_active_worksheet(x->fx, (unsigned short)sheet) != FREEXL_OK)
        return DVK_USAGE;
    freexl_worksheet_dimensions(x->fx, &r, &c);
    *rows = r;
    *cols = c;
    /* Reading goes on in the sheet selected before. */
    freexl_select_active_worksheet(x->fx, (unsigned short)x->sheet);
    return DVK_OK;
}

static void xls_free_state(xls *x)
{
    if (!x)
        return;
    if (x->fx)
        freexl_close(x->fx);
    dvk_biff_free(&x->w);
    free(x);
}

static void xls_free(dvk_book *b)
{
    xls_free_state(b->impl);
    b->impl = NULL;
}

static const struct dvk_book_ops xls_ops = {
    xls_free, xls_select, xls_next_row, xls_sheet_size,
};

int dvk_xls_open(dvk_book *b, const char *path, dvk_error *err)
{
    xls *x = dvk_calloc(1, sizeof *x);
    char **names = NULL;
    int *hidden = NULL;
    size_t n = 0;
    if (!x)
        return no_memory(err);
    int st = dvk_biff_read(&x->w, path, err);
    if (st != DVK_OK)
        goto fail;
    int fst = freexl_open(path, &x->fx);
    if (fst != FREEXL_OK) {
        if (x->fx)
            freexl_close(x->fx);
        x->fx = NULL;
        if (fst == FREEXL_FILE_NOT_FOUND)
            st = dvk_error_set(err, DVK_IO, 0, 0, _("cannot open: %s"), strerror(ENOENT));
        else if (fst == FREEXL_INSUFFICIENT_MEMORY)
            st = no_memory(err);
        else
            st = dvk_error_set(err, DVK_SYNTAX, 0, 0,
                               _("the workbook is damaged (FreeXL error %d)"), fst);
        goto fail;
    }
    unsigned int count = 0;
    n = x->w.nsheets;
    if (freexl_get_info(x->fx, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK || count != n) {
        st = damaged(err);
        goto fail;
    }
    if (n && (!(names = dvk_calloc(n, sizeof *names)) ||
              !(hidden = dvk_calloc(n, sizeof *hidden)))) {
        st = no_memory(err);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(x->fx, (unsigned short)i, &name) != FREEXL_OK || !name) {
            st = damaged(err);
            goto fail;
        }
        if (!(names[i] = dvk_strndup(name, strlen(name)))) {
            st = no_memory(err);
            goto fail;
        }
        hidden[i] = x->w.state[i] != 0;
    }
    b->ops = &xls_ops;
    b->kind = DVK_BOOK_XLS;
    b->impl = x;
    b->nsheets = n;
    b->sheet_names = names;
    b->sheet_hidden = hidden;
    return DVK_OK;
fail:
    for (size_t i = 0; names && i < n; i++)
        free(names[i]);
    free(names);
    free(hidden);
    xls_free_state(x);
    return st;
}
