/* header.c: where the table starts, and its header.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The title above the table is skipped, then the header's rows are read
 * and their names combined.  What the rows under the header say about the
 * table (its key columns, subtotals, numbers, units merged down) is found
 * by layout.c, which look_ahead() calls once the header is known. */
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

/* A cell of the current row, trimmed, and whether it is filled. */
const char *dvk_row_cell(const dvk_reader *r, size_t i, size_t *len)
{
    const char *f = r->rowbuf.data + r->field_off[i];
    size_t n = r->field_len[i];
    while (n > 0 && (*f == ' ' || *f == '\t')) {
        f++;
        n--;
    }
    while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\t'))
        n--;
    *len = n;
    return f;
}

/* ------------------------------------------------------------ the title */

/* The filled cells of the current row among the first 64. */
static uint64_t filled_mask(const dvk_reader *r)
{
    uint64_t m = 0;
    size_t len;
    for (size_t i = 0; i < r->nfields && i < 64; i++) {
        dvk_row_cell(r, i, &len);
        if (len)
            m |= (uint64_t)1 << i;
    }
    return m;
}

/* The filled cells of the current row, a run of equal cells side by side
 * counting once (a merged area of a sheet repeats its value), and whether
 * there are exactly two set apart by empty cells: the office and the
 * national motto side by side, as the title block of a form writes them. */
static size_t title_cells(const dvk_reader *r, int *apart)
{
    size_t seen = 0, last = 0, len, plen = 0;
    const char *prev = NULL;
    int gap = 0;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *s = dvk_row_cell(r, i, &len);
        if (!len) {
            prev = NULL;
            continue;
        }
        if (prev && plen == len && memcmp(prev, s, len) == 0) {
            last = i;
            continue;
        }
        if (seen && i > last + 1)
            gap = 1;
        seen++;
        last = i;
        prev = s;
        plen = len;
    }
    *apart = seen == 2 && gap;
    return seen;
}

/* Spreadsheet exports often begin with a title above the table: the
 * office and the national motto (in one or two cells), the name of the
 * list, a date.  Looking ahead over the first rows, the header is the
 * first row that fills at least half as many cells as the fullest (and
 * two or more) and is not two cells set apart; the rows above it are
 * skipped.  The reader then stands where it stood, or at the header. */
#define TITLE_LOOKAHEAD 30

