/* book.c: a STUB of the workbook layer, only what lib/xls.c and its tests
 * need (opening an .xls by path, the calls of book.h over its ops); the
 * real book.c, which opens every kind by content, replaces it.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "book-impl.h"
#include "cfb.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int dvk_book_sniff(const unsigned char *s, size_t n)
{
    return n >= 8 && memcmp(s, dvk_cfb_magic, 8) == 0 ? DVK_BOOK_XLS : DVK_BOOK_NONE;
}

int dvk_book_open_path(dvk_book **out, const char *path, dvk_error *err)
{
    dvk_book *b = dvk_calloc(1, sizeof *b);
    *out = NULL;
    if (!b)
        return dvk_error_set(err, DVK_NOMEM, 0, 0, _("out of memory"));
    int st = dvk_xls_open(b, path, err);
    if (st != DVK_OK) {
        dvk_book_free(b);
        return st;
    }
    *out = b;
    return DVK_OK;
}

void dvk_book_free(dvk_book *b)
{
    if (!b)
        return;
    if (b->ops)
        b->ops->free(b);
    for (size_t i = 0; b->sheet_names && i < b->nsheets; i++)
        free(b->sheet_names[i]);
    free(b->sheet_names);
    free(b->sheet_hidden);
    free(b->cells);
    dvk_buf_free(&b->text);
    free(b);
}

int dvk_book_kind(const dvk_book *b) { return b->kind; }
size_t dvk_book_sheet_count(const dvk_book *b) { return b->nsheets; }

const char *dvk_book_sheet_name(const dvk_book *b, size_t i)
{
    return i < b->nsheets ? b->sheet_names[i] : NULL;
}

int dvk_book_sheet_hidden(const dvk_book *b, size_t i)
{
    return i < b->nsheets && b->sheet_hidden[i];
}

int dvk_book_sheet_size(dvk_book *b, size_t i, unsigned long *rows, unsigned long *cols)
{
    return b->ops->sheet_size(b, i, rows, cols);
}

int dvk_book_select(dvk_book *b, size_t i, dvk_error *err)
{
    return b->ops->select(b, i, err);
}

int dvk_book_next_row(dvk_book *b, const dvk_cell **cells, size_t *ncells,
                      unsigned long *row, int *hidden, dvk_error *err)
{
    int st = b->ops->next_row(b, err);
    if (st == DVK_ROW) {
        *cells = b->cells;
        *ncells = b->ncells;
        *row = b->row;
        *hidden = b->hidden;
    }
    return st;
}

size_t dvk_book_cell_name(unsigned long column, unsigned long row, char *buf, size_t size)
{
    char letters[16];
    size_t k = sizeof letters;
    letters[--k] = '\0';
    for (; column > 0 && k > 0; column = (column - 1) / 26)
        letters[--k] = (char)('A' + (column - 1) % 26);
    return (size_t)snprintf(buf, size, "%s%lu", letters + k, row);
}
