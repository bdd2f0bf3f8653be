/* reader.c: the streaming CSV reader.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Bytes are read in blocks, converted to UTF-8 when they are not, and cut
 * into records.  A line with no quote is split at its delimiters in one
 * pass (split_plain); a line whose quoted fields each open their field and
 * close on the line before a delimiter is split directly too
 * (quoted_line); any other line with a quote, or with a stray line-end
 * byte, goes to libcsv (the general path, the reference), fed one line at
 * a time until it reports the end of the row, so that quoted line breaks
 * work and the reader always knows on which line a row starts.  The
 * direct splits must give what libcsv gives: dvk_reader_set_reference()
 * sends every line to libcsv, and the tests and the fuzzer compare.
 * libcsv knows nothing of positions, encodings or BOMs: all that is done
 * here.
 */
#include "reader.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define BLOCK (1u << 20)          /* bytes read at a time */
#define SNIFF_BYTES (1u << 20)    /* sample for encoding detection */
#define DIALECT_BYTES (1u << 16)  /* sample for the delimiter */
#define MAX_RECORD ((size_t)64 << 20)

/* ------------------------------------------------------------ life cycle */

DVK_API dvk_reader *dvk_reader_new(void)
{
    dvk_reader *r = dvk_calloc(1, sizeof *r);
    if (!r)
        return NULL;
    r->fd = -1;
    r->has_header = 1;
    r->skip_lines = -1;
    r->decoder.utf8 = 1;
    r->decoder.cd = (iconv_t)-1;
    return r;
}

static void free_names(char **names, size_t n)
{
    if (!names)
        return;
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

DVK_API void dvk_reader_free(dvk_reader *r)
{
    if (!r)
        return;
    if (r->own_fd && r->fd >= 0)
        close(r->fd);
    if (r->csv_ready)
        csv_free(&r->csv);
    dvk_decoder_close(&r->decoder);
    free(r->encoding_request);
    free(r->name);
    free(r->path);
    dvk_buf_free(&r->raw);
    dvk_buf_free(&r->text);
    free_names(r->colnames, r->ncols);
    free_names(r->colkeys, r->ncols);
    free_names(r->colloose, r->ncols);
    dvk_buf_free(&r->rowbuf);
    free(r->field_off);
    free(r->field_len);
    if (r->fill_value)
        for (size_t i = 0; i < r->ncols; i++)
            dvk_buf_free(&r->fill_value[i]);
    free(r->fill_value);
    free(r->fill);
    dvk_filters_free(r);
    dvk_map_free(&r->cache);
    dvk_buf_free(&r->cache_values);
    dvk_buf_free(&r->keybuf);
    dvk_text_scratch_free(&r->scratch);
    free(r);
}

static int usage(dvk_reader *r, const char *what)
{
    return dvk_error_set(&r->err, DVK_USAGE, 0, 0, "%s", what);
}

DVK_API int dvk_reader_set_encoding(dvk_reader *r, const char *name)
{
    if (!r)
        return DVK_USAGE;
    if (r->opened)
        return usage(r, _("the encoding must be set before the input is opened"));
    free(r->encoding_request);
    r->encoding_request = NULL;
    if (!name || strcmp(name, "auto") == 0)
        return DVK_OK;
    const char *iconv_name, *display;
    if (dvk_encoding_lookup(name, &iconv_name, &display)) {
        dvk_error_set(&r->err, DVK_USAGE, 0, 0, _("unknown encoding '%s'"), name);
        dvk_error_hint(&r->err, _("known names include utf-8, utf-16le, "
                       "utf-16be, windows-1258, tcvn3 (see 'iconv -l')"));
        return DVK_USAGE;
    }
    r->encoding_request = dvk_strndup(name, strlen(name));
    return r->encoding_request ? DVK_OK : DVK_NOMEM;
}

DVK_API int dvk_reader_set_delimiter(dvk_reader *r, int delimiter)
{
    if (!r)
        return DVK_USAGE;
    if (r->opened)
        return usage(r, _("the delimiter must be set before the input is opened"));
    if (delimiter == '"' || delimiter == '\n' || delimiter == '\r' ||
        delimiter < 0 || delimiter > 255)
        return usage(r, _("the delimiter cannot be a quote or a line end"));
    r->delimiter_request = delimiter;
    return DVK_OK;
}

DVK_API int dvk_reader_set_header(dvk_reader *r, int has_header)
{
    if (!r)
        return DVK_USAGE;
    if (r->opened)
        return usage(r, _("the header setting must come before the input is opened"));
    r->has_header = has_header != 0;
    return DVK_OK;
}

DVK_API int dvk_reader_set_keep_totals(dvk_reader *r, int keep)
{
    if (!r)
        return DVK_USAGE;
    r->keep_totals = keep != 0;
    return DVK_OK;
}

DVK_API int dvk_reader_set_reference(dvk_reader *r, int on)
{
    if (!r)
        return DVK_USAGE;
    r->reference = on != 0;
    return DVK_OK;
}

DVK_API int dvk_reader_set_skip_lines(dvk_reader *r, long lines)
{
    if (!r || lines < -1)
        return DVK_USAGE;
    if (r->opened)
        return usage(r, _("set the reader up before opening it"));
    r->skip_lines = lines;
    return DVK_OK;
}

DVK_API int dvk_reader_set_decimal_comma(dvk_reader *r, int on)
{
    if (!r)
        return DVK_USAGE;
    r->decimal_comma = on != 0;
    return DVK_OK;
}

/* ------------------------------------------------------------- raw input */

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
        if (k == 0)
            r->raw_eof = 1;
        *got = (size_t)k;
        r->raw_bytes += (size_t)k;
        return DVK_OK;
    }
}

