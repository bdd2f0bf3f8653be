/* layout.c: what the rows under a header say about the table.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A form's layout is learnt from a look ahead past its header: which
 * columns every data row fills (the key columns), which hold numbers
 * summed by subtotal rows, which decimal convention each column of numbers
 * follows, and which columns of units are merged down.  The rows that are
 * not data (section headings, subtotals, the signature block that ends the
 * table) are told apart here too, for the sample and for rows.c, and each
 * decision is kept as a note of layout.  Apart from header.c, which finds
 * where the table starts and reads its header, to keep each file short. */
#include "reader.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------- notes of layout */

int dvk_layout_say(dvk_reader *r, int kind, long line, unsigned long long count,
                   size_t column, int value)
{
    /* Rows of one kind make one note: the first line, and a count. */
    if (kind >= DVK_LAYOUT_SECTION)
        for (size_t i = 0; i < r->nnotes; i++)
            if (r->notes[i].kind == kind) {
                r->notes[i].count += count;
                return DVK_OK;
            }
    struct dvk_layout_note *grown = dvk_realloc_array(r->notes, r->nnotes + 1, sizeof *grown);
    if (!grown)
        return dvk_error_set(&r->err, DVK_NOMEM, 0, 0, _("out of memory"));
    r->notes = grown;
    r->notes[r->nnotes++] = (struct dvk_layout_note){.size = sizeof (struct dvk_layout_note), .kind = kind, .line = line, .count = count, .column = column, .value = value};
    return DVK_OK;
}

/* ------------------------------------------------------ rows that say so */

/* The loose form of a cell (no case, no diacritics, letters and digits
 * only), into BUF; its length. */
static size_t loose(dvk_reader *r, const char *s, size_t len, char *buf, size_t size)
{
    size_t n;
    const char *k = dvk_reader_normalize_cached(r, s, len, DVK_TEXT_NAME, &n);
    if (!k || size == 0)
        return 0;
    if (n >= size)
        n = size - 1;
    memcpy(buf, k, n);
    buf[n] = '\0';
    return n;
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* The signature block and notes under a table: the place and date line
 * ("Ngãi Giao, ngày 15 tháng 12 năm 2023"), the signers' titles, "Ghi
 * chú", "Nơi nhận". */
static int says_end(dvk_reader *r, const char *s, size_t len)
{
    static const char *const titles[] = {
        "nguoilapbieu", "nguoilap", "nguoiky", "thutruong", "tm", "kt", "tl", "tuq",
        "ghichu", "noinhan", "xacnhan", "kyten", "kyghiro", "kydongdau", "lanhdao",
        "truongban", "photruongban", "bithu", "phobithu", "chutich", "phochutich"};
    char buf[256];
    size_t n = loose(r, s, len, buf, sizeof buf);
    if (n == 0)
        return 0;
    char *d = strstr(buf, "ngay");
    char *m = d ? strstr(d, "thang") : NULL;
    if (m && strstr(m, "nam"))
        return 1;
    for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
        if (buf[0] != titles[i][0]) /* most cells: no title starts so */
            continue;
        size_t t = strlen(titles[i]);
        if (strncmp(buf, titles[i], t) != 0)
            continue;
        /* "TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH": the short ones only
         * before a point in the text itself. */
        if (t <= 3) {
            size_t k = 0;
            while (k < len && s[k] != '.' && s[k] != '/')
                k++;
            if (k >= len || k > 4)
                continue;
        }
        return 1;
    }
    return 0;
}

/* A subtotal's label: "Cộng xã An Phú", "Cộng: 7", "Cộng I", "Tổng cộng
 * toàn huyện", "Tổng số", "Tổng:", "Total" — not "Cộng đồng …", "Cộng tác
 * …" or "Cộng hòa …", which begin names. */
static int says_subtotal(dvk_reader *r, const char *s, size_t len)
{
    char buf[128];
    size_t n = loose(r, s, len, buf, sizeof buf);
    if (n < 4)
        return 0;
    if (starts(buf, "congdong") || starts(buf, "congtac") || starts(buf, "conghoa"))
        return 0;
    if (starts(buf, "tongcong") || starts(buf, "tongso") || starts(buf, "total") ||
        starts(buf, "subtotal") || starts(buf, "grandtotal") || strcmp(buf, "tong") == 0)
        return 1;
    if (starts(buf, "cong"))
        return 1;
    /* "Tổng:" alone, with a count after it */
    return starts(buf, "tong") && len > 5 && memchr(s, ':', len) != NULL;
}

