/* biff.c: the BIFF records of an .xls workbook, walked once at open.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * FreeXL gives the sheets' names and the cells' values (xls.c); what it
 * does not give, this file reads from the records itself, out of the OLE2
 * container (cfb.c): merged areas (MERGEDCELLS), hidden rows (ROW), which
 * sheets are hidden (BOUNDSHEET), encryption (FILEPASS, or an encrypted
 * OOXML package in an OLE2 wrapper), and the values FreeXL drops or
 * flattens: formulas' cached results (FORMULA, STRING), which it skips,
 * and booleans and error values (BOOLERR), which it gives as integers.
 *
 * The same walk bounds what FreeXL would do with a hostile file: the cells
 * the sheets declare (FreeXL allocates them all), the strings the string
 * table announces, dates far in the future (FreeXL counts them out one day
 * at a time), and whatever would make FreeXL leak: it is followed through
 * the stream as it reads it (check_freexl) and the file refused where it
 * would drop memory.  The workbook globals and the checks over the whole
 * stream are here; one sheet's substream is biffsheet.c's.
 */
#include "biff.h"
#include "cfb.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_SHEETS 4096u
#define MAX_XF 8192u                  /* FreeXL keeps no more */
#define MAX_FILE ((size_t)1 << 30)
#define CELLS_FLOOR ((unsigned long long)1 << 22)


static int damaged(dvk_error *err, long row, long col)
{
    return dvk_error_set(err, DVK_SYNTAX, row, col, _("the workbook's records are damaged"));
}

static int no_memory(dvk_error *err)
{
    return dvk_error_nomem(err);
}


/* ------------------------------------------------------------ records */

