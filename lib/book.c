/* book.c: STUB of the workbook layer, so that this build links and reads
 * CSV as before.  It recognises no workbook (dvk_book_sniff() gives
 * DVK_BOOK_NONE) and refuses to open one.  The real book.c, which opens
 * .xlsx, .ods and .xls by content (xlsx.c, ods.c, xls.c), replaces this
 * file; nothing else depends on it being a stub.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "book-impl.h"

#include <stdio.h>

int dvk_book_sniff(const unsigned char *s, size_t n)
{
    (void)s;
    (void)n;
    return DVK_BOOK_NONE;
}

static int unsupported(dvk_book **out, dvk_error *err)
{
    *out = NULL;
    return dvk_error_set(err, DVK_USAGE, 0, 0,
                         _("workbooks are not supported in this build"));
}

int dvk_book_open_path(dvk_book **out, const char *path, dvk_error *err)
{
    (void)path;
    return unsupported(out, err);
}

int dvk_book_open_fd(dvk_book **out, int fd, dvk_error *err)
{
    (void)fd;
    return unsupported(out, err);
}

int dvk_book_open_memory(dvk_book **out, const void *data, size_t len, dvk_error *err)
{
    (void)data;
    (void)len;
    return unsupported(out, err);
}

void dvk_book_free(dvk_book *b)
{
    (void)b;
}

int dvk_book_kind(const dvk_book *b)
{
    return b ? b->kind : DVK_BOOK_NONE;
}

size_t dvk_book_sheet_count(const dvk_book *b)
{
    return b ? b->nsheets : 0;
}

const char *dvk_book_sheet_name(const dvk_book *b, size_t i)
{
    return b && i < b->nsheets ? b->sheet_names[i] : NULL;
}

int dvk_book_sheet_hidden(const dvk_book *b, size_t i)
{
    return b && i < b->nsheets ? b->sheet_hidden[i] : 0;
}

int dvk_book_sheet_size(dvk_book *b, size_t i, unsigned long *rows, unsigned long *cols)
{
    (void)b;
    (void)i;
    *rows = *cols = 0;
    return DVK_OK;
}

int dvk_book_select(dvk_book *b, size_t i, dvk_error *err)
{
    (void)b;
    (void)i;
    return dvk_error_set(err, DVK_USAGE, 0, 0,
                         _("workbooks are not supported in this build"));
}

int dvk_book_next_row(dvk_book *b, const dvk_cell **cells, size_t *ncells,
                      unsigned long *row, int *hidden, dvk_error *err)
{
    (void)b;
    *cells = NULL;
    *ncells = 0;
    *row = 0;
    *hidden = 0;
    return dvk_error_set(err, DVK_USAGE, 0, 0,
                         _("workbooks are not supported in this build"));
}

/* Not a stub: the name a spreadsheet shows for a cell. */
size_t dvk_book_cell_name(unsigned long column, unsigned long row, char *buf,
                          size_t size)
{
    char letters[16];
    size_t n = 0;
    for (unsigned long c = column; c > 0 && n < sizeof letters; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    char name[40];
    size_t k = 0;
    while (n > 0)
        name[k++] = letters[--n];
    int w = snprintf(name + k, sizeof name - k, "%lu", row);
    k += w > 0 ? (size_t)w : 0;
    name[k] = '\0';
    return (size_t)snprintf(buf, size, "%s", name);
}
