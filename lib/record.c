/* record.c: the current record, its fields and their normalised texts.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "reader.h"

#include <stdio.h>
#include <string.h>

int dvk_record_grow(dvk_reader *r)
{
    if (r->nfields < r->fields_cap)
        return DVK_OK;
    if (r->nfields >= r->max_columns)
        return DVK_LIMIT;
    size_t cap = r->fields_cap ? r->fields_cap * 2 : 64;
    if (cap > r->max_columns)
        cap = r->max_columns;
    size_t *off = dvk_realloc_array(r->field_off, cap, sizeof *off);
    if (!off)
        return DVK_NOMEM;
    r->field_off = off;
    size_t *lens = dvk_realloc_array(r->field_len, cap, sizeof *lens);
    if (!lens)
        return DVK_NOMEM;
    r->field_len = lens;
    r->fields_cap = cap;
    return DVK_OK;
}

void dvk_record_place(const dvk_reader *r, size_t field, long *line, long *column)
{
    if (r->book) {
        /* a sheet's row and column; past the last field, the next column */
        *line = r->row_line;
        *column = (long)(field < r->nfields ? field : r->nfields) + 1;
        return;
    }
    dvk_split_place(r, field, line, column);
}

const char *dvk_limit_text(size_t n, char *buf, size_t size)
{
    if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
        snprintf(buf, size, _("%zu MiB"), n >> 20);
    else
        snprintf(buf, size, _("%zu bytes"), n);
    return buf;
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
    const char *rec = NULL;
    size_t n = 0;
    if (r && r->book) {
        rec = r->book_record.data;
        n = r->book_record.len;
    } else if (r && r->text.data) {
        rec = r->text.data + r->record_off;
        n = r->record_len;
    }
    if (len)
        *len = rec ? n : 0;
    return rec ? rec : "";
}

DVK_API long dvk_reader_line(const dvk_reader *r)
{
    return r ? r->row_line : 0;
}

DVK_API long dvk_reader_field_column(const dvk_reader *r, size_t i)
{
    if (!r || (!r->text.data && !r->book))
        return 0;
    long line, column;
    dvk_record_place(r, i, &line, &column);
    return column;
}

/* A value of FIELD that is not a number as its column reads numbers may
 * be one as the other convention does: say which option reads it. */
static void number_hint(dvk_reader *r, size_t field)
{
    size_t len;
    const char *s = dvk_reader_field(r, field, &len);
    int shape = dvk_number_shape(s, len);
    int conv = dvk_reader_column_decimal(r, field, NULL);
    const char *name = field < r->ncols ? r->colnames[field] : "";
    int n = len > 40 ? 40 : (int)len;
    if (shape == DVK_SHAPE_DOT3 || shape == DVK_SHAPE_COMMA3) {
        if (conv == DVK_DECIMAL_AUTO)
            dvk_error_hint(&r->err, _("'%.*s' may group thousands or have three decimals, "
                           "and nothing in column '%s' or the file says which: "
                           "--decimal-comma reads 1.234 as 1234, --decimal-point as 1.234"),
                           n, s, name);
    } else if (shape == DVK_SHAPE_COMMA && conv != DVK_DECIMAL_COMMA) {
        dvk_error_hint(&r->err, _("--decimal-comma reads '%.*s' (21.500.000 as 21500000, "
                       "1,5 as 1.5)"), n, s);
    } else if (shape == DVK_SHAPE_POINT && conv != DVK_DECIMAL_POINT) {
        dvk_error_hint(&r->err, _("--decimal-point reads '%.*s' (1.5 as 1.5, 1,234,567 as "
                       "1234567)"), n, s);
    }
}

static int reader_reject_body(dvk_reader *r, int status, size_t field,
                              const char *message)
{
    if (!r)
        return DVK_USAGE;
    long line = r->row_line, column = 0;
    if (field != (size_t)-1)
        dvk_record_place(r, field, &line, &column);
    r->rows_rejected++;
    dvk_error_set(&r->err, status, line, column, "%s",
                  message ? message : dvk_status_name(status));
    if (status == DVK_VALUE && field < r->nfields)
        number_hint(r, field);
    return status;
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_reader_reject(dvk_reader *r, int status, size_t field,
                              const char *message)
{
    DVK_READER_LANG_RETURN(r, reader_reject_body(r, status, field, message));
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
        dvk_error_nomem(&r->err);
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
            dvk_error_nomem(&r->err);
            return NULL;
        }
        r->cache_values.len += header;
        int st = dvk_text_normalize_buf(raw, len, form, &r->scratch,
                                        &r->cache_values);
        if (st) {
            r->cache_values.len = off;
            if (st == DVK_NOMEM)
                dvk_error_nomem(&r->err);
            else
                dvk_error_set(&r->err, st, r->row_line, 0,
                              _("text is not valid UTF-8"));
            return NULL;
        }
        size_t vlen = r->cache_values.len - off - header;
        memcpy(r->cache_values.data + off, &vlen, header);
        if (dvk_buf_putc(&r->cache_values, '\0')) {
            dvk_error_nomem(&r->err);
            return NULL;
        }
        e = dvk_map_insert(&r->cache, r->keybuf.data, r->keybuf.len, off, NULL);
        if (!e) {
            dvk_error_nomem(&r->err);
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
            dvk_reader_usage(r, N_("bad text form"));
        return NULL;
    }
    size_t n;
    const char *raw = dvk_reader_field(r, i, &n);
    /* codes, numbers, dates and plain words need no cache: the field is
     * its own form (and lives until the next row, longer than promised) */
    if (dvk_text_is_own_form(raw, n, form)) {
        if (len)
            *len = n;
        return raw;
    }
    return dvk_reader_normalize_cached(r, raw, n, form, len);
}
