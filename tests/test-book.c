/* test-book.c: workbook sheets as rows of typed cells (lib/book.c, xlsx.c,
 * ods.c).  Each sheet of the workbooks in tests/books (made by
 * tests/books/make-books.py: openpyxl, LibreOffice from a CSV, and by hand)
 * is dumped as one line per row, "ROW[h]: A=type:text ...", a merged cell
 * marked "*" (its area's first cell "**"), and compared with what the
 * workbook holds as a spreadsheet shows it; every bad workbook gives its
 * status.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>
#include <cmocka.h>
#include "book-impl.h"

static const char *const type_names[] = {"", "s", "n", "b", "d", "t", "e"};

/* The rows of sheet I, one line each; the status that ended them. */
static int dump_sheet(dvk_book *b, size_t i, dvk_buf *out, dvk_error *err)
{
    int st = dvk_book_select(b, i, err);
    if (st)
        return st;
    const dvk_cell *cells;
    size_t n;
    unsigned long row;
    int hidden;
    while ((st = dvk_book_next_row(b, &cells, &n, &row, &hidden, err)) == DVK_ROW) {
        dvk_buf_printf(out, "%lu%s:", row, hidden ? "h" : "");
        for (size_t c = 0; c < n; c++) {
            char name[16];
            if (cells[c].type == DVK_CELL_EMPTY && !cells[c].merged)
                continue;
            assert_int_equal(strlen(cells[c].text), cells[c].len);
            dvk_book_cell_name(c + 1, row, name, sizeof name);
            name[strcspn(name, "0123456789")] = '\0';
            dvk_buf_printf(out, " %s=%s:%s%s", name, type_names[cells[c].type], cells[c].text,
                           cells[c].merged == 2 ? "**" : cells[c].merged ? "*" : "");
        }
        dvk_buf_putc(out, '\n');
    }
    return st == DVK_DONE ? DVK_OK : st;
}

static char *dump_path(const char *file, size_t sheet)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", BOOKS_DIR, file);
    dvk_book *b;
    dvk_error err = {0};
    int st = dvk_book_open_path(&b, path, &err);
    if (st)
        fail_msg("%s: %d %s", file, st, err.message);
    dvk_buf out = {0};
    dvk_buf_putc(&out, '\0');
    out.len = 0;
    st = dump_sheet(b, sheet, &out, &err);
    if (st)
        fail_msg("%s: %d %s", file, st, err.message);
    dvk_book_free(b);
    if (getenv("DUMP"))
        fprintf(stderr, "== %s %zu\n%s", file, sheet, out.data);
    return out.data;
}

static void expect_sheet(const char *file, size_t sheet, const char *expected)
{
    char *got = dump_path(file, sheet);
    assert_string_equal(got, expected);
    free(got);
}

/* Open and read every sheet: the first status that is not OK. */
static int status_of(const char *file, dvk_error *err)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", BOOKS_DIR, file);
    dvk_book *b;
    int st = dvk_book_open_path(&b, path, err);
    if (st)
        return st;
    dvk_buf out = {0};
    for (size_t i = 0; i < dvk_book_sheet_count(b) && !st; i++)
        st = dump_sheet(b, i, &out, err);
    dvk_buf_free(&out);
    dvk_book_free(b);
    return st;
}

