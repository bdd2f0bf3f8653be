/* dvkstat.h: the public interface of libdvkstat.
 *
 * Copyright (C) 2026 The dvkstat authors.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libdvkstat reads registers exported from spreadsheets (CSV in any of the
 * encodings and dialects Vietnamese offices produce) and computes counts,
 * ratios and trends from them.
 *
 * Conventions, as in SQLite:
 *  - Handles are opaque; each has a constructor (_new) and a destructor
 *    (_free).  One handle must not be used by two threads at once; separate
 *    handles share nothing, so one handle per thread is safe.
 *  - Every call that can fail returns a status (enum dvk_status).  The
 *    message, and for data errors the file, line and column, are read from
 *    the handle afterwards.  The library never prints, exits or aborts.
 *  - Strings are UTF-8.  A string returned from a handle is owned by the
 *    handle and valid until the next call on it, unless said otherwise.
 *    Memory the library gives away is released with dvk_free().
 */
#ifndef DVKSTAT_H
#define DVKSTAT_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(DVK_BUILDING_LIBRARY)
#define DVK_API __attribute__((visibility("default")))
#else
#define DVK_API
#endif

/* A call kept under a former name, so that programs linked against it
 * still load; the compiler names the call to use instead. */
#if defined(__GNUC__) && !defined(DVK_BUILDING_LIBRARY)
#define DVK_DEPRECATED(use) __attribute__((deprecated(use)))
#else
#define DVK_DEPRECATED(use)
#endif

/* The version of this header.  DVK_VERSION_NUMBER is MAJOR * 1000000 +
 * MINOR * 1000 + PATCH, for comparisons in the preprocessor; compare it
 * with dvk_version_number() to learn which library is linked at run time. */
#define DVK_VERSION_MAJOR 0
#define DVK_VERSION_MINOR 1
#define DVK_VERSION_PATCH 0
#define DVK_VERSION_NUMBER (DVK_VERSION_MAJOR * 1000000 + DVK_VERSION_MINOR * 1000 + DVK_VERSION_PATCH)
#define DVK_VERSION_STRING "0.1.0"

/* ---------------------------------------------------------------- status */

enum dvk_status {
    DVK_OK = 0,
    DVK_NOMEM,     /* out of memory */
    DVK_USAGE,     /* the caller passed a bad argument or called out of order */
    DVK_IO,        /* a file could not be opened, read or written */
    DVK_EMPTY,     /* the input has no header row or no data */
    DVK_ENCODING,  /* bytes that are not valid in the input's encoding */
    DVK_SYNTAX,    /* malformed CSV: an unterminated quoted field */
    DVK_FIELDS,    /* a row with the wrong number of fields */
    DVK_VALUE,     /* a value that does not parse (number, year, date) */
    DVK_COLUMN,    /* an unknown or ambiguous column name */
    DVK_LIMIT,     /* past a limit of the reader (a 64 MiB record): input ended;
                    * or of an exact test (dvk_exact_fisher) */
    DVK_AMBIGUOUS, /* the input reads two ways that give different figures (an
                    * empty cell under a unit: merged down or no unit?; a row
                    * that reads as a heading or a total but fills every column
                    * a record fills): the message names the option that says
                    * which; the input ends there */
    DVK_ROW = 100, /* dvk_reader_next(): a row is ready */
    DVK_DONE = 101 /* dvk_reader_next(): no more rows */
};

/* A short English name of a status ("encoding error", …).  Static storage. */
DVK_API const char *dvk_status_name(int status);

/* Nonzero when STATUS concerns one row only (DVK_SYNTAX, DVK_FIELDS,
 * DVK_VALUE): the caller may set the row aside and call dvk_reader_next()
 * again.  Any other error ends the reading of that input. */
DVK_API int dvk_status_is_row_error(int status);

/* Release memory returned by the library (dvk_text_normalize …). */
DVK_API void dvk_free(void *p);

/* The library's version, "MAJOR.MINOR.PATCH".  Static storage. */
DVK_API const char *dvk_version(void);
/* The linked library's DVK_VERSION_NUMBER. */
DVK_API int dvk_version_number(void);

/* ------------------------------------------------------------------ text */

enum dvk_text_form {
    /* NFC, trimmed, inner white space (NBSP, tabs, line breaks included)
     * collapsed to one space, Vietnamese tone marks placed canonically
     * (on the first vowel of open "oa", "oe", "uy": hóa, khỏe, thủy). */
    DVK_TEXT_CLEAN = 1,
    /* DVK_TEXT_CLEAN, then case-folded: the form values are grouped and
     * compared by ("Kinh tế", "kinh  tế" and "KINH TẾ" are one key). */
    DVK_TEXT_KEY = 2,
    /* Case, diacritics (đ too) and everything but letters and digits
     * removed: how loose column names are matched ("linh_vuc" = "Lĩnh vực"). */
    DVK_TEXT_NAME = 3,
    /* NFC and trimming only. */
    DVK_TEXT_TRIM = 4
};

/* Normalise LEN bytes of UTF-8 at S into FORM.  On DVK_OK *OUT is a new
 * NUL-terminated string the caller releases with dvk_free(), and *OUT_LEN
 * (if not NULL) its length.  DVK_ENCODING if S is not valid UTF-8. */
DVK_API int dvk_text_normalize(const char *s, size_t len, int form,
                               char **out, size_t *out_len);

/* Display width of UTF-8 text in terminal columns (combining marks take
 * none, wide characters two). */
DVK_API size_t dvk_text_width(const char *s, size_t len);

/* The edit distance (Levenshtein, in bytes) between A and B, as "did you
 * mean" suggestions weigh a typed name or value against the real ones
 * (compare DVK_TEXT_NAME forms to leave accents and case aside).
 * SIZE_MAX when either is longer than 200 bytes or NULL. */
DVK_API size_t dvk_text_distance(const char *a, const char *b);

/* --------------------------------------------------------------- numbers */

/* Parse a number as spreadsheets write it: "1234", "-12.5", "1,234,567",
 * or, with DECIMAL_COMMA set (vi-VN), "1.234.567" and "1,5".  Grouping
 * separators must group by three.  An amount may end with its unit: "đ",
 * "đồng", "VNĐ" or "VND" ("12.500.000 đ").  Independent of the C locale.
 * Returns DVK_OK, DVK_EMPTY for an empty (missing) cell, or DVK_VALUE. */
DVK_API int dvk_number_parse(const char *s, size_t len, int decimal_comma,
                             double *out);

/* Kinds of time a column can hold. */
enum dvk_period {
    DVK_PERIOD_AUTO = 0,   /* integers as they are (years, or 1, 2, 3 …), dates by year */
    DVK_PERIOD_YEAR,
    DVK_PERIOD_QUARTER,
    DVK_PERIOD_MONTH,
    DVK_PERIOD_INTEGER     /* plain integers: periods numbered 1, 2, 3 … */
};

/* Parse a time value: a year (1900–2100), a date "dd/mm/yyyy",
 * "d/m/yyyy", "yyyy-mm-dd" (a time of day after it is ignored), or, for
 * DVK_PERIOD_INTEGER and DVK_PERIOD_AUTO, any integer.  *OUT receives the period index: the
 * year; year*4 + quarter-1; year*12 + month-1; or the integer itself.
 * Returns DVK_OK, DVK_EMPTY or DVK_VALUE. */
DVK_API int dvk_time_parse(const char *s, size_t len, int period, long *out);

/* Write the label of period index T of kind PERIOD ("2021", "2021-Q3",
 * "2021-07") into BUF of SIZE bytes.  Returns the length it needed. */
DVK_API size_t dvk_time_format(long t, int period, char *buf, size_t size);

/* ------------------------------------------------------- models and units */

/* What a model's status says, as offices write it. */
enum dvk_model_status {
    DVK_MODEL_UNKNOWN = 0,  /* no word the rule knows (empty, "x", a note) */
    DVK_MODEL_MAINTAINED,   /* "Duy trì", "Đang hoạt động", "Hiệu quả" */
    DVK_MODEL_STOPPED,      /* "Ngưng hoạt động", "Ngừng", "Tạm dừng", "Thôi",
                             * "Giải thể", "Không còn", "Không duy trì",
                             * "Không hiệu quả" */
    DVK_MODEL_NOT_YET,      /* "Chưa triển khai", "Chưa duy trì" */
    DVK_MODEL_REGISTERED    /* "Đăng ký", "Mới": registered, nothing more said */
};

/* Classify LEN bytes of UTF-8 at TEXT, a status cell or the header of a
 * per-status column ("Duy trì" / "Không duy trì"), into *STATUS (enum
 * dvk_model_status).  Words are matched as whole syllables, case and tone
 * placement aside; "not yet" decides over a stop, and a stop over the
 * words of a maintained model ("Ngưng duy trì" is stopped).  Returns
 * DVK_OK, DVK_ENCODING or DVK_NOMEM. */
DVK_API int dvk_status_classify(const char *text, size_t len, int *status);
/* Set *MARKED when the cell at TEXT marks its per-status column: "x", "X",
 * a tick, "v", "1". */
DVK_API int dvk_status_is_mark(const char *text, size_t len, int *marked);

/* The kind prefix of an administrative unit's name. */
enum dvk_unit_kind {
    DVK_UNIT_NONE = 0,      /* no prefix: "Long Sơn" */
    DVK_UNIT_COMMUNE,       /* "Xã", "X." */
    DVK_UNIT_WARD,          /* "Phường", "P.", "P" before a number */
    DVK_UNIT_TOWNSHIP,      /* "Thị trấn", "TT.", "T.T." */
    DVK_UNIT_VILLAGE,       /* "Thôn" */
    DVK_UNIT_RESIDENTIAL,   /* "Tổ dân phố", "TDP" */
    DVK_UNIT_HAMLET,        /* "Ấp" */
    DVK_UNIT_NEIGHBOURHOOD  /* "Khu phố", "KP" */
};

