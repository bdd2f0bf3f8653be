/* test-normalize.c: text normalisation (lib/normalize.c).
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
#include <utf8proc.h>
#include "fuzz/normalize-properties.h"

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
    /* ASCII is measured without utf8proc: its widths all the same */
    for (int c = 0; c < 128; c++) {
        char one = (char)c;
        assert_int_equal(dvk_text_width(&one, 1), (size_t)utf8proc_charwidth(c));
    }
}

/* Two strings fuzzing found where CLEAN and KEY were not NFC or not
 * idempotent: a tone moved onto "Ǭ" past its ogonek, and a ypogegrammeni
 * that folds to ι and made KEY cut the word where CLEAN did not. */
static void test_foreign_marks(void **state)
{
    (void)state;
    static const char ogonek[] = "\x47\xc3\xad\xc7\xac\x68";
    static const char ypogegrammeni[] = "\xe1\xbf\xb7\x75\xe1\xbb\xb7";
    /* not Vietnamese syllables: the tones stay where they were written */
    check_form(ogonek, DVK_TEXT_CLEAN, "G\xc3\xad\xc7\xac" "h");
    check_form(ogonek, DVK_TEXT_KEY, "g\xc3\xad\xc7\xad" "h");
    check_form(ypogegrammeni, DVK_TEXT_CLEAN, ypogegrammeni);
    /* ῷ folds to ῶι */
    check_form(ypogegrammeni, DVK_TEXT_KEY, "\xe1\xbf\xb6\xce\xb9u\xe1\xbb\xb7");
    assert_null(dvk_check_normalize_properties(ogonek, strlen(ogonek)));
    assert_null(dvk_check_normalize_properties(ypogegrammeni, strlen(ypogegrammeni)));
    /* canonically equivalent spellings fold to one key: α, ypogegrammeni,
     * acute in the wrong order, and the precomposed ᾴ */
    check_form("\xce\xb1\xcd\x85\xcc\x81", DVK_TEXT_KEY, "\xce\xac\xce\xb9");
    check_form("\xe1\xbe\xb4", DVK_TEXT_KEY, "\xce\xac\xce\xb9");
    /* a Vietnamese word beside them is still placed */
    check_form("\xe1\xbf\xb7 thuỷ", DVK_TEXT_CLEAN, "\xe1\xbf\xb7 thủy");
}

/* A small generator with a fixed seed, so that a failure is repeatable
 * everywhere (rand() differs between C libraries). */
static uint64_t random_next(uint64_t *state)
{
    *state ^= *state << 13;
    *state ^= *state >> 7;
    *state ^= *state << 17;
    return *state;
}

/* The properties of normalize-properties.h on random strings made of what
 * breaks normalisers: Vietnamese letters precomposed and not, every
 * combining mark U+0300-U+036F, Greek and Latin letters that carry marks,
 * letters whose case folding grows or changes script, and white space. */
static void test_properties_random(void **state)
{
    (void)state;
    static const int32_t pool[] = {
        'a', 'e', 'i', 'o', 'u', 'y', 'A', 'O', 'U', 'Y', 'g', 'G', 'q', 'h', 'n', 'N', 't', 'k', 'd',
        0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x0110, 0x00C2, 0x01AF,
        0x1EA1, 0x1EA3, 0x1EBF, 0x1EC7, 0x1EDD, 0x1EEB, 0x1EF3, 0x1EF7, 0x1EA0, 0x1EF6,
        0x00E1, 0x00E0, 0x00E3, 0x00ED, 0x00C1, 0x00D3,
        0x01EC, 0x01ED, 0x0105, 0x0104, 0x00F1, 0x00EF, 0x0130, 0x0131, 0x01F0, 0x01C4, 0x01C5, 0x01C6,
        0x1F00, 0x1F80, 0x1FB3, 0x1FB4, 0x1FF7, 0x1FBC, 0x0390, 0x03B0, 0x03A3, 0x03C2, 0x03C3, 0x0345,
        0x00DF, 0x1E9E, 0x017F, 0x212A, 0x212B, 0xFB00, 0x0149, 0x1E96, 0x0587, 0x0400, 0x0439,
        0xAC00, 0x1100, 0x1161, 0x11A8, 0x0915, 0x093C, 0x0301 /* weighted: tones are common */,
        ' ', ' ', 0x00A0, '\t', 0x2003, '-', '1',
    };
    const size_t npool = sizeof pool / sizeof *pool;
    uint64_t seed = 0x9E3779B97F4A7C15ULL;
    char buf[128];
    for (int round = 0; round < 200000; round++) {
        size_t n = 1 + random_next(&seed) % 10, len = 0;
        for (size_t i = 0; i < n; i++) {
            uint64_t r = random_next(&seed);
            int32_t c = r % 3 == 0 ? (int32_t)(0x0300 + (r >> 8) % 0x70) : pool[(r >> 8) % npool];
            len += (size_t)utf8proc_encode_char(c, (utf8proc_uint8_t *)buf + len);
        }
        const char *failed = dvk_check_normalize_properties(buf, len);
        if (failed) {
            char hex[3 * sizeof buf + 1];
            for (size_t i = 0; i < len; i++)
                snprintf(hex + 3 * i, 4, "%02x ", (unsigned char)buf[i]);
            fail_msg("%s for %s", failed, hex);
        }
    }
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
        cmocka_unit_test(test_foreign_marks),
        cmocka_unit_test(test_properties_random),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
