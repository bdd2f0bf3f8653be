/* test-sheet.c: the reader over a workbook sheet (lib/sheet.c and the
 * layers above it), against a fake book that stands in for lib/book.c:
 * sheets described in C, recognised by the bytes "FAKEBOOK".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "book-impl.h"

/* ------------------------------------------------------------ fake book */

struct fake_cell { int type; const char *text; double number; };
struct fake_row { unsigned long row; int hidden; size_t n; struct fake_cell cells[6]; };
struct fake_sheet {
    const char *name;
    int hidden;
    unsigned long rows, cols;
    size_t nrows;
    const struct fake_row *rows_of;
    unsigned long error_row;   /* give an error instead of this row */
};

static const struct fake_sheet *fake_sheets;
static size_t fake_nsheets;
static int fake_opened, fake_freed;

struct fake_state { size_t sheet, next; dvk_cell cells[6]; };

int dvk_book_sniff(const unsigned char *s, size_t n)
{
    return n >= 8 && memcmp(s, "FAKEBOOK", 8) == 0 ? DVK_BOOK_XLSX : DVK_BOOK_NONE;
}

static int fake_open(dvk_book **out, dvk_error *err)
{
    (void)err;
    dvk_book *b = calloc(1, sizeof *b);
    struct fake_state *f = calloc(1, sizeof *f);
    assert_non_null(b);
    assert_non_null(f);
    b->kind = DVK_BOOK_XLSX;
    b->impl = f;
    b->nsheets = fake_nsheets;
    b->sheet_names = calloc(fake_nsheets, sizeof *b->sheet_names);
    b->sheet_hidden = calloc(fake_nsheets, sizeof *b->sheet_hidden);
    for (size_t i = 0; i < fake_nsheets; i++) {
        b->sheet_names[i] = (char *)fake_sheets[i].name;
        b->sheet_hidden[i] = fake_sheets[i].hidden;
    }
    fake_opened++;
    *out = b;
    return DVK_OK;
}

int dvk_book_open_path(dvk_book **out, const char *path, dvk_error *err)
{
    (void)path;
    return fake_open(out, err);
}

int dvk_book_open_fd(dvk_book **out, int fd, dvk_error *err)
{
    (void)fd;
    return fake_open(out, err);
}

int dvk_book_open_fd_after(dvk_book **out, const void *head, size_t len, int fd,
                           dvk_error *err)
{
    (void)head;
    (void)len;
    (void)fd;
    return fake_open(out, err);
}

int dvk_book_open_memory(dvk_book **out, const void *data, size_t len, dvk_error *err)
{
    (void)data;
    (void)len;
    return fake_open(out, err);
}

void dvk_book_free(dvk_book *b)
{
    if (!b)
        return;
    fake_freed++;
    free(b->impl);
    free(b->sheet_names);
    free(b->sheet_hidden);
    free(b);
}

int dvk_book_kind(const dvk_book *b) { return b->kind; }
size_t dvk_book_sheet_count(const dvk_book *b) { return b->nsheets; }
const char *dvk_book_sheet_name(const dvk_book *b, size_t i) { return b->sheet_names[i]; }
int dvk_book_sheet_hidden(const dvk_book *b, size_t i) { return b->sheet_hidden[i]; }

int dvk_book_sheet_size(dvk_book *b, size_t i, unsigned long *rows, unsigned long *cols)
{
    (void)b;
    *rows = fake_sheets[i].rows;
    *cols = fake_sheets[i].cols;
    return DVK_OK;
}

int dvk_book_select(dvk_book *b, size_t i, dvk_error *err)
{
    (void)err;
    struct fake_state *f = b->impl;
    f->sheet = i;
    f->next = 0;
    return DVK_OK;
}