/* The key of a unit's name LEN bytes at S: the name without its kind
 * prefix, as DVK_TEXT_KEY, a number without leading zeros ("Phường 01",
 * "P.1" and "phường 1" all give "1", "X. Long Sơn" gives "long sơn").
 * On DVK_OK *KEY is a new string the caller releases with dvk_free(),
 * *KEY_LEN (if not NULL) its length and *KIND (if not NULL) the prefix
 * found (enum dvk_unit_kind).  DVK_ENCODING for bytes that are not UTF-8. */
DVK_API int dvk_unit_key(const char *s, size_t len, char **key,
                         size_t *key_len, int *kind);

/* ---------------------------------------------------------------- reader */

/* A streaming reader of one CSV input.  It detects the encoding (UTF-8
 * with or without BOM, UTF-16 LE/BE, Windows-1258, TCVN3), the delimiter
 * ("," ";" TAB "|") and the line ends (LF, CRLF, CR), converts to UTF-8,
 * and yields one row at a time; the file is never held whole in memory.
 *
 * Typical use:
 *     dvk_reader *r = dvk_reader_new();
 *     if (dvk_reader_open(r, "models.csv") != DVK_OK) { report(r); }
 *     while ((st = dvk_reader_next(r)) == DVK_ROW) { use dvk_reader_field(r, i, &len); }
 *     if (st != DVK_DONE) { report(r); }
 *     dvk_reader_free(r);
 */
typedef struct dvk_reader dvk_reader;

/* A new reader with default settings, or NULL when out of memory. */
DVK_API dvk_reader *dvk_reader_new(void);
/* Close the input (not standard input) and free everything.  NULL is fine. */
DVK_API void dvk_reader_free(dvk_reader *r);

/* Settings; call before dvk_reader_open().
 * Encoding NAME: NULL or "auto" to detect, else "utf-8", "utf-16le",
 * "utf-16be", "utf-16", "windows-1258" ("cp1258"), "tcvn3" ("tcvn"), or
 * any name iconv knows.  DVK_USAGE for a name iconv does not know. */
DVK_API int dvk_reader_set_encoding(dvk_reader *r, const char *name);
/* The language of the reader's messages: "vi" (the vi_VN.UTF-8 locale's
 * catalogue), "en", or a locale's name; NULL or "" for the process's
 * LC_MESSAGES (the default).  It holds for this handle only, whatever
 * other threads do.  DVK_USAGE when the system has no such locale.  As
 * GNU gettext decides, a LANGUAGE environment variable, when set, is
 * looked at before it. */
DVK_API int dvk_reader_set_language(dvk_reader *r, const char *lang);
/* Delimiter: 0 to sniff, else the byte (',' ';' '\t' '|' or another). */
DVK_API int dvk_reader_set_delimiter(dvk_reader *r, int delimiter);
/* Whether the first row is a header (default yes).  Without a header the
 * columns are named "1", "2", "3" … */
DVK_API int dvk_reader_set_header(dvk_reader *r, int has_header);
/* How numbers are written: 1, a decimal comma ("1,5", "1.234" = 1234);
 * 0, a decimal point ("1.5", "1,234" = 1234); DVK_DECIMAL_AUTO (-1, the
 * default), decided per column from its values and the file (see
 * dvk_reader_column_decimal()). */
DVK_API int dvk_reader_set_decimal_comma(dvk_reader *r, int on);
/* Send every line through libcsv, the reference parser, instead of
 * splitting the lines it need not see (those without a quote, and those
 * whose quoted fields are plain) directly.  The results are the same; this
 * is for checking that they are. */
DVK_API int dvk_reader_set_libcsv_only(dvk_reader *r, int on);
/* The former name of dvk_reader_set_libcsv_only(), kept for the ABI. */
DVK_API int dvk_reader_set_reference(dvk_reader *r, int on)
    DVK_DEPRECATED("use dvk_reader_set_libcsv_only");
/* Lines to skip before the header (or, without a header, the first row).
 * The default, -1, finds a title above the table: looking at the first
 * rows, the header is the first that fills at least half as many cells as
 * the fullest (and two or more), and the rows above it are skipped.  0
 * reads from the first line. */
DVK_API int dvk_reader_set_skip_lines(dvk_reader *r, long lines);
/* A total row of a spreadsheet ("Tổng cộng", "Tổng", "Cộng", "Tổng số" or
 * "Total" alone in a cell) is left out by default, as subtotal rows are;
 * KEEP reads them as rows (DVK_KEEP_SUBTOTALS of dvk_reader_set_keep()). */
DVK_API int dvk_reader_set_keep_totals(dvk_reader *r, int keep);
/* Reading limits, checked on every way a line is split, while it is read:
 * a record (the bytes of a row as read, its line ends included), a field
 * (its bytes), and the fields of a row.  Past one, dvk_reader_next()
 * returns DVK_LIMIT naming the line, the column and the limit, and the
 * input ends there.  0 keeps a limit's default. */
#define DVK_READER_MAX_RECORD ((size_t)64 << 20)
#define DVK_READER_MAX_FIELD ((size_t)64 << 20)
#define DVK_READER_MAX_COLUMNS ((size_t)100000)
DVK_API int dvk_reader_set_limits(dvk_reader *r, size_t record, size_t field,
                                  size_t columns);
/* The sheet of a workbook to read: its name, or its number from 1 ("2").
 * By default, the first visible sheet that holds a table (a row of two
 * cells or more among its first rows).  Not used for a CSV input. */
DVK_API int dvk_reader_set_sheet(dvk_reader *r, const char *sheet);

/* ---------------------------------------------------- forms' layout
 * A register laid out as a printed form: the title above the table, a
 * header of one to three rows (a group heading over its sub-headings
 * makes names such as "Kết quả / Duy trì", found by either part when that
 * is unambiguous), a row of column numbers under it, section headings,
 * subtotal and total rows, and the signature block and notes below the
 * table.  The reader finds them when it opens the input (looking ahead
 * over the first rows) and while it reads; none of them is a data row.
 * Each decision is a note; rows left out are counted apart from the rows
 * read.  Numbers: whether '.' groups thousands is decided per column. */
enum dvk_layout_kind {
    DVK_LAYOUT_TITLE = 1,      /* COUNT rows of a title above the header */
    DVK_LAYOUT_HEADER_ROWS,    /* the header takes COUNT rows from LINE */
    DVK_LAYOUT_COLUMN_NUMBERS, /* the row of column numbers at LINE, left out */
    DVK_LAYOUT_FILL_DOWN,      /* COLUMN's empty cells take the value above
                                * (cells merged down in the form) */
    DVK_LAYOUT_NUMBERS,        /* COLUMN's numbers read with VALUE
                                * (DVK_DECIMAL_POINT or _COMMA), which only
                                * the file suggests: its values alone do not say */
    DVK_LAYOUT_SECTION,        /* COUNT section headings left out, the first at LINE */
    DVK_LAYOUT_SUBTOTAL,       /* COUNT subtotal and total rows left out, the first at LINE */
    DVK_LAYOUT_TABLE_END       /* the table ends at LINE (a signature block or
                                * notes): COUNT rows from there left out */
};
struct dvk_layout_note {
    size_t size;               /* set by the caller to sizeof (struct dvk_layout_note) */
    int kind;                  /* enum dvk_layout_kind */
    long line;
    unsigned long long count;
    size_t column;             /* (size_t)-1 when the note is about no column */
    int value;
};
/* The notes so far, in the order they were first made: their number, and
 * note I copied to *NOTE (DVK_USAGE past the last).  Those of rows
 * (sections, subtotals, the table's end) grow while the input is read. */
DVK_API size_t dvk_reader_layout_count(const dvk_reader *r);
DVK_API int dvk_reader_layout_note(const dvk_reader *r, size_t i, struct dvk_layout_note *note);
/* Rows left out as section headings, subtotals and the rows after the
 * table's end: rows read = counted + filtered + rejected + left out. */
DVK_API unsigned long long dvk_reader_rows_left_out(const dvk_reader *r);
/* The header's rows: 0 (default) finds them, N takes N rows. */
DVK_API int dvk_reader_set_header_rows(dvk_reader *r, long rows);
/* What the reader keeps as data rows instead of leaving out (flags). */
enum {
    DVK_KEEP_SUBTOTALS = 1,    /* subtotal and total rows */
    DVK_KEEP_SECTIONS = 2,     /* section headings */
    DVK_KEEP_NOTES = 4,        /* the signature block and notes: the table
                                * does not end before the input does */
    DVK_KEEP_EMPTY = 8         /* no column is filled down unless asked */
};
DVK_API int dvk_reader_set_keep(dvk_reader *r, unsigned what);
/* Number conventions, for dvk_reader_set_decimal_comma() and
 * dvk_reader_column_decimal(). */
enum { DVK_DECIMAL_AUTO = -1, DVK_DECIMAL_POINT = 0, DVK_DECIMAL_COMMA = 1 };
/* How column I's numbers are read: DVK_DECIMAL_POINT ("1,234.5"),
 * DVK_DECIMAL_COMMA ("1.234,5"), or DVK_DECIMAL_AUTO when neither its
 * values nor the file settle it (a value such as "2.178" is then an
 * error, a value such as "1.5" or "21.500.000" reads as it must).
 * *CERTAIN (may be NULL) is 1 when the column's own values or the
 * setting decided. */
DVK_API int dvk_reader_column_decimal(const dvk_reader *r, size_t i, int *certain);

/* Open the file at PATH ("-" is standard input), sniff its dialect and
 * read its header.  NAME, for messages, is PATH ("<stdin>" for "-"). */
DVK_API int dvk_reader_open(dvk_reader *r, const char *path);
/* Read from an open file descriptor, which the reader does not close. */
DVK_API int dvk_reader_open_fd(dvk_reader *r, int fd, const char *name);
/* Read LEN bytes at DATA, which must stay valid while the reader reads. */
DVK_API int dvk_reader_open_memory(dvk_reader *r, const void *data,
                                   size_t len, const char *name);

