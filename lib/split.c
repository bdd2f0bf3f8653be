/* split.c: a line of CSV text cut into fields.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A line with no quote is split at its delimiters in one pass
 * (split_plain); a line whose quoted fields each open their field and
 * close on the line before a delimiter is split directly too
 * (quoted_line); any other line with a quote, or with a stray line-end
 * byte, goes to libcsv (the general path, the reference), fed one line at
 * a time until it reports the end of the row, so that quoted line breaks
 * work and the reader always knows on which line a row starts.  The
 * direct splits must give what libcsv gives: dvk_reader_set_libcsv_only()
 * sends every line to libcsv, and the tests and the fuzzer compare.
 * libcsv knows nothing of positions, encodings or BOMs: all that is done
 * here and in input.c.
 */
#include "reader.h"
#include "scan.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Line and 1-based column of byte OFFSET of the current record. */
static void record_position(const dvk_reader *r, size_t offset, long *line,
                            long *column)
{
    const char *rec = r->text.data + r->record_off;
    long l = r->row_line;
    size_t line_start = 0;
    for (size_t i = 0; i < offset && i < r->record_len; i++) {
        if (rec[i] == r->term) {
            l++;
            line_start = i + 1;
        }
    }
    *line = l;
    *column = (long)dvk_utf8_count(rec + line_start, offset - line_start) + 1;
}

/* Byte offset in the record where field I starts (quote aware), or the
 * record's end when the row has fewer fields. */
static size_t field_offset(const dvk_reader *r, size_t field)
{
    const char *rec = r->text.data + r->record_off;
    size_t n = r->record_len, i = 0, k = 0;
    while (k < field && i < n) {
        if (rec[i] == '"') {
            i++;
            while (i < n) {
                if (rec[i] == '"') {
                    if (i + 1 < n && rec[i + 1] == '"') {
                        i += 2;
                        continue;
                    }
                    i++;
                    break;
                }
                i++;
            }
        }
        while (i < n && rec[i] != r->delimiter && rec[i] != '\n' &&
               rec[i] != '\r')
            i++;
        if (i < n && rec[i] == r->delimiter) {
            i++;
            k++;
        } else {
            break;
        }
    }
    if (k < field) {
        /* Point at the end of the content, before the line end. */
        while (n > 0 && (rec[n - 1] == '\n' || rec[n - 1] == '\r'))
            n--;
        return n;
    }
    return i;
}

/* -------------------------------------------------------- cutting records */

/* A limit passed while cutting the record that starts at r->pos, at its
 * byte AT (the text holds that much).  It ends the input: past it there
 * is no telling where the rows start again, and reading on is what the
 * limit is there to stop. */
static int limit_error(dvk_reader *r, size_t at, int which)
{
    char size[32];
    long line, column;
    r->record_off = r->pos;
    r->record_len = at;
    r->row_line = r->line;
    record_position(r, at, &line, &column);
    r->nfields = 0;
    switch (which) {
    case 'r':
        dvk_error_set(&r->err, DVK_LIMIT, line, column,
                      _("a record runs past %s here (the reader's limit on a "
                      "record): is a line end missing?"),
                      dvk_limit_text(r->max_record, size, sizeof size));
        dvk_error_hint(&r->err, _("a table's lines end in LF or CRLF; this "
                       "input may not be a table"));
        break;
    case 'f':
        dvk_error_set(&r->err, DVK_LIMIT, line, column,
                      _("the field starting here is longer than %s (the "
                      "reader's limit on a field)"),
                      dvk_limit_text(r->max_field, size, sizeof size));
        break;
    default:
        dvk_error_set(&r->err, DVK_LIMIT, line, column,
                      _("more than %zu fields in a row (the reader's limit on "
                      "columns)"), r->max_columns);
        break;
    }
    r->failed = DVK_LIMIT;
    return DVK_LIMIT;
}