int dvk_book_next_row(dvk_book *b, const dvk_cell **cells, size_t *ncells,
                      unsigned long *row, int *hidden, dvk_error *err)
{
    struct fake_state *f = b->impl;
    const struct fake_sheet *s = &fake_sheets[f->sheet];
    if (f->next >= s->nrows)
        return DVK_DONE;
    const struct fake_row *r = &s->rows_of[f->next++];
    if (r->row == s->error_row)
        return dvk_error_set(err, DVK_SYNTAX, (long)r->row, 2, "a damaged cell");
    for (size_t i = 0; i < r->n; i++) {
        f->cells[i].type = r->cells[i].type;
        f->cells[i].text = r->cells[i].text ? r->cells[i].text : "";
        f->cells[i].len = strlen(f->cells[i].text);
        f->cells[i].number = r->cells[i].number;
        f->cells[i].merged = 0;
    }
    *cells = f->cells;
    *ncells = r->n;
    *row = r->row;
    *hidden = r->hidden;
    return DVK_ROW;
}

size_t dvk_book_cell_name(unsigned long column, unsigned long row, char *buf, size_t size)
{
    char letters[8];
    size_t n = 0;
    for (unsigned long c = column; c > 0; c = (c - 1) / 26)
        letters[n++] = (char)('A' + (c - 1) % 26);
    char name[32];
    size_t k = 0;
    while (n)
        name[k++] = letters[--n];
    snprintf(name + k, sizeof name - k, "%lu", row);
    return (size_t)snprintf(buf, size, "%s", name);
}

/* ------------------------------------------------------------ the sheets */

#define T(s) {DVK_CELL_TEXT, s, 0}
#define N(s, x) {DVK_CELL_NUMBER, s, x}
#define D(s, x) {DVK_CELL_DATE, s, x}
#define E {DVK_CELL_EMPTY, "", 0}

static const struct fake_row notes_rows[] = {
    {1, 0, 1, {T("Ghi chú")}},
    {2, 0, 1, {T("Sổ đăng ký mô hình")}},
};

static const struct fake_row register_rows[] = {
    {1, 0, 1, {T("UBND xã Minh Long")}},
    {3, 0, 4, {T("Mã"), T("Năm"), T("Tỷ lệ"), T("Ngày")}},
    {4, 0, 4, {T("A1"), N("2021", 2021), N("0.5", 0.5), D("2021-03-01", 18687)}},
    {5, 1, 4, {T("A2"), N("2022", 2022), N("1234.5", 1234.5), D("2022-01-31", 19023)}},
    {7, 0, 2, {T("A, \"ba\""), N("2022", 2022)}},
    {8, 0, 2, {T("Tổng cộng"), N("6065", 6065)}},
    {9, 0, 5, {T("A4"), N("2023", 2023), E, E, T("lạc")}},
};

static const struct fake_sheet book[] = {
    {"Notes", 0, 2, 1, 2, notes_rows, 0},
    {"Sổ 2022", 0, 9, 5, 7, register_rows, 0},
    {"Ẩn", 1, 0, 0, 0, NULL, 0},
};

static void use_book(const struct fake_sheet *sheets, size_t n)
{
    fake_sheets = sheets;
    fake_nsheets = n;
}

static dvk_reader *open_book(const char *sheet, int decimal_comma)
{
    dvk_reader *r = dvk_reader_new();
    assert_non_null(r);
    assert_int_equal(dvk_reader_set_sheet(r, sheet), DVK_OK);
    assert_int_equal(dvk_reader_set_decimal_comma(r, decimal_comma), DVK_OK);
    int st = dvk_reader_open_memory(r, "FAKEBOOK", 8, "register.xlsx");
    if (st)
        fail_msg("open: %s", dvk_reader_errmsg(r));
    return r;
}