/* A section heading's text: "I. CẤP HUYỆN", "A. KHỐI XÃ", "1. Xã An Phú",
 * a unit's kind first ("Xã Long Hiệp", "Phường 1"), or capitals only. */
static int says_heading(dvk_reader *r, const char *s, size_t len)
{
    static const char *const kinds[] = {"xa", "phuong", "thitran", "huyen", "thanhpho",
                                        "thixa", "khoi", "cap", "cum", "thon", "ap",
                                        "khupho", "todanpho", "donvi", "linhvuc", "ban",
                                        "hoi", "dang", "phan"};
    size_t i = 0;
    /* a numbering: roman, a letter or digits, then '.', ')' or '/' */
    while (i < len && i < 6 && ((s[i] >= '0' && s[i] <= '9') || strchr("IVXLivxl", s[i])))
        i++;
    if (i == 0 && len > 1 && s[0] >= 'A' && s[0] <= 'Z')
        i = 1;
    if (i > 0 && i < len && (s[i] == '.' || s[i] == ')') && i + 1 < len)
        return 1;
    /* capitals only */
    size_t n;
    const char *key = dvk_reader_normalize_cached(r, s, len, DVK_TEXT_KEY, &n);
    if (!key)
        return 0;
    int letters = 0, upper = 1;
    const char *clean = dvk_reader_normalize_cached(r, s, len, DVK_TEXT_CLEAN, &n);
    if (clean) {
        size_t kn;
        key = dvk_reader_normalize_cached(r, s, len, DVK_TEXT_KEY, &kn);
        if (key && kn == n) {
            for (size_t k = 0; k < n; k++) {
                if ((unsigned char)clean[k] >= 0x80 || (clean[k] | 0x20) >= 'a') {
                    letters++;
                    if (clean[k] == key[k] && clean[k] >= 'a' && clean[k] <= 'z')
                        upper = 0;
                } 
            }
            if (letters >= 3 && upper && memcmp(clean, key, n) != 0)
                return 1;
        }
    }
    char buf[64];
    size_t ln = loose(r, s, len, buf, sizeof buf);
    for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
        size_t t = strlen(kinds[k]);
        if (ln > t && strncmp(buf, kinds[k], t) == 0) {
            /* the kind as a word of its own */
            size_t w = 0;
            while (w < len && s[w] != ' ' && s[w] != '.')
                w++;
            if (w < len)
                return 1;
        }
    }
    return 0;
}

/* A serial number alone in a cell: "1", "12", "I", "IV", "A". */
static int serial(const char *s, size_t len)
{
    if (len == 0 || len > 5)
        return 0;
    size_t i = 0;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || strchr("IVXivx", s[i])))
        i++;
    if (i == len)
        return 1;
    return len == 1 && s[0] >= 'A' && s[0] <= 'Z';
}

/* Whether the numbers of the current row are the sums of the data rows
 * since the last subtotal (or since the start): a subtotal row without a
 * label.  At least one number, each equal. */
static int sums_match(const dvk_reader *r)
{
    int any = 0, since = 1, all = 1;
    for (size_t k = 0; k < r->nsum; k++) {
        size_t c = r->sum_cols[k];
        if (c >= r->nfields || r->field_len[c] == 0)
            continue;
        double x;
        if (dvk_reader_field_number(r, c, &x) != DVK_OK)
            return 0;
        any = 1;
        double tol = 1e-9 * (1 + (x < 0 ? -x : x));
        double a = r->sums[k] - x, b = r->sums_all[k] - x;
        if (a > tol || a < -tol)
            since = 0;
        if (b > tol || b < -tol)
            all = 0;
    }
    return any && (since || all);
}

