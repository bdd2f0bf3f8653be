/* test-xls.c: .xls workbooks made by LibreOffice (tests/books/make-xls.sh)
 * read through lib/xls.c: every cell's type and text, the merged areas,
 * dates in both date systems, hidden rows and sheets, formulas' text,
 * boolean and error results, and the status of each damaged or encrypted
 * file.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include "book.h"

static const char *book_path(const char *name)
{
    static char buf[4096];
    const char *dir = getenv("srcdir");
    snprintf(buf, sizeof buf, "%s/tests/books/%s", dir ? dir : ".", name);
    return buf;
}

/* One expected cell: its type, text and merged flag ('M' first, 'm' inside). */
typedef struct want {
    int type;
    const char *text;
    char merged;
} want;

#define E {DVK_CELL_EMPTY, "", 0}
#define T(s) {DVK_CELL_TEXT, s, 0}
#define N(s) {DVK_CELL_NUMBER, s, 0}

static void check_row(dvk_book *b, unsigned long want_row, int want_hidden,
                      const want *w, size_t nw)
{
    const dvk_cell *c;
    size_t n;
    unsigned long row;
    int hidden;
    dvk_error err = {0};
    assert_int_equal(dvk_book_next_row(b, &c, &n, &row, &hidden, &err), DVK_ROW);
    assert_int_equal(row, want_row);
    assert_int_equal(hidden, want_hidden);
    assert_int_equal(n, nw);
    for (size_t i = 0; i < nw; i++) {
        assert_int_equal(c[i].type, w[i].type);
        assert_string_equal(c[i].text, w[i].text);
        assert_int_equal(c[i].len, strlen(w[i].text));
        assert_int_equal(c[i].merged, w[i].merged == 'M' ? 2 : w[i].merged == 'm' ? 1 : 0);
    }
}

static void check_done(dvk_book *b)
{
    const dvk_cell *c;
    size_t n;
    unsigned long row;
    int hidden;
    dvk_error err = {0};
    assert_int_equal(dvk_book_next_row(b, &c, &n, &row, &hidden, &err), DVK_DONE);
}

