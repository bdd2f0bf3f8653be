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

/* ---- the legacy Vietnamese encodings, by tables
 *
 * Windows-1258 and TCVN3 are one byte a character, but a letter may be
 * followed by a combining tone mark, which glibc's converters compose
 * with it into one precomposed letter when Unicode has one.  These tables
 * do the same without iconv on the way (a quarter of the speed of UTF-8
 * went to it): a byte's code point, written as UTF-8 ahead of time; a
 * letter from U+0041 to U+01B0 is held back until the next byte shows
 * whether a mark follows (what glibc holds back too, and drops when an
 * invalid byte comes next); the compositions are Unicode's, asked of
 * utf8proc once.  The tests compare every byte value, and every pair,
 * with iconv. */

#include <pthread.h>

#define NO_CHAR 0xFFFF

/* Windows-1258 from 0x80 (below is ASCII). */
static const unsigned short cp1258_high[128] = {
    0x20AC, NO_CHAR, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, NO_CHAR, 0x2039, 0x0152, NO_CHAR, NO_CHAR, NO_CHAR,
    NO_CHAR, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, NO_CHAR, 0x203A, 0x0153, NO_CHAR, NO_CHAR, 0x0178,
    0x00A0, 0x00A1, 0x00A2, 0x00A3, 0x00A4, 0x00A5, 0x00A6, 0x00A7,
    0x00A8, 0x00A9, 0x00AA, 0x00AB, 0x00AC, 0x00AD, 0x00AE, 0x00AF,
    0x00B0, 0x00B1, 0x00B2, 0x00B3, 0x00B4, 0x00B5, 0x00B6, 0x00B7,
    0x00B8, 0x00B9, 0x00BA, 0x00BB, 0x00BC, 0x00BD, 0x00BE, 0x00BF,
    0x00C0, 0x00C1, 0x00C2, 0x0102, 0x00C4, 0x00C5, 0x00C6, 0x00C7,
    0x00C8, 0x00C9, 0x00CA, 0x00CB, 0x0300, 0x00CD, 0x00CE, 0x00CF,
    0x0110, 0x00D1, 0x0309, 0x00D3, 0x00D4, 0x01A0, 0x00D6, 0x00D7,
    0x00D8, 0x00D9, 0x00DA, 0x00DB, 0x00DC, 0x01AF, 0x0303, 0x00DF,
    0x00E0, 0x00E1, 0x00E2, 0x0103, 0x00E4, 0x00E5, 0x00E6, 0x00E7,
    0x00E8, 0x00E9, 0x00EA, 0x00EB, 0x0301, 0x00ED, 0x00EE, 0x00EF,
    0x0111, 0x00F1, 0x0323, 0x00F3, 0x00F4, 0x01A1, 0x00F6, 0x00F7,
    0x00F8, 0x00F9, 0x00FA, 0x00FB, 0x00FC, 0x01B0, 0x20AB, 0x00FF,
};

/* TCVN3 (TCVN 5712:1993, VN1): the C0 bytes that are not controls are
 * capitals with marks; from 0x80 the table below. */
