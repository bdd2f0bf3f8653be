/* xls.c: .xls workbooks (BIFF8, Excel 97-2003; BIFF5 as far as FreeXL goes).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FreeXL gives the sheets' names and the cells' values.  It reads the whole
 * workbook into memory when it opens it, every cell of every sheet; that is
 * acceptable for .xls, whose sheets stop at 65536 rows of 256 columns and
 * whose files are at most a few tens of MB, and rows are still given one
 * at a time.
 *
 * What FreeXL does not give, this file reads from the BIFF records itself,
 * out of the OLE2 container (cfb.c): merged areas (MERGEDCELLS), hidden
 * rows (ROW), which sheets are hidden (BOUNDSHEET), encryption (FILEPASS,
 * or an encrypted OOXML package in an OLE2 wrapper), and the values FreeXL
 * drops or flattens: formulas' cached results (FORMULA, STRING), which it
 * skips, and booleans and error values (BOOLERR), which it gives as
 * integers.  The same walk bounds what FreeXL would do with a hostile
 * file: the cells the sheets declare (FreeXL allocates them all), the
 * strings the string table announces, and dates far in the future (FreeXL
 * counts them out one day at a time).
 */
#include "book-impl.h"
#include "cfb.h"
#include <errno.h>
#include <fcntl.h>
#include <freexl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define XLS_MAX_ROWS 65536u
#define XLS_MAX_COLS 256u
#define XLS_MAX_SHEETS 4096u
#define XLS_MAX_AREAS 262144u
#define XLS_MAX_XF 8192u              /* FreeXL keeps no more */
#define XLS_MAX_FILE ((size_t)1 << 30)
#define XLS_MAX_SERIAL 2958465.0      /* 9999-12-31 */
#define XLS_DATE_BUDGET 8e9           /* days FreeXL may count, all dates together */
#define XLS_CELLS_FLOOR ((unsigned long long)1 << 22)

enum { FMT_NONE, FMT_DATE, FMT_DATETIME, FMT_TIME };

typedef struct xls_area {
    unsigned r0, r1, c0, c1;
} xls_area;

/* A value read from the records, over what FreeXL gives for its cell. */
typedef struct xls_value {
    unsigned row, col;
    int type;
    double number;
    size_t text, len;  /* in xls.strings */
} xls_value;

typedef struct xls_sheet {
    xls_area *areas;
    size_t nareas;
    xls_value *values;
    size_t nvalues;
    unsigned char *hidden;  /* a bit a row, NULL when none is hidden */
    unsigned long rows;     /* past the last row with a record, an area or a mark */
} xls_sheet;

typedef struct xls {
    const void *fx;
    xls_sheet *sheets;
    size_t nsheets;
    dvk_buf strings;
    /* the walk */
    int biff8, date1904;
    uint32_t *ply;          /* each sheet's BOF */
    int *state;             /* each sheet's visibility: 0 visible */
    uint16_t *xf_format;
    size_t nxf;
    unsigned char *format_kind; /* FMT_ of each format number */
    double date_days;
    unsigned long long cells;
    /* reading */
    size_t sheet;
    unsigned long next, limit;
    unsigned fx_rows, fx_cols;
    size_t area_next, value_next, nactive;
    size_t *active;
    size_t *offsets;        /* each cell's text in the row's texts */
    size_t offsets_cap;
} xls;

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static double le_double(const unsigned char *p)
{
    uint64_t bits = (uint64_t)le32(p) | (uint64_t)le32(p + 4) << 32;
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
}

static int damaged(dvk_error *err, long row, long col)
{
    return dvk_error_set(err, DVK_SYNTAX, row, col, _("the workbook's records are damaged"));
}

static int no_memory(dvk_error *err)
{
    return dvk_error_set(err, DVK_NOMEM, 0, 0, _("out of memory"));
}

/* ------------------------------------------------------------ dates */

/* Days since 1970-01-01 of a date of the proleptic Gregorian calendar. */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = yoe + era * 400 + (*m <= 2);
}

/* A date, date and time or time of day into TEXT (64 bytes) and the
 * number book.h asks for: the time is left out when it is midnight. */
static int date_cell(int kind, long days, long secs, char *text, double *number)
{
    long y, m, d;
    if (secs < 0 || secs >= 86400)
        secs = 0;
    int hh = (int)(secs / 3600), mm = (int)(secs / 60 % 60), ss = (int)(secs % 60);
    if (kind == FMT_TIME) {
        *number = secs / 86400.0;
        snprintf(text, 64, "%02d:%02d:%02d", hh, mm, ss);
        return DVK_CELL_TIME;
    }
    civil_from_days(days, &y, &m, &d);
    *number = days + secs / 86400.0;
    if (kind == FMT_DATETIME && secs)
        snprintf(text, 64, "%04d-%02d-%02d %02d:%02d:%02d", (int)y, (int)m, (int)d,
                 hh, mm, ss);
    else
        snprintf(text, 64, "%04d-%02d-%02d", (int)y, (int)m, (int)d);
    return DVK_CELL_DATE;
}

