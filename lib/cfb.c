/* cfb.c: one stream out of an OLE2 compound file (CFB), read from memory.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An .xls file is a small file system: a header, a sector allocation table
 * (FAT) spread over sectors listed in the header and in a chain of DIFAT
 * sectors, a directory, and streams that are chains of sectors (or, when
 * short, of 64-byte sectors in a "mini stream").  biff.c needs one stream
 * (the BIFF records) and to know whether another one is there (an
 * encrypted OOXML package), which is too little to bring GLib into the
 * library for libgsf; these 200 lines do it.  The input may be anything:
 * every sector number is checked against the file, every chain is bounded
 * by the number of sectors (so a loop in the FAT ends), and every size
 * against what the file can hold.
 */
#include "cfb.h"
#include <stdlib.h>
#include <string.h>

const unsigned char dvk_cfb_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

#define CFB_END 0xFFFFFFFEu
#define CFB_DIR_ENTRY 128

typedef struct cfb {
    const unsigned char *f;
    size_t n;
    size_t ssz;       /* sector size: 512 or 4096 */
    uint32_t *fat;
    size_t nfat;      /* entries */
    unsigned char *dir;
    size_t dirlen;
} cfb;

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static int damaged(dvk_error *err)
{
    return dvk_error_set(err, DVK_SYNTAX, 0, 0,
                         _("the OLE2 container of the workbook is damaged"));
}

/* Copy the chain that starts at sector START, sectors of UNIT bytes that
 * begin ORIGIN bytes into SRC (SRCLEN bytes), following TABLE (NTABLE
 * entries): WANT bytes, or the whole chain when WANT is SIZE_MAX.
 * DVK_SYNTAX (ERR unset) when the chain is broken or short. */
static int chain_copy(const uint32_t *table, size_t ntable, uint32_t start,
                      const unsigned char *src, size_t srclen, size_t origin,
                      size_t unit, size_t want, unsigned char **out, size_t *outlen)
{
    dvk_buf b = {0};
    size_t steps = 0;
    *out = NULL;
    *outlen = 0;
    if (origin > srclen || (want != SIZE_MAX && want > srclen))
        return DVK_SYNTAX;
    if (want != SIZE_MAX && dvk_buf_reserve(&b, want) != DVK_OK)
        return DVK_NOMEM;
    for (uint32_t s = start; s != CFB_END && b.len < want; s = table[s]) {
        /* Each step visits a sector with a table entry: more steps than
         * entries is a loop. */
        if (s >= ntable || ++steps > ntable)
            goto bad;
        if (s > (srclen - origin) / unit)
            goto bad;
        size_t off = origin + (size_t)s * unit;
        if (off >= srclen)
            goto bad;
        size_t avail = srclen - off < unit ? srclen - off : unit;
        if (want != SIZE_MAX && avail > want - b.len)
            avail = want - b.len;
        if (dvk_buf_append(&b, src + off, avail) != DVK_OK) {
            dvk_buf_free(&b);
            return DVK_NOMEM;
        }
    }
    if (want != SIZE_MAX && b.len < want)
        goto bad;
    if (!b.data && dvk_buf_reserve(&b, 1) != DVK_OK)
        return DVK_NOMEM;
    *out = (unsigned char *)b.data;
    *outlen = b.len;
    return DVK_OK;
bad:
    dvk_buf_free(&b);
    return DVK_SYNTAX;
}

static void cfb_free(cfb *c)
{
    free(c->fat);
    free(c->dir);
}

/* Read the header, the FAT and the directory. */
static int cfb_open(cfb *c, const unsigned char *f, size_t n, dvk_error *err)
{
    memset(c, 0, sizeof *c);
    c->f = f;
    c->n = n;
    if (n < 512 || memcmp(f, dvk_cfb_magic, 8) != 0)
        return damaged(err);
    unsigned shift = le16(f + 0x1E);
    if ((shift != 9 && shift != 12) || le16(f + 0x20) != 6)
        return damaged(err);
    c->ssz = (size_t)1 << shift;
    size_t nsect = n > c->ssz ? (n - c->ssz + c->ssz - 1) / c->ssz : 0;
    uint32_t nfatsect = le32(f + 0x2C);
    if (nfatsect == 0 || nfatsect > nsect)
        return damaged(err);
    size_t per = c->ssz / 4;
    c->nfat = (size_t)nfatsect * per;
    c->fat = dvk_alloc(c->nfat * sizeof *c->fat);
    if (!c->fat)
        return dvk_error_nomem(err);
    memset(c->fat, 0xFF, c->nfat * sizeof *c->fat);

    /* The FAT's own sectors: 109 listed in the header, the rest in the
     * DIFAT chain, each DIFAT sector ending with the next one's number. */
    uint32_t difat = le32(f + 0x44);
    const unsigned char *list = f + 0x4C;
    size_t in_list = 109, visited = 0;
    for (uint32_t i = 0; i < nfatsect; i++) {
        if (in_list == 0) {
            if (difat >= nsect || ++visited > nsect)
                return damaged(err);
            size_t off = c->ssz + (size_t)difat * c->ssz;
            if (off + c->ssz > n)
                return damaged(err);
            list = f + off;
            in_list = per - 1;
            difat = le32(list + 4 * in_list);
        }
        uint32_t s = le32(list);
        list += 4;
        in_list--;
        if (s >= nsect)
            return damaged(err);
        size_t off = c->ssz + (size_t)s * c->ssz;
        size_t avail = n - off < c->ssz ? n - off : c->ssz;
        for (size_t k = 0; k < avail / 4; k++)
            c->fat[(size_t)i * per + k] = le32(f + off + 4 * k);
    }
    int st = chain_copy(c->fat, c->nfat, le32(f + 0x30), f, n, c->ssz, c->ssz,
                        SIZE_MAX, &c->dir, &c->dirlen);
    if (st == DVK_NOMEM)
        return dvk_error_nomem(err);
    if (st != DVK_OK || c->dirlen < CFB_DIR_ENTRY || c->dir[0x42] != 5)
        return damaged(err);
    /* A name is at most 32 UTF-16 units with its NUL; FreeXL reads as
     * many bytes as an entry says, past the entry and its own buffer. */
    for (size_t off = 0; off + CFB_DIR_ENTRY <= c->dirlen; off += CFB_DIR_ENTRY)
        if (le16(c->dir + off + 0x40) > 64)
            return damaged(err);
    return DVK_OK;
}