/* A failed dvk_record_room() for the field starting at byte AT. */
static int room_error(dvk_reader *r, int st, size_t at)
{
    if (st == DVK_LIMIT)
        return limit_error(r, at, 'c');
    return dvk_error_nomem(&r->err);
}

/* After a record was cut: no field past the limit.  Only a record longer
 * than the limit can hold one, so the common case costs one comparison. */
static int check_field_sizes(dvk_reader *r)
{
    if (r->record_len <= r->max_field)
        return DVK_OK;
    for (size_t i = 0; i < r->nfields; i++)
        if (r->field_len[i] > r->max_field) {
            size_t at = field_offset(r, i);
            r->pos = r->record_off;
            r->line = r->row_line;
            return limit_error(r, at, 'f');
        }
    return DVK_OK;
}


static void on_csv_field(void *s, size_t len, void *data)
{
    dvk_reader *r = data;
    int st = dvk_record_push(r, s ? s : "", s ? len : 0);
    if (st)
        r->csv_row_done = st == DVK_LIMIT ? -2 : -1;
}

static void on_csv_row(int c, void *data)
{
    dvk_reader *r = data;
    if (r->csv_row_done == 0)
        r->csv_row_done = 1;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

int dvk_split_reset(dvk_reader *r)
{
    if (r->csv_ready)
        csv_free(&r->csv);
    r->csv_ready = 0;
    if (csv_init(&r->csv, CSV_STRICT_FINI | CSV_APPEND_NULL) != 0)
        return DVK_NOMEM;
    r->csv_ready = 1;
    csv_set_delim(&r->csv, (unsigned char)r->delimiter);
    /* libcsv grows a field's buffer by this much at a time; its default of
     * 128 bytes makes a field of megabytes quadratic to read (and the
     * general path raises it as a field grows). */
    csv_set_blk_size(&r->csv, (size_t)1 << 16);
    /* Keep spaces: trimming is normalisation's job, and --raw keeps them. */
    csv_set_space_func(&r->csv, no_space);
    return DVK_OK;
}

static int encoding_error(dvk_reader *r, size_t offset_in_record,
                          unsigned char byte)
{
    long line, column;
    record_position(r, offset_in_record, &line, &column);
    if (byte == 0) {
        dvk_error_set(&r->err, DVK_ENCODING, line, column,
                      _("NUL byte in the text (is this a binary file, or "
                      "UTF-16 without a byte-order mark?)"));
        dvk_error_hint(&r->err, _("name the encoding with --encoding "
                       "(utf-16le, utf-16be)"));
    } else {
        dvk_error_set(&r->err, DVK_ENCODING, line, column,
                      _("invalid %s byte 0x%02X"), r->encoding_display, byte);
        dvk_error_hint(&r->err, _("name the file's encoding with --encoding "
                       "(windows-1258, tcvn3, utf-16le …)"));
    }
    return DVK_ENCODING;
}

/* Check the record for bytes that cannot be text.  A NUL never gets
 * here: input.c ends the text at the first one, as it is read.
 *
 * UTF-8 is checked a block at a time: a record inside the stretch of text
 * already found valid costs two comparisons.  A record past it is checked
 * alone (so a bad byte is told in the record that holds it, as before),
 * and when it is good the stretch grows over all the text read after it,
 * up to the next bad byte or an unfinished character at the end.  Records
 * start after a line end, an ASCII byte, so the text is valid exactly
 * when each record is. */
static int check_record_text(dvk_reader *r)
{
    if (r->decoder.utf8) {
        size_t a = r->record_off, b = a + r->record_len;
        if (a >= r->utf8_from && b <= r->utf8_to)
            return DVK_OK;
        const char *rec = r->text.data + a;
        size_t ok = dvk_utf8_valid_prefix(rec, r->record_len);
        if (ok < r->record_len)
            return encoding_error(r, ok, (unsigned char)rec[ok]);
        if (a < r->utf8_from || a > r->utf8_to)
            r->utf8_from = a;
        r->utf8_to = b + dvk_utf8_valid_prefix(r->text.data + b, r->text.len - b);
    }
    return DVK_OK;
}

/* The record is the LEN bytes at pos, over LINES lines (-1: count them). */
static int finish_record_lines(dvk_reader *r, size_t len, long lines)
{
    r->record_off = r->pos;
    r->record_len = len;
    r->row_line = r->line;
    if (lines >= 0) {
        r->line += lines;
    } else {
        const char *p = r->text.data + r->pos, *end = p + len;
        while ((p = memchr(p, r->term, (size_t)(end - p))) != NULL) {
            r->line++;
            p++;
        }
    }
    r->pos += len;
    int st = check_record_text(r);
    return st ? st : check_field_sizes(r);
}

static int finish_record(dvk_reader *r, size_t len)
{
    return finish_record_lines(r, len, -1);
}

static int pending_decode_error(dvk_reader *r, size_t len)
{
    /* The bad byte comes right after the text we have; a bad byte before
     * it in the record comes first. */
    r->record_off = r->pos;
    r->record_len = len;
    r->row_line = r->line;
    int st = check_record_text(r);
    if (st)
        return st;
    return encoding_error(r, len, r->bad_nul ? 0 : r->bad_byte ? r->bad_byte : 0xFF);
}

static int general_path(dvk_reader *r)
{
    size_t fed = 0;
    r->csv_row_done = 0;
    for (;;) {
        const char *base = r->text.data + r->pos;
        size_t avail = r->text.len - r->pos;
        const char *p1 = memchr(base + fed, '\n', avail - fed);
        const char *p2 = memchr(base + fed, '\r', p1 ? (size_t)(p1 - base) - fed : avail - fed);
        const char *end = p2 ? p2 : p1;
        if (!end && !r->text_eof) {
            if (avail > r->max_record)
                break;
            if (r->csv.entry_pos > r->max_field) {
                r->record_off = r->pos;
                r->record_len = fed;
                return limit_error(r, field_offset(r, r->nfields), 'f');
            }
            int st = dvk_input_fill(r);
            if (st)
                return st;
            continue;
        }
        size_t piece = end ? (size_t)(end - base) + 1 - fed : avail - fed;
        /* Grow libcsv's field buffer geometrically, not a block at a time. */
        if (fed > ((size_t)1 << 17))
            csv_set_blk_size(&r->csv, fed / 2);
        if (piece && csv_parse(&r->csv, base + fed, piece, on_csv_field,
                               on_csv_row, r) != piece)
            return dvk_error_set(&r->err, DVK_NOMEM, r->line, 0,
                                 _("out of memory"));
        fed += piece;
        if (r->csv_row_done == -2) {
            r->record_off = r->pos;
            r->record_len = fed;
            return limit_error(r, field_offset(r, r->max_columns), 'c');
        }
        if (r->csv_row_done < 0)
            return dvk_error_set(&r->err, DVK_NOMEM, r->line, 0, _("out of memory"));
        if (r->csv_row_done) {
            /* A CR that ended the row takes its LF along. */
            if (base[fed - 1] == '\r' && r->line_end != LE_CR) {
                if (fed == avail && !r->text_eof) {
                    int st = dvk_input_fill(r);
                    if (st)
                        return st;
                    base = r->text.data + r->pos;
                    avail = r->text.len - r->pos;
                }
                if (fed < avail && base[fed] == '\n')
                    fed++;
            }
            int st = finish_record(r, fed);
            return st ? st : DVK_ROW;
        }
        if (fed == avail && r->text_eof) {
            if (r->bad_pending)
                return pending_decode_error(r, fed);
            /* libcsv reports an unclosed quote at the end only in strict
             * mode, which would also refuse bare quotes in unquoted fields;
             * so ask its state: inside a quoted field (FIELD_BEGUN, 2). */
            int err = r->csv.quoted && r->csv.pstate == 2;
            if (csv_fini(&r->csv, on_csv_field, on_csv_row, r) != 0)
                err = 1;
            if (dvk_split_reset(r))
                return dvk_error_nomem(&r->err);
            int fst = finish_record(r, fed);
            if (fst)
                return fst;
            if (err) {
                size_t k = r->nfields ? r->nfields - 1 : 0;
                long line, column;
                r->nfields = 0;
                record_position(r, field_offset(r, k), &line, &column);
                r->rows_read++;
                r->rows_rejected++;
                dvk_error_set(&r->err, DVK_SYNTAX, line, column,
                              _("quoted field is never closed (the quote "
                              "opened here runs to the end of the input)"));
                dvk_error_hint(&r->err, _("close the quote, or double a "
                               "quote that belongs to the text (\"\")"));
                return DVK_SYNTAX;
            }
            return r->csv_row_done ? DVK_ROW : DVK_DONE;
        }
        if (fed > r->max_record)
            break;
        if (r->csv.entry_pos > r->max_field) {
            r->record_off = r->pos;
            r->record_len = fed;
            return limit_error(r, field_offset(r, r->nfields), 'f');
        }
    }
    /* A quoted field this long is a quote that was never closed.  There is
     * no telling where the rows start again, so this ends the input: a row
     * error here would let --skip-bad-rows drop the rest unseen. */
    long line = r->line;
    char size[32];
    if (dvk_split_reset(r))
        return dvk_error_nomem(&r->err);
    dvk_error_set(&r->err, DVK_LIMIT, line, 0,
                  _("a quoted field starting on this line runs for more than "
                  "%s: is a quote never closed?"),
                  dvk_limit_text(r->max_record, size, sizeof size));
    dvk_error_hint(&r->err, _("close the quote, or double a quote that belongs "
                   "to the text (\"\")"));
    r->failed = DVK_LIMIT;
    return DVK_LIMIT;
}

/* A line that holds a quote, split the way libcsv splits it when every
 * quoted field opens its field, closes on this line and is followed by the
 * delimiter or the line's end: "" inside is one quote, a quote inside an
 * unquoted field is text.  Anything else (a field quoted across lines, a
 * character after a closing quote) is QUOTED_ODD, left to libcsv, which
 * stays the reference: the unit tests read the same lines both ways. */
enum { QUOTED_ODD = -1 };

static int quoted_line(dvk_reader *r, const char *s, size_t n)
{
    if (dvk_buf_reserve(&r->rowbuf, n + 1))
        return dvk_error_nomem(&r->err);
    char *out = r->rowbuf.data;
    size_t i = 0, o = 0;
    for (;;) {
        int st = dvk_record_room(r);
        if (st)
            return room_error(r, st, i);
        size_t start = o;
        if (i < n && s[i] == '"') {
            i++;
            for (;;) {
                const char *q = memchr(s + i, '"', n - i);
                if (!q)
                    goto odd; /* closes on a later line, or never */
                size_t k = (size_t)(q - (s + i));
                memcpy(out + o, s + i, k);
                o += k;
                i += k + 1;
                if (i < n && s[i] == '"') {
                    out[o++] = '"';
                    i++;
                    continue;
                }
                break;
            }
            if (i < n && s[i] != r->delimiter)
                goto odd;
        } else {
            const char *d = memchr(s + i, r->delimiter, n - i);
            size_t k = d ? (size_t)(d - (s + i)) : n - i;
            memcpy(out + o, s + i, k);
            o += k;
            i += k;
        }
        r->field_off[r->nfields] = start;
        r->field_len[r->nfields] = o - start;
        r->nfields++;
        out[o++] = '\0';
        if (i >= n)
            break;
        i++; /* the delimiter; after a last one comes an empty field */
    }
    r->rowbuf.len = o;
    return DVK_OK;
odd:
    r->nfields = 0;
    r->rowbuf.len = 0;
    return QUOTED_ODD;
}

/* Split a line without quotes at its delimiters: one copy of the line,
 * each delimiter becomes its field's NUL.  QUOTED_ODD, with nothing kept,
 * when the line holds a quote or the other line-end byte.  With SSE2 the
 * copy is scanned sixteen bytes at a time for all three at once. */
static int split_plain(dvk_reader *r, const char *line, size_t n)
{
    if (dvk_buf_reserve(&r->rowbuf, n + 16))
        return dvk_error_nomem(&r->err);
    if (n == 0)
        return DVK_OK; /* an empty line: no fields, a blank row */
    char *row = r->rowbuf.data;
    memcpy(row, line, n);
    memset(row + n, 0, 16); /* what the last block reads past the line */
    r->rowbuf.len = n + 1;
    size_t start = 0, at = 0;
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"'), other = _mm_set1_epi8(r->other_term);
    const __m128i delim = _mm_set1_epi8((char)r->delimiter);
    for (; at < n; at += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(row + at));
        unsigned odd = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, other)));
        unsigned d = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, delim));
        if (n - at < 16) {
            unsigned keep = (1u << (n - at)) - 1;
            odd &= keep;
            d &= keep;
        }
        if (odd)
            goto odd;
        for (; d; d &= d - 1) {
            size_t end = at + (size_t)__builtin_ctz(d);
            int st = dvk_record_room(r);
            if (st)
                return room_error(r, st, start);
            r->field_off[r->nfields] = start;
            r->field_len[r->nfields] = end - start;
            r->nfields++;
            row[end] = '\0';
            start = end + 1;
        }
    }
