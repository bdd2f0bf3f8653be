/* test-trend.c: trend statistics (lib/trend.c, lib/regression.c).
 * Expected values from R 4.2 (tests/reference/trend.R) and SciPy 1.10
 * (tests/reference/trend.py), by the calls cited; 1e-9 relative.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <math.h>
#include <cmocka.h>

#include <dvkstat.h>

static void close_to(double got, double want)
{
    double tol = want == 0 ? 1e-15 : 1e-9 * fabs(want);
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.17g, wanted %.17g", got, want);
}

static const double t6[] = {2017, 2018, 2019, 2020, 2021, 2022};
static const double y6[] = {38, 52, 61, 58, 55, 32}; /* Minh Long, models per year */

/* S counted in O(n log n) equals the pair count, with many ties. */
static void test_mann_kendall_matches_pairs(void **state)
{
    (void)state;
    srand(7);
    for (int round = 0; round < 20; round++) {
        size_t n = 2 + (size_t)(rand() % 300);
        double *y = malloc(n * sizeof *y);
        for (size_t i = 0; i < n; i++)
            y[i] = (double)(rand() % (round % 5 + 2)) + (double)i / 100 * (round % 2);
        double s_pairs = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t j = i + 1; j < n; j++)
                s_pairs += (y[j] > y[i]) - (y[j] < y[i]);
        double s, var, z, p, tau;
        dvk_trend_mann_kendall(y, n, &s, &var, &z, &p, &tau);
        assert_true(s == s_pairs);
        free(y);
    }
}

static void test_mann_kendall(void **state)
{
    (void)state;
    double s, var, z, p, tau;
    assert_int_equal(dvk_trend_mann_kendall(y6, 6, &s, &var, &z, &p, &tau), DVK_OK);
    close_to(s, -1);                        /* pyMannKendall original_test */
    close_to(var, 28.333333333333332);
    close_to(z, 0);
    close_to(p, 1);
    close_to(tau, -0.06666666666666667);    /* scipy.stats.kendalltau(t, y), no ties */
    /* with ties: 3, 0, 5, 8, 8, 13, 21, 30 */
    const double y8[] = {3, 0, 5, 8, 8, 13, 21, 30};
    assert_int_equal(dvk_trend_mann_kendall(y8, 8, &s, &var, &z, &p, &tau), DVK_OK);
    close_to(s, 25);
    close_to(var, 64.33333333333333);
    close_to(z, 2.992217885724178);
    close_to(p, 0.0027695851547209216);
    close_to(tau, 0.8928571428571429);
    const double flat[] = {4, 4, 4};
    assert_int_equal(dvk_trend_mann_kendall(flat, 3, &s, &var, &z, &p, &tau), DVK_VALUE);
    assert_true(isnan(p));
    assert_int_equal(dvk_trend_mann_kendall(flat, 1, &s, &var, &z, &p, &tau), DVK_VALUE);
}

static void test_sen(void **state)
{
    (void)state;
    double b, a, lo, hi;
    /* scipy.stats.theilslopes(y, t, 0.95) */
    assert_int_equal(dvk_trend_sen(t6, y6, 6, 0.95, &b, &a, &lo, &hi), DVK_OK);
    close_to(b, -1.2);
    close_to(lo, -13.0);
    close_to(hi, 11.5);
    const double t8[] = {2015, 2016, 2018, 2019, 2020, 2021, 2023, 2024};
    const double y8[] = {5, 7, 7, 9, 12, 12, 15, 18};
    assert_int_equal(dvk_trend_sen(t8, y8, 8, 0.95, &b, &a, &lo, &hi), DVK_OK);
    close_to(b, 1.4722222222222223);
    close_to(lo, 1.0);
    close_to(hi, 2.0);
    const double same[] = {1, 1, 1};
    assert_int_equal(dvk_trend_sen(same, y8, 3, 0.95, &b, &a, &lo, &hi), DVK_VALUE);
}