static void skip_title(dvk_reader *r)
{
    size_t start_pos = r->pos, pos[TITLE_LOOKAHEAD];
    long start_line = r->line, line[TITLE_LOOKAHEAD];
    size_t filled[TITLE_LOOKAHEAD], n = 0, most = 0;
    unsigned char apart[TITLE_LOOKAHEAD];
    uint64_t mask[TITLE_LOOKAHEAD];
    unsigned long long rows_read = r->rows_read, rows_rejected = r->rows_rejected;
    r->keep_text = 1; /* so that the positions stay good */
    while (n < TITLE_LOOKAHEAD) {
        size_t p = r->pos;
        if (dvk_source_next(r) != DVK_ROW)
            break;
        long l = r->row_line;
        int ap;
        size_t k = title_cells(r, &ap);
        if (k == 0)
            continue; /* blank */
        pos[n] = p;
        line[n] = l;
        apart[n] = (unsigned char)ap;
        mask[n] = filled_mask(r);
        filled[n++] = k;
        if (k > most)
            most = k;
    }
    r->keep_text = 0;
    size_t need = (most + 1) / 2 > 2 ? (most + 1) / 2 : 2;
    size_t h = 0;
    while (h < n && (filled[h] < need || apart[h]))
        h++;
    /* A group heading row over it (fewer cells: its headings span several
     * columns) starts the header: the row right above, whose empty cells
     * the found row fills and which fills cells the found row leaves
     * empty (headings merged down). */
    for (int up = 0; up < 2 && h > 0 && h < n; up++) {
        size_t a = h - 1;
        if (line[a] + 1 != line[h] || apart[a] || filled[a] < 2 ||
            !(mask[h] & ~mask[a]) || !(mask[a] & ~mask[h]))
            break;
        h = a;
    }
    /* Errors met while looking ahead come again when the rows are read,
     * and are counted then. */
    dvk_error_clear(&r->err);
    r->failed = 0;
    r->rows_read = rows_read;
    r->rows_rejected = rows_rejected;
    r->title_rows = h < n ? (long)h : 0;
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

/* ----------------------------------------------------------- the header */

/* The cells of a header row, cleaned. */
struct hrow {
    char **cells;
    size_t n;
    long line;
};

static void hrow_free(struct hrow *h)
{
    dvk_names_free(h->cells, h->n);
    h->cells = NULL;
    h->n = 0;
}

static int hrow_take(dvk_reader *r, struct hrow *h)
{
    h->n = r->nfields;
    h->line = r->row_line;
    h->cells = dvk_calloc(h->n ? h->n : 1, sizeof *h->cells);
    if (!h->cells)
        return DVK_NOMEM;
    for (size_t i = 0; i < h->n; i++) {
        size_t len;
        const char *s = dvk_reader_normalize_cached(r, r->rowbuf.data + r->field_off[i],
                                                    r->field_len[i], DVK_TEXT_CLEAN, &len);
        if (!s)
            return r->err.status;
        if (!(h->cells[i] = dvk_strndup(s, len)))
            return DVK_NOMEM;
    }
    return DVK_OK;
}

static const char *hcell(const struct hrow *h, size_t i)
{
    return i < h->n ? h->cells[i] : "";
}

/* The column where the heading over column I of header row H starts: I
 * itself when its cell is filled, else the nearest filled cell to its
 * left, as long as the row above (PARENT, or NULL) does not start a new
 * heading in between; (size_t)-1 when none. */
static size_t span_start(const struct hrow *h, const struct hrow *parent, size_t i)
{
    for (size_t k = i + 1; k-- > 0;) {
        if (hcell(h, k)[0])
            return k;
        if (parent && k > 0 && span_start(parent, NULL, k) == k && hcell(parent, k)[0])
            return (size_t)-1;
    }
    return (size_t)-1;
}

/* Row of column numbers under a header: "(1)", "(2)" … or "1", "2" …
 * or "A", "B" …, consecutive, over at least half of the columns.  2 when
 * they are plain numbers, which a row of data could also be. */
static int column_numbers(const dvk_reader *r, size_t ncols)
{
    size_t filled = 0, len;
    long prev = 0;
    int plain = 1;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *s = dvk_row_cell(r, i, &len);
        if (!len)
            continue;
        if (s[0] == '(' && len > 2 && s[len - 1] == ')') {
            s++;
            len -= 2;
            plain = 0;
        }
        long v;
        if (len == 1 && s[0] >= 'A' && s[0] <= 'Z') {
            v = s[0] - 'A' + 1;
            plain = 0;
        } else {
            if (len > 3 || len == 0)
                return 0;
            v = 0;
            for (size_t k = 0; k < len; k++) {
                if (s[k] < '0' || s[k] > '9')
                    return 0;
                v = v * 10 + (s[k] - '0');
            }
        }
        if (filled && v != prev + 1)
            return 0;
        prev = v;
        filled++;
    }
    if (filled < 2 || filled * 2 < ncols)
        return 0;
    return plain ? 2 : 1;
}

/* The first filled cell of a row starts a numbering: "1", "I", "A",
 * alone or before a point ("I. CẤP HUYỆN"), as the first row under the
 * column numbers of a form does. */
static int numbering_starts(const dvk_reader *r)
{
    size_t len;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *s = dvk_row_cell(r, i, &len);
        if (!len)
            continue;
        if (s[0] != '1' && s[0] != 'I' && s[0] != 'A')
            return 0;
        return len == 1 || s[1] == '.' || s[1] == ')';
    }
    return 0;
}

/* A row of numbers and nothing else. */
static int numbers_only(const dvk_reader *r)
{
    size_t len;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *s = dvk_row_cell(r, i, &len);
        if (len && dvk_number_shape(s, len) == DVK_SHAPE_TEXT)
            return 0;
    }
    return 1;
}

static size_t filled_cells(const struct hrow *h)
{
    size_t n = 0;
    for (size_t i = 0; i < h->n; i++)
        n += h->cells[i][0] != 0;
    return n;
}

/* Whether the current row continues the header (rows H[0..n)): its
 * filled cells all lie under a heading that spans several columns (a
 * group heading with empty cells after it, or the same text repeated,
 * as a merged area is read), or repeat the cell above (merged down), and
 * one at least lies under a group.  2: it does, but holds numbers only,
 * which data could as well. */
