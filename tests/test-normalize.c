/* test-normalize.c: text normalisation (lib/normalize.c).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <dvkstat.h>

static void check_form(const char *in, int form, const char *want)
{
    char *out = NULL;
    size_t len = 0;
    assert_int_equal(dvk_text_normalize(in, strlen(in), form, &out, &len), DVK_OK);
    assert_string_equal(out, want);
    assert_int_equal(len, strlen(want));
    dvk_free(out);
}

static void test_nfc(void **state)
{
    (void)state;
    /* e + combining dot below + combining circumflex composes to ệ */
    check_form("Vie\xcc\xa3\xcc\x82t Nam", DVK_TEXT_CLEAN, "Việt Nam");
    check_form("Vie\xcc\x82\xcc\xa3t", DVK_TEXT_CLEAN, "Việt");
    /* a decomposed đ does not exist; precomposed stays */
    check_form("\xc4\x90\xe1\xba\xa3ng", DVK_TEXT_CLEAN, "Đảng");
}

static void test_white_space(void **state)
{
    (void)state;
    check_form("  Kinh\xc2\xa0\xc2\xa0 tế \t", DVK_TEXT_CLEAN, "Kinh tế");
    check_form("a\r\nb\u2003c", DVK_TEXT_CLEAN, "a b c");
    check_form("   ", DVK_TEXT_CLEAN, "");
    check_form("", DVK_TEXT_CLEAN, "");
    /* TRIM keeps the tone placement as written */
    check_form("  Văn hoá ", DVK_TEXT_TRIM, "Văn hoá");
}

static void test_tone_placement(void **state)
{
    (void)state;
    /* open oa, oe, uy: the tone goes on the first vowel (hóa, khỏe, thủy) */
    check_form("hoá", DVK_TEXT_CLEAN, "hóa");
    check_form("hóa", DVK_TEXT_CLEAN, "hóa");
    check_form("thuỷ", DVK_TEXT_CLEAN, "thủy");
    check_form("khoẻ", DVK_TEXT_CLEAN, "khỏe");
    check_form("Văn hoá - Xã hội", DVK_TEXT_CLEAN, "Văn hóa - Xã hội");
    check_form("HOÀ BÌNH", DVK_TEXT_CLEAN, "HÒA BÌNH");
    check_form("Uỷ ban", DVK_TEXT_CLEAN, "Ủy ban");
    /* a final consonant puts it on the last vowel */
    check_form("hòan thành", DVK_TEXT_CLEAN, "hoàn thành");
    check_form("hoàn", DVK_TEXT_CLEAN, "hoàn");
    check_form("tòan", DVK_TEXT_CLEAN, "toàn");
    /* a vowel with a circumflex, breve or horn carries it (ươ: on ơ) */
    check_form("ngừơi", DVK_TEXT_CLEAN, "người");
    check_form("người", DVK_TEXT_CLEAN, "người");
    check_form("tiếng", DVK_TEXT_CLEAN, "tiếng");
    check_form("thuở", DVK_TEXT_CLEAN, "thuở");
    /* qu and gi belong to the initial */
    check_form("quý", DVK_TEXT_CLEAN, "quý");
    check_form("già", DVK_TEXT_CLEAN, "già");
    check_form("gì", DVK_TEXT_CLEAN, "gì");
    check_form("mùa", DVK_TEXT_CLEAN, "mùa");
    /* three vowels: the middle one */
    check_form("ngoaì", DVK_TEXT_CLEAN, "ngoài");
    /* not Vietnamese syllables: untouched */
    check_form("España café", DVK_TEXT_CLEAN, "España café");
    check_form("naïve", DVK_TEXT_CLEAN, "naïve");
}

static void test_keys(void **state)
{
    (void)state;
    check_form("KINH TẾ", DVK_TEXT_KEY, "kinh tế");
    check_form(" Kinh  tế", DVK_TEXT_KEY, "kinh tế");
    check_form("Văn Hoá", DVK_TEXT_KEY, "văn hóa");
    check_form("ĐẢNG", DVK_TEXT_KEY, "đảng");
    check_form("plain ASCII", DVK_TEXT_KEY, "plain ascii");
}

static void test_loose_names(void **state)
{
    (void)state;
    check_form("Lĩnh vực", DVK_TEXT_NAME, "linhvuc");
    check_form("linh_vuc", DVK_TEXT_NAME, "linhvuc");
    check_form("Đơn vị đăng ký", DVK_TEXT_NAME, "donvidangky");
    check_form("Số hộ (2022)", DVK_TEXT_NAME, "soho2022");
}

static void test_invalid(void **state)
{
    (void)state;
    char *out = NULL;
    assert_int_equal(dvk_text_normalize("ab\xff", 3, DVK_TEXT_CLEAN, &out, NULL), DVK_ENCODING);
    assert_null(out);
    assert_int_equal(dvk_text_normalize("ab", 2, 99, &out, NULL), DVK_USAGE);
}

static void test_width(void **state)
{
    (void)state;
    assert_int_equal(dvk_text_width("Việt", strlen("Việt")), 4);
    /* decomposed marks take no column */
    assert_int_equal(dvk_text_width("Vie\xcc\xa3\xcc\x82t", 8), 4);
    assert_int_equal(dvk_text_width("漢字", strlen("漢字")), 4);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_nfc),
        cmocka_unit_test(test_white_space),
        cmocka_unit_test(test_tone_placement),
        cmocka_unit_test(test_keys),
        cmocka_unit_test(test_loose_names),
        cmocka_unit_test(test_invalid),
        cmocka_unit_test(test_width),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