static void test_openpyxl(void **state)
{
    expect_sheet("openpyxl.xlsx", 0,
                 "1: A=s:Xã** B=s:Mô hình** C=s:Mô hình* D=s:Ngày\n"
                 "2: A=s:Xã* B=s:Tên C=s:Số\n"
                 "3: A=s:Minh Long** B=s:Mô hình A C=n:12 D=d:2023-04-05\n"
                 "4: A=s:Minh Long* B=s:Mô hình B C=n:3.25 D=d:2023-04-05 10:20:30\n"
                 "5h: A=s:Minh Long* B=s:Mô hình C C=n:0.3\n"
                 /* #,##0 stays a number, h:mm is a time */
                 "6: A=s:Long Hiệp B=b:TRUE C=n:1234567 D=t:12:00:00\n"
                 /* [$-42A]dd/mm/yyyy, "năm" yyyy, [h]:mm, 0.0% */
                 "7: A=d:2023-03-15 B=d:2023-03-15 18:00:00 C=t:36:00:00 D=n:0.125\n"
                 /* mm:ss; serial 60 is Excel's 1900-02-29 */
                 "8: A=t:00:05:00 B=d:1900-02-29 C=n:1e+20 D=n:-2.5\n");
    expect_sheet("openpyxl.xlsx", 1, "1: A=s:không thấy\n");
    expect_sheet("openpyxl.xlsx", 3, "");

    dvk_book *b;
    dvk_error err = {0};
    assert_int_equal(dvk_book_open_path(&b, BOOKS_DIR "/openpyxl.xlsx", &err), DVK_OK);
    assert_int_equal(dvk_book_kind(b), DVK_BOOK_XLSX);
    assert_int_equal(dvk_book_sheet_count(b), 4);
    const char *names[] = {"Sổ", "Ẩn", "Rất ẩn", "Trống"};
    const int hidden[] = {0, 1, 1, 0};
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(dvk_book_sheet_name(b, i), names[i]);
        assert_int_equal(dvk_book_sheet_hidden(b, i), hidden[i]);
    }
    unsigned long rows, cols;
    assert_int_equal(dvk_book_sheet_size(b, 0, &rows, &cols), DVK_OK);
    assert_int_equal(rows, 8);
    assert_int_equal(cols, 4);
    /* a cell's number beside its text */
    assert_int_equal(dvk_book_select(b, 0, &err), DVK_OK);
    const dvk_cell *cells;
    size_t n;
    unsigned long row;
    int h;
    for (int i = 0; i < 3; i++)
        assert_int_equal(dvk_book_next_row(b, &cells, &n, &row, &h, &err), DVK_ROW);
    assert_int_equal(row, 3);
    assert_int_equal(n, 4);
    assert_true(cells[2].number == 12);
    assert_true(cells[3].number == 19452);     /* 2023-04-05, days since 1970 */
    assert_int_equal(dvk_book_select(b, 9, &err), DVK_USAGE);
    dvk_book_free(b);
}

static void test_hand_xlsx(void **state)
{
    /* shared, rich (without its phonetic run) and inline strings, _x000D_,
     * cached formula values, an error, a boolean, an empty string, a
     * hidden empty row */
    expect_sheet("hand.xlsx", 0,
                 "1: A=s:một B=s:hai ba C=s:dòng\rmới E=s:inline\n"
                 "2: A=s:ab B=n:2 C=e:#DIV/0! D=b:FALSE E=s:\n"
                 "4h:\n");
    /* the 1904 system: built-in 14, a custom date, East Asian 31 and 32,
     * a style out of range, shortest round-trip numbers, an ISO cell */
    expect_sheet("hand.xlsx", 1,
                 "1: A=d:1904-01-01 B=d:1908-01-02 12:00:00 C=d:2021-09-23 D=d:2021-09-23"
                 " E=t:18:00:00 F=n:7 G=n:0.30000000000000004 H=n:0.001\n"
                 "2: C=d:2020-02-29 12:00:00\n");
    dvk_book *b;
    dvk_error err = {0};
    assert_int_equal(dvk_book_open_path(&b, BOOKS_DIR "/hand.xlsx", &err), DVK_OK);
    unsigned long rows, cols;
    dvk_book_sheet_size(b, 0, &rows, &cols);
    assert_int_equal(rows, 4);
    assert_int_equal(cols, 5);
    dvk_book_sheet_size(b, 1, &rows, &cols);
    assert_int_equal(rows, 0);     /* no dimension: unknown */
    dvk_book_free(b);
}

static void test_merged(void **state)
{
    /* a heading over two columns, a unit down three rows (the third not in
     * the file), an empty area, an area after the last row */
    expect_sheet("merged.xlsx", 0,
                 "1: A=s:Nhóm** B=s:Nhóm*\n"
                 "2: A=s:a B=s:b\n"
                 "3: A=s:X** B=n:1\n"
                 "4: A=s:X* B=n:2\n"
                 "5: A=s:X* D=:** E=:*\n"
                 "7: A=n:9\n"
                 "8: C=:**\n"
                 "9: C=:*\n");
}

static void test_libreoffice(void **state)
{
    /* the same CSV through LibreOffice as .xlsx and .ods: formulas' cached
     * values, ISO dates recognised, a quoted comma */
    const char *expected = "1: A=s:Xã B=s:Số C=s:Ngày D=s:Tổng\n"
                           "2: A=s:Minh Long B=n:12 C=d:2023-04-05 D=n:24\n"
                           "3: A=s:Long Hiệp B=n:3.5 C=d:2024-12-31 D=n:7\n"
                           "4: A=s:Phước, Hưng D=s:xMinh Long\n";
    expect_sheet("libreoffice.xlsx", 0, expected);
    expect_sheet("libreoffice.ods", 0, expected);
}

