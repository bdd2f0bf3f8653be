/* normalize.c: text normalisation before values are compared or grouped.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Values typed by hand differ in ways a reader does not see: decomposed
 * and precomposed accents, NBSP and doubled spaces, and the two spellings
 * of Vietnamese tone placement ("hoá" and "hóa").  Everything is done on
 * the decomposed code points (NFD), where a tone mark is a separate
 * combining character that can be moved, and recomposed to NFC at the end.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* The five Vietnamese tone marks as combining characters. */
static int is_tone_mark(int32_t c)
{
    return c == 0x0300 || c == 0x0301 || c == 0x0303 || c == 0x0309 ||
           c == 0x0323;
}

/* The vowel-quality marks: circumflex, breve, horn. */
static int is_quality_mark(int32_t c)
{
    return c == 0x0302 || c == 0x0306 || c == 0x031B;
}

static int is_space_like(int32_t c)
{
    if (c == ' ' || (c >= 0x09 && c <= 0x0D) || c == 0x85 || c == 0xA0 ||
        c == 0x1680 || (c >= 0x2000 && c <= 0x200B) || c == 0x2028 ||
        c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 ||
        c == 0xFEFF)
        return 1;
    return 0;
}

static int32_t ascii_lower(int32_t c)
{
    return (c >= 'A' && c <= 'Z') ? c + 32 : c;
}

static int is_vowel(int32_t c)
{
    c = ascii_lower(c);
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' ||
           c == 'y';
}

static int is_viet_letter(int32_t c)
{
    c = ascii_lower(c);
    return (c >= 'a' && c <= 'z') || c == 0x0111 || c == 0x0110;
}

/* One letter of a syllable: its base and where its marks sit. */
struct letter {
    size_t pos;     /* index of the base code point */
    int32_t base;   /* lower-cased base letter */
    int quality;    /* carries a circumflex, breve or horn */
};

/* Move the one tone mark of the word in CPS[START, END) onto the vowel that
 * carries it in the canonical spelling.  Words that are not a single
 * Vietnamese syllable with one tone mark are left as they are. */
static void place_tone(int32_t *cps, size_t start, size_t end)
{
    struct letter letters[16];
    size_t nletters = 0;
    size_t tone_pos = SIZE_MAX;
    int32_t tone = 0;

    for (size_t i = start; i < end; i++) {
        int32_t c = cps[i];
        if (is_tone_mark(c)) {
            if (tone_pos != SIZE_MAX || nletters == 0)
                return; /* two tones, or a mark with no letter */
            tone_pos = i;
            tone = c;
        } else if (is_quality_mark(c)) {
            if (nletters == 0)
                return;
            letters[nletters - 1].quality = 1;
        } else if (is_viet_letter(c)) {
            if (nletters == sizeof letters / sizeof *letters)
                return;
            letters[nletters].pos = i;
            letters[nletters].base = ascii_lower(c);
            letters[nletters].quality = 0;
            nletters++;
        } else {
            return; /* another script or mark: not ours to touch */
        }
    }
    if (tone_pos == SIZE_MAX)
        return;

    /* The initial consonants, then the vowel cluster, then finals. */
    size_t v = 0;
    while (v < nletters && !is_vowel(letters[v].base))
        v++;
    if (v == nletters)
        return;
    /* "qu" and "gi" (before another vowel) belong to the initial. */
    if (v == 1 && letters[0].base == 'q' && letters[1].base == 'u' &&
        v + 1 < nletters && is_vowel(letters[v + 1].base))
        v++;
    else if (v == 1 && letters[0].base == 'g' && letters[1].base == 'i' &&
             !letters[1].quality && v + 1 < nletters &&
             is_vowel(letters[v + 1].base))
        v++;
    size_t vend = v;
    while (vend < nletters && is_vowel(letters[vend].base))
        vend++;
    for (size_t i = vend; i < nletters; i++)
        if (is_vowel(letters[i].base))
            return; /* a second vowel group: not one syllable */
    size_t nv = vend - v;
    if (nv > 3)
        return;
    int has_final = vend < nletters;

    size_t target = SIZE_MAX;
    for (size_t i = v; i < vend; i++)
        if (letters[i].quality)
            target = i; /* the last vowel with a quality mark (ươ: ơ) */
    if (target == SIZE_MAX) {
        if (nv == 1)
            target = v;
        else if (has_final)
            target = vend - 1;
        else if (nv == 3)
            target = v + 1;
        else
            target = v; /* open two-vowel syllables: hóa, khỏe, thủy, mùa */
    }

    /* Remove the tone, then insert it after the target base and the marks
     * that already follow it; reorder_marks() puts it in canonical order. */
    size_t to = letters[target].pos + 1;
    while (to < end && !is_viet_letter(cps[to]))
        to++;
    if (tone_pos < to) {
        memmove(&cps[tone_pos], &cps[tone_pos + 1],
                (to - tone_pos - 1) * sizeof *cps);
        cps[to - 1] = tone;
    } else if (tone_pos > to) {
        memmove(&cps[to + 1], &cps[to], (tone_pos - to) * sizeof *cps);
        cps[to] = tone;
    }
}

