/* test-aggregate.c: group tables, merging, aliases, groupers
 * (lib/aggregate.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dvkstat.h>

static dvk_reader *open_sample(const char *name)
{
    const char *srcdir = getenv("srcdir");
    char path[4096];
    snprintf(path, sizeof path, "%s/samples/%s", srcdir ? srcdir : ".", name);
    dvk_reader *r = dvk_reader_new();
    assert_non_null(r);
    if (dvk_reader_open(r, path) != DVK_OK)
        fail_msg("%s: %s", path, dvk_reader_errmsg(r));
    return r;
}

/* Count the Minh Long register by field and level whole, and in two
 * halves (odd and even rows) merged: the tables must be the same. */
static void test_merge_halves(void **state)
{
    (void)state;
    dvk_reader *r = open_sample("minh-long.csv");
    const char *by[] = {"Lĩnh vực", "Cấp"};
    dvk_grouper *g;
    assert_int_equal(dvk_grouper_new(r, by, 2, &g), DVK_OK);
    dvk_agg *whole = dvk_agg_new(2, 2), *half[2] = {dvk_agg_new(2, 2), dvk_agg_new(2, 2)};
    size_t row = 0;
    while (dvk_reader_next(r) == DVK_ROW) {
        size_t len;
        const char *money = dvk_reader_field(r, 10, &len);
        double v[2] = {1, len ? atof(money) : 0};
        assert_int_equal(dvk_grouper_add(g, r, whole, v), DVK_OK);
        assert_int_equal(dvk_grouper_add(g, r, half[row % 2], v), DVK_OK);
        row++;
    }
    assert_int_equal(row, 296);
    assert_int_equal(dvk_agg_merge(half[0], half[1]), DVK_OK);
    assert_int_equal(dvk_agg_size(half[0]), dvk_agg_size(whole));
    double total = 0;
    for (size_t i = 0; i < dvk_agg_size(whole); i++) {
        const char *keys[] = {dvk_agg_key(whole, i, 0), dvk_agg_key(whole, i, 1)};
        size_t j = dvk_agg_find(half[0], keys);
        assert_true(j != (size_t)-1);
        assert_true(dvk_agg_value(half[0], j, 0) == dvk_agg_value(whole, i, 0));
        assert_true(dvk_agg_value(half[0], j, 1) == dvk_agg_value(whole, i, 1));
        assert_string_equal(dvk_agg_label(half[0], j, 0), dvk_agg_label(whole, i, 0));
        assert_string_equal(dvk_agg_label(half[0], j, 1), dvk_agg_label(whole, i, 1));
        total += dvk_agg_value(whole, i, 0);
    }
    assert_true(total == 296);
    /* the typed spellings of one field are one group, labelled as most often typed */
    const char *keys[] = {"văn hóa", "thôn"};
    size_t j = dvk_agg_find(whole, keys);
    assert_true(j != (size_t)-1);
    assert_string_equal(dvk_agg_label(whole, j, 0), "Văn hóa");
    assert_string_equal(dvk_agg_label(whole, j, 1), "Thôn");
    /* shapes must agree */
    dvk_agg *other = dvk_agg_new(1, 2);
    assert_int_equal(dvk_agg_merge(whole, other), DVK_USAGE);
    assert_non_null(strstr(dvk_agg_errmsg(whole), "other shapes cannot be merged"));
    assert_string_equal(dvk_agg_errmsg(NULL), "out of memory");
    dvk_agg_free(other);
    dvk_agg_free(whole);
    dvk_agg_free(half[0]);
    dvk_agg_free(half[1]);
    dvk_grouper_free(g);
    dvk_reader_free(r);
}

static void test_labels(void **state)
{
    (void)state;
    dvk_agg *a = dvk_agg_new(1, 1);
    double one = 1;
    const char *k[] = {"kinh tế"};
    const char *s1[] = {"kinh tế"}, *s2[] = {"Kinh tế"};
    dvk_agg_add(a, k, s1, &one);
    dvk_agg_add(a, k, s2, &one);
    dvk_agg_add(a, k, s2, &one);
    assert_int_equal(dvk_agg_size(a), 1);
    assert_string_equal(dvk_agg_label(a, 0, 0), "Kinh tế");
    assert_true(dvk_agg_value(a, 0, 0) == 3);
    assert_null(dvk_agg_key(a, 1, 0));
    assert_null(dvk_agg_new(1, 0));
    dvk_agg_free(a);
}