static const unsigned short tcvn_low[24] = {
    0x0000, 0x00DA, 0x1EE4, 0x0003, 0x1EEA, 0x1EEC, 0x1EEE, 0x0007,
    0x0008, 0x0009, 0x000A, 0x000B, 0x000C, 0x000D, 0x000E, 0x000F,
    0x0010, 0x1EE8, 0x1EF0, 0x1EF2, 0x1EF6, 0x1EF8, 0x00DD, 0x1EF4,
};
static const unsigned short tcvn_high[128] = {
    0x00C0, 0x1EA2, 0x00C3, 0x00C1, 0x1EA0, 0x1EB6, 0x1EAC, 0x00C8,
    0x1EBA, 0x1EBC, 0x00C9, 0x1EB8, 0x1EC6, 0x00CC, 0x1EC8, 0x0128,
    0x00CD, 0x1ECA, 0x00D2, 0x1ECE, 0x00D5, 0x00D3, 0x1ECC, 0x1ED8,
    0x1EDC, 0x1EDE, 0x1EE0, 0x1EDA, 0x1EE2, 0x00D9, 0x1EE6, 0x0168,
    0x00A0, 0x0102, 0x00C2, 0x00CA, 0x00D4, 0x01A0, 0x01AF, 0x0110,
    0x0103, 0x00E2, 0x00EA, 0x00F4, 0x01A1, 0x01B0, 0x0111, 0x1EB0,
    0x0300, 0x0309, 0x0303, 0x0301, 0x0323, 0x00E0, 0x1EA3, 0x00E3,
    0x00E1, 0x1EA1, 0x1EB2, 0x1EB1, 0x1EB3, 0x1EB5, 0x1EAF, 0x1EB4,
    0x1EAE, 0x1EA6, 0x1EA8, 0x1EAA, 0x1EA4, 0x1EC0, 0x1EB7, 0x1EA7,
    0x1EA9, 0x1EAB, 0x1EA5, 0x1EAD, 0x00E8, 0x1EC2, 0x1EBB, 0x1EBD,
    0x00E9, 0x1EB9, 0x1EC1, 0x1EC3, 0x1EC5, 0x1EBF, 0x1EC7, 0x00EC,
    0x1EC9, 0x1EC4, 0x1EBE, 0x1ED2, 0x0129, 0x00ED, 0x1ECB, 0x00F2,
    0x1ED4, 0x1ECF, 0x00F5, 0x00F3, 0x1ECD, 0x1ED3, 0x1ED5, 0x1ED7,
    0x1ED1, 0x1ED9, 0x1EDD, 0x1EDF, 0x1EE1, 0x1EDB, 0x1EE3, 0x00F9,
    0x1ED6, 0x1EE7, 0x0169, 0x00FA, 0x1EE5, 0x1EEB, 0x1EED, 0x1EEF,
    0x1EE9, 0x1EF1, 0x1EF3, 0x1EF7, 0x1EF9, 0x00FD, 0x1EF5, 0x1ED0,
};

/* The five tone marks, in the order of a composition's column. */
static const int32_t tone_marks[5] = {0x0300, 0x0301, 0x0303, 0x0309, 0x0323};

struct legacy_char {
    char utf8[4];
    unsigned char len;   /* 0: not a character of the encoding */
    unsigned char held;  /* a letter a mark may follow */
    unsigned char mark;  /* 1 + its column in tone_marks, 0: not a mark */
    unsigned char plain; /* a character, not a mark: what comes before it
                          * is written as it is */
};

struct dvk_legacy {
    struct legacy_char ch[256];
    uint32_t code[256];         /* the UTF-8 bytes of ch[], four at a time */
    unsigned char info[256];    /* its length, and 0x80 when plain */
    uint32_t comp[256][5];  /* held byte and mark: the letter, 0: none */
};

static struct dvk_legacy legacy_tables[2];
static pthread_once_t legacy_once = PTHREAD_ONCE_INIT;

static size_t put_utf8(char *o, uint32_t c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    o[0] = (char)(0xE0 | (c >> 12));
    o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[2] = (char)(0x80 | (c & 0x3F));
    return 3;
}

static uint32_t legacy_code(int which, unsigned b)
{
    if (which == 0)
        return b < 0x80 ? b : cp1258_high[b - 0x80];
    if (b < 24)
        return tcvn_low[b];
    return b < 0x80 ? b : tcvn_high[b - 0x80];
}

/* The one letter that LETTER with MARK is, or 0.  glibc's converters
 * take the marks in any order (Ó and a tilde are Ṍ, which is Õ and an
 * acute), so the mark is tried at each place among the letter's own. */
static uint32_t compose_mark(uint32_t letter, int32_t mark)
{
    utf8proc_int32_t base[8];
    int opts = 0;
    utf8proc_ssize_t nb = utf8proc_decompose_char((utf8proc_int32_t)letter, base, 6,
                                                  UTF8PROC_DECOMPOSE, &opts);
    if (nb < 1 || nb > 6)
        return 0;
    for (utf8proc_ssize_t at = nb; at >= 1; at--) {
        utf8proc_int32_t seq[8];
        utf8proc_ssize_t n = 0;
        for (utf8proc_ssize_t i = 0; i < nb; i++) {
            if (i == at)
                seq[n++] = mark;
            seq[n++] = base[i];
        }
        if (at == nb)
            seq[n++] = mark;
        char text[32];
        size_t len = 0;
        for (utf8proc_ssize_t i = 0; i < n; i++)
            len += put_utf8(text + len, (uint32_t)seq[i]);
        text[len] = '\0';
        utf8proc_uint8_t *nfc = utf8proc_NFC((const utf8proc_uint8_t *)text);
        if (!nfc)
            continue;
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate(nfc, -1, &c);
        int one = k > 0 && nfc[k] == '\0';
        free(nfc);
        if (one)
            return (uint32_t)c;
    }
    return 0;
}

