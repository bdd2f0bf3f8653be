/* sheet.c: a workbook sheet as the reader's source of records.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Where split.c cuts CSV text into fields, this gives the cells of a
 * sheet's row as fields, with their types beside them; everything above
 * (header finding, the row rules, filters, the accounting) is shared.  A
 * row's record, for --rejects and "clean --raw", is the row written as a
 * CSV line.  Positions are the sheet's: a record's line is its row, a
 * field's column its column.
 */
#include "reader.h"
#include "book.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define SNIFF_ROWS 30   /* rows looked at to tell a sheet that holds a table */

/* A row of cells copied out of the book, whose own rows live only until
 * the next is read. */
struct row_copy {
    dvk_cell *cells;
    size_t n, cap;
    dvk_buf text;
    unsigned long row;
    int hidden;
};

struct dvk_sheet_rows {
    struct row_copy head;   /* the header rows joined so far */
    struct row_copy held;   /* the row read after them, given next */
    struct row_copy work;
    int has_held;
};

static void row_copy_free(struct row_copy *c)
{
    free(c->cells);
    dvk_buf_free(&c->text);
}

static int row_copy_set(struct row_copy *c, const dvk_cell *cells, size_t n,
                        unsigned long row, int hidden)
{
    if (n > c->cap) {
        dvk_cell *x = dvk_realloc_array(c->cells, n, sizeof *x);
        if (!x)
            return DVK_NOMEM;
        c->cells = x;
        c->cap = n;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += (cells[i].text ? cells[i].len : 0) + 1;
    dvk_buf_clear(&c->text);
    /* Room for all first, so that the pointers set below stay good. */
    if (dvk_buf_reserve(&c->text, total + 1))
        return DVK_NOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t len = cells[i].text ? cells[i].len : 0;
        c->cells[i] = cells[i];
        c->cells[i].text = c->text.data + c->text.len;
        c->cells[i].len = len;
        dvk_buf_append(&c->text, len ? cells[i].text : "", len);
        dvk_buf_putc(&c->text, '\0');
    }
    c->n = n;
    c->row = row;
    c->hidden = hidden;
    return DVK_OK;
}

void dvk_sheet_free(dvk_reader *r)
{
    if (r->sheet_rows) {
        row_copy_free(&r->sheet_rows->head);
        row_copy_free(&r->sheet_rows->held);
        row_copy_free(&r->sheet_rows->work);
        free(r->sheet_rows);
        r->sheet_rows = NULL;
    }
    dvk_book_free(r->book);
    r->book = NULL;
    free(r->field_type);
    free(r->field_num);
    dvk_buf_free(&r->book_record);
}

/* 1 when sheet I gives, in its first rows, one that fills two cells. */
static int holds_table(dvk_reader *r, size_t i)
{
    dvk_error err;
    dvk_error_clear(&err);
    if (dvk_book_select(r->book, i, &err))
        return 0;
    for (int k = 0; k < SNIFF_ROWS; k++) {
        const dvk_cell *cells;
        size_t n;
        unsigned long row;
        int hidden;
        if (dvk_book_next_row(r->book, &cells, &n, &row, &hidden, &err) != DVK_ROW)
            return 0;
        size_t filled = 0;
        for (size_t c = 0; c < n; c++)
            filled += cells[c].type != DVK_CELL_EMPTY && cells[c].len > 0;
        if (filled >= 2)
            return 1;
    }
    return 0;
}

static int choose_sheet(dvk_reader *r)
{
    size_t n = dvk_book_sheet_count(r->book);
    if (n == 0)
        return dvk_error_set(&r->err, DVK_EMPTY, 0, 0, _("the workbook has no sheet"));
    if (r->sheet_request) {
        const char *want = r->sheet_request;
        for (size_t i = 0; i < n; i++)
            if (strcmp(dvk_book_sheet_name(r->book, i), want) == 0) {
                r->sheet = i;
                return DVK_OK;
            }
        char *end;
        unsigned long k = strtoul(want, &end, 10);
        if (*want >= '0' && *want <= '9' && !*end && k >= 1 && k <= n) {
            r->sheet = k - 1;
            return DVK_OK;
        }
        dvk_buf names = {0};
        for (size_t i = 0; i < n && i < 20; i++)
            dvk_buf_printf(&names, "%s'%s'", i ? ", " : "", dvk_book_sheet_name(r->book, i));
        dvk_error_set(&r->err, DVK_USAGE, 0, 0,
                      _("no sheet '%s' in the workbook; its sheets: %s"), want,
                      names.data ? names.data : "");
        dvk_error_hint(&r->err, _("name a sheet with --sheet NAME, or by its "
                       "number from 1 (--sheet 2)"));
        dvk_buf_free(&names);
        return DVK_USAGE;
    }
    /* The first visible sheet that holds a table; else the first visible
     * one; else the first. */
    size_t first_visible = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (dvk_book_sheet_hidden(r->book, i))
            continue;
        if (first_visible == (size_t)-1)
            first_visible = i;
        if (holds_table(r, i)) {
            r->sheet = i;
            return DVK_OK;
        }
    }
    r->sheet = first_visible != (size_t)-1 ? first_visible : 0;
    return DVK_OK;
}