/* Advance to the next row that passes the filters.  Returns DVK_ROW,
 * DVK_DONE at the end, or an error.  After a row error
 * (dvk_status_is_row_error()) the bad row is available through
 * dvk_reader_record() and reading may go on with another call. */
DVK_API int dvk_reader_next(dvk_reader *r);

/* The dialect found (or forced): encoding name ("UTF-8", "UTF-16LE",
 * "WINDOWS-1258", "TCVN3" …), delimiter byte, line end ("LF", "CRLF", "CR"
 * or "none"), and whether a byte-order mark was present. */
DVK_API const char *dvk_reader_encoding(const dvk_reader *r);
DVK_API int dvk_reader_delimiter(const dvk_reader *r);
DVK_API const char *dvk_reader_line_end(const dvk_reader *r);
DVK_API int dvk_reader_has_bom(const dvk_reader *r);
/* The name given for the input, for messages. */
DVK_API const char *dvk_reader_name(const dvk_reader *r);
/* The line where the header (or, without one, the first row) starts: more
 * than 1 when lines above it were skipped (a title, --skip-lines, or
 * Excel's "sep=;" line, which names the delimiter); and whether rows above
 * it were found to be a title and skipped. */
DVK_API long dvk_reader_header_line(const dvk_reader *r);
DVK_API int dvk_reader_title_skipped(const dvk_reader *r);

/* Columns: how many, and the name of column I (0-based), normalised as
 * DVK_TEXT_CLEAN. */
DVK_API size_t dvk_reader_column_count(const dvk_reader *r);
DVK_API const char *dvk_reader_column_name(const dvk_reader *r, size_t i);

/* Find a column by its header text, its 1-based index ("3"), or its
 * folded name (DVK_TEXT_NAME: "linh_vuc" finds "Lĩnh vực").  Sets *INDEX
 * (0-based).  An unknown or ambiguous name gives DVK_COLUMN with a
 * message listing the candidates. */
DVK_API int dvk_reader_find_column(dvk_reader *r, const char *spec,
                                   size_t *index);

/* What a column holds, as a register's header names it. */
enum dvk_role {
    DVK_ROLE_FIELD = 1, /* "Lĩnh vực", "Field", "Nhóm lĩnh vực" … */
    DVK_ROLE_STATUS,    /* "Tình trạng", "Trạng thái", "Status", "Kết quả" */
    DVK_ROLE_LEVEL,     /* "Cấp", "Level", "Cấp đăng ký", "Cấp đơn vị" */
    DVK_ROLE_TIME,      /* "Năm", "Year", "Ngày đăng ký", "Date", "Tháng" … */
    DVK_ROLE_DATE       /* a header holding "Ngày" or "Date": "Ngày đăng ký" */
};
/* After dvk_reader_open(): the first column whose header names ROLE (enum
 * dvk_role), compared as DVK_TEXT_NAME, into *INDEX (0-based): how
 * "dvkstat report" finds its columns.  DVK_COLUMN (message on the reader)
 * when no header does; DVK_USAGE for another ROLE. */
DVK_API int dvk_reader_find_role(dvk_reader *r, int role, size_t *index);

/* A date as yyyymmdd (20220617), read as a time column's dates are
 * (dvk_time_parse()): "17/6/2022", "17/06/2022", "17.06.2022" or
 * "2022-06-17" (a time after it ignored), years 1900 to 2100; 0 when TEXT
 * is no such date. */
DVK_API long dvk_date_parse(const char *text, size_t len);
/* Whether YEAR, a series' last, is partial: LAST_DATE (yyyymmdd, the
 * latest date of a register's date column, DVK_ROLE_DATE) falls in YEAR
 * before December.  Then 1, with the last date's *DAY and *MONTH (either
 * may be NULL); else 0.  How "dvkstat report" and "dvkstat trend" mark
 * "2022, đến 17/6" and leave it out of the verdict. */
DVK_API int dvk_year_partial(long year, long last_date, int *day, int *month);

/* A condition on a row: "COL=V", "COL!=V", "COL=V1|V2" (text, compared
 * as DVK_TEXT_KEY), or "COL>=N", "COL<=N", "COL>N", "COL<N" (numbers; an
 * empty cell never holds).  Made against a reader's columns, after
 * dvk_reader_open(); DVK_USAGE for a malformed condition, DVK_COLUMN for
 * an unknown column (message on the reader).  Free with dvk_expr_free(). */
typedef struct dvk_expr dvk_expr;
DVK_API int dvk_expr_new(dvk_reader *r, const char *text, dvk_expr **out);
DVK_API void dvk_expr_free(dvk_expr *e);
/* Whether E holds for R's current row (*RESULT 1 or 0).  A cell that is not
 * a number in a numeric condition is a row error (DVK_VALUE, the row
 * counted as rejected). */
DVK_API int dvk_expr_eval(const dvk_expr *e, dvk_reader *r, int *result);

/* After dvk_reader_open(): an empty cell of COLUMN takes the value of the
 * cell above it, as a spreadsheet shows cells merged down.  Filters and
 * fields see the value; dvk_reader_record() stays as read.  Such a reader
 * is not read in parts. */
DVK_API int dvk_reader_set_fill_down(dvk_reader *r, const char *column);

/* Keep only the rows for which the condition TEXT holds (as dvk_expr_new());
 * rows must pass every filter added. */
DVK_API int dvk_reader_add_filter(dvk_reader *r, const char *text);

/* The current row: the field count, and field I as read (UTF-8, NUL
 * terminated, LEN set if not NULL).  A field past the row's end is "". */
DVK_API size_t dvk_reader_field_count(const dvk_reader *r);
DVK_API const char *dvk_reader_field(const dvk_reader *r, size_t i,
                                     size_t *len);
/* Field I normalised into FORM (enum dvk_text_form).  Each distinct raw
 * value is normalised once and cached.  NULL on error (see errmsg).  The
 * text lives until the next normalisation through R (another call, a
 * filter, a grouper, the next row): copy it to keep it or to hold two. */
DVK_API const char *dvk_reader_field_text(dvk_reader *r, size_t i, int form,
                                          size_t *len);
/* The current (or rejected) row as it was read, converted to UTF-8, with
 * its line end. */
DVK_API const char *dvk_reader_record(const dvk_reader *r, size_t *len);
/* Line where the current row starts (1-based), and the 1-based character
 * column where field I starts. */
DVK_API long dvk_reader_line(const dvk_reader *r);
DVK_API long dvk_reader_field_column(const dvk_reader *r, size_t i);

/* Reading one input in parts, one thread each.  The bytes before OFFSET
 * are the first part's, read by WHOLE (opened, its filters added); PART, a
 * new reader, gets WHOLE's settings, dialect and header and reads the rows
 * that start on the lines beginning at or after OFFSET (the caller adds
 * the filters again).  Its line numbers count from its start.  Only a
 * UTF-8 file opened by path, or memory, from past WHOLE's position, can be
 * read in parts (DVK_USAGE otherwise).
 *
 * A line start is a row start unless a quoted field spans lines, so the
 * split is checked: WHOLE reads up to PART's start (dvk_reader_set_end()
 * with dvk_reader_offset(PART) before PART reads); when WHOLE then stands
 * exactly there (dvk_reader_offset(WHOLE) is the same), the two parts
 * together are the input.  Otherwise PART's rows are not rows: drop them,
 * set WHOLE's end to 0 and read on with WHOLE alone.
 *
 * dvk_reader_offset(): the byte offset in the input of the next record
 * (UTF-8 input; 0 otherwise).  dvk_reader_set_end(): dvk_reader_next()
 * gives DVK_DONE at the first record starting at or after byte END (0: no
 * end). */
DVK_API int dvk_reader_open_part(dvk_reader *part, const dvk_reader *whole,
                                 unsigned long long offset);
DVK_API int dvk_reader_set_end(dvk_reader *r, unsigned long long end);
DVK_API unsigned long long dvk_reader_offset(const dvk_reader *r);

/* Progress: the bytes read from the input so far, and its size (0 when
 * unknown, as for a pipe). */
DVK_API unsigned long long dvk_reader_bytes_read(const dvk_reader *r);
DVK_API unsigned long long dvk_reader_input_size(const dvk_reader *r);

/* Row accounting: data rows read (rejected and filtered ones included),
 * rows removed by filters, rows rejected (row errors), blank rows skipped
 * (every field empty; they are not counted as read). */
DVK_API unsigned long long dvk_reader_rows_read(const dvk_reader *r);
DVK_API unsigned long long dvk_reader_rows_filtered(const dvk_reader *r);
DVK_API unsigned long long dvk_reader_rows_rejected(const dvk_reader *r);
DVK_API unsigned long long dvk_reader_rows_blank(const dvk_reader *r);
/* The spreadsheet's total rows ("Tổng cộng" …) left out, and the line of
 * the first (0 when none). */
DVK_API unsigned long long dvk_reader_total_rows_left_out(const dvk_reader *r,
                                                          long *first_line);
/* The former name of dvk_reader_total_rows_left_out(), kept for the ABI:
 * it never counted all rows. */
DVK_API unsigned long long dvk_reader_rows_total(const dvk_reader *r, long *first_line)
    DVK_DEPRECATED("use dvk_reader_total_rows_left_out");

/* A workbook (.xlsx, .ods, .xls) is recognised by its content and opened
 * by the same calls as CSV; its sheet's rows are the rows, a cell's text
 * its field (a date as "yyyy-mm-dd"), and dvk_reader_record() the row
 * written as a CSV line.  dvk_reader_encoding() is "xlsx", "ods" or "xls",
 * the delimiter ',' (the record's), the line end "none"; a line is a
 * sheet row and a column a sheet column.  For CSV, the sheet count is 0,
 * dvk_reader_sheet() is (size_t)-1 and no name is given.  The sheets in
 * workbook order, whether each is hidden, their declared size (0 when the
 * workbook does not say), the sheet read, and the rows read past the
 * header that the workbook hides (they are read as any row). */
