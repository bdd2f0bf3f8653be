/* test-inference.c: overdispersion, exact and adjusted tests, change
 * between periods, seasonal trends (lib/regression.c, lib/exact.c,
 * lib/adjust.c, lib/proportion.c, lib/trend.c).
 * Expected values from R 4.2 (tests/reference/inference.R) and from
 * pyMannKendall's formulas written out in Python
 * (tests/reference/inference.py), by the calls cited; 1e-9 relative.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <cmocka.h>

#include <dvkstat.h>

static void close_to(double got, double want)
{
    double tol = want == 0 ? 1e-15 : 1e-9 * fabs(want);
    if (isnan(want) ? !isnan(got) : !(fabs(got - want) <= tol))
        fail_msg("got %.17g, wanted %.17g", got, want);
}

/* ------------------------------------------------------------ quasi-Poisson */

struct quasi_case {
    const char *name;
    double t0, level;
    size_t n;
    double y[8];
    /* "quasi NAME" of inference.R: coef(g), the Poisson SE and p of the
     * slope, summary(g)$dispersion, df.residual(g), the quasi-Poisson SE,
     * t and p, exp(b) - 1, exp(b -/+ qt((1 + level) / 2, df) * se) - 1 */
    double b0, b1, se_pois, p_pois, disp, df, se, t, p, growth, low, high;
};

static const struct quasi_case quasi_cases[] = {
    {"minh-long", 2017, 0.95, 6, {38, 52, 61, 58, 55, 32},
     31.971933376574391, -0.013901270210829745, 0.034039906056239577,
     0.68299356334538919, 3.4264807050910844, 4, 0.063010437947136858,
     -0.22061853025830949, 0.83619276382278107, -0.013805093728305518,
     -0.1720862463044075, 0.17473636452455277},
    {"growing", 2015, 0.95, 8, {3, 0, 5, 8, 8, 13, 21, 30},
     -805.45617519824464, 0.40003241851913202, 0.05839993396488876,
     7.391303418346867e-12, 0.74231781615499159, 6, 0.050316137825204589,
     7.9503800531913233, 0.00021060833857885206, 0.49187306117270513,
     0.31905195753549842, 0.68733704380475125},
    {"steady", 2016, 0.90, 6, {10, 11, 12, 12, 13, 14},
     -122.7718831959717, 0.062051613240960736, 0.069252289963671582,
     0.3702407213101766, 0.0077586945203182182, 4, 0.0060999807605097729,
     10.172427697259673, 0.00052599130702170305, 0.064017260690088396,
     0.050270120664473561, 0.077944339052675504},
};

static void test_quasipoisson(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof quasi_cases / sizeof *quasi_cases; c++) {
        const struct quasi_case *q = &quasi_cases[c];
        double t[8];
        for (size_t i = 0; i < q->n; i++)
            t[i] = q->t0 + (double)i;
        struct dvk_quasipoisson f = {.size = sizeof f};
        print_message("quasi %s\n", q->name);
        assert_int_equal(dvk_regression_quasipoisson(t, q->y, q->n, q->level, &f), DVK_OK);
        close_to(f.intercept, q->b0);
        close_to(f.slope, q->b1);
        close_to(f.se_poisson, q->se_pois);
        close_to(f.p_poisson, q->p_pois);
        close_to(f.dispersion, q->disp);
        close_to(f.df, q->df);
        close_to(f.se, q->se);
        close_to(f.t, q->t);
        close_to(f.p, q->p);
        close_to(f.growth, q->growth);
        close_to(f.low, q->low);
        close_to(f.high, q->high);
        /* the Poisson fit it extends is unchanged */
        double b0, b1, se;
        assert_int_equal(dvk_regression_poisson(t, q->y, q->n, &b0, &b1, &se), DVK_OK);
        close_to(b1, q->b1);
        close_to(se, q->se_pois);
    }
}