int dvk_sheet_open(dvk_reader *r, int kind)
{
    int st;
    if (r->mem) {
        st = dvk_book_open_memory(&r->book, r->mem, r->mem_len, &r->err);
    } else if (r->path) {
        st = dvk_book_open_path(&r->book, r->path, &r->err);
    } else if (lseek(r->fd, -(off_t)r->raw_bytes, SEEK_CUR) >= 0) {
        st = dvk_book_open_fd(&r->book, r->fd, &r->err);
    } else {
        /* Standard input, or another descriptor that cannot be read again
         * from the start: the bytes already read go first. */
        st = dvk_book_open_fd_after(&r->book, r->raw.data, r->raw.len, r->fd, &r->err);
    }
    dvk_buf_free(&r->raw);
    if (st) {
        /* No sheet is chosen yet, so a row and column from the book's
         * opening would read as a line and column of text: the message
         * names the cells itself. */
        r->err.line = r->err.column = 0;
        return st;
    }
    (void)kind;
    kind = dvk_book_kind(r->book);
    r->encoding_display = kind == DVK_BOOK_ODS ? "ods" : kind == DVK_BOOK_XLS ? "xls" : "xlsx";
    r->delimiter = ',';       /* the record, as dvk_reader_record() writes it */
    r->line_end = LE_NONE;
    r->term = '\n';
    r->other_term = '\r';
    r->check_size = 0;        /* the book reads the file its own way */
    r->input_size = 0;        /* no progress in bytes */
    st = choose_sheet(r);
    if (st)
        return st;
    /* Lines skipped before the header are the sheet's first rows. */
    unsigned long from = r->skip_lines > 0 ? (unsigned long)r->skip_lines + 1 : 0;
    if (from)
        r->line = (long)from;
    else
        r->line = 1;
    return dvk_sheet_rewind(r, from);
}

int dvk_sheet_rewind(dvk_reader *r, unsigned long from)
{
    r->book_from = from;
    if (r->sheet_rows)
        r->sheet_rows->has_held = 0;
    int st = dvk_book_select(r->book, r->sheet, &r->err);
    if (st)
        r->failed = st;
    return st;
}

/* Room for the types of the fields the record can hold. */
static int type_room(dvk_reader *r)
{
    if (r->types_cap >= r->fields_cap)
        return DVK_OK;
    unsigned char *t = dvk_realloc_array(r->field_type, r->fields_cap, 1);
    if (!t)
        return DVK_NOMEM;
    r->field_type = t;
    double *x = dvk_realloc_array(r->field_num, r->fields_cap, sizeof *x);
    if (!x)
        return DVK_NOMEM;
    r->field_num = x;
    r->types_cap = r->fields_cap;
    return DVK_OK;
}

static int add_field(dvk_reader *r, const char *s, size_t len, int type, double x)
{
    int st = dvk_record_push(r, s, len);
    if (!st)
        st = type_room(r);
    if (st)
        return st;
    r->field_type[r->nfields - 1] = (unsigned char)type;
    r->field_num[r->nfields - 1] = x;
    return DVK_OK;
}

/* The row as a CSV line: a field quoted when it holds a comma, a quote
 * or a line end. */
static int write_record(dvk_reader *r, size_t n)
{
    dvk_buf *b = &r->book_record;
    dvk_buf_clear(b);
    for (size_t i = 0; i < n; i++) {
        const char *f = r->rowbuf.data + r->field_off[i];
        size_t len = r->field_len[i];
        if (i && dvk_buf_putc(b, ','))
            return DVK_NOMEM;
        if (len && strpbrk(f, ",\"\r\n")) {
            if (dvk_buf_putc(b, '"'))
                return DVK_NOMEM;
            for (size_t k = 0; k < len; k++)
                if ((f[k] == '"' && dvk_buf_putc(b, '"')) || dvk_buf_putc(b, f[k]))
                    return DVK_NOMEM;
            if (dvk_buf_putc(b, '"'))
                return DVK_NOMEM;
        } else if (dvk_buf_append(b, f, len)) {
            return DVK_NOMEM;
        }
    }
    return dvk_buf_putc(b, '\n') ? DVK_NOMEM : DVK_OK;
}

/* The next row of the sheet at or after book_from: the one held back, or
 * the book's next. */
