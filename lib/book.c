/* book.c: workbooks opened by content, and the rows they give (book.h).
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first bytes say the container: a zip ("PK\3\4") holds .xlsx or .ods,
 * told apart by its members (xl/workbook.xml, or a mimetype naming an
 * OpenDocument spreadsheet); an OLE2 container holds .xls, or an .xlsx
 * encrypted with a password (an "EncryptedPackage" stream), which is
 * refused here with a message saying so.  A descriptor that is not a
 * regular file read from its start, and memory given to .xls, are copied
 * to a temporary file first.
 *
 * Each kind fills the current row from its file; dvk_book_next_row() lays
 * the sheet's merged areas over it.  The areas are kept in order of their
 * first rows; those over the current row are "active", and an array of
 * owners per column finds an area that overlaps another.  A row that the
 * file does not hold but an area covers is given too, its cells the
 * area's value, so a unit merged down a block reaches each of its rows.
 * Without merged areas the kind's row is given as it is. */
#include "book-impl.h"
#include "zipxml.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const unsigned char ole2_magic[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};

int dvk_book_sniff(const unsigned char *s, size_t n)
{
    if (n >= 4 && memcmp(s, "PK\3\4", 4) == 0)
        return DVK_BOOK_XLSX;
    if (n >= 8 && memcmp(s, ole2_magic, 8) == 0)
        return DVK_BOOK_XLS;
    return DVK_BOOK_NONE;
}

/* ---- opening */

static dvk_book *book_new(void)
{
    dvk_book *b = dvk_calloc(1, sizeof(dvk_book));
    if (b)
        b->tmp_fd = -1;
    return b;
}

/* "EncryptedPackage" as the OLE2 directory spells it (UTF-16LE). */
static int has_encrypted_package(const unsigned char *s, size_t n)
{
    static const char name[] = "EncryptedPackage";
    size_t k = sizeof name - 1;
    for (size_t i = 0; i + 2 * k <= n; i++) {
        size_t j = 0;
        while (j < k && s[i + 2 * j] == (unsigned char)name[j] && s[i + 2 * j + 1] == 0)
            j++;
        if (j == k)
            return 1;
    }
    return 0;
}

static int file_has_encrypted_package(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return 0;
    unsigned char buf[65536 + 64];
    size_t keep = 0, n;
    int found = 0;
    while (!found && (n = fread(buf + keep, 1, sizeof buf - keep, f)) > 0) {
        found = has_encrypted_package(buf, keep + n);
        /* the name may straddle two blocks */
        size_t total = keep + n;
        keep = total < 64 ? total : 64;
        memmove(buf, buf + total - keep, keep);
    }
    fclose(f);
    return found;
}

static int refuse_encrypted(dvk_error *err)
{
    return dvk_error_set(err, DVK_IO, 0, 0,
                         _("the workbook is encrypted with a password: save it without one to read it"));
}

/* The zip kinds: which one the members say. */
static int open_zip(dvk_book *b, zip_t *z, dvk_error *err)
{
    if (dvk_zip_has(z, "xl/workbook.xml")) {
        b->kind = DVK_BOOK_XLSX;
        return dvk_xlsx_open(b, z, err);
    }
    /* OpenDocument names its kind in a first member "mimetype" */
    zip_file_t *f = zip_fopen(z, "mimetype", 0);
    int ods = !f && dvk_zip_has(z, "content.xml");
    if (f) {
        static const char spreadsheet[] = "application/vnd.oasis.opendocument.spreadsheet";
        char mime[sizeof spreadsheet];
        zip_int64_t n = zip_fread(f, mime, sizeof mime - 1);
        ods = n == (zip_int64_t)sizeof mime - 1 && memcmp(mime, spreadsheet, sizeof mime - 1) == 0;
        zip_fclose(f);
    }
    if (ods) {
        b->kind = DVK_BOOK_ODS;
        return dvk_ods_open(b, z, err);
    }
    zip_discard(z);
    return dvk_error_set(err, DVK_SYNTAX, 0, 0,
                         _("a zip file that holds no workbook (no xl/workbook.xml, no OpenDocument spreadsheet)"));
}

