/* biff.h: what the BIFF records of an .xls workbook say beyond FreeXL.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * biff.c walks the Workbook stream of the OLE2 container once, at open,
 * and keeps per sheet what xls.c lays over FreeXL's values: the merged
 * areas, the hidden rows, and the values FreeXL drops or flattens
 * (formulas' cached results, booleans, error values).  The same walk
 * refuses what would make FreeXL leak, hang or allocate without bound. */
#ifndef DVK_BIFF_H
#define DVK_BIFF_H

#include "book-impl.h"

#define DVK_BIFF_MAX_ROWS 65536u
#define DVK_BIFF_MAX_COLS 256u

/* A merged area, 0-based and inclusive. */
typedef struct dvk_biff_area {
    unsigned r0, r1, c0, c1;
} dvk_biff_area;

/* A value read from the records, over what FreeXL gives for its cell. */
typedef struct dvk_biff_value {
    unsigned row, col;
    int type;          /* a DVK_CELL_ type */
    double number;
    size_t text, len;  /* in dvk_biff.strings, NUL terminated */
} dvk_biff_value;

typedef struct dvk_biff_sheet {
    dvk_biff_area *areas;    /* in order of their first rows */
    size_t nareas;
    dvk_biff_value *values;  /* in order of rows, then columns */
    size_t nvalues;
    unsigned char *hidden;   /* a bit a row, NULL when none is hidden */
    unsigned long rows;      /* past the last row with a value record or a mark */
} dvk_biff_sheet;

typedef struct dvk_biff {
    dvk_biff_sheet *sheets;  /* in BOUNDSHEET order, as FreeXL numbers them */
    size_t nsheets;
    int *state;              /* each sheet's visibility: 0 visible */
    dvk_buf strings;
    /* what only the walk needs, freed at its end */
    int biff8, date1904;
    uint32_t *ply;           /* each sheet's BOF */
    uint16_t *xf_format;
    size_t nxf;
    unsigned char *format_kind; /* per format number: FreeXL's kind, numfmt's */
    double date_days;
    unsigned long long cells;
} dvk_biff;

/* FreeXL's kind of a number format (its own rule, which FreeXL's date
 * budget must follow) in the low bits of dvk_biff.format_kind; numfmt.c's,
 * which a formula's cached result is shown with, in the high bits, one
 * more than a DVK_NUMFMT_ kind (0: no FORMAT record). */
enum { DVK_BIFF_FMT_NONE, DVK_BIFF_FMT_DATE, DVK_BIFF_FMT_DATETIME, DVK_BIFF_FMT_TIME };
#define DVK_BIFF_FX_KIND(k) ((k) & 0x0F)
#define DVK_BIFF_NF_KIND(k) ((k) >> 4)

/* Read the workbook at PATH into W (zeroed by the caller): DVK_OK, or an
 * error status with ERR set (DVK_USAGE for an encrypted workbook). */
int dvk_biff_read(dvk_biff *w, const char *path, dvk_error *err);
void dvk_biff_free(dvk_biff *w);

/* ---- shared by biff.c and biffsheet.c */

static inline unsigned dvk_le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static inline uint32_t dvk_le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

typedef struct dvk_biff_rec {
    unsigned type;
    const unsigned char *d;
    size_t len, next;
} dvk_biff_rec;

/* The record at POS of the N bytes at S: 1, 0 past the end, -1 when cut. */
int dvk_biff_rec_at(const unsigned char *s, size_t n, size_t pos, dvk_biff_rec *r);
/* Append CCH characters of a BIFF8 string to OUT as UTF-8.  They start at
 * P, before END, 8 bits each (Latin-1) unless HIGH; when the record ends
 * first they go on in the CONTINUE records from NEXT of the N bytes at S,
 * each starting with its own flags.  DVK_SYNTAX when they run out. */
int dvk_biff_string(const unsigned char *s, size_t n, const unsigned char *p,
                    const unsigned char *end, int high, size_t cch, size_t next,
                    dvk_buf *out);
/* Sheet I's substream, from its BOF to the matching EOF, into W (biffsheet.c). */
int dvk_biff_walk_sheet(dvk_biff *w, const unsigned char *s, size_t n, size_t i,
                        dvk_error *err);

#endif
