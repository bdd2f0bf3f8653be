/* encoding.c: finding a file's encoding and converting it to UTF-8.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offices export UTF-8 (with or without BOM), UTF-16 with BOM ("Unicode
 * Text"), and the legacy Vietnamese encodings Windows-1258 and TCVN3.  A
 * BOM settles it; otherwise valid UTF-8 is UTF-8; otherwise both legacy
 * decodings are tried on a sample and the one whose words look like
 * Vietnamese syllables wins.
 */
#include "encoding.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <utf8proc.h>

struct alias {
    const char *alias;
    const char *iconv_name; /* NULL: UTF-8, no conversion */
    const char *display;
};

static const struct alias aliases[] = {
    {"utf-8", NULL, "UTF-8"},
    {"utf8", NULL, "UTF-8"},
    {"utf-16le", "UTF-16LE", "UTF-16LE"},
    {"utf16le", "UTF-16LE", "UTF-16LE"},
    {"utf-16be", "UTF-16BE", "UTF-16BE"},
    {"utf16be", "UTF-16BE", "UTF-16BE"},
    {"utf-16", "UTF-16", "UTF-16"},
    {"utf16", "UTF-16", "UTF-16"},
    {"windows-1258", "CP1258", "WINDOWS-1258"},
    {"cp1258", "CP1258", "WINDOWS-1258"},
    {"1258", "CP1258", "WINDOWS-1258"},
    {"tcvn3", "TCVN5712-1", "TCVN3"},
    {"tcvn", "TCVN5712-1", "TCVN3"},
    {"tcvn5712", "TCVN5712-1", "TCVN3"},
    {"tcvn5712-1", "TCVN5712-1", "TCVN3"},
    {"vn3", "TCVN5712-1", "TCVN3"},
    {"abc", "TCVN5712-1", "TCVN3"},
};

int dvk_encoding_lookup(const char *name, const char **iconv_name,
                        const char **display)
{
    for (size_t i = 0; i < sizeof aliases / sizeof *aliases; i++) {
        if (strcasecmp(name, aliases[i].alias) == 0) {
            *iconv_name = aliases[i].iconv_name;
            *display = aliases[i].display;
            return DVK_OK;
        }
    }
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return DVK_USAGE;
    iconv_close(cd);
    *iconv_name = name;
    *display = name;
    return DVK_OK;
}

/* ---- scoring a decoding as Vietnamese */

static int is_tone(int32_t c)
{
    return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 ||
           c == 0x0323;
}

static int is_quality(int32_t c)
{
    return c == 0x0302 || c == 0x0306 || c == 0x031B;
}

static int is_vowel(int32_t c)
{
    c |= 0x20;
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
           c == 'y';
}

/* +1 for each word with non-ASCII letters that is a plausible Vietnamese
 * syllable (letters a–z and đ, at most one tone mark, marks on vowels),
 * −1 for each word that is not, and −1 for each stray symbol. */
static long score_text(const char *s, size_t n)
{
    long score = 0;
    utf8proc_ssize_t i = 0;
    int in_word = 0, tones = 0, bad = 0, nonascii = 0;
    int32_t prev_base = 0;
    for (;;) {
        utf8proc_int32_t c = -1;
        if ((size_t)i < n) {
            utf8proc_ssize_t k = utf8proc_iterate(
                (const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)n - i, &c);
            if (k <= 0)
                return score - 1000000; /* not even UTF-8: cannot win */
            i += k;
        }
        /* Decompose C into base and marks. */
        utf8proc_int32_t parts[8];
        utf8proc_ssize_t np = 0;
        if (c >= 0) {
            np = utf8proc_decompose_char(c, parts, 8, UTF8PROC_DECOMPOSE, NULL);
            if (np <= 0 || np > 8) {
                parts[0] = c;
                np = 1;
            }
        }
        int letter = c >= 0 && ((parts[0] | 0x20) >= 'a' && (parts[0] | 0x20) <= 'z');
        int dd = c == 0x0111 || c == 0x0110;
        int mark = c >= 0 && (is_tone(parts[0]) || is_quality(parts[0]));
        int other_letter = c >= 0x80 && !letter && !dd && !mark &&
                           utf8proc_category(c) >= UTF8PROC_CATEGORY_LU &&
                           utf8proc_category(c) <= UTF8PROC_CATEGORY_LO;
        if (letter || dd || mark || other_letter) {
            in_word = 1;
            if (c >= 0x80)
                nonascii = 1;
            if (other_letter)
                bad = 1;
            for (utf8proc_ssize_t j = letter ? 1 : 0; j < np; j++) {
                if (is_tone(parts[j])) {
                    tones++;
                    if (!is_vowel(letter ? parts[0] : prev_base))
                        bad = 1;
                } else if (is_quality(parts[j])) {
                    int32_t b = (letter ? parts[0] : prev_base) | 0x20;
                    if (!(b == 'a' || b == 'e' || b == 'o' || b == 'u'))
                        bad = 1;
                } else {
                    bad = 1;
                }
            }
            if (letter)
                prev_base = parts[0];
            continue;
        }
        if (in_word && nonascii)
            score += (bad || tones > 1) ? -1 : 1;
        in_word = tones = bad = nonascii = 0;
        prev_base = 0;
        if (c >= 0x80 && !is_tone(c))
            score -= 1; /* a symbol where text should be */
        if (c < 0)
            break;
    }
    return score;
}

