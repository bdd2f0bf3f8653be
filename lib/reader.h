/* reader.h: the reader's state and the calls between its layers.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The reader is built in layers, each in a file of its own, bottom up:
 *   input.c    bytes from a descriptor or memory, decoded to UTF-8
 *   dialect.c  the delimiter and line end of a sample (a pure function)
 *   split.c    a line of CSV text cut into fields: the plain and quoted
 *              fast paths, and libcsv for the rest (for every line with
 *              dvk_reader_set_libcsv_only(), to check that they agree)
 *   sheet.c    or a workbook sheet's row as fields (through book.h), with
 *              the cells' types beside them
 *   record.c   the current record: its fields, their normalised texts
 *              (through a cache) and the place of a field in the input
 *   header.c   the title above the table, and the header
 *   layout.c   a form's layout, learnt from the rows under the header,
 *              the rows that are not data, and the notes of layout
 *   rows.c     the row rules (blank, total rows, field count, fill-down,
 *              filters) and the row accounting: dvk_reader_next()
 *   parts.c    a file read in parts by several readers
 *   reader.c   life cycle, settings, opening and queries
 * Only split.c knows that the records are CSV text, and only sheet.c that
 * they are cells; above them a record is fields and a place.  Conditions
 * (expr.c) see the reader only through the public calls and expr.h. */
#ifndef DVK_READER_H
#define DVK_READER_H

#include "internal.h"
#include <csv.h>
#include <string.h>
#include "encoding.h"

enum line_end { LE_NONE, LE_LF, LE_CRLF, LE_CR };

struct dvk_reader {
    /* settings */
    locale_t msg_lang;       /* messages' language, 0: the process's */
    char *encoding_request;
    int delimiter_request;
    int has_header;
    int decimal_comma;
    long skip_lines;         /* lines before the header; -1: find title lines */
    int libcsv_only;         /* every line through libcsv */
    size_t max_record;       /* limits: bytes of a record, of a field, */
    size_t max_field;        /* and fields in a record */
    size_t max_columns;
    size_t block;            /* bytes read at a time */

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
    int check_size;                 /* a regular file: it must not change */
    unsigned long long size_at_open;   /* its size then */
    unsigned long long size_expected;  /* raw_bytes at its end */

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
    int bad_nul;             /* the bad byte is a NUL */
    dvk_buf held;            /* text decoded with the sample and handed out a
                              * block at a time (a DVKSTAT_BLOCK smaller than
                              * the sample); held_pos: what is handed out */
    size_t held_pos;
    int held_eof;
    size_t utf8_from, utf8_to;  /* text[utf8_from, utf8_to) is valid UTF-8:
                                 * checked a block at a time, not a record */

    /* dialect */
    int delimiter;
    int line_end;
    char term;               /* the byte that ends a line: '\n' or '\r' */
    char other_term;         /* the other one, sent to the general path */
    int simd;                /* the scan's instructions: DVK_SIMD_* (split.c) */
    int maybe_total;         /* a field of the row may be a total's label */

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
    /* columns the reader chose to fill down itself (layout.c): each empty
     * cell is checked to lie inside a block the file closes */
    struct dvk_fill_guess *guess;
    size_t nguess;

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

    /* a workbook sheet instead of CSV text (sheet.c) */
    struct dvk_book *book;
    char *sheet_request;     /* dvk_reader_set_sheet(): a name or a number */
    size_t sheet;            /* the sheet read */
    unsigned long book_from; /* sheet rows above this one are passed over */
    unsigned char *field_type;  /* per field: the cell's type (enum dvk_cell_type) */
    double *field_num;          /* per field: the cell's number */
    size_t types_cap;
    dvk_buf book_record;     /* the current row written as a CSV line */
    unsigned long long rows_hidden;
    struct dvk_sheet_rows *sheet_rows;  /* sheet.c's copies: a header of
                                         * several rows, a row held back */