static void test_hand_ods(void **state)
{
    /* spans over covered cells, text:s and text:span, a note left out,
     * value types, a hidden row, a repeated row (its second copy outside
     * the area), empty repeats skipped, a repeated cell, a formula error,
     * and a million trailing empty rows that give nothing */
    expect_sheet("hand.ods", 0,
                 "1: A=s:Đầu  đề** B=s:Đầu  đề* C=n:0.1\n"
                 "2: A=s:Xã A** B=d:2023-04-05 C=b:TRUE\n"
                 "3h: A=s:Xã A* B=t:36:30:00 C=n:0.25\n"
                 "4: A=s:Xã A* B=n:1500 C=d:2023-04-05 10:20:30\n"
                 "5: B=n:1500 C=d:2023-04-05 10:20:30\n"
                 "9: A=n:7 B=n:7 C=e:#DIV/0!\n");
    expect_sheet("hand.ods", 1, "1: A=s:x\ny\n");
    dvk_book *b;
    dvk_error err = {0};
    assert_int_equal(dvk_book_open_path(&b, BOOKS_DIR "/hand.ods", &err), DVK_OK);
    assert_int_equal(dvk_book_kind(b), DVK_BOOK_ODS);
    assert_int_equal(dvk_book_sheet_count(b), 2);
    assert_string_equal(dvk_book_sheet_name(b, 0), "Một");
    assert_int_equal(dvk_book_sheet_hidden(b, 0), 0);
    assert_int_equal(dvk_book_sheet_hidden(b, 1), 1);
    unsigned long rows, cols;
    dvk_book_sheet_size(b, 0, &rows, &cols);
    assert_int_equal(rows, 9);
    assert_int_equal(cols, 3);
    dvk_book_free(b);
}

static void expect_status(const char *file, int status, const char *words)
{
    dvk_error err = {0};
    int st = status_of(file, &err);
    if (st != status || !strstr(err.message, words))
        fail_msg("%s: status %d (%s), expected %d with \"%s\"", file, st, err.message, status,
                 words);
}

static void test_bad(void **state)
{
    expect_status("bad-truncated.xlsx", DVK_SYNTAX, "not a readable zip");
    expect_status("bad-not-workbook.xlsx", DVK_SYNTAX, "holds no workbook");
    expect_status("bad-encrypted.xlsx", DVK_IO, "encrypted");
    expect_status("bad-bomb.xlsx", DVK_LIMIT, "zip bomb");
    expect_status("bad-entities.xlsx", DVK_SYNTAX, "DOCTYPE");
    expect_status("bad-external-entity.xlsx", DVK_SYNTAX, "DOCTYPE");
    expect_status("bad-shared-string.xlsx", DVK_SYNTAX, "shared string 3 is missing");
    expect_status("bad-cell-ref.xlsx", DVK_SYNTAX, "XFE1");
    expect_status("bad-merge-range.xlsx", DVK_SYNTAX, "out of the sheet");
    expect_status("bad-merge-overlap.xlsx", DVK_SYNTAX, "B2:D4 overlaps");
    expect_status("bad-row-order.xlsx", DVK_SYNTAX, "row 1 comes after row 2");
    expect_status("bad-ods-repeat.ods", DVK_LIMIT, "repeats");
    /* the sizes understated in the headers: stopped while inflating */
    expect_status("bad-bomb-lying.xlsx", DVK_LIMIT, "inflated");
    /* the place of an error in a sheet */
    dvk_error err = {0};
    assert_int_equal(status_of("bad-shared-string.xlsx", &err), DVK_SYNTAX);
    assert_int_equal(err.line, 1);
    assert_int_equal(err.column, 1);
    char path[512];
    snprintf(path, sizeof path, "%s/%s", BOOKS_DIR, "../data/growing.csv");
    dvk_book *b;
    assert_int_equal(dvk_book_open_path(&b, path, &err), DVK_SYNTAX);
    assert_null(b);
    assert_int_equal(dvk_book_open_path(&b, BOOKS_DIR "/none.xlsx", &err), DVK_IO);
}

