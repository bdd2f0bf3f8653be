/* xlsxbars.c: custom error bars in a finished workbook.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * libxlsxwriter writes error bars of a fixed, percentage or standard size
 * only, while an interval has its own lower and upper distance at every
 * point.  The writer therefore writes those distances into cells, asks
 * libxlsxwriter for fixed error bars whose size is a marker (the interval's
 * number), and once the workbook is closed this file opens the package,
 * replaces each marked <c:errBars> body in the chart parts by custom plus
 * and minus values taken from those cells, and writes the package again.
 *
 * The package is a ZIP archive (ECMA-376 Part 2).  Every member is copied
 * byte for byte except the chart parts that change, which are inflated,
 * edited and deflated again with zlib.  Archives that need ZIP64 or span
 * disks are not libxlsxwriter's and are refused.
 */
#include "internal.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_END 0x06054b50u

static uint32_t get16(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8;
}

static uint32_t get32(const unsigned char *p)
{
    return get16(p) | get16(p + 2) << 16;
}

static void put16(unsigned char *p, uint32_t v)
{
    p[0] = (unsigned char)(v & 0xff);
    p[1] = (unsigned char)(v >> 8 & 0xff);
}

static void put32(unsigned char *p, uint32_t v)
{
    put16(p, v & 0xffff);
    put16(p + 2, v >> 16);
}

/* A number for XML, with a point whatever the locale. */
static int put_number(dvk_buf *b, double x)
{
    char num[40];
    snprintf(num, sizeof num, "%.15g", x);
    for (char *p = num; *p; p++)
        if (*p == ',')
            *p = '.';
    return dvk_buf_append(b, num, strlen(num));
}

/* The distances as a reference to their cells with the values cached:
 * LibreOffice reads custom error bars from references only, not from
 * literal values. */
static int put_values(dvk_buf *b, const char *tag, const char *ref, const double *v, size_t n)
{
    int st = dvk_buf_printf(b, "<c:%s><c:numRef><c:f>%s</c:f><c:numCache>"
                               "<c:formatCode>General</c:formatCode>"
                               "<c:ptCount val=\"%zu\"/>", tag, ref, n);
    for (size_t i = 0; i < n && !st; i++) {
        if (!isfinite(v[i]))
            continue;
        st = dvk_buf_printf(b, "<c:pt idx=\"%zu\"><c:v>", i);
        if (!st)
            st = put_number(b, v[i] > 0 ? v[i] : 0);
        if (!st)
            st = dvk_buf_printf(b, "</c:v></c:pt>");
    }
    if (!st)
        st = dvk_buf_printf(b, "</c:numCache></c:numRef></c:%s>", tag);
    return st;
}

/* Replace the marked error bars of one chart part.  *changed says whether
 * any marker was found. */
static int edit_chart(const char *xml, size_t len, const dvk_error_bars *bars,
                      size_t nbars, dvk_buf *out, int *changed)
{
    static const char open[] = "<c:errValType val=\"fixedVal\"/><c:val val=\"";
    size_t at = 0;
    *changed = 0;
    dvk_buf_clear(out);
    while (at < len) {
        const char *hit = NULL;
        for (size_t i = at; i + sizeof open - 1 <= len; i++)
            if (xml[i] == '<' && memcmp(xml + i, open, sizeof open - 1) == 0) {
                hit = xml + i;
                break;
            }
        if (!hit)
            break;
        const char *num = hit + sizeof open - 1, *end = num;
        unsigned long id = 0;
        while (end < xml + len && *end >= '0' && *end <= '9' && id < 1000000)
            id = id * 10 + (unsigned long)(*end++ - '0');
        static const char close[] = "\"/></c:errBars>";
        const dvk_error_bars *e = NULL;
        if ((size_t)(xml + len - end) >= sizeof close - 1 &&
            memcmp(end, close, sizeof close - 1) == 0)
            for (size_t k = 0; k < nbars; k++)
                if (bars[k].id == id)
                    e = &bars[k];
        size_t upto = (size_t)(hit - xml);
        int st = dvk_buf_append(out, xml + at, upto - at);
        if (st)
            return st;
        if (!e) { /* not ours: keep it */
            st = dvk_buf_append(out, hit, (size_t)(end - hit));
            at = (size_t)(end - xml);
            if (st)
                return st;
            continue;
        }
        st = dvk_buf_printf(out, "<c:errValType val=\"cust\"/><c:noEndCap val=\"0\"/>");
        if (!st)
            st = put_values(out, "plus", e->plus_ref, e->plus, e->n);
        if (!st)
            st = put_values(out, "minus", e->minus_ref, e->minus, e->n);
        if (!st)
            st = dvk_buf_printf(out, "</c:errBars>");
        if (st)
            return st;
        at = (size_t)(end - xml) + sizeof close - 1;
        *changed = 1;
    }
    return dvk_buf_append(out, xml + at, len - at);
}

