/* test-measure.c: the measures of a table (lib/measure.c through
 * lib/aggregate.c): figures, merging, budgets.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Expected figures are those printed by
 *     /usr/bin/python3 tests/reference/measures.py
 * (Python 3.11's standard library: sum(), statistics.mean(), min(), max(),
 * statistics.median(), len(set(...))) on tests/data/measures.csv, a
 * register of two districts and five communes whose model codes repeat
 * over three years, some typed in lower case or with spaces, and whose
 * household counts are at times empty or not numbers ("không rõ", "x").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dvkstat.h>

/* The measures every table of these tests carries, in this order. */
enum { HH_SUM, HH_MEAN, HH_MIN, HH_MAX, HH_MEDIAN, CODES, MAINTAINED, NMEASURES };
static const int kinds[NMEASURES] = {
    DVK_MEASURE_SUM, DVK_MEASURE_MEAN, DVK_MEASURE_MIN, DVK_MEASURE_MAX,
    DVK_MEASURE_MEDIAN, DVK_MEASURE_DISTINCT, DVK_MEASURE_COUNT_IF,
};

static dvk_agg *new_table(size_t nparts, size_t budget)
{
    dvk_agg *a = dvk_agg_new(nparts, 1);
    assert_non_null(a);
    if (budget)
        assert_int_equal(dvk_agg_set_measure_budget(a, budget), DVK_OK);
    const char *labels[NMEASURES] = {"Tổng số hộ", "Bình quân", "Ít nhất", "Nhiều nhất",
                                     "Trung vị", "Số mô hình", "Duy trì"};
    for (int m = 0; m < NMEASURES; m++)
        assert_int_equal(dvk_agg_add_measure(a, kinds[m], labels[m]), DVK_OK);
    return a;
}

static char *read_data(size_t *len)
{
    const char *srcdir = getenv("srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/data/measures.csv", srcdir ? srcdir : ".");
    FILE *f = fopen(path, "rb");
    if (!f)
        fail_msg("%s: cannot open", path);
    static char buf[1 << 16];
    *len = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[*len] = '\0';
    return buf;
}

/* Read the register TEXT (LEN bytes) grouped by BY (NBY columns), adding
 * row i to TABLES[pick(i)] (all rows to table 0 when PICK is NULL) through
 * a grouper, or, with DIRECT, through dvk_agg_add_values(). */
static void add_register(const char *text, size_t len, const char *const *by, size_t nby,
                         dvk_agg **tables, int (*pick)(size_t row), int direct)
{
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, text, len, "measures.csv"), DVK_OK);
    dvk_grouper *g;
    assert_int_equal(dvk_grouper_new(r, by, nby, &g), DVK_OK);
    size_t hh, code, status;
    assert_int_equal(dvk_reader_find_column(r, "Số hộ hưởng lợi", &hh), DVK_OK);
    assert_int_equal(dvk_reader_find_column(r, "Mã mô hình", &code), DVK_OK);
    assert_int_equal(dvk_reader_find_column(r, "Tình trạng", &status), DVK_OK);
    size_t row = 0;
    int st;
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        size_t n;
        const char *f = dvk_reader_field(r, hh, &n);
        double x;
        if (dvk_number_parse(f, n, 0, &x) != DVK_OK)
            x = NAN; /* empty, or not a number */
        /* the condition is the caller's: maintained, or unknown when empty */
        const char *s = dvk_reader_field_text(r, status, DVK_TEXT_CLEAN, &n);
        double maintained = n == 0 ? NAN : strcmp(s, "Duy trì") == 0;
        double values[NMEASURES] = {x, x, x, x, x, NAN, maintained};
        const char *texts[NMEASURES] = {NULL};
        texts[CODES] = dvk_reader_field_text(r, code, DVK_TEXT_KEY, NULL);
        double one = 1;
        dvk_agg *a = tables[pick ? pick(row) : 0];
        if (direct) {
            /* the reader's text lasts one call: copy it past dvk_grouper_key() */
            char copy[64];
            snprintf(copy, sizeof copy, "%s", texts[CODES]);
            texts[CODES] = copy;
            const char *const *keys, *const *labels;
            assert_int_equal(dvk_grouper_key(g, r, &keys, &labels), DVK_OK);
            assert_int_equal(dvk_agg_add_values(a, keys, labels, &one, values, texts), DVK_OK);
        } else {
            assert_int_equal(dvk_grouper_add_values(g, r, a, &one, values, texts), DVK_OK);
        }
        row++;
    }
    assert_int_equal(st, DVK_DONE);
    dvk_grouper_free(g);
    dvk_reader_free(r);
}

