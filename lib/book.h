/* book.h: rows of typed cells from a workbook sheet (.xlsx, .ods, .xls).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A workbook is a second kind of source under the reader: where a CSV
 * input gives lines of text, a book gives the rows of one sheet, each a
 * list of cells that know their type.  The reader turns either into the
 * same fields, so everything above it (header finding, the row rules,
 * filters, normalisation, the accounting) is shared.
 *
 * A book is read as a stream: a sheet's rows are pulled one at a time and
 * its XML is never held whole.  Merged areas are known before the first
 * row is given, and the value of an area's first cell is given in every
 * cell of the area (flagged), so a unit merged down a block of rows
 * reaches each of them.  Every expansion is bounded: a member whose
 * uncompressed size is out of proportion to its compressed size, or past
 * DVK_BOOK_MAX_MEMBER, is an error, and no XML entity is ever expanded
 * from outside the document.
 */
#ifndef DVK_BOOK_H
#define DVK_BOOK_H

#include "internal.h"

enum dvk_book_kind { DVK_BOOK_NONE = 0, DVK_BOOK_XLSX, DVK_BOOK_ODS, DVK_BOOK_XLS };

enum dvk_cell_type {
    DVK_CELL_EMPTY = 0,
    DVK_CELL_TEXT,
    DVK_CELL_NUMBER,   /* number holds it; text is the shortest form that reads back */
    DVK_CELL_BOOL,     /* number is 0 or 1; text "TRUE" / "FALSE" */
    DVK_CELL_DATE,     /* number is the day count since 1970-01-01 (time of day as
                        * the fraction); text "yyyy-mm-dd", or "yyyy-mm-dd hh:mm:ss"
                        * when the cell has a time of day */
    DVK_CELL_TIME,     /* a time of day alone: number is the fraction of a day, text "hh:mm:ss" */
    DVK_CELL_ERROR     /* a formula's error value: text "#N/A", "#DIV/0!" … */
};

typedef struct dvk_cell {
    int type;
    const char *text;  /* UTF-8, NUL terminated; "" for an empty cell */
    size_t len;
    double number;
    int merged;        /* 1: inside a merged area (the area's value); 2: its first cell */
} dvk_cell;

/* The uncompressed size past which one member of a workbook is refused. */
#define DVK_BOOK_MAX_MEMBER ((unsigned long long)4 << 30)

typedef struct dvk_book dvk_book;

/* The kind of workbook the first N bytes of an input announce (a zip that
 * holds a workbook, an OLE2 container holding one), DVK_BOOK_NONE for
 * anything else.  N of 8 is enough to tell that it is not text; the zip
 * kinds need more to be told apart, and the open calls tell them then. */
int dvk_book_sniff(const unsigned char *s, size_t n);

/* Open a workbook from a path, a descriptor (read from its current
 * position to the end; a pipe is copied to a temporary file first, which
 * loses its name at once where /proc allows) or
 * memory (not copied: it must outlive the book).  On failure *OUT is NULL
 * and ERR says why (DVK_IO, DVK_SYNTAX for a damaged workbook, DVK_LIMIT for
 * a bomb, DVK_USAGE for an encrypted one). */
int dvk_book_open_path(dvk_book **out, const char *path, dvk_error *err);
int dvk_book_open_fd(dvk_book **out, int fd, dvk_error *err);
int dvk_book_open_memory(dvk_book **out, const void *data, size_t len, dvk_error *err);
/* The same as dvk_book_open_fd() for a descriptor from which the first LEN
 * bytes, at HEAD, were already read (to tell what the input is): they and
 * the rest go to the temporary file, at most DVK_BOOK_MAX_MEMBER bytes in
 * all.  The file has no name while it is read (where /proc allows). */
int dvk_book_open_fd_after(dvk_book **out, const void *head, size_t len, int fd,
                           dvk_error *err);
void dvk_book_free(dvk_book *b);

int dvk_book_kind(const dvk_book *b);
/* The sheets in workbook order; names are owned by the book. */
size_t dvk_book_sheet_count(const dvk_book *b);
const char *dvk_book_sheet_name(const dvk_book *b, size_t i);
int dvk_book_sheet_hidden(const dvk_book *b, size_t i);
/* Rows and columns the sheet declares (its dimension), 0 when unknown. */
int dvk_book_sheet_size(dvk_book *b, size_t i, unsigned long *rows,
                        unsigned long *cols);

/* Start reading sheet I from its first row (a sheet may be read again). */
int dvk_book_select(dvk_book *b, size_t i, dvk_error *err);

/* The next row that holds a cell, a merged area or a hidden mark:
 * DVK_ROW with *CELLS (owned by the book, valid until the next call) and
 * *NCELLS (cells from column A to the last non-empty one, empty ones
 * between), *ROW its 1-based number in the sheet and *HIDDEN set for a
 * hidden row; DVK_DONE at the end; an error status with ERR set, its line
 * the sheet row and its column the sheet column (1-based), when known. */
int dvk_book_next_row(dvk_book *b, const dvk_cell **cells, size_t *ncells,
                      unsigned long *row, int *hidden, dvk_error *err);

/* "C17" for column 3 (1-based) of row 17, into BUF of SIZE bytes. */
size_t dvk_book_cell_name(unsigned long column, unsigned long row, char *buf,
                          size_t size);

#endif
