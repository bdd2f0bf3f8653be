/* writer-part.c: the later rows of a table written by a writer of their
 * own (another thread's) and appended in order.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A part writes its rows, as its whole would, to an anonymous file in
 * $TMPDIR: the second half of a large file is cleaned by a second thread
 * without holding its rows in memory, then copied after the first half's.
 * Only the streaming formats (CSV, TSV, JSON) have parts: the others lay
 * out the whole table at its end. */
#include "writer-impl.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

DVK_API dvk_writer *dvk_writer_new_part(const dvk_writer *whole)
{
    if (!whole || !whole->out || !whole->names || whole->failed || whole->ops->buffered ||
        whole->book || (whole->format != DVK_FORMAT_CSV && whole->format != DVK_FORMAT_TSV &&
                        whole->format != DVK_FORMAT_JSON))
        return NULL;
    dvk_writer *p = dvk_writer_new(whole->format, whole->flags);
    if (!p)
        return NULL;
    p->names = dvk_calloc(whole->ncols ? whole->ncols : 1, sizeof *p->names);
    int ok = p->names && (!whole->msg_lang || (p->msg_lang = duplocale(whole->msg_lang)));
    for (size_t i = 0; ok && i < whole->ncols; i++) {
        p->ncols = i + 1;
        ok = (p->names[i] = dvk_strndup(whole->names[i], strlen(whole->names[i]))) != NULL;
    }
    if (ok)
        p->ncols = whole->ncols;
    if (!ok || !(p->out = dvk_temp_file())) {
        dvk_writer_free(p);
        return NULL;
    }
    /* Rows come before the part's own (JSON puts a comma before each);
     * dvk_writer_append() takes it off where none did. */
    p->rows = 1;
    return p;
}

/* The part's file could not be read back: said on W, whose output is
 * failed once any of it was copied (FAIL). */
static int read_back_failed(dvk_writer *w, int fail)
{
    int e = errno;
    if (fail)
        w->failed = DVK_IO;
    return dvk_error_set(&w->err, DVK_IO, 0, 0, W_("cannot read back the rows written by "
                         "a second thread: %s"), W_STRERROR(e));
}

DVK_API int dvk_writer_append(dvk_writer *w, dvk_writer *part)
{
    if (!w || !part || !w->out || !part->out || w->format != part->format ||
        w->col || part->col || part->rows < 1)
        return DVK_USAGE;
    if (w->failed)
        return w->failed;
    /* Nothing is copied until the part is whole: then W is as it was, and
     * the caller may write the part's rows itself. */
    if (part->failed)
        return dvk_error_set(&w->err, part->failed, 0, 0, "%s", part->err.message);
    if (dvk_writer_drain_rows(part))
        return dvk_error_set(&w->err, DVK_IO, 0, 0, "%s", part->err.message);
    if (fflush(part->out) || fseek(part->out, 0, SEEK_SET))
        return read_back_failed(w, 0);
    int st = dvk_writer_drain_rows(w);
    if (st)
        return st;
    /* no row before the part's: its first has no comma before it */
    int skip = w->format == DVK_FORMAT_JSON && w->rows == 0 && part->rows > 1;
    char block[1 << 16];
    size_t n;
    while ((n = fread(block, 1, sizeof block, part->out)) > 0) {
        size_t from = skip && block[0] == ',' ? 1 : 0;
        skip = 0;
        if (fwrite(block + from, 1, n - from, w->out) != n - from)
            return dvk_writer_fail(w, W_("write"), w->path);
    }
    if (ferror(part->out))
        return read_back_failed(w, 1);
    w->rows += part->rows - 1;
    /* emptied: appending it again adds nothing */
    part->rows = 1;
    rewind(part->out);
    if (ftruncate(fileno(part->out), 0))
        part->failed = DVK_IO; /* refused next time rather than copied twice */
    return DVK_OK;
}