struct expected {
    const char *keys[2];
    unsigned long long counted, left_out;
    double sum, mean, min, max, median, sum_squares;
    double codes;
    unsigned long long coded, uncoded;
    double maintained;
    unsigned long long with_status, without_status;
};

static void assert_same(const dvk_agg *a, const dvk_agg *b);

static void check_group(const dvk_agg *a, const struct expected *e)
{
    size_t g = dvk_agg_find((dvk_agg *)a, e->keys);
    assert_true(g != (size_t)-1);
    double want[NMEASURES] = {e->sum, e->mean, e->min, e->max, e->median, e->codes,
                              e->maintained};
    for (int m = 0; m < NMEASURES; m++) {
        double v;
        assert_int_equal(dvk_agg_measure(a, g, (size_t)m, &v), DVK_OK);
        if (isnan(want[m])) {
            if (!isnan(v))
                fail_msg("%s/%s measure %d: %.17g, not NaN", e->keys[0], e->keys[1], m, v);
        } else if (fabs(v - want[m]) > 1e-12 * fabs(want[m])) {
            fail_msg("%s/%s measure %d: %.17g, not %.17g", e->keys[0], e->keys[1], m, v,
                     want[m]);
        }
    }
    unsigned long long counted, left_out;
    for (int m = HH_SUM; m <= HH_MEDIAN; m++) {
        assert_int_equal(dvk_agg_measure_counts(a, g, (size_t)m, &counted, &left_out), DVK_OK);
        assert_int_equal(counted, e->counted);
        assert_int_equal(left_out, e->left_out);
    }
    assert_int_equal(dvk_agg_measure_counts(a, g, CODES, &counted, &left_out), DVK_OK);
    assert_int_equal(counted, e->coded);
    assert_int_equal(left_out, e->uncoded);
    assert_int_equal(dvk_agg_measure_counts(a, g, MAINTAINED, &counted, &left_out), DVK_OK);
    assert_int_equal(counted, e->with_status);
    assert_int_equal(left_out, e->without_status);
    double sum, squares;
    assert_int_equal(dvk_agg_measure_sums(a, g, HH_MEAN, &sum, &squares), DVK_OK);
    assert_true(sum == e->sum || (isnan(e->sum) && sum == 0));
    assert_true(squares == e->sum_squares);
    /* the plain value beside the measures still counts every row */
    assert_true(dvk_agg_value(a, g, 0) == (double)(e->counted + e->left_out));
}

/* by Huyện+Xã, as measures.py prints it */
static const struct expected communes[] = {
    {{"phú tân", "phú thạnh"}, 5, 3, 2361.5, 472.3, 69.5, 1827, 161, 3423080.25, 4, 8, 0, 5, 8, 0},
    {{"phú tân", "phú mỹ"}, 7, 3, 4169, 595.5714285714286, 46, 3483, 116, 12232719, 4, 9, 1, 7, 8, 2},
    {{"phú tân", "tân hòa"}, 7, 2, 4704, 672, 13, 2039, 188, 8070436, 5, 9, 0, 4, 7, 2},
    {{"châu thành", "an hiệp"}, 7, 2, 4031, 575.8571428571429, 16, 3393, 68.5, 11623036.5, 4, 8, 1,
     6, 7, 2},
    {{"châu thành", "vĩnh thành"}, 0, 8, NAN, NAN, NAN, NAN, NAN, 0, 4, 7, 1, 4, 5, 3},
};
/* by Huyện */
static const struct expected districts[] = {
    {{"phú tân"}, 19, 8, 11234.5, 591.2894736842105, 13, 3483, 131, 23726235.25, 13, 26, 1, 16, 23,
     4},
    {{"châu thành"}, 7, 10, 4031, 575.8571428571429, 16, 3393, 68.5, 11623036.5, 8, 15, 2, 10, 12, 5},
};
/* the whole register */
static const struct expected register_whole = {
    {NULL}, 26, 18, 15265.5, 587.1346153846154, 13, 3483, 127, 35349271.75, 21, 41, 3, 26, 35, 9};