    /* the layout of a form (header.c finds it, rows.c applies it) */
    long header_rows_request;   /* dvk_reader_set_header_rows(); 0: found */
    unsigned keep;              /* DVK_KEEP_* */
    size_t header_rows;         /* rows the header takes */
    long colnum_line;           /* the row of column numbers, 0: none */
    long title_rows;            /* rows of the title above the header */
    size_t *key_cols;           /* columns every data row fills with text */
    size_t nkey;
    size_t most_filled;         /* cells of the fullest data row of the sample */
    int form;                   /* rows that are not data were seen: keep sums */
    size_t *sum_cols;           /* columns of numbers, summed for subtotals */
    double *sums, *sums_all;    /* since the last subtotal, since the start */
    size_t nsum;
    int table_ended;
    long table_end_line;        /* where it ended */
    signed char *numconv;       /* per column: DVK_DECIMAL_* */
    unsigned char *numsure;     /* per column: settled by its own values */
    int file_decimal;           /* what the file suggests: DVK_DECIMAL_* */
    struct dvk_layout_note *notes;
    size_t nnotes;
    unsigned long long rows_left_out;

    int failed;              /* a fatal error that ended the input */
    dvk_error err;
};

/* reader.c */
/* A usage error on R: WHAT, a message id (N_()), in R's language. */
int dvk_reader_usage(dvk_reader *r, const char *what);
void dvk_names_free(char **names, size_t n);

/* input.c: make more decoded text available in r->text (the unread part
 * is moved to its start unless r->keep_text); detect the encoding and the
 * dialect from the first bytes and stand before the first line. */
int dvk_input_fill(dvk_reader *r);
/* The bytes read at a time: 1 MiB, or DVKSTAT_BLOCK's number (tests put
 * every byte of an input on a block's edge with it). */
size_t dvk_input_block(void);
int dvk_input_start(dvk_reader *r);

/* dialect.c: the line end and delimiter of the N bytes at S (WHOLE: they
 * are the whole input); a REQUESTED delimiter (not 0) is taken as is. */
struct dvk_dialect {
    int delimiter;
    int line_end;
    char term, other_term;
};
void dvk_dialect_sniff(const char *s, size_t n, int whole, int requested,
                       struct dvk_dialect *d);

/* split.c: the next record's fields (DVK_ROW, DVK_DONE or an error); the
 * general path made ready again for a new record; the line and 1-based
 * column where FIELD of the current record starts (its end, past the
 * last field). */
int dvk_split_next(dvk_reader *r);
/* The instructions the scan uses: the best the CPU has, or the ones named
 * by DVKSTAT_SIMD (plain, sse2, avx2; libcsv sends every line to libcsv),
 * so that tests run each on the same inputs.  Tests also set
 * DVKSTAT_BLOCK, the bytes read at a time. */
enum { DVK_SIMD_PLAIN, DVK_SIMD_SSE2, DVK_SIMD_AVX2 };
int dvk_split_simd(void);
int dvk_split_reset(dvk_reader *r);
void dvk_split_place(const dvk_reader *r, size_t field, long *line, long *column);

/* record.c: room for one more field of the current record: DVK_NOMEM, or
 * DVK_LIMIT past the limit on columns (no message set: the caller knows
 * the place). */
int dvk_record_grow(dvk_reader *r);
static inline int dvk_record_room(dvk_reader *r)
{
    return r->nfields < r->fields_cap ? DVK_OK : dvk_record_grow(r);
}
/* The N bytes at S as the current record's next field, NUL terminated in
 * r->rowbuf. */
static inline int dvk_record_push(dvk_reader *r, const char *s, size_t n)
{
    int st = dvk_record_room(r);
    if (st)
        return st;
    if (dvk_buf_reserve(&r->rowbuf, n + 1))
        return DVK_NOMEM;
    r->field_off[r->nfields] = r->rowbuf.len;
    r->field_len[r->nfields] = n;
    r->nfields++;
    char *d = r->rowbuf.data + r->rowbuf.len;
    if (n)
        memcpy(d, s, n);
    d[n] = '\0';
    r->rowbuf.len += n + 1;
    return DVK_OK;
}
/* A limit's size for a message: "64 MiB", "1000 bytes". */
const char *dvk_limit_text(size_t n, char *buf, size_t size);