/* Decode what is in r->raw into r->text; keep an incomplete tail. */
static int decode_raw(dvk_reader *r)
{
    size_t consumed = 0;
    int st = dvk_decoder_run(&r->decoder, r->raw.data ? r->raw.data : "",
                             r->raw.len, &consumed, &r->text, r->raw_eof);
    if (st == DVK_NOMEM)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
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
static int fill(dvk_reader *r)
{
    if (r->text_eof)
        return DVK_OK;
    if (r->pos > 0 && !r->keep_text) {
        memmove(r->text.data, r->text.data + r->pos, r->text.len - r->pos);
        r->text.len -= r->pos;
        r->text_base += r->pos;
        if (r->bad_pending)
            r->bad_at -= r->pos;
        r->pos = 0;
    }
    size_t before = r->text.len;
    while (r->text.len == before && !r->text_eof) {
        size_t got;
        int st;
        if (r->decoder.utf8) {
            if (dvk_buf_reserve(&r->text, BLOCK))
                return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
            st = read_raw(r, r->text.data + r->text.len, BLOCK, &got);
            if (st)
                return st;
            r->text.len += got;
            r->text.data[r->text.len] = '\0';
            if (r->raw_eof)
                r->text_eof = 1;
        } else {
            if (dvk_buf_reserve(&r->raw, BLOCK))
                return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
            st = read_raw(r, r->raw.data + r->raw.len, BLOCK, &got);
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

/* ------------------------------------------------------------- positions */

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

/* ------------------------------------------------------------ the dialect */

static void sniff_dialect(dvk_reader *r)
{
    const char *s = r->text.data + r->pos;
    size_t n = r->text.len - r->pos;
    if (n > DIALECT_BYTES)
        n = DIALECT_BYTES;

    r->line_end = LE_NONE;
    int inq = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"')
            inq = !inq;
        else if (!inq && c == '\n') {
            r->line_end = LE_LF;
            break;
        } else if (!inq && c == '\r') {
            r->line_end = (i + 1 < n && s[i + 1] == '\n') ? LE_CRLF : LE_CR;
            break;
        }
    }
    r->term = r->line_end == LE_CR ? '\r' : '\n';
    r->other_term = r->line_end == LE_CR ? '\n' : '\r';

    if (r->delimiter_request) {
        r->delimiter = r->delimiter_request;
        return;
    }
    static const char candidates[] = {',', ';', '\t', '|'};
    enum { NC = 4, MAX_RECORDS = 200 };
    size_t counts[NC][MAX_RECORDS];
    size_t nrec = 0, cur[NC] = {0};
    int nonempty = 0;
    inq = 0;
    size_t i;
    for (i = 0; i < n && nrec < MAX_RECORDS; i++) {
        char c = s[i];
        if (c == '"') {
            inq = !inq;
            nonempty = 1;
        } else if (!inq && (c == '\n' || c == '\r')) {
            if (nonempty) {
                for (int k = 0; k < NC; k++) {
                    counts[k][nrec] = cur[k];
                    cur[k] = 0;
                }
                nrec++;
            }
            nonempty = 0;
        } else if (!inq) {
            nonempty = 1;
            for (int k = 0; k < NC; k++)
                if (c == candidates[k])
                    cur[k]++;
        }
    }
    /* The last line counts only when the sample holds the whole input. */
    if (nonempty && nrec < MAX_RECORDS && r->text_eof &&
        n == r->text.len - r->pos) {
        for (int k = 0; k < NC; k++)
            counts[k][nrec] = cur[k];
        nrec++;
    }
    /* Each candidate's most common count of delimiters a line (not
     * counting lines without one: a title above the table has none), and
     * on how many lines; the candidate that splits the most lines alike
     * wins, then the one that makes more fields; none: ','. */
    int best = -1;
    size_t best_lines = 0, best_count = 0;
    for (int k = 0; k < NC; k++) {
        size_t mode = 0, lines = 0;
        for (size_t j = 0; j < nrec; j++) {
            size_t c = counts[k][j], same = 0;
            if (c == 0 || c == mode)
                continue;
            for (size_t m = 0; m < nrec; m++)
                same += counts[k][m] == c;
            if (same > lines || (same == lines && c > mode)) {
                mode = c;
                lines = same;
            }
        }
        /* One line alike is no evidence when there are more lines: a
         * value with a ';' in a one-column list. */
        if (lines < (nrec >= 2 ? 2u : 1u))
            continue;
        if (best < 0 || lines > best_lines || (lines == best_lines && mode > best_count)) {
            best = k;
            best_lines = lines;
            best_count = mode;
        }
    }
    r->delimiter = best < 0 ? ',' : candidates[best];
}

/* -------------------------------------------------------- cutting records */

/* Room for one more field's offset and length. */
static int field_room(dvk_reader *r)
{
    if (r->nfields == r->fields_cap) {
        size_t cap = r->fields_cap ? r->fields_cap * 2 : 64;
        size_t *off = dvk_realloc_array(r->field_off, cap, sizeof *off);
        if (!off)
            return DVK_NOMEM;
        r->field_off = off;
        size_t *lens = dvk_realloc_array(r->field_len, cap, sizeof *lens);
        if (!lens)
            return DVK_NOMEM;
        r->field_len = lens;
        r->fields_cap = cap;
    }
    return DVK_OK;
}

static int push_field(dvk_reader *r, const char *s, size_t len)
{
    if (field_room(r))
        return DVK_NOMEM;
    if (dvk_buf_reserve(&r->rowbuf, len + 1))
        return DVK_NOMEM;
    r->field_off[r->nfields] = r->rowbuf.len;
    r->field_len[r->nfields] = len;
    r->nfields++;
    char *d = r->rowbuf.data + r->rowbuf.len;
    if (len)
        memcpy(d, s, len);
    d[len] = '\0';
    r->rowbuf.len += len + 1;
    return DVK_OK;
}

static void on_csv_field(void *s, size_t len, void *data)
{
    dvk_reader *r = data;
    if (push_field(r, s ? s : "", s ? len : 0))
        r->csv_row_done = -1;
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

static int csv_reset(dvk_reader *r)
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

/* Check the record for bytes that cannot be text. */
static int check_record_text(dvk_reader *r)
{
    const char *rec = r->text.data + r->record_off;
    size_t n = r->record_len;
    if (r->decoder.utf8) {
        size_t ok = dvk_utf8_valid_prefix(rec, n);
        const char *nul = memchr(rec, '\0', ok);
        if (nul)
            return encoding_error(r, (size_t)(nul - rec), 0);
        if (ok < n)
            return encoding_error(r, ok, (unsigned char)rec[ok]);
        return DVK_OK;
    }
    const char *nul = memchr(rec, '\0', n);
    if (nul)
        return encoding_error(r, (size_t)(nul - rec), 0);
    return DVK_OK;
}

static int finish_record(dvk_reader *r, size_t len)
{
    r->record_off = r->pos;
    r->record_len = len;
    r->row_line = r->line;
    const char *p = r->text.data + r->pos, *end = p + len;
    while ((p = memchr(p, r->term, (size_t)(end - p))) != NULL) {
        r->line++;
        p++;
    }
    r->pos += len;
    return check_record_text(r);
}

static int pending_decode_error(dvk_reader *r, size_t len)
{
    /* The bad byte comes right after the text we have. */
    r->record_off = r->pos;
    r->record_len = len;
    r->row_line = r->line;
    return encoding_error(r, len, r->bad_byte ? r->bad_byte : 0xFF);
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
            if (avail > MAX_RECORD)
                break;
            int st = fill(r);
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
        if (r->csv_row_done < 0)
            return dvk_error_set(&r->err, DVK_NOMEM, r->line, 0, _("out of memory"));
        if (r->csv_row_done) {
            /* A CR that ended the row takes its LF along. */
            if (base[fed - 1] == '\r' && r->line_end != LE_CR) {
                if (fed == avail && !r->text_eof) {
                    int st = fill(r);
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
            if (csv_reset(r))
                return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
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
        if (fed > MAX_RECORD)
            break;
    }
    /* A quoted field this long is a quote that was never closed.  There is
     * no telling where the rows start again, so this ends the input: a row
     * error here would let --skip-bad-rows drop the rest unseen. */
    long line = r->line;
    if (csv_reset(r))
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    dvk_error_set(&r->err, DVK_LIMIT, line, 0,
                  _("a quoted field starting on this line runs for more than "
                  "%zu MiB: is a quote never closed?"), MAX_RECORD >> 20);
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
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    char *out = r->rowbuf.data;
    size_t i = 0, o = 0;
    for (;;) {
        if (field_room(r))
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
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
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
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
            if (field_room(r))
                return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
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
        if (field_room(r))
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
        r->field_off[r->nfields] = start;
        r->field_len[r->nfields] = (size_t)(d - row) - start;
        r->nfields++;
        *d = '\0';
        start = (size_t)(d - row) + 1;
    }
    (void)at;
#endif
    if (field_room(r))
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
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

/* Read the next record into the row fields.  DVK_ROW, DVK_DONE or error. */
static int next_record(dvk_reader *r)
{
    r->nfields = 0;
    dvk_buf_clear(&r->rowbuf);
    size_t scan = 0, linelen;
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
        scan = avail;
        int st = fill(r);
        if (st)
            return st;
    }
    const char *base = r->text.data + r->pos;
    size_t content = linelen;
    if (r->term == '\n' && content > 0 && base[content - 1] == '\r')
        content--;
    /* An empty line is a blank row either way (libcsv would fold it into
     * the next record). */
    if (r->reference && content > 0)
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

static int row_is_blank(const dvk_reader *r)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *f = r->rowbuf.data + r->field_off[i];
        for (size_t j = 0; j < r->field_len[i]; j++)
            if (f[j] != ' ' && f[j] != '\t')
                return 0;
    }
    return 1;
}

/* ------------------------------------------------------------------ open */

static int detect_and_start(dvk_reader *r)
{
    /* Read a sample for detection. */
    if (dvk_buf_reserve(&r->raw, SNIFF_BYTES))
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    while (r->raw.len < SNIFF_BYTES && !r->raw_eof) {
        size_t got;
        int st = read_raw(r, r->raw.data + r->raw.len, SNIFF_BYTES - r->raw.len, &got);
        if (st)
            return st;
        r->raw.len += got;
    }
    const unsigned char *s = (const unsigned char *)r->raw.data;
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
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
        r->raw.len = 0;
        if (r->raw_eof)
            r->text_eof = 1;
        dvk_buf_free(&r->raw);
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
    sniff_dialect(r);
    if (csv_reset(r))
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    r->line = first_line;
    return DVK_OK;
}

/* Cells of the current record that hold more than spaces. */
static size_t filled_fields(const dvk_reader *r)
{
    size_t filled = 0;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *f = r->rowbuf.data + r->field_off[i];
        for (size_t j = 0; j < r->field_len[i]; j++)
            if (f[j] != ' ' && f[j] != '\t') {
                filled++;
                break;
            }
    }
    return filled;
}

/* Spreadsheet exports often begin with a title above the table: the
 * office, the name of the list, a date, each in the first cell of an
 * otherwise empty row.  Looking ahead over the first rows, the header is
 * the first row that fills at least half as many cells as the fullest row
 * (and two or more); the rows above it are skipped.  The reader then
 * stands where it stood, or at the header. */
#define TITLE_LOOKAHEAD 30

static void skip_title(dvk_reader *r)
{
    size_t start_pos = r->pos, pos[TITLE_LOOKAHEAD];
    long start_line = r->line, line[TITLE_LOOKAHEAD];
    size_t filled[TITLE_LOOKAHEAD], n = 0, most = 0;
    unsigned long long rows_read = r->rows_read, rows_rejected = r->rows_rejected;
    r->keep_text = 1; /* so that the positions stay good */
    while (n < TITLE_LOOKAHEAD) {
        size_t p = r->pos;
        long l = r->line;
        if (next_record(r) != DVK_ROW)
            break;
        size_t k = filled_fields(r);
        if (k == 0)
            continue; /* blank */
        pos[n] = p;
        line[n] = l;
        filled[n++] = k;
        if (k > most)
            most = k;
    }
    r->keep_text = 0;
    size_t need = (most + 1) / 2 > 2 ? (most + 1) / 2 : 2;
    size_t h = 0;
    while (h < n && filled[h] < need)
        h++;
    /* Errors met while looking ahead come again when the rows are read,
     * and are counted then. */
    dvk_error_clear(&r->err);
    r->failed = 0;
    r->rows_read = rows_read;
    r->rows_rejected = rows_rejected;
    if (csv_reset(r))
        return; /* out of memory: reported on the next read */
    if (h > 0 && h < n) {
        r->pos = pos[h];
        r->line = line[h];
        r->title_skipped = 1;
    } else {
        r->pos = start_pos;
        r->line = start_line;
    }
}

static int read_header(dvk_reader *r)
{
    int st = DVK_ROW;
    if (r->skip_lines < 0 && r->has_header)
        skip_title(r);
    while (r->skip_lines > 0 && r->line <= r->skip_lines && st == DVK_ROW)
        st = next_record(r);
    if (st == DVK_ROW)
        do {
            st = next_record(r);
        } while (st == DVK_ROW && row_is_blank(r));
    if (st == DVK_DONE) {
        return dvk_error_set(&r->err, DVK_EMPTY, 0, 0,
                             r->has_header ? _("empty input: no header row")
                                           : _("empty input: no rows"));
    }
    if (st != DVK_ROW)
        return st;
    r->header_line = r->row_line;
    size_t n = r->nfields;
    if (r->has_header)
        while (n > 1 && r->field_len[n - 1] == 0)
            n--; /* spreadsheets pad the header with empty cells */
    r->ncols = n;
    r->colnames = dvk_calloc(n, sizeof *r->colnames);
    if (!r->colnames)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    for (size_t i = 0; i < n; i++) {
        char num[32];
        const char *name;
        size_t len;
        if (r->has_header) {
            name = dvk_reader_normalize_cached(r, r->rowbuf.data + r->field_off[i],
                                               r->field_len[i], DVK_TEXT_CLEAN, &len);
            if (!name)
                return r->err.status;
        }
        if (!r->has_header || len == 0) {
            len = (size_t)snprintf(num, sizeof num, "%zu", i + 1);
            name = num;
        }
        r->colnames[i] = dvk_strndup(name, len);
        if (!r->colnames[i])
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    }
    r->pending_row = !r->has_header;
    return dvk_reader_init_columns(r);
}

static int open_common(dvk_reader *r, const char *name)
{
    if (r->opened)
        return usage(r, _("a reader opens one input; make a new reader"));
    r->opened = 1;
    dvk_error_clear(&r->err);
    r->name = dvk_strndup(name, strlen(name));
    if (!r->name)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    int st = detect_and_start(r);
    if (!st)
        st = read_header(r);
    return st;
}

DVK_API int dvk_reader_open(dvk_reader *r, const char *path)
{
    if (!r || !path)
        return DVK_USAGE;
    if (strcmp(path, "-") == 0)
        return dvk_reader_open_fd(r, 0, "<stdin>");
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        r->opened = 1;
        r->name = dvk_strndup(path, strlen(path));
        return dvk_error_set(&r->err, DVK_IO, 0, 0, _("cannot open: %s"),
                             strerror(errno));
    }
    r->fd = fd;
    r->own_fd = 1;
    r->path = dvk_strndup(path, strlen(path));
    if (!r->path) {
        r->opened = 1;
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    }
    struct stat sb;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
        r->input_size = (unsigned long long)sb.st_size;
#ifdef POSIX_FADV_SEQUENTIAL
    posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    return open_common(r, path);
}

DVK_API int dvk_reader_open_fd(dvk_reader *r, int fd, const char *name)
{
    if (!r || fd < 0)
        return DVK_USAGE;
    r->fd = fd;
    r->own_fd = 0;
    return open_common(r, name ? name : "<fd>");
}

DVK_API int dvk_reader_open_memory(dvk_reader *r, const void *data, size_t len,
                                   const char *name)
{
    if (!r || (!data && len))
        return DVK_USAGE;
    r->mem = data ? data : "";
    r->mem_len = len;
    r->input_size = len;
    return open_common(r, name ? name : "<memory>");
}

/* ------------------------------------------------------------------ parts */

static char **copy_names(char **names, size_t n)
{
    char **out = dvk_calloc(n ? n : 1, sizeof *out);
    for (size_t i = 0; out && i < n; i++)
        if (!(out[i] = dvk_strndup(names[i], strlen(names[i])))) {
            free_names(out, i);
            return NULL;
        }
    return out;
}

DVK_API int dvk_reader_open_part(dvk_reader *part, const dvk_reader *whole,
                                 unsigned long long offset)
{
    if (!part || !whole || part->opened)
        return DVK_USAGE;
    part->opened = 1;
    dvk_error_clear(&part->err);
    part->name = dvk_strndup(whole->name ? whole->name : "", whole->name ? strlen(whole->name) : 0);
    if (!part->name)
        return dvk_error_set(&part->err, DVK_NOMEM, 0, 0, _("out of memory"));
    if (whole->fill)
        return usage(part, _("a column filled down is read by one reader"));
    if (!whole->colnames || whole->failed || !whole->decoder.utf8 ||
        (!whole->mem && !whole->path) || offset <= dvk_reader_offset(whole) ||
        offset > whole->input_size)
        return usage(part, _("only a UTF-8 file or memory input, from past "
                             "the reader's position, is read in parts"));
    /* The dialect and the header are the whole's. */
    part->has_header = whole->has_header;
    part->decimal_comma = whole->decimal_comma;
    part->keep_totals = whole->keep_totals;
    part->detected = whole->detected;
    part->encoding_display = whole->encoding_display;
    part->delimiter = whole->delimiter;
    part->line_end = whole->line_end;
    part->term = whole->term;
    part->other_term = whole->other_term;
    part->ncols = whole->ncols;
    part->colnames = copy_names(whole->colnames, whole->ncols);
    if (!part->colnames)
        return dvk_error_set(&part->err, DVK_NOMEM, 0, 0, _("out of memory"));
    int st = dvk_reader_init_columns(part);
    if (st)
        return st;
    if (csv_reset(part))
        return dvk_error_set(&part->err, DVK_NOMEM, 0, 0, _("out of memory"));
    part->input_size = whole->input_size;
    /* Read from the byte before OFFSET: the part's first row is the one
     * that starts on the first line that begins at or after OFFSET. */
    if (whole->mem) {
        part->mem = whole->mem;
        part->mem_len = whole->mem_len;
        part->mem_pos = (size_t)offset - 1;
    } else {
        part->path = dvk_strndup(whole->path, strlen(whole->path));
        if (!part->path)
            return dvk_error_set(&part->err, DVK_NOMEM, 0, 0, _("out of memory"));
        part->fd = open(whole->path, O_RDONLY | O_CLOEXEC);
        if (part->fd < 0)
            return dvk_error_set(&part->err, DVK_IO, 0, 0, _("cannot open: %s"),
                                 strerror(errno));
        part->own_fd = 1;
        if (lseek(part->fd, (off_t)(offset - 1), SEEK_SET) < 0)
            return dvk_error_set(&part->err, DVK_IO, 0, 0, _("cannot seek: %s"),
                                 strerror(errno));
#ifdef POSIX_FADV_SEQUENTIAL
        posix_fadvise(part->fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
    }
    part->raw_bytes = offset - 1;
    part->text_base = offset - 1;
    size_t scan = 0;
    for (;;) {
        const char *nl = memchr(part->text.data ? part->text.data + scan : "",
                                part->term, part->text.len - scan);
        if (nl) {
            part->pos = (size_t)(nl - part->text.data) + 1;
            break;
        }
        if (part->text_eof) {
            part->pos = part->text.len; /* no line starts in the part */
            break;
        }
        scan = part->text.len;
        st = fill(part);
        if (st)
            return st;
    }
    part->line = 1;
    return DVK_OK;
}

DVK_API int dvk_reader_set_fill_down(dvk_reader *r, const char *column)
{
    if (!r || !column)
        return DVK_USAGE;
    if (!r->colnames)
        return usage(r, _("the reader is not open"));
    size_t i;
    int st = dvk_reader_find_column(r, column, &i);
    if (st)
        return st;
    if (!r->fill) {
        r->fill = dvk_calloc(r->ncols, 1);
        r->fill_value = dvk_calloc(r->ncols, sizeof *r->fill_value);
        if (!r->fill || !r->fill_value)
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    }
    r->fill[i] = 1;
    return DVK_OK;
}

DVK_API long dvk_reader_header_line(const dvk_reader *r)
{
    return r ? r->header_line : 0;
}

DVK_API int dvk_reader_title_skipped(const dvk_reader *r)
{
    return r ? r->title_skipped : 0;
}

DVK_API int dvk_reader_set_end(dvk_reader *r, unsigned long long end)
{
    if (!r)
        return DVK_USAGE;
    r->end = end;
    return DVK_OK;
}

DVK_API unsigned long long dvk_reader_offset(const dvk_reader *r)
{
    if (!r || !r->decoder.utf8)
        return 0;
    if (r->pending_row)
        return r->text_base + r->record_off;
    return r->text_base + r->pos;
}

/* ------------------------------------------------------------------- rows */

static int check_field_count(dvk_reader *r)
{
    if (r->nfields > r->ncols) {
        /* Trailing empty cells past the header are spreadsheet padding. */
        size_t k = r->ncols;
        while (k < r->nfields && r->field_len[k] == 0)
            k++;
        if (k == r->nfields) {
            r->nfields = r->ncols;
            return DVK_OK;
        }
        long line, column;
        record_position(r, field_offset(r, r->ncols), &line, &column);
        r->rows_rejected++;
        dvk_error_set(&r->err, DVK_FIELDS, line, column,
                      _("expected %zu fields, found %zu"), r->ncols, r->nfields);
        dvk_error_hint(&r->err, _("quote fields that contain the delimiter "
                       "'%s', or name the delimiter with -d"),
                       r->delimiter == '\t' ? "\\t" : (char[]){(char)r->delimiter, 0});
        return DVK_FIELDS;
    }
    if (r->nfields < r->ncols) {
        long line, column;
        record_position(r, field_offset(r, r->nfields), &line, &column);
        r->rows_rejected++;
        dvk_error_set(&r->err, DVK_FIELDS, line, column,
                      _("expected %zu fields, found %zu"), r->ncols, r->nfields);
        dvk_error_hint(&r->err, _("every row needs as many fields as the "
                       "header; check the delimiter (-d) and the quotes"));
        return DVK_FIELDS;
    }
    return DVK_OK;
}

/* A total row of a spreadsheet: one of its cells says only "Tổng cộng",
 * "Tổng", "Cộng", "Tổng số" or "Total" (any case, a colon after it).  It
 * sums rows above it and is not a row of the register. */
static int is_total_row(dvk_reader *r)
{
    static const char *const words[] = {"tổng cộng", "tổng", "cộng", "tổng số",
                                        "total", "grand total"};
    for (size_t i = 0; i < r->nfields; i++) {
        const char *f = r->rowbuf.data + r->field_off[i];
        size_t len = r->field_len[i];
        while (len > 0 && (*f == ' ' || *f == '\t')) {
            f++;
            len--;
        }
        while (len > 0 && (f[len - 1] == ' ' || f[len - 1] == '\t'))
            len--;
        /* Cheap before normalising, as this runs on every cell: a short
         * cell that begins as one of the words does (T or C and then an o
         * or a precomposed ô/ổ/ộ, or Gr) and ends as one does. */
        if (len < 4 || len > 24)
            continue;
        unsigned char c0 = (unsigned char)f[0], c1 = (unsigned char)f[1];
        unsigned char last = (unsigned char)f[len - 1];
        int begins = ((c0 | 0x20) == 't' || (c0 | 0x20) == 'c')
                         ? (c1 | 0x20) == 'o' || c1 == 0xE1
                         : (c0 | 0x20) == 'g' && (c1 | 0x20) == 'r';
        int ends = (last | 0x20) == 'g' || (last | 0x20) == 'l' || last == ':' || last >= 0x80;
        if (!begins || !ends)
            continue;
        size_t klen;
        const char *key = dvk_reader_normalize_cached(r, f, len, DVK_TEXT_KEY, &klen);
        if (!key)
            continue;
        if (klen > 0 && key[klen - 1] == ':')
            klen--;
        while (klen > 0 && key[klen - 1] == ' ')
            klen--;
        for (size_t w = 0; w < sizeof words / sizeof *words; w++)
            if (strlen(words[w]) == klen && memcmp(words[w], key, klen) == 0)
                return 1;
    }
    return 0;
}

/* Merged cells come out of a spreadsheet as one value and empty cells
 * below it: an empty cell of a fill-down column takes the value above. */
static int fill_down(dvk_reader *r)
{
    for (size_t i = 0; i < r->ncols && i < r->nfields; i++) {
        if (!r->fill[i])
            continue;
        const char *f = r->rowbuf.data + r->field_off[i];
        size_t len = r->field_len[i], k = 0;
        while (k < len && (f[k] == ' ' || f[k] == '\t'))
            k++;
        dvk_buf *last = &r->fill_value[i];
        if (k < len) {
            dvk_buf_clear(last);
            if (dvk_buf_append(last, f, len))
                return DVK_NOMEM;
        } else if (last->len > 0) {
            if (dvk_buf_reserve(&r->rowbuf, last->len + 1))
                return DVK_NOMEM;
            r->field_off[i] = r->rowbuf.len;
            r->field_len[i] = last->len;
            memcpy(r->rowbuf.data + r->rowbuf.len, last->data, last->len + 1);
            r->rowbuf.len += last->len + 1;
        }
    }
    return DVK_OK;
}

DVK_API int dvk_reader_next(dvk_reader *r)
{
    if (!r)
        return DVK_USAGE;
    if (!r->colnames)
        return usage(r, _("the reader is not open"));
    if (r->failed)
        return r->failed; /* the error stands; nothing after it is read */
    for (;;) {
        int st;
        if (r->pending_row) {
            r->pending_row = 0;
            st = DVK_ROW;
        } else if (r->end && r->text_base + r->pos >= r->end) {
            return DVK_DONE; /* the rest is another part's */
        } else {
            st = next_record(r);
        }
        if (st != DVK_ROW)
            return st;
        if (row_is_blank(r)) {
            r->rows_blank++;
            continue;
        }
        if (!r->keep_totals && is_total_row(r)) {
            if (!r->rows_total++)
                r->total_line = r->row_line;
            continue;
        }
        r->rows_read++;
        st = check_field_count(r);
        if (st)
            return st;
        if (r->fill && fill_down(r))
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
        int pass = 1;
        st = dvk_filter_row(r, &pass);
        if (st)
            return st;
        if (!pass) {
            r->rows_filtered++;
            continue;
        }
        return DVK_ROW;
    }
}

/* --------------------------------------------------------------- getters */

DVK_API const char *dvk_reader_encoding(const dvk_reader *r)
{
    return r && r->encoding_display ? r->encoding_display : "";
}

DVK_API int dvk_reader_delimiter(const dvk_reader *r)
{
    return r ? r->delimiter : 0;
}

DVK_API const char *dvk_reader_line_end(const dvk_reader *r)
{
    static const char *const names[] = {"none", "LF", "CRLF", "CR"};
    return r ? names[r->line_end] : "";
}

DVK_API int dvk_reader_has_bom(const dvk_reader *r)
{
    return r && r->detected.bom_len > 0;
}

DVK_API const char *dvk_reader_name(const dvk_reader *r)
{
    return r && r->name ? r->name : "";
}

DVK_API size_t dvk_reader_column_count(const dvk_reader *r)
{
    return r ? r->ncols : 0;
}

DVK_API const char *dvk_reader_column_name(const dvk_reader *r, size_t i)
{
    return r && i < r->ncols ? r->colnames[i] : NULL;
}

DVK_API size_t dvk_reader_field_count(const dvk_reader *r)
{
    return r ? r->nfields : 0;
}

DVK_API const char *dvk_reader_field(const dvk_reader *r, size_t i, size_t *len)
{
    if (!r || i >= r->nfields) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = r->field_len[i];
    return r->rowbuf.data + r->field_off[i];
}

DVK_API const char *dvk_reader_record(const dvk_reader *r, size_t *len)
{
    if (!r || !r->text.data) {
        if (len)
            *len = 0;
        return "";
    }
    if (len)
        *len = r->record_len;
    return r->text.data + r->record_off;
}

DVK_API long dvk_reader_line(const dvk_reader *r)
{
    return r ? r->row_line : 0;
}

DVK_API long dvk_reader_field_column(const dvk_reader *r, size_t i)
{
    if (!r || !r->text.data)
        return 0;
    long line, column;
    record_position(r, field_offset(r, i), &line, &column);
    return column;
}

DVK_API unsigned long long dvk_reader_bytes_read(const dvk_reader *r)
{
    return r ? r->raw_bytes : 0;
}

DVK_API unsigned long long dvk_reader_input_size(const dvk_reader *r)
{
    return r ? r->input_size : 0;
}

DVK_API unsigned long long dvk_reader_rows_read(const dvk_reader *r)
{
    return r ? r->rows_read : 0;
}

DVK_API unsigned long long dvk_reader_rows_filtered(const dvk_reader *r)
{
    return r ? r->rows_filtered : 0;
}

DVK_API unsigned long long dvk_reader_rows_rejected(const dvk_reader *r)
{
    return r ? r->rows_rejected : 0;
}

DVK_API unsigned long long dvk_reader_rows_total(const dvk_reader *r, long *first_line)
{
    if (first_line)
        *first_line = r ? r->total_line : 0;
    return r ? r->rows_total : 0;
}

DVK_API unsigned long long dvk_reader_rows_blank(const dvk_reader *r)
{
    return r ? r->rows_blank : 0;
}

DVK_API int dvk_reader_reject(dvk_reader *r, int status, size_t field,
                              const char *message)
{
    if (!r)
        return DVK_USAGE;
    long line = r->row_line, column = 0;
    if (field != (size_t)-1)
        record_position(r, field_offset(r, field), &line, &column);
    r->rows_rejected++;
    return dvk_error_set(&r->err, status, line, column, "%s",
                         message ? message : dvk_status_name(status));
}

DVK_API const char *dvk_reader_errmsg(const dvk_reader *r)
{
    if (!r)
        return "no reader (out of memory)";
    return r->err.message[0] ? r->err.message : dvk_status_name(r->err.status);
}

DVK_API const char *dvk_reader_errhint(const dvk_reader *r)
{
    return r ? r->err.hint : "";
}

DVK_API long dvk_reader_error_line(const dvk_reader *r)
{
    return r ? r->err.line : 0;
}

DVK_API long dvk_reader_error_column(const dvk_reader *r)
{
    return r ? r->err.column : 0;
}

/* ---------------------------------------------------- normalisation cache */

#define CACHE_MAX_ENTRIES 100000
#define CACHE_MAX_BYTES ((size_t)16 << 20)

const char *dvk_reader_normalize_cached(dvk_reader *r, const char *raw,
                                        size_t len, int form, size_t *out_len)
{
    /* The key is the form byte followed by the raw bytes. */
    dvk_buf_clear(&r->keybuf);
    if (dvk_buf_putc(&r->keybuf, (char)form) ||
        dvk_buf_append(&r->keybuf, raw, len)) {
        dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
        return NULL;
    }
    dvk_map_entry *e = dvk_map_find(&r->cache, r->keybuf.data, r->keybuf.len);
    if (!e) {
        /* A column of unique values must not make the cache grow without
         * end: start over when it is full. */
        if (r->cache.count >= CACHE_MAX_ENTRIES ||
            r->cache_values.len >= CACHE_MAX_BYTES) {
            dvk_map_clear(&r->cache);
            dvk_buf_clear(&r->cache_values);
        }
        size_t off = r->cache_values.len;
        size_t header = sizeof(size_t);
        if (dvk_buf_reserve(&r->cache_values, header)) {
            dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
            return NULL;
        }
        r->cache_values.len += header;
        int st = dvk_text_normalize_buf(raw, len, form, &r->scratch,
                                        &r->cache_values);
        if (st) {
            r->cache_values.len = off;
            if (st == DVK_NOMEM)
                dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
            else
                dvk_error_set(&r->err, st, r->row_line, 0,
                              _("text is not valid UTF-8"));
            return NULL;
        }
        size_t vlen = r->cache_values.len - off - header;
        memcpy(r->cache_values.data + off, &vlen, header);
        if (dvk_buf_putc(&r->cache_values, '\0')) {
            dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
            return NULL;
        }
        e = dvk_map_insert(&r->cache, r->keybuf.data, r->keybuf.len, off, NULL);
        if (!e) {
            dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
            return NULL;
        }
    }
    size_t vlen;
    memcpy(&vlen, r->cache_values.data + e->value, sizeof vlen);
    if (out_len)
        *out_len = vlen;
    return r->cache_values.data + e->value + sizeof(size_t);
}

DVK_API const char *dvk_reader_field_text(dvk_reader *r, size_t i, int form,
                                          size_t *len)
{
    if (!r || form < DVK_TEXT_CLEAN || form > DVK_TEXT_TRIM) {
        if (r)
            usage(r, _("bad text form"));
        return NULL;
    }
    size_t n;
    const char *raw = dvk_reader_field(r, i, &n);
    return dvk_reader_normalize_cached(r, raw, n, form, len);
}