/* Among spellings seen equally often the label is the one seen first,
 * whether the rows were counted in one table or in two merged. */
static void test_label_ties(void **state)
{
    (void)state;
    double one = 1;
    const char *k[] = {"y tế"};
    const char *a_[] = {"Y tế"}, *b_[] = {"Y Tế"};
    const char *const *rows[] = {b_, a_, a_, b_};
    dvk_agg *whole = dvk_agg_new(1, 1), *first = dvk_agg_new(1, 1), *second = dvk_agg_new(1, 1);
    for (int i = 0; i < 4; i++) {
        assert_int_equal(dvk_agg_add(whole, k, rows[i], &one), DVK_OK);
        assert_int_equal(dvk_agg_add(i < 1 ? first : second, k, rows[i], &one), DVK_OK);
    }
    assert_string_equal(dvk_agg_label(whole, 0, 0), "Y Tế"); /* 2 each: seen first */
    assert_int_equal(dvk_agg_merge(first, second), DVK_OK);
    assert_string_equal(dvk_agg_label(first, 0, 0), "Y Tế");
    assert_true(dvk_agg_value(first, 0, 0) == 4);
    dvk_agg_free(whole);
    dvk_agg_free(first);
    dvk_agg_free(second);
}

/* The grouper remembers the group of each raw value it has seen: what it
 * adds must be what dvk_grouper_key() and dvk_agg_add() add, for values
 * seen again, spelled differently, too long to remember, past the number
 * it remembers, with aliases set midway, and into another table. */
static void test_grouper_memo(void **state)
{
    (void)state;
    size_t size = 1 << 22, len = 0;
    char *text = malloc(size);
    assert_non_null(text);
    len += (size_t)snprintf(text + len, size - len, "nhom,so\n");
    for (int i = 0; i < 70000 + 600; i++) {
        if (i % 7 == 0)
            len += (size_t)snprintf(text + len, size - len, "KT,1\n");
        else if (i % 7 == 1)
            len += (size_t)snprintf(text + len, size - len, "  kinh  TẾ ,1\n");
        else if (i % 11 == 0)
            len += (size_t)snprintf(text + len, size - len, "%0300d,1\n", i % 3);
        else
            len += (size_t)snprintf(text + len, size - len, "v%d,1\n", i % 70000);
    }
    dvk_aliases *al = dvk_aliases_new();
    assert_int_equal(dvk_aliases_add(al, "KT", "Kinh tế"), DVK_OK);
    dvk_reader *r1 = dvk_reader_new(), *r2 = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r1, text, len, "a"), DVK_OK);
    assert_int_equal(dvk_reader_open_memory(r2, text, len, "b"), DVK_OK);
    const char *spec = "nhom";
    dvk_grouper *g1, *g2;
    assert_int_equal(dvk_grouper_new(r1, &spec, 1, &g1), DVK_OK);
    assert_int_equal(dvk_grouper_new(r2, &spec, 1, &g2), DVK_OK);
    dvk_agg *memo[2] = {dvk_agg_new(1, 1), dvk_agg_new(1, 1)}, *plain[2] = {dvk_agg_new(1, 1), dvk_agg_new(1, 1)};
    double one = 1;
    int row = 0, st;
    while ((st = dvk_reader_next(r1)) == DVK_ROW) {
        assert_int_equal(dvk_reader_next(r2), DVK_ROW);
        if (row == 40000) { /* aliases from here on */
            dvk_grouper_set_aliases(g1, al, 0);
            dvk_grouper_set_aliases(g2, al, 0);
        }
        int t = row > 50000; /* and another table */
        assert_int_equal(dvk_grouper_add(g1, r1, memo[t], &one), DVK_OK);
        const char *const *keys, *const *labels;
        assert_int_equal(dvk_grouper_key(g2, r2, &keys, &labels), DVK_OK);
        assert_int_equal(dvk_agg_add(plain[t], keys, labels, &one), DVK_OK);
        row++;
    }
    assert_int_equal(st, DVK_DONE);
    for (int t = 0; t < 2; t++) {
        assert_int_equal(dvk_agg_size(memo[t]), dvk_agg_size(plain[t]));
        for (size_t i = 0; i < dvk_agg_size(plain[t]); i++) {
            assert_string_equal(dvk_agg_key(memo[t], i, 0), dvk_agg_key(plain[t], i, 0));
            assert_string_equal(dvk_agg_label(memo[t], i, 0), dvk_agg_label(plain[t], i, 0));
            assert_true(dvk_agg_value(memo[t], i, 0) == dvk_agg_value(plain[t], i, 0));
        }
        dvk_agg_free(memo[t]);
        dvk_agg_free(plain[t]);
    }
    dvk_grouper_free(g1);
    dvk_grouper_free(g2);
    dvk_reader_free(r1);
    dvk_reader_free(r2);
    dvk_aliases_free(al);
    free(text);
}