static void test_sources(void **state)
{
    /* the same sheet from memory, a regular file and a pipe */
    FILE *f = fopen(BOOKS_DIR "/merged.xlsx", "rb");
    assert_non_null(f);
    static unsigned char data[1 << 16];
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    assert_int_equal(dvk_book_sniff(data, len), DVK_BOOK_XLSX);
    assert_int_equal(dvk_book_sniff((const unsigned char *)"a,b\n", 4), DVK_BOOK_NONE);
    dvk_book *b;
    dvk_error err = {0};
    dvk_buf out = {0};
    assert_int_equal(dvk_book_open_memory(&b, data, len, &err), DVK_OK);
    assert_int_equal(dump_sheet(b, 0, &out, &err), DVK_OK);
    dvk_book_free(b);
    char *from_memory = out.data;

    int fd = open(BOOKS_DIR "/merged.xlsx", O_RDONLY);
    assert_true(fd >= 0);
    assert_int_equal(dvk_book_open_fd(&b, fd, &err), DVK_OK);
    out = (dvk_buf){0};
    assert_int_equal(dump_sheet(b, 0, &out, &err), DVK_OK);
    assert_string_equal(out.data, from_memory);
    /* read twice: a sheet may be selected again */
    dvk_buf_free(&out);
    assert_int_equal(dump_sheet(b, 0, &out, &err), DVK_OK);
    assert_string_equal(out.data, from_memory);
    dvk_buf_free(&out);
    dvk_book_free(b);
    assert_int_equal(close(fd), 0);   /* still open: the caller's to close */

    int p[2];
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], data, len), (ssize_t)len);
    close(p[1]);
    assert_int_equal(dvk_book_open_fd(&b, p[0], &err), DVK_OK);
    close(p[0]);
    char *tmp = b->tmp_path ? strdup(b->tmp_path) : NULL;
    assert_non_null(tmp);
    assert_int_equal(dump_sheet(b, 0, &out, &err), DVK_OK);
    assert_string_equal(out.data, from_memory);
    dvk_buf_free(&out);
    dvk_book_free(b);
    assert_int_equal(access(tmp, F_OK), -1);   /* the copy is removed */
    free(tmp);
    free(from_memory);

    f = fopen(BOOKS_DIR "/bad-encrypted.xlsx", "rb");
    len = fread(data, 1, sizeof data, f);
    fclose(f);
    assert_int_equal(dvk_book_open_memory(&b, data, len, &err), DVK_IO);
}