static int open_ole2(dvk_book *b, const char *path, dvk_error *err)
{
    if (file_has_encrypted_package(path))
        return refuse_encrypted(err);
    b->kind = DVK_BOOK_XLS;
    return dvk_xls_open(b, path, err);
}

static int finish_open(dvk_book **out, dvk_book *b, int rc)
{
    if (rc != DVK_OK) {
        dvk_book_free(b);
        return rc;
    }
    *out = b;
    return DVK_OK;
}

static int sniff_path(const char *path, dvk_error *err)
{
    unsigned char head[8];
    FILE *f = fopen(path, "rb");
    if (!f)
        return -dvk_error_set(err, DVK_IO, 0, 0, _("cannot open %s: %s"), path, strerror(errno));
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    return dvk_book_sniff(head, n);
}

int dvk_book_open_path(dvk_book **out, const char *path, dvk_error *err)
{
    *out = NULL;
    int kind = sniff_path(path, err);
    if (kind < 0)
        return -kind;
    if (kind == DVK_BOOK_NONE)
        return dvk_error_set(err, DVK_SYNTAX, 0, 0, _("%s: not a workbook"), path);
    dvk_book *b = book_new();
    if (!b)
        return dvk_error_nomem(err);
    if (kind == DVK_BOOK_XLS)
        return finish_open(out, b, open_ole2(b, path, err));
    zip_t *z;
    int rc = dvk_zip_open(&z, path, NULL, 0, err);
    return finish_open(out, b, rc ? rc : open_zip(b, z, err));
}

/* Copy LEN bytes at MEM, then the rest of FD (none when FD is -1), to a
 * new temporary file.  The file loses its name as soon as it is made: the
 * readers open it again as /proc/self/fd/N, and whatever ends the process
 * (an error, a signal, a crash) leaves nothing behind.  Where /proc is not
 * there the name is kept, and removed when the book is freed. */
static int copy_to_temp(dvk_book *b, int fd, const void *mem, size_t len, dvk_error *err)
{
    const char *dir = getenv("TMPDIR");
    dvk_buf name = {0};
    if (dvk_buf_printf(&name, "%s/dvkstat-book-XXXXXX", dir && *dir ? dir : "/tmp"))
        return dvk_error_nomem(err);
    int tmp = mkstemp(name.data);
    if (tmp < 0) {
        dvk_error_set(err, DVK_IO, 0, 0, _("cannot make a temporary file in %s: %s"),
                      dir && *dir ? dir : "/tmp", strerror(errno));
        dvk_buf_free(&name);
        return err->status;
    }
    dvk_buf proc = {0};
    if (dvk_buf_printf(&proc, "/proc/self/fd/%d", tmp) == 0 && access(proc.data, R_OK) == 0
        && unlink(name.data) == 0) {
        dvk_buf_free(&name);
        b->tmp_path = proc.data;
        b->tmp_fd = tmp;
    } else {
        dvk_buf_free(&proc);
        b->tmp_path = name.data;
    }
    char buf[65536];
    unsigned long long total = 0;
    int rc = DVK_OK;
    for (size_t done = 0;;) {
        ssize_t n;
        if (done < len) {
            n = (ssize_t)(len - done < sizeof buf ? len - done : sizeof buf);
            memcpy(buf, (const char *)mem + done, (size_t)n);
            done += (size_t)n;
        } else if (fd < 0) {
            n = 0;
        } else {
            n = read(fd, buf, sizeof buf);
            if (n < 0 && errno == EINTR)
                continue;
        }
        if (n < 0) {
            rc = dvk_error_set(err, DVK_IO, 0, 0, _("cannot read the workbook: %s"), strerror(errno));
            break;
        }
        if (n == 0)
            break;
        total += (unsigned long long)n;
        if (total > DVK_BOOK_MAX_MEMBER) {
            rc = dvk_error_set(err, DVK_LIMIT, 0, 0, _("the workbook is larger than %llu bytes"),
                               DVK_BOOK_MAX_MEMBER);
            break;
        }
        for (ssize_t put = 0; put < n;) {
            ssize_t k = write(tmp, buf + put, (size_t)(n - put));
            if (k < 0 && errno == EINTR)
                continue;
            if (k < 0) {
                rc = dvk_error_set(err, DVK_IO, 0, 0, _("cannot write %s: %s"), b->tmp_path,
                                   strerror(errno));
                break;
            }
            put += k;
        }
        if (rc)
            break;
    }
    if (b->tmp_fd < 0 && close(tmp) != 0 && !rc)
        rc = dvk_error_set(err, DVK_IO, 0, 0, _("cannot write %s: %s"), b->tmp_path, strerror(errno));
    return rc;
}