/* Canonical ordering of each run of combining marks in CPS[START, END)
 * (by combining class, stable), which composition to NFC relies on. */
static void reorder_marks(int32_t *cps, size_t start, size_t end)
{
    for (size_t i = start + 1; i < end; i++) {
        int32_t c = cps[i];
        int cc = utf8proc_get_property(c)->combining_class;
        if (cc == 0)
            continue;
        size_t j = i;
        while (j > start) {
            int prev = utf8proc_get_property(cps[j - 1])->combining_class;
            if (prev == 0 || prev <= cc)
                break;
            cps[j] = cps[j - 1];
            j--;
        }
        cps[j] = c;
    }
}

/* Letters (unassigned code points count as letters: they may be some
 * script's) and combining marks make up words. */
static int is_letter_or_mark(int32_t c)
{
    utf8proc_category_t cat = utf8proc_category(c);
    return cat <= UTF8PROC_CATEGORY_ME;
}

/* Place the tone of each word.  A word is a whole run of letters and
 * marks: one that holds anything but Vietnamese letters, tone and quality
 * marks ("ñ", Cyrillic, a Greek ypogegrammeni, an ogonek) is not a
 * Vietnamese syllable and is left as it is.  Cutting words at such a mark
 * instead would move a tone past marks the word keeps, and case folding
 * (which makes U+0345 a letter) would cut words elsewhere than in CLEAN,
 * so that CLEAN and KEY would disagree. */
static void place_tones(int32_t *cps, size_t n)
{
    size_t i = 0;
    while (i < n) {
        if (!is_letter_or_mark(cps[i])) {
            i++;
            continue;
        }
        size_t j = i;
        int ours = 1;
        while (j < n && is_letter_or_mark(cps[j])) {
            int32_t c = cps[j];
            if (!is_viet_letter(c) && !is_tone_mark(c) && !is_quality_mark(c))
                ours = 0;
            j++;
        }
        if (ours)
            place_tone(cps, i, j);
        i = j;
    }
}

/* Collapse runs of white space to one space and trim; returns new length. */
static size_t collapse_space(int32_t *cps, size_t n)
{
    size_t out = 0;
    int pending = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t c = cps[i];
        if (is_space_like(c)) {
            pending = out > 0;
            continue;
        }
        if (pending)
            cps[out++] = ' ';
        pending = 0;
        cps[out++] = c;
    }
    return out;
}