DVK_API size_t dvk_reader_sheet_count(const dvk_reader *r);
DVK_API const char *dvk_reader_sheet_name(const dvk_reader *r, size_t i);
DVK_API int dvk_reader_sheet_hidden(const dvk_reader *r, size_t i);
DVK_API int dvk_reader_sheet_size(dvk_reader *r, size_t i, unsigned long *rows,
                                  unsigned long *columns);
DVK_API size_t dvk_reader_sheet(const dvk_reader *r);
DVK_API unsigned long long dvk_reader_rows_hidden(const dvk_reader *r);
/* Field I of the current row as a number: a workbook's number cell (or a
 * boolean, 0 or 1) as the workbook holds it, whatever the decimal-comma
 * setting; any other field parsed as dvk_number_parse() does with the
 * reader's setting.  DVK_EMPTY for an empty field, DVK_VALUE for text. */
DVK_API int dvk_reader_field_number(const dvk_reader *r, size_t i, double *x);

/* Mark the current row bad: sets the reader's error (STATUS, a message
 * about field FIELD, or (size_t)-1 for the whole row) at this row's line
 * and that field's column, counts the row as rejected, and returns
 * STATUS.  For clients that find a bad value in a row the reader gave. */
DVK_API int dvk_reader_reject(dvk_reader *r, int status, size_t field,
                              const char *message);

/* The last error: its message (no location), a hint for the user ("" if
 * none), the line and column (0 when not known). */
DVK_API const char *dvk_reader_errmsg(const dvk_reader *r);
DVK_API const char *dvk_reader_errhint(const dvk_reader *r);
DVK_API long dvk_reader_error_line(const dvk_reader *r);
DVK_API long dvk_reader_error_column(const dvk_reader *r);
/* Where the last error is, as a user finds it: "LINE:COLUMN" or "LINE" in
 * a CSV input, "Sheet1!C17" (or "Sheet1!17:17", a whole row) in a
 * workbook, "" when the error has no place.  Written into BUF of SIZE
 * bytes (cut to fit); returns the full length, as snprintf() does. */
DVK_API size_t dvk_reader_error_place(const dvk_reader *r, char *buf, size_t size);

/* --------------------------------------------------------------- profile */

/* Per-column statistics over the rows of a reader, for "dvkstat summary":
 * the type the values have, how many are empty, how many distinct keys,
 * and the most common values.  Memory is bounded: past DVK_PROFILE_EXACT
 * distinct keys a column's distinct count becomes an estimate. */
typedef struct dvk_profile dvk_profile;

#define DVK_PROFILE_EXACT 65536

enum dvk_value_type {
    DVK_TYPE_EMPTY = 0, /* every cell empty */
    DVK_TYPE_INTEGER,
    DVK_TYPE_NUMBER,
    DVK_TYPE_YEAR,      /* integers, all 1900–2100 */
    DVK_TYPE_DATE,
    DVK_TYPE_TEXT
};

/* A profile of COLUMNS columns, or NULL when out of memory.  DECIMAL_COMMA
 * decides how numbers are recognised. */
DVK_API dvk_profile *dvk_profile_new(size_t columns, int decimal_comma);
DVK_API void dvk_profile_free(dvk_profile *p);
/* Add the reader's current row. */
DVK_API int dvk_profile_add_row(dvk_profile *p, dvk_reader *r);
/* The message of the last failed call on P ("" when none failed). */
DVK_API const char *dvk_profile_errmsg(const dvk_profile *p);
/* A profile of the later rows of the same file as WHOLE (another
 * thread's), to be merged into it: NULL when out of memory.  Past
 * DVK_PROFILE_EXACT keys in a column the part keeps each value whose key
 * it has no room for in an unnamed file in $TMPDIR (the whole's table may
 * hold that key), so that memory stays bounded and the merge is exact. */
DVK_API dvk_profile *dvk_profile_new_part(const dvk_profile *whole);
/* Add PART's rows to P's as if P had read them after its own: every
 * result is then what one profile of all the rows gives.  DVK_VALUE for a
 * profile that is not a part and went past its limit in a column (the
 * values it could not hold are lost), DVK_IO when a part's kept values
 * cannot be read back. */
DVK_API int dvk_profile_merge(dvk_profile *p, dvk_profile *part);
/* Results for column I. */
DVK_API int dvk_profile_type(const dvk_profile *p, size_t i);
DVK_API const char *dvk_profile_type_name(int type);
DVK_API unsigned long long dvk_profile_empty(const dvk_profile *p, size_t i);
DVK_API unsigned long long dvk_profile_distinct(const dvk_profile *p,
                                                size_t i, int *exact);
/* The K-th most common value of column I (0-based K): its most frequent
 * spelling and its count.  NULL when there are fewer values. */
DVK_API const char *dvk_profile_top(const dvk_profile *p, size_t i, size_t k,
                                    unsigned long long *count);

/* ----------------------------------------------------------------- series */

/* Sums per group and period, the core of "dvkstat trend".  The time
 * column is TIME_COLUMN (resolved as by dvk_reader_find_column()) or, when
 * NULL, found by itself: a header such as "năm", "year", "ngày", "date" …,
 * or else the first column whose values are all years or dates (decided
 * while counting, so standard input works).  PERIOD is enum dvk_period.
 * dvk_series_new() counts rows; dvk_series_new_grouped() sums NVALUES
 * numbers under NPARTS group key parts.  NULL on error (message on the
 * reader) or when out of memory. */
typedef struct dvk_series dvk_series;
typedef struct dvk_agg dvk_agg;

DVK_API dvk_series *dvk_series_new(dvk_reader *r, const char *time_column,
                                   int period);
DVK_API dvk_series *dvk_series_new_grouped(dvk_reader *r,
                                           const char *time_column, int period,
                                           size_t nparts, size_t nvalues);
DVK_API void dvk_series_free(dvk_series *s);
/* Add VALUES for the group KEYS/LABELS (as dvk_agg_add()) at the period of
 * R's current row.  A value in the time column that is not a time is a row
 * error (DVK_VALUE, already counted as rejected); an empty one adds nothing. */
DVK_API int dvk_series_add(dvk_series *s, dvk_reader *r,
                           const char *const *keys, const char *const *labels,
                           const double *values);
/* A series whose periods the caller gives, such as a wide table's (a
 * column per year: "2019", "2020" …): TIME_COLUMN (0-based) names it, as
 * dvk_series_time_column() returns it; values go in with
 * dvk_series_add_at() only. */
DVK_API dvk_series *dvk_series_new_given(dvk_reader *r, size_t time_column, int period,
                                         size_t nparts, size_t nvalues);
/* Add VALUES for the group KEYS/LABELS at period index T (as
 * dvk_time_parse() gives it) to a series made by dvk_series_new_given(). */
DVK_API int dvk_series_add_at(dvk_series *s, dvk_reader *r, long t,
                              const char *const *keys, const char *const *labels,
                              const double *values);
/* Count R's current row (for dvk_series_new()). */
DVK_API int dvk_series_add_row(dvk_series *s, dvk_reader *r);
/* The most periods a series may span from its first to its last
 * (DVK_MAX_PERIODS unless set): past it dvk_series_finish() and
 * dvk_series_merge() give DVK_LIMIT instead of laying out millions of
 * empty periods for one stray value. */
#define DVK_MAX_PERIODS 10000
DVK_API int dvk_series_set_max_periods(dvk_series *s, size_t max);
DVK_API size_t dvk_series_max_periods(const dvk_series *s);
/* Settle the time column and the range.  DVK_COLUMN when no column holds
 * times, DVK_EMPTY when no row was counted, DVK_LIMIT when the range is
 * longer than the series may span. */
DVK_API int dvk_series_finish(dvk_series *s, dvk_reader *r);
/* Add SRC's sums to DST (both finished, same shape and period kind). */
DVK_API int dvk_series_merge(dvk_series *dst, const dvk_series *src);
/* Before dvk_series_finish(): add PART into S, both made alike on the same
 * header, PART fed the rows that follow S's (the second half of a file
 * read by another thread), as if S had been fed them too.  DVK_VALUE,
 * with S unchanged, when one series fed all the rows would have rejected
 * one (years in one, other numbers in the other): read PART's rows into S
 * instead. */
DVK_API int dvk_series_join(dvk_series *s, const dvk_series *part);
/* After dvk_series_finish(): the table of sums, whose key parts are the
 * group parts and then the period index (in decimal); the time column; the
 * period kind; and the plain series of value 0 over all groups, every
 * period from the first to the last (0 where nothing fell): its length,
 * and period K's index (see dvk_time_parse()) and sum. */
DVK_API const dvk_agg *dvk_series_table(const dvk_series *s);
DVK_API size_t dvk_series_time_column(const dvk_series *s);
DVK_API int dvk_series_period(const dvk_series *s);
DVK_API size_t dvk_series_length(const dvk_series *s);
DVK_API long dvk_series_time(const dvk_series *s, size_t k);
DVK_API double dvk_series_value(const dvk_series *s, size_t k);
/* Typed keys of the table: the period index (see dvk_time_parse()) of
 * group G of dvk_series_table(), its last key part; LONG_MIN for a bad G. */
DVK_API long dvk_series_group_period(const dvk_series *s, size_t group);
/* One group's series: for the group whose key parts (the grouping parts,
 * without the period; normalised as DVK_TEXT_KEY) are KEYS, or for all
 * groups when KEYS is NULL, the sum of value VALUE at every period from
 * the first to the last, into VALUES[0, LEN) (0 where nothing fell), and
 * the periods' indexes into TIMES (may be NULL).  LEN must be
 * dvk_series_length(); the caller owns both arrays.  DVK_USAGE for a bad
 * VALUE or LEN or an unfinished series. */
DVK_API int dvk_series_group_values(const dvk_series *s, const char *const *keys,
                                    size_t value, double *times, double *values,
                                    size_t len);