int dvk_book_open_fd(dvk_book **out, int fd, dvk_error *err)
{
    return dvk_book_open_fd_after(out, NULL, 0, fd, err);
}

int dvk_book_open_fd_after(dvk_book **out, const void *head, size_t len, int fd,
                           dvk_error *err)
{
    *out = NULL;
    dvk_book *b = book_new();
    if (!b)
        return dvk_error_nomem(err);
    struct stat st;
    unsigned char first[8];
    if (len == 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && lseek(fd, 0, SEEK_CUR) == 0
        && pread(fd, first, sizeof first, 0) == (ssize_t)sizeof first
        && dvk_book_sniff(first, sizeof first) == DVK_BOOK_XLSX) {
        zip_t *z;
        int rc = dvk_zip_open_fd(&z, fd, err);
        return finish_open(out, b, rc ? rc : open_zip(b, z, err));
    }
    int rc = copy_to_temp(b, fd, head, len, err);
    if (rc)
        return finish_open(out, b, rc);
    int kind = sniff_path(b->tmp_path, err);
    if (kind <= 0)
        return finish_open(out, b, kind < 0 ? -kind
                           : dvk_error_set(err, DVK_SYNTAX, 0, 0, _("not a workbook")));
    if (kind == DVK_BOOK_XLS)
        return finish_open(out, b, open_ole2(b, b->tmp_path, err));
    zip_t *z;
    rc = dvk_zip_open(&z, b->tmp_path, NULL, 0, err);
    return finish_open(out, b, rc ? rc : open_zip(b, z, err));
}

int dvk_book_open_memory(dvk_book **out, const void *data, size_t len, dvk_error *err)
{
    *out = NULL;
    int kind = dvk_book_sniff(data, len);
    if (kind == DVK_BOOK_NONE)
        return dvk_error_set(err, DVK_SYNTAX, 0, 0, _("not a workbook"));
    if (kind == DVK_BOOK_XLS && has_encrypted_package(data, len))
        return refuse_encrypted(err);
    dvk_book *b = book_new();
    if (!b)
        return dvk_error_nomem(err);
    int rc;
    if (kind == DVK_BOOK_XLS) {
        rc = copy_to_temp(b, -1, data, len, err);
        return finish_open(out, b, rc ? rc : open_ole2(b, b->tmp_path, err));
    }
    zip_t *z;
    rc = dvk_zip_open(&z, NULL, data, len, err);
    return finish_open(out, b, rc ? rc : open_zip(b, z, err));
}

static void clear_merges(dvk_book *b)
{
    for (size_t i = 0; i < b->nmerges; i++)
        free(b->merges[i].text);
    b->nmerges = b->next_merge = b->nactive = 0;
    if (b->column_owner)
        memset(b->column_owner, 0, (DVK_BOOK_MAX_COLUMNS + 1) * sizeof *b->column_owner);
}

void dvk_book_free(dvk_book *b)
{
    if (!b)
        return;
    if (b->ops && b->ops->free)
        b->ops->free(b);
    for (size_t i = 0; i < b->nsheets; i++)
        free(b->sheet_names ? b->sheet_names[i] : NULL);
    free(b->sheet_names);
    free(b->sheet_hidden);
    free(b->cells);
    dvk_buf_free(&b->text);
    if (b->tmp_fd >= 0)
        close(b->tmp_fd);       /* the file had no name: gone with it */
    else if (b->tmp_path)
        unlink(b->tmp_path);
    free(b->tmp_path);
    clear_merges(b);
    free(b->merges);
    free(b->active);
    free(b->column_owner);
    free(b->out);
    free(b->offsets);
    free(b);
}

/* ---- the sheet list */

int dvk_book_kind(const dvk_book *b)
{
    return b->kind;
}

size_t dvk_book_sheet_count(const dvk_book *b)
{
    return b->nsheets;
}

