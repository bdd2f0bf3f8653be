/* test-layout.c: the layout guesses that could change a figure (lib/layout.c):
 * a unit column filled down only inside blocks the file closes, and rows left
 * out as headings, totals or notes only when they cannot be records.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <dvkstat.h>

static dvk_reader *open_str(const char *text, unsigned keep)
{
    dvk_reader *r = dvk_reader_new();
    assert_non_null(r);
    assert_int_equal(dvk_reader_set_keep(r, keep), DVK_OK);
    if (dvk_reader_open_memory(r, text, strlen(text), "mem.csv") != DVK_OK)
        fail_msg("open: %s", dvk_reader_errmsg(r));
    return r;
}

/* Read to the end; each row's cell COL joined with '|' into OUT.  The
 * status that ended the input. */
static int read_col(dvk_reader *r, size_t col, char *out, size_t size)
{
    int st;
    out[0] = '\0';
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        size_t n = strlen(out);
        snprintf(out + n, size - n, "%s%s", n ? "|" : "", dvk_reader_field(r, col, NULL));
    }
    return st;
}

static int has_note(const dvk_reader *r, int kind)
{
    struct dvk_layout_note n = {.size = sizeof n};
    for (size_t i = 0; dvk_reader_layout_note(r, i, &n) == DVK_OK; i++)
        if (n.kind == kind)
            return 1;
    return 0;
}

/* The district's own rows after the communes, the district written again. */
static const char agency[] =
    "Huyện,Xã,Tên mô hình,Năm\n"
    "Phú Tân,Xã A,M1,2022\n"
    ",,M2,2022\n"
    ",Xã B,M3,2022\n"
    ",,M4,2022\n"
    "Phú Tân,,Công an huyện,2022\n"
    ",Xã C,M6,2022\n"
    ",,M7,2022\n"
    ",Xã D,M8,2022\n";

static void test_outer_unit_written(void **state)
{
    (void)state;
    char got[256];
    dvk_reader *r = open_str(agency, 0);
    assert_true(has_note(r, DVK_LAYOUT_FILL_DOWN));
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_AMBIGUOUS);
    assert_false(dvk_status_is_row_error(DVK_AMBIGUOUS));
    assert_int_equal(dvk_reader_error_line(r), 6);
    assert_int_equal(dvk_reader_error_column(r), 9);
    assert_non_null(strstr(dvk_reader_errmsg(r), "'Xã B'"));
    assert_non_null(strstr(dvk_reader_errmsg(r), "'Huyện'"));
    assert_non_null(strstr(dvk_reader_errhint(r), "--fill-down 'Xã'"));
    assert_non_null(strstr(dvk_reader_errhint(r), "--no-fill-down"));
    /* the error stands */
    assert_int_equal(dvk_reader_next(r), DVK_AMBIGUOUS);
    dvk_reader_free(r);

    /* the caller says which: no question */
    r = open_str(agency, DVK_KEEP_EMPTY);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_DONE);
    assert_string_equal(got, "Xã A||Xã B|||Xã C||Xã D");
    dvk_reader_free(r);
    r = open_str(agency, 0);
    assert_int_equal(dvk_reader_set_fill_down(r, "Xã"), DVK_OK);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_DONE);
    assert_string_equal(got, "Xã A|Xã A|Xã B|Xã B|Xã B|Xã C|Xã C|Xã D");
    dvk_reader_free(r);
}