/* Rows whose time is empty are in no period; they are counted apart so
 * that a caller can say so and keep its totals whole: the sum of value
 * VALUE over them (all groups), and their number in *ROWS (may be NULL). */
DVK_API double dvk_series_untimed(const dvk_series *s, size_t value,
                                  unsigned long long *rows);
/* How many values of the time column were Excel day numbers (integers
 * from 20000 to 80000 under a date header such as "Ngày đăng ký", "Date",
 * "Thời gian") and were read as the dates they stand for. */
DVK_API unsigned long long dvk_series_date_serials(const dvk_series *s);

/* ------------------------------------------------------------ aggregation */

/* A table of groups and their sums: NVALUES numbers per group (a count or
 * weight, a numerator, a denominator …) under a key of NPARTS parts.  It
 * holds no rows, only sums, and two tables of the same shape merge, so
 * parts of a register (or files on different machines) can be counted
 * apart and combined.  Each key part remembers how it was spelled and how
 * often: the label of a group is its most frequent spelling. */

/* A new table, or NULL when out of memory (or NVALUES is 0). */
DVK_API dvk_agg *dvk_agg_new(size_t nparts, size_t nvalues);
DVK_API void dvk_agg_free(dvk_agg *a);
/* Add VALUES (NVALUES of them) to the group whose key parts are KEYS
 * (normalised as DVK_TEXT_KEY; NUL-terminated), seen spelled as LABELS. */
DVK_API int dvk_agg_add(dvk_agg *a, const char *const *keys,
                        const char *const *labels, const double *values);
/* Add every group of SRC (sums and spellings) into DST; DVK_USAGE if their
 * shapes differ. */
DVK_API int dvk_agg_merge(dvk_agg *dst, const dvk_agg *src);
/* The message of the last failed call on A ("" when none failed). */
DVK_API const char *dvk_agg_errmsg(const dvk_agg *a);
/* The number of groups (numbered 0 … size-1 in order of first sight), key
 * parts, and for group G: part P's key, its label, and value V. */
DVK_API size_t dvk_agg_size(const dvk_agg *a);
DVK_API size_t dvk_agg_parts(const dvk_agg *a);
DVK_API const char *dvk_agg_key(const dvk_agg *a, size_t group, size_t part);
DVK_API const char *dvk_agg_label(const dvk_agg *a, size_t group, size_t part);
DVK_API double dvk_agg_value(const dvk_agg *a, size_t group, size_t value);
/* The group with key parts KEYS, or (size_t)-1. */
DVK_API size_t dvk_agg_find(const dvk_agg *a, const char *const *keys);
/* Natural order of labels: those that are numbers first, by value ("2"
 * before "10"), then the rest by their bytes.  <0, 0 or >0 as strcmp(). */
DVK_API int dvk_label_compare(const char *x, const char *y);
/* The groups of A in the report's order, written into ORDER (dvk_agg_size()
 * entries, which the caller allocates): by value VALUE, largest first, then
 * by the natural order of their labels part by part; or, with BY_LABEL,
 * by the labels alone.  DVK_NOMEM when out of memory (each group's labels
 * are looked up once, 16 bytes a label). */
DVK_API int dvk_agg_order(const dvk_agg *a, int by_label, size_t value,
                          size_t *order);

/* Aliases onto the categories of a report ("KT", "kinh te" -> "Kinh tế"),
 * compared as DVK_TEXT_KEY.  A category maps onto itself. */
typedef struct dvk_aliases dvk_aliases;

DVK_API dvk_aliases *dvk_aliases_new(void);
DVK_API void dvk_aliases_free(dvk_aliases *al);
/* Map FROM onto TO.  DVK_VALUE if FROM is already mapped elsewhere. */
DVK_API int dvk_aliases_add(dvk_aliases *al, const char *from, const char *to);
/* The message of the last failed call on AL ("" when none failed; the
 * errors of dvk_aliases_read() are the reader's). */
DVK_API const char *dvk_aliases_errmsg(const dvk_aliases *al);
/* Add every row of an open reader: column 1 from, column 2 to.  Errors are
 * the reader's (a value mapped twice is a DVK_VALUE row error). */
DVK_API int dvk_aliases_read(dvk_aliases *al, dvk_reader *r);
/* 1 and the target's key and label when KEY is mapped, else 0. */
DVK_API int dvk_aliases_lookup(const dvk_aliases *al, const char *key,
                               const char **to_key, const char **to_label);

/* The grouping columns of one reader.  Each of SPECS names a column as
 * dvk_reader_find_column() does, or several separated by commas ("Cấp,
 * Xã") when no column bears that whole name. */
typedef struct dvk_grouper dvk_grouper;

DVK_API int dvk_grouper_new(dvk_reader *r, const char *const *specs,
                            size_t nspecs, dvk_grouper **out);
DVK_API void dvk_grouper_free(dvk_grouper *g);
/* How many columns, and the reader's index of column I. */
DVK_API size_t dvk_grouper_columns(const dvk_grouper *g);
DVK_API size_t dvk_grouper_column(const dvk_grouper *g, size_t i);
/* Apply AL (not copied; it must outlive G) to every grouping value; with
 * STRICT a value AL does not know is a row error (DVK_VALUE). */
DVK_API void dvk_grouper_set_aliases(dvk_grouper *g, const dvk_aliases *al,
                                     int strict);
/* The key parts and labels of R's current row (owned by G, valid until its
 * next call). */
DVK_API int dvk_grouper_key(dvk_grouper *g, dvk_reader *r,
                            const char *const **keys,
                            const char *const **labels);
/* Add VALUES to the group of R's current row in A. */
DVK_API int dvk_grouper_add(dvk_grouper *g, dvk_reader *r, dvk_agg *a,
                            const double *values);

/* ---------------------------------------------------- measures of a table */

/* Besides its plain sums a table can carry measures: columns of a form
 * computed per group from one value a row (a number, a code, or whether a
 * condition holds).  A missing value is left out of its measure, never
 * taken as 0, and the number left out is kept.  Two tables with the same
 * measures merge into exactly the table of all their rows, measure by
 * measure, as long as the measures are exact:
 *  - DVK_MEASURE_SUM, _MEAN, _MIN, _MAX, _COUNT_IF are always kept whole
 *    (sums are compensated: integers below 2^53 add up exactly in any
 *    order, other numbers as closely as doubles allow);
 *  - DVK_MEASURE_MEDIAN keeps every value, and _DISTINCT every text, while
 *    the measure holds at most the table's budget of them over all groups
 *    (DVK_MEASURE_BUDGET unless set).  Past it a distinct count becomes a
 *    HyperLogLog estimate (standard error about 1.6 %; parts merged give
 *    the same estimate as the whole), and a median is given up: it reads
 *    as DVK_LIMIT.  dvk_agg_measure_exact() says which happened.
 * The budget counts values over the whole table, so a register passes it
 * exactly when its parts merged pass it.  (A table is never merged into
 * itself: dvk_agg_merge() says DVK_USAGE.)  A median keeps 8 bytes a value,
 * a distinct count 50 to 100 bytes and the text a value. */
enum dvk_measure {
    DVK_MEASURE_SUM = 1,   /* the sum of the numbers */
    DVK_MEASURE_MEAN,      /* their mean */
    DVK_MEASURE_MIN,       /* the least */
    DVK_MEASURE_MAX,       /* the greatest */
    DVK_MEASURE_MEDIAN,    /* the median, as Python's statistics.median */
    DVK_MEASURE_DISTINCT,  /* how many distinct texts */
    DVK_MEASURE_COUNT_IF   /* how many values are true (not 0) */
};

#define DVK_MEASURE_BUDGET 1048576

/* Add a measure of KIND (enum dvk_measure) called LABEL (copied; the
 * caller's name for it, given back by dvk_agg_measure_label()) to A, before
 * its first row.  Measures are numbered 0, 1 … in the order added.
 * DVK_USAGE after the first row or for an unknown KIND. */
DVK_API int dvk_agg_add_measure(dvk_agg *a, enum dvk_measure kind, const char *label);
/* The most values (medians) or texts (distinct counts) each measure of A
 * keeps over all its groups before it estimates or gives up; before the
 * first row.  Merged tables keep the budget of the one merged into. */
DVK_API int dvk_agg_set_measure_budget(dvk_agg *a, size_t values);
/* The number of measures, and measure M's kind (0 if none) and label. */
DVK_API size_t dvk_agg_measures(const dvk_agg *a);
DVK_API enum dvk_measure dvk_agg_measure_kind(const dvk_agg *a, size_t m);
DVK_API const char *dvk_agg_measure_label(const dvk_agg *a, size_t m);
/* Add a row as dvk_agg_add() does, with its measures: MEASURES holds one
 * number per measure (NaN when missing or not a number; for
 * DVK_MEASURE_COUNT_IF not 0 for true, 0 for false) and TEXTS one text per
 * measure, read by DVK_MEASURE_DISTINCT only (normalised by the caller, as
 * keys are, DVK_TEXT_KEY; NULL or "" when missing).  Either array may be
 * NULL: every measure that reads it is missing in this row.  dvk_agg_add()
 * on a table with measures adds a row whose measures are all missing. */
DVK_API int dvk_agg_add_values(dvk_agg *a, const char *const *keys,
                               const char *const *labels, const double *values,
                               const double *measures, const char *const *texts);
/* Add R's current row to its group in A, as dvk_grouper_add() does, with
 * its measures as dvk_agg_add_values() takes them.  TEXTS may be R's own
 * strings (dvk_reader_field_text()): they are copied before R is read. */
DVK_API int dvk_grouper_add_values(dvk_grouper *g, dvk_reader *r, dvk_agg *a,
                                   const double *values, const double *measures,
                                   const char *const *texts);
/* Measure M of group GROUP into *VALUE: the sum, mean, least, greatest,
 * median, distinct count or count of true its kind says.  NaN when the
 * group has no value for it.  DVK_LIMIT (and NaN) for a median past the
 * budget; DVK_NOMEM when a median cannot be worked out for want of memory;
 * DVK_USAGE for a group or measure that is not there. */