static void test_quasipoisson_undefined(void **state)
{
    (void)state;
    const double t[] = {1, 2, 3, 4};
    const double late[] = {0, 0, 0, 5}, half[] = {1, 2.5, 3, 4}, zero[] = {0, 0, 0, 0};
    struct dvk_quasipoisson f = {.size = sizeof f};
    assert_int_equal(dvk_regression_quasipoisson(t, late, 4, 0.95, &f), DVK_VALUE);
    assert_int_equal(dvk_regression_quasipoisson(t, half, 4, 0.95, &f), DVK_VALUE);
    assert_int_equal(dvk_regression_quasipoisson(t, zero, 4, 0.95, &f), DVK_VALUE);
    assert_int_equal(dvk_regression_quasipoisson(t, half, 2, 0.95, &f), DVK_VALUE);
    assert_int_equal(dvk_regression_quasipoisson(t, late, 4, 1, &f), DVK_VALUE);
    assert_int_equal(dvk_regression_quasipoisson(t, NULL, 4, 0.95, &f), DVK_USAGE);
}

/* ------------------------------------------------------------------ Fisher */

struct fisher_case {
    const char *name;
    size_t groups;
    double k[5], n[5];
    /* "fisher NAME" of inference.R: fisher.test(cbind(k, n - k))$p.value,
     * min(chisq.test(cbind(k, n - k)[n > 0, ])$expected) */
    double p, min_expected;
};

static const struct fisher_case fisher_cases[] = {
    /* scipy.stats.fisher_exact([[3, 7], [9, 3]]) agrees: 0.0835573095635015 */
    {"2x2", 2, {3, 9}, {10, 12}, 0.083557309563501464, 4.5454545454545459},
    {"symmetric", 2, {1, 3}, {4, 4}, 0.48571428571428582, 2},
    {"5x2", 5, {2, 5, 0, 3, 1}, {6, 9, 4, 10, 2}, 0.45066998581532097, 0.70967741935483875},
    {"zero-row", 3, {3, 0, 1}, {5, 0, 8}, 0.21678321678321677, 1.5384615384615385},
    /* tables as probable as the observed one, summed in another order */
    {"tolerance", 3, {2, 1, 2}, {5, 3, 8}, 1, 0.9375},
    {"tolerance4", 4, {3, 0, 1, 9}, {7, 1, 8, 11}, 0.011168643404475761, 0.48148148148148145},
    {"minh-long", 4, {4, 24, 7, 5}, {7, 194, 35, 60}, 0.0088005425336927529, 0.94594594594594594},
};

static void test_fisher(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof fisher_cases / sizeof *fisher_cases; c++) {
        const struct fisher_case *f = &fisher_cases[c];
        double p, least;
        int small;
        print_message("fisher %s\n", f->name);
        assert_int_equal(dvk_exact_fisher(f->k, f->n, f->groups, &p), DVK_OK);
        close_to(p, f->p);
        assert_int_equal(dvk_prop_chisq_expected(f->k, f->n, f->groups, &least, &small), DVK_OK);
        close_to(least, f->min_expected);
        assert_int_equal(small, f->min_expected < 5);
    }
    /* fisher.test(cbind(c(0, 0, 0), c(3, 4, 5)))$p.value is 1: one table */
    const double k0[] = {0, 0, 0}, n0[] = {3, 4, 5};
    double p;
    assert_int_equal(dvk_exact_fisher(k0, n0, 3, &p), DVK_OK);
    close_to(p, 1);
    const double half[] = {1.5, 2}, n2[] = {4, 4};
    assert_int_equal(dvk_exact_fisher(half, n2, 2, &p), DVK_VALUE);
    /* chisq.test warns for none of these: every expected count is 5 or more */
    const double kb[] = {40, 60}, nb[] = {100, 100};
    double least;
    int small;
    assert_int_equal(dvk_prop_chisq_expected(kb, nb, 2, &least, &small), DVK_OK);
    assert_int_equal(small, 0);
    assert_int_equal(dvk_prop_chisq_expected(k0, n0, 3, &least, &small), DVK_VALUE);
}

/* Past the documented limits the test says so instead of running for
 * ever: 1000 groups of 1000 leave more than a million cells of bounds. */
static void test_fisher_limit(void **state)
{
    (void)state;
    size_t m = 1000;
    double *k = malloc(m * sizeof *k), *n = malloc(m * sizeof *n);
    assert_non_null(k);
    assert_non_null(n);
    for (size_t i = 0; i < m; i++) {
        n[i] = 1000;
        k[i] = (double)(i % 500);
    }
    double p = 0;
    assert_int_equal(dvk_exact_fisher(k, n, m, &p), DVK_LIMIT);
    assert_true(isnan(p));
    free(k);
    free(n);
    /* Six groups of 72 to 141: more than ten million steps (R's
     * fisher.test stops too, at its default workspace) */
    const double k6[] = {19, 29, 33, 39, 47, 32}, n6[] = {74, 86, 114, 141, 115, 72};
    p = 0;
    assert_int_equal(dvk_exact_fisher(k6, n6, 6, &p), DVK_LIMIT);
    assert_true(isnan(p));
    const double kinf[] = {1, 2}, ninf[] = {INFINITY, 4};
    assert_int_equal(dvk_exact_fisher(kinf, ninf, 2, &p), DVK_VALUE);
}