static void test_regression(void **state)
{
    (void)state;
    struct dvk_ols fit = {.size = sizeof fit};
    /* coef(summary(lm(y ~ t)))[2, c(1, 2, 4)]; summary(...)$r.squared */
    assert_int_equal(dvk_regression_ols(t6, y6, 6, &fit), DVK_OK);
    close_to(fit.slope, -0.68571428571442616);
    close_to(fit.se, 3.0963221544849211);
    close_to(fit.p, 0.835579875158591);
    close_to(fit.r2, 0.012112715547459785);
    /* predict(lm(y ~ t), data.frame(t = 2023), interval = "prediction") */
    double v, lo, hi;
    assert_int_equal(dvk_regression_predict(&fit, 2023, 0.95, &v, &lo, &hi), DVK_OK);
    close_to(v, 46.933333333332939);
    close_to(lo, -2.2012912200801011);
    close_to(hi, 96.067957886745972);
    /* glm(y ~ t, family = poisson): exp(b) - 1 and the Wald interval */
    double b0, b1, se;
    assert_int_equal(dvk_regression_poisson(t6, y6, 6, &b0, &b1, &se), DVK_OK);
    close_to(exp(b1) - 1, -0.013805093728305518);
    close_to(exp(b1 - 1.959963984540054 * se) - 1, -0.077454203242566022);
    const double zeros[] = {0, 0, 0}, halves[] = {1.5, 2, 3};
    assert_int_equal(dvk_regression_poisson(t6, zeros, 3, &b0, &b1, &se), DVK_VALUE);
    assert_int_equal(dvk_regression_poisson(t6, halves, 3, &b0, &b1, &se), DVK_VALUE);
    assert_int_equal(dvk_regression_ols(t6, y6, 2, &fit), DVK_VALUE);
    /* prop.trend.test(c(3, 11, 10, 8, 6, 2), c(38, 52, 61, 58, 55, 32), score = 2017:2022) */
    const double k[] = {3, 11, 10, 8, 6, 2}, n[] = {38, 52, 61, 58, 55, 32};
    double x2, p;
    assert_int_equal(dvk_prop_trend(k, n, t6, 6, &x2, &p), DVK_OK);
    close_to(x2, 1.0636634292155309);
    close_to(p, 0.30238112641318393);
}

/* Sums taken about the means keep R²'s digits on values near 1e12. */
static void test_regression_large(void **state)
{
    (void)state;
    const double t[] = {2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023};
    double y[8];
    const double d[] = {3, 1, 4, 1, 5, 9, 2, 6};
    for (size_t i = 0; i < 8; i++)
        y[i] = 1e12 + d[i] * 1e3;
    struct dvk_ols fit = {.size = sizeof fit};
    /* s <- summary(lm(I(y4 - 1e12) ~ t4)); coef(s)[2, 1:2]; s$r.squared
     * (trend.R).  R's lm(y4 ~ t4) on the raw values loses digits itself
     * (slope 535.71433, R² 0.2279635278); the shift changes neither. */
    assert_int_equal(dvk_regression_ols(t, y, 8, &fit), DVK_OK);
    close_to(fit.slope, 535.71428571415163);
    close_to(fit.se, 402.47955962796772);
    close_to(fit.r2, 0.22796352583582644);
}

/* Counts that are all zero before the last period, or after the first:
 * the Poisson fit has no finite maximum (R's glm stops at a slope of 24
 * with "fitted rates numerically 0", trend.R), so no estimate exists. */