static void test_figures(void **state)
{
    (void)state;
    size_t len;
    const char *text = read_data(&len);
    const char *by2[] = {"Huyện", "Xã"}, *by1[] = {"Huyện"};
    dvk_agg *a = new_table(2, 0);
    add_register(text, len, by2, 2, &a, NULL, 0);
    assert_int_equal(dvk_agg_size(a), 5);
    for (size_t i = 0; i < sizeof communes / sizeof *communes; i++)
        check_group(a, &communes[i]);
    for (int m = 0; m < NMEASURES; m++) {
        assert_int_equal(dvk_agg_measure_exact(a, (size_t)m), 1);
        assert_int_equal(dvk_agg_measure_kind(a, (size_t)m), kinds[m]);
    }
    assert_int_equal(dvk_agg_measures(a), NMEASURES);
    assert_string_equal(dvk_agg_measure_label(a, CODES), "Số mô hình");
    dvk_agg_free(a);

    a = new_table(1, 0);
    add_register(text, len, by1, 1, &a, NULL, 0);
    assert_int_equal(dvk_agg_size(a), 2);
    check_group(a, &districts[0]);
    check_group(a, &districts[1]);
    dvk_agg_free(a);

    /* rolled up from the communes: the districts and the whole register,
     * with the distinct codes of their unions and the medians of all their
     * values (a commune's sets are not added, they are joined) */
    a = new_table(2, 0);
    add_register(text, len, by2, 2, &a, NULL, 0);
    dvk_agg *up;
    assert_int_equal(dvk_agg_rollup(a, 1, &up), DVK_OK);
    assert_int_equal(dvk_agg_size(up), 2);
    check_group(up, &districts[0]);
    check_group(up, &districts[1]);
    assert_string_equal(dvk_agg_label(up, 0, 0), "Phú Tân");
    assert_string_equal(dvk_agg_measure_label(up, CODES), "Số mô hình");
    dvk_agg_free(up);
    assert_int_equal(dvk_agg_rollup(a, 0, &up), DVK_OK);
    assert_int_equal(dvk_agg_size(up), 1);
    check_group(up, &register_whole);
    dvk_agg_free(up);
    assert_int_equal(dvk_agg_rollup(a, 2, &up), DVK_OK); /* all parts: a copy */
    assert_same(a, up);
    dvk_agg_free(up);
    assert_int_equal(dvk_agg_rollup(a, 3, &up), DVK_USAGE);
    assert_null(up);
    dvk_agg_free(a);

    /* no grouping column: one group, the whole register */
    a = new_table(0, 0);
    add_register(text, len, NULL, 0, &a, NULL, 1);
    assert_int_equal(dvk_agg_size(a), 1);
    check_group(a, &register_whole);
    dvk_agg_free(a);
}

/* Every measure of every group of A and B is the same, bit for bit, and
 * so are their exactness. */
static void assert_same(const dvk_agg *a, const dvk_agg *b)
{
    assert_int_equal(dvk_agg_size(a), dvk_agg_size(b));
    size_t parts = dvk_agg_parts(a);
    for (size_t i = 0; i < dvk_agg_size(a); i++) {
        const char *keys[2] = {dvk_agg_key(a, i, 0), parts > 1 ? dvk_agg_key(a, i, 1) : NULL};
        size_t j = dvk_agg_find((dvk_agg *)b, keys);
        assert_true(j != (size_t)-1);
        assert_true(dvk_agg_value(a, i, 0) == dvk_agg_value(b, j, 0));
        for (size_t m = 0; m < NMEASURES; m++) {
            double x, y;
            int sx = dvk_agg_measure(a, i, m, &x), sy = dvk_agg_measure(b, j, m, &y);
            assert_int_equal(sx, sy);
            if (!(x == y || (isnan(x) && isnan(y))))
                fail_msg("group %zu measure %zu: %.17g against %.17g", i, m, x, y);
            unsigned long long c1, l1, c2, l2;
            dvk_agg_measure_counts(a, i, m, &c1, &l1);
            dvk_agg_measure_counts(b, j, m, &c2, &l2);
            assert_int_equal(c1, c2);
            assert_int_equal(l1, l2);
            double s1, q1, s2, q2;
            dvk_agg_measure_sums(a, i, m, &s1, &q1);
            dvk_agg_measure_sums(b, j, m, &s2, &q2);
            assert_true(s1 == s2 && q1 == q2);
        }
    }
    for (size_t m = 0; m < NMEASURES; m++)
        assert_int_equal(dvk_agg_measure_exact(a, m), dvk_agg_measure_exact(b, m));
}