static int continues_header(const dvk_reader *r, const struct hrow *h, size_t n)
{
    const struct hrow *above = &h[n - 1];
    size_t under = 0, numbers = 0, len;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *s = dvk_row_cell(r, i, &len);
        if (!len)
            continue;
        const char *up = hcell(above, i);
        size_t st = span_start(above, n > 1 ? &h[n - 2] : NULL, i);
        int group = st != (size_t)-1 &&
                    (st < i || (i + 1 < r->nfields && !hcell(above, i + 1)[0] &&
                                span_start(above, n > 1 ? &h[n - 2] : NULL, i + 1) == i) ||
                     (i > 0 && strcmp(hcell(above, i - 1), up) == 0) ||
                     strcmp(hcell(above, i + 1), up) == 0);
        if (group)
            under++;
        else if (strlen(up) != len || strncmp(up, s, len) != 0)
            return 0;
        int shape = dvk_number_shape(s, len);
        long y;
        if (shape != DVK_SHAPE_TEXT && dvk_time_parse(s, len, DVK_PERIOD_YEAR, &y) != DVK_OK)
            numbers++;
    }
    if (!under)
        return 0;
    return numbers == under ? 2 : 1;
}

/* The names of the columns from header rows H[0..n): the headings over a
 * column from the top down, each once, joined by " / ". */
static int combine_names(dvk_reader *r, const struct hrow *h, size_t n)
{
    for (size_t i = 0; i < r->ncols; i++) {
        dvk_buf name = {0};
        const char *last = "";
        int st = DVK_OK;
        for (size_t k = 0; k < n && !st; k++) {
            size_t s = span_start(&h[k], k ? &h[k - 1] : NULL, i);
            /* An empty cell of the top row belongs to the heading on its
             * left only when a row below names the column. */
            if (s != i && s != (size_t)-1 && k == 0) {
                int below = 0;
                for (size_t j = 1; j < n; j++)
                    below |= hcell(&h[j], i)[0] != 0;
                if (!below)
                    s = (size_t)-1;
            }
            const char *part = s == (size_t)-1 ? "" : hcell(&h[k], s);
            if (!part[0] || strcmp(part, last) == 0)
                continue;
            if (name.len)
                st = dvk_buf_append(&name, " / ", 3);
            if (!st)
                st = dvk_buf_append(&name, part, strlen(part));
            last = part;
        }
        if (!st && !name.len)
            st = dvk_buf_printf(&name, "%zu", i + 1);
        if (st || !(r->colnames[i] = dvk_strndup(name.data, name.len))) {
            dvk_buf_free(&name);
            return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
        }
        dvk_buf_free(&name);
    }
    return DVK_OK;
}

/* Read the header rows after the first (already in H[0]), the row of
 * column numbers, and a sample of the table; stand before its first row. */
