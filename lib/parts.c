/* parts.c: one file read by several readers, each from its own offset.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "reader.h"

#include <errno.h>
#include <fcntl.h>
#include <stddef.h>
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

/* What a part takes over from the whole as it is: a table, so that a
 * setting added to the reader is added here once. */
#define INHERIT(field) { offsetof(dvk_reader, field), sizeof ((dvk_reader *)0)->field }
static const struct { size_t offset, size; } inherited[] = {
    INHERIT(has_header),    INHERIT(decimal_comma),   INHERIT(keep_totals),
    INHERIT(keep),          INHERIT(form),            INHERIT(table_ended),
    INHERIT(table_end_line), INHERIT(file_decimal),   INHERIT(nkey),
    INHERIT(nsum),          INHERIT(most_filled),     INHERIT(max_record),
    INHERIT(max_field),     INHERIT(max_columns),     INHERIT(detected),
    INHERIT(encoding_display), INHERIT(delimiter),    INHERIT(line_end),
    INHERIT(term),          INHERIT(other_term),      INHERIT(ncols),
};

/* CAP elements of SIZE bytes, zeroed, the first N copied from FROM (which
 * may be NULL). */
static void *copy_array(const void *from, size_t n, size_t cap, size_t size)
{
    void *out = dvk_calloc(cap, size);
    if (out && from && n)
        memcpy(out, from, n * size);
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
    /* The dialect, the limits, the header and the form's layout are the
     * whole's. */
    for (size_t i = 0; i < sizeof inherited / sizeof *inherited; i++)
        memcpy((char *)part + inherited[i].offset, (const char *)whole + inherited[i].offset,
               inherited[i].size);
    size_t nc = whole->ncols ? whole->ncols : 1;
    if (!(part->key_cols = copy_array(whole->key_cols, whole->nkey, nc, sizeof *part->key_cols)) ||
        !(part->sum_cols = copy_array(whole->sum_cols, whole->nsum, nc, sizeof *part->sum_cols)) ||
        !(part->sums = dvk_calloc(nc, sizeof *part->sums)) ||
        !(part->sums_all = dvk_calloc(nc, sizeof *part->sums_all)) ||
        !(part->numconv = copy_array(whole->numconv, whole->ncols, nc, 1)) ||
        !(part->numsure = copy_array(whole->numsure, whole->ncols, nc, 1)))
        return dvk_error_nomem(&part->err);
    if (!whole->numconv)
        memset(part->numconv, DVK_DECIMAL_AUTO, nc);
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

