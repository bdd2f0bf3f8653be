/* reader.h: the reader's state, shared by reader.c, columns.c, filter.c.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_READER_H
#define DVK_READER_H

#include "internal.h"
#include <csv.h>
#include "encoding.h"

enum line_end { LE_NONE, LE_LF, LE_CRLF, LE_CR };

struct dvk_reader {
    /* settings */
    char *encoding_request;
    int delimiter_request;
    int has_header;
    int decimal_comma;
    long skip_lines;         /* lines before the header; -1: find title lines */
    int reference;           /* every line through libcsv */

    /* input */
    int fd;
    int own_fd;
    const char *mem;
    size_t mem_len, mem_pos;
    char *name;
    char *path;                     /* the file opened by path, for parts */
    int raw_eof;
    int opened;
    unsigned long long raw_bytes;   /* bytes read from the input so far */
    unsigned long long input_size;  /* 0 when unknown (a pipe) */

    /* raw bytes waiting to be decoded (only for non-UTF-8 inputs) */
    dvk_buf raw;
    dvk_decoder decoder;
    struct dvk_detected detected;
    const char *encoding_display;

    /* decoded text; [pos, text.len) is unread */
    dvk_buf text;
    size_t pos;
    unsigned long long text_base;   /* UTF-8: file offset of text.data[0] */
    unsigned long long end;         /* no record starting here or after (0: none) */
    int text_eof;            /* everything has been decoded */
    int keep_text;           /* fill() must not drop what was read (looking ahead) */
    size_t bad_at;           /* offset in text of an undecodable byte */
    unsigned char bad_byte;
    int bad_pending;

    /* dialect */
    int delimiter;
    int line_end;
    char term;               /* the byte that ends a line: '\n' or '\r' */
    char other_term;         /* the other one, sent to the general path */

    /* general path */
    struct csv_parser csv;
    int csv_ready;
    int csv_row_done;
    size_t csv_fields_cap;

    /* header */
    size_t ncols;
    char **colnames;
    char **colkeys;          /* DVK_TEXT_KEY of each name */
    char **colloose;         /* DVK_TEXT_NAME of each name */
    int pending_row;         /* --no-header: the first row is already read */
    long header_line;        /* where the header (or the first row) starts */
    int title_skipped;       /* rows above it were found to be a title */

    /* current row */
    dvk_buf rowbuf;          /* fields, each NUL terminated */
    size_t *field_off;
    size_t *field_len;
    size_t nfields;
    size_t fields_cap;
    size_t record_off;       /* the row as read: text.data + record_off */
    size_t record_len;
    long line;               /* line at pos */
    long row_line;           /* line where the current row starts */

    /* --fill-down: columns whose empty cells take the value above */
    unsigned char *fill;     /* per column, or NULL */
    dvk_buf *fill_value;     /* per column: the last value seen */

    /* filters */
    dvk_expr **filters;
    size_t nfilters;

    /* normalisation cache */
    dvk_map cache;
    dvk_buf cache_values;
    dvk_buf keybuf;
    dvk_text_scratch scratch;

    /* accounting */
    unsigned long long rows_read, rows_filtered, rows_rejected, rows_blank;
    unsigned long long rows_total;  /* "Tổng cộng" rows left out */
    long total_line;                 /* the first one's line */
    int keep_totals;

    int failed;              /* a fatal error that ended the input */
    dvk_error err;
};

/* Normalise RAW into FORM through the reader's cache. */
const char *dvk_reader_normalize_cached(dvk_reader *r, const char *raw,
                                        size_t len, int form, size_t *out_len);
int dvk_filter_row(dvk_reader *r, int *pass);
void dvk_filters_free(dvk_reader *r);
int dvk_reader_init_columns(dvk_reader *r);

#endif