int dvk_biff_rec_at(const unsigned char *s, size_t n, size_t pos, dvk_biff_rec *r)
{
    if (pos >= n)
        return 0;
    if (n - pos < 4)
        return -1;
    r->type = dvk_le16(s + pos);
    r->len = dvk_le16(s + pos + 2);
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

int dvk_biff_string(const unsigned char *s, size_t n, const unsigned char *p,
                       const unsigned char *end, int high, size_t cch, size_t next,
                       dvk_buf *out)
{
    unsigned hi = 0;
    while (cch > 0) {
        if (p >= end) {
            dvk_biff_rec r;
            if (dvk_biff_rec_at(s, n, next, &r) != 1 || r.type != 0x003C || r.len < 1)
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
            u = dvk_le16(p);
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
        unsigned c = high ? dvk_le16(p) : *p;
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
        return DVK_BIFF_FMT_DATETIME;
    if ((y && m) || (m && d))
        return DVK_BIFF_FMT_DATE;
    if ((h && m) || (m && s))
        return DVK_BIFF_FMT_TIME;
    return DVK_BIFF_FMT_NONE;
}



/* A FORMAT record: both kinds of the format code of CCH characters at P.
 * The code is read as far as this record holds it. */
static int format_record(dvk_biff *x, unsigned id, const unsigned char *p,
                         const unsigned char *end, int high, size_t cch)
{
    dvk_buf code = {0};
    int fx = format_kind(p, end, high, cch);
    size_t have = p < end ? (size_t)(end - p) / (high ? 2 : 1) : 0;
    /* a code cut at the record's end is kept as it is, as FreeXL does */
    if (dvk_biff_string(NULL, 0, p, end, high, cch < have ? cch : have, 0, &code) != DVK_OK ||
        dvk_buf_append(&code, "", 1) != DVK_OK) {
        dvk_buf_free(&code);
        return DVK_NOMEM;
    }
    int nf = dvk_numfmt_kind(id, code.data);
    dvk_buf_free(&code);
    x->format_kind[id] = (unsigned char)(fx | (nf + 1) << 4);
    return DVK_OK;
}







/* FreeXL's reading of the stream, followed far enough to know it leaks
 * nothing.  It reads the records from end to end.  It lists a sheet at
 * every BOUNDSHEET; at a BOF that follows an EOF it makes active the first
 * sheet listed at that offset (none if none is); at a DIMENSION it
 * allocates the active sheet's cells, dropping any it had; at the end it
 * allocates cells again for each sheet that got none, but into the active
 * sheet.  A cell record writes into the active sheet's cells, over what
 * the cell held without freeing it, and a LABEL's text is made before it
 * looks whether there is a cell to hold it.  So a file is refused here
 * when a sheet meets a second DIMENSION; when a sheet without one (a BOF
 * hidden inside another record, two sheets at one offset) is not the
 * active sheet left at the end, or is not the only one; when a cell
 * record has no sheet or falls outside the sheet's DIMENSION; when two
 * write one cell; and when a string's count (a sheet's name, a FORMAT's
 * code, a LABEL's text) runs past its record, which FreeXL copies from. */
struct model {
    uint32_t *ply;          /* the sheets listed, at their BOFs */
    unsigned char *dims;    /* whether each got its DIMENSION */
    size_t count, cap;
    long active;
    unsigned long rows, cols; /* the active sheet's DIMENSION */
    uint64_t *cells;        /* sheet << 32 | row << 16 | column, each written */
    size_t ncells, cells_cap;
};

static int model_list(struct model *m, uint32_t ply)
{
    if (m->count == m->cap) {
        size_t ncap = m->cap ? 2 * m->cap : 16;
        uint32_t *p = dvk_realloc_array(m->ply, ncap, sizeof *p);
        if (!p)
            return DVK_NOMEM;
        m->ply = p;
        unsigned char *q = dvk_realloc(m->dims, ncap);
        if (!q)
            return DVK_NOMEM;
        m->dims = q;
        m->cap = ncap;
    }
    m->ply[m->count] = ply;
    m->dims[m->count++] = 0;
    return DVK_OK;
}

/* COUNT cells from ROW, COL written by one record: DVK_SYNTAX when FreeXL
 * would fail or leak there. */
static int model_write(struct model *m, unsigned row, unsigned col, unsigned count)
{
    if (m->active < 0)
        return DVK_SYNTAX;
    /* Without a DIMENSION FreeXL only measures the sheet, and writes its
     * cells in a second reading, within the measure, once the sheet has
     * cells: only writing a cell twice matters then. */
    if (m->dims[m->active] && (row >= m->rows || col + (unsigned long)count > m->cols))
        return DVK_SYNTAX;
    uint64_t *p = dvk_grow_array(m->cells, &m->cells_cap, m->ncells + count, sizeof *p);
    if (!p)
        return DVK_NOMEM;
    m->cells = p;
    for (unsigned k = 0; k < count; k++)
        m->cells[m->ncells++] = (uint64_t)m->active << 32 | (uint64_t)row << 16 | (col + k);
    return DVK_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t p = *(const uint64_t *)a, q = *(const uint64_t *)b;
    return (p > q) - (p < q);
}

/* One record other than BOF, EOF and CONTINUE: DVK_SYNTAX for what FreeXL
 * would leak on (or read past the record for). */
/* Whether a string whose count is at AT, its flags (BIFF8) right after it,
 * fits in the record: FreeXL copies as many bytes as the count says. */
static int string_fits(const dvk_biff_rec *r, size_t at, int wide_count, int biff8)
{
    if (r->len < at + (wide_count ? 2 : 1) + (biff8 ? 1 : 0))
        return 0;
    size_t cch = wide_count ? dvk_le16(r->d + at) : r->d[at];
    size_t p = at + (wide_count ? 2 : 1);
    if (biff8) {
        unsigned flags = r->d[p++];
        p += (flags & 4 ? 4 : 0) + (flags & 8 ? 2 : 0);
        cch *= flags & 1 ? 2 : 1;
    }
    return p <= r->len && cch <= r->len - p;
}

static int model_record(struct model *m, const dvk_biff_rec *r, int biff8)
{
    const unsigned char *d = r->d;
    switch (r->type) {
    case 0x0085: /* BOUNDSHEET: FreeXL takes a name's flags as 0 or not */
        if (r->len < 8 || r->len < 7u + (biff8 ? 1u + d[6] * (d[7] ? 2u : 1u) : d[6]))
            return DVK_SYNTAX;
        return model_list(m, dvk_le32(d));
    case 0x041E: /* FORMAT */
        return string_fits(r, 2, biff8, biff8) ? DVK_OK : DVK_SYNTAX;
    case 0x0200: /* DIMENSION */
        if (m->active < 0)
            return DVK_OK;
        if (m->dims[m->active]++ || r->len < (biff8 ? 14u : 10u))
            return DVK_SYNTAX;
        m->rows = biff8 ? dvk_le32(d + 4) : dvk_le16(d + 2);
        m->cols = dvk_le16(d + (biff8 ? 10 : 6));
        return DVK_OK;
    case 0x0204: /* LABEL */
        if (!string_fits(r, 6, 1, biff8))
            return DVK_SYNTAX;
        return model_write(m, dvk_le16(d), dvk_le16(d + 2), 1);
    case 0x00FD: /* LABELSST */
        if (!biff8)
            return DVK_OK;
        return r->len < 10 ? DVK_SYNTAX : model_write(m, dvk_le16(d), dvk_le16(d + 2), 1);
    case 0x0203: /* NUMBER */
    case 0x027E: /* RK */
    case 0x0205: /* BOOLERR */
        if (r->len < (r->type == 0x0203 ? 14u : r->type == 0x027E ? 10u : 8u))
            return DVK_SYNTAX;
        return model_write(m, dvk_le16(d), dvk_le16(d + 2), 1);
    case 0x00BD: /* MULRK: FreeXL takes 6 bytes a cell while more than 6 are left */
        if (r->len < 6)
            return DVK_SYNTAX;
        return model_write(m, dvk_le16(d), dvk_le16(d + 2),
                           r->len > 10 ? (unsigned)((r->len - 5) / 6) : 0);
    default:
        return DVK_OK;
    }
}

static int check_freexl(const dvk_biff *x, const unsigned char *s, size_t n, dvk_error *err)
{
    struct model m = {.active = -1};
    size_t pos = 0, without = 0;
    int want_bof = -1, st = DVK_OK; /* -1: the first BOF, which selects nothing */
    dvk_biff_rec r;
    while (st == DVK_OK && dvk_biff_rec_at(s, n, pos, &r) == 1) {
        size_t at = pos;
        pos = r.next;
        if (r.type == 0x003C)  /* CONTINUE: FreeXL looks no further */
            continue;
        if (want_bof) {
            if (r.type != 0x0809)
                break;         /* FreeXL stops there and fails */
            if (want_bof > 0) {
                m.active = -1;
                for (size_t i = 0; i < m.count && m.active < 0; i++)
                    if (m.ply[i] == at)
                        m.active = (long)i;
            }
            want_bof = 0;
        } else if (r.type == 0x000A) {
            want_bof = 1;
        } else {
            st = model_record(&m, &r, x->biff8);
        }
    }
    for (size_t i = 0; i < m.count; i++)
        without += !m.dims[i];
    if (st == DVK_OK && without && (m.active < 0 || m.dims[m.active] || without > 1))
        st = DVK_SYNTAX;
    if (st == DVK_OK && m.ncells > 1) {
        qsort(m.cells, m.ncells, sizeof *m.cells, cmp_u64);
        for (size_t i = 1; i < m.ncells && st == DVK_OK; i++)
            if (m.cells[i] == m.cells[i - 1])
                st = DVK_SYNTAX;
    }
    free(m.ply);
    free(m.dims);
    free(m.cells);
    if (st == DVK_NOMEM)
        return no_memory(err);
    return st == DVK_OK ? DVK_OK : damaged(err, 0, 0);
}

/* The workbook globals: the sheets, the date system, the number formats;
 * then each sheet. */
static int walk(dvk_biff *x, const unsigned char *s, size_t n, dvk_error *err)
{
    dvk_biff_rec r;
    if (dvk_biff_rec_at(s, n, 0, &r) != 1 || r.type != 0x0809 || r.len < 4 ||
        dvk_le16(r.d + 2) != 5)
        return damaged(err, 0, 0);
    if (dvk_le16(r.d) != 0x0600 && dvk_le16(r.d) != 0x0500)
        return dvk_error_set(err, DVK_SYNTAX, 0, 0,
                             _("not a workbook of Excel 5 to 2003 (BIFF5 or BIFF8)"));
    x->biff8 = dvk_le16(r.d) == 0x0600;
    if (!(x->format_kind = dvk_calloc(65536, 1)) ||
        !(x->xf_format = dvk_calloc(MAX_XF, sizeof *x->xf_format)) ||
        !(x->ply = dvk_calloc(MAX_SHEETS, sizeof *x->ply)) ||
        !(x->state = dvk_calloc(MAX_SHEETS, sizeof *x->state)))
        return no_memory(err);
    for (;;) {
        if (dvk_biff_rec_at(s, n, r.next, &r) != 1)
            return damaged(err, 0, 0);
        const unsigned char *d = r.d;
        if (r.type == 0x000A)
            break;
        switch (r.type) {
        case 0x002F: /* FILEPASS: what follows is encrypted */
            return dvk_error_set(err, DVK_IO, 0, 0,
                                 _("the workbook is encrypted: save it without a password"));
        case 0x0022: /* DATEMODE */
            x->date1904 = r.len >= 2 && dvk_le16(d) == 1;
            break;
        case 0x0085: /* BOUNDSHEET */
            if (r.len < 8)
                return damaged(err, 0, 0);
            if (x->nsheets == MAX_SHEETS)
                return dvk_error_set(err, DVK_LIMIT, 0, 0,
                                     _("more than %u sheets"), MAX_SHEETS);
            x->ply[x->nsheets] = dvk_le32(d);
            x->state[x->nsheets++] = d[4] & 3;
            break;
        case 0x041E: { /* FORMAT */
            int st = DVK_OK;
            if (x->biff8 && r.len >= 5)
                st = format_record(x, dvk_le16(d), d + 5 + (d[4] & 8 ? 2 : 0) + (d[4] & 4 ? 4 : 0),
                                   d + r.len, d[4] & 1, dvk_le16(d + 2));
            else if (!x->biff8 && r.len >= 3)
                st = format_record(x, dvk_le16(d), d + 3, d + r.len, 0, d[2]);
            if (st != DVK_OK)
                return no_memory(err);
            break;
        }
        case 0x00E0: /* XF */
            if (r.len < 4)
                return damaged(err, 0, 0);
            if (x->nxf == MAX_XF)
                return dvk_error_set(err, DVK_LIMIT, 0, 0,
                                     _("more than %u cell formats"), MAX_XF);
            x->xf_format[x->nxf++] = (uint16_t)dvk_le16(d + 2);
            break;
        case 0x00FC: /* SST: FreeXL makes room for every string it announces */
            if (r.len < 8 || dvk_le32(d + 4) > n / 3)
                return damaged(err, 0, 0);
            break;
        default:
            break;
        }
    }
    if (x->nsheets && !(x->sheets = dvk_calloc(x->nsheets, sizeof *x->sheets)))
        return no_memory(err);
    for (size_t i = 0; i < x->nsheets; i++) {
        int st = dvk_biff_walk_sheet(x, s, n, i, err);
        if (st != DVK_OK)
            return st;
    }
    int st = check_freexl(x, s, n, err);
    if (st != DVK_OK)
        return st;
    if (x->cells > CELLS_FLOOR + 16ull * n)
        return dvk_error_set(err, DVK_LIMIT, 0, 0,
                             _("the sheets declare %llu cells, too many for a file of "
                               "this size"), x->cells);
    return DVK_OK;
}

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
    if (sb.st_size < 0 || (unsigned long long)sb.st_size > MAX_FILE) {
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

/* What only the walk needs. */
static void free_walk(dvk_biff *w)
{
    free(w->ply);
    free(w->xf_format);
    free(w->format_kind);
    w->ply = NULL;
    w->xf_format = NULL;
    w->format_kind = NULL;
}

int dvk_biff_read(dvk_biff *w, const char *path, dvk_error *err)
{
    unsigned char *f = NULL, *wb = NULL;
    size_t n = 0, wblen = 0;
    int st = read_file(path, &f, &n, err);
    if (st != DVK_OK)
        return st;
    if (dvk_cfb_has_stream(f, n, "EncryptedPackage")) {
        free(f);
        return dvk_error_set(err, DVK_IO, 0, 0,
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
        st = walk(w, wb, wblen, err);
    free(wb);
    free_walk(w);
    return st;
}

void dvk_biff_free(dvk_biff *w)
{
    for (size_t i = 0; w->sheets && i < w->nsheets; i++) {
        free(w->sheets[i].areas);
        free(w->sheets[i].values);
        free(w->sheets[i].hidden);
    }
    free(w->sheets);
    free(w->state);
    dvk_buf_free(&w->strings);
    free_walk(w);
    memset(w, 0, sizeof *w);
}
