/* parts.c: one file read by several readers, each from its own offset.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static char **copy_names(char **names, size_t n)
{
    char **out = dvk_calloc(n ? n : 1, sizeof *out);
    for (size_t i = 0; out && i < n; i++)
        if (!(out[i] = dvk_strndup(names[i], strlen(names[i])))) {
            dvk_names_free(out, i);
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
    /* the part speaks the whole's language */
    if (whole->msg_lang && !part->msg_lang && !(part->msg_lang = duplocale(whole->msg_lang)))
        return dvk_error_nomem(&part->err);
    part->name = dvk_strndup(whole->name ? whole->name : "", whole->name ? strlen(whole->name) : 0);
    if (!part->name)
        return dvk_error_nomem(&part->err);
    if (whole->book)
        return dvk_reader_usage(part, N_("a workbook sheet is read by one reader"));
    if (whole->fill)
        return dvk_reader_usage(part, N_("a column filled down is read by one reader"));
    /* A form's subtotal without a label is found by its sums, which add
     * the rows above it since the last subtotal: rows the part has not
     * read when the block began before its offset. */
    if (whole->form && whole->nsum && !whole->keep_totals && !(whole->keep & DVK_KEEP_SUBTOTALS))
        return dvk_reader_usage(part, N_("a form whose subtotals are found by their sums is "
                                        "read by one reader"));
    if (!whole->colnames || whole->failed || !whole->decoder.utf8 ||
        (!whole->mem && !whole->path) || offset <= dvk_reader_offset(whole) ||
        offset > whole->input_size)
        return dvk_reader_usage(part, N_("only a UTF-8 file or memory input, from past "
                             "the reader's position, is read in parts"));
    /* The dialect and the header are the whole's. */
    part->has_header = whole->has_header;
    part->decimal_comma = whole->decimal_comma;
    part->keep_totals = whole->keep_totals;
    part->keep = whole->keep;
    part->form = whole->form;
    part->table_ended = whole->table_ended;
    part->file_decimal = whole->file_decimal;
    size_t nc = whole->ncols ? whole->ncols : 1;
    part->key_cols = dvk_calloc(nc, sizeof *part->key_cols);
    part->sum_cols = dvk_calloc(nc, sizeof *part->sum_cols);
    part->sums = dvk_calloc(nc, sizeof *part->sums);
    part->sums_all = dvk_calloc(nc, sizeof *part->sums_all);
    part->numconv = dvk_calloc(nc, 1);
    part->numsure = dvk_calloc(nc, 1);
    if (!part->key_cols || !part->sum_cols || !part->sums || !part->sums_all ||
        !part->numconv || !part->numsure)
        return dvk_error_set(&part->err, DVK_NOMEM, 0, 0, _("out of memory"));
    if (whole->key_cols)
        memcpy(part->key_cols, whole->key_cols, whole->nkey * sizeof *part->key_cols);
    part->nkey = whole->nkey;
    part->most_filled = whole->most_filled;
    part->table_end_line = whole->table_end_line;
    if (whole->sum_cols)
        memcpy(part->sum_cols, whole->sum_cols, whole->nsum * sizeof *part->sum_cols);
    part->nsum = whole->nsum;
    if (whole->numconv) {
        memcpy(part->numconv, whole->numconv, whole->ncols);
        memcpy(part->numsure, whole->numsure, whole->ncols);
    } else {
        memset(part->numconv, DVK_DECIMAL_AUTO, nc);
    }
    part->max_record = whole->max_record;
    part->max_field = whole->max_field;
    part->max_columns = whole->max_columns;
    part->detected = whole->detected;
    part->encoding_display = whole->encoding_display;
    part->delimiter = whole->delimiter;
    part->line_end = whole->line_end;
    part->term = whole->term;
    part->other_term = whole->other_term;
    part->ncols = whole->ncols;
    part->colnames = copy_names(whole->colnames, whole->ncols);
    if (!part->colnames)
        return dvk_error_nomem(&part->err);
    int st = dvk_reader_init_columns(part);
    if (st)
        return st;
    if (dvk_split_reset(part))
        return dvk_error_nomem(&part->err);
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
            return dvk_error_nomem(&part->err);
        part->fd = open(whole->path, O_RDONLY | O_CLOEXEC);
        if (part->fd < 0)
            return dvk_error_set(&part->err, DVK_IO, 0, 0,
                                 dvk_gettext_lang(part->msg_lang, N_("cannot open: %s")),
                                 dvk_strerror_lang(part->msg_lang, errno));
        part->own_fd = 1;
        part->check_size = whole->check_size;
        part->size_at_open = part->size_expected = whole->size_at_open;
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
        if (part->text_eof && part->bad_nul) {
            /* A NUL ended the text (input.c cuts it there) before any
             * line start: the NUL is on the line running through OFFSET,
             * a record of the reader before the part, which meets it and
             * reports it.  What follows it cannot be seen, so the part is
             * empty and stands at the input's end; standing at the NUL
             * would put its start before OFFSET. */
            part->bad_pending = part->bad_nul = 0;
            part->text.len = 0;
            part->text.data[0] = '\0';
            part->text_base = part->input_size;
            part->pos = 0;
            break;
        }
        if (part->text_eof) {
            part->pos = part->text.len; /* no line starts in the part */
            break;
        }
        scan = part->text.len;
        st = dvk_input_fill(part);
        if (st)
            return st;
    }
    part->line = 1;
    return DVK_OK;
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
    if (!r || !r->decoder.utf8 || r->book)
        return 0;
    if (r->pending_row)
        return r->text_base + r->record_off;
    return r->text_base + r->pos;
}