/* sheet.c: open the workbook the input holds (KIND from dvk_book_sniff()
 * on the bytes in r->raw) and choose its sheet; the next row of the sheet
 * as the record; read the sheet again from row FROM (0: its first); let
 * go of the workbook. */
int dvk_sheet_open(dvk_reader *r, int kind);
int dvk_sheet_next(dvk_reader *r);
int dvk_sheet_rewind(dvk_reader *r, unsigned long from);
void dvk_sheet_free(dvk_reader *r);

/* The next record from the source, CSV text or a sheet. */
static inline int dvk_source_next(dvk_reader *r)
{
    return r->book ? dvk_sheet_next(r) : dvk_split_next(r);
}

/* record.c: the line and column where FIELD of the current record starts,
 * whatever the source. */
void dvk_record_place(const dvk_reader *r, size_t field, long *line, long *column);

/* record.c: normalise RAW into FORM through the reader's cache. */
const char *dvk_reader_normalize_cached(dvk_reader *r, const char *raw,
                                        size_t len, int form, size_t *out_len);

/* header.c */
int dvk_row_is_blank(const dvk_reader *r);
/* A cell of the current row, trimmed, and whether it is filled. */
const char *dvk_row_cell(const dvk_reader *r, size_t i, size_t *len);
int dvk_read_header(dvk_reader *r);

/* layout.c */
/* Read a sample of the table from where the reader stands (past the
 * header), and learn from it the key columns, the columns summed by
 * subtotals, each column's number convention and the columns merged
 * down.  DVK_NOMEM, the message not set. */
int dvk_layout_sample(dvk_reader *r);
/* The kind of a row that fills too few of the key columns to be data
 * (DVK_LAYOUT_SECTION, _SUBTOTAL, _TABLE_END, or 0: data after all). */
int dvk_layout_classify(dvk_reader *r);
/* A row with an empty key cell that says "Cộng …" yet fills half the key
 * columns or more: a subtotal (*KIND set) when its numbers are the sums of
 * a form's rows, else DVK_AMBIGUOUS with the message set. */
int dvk_layout_check_labelled(dvk_reader *r, int *kind);
/* Whether the current row, read as KIND (a section heading, a subtotal,
 * a row past the table's end), could be a record all the same: it fills
 * two thirds as many cells as the fullest record and every key column (a
 * signer's title aside), or with no key columns two cells of text.  A total with its label ("Cộng …") is taken at its
 * word; one found by its sums is not.  Then the reader must not drop it
 * silently: DVK_AMBIGUOUS with the option that says which (message set),
 * or DVK_OK.  SINCE is the line where the table ended, for rows after it. */
int dvk_layout_check_dropped(dvk_reader *r, int kind, long since);
/* The columns filled down by the reader's own choice: the current data
 * row (before its cells are filled) keeps each one's empty cells inside a
 * block that the file closes with the next unit's name, or DVK_AMBIGUOUS
 * (message set).  AT_END: the table ends here (a heading, a subtotal, the
 * end of the table or of the input, at line AT_END, or -1 for the end of
 * the input), so an open run of empty cells is ambiguous, unless the row
 * there is a subtotal (KIND) whose label names the unit above. */
int dvk_layout_check_fill(dvk_reader *r, long at_end, int kind);
void dvk_layout_guess_free(dvk_reader *r);
/* The caller asked for COL to be filled down: no question about it. */
void dvk_layout_guess_off(dvk_reader *r, size_t col);
/* Add a decision to the reader's notes, or count one more row of KIND. */
int dvk_layout_say(dvk_reader *r, int kind, long line, unsigned long long count,
                   size_t column, int value);

/* rows.c */
void dvk_filters_free(dvk_reader *r);

/* columns.c */
int dvk_reader_init_columns(dvk_reader *r);

#endif