/* Keep letters and digits only, map đ to d: the loose form of a name. */
static size_t keep_alnum(int32_t *cps, size_t n)
{
    size_t out = 0;
    for (size_t i = 0; i < n; i++) {
        int32_t c = cps[i];
        if (c == 0x0111 || c == 0x0110)
            c = 'd';
        utf8proc_category_t cat = utf8proc_category(c);
        if ((cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
            (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO))
            cps[out++] = c;
    }
    return out;
}

static int scratch_reserve(dvk_text_scratch *s, size_t n)
{
    int32_t *p = dvk_grow_array(s->cps, &s->cap, n, sizeof *p);
    if (!p)
        return DVK_NOMEM;
    s->cps = p;
    return DVK_OK;
}

/* Case-fold (and for NAME strip the marks of) the COUNT code points of
 * NFD text at the start of S->cps; returns the new count, or -1 when out
 * of memory.  Folding comes after the decomposition, not with it: folded
 * as they come, the canonically equivalent "α + U+0345 + U+0301" and
 * "ᾴ" would give different keys (U+0345 folds to the letter ι, which
 * stops canonical reordering), as Unicode's canonical caseless match
 * NFD(toCasefold(NFD(X))) says.  The folded text is written after the
 * input, then moved down. */
static long fold_case(dvk_text_scratch *s, size_t count, int strip)
{
    utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_CASEFOLD;
    if (strip)
        opts |= UTF8PROC_STRIPMARK;
    size_t o = count;
    for (size_t i = 0; i < count; i++) {
        for (;;) {
            int boundclass = 0;
            utf8proc_ssize_t k = utf8proc_decompose_char(
                s->cps[i], s->cps + o, (utf8proc_ssize_t)(s->cap - o), opts,
                &boundclass);
            if (k < 0)
                return -2;
            if (o + (size_t)k <= s->cap) {
                o += (size_t)k;
                break;
            }
            if (scratch_reserve(s, o + (size_t)k + count - i))
                return -1;
        }
    }
    memmove(s->cps, s->cps + count, (o - count) * sizeof *s->cps);
    return (long)(o - count);
}

void dvk_text_scratch_free(dvk_text_scratch *scratch)
{
    free(scratch->cps);
    scratch->cps = NULL;
    scratch->cap = 0;
}

static int is_plain_ascii_clean(const char *s, size_t len)
{
    /* Printable ASCII with single inner spaces needs no work except case. */
    if (len == 0)
        return 1;
    if (s[0] == ' ' || s[len - 1] == ' ')
        return 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c >= 0x7F)
            return 0;
        if (c == ' ' && s[i + 1] == ' ')
            return 0;
    }
    return 1;
}

int dvk_text_is_own_form(const char *s, size_t len, int form)
{
    if (form == DVK_TEXT_NAME || !is_plain_ascii_clean(s, len))
        return 0;
    if (form == DVK_TEXT_KEY)
        for (size_t i = 0; i < len; i++)
            if (s[i] >= 'A' && s[i] <= 'Z')
                return 0;
    return 1;
}

int dvk_text_normalize_buf(const char *s, size_t len, int form,
                           dvk_text_scratch *scratch, dvk_buf *out)
{
    if (form != DVK_TEXT_NAME && is_plain_ascii_clean(s, len)) {
        size_t start = out->len;
        if (dvk_buf_append(out, s, len))
            return DVK_NOMEM;
        if (form == DVK_TEXT_KEY)
            for (size_t i = start; i < out->len; i++)
                if (out->data[i] >= 'A' && out->data[i] <= 'Z')
                    out->data[i] += 32;
        return DVK_OK;
    }

    utf8proc_option_t opts = UTF8PROC_DECOMPOSE | UTF8PROC_STABLE;

    /* Decomposition can lengthen text (3 code points per byte at most for
     * the scripts we meet; retry with what utf8proc asks for otherwise). */
    size_t want = len + 16;
    utf8proc_ssize_t n;
    for (;;) {
        if (scratch_reserve(scratch, want))
            return DVK_NOMEM;
        n = utf8proc_decompose((const utf8proc_uint8_t *)s,
                               (utf8proc_ssize_t)len,
                               scratch->cps, (utf8proc_ssize_t)scratch->cap,
                               opts);
        if (n < 0)
            return n == UTF8PROC_ERROR_NOMEM ? DVK_NOMEM : DVK_ENCODING;
        if ((size_t)n <= scratch->cap)
            break;
        want = (size_t)n;
    }
    size_t count = (size_t)n;
    if (form == DVK_TEXT_KEY || form == DVK_TEXT_NAME) {
        long folded = fold_case(scratch, count, form == DVK_TEXT_NAME);
        if (folded < 0)
            return folded == -1 ? DVK_NOMEM : DVK_ENCODING;
        count = (size_t)folded;
    }
    if (form == DVK_TEXT_NAME) {
        count = keep_alnum(scratch->cps, count);
    } else {
        count = collapse_space(scratch->cps, count);
        if (form != DVK_TEXT_TRIM)
            place_tones(scratch->cps, count);
    }
    /* Composition needs canonical order, which folding (a starter from a
     * mark) and tone placement may have broken. */
    reorder_marks(scratch->cps, 0, count);
    n = utf8proc_normalize_utf32(scratch->cps, (utf8proc_ssize_t)count,
                                 UTF8PROC_COMPOSE | UTF8PROC_STABLE);
    if (n < 0)
        return DVK_ENCODING;
    if (dvk_buf_reserve(out, (size_t)n * 4))
        return DVK_NOMEM;
    char *dst = out->data + out->len;
    for (utf8proc_ssize_t i = 0; i < n; i++)
        dst += utf8proc_encode_char(scratch->cps[i], (utf8proc_uint8_t *)dst);
    out->len = (size_t)(dst - out->data);
    out->data[out->len] = '\0';
    return DVK_OK;
}