static void expect_fields(dvk_reader *r, long row, size_t n, ...)
{
    int st = dvk_reader_next(r);
    if (st != DVK_ROW)
        fail_msg("expected row %ld, got %d: %s", row, st, dvk_reader_errmsg(r));
    assert_int_equal(dvk_reader_line(r), row);
    assert_int_equal(dvk_reader_field_count(r), n);
    va_list ap;
    va_start(ap, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(dvk_reader_field(r, i, NULL), va_arg(ap, const char *));
    va_end(ap);
}

/* The default sheet, the title above the table, the rows with their types,
 * totals and hidden rows, and the record as a CSV line. */
static void test_sheet_rows(void **state)
{
    (void)state;
    use_book(book, 3);
    dvk_reader *r = open_book(NULL, 1);
    assert_int_equal(dvk_reader_sheet_count(r), 3);
    assert_int_equal(dvk_reader_sheet(r), 1); /* Notes holds no table */
    assert_string_equal(dvk_reader_sheet_name(r, 1), "Sổ 2022");
    assert_true(dvk_reader_sheet_hidden(r, 2));
    unsigned long rows, cols;
    assert_int_equal(dvk_reader_sheet_size(r, 1, &rows, &cols), DVK_OK);
    assert_int_equal(rows, 9);
    assert_int_equal(cols, 5);
    assert_string_equal(dvk_reader_encoding(r), "xlsx");
    assert_string_equal(dvk_reader_line_end(r), "none");
    assert_int_equal(dvk_reader_delimiter(r), ',');
    assert_int_equal(dvk_reader_offset(r), 0); /* never read in parts */
    assert_true(dvk_reader_title_skipped(r));
    assert_int_equal(dvk_reader_header_line(r), 3);
    assert_int_equal(dvk_reader_column_count(r), 4);
    assert_string_equal(dvk_reader_column_name(r, 3), "Ngày");

    expect_fields(r, 4, 4, "A1", "2021", "0.5", "2021-03-01");
    /* a number cell is a number, whatever --decimal-comma says of text */
    double x;
    assert_int_equal(dvk_reader_field_number(r, 2, &x), DVK_OK);
    assert_true(x == 0.5);
    assert_int_equal(dvk_reader_field_number(r, 1, &x), DVK_OK);
    assert_true(x == 2021);
    assert_int_equal(dvk_reader_field_number(r, 3, &x), DVK_VALUE); /* a date */
    assert_int_equal(dvk_reader_field_column(r, 2), 3);
    size_t len;
    const char *rec = dvk_reader_record(r, &len);
    assert_string_equal(rec, "A1,2021,0.5,2021-03-01\n");
    assert_int_equal(len, strlen(rec));

    expect_fields(r, 5, 4, "A2", "2022", "1234.5", "2022-01-31");
    assert_int_equal(dvk_reader_field_number(r, 2, &x), DVK_OK);
    assert_true(x == 1234.5);
    /* trailing empty cells are left out by a sheet: empty fields */
    expect_fields(r, 7, 4, "A, \"ba\"", "2022", "", "");
    assert_int_equal(dvk_reader_field_number(r, 2, &x), DVK_EMPTY);
    rec = dvk_reader_record(r, &len);
    assert_string_equal(rec, "\"A, \"\"ba\"\"\",2022\n");
    /* a cell past the header's last column is an error at that cell */
    assert_int_equal(dvk_reader_next(r), DVK_FIELDS);
    assert_int_equal(dvk_reader_error_line(r), 9);
    assert_int_equal(dvk_reader_error_column(r), 5);
    char place[64];
    assert_int_equal(dvk_reader_error_place(r, place, sizeof place), strlen("'Sổ 2022'!E9"));
    assert_string_equal(place, "'Sổ 2022'!E9");
    assert_int_equal(dvk_reader_next(r), DVK_DONE);
    long total_line;
    assert_int_equal(dvk_reader_total_rows_left_out(r, &total_line), 1);
    assert_int_equal(total_line, 8);
    assert_int_equal(dvk_reader_rows_hidden(r), 1);
    assert_int_equal(dvk_reader_rows_read(r), 4);
    dvk_reader_free(r);
    assert_int_equal(fake_opened, fake_freed);
}

/* Sheets by name and by number; an unknown one lists the sheets. */
static void test_sheet_choice(void **state)
{
    (void)state;
    use_book(book, 3);
    dvk_reader *r = open_book("Notes", 0);
    assert_int_equal(dvk_reader_sheet(r), 0);
    assert_int_equal(dvk_reader_column_count(r), 1);
    assert_string_equal(dvk_reader_column_name(r, 0), "Ghi chú");
    dvk_reader_free(r);
    r = open_book("2", 0);
    assert_int_equal(dvk_reader_sheet(r), 1);
    dvk_reader_free(r);

    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_sheet(r, "Năm 2030"), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, "FAKEBOOK", 8, "b.xlsx"), DVK_USAGE);
    assert_non_null(strstr(dvk_reader_errmsg(r), "'Notes', 'Sổ 2022', 'Ẩn'"));
    dvk_reader_free(r);
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_sheet(r, "4"), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, "FAKEBOOK", 8, "b.xlsx"), DVK_USAGE);
    dvk_reader_free(r);
    /* set after opening: refused */
    r = open_book(NULL, 0);
    assert_int_equal(dvk_reader_set_sheet(r, "Notes"), DVK_USAGE);
    dvk_reader_free(r);
    /* a CSV input has no sheets, and the setting does not matter to it */
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_sheet(r, "Sheet9"), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, "a,b\n1,2\n", 8, "x.csv"), DVK_OK);
    assert_int_equal(dvk_reader_sheet_count(r), 0);
    assert_int_equal(dvk_reader_sheet(r), (size_t)-1);
    assert_null(dvk_reader_sheet_name(r, 0));
    assert_int_equal(dvk_reader_next(r), DVK_ROW);
    char place[32];
    dvk_reader_reject(r, DVK_VALUE, 1, "bad");
    dvk_reader_error_place(r, place, sizeof place);
    assert_string_equal(place, "2:3");
    dvk_reader_free(r);
}