DVK_API int dvk_agg_measure(const dvk_agg *a, size_t group, size_t m,
                            double *value);
/* How many values of measure M group GROUP counted and how many it left
 * out (missing, not a number); either pointer may be NULL. */
DVK_API int dvk_agg_measure_counts(const dvk_agg *a, size_t group, size_t m,
                                   unsigned long long *counted,
                                   unsigned long long *left_out);
/* The sum and the sum of squares of measure M's numbers in GROUP (0 and 0
 * for none; for DVK_MEASURE_COUNT_IF, of the 1s and 0s), from which a
 * caller works out a mean or a standard deviation. */
DVK_API int dvk_agg_measure_sums(const dvk_agg *a, size_t group, size_t m,
                                 double *sum, double *sum_squares);
/* 1 when measure M is exact in every group: always, but for a median or a
 * distinct count past the budget (0). */
DVK_API int dvk_agg_measure_exact(const dvk_agg *a, size_t m);
/* The subtotals of a form: a new table *OUT (the caller frees it) whose
 * groups are A's summed by their first NPARTS key parts (communes into
 * their district; 0 parts, the grand total), its plain sums added and its
 * measures merged as dvk_agg_merge() does, so a district's distinct count
 * is of the union of its communes' codes and its median that of all their
 * values.  Same measures and budget as A (a measure past it in A is past it
 * in the roll-up too); groups in order of first sight.
 * DVK_USAGE when NPARTS is more than A's parts. */
DVK_API int dvk_agg_rollup(const dvk_agg *a, size_t nparts, dvk_agg **out);

/* ------------------------------------------------------------ proportions */

/* Statistics for k of n, as pure functions.  They return DVK_OK, or
 * DVK_VALUE where the statistic is not defined (n = 0, k outside [0, n],
 * a level outside (0, 1)).  libdvkstat turns GSL's error handler off on
 * first use, since GSL's default handler aborts the process.
 *
 * The Wilson score interval at LEVEL (0.95), as R's
 * prop.test(k, n, correct = FALSE)$conf.int. */
DVK_API int dvk_prop_wilson(double k, double n, double level, double *low,
                            double *high);
/* The Clopper–Pearson ("exact") interval, as R's binom.test(k, n)$conf.int,
 * for n up to DVK_PROP_EXACT_MAX_N (DVK_VALUE above it). */
#define DVK_PROP_EXACT_MAX_N 1000000.0
DVK_API int dvk_prop_exact(double k, double n, double level, double *low,
                           double *high);
/* The chi-square test that k[i]/n[i] is the same in all GROUPS, as R's
 * chisq.test(cbind(k, n - k), correct = FALSE): statistic, degrees of
 * freedom, p-value.  Groups with n = 0 are left out.  DVK_VALUE when fewer
 * than two groups remain or every ratio is 0 (or every ratio 1). */
/* A ratio with its interval.  The caller sets SIZE to sizeof(struct
 * dvk_ratio); K of N, RATIO = K / N (NaN when N is 0), the interval [LOW,
 * HIGH] at LEVEL by METHOD (enum dvk_interval). */
enum dvk_interval {
    DVK_INTERVAL_WILSON = 0, /* dvk_prop_wilson(): what dvkstat shows */
    DVK_INTERVAL_EXACT       /* dvk_prop_exact(): Clopper–Pearson */
};
struct dvk_ratio {
    size_t size;
    double k, n, ratio, low, high, level;
    int method;
};
/* Fill *OUT for K of N.  DVK_OK, DVK_VALUE where the interval is not
 * defined (the figures are still filled, the bounds NaN), DVK_USAGE for a
 * bad METHOD or SIZE. */
DVK_API int dvk_ratio_compute(double k, double n, double level, int method,
                              struct dvk_ratio *out);
DVK_API int dvk_prop_chisq(const double *k, const double *n, size_t groups,
                           double *statistic, double *df, double *p_value);
/* The chi-square test for trend in K[i] of N[i] over SCORE[i], as R's
 * prop.trend.test(k, n, score) (Cochran–Armitage); periods with n = 0 are
 * left out. */
DVK_API int dvk_prop_trend(const double *k, const double *n,
                           const double *score, size_t m, double *statistic,
                           double *p_value);

/* ------------------------------------------------------------------ trends */

/* Statistics of one series, as pure functions on arrays.  They return
 * DVK_OK, DVK_VALUE where a statistic is not defined (too few points,
 * no variation), or DVK_NOMEM.
 *
 * Mann–Kendall on Y[0, N) in time order, as pyMannKendall's
 * original_test: S, Var(S) corrected for ties, Z with continuity
 * correction, the two-sided p-value, and tau = S / (N(N-1)/2).  O(N log N).
 * DVK_VALUE with *Z and *P NaN when every value is tied. */
DVK_API int dvk_trend_mann_kendall(const double *y, size_t n, double *s,
                                   double *var_s, double *z, double *p,
                                   double *tau);

/* Theil–Sen slope of Y on X with its LEVEL confidence interval and the
 * intercept median(y) - slope * median(x), as scipy.stats.theilslopes(y, x,
 * level).  It sorts all N(N-1)/2 slopes, so N is at most
 * DVK_TREND_SEN_MAX_N (DVK_VALUE above). */
#define DVK_TREND_SEN_MAX_N 5000
DVK_API int dvk_trend_sen(const double *x, const double *y, size_t n,
                          double level, double *slope, double *intercept,
                          double *low, double *high);

/* Least squares of Y on X, as R's lm(y ~ x) and summary.lm: the slope, its
 * standard error, the two-sided p-value of its t test and R² (NaN for a
 * constant Y), and what predictions need: the residual variance SIGMA2,
 * the mean XBAR of X and the sum SXX of its squared deviations.  N is the
 * number of points.  DVK_USAGE when FIT->size is too small. */
struct dvk_ols {
    size_t size;  /* the caller sets sizeof(struct dvk_ols) (see ABI below) */
    size_t n;
    double intercept, slope, se, p, r2;
    double sigma2, xbar, sxx;
};
DVK_API int dvk_regression_ols(const double *x, const double *y, size_t n,
                               struct dvk_ols *fit);
/* The prediction at X0 with its LEVEL prediction interval, as R's
 * predict.lm(fit, data.frame(x = x0), interval = "prediction"). */
DVK_API int dvk_regression_predict(const struct dvk_ols *fit, double x0,
                                   double level, double *value, double *low,
                                   double *high);
/* The Poisson log-linear model of counts Y on X, as R's glm(y ~ x,
 * family = poisson): intercept, slope and its standard error.  DVK_VALUE
 * for values that are not counts, all zero, or when the fit has no finite
 * maximum (every count that is not zero at the first time, or at the
 * last: R's glm then "converges" on a huge slope) or does not converge. */
DVK_API int dvk_regression_poisson(const double *x, const double *y, size_t n,
                                   double *intercept, double *slope,
                                   double *se_slope);

enum dvk_trend_kind {
    DVK_TREND_COUNT = 0,  /* counts: the Poisson growth rate applies */
    DVK_TREND_VALUE,
    DVK_TREND_RATIO
};

enum dvk_trend_note {
    DVK_TREND_NOTE_SHORT = 1,    /* fewer than 3 values: no statistics */
    DVK_TREND_NOTE_CONSTANT = 2, /* every value the same */
    DVK_TREND_NOTE_ZERO = 4,     /* every value zero */
    DVK_TREND_NOTE_LONG = 8,     /* too long for Theil–Sen */
    DVK_TREND_NOTE_NEW = 16,     /* zero in every period but the last */
    DVK_TREND_NOTE_ENDED = 32,   /* zero in every period but the first */
    DVK_TREND_NOTE_NO_GROWTH = 64 /* counts whose Poisson fit has no finite
                                   * estimate: the growth is NaN */
};

/* Every statistic of a series.  NaN where it does not apply.  The caller
 * sets SIZE to sizeof(struct dvk_trend_stats) before the call; the library
 * fills the fields that SIZE covers, so a program built against an older
 * header keeps working when fields are added at the end. */
struct dvk_trend_stats {
    size_t size;
    size_t n_periods;   /* periods in the series */
    size_t n_used;      /* periods with a value (not NaN) */
    /* first and last values, last - first */
    double first, last, change;
    double change_pct;  /* percent of the first value */
    double cagr;        /* a fraction per unit of time: 0.077 is 7.7 % */
    /* least squares: slope, its standard error and p-value, R² */
    double ols_slope, ols_se, ols_p, r2;
    /* Theil–Sen slope and its 95 % interval */
    double sen_slope, sen_low, sen_high;
    /* Mann–Kendall: S, Var(S), Z, p-value, Kendall's tau */
    double mk_s, mk_var_s, mk_z, mk_p, mk_tau;
    double poisson_growth, poisson_low, poisson_high; /* exp(b) - 1, 95 % Wald */
    int direction;      /* 1 increasing, -1 decreasing, 0 no trend (Mann–Kendall at alpha) */
    unsigned notes;     /* enum dvk_trend_note */
    double first_time, last_time; /* the times of the first and last values */
    /* The Cochran–Armitage test for trend of a ratio series
     * (dvk_trend_analyze_ratio(); NaN otherwise): X² and its p-value. */
    double ca_statistic, ca_p;
};

/* Analyse the series Y at times T (N periods; NaN in Y is a missing value,
 * left out of every fit with its time kept).  KIND is enum
 * dvk_trend_kind; ALPHA the level of the Mann–Kendall direction (0.05).
 * A series whose values all lie within 1e-9 of their mean magnitude
 * (sums of decimals such as 0.1 + 0.2) is constant: it is noted
 * DVK_TREND_NOTE_CONSTANT and tested as the exact constant it stands for. */
DVK_API int dvk_trend_analyze(const double *t, const double *y, size_t n,
                              int kind, double alpha,
                              struct dvk_trend_stats *out);