/* book.xls and book1904.xls hold the same cells; only the date system differs. */
static void check_book(const char *name)
{
    dvk_book *b;
    dvk_error err = {0};
    assert_int_equal(dvk_book_open_path(&b, book_path(name), &err), DVK_OK);
    assert_int_equal(dvk_book_kind(b), DVK_BOOK_XLS);
    assert_int_equal(dvk_book_sheet_count(b), 3);
    assert_string_equal(dvk_book_sheet_name(b, 0), "Đăng ký");
    assert_string_equal(dvk_book_sheet_name(b, 1), "Ẩn");
    assert_string_equal(dvk_book_sheet_name(b, 2), "Third");
    assert_int_equal(dvk_book_sheet_hidden(b, 0), 0);
    assert_int_equal(dvk_book_sheet_hidden(b, 1), 1);
    assert_int_equal(dvk_book_sheet_hidden(b, 2), 0);
    unsigned long rows, cols;
    assert_int_equal(dvk_book_sheet_size(b, 0, &rows, &cols), DVK_OK);
    assert_int_equal(rows, 6);
    assert_int_equal(cols, 8);

    assert_int_equal(dvk_book_select(b, 0, &err), DVK_OK);
    /* A group heading merged over two columns. */
    const want r1[] = {T("Xã"), {DVK_CELL_TEXT, "Nhóm", 'M'}, {DVK_CELL_TEXT, "Nhóm", 'm'},
                       T("Ngày"), T("Giờ"), T("Số"), T("Công thức"), T("Đúng")};
    check_row(b, 1, 0, r1, 8);
    /* A unit merged down three rows (the third hidden); a date, a time, an
     * integer, a formula's number and a boolean. */
    const want r2[] = {{DVK_CELL_TEXT, "Minh Long", 'M'}, T("a"), T("b"),
                       {DVK_CELL_DATE, "2024-03-15", 0}, {DVK_CELL_TIME, "08:30:00", 0},
                       N("42"), N("84"), {DVK_CELL_BOOL, "TRUE", 0}};
    check_row(b, 2, 0, r2, 8);
    const want r3[] = {{DVK_CELL_TEXT, "Minh Long", 'm'}, T("c"), T("d"),
                       {DVK_CELL_DATE, "2024-03-16 14:45:00", 0}, E, N("3.25"),
                       {DVK_CELL_ERROR, "#DIV/0!", 0}, {DVK_CELL_BOOL, "FALSE", 0}};
    check_row(b, 3, 0, r3, 8);
    /* LibreOffice writes the cached results of G4 (=UPPER(B4)), G5
     * (=A5&"!") and H4 (=F4>0) as the number 0. */
    const want r4[] = {{DVK_CELL_TEXT, "Minh Long", 'm'}, T("e"), E, E, E, N("-7"),
                       N("0"), N("0")};
    check_row(b, 4, 1, r4, 8);
    const want r5[] = {T("Long Sơn"), {DVK_CELL_TEXT, "khối", 'M'},
                       {DVK_CELL_TEXT, "khối", 'm'}, {DVK_CELL_DATE, "1999-12-31", 0}, E,
                       N("1234567.891"), N("0")};
    check_row(b, 5, 0, r5, 7);
    /* A row that holds only the lower half of a merged block. */
    const want r6[] = {E, {DVK_CELL_TEXT, "khối", 'm'}, {DVK_CELL_TEXT, "khối", 'm'}};
    check_row(b, 6, 0, r6, 3);
    check_done(b);

    /* The dates' numbers: days since 1970-01-01, the time as the fraction. */
    assert_int_equal(dvk_book_select(b, 0, &err), DVK_OK);
    const dvk_cell *c;
    size_t n;
    unsigned long row;
    int hidden;
    assert_int_equal(dvk_book_next_row(b, &c, &n, &row, &hidden, &err), DVK_ROW);
    assert_int_equal(dvk_book_next_row(b, &c, &n, &row, &hidden, &err), DVK_ROW);
    assert_true(c[3].number == 19797);            /* 2024-03-15 */
    assert_true(c[4].number == 8.5 / 24);
    assert_true(c[5].number == 42 && c[6].number == 84 && c[7].number == 1);
    assert_int_equal(dvk_book_next_row(b, &c, &n, &row, &hidden, &err), DVK_ROW);
    assert_true(c[3].number == 19798 + 14.75 / 24);

    assert_int_equal(dvk_book_select(b, 1, &err), DVK_OK);
    const want h1[] = {T("bí mật")}, h2[] = {N("1")};
    check_row(b, 1, 0, h1, 1);
    check_row(b, 2, 0, h2, 1);
    check_done(b);
    assert_int_equal(dvk_book_select(b, 2, &err), DVK_OK);
    const want t1[] = {N("0.1")};
    check_row(b, 1, 0, t1, 1);
    check_done(b);
    dvk_book_free(b);
}

static void test_book(void **state)
{
    (void)state;
    check_book("book.xls");
}

static void test_book_1904(void **state)
{
    (void)state;
    check_book("book1904.xls");
}

/* formulas.xls: LibreOffice computed every formula on load (the flat ODS
 * holds no cached values) and wrote the typed results: texts in STRING
 * records (one long enough to go on in a CONTINUE record), booleans and
 * error values in the FORMULA records. */