int dvk_layout_classify(dvk_reader *r)
{
    size_t filled = 0, texts = 0, numbers = 0, first = (size_t)-1, len;
    int subtotal = 0, heading = 0;
    for (size_t i = 0; i < r->nfields; i++) {
        const char *s = dvk_row_cell(r, i, &len);
        if (!len)
            continue;
        filled++;
        if (says_end(r, s, len))
            return DVK_LAYOUT_TABLE_END;
        if (first == (size_t)-1)
            first = i;
        int shape = dvk_number_shape(s, len);
        if (shape != DVK_SHAPE_TEXT) {
            if (!(i == first && serial(s, len)))
                numbers++;
            continue;
        }
        if (i == first && serial(s, len))
            continue;
        texts++;
        if (says_subtotal(r, s, len))
            subtotal = 1;
        else if (says_heading(r, s, len))
            heading = 1;
    }
    if (filled == 0)
        return 0;
    if (subtotal && texts == 1)
        return DVK_LAYOUT_SUBTOTAL;
    if (heading && texts <= 2 && numbers == 0)
        return DVK_LAYOUT_SECTION;
    if (texts == 0 && numbers > 0 && r->nsum && sums_match(r))
        return DVK_LAYOUT_SUBTOTAL;
    return 0;
}

/* A row with an empty key cell whose text says it is a subtotal ("Cộng xã
 * A", "Cộng: 3 mô hình") but that fills half or more of the key columns,
 * as a record missing a cell does.  In a form whose subtotals add up their
 * rows, numbers that are those sums settle it: *KIND is set to a subtotal.
 * Otherwise either reading changes a count: DVK_AMBIGUOUS, message set. */
int dvk_layout_check_labelled(dvk_reader *r, int *kind)
{
    size_t len, at = (size_t)-1;
    for (size_t i = 0; i < r->nfields && at == (size_t)-1; i++) {
        const char *s = dvk_row_cell(r, i, &len);
        if (len && dvk_number_shape(s, len) == DVK_SHAPE_TEXT && says_subtotal(r, s, len))
            at = i;
    }
    if (at == (size_t)-1)
        return DVK_OK;
    if (r->form && r->nsum && sums_match(r)) {
        *kind = DVK_LAYOUT_SUBTOTAL;
        return DVK_OK;
    }
    const char *s = dvk_row_cell(r, at, &len);
    int n = len > 60 ? 60 : (int)len;
    long line, column;
    dvk_record_place(r, at, &line, &column);
    dvk_error_set(&r->err, DVK_AMBIGUOUS, line, column,
                  _("this row says '%.*s' as a subtotal does, but fills key columns as a "
                    "record with an empty cell does, and its numbers are not the sums of "
                    "the rows above: a total or a record?"), n, s);
    dvk_error_hint(&r->err, _("--keep-subtotals reads such rows as records; a total row "
                   "left out must leave the key columns empty or hold the sums"));
    return DVK_AMBIGUOUS;
}

/* --------------------------------------------------------- a first look */

/* Rows looked at past the header to learn the table: its key columns,
 * the conventions of its numbers, the columns merged down. */
#define SAMPLE_ROWS 2000
#define SAMPLE_CELLS ((size_t)1 << 22)

struct sample {
    size_t rows;
    unsigned char *cells;      /* rows × ncols: 0 empty, 1 text, 2 number */
    unsigned char *skip;       /* per row: what dvk_layout_classify() says */
    size_t cap;
    size_t (*shapes)[7];       /* per column: values of each shape */
    uint64_t **hashes;         /* per column: the values' hashes (fill-down) */
    size_t *nhash;
};

static uint64_t hash(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
    return h;
}

