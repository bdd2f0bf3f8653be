/* rows.c: the row rules and the row accounting.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever the source, a record comes here as fields: a blank row is
 * counted and passed over, a total row is left out, the field count is
 * checked against the header, fill-down columns take the value above and
 * the filters are applied.
 */
#include "reader.h"

#include <stddef.h>

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------- the reader's filters */

void dvk_filters_free(dvk_reader *r)
{
    for (size_t i = 0; i < r->nfilters; i++)
        dvk_expr_free(r->filters[i]);
    free(r->filters);
    r->filters = NULL;
    r->nfilters = 0;
}

static int reader_add_filter_body(dvk_reader *r, const char *text)
{
    if (!r || !text)
        return DVK_USAGE;
    dvk_expr *e;
    int st = dvk_expr_new(r, text, &e);
    if (st)
        return st;
    dvk_expr **grown = dvk_realloc_array(r->filters, r->nfilters + 1, sizeof *grown);
    if (!grown) {
        dvk_expr_free(e);
        return dvk_error_nomem(&r->err);
    }
    r->filters = grown;
    r->filters[r->nfilters++] = e;
    return DVK_OK;
}

DVK_API int dvk_reader_add_filter(dvk_reader *r, const char *text)
{
    DVK_READER_LANG_RETURN(r, reader_add_filter_body(r, text));
}

static int filter_row(dvk_reader *r, int *pass)
{
    *pass = 1;
    for (size_t i = 0; i < r->nfilters && *pass; i++) {
        int st = dvk_expr_eval(r->filters[i], r, pass);
        if (st)
            return st;
    }
    return DVK_OK;
}

/* ------------------------------------------------------------- the rows */