static int odd_even(size_t row)
{
    return (int)(row % 2);
}

/* Two halves (odd and even rows) merged, and the register cut in two files
 * each counted apart (as two provinces would be) merged, equal the whole
 * for every measure. */
static void merge_case(size_t budget)
{
    size_t len;
    const char *text = read_data(&len);
    const char *by[] = {"Huyện", "Xã"};
    dvk_agg *whole = new_table(2, budget);
    add_register(text, len, by, 2, &whole, NULL, 0);

    dvk_agg *half[2] = {new_table(2, budget), new_table(2, budget)};
    add_register(text, len, by, 2, half, odd_even, 0);
    assert_int_equal(dvk_agg_merge(half[0], half[1]), DVK_OK);
    assert_same(whole, half[0]);

    /* two files: the header and the first 20 rows, the header and the rest */
    const char *cut = text;
    for (int lines = 0; lines < 21; lines++)
        cut = strchr(cut, '\n') + 1;
    size_t head = (size_t)(strchr(text, '\n') + 1 - text);
    char *second = malloc(len);
    assert_non_null(second);
    memcpy(second, text, head);
    memcpy(second + head, cut, len - (size_t)(cut - text));
    size_t second_len = head + len - (size_t)(cut - text);
    dvk_agg *file[2] = {new_table(2, budget), new_table(2, budget)};
    add_register(text, (size_t)(cut - text), by, 2, &file[0], NULL, 1);
    add_register(second, second_len, by, 2, &file[1], NULL, 0);
    assert_int_equal(dvk_agg_merge(file[1], file[0]), DVK_OK); /* the other way round */
    assert_same(whole, file[1]);
    free(second);

    dvk_agg_free(whole);
    dvk_agg_free(half[0]);
    dvk_agg_free(half[1]);
    dvk_agg_free(file[0]);
    dvk_agg_free(file[1]);
}

static void test_merge(void **state)
{
    (void)state;
    merge_case(0);
}

/* The budget counts values over the whole table: 26 households and 21
 * distinct codes (commune by commune) are kept by a budget of 26, a budget
 * of 25 gives up the median, one of 20 estimates the distinct counts too. */
static void test_budget_small(void **state)
{
    (void)state;
    size_t len;
    const char *text = read_data(&len);
    const char *by[] = {"Huyện", "Xã"};
    size_t budgets[] = {26, 25, 21, 20};
    int median_exact[] = {1, 0, 0, 0}, codes_exact[] = {1, 1, 1, 0};
    for (int b = 0; b < 4; b++) {
        dvk_agg *a = new_table(2, budgets[b]);
        add_register(text, len, by, 2, &a, NULL, 0);
        assert_int_equal(dvk_agg_measure_exact(a, HH_MEDIAN), median_exact[b]);
        assert_int_equal(dvk_agg_measure_exact(a, CODES), codes_exact[b]);
        assert_int_equal(dvk_agg_measure_exact(a, HH_SUM), 1);
        for (size_t i = 0; i < sizeof communes / sizeof *communes; i++) {
            size_t g = dvk_agg_find(a, communes[i].keys);
            double v;
            int st = dvk_agg_measure(a, g, HH_MEDIAN, &v);
            if (median_exact[b] || communes[i].counted == 0) {
                /* a group with no value has nothing to give up */
                assert_int_equal(st, DVK_OK);
                assert_true(v == communes[i].median || isnan(communes[i].median));
            } else {
                assert_int_equal(st, DVK_LIMIT);
                assert_true(isnan(v));
            }
            /* a sketch of 4096 registers counts a handful of codes as
             * they are (linear counting; these hashes do not collide) */
            assert_int_equal(dvk_agg_measure(a, g, CODES, &v), DVK_OK);
            assert_true(v == communes[i].codes);
            /* the exact measures do not care */
            assert_int_equal(dvk_agg_measure(a, g, HH_MAX, &v), DVK_OK);
            assert_true(v == communes[i].max || isnan(communes[i].max));
        }
        /* the grand total rolled up from the communes is the table of the
         * whole register counted as one group, past the budget or not */
        dvk_agg *up, *one = new_table(0, budgets[b]);
        add_register(text, len, NULL, 0, &one, NULL, 0);
        assert_int_equal(dvk_agg_rollup(a, 0, &up), DVK_OK);
        assert_same(one, up);
        double v;
        assert_int_equal(dvk_agg_measure(up, 0, CODES, &v), DVK_OK);
        assert_true(fabs(v - register_whole.codes) <= (codes_exact[b] ? 0 : 1));
        dvk_agg_free(up);
        dvk_agg_free(one);
        dvk_agg_free(a);
        /* past the budget, parts merged still equal the whole: the median
         * is given up by both, the estimates are the same */
        merge_case(budgets[b]);
    }
}