static int inflate_member(const unsigned char *data, size_t csize, size_t usize,
                          dvk_buf *out)
{
    dvk_buf_clear(out);
    if (dvk_buf_reserve(out, usize + 1))
        return DVK_NOMEM;
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
        return DVK_NOMEM;
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)csize;
    z.next_out = (unsigned char *)out->data;
    z.avail_out = (uInt)usize;
    int zs = inflate(&z, Z_FINISH);
    size_t got = usize - z.avail_out;
    inflateEnd(&z);
    if (zs != Z_STREAM_END || got != usize)
        return DVK_VALUE;
    out->len = usize;
    out->data[usize] = '\0';
    return DVK_OK;
}

static int deflate_member(const char *data, size_t len, dvk_buf *out)
{
    dvk_buf_clear(out);
    z_stream z;
    memset(&z, 0, sizeof z);
    if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -MAX_WBITS, 8,
                     Z_DEFAULT_STRATEGY) != Z_OK)
        return DVK_NOMEM;
    size_t bound = deflateBound(&z, (uLong)len);
    if (dvk_buf_reserve(out, bound)) {
        deflateEnd(&z);
        return DVK_NOMEM;
    }
    z.next_in = (unsigned char *)data;
    z.avail_in = (uInt)len;
    z.next_out = (unsigned char *)out->data;
    z.avail_out = (uInt)bound;
    int zs = deflate(&z, Z_FINISH);
    out->len = bound - z.avail_out;
    deflateEnd(&z);
    return zs == Z_STREAM_END ? DVK_OK : DVK_NOMEM;
}