static int reader_set_fill_down_body(dvk_reader *r, const char *column)
{
    if (!r || !column)
        return DVK_USAGE;
    if (!r->colnames)
        return dvk_reader_usage(r, N_("the reader is not open"));
    size_t i;
    int st = dvk_reader_find_column(r, column, &i);
    if (st)
        return st;
    if (!r->fill) {
        r->fill = dvk_calloc(r->ncols, 1);
        r->fill_value = dvk_calloc(r->ncols, sizeof *r->fill_value);
        if (!r->fill || !r->fill_value)
            return dvk_error_nomem(&r->err);
    }
    r->fill[i] = 1;
    dvk_layout_guess_off(r, i);
    return DVK_OK;
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_reader_set_fill_down(dvk_reader *r, const char *column)
{
    DVK_READER_LANG_RETURN(r, reader_set_fill_down_body(r, column));
}

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
        dvk_record_place(r, r->ncols, &line, &column);
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
        dvk_record_place(r, r->nfields, &line, &column);
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
    /* The direct split saw no field begin as a label can (see below):
     * nothing to test, which is most rows. */
    if (!r->maybe_total && !r->book)
        return 0;
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

/* Of the key columns: how many are filled (a space alone is not), and
 * whether some is empty.  Fewer than half filled: a row that may not be
 * data.  One pass, as it runs on every row. */
static void key_cells(const dvk_reader *r, int *sparse, int *some_empty)
{
    size_t filled = 0, nf = r->nfields;
    int empty = 0;
    const size_t *len = r->field_len, *off = r->field_off;
    for (size_t k = 0; k < r->nkey; k++) {
        size_t c = r->key_cols[k];
        if (c < nf && len[c] > 0) {
            if (r->rowbuf.data[off[c]] != ' ' || len[c] > 1)
                filled++;
        } else {
            empty = 1;
        }
    }
    *sparse = 2 * filled < r->nkey;
    *some_empty = empty;
}

static int kept(const dvk_reader *r, int kind)
{
    switch (kind) {
    case DVK_LAYOUT_SUBTOTAL: return r->keep_totals || (r->keep & DVK_KEEP_SUBTOTALS);
    case DVK_LAYOUT_SECTION: return (r->keep & DVK_KEEP_SECTIONS) != 0;
    case DVK_LAYOUT_TABLE_END: return (r->keep & DVK_KEEP_NOTES) != 0;
    default: return 0;
    }
}

/* The numbers of a data row, added to the sums a subtotal row below it
 * may repeat. */
static void add_sums(dvk_reader *r)
{
    for (size_t k = 0; k < r->nsum; k++) {
        double x;
        if (dvk_reader_field_number(r, r->sum_cols[k], &x) == DVK_OK) {
            r->sums[k] += x;
            r->sums_all[k] += x;
        }
    }
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

static int reader_next_body(dvk_reader *r)
{
    if (!r)
        return DVK_USAGE;
    if (!r->colnames)
        return dvk_reader_usage(r, N_("the reader is not open"));
    if (r->failed)
        return r->failed; /* the error stands; nothing after it is read */
    for (;;) {
        int st;
        if (r->pending_row) {
            r->pending_row = 0;
            r->maybe_total = 1;
            st = DVK_ROW;
        } else if (r->end && r->text_base + r->pos >= r->end) {
            return DVK_DONE; /* the rest is another part's */
        } else {
            st = dvk_source_next(r);
        }
        if (st == DVK_DONE && r->nguess && !r->table_ended &&
            dvk_layout_check_fill(r, -1, 0))
            return DVK_AMBIGUOUS;
        if (st != DVK_ROW)
            return st;
        if (dvk_row_is_blank(r)) {
            r->rows_blank++;
            continue;
        }
        if (r->table_ended) {
            /* a record after the signature block: the end was misread */
            if (dvk_layout_check_dropped(r, DVK_LAYOUT_TABLE_END, r->table_end_line))
                return DVK_AMBIGUOUS;
            r->rows_left_out++;
            if ((st = dvk_layout_say(r, DVK_LAYOUT_TABLE_END, r->row_line, 1, (size_t)-1, 0)))
                return st;
            continue;
        }
        int kind = 0;
        if (!r->keep_totals && is_total_row(r))
            kind = DVK_LAYOUT_SUBTOTAL;
        else if (r->nkey || r->form) {
            int sparse = 1, some_empty = 1;
            if (r->nkey)
                key_cells(r, &sparse, &some_empty);
            /* A row that lacks a key cell or more may still be a subtotal
             * by its label ("Cộng xã A" in the unit column). */
            if (sparse) {
                kind = dvk_layout_classify(r);
            } else if (some_empty && dvk_layout_classify(r) == DVK_LAYOUT_SUBTOTAL) {
                kind = DVK_LAYOUT_SUBTOTAL;
            } else if (some_empty && !kept(r, DVK_LAYOUT_SUBTOTAL) &&
                       dvk_layout_check_labelled(r, &kind)) {
                return DVK_AMBIGUOUS;
            }
        }
        if (kind && kept(r, kind))
            kind = 0;
        if (kind) {
            /* Left out only when it cannot be a record; and a run of
             * cells merged down cannot reach past it. */
            if (dvk_layout_check_dropped(r, kind, 0) ||
                (r->nguess && dvk_layout_check_fill(r, r->row_line, kind)))
                return DVK_AMBIGUOUS;
            if (kind == DVK_LAYOUT_TABLE_END) {
                r->table_ended = 1;
                r->table_end_line = r->row_line;
                /* What follows is not the table's, which a part read from
                 * further on cannot know: a reader given an end reads on
                 * to the end of the input itself, so that it no longer
                 * stops where the part starts and the part is dropped. */
                r->end = 0;
            }
            if (kind == DVK_LAYOUT_SUBTOTAL && !r->rows_total++)
                r->total_line = r->row_line;
            /* Sums and merged cells start again after a subtotal or a
             * heading. */
            for (size_t k = 0; k < r->nsum; k++)
                r->sums[k] = 0;
            if (r->fill)
                for (size_t i = 0; i < r->ncols; i++)
                    dvk_buf_clear(&r->fill_value[i]);
            r->rows_left_out++;
            if ((st = dvk_layout_say(r, kind, r->row_line, 1, (size_t)-1, 0)))
                return st;
            continue;
        }
        if (r->form && r->nsum)
            add_sums(r);
        r->rows_read++;
        st = check_field_count(r);
        if (st)
            return st;
        if (r->nguess && dvk_layout_check_fill(r, 0, 0))
            return DVK_AMBIGUOUS;
        if (r->fill && fill_down(r))
            return dvk_error_nomem(&r->err);
        int pass = 1;
        st = filter_row(r, &pass);
        if (st)
            return st;
        if (!pass) {
            r->rows_filtered++;
            continue;
        }
        return DVK_ROW;
    }
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_reader_next(dvk_reader *r)
{
    DVK_READER_LANG_RETURN(r, reader_next_body(r));
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

DVK_API unsigned long long dvk_reader_total_rows_left_out(const dvk_reader *r,
                                                          long *first_line)
{
    if (first_line)
        *first_line = r ? r->total_line : 0;
    return r ? r->rows_total : 0;
}

DVK_API unsigned long long dvk_reader_rows_left_out(const dvk_reader *r)
{
    return r ? r->rows_left_out : 0;
}

DVK_API size_t dvk_reader_layout_count(const dvk_reader *r)
{
    return r ? r->nnotes : 0;
}

DVK_API int dvk_reader_layout_note(const dvk_reader *r, size_t i, struct dvk_layout_note *note)
{
    if (!r || !note || i >= r->nnotes ||
        note->size < offsetof(struct dvk_layout_note, value) + sizeof note->value)
        return DVK_USAGE;
    struct dvk_layout_note full = r->notes[i];
    full.size = sizeof full;
    size_t size = note->size < sizeof full ? note->size : sizeof full;
    memcpy(note, &full, size);
    note->size = size;
    return DVK_OK;
}

DVK_API unsigned long long dvk_reader_rows_total(const dvk_reader *r, long *first_line)
{
    return dvk_reader_total_rows_left_out(r, first_line);
}

DVK_API unsigned long long dvk_reader_rows_blank(const dvk_reader *r)
{
    return r ? r->rows_blank : 0;
}

