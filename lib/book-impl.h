/* book-impl.h: what the workbook readers (xlsx.c, ods.c, xls.c) share with
 * book.c, which opens them by content and answers the calls of book.h.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A kind's next_row fills the current row (cells, text, row, hidden) with
 * what its file says; book.c then lays the merged areas over it and gives
 * the rows a merged area covers even when the file has nothing there.  A
 * kind adds its areas with dvk_book_add_merge(), all of them at select
 * (xlsx: they follow the rows in the file, so a first pass finds them;
 * xls: the walk of the records at open found them) or each before the row
 * it starts on (ods: the first cell says its span). */
#ifndef DVK_BOOK_IMPL_H
#define DVK_BOOK_IMPL_H

#include "book.h"

struct dvk_book_ops {
    void (*free)(dvk_book *b);   /* the kind's own state, not the common part */
    int (*select)(dvk_book *b, size_t sheet, dvk_error *err);
    int (*next_row)(dvk_book *b, dvk_error *err); /* fills b->row; DVK_ROW/DVK_DONE/error */
    int (*sheet_size)(dvk_book *b, size_t sheet, unsigned long *rows, unsigned long *cols);
};

/* A merged area, 1-based and inclusive, with the value of its first cell
 * once that row has been read. */
struct dvk_book_merge {
    unsigned long r1, c1, r2, c2;
    int type;
    char *text;
    size_t len;
    double number;
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
    int tmp_fd;                  /* its descriptor when the file has no name
                                  * left (tmp_path is /proc/self/fd/N); else -1 */

    /* book.c's own: the merged areas of the selected sheet and the row it
     * gives (the kind's row with the areas laid over it) */
    struct dvk_book_merge *merges;
    size_t nmerges, merges_cap, next_merge;
    size_t *active, nactive;     /* areas over the current row */
    unsigned long *column_owner; /* per column: 1 + the active area there */
    dvk_cell *out;
    size_t out_cap;
    unsigned long last_row;
    int have_raw, raw_done;
    size_t *offsets;             /* the cells' text offsets while a row is built */
    size_t offsets_cap;
    /* A sheet selected again (the reader rewinds to its header) keeps the
     * areas found the first time: merges_sheet is 1 + the sheet they are
     * of, and merges_kept tells the kind's select that they are there, so
     * that it need not read the whole sheet again to find them. */
    size_t merges_sheet;
    int merges_kept;
};

/* The limits of a sheet: Excel's since 2007 (LibreOffice's since 7.4). */
#define DVK_BOOK_MAX_ROWS 1048576UL
#define DVK_BOOK_MAX_COLUMNS 16384UL
#define DVK_BOOK_MAX_MERGES 1000000UL

/* Building the current row: begin, set cells (COLUMN 1-based, any order;
 * the gaps are empty cells), end (the texts get their addresses). */
void dvk_book_row_begin(dvk_book *b, unsigned long row, int hidden);
int dvk_book_row_cell(dvk_book *b, unsigned long column, int type, const char *text,
                      size_t len, double number);
void dvk_book_row_end(dvk_book *b);
/* A merged area of the selected sheet: an area out of the sheet is
 * DVK_SYNTAX, more than DVK_BOOK_MAX_MERGES is DVK_LIMIT.  Areas are added
 * in the order of their first rows (dvk_book_sort_merges() after adding
 * them all at once).  Areas that overlap are an error when reached. */
int dvk_book_add_merge(dvk_book *b, unsigned long r1, unsigned long c1,
                       unsigned long r2, unsigned long c2, dvk_error *err);
void dvk_book_sort_merges(dvk_book *b);
/* "B7" to column 2, row 7; 0 when it is not a cell reference in range.
 * *END is set past it. */
int dvk_book_parse_cell(const char *s, unsigned long *column, unsigned long *row,
                        const char **end);

/* Numbers and number formats (numfmt.c). */
enum dvk_numfmt_kind { DVK_NUMFMT_NUMBER = 0, DVK_NUMFMT_DATE, DVK_NUMFMT_TIME };
/* What a number format shows: a built-in format ID (CODE NULL) or a
 * format code. */
int dvk_numfmt_kind(unsigned id, const char *code);
/* The shortest decimal that reads back as X, without an exponent for
 * ordinary magnitudes, into BUF (32 bytes are enough). */
size_t dvk_number_text(double x, char *buf, size_t size);
/* A spreadsheet serial number shown with a format of KIND as a cell:
 * *TYPE becomes DVK_CELL_DATE or DVK_CELL_TIME (or DVK_CELL_NUMBER when the
 * serial is no date), *DAYS the days since 1970-01-01, BUF its text. */
size_t dvk_numfmt_serial(double serial, int kind, int date1904, int *type,
                         double *days, char *buf, size_t size);
/* Days since 1970-01-01 of an ISO 8601 date or date-time ("2023-04-05",
 * "2023-04-05T10:20:30.5"); 0 when it is none.  *HAS_TIME for a time. */
int dvk_iso_date(const char *s, double *days, int *has_time);
/* The text of a date or a time of day (book.h's forms). */
size_t dvk_date_text(double days, int with_time, char *buf, size_t size);
size_t dvk_time_text(double fraction, char *buf, size_t size);

/* Each kind's opener.  The zip kinds are given the zip book.c opened to
 * tell them apart, and own it from then on, even when they fail; xls is
 * given a path (book.c writes memory or a pipe to a temporary file). */
struct zip;
int dvk_xlsx_open(dvk_book *b, struct zip *z, dvk_error *err);
int dvk_ods_open(dvk_book *b, struct zip *z, dvk_error *err);
int dvk_xls_open(dvk_book *b, const char *path, dvk_error *err);

#endif