/* -------------------------------------------------------------- p.adjust */

static void test_adjust(void **state)
{
    (void)state;
    const double p[] = {0.01, NAN, 0.04, 0.03, 0.2, 0.04, 0.5, NAN, 0.001, 0.03};
    /* "adjust METHOD" of inference.R: p.adjust(pv, METHOD), NA printed -1;
     * statsmodels' multipletests on the p present agrees */
    static const struct {
        int method;
        double want[10];
    } cases[] = {
        {DVK_ADJUST_HOLM, {0.070000000000000007, NAN, 0.17999999999999999, 0.17999999999999999,
                           0.40000000000000002, 0.17999999999999999, 0.5, NAN,
                           0.0080000000000000002, 0.17999999999999999}},
        {DVK_ADJUST_HOCHBERG, {0.070000000000000007, NAN, 0.12, 0.12, 0.40000000000000002,
                               0.12, 0.5, NAN, 0.0080000000000000002, 0.12}},
        {DVK_ADJUST_BONFERRONI, {0.080000000000000002, NAN, 0.32000000000000001,
                                 0.23999999999999999, 1, 0.32000000000000001, 1, NAN,
                                 0.0080000000000000002, 0.23999999999999999}},
        {DVK_ADJUST_BH, {0.040000000000000001, NAN, 0.05333333333333333, 0.05333333333333333,
                         0.22857142857142856, 0.05333333333333333, 0.5, NAN,
                         0.0080000000000000002, 0.05333333333333333}},
        {DVK_ADJUST_BY, {0.10871428571428572, NAN, 0.14495238095238094, 0.14495238095238094,
                         0.62122448979591838, 0.14495238095238094, 1, NAN,
                         0.021742857142857144, 0.14495238095238094}},
        {DVK_ADJUST_NONE, {0.01, NAN, 0.04, 0.03, 0.2, 0.04, 0.5, NAN, 0.001, 0.03}},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        double out[10];
        assert_int_equal(dvk_adjust_p(p, 10, cases[c].method, out), DVK_OK);
        for (size_t i = 0; i < 10; i++)
            close_to(out[i], cases[c].want[i]);
    }
    /* in place; p.adjust(c(0.9, 0.95, 0.8), "BH") */
    double q[] = {0.9, 0.95, 0.8};
    assert_int_equal(dvk_adjust_p(q, 3, DVK_ADJUST_BH, q), DVK_OK);
    for (size_t i = 0; i < 3; i++)
        close_to(q[i], 0.94999999999999996);
    /* one p present: nothing to adjust, as p.adjust(c(0.02, NA), "holm") */
    double one[] = {0.02, NAN}, out[2];
    assert_int_equal(dvk_adjust_p(one, 2, DVK_ADJUST_HOLM, out), DVK_OK);
    close_to(out[0], 0.02);
    assert_true(isnan(out[1]));
    double bad[] = {0.5, 1.5};
    assert_int_equal(dvk_adjust_p(bad, 2, DVK_ADJUST_HOLM, out), DVK_VALUE);
    assert_int_equal(dvk_adjust_p(p, 2, 99, out), DVK_VALUE);
    assert_int_equal(dvk_adjust_parse("holm"), DVK_ADJUST_HOLM);
    assert_int_equal(dvk_adjust_parse("BH"), DVK_ADJUST_BH);
    assert_int_equal(dvk_adjust_parse("fdr"), DVK_ADJUST_BH);
    assert_int_equal(dvk_adjust_parse("none"), DVK_ADJUST_NONE);
    assert_int_equal(dvk_adjust_parse("bh"), -1);
}

/* ------------------------------------------------------------------ change */