static int sample_row(dvk_reader *r, struct sample *sm, int not_data)
{
    size_t nc = r->ncols;
    if (sm->rows == sm->cap) {
        size_t cap = sm->cap ? 2 * sm->cap : 64;
        unsigned char *c = dvk_realloc_array(sm->cells, cap, nc);
        if (!c)
            return DVK_NOMEM;
        sm->cells = c;
        unsigned char *k = dvk_realloc_array(sm->skip, cap, 1);
        if (!k)
            return DVK_NOMEM;
        sm->skip = k;
        sm->cap = cap;
    }
    unsigned char *row = sm->cells + sm->rows * nc;
    sm->skip[sm->rows] = (unsigned char)not_data;
    for (size_t i = 0; i < nc; i++) {
        size_t len = 0;
        const char *s = i < r->nfields ? dvk_row_cell(r, i, &len) : "";
        row[i] = 0;
        if (!len)
            continue;
        int shape = dvk_number_shape(s, len);
        row[i] = shape == DVK_SHAPE_TEXT ? 1 : 2;
        sm->shapes[i][shape]++;
        if (!not_data && shape == DVK_SHAPE_TEXT && sm->nhash[i] < SAMPLE_ROWS) {
            size_t kn;
            const char *key = dvk_reader_normalize_cached(r, s, len, DVK_TEXT_KEY, &kn);
            size_t have = sm->nhash[i];
            /* Grown as values come: a short table never pays for the
             * sample's 2,000 rows in every column. */
            if (key && have && !(have & (have - 1)) && have >= 16) {
                uint64_t *h = dvk_realloc(sm->hashes[i], 2 * have * sizeof *h);
                if (!h)
                    return DVK_NOMEM;
                sm->hashes[i] = h;
            }
            if (key)
                sm->hashes[i][sm->nhash[i]++] = hash(key, kn);
        }
    }
    sm->rows++;
    return DVK_OK;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* A column's name says it holds units or places: merged down in forms. */
static int unit_column(const char *name)
{
    static const char *const words[] = {"donvi", "xa", "phuong", "thitran", "diaban",
                                        "huyen", "coquan", "khupho", "thon", "ap"};
    char *k = NULL;
    if (dvk_text_normalize(name, strlen(name), DVK_TEXT_NAME, &k, NULL))
        return 0;
    int yes = 0;
    for (size_t w = 0; w < sizeof words / sizeof *words && !yes; w++)
        yes = strncmp(k, words[w], strlen(words[w])) == 0;
    free(k);
    return yes;
}

/* A column's name says it holds a level ("Cấp", "Cấp đơn vị"): where it
 * changes inside a run of empty unit cells, the row may be another unit's
 * (a district's own row under a commune's block). */
static int level_column(const char *name)
{
    static const char *const words[] = {"cap", "capdonvi", "caphanhchinh", "capquanly",
                                        "loaidonvi"};
    char *k = NULL;
    if (dvk_text_normalize(name, strlen(name), DVK_TEXT_NAME, &k, NULL))
        return 0;
    int yes = 0;
    for (size_t w = 0; w < sizeof words / sizeof *words && !yes; w++)
        yes = strcmp(k, words[w]) == 0;
    free(k);
    return yes;
}

/* ----------------------------------------------------- cells merged down
 *
 * In a workbook a merged cell is an area the file itself draws; in a CSV
 * export only its first cell keeps the text, so an empty cell under a
 * unit's name may be the same unit (merged down) or no unit at all (a
 * district agency in a column of communes).  The reader fills such a
 * column down of its own accord only where the file closes each block: a
 * run of empty cells must end with the next unit's name in the column,
 * and no unit column to its left, nor a level column ("Cấp"), may change
 * on a row of the run (a new district's row, or one of the district's
 * own, is not the commune's above).  A run that reaches a heading, a subtotal, the end of the table
 * or of the input, or the same name again, is not closed: the reader asks
 * rather than guesses. */

struct dvk_fill_guess {
    size_t col;
    size_t *outer;          /* the unit columns to its left, and level
                             * columns anywhere */
    size_t nouter;
    uint64_t *open;         /* per outer column: its cell on the row that
                             * opened the block (a hash; 0 when empty) */
    long run_line, run_col; /* the first empty cell of the open run; 0: none */
    int off;                /* the caller said --fill-down or the like */
};

void dvk_layout_guess_free(dvk_reader *r)
{
    for (size_t g = 0; g < r->nguess; g++) {
        free(r->guess[g].outer);
        free(r->guess[g].open);
    }
    free(r->guess);
    r->guess = NULL;
    r->nguess = 0;
}

void dvk_layout_guess_off(dvk_reader *r, size_t col)
{
    for (size_t g = 0; g < r->nguess; g++)
        if (r->guess[g].col == col)
            r->guess[g].off = 1;
}

static int guess_add(dvk_reader *r, size_t col)
{
    struct dvk_fill_guess *grown = dvk_realloc_array(r->guess, r->nguess + 1, sizeof *grown);
    if (!grown)
        return DVK_NOMEM;
    r->guess = grown;
    struct dvk_fill_guess *f = &r->guess[r->nguess++];
    *f = (struct dvk_fill_guess){.col = col};
    size_t nc = r->ncols ? r->ncols : 1;
    f->outer = dvk_calloc(nc, sizeof *f->outer);
    f->open = dvk_calloc(nc, sizeof *f->open);
    if (!f->outer || !f->open)
        return DVK_NOMEM;
    for (size_t j = 0; j < r->ncols; j++)
        if ((j < col && unit_column(r->colnames[j])) || (j != col && level_column(r->colnames[j])))
            f->outer[f->nouter++] = j;
    return DVK_OK;
}

static uint64_t cell_hash(const dvk_reader *r, size_t i)
{
    size_t len = 0;
    const char *s = i < r->nfields ? dvk_row_cell(r, i, &len) : "";
    return len ? hash(s, len) | 1 : 0;
}

/* The text above, trimmed, for a message. */
static const char *above(const dvk_reader *r, size_t col, int *n)
{
    const dvk_buf *b = &r->fill_value[col];
    const char *s = b->data ? b->data : "";
    size_t len = b->len;
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    *n = len > 60 ? 60 : (int)len;
    return s;
}

static int ask_fill(dvk_reader *r, struct dvk_fill_guess *f, long at_end, size_t outer)
{
    int n;
    const char *s = above(r, f->col, &n);
    const char *name = r->colnames[f->col];
    long line = f->run_line, column = f->run_col;
    if (outer != (size_t)-1) {
        dvk_record_place(r, f->col, &line, &column);
        dvk_error_set(&r->err, DVK_AMBIGUOUS, line, column,
                      _("column '%s' is empty here after '%.*s', and column '%s' names a unit "
                        "on this row: the same unit as above (cells merged down) or no unit?"),
                      name, n, s, r->colnames[outer]);
    } else if (at_end > 0) {
        dvk_error_set(&r->err, DVK_AMBIGUOUS, line, column,
                      _("column '%s' is empty from here after '%.*s' up to line %ld, which is "
                        "not a record: the same unit as above (cells merged down) or no unit?"),
                      name, n, s, at_end);
    } else if (at_end < 0) {
        dvk_error_set(&r->err, DVK_AMBIGUOUS, line, column,
                      _("column '%s' is empty from here after '%.*s' to the end of the table: "
                        "the same unit as above (cells merged down) or no unit?"), name, n, s);
    } else {
        dvk_error_set(&r->err, DVK_AMBIGUOUS, line, column,
                      _("column '%s' is empty from here between two rows that say '%.*s': "
                        "the same unit as above (cells merged down) or no unit?"), name, n, s);
    }
    dvk_error_hint(&r->err, _("--fill-down '%s' gives such cells the unit above, "
                   "--no-fill-down leaves them empty"), name);
    r->failed = DVK_AMBIGUOUS;
    return DVK_AMBIGUOUS;
}

/* A subtotal row that names the unit above ("Cộng xã Long Hiệp" under
 * the rows of "Xã Long Hiệp") closes its block as surely as the next
 * unit's name does. */
static int names_unit_above(dvk_reader *r, size_t col)
{
    int n;
    const char *a = above(r, col, &n);
    char *unit = NULL;
    size_t ulen = 0;
    if (dvk_unit_key(a, (size_t)n, &unit, &ulen, NULL))
        return 0;
    int letters = 0, yes = 0;
    for (size_t k = 0; k < ulen; k++)
        letters |= !(unit[k] >= '0' && unit[k] <= '9') && unit[k] != ' ';
    for (size_t i = 0; i < r->nfields && letters && ulen >= 2 && !yes; i++) {
        size_t len, klen;
        const char *s = dvk_row_cell(r, i, &len);
        if (!len || !says_subtotal(r, s, len))
            continue;
        const char *key = dvk_reader_normalize_cached(r, s, len, DVK_TEXT_KEY, &klen);
        yes = key && klen > ulen && key[klen - ulen - 1] == ' ' &&
              memcmp(key + klen - ulen, unit, ulen) == 0;
    }
    dvk_free(unit);
    return yes;
}

int dvk_layout_check_fill(dvk_reader *r, long at_end, int kind)
{
    for (size_t g = 0; g < r->nguess; g++) {
        struct dvk_fill_guess *f = &r->guess[g];
        if (f->off)
            continue;
        if (at_end) {
            if (f->run_line && !(kind == DVK_LAYOUT_SUBTOTAL && names_unit_above(r, f->col)))
                return ask_fill(r, f, at_end, (size_t)-1);
            f->run_line = 0;
            continue;
        }
        size_t c = f->col, len = 0;
        const char *s = c < r->nfields ? dvk_row_cell(r, c, &len) : "";
        if (len) {
            if (f->run_line) {
                /* closed by the next unit's name, not by the same again */
                int n;
                const char *a = above(r, c, &n);
                if ((size_t)n == len && memcmp(a, s, len) == 0)
                    return ask_fill(r, f, 0, (size_t)-1);
                f->run_line = 0;
            }
            for (size_t k = 0; k < f->nouter; k++)
                f->open[k] = cell_hash(r, f->outer[k]);
            continue;
        }
        if (r->fill_value[c].len == 0)
            continue; /* no unit above: the cell stays empty, as read */
        for (size_t k = 0; k < f->nouter; k++) {
            uint64_t h = cell_hash(r, f->outer[k]);
            if (h && h != f->open[k])
                return ask_fill(r, f, 0, f->outer[k]);
        }
        if (!f->run_line)
            dvk_record_place(r, c, &f->run_line, &f->run_col);
    }
    return DVK_OK;
}

/* ------------------------------------------- rows that are not data */

int dvk_layout_check_dropped(dvk_reader *r, int kind, long since)
{
    size_t len, first = (size_t)-1;
    const char *s;
    /* A total that says so in its own words ("Cộng", "Tổng cộng …") is
     * taken at its word; one found by its sums alone is not. */
    if (kind == DVK_LAYOUT_SUBTOTAL)
        for (size_t i = 0; i < r->nfields; i++) {
            s = dvk_row_cell(r, i, &len);
            if (len && says_subtotal(r, s, len))
                return DVK_OK;
        }
    /* as full as a record: two thirds of the cells the fullest fills */
    size_t filled = 0, texts = 0;
    for (size_t i = 0; i < r->nfields; i++)
        filled += dvk_row_cell(r, i, &len) && len;
    if (r->most_filled == 0 || 3 * filled < 2 * r->most_filled)
        return DVK_OK;
    if (r->nkey) {
        for (size_t k = 0; k < r->nkey; k++) {
            size_t c = r->key_cols[k];
            s = c < r->nfields ? dvk_row_cell(r, c, &len) : (len = 0, "");
            if (!len || (kind == DVK_LAYOUT_TABLE_END && says_end(r, s, len)))
                return DVK_OK;
        }
    } else {
        filled = 0;
        for (size_t i = 0; i < r->nfields; i++) {
            s = dvk_row_cell(r, i, &len);
            if (!len)
                continue;
            if (filled++ == 0 && serial(s, len))
                continue;
            /* a signer's title or the date line is the notes' own text */
            if (dvk_number_shape(s, len) == DVK_SHAPE_TEXT &&
                !(kind == DVK_LAYOUT_TABLE_END && says_end(r, s, len)))
                texts++;
        }
        if (texts < 2)
            return DVK_OK;
    }
    /* the first cell with text says what the row was taken for */
    for (size_t i = 0; i < r->nfields && first == (size_t)-1; i++) {
        s = dvk_row_cell(r, i, &len);
        if (len && !serial(s, len))
            first = i;
    }
    if (first == (size_t)-1)
        first = 0;
    s = first < r->nfields ? dvk_row_cell(r, first, &len) : (len = 0, "");
    int n = len > 60 ? 60 : (int)len;
    long line, column;
    dvk_record_place(r, first, &line, &column);
    if (since > 0) {
        dvk_error_set(&r->err, DVK_AMBIGUOUS, line, column,
                      _("the table ended at line %ld (a signature block or notes), but this "
                        "row fills every column a record fills: notes or a record?"), since);
        dvk_error_hint(&r->err, _("--table-end none reads on to the end of the input"));
    } else if (kind == DVK_LAYOUT_TABLE_END) {
        dvk_error_set(&r->err, DVK_AMBIGUOUS, line, column,
                      _("this row reads as the end of the table ('%.*s', as a signature block "
                        "or notes begin) but fills every column a record fills: notes or a "
                        "record?"), n, s);
        dvk_error_hint(&r->err, _("--table-end none reads on to the end of the input"));
    } else if (kind == DVK_LAYOUT_SECTION) {
        dvk_error_set(&r->err, DVK_AMBIGUOUS, line, column,
                      _("this row reads as a section heading ('%.*s') but fills every column "
                        "a record fills: a heading or a record?"), n, s);
        dvk_error_hint(&r->err, _("--keep-sections reads such rows as records"));
    } else {
        dvk_error_set(&r->err, DVK_AMBIGUOUS, line, column,
                      _("this row reads as a subtotal or total ('%.*s') but fills every "
                        "column a record fills: a total or a record?"), n, s);
        dvk_error_hint(&r->err, _("--keep-subtotals reads such rows as records"));
    }
    r->failed = DVK_AMBIGUOUS;
    return DVK_AMBIGUOUS;
}

/* What the sample says: key columns, columns of numbers summed for
 * subtotals, columns merged down, and each column's number convention. */
static int learn(dvk_reader *r, struct sample *sm)
{
    size_t nc = r->ncols, most = 0, full = 0;
    for (size_t k = 0; k < sm->rows; k++) {
        if (sm->skip[k] == DVK_LAYOUT_SUBTOTAL)
            continue;
        size_t f = 0;
        for (size_t i = 0; i < nc; i++)
            f += sm->cells[k * nc + i] != 0;
        if (f > most)
            most = f;
    }
    /* A heading's text in a row as full as the others is data (a roster
     * of "1, Xã Bình Ba"); in a row that fills few cells, a heading. */
    for (size_t k = 0; k < sm->rows; k++) {
        size_t f = 0;
        for (size_t i = 0; i < nc; i++)
            f += sm->cells[k * nc + i] != 0;
        if (sm->skip[k] == DVK_LAYOUT_SECTION && 3 * f >= 2 * most)
            sm->skip[k] = 0;
        if (sm->skip[k])
            r->form = 1;
    }
    size_t *filled = dvk_calloc(nc ? nc : 1, sizeof *filled);
    size_t *text = dvk_calloc(nc ? nc : 1, sizeof *text);
    r->key_cols = dvk_calloc(nc ? nc : 1, sizeof *r->key_cols);
    r->sum_cols = dvk_calloc(nc ? nc : 1, sizeof *r->sum_cols);
    r->sums = dvk_calloc(nc ? nc : 1, sizeof *r->sums);
    r->sums_all = dvk_calloc(nc ? nc : 1, sizeof *r->sums_all);
    r->numconv = dvk_calloc(nc ? nc : 1, 1);
    r->numsure = dvk_calloc(nc ? nc : 1, 1);
    if (!filled || !text || !r->key_cols || !r->sum_cols || !r->sums || !r->sums_all ||
        !r->numconv || !r->numsure) {
        free(filled);
        free(text);
        return DVK_NOMEM;
    }
    r->most_filled = most;
    /* Full rows fill two thirds of the cells the fullest does. */
    for (size_t k = 0; k < sm->rows; k++) {
        if (sm->skip[k])
            continue;
        size_t f = 0;
        for (size_t i = 0; i < nc; i++)
            f += sm->cells[k * nc + i] != 0;
        if (3 * f < 2 * most)
            continue;
        full++;
        for (size_t i = 0; i < nc; i++) {
            filled[i] += sm->cells[k * nc + i] != 0;
            text[i] += sm->cells[k * nc + i] == 1;
        }
    }
    /* Key columns: text in nearly every full row. */
    if (full >= 3)
        for (size_t i = 0; i < nc; i++)
            if (filled[i] * 10 >= full * 9 && text[i] * 2 > filled[i])
                r->key_cols[r->nkey++] = i;
    /* Any data row that fills fewer than half of them makes this a form. */
    for (size_t k = 0; k < sm->rows && r->nkey && !r->form; k++) {
        size_t f = 0;
        for (size_t j = 0; j < r->nkey; j++)
            f += sm->cells[k * nc + r->key_cols[j]] != 0;
        if (2 * f < r->nkey)
            r->form = 1;
    }
    int file_comma = r->delimiter == ';' && !r->book, file_point = 0;
    for (size_t i = 0; i < nc; i++) {
        size_t *sh = sm->shapes[i];
        size_t numbers = sh[DVK_SHAPE_PLAIN] + sh[DVK_SHAPE_POINT] + sh[DVK_SHAPE_COMMA] +
                         sh[DVK_SHAPE_DOT3] + sh[DVK_SHAPE_COMMA3];
        if (numbers && numbers >= sh[DVK_SHAPE_TEXT] && text[i] * 2 <= filled[i])
            r->sum_cols[r->nsum++] = i;
        r->numconv[i] = DVK_DECIMAL_AUTO;
        if (sh[DVK_SHAPE_COMMA] && !sh[DVK_SHAPE_POINT]) {
            r->numconv[i] = DVK_DECIMAL_COMMA;
            r->numsure[i] = 1;
            file_comma = 1;
        } else if (sh[DVK_SHAPE_POINT] && !sh[DVK_SHAPE_COMMA]) {
            r->numconv[i] = DVK_DECIMAL_POINT;
            r->numsure[i] = 1;
            file_point = 1;
        }
    }
    r->file_decimal = file_comma && !file_point   ? DVK_DECIMAL_COMMA
                      : file_point && !file_comma ? DVK_DECIMAL_POINT
                                                  : DVK_DECIMAL_AUTO;
    for (size_t i = 0; i < nc; i++) {
        size_t *sh = sm->shapes[i];
        if (r->numsure[i] || (!sh[DVK_SHAPE_DOT3] && !sh[DVK_SHAPE_COMMA3]))
            continue;
        if (sh[DVK_SHAPE_COMMA] && sh[DVK_SHAPE_POINT])
            continue; /* both: each value must say */
        if (r->file_decimal == DVK_DECIMAL_AUTO)
            continue;
        r->numconv[i] = (signed char)r->file_decimal;
        if (dvk_layout_say(r, DVK_LAYOUT_NUMBERS, r->header_line, 0, i, r->file_decimal))
            break;
    }
    /* Columns merged down: a unit's name in the first row of its block
     * and empty cells under it, each name once. */
    if (!r->book && !(r->keep & DVK_KEEP_EMPTY) && r->has_header)
        for (size_t i = 0; i < nc; i++) {
            size_t nh = sm->nhash[i], data = 0;
            for (size_t k = 0; k < sm->rows; k++)
                data += !sm->skip[k];
            if (nh < 2 || data < 2 * nh || text[i] * 2 <= filled[i] / 2 || !unit_column(r->colnames[i]))
                continue;
            qsort(sm->hashes[i], nh, sizeof **sm->hashes, cmp_u64);
            int distinct = 1;
            for (size_t k = 1; k < nh && distinct; k++)
                distinct = sm->hashes[i][k] != sm->hashes[i][k - 1];
            if (!distinct)
                continue;
            int st = dvk_reader_set_fill_down(r, r->colnames[i]);
            if (!st)
                st = guess_add(r, i);
            if (!st)
                st = dvk_layout_say(r, DVK_LAYOUT_FILL_DOWN, r->header_line, 0, i, 0);
            if (st)
                break;
        }
    free(filled);
    free(text);
    return r->err.status == DVK_NOMEM ? DVK_NOMEM : DVK_OK;
}

static void sample_free(struct sample *sm, size_t nc)
{
    free(sm->cells);
    free(sm->skip);
    free(sm->shapes);
    if (sm->hashes)
        for (size_t i = 0; i < nc; i++)
            free(sm->hashes[i]);
    free(sm->hashes);
    free(sm->nhash);
}

/* Read a sample of the table from where the reader stands, and learn its
 * layout from it. */
int dvk_layout_sample(dvk_reader *r)
{
    size_t n = r->ncols;
    int st = DVK_OK;
    struct sample sm = {0};
    sm.shapes = dvk_calloc(n, sizeof *sm.shapes);
    sm.hashes = dvk_calloc(n, sizeof *sm.hashes);
    sm.nhash = dvk_calloc(n, sizeof *sm.nhash);
    if (!sm.shapes || !sm.hashes || !sm.nhash)
        st = DVK_NOMEM;
    for (size_t i = 0; i < n && !st; i++)
        if (!(sm.hashes[i] = dvk_alloc(16 * sizeof **sm.hashes)))
            st = DVK_NOMEM;
    while (!st && sm.rows < SAMPLE_ROWS && (sm.rows + 1) * n <= SAMPLE_CELLS) {
        if (dvk_source_next(r) != DVK_ROW)
            break;
        if (dvk_row_is_blank(r))
            continue;
        int kind = dvk_layout_classify(r);
        if (kind == DVK_LAYOUT_TABLE_END)
            break;
        st = sample_row(r, &sm, kind);
    }
    if (!st)
        st = learn(r, &sm);
    sample_free(&sm, n);
    return st;
}