DVK_API int dvk_text_normalize(const char *s, size_t len, int form,
                               char **out, size_t *out_len)
{
    if (!s || !out || form < DVK_TEXT_CLEAN || form > DVK_TEXT_TRIM)
        return DVK_USAGE;
    dvk_text_scratch scratch = {0};
    dvk_buf b = {0};
    int st = dvk_buf_reserve(&b, len);
    if (!st)
        st = dvk_text_normalize_buf(s, len, form, &scratch, &b);
    dvk_text_scratch_free(&scratch);
    if (st) {
        dvk_buf_free(&b);
        return st;
    }
    *out = b.data;
    if (out_len)
        *out_len = b.len;
    return DVK_OK;
}

/* The well-formed sequences of the Unicode standard (Table 3-7), checked
 * by ranges of bytes rather than by decoding: the second byte's range
 * depends on the first (no overlong forms, no surrogates, nothing past
 * U+10FFFF), every later byte is 80..BF.  ASCII is skipped sixteen bytes
 * at a time.  A sequence cut by the end of S is not valid. */
static size_t valid_prefix_scalar(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            while (i + 16 <= n) {
                uint64_t a, b;
                memcpy(&a, s + i, 8);
                memcpy(&b, s + i + 8, 8);
                if ((a | b) & 0x8080808080808080ULL)
                    break;
                i += 16;
            }
            continue;
        }
        if (c < 0xE0) {
            if (c < 0xC2 || i + 1 >= n || (s[i + 1] & 0xC0) != 0x80)
                return i;
            i += 2;
        } else if (c < 0xF0) {
            if (i + 2 >= n)
                return i;
            unsigned c1 = s[i + 1];
            unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
            if (c1 < lo || c1 > hi || (s[i + 2] & 0xC0) != 0x80)
                return i;
            i += 3;
        } else {
            if (c > 0xF4 || i + 3 >= n)
                return i;
            unsigned c1 = s[i + 1];
            unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
            if (c1 < lo || c1 > hi || (s[i + 2] & 0xC0) != 0x80 || (s[i + 3] & 0xC0) != 0x80)
                return i;
            i += 4;
        }
    }
    return n;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>

/* Sixteen bytes at a time with SSSE3, after the "lookup" algorithm of
 * Keiser and Lemire, "Validating UTF-8 In Less Than One Instruction Per
 * Byte" (2021): each byte's error classes are looked up from the high and
 * low nibbles of the byte before it and the high nibble of the byte
 * itself; their intersection marks every bad pair, and the third and
 * fourth bytes of long sequences are checked to be continuations.  It says
 * only whether a block is good: the scalar check finds the exact place of
 * an error, from the start of the character the bad block begins in.
 * Returns the bytes known good (a multiple of 16 at a character
 * boundary, or where the scalar check stopped). */
#define TOO_SHORT 0x01
#define TOO_LONG 0x02
#define OVERLONG_3 0x04
#define TOO_LARGE 0x08
#define SURROGATE 0x10
#define OVERLONG_2 0x20
#define TOO_LARGE_1000 0x40
#define OVERLONG_4 0x40
#define TWO_CONTS (-128) /* 0x80 as a char, so the tables need no casts */
#define CARRY (TOO_SHORT | TOO_LONG | TWO_CONTS)