const char *dvk_book_sheet_name(const dvk_book *b, size_t i)
{
    return i < b->nsheets ? b->sheet_names[i] : NULL;
}

int dvk_book_sheet_hidden(const dvk_book *b, size_t i)
{
    return i < b->nsheets ? b->sheet_hidden[i] : 0;
}

int dvk_book_sheet_size(dvk_book *b, size_t i, unsigned long *rows, unsigned long *cols)
{
    *rows = *cols = 0;
    if (i >= b->nsheets || !b->ops->sheet_size)
        return i < b->nsheets ? DVK_OK : DVK_USAGE;
    return b->ops->sheet_size(b, i, rows, cols);
}

int dvk_book_select(dvk_book *b, size_t i, dvk_error *err)
{
    if (i >= b->nsheets)
        return dvk_error_set(err, DVK_USAGE, 0, 0, _("the workbook has no sheet %zu"), i + 1);
    b->merges_kept = b->kind == DVK_BOOK_XLSX && b->merges_sheet == i + 1;
    if (b->merges_kept) {
        /* the same areas, their values to be taken again */
        for (size_t k = 0; k < b->nmerges; k++) {
            free(b->merges[k].text);
            b->merges[k].text = NULL;
            b->merges[k].len = 0;
            b->merges[k].type = DVK_CELL_EMPTY;
            b->merges[k].number = 0;
        }
        b->next_merge = b->nactive = 0;
        if (b->column_owner)
            memset(b->column_owner, 0, (DVK_BOOK_MAX_COLUMNS + 1) * sizeof *b->column_owner);
    } else {
        clear_merges(b);
    }
    b->merges_sheet = 0;
    b->last_row = 0;
    b->have_raw = b->raw_done = 0;
    b->ncells = 0;
    int rc = b->ops->select(b, i, err);
    if (rc == DVK_OK)
        b->merges_sheet = i + 1;
    else
        clear_merges(b);
    return rc;
}

/* ---- building a row */

void dvk_book_row_begin(dvk_book *b, unsigned long row, int hidden)
{
    b->row = row;
    b->hidden = hidden;
    b->ncells = 0;
    dvk_buf_clear(&b->text);
}

int dvk_book_row_cell(dvk_book *b, unsigned long column, int type, const char *text,
                      size_t len, double number)
{
    if (column == 0 || column > DVK_BOOK_MAX_COLUMNS)
        return DVK_LIMIT;
    size_t i = column - 1;
    if (i >= b->cells_cap) {
        size_t cap = b->cells_cap ? b->cells_cap : 16;
        while (cap <= i)
            cap *= 2;
        dvk_cell *c = dvk_realloc_array(b->cells, cap, sizeof *c);
        size_t *o = c ? dvk_realloc_array(b->offsets, cap, sizeof *o) : NULL;
        if (c)
            b->cells = c;
        if (!o)
            return DVK_NOMEM;
        b->offsets = o;
        b->cells_cap = b->offsets_cap = cap;
    }
    for (; b->ncells <= i; b->ncells++) {
        b->cells[b->ncells] = (dvk_cell){.type = DVK_CELL_EMPTY, .text = ""};
        b->offsets[b->ncells] = SIZE_MAX;
    }
    size_t at = b->text.len;
    if (dvk_buf_append(&b->text, text, len) || dvk_buf_putc(&b->text, '\0'))
        return DVK_NOMEM;
    b->cells[i] = (dvk_cell){.type = type, .len = len, .number = number};
    b->offsets[i] = at;
    return DVK_OK;
}

void dvk_book_row_end(dvk_book *b)
{
    /* trailing empty cells are no cells */
    while (b->ncells && b->cells[b->ncells - 1].type == DVK_CELL_EMPTY)
        b->ncells--;
    for (size_t i = 0; i < b->ncells; i++)
        b->cells[i].text = b->offsets[i] == SIZE_MAX ? "" : b->text.data + b->offsets[i];
}