#else
    if (memchr(row, '"', n) || memchr(row, r->other_term, n))
        goto odd;
    for (char *d; (d = memchr(row + start, r->delimiter, n - start)) != NULL;) {
        int st = dvk_record_room(r);
        if (st)
            return room_error(r, st, start);
        r->field_off[r->nfields] = start;
        r->field_len[r->nfields] = (size_t)(d - row) - start;
        r->nfields++;
        *d = '\0';
        start = (size_t)(d - row) + 1;
    }
    (void)at;
#endif
    int st = dvk_record_room(r);
    if (st)
        return room_error(r, st, start);
    r->field_off[r->nfields] = start;
    r->field_len[r->nfields] = n - start;
    r->nfields++;
    row[n] = '\0';
    return DVK_OK;
odd:
    r->nfields = 0;
    r->rowbuf.len = 0;
    return QUOTED_ODD;
}

int dvk_split_simd(void)
{
    int best = DVK_SIMD_PLAIN;
#ifdef __SSE2__
    best = DVK_SIMD_SSE2;
#endif
#ifdef HAVE_AVX2_TARGET
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2"))
        best = DVK_SIMD_AVX2;
#endif
    const char *e = getenv("DVKSTAT_SIMD");
    int want = best;
    if (e && strcmp(e, "plain") == 0)
        want = DVK_SIMD_PLAIN;
    else if (e && strcmp(e, "sse2") == 0)
        want = DVK_SIMD_SSE2;
    else if (e && strcmp(e, "avx2") == 0)
        want = DVK_SIMD_AVX2;
    return want < best ? want : best;
}