/* Many codes: exact under the default budget, an estimate within 5 % past
 * a budget of 50000 (HyperLogLog's standard error there is 1.6 %), and
 * the same estimate from two halves merged. */
static void test_budget_large(void **state)
{
    (void)state;
    enum { N = 200000 };
    dvk_agg *exact = dvk_agg_new(1, 1), *whole = dvk_agg_new(1, 1);
    dvk_agg *half[2] = {dvk_agg_new(1, 1), dvk_agg_new(1, 1)};
    dvk_agg *all[] = {exact, whole, half[0], half[1]};
    for (int t = 0; t < 4; t++) {
        if (t > 0)
            assert_int_equal(dvk_agg_set_measure_budget(all[t], 50000), DVK_OK);
        assert_int_equal(dvk_agg_add_measure(all[t], DVK_MEASURE_DISTINCT, "codes"), DVK_OK);
        assert_int_equal(dvk_agg_add_measure(all[t], DVK_MEASURE_MEDIAN, "median"), DVK_OK);
    }
    const char *k[2][1] = {{"a"}, {"b"}};
    double one = 1;
    for (int i = 0; i < N; i++) {
        char code[32];
        /* group a: 75000 codes, seen two or three times each; group b:
         * 50000 codes, once each (measures.py counts them) */
        int grp = i % 4 == 3;
        snprintf(code, sizeof code, "m-%d", grp ? i : i / 2 % 75000 * 2);
        const char *texts[2] = {code, NULL};
        double values[2] = {NAN, (double)(i % 1000)};
        for (int t = 0; t < 2; t++)
            assert_int_equal(dvk_agg_add_values(all[t], k[grp], k[grp], &one, values, texts),
                             DVK_OK);
        assert_int_equal(dvk_agg_add_values(half[i % 2], k[grp], k[grp], &one, values, texts),
                         DVK_OK);
    }
    assert_int_equal(dvk_agg_measure_exact(exact, 0), 1);
    assert_int_equal(dvk_agg_measure_exact(whole, 0), 0);
    assert_int_equal(dvk_agg_measure_exact(half[0], 0), 0);
    assert_int_equal(dvk_agg_merge(half[0], half[1]), DVK_OK);
    double truth[2] = {75000, 50000};
    for (size_t g = 0; g < 2; g++) {
        double e, w, m;
        assert_int_equal(dvk_agg_measure(exact, g, 0, &e), DVK_OK);
        assert_true(e == truth[g]);
        assert_int_equal(dvk_agg_measure(whole, g, 0, &w), DVK_OK);
        assert_true(fabs(w - truth[g]) < 0.05 * truth[g]);
        assert_int_equal(dvk_agg_measure(half[0], g, 0, &m), DVK_OK);
        assert_true(m == w);
        /* 200000 values kept exactly: statistics.median of i % 1000 over
         * group a's rows is 499, over group b's 501 (measures.py) */
        assert_int_equal(dvk_agg_measure(exact, g, 1, &e), DVK_OK);
        assert_true(e == (g == 0 ? 499 : 501));
        assert_int_equal(dvk_agg_measure(whole, g, 1, &w), DVK_LIMIT);
        assert_int_equal(dvk_agg_measure(half[0], g, 1, &m), DVK_LIMIT);
    }
    for (int t = 0; t < 4; t++)
        dvk_agg_free(all[t]);
}