static void test_runs(void **state)
{
    (void)state;
    char got[256];
    /* every empty cell inside a block the next name closes: filled */
    dvk_reader *r = open_str("STT,Xã,Tên,Năm\n1,Xã A,M1,2020\n2,,M2,2021\n3,,M3,2022\n"
                             "4,Xã B,M4,2020\n5,,M5,2021\n6,Xã C,M6,2022\n7,,M7,2022\n"
                             "8,Xã D,M8,2022\n", 0);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_DONE);
    assert_string_equal(got, "Xã A|Xã A|Xã A|Xã B|Xã B|Xã C|Xã C|Xã D");
    dvk_reader_free(r);

    /* a run to the end of the input: asked, at its first empty cell */
    r = open_str("STT,Xã,Tên,Năm\n1,Xã A,M1,2020\n2,,M2,2021\n3,Xã B,M3,2022\n"
                 "4,,M4,2020\n5,,M5,2021\n6,Xã C,M6,2022\n7,,M7,2022\n", 0);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_AMBIGUOUS);
    assert_int_equal(dvk_reader_error_line(r), 8);
    assert_int_equal(dvk_reader_error_column(r), 3);
    assert_non_null(strstr(dvk_reader_errmsg(r), "'Xã C'"));
    dvk_reader_free(r);

    /* a run up to a section heading */
    r = open_str("STT,Xã,Tên,Lĩnh vực,Năm\nI,CẤP XÃ,,,\n1,Xã A,M1,Kinh tế,2020\n"
                 "2,,M2,Kinh tế,2021\n3,Xã B,M3,Kinh tế,2022\n4,,M4,Kinh tế,2020\n"
                 "5,,M5,Kinh tế,2020\nII,KHỐI PHƯỜNG,,,\n6,Phường 1,M6,Kinh tế,2021\n"
                 "7,,M7,Kinh tế,2021\n8,Phường 2,M8,Kinh tế,2022\n", 0);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_AMBIGUOUS);
    assert_int_equal(dvk_reader_error_line(r), 6);
    assert_non_null(strstr(dvk_reader_errmsg(r), "up to line 8"));
    dvk_reader_free(r);

    /* a subtotal that names the unit above closes its block */
    r = open_str("STT,Xã,Tên,Lĩnh vực,Số hộ\n1,Xã Long Hiệp,M1,Kinh tế,4\n"
                 "2,,M2,Kinh tế,5\n,Cộng xã Long Hiệp,,,9\n3,Xã Long Mai,M3,Kinh tế,1\n"
                 "4,,M4,Kinh tế,2\n,Cộng xã Long Mai,,,3\n", 0);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_DONE);
    assert_string_equal(got, "Xã Long Hiệp|Xã Long Hiệp|Xã Long Mai|Xã Long Mai");
    dvk_reader_free(r);
}

static void test_rows_that_may_be_records(void **state)
{
    (void)state;
    char got[256];
    /* rows that read as headings by their text, as full as any record */
    static const char list[] = "STT,Xã,Tên mô hình\n1,Xã Long Hiệp,Camera an ninh\n"
                               "2,Xã Long Mai,Tủ sách cộng đồng\n,Cộng,2\n";
    dvk_reader *r = open_str(list, 0);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_AMBIGUOUS);
    assert_int_equal(dvk_reader_error_line(r), 2);
    assert_non_null(strstr(dvk_reader_errhint(r), "--keep-sections"));
    dvk_reader_free(r);
    r = open_str(list, DVK_KEEP_SECTIONS);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_DONE);
    assert_string_equal(got, "Xã Long Hiệp|Xã Long Mai");
    dvk_reader_free(r);

    /* a total that says so in its own words is one, whatever else it fills */
    static const char total[] = "Tên mô hình,Lĩnh vực,Năm\nCamera,Kinh tế,2021\n"
                                "Loa,Văn hóa,2022\nTổng cộng,4 lĩnh vực,2022\nTủ sách,Văn hóa,2022\n";
    r = open_str(total, 0);
    assert_int_equal(read_col(r, 0, got, sizeof got), DVK_DONE);
    assert_string_equal(got, "Camera|Loa|Tủ sách");
    dvk_reader_free(r);

    /* a total row with its label in the only key column: left out */
    r = open_str("STT,Lĩnh vực,2019,2020\n1,Kinh tế,3,4\n2,Văn hóa,1,2\n3,Quốc phòng,2,2\n"
                 ",Tổng cộng,6,8\n", 0);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_DONE);
    assert_string_equal(got, "Kinh tế|Văn hóa|Quốc phòng");
    dvk_reader_free(r);

    /* a record after the signature block */
    static const char after[] = "STT,Tên mô hình,Lĩnh vực,Tình trạng\n1,Camera,Kinh tế,Duy trì\n"
                                "2,Loa,Văn hóa,Duy trì\n3,Tủ sách,Văn hóa,Duy trì\n"
                                ",NGƯỜI LẬP BIỂU,,\n4,Bếp ăn,Văn hóa,Duy trì\n";
    r = open_str(after, 0);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_AMBIGUOUS);
    assert_int_equal(dvk_reader_error_line(r), 6);
    assert_non_null(strstr(dvk_reader_errhint(r), "--table-end none"));
    dvk_reader_free(r);
    r = open_str(after, DVK_KEEP_NOTES);
    assert_int_equal(read_col(r, 1, got, sizeof got), DVK_DONE);
    assert_string_equal(got, "Camera|Loa|Tủ sách|NGƯỜI LẬP BIỂU|Bếp ăn");
    dvk_reader_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_outer_unit_written),
        cmocka_unit_test(test_runs),
        cmocka_unit_test(test_rows_that_may_be_records),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
