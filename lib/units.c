/* units.c: the key of an administrative unit's name, whatever kind prefix
 * and abbreviation a file writes.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A roster writes "X. Long Sơn" and "P.1", the register "Xã Long Sơn" and
 * "Phường 1", another file only "Long Sơn".  The key is the name without
 * its prefix; the prefix is returned apart so that a caller can tell "Xã
 * Long Sơn" from "Phường Long Sơn" and refuse a bare "Long Sơn" that could
 * be either.
 */
#include "internal.h"

#include <string.h>

struct prefix {
    const char *text;   /* case-folded, as DVK_TEXT_KEY gives it */
    int kind;
    int rule;           /* what must follow: enum below */
};

enum {
    WORD,       /* a space, a dot or a number: "Phường 1", "Xã Long Sơn" */
    DOTTED,     /* anything: the dot ends it ("P.1", "X.Long Sơn") */
    NUMBERED    /* a number, after spaces: "P 1", "P1" (never "P Thắng Nhất") */
};

/* Longest first, so "tổ dân phố" wins over a shorter word. */
static const struct prefix prefixes[] = {
    {"tổ dân phố", DVK_UNIT_RESIDENTIAL, WORD},
    {"thị trấn", DVK_UNIT_TOWNSHIP, WORD},
    {"khu phố", DVK_UNIT_NEIGHBOURHOOD, WORD},
    {"phường", DVK_UNIT_WARD, WORD},
    {"thôn", DVK_UNIT_VILLAGE, WORD},
    {"xã", DVK_UNIT_COMMUNE, WORD},
    {"ấp", DVK_UNIT_HAMLET, WORD},
    {"t.t.", DVK_UNIT_TOWNSHIP, DOTTED},
    {"tdp.", DVK_UNIT_RESIDENTIAL, DOTTED},
    {"tdp", DVK_UNIT_RESIDENTIAL, WORD},
    {"tt.", DVK_UNIT_TOWNSHIP, DOTTED},
    {"tt", DVK_UNIT_TOWNSHIP, WORD},
    {"kp.", DVK_UNIT_NEIGHBOURHOOD, DOTTED},
    {"kp", DVK_UNIT_NEIGHBOURHOOD, WORD},
    {"x.", DVK_UNIT_COMMUNE, DOTTED},
    {"p.", DVK_UNIT_WARD, DOTTED},
    {"p", DVK_UNIT_WARD, NUMBERED},
};

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Where the name starts after prefix P in KEY, or NULL when KEY does not
 * start with it or nothing follows it. */
static const char *after_prefix(const char *key, const struct prefix *p)
{
    size_t n = strlen(p->text);
    if (strncmp(key, p->text, n) != 0)
        return NULL;
    const char *rest = key + n;
    if (p->rule == WORD && *rest != ' ' && *rest != '.' && !is_digit(*rest))
        return NULL;
    if (p->rule == NUMBERED) {
        while (*rest == ' ')
            rest++;
        if (!is_digit(*rest))
            return NULL;
    }
    while (*rest == ' ' || *rest == '.')
        rest++;
    return *rest ? rest : NULL;
}

DVK_API int dvk_unit_key(const char *s, size_t len, char **key, size_t *key_len,
                         int *kind)
{
    if (!s || !key)
        return DVK_USAGE;
    char *folded;
    size_t flen;
    int st = dvk_text_normalize(s, len, DVK_TEXT_KEY, &folded, &flen);
    if (st)
        return st;
    int found = DVK_UNIT_NONE;
    const char *name = folded;
    for (size_t i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
        const char *rest = after_prefix(folded, &prefixes[i]);
        if (rest) {
            found = prefixes[i].kind;
            name = rest;
            break;
        }
    }
    /* "Phường 01" and "P.1" are one ward */
    size_t nlen = strlen(name), digits = 0;
    while (digits < nlen && is_digit(name[digits]))
        digits++;
    if (digits == nlen)
        while (nlen > 1 && name[0] == '0') {
            name++;
            nlen--;
        }
    char *out = dvk_strndup(name, nlen);
    dvk_free(folded);
    if (!out)
        return DVK_NOMEM;
    *key = out;
    if (key_len)
        *key_len = nlen;
    if (kind)
        *kind = found;
    return DVK_OK;
}