/* A serial number of KIND as FreeXL reads one: a date drops the time of
 * day, a time keeps only it; 1900 counts its 29 February as Excel does. */
static int serial_cell(const xls *x, int kind, double v, char *text, double *number)
{
    double day = floor(v);
    long secs = lround((v - day) * 86400);
    long days;
    if (secs >= 86400) {
        secs -= 86400;
        day += 1;
    }
    if (x->date1904)
        days = (long)day - 24107;
    else
        days = (long)day - (day >= 61 ? 25569 : 25568);
    return date_cell(kind, days, kind == FMT_DATE ? 0 : secs, text, number);
}

/* The shortest text that reads back as V. */
static void number_text(double v, char *buf, size_t size)
{
    snprintf(buf, size, "%.15g", v);
    if (dvk_strtod(buf, NULL) != v)
        snprintf(buf, size, "%.17g", v);
    /* printf follows LC_NUMERIC; the cell's text must not. */
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
}

static const char *error_text(unsigned code)
{
    switch (code) {
    case 0x00: return "#NULL!";
    case 0x07: return "#DIV/0!";
    case 0x0F: return "#VALUE!";
    case 0x17: return "#REF!";
    case 0x1D: return "#NAME?";
    case 0x24: return "#NUM!";
    case 0x2A: return "#N/A";
    default: return "#GETTING_DATA";
    }
}

/* ------------------------------------------------------------ the walk */

typedef struct rec {
    unsigned type;
    const unsigned char *d;
    size_t len, next;
} rec;

/* The record at POS of the N bytes at S: 1, 0 past the end, -1 when cut. */
static int rec_at(const unsigned char *s, size_t n, size_t pos, rec *r)
{
    if (pos >= n)
        return 0;
    if (n - pos < 4)
        return -1;
    r->type = le16(s + pos);
    r->len = le16(s + pos + 2);
    if (r->len > n - pos - 4)
        return -1;
    r->d = s + pos + 4;
    r->next = pos + 4 + r->len;
    return 1;
}