static int look_ahead(dvk_reader *r, struct hrow *h, size_t *nh)
{
    size_t pos = r->pos;
    long line = r->book ? r->row_line + 1 : r->line;
    unsigned long long rows_read = r->rows_read, rows_rejected = r->rows_rejected;
    unsigned long long rows_hidden = r->rows_hidden, blanks = 0, tent_blanks = 0;
    int st = DVK_OK, ambiguous = 0;
    long amb_line = 0;
    r->keep_text = 1;
    size_t want = r->header_rows_request > 0 ? (size_t)r->header_rows_request : 0;
    long tentative = 0, tent_line = 0;
    size_t tent_pos = 0;
    /* the header's rows */
    for (;;) {
        size_t p = r->pos;
        long l = r->line;
        int s = dvk_source_next(r);
        if (s != DVK_ROW) {
            if (tentative) { /* the input ends under plain numbers: data */
                pos = tent_pos;
                line = tent_line;
                blanks = tent_blanks;
            }
            break;
        }
        if (r->book)
            l = r->row_line; /* a sheet is read again from a row's number */
        if (dvk_row_is_blank(r)) {
            blanks++;
            continue;
        }
        int more = 0;
        if (tentative) {
            /* Plain numbers under the header were column numbers only if
             * the row under them is not numbers too, and starts counting
             * its rows again. */
            if (!numbers_only(r) && numbering_starts(r)) {
                r->colnum_line = tentative;
            } else {
                p = tent_pos;
                l = tent_line;
                blanks = tent_blanks;
            }
            pos = p;
            line = l;
            break;
        }
        if (want ? *nh < want : *nh < 3 && h[0].n && filled_cells(&h[0]) >= 2) {
            more = want ? 1 : continues_header(r, h, *nh);
            if (more == 2 && !want) {
                ambiguous = 1;
                amb_line = r->row_line;
                more = 0;
            }
        }
        if (more) {
            if ((st = hrow_take(r, &h[*nh])))
                break;
            (*nh)++;
            blanks = 0;
            pos = r->pos;
            line = r->book ? r->row_line + 1 : r->line;
            continue;
        }
        size_t ncols = 0;
        for (size_t k = 0; k < *nh; k++)
            for (size_t i = 0; i < h[k].n; i++)
                if (h[k].cells[i][0] && i + 1 > ncols)
                    ncols = i + 1;
        int cn = column_numbers(r, ncols);
        if (cn == 1) {
            blanks = 0;
            r->colnum_line = r->row_line;
            pos = r->pos;
            line = r->book ? r->row_line + 1 : r->line;
            break;
        }
        if (cn == 2) {
            tentative = r->row_line;
            tent_blanks = blanks;
            tent_pos = p;
            tent_line = l;
            continue;
        }
        pos = p;
        line = l;
        break;
    }
    if (st) {
        r->keep_text = 0;
        return st == DVK_NOMEM ? dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory")) : st;
    }
    if (ambiguous && *nh == 1) {
        r->keep_text = 0;
        dvk_error_set(&r->err, DVK_SYNTAX, amb_line, 0,
                      _("the header may take one row or two: the row under it "
                        "holds numbers only, under a group heading"));
        dvk_error_hint(&r->err, _("--header-rows 1 or --header-rows 2 says which"));
        return DVK_SYNTAX;
    }
    /* the columns */
    size_t n = 0;
    for (size_t k = 0; k < *nh; k++)
        for (size_t i = 0; i < h[k].n; i++)
            if (h[k].cells[i][0] && i + 1 > n)
                n = i + 1;
    if (n == 0)
        n = h[0].n ? h[0].n : 1;
    r->ncols = n;
    r->colnames = dvk_calloc(n, sizeof *r->colnames);
    if (!r->colnames || combine_names(r, h, *nh)) {
        r->keep_text = 0;
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    }
    r->header_rows = *nh;
    /* the sample */
    if (!r->book && dvk_split_reset(r))
        st = DVK_NOMEM;
    if (!r->book) {
        r->pos = pos;
        r->line = line;
    } else {
        r->line = line;
        dvk_sheet_rewind(r, (unsigned long)line);
    }
    if (!st)
        st = dvk_layout_sample(r);
    r->keep_text = 0;
    dvk_error_clear(&r->err);
    r->failed = 0;
    r->rows_read = rows_read;
    r->rows_rejected = rows_rejected;
    r->rows_hidden = rows_hidden;
    r->rows_blank += blanks; /* between the header and the table's first row */
    if (st)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    if (r->book) {
        r->line = line;
        return dvk_sheet_rewind(r, (unsigned long)line);
    }
    if (dvk_split_reset(r))
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    r->pos = pos;
    r->line = line;
    return DVK_OK;
}

int dvk_read_header(dvk_reader *r)
{
    int st = DVK_ROW;
    if (r->skip_lines < 0 && r->has_header && r->header_rows_request <= 0)
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
    if (r->has_header) {
        struct hrow h[16] = {{0}};
        size_t nh = 1;
        if (r->header_rows_request > 16)
            r->header_rows_request = 16;
        st = hrow_take(r, &h[0]);
        if (st == DVK_NOMEM)
            st = dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
        if (!st)
            st = look_ahead(r, h, &nh);
        for (size_t k = 0; k < 16; k++)
            hrow_free(&h[k]);
        if (st)
            return st;
        if (r->title_skipped)
            st = dvk_layout_say(r, DVK_LAYOUT_TITLE, r->header_line,
                                (unsigned long long)r->title_rows, (size_t)-1, 0);
        if (!st && r->header_rows > 1)
            st = dvk_layout_say(r, DVK_LAYOUT_HEADER_ROWS, r->header_line,
                                r->header_rows, (size_t)-1, 0);
        if (!st && r->colnum_line)
            st = dvk_layout_say(r, DVK_LAYOUT_COLUMN_NUMBERS, r->colnum_line, 1,
                                (size_t)-1, 0);
        if (st)
            return st;
        return dvk_reader_init_columns(r);
    }
    size_t n = r->nfields;
    r->ncols = n;
    r->colnames = dvk_calloc(n ? n : 1, sizeof *r->colnames);
    if (!r->colnames)
        return dvk_error_nomem(&r->err);
    for (size_t i = 0; i < n; i++) {
        char num[32];
        size_t len = (size_t)snprintf(num, sizeof num, "%zu", i + 1);
        r->colnames[i] = dvk_strndup(num, len);
        if (!r->colnames[i])
            return dvk_error_nomem(&r->err);
    }
    r->pending_row = 1;
    return dvk_reader_init_columns(r);
}