static void test_formulas(void **state)
{
    (void)state;
    dvk_book *b;
    dvk_error err = {0};
    assert_int_equal(dvk_book_open_path(&b, book_path("formulas.xls"), &err), DVK_OK);
    assert_int_equal(dvk_book_sheet_count(b), 1);
    assert_string_equal(dvk_book_sheet_name(b, 0), "Công thức");
    assert_int_equal(dvk_book_select(b, 0, &err), DVK_OK);
    const want r1[] = {T("Xã"), T("Hoa"), T("Nối"), T("Dài"), T("Chia"), T("Tra"), T("Ngày"),
                       T("Rỗng")};
    check_row(b, 1, 0, r1, 8);
    /* =UPPER(A2), =A2&" – ấp Đông", =LEN(A2)>5, =1/0, =NA(), =DATE(2024;3;15)
     * and ="" (an empty text, which is no cell) */
    const want r2[] = {T("Minh Long"), T("MINH LONG"), T("Minh Long – ấp Đông"),
                       {DVK_CELL_BOOL, "TRUE", 0}, {DVK_CELL_ERROR, "#DIV/0!", 0},
                       {DVK_CELL_ERROR, "#N/A", 0}, {DVK_CELL_DATE, "2024-03-15", 0}};
    check_row(b, 2, 0, r2, 7);

    const dvk_cell *c;
    size_t n;
    unsigned long row;
    int hidden;
    assert_int_equal(dvk_book_select(b, 0, &err), DVK_OK);
    assert_int_equal(dvk_book_next_row(b, &c, &n, &row, &hidden, &err), DVK_ROW);
    assert_int_equal(dvk_book_next_row(b, &c, &n, &row, &hidden, &err), DVK_ROW);
    assert_true(c[3].number == 1);
    assert_true(c[6].number == 19797);
    /* =LOWER(A3) merged over two columns, =LEN(A3)>50, =A3+1,
     * =REPT("ơ";5000), =NOSUCHFUNCTION(), =2.5*2 */
    assert_int_equal(dvk_book_next_row(b, &c, &n, &row, &hidden, &err), DVK_ROW);
    assert_int_equal(row, 3);
    assert_int_equal(n, 8);
    assert_int_equal(c[1].type, DVK_CELL_TEXT);
    assert_string_equal(c[1].text, "long sơn");
    assert_int_equal(c[1].merged, 2);
    assert_int_equal(c[2].type, DVK_CELL_TEXT);
    assert_string_equal(c[2].text, "long sơn");
    assert_int_equal(c[2].merged, 1);
    assert_int_equal(c[3].type, DVK_CELL_BOOL);
    assert_string_equal(c[3].text, "FALSE");
    assert_true(c[3].number == 0);
    assert_int_equal(c[4].type, DVK_CELL_ERROR);
    assert_string_equal(c[4].text, "#VALUE!");
    assert_int_equal(c[5].type, DVK_CELL_TEXT);
    assert_int_equal(c[5].len, 5000 * strlen("ơ"));
    for (size_t i = 0; i < 5000; i++)
        assert_memory_equal(c[5].text + i * strlen("ơ"), "ơ", strlen("ơ"));
    assert_int_equal(c[6].type, DVK_CELL_ERROR);
    assert_string_equal(c[6].text, "#NAME?");
    assert_int_equal(c[7].type, DVK_CELL_NUMBER);
    assert_string_equal(c[7].text, "5");
    check_done(b);
    dvk_book_free(b);
}

static void check_bad(const char *name, int status, const char *message)
{
    dvk_book *b = (dvk_book *)1;
    dvk_error err = {0};
    assert_int_equal(dvk_book_open_path(&b, book_path(name), &err), status);
    assert_null(b);
    assert_int_equal(err.status, status);
    assert_non_null(strstr(err.message, message));
}

static void test_bad(void **state)
{
    (void)state;
    check_bad("bad-truncated.xls", DVK_SYNTAX, "damaged");
    check_bad("bad-random.xls", DVK_SYNTAX, "damaged");
    check_bad("bad-encrypted.xls", DVK_IO, "encrypted: save it without a password");
    /* the words book.c uses for an area out of the sheet: BIFF's 256 columns end at IV */
    check_bad("bad-merge.xls", DVK_SYNTAX, "is out of the sheet");
    /* A fuzzed file: a record's length swallows the next sheet's BOF, so
     * FreeXL would give that sheet's cells to another, leaking 16 bytes. */
    check_bad("bad-leak.xls", DVK_SYNTAX, "damaged");
    /* FreeXL would write a text over another without freeing it, and make
     * a LABEL's text outside any sheet and drop it (make-bad-xls.py). */
    check_bad("bad-cell-twice.xls", DVK_SYNTAX, "damaged");
    check_bad("bad-label-globals.xls", DVK_SYNTAX, "damaged");
    /* a FORMAT record's code longer than the record, which FreeXL would copy */
    check_bad("bad-format-count.xls", DVK_SYNTAX, "damaged");
    /* a directory entry's name longer than its room, which FreeXL would
     * read past the end of its buffer */
    check_bad("bad-dir-name.xls", DVK_SYNTAX, "OLE2 container of the workbook is damaged");
    check_bad("no-such-file.xls", DVK_IO, "cannot open");
}

static void test_cell_name(void **state)
{
    (void)state;
    char buf[32];
    dvk_book_cell_name(3, 17, buf, sizeof buf);
    assert_string_equal(buf, "C17");
    dvk_book_cell_name(28, 1, buf, sizeof buf);
    assert_string_equal(buf, "AB1");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_book),
        cmocka_unit_test(test_book_1904),
        cmocka_unit_test(test_formulas),
        cmocka_unit_test(test_bad),
        cmocka_unit_test(test_cell_name),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