static void test_change(void **state)
{
    (void)state;
    const double y[] = {38, 52, 61, NAN, 55, 0, 32};
    /* "change previous" and "change first" of inference.R */
    const double prev_abs[] = {NAN, 14, 9, NAN, NAN, -55, 32};
    const double prev_rel[] = {NAN, 0.36842105263157893, 0.17307692307692307, NAN, NAN, -1, NAN};
    const double first_abs[] = {NAN, 14, 23, NAN, 17, -38, -6};
    const double first_rel[] = {NAN, 0.36842105263157893, 0.60526315789473684, NAN,
                                0.44736842105263158, -1, -0.15789473684210525};
    double a[7], r[7];
    assert_int_equal(dvk_trend_change(y, 7, DVK_CHANGE_PREVIOUS, a, r), DVK_OK);
    for (size_t i = 0; i < 7; i++) {
        close_to(a[i], prev_abs[i]);
        close_to(r[i], prev_rel[i]);
    }
    assert_int_equal(dvk_trend_change(y, 7, DVK_CHANGE_FIRST, a, NULL), DVK_OK);
    assert_int_equal(dvk_trend_change(y, 7, DVK_CHANGE_FIRST, NULL, r), DVK_OK);
    for (size_t i = 0; i < 7; i++) {
        close_to(a[i], first_abs[i]);
        close_to(r[i], first_rel[i]);
    }
    /* the base is the first value present, not the first period */
    const double late[] = {NAN, 10, 15};
    assert_int_equal(dvk_trend_change(late, 3, DVK_CHANGE_FIRST, a, r), DVK_OK);
    assert_true(isnan(a[1]));
    close_to(a[2], 5);
    close_to(r[2], 0.5);
    assert_int_equal(dvk_trend_change(y, 7, 5, a, r), DVK_VALUE);
}

/* -------------------------------------------------- difference of two ratios */

static void test_newcombe(void **state)
{
    (void)state;
    static const struct {
        double k1, n1, k2, n2, level;
        /* "newcombe NAME" of inference.R: the difference, Newcombe's
         * method 10 from the Wilson limits of prop.test(k, n, correct =
         * FALSE), and prop.test(c(k1, k2), c(n1, n2), correct = FALSE) */
        double diff, low, high, x2, p;
    } cases[] = {
        /* Newcombe (1998), table II, 56/70 - 48/80: 0.0524 to 0.3339 */
        {56, 70, 48, 80, 0.95, 0.20000000000000007, 0.052431472402364926,
         0.33387265403690586, 7.0234113712374597, 0.0080450813681965643},
        {2, 32, 6, 55, 0.95, -0.046590909090909086, -0.16473908201808901,
         0.10404561673727926, 0.52591700230149607, 0.46832851297753897},
        {10, 10, 0, 5, 0.90, 1, 0.58935772291137423, 1, 14.999999999999998,
         0.00010751117672950071},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        double d, lo, hi, x2, p;
        assert_int_equal(dvk_prop_newcombe(cases[c].k1, cases[c].n1, cases[c].k2,
                                           cases[c].n2, cases[c].level, &d, &lo, &hi),
                         DVK_OK);
        close_to(d, cases[c].diff);
        close_to(lo, cases[c].low);
        close_to(hi, cases[c].high);
        assert_int_equal(dvk_prop_diff_test(cases[c].k1, cases[c].n1, cases[c].k2,
                                            cases[c].n2, &x2, &p),
                         DVK_OK);
        close_to(x2, cases[c].x2);
        close_to(p, cases[c].p);
    }
    /* 0 of 10 against 0 of 20: an interval ("newcombe zeros"), no test */
    double d, lo, hi, x2, p;
    assert_int_equal(dvk_prop_newcombe(0, 10, 0, 20, 0.95, &d, &lo, &hi), DVK_OK);
    close_to(lo, -0.1611251580528193);
    close_to(hi, 0.27753279986288915);
    assert_int_equal(dvk_prop_diff_test(0, 10, 0, 20, &x2, &p), DVK_VALUE);
    assert_int_equal(dvk_prop_diff_test(3, 10, 0, 0, &x2, &p), DVK_VALUE);
    assert_int_equal(dvk_prop_newcombe(3, 10, 4, 0, 0.95, &d, &lo, &hi), DVK_VALUE);
}

/* ------------------------------------------------------ seasonal Mann–Kendall */

