/* normalize-properties.h: the properties every normalised form must have,
 * checked by tests/test-normalize.c on random strings and by
 * fuzz-normalize.c on whatever the fuzzer makes.  For valid UTF-8 X and
 * each form F: F(X) is NFC (as utf8proc sees it), F(F(X)) = F(X), and
 * KEY(CLEAN(X)) = KEY(X), NAME(CLEAN(X)) = NAME(X): grouping by the key of
 * a cleaned file must give the groups of the raw one.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_NORMALIZE_PROPERTIES_H
#define DVK_NORMALIZE_PROPERTIES_H

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>
#include <dvkstat.h>

/* Whether S (LEN bytes, valid UTF-8) is in NFC. */
static int dvk_check_is_nfc(const char *s, size_t len)
{
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &nfc,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE);
    int same = n >= 0 && (size_t)n == len && memcmp(nfc, s, len) == 0;
    free(nfc);
    return same;
}

static int dvk_check_same(const char *a, size_t alen, const char *b, size_t blen)
{
    return alen == blen && memcmp(a, b, alen) == 0;
}

/* Check the properties on X.  Returns NULL when they hold (or X is not
 * valid UTF-8, which every form must then refuse), else which one failed. */
static const char *dvk_check_normalize_properties(const char *x, size_t len)
{
    static const int forms[] = {DVK_TEXT_CLEAN, DVK_TEXT_KEY, DVK_TEXT_NAME, DVK_TEXT_TRIM};
    char *out[5] = {NULL};
    size_t olen[5] = {0};
    const char *failed = NULL;
    int valid = utf8proc_decompose((const utf8proc_uint8_t *)x, (utf8proc_ssize_t)len, NULL, 0, 0) >= 0;
    for (int f = 0; f < 4 && !failed; f++) {
        int st = dvk_text_normalize(x, len, forms[f], &out[forms[f]], &olen[forms[f]]);
        if (!valid) {
            if (st != DVK_ENCODING)
                failed = "invalid UTF-8 not refused";
            continue;
        }
        if (st != DVK_OK) {
            failed = "valid UTF-8 refused";
            break;
        }
        const char *o = out[forms[f]];
        size_t ol = olen[forms[f]];
        if (o[ol] != '\0')
            failed = "not NUL-terminated";
        else if (!dvk_check_is_nfc(o, ol))
            failed = forms[f] == DVK_TEXT_CLEAN ? "CLEAN not NFC"
                   : forms[f] == DVK_TEXT_KEY   ? "KEY not NFC"
                   : forms[f] == DVK_TEXT_NAME  ? "NAME not NFC"
                                                : "TRIM not NFC";
        else {
            char *again = NULL;
            size_t alen = 0;
            if (dvk_text_normalize(o, ol, forms[f], &again, &alen) != DVK_OK ||
                !dvk_check_same(o, ol, again, alen))
                failed = forms[f] == DVK_TEXT_CLEAN ? "CLEAN not idempotent"
                       : forms[f] == DVK_TEXT_KEY   ? "KEY not idempotent"
                       : forms[f] == DVK_TEXT_NAME  ? "NAME not idempotent"
                                                    : "TRIM not idempotent";
            dvk_free(again);
        }
    }
    if (valid && !failed) {
        char *k = NULL, *n = NULL;
        size_t klen = 0, nlen = 0;
        if (dvk_text_normalize(out[DVK_TEXT_CLEAN], olen[DVK_TEXT_CLEAN], DVK_TEXT_KEY, &k, &klen) != DVK_OK ||
            !dvk_check_same(k, klen, out[DVK_TEXT_KEY], olen[DVK_TEXT_KEY]))
            failed = "KEY(CLEAN(x)) differs from KEY(x)";
        else if (dvk_text_normalize(out[DVK_TEXT_CLEAN], olen[DVK_TEXT_CLEAN], DVK_TEXT_NAME, &n, &nlen) != DVK_OK ||
                 !dvk_check_same(n, nlen, out[DVK_TEXT_NAME], olen[DVK_TEXT_NAME]))
            failed = "NAME(CLEAN(x)) differs from NAME(x)";
        dvk_free(k);
        dvk_free(n);
    }
    for (int f = 0; f < 5; f++)
        dvk_free(out[f]);
    return failed;
}

#endif