/* A ratio series K[i] of N[i] at times T: dvk_trend_analyze() of K/N (a
 * period with N = 0 is missing) as DVK_TREND_RATIO, and the Cochran–Armitage
 * test over T when three periods or more have a value. */
DVK_API int dvk_trend_analyze_ratio(const double *t, const double *k,
                                    const double *n, size_t len, double alpha,
                                    struct dvk_trend_stats *out);
/* The least-squares line of the finite values of Y at times T, extended
 * HORIZON periods past the last time (T[len-1] + 1, + 2 …): each period's
 * time, predicted value and LEVEL prediction interval into TIMES, VALUE,
 * LOW and HIGH (HORIZON entries each, owned by the caller; TIMES may be
 * NULL).  Where the line cannot be fitted (fewer than three values) the
 * predictions are NaN and the call returns DVK_VALUE. */
DVK_API int dvk_trend_forecast(const double *t, const double *y, size_t len,
                               double level, size_t horizon, double *times,
                               double *value, double *low, double *high);

/* ------------------------------------------------------------- inference */

/* Inference beyond the fits above: overdispersion, exact tests for small
 * counts, adjustment for many tests, change between periods, and seasonal
 * trends.  Pure functions on numbers and arrays, with the same statuses:
 * DVK_OK, DVK_VALUE where a statistic is not defined, DVK_NOMEM.
 *
 * The quasi-Poisson fit of counts Y on X: the Poisson fit of
 * dvk_regression_poisson (same conditions, same DVK_VALUE cases) with the
 * Pearson dispersion, as R's summary(glm(y ~ x, family = quasipoisson)):
 * the standard error is the Poisson one times sqrt(dispersion), the t test
 * has N - 2 degrees of freedom, and the growth interval at LEVEL (0.95) is
 * exp(b -/+ qt((1 + level) / 2, n - 2) * se) - 1.  When the dispersion
 * exceeds 1 the counts vary more than a Poisson process allows, and the
 * quasi-Poisson interval, wider, is the honest one. */
struct dvk_quasipoisson {
    size_t size;              /* set by the caller to sizeof (struct dvk_quasipoisson) */
    double intercept, slope;  /* the Poisson estimates: log rate, log growth */
    double se_poisson;        /* the Poisson standard error of the slope */
    double p_poisson;         /* the Poisson (Wald z) two-sided p-value */
    double dispersion;        /* Pearson's, on df degrees of freedom */
    double df;                /* N - 2 */
    double se, t, p;          /* quasi-Poisson SE, t = slope / se, two-sided p
                               * (t and p NaN for a perfect fit) */
    double growth, low, high; /* exp(slope) - 1 and its interval */
};
DVK_API int dvk_regression_quasipoisson(const double *x, const double *y,
                                        size_t n, double level,
                                        struct dvk_quasipoisson *fit);

/* Fisher's exact test that k[i]/n[i] is the same in all GROUPS, as R's
 * fisher.test(cbind(k, n - k))$p.value (two-sided: the tables with the
 * same margins whose probability is at most the observed one times
 * 1 + 1e-7 for two groups, 1 + 3.45254e-7 for more, R's tolerances).
 * Groups with n = 0 are left out; one group left, or a column all zero,
 * gives p = 1.  The tables are enumerated with pruning (the network
 * algorithm for k by 2).  DVK_LIMIT, with *P_VALUE NaN, past
 * DVK_EXACT_MAX_STEPS steps of work, past 1000 groups, or when groups ×
 * (the smaller column total + 1) passes a million: the chi-square test is
 * then what remains. */
#define DVK_EXACT_MAX_STEPS 10000000.0
DVK_API int dvk_exact_fisher(const double *k, const double *n, size_t groups,
                             double *p_value);
/* The smallest expected count of the table cbind(k, n - k) under
 * homogeneity (groups with n = 0 left out) and whether any is below 5,
 * the rule by which R's chisq.test warns "Chi-squared approximation may
 * be incorrect".  DVK_VALUE where dvk_prop_chisq has no test. */
DVK_API int dvk_prop_chisq_expected(const double *k, const double *n,
                                    size_t groups, double *min_expected,
                                    int *small);

/* Methods of p-value adjustment, as R's p.adjust. */
enum dvk_adjust_method {
    DVK_ADJUST_NONE = 0,
    DVK_ADJUST_HOLM,       /* the default: family-wise error, any dependence */
    DVK_ADJUST_HOCHBERG,
    DVK_ADJUST_BONFERRONI,
    DVK_ADJUST_BH,         /* Benjamini-Hochberg false discovery rate */
    DVK_ADJUST_BY          /* Benjamini-Yekutieli, any dependence */
};
/* The P[0, N) adjusted by METHOD into OUT[0, N) (OUT may be P), as R's
 * p.adjust(p, method): NaN is a missing p-value, left NaN and not counted
 * in the number of tests.  DVK_VALUE for a p outside [0, 1] or an unknown
 * method, DVK_NOMEM. */
DVK_API int dvk_adjust_p(const double *p, size_t n, int method, double *out);
/* The method named NAME ("none", "holm", "hochberg", "bonferroni", "BH" or
 * "fdr", "BY", as R spells them), or -1. */
DVK_API int dvk_adjust_parse(const char *name);

/* Change of each value of Y[0, N) from a base, into ABS_CHANGE[i] and
 * REL_CHANGE[i] (a fraction: 0.15 is 15 %), either pointer may be NULL.
 * BASE DVK_CHANGE_PREVIOUS compares y[i] with y[i - 1], DVK_CHANGE_FIRST
 * with the first value that is not NaN.  NaN where there is no base (the
 * first period, a missing value or base), and the relative change NaN
 * where the base is 0. */
enum dvk_change_base {
    DVK_CHANGE_PREVIOUS = 0, /* from the period before */
    DVK_CHANGE_FIRST         /* from the first value present */
};
DVK_API int dvk_trend_change(const double *y, size_t n, int base,
                             double *abs_change, double *rel_change);

/* The difference k1/n1 - k2/n2 with Newcombe's hybrid score interval at
 * LEVEL (method 10 of Newcombe 1998: the Wilson intervals of the two
 * proportions, without continuity correction, combined). */
DVK_API int dvk_prop_newcombe(double k1, double n1, double k2, double n2,
                              double level, double *diff, double *low,
                              double *high);
/* The test that the two proportions are equal, as R's
 * prop.test(c(k1, k2), c(n1, n2), correct = FALSE): the chi-square
 * statistic (1 degree of freedom) and p-value.  DVK_VALUE where both
 * ratios are 0, or both 1. */
DVK_API int dvk_prop_diff_test(double k1, double n1, double k2, double n2,
                               double *statistic, double *p_value);

/* The seasonal Mann-Kendall test, as pyMannKendall's seasonal_test(y,
 * period): Y[0, N) in time order, y[i] in season i % PERIOD, NaN missing.
 * S and Var(S) (with ties) of each season, summed; Z with continuity
 * correction; the two-sided p; tau = S / sum of the seasons' pairs.
 * DVK_VALUE with *Z and *P NaN when Var(S) is 0 (no season with two
 * distinct values). */
DVK_API int dvk_trend_seasonal_mann_kendall(const double *y, size_t n,
                                            size_t period, double *s,
                                            double *var_s, double *z,
                                            double *p, double *tau);
/* Sen's seasonal slope, as pyMannKendall's seasonal_sens_slope(y, period):
 * the median of the slopes within each season, per cycle (per year for
 * months), and the intercept median(y) - median(i) / PERIOD * slope over
 * the positions i that have a value.  At most DVK_TREND_SEN_MAX_N values
 * per season. */
DVK_API int dvk_trend_seasonal_sen(const double *y, size_t n, size_t period,
                                   double *slope, double *intercept);

/* ----------------------------------------------------------------- writer */

/* Tables out, in one of the formats below, to standard output or to a file
 * written atomically: the output goes to a temporary file beside the
 * target that dvk_writer_commit() renames into place, so a failed run
 * never leaves a half-written or clobbered file.
 *
 *     dvk_writer *w = dvk_writer_new(DVK_FORMAT_CSV, 0);
 *     dvk_writer_open(w, "out.csv");            // NULL or "-": stdout
 *     dvk_writer_begin(w, ncols, names);
 *     dvk_writer_text(w, "Kinh tế", -1); dvk_writer_number(w, 7, 0);
 *     dvk_writer_end_row(w);
 *     dvk_writer_end(w);
 *     dvk_writer_commit(w); dvk_writer_free(w);
 */
typedef struct dvk_writer dvk_writer;

enum dvk_format {
    DVK_FORMAT_TABLE = 0, /* aligned columns for a terminal */
    DVK_FORMAT_CSV,
    DVK_FORMAT_TSV,
    DVK_FORMAT_JSON,      /* an array of objects keyed by column name */
    DVK_FORMAT_MD,        /* a Markdown (GitHub) table */
    DVK_FORMAT_XLSX,      /* an Excel workbook (a file only): a sheet per table,
                           * numbers as numbers, shares as percentages,
                           * header frozen, widths fitted, native charts */
    DVK_FORMAT_HTML       /* one self-contained page: inline CSS, tables, and
                           * charts as SVG pictures; no script */
};

enum dvk_chart {
    DVK_CHART_NONE = 0,
    DVK_CHART_BAR,
    DVK_CHART_LINE
};

enum dvk_write_flags {
    DVK_WRITE_BOM = 1,            /* CSV/TSV start with a UTF-8 BOM */
    DVK_WRITE_NO_SANITIZE = 2,    /* keep cells that start with = + - @ */
    DVK_WRITE_DECIMAL_COMMA = 4,  /* numbers as 12,5 (CSV then uses ';') */
    DVK_WRITE_JSON_STRINGS = 8,   /* JSON values all strings */
    DVK_WRITE_VI_FIGURES = 16     /* table, md and html figures as Vietnamese
                                   * readers write them ("1.234", "20,3%");
                                   * CSV, TSV and JSON unchanged */
};