static int put_utf8(dvk_buf *out, unsigned cp)
{
    char u[4];
    size_t k;
    if (cp < 0x80) {
        u[0] = (char)cp;
        k = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | cp >> 6);
        u[1] = (char)(0x80 | (cp & 0x3F));
        k = 2;
    } else if (cp < 0x10000) {
        u[0] = (char)(0xE0 | cp >> 12);
        u[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        k = 3;
    } else {
        u[0] = (char)(0xF0 | cp >> 18);
        u[1] = (char)(0x80 | (cp >> 12 & 0x3F));
        u[2] = (char)(0x80 | (cp >> 6 & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        k = 4;
    }
    return dvk_buf_append(out, u, k);
}

/* Append CCH characters of a BIFF8 string to OUT as UTF-8.  They start at
 * P, before END, 8 bits each (Latin-1) unless HIGH; when the record ends
 * first they go on in the CONTINUE records from NEXT, each starting with
 * its own flags.  DVK_SYNTAX when they run out. */
static int biff_string(const unsigned char *s, size_t n, const unsigned char *p,
                       const unsigned char *end, int high, size_t cch, size_t next,
                       dvk_buf *out)
{
    unsigned hi = 0;
    while (cch > 0) {
        if (p >= end) {
            rec r;
            if (rec_at(s, n, next, &r) != 1 || r.type != 0x003C || r.len < 1)
                return DVK_SYNTAX;
            high = r.d[0] & 1;
            p = r.d + 1;
            end = r.d + r.len;
            next = r.next;
            continue;
        }
        unsigned u;
        if (high) {
            if (end - p < 2)
                return DVK_SYNTAX;
            u = le16(p);
            p += 2;
        } else {
            u = *p++;
        }
        cch--;
        int st = DVK_OK;
        if (u >= 0xDC00 && u < 0xE000 && hi) {
            st = put_utf8(out, 0x10000 + ((hi - 0xD800) << 10) + (u - 0xDC00));
            hi = 0;
            if (st != DVK_OK)
                return st;
            continue;
        }
        if (hi && (st = put_utf8(out, 0xFFFD)) != DVK_OK)
            return st;
        hi = 0;
        if (u >= 0xD800 && u < 0xDC00)
            hi = u;
        else if (u >= 0xDC00 && u < 0xE000)
            st = put_utf8(out, 0xFFFD);
        else if (u != 0)
            st = put_utf8(out, u);
        if (st != DVK_OK)
            return st;
    }
    return hi ? put_utf8(out, 0xFFFD) : DVK_OK;
}

/* Whether a number format shows a date, a date and time or a time, by the
 * letters it holds: FreeXL's own rule, so that the two agree. */
static int format_kind(const unsigned char *p, const unsigned char *end, int high,
                       size_t cch)
{
    int y = 0, m = 0, d = 0, h = 0, s = 0;
    for (; cch > 0 && p + (high ? 2 : 1) <= end; cch--) {
        unsigned c = high ? le16(p) : *p;
        p += high ? 2 : 1;
        if (c >= 'A' && c <= 'Z')
            c += 'a' - 'A';
        y += c == 'y';
        m += c == 'm';
        d += c == 'd';
        h += c == 'h';
        s += c == 's';
    }
    if (y && m && d && h)
        return FMT_DATETIME;
    if ((y && m) || (m && d))
        return FMT_DATE;
    if ((h && m) || (m && s))
        return FMT_TIME;
    return FMT_NONE;
}

static int xf_kind(const xls *x, unsigned ixfe)
{
    if (ixfe >= x->nxf)
        return FMT_NONE;
    unsigned f = x->xf_format[ixfe];
    if (f >= 14 && f <= 17)
        return FMT_DATE;
    if ((f >= 18 && f <= 21) || (f >= 45 && f <= 47))
        return FMT_TIME;
    if (f == 22)
        return FMT_DATETIME;
    return x->format_kind[f];
}

static int add_value(xls *x, xls_sheet *sh, size_t *cap, unsigned row, unsigned col,
                     int type, double number, const char *text, size_t len)
{
    if (col >= XLS_MAX_COLS)
        return DVK_OK;
    if (sh->nvalues == *cap) {
        size_t ncap = *cap ? 2 * *cap : 64;
        xls_value *v = dvk_realloc_array(sh->values, ncap, sizeof *v);
        if (!v)
            return DVK_NOMEM;
        sh->values = v;
        *cap = ncap;
    }
    xls_value *v = &sh->values[sh->nvalues++];
    v->row = row;
    v->col = col;
    v->type = type;
    v->number = number;
    v->text = x->strings.len;
    v->len = len;
    if (dvk_buf_append(&x->strings, text, len) != DVK_OK ||
        dvk_buf_append(&x->strings, "", 1) != DVK_OK)
        return DVK_NOMEM;
    return DVK_OK;
}

/* A number FreeXL will show as a date: it counts the days one by one, so
 * a date past the year 9999, or too many days in all, would hold it for
 * minutes. */
static int check_date(xls *x, unsigned ixfe, double v, unsigned row, unsigned col,
                      dvk_error *err)
{
    int kind = xf_kind(x, ixfe);
    if (kind != FMT_DATE && kind != FMT_DATETIME)
        return DVK_OK;
    if (v > XLS_MAX_SERIAL)
        return dvk_error_set(err, DVK_SYNTAX, row + 1, col + 1,
                             _("a date past the year 9999"));
    if (v >= 1 && (x->date_days += v) > XLS_DATE_BUDGET)
        return dvk_error_set(err, DVK_LIMIT, row + 1, col + 1,
                             _("too many dates for one workbook"));
    return DVK_OK;
}

static double rk_value(uint32_t rk)
{
    double v;
    if (rk & 2) {
        v = (double)((int32_t)(rk & ~3u) / 4);
    } else {
        uint64_t bits = (uint64_t)(rk & ~3u) << 32;
        memcpy(&v, &bits, sizeof v);
    }
    return rk & 1 ? v / 100 : v;
}

static int cmp_area(const void *a, const void *b)
{
    const xls_area *p = a, *q = b;
    return (p->r0 > q->r0) - (p->r0 < q->r0);
}

static int cmp_value(const void *a, const void *b)
{
    const xls_value *p = a, *q = b;
    if (p->row != q->row)
        return (p->row > q->row) - (p->row < q->row);
    return (p->col > q->col) - (p->col < q->col);
}

/* One sheet's substream, from its BOF to the matching EOF (a chart inside
 * it has its own pair). */
static int walk_sheet(xls *x, const unsigned char *s, size_t n, size_t i, dvk_error *err)
{
    xls_sheet *sh = &x->sheets[i];
    size_t areas_cap = 0, values_cap = 0;
    unsigned long rows_ext = 0, cols_ext = 0, dim_rows = 0, dim_cols = 0;
    long pending_row = -1, pending_col = 0;
    rec r;
    if (rec_at(s, n, x->ply[i], &r) != 1 || r.type != 0x0809)
        return damaged(err, 0, 0);
    for (int depth = 1; depth > 0;) {
        if (rec_at(s, n, r.next, &r) != 1)
            return damaged(err, 0, 0);
        const unsigned char *d = r.d;
        if (r.type == 0x0809 || r.type == 0x000A) {
            depth += r.type == 0x0809 ? 1 : -1;
            continue;
        }
        if (depth > 1)
            continue;
        unsigned row = r.len >= 4 ? le16(d) : 0, col = r.len >= 4 ? le16(d + 2) : 0;
        int st = DVK_OK;
        switch (r.type) {
        case 0x00FD: case 0x0204: case 0x0201: case 0x00D6:
        case 0x0203: case 0x027E: case 0x00BD: case 0x00BE:
        case 0x0205: case 0x0006:
            if (r.len < 6)
                return damaged(err, 0, 0);
            if (r.type == 0x00BD || r.type == 0x00BE) {
                unsigned last = le16(d + r.len - 2);
                col = last > col ? last : col;
            }
            rows_ext = row + 1 > rows_ext ? row + 1 : rows_ext;
            cols_ext = col + 1ul > cols_ext ? col + 1ul : cols_ext;
            break;
        default:
            break;
        }
        switch (r.type) {
        case 0x0200: /* DIMENSION */
            if (x->biff8 && r.len >= 14) {
                dim_rows = le32(d + 4);
                dim_cols = le16(d + 10);
            } else if (!x->biff8 && r.len >= 10) {
                dim_rows = le16(d + 2);
                dim_cols = le16(d + 6);
            }
            if (dim_rows > XLS_MAX_ROWS || dim_cols > XLS_MAX_COLS)
                return damaged(err, 0, 0);
            break;
        case 0x0208: /* ROW: fDyZero is a hidden row */
            if (r.len >= 16 && (le16(d + 12) & 0x20)) {
                if (!sh->hidden && !(sh->hidden = dvk_calloc(XLS_MAX_ROWS / 8, 1)))
                    return no_memory(err);
                sh->hidden[row / 8] |= (unsigned char)(1u << row % 8);
                sh->rows = row + 1ul > sh->rows ? row + 1ul : sh->rows;
            }
            break;
        case 0x00E5: { /* MERGEDCELLS */
            unsigned count = r.len >= 2 ? le16(d) : 0;
            if (r.len < 2 || (size_t)count * 8 > r.len - 2)
                return damaged(err, 0, 0);
            for (unsigned k = 0; k < count; k++) {
                const unsigned char *a = d + 2 + 8 * k;
                xls_area area = {le16(a), le16(a + 2), le16(a + 4), le16(a + 6)};
                if (area.r0 > area.r1 || area.c0 > area.c1 || area.c1 >= XLS_MAX_COLS)
                    return dvk_error_set(err, DVK_SYNTAX, area.r0 + 1l, area.c0 + 1l,
                                         _("a merged area out of range"));
                if (area.r0 == area.r1 && area.c0 == area.c1)
                    continue;
                if (sh->nareas == XLS_MAX_AREAS)
                    return dvk_error_set(err, DVK_LIMIT, 0, 0,
                                         _("more than %u merged areas in one sheet"),
                                         XLS_MAX_AREAS);
                if (sh->nareas == areas_cap) {
                    size_t ncap = areas_cap ? 2 * areas_cap : 16;
                    xls_area *p = dvk_realloc_array(sh->areas, ncap, sizeof *p);
                    if (!p)
                        return no_memory(err);
                    sh->areas = p;
                    areas_cap = ncap;
                }
                sh->areas[sh->nareas++] = area;
                sh->rows = area.r1 + 1ul > sh->rows ? area.r1 + 1ul : sh->rows;
            }
            break;
        }
        case 0x0203: /* NUMBER */
            if (r.len >= 14)
                st = check_date(x, le16(d + 4), le_double(d + 6), row, col, err);
            break;
        case 0x027E: /* RK */
            if (r.len >= 10)
                st = check_date(x, le16(d + 4), rk_value(le32(d + 6)), row, col, err);
            break;
        case 0x00BD: /* MULRK */
            for (size_t k = 0; 4 + 6 * k + 6 <= r.len - 2 && st == DVK_OK; k++)
                st = check_date(x, le16(d + 4 + 6 * k), rk_value(le32(d + 6 + 6 * k)),
                                row, le16(d + 2) + (unsigned)k, err);
            break;
        case 0x0205: /* BOOLERR */
            if (r.len >= 8 && d[7])
                st = add_value(x, sh, &values_cap, row, col, DVK_CELL_ERROR, 0,
                               error_text(d[6]), strlen(error_text(d[6])));
            else if (r.len >= 8)
                st = add_value(x, sh, &values_cap, row, col, DVK_CELL_BOOL, d[6] != 0,
                               d[6] ? "TRUE" : "FALSE", d[6] ? 4 : 5);
            break;
        case 0x0006: /* FORMULA: its cached result */
            pending_row = -1;
            if (r.len < 14)
                return damaged(err, row + 1l, col + 1l);
            if (le16(d + 12) != 0xFFFF) {
                double v = le_double(d + 6);
                int kind = xf_kind(x, le16(d + 4));
                char text[64];
                int type = DVK_CELL_NUMBER;
                double number = v;
                if (kind != FMT_NONE && v >= 0 && v <= XLS_MAX_SERIAL)
                    type = serial_cell(x, kind, v, text, &number);
                else
                    number_text(v, text, sizeof text);
                st = add_value(x, sh, &values_cap, row, col, type, number, text,
                               strlen(text));
            } else if (d[6] == 0) {
                pending_row = row;  /* the text is in the STRING record next */
                pending_col = col;
            } else if (d[6] == 1) {
                st = add_value(x, sh, &values_cap, row, col, DVK_CELL_BOOL, d[8] != 0,
                               d[8] ? "TRUE" : "FALSE", d[8] ? 4 : 5);
            } else if (d[6] == 2) {
                st = add_value(x, sh, &values_cap, row, col, DVK_CELL_ERROR, 0,
                               error_text(d[8]), strlen(error_text(d[8])));
            }
            break;
        case 0x0207: { /* STRING: a formula's text */
            if (pending_row < 0)
                break;
            dvk_buf text = {0};
            if (x->biff8 && r.len >= 3) {
                unsigned flags = d[2];
                const unsigned char *p = d + 3 + (flags & 8 ? 2 : 0) + (flags & 4 ? 4 : 0);
                st = biff_string(s, n, p, d + r.len, flags & 1, le16(d), r.next, &text);
            } else if (!x->biff8 && r.len >= 2) {
                st = biff_string(s, n, d + 2, d + r.len, 0, le16(d), r.next, &text);
            } else {
                st = DVK_SYNTAX;
            }
            if (st == DVK_OK && text.len)
                st = add_value(x, sh, &values_cap, (unsigned)pending_row,
                               (unsigned)pending_col, DVK_CELL_TEXT, 0, text.data, text.len);
            dvk_buf_free(&text);
            if (st == DVK_SYNTAX)
                return damaged(err, pending_row + 1, pending_col + 1);
            pending_row = -1;
            break;
        }
        default:
            break;
        }
        if (st == DVK_NOMEM)
            return no_memory(err);
        if (st != DVK_OK)
            return st;
    }
    /* FreeXL allocates every cell of the rectangle a sheet declares. */
    unsigned long rows = dim_rows > rows_ext ? dim_rows : rows_ext;
    unsigned long cols = dim_cols > cols_ext ? dim_cols : cols_ext;
    x->cells += (unsigned long long)rows * cols;
    rows_ext = rows_ext > XLS_MAX_ROWS ? XLS_MAX_ROWS : rows_ext;
    sh->rows = rows_ext > sh->rows ? rows_ext : sh->rows;
    if (sh->nareas)
        qsort(sh->areas, sh->nareas, sizeof *sh->areas, cmp_area);
    if (sh->nvalues)
        qsort(sh->values, sh->nvalues, sizeof *sh->values, cmp_value);
    return DVK_OK;
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t p = *(const uint32_t *)a, q = *(const uint32_t *)b;
    return (p > q) - (p < q);
}

/* FreeXL reads the stream from end to end and allocates a sheet's cells at
 * each DIMENSION record it meets, dropping (leaking) what an earlier one
 * allocated, and for a sheet without one it reallocates the last sheet's:
 * each worksheet's substream must hold one, other sheets at most one, and
 * nothing else any. */
static int check_dimensions(const xls *x, const unsigned char *s, size_t n,
                            dvk_error *err)
{
    uint32_t *sorted = dvk_alloc((x->nsheets + 1) * sizeof *sorted);
    if (!sorted)
        return no_memory(err);
    memcpy(sorted, x->ply, x->nsheets * sizeof *sorted);
    qsort(sorted, x->nsheets, sizeof *sorted, cmp_u32);
    size_t pos = 0;
    int depth = 0, in_sheet = 0, dims = 0, worksheet = 0, st = DVK_OK;
    rec r;
    while (st == DVK_OK && rec_at(s, n, pos, &r) == 1) {
        if (r.type == 0x0809) {
            if (depth++ == 0) {
                uint32_t key = (uint32_t)pos;
                in_sheet = pos <= UINT32_MAX && x->nsheets &&
                           bsearch(&key, sorted, x->nsheets, sizeof key, cmp_u32);
                dims = 0;
                worksheet = r.len >= 4 && le16(r.d + 2) == 0x0010;
            }
        } else if (r.type == 0x000A) {
            depth -= depth > 0;
            if (depth == 0 && in_sheet && worksheet && dims == 0)
                st = damaged(err, 0, 0);
        } else if (r.type == 0x0200 && (depth != 1 || !in_sheet || ++dims > 1)) {
            st = damaged(err, 0, 0);
        }
        pos = r.next;
    }
    free(sorted);
    return st;
}

/* The workbook globals: the sheets, the date system, the number formats;
 * then each sheet. */
static int walk(xls *x, const unsigned char *s, size_t n, dvk_error *err)
{
    rec r;
    if (rec_at(s, n, 0, &r) != 1 || r.type != 0x0809 || r.len < 4 || le16(r.d + 2) != 5)
        return damaged(err, 0, 0);
    if (le16(r.d) != 0x0600 && le16(r.d) != 0x0500)
        return dvk_error_set(err, DVK_SYNTAX, 0, 0,
                             _("not a workbook of Excel 5 to 2003 (BIFF5 or BIFF8)"));
    x->biff8 = le16(r.d) == 0x0600;
    if (!(x->format_kind = dvk_calloc(65536, 1)) ||
        !(x->xf_format = dvk_calloc(XLS_MAX_XF, sizeof *x->xf_format)) ||
        !(x->ply = dvk_calloc(XLS_MAX_SHEETS, sizeof *x->ply)) ||
        !(x->state = dvk_calloc(XLS_MAX_SHEETS, sizeof *x->state)))
        return no_memory(err);
    for (;;) {
        if (rec_at(s, n, r.next, &r) != 1)
            return damaged(err, 0, 0);
        const unsigned char *d = r.d;
        if (r.type == 0x000A)
            break;
        switch (r.type) {
        case 0x002F: /* FILEPASS: what follows is encrypted */
            return dvk_error_set(err, DVK_USAGE, 0, 0,
                                 _("the workbook is encrypted: save it without a password"));
        case 0x0022: /* DATEMODE */
            x->date1904 = r.len >= 2 && le16(d) == 1;
            break;
        case 0x0085: /* BOUNDSHEET */
            if (r.len < 8)
                return damaged(err, 0, 0);
            if (x->nsheets == XLS_MAX_SHEETS)
                return dvk_error_set(err, DVK_LIMIT, 0, 0,
                                     _("more than %u sheets"), XLS_MAX_SHEETS);
            x->ply[x->nsheets] = le32(d);
            x->state[x->nsheets++] = d[4] & 3;
            break;
        case 0x041E: /* FORMAT */
            if (x->biff8 && r.len >= 5)
                x->format_kind[le16(d)] = (unsigned char)format_kind(
                    d + 5 + (d[4] & 8 ? 2 : 0) + (d[4] & 4 ? 4 : 0), d + r.len,
                    d[4] & 1, le16(d + 2));
            else if (!x->biff8 && r.len >= 3)
                x->format_kind[le16(d)] =
                    (unsigned char)format_kind(d + 3, d + r.len, 0, d[2]);
            break;
        case 0x00E0: /* XF */
            if (r.len < 4)
                return damaged(err, 0, 0);
            if (x->nxf == XLS_MAX_XF)
                return dvk_error_set(err, DVK_LIMIT, 0, 0,
                                     _("more than %u cell formats"), XLS_MAX_XF);
            x->xf_format[x->nxf++] = (uint16_t)le16(d + 2);
            break;
        case 0x00FC: /* SST: FreeXL makes room for every string it announces */
            if (r.len < 8 || le32(d + 4) > n / 3)
                return damaged(err, 0, 0);
            break;
        default:
            break;
        }
    }
    if (x->nsheets && !(x->sheets = dvk_calloc(x->nsheets, sizeof *x->sheets)))
        return no_memory(err);
    for (size_t i = 0; i < x->nsheets; i++) {
        int st = walk_sheet(x, s, n, i, err);
        if (st != DVK_OK)
            return st;
    }
    int st = check_dimensions(x, s, n, err);
    if (st != DVK_OK)
        return st;
    if (x->cells > XLS_CELLS_FLOOR + 16ull * n)
        return dvk_error_set(err, DVK_LIMIT, 0, 0,
                             _("the sheets declare %llu cells, too many for a file of "
                               "this size"), x->cells);
    return DVK_OK;
}

/* ------------------------------------------------------------ reading */

/* Append TEXT to the row's texts; *OFF its place. */
static int put_text(dvk_book *b, const char *text, size_t len, size_t *off)
{
    *off = b->text.len;
    if (dvk_buf_append(&b->text, text, len) != DVK_OK ||
        dvk_buf_append(&b->text, "", 1) != DVK_OK)
        return DVK_NOMEM;
    return DVK_OK;
}

/* The cell FreeXL holds at ROW, COL (0-based), into *C and *OFF. */
static int fx_cell(xls *x, dvk_book *b, unsigned row, unsigned col, dvk_cell *c,
                   size_t *off)
{
    FreeXL_CellValue v;
    char text[64];
    const char *t = text;
    memset(c, 0, sizeof *c);
    *off = 0;
    if (row >= x->fx_rows || col >= x->fx_cols ||
        freexl_get_cell_value(x->fx, row, (unsigned short)col, &v) != FREEXL_OK)
        return DVK_OK;
    switch (v.type) {
    case FREEXL_CELL_INT:
        c->type = DVK_CELL_NUMBER;
        c->number = v.value.int_value;
        snprintf(text, sizeof text, "%d", v.value.int_value);
        break;
    case FREEXL_CELL_DOUBLE:
        c->type = DVK_CELL_NUMBER;
        c->number = v.value.double_value;
        number_text(c->number, text, sizeof text);
        break;
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
        t = v.value.text_value;
        if (!t || !*t)
            return DVK_OK;
        c->type = DVK_CELL_TEXT;
        break;
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
    case FREEXL_CELL_TIME: {
        /* FreeXL gives "yyyy-mm-dd", "yyyy-mm-dd hh:mm:ss" or "hh:mm:ss". */
        int y = 0, m = 0, d = 0, hh = 0, mm = 0, ss = 0;
        const char *s = v.value.text_value ? v.value.text_value : "";
        int ok = v.type == FREEXL_CELL_TIME
                     ? sscanf(s, "%d:%d:%d", &hh, &mm, &ss) == 3
                     : sscanf(s, "%d-%d-%d %d:%d:%d", &y, &m, &d, &hh, &mm, &ss) >= 3;
        if (!ok)
            return DVK_OK;
        int kind = v.type == FREEXL_CELL_TIME ? FMT_TIME
                   : v.type == FREEXL_CELL_DATE ? FMT_DATE : FMT_DATETIME;
        c->type = date_cell(kind, days_from_civil(y, m, d),
                            (long)hh * 3600 + mm * 60 + ss, text, &c->number);
        break;
    }
    default:
        return DVK_OK;
    }
    c->len = strlen(t);
    return put_text(b, t, c->len, off);
}

static void value_cell(const xls_value *v, dvk_cell *c)
{
    memset(c, 0, sizeof *c);
    c->type = v->type;
    c->number = v->number;
    c->len = v->len;
}

/* The value read from the records at ROW, COL, or NULL. */
static const xls_value *find_value(const xls_sheet *sh, unsigned row, unsigned col)
{
    xls_value key = {.row = row, .col = col};
    return sh->nvalues ? bsearch(&key, sh->values, sh->nvalues, sizeof key, cmp_value)
                       : NULL;
}

/* The value of the cell at ROW, COL: the records' over FreeXL's. */
static int any_cell(xls *x, dvk_book *b, unsigned row, unsigned col, dvk_cell *c,
                    size_t *off)
{
    const xls_value *v = find_value(&x->sheets[x->sheet], row, col);
    if (!v)
        return fx_cell(x, b, row, col, c, off);
    value_cell(v, c);
    return put_text(b, x->strings.data + v->text, v->len, off);
}

static int xls_select(dvk_book *b, size_t sheet, dvk_error *err)
{
    xls *x = b->impl;
    unsigned int rows = 0;
    unsigned short cols = 0;
    if (sheet >= x->nsheets || freexl_select_active_worksheet(x->fx, (unsigned short)sheet) != FREEXL_OK ||
        freexl_worksheet_dimensions(x->fx, &rows, &cols) != FREEXL_OK)
        return damaged(err, 0, 0);
    xls_sheet *sh = &x->sheets[sheet];
    x->sheet = sheet;
    x->fx_rows = rows > XLS_MAX_ROWS ? XLS_MAX_ROWS : rows;
    x->fx_cols = cols > XLS_MAX_COLS ? XLS_MAX_COLS : cols;
    x->limit = x->fx_rows > sh->rows ? x->fx_rows : sh->rows;
    x->next = 0;
    x->area_next = x->value_next = x->nactive = 0;
    free(x->active);
    x->active = NULL;
    if (sh->nareas && !(x->active = dvk_alloc(sh->nareas * sizeof *x->active)))
        return no_memory(err);
    return DVK_OK;
}

static int xls_next_row(dvk_book *b, dvk_error *err)
{
    xls *x = b->impl;
    const xls_sheet *sh = &x->sheets[x->sheet];
    while (x->next < x->limit) {
        unsigned r = (unsigned)x->next++;
        size_t k = 0, width = r < x->fx_rows ? x->fx_cols : 0, j;
        /* The areas over this row: those still open, and those it starts. */
        for (size_t i = 0; i < x->nactive; i++)
            if (sh->areas[x->active[i]].r1 >= r)
                x->active[k++] = x->active[i];
        x->nactive = k;
        for (; x->area_next < sh->nareas && sh->areas[x->area_next].r0 <= r; x->area_next++)
            if (sh->areas[x->area_next].r1 >= r)
                x->active[x->nactive++] = x->area_next;
        for (size_t i = 0; i < x->nactive; i++)
            if (sh->areas[x->active[i]].c1 + 1 > width)
                width = sh->areas[x->active[i]].c1 + 1;
        while (x->value_next < sh->nvalues && sh->values[x->value_next].row < r)
            x->value_next++;
        for (j = x->value_next; j < sh->nvalues && sh->values[j].row == r; j++)
            if (sh->values[j].col + 1 > width)
                width = sh->values[j].col + 1;

        if (width > b->cells_cap) {
            dvk_cell *cells = dvk_realloc_array(b->cells, width, sizeof *cells);
            if (!cells)
                return no_memory(err);
            b->cells = cells;
            b->cells_cap = width;
        }
        if (width > x->offsets_cap) {
            size_t *offsets = dvk_realloc_array(x->offsets, width, sizeof *offsets);
            if (!offsets)
                return no_memory(err);
            x->offsets = offsets;
            x->offsets_cap = width;
        }
        dvk_buf_clear(&b->text);
        if (dvk_buf_append(&b->text, "", 1) != DVK_OK)  /* offset 0: "" */
            return no_memory(err);
        for (size_t c = 0; c < width; c++)
            if (fx_cell(x, b, r, (unsigned)c, &b->cells[c], &x->offsets[c]) != DVK_OK)
                return no_memory(err);
        for (; x->value_next < j; x->value_next++) {
            const xls_value *v = &sh->values[x->value_next];
            value_cell(v, &b->cells[v->col]);
            if (put_text(b, x->strings.data + v->text, v->len, &x->offsets[v->col]) != DVK_OK)
                return no_memory(err);
        }
        /* An area's first cell gives its value to the others. */
        for (size_t i = 0; i < x->nactive; i++) {
            const xls_area *a = &sh->areas[x->active[i]];
            dvk_cell first;
            size_t off;
            if (a->r0 == r) {
                first = b->cells[a->c0];
                off = x->offsets[a->c0];
            } else if (any_cell(x, b, a->r0, a->c0, &first, &off) != DVK_OK) {
                return no_memory(err);
            }
            for (unsigned c = a->c0; c <= a->c1; c++) {
                b->cells[c] = first;
                b->cells[c].merged = r == a->r0 && c == a->c0 ? 2 : 1;
                x->offsets[c] = off;
            }
        }
        b->ncells = 0;
        for (size_t c = 0; c < width; c++) {
            b->cells[c].text = b->text.data + x->offsets[c];
            if (b->cells[c].type != DVK_CELL_EMPTY || b->cells[c].merged)
                b->ncells = c + 1;
        }
        b->hidden = sh->hidden && (sh->hidden[r / 8] >> r % 8 & 1);
        if (!b->ncells && !b->hidden)
            continue;
        b->row = r + 1ul;
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
    if (sheet >= x->nsheets ||
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
    for (size_t i = 0; x->sheets && i < x->nsheets; i++) {
        free(x->sheets[i].areas);
        free(x->sheets[i].values);
        free(x->sheets[i].hidden);
    }
    free(x->sheets);
    dvk_buf_free(&x->strings);
    free(x->ply);
    free(x->state);
    free(x->xf_format);
    free(x->format_kind);
    free(x->active);
    free(x->offsets);
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

/* ------------------------------------------------------------ opening */

static int read_file(const char *path, unsigned char **out, size_t *outlen,
                     dvk_error *err)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    *out = NULL;
    if (fd < 0 || fstat(fd, &sb) != 0) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return dvk_error_set(err, DVK_IO, 0, 0, _("cannot open: %s"), strerror(e));
    }
    if (sb.st_size < 0 || (unsigned long long)sb.st_size > XLS_MAX_FILE) {
        close(fd);
        return dvk_error_set(err, DVK_LIMIT, 0, 0, _("an .xls file larger than 1 GiB"));
    }
    size_t n = (size_t)sb.st_size, got = 0;
    unsigned char *buf = dvk_alloc(n);
    if (!buf) {
        close(fd);
        return no_memory(err);
    }
    while (got < n) {
        ssize_t k = read(fd, buf + got, n - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0) {
            int e = k < 0 ? errno : EIO;
            free(buf);
            close(fd);
            return dvk_error_set(err, DVK_IO, 0, 0, _("read error: %s"), strerror(e));
        }
        got += (size_t)k;
    }
    close(fd);
    *out = buf;
    *outlen = n;
    return DVK_OK;
}

/* The BIFF records of the workbook at PATH, walked into X. */
static int read_records(xls *x, const char *path, dvk_error *err)
{
    unsigned char *f = NULL, *wb = NULL;
    size_t n = 0, wblen = 0;
    int st = read_file(path, &f, &n, err);
    if (st != DVK_OK)
        return st;
    if (dvk_cfb_has_stream(f, n, "EncryptedPackage")) {
        free(f);
        return dvk_error_set(err, DVK_USAGE, 0, 0,
                             _("the workbook is encrypted: save it without a password"));
    }
    st = dvk_cfb_read_stream(f, n, "Workbook", &wb, &wblen, err);
    if (st == DVK_DONE)
        st = dvk_cfb_read_stream(f, n, "Book", &wb, &wblen, err);
    free(f);
    if (st == DVK_DONE)
        return dvk_error_set(err, DVK_SYNTAX, 0, 0,
                             _("an OLE2 file that holds no workbook (a Word or other "
                               "Office document?)"));
    if (st == DVK_OK)
        st = walk(x, wb, wblen, err);
    free(wb);
    return st;
}

int dvk_xls_open(dvk_book *b, const char *path, dvk_error *err)
{
    xls *x = dvk_calloc(1, sizeof *x);
    char **names = NULL;
    int *hidden = NULL;
    if (!x)
        return no_memory(err);
    int st = read_records(x, path, err);
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
    if (freexl_get_info(x->fx, FREEXL_BIFF_SHEET_COUNT, &count) != FREEXL_OK ||
        count != x->nsheets) {
        st = damaged(err, 0, 0);
        goto fail;
    }
    if (x->nsheets && (!(names = dvk_calloc(x->nsheets, sizeof *names)) ||
                       !(hidden = dvk_calloc(x->nsheets, sizeof *hidden)))) {
        st = no_memory(err);
        goto fail;
    }
    for (size_t i = 0; i < x->nsheets; i++) {
        const char *name = NULL;
        if (freexl_get_worksheet_name(x->fx, (unsigned short)i, &name) != FREEXL_OK || !name) {
            st = damaged(err, 0, 0);
            goto fail;
        }
        if (!(names[i] = dvk_strndup(name, strlen(name)))) {
            st = no_memory(err);
            goto fail;
        }
        hidden[i] = x->state[i] != 0;
    }
    /* What only the walk needed. */
    free(x->format_kind);
    free(x->xf_format);
    x->format_kind = NULL;
    x->xf_format = NULL;
    b->ops = &xls_ops;
    b->kind = DVK_BOOK_XLS;
    b->impl = x;
    b->nsheets = x->nsheets;
    b->sheet_names = names;
    b->sheet_hidden = hidden;
    return DVK_OK;
fail:
    for (size_t i = 0; names && i < x->nsheets; i++)
        free(names[i]);
    free(names);
    free(hidden);
    xls_free_state(x);
    return st;
}