typedef void scan_fn(const unsigned char *p, const struct scan_bytes *b,
                     struct scan_masks *m);

enum { FAST_NO = -3 };

/* A line with no quote and no stray line-end byte, split in one pass over
 * its bytes: sixty-four at a time are scanned for delimiters, line ends
 * and quotes together and copied to the row, where each delimiter becomes
 * its field's NUL.  The same scan tells whether some field may begin a
 * total row's label (r->maybe_total), so rows.c tests only those rows.
 * FAST_NO, with nothing kept, for any other line, a line not all read
 * yet, or a limit passed: the paths after it decide those, as before.
 * The scan never reads past the text: the last bytes are copied to a
 * padded block first. */
static inline __attribute__((always_inline)) int
split_fast_with(dvk_reader *r, scan_fn *scan64)
{
    const unsigned char *base = (const unsigned char *)r->text.data + r->pos;
    size_t avail = r->text.len - r->pos;
    if (avail == 0 || r->bad_pending)
        return FAST_NO;
    if (dvk_buf_reserve(&r->rowbuf, avail + 64))
        return FAST_NO;
    unsigned char *row = (unsigned char *)r->rowbuf.data;
    const struct scan_bytes bytes = {(unsigned char)r->delimiter, (unsigned char)r->term,
                                     (unsigned char)r->other_term};
    unsigned char pad[64];
    uint64_t carry = 1; /* the line's first byte starts a field */
    size_t i = 0, start = 0, content, linelen;
    int label = 0;
    for (;; i += 64) {
        if (i >= avail) {
            if (!r->text_eof)
                goto no; /* the line goes on in the next block */
            content = linelen = avail;
            break;
        }
        const unsigned char *p = base + i;
        size_t k = avail - i;
        if (k < 64) {
            memcpy(pad, p, k);
            memset(pad + k, 0, 64 - k);
            p = pad;
        }
        struct scan_masks m;
        scan64(p, &bytes, &m);
        uint64_t valid = k < 64 ? ((uint64_t)1 << k) - 1 : ~(uint64_t)0;
        memcpy(row + i, p, 64);
        uint64_t stop = (m.term | m.odd) & valid;
        uint64_t before = stop ? (stop & (0 - stop)) - 1 : valid;
        uint64_t starts = (m.delim << 1) | carry;
        carry = m.delim >> 63;
        /* A label's first two bytes, the second maybe in the next block. */
        uint64_t label_at = (m.first & ((m.second >> 1) | (uint64_t)1 << 63)) | m.blank;
        if (label_at & starts & before)
            label = 1;
        uint64_t d = m.delim & before;
        if (d) {
            size_t n = r->nfields, need = n + (size_t)__builtin_popcountll(d) + 1;
            while (r->fields_cap < need) {
                /* (dvk_record_grow() grows a full record, and says when
                 * the limit on columns is passed: the slow path says it) */
                r->nfields = r->fields_cap;
                int st = dvk_record_grow(r);
                r->nfields = n;
                if (st)
                    goto no;
            }
            size_t *off = r->field_off, *len = r->field_len;
            for (; d; d &= d - 1) {
                size_t end = i + (size_t)__builtin_ctzll(d);
                off[n] = start;
                len[n] = end - start;
                n++;
                row[end] = '\0';
                start = end + 1;
            }
            r->nfields = n;
        }
        if (stop) {
            size_t at = i + (size_t)__builtin_ctzll(stop);
            if (base[at] == r->term) {
                content = at;
                linelen = at + 1;
            } else if (r->term == '\n' && base[at] == '\r' && at + 1 < avail &&
                       base[at + 1] == '\n') {
                content = at; /* CRLF */
                linelen = at + 2;
            } else if (base[at] == '"') {
                goto quoted;
            } else {
                goto no;
            }
            break;
        }
    }
    if (linelen > r->max_record)
        goto no;
    if (content > 0) {
        if (dvk_record_room(r))
            goto no;
        r->field_off[r->nfields] = start;
        r->field_len[r->nfields] = content - start;
        r->nfields++;
        row[content] = '\0';
        r->rowbuf.len = content + 1;
    }
    r->maybe_total = label;
    int st = finish_record_lines(r, linelen, linelen > content);
    return st ? st : DVK_ROW;
quoted:
    /* A quote: the line is split by quoted_line() when it is one line
     * with no stray line-end byte, found from where the scan stopped. */
    r->nfields = 0;
    r->rowbuf.len = 0;
    {
        const unsigned char *nl = memchr(base + i, r->term, avail - i);
        if (!nl)
            return FAST_NO;
        content = (size_t)(nl - base);
        linelen = content + 1;
        if (r->term == '\n' && content > 0 && base[content - 1] == '\r')
            content--;
        if (linelen > r->max_record || memchr(base + i, r->other_term, content - i))
            return FAST_NO;
        st = quoted_line(r, (const char *)base, content);
        if (st) {
            r->nfields = 0;
            r->rowbuf.len = 0;
            return FAST_NO;
        }
        r->maybe_total = 1;
        st = finish_record_lines(r, linelen, 1);
        return st ? st : DVK_ROW;
    }
no:
    r->nfields = 0;
    r->rowbuf.len = 0;
    return FAST_NO;
}