static int read_whole(const char *path, unsigned char **data, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return DVK_IO;
    dvk_buf b = {0};
    char chunk[65536];
    size_t n;
    int st = DVK_OK;
    while (!st && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
        st = dvk_buf_append(&b, chunk, n);
    if (!st && ferror(f))
        st = DVK_IO;
    fclose(f);
    if (st) {
        dvk_buf_free(&b);
        return st;
    }
    *data = (unsigned char *)b.data;
    *len = b.len;
    return DVK_OK;
}

/* Rewrite the package at PATH with the marked error bars made custom. */
int dvk_xlsx_error_bars(const char *path, const dvk_error_bars *bars, size_t nbars)
{
    if (nbars == 0)
        return DVK_OK;
    unsigned char *zip = NULL;
    size_t size = 0;
    int st = read_whole(path, &zip, &size);
    if (st)
        return st;
    dvk_buf out = {0}, central = {0}, plain = {0}, edited = {0}, packed = {0};

    /* The end of central directory record, at most 64 KiB of comment away. */
    size_t eocd = SIZE_MAX;
    for (size_t i = size >= 22 ? size - 22 : 0; size >= 22; i--) {
        if (get32(zip + i) == SIG_END) {
            eocd = i;
            break;
        }
        if (i == 0 || size - i > 22 + 65535)
            break;
    }
    st = DVK_VALUE;
    if (eocd == SIZE_MAX || get16(zip + eocd + 4) != 0 || get16(zip + eocd + 6) != 0)
        goto done;
    size_t entries = get16(zip + eocd + 10);
    size_t cd_size = get32(zip + eocd + 12), cd_at = get32(zip + eocd + 16);
    if (cd_at > eocd || cd_size > eocd - cd_at || entries != get16(zip + eocd + 8))
        goto done;

    size_t p = cd_at;
    for (size_t k = 0; k < entries; k++) {
        st = DVK_VALUE;
        if (p + 46 > cd_at + cd_size || get32(zip + p) != SIG_CENTRAL)
            goto done;
        const unsigned char *c = zip + p;
        size_t nlen = get16(c + 28), xlen = get16(c + 30), clen = get16(c + 32);
        size_t csize = get32(c + 20), usize = get32(c + 24), local = get32(c + 42);
        size_t method = get16(c + 10);
        if (p + 46 + nlen + xlen + clen > cd_at + cd_size || local + 30 > cd_at ||
            get32(zip + local) != SIG_LOCAL || csize == 0xffffffffu || usize == 0xffffffffu)
            goto done;
        size_t data_at = local + 30 + get16(zip + local + 26) + get16(zip + local + 28);
        if (data_at > cd_at || csize > cd_at - data_at)
            goto done;
        const char *name = (const char *)c + 46;
        const unsigned char *data = zip + data_at;
        uint32_t crc = get32(c + 16);
        static const char charts[] = "xl/charts/chart";
        int changed = 0;
        if (method == 8 && nlen > sizeof charts - 1 &&
            memcmp(name, charts, sizeof charts - 1) == 0) {
            st = inflate_member(data, csize, usize, &plain);
            if (!st)
                st = edit_chart(plain.data, plain.len, bars, nbars, &edited, &changed);
            if (!st && changed)
                st = deflate_member(edited.data, edited.len, &packed);
            if (st)
                goto done;
            if (changed) {
                if (edited.len > 0xfffffffeu || packed.len > 0xfffffffeu) {
                    st = DVK_LIMIT;
                    goto done;
                }
                data = (const unsigned char *)packed.data;
                csize = packed.len;
                usize = edited.len;
                crc = (uint32_t)crc32(0L, (const Bytef *)edited.data, (uInt)edited.len);
            }
        }
        if (out.len > 0xfffffffeu) {
            st = DVK_LIMIT;
            goto done;
        }
        /* A local header of our own: sizes known, so no data descriptor. */
        unsigned char h[30];
        uint32_t flags = get16(c + 8) & ~8u;
        put32(h, SIG_LOCAL);
        put16(h + 4, get16(c + 6));
        put16(h + 6, flags);
        put16(h + 8, (uint32_t)method);
        memcpy(h + 10, c + 12, 4); /* time and date */
        put32(h + 14, crc);
        put32(h + 18, (uint32_t)csize);
        put32(h + 22, (uint32_t)usize);
        put16(h + 26, (uint32_t)nlen);
        put16(h + 28, 0);
        uint32_t offset = (uint32_t)out.len;
        st = dvk_buf_append(&out, h, sizeof h);
        if (!st)
            st = dvk_buf_append(&out, name, nlen);
        if (!st)
            st = dvk_buf_append(&out, data, csize);
        /* Its central entry: the old one with the new figures. */
        unsigned char e[46];
        memcpy(e, c, sizeof e);
        put16(e + 8, flags);
        put32(e + 16, crc);
        put32(e + 20, (uint32_t)csize);
        put32(e + 24, (uint32_t)usize);
        put32(e + 42, offset);
        if (!st)
            st = dvk_buf_append(&central, e, sizeof e);
        if (!st)
            st = dvk_buf_append(&central, c + 46, nlen + xlen + clen);
        if (st)
            goto done;
        p += 46 + nlen + xlen + clen;
    }
    if (out.len > 0xfffffffeu || central.len > 0xfffffffeu) {
        st = DVK_LIMIT;
        goto done;
    }
    unsigned char end[22];
    memcpy(end, zip + eocd, sizeof end);
    put32(end + 12, (uint32_t)central.len);
    put32(end + 16, (uint32_t)out.len);
    put16(end + 20, 0);
    st = dvk_buf_append(&out, central.data, central.len);
    if (!st)
        st = dvk_buf_append(&out, end, sizeof end);
    if (st)
        goto done;

    FILE *f = fopen(path, "wb");
    if (!f) {
        st = DVK_IO;
        goto done;
    }
    if (fwrite(out.data, 1, out.len, f) != out.len)
        st = DVK_IO;
    if (fclose(f) != 0)
        st = DVK_IO;
done:
    free(zip);
    dvk_buf_free(&out);
    dvk_buf_free(&central);
    dvk_buf_free(&plain);
    dvk_buf_free(&edited);
    dvk_buf_free(&packed);
    return st;
}
