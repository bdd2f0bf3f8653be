/* input.c: the reader's bytes, from a descriptor or memory, as UTF-8 text.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bytes are read a block at a time; an input in another encoding is
 * converted as it comes, and a byte that cannot be converted is kept as a
 * mark at its place in the text, to be reported when the reader gets
 * there (the rows before it are good).  The start of an input is sampled
 * for its encoding, its byte-order mark, Excel's "sep=" line and its
 * dialect.
 */
#include "reader.h"
#include "book.h"

#include <errno.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define BLOCK (1u << 20)          /* bytes read at a time */
#define SNIFF_BYTES (1u << 20)    /* sample for encoding detection */
#define DIALECT_BYTES (1u << 16)  /* sample for the delimiter */

size_t dvk_input_block(void)
{
    const char *e = getenv("DVKSTAT_BLOCK");
    if (e && *e) {
        char *end;
        unsigned long n = strtoul(e, &end, 10);
        if (*end == '\0' && n >= 1 && n <= BLOCK)
            return (size_t)n;
    }
    return BLOCK;
}

/* At the end of a regular file: what was read must be what was there when
 * it was opened, and still is.  A file written while it is read gives
 * rows of two versions of it, or half a row. */
static int check_size(dvk_reader *r)
{
    struct stat sb;
    unsigned long long now = r->size_at_open;
    if (fstat(r->fd, &sb) == 0)
        now = (unsigned long long)sb.st_size;
    if (r->raw_bytes == r->size_expected && now == r->size_at_open)
        return DVK_OK;
    r->failed = DVK_IO;
    return dvk_error_set(&r->err, DVK_IO, 0, 0,
                         _("the file changed while it was read (%llu bytes when "
                         "opened, %llu now): read it again when it is saved"),
                         r->size_at_open, now);
}

/* How much to ask for next: a block, or less when the input's size is
 * known and smaller (one byte more than is left, so that the read after it
 * sees the end, or a file that grew).  A 100-byte input then costs no
 * megabyte buffers, which matters for the many small inputs of a fuzzer
 * and of a host that reads short texts from memory. */
static size_t read_size(const dvk_reader *r, size_t block)
{
    unsigned long long left;
    if (r->mem)
        left = r->mem_len - r->mem_pos;
    else if (r->input_size && r->raw_bytes <= r->input_size)
        left = r->input_size - r->raw_bytes;
    else
        return block;
    return left + 1 < block ? (size_t)left + 1 : block;
}

static int read_raw(dvk_reader *r, char *dst, size_t n, size_t *got)
{
    *got = 0;
    if (r->mem) {
        size_t k = r->mem_len - r->mem_pos;
        if (k > n)
            k = n;
        memcpy(dst, r->mem + r->mem_pos, k);
        r->mem_pos += k;
        r->raw_bytes += k;
        *got = k;
        if (k == 0)
            r->raw_eof = 1;
        return DVK_OK;
    }
    for (;;) {
        ssize_t k = read(r->fd, dst, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0)
            return dvk_error_set(&r->err, DVK_IO, 0, 0, _("read error: %s"),
                                 strerror(errno));
        *got = (size_t)k;
        r->raw_bytes += (size_t)k;
        if (k == 0) {
            r->raw_eof = 1;
            if (r->check_size)
                return check_size(r);
        }
        return DVK_OK;
    }
}

/* A NUL in the text from byte FROM on ends it there: text has none, and a
 * binary file or UTF-16 read as bytes is told at its first block, not
 * after a record of megabytes.  The error comes when the reader gets to
 * it, with its line and column. */
static void cut_at_nul(dvk_reader *r, size_t from)
{
    if (from >= r->text.len)
        return;
    const char *z = memchr(r->text.data + from, '\0', r->text.len - from);
    if (!z)
        return;
    r->text.len = (size_t)(z - r->text.data);
    r->bad_pending = 1;
    r->bad_nul = 1;
    r->bad_at = r->text.len;
    r->text_eof = 1;
}