static void legacy_build(void)
{
    for (int which = 0; which < 2; which++) {
        struct dvk_legacy *t = &legacy_tables[which];
        for (unsigned b = 0; b < 256; b++) {
            uint32_t c = legacy_code(which, b);
            struct legacy_char *e = &t->ch[b];
            if (c == NO_CHAR)
                continue;
            e->len = (unsigned char)put_utf8(e->utf8, c);
            e->held = c >= 0x41 && c < 0x1B1;
            for (int k = 0; k < 5; k++)
                if ((int32_t)c == tone_marks[k])
                    e->mark = (unsigned char)(k + 1);
            e->plain = !e->mark;
            memcpy(&t->code[b], e->utf8, 4);
            t->info[b] = (unsigned char)(e->len | (e->plain ? 0x80 : 0));
        }
        for (unsigned b = 0; b < 256; b++) {
            if (!t->ch[b].held)
                continue;
            for (int k = 0; k < 5; k++)
                t->comp[b][k] = compose_mark(legacy_code(which, b), tone_marks[k]);
        }
    }
}

static const struct dvk_legacy *legacy_table(const char *iconv_name)
{
    int which;
    if (strcmp(iconv_name, "CP1258") == 0)
        which = 0;
    else if (strcmp(iconv_name, "TCVN5712-1") == 0)
        which = 1;
    else
        return NULL;
    pthread_once(&legacy_once, legacy_build);
    return &legacy_tables[which];
}

/* Decode N bytes by table T; the held letter, if any, stays in D. */
static int legacy_run(dvk_decoder *d, const unsigned char *in, size_t n,
                      size_t *consumed, dvk_buf *out, int final)
{
    if (dvk_buf_reserve(out, n * 3 + 8))
        return DVK_NOMEM;
    const struct dvk_legacy *t = d->table;
    char *o = out->data + out->len;
    int last = d->held;
    size_t i = 0;
    int st = DVK_OK;
    for (; i < n; i++) {
        /* Most bytes are a character followed by one that is no mark:
         * written at once, from a table entry kept in a register (the
         * next byte's entry is the next turn's). */
        if (last < 0 && i + 1 < n) {
            unsigned info = t->info[in[i]];
            uint32_t code = t->code[in[i]];
            while (i + 1 < n) {
                unsigned b = in[i + 1], next = t->info[b];
                if (!(info & next & 0x80))
                    break;
                memcpy(o, &code, 4);
                o += info & 7;
                info = next;
                code = t->code[b];
                i++;
            }
        }
        unsigned c = in[i];
        const struct legacy_char *e = &t->ch[c];
        if (__builtin_expect(last >= 0, 1)) {
            if (e->mark && t->comp[last][e->mark - 1]) {
                o += put_utf8(o, t->comp[last][e->mark - 1]);
                last = -1;
                continue;
            }
            if (!e->len)
                break; /* glibc drops the letter held before a bad byte */
            memcpy(o, t->ch[last].utf8, 4);
            o += t->ch[last].len;
            last = -1;
        }
        if (e->held) {
            last = (int)c;
        } else {
            if (!e->len)
                break;
            memcpy(o, e->utf8, 4);
            o += e->len;
        }
    }
    if (i < n) {
        last = -1;
        st = DVK_ENCODING;
    } else if (final && last >= 0) {
        memcpy(o, t->ch[last].utf8, 4);
        o += t->ch[last].len;
        last = -1;
    }
    d->held = last;
    out->len = (size_t)(o - out->data);
    out->data[out->len] = '\0';
    *consumed = i;
    return st;
}

/* ---- the decoder */

int dvk_decoder_init(dvk_decoder *d, const char *iconv_name)
{
    d->utf8 = iconv_name == NULL;
    d->cd = (iconv_t)-1;
    d->table = NULL;
    d->held = -1;
    if (d->utf8)
        return DVK_OK;
    d->table = legacy_table(iconv_name);
    if (d->table)
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
    if (d->table)
        return legacy_run(d, (const unsigned char *)in, n, consumed, out, final);
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