static int next_row(dvk_reader *r, const dvk_cell **cells, size_t *n,
                    unsigned long *row, int *hidden)
{
    struct dvk_sheet_rows *s = r->sheet_rows;
    if (s && s->has_held) {
        s->has_held = 0;
        *cells = s->held.cells;
        *n = s->held.n;
        *row = s->held.row;
        *hidden = s->held.hidden;
        return DVK_ROW;
    }
    int st;
    do {
        st = dvk_book_next_row(r->book, cells, n, row, hidden, &r->err);
        if (st == DVK_DONE)
            return DVK_DONE;
        if (st != DVK_ROW) {
            r->failed = st;
            return st;
        }
    } while (*row < r->book_from);
    return DVK_ROW;
}

static int same_text(const dvk_cell *a, const dvk_cell *b)
{
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* 1 when the row holds a group heading: an area merged across two or more
 * columns, with a filled cell beside it.  A title merged across the
 * table's width fills nothing else, and is not one. */
static int group_heading(const dvk_cell *cells, size_t n)
{
    size_t filled = 0, widest = 0;
    for (size_t i = 0; i < n; i++) {
        if (cells[i].len == 0)
            continue;
        filled++;
        if (cells[i].merged != 2)
            continue;
        size_t k = i + 1;
        while (k < n && cells[k].merged == 1 && same_text(&cells[k], &cells[i]))
            k++;
        if (k - i > widest)
            widest = k - i;
    }
    return widest >= 2 && filled > widest;
}

/* Above the header, a row whose only text is one area merged across
 * columns is a title over the table (the list's name, the office): its
 * text is given in the area's first cell alone, so that it is not taken
 * for a header that fills every column.  [*FROM, *TO) is the area. */
static void title_run(const dvk_cell *cells, size_t n, size_t *from, size_t *to)
{
    size_t first = n;
    for (size_t i = 0; i < n; i++)
        if (cells[i].len) {
            first = i;
            break;
        }
    if (first == n || cells[first].merged != 2)
        return;
    size_t k = first + 1;
    while (k < n && cells[k].merged == 1 && same_text(&cells[k], &cells[first]))
        k++;
    for (size_t i = k; i < n; i++)
        if (cells[i].len)
            return;
    if (k - first >= 2) {
        *from = first;
        *to = k;
    }
}

/* 1 when SUB, the row under the header rows HEAD, holds their
 * sub-headings: a text under a group heading of HEAD, and nothing else but
 * a heading merged down from HEAD.  A data row (a unit, a number, a date
 * beside the group) is not one. */
static int sub_headings(const struct row_copy *head, const dvk_cell *sub, size_t m)
{
    size_t under = 0;
    for (size_t c = 0; c < m; c++) {
        if (sub[c].len == 0)
            continue;
        const dvk_cell *top = c < head->n ? &head->cells[c] : NULL;
        if (top && sub[c].merged == 1 && same_text(top, &sub[c]))
            continue;   /* merged down from the header */
        /* under a group heading: an area that spans this column and another */
        int grouped = top && top->len && top->merged
                      && ((c > 0 && head->cells[c - 1].merged && same_text(&head->cells[c - 1], top))
                          || (c + 1 < head->n && head->cells[c + 1].merged == 1
                              && same_text(&head->cells[c + 1], top)));
        if (!grouped || sub[c].type != DVK_CELL_TEXT)
            return 0;
        under++;
    }
    return under > 0;
}

/* The header row in CELLS has a group heading: the rows under it that
 * follow it directly are its sub-headings, joined to it column by column
 * into one header row ("Mô hình / Lĩnh vực"; a heading merged down over
 * them, or with nothing under it, stays as it is).  A sub-heading row
 * that has group headings of its own takes the row under it in turn.  The
 * first row that is not a sub-heading row is held back and given next.
 * On return CELLS is the joined row and LAST its last sheet row. */
static int join_header(dvk_reader *r, const dvk_cell **cells, size_t *n,
                       unsigned long *last, int *hidden)
{
    if (!r->sheet_rows) {
        r->sheet_rows = dvk_calloc(1, sizeof *r->sheet_rows);
        if (!r->sheet_rows)
            return dvk_error_nomem(&r->err);
    }
    struct dvk_sheet_rows *s = r->sheet_rows;
    if (row_copy_set(&s->head, *cells, *n, *last, *hidden))
        return dvk_error_nomem(&r->err);
    int more = 1;
    while (more) {
        const dvk_cell *sub;
        size_t m;
        unsigned long row;
        int h, st = next_row(r, &sub, &m, &row, &h);
        if (st == DVK_DONE)
            break;
        if (st != DVK_ROW)
            return st;
        if (row != *last + 1) {
            if (row_copy_set(&s->held, sub, m, row, h))
                return dvk_error_nomem(&r->err);
            s->has_held = 1;
            break;
        }
        if (!sub_headings(&s->head, sub, m)) {
            if (row_copy_set(&s->held, sub, m, row, h))
                return dvk_error_nomem(&r->err);
            s->has_held = 1;
            break;
        }
        more = group_heading(sub, m);
        /* Join into the work copy, then make it the header. */
        size_t w = s->head.n > m ? s->head.n : m;
        dvk_buf joined = {0};
        size_t *ends = dvk_calloc(w ? w : 1, sizeof *ends);
        int bad = !ends;
        for (size_t c = 0; c < w && !bad; c++) {
            const dvk_cell *top = c < s->head.n ? &s->head.cells[c] : NULL;
            const dvk_cell *low = c < m ? &sub[c] : NULL;
            int has_top = top && top->len, has_low = low && low->len;
            if (has_top)
                bad |= dvk_buf_append(&joined, top->text, top->len);
            if (has_low && !(has_top && low->merged == 1 && same_text(top, low)))
                bad |= (has_top && dvk_buf_append(&joined, " / ", 3))
                       || dvk_buf_append(&joined, low->text, low->len);
            ends[c] = joined.len;
        }
        if (!bad && w > s->work.cap) {
            dvk_cell *x = dvk_realloc_array(s->work.cells, w, sizeof *x);
            bad = !x;
            if (x) {
                s->work.cells = x;
                s->work.cap = w;
            }
        }
        if (!bad) {
            size_t from = 0;
            for (size_t c = 0; c < w; c++) {
                dvk_cell *d = &s->work.cells[c];
                memset(d, 0, sizeof *d);
                d->type = ends[c] > from ? DVK_CELL_TEXT : DVK_CELL_EMPTY;
                d->text = joined.data ? joined.data + from : "";
                d->len = ends[c] - from;
                /* the last row's flags, to tell its merges from a new row's */
                d->merged = c < m ? sub[c].merged : 0;
                from = ends[c];
            }
            /* row_copy_set copies the texts out of JOINED: each is cut at its
             * length there. */
            bad = row_copy_set(&s->head, s->work.cells, w, row, *hidden || h) != DVK_OK;
        }
        free(ends);
        dvk_buf_free(&joined);
        if (bad)
            return dvk_error_nomem(&r->err);
        *last = row;
        *hidden = s->head.hidden;
    }
    *cells = s->head.cells;
    *n = s->head.n;
    return DVK_OK;
}

int dvk_sheet_next(dvk_reader *r)
{
    if (r->failed)
        return r->failed;
    r->nfields = 0;
    dvk_buf_clear(&r->rowbuf);
    const dvk_cell *cells;
    size_t n;
    unsigned long row, last;
    int hidden, st = next_row(r, &cells, &n, &row, &hidden);
    if (st != DVK_ROW)
        return st;
    last = row;
    size_t title_from = 0, title_to = 0;
    if (!r->colnames && r->has_header) {
        if (group_heading(cells, n)) {
            st = join_header(r, &cells, &n, &last, &hidden);
            if (st)
                return st;
        } else {
            title_run(cells, n, &title_from, &title_to);
        }
    }
    r->row_line = (long)row;
    r->line = (long)last + 1;
    for (size_t i = 0; i < n; i++) {
        const dvk_cell *c = &cells[i];
        size_t len = c->len;
        if (len > r->max_field) {
            r->record_len = 0;
            char size[32];
            dvk_error_set(&r->err, DVK_LIMIT, (long)row, (long)i + 1,
                          _("the field starting here is longer than %s (the "
                          "reader's limit on a field)"),
                          dvk_limit_text(r->max_field, size, sizeof size));
            r->failed = DVK_LIMIT;
            return DVK_LIMIT;
        }
        if (i > title_from && i < title_to)
            len = 0;   /* a title merged across the table is said once */
        st = add_field(r, c->text ? c->text : "", c->text ? len : 0,
                       len ? c->type : DVK_CELL_EMPTY, c->number);
        if (st == DVK_LIMIT) {
            dvk_error_set(&r->err, DVK_LIMIT, (long)row, (long)i + 1,
                          _("more than %zu fields in a row (the reader's limit on "
                          "columns)"), r->max_columns);
            r->failed = DVK_LIMIT;
            return DVK_LIMIT;
        }
        if (st)
            return dvk_error_nomem(&r->err);
    }
    size_t given = r->nfields;
    /* A sheet leaves the empty cells at a row's end out: up to the
     * header's width they are empty fields, not missing ones. */
    while (r->ncols && r->nfields < r->ncols)
        if (add_field(r, "", 0, DVK_CELL_EMPTY, 0))
            return dvk_error_nomem(&r->err);
    if (write_record(r, given))
        return dvk_error_nomem(&r->err);
    r->record_off = 0;
    r->record_len = r->book_record.len;
    if (hidden && r->colnames)
        r->rows_hidden++;
    return DVK_ROW;
}
