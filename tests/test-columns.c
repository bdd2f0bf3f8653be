/* test-columns.c: the column resolver (lib/columns.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <dvkstat.h>

static const char header[] =
    "Mã,Lĩnh vực,Năm,Tên mô hình,Đơn vị,Đơn vị,2017\n1,2,3,4,5,6,7\n";

static dvk_reader *open_header(void)
{
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, header, strlen(header), "h"), DVK_OK);
    return r;
}

static void expect_column(dvk_reader *r, const char *spec, size_t want)
{
    size_t got = 99;
    int st = dvk_reader_find_column(r, spec, &got);
    if (st != DVK_OK)
        fail_msg("'%s': %s", spec, dvk_reader_errmsg(r));
    assert_int_equal(got, want);
}

static void test_by_name_index_and_loose(void **state)
{
    (void)state;
    dvk_reader *r = open_header();
    expect_column(r, "Lĩnh vực", 1);
    expect_column(r, "  Lĩnh  vực ", 1);     /* as normalised */
    expect_column(r, "LĨNH VỰC", 1);         /* case */
    expect_column(r, "linh_vuc", 1);         /* loose */
    expect_column(r, "linhvuc", 1);
    expect_column(r, "nam", 2);
    expect_column(r, "ten mo hinh", 3);
    expect_column(r, "3", 2);                /* 1-based index */
    expect_column(r, "2017", 6);             /* a header that is a number wins */
    /* decomposed input finds the precomposed header */
    expect_column(r, "Li\xcc\x83nh vu\xcc\x9b\xcc\xa3\x63", 1);
    dvk_reader_free(r);
}

static void test_errors(void **state)
{
    (void)state;
    dvk_reader *r = open_header();
    size_t i;
    assert_int_equal(dvk_reader_find_column(r, "Đơn vị", &i), DVK_COLUMN);
    assert_non_null(strstr(dvk_reader_errmsg(r), "ambiguous"));
    assert_non_null(strstr(dvk_reader_errmsg(r), "5, 6"));
    assert_int_equal(dvk_reader_find_column(r, "don_vi", &i), DVK_COLUMN);

    assert_int_equal(dvk_reader_find_column(r, "Linh vuk", &i), DVK_COLUMN);
    assert_non_null(strstr(dvk_reader_errmsg(r), "unknown column 'Linh vuk'"));
    assert_non_null(strstr(dvk_reader_errmsg(r), "'Tên mô hình'"));
    assert_string_equal(dvk_reader_errhint(r), "did you mean 'Lĩnh vực'?");

    assert_int_equal(dvk_reader_find_column(r, "9", &i), DVK_COLUMN);
    assert_non_null(strstr(dvk_reader_errmsg(r), "7 columns"));
    assert_int_equal(dvk_reader_find_column(r, "zzzzzzzzzz", &i), DVK_COLUMN);
    assert_non_null(strstr(dvk_reader_errhint(r), "without accents"));
    assert_int_equal(dvk_reader_find_column(r, NULL, &i), DVK_USAGE);
    dvk_reader_free(r);
}

/* The date column by its header, dates read, and a partial last year. */
static void test_partial_year(void **state)
{
    (void)state;
    static const char t[] = "Mã,Năm,Ngày đăng ký,Lĩnh vực\n1,2022,17/06/2022,KT\n";
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, t, strlen(t), "t"), DVK_OK);
    size_t i = 99;
    assert_int_equal(dvk_reader_find_role(r, DVK_ROLE_DATE, &i), DVK_OK);
    assert_int_equal(i, 2);
    dvk_reader_free(r);
    static const char u[] = "Mã,Năm\n1,2022\n";
    r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, u, strlen(u), "u"), DVK_OK);
    assert_int_equal(dvk_reader_find_role(r, DVK_ROLE_DATE, &i), DVK_COLUMN);
    dvk_reader_free(r);

    assert_int_equal(dvk_date_parse("17/06/2022", 10), 20220617);
    assert_int_equal(dvk_date_parse("7/6/2022", 8), 20220607);
    assert_int_equal(dvk_date_parse(" 2022-06-17", 11), 20220617);
    assert_int_equal(dvk_date_parse("2022-06-17 08:30", 16), 20220617);
    assert_int_equal(dvk_date_parse("2022-06-17", 7), 0);      /* cut short */
    assert_int_equal(dvk_date_parse("17.06.2022", 10), 20220617); /* as a time column reads it */
    assert_int_equal(dvk_date_parse("31/02/2022", 10), 0);        /* no such day */
    assert_int_equal(dvk_date_parse("17/06/1899", 10), 0);
    assert_int_equal(dvk_date_parse("32/01/2022", 10), 0);
    assert_int_equal(dvk_date_parse("17/13/2022", 10), 0);
    assert_int_equal(dvk_date_parse("17/06/22", 8), 0);
    assert_int_equal(dvk_date_parse("2022", 4), 0);
    assert_int_equal(dvk_date_parse("17/06/2022x", 11), 0);
    assert_int_equal(dvk_date_parse("", 0), 0);
    assert_int_equal(dvk_date_parse(NULL, 3), 0);

    int d = 0, m = 0;
    assert_int_equal(dvk_year_partial(2022, 20220617, &d, &m), 1);
    assert_int_equal(d, 17);
    assert_int_equal(m, 6);
    assert_int_equal(dvk_year_partial(2022, 20221220, &d, &m), 0); /* December: whole */
    assert_int_equal(dvk_year_partial(2023, 20220617, NULL, NULL), 0); /* another year */
    assert_int_equal(dvk_year_partial(2022, 0, NULL, NULL), 0);       /* no dates */
}

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(dvk_text_distance("linhvuc", "linhvuc"), 0);
    assert_int_equal(dvk_text_distance("linhvuk", "linhvuc"), 1);
    assert_int_equal(dvk_text_distance("duytri", "duytrihieuqua"), 7);
    assert_int_equal(dvk_text_distance("", "abc"), 3);
    assert_true(dvk_text_distance(NULL, "a") == SIZE_MAX);
    char long_text[202];
    memset(long_text, 'a', 201);
    long_text[201] = '\0';
    assert_true(dvk_text_distance(long_text, "a") == SIZE_MAX);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_by_name_index_and_loose),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_partial_year),
        cmocka_unit_test(test_distance),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