static void test_poisson_separation(void **state)
{
    (void)state;
    const double t[] = {2019, 2020, 2021, 2022, 2023};
    const double fresh[] = {0, 0, 0, 0, 5}, ended[] = {4, 0, 0, 0, 0};
    const double middle[] = {0, 0, 3, 0, 0}, two[] = {0, 0, 0, 1, 5};
    double b0, b1, se;
    assert_int_equal(dvk_regression_poisson(t, fresh, 5, &b0, &b1, &se), DVK_VALUE);
    assert_int_equal(dvk_regression_poisson(t, ended, 5, &b0, &b1, &se), DVK_VALUE);
    /* a single year inside the range, or two years, has a finite fit */
    assert_int_equal(dvk_regression_poisson(t, middle, 5, &b0, &b1, &se), DVK_OK);
    assert_int_equal(dvk_regression_poisson(t, two, 5, &b0, &b1, &se), DVK_OK);
    struct dvk_trend_stats s = {.size = sizeof s};
    assert_int_equal(dvk_trend_analyze(t, fresh, 5, DVK_TREND_COUNT, 0.05, &s), DVK_OK);
    assert_true(isnan(s.poisson_growth) && isnan(s.poisson_low) && isnan(s.poisson_high));
    assert_true(s.notes & DVK_TREND_NOTE_NEW);
    assert_true(s.notes & DVK_TREND_NOTE_NO_GROWTH);
    assert_true(s.last_time == 2023);
    assert_int_equal(dvk_trend_analyze(t, ended, 5, DVK_TREND_COUNT, 0.05, &s), DVK_OK);
    assert_true(s.notes & DVK_TREND_NOTE_ENDED);
    assert_false(s.notes & DVK_TREND_NOTE_NEW);
    assert_int_equal(dvk_trend_analyze(t, two, 5, DVK_TREND_COUNT, 0.05, &s), DVK_OK);
    assert_false(s.notes & (DVK_TREND_NOTE_NEW | DVK_TREND_NOTE_NO_GROWTH));
    assert_true(isfinite(s.poisson_growth));
}

/* Sums of decimals that stand for one value are a constant series; a
 * real change of one part in a million is not. */
static void test_constant_tolerance(void **state)
{
    (void)state;
    const double t[] = {2019, 2020, 2021, 2022, 2023};
    double y[5];
    for (size_t i = 0; i < 5; i++)
        y[i] = 1.5;
    y[4] = nextafter(1.5, 2); /* 1.5000000000000002, as sums of tenths give */
    assert_true(y[4] != 1.5);
    struct dvk_trend_stats s = {.size = sizeof s};
    assert_int_equal(dvk_trend_analyze(t, y, 5, DVK_TREND_VALUE, 0.05, &s), DVK_OK);
    assert_true(s.notes & DVK_TREND_NOTE_CONSTANT);
    assert_true(isnan(s.mk_p) && isnan(s.r2));
    assert_true(s.sen_slope == 0);
    y[4] = 1.5 * (1 + 1e-6);
    assert_int_equal(dvk_trend_analyze(t, y, 5, DVK_TREND_VALUE, 0.05, &s), DVK_OK);
    assert_false(s.notes & DVK_TREND_NOTE_CONSTANT);
}

static void test_analyze_short_and_missing(void **state)
{
    (void)state;
    struct dvk_trend_stats s = {.size = sizeof s};
    const double t[] = {1, 2, 3, 4}, y[] = {5, NAN, NAN, 9};
    assert_int_equal(dvk_trend_analyze(t, y, 4, DVK_TREND_VALUE, 0.05, &s), DVK_OK);
    assert_int_equal(s.n_periods, 4);
    assert_int_equal(s.n_used, 2);
    assert_true(s.notes & DVK_TREND_NOTE_SHORT);
    assert_true(s.first == 5 && s.last == 9 && s.change == 4);
    close_to(s.cagr, pow(9.0 / 5, 1.0 / 3) - 1); /* over the time between them */
    assert_true(isnan(s.ols_slope) && isnan(s.mk_p) && isnan(s.sen_slope));
    assert_int_equal(s.direction, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_mann_kendall_matches_pairs),
        cmocka_unit_test(test_mann_kendall),
        cmocka_unit_test(test_sen),
        cmocka_unit_test(test_regression),
        cmocka_unit_test(test_regression_large),
        cmocka_unit_test(test_poisson_separation),
        cmocka_unit_test(test_constant_tolerance),
        cmocka_unit_test(test_analyze_short_and_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