static void test_aliases(void **state)
{
    (void)state;
    dvk_aliases *al = dvk_aliases_new();
    assert_int_equal(dvk_aliases_add(al, "KT", "Kinh tế"), DVK_OK);
    assert_int_equal(dvk_aliases_add(al, "kinh te", "Kinh  tế"), DVK_OK);
    assert_int_equal(dvk_aliases_add(al, "kt", "Xã hội"), DVK_VALUE);
    /* the handle keeps the message, as every handle does */
    assert_non_null(strstr(dvk_aliases_errmsg(al), "mapped twice"));
    const char *key, *label;
    assert_int_equal(dvk_aliases_lookup(al, "kt", &key, &label), 1);
    assert_string_equal(key, "kinh tế");
    assert_string_equal(label, "Kinh tế");
    assert_int_equal(dvk_aliases_lookup(al, "kinh tế", &key, &label), 1); /* a category maps onto itself */
    assert_int_equal(dvk_aliases_lookup(al, "y tế", &key, &label), 0);
    dvk_aliases_free(al);

    /* read from a file, applied by a grouper, strictly */
    const char map[] = "from,to\nKT,Kinh tế\nVH,Văn hóa\n";
    const char data[] = "Lĩnh vực,Cấp\nKT,Xã\nkinh tế,Thôn\nvh,Xã\nY tế,Xã\n";
    dvk_reader *mr = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(mr, map, sizeof map - 1, "map"), DVK_OK);
    al = dvk_aliases_new();
    assert_int_equal(dvk_aliases_read(al, mr), DVK_OK);
    dvk_reader_free(mr);
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, data, sizeof data - 1, "data"), DVK_OK);
    const char *both[] = {"linh_vuc,cap"}; /* two columns in one spec */
    dvk_grouper *g;
    assert_int_equal(dvk_grouper_new(r, both, 1, &g), DVK_OK);
    assert_int_equal(dvk_grouper_columns(g), 2);
    assert_int_equal(dvk_grouper_column(g, 1), 1);
    dvk_grouper_free(g);
    const char *by[] = {"linh_vuc"};
    assert_int_equal(dvk_grouper_new(r, by, 1, &g), DVK_OK);
    dvk_grouper_set_aliases(g, al, 1);
    dvk_agg *a = dvk_agg_new(1, 1);
    double one = 1;
    for (int i = 0; i < 3; i++) {
        assert_int_equal(dvk_reader_next(r), DVK_ROW);
        assert_int_equal(dvk_grouper_add(g, r, a, &one), DVK_OK);
    }
    assert_int_equal(dvk_reader_next(r), DVK_ROW);
    assert_int_equal(dvk_grouper_add(g, r, a, &one), DVK_VALUE); /* Y tế is not in the map */
    assert_int_equal(dvk_reader_error_line(r), 5);
    assert_int_equal(dvk_reader_error_column(r), 1);
    assert_int_equal(dvk_agg_size(a), 2);
    assert_string_equal(dvk_agg_label(a, 0, 0), "Kinh tế");
    assert_true(dvk_agg_value(a, 0, 0) == 2);
    assert_string_equal(dvk_agg_label(a, 1, 0), "Văn hóa");
    dvk_agg_free(a);
    dvk_grouper_free(g);
    dvk_reader_free(r);
    dvk_aliases_free(al);

    /* a value mapped twice onto different categories is an error with its line */
    const char bad[] = "from,to\nKT,Kinh tế\nkt,Xã hội\n";
    mr = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(mr, bad, sizeof bad - 1, "bad"), DVK_OK);
    al = dvk_aliases_new();
    assert_int_equal(dvk_aliases_read(al, mr), DVK_VALUE);
    assert_int_equal(dvk_reader_error_line(mr), 3);
    dvk_aliases_free(al);
    dvk_reader_free(mr);
}