static void test_formats(void **state)
{
    struct { const char *code; int kind; } cases[] = {
        {"General", DVK_NUMFMT_NUMBER}, {"#,##0", DVK_NUMFMT_NUMBER}, {"0.00E+00", DVK_NUMFMT_NUMBER},
        {"0.0%", DVK_NUMFMT_NUMBER}, {"#,##0 [$₫-42A]", DVK_NUMFMT_NUMBER},
        {"[Red]#,##0;[Blue]-#,##0", DVK_NUMFMT_NUMBER}, {"\"ngày\" 0", DVK_NUMFMT_NUMBER},
        {"dd/mm/yyyy", DVK_NUMFMT_DATE}, {"[$-42A]dd/mm/yyyy", DVK_NUMFMT_DATE},
        {"\"năm\" yyyy", DVK_NUMFMT_DATE}, {"mmm-yy", DVK_NUMFMT_DATE},
        {"DD.MM.YYYY", DVK_NUMFMT_DATE}, {"yyyy-mm-dd hh:mm", DVK_NUMFMT_DATE},
        {"h:mm", DVK_NUMFMT_TIME}, {"[h]:mm", DVK_NUMFMT_TIME}, {"mm:ss", DVK_NUMFMT_TIME},
        {"[mm]:ss", DVK_NUMFMT_TIME}, {"h:mm AM/PM", DVK_NUMFMT_TIME}, {"m", DVK_NUMFMT_DATE},
        {"\\d0", DVK_NUMFMT_NUMBER},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (dvk_numfmt_kind(0, cases[i].code) != cases[i].kind)
            fail_msg("%s: %d", cases[i].code, dvk_numfmt_kind(0, cases[i].code));
    assert_int_equal(dvk_numfmt_kind(14, NULL), DVK_NUMFMT_DATE);
    assert_int_equal(dvk_numfmt_kind(22, NULL), DVK_NUMFMT_DATE);
    assert_int_equal(dvk_numfmt_kind(46, NULL), DVK_NUMFMT_TIME);
    assert_int_equal(dvk_numfmt_kind(57, NULL), DVK_NUMFMT_DATE);
    assert_int_equal(dvk_numfmt_kind(55, NULL), DVK_NUMFMT_TIME);
    assert_int_equal(dvk_numfmt_kind(3, NULL), DVK_NUMFMT_NUMBER);
    assert_int_equal(dvk_numfmt_kind(49, NULL), DVK_NUMFMT_NUMBER);

    char buf[48];
    int type;
    double days;
    dvk_numfmt_serial(59, DVK_NUMFMT_DATE, 0, &type, &days, buf, sizeof buf);
    assert_string_equal(buf, "1900-02-28");
    dvk_numfmt_serial(61, DVK_NUMFMT_DATE, 0, &type, &days, buf, sizeof buf);
    assert_string_equal(buf, "1900-03-01");
    dvk_numfmt_serial(1, DVK_NUMFMT_DATE, 0, &type, &days, buf, sizeof buf);
    assert_string_equal(buf, "1900-01-01");
    dvk_numfmt_serial(25569, DVK_NUMFMT_DATE, 0, &type, &days, buf, sizeof buf);
    assert_string_equal(buf, "1970-01-01");
    assert_true(days == 0);
    dvk_numfmt_serial(0.999999999, DVK_NUMFMT_DATE, 1, &type, &days, buf, sizeof buf);
    assert_string_equal(buf, "1904-01-02");   /* rounded to the second */
    dvk_numfmt_serial(-1, DVK_NUMFMT_DATE, 0, &type, &days, buf, sizeof buf);
    assert_int_equal(type, DVK_CELL_NUMBER);

    const struct { double x; const char *text; } numbers[] = {
        {0.1, "0.1"}, {1.0 / 3, "0.33333333333333331"}, {123456789012345.0, "123456789012345"},
        {1e16, "10000000000000000"}, {-0.0, "0"}, {2.5e-7, "2.5e-07"}, {1e300, "1e+300"}, {0.1 + 0.2, "0.30000000000000004"},
    };
    for (size_t i = 0; i < sizeof numbers / sizeof *numbers; i++) {
        dvk_number_text(numbers[i].x, buf, sizeof buf);
        assert_string_equal(buf, numbers[i].text);
    }
    dvk_book_cell_name(1, 1, buf, sizeof buf);
    assert_string_equal(buf, "A1");
    dvk_book_cell_name(28, 17, buf, sizeof buf);
    assert_string_equal(buf, "AB17");
    dvk_book_cell_name(16384, 1048576, buf, sizeof buf);
    assert_string_equal(buf, "XFD1048576");
    unsigned long c, r;
    assert_true(dvk_book_parse_cell("$XFD$1048576", &c, &r, NULL) && c == 16384 && r == 1048576);
    assert_false(dvk_book_parse_cell("XFE1", &c, &r, NULL));
    assert_false(dvk_book_parse_cell("A1048577", &c, &r, NULL));
}

/* The reader over workbook bytes in memory: the register merged down by
 * unit, its two header rows joined, its date cells typed. */
static void test_reader_memory(void **state)
{
    (void)state;
    static char data[1 << 16];
    FILE *f = fopen(BOOKS_DIR "/register.xlsx", "rb");
    assert_non_null(f);
    size_t len = fread(data, 1, sizeof data, f);
    fclose(f);
    assert_true(len > 0 && len < sizeof data);
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, data, len, "register.xlsx"), DVK_OK);
    assert_int_equal(dvk_reader_sheet_count(r), 1);
    assert_string_equal(dvk_reader_sheet_name(r, 0), "Sổ đăng ký");
    assert_int_equal(dvk_reader_column_count(r), 6);
    assert_string_equal(dvk_reader_column_name(r, 3), "Mô hình / Lĩnh vực");
    int rows = 0, long_son = 0;
    while (dvk_reader_next(r) == DVK_ROW) {
        rows++;
        long_son += strcmp(dvk_reader_field(r, 1, NULL), "Xã Long Sơn") == 0;
        double x;
        assert_int_equal(dvk_reader_field_number(r, 4, &x), DVK_OK);
        assert_true(x >= 2020 && x <= 2023);
    }
    assert_int_equal(rows, 12);
    assert_int_equal(long_son, 4);
    dvk_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_openpyxl), cmocka_unit_test(test_hand_xlsx),
        cmocka_unit_test(test_merged), cmocka_unit_test(test_libreoffice),
        cmocka_unit_test(test_hand_ods), cmocka_unit_test(test_bad),
        cmocka_unit_test(test_sources), cmocka_unit_test(test_formats),
        cmocka_unit_test(test_reader_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