/* Decode what is in r->raw into r->text; keep an incomplete tail. */
static int decode_raw(dvk_reader *r)
{
    size_t consumed = 0, from = r->text.len;
    int st = dvk_decoder_run(&r->decoder, r->raw.data ? r->raw.data : "",
                             r->raw.len, &consumed, &r->text, r->raw_eof);
    if (st != DVK_NOMEM)
        cut_at_nul(r, from);
    if (r->bad_nul)
        return DVK_OK;
    if (st == DVK_NOMEM)
        return dvk_error_nomem(&r->err);
    if (st == DVK_ENCODING) {
        /* Rows before the bad byte are still good; the error is raised
         * when the reader gets to it, with its line and column. */
        r->bad_pending = 1;
        r->bad_at = r->text.len;
        r->bad_byte = consumed < r->raw.len ? (unsigned char)r->raw.data[consumed] : 0;
        r->text_eof = 1;
        return DVK_OK;
    }
    memmove(r->raw.data, r->raw.data + consumed, r->raw.len - consumed);
    r->raw.len -= consumed;
    if (r->raw_eof)
        r->text_eof = 1;
    return DVK_OK;
}

/* Make more decoded text available.  Moves the unread text to the start
 * of the buffer first, so offsets relative to r->pos stay valid. */
int dvk_input_fill(dvk_reader *r)
{
    if (r->text_eof)
        return DVK_OK;
    if (r->pos > 0 && !r->keep_text) {
        memmove(r->text.data, r->text.data + r->pos, r->text.len - r->pos);
        r->text.len -= r->pos;
        r->text_base += r->pos;
        /* The text known to be valid UTF-8 moves along, what was before
         * pos is gone. */
        if (r->utf8_to > r->pos) {
            r->utf8_from = r->utf8_from > r->pos ? r->utf8_from - r->pos : 0;
            r->utf8_to -= r->pos;
        } else {
            r->utf8_from = r->utf8_to = 0;
        }
        if (r->bad_pending)
            r->bad_at -= r->pos;
        r->pos = 0;
    }
    if (r->held_pos < r->held.len) {
        size_t k = r->held.len - r->held_pos;
        if (k > r->block)
            k = r->block;
        if (dvk_buf_append(&r->text, r->held.data + r->held_pos, k))
            return dvk_error_nomem(&r->err);
        r->held_pos += k;
        if (r->held_pos == r->held.len) {
            r->text_eof = r->held_eof;
            dvk_buf_free(&r->held);
            r->held_pos = 0;
        }
        return DVK_OK;
    }
    size_t before = r->text.len;
    while (r->text.len == before && !r->text_eof) {
        size_t got;
        int st;
        if (r->decoder.utf8) {
            size_t want = read_size(r, r->block);
            if (dvk_buf_reserve(&r->text, want))
                return dvk_error_nomem(&r->err);
            st = read_raw(r, r->text.data + r->text.len, want, &got);
            if (st)
                return st;
            size_t from = r->text.len;
            r->text.len += got;
            r->text.data[r->text.len] = '\0';
            if (r->raw_eof)
                r->text_eof = 1;
            cut_at_nul(r, from);
        } else {
            size_t want = read_size(r, r->block);
            if (dvk_buf_reserve(&r->raw, want))
                return dvk_error_nomem(&r->err);
            st = read_raw(r, r->raw.data + r->raw.len, want, &got);
            if (st)
                return st;
            r->raw.len += got;
            st = decode_raw(r);
            if (st)
                return st;
        }
    }
    return DVK_OK;
}

/* ------------------------------------------------------------------ open */