/* Each handle says why a call was refused, not only out of memory. */
static void test_error_records(void **state)
{
    (void)state;
    dvk_agg *a = dvk_agg_new(1, 1), *b = dvk_agg_new(2, 1);
    assert_non_null(a);
    assert_non_null(b);
    double one = 1;
    assert_int_equal(dvk_agg_add(a, NULL, NULL, &one), DVK_USAGE);
    assert_non_null(strstr(dvk_agg_errmsg(a), "keys, labels and values"));
    assert_int_equal(dvk_agg_merge(a, a), DVK_USAGE);
    assert_non_null(strstr(dvk_agg_errmsg(a), "not from itself"));
    assert_int_equal(dvk_agg_merge(a, b), DVK_USAGE);
    assert_non_null(strstr(dvk_agg_errmsg(a), "1 key parts and 1 values against 2 and 1"));
    assert_int_equal(dvk_agg_add_measure(a, (enum dvk_measure)99, "x"), DVK_USAGE);
    assert_non_null(strstr(dvk_agg_errmsg(a), "a measure needs a kind"));
    const char *k[] = {"K"};
    assert_int_equal(dvk_agg_add(a, k, k, &one), DVK_OK);
    assert_int_equal(dvk_agg_add_measure(a, DVK_MEASURE_SUM, "x"), DVK_USAGE);
    assert_non_null(strstr(dvk_agg_errmsg(a), "before its first row"));
    assert_int_equal(dvk_agg_set_measure_budget(a, 10), DVK_USAGE);
    assert_non_null(strstr(dvk_agg_errmsg(a), "before a table's first row"));
    dvk_agg_free(a);
    dvk_agg_free(b);

    dvk_aliases *al = dvk_aliases_new();
    assert_non_null(al);
    assert_int_equal(dvk_aliases_add(al, NULL, "x"), DVK_USAGE);
    assert_non_null(strstr(dvk_aliases_errmsg(al), "a value to map"));
    dvk_aliases_free(al);

    dvk_profile *p = dvk_profile_new(2, 0);
    assert_non_null(p);
    assert_int_equal(dvk_profile_add_row(p, NULL), DVK_USAGE);
    assert_non_null(strstr(dvk_profile_errmsg(p), "a reader's row"));
    dvk_profile_free(p);
}

/* ROWS appended to TEXT (of *LEN bytes, *CAP room): keys FROM..TO (a step
 * of STEP), each spelled with PREFIX, then EXTRA rows of SPELLING. */
static char *add_rows(char *text, size_t *len, size_t *cap, long from, long to, long step,
                      const char *prefix, int extra, const char *spelling)
{
    for (long i = from; step > 0 ? i <= to : i >= to; i += step)
        for (int k = 0; k < (i == 5 ? 1 + extra : 1); k++) {
            if (*cap - *len < 64) {
                *cap = *cap * 2 + 64;
                text = realloc(text, *cap);
                assert_non_null(text);
            }
            *len += (size_t)snprintf(text + *len, *cap - *len, "%s%ld,%s\n",
                                     k ? spelling : prefix, k ? 5L : i,
                                     i % 7 ? "Văn hóa" : "  Kinh  tế ");
        }
    return text;
}

