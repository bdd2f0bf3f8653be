/* biffsheet.c: one sheet's substream of an .xls workbook, walked at open.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * From a sheet's BOF to its EOF (a chart inside it has its own pair, which
 * is skipped): the merged areas (MERGEDCELLS), the hidden rows (ROW), the
 * values FreeXL drops or flattens, kept to be laid over its cells --
 * formulas' cached results (FORMULA, then STRING for a text), booleans and
 * error values (BOOLERR) -- and what bounds FreeXL's work: the rectangle
 * of cells it will allocate (DIMENSION and the cells themselves) and the
 * dates it will count out one day at a time.
 */
#include "biff.h"
#include <stdlib.h>
#include <string.h>

#define MAX_AREAS 262144u
#define MAX_SERIAL 2958465.0          /* 9999-12-31 */
#define DATE_BUDGET 8e9               /* days FreeXL may count, all dates together */

static int damaged(dvk_error *err, long row, long col)
{
    return dvk_error_set(err, DVK_SYNTAX, row, col, _("the workbook's records are damaged"));
}

static int no_memory(dvk_error *err)
{
    return dvk_error_nomem(err);
}

static double le_double(const unsigned char *p)
{
    uint64_t bits = (uint64_t)dvk_le32(p) | (uint64_t)dvk_le32(p + 4) << 32;
    double v;
    memcpy(&v, &bits, sizeof v);
    return v;
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

/* FreeXL's kind of the cell format IXFE: FMT_. */
static int xf_kind(const dvk_biff *x, unsigned ixfe)
{
    if (ixfe >= x->nxf)
        return DVK_BIFF_FMT_NONE;
    unsigned f = x->xf_format[ixfe];
    if (f >= 14 && f <= 17)
        return DVK_BIFF_FMT_DATE;
    if ((f >= 18 && f <= 21) || (f >= 45 && f <= 47))
        return DVK_BIFF_FMT_TIME;
    if (f == 22)
        return DVK_BIFF_FMT_DATETIME;
    return DVK_BIFF_FX_KIND(x->format_kind[f]);
}

/* numfmt.c's kind of the cell format IXFE: DVK_NUMFMT_. */
static int xf_numfmt(const dvk_biff *x, unsigned ixfe)
{
    if (ixfe >= x->nxf)
        return DVK_NUMFMT_NUMBER;
    unsigned f = x->xf_format[ixfe];
    unsigned k = DVK_BIFF_NF_KIND(x->format_kind[f]);
    return k ? (int)k - 1 : dvk_numfmt_kind(f, NULL);
}

static int add_value(dvk_biff *x, dvk_biff_sheet *sh, size_t *cap, unsigned row, unsigned col,
                     int type, double number, const char *text, size_t len)
{
    if (col >= DVK_BIFF_MAX_COLS)
        return DVK_OK;
    if (sh->nvalues == *cap) {
        size_t ncap = *cap ? 2 * *cap : 64;
        dvk_biff_value *v = dvk_realloc_array(sh->values, ncap, sizeof *v);
        if (!v)
            return DVK_NOMEM;
        sh->values = v;
        *cap = ncap;
    }
    dvk_biff_value *v = &sh->values[sh->nvalues++];
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
static int check_date(dvk_biff *x, unsigned ixfe, double v, unsigned row, unsigned col,
                      dvk_error *err)
{
    int kind = xf_kind(x, ixfe);
    if (kind != DVK_BIFF_FMT_DATE && kind != DVK_BIFF_FMT_DATETIME)
        return DVK_OK;
    if (v > MAX_SERIAL)
        return dvk_error_set(err, DVK_SYNTAX, row + 1, col + 1,
                             _("a date past the year 9999"));
    if (v >= 1 && (x->date_days += v) > DATE_BUDGET)
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
    const dvk_biff_area *p = a, *q = b;
    return (p->r0 > q->r0) - (p->r0 < q->r0);
}

static int cmp_value(const void *a, const void *b)
{
    const dvk_biff_value *p = a, *q = b;
    if (p->row != q->row)
        return (p->row > q->row) - (p->row < q->row);
    return (p->col > q->col) - (p->col < q->col);
}

/* A chart inside the sheet has its own BOF and EOF, and is skipped. */
int dvk_biff_walk_sheet(dvk_biff *x, const unsigned char *s, size_t n, size_t i,
                        dvk_error *err)
{
    dvk_biff_sheet *sh = &x->sheets[i];
    size_t areas_cap = 0, values_cap = 0;
    unsigned long rows_ext = 0, cols_ext = 0, dim_rows = 0, dim_cols = 0;
    long pending_row = -1, pending_col = 0;
    dvk_biff_rec r;
    if (dvk_biff_rec_at(s, n, x->ply[i], &r) != 1 || r.type != 0x0809)
        return damaged(err, 0, 0);
    for (int depth = 1; depth > 0;) {
        if (dvk_biff_rec_at(s, n, r.next, &r) != 1)
            return damaged(err, 0, 0);
        const unsigned char *d = r.d;
        if (r.type == 0x0809 || r.type == 0x000A) {
            depth += r.type == 0x0809 ? 1 : -1;
            continue;
        }
        if (depth > 1)
            continue;
        unsigned row = r.len >= 4 ? dvk_le16(d) : 0, col = r.len >= 4 ? dvk_le16(d + 2) : 0;
        int st = DVK_OK;
        switch (r.type) {
        case 0x00FD: case 0x0204: case 0x0201: case 0x00D6:
        case 0x0203: case 0x027E: case 0x00BD: case 0x00BE:
        case 0x0205: case 0x0006:
            if (r.len < 6)
                return damaged(err, 0, 0);
            if (r.type == 0x00BD || r.type == 0x00BE) {
                unsigned last = dvk_le16(d + r.len - 2);
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
                dim_rows = dvk_le32(d + 4);
                dim_cols = dvk_le16(d + 10);
            } else if (!x->biff8 && r.len >= 10) {
                dim_rows = dvk_le16(d + 2);
                dim_cols = dvk_le16(d + 6);
            }
            if (dim_rows > DVK_BIFF_MAX_ROWS || dim_cols > DVK_BIFF_MAX_COLS)
                return damaged(err, 0, 0);
            break;
        case 0x0208: /* ROW: fDyZero is a hidden row */
            if (r.len >= 16 && (dvk_le16(d + 12) & 0x20)) {
                if (!sh->hidden && !(sh->hidden = dvk_calloc(DVK_BIFF_MAX_ROWS / 8, 1)))
                    return no_memory(err);
                sh->hidden[row / 8] |= (unsigned char)(1u << row % 8);
                sh->rows = row + 1ul > sh->rows ? row + 1ul : sh->rows;
            }
            break;
        case 0x00E5: { /* MERGEDCELLS */
            unsigned count = r.len >= 2 ? dvk_le16(d) : 0;
            if (r.len < 2 || (size_t)count * 8 > r.len - 2)
                return damaged(err, 0, 0);
            for (unsigned k = 0; k < count; k++) {
                const unsigned char *a = d + 2 + 8 * k;
                dvk_biff_area area = {dvk_le16(a), dvk_le16(a + 2), dvk_le16(a + 4),
                                      dvk_le16(a + 6)};
                if (area.r0 > area.r1 || area.c0 > area.c1 || area.c1 >= DVK_BIFF_MAX_COLS) {
                    /* book.c's words for it; a BIFF sheet is narrower than its limit */
                    char from[32], to[32];
                    dvk_book_cell_name(area.c0 + 1ul, area.r0 + 1ul, from, sizeof from);
                    dvk_book_cell_name(area.c1 + 1ul, area.r1 + 1ul, to, sizeof to);
                    return dvk_error_set(err, DVK_SYNTAX, area.r0 + 1l, area.c0 + 1l,
                                         _("the merged area %s:%s is out of the sheet"),
                                         from, to);
                }
                if (area.r0 == area.r1 && area.c0 == area.c1)
                    continue;
                if (sh->nareas == MAX_AREAS)
                    return dvk_error_set(err, DVK_LIMIT, 0, 0,
                                         _("more than %u merged areas in one sheet"),
                                         MAX_AREAS);
                if (sh->nareas == areas_cap) {
                    size_t ncap = areas_cap ? 2 * areas_cap : 16;
                    dvk_biff_area *p = dvk_realloc_array(sh->areas, ncap, sizeof *p);
                    if (!p)
                        return no_memory(err);
                    sh->areas = p;
                    areas_cap = ncap;
                }
                sh->areas[sh->nareas++] = area;
            }
            break;
        }
        case 0x0203: /* NUMBER */
            if (r.len >= 14)
                st = check_date(x, dvk_le16(d + 4), le_double(d + 6), row, col, err);
            break;
        case 0x027E: /* RK */
            if (r.len >= 10)
                st = check_date(x, dvk_le16(d + 4), rk_value(dvk_le32(d + 6)), row, col, err);
            break;
        case 0x00BD: /* MULRK */
            for (size_t k = 0; 4 + 6 * k + 6 <= r.len - 2 && st == DVK_OK; k++)
                st = check_date(x, dvk_le16(d + 4 + 6 * k), rk_value(dvk_le32(d + 6 + 6 * k)),
                                row, dvk_le16(d + 2) + (unsigned)k, err);
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
            if (dvk_le16(d + 12) != 0xFFFF) {
                char text[64];
                int type;
                double number;
                size_t len = dvk_numfmt_serial(le_double(d + 6), xf_numfmt(x, dvk_le16(d + 4)),
                                               x->date1904, &type, &number, text, sizeof text);
                st = add_value(x, sh, &values_cap, row, col, type, number, text, len);
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
                st = dvk_biff_string(s, n, p, d + r.len, flags & 1, dvk_le16(d), r.next, &text);
            } else if (!x->biff8 && r.len >= 2) {
                st = dvk_biff_string(s, n, d + 2, d + r.len, 0, dvk_le16(d), r.next, &text);
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
    rows_ext = rows_ext > DVK_BIFF_MAX_ROWS ? DVK_BIFF_MAX_ROWS : rows_ext;
    sh->rows = rows_ext > sh->rows ? rows_ext : sh->rows;
    if (sh->nareas)
        qsort(sh->areas, sh->nareas, sizeof *sh->areas, cmp_area);
    if (sh->nvalues)
        qsort(sh->values, sh->nvalues, sizeof *sh->values, cmp_value);
    return DVK_OK;
}