static long score_decoding(const char *iconv_name, const unsigned char *s,
                           size_t n)
{
    dvk_decoder d;
    if (dvk_decoder_init(&d, iconv_name))
        return -1000000;
    dvk_buf out = {0};
    size_t consumed = 0;
    long score;
    int st = dvk_decoder_run(&d, (const char *)s, n, &consumed, &out, 1);
    if (st == DVK_NOMEM)
        score = -1000000;
    else
        score = score_text(out.data ? out.data : "", out.len) -
                (st == DVK_ENCODING ? 1000 : 0);
    dvk_buf_free(&out);
    dvk_decoder_close(&d);
    return score;
}

void dvk_encoding_detect(const unsigned char *s, size_t n, int complete,
                         struct dvk_detected *res)
{
    res->iconv_name = NULL;
    res->display = "UTF-8";
    res->bom_len = 0;
    if (n >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) {
        res->bom_len = 3;
        return;
    }
    if (n >= 2 && s[0] == 0xFF && s[1] == 0xFE) {
        res->iconv_name = "UTF-16LE";
        res->display = "UTF-16LE";
        res->bom_len = 2;
        return;
    }
    if (n >= 2 && s[0] == 0xFE && s[1] == 0xFF) {
        res->iconv_name = "UTF-16BE";
        res->display = "UTF-16BE";
        res->bom_len = 2;
        return;
    }
    /* UTF-16 without BOM: text in Latin script has a zero in every other
     * byte. */
    size_t zero_even = 0, zero_odd = 0, m = n < 4096 ? n : 4096;
    for (size_t i = 0; i < m; i++)
        if (s[i] == 0) {
            if (i % 2)
                zero_odd++;
            else
                zero_even++;
        }
    if (m >= 8 && zero_odd > m / 4 && zero_even == 0) {
        res->iconv_name = "UTF-16LE";
        res->display = "UTF-16LE";
        return;
    }
    if (m >= 8 && zero_even > m / 4 && zero_odd == 0) {
        res->iconv_name = "UTF-16BE";
        res->display = "UTF-16BE";
        return;
    }
    size_t valid = dvk_utf8_valid_prefix((const char *)s, n);
    /* A sample cut inside a character is still UTF-8. */
    if (valid == n || (!complete && n - valid < 4 && s[valid] >= 0xC2))
        return;
    long cp = score_decoding("CP1258", s, n);
    long tc = score_decoding("TCVN5712-1", s, n);
    if (tc > cp) {
        res->iconv_name = "TCVN5712-1";
        res->display = "TCVN3";
    } else {
        res->iconv_name = "CP1258";
        res->display = "WINDOWS-1258";
    }
}

/* ---- the decoder */

int dvk_decoder_init(dvk_decoder *d, const char *iconv_name)
{
    d->utf8 = iconv_name == NULL;
    d->cd = (iconv_t)-1;
    if (d->utf8)
        return DVK_OK;
    d->cd = iconv_open("UTF-8", iconv_name);
    return d->cd == (iconv_t)-1 ? DVK_USAGE : DVK_OK;
}

void dvk_decoder_close(dvk_decoder *d)
{
    if (d->cd != (iconv_t)-1)
        iconv_close(d->cd);
    d->cd = (iconv_t)-1;
}

int dvk_decoder_run(dvk_decoder *d, const char *in, size_t n,
                    size_t *consumed, dvk_buf *out, int final)
{
    if (d->utf8) {
        *consumed = n;
        return dvk_buf_append(out, in, n);
    }
    char *src = (char *)in;
    size_t left = n;
    for (;;) {
        if (dvk_buf_reserve(out, left * 3 + 64))
            return DVK_NOMEM;
        char *dst = out->data + out->len;
        size_t room = out->cap - out->len - 1;
        size_t r = iconv(d->cd, left || !final ? &src : NULL,
                         left || !final ? &left : NULL, &dst, &room);
        out->len = (size_t)(dst - out->data);
        out->data[out->len] = '\0';
        *consumed = n - left;
        if (r != (size_t)-1) {
            if (final && left == 0) {
                /* Flush what a stateful decoder (CP1258) still holds. */
                if (dvk_buf_reserve(out, 64))
                    return DVK_NOMEM;
                dst = out->data + out->len;
                room = out->cap - out->len - 1;
                iconv(d->cd, NULL, NULL, &dst, &room);
                out->len = (size_t)(dst - out->data);
                out->data[out->len] = '\0';
            }
            return DVK_OK;
        }
        if (errno == E2BIG)
            continue;
        if (errno == EINVAL)
            /* An incomplete sequence at the end of this chunk: wait for
             * more, unless there is no more. */
            return final ? DVK_ENCODING : DVK_OK;
        return DVK_ENCODING; /* EILSEQ */
    }
}
