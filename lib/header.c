/* header.c: where the table starts, and its header.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "reader.h"

#include <stdio.h>
#include <string.h>

/* A row that holds nothing but spaces. */
int dvk_row_is_blank(const dvk_reader *r)
{
    for (size_t i = 0; i < r->nfields; i++) {
        const char *f = r->rowbuf.data + r->field_off[i];
        for (size_t j = 0; j < r->field_len[i]; j++)
            if (f[j] != ' ' && f[j] != '\t')
                return 0;
    }
    return 1;
}

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
        if (dvk_source_next(r) != DVK_ROW)
            break;
        long l = r->row_line;
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
    if (r->book) {
        /* A sheet is read again from its header row. */
        r->title_skipped = h > 0 && h < n;
        r->line = r->title_skipped ? line[h] : start_line;
        dvk_sheet_rewind(r, r->title_skipped ? (unsigned long)line[h] : r->book_from);
        (void)start_pos;
        return;
    }
    if (dvk_split_reset(r))
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

int dvk_read_header(dvk_reader *r)
{
    int st = DVK_ROW;
    if (r->skip_lines < 0 && r->has_header)
        skip_title(r);
    while (r->skip_lines > 0 && r->line <= r->skip_lines && st == DVK_ROW)
        st = dvk_source_next(r);
    if (st == DVK_ROW)
        do {
            st = dvk_source_next(r);
        } while (st == DVK_ROW && dvk_row_is_blank(r));
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
        return dvk_error_nomem(&r->err);
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
            return dvk_error_nomem(&r->err);
    }
    r->pending_row = !r->has_header;
    return dvk_reader_init_columns(r);
}

