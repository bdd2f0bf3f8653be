/* test-number.c: numbers, years and dates (lib/number.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <dvkstat.h>

static int num(const char *s, int comma, double *x)
{
    return dvk_number_parse(s, strlen(s), comma, x);
}

static void test_numbers(void **state)
{
    (void)state;
    double x;
    assert_int_equal(num("1234", 0, &x), DVK_OK);
    assert_true(x == 1234);
    assert_int_equal(num(" -12.5 ", 0, &x), DVK_OK);
    assert_true(x == -12.5);
    assert_int_equal(num("1,234,567", 0, &x), DVK_OK);
    assert_true(x == 1234567);
    assert_int_equal(num("1.5e3", 0, &x), DVK_OK);
    assert_true(x == 1500);
    /* vi-VN: '.' groups, ',' is the decimal point */
    assert_int_equal(num("1.234", 1, &x), DVK_OK);
    assert_true(x == 1234);
    assert_int_equal(num("12.500.000", 1, &x), DVK_OK);
    assert_true(x == 12500000);
    assert_int_equal(num("1,5", 1, &x), DVK_OK);
    assert_true(x == 1.5);
    assert_int_equal(num("1.234", 0, &x), DVK_OK);
    assert_true(x == 1.234);
    /* missing, and not numbers */
    assert_int_equal(num("", 0, &x), DVK_EMPTY);
    assert_int_equal(num("  ", 0, &x), DVK_EMPTY);
    assert_int_equal(num("abc", 0, &x), DVK_VALUE);
    assert_int_equal(num("1,5", 0, &x), DVK_VALUE);   /* groups of three */
    assert_int_equal(num("1.5", 1, &x), DVK_VALUE);
    assert_int_equal(num("12,34,567", 0, &x), DVK_VALUE);
    assert_int_equal(num("1e", 0, &x), DVK_VALUE);
    assert_int_equal(num("nan", 0, &x), DVK_VALUE);
    assert_int_equal(num("-", 0, &x), DVK_VALUE);
    /* money written with its unit */
    assert_int_equal(num("12.500.000 đ", 1, &x), DVK_OK);
    assert_true(x == 12500000);
    assert_int_equal(num("12.500.000đ", 1, &x), DVK_OK);
    assert_true(x == 12500000);
    assert_int_equal(num("3.000.000 VNĐ", 1, &x), DVK_OK);
    assert_true(x == 3000000);
    assert_int_equal(num("45,000,000 VND", 0, &x), DVK_OK);
    assert_true(x == 45000000);
    assert_int_equal(num("2.000 đồng", 1, &x), DVK_OK);
    assert_true(x == 2000);
    assert_int_equal(num("12 đô", 1, &x), DVK_VALUE);
    assert_int_equal(num("12 đ x", 1, &x), DVK_VALUE);
    assert_int_equal(num("đ", 1, &x), DVK_VALUE);
}

static int tp(const char *s, int period, long *t)
{
    return dvk_time_parse(s, strlen(s), period, t);
}

static void test_times(void **state)
{
    (void)state;
    long t;
    assert_int_equal(tp("2021", DVK_PERIOD_YEAR, &t), DVK_OK);
    assert_int_equal(t, 2021);
    assert_int_equal(tp("15/03/2021", DVK_PERIOD_YEAR, &t), DVK_OK);
    assert_int_equal(t, 2021);
    assert_int_equal(tp("2021-03-15", DVK_PERIOD_YEAR, &t), DVK_OK);
    assert_int_equal(t, 2021);
    assert_int_equal(tp("5/7/2020 08:30", DVK_PERIOD_MONTH, &t), DVK_OK);
    assert_int_equal(t, 2020 * 12 + 6);
    assert_int_equal(tp("2020-11-30", DVK_PERIOD_QUARTER, &t), DVK_OK);
    assert_int_equal(t, 2020 * 4 + 3);
    assert_int_equal(tp("29/02/2020", DVK_PERIOD_YEAR, &t), DVK_OK);
    assert_int_equal(tp("29/02/2021", DVK_PERIOD_YEAR, &t), DVK_VALUE);
    assert_int_equal(tp("32/01/2021", DVK_PERIOD_YEAR, &t), DVK_VALUE);
    assert_int_equal(tp("1850", DVK_PERIOD_YEAR, &t), DVK_VALUE);
    assert_int_equal(tp("hai nghìn", DVK_PERIOD_YEAR, &t), DVK_VALUE);
    assert_int_equal(tp("2021", DVK_PERIOD_MONTH, &t), DVK_VALUE);
    assert_int_equal(tp("", DVK_PERIOD_YEAR, &t), DVK_EMPTY);
    assert_int_equal(tp("-3", DVK_PERIOD_INTEGER, &t), DVK_OK);
    assert_int_equal(t, -3);
    assert_int_equal(tp("7", DVK_PERIOD_INTEGER, &t), DVK_OK);
    assert_int_equal(t, 7);
    assert_int_equal(tp("7.5", DVK_PERIOD_INTEGER, &t), DVK_VALUE);
}

static void test_time_labels(void **state)
{
    (void)state;
    char buf[32];
    dvk_time_format(2021, DVK_PERIOD_YEAR, buf, sizeof buf);
    assert_string_equal(buf, "2021");
    dvk_time_format(2021 * 4 + 2, DVK_PERIOD_QUARTER, buf, sizeof buf);
    assert_string_equal(buf, "2021-Q3");
    dvk_time_format(2021 * 12 + 0, DVK_PERIOD_MONTH, buf, sizeof buf);
    assert_string_equal(buf, "2021-01");
    dvk_time_format(2021 * 12 + 11, DVK_PERIOD_MONTH, buf, sizeof buf);
    assert_string_equal(buf, "2021-12");
}

/* The ends of long: no overflow (t - 3 at LONG_MIN was one), and the
 * floor division holds for negative periods. */
static void test_time_label_extremes(void **state)
{
    (void)state;
    char buf[48];
    dvk_time_format(-1, DVK_PERIOD_QUARTER, buf, sizeof buf);
    assert_string_equal(buf, "-1-Q4");
    dvk_time_format(-1, DVK_PERIOD_MONTH, buf, sizeof buf);
    assert_string_equal(buf, "-1-12");
    dvk_time_format(LONG_MIN, DVK_PERIOD_QUARTER, buf, sizeof buf);
    assert_string_equal(buf, "-2305843009213693952-Q1");
    dvk_time_format(LONG_MIN, DVK_PERIOD_MONTH, buf, sizeof buf);
    assert_string_equal(buf, "-768614336404564651-05");
    dvk_time_format(LONG_MAX, DVK_PERIOD_QUARTER, buf, sizeof buf);
    assert_string_equal(buf, "2305843009213693951-Q4");
    dvk_time_format(LONG_MAX, DVK_PERIOD_MONTH, buf, sizeof buf);
    assert_string_equal(buf, "768614336404564650-08");
    dvk_time_format(LONG_MIN, DVK_PERIOD_YEAR, buf, sizeof buf);
    assert_string_equal(buf, "-9223372036854775808");
    dvk_time_format(LONG_MIN, DVK_PERIOD_INTEGER, buf, sizeof buf);
    assert_string_equal(buf, "-9223372036854775808");
    /* a short buffer is cut, and the length needed returned */
    char small[4];
    assert_int_equal(dvk_time_format(LONG_MAX, DVK_PERIOD_YEAR, small, sizeof small), 19);
    assert_string_equal(small, "922");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_numbers),
        cmocka_unit_test(test_times),
        cmocka_unit_test(test_time_labels),
        cmocka_unit_test(test_time_label_extremes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