int dvk_book_parse_cell(const char *s, unsigned long *column, unsigned long *row,
                        const char **end)
{
    unsigned long c = 0, r = 0;
    const char *p = s;
    while (*p == '$')
        p++;
    for (; (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'); p++) {
        c = c * 26 + (unsigned long)((*p | 0x20) - 'a' + 1);
        if (c > DVK_BOOK_MAX_COLUMNS)
            return 0;
    }
    if (*p == '$')
        p++;
    for (; *p >= '0' && *p <= '9'; p++) {
        r = r * 10 + (unsigned long)(*p - '0');
        if (r > DVK_BOOK_MAX_ROWS)
            return 0;
    }
    if (!c || !r)
        return 0;
    *column = c;
    *row = r;
    if (end)
        *end = p;
    return 1;
}

size_t dvk_book_cell_name(unsigned long column, unsigned long row, char *buf, size_t size)
{
    char letters[16];
    size_t n = 0;
    for (; column && n < sizeof letters; column = (column - 1) / 26)
        letters[n++] = (char)('A' + (column - 1) % 26);
    char name[48];
    size_t k = 0;
    while (n)
        name[k++] = letters[--n];
    int m = snprintf(name + k, sizeof name - k, "%lu", row);
    k += m > 0 ? (size_t)m : 0;
    if (size) {
        size_t c = k < size ? k : size - 1;
        memcpy(buf, name, c);
        buf[c] = '\0';
    }
    return k;
}

/* ---- merged areas */

int dvk_book_add_merge(dvk_book *b, unsigned long r1, unsigned long c1, unsigned long r2,
                       unsigned long c2, dvk_error *err)
{
    if (!r1 || !c1 || r2 < r1 || c2 < c1 || r2 > DVK_BOOK_MAX_ROWS || c2 > DVK_BOOK_MAX_COLUMNS) {
        char a[32], z[32];
        dvk_book_cell_name(c1, r1, a, sizeof a);
        dvk_book_cell_name(c2, r2, z, sizeof z);
        return dvk_error_set(err, DVK_SYNTAX, (long)r1, (long)c1,
                             _("the merged area %s:%s is out of the sheet"), a, z);
    }
    if (b->nmerges >= DVK_BOOK_MAX_MERGES)
        return dvk_error_set(err, DVK_LIMIT, (long)r1, (long)c1,
                             _("more than %lu merged areas in one sheet"), DVK_BOOK_MAX_MERGES);
    struct dvk_book_merge *m = dvk_grow_array(b->merges, &b->merges_cap, b->nmerges + 1,
                                              sizeof *m);
    if (!m)
        return dvk_error_nomem(err);
    b->merges = m;
    b->merges[b->nmerges++] = (struct dvk_book_merge){r1, c1, r2, c2, DVK_CELL_EMPTY, NULL, 0, 0};
    return DVK_OK;
}

static int merge_order(const void *x, const void *y)
{
    const struct dvk_book_merge *a = x, *b = y;
    if (a->r1 != b->r1)
        return a->r1 < b->r1 ? -1 : 1;
    return a->c1 < b->c1 ? -1 : a->c1 > b->c1;
}

void dvk_book_sort_merges(dvk_book *b)
{
    if (b->nmerges > 1)
        qsort(b->merges, b->nmerges, sizeof *b->merges, merge_order);
}

/* Make the areas that reach ROW active, and drop those that ended. */
static int activate(dvk_book *b, unsigned long row, dvk_error *err)
{
    size_t kept = 0;
    for (size_t i = 0; i < b->nactive; i++) {
        struct dvk_book_merge *m = &b->merges[b->active[i]];
        if (m->r2 >= row)
            b->active[kept++] = b->active[i];
        else
            for (unsigned long c = m->c1; c <= m->c2; c++)
                b->column_owner[c] = 0;
    }
    b->nactive = kept;
    for (; b->next_merge < b->nmerges && b->merges[b->next_merge].r1 <= row; b->next_merge++) {
        struct dvk_book_merge *m = &b->merges[b->next_merge];
        if (!b->column_owner) {
            b->column_owner = dvk_calloc(DVK_BOOK_MAX_COLUMNS + 1, sizeof *b->column_owner);
            b->active = dvk_calloc(DVK_BOOK_MAX_COLUMNS + 1, sizeof *b->active);
            if (!b->column_owner || !b->active)
                return dvk_error_nomem(err);
        }
        for (unsigned long c = m->c1; c <= m->c2; c++)
            if (b->column_owner[c]) {
                char a[32], z[32];
                dvk_book_cell_name(m->c1, m->r1, a, sizeof a);
                dvk_book_cell_name(m->c2, m->r2, z, sizeof z);
                return dvk_error_set(err, DVK_SYNTAX, (long)m->r1, (long)m->c1,
                                     _("the merged area %s:%s overlaps another"), a, z);
            }
        for (unsigned long c = m->c1; c <= m->c2; c++)
            b->column_owner[c] = b->next_merge + 1;
        b->active[b->nactive++] = b->next_merge;
    }
    return DVK_OK;
}

/* The given row: the kind's (when RAW) with the active areas over it. */
static int lay_merges(dvk_book *b, unsigned long row, int raw, const dvk_cell **cells,
                      size_t *ncells)
{
    size_t n = raw ? b->ncells : 0;
    for (size_t i = 0; i < b->nactive; i++)
        if (b->merges[b->active[i]].c2 > n)
            n = b->merges[b->active[i]].c2;
    if (n > b->out_cap) {
        dvk_cell *o = dvk_realloc_array(b->out, n, sizeof *o);
        if (!o)
            return DVK_NOMEM;
        b->out = o;
        b->out_cap = n;
    }
    size_t have = raw ? b->ncells : 0;
    if (have)
        memcpy(b->out, b->cells, have * sizeof *b->out);
    for (size_t i = have; i < n; i++)
        b->out[i] = (dvk_cell){.type = DVK_CELL_EMPTY, .text = ""};
    for (size_t i = 0; i < b->nactive; i++) {
        struct dvk_book_merge *m = &b->merges[b->active[i]];
        if (row == m->r1) {
            const dvk_cell *first = &b->out[m->c1 - 1];
            m->type = first->type;
            m->number = first->number;
            m->len = first->len;
            m->text = dvk_strndup(first->text, first->len);
            if (!m->text)
                return DVK_NOMEM;
        }
        for (unsigned long c = m->c1; c <= m->c2; c++)
            b->out[c - 1] = (dvk_cell){.type = m->type, .text = m->text ? m->text : "",
                                       .len = m->len, .number = m->number,
                                       .merged = row == m->r1 && c == m->c1 ? 2 : 1};
    }
    *cells = b->out;
    *ncells = n;
    return DVK_OK;
}

int dvk_book_next_row(dvk_book *b, const dvk_cell **cells, size_t *ncells,
                      unsigned long *row, int *hidden, dvk_error *err)
{
    *cells = NULL;
    *ncells = 0;
    if (!b->have_raw && !b->raw_done) {
        int st = b->ops->next_row(b, err);
        if (st == DVK_DONE)
            b->raw_done = 1;
        else if (st != DVK_ROW)
            return st;
        else
            b->have_raw = 1;
    }
    if (b->nactive == 0 && b->next_merge == b->nmerges) {
        /* nothing merged from here on: the kind's row as it is */
        if (!b->have_raw)
            return DVK_DONE;
        b->have_raw = 0;
        b->last_row = b->row;
        *cells = b->cells;
        *ncells = b->ncells;
        *row = b->row;
        *hidden = b->hidden;
        return DVK_ROW;
    }
    /* the next row an area covers, if it comes before the kind's */
    unsigned long target = b->have_raw ? b->row : (unsigned long)-1;
    int covered = 0;
    for (size_t i = 0; i < b->nactive && !covered; i++)
        covered = b->merges[b->active[i]].r2 > b->last_row;
    unsigned long next = covered ? b->last_row + 1
                         : b->next_merge < b->nmerges ? b->merges[b->next_merge].r1
                         : (unsigned long)-1;
    if (next <= b->last_row)
        next = b->last_row + 1;
    int raw = next >= target;
    if (!raw)
        target = next;
    if (target == (unsigned long)-1)
        return DVK_DONE;
    int rc = activate(b, target, err);
    if (rc)
        return rc;
    if (lay_merges(b, target, raw, cells, ncells))
        return dvk_error_nomem(err);
    *row = b->last_row = target;
    *hidden = raw ? b->hidden : 0;
    if (raw)
        b->have_raw = 0;
    return DVK_ROW;
}