static void test_seasonal(void **state)
{
    (void)state;
    /* "seasonal monthly" of inference.py: seasonal_test(y, 12) S, var_s,
     * z, p, Tau, then seasonal_sens_slope(y, 12) slope and intercept */
    const double monthly[] = {3, 5, 2, 0, 4, 6, 7, 3, 2, 1, 0, 4,
                              4, 5, 3, 1, 4, 7, 9, NAN, 2, 3, 1, 6,
                              6, 5, 4, 1, 6, 8, 9, 5, 4, 3, NAN, 6,
                              7, 8, 4, 2, 6};
    double s, var, z, p, tau, b, a;
    assert_int_equal(dvk_trend_seasonal_mann_kendall(monthly, 41, 12, &s, &var, &z, &p, &tau),
                     DVK_OK);
    close_to(s, 36);
    close_to(var, 51.999999999999986);
    close_to(z, 4.853626716970756);
    close_to(p, 1.2122382071479337e-06);
    close_to(tau, 0.7659574468085106);
    assert_int_equal(dvk_trend_seasonal_sen(monthly, 41, 12, &b, &a), DVK_OK);
    close_to(b, 1);
    close_to(a, 2.333333333333333);
    /* "seasonal quarterly": the third season all tied */
    const double quarterly[] = {12, 0, 7, 9, 14, 3, 7, 8, 13, 5, 7, 12, 17, 4, 7, 10};
    assert_int_equal(dvk_trend_seasonal_mann_kendall(quarterly, 16, 4, &s, &var, &z, &p, &tau),
                     DVK_OK);
    close_to(s, 10);
    close_to(var, 26);
    close_to(z, 1.7650452162436565);
    close_to(p, 0.07755616674366546);
    close_to(tau, 0.4166666666666667);
    assert_int_equal(dvk_trend_seasonal_sen(quarterly, 16, 4, &b, &a), DVK_OK);
    close_to(b, 0.5);
    close_to(a, 6.5625);
    /* every season tied: no variance, no test */
    const double flat[] = {1, 2, 1, 2, 1, 2};
    assert_int_equal(dvk_trend_seasonal_mann_kendall(flat, 6, 2, &s, &var, &z, &p, &tau),
                     DVK_VALUE);
    assert_true(isnan(p));
    assert_int_equal(dvk_trend_seasonal_sen(quarterly, 4, 4, &b, &a), DVK_VALUE);
    assert_int_equal(dvk_trend_seasonal_mann_kendall(quarterly, 16, 0, &s, &var, &z, &p, &tau),
                     DVK_VALUE);
}

/* With one season the test is pyMannKendall's original_test and the slope
 * its sens_slope: the values its own tests check on arbitrary_1d.csv
 * (tests/pymannkendall/expected.json). */
static void test_seasonal_one_period(void **state)
{
    (void)state;
    FILE *f = fopen(PYMANNKENDALL_DIR "/arbitrary_1d.csv", "r");
    assert_non_null(f);
    double y[400];
    size_t n = 0;
    char line[128];
    assert_non_null(fgets(line, sizeof line, f)); /* header */
    while (n < 400 && fgets(line, sizeof line, f)) {
        char *comma = strchr(line, ',');
        assert_non_null(comma);
        y[n++] = comma[1] == '\n' || comma[1] == '\0' ? NAN : strtod(comma + 1, NULL);
    }
    fclose(f);
    assert_int_equal(n, 360);
    double s, var, z, p, tau, b, a;
    assert_int_equal(dvk_trend_seasonal_mann_kendall(y, n, 1, &s, &var, &z, &p, &tau), DVK_OK);
    close_to(s, -1959.0);
    close_to(var, 4889800.333333333);
    close_to(z, -0.8854562842589916);
    close_to(p, 0.37591058740506833);
    close_to(tau, -0.03153167653875869);
    assert_int_equal(dvk_trend_seasonal_sen(y, n, 1, &b, &a), DVK_OK);
    close_to(b, -0.006369426751592357);
    close_to(a, 96.15286624203821);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quasipoisson),
        cmocka_unit_test(test_quasipoisson_undefined),
        cmocka_unit_test(test_fisher),
        cmocka_unit_test(test_fisher_limit),
        cmocka_unit_test(test_adjust),
        cmocka_unit_test(test_change),
        cmocka_unit_test(test_newcombe),
        cmocka_unit_test(test_seasonal),
        cmocka_unit_test(test_seasonal_one_period),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