static void test_usage(void **state)
{
    (void)state;
    dvk_agg *a = dvk_agg_new(1, 1);
    const char *k[] = {"x"};
    double one = 1, v;
    assert_int_equal(dvk_agg_add_measure(a, 0, "none"), DVK_USAGE);
    assert_int_equal(dvk_agg_add_measure(a, DVK_MEASURE_COUNT_IF + 1, "none"), DVK_USAGE);
    assert_int_equal(dvk_agg_add_measure(a, DVK_MEASURE_SUM, NULL), DVK_USAGE);
    assert_int_equal(dvk_agg_add_measure(a, DVK_MEASURE_SUM, "s"), DVK_OK);
    assert_int_equal(dvk_agg_add_measure(a, DVK_MEASURE_COUNT_IF, "c"), DVK_OK);
    /* a row added without measures leaves them all out */
    assert_int_equal(dvk_agg_add(a, k, k, &one), DVK_OK);
    double values[] = {2.5, 7};
    assert_int_equal(dvk_agg_add_values(a, k, k, &one, values, NULL), DVK_OK);
    values[1] = 0;
    assert_int_equal(dvk_agg_add_values(a, k, k, &one, values, NULL), DVK_OK);
    assert_int_equal(dvk_agg_measure(a, 0, 0, &v), DVK_OK);
    assert_true(v == 5);
    assert_int_equal(dvk_agg_measure(a, 0, 1, &v), DVK_OK);
    assert_true(v == 1); /* 7 is true, 0 false */
    unsigned long long counted, left_out;
    assert_int_equal(dvk_agg_measure_counts(a, 0, 1, &counted, &left_out), DVK_OK);
    assert_true(counted == 2 && left_out == 1);
    assert_true(dvk_agg_value(a, 0, 0) == 3);
    /* too late for another measure or another budget */
    assert_int_equal(dvk_agg_add_measure(a, DVK_MEASURE_MIN, "m"), DVK_USAGE);
    assert_int_equal(dvk_agg_set_measure_budget(a, 10), DVK_USAGE);
    /* not there */
    assert_int_equal(dvk_agg_measure(a, 1, 0, &v), DVK_USAGE);
    assert_true(isnan(v));
    assert_int_equal(dvk_agg_measure(a, 0, 2, &v), DVK_USAGE);
    assert_int_equal(dvk_agg_measure_counts(a, 0, 2, NULL, NULL), DVK_USAGE);
    assert_int_equal(dvk_agg_measure_sums(a, 3, 0, NULL, NULL), DVK_USAGE);
    assert_int_equal(dvk_agg_measure_kind(a, 2), 0);
    assert_null(dvk_agg_measure_label(a, 2));
    assert_int_equal(dvk_agg_measures(NULL), 0);
    /* tables merge only with the same measures */
    dvk_agg *b = dvk_agg_new(1, 1), *c = dvk_agg_new(1, 1);
    assert_int_equal(dvk_agg_merge(a, b), DVK_USAGE);
    assert_int_equal(dvk_agg_add_measure(c, DVK_MEASURE_SUM, "s"), DVK_OK);
    assert_int_equal(dvk_agg_add_measure(c, DVK_MEASURE_MEAN, "c"), DVK_OK);
    assert_int_equal(dvk_agg_merge(a, c), DVK_USAGE);
    assert_int_equal(dvk_agg_merge(a, a), DVK_USAGE);
    /* a table without measures works as before, and merges */
    assert_int_equal(dvk_agg_add(b, k, k, &one), DVK_OK);
    dvk_agg *d = dvk_agg_new(1, 1);
    assert_int_equal(dvk_agg_merge(d, b), DVK_OK);
    assert_true(dvk_agg_value(d, 0, 0) == 1);
    assert_int_equal(dvk_agg_measure(d, 0, 0, &v), DVK_USAGE);
    /* a merged table keeps its measures: a group from the other side */
    const char *k2[] = {"y"};
    dvk_agg *e = dvk_agg_new(1, 1);
    assert_int_equal(dvk_agg_add_measure(e, DVK_MEASURE_SUM, "s"), DVK_OK);
    assert_int_equal(dvk_agg_add_measure(e, DVK_MEASURE_COUNT_IF, "c"), DVK_OK);
    values[0] = -1;
    assert_int_equal(dvk_agg_add_values(e, k2, k2, &one, values, NULL), DVK_OK);
    assert_int_equal(dvk_agg_merge(a, e), DVK_OK);
    assert_int_equal(dvk_agg_measure(a, 1, 0, &v), DVK_OK);
    assert_true(v == -1);
    assert_int_equal(dvk_agg_measure(a, 1, 1, &v), DVK_OK);
    assert_true(v == 0);
    for (dvk_agg **t = (dvk_agg *[]){a, b, c, d, e, NULL}; *t; t++)
        dvk_agg_free(*t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_merge),
        cmocka_unit_test(test_budget_small),
        cmocka_unit_test(test_budget_large),
        cmocka_unit_test(test_usage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
