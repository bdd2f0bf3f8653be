/* test-status.c: what a status says, and the key of a unit's name
 * (lib/status.c, lib/units.c).  The expected classes are the rule of
 * tests/reference/forms.R (a stop word before the words of a maintained
 * model), which gives the corpus of tests/forms its true figures.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <dvkstat.h>

static int classify(const char *s)
{
    int status = -1;
    assert_int_equal(dvk_status_classify(s, strlen(s), &status), DVK_OK);
    return status;
}

static void test_maintained(void **state)
{
    (void)state;
    const char *const kept[] = {"Duy trì", "Đang duy trì", "Duy trì, hiệu quả", "DUY TRÌ",
                                "Đang hoạt động", "Hiệu quả", "Đang thực hiện", "duy  trì",
                                "Maintained", "Active"};
    for (size_t i = 0; i < sizeof kept / sizeof *kept; i++)
        if (classify(kept[i]) != DVK_MODEL_MAINTAINED)
            fail_msg("'%s' is maintained", kept[i]);
}

/* Stops that hold the words of a maintained model too. */
static void test_stopped(void **state)
{
    (void)state;
    const char *const stops[] = {"Ngưng hoạt động", "Ngưng duy trì", "Ngừng duy trì",
                                 "Tạm dừng", "Dừng", "Thôi hoạt động", "Giải thể",
                                 "Không còn duy trì", "Không duy trì", "Không hiệu quả",
                                 "NGƯNG HOẠT ĐỘNG", "Stopped", "Not maintained", "inactive"};
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
        if (classify(stops[i]) != DVK_MODEL_STOPPED)
            fail_msg("'%s' is a stop", stops[i]);
}

static void test_other(void **state)
{
    (void)state;
    assert_int_equal(classify("Chưa triển khai"), DVK_MODEL_NOT_YET);
    assert_int_equal(classify("Chưa duy trì"), DVK_MODEL_NOT_YET);
    assert_int_equal(classify("Đăng ký"), DVK_MODEL_REGISTERED);
    assert_int_equal(classify("Mới đăng ký"), DVK_MODEL_REGISTERED);
    assert_int_equal(classify(""), DVK_MODEL_UNKNOWN);
    assert_int_equal(classify("x"), DVK_MODEL_UNKNOWN);
    assert_int_equal(classify("Tình trạng"), DVK_MODEL_UNKNOWN);
    /* whole syllables only: "thôi" is not in "thôii", "dừng" not in "dừngx" */
    assert_int_equal(classify("thôii"), DVK_MODEL_UNKNOWN);
    /* hóa/hoá and composed/decomposed forms are one word */
    assert_int_equal(classify("Ngu\xcc\x9bng hoa\xcc\xa3t \xc4\x91o\xcc\x82\xcc\xa3ng"),
                     DVK_MODEL_STOPPED);
    int status;
    assert_int_equal(dvk_status_classify("\xff", 1, &status), DVK_ENCODING);
    assert_int_equal(dvk_status_classify(NULL, 0, &status), DVK_USAGE);
}

static void test_marks(void **state)
{
    (void)state;
    const char *const marks[] = {"x", "X", " x ", "✓", "1"};
    const char *const blanks[] = {"", " ", "0", "-", "không"};
    int m;
    for (size_t i = 0; i < sizeof marks / sizeof *marks; i++) {
        assert_int_equal(dvk_status_is_mark(marks[i], strlen(marks[i]), &m), DVK_OK);
        if (!m)
            fail_msg("'%s' is a mark", marks[i]);
    }
    for (size_t i = 0; i < sizeof blanks / sizeof *blanks; i++) {
        assert_int_equal(dvk_status_is_mark(blanks[i], strlen(blanks[i]), &m), DVK_OK);
        if (m)
            fail_msg("'%s' is not a mark", blanks[i]);
    }
}

static void unit(const char *s, const char *want, int want_kind)
{
    char *key;
    size_t len;
    int kind;
    assert_int_equal(dvk_unit_key(s, strlen(s), &key, &len, &kind), DVK_OK);
    if (strcmp(key, want) != 0 || kind != want_kind || len != strlen(want))
        fail_msg("'%s': key '%s' kind %d, wanted '%s' kind %d", s, key, kind, want, want_kind);
    dvk_free(key);
}

static void test_unit_key(void **state)
{
    (void)state;
    unit("Xã Long Sơn", "long sơn", DVK_UNIT_COMMUNE);
    unit("xã Long Sơn", "long sơn", DVK_UNIT_COMMUNE);
    unit("X. Long Sơn", "long sơn", DVK_UNIT_COMMUNE);
    unit("X.Long Sơn", "long sơn", DVK_UNIT_COMMUNE);
    unit("Long Sơn", "long sơn", DVK_UNIT_NONE);
    unit("Phường 1", "1", DVK_UNIT_WARD);
    unit("P.1", "1", DVK_UNIT_WARD);
    unit("P. 01", "1", DVK_UNIT_WARD);
    unit("P1", "1", DVK_UNIT_WARD);
    unit("P. Thắng Nhất", "thắng nhất", DVK_UNIT_WARD);
    unit("Thị trấn Phú Mỹ", "phú mỹ", DVK_UNIT_TOWNSHIP);
    unit("TT. Phú Mỹ", "phú mỹ", DVK_UNIT_TOWNSHIP);
    unit("T.T. Phú Mỹ", "phú mỹ", DVK_UNIT_TOWNSHIP);
    unit("TT Ngãi Giao", "ngãi giao", DVK_UNIT_TOWNSHIP);
    unit("Thôn 3", "3", DVK_UNIT_VILLAGE);
    unit("Tổ dân phố 5", "5", DVK_UNIT_RESIDENTIAL);
    unit("TDP 5", "5", DVK_UNIT_RESIDENTIAL);
    unit("Ấp Bắc", "bắc", DVK_UNIT_HAMLET);
    unit("Khu phố 2", "2", DVK_UNIT_NEIGHBOURHOOD);
    unit("KP.2", "2", DVK_UNIT_NEIGHBOURHOOD);
    /* a name that only starts like a prefix keeps it */
    unit("Xà Bang", "xà bang", DVK_UNIT_NONE);
    unit("Phước Hòa", "phước hòa", DVK_UNIT_NONE);
    unit("Phường", "phường", DVK_UNIT_NONE);
    unit("Thông Nhất", "thông nhất", DVK_UNIT_NONE);
    char *key;
    assert_int_equal(dvk_unit_key("\xff", 1, &key, NULL, NULL), DVK_ENCODING);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_maintained),
        cmocka_unit_test(test_stopped),
        cmocka_unit_test(test_other),
        cmocka_unit_test(test_marks),
        cmocka_unit_test(test_unit_key),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
