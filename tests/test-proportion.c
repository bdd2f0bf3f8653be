/* test-proportion.c: intervals and the homogeneity test (lib/proportion.c).
 * Every expected value was printed by R 4.2 from the call cited beside it
 * (tests/reference/proportion.R) and must match to 1e-9 relative.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include <dvkstat.h>

static void close_to(double got, double want)
{
    double tol = 1e-9 * fabs(want);
    if (want == 0)
        tol = 1e-15;
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, wanted %.17g", got, want);
}

struct interval_case {
    double k, n, level;
    double wilson_low, wilson_high; /* prop.test(k, n, conf.level = level, correct = FALSE)$conf.int */
    double exact_low, exact_high;   /* binom.test(k, n, conf.level = level)$conf.int */
};

static const struct interval_case cases[] = {
    {4, 7, 0.95, 0.25045836452765724, 0.84178014474853013, 0.18405156764008304, 0.9010117215574921},
    /* k = 0 and k = n */
    {0, 10, 0.95, 0, 0.27753279986288915, 0, 0.30849710781876083},
    {10, 10, 0.95, 0.72246720013711085, 1, 0.69150289218123917, 1},
    /* Minh Long: 40 of 296 still maintained */
    {40, 296, 0.95, 0.10083282116961056, 0.17878647881128873, 0.098327937829997755, 0.17943999001010991},
    {1, 1, 0.95, 0.2065493143772375, 1, 0.025000000000000022, 1},
    {7, 35, 0.90, 0.11223725313039078, 0.33081546336031742, 0.097828368426911616, 0.34304968599058216},
    {24, 194, 0.99, 0.075001068208740099, 0.19730897120413005, 0.070131289461904986, 0.19652880775771908},
    {123456, 1000000, 0.95, 0.12281269653142285, 0.12410219641400438, 0.12281184162962973, 0.12410234027680267},
};

static void test_intervals(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        const struct interval_case *c = &cases[i];
        double lo, hi;
        assert_int_equal(dvk_prop_wilson(c->k, c->n, c->level, &lo, &hi), DVK_OK);
        close_to(lo, c->wilson_low);
        close_to(hi, c->wilson_high);
        assert_int_equal(dvk_prop_exact(c->k, c->n, c->level, &lo, &hi), DVK_OK);
        close_to(lo, c->exact_low);
        close_to(hi, c->exact_high);
    }
}

static void test_undefined(void **state)
{
    (void)state;
    double lo, hi;
    assert_int_equal(dvk_prop_wilson(0, 0, 0.95, &lo, &hi), DVK_VALUE);
    assert_int_equal(dvk_prop_exact(0, 0, 0.95, &lo, &hi), DVK_VALUE);
    assert_int_equal(dvk_prop_wilson(5, 4, 0.95, &lo, &hi), DVK_VALUE);
    assert_int_equal(dvk_prop_exact(-1, 4, 0.95, &lo, &hi), DVK_VALUE);
    assert_int_equal(dvk_prop_wilson(1, 4, 1.0, &lo, &hi), DVK_VALUE);
    assert_int_equal(dvk_prop_exact(1, 4, 0, &lo, &hi), DVK_VALUE);
    assert_int_equal(dvk_prop_wilson(1, NAN, 0.95, &lo, &hi), DVK_VALUE);
    assert_int_equal(dvk_prop_wilson(1, 4, 0.95, NULL, &hi), DVK_USAGE);
    /* past the bound, a status, never a made-up interval */
    assert_int_equal(dvk_prop_exact(5e7, 1e8, 0.95, &lo, &hi), DVK_VALUE);
    assert_int_equal(dvk_prop_exact(500000, 1000000, 0.95, &lo, &hi), DVK_OK);
}

static void test_chisq(void **state)
{
    (void)state;
    double x2, df, p;
    /* Minh Long, maintained of registered by official field:
     * chisq.test(cbind(k, n - k), correct = FALSE) with
     * k <- c(4, 24, 7, 5); n <- c(7, 194, 35, 60) */
    const double k1[] = {4, 24, 7, 5}, n1[] = {7, 194, 35, 60};
    assert_int_equal(dvk_prop_chisq(k1, n1, 4, &x2, &df, &p), DVK_OK);
    close_to(x2, 14.255120735149731);
    close_to(df, 3);
    close_to(p, 0.002577676448866631);
    /* k <- c(3, 10, 0); n <- c(10, 12, 9), and a group with n = 0 left out */
    const double k2[] = {3, 0, 10, 0}, n2[] = {10, 0, 12, 9};
    assert_int_equal(dvk_prop_chisq(k2, n2, 4, &x2, &df, &p), DVK_OK);
    close_to(x2, 15.530911680911682);
    close_to(df, 2);
    close_to(p, 0.00042413623708797223);
    /* nothing to test: one group; every ratio 0; every ratio 1 */
    assert_int_equal(dvk_prop_chisq(k1, n1, 1, &x2, &df, &p), DVK_VALUE);
    const double zeros[] = {0, 0}, ns[] = {5, 6};
    assert_int_equal(dvk_prop_chisq(zeros, ns, 2, &x2, &df, &p), DVK_VALUE);
    assert_int_equal(dvk_prop_chisq(ns, ns, 2, &x2, &df, &p), DVK_VALUE);
    const double bad[] = {7, 1};
    assert_int_equal(dvk_prop_chisq(bad, ns, 2, &x2, &df, &p), DVK_VALUE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_intervals),
        cmocka_unit_test(test_undefined),
        cmocka_unit_test(test_chisq),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