__attribute__((target("ssse3")))
static size_t valid_blocks_ssse3(const unsigned char *s, size_t n)
{
    const __m128i high_1 = _mm_setr_epi8(
        TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
        TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
        TOO_SHORT | OVERLONG_2, TOO_SHORT, TOO_SHORT | OVERLONG_3 | SURROGATE,
        TOO_SHORT | TOO_LARGE | TOO_LARGE_1000 | OVERLONG_4);
    const __m128i low_1 = _mm_setr_epi8(
        CARRY | OVERLONG_3 | OVERLONG_2 | OVERLONG_4, CARRY | OVERLONG_2, CARRY, CARRY,
        CARRY | TOO_LARGE, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000 | SURROGATE,
        CARRY | TOO_LARGE | TOO_LARGE_1000, CARRY | TOO_LARGE | TOO_LARGE_1000);
    const __m128i high_2 = _mm_setr_epi8(
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE_1000 | OVERLONG_4),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | OVERLONG_3 | TOO_LARGE),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        (char)(TOO_LONG | OVERLONG_2 | TWO_CONTS | SURROGATE | TOO_LARGE),
        TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
    const __m128i nibble = _mm_set1_epi8(0x0F);
    const __m128i third = _mm_set1_epi8((char)(0xE0 - 0x80));
    const __m128i fourth = _mm_set1_epi8((char)(0xF0 - 0x80));
    const __m128i top = _mm_set1_epi8((char)0x80);
    __m128i prev = _mm_setzero_si128();
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        __m128i in = _mm_loadu_si128((const __m128i *)(s + i));
        if (_mm_movemask_epi8(_mm_or_si128(in, prev)) == 0) {
            prev = in; /* ASCII here and no sequence running into it */
            continue;
        }
        __m128i prev1 = _mm_alignr_epi8(in, prev, 15);
        __m128i prev2 = _mm_alignr_epi8(in, prev, 14);
        __m128i prev3 = _mm_alignr_epi8(in, prev, 13);
        __m128i b1h = _mm_shuffle_epi8(high_1, _mm_and_si128(_mm_srli_epi16(prev1, 4), nibble));
        __m128i b1l = _mm_shuffle_epi8(low_1, _mm_and_si128(prev1, nibble));
        __m128i b2h = _mm_shuffle_epi8(high_2, _mm_and_si128(_mm_srli_epi16(in, 4), nibble));
        __m128i special = _mm_and_si128(_mm_and_si128(b1h, b1l), b2h);
        __m128i must23 = _mm_or_si128(_mm_subs_epu8(prev2, third), _mm_subs_epu8(prev3, fourth));
        __m128i error = _mm_xor_si128(_mm_and_si128(must23, top), special);
        if (_mm_movemask_epi8(_mm_cmpeq_epi8(error, _mm_setzero_si128())) != 0xFFFF)
            break;
        prev = in;
    }
    return i;
}
#endif

size_t dvk_utf8_valid_prefix(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t done = 0;
#if defined(__x86_64__) && defined(__GNUC__)
    if (n >= 32 && __builtin_cpu_supports("ssse3")) {
        done = valid_blocks_ssse3(s, n);
        /* The last character begun before DONE may run past it (or be
         * bad): check it again, from its first byte. */
        if (done > 0) {
            size_t q = done - 1;
            while (q > 0 && done - q < 4 && (s[q] & 0xC0) == 0x80)
                q--;
            done = q;
        }
    }
#endif
    return done + valid_prefix_scalar(str + done, n - done);
}

size_t dvk_utf8_count(const char *s, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            count++;
    return count;
}

DVK_API size_t dvk_text_width(const char *s, size_t len)
{
    size_t width = 0;
    utf8proc_ssize_t i = 0;
    while ((size_t)i < len) {
        unsigned char b = (unsigned char)s[i];
        if (b < 0x80) { /* ASCII: one column, none for a control character */
            width += b >= 0x20 && b != 0x7f;
            i++;
            continue;
        }
        utf8proc_int32_t c;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i,
                                              (utf8proc_ssize_t)len - i, &c);
        if (k <= 0) {
            width++;
            i++;
            continue;
        }
        width += (size_t)utf8proc_charwidth(c);
        i += k;
    }
    return width;
}
