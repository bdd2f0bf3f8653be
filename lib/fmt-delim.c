/* fmt-delim.c: a table as CSV or TSV, streamed a row at a time.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CSV and TSV are made for spreadsheets: text that a spreadsheet would run
 * as a formula (starting with = + - @ TAB CR) gets a leading ', numbers are
 * left alone.  Under DVK_WRITE_DECIMAL_COMMA a CSV's delimiter is ';', as
 * a spreadsheet set to a decimal comma expects. */
#include "writer-impl.h"

#include <stdint.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

static char delimiter(const dvk_writer *w)
{
    if (w->format == DVK_FORMAT_TSV)
        return '\t';
    return (w->flags & DVK_WRITE_DECIMAL_COMMA) ? ';' : ',';
}

static int looks_numeric(const char *s, size_t len)
{
    double x;
    return dvk_number_parse(s, len, 0, &x) == DVK_OK ||
           dvk_number_parse(s, len, 1, &x) == DVK_OK;
}

/* Where in S[0, LEN) the first byte that needs quoting is (a quote, the
 * delimiter, a line end), LEN if none: sixteen bytes at a time, since
 * most cells need none and every cell of clean's output is looked at.  The
 * last few bytes (most cells are shorter than sixteen) are copied to a
 * zeroed block and looked at in one step too: a zero byte is none of
 * them. */
static size_t first_special(const char *s, size_t len, char delim)
{
#ifdef __SSE2__
    const __m128i q = _mm_set1_epi8('"'), d = _mm_set1_epi8(delim),
                  n = _mm_set1_epi8('\n'), r = _mm_set1_epi8('\r');
    size_t i = 0;
    for (;; i += 16) {
        __m128i x;
        if (i + 16 <= len) {
            x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        } else if (i < len) {
            char tail[16] = {0};
            memcpy(tail, s + i, len - i);
            x = _mm_loadu_si128((const __m128i *)(const void *)tail);
        } else {
            return len;
        }
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(x, q), _mm_cmpeq_epi8(x, d)),
                                   _mm_or_si128(_mm_cmpeq_epi8(x, n), _mm_cmpeq_epi8(x, r)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return i + (size_t)__builtin_ctz(m);
    }
#else
    for (size_t i = 0; i < len; i++)
        if (s[i] == '"' || s[i] == delim || s[i] == '\n' || s[i] == '\r')
            return i;
    return len;
#endif
}

/* Text a spreadsheet would run as a formula starts so. */
static int formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

static int delim_open(dvk_writer *w)
{
    if (w->flags & DVK_WRITE_BOM)
        return dvk_writer_raw(w, "\xEF\xBB\xBF", 3);
    return DVK_OK;
}

/* The header is the first row. */
static int delim_begin(dvk_writer *w)
{
    for (size_t i = 0; i < w->ncols; i++)
        if (dvk_writer_text(w, w->names[i], -1))
            return w->failed ? w->failed : DVK_NOMEM;
    return dvk_writer_end_row(w);
}

static int delim_cell(dvk_writer *w, const char *s, size_t len, int numeric, int is_null)
{
    (void)is_null; /* an empty field */
    dvk_buf *b = &w->line;
    char delim = delimiter(w);
    /* Room for the worst case at once (every byte a doubled quote), so
     * that a cell needing no quotes goes in with one copy. */
    if (len > (SIZE_MAX - 4) / 2 || dvk_buf_reserve(b, 2 * len + 4))
        return DVK_NOMEM;
    char *o = b->data + b->len;
    if (w->col > 0)
        *o++ = delim;
    w->col++;
    int prefix = !numeric && !(w->flags & DVK_WRITE_NO_SANITIZE) && len > 0 &&
                 formula_start(s[0]) && !looks_numeric(s, len);
    size_t first = first_special(s, len, delim);
    int quote = first < len, quotes = quote && memchr(s + first, '"', len - first) != NULL;
    if (quote)
        *o++ = '"';
    if (prefix)
        *o++ = '\'';
    if (!quotes) {
        memcpy(o, s, len);
        o += len;
    } else {
        for (size_t i = 0; i < len; i++) {
            if (s[i] == '"')
                *o++ = '"';
            *o++ = s[i];
        }
    }
    if (quote)
        *o++ = '"';
    b->len = (size_t)(o - b->data);
    b->data[b->len] = '\0';
    return DVK_OK;
}

static int delim_end_row(dvk_writer *w)
{
    return dvk_writer_put_line(w, '\n');
}

const struct dvk_format_ops dvk_format_csv = {
    .percent = PERCENT_NUMBER,
    .open = delim_open,
    .begin = delim_begin,
    .cell = delim_cell,
    .end_row = delim_end_row,
}, dvk_format_tsv = {
    .percent = PERCENT_NUMBER,
    .open = delim_open,
    .begin = delim_begin,
    .cell = delim_cell,
    .end_row = delim_end_row,
};