/* The profile of text T (with its header) as one reader reads it. */
static dvk_profile *profile_of(const char *t, size_t n, dvk_profile *whole)
{
    dvk_reader *r = dvk_reader_new();
    assert_int_equal(dvk_reader_open_memory(r, t, n, "mem"), DVK_OK);
    dvk_profile *p = whole ? dvk_profile_new_part(whole) : dvk_profile_new(2, 0);
    assert_non_null(p);
    int st;
    while ((st = dvk_reader_next(r)) == DVK_ROW)
        assert_int_equal(dvk_profile_add_row(p, r), DVK_OK);
    assert_int_equal(st, DVK_DONE);
    dvk_reader_free(r);
    return p;
}

static void same_profiles(const dvk_profile *a, const dvk_profile *b)
{
    for (size_t i = 0; i < 2; i++) {
        assert_int_equal(dvk_profile_type(a, i), dvk_profile_type(b, i));
        assert_int_equal(dvk_profile_empty(a, i), dvk_profile_empty(b, i));
        int ea, eb;
        assert_int_equal(dvk_profile_distinct(a, i, &ea), dvk_profile_distinct(b, i, &eb));
        assert_int_equal(ea, eb);
        for (size_t k = 0; k < 8; k++) {
            unsigned long long ca = 0, cb = 0;
            const char *va = dvk_profile_top(a, i, k, &ca), *vb = dvk_profile_top(b, i, k, &cb);
            assert_true((va == NULL) == (vb == NULL));
            if (va) {
                assert_string_equal(va, vb);
                assert_int_equal(ca, cb);
            }
        }
    }
}

/* A profile of a file's first rows and a part of its later rows, merged,
 * is the profile of all of them: below the table's limit, and past it in
 * both halves, where the part keeps apart the values whose keys it has no
 * room for (the first half's keys, met again in reverse). */
static void test_profile_parts(void **state)
{
    (void)state;
    static const long sizes[] = {300, 80000};
    for (size_t z = 0; z < 2; z++) {
        size_t cap = 64, len = 0, head;
        char *text = malloc(cap);
        assert_non_null(text);
        len = (size_t)snprintf(text, cap, "Mã,Lĩnh vực\n");
        head = len;
        text = add_rows(text, &len, &cap, 0, sizes[z] - 1, 1, "K", 3, "K");
        size_t half = len;
        text = add_rows(text, &len, &cap, sizes[z] - 1, 0, -1, "K", 6, "k");
        dvk_profile *all = profile_of(text, len, NULL);
        dvk_profile *first = profile_of(text, half, NULL);
        /* the second half with the header before it */
        char *second = malloc(head + len - half);
        assert_non_null(second);
        memcpy(second, text, head);
        memcpy(second + head, text + half, len - half);
        dvk_profile *part = profile_of(second, head + len - half, first);
        int exact;
        dvk_profile_distinct(all, 0, &exact);
        assert_int_equal(exact, z == 0);
        assert_int_equal(dvk_profile_merge(first, part), DVK_OK);
        same_profiles(all, first);
        unsigned long long c;
        /* key 5: 4 rows K5, then 1 more K5 and 6 k5: the most frequent
         * spelling shows */
        assert_string_equal(dvk_profile_top(all, 0, 0, &c), "k5");
        assert_int_equal(c, 11);
        /* a profile past its limit that is not a part cannot merge */
        dvk_profile *other = profile_of(second, head + len - half, NULL);
        dvk_profile *again = profile_of(text, half, NULL);
        assert_int_equal(dvk_profile_merge(again, other), z ? DVK_VALUE : DVK_OK);
        dvk_profile_free(other);
        dvk_profile_free(again);
        dvk_profile_free(all);
        dvk_profile_free(first);
        dvk_profile_free(part);
        free(second);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_merge_halves),
        cmocka_unit_test(test_labels),
        cmocka_unit_test(test_label_ties),
        cmocka_unit_test(test_grouper_memo),
        cmocka_unit_test(test_aliases),
        cmocka_unit_test(test_error_records),
        cmocka_unit_test(test_profile_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