/* The directory entry of the stream NAME, or NULL. */
static const unsigned char *cfb_find(const cfb *c, const char *name)
{
    size_t len = strlen(name);
    for (size_t off = 0; off + CFB_DIR_ENTRY <= c->dirlen; off += CFB_DIR_ENTRY) {
        const unsigned char *e = c->dir + off;
        unsigned bytes = le16(e + 0x40);
        if (e[0x42] != 2 || bytes != 2 * (len + 1) || bytes > 64)
            continue;
        size_t i = 0;
        while (i < len) {
            unsigned ch = le16(e + 2 * i);
            unsigned want = (unsigned char)name[i];
            if (ch >= 'a' && ch <= 'z')
                ch -= 'a' - 'A';
            if (want >= 'a' && want <= 'z')
                want -= 'a' - 'A';
            if (ch != want)
                break;
            i++;
        }
        if (i == len)
            return e;
    }
    return NULL;
}

int dvk_cfb_has_stream(const unsigned char *f, size_t n, const char *name)
{
    cfb c;
    dvk_error err;
    int found = 0;
    if (cfb_open(&c, f, n, &err) == DVK_OK)
        found = cfb_find(&c, name) != NULL;
    cfb_free(&c);
    return found;
}

static int read_entry(const cfb *c, const unsigned char *e, unsigned char **out,
                      size_t *outlen)
{
    uint64_t size = le32(e + 0x78);
    if (c->ssz == 4096)
        size |= (uint64_t)le32(e + 0x7C) << 32;
    if (size > c->n)
        return DVK_SYNTAX;
    uint32_t start = le32(e + 0x74);
    if (size >= le32(c->f + 0x38))
        return chain_copy(c->fat, c->nfat, start, c->f, c->n, c->ssz, c->ssz,
                          (size_t)size, out, outlen);

    /* A short stream lives in the mini stream (the root entry's chain), in
     * 64-byte sectors chained by the mini FAT. */
    unsigned char *mini = NULL, *minifat = NULL;
    size_t minilen, minifatlen;
    uint64_t rootsize = le32(c->dir + 0x78);
    if (rootsize > c->n)
        return DVK_SYNTAX;
    int st = chain_copy(c->fat, c->nfat, le32(c->dir + 0x74), c->f, c->n, c->ssz,
                        c->ssz, (size_t)rootsize, &mini, &minilen);
    if (st == DVK_OK)
        st = chain_copy(c->fat, c->nfat, le32(c->f + 0x3C), c->f, c->n, c->ssz,
                        c->ssz, SIZE_MAX, &minifat, &minifatlen);
    if (st == DVK_OK) {
        size_t nmini = minifatlen / 4;
        uint32_t *table = dvk_alloc(nmini * sizeof *table);
        if (!table) {
            st = DVK_NOMEM;
        } else {
            for (size_t i = 0; i < nmini; i++)
                table[i] = le32(minifat + 4 * i);
            st = chain_copy(table, nmini, start, mini, minilen, 0, 64,
                            (size_t)size, out, outlen);
            free(table);
        }
    }
    free(mini);
    free(minifat);
    return st;
}

int dvk_cfb_read_stream(const unsigned char *f, size_t n, const char *name,
                        unsigned char **out, size_t *outlen, dvk_error *err)
{
    cfb c;
    *out = NULL;
    *outlen = 0;
    int st = cfb_open(&c, f, n, err);
    if (st == DVK_OK) {
        const unsigned char *e = cfb_find(&c, name);
        if (!e)
            st = DVK_DONE;
        else if ((st = read_entry(&c, e, out, outlen)) == DVK_NOMEM)
            dvk_error_nomem(err);
        else if (st != DVK_OK)
            damaged(err);
    }
    cfb_free(&c);
    return st;
}