/* One copy of the split for each set of instructions, the scan inlined. */
static int split_fast_plain(dvk_reader *r)
{
    return split_fast_with(r, scan_plain);
}

#ifdef __SSE2__
static int split_fast_sse2(dvk_reader *r)
{
    return split_fast_with(r, scan_sse2);
}
#endif

#ifdef HAVE_AVX2_TARGET
__attribute__((target("avx2")))
static int split_fast_avx2(dvk_reader *r)
{
    return split_fast_with(r, scan_avx2);
}
#endif

static int split_fast(dvk_reader *r)
{
#ifdef HAVE_AVX2_TARGET
    if (r->simd == DVK_SIMD_AVX2)
        return split_fast_avx2(r);
#endif
#ifdef __SSE2__
    if (r->simd == DVK_SIMD_SSE2)
        return split_fast_sse2(r);
#endif
    return split_fast_plain(r);
}

/* Read the next record into the row fields.  DVK_ROW, DVK_DONE or error. */
int dvk_split_next(dvk_reader *r)
{
    r->nfields = 0;
    dvk_buf_clear(&r->rowbuf);
    if (!r->libcsv_only) {
        int fast = split_fast(r);
        if (fast != FAST_NO)
            return fast;
    }
    r->maybe_total = 1;
    size_t scan = 0, linelen, field_start = 0;
    int has_term;
    for (;;) {
        const char *base = r->text.data + r->pos;
        size_t avail = r->text.len - r->pos;
        if (avail == 0 && r->text_eof) {
            if (r->bad_pending)
                return pending_decode_error(r, 0);
            return DVK_DONE;
        }
        const char *nl = memchr(base + scan, r->term, avail - scan);
        if (nl) {
            linelen = (size_t)(nl - base);
            has_term = 1;
            break;
        }
        if (r->text_eof) {
            if (r->bad_pending)
                return pending_decode_error(r, avail);
            linelen = avail;
            has_term = 0;
            break;
        }
        /* A line longer than a block: bounded before the text grows on. */
        const char *d = memrchr(base + scan, r->delimiter, avail - scan);
        if (d)
            field_start = (size_t)(d - base) + 1;
        if (avail > r->max_record)
            return limit_error(r, r->max_record, 'r');
        if (avail - field_start > r->max_field)
            return limit_error(r, field_start, 'f');
        scan = avail;
        int st = dvk_input_fill(r);
        if (st)
            return st;
    }
    if (linelen > r->max_record)
        return limit_error(r, r->max_record, 'r');
    const char *base = r->text.data + r->pos;
    size_t content = linelen;
    if (r->term == '\n' && content > 0 && base[content - 1] == '\r')
        content--;
    /* An empty line is a blank row either way (libcsv would fold it into
     * the next record). */
    if (r->libcsv_only && content > 0)
        return general_path(r);
    int st = split_plain(r, base, content);
    if (st == QUOTED_ODD) {
        /* a quote or a lone line end in the line */
        if (memchr(base, r->other_term, content))
            return general_path(r);
        st = quoted_line(r, base, content);
        if (st == QUOTED_ODD)
            return general_path(r);
    }
    if (st)
        return st;
    st = finish_record(r, linelen + (size_t)has_term);
    return st ? st : DVK_ROW;
}


void dvk_split_place(const dvk_reader *r, size_t field, long *line, long *column)
{
    record_position(r, field_offset(r, field), line, column);
}