/* --skip-lines counts sheet rows; filters and fill-down work on a sheet. */
static void test_sheet_rules(void **state)
{
    (void)state;
    use_book(book, 3);
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_sheet(r, "Sổ 2022"), DVK_OK);
    assert_int_equal(dvk_reader_set_skip_lines(r, 2), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, "FAKEBOOK", 8, "b.xlsx"), DVK_OK);
    assert_int_equal(dvk_reader_header_line(r), 3);
    assert_false(dvk_reader_title_skipped(r));
    assert_int_equal(dvk_reader_add_filter(r, "Năm>=2022"), DVK_OK);
    assert_int_equal(dvk_reader_add_filter(r, "Tỷ lệ>1000"), DVK_OK);
    expect_fields(r, 5, 4, "A2", "2022", "1234.5", "2022-01-31");
    dvk_reader_free(r);

    /* an error from the workbook names its cell, and ends the input */
    static const struct fake_sheet damaged[] = {
        {"Sheet1", 0, 0, 0, 7, register_rows, 5},
    };
    use_book(damaged, 1);
    r = open_book(NULL, 0);
    expect_fields(r, 4, 4, "A1", "2021", "0.5", "2021-03-01");
    assert_int_equal(dvk_reader_next(r), DVK_SYNTAX);
    char place[32];
    dvk_reader_error_place(r, place, sizeof place);
    assert_string_equal(place, "Sheet1!B5");
    assert_int_equal(dvk_reader_next(r), DVK_SYNTAX);
    dvk_reader_free(r);

    /* the column limit holds on a sheet too */
    use_book(book, 3);
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_set_limits(r, 0, 0, 2), DVK_OK);
    assert_int_equal(dvk_reader_set_sheet(r, "2"), DVK_OK);
    assert_int_equal(dvk_reader_set_skip_lines(r, 0), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r, "FAKEBOOK", 8, "b.xlsx"), DVK_OK);
    assert_int_equal(dvk_reader_next(r), DVK_LIMIT);
    assert_int_equal(dvk_reader_error_line(r), 3);
    assert_int_equal(dvk_reader_error_column(r), 3);
    dvk_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_sheet_rows),
        cmocka_unit_test(test_sheet_choice),
        cmocka_unit_test(test_sheet_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