int dvk_input_start(dvk_reader *r)
{
    /* Read a sample for detection. */
    size_t sample = read_size(r, SNIFF_BYTES);
    if (dvk_buf_reserve(&r->raw, sample))
        return dvk_error_nomem(&r->err);
    while (r->raw.len < sample && !r->raw_eof) {
        size_t got;
        int st = read_raw(r, r->raw.data + r->raw.len, sample - r->raw.len, &got);
        if (st)
            return st;
        r->raw.len += got;
    }
    const unsigned char *s = (const unsigned char *)r->raw.data;
    /* A workbook is a second kind of source: its sheet's rows are read
     * through book.h, and none of what follows applies. */
    int kind = dvk_book_sniff(s ? s : (const unsigned char *)"", r->raw.len);
    if (kind != DVK_BOOK_NONE)
        return dvk_sheet_open(r, kind);
    if (r->encoding_request) {
        const char *iconv_name, *display;
        dvk_encoding_lookup(r->encoding_request, &iconv_name, &display);
        r->detected.iconv_name = iconv_name;
        r->detected.display = display;
        r->detected.bom_len = (!iconv_name && r->raw.len >= 3 && s[0] == 0xEF &&
                               s[1] == 0xBB && s[2] == 0xBF) ? 3 : 0;
    } else {
        dvk_encoding_detect(s, r->raw.len, r->raw_eof, &r->detected);
    }
    r->encoding_display = r->detected.display;
    dvk_decoder_close(&r->decoder);
    if (dvk_decoder_init(&r->decoder, r->detected.iconv_name))
        return dvk_error_set(&r->err, DVK_USAGE, 0, 0,
                             _("cannot convert from %s"), r->detected.display);
    size_t bom = r->detected.bom_len;
    memmove(r->raw.data, r->raw.data + bom, r->raw.len - bom);
    r->raw.len -= bom;
    r->text_base = bom;
    if (r->decoder.utf8) {
        if (dvk_buf_append(&r->text, r->raw.data, r->raw.len))
            return dvk_error_nomem(&r->err);
        r->raw.len = 0;
        if (r->raw_eof)
            r->text_eof = 1;
        dvk_buf_free(&r->raw);
        cut_at_nul(r, 0);
    } else {
        int st = decode_raw(r);
        if (st)
            return st;
    }
    /* A BOM that a named encoding decoded as U+FEFF. */
    if (r->text.len >= 3 && memcmp(r->text.data, "\xEF\xBB\xBF", 3) == 0) {
        r->pos = 3;
        r->detected.bom_len = 3;
    }
    /* Excel's "sep=;" first line names the delimiter. */
    long first_line = 1;
    const char *t = r->text.data + r->pos;
    size_t avail = r->text.len - r->pos;
    if (avail >= 5 && strncasecmp(t, "sep=", 4) == 0 && t[4] != '\r' && t[4] != '\n' &&
        (avail == 5 || t[5] == '\r' || t[5] == '\n')) {
        if (!r->delimiter_request)
            r->delimiter_request = (unsigned char)t[4];
        r->pos += 5 + (avail > 5) + (avail > 6 && t[5] == '\r' && t[6] == '\n');
        first_line = 2;
    }
    const char *t0 = r->text.data + r->pos;
    size_t n = r->text.len - r->pos;
    if (n > DIALECT_BYTES)
        n = DIALECT_BYTES;
    struct dvk_dialect d;
    dvk_dialect_sniff(t0, n, r->text_eof && n == r->text.len - r->pos,
                      r->delimiter_request, &d);
    r->delimiter = d.delimiter;
    r->line_end = d.line_end;
    r->term = d.term;
    r->other_term = d.other_term;
    if (dvk_split_reset(r))
        return dvk_error_nomem(&r->err);
    r->line = first_line;
    /* A DVKSTAT_BLOCK smaller than the sample: the rows see the text a
     * block at a time all the same, so that tests put the blocks' edges
     * where they like in a short input. */
    if (r->block < BLOCK && !r->bad_pending && r->text.len - r->pos > r->block) {
        size_t keep = r->pos + r->block;
        if (dvk_buf_append(&r->held, r->text.data + keep, r->text.len - keep))
            return dvk_error_nomem(&r->err);
        r->held_pos = 0;
        r->held_eof = r->text_eof;
        r->text.len = keep;
        r->text.data[keep] = '\0';
        r->text_eof = 0;
    }
    return DVK_OK;
}