/* How dvk_figure_format() writes a number. */
enum dvk_figure_flags {
    DVK_FIGURE_VI = 1,           /* "1.234,5", "20,3%", "−1,4" (U+2212); else
                                  * "1,234.5", "20.3%", "-1.4" */
    DVK_FIGURE_PERCENT = 2,      /* X is a fraction, written as a percentage */
    DVK_FIGURE_SIGN = 4,         /* "+" before a positive figure */
    DVK_FIGURE_SIGNIFICANT = 8,  /* DECIMALS counts significant digits */
    DVK_FIGURE_NO_GROUP = 16     /* no thousands separator */
};
/* X into BUF (SIZE bytes) as a reader of the document writes it: DECIMALS
 * places (-1: as many as needed, up to 15 significant digits), thousands
 * grouped from four digits, in the convention FLAGS choose and never the
 * host's locale.  NaN is "".  DVK_LIMIT when BUF is too small. */
DVK_API int dvk_figure_format(char *buf, size_t size, double x, int decimals,
                              unsigned flags);

/* Parse a format name ("table", "csv", "tsv", "json", "md", "xlsx",
 * "html"); -1 if none. */
DVK_API int dvk_format_parse(const char *name);

DVK_API dvk_writer *dvk_writer_new(int format, unsigned flags);
/* Discards an uncommitted file.  NULL is fine. */
DVK_API void dvk_writer_free(dvk_writer *w);
/* PATH NULL or "-" writes to standard output.  A regular file, or one
 * that does not exist, is written to a temporary file beside it (owner and
 * mode copied from the file it replaces) and replaced by
 * dvk_writer_commit(); a symbolic link is followed and its target
 * replaced; a hard-linked file gets a new inode (its other names keep the
 * old contents).  A device, FIFO or socket is opened and written directly,
 * never replaced (an xlsx book is built in $TMPDIR and copied to it).
 * Temporary files of this name left by processes that no longer run are
 * removed (see dvk_writer_stale_removed()).  No umask() call: one handle
 * per thread is safe. */
DVK_API int dvk_writer_open(dvk_writer *w, const char *path);
/* xlsx: the name of the next table's sheet (made valid and unique), and a
 * native chart of column VALUE over column CATEGORY for its first ROWS data
 * rows (0: all).  Other formats ignore both. */
DVK_API int dvk_writer_set_sheet(dvk_writer *w, const char *name);
DVK_API int dvk_writer_set_chart(dvk_writer *w, int type, size_t category,
                                 size_t value, size_t rows);
/* Document structure for reports: a heading of LEVEL (1–3) and a
 * paragraph, each in the format's own way (Markdown "#", HTML <h1>/<p>,
 * underlined text in a table, the next sheet's name and a text row in
 * xlsx).  CSV, TSV and JSON ignore them. */
DVK_API int dvk_writer_heading(dvk_writer *w, int level, const char *text);
DVK_API int dvk_writer_paragraph(dvk_writer *w, const char *text);
/* The language of the writer's messages and of the labels it writes
 * itself (the hidden columns of an xlsx interval), as
 * dvk_reader_set_language().  Numbers are written in the C convention
 * (or with DVK_WRITE_DECIMAL_COMMA) whatever the language or the host's
 * locale. */
DVK_API int dvk_writer_set_language(dvk_writer *w, const char *lang);
/* For HTML: the page's title and language ("vi", "en"), before the first
 * output. */
DVK_API int dvk_writer_set_document(dvk_writer *w, const char *title,
                                    const char *lang);
/* The next chart's interval: columns LOW and HIGH bound each bar, drawn
 * as whiskers in HTML and as error bars in xlsx (whose sheet then holds
 * the distances to the bounds in two hidden columns after the table). */
DVK_API int dvk_writer_set_chart_interval(dvk_writer *w, size_t low, size_t high);
/* The next chart's title and its axes' titles (xlsx, html): NULL keeps
 * the default, which names the value column by the category column ("Models
 * by Field") and each axis by its column.  A line chart of one period is not
 * drawn; a sentence says so instead. */
DVK_API int dvk_writer_set_chart_titles(dvk_writer *w, const char *title,
                                        const char *category_axis, const char *value_axis);
/* Start a table of NCOLS columns named NAMES. */
DVK_API int dvk_writer_begin(dvk_writer *w, size_t ncols,
                             const char *const *names);
/* One cell: text (LEN -1 for NUL-terminated), a number with DECIMALS
 * places (-1: as many as needed, up to 15 significant digits), or a
 * missing value (empty in CSV, null in JSON). */
DVK_API int dvk_writer_text(dvk_writer *w, const char *s, long len);
DVK_API int dvk_writer_number(dvk_writer *w, double x, int decimals);
DVK_API int dvk_writer_null(dvk_writer *w);
/* X with DIGITS significant digits (table and md), in full elsewhere. */
DVK_API int dvk_writer_number_sig(dvk_writer *w, double x, int digits);
/* A share: "12.5%" (DECIMALS places, -1 for one) in table and md, the
 * fraction 0.125 as a number in CSV, TSV and JSON. */
DVK_API int dvk_writer_percent(dvk_writer *w, double fraction, int decimals);
DVK_API int dvk_writer_end_row(dvk_writer *w);
/* The cells of the current row written from now on are bold (BOLD 1) or
 * plain (0) until the row ends: a subtotal row of a form.  Markdown writes
 * **cell**, HTML <strong>, xlsx a bold cell; the other formats ignore it. */
DVK_API int dvk_writer_set_bold(dvk_writer *w, int bold);
DVK_API int dvk_writer_end(dvk_writer *w);
/* The later rows of W's table written apart, by another thread: a part
 * of the streaming formats (CSV, TSV, JSON) once W's table has begun,
 * NULL otherwise or out of memory.  The part writes rows as W does (its
 * header is W's and not written again), to a file in $TMPDIR without a
 * name; dvk_writer_append() copies them after W's rows written so far and
 * empties the part.  DVK_IO with nothing copied when the part's rows could
 * not be written or read back (W's output is then as it was). */
DVK_API dvk_writer *dvk_writer_new_part(const dvk_writer *w);
DVK_API int dvk_writer_append(dvk_writer *w, dvk_writer *part);
/* Write raw bytes (for outputs that are not tables, such as JSON shapes);
 * in xlsx each line becomes a row of text below the last table. */
DVK_API int dvk_writer_raw(dvk_writer *w, const char *s, size_t len);
/* Append S as a JSON string literal (quotes and escapes) to the output. */
DVK_API int dvk_writer_json_string(dvk_writer *w, const char *s, size_t len);
/* JSON results through a writer (its format JSON; the output is raw
 * bytes): objects, arrays, keys and values, the commas placed by the
 * handle.  Numbers are in the C convention with 17 significant digits;
 * NaN and infinities are null.  Each call returns DVK_OK or the first
 * error (a value without a key in an object, a key without a value, an end
 * with nothing open: DVK_USAGE; nesting past 64 levels: DVK_LIMIT; the
 * writer's own errors), which every later call returns again.  The
 * document's last dvk_json_end() writes a line end.
 *
 *     dvk_json *j = dvk_json_new(w);
 *     dvk_json_object(j); dvk_json_key(j, "ratio"); dvk_json_number(j, 0.5);
 *     dvk_json_end(j); dvk_json_free(j);       // {"ratio":0.5}
 */
typedef struct dvk_json dvk_json;
/* A JSON handle writing through W (not owned; W must outlive it), or NULL
 * when out of memory. */
DVK_API dvk_json *dvk_json_new(dvk_writer *w);
DVK_API void dvk_json_free(dvk_json *j);
/* Open an object or an array; close the innermost. */
DVK_API int dvk_json_object(dvk_json *j);
DVK_API int dvk_json_array(dvk_json *j);
DVK_API int dvk_json_end(dvk_json *j);
/* The next member's key (in an object). */
DVK_API int dvk_json_key(dvk_json *j, const char *key);
/* Values: a string (LEN -1 for NUL-terminated; NULL is null), a number
 * (null when not finite), an integer, true or false, null, and text that
 * is already JSON (S of LEN bytes, written as it is). */
DVK_API int dvk_json_string(dvk_json *j, const char *s, long len);
DVK_API int dvk_json_number(dvk_json *j, double x);
DVK_API int dvk_json_integer(dvk_json *j, long long x);
DVK_API int dvk_json_bool(dvk_json *j, int b);
DVK_API int dvk_json_null(dvk_json *j);
DVK_API int dvk_json_raw(dvk_json *j, const char *s, size_t len);
/* A line break before the next item, or before the closing bracket. */
DVK_API int dvk_json_newline(dvk_json *j);

/* Flush, and rename the temporary file into place.  Every write, the
 * flush and the close are checked: a failure is DVK_IO with the reason in
 * dvk_writer_errmsg() ("write error: No space left on device" for
 * standard output).  A table too large for a workbook (a cell of more than
 * DVK_XLSX_MAX_CELL characters, too many columns) is DVK_LIMIT; one of
 * more than DVK_XLSX_MAX_ROWS rows goes on as many sheets as it needs,
 * "NAME", "NAME (2)" … */
DVK_API int dvk_writer_commit(dvk_writer *w);
DVK_API const char *dvk_writer_errmsg(const dvk_writer *w);
/* The temporary file being written (".NAME.dvkstat-PID.XXXXXX" beside the
 * target), NULL when there is none (standard output, a device or FIFO
 * written directly, after dvk_writer_commit()).  A program that dies on a
 * signal unlinks it from its handler; see dvk_writer_open(). */
DVK_API const char *dvk_writer_temp_path(const dvk_writer *w);
/* How many temporary files of processes no longer running
 * dvk_writer_open() found beside the target and removed. */
DVK_API size_t dvk_writer_stale_removed(const dvk_writer *w);

/* A sheet's rows (the header included) and a cell's characters. */
#define DVK_XLSX_MAX_ROWS 1048576
#define DVK_XLSX_MAX_CELL 32767

#ifdef __cplusplus
}
#endif
#endif /* DVKSTAT_H */
