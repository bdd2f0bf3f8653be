/* book-impl.h: what the workbook readers (xlsx.c, ods.c, xls.c) share with
 * book.c, which opens them by content and answers the calls of book.h.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_BOOK_IMPL_H
#define DVK_BOOK_IMPL_H

#include "book.h"

struct dvk_book_ops {
    void (*free)(dvk_book *b);   /* the kind's own state, not the common part */
    int (*select)(dvk_book *b, size_t sheet, dvk_error *err);
    int (*next_row)(dvk_book *b, dvk_error *err); /* fills b->row; DVK_ROW/DVK_DONE/error */
    int (*sheet_size)(dvk_book *b, size_t sheet, unsigned long *rows, unsigned long *cols);
};

struct dvk_book {
    const struct dvk_book_ops *ops;
    int kind;
    void *impl;                  /* the kind's state */

    size_t nsheets;
    char **sheet_names;
    int *sheet_hidden;

    /* the current row, filled by ops->next_row */
    dvk_cell *cells;
    size_t ncells, cells_cap;
    dvk_buf text;                /* the cells' texts, each NUL terminated */
    unsigned long row;
    int hidden;

    char *tmp_path;              /* a pipe copied to a file, removed on free */
};

/* Each kind's opener: from a path, or from memory (xls: path only; book.c
 * writes memory to a temporary file for it). */
int dvk_xlsx_open(dvk_book *b, const char *path, const void *mem, size_t len,
                  dvk_error *err);
int dvk_ods_open(dvk_book *b, const char *path, const void *mem, size_t len,
                 dvk_error *err);
int dvk_xls_open(dvk_book *b, const char *path, dvk_error *err);

#endif
