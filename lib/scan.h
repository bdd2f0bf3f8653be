/* scan.h: sixty-four bytes of CSV text scanned at once for what the
 * direct split needs: delimiters, line ends, quotes and the first bytes
 * of a total row's label.  One body for every instruction set: plain C,
 * SSE2 (the x86-64 baseline) and AVX2 (chosen at run time by
 * dvk_split_simd()); split.c inlines the one it is given into its loop.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_SCAN_H
#define DVK_SCAN_H

#include <stdint.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_TARGET 1
#endif

/* What a scan finds in 64 bytes: bit i is set when byte i is the
 * delimiter, the byte that ends a line, a quote or the other line-end
 * byte (which the direct split leaves to the paths above); and, for the
 * total-row test, a byte a total row's label may begin with (t, c or g in
 * either case), one that may come second (o, r or 0xE1, the lead byte of
 * ô, ổ, ộ), a space or a tab: what is_total_row() in rows.c looks at
 * first. */
struct scan_masks {
    uint64_t delim, term, odd, first, second, blank;
};

struct scan_bytes {
    unsigned char delim, term, other;
};

static inline void scan_plain(const unsigned char *p, const struct scan_bytes *b,
                       struct scan_masks *m)
{
    uint64_t delim = 0, term = 0, odd = 0, first = 0, second = 0, blank = 0;
    for (unsigned i = 0; i < 64; i++) {
        unsigned char c = p[i], f = c | 0x20;
        uint64_t bit = (uint64_t)1 << i;
        if (c == b->delim)
            delim |= bit;
        if (c == b->term)
            term |= bit;
        if (c == '"' || c == b->other)
            odd |= bit;
        if (f == 't' || f == 'c' || f == 'g')
            first |= bit;
        if (f == 'o' || f == 'r' || c == 0xE1)
            second |= bit;
        if (c == ' ' || c == '\t')
            blank |= bit;
    }
    m->delim = delim;
    m->term = term;
    m->odd = odd;
    m->first = first;
    m->second = second;
    m->blank = blank;
}

/* The vector scan: VEC registers of LANES bytes, 64 / LANES of them, each
 * compared with the bytes looked for and its matches gathered into the
 * masks by MOVEMASK.  SET1, LOAD, OR and EQ are the instruction set's
 * broadcast, unaligned load, or and byte compare; BITS its mask's type. */
#define DVK_SCAN_VECTOR(NAME, ATTR, VEC, LANES, SET1, LOAD, OR, EQ, MOVEMASK, BITS)     \
    ATTR static inline void NAME(const unsigned char *p, const struct scan_bytes *b,    \
                                 struct scan_masks *m)                                  \
    {                                                                                   \
        const VEC delim = SET1((char)b->delim), term = SET1((char)b->term);             \
        const VEC other = SET1((char)b->other), quote = SET1('"');                      \
        const VEC lower = SET1(0x20);                                                   \
        const VEC t = SET1('t'), c = SET1('c'), g = SET1('g');                          \
        const VEC o = SET1('o'), rr = SET1('r'), e1 = SET1((char)0xE1);                 \
        const VEC space = SET1(' '), tab = SET1('\t');                                  \
        uint64_t md = 0, mt = 0, mo = 0, m1 = 0, m2 = 0, mb = 0;                        \
        for (unsigned k = 0; k < 64 / (LANES); k++) {                                   \
            VEC v = LOAD((const VEC *)(p + (LANES) * k));                               \
            VEC f = OR(v, lower);                                                       \
            unsigned shift = (LANES) * k;                                               \
            md |= (uint64_t)(BITS)MOVEMASK(EQ(v, delim)) << shift;                      \
            mt |= (uint64_t)(BITS)MOVEMASK(EQ(v, term)) << shift;                       \
            mo |= (uint64_t)(BITS)MOVEMASK(OR(EQ(v, quote), EQ(v, other))) << shift;    \
            m1 |= (uint64_t)(BITS)MOVEMASK(OR(OR(EQ(f, t), EQ(f, c)), EQ(f, g))) << shift; \
            m2 |= (uint64_t)(BITS)MOVEMASK(OR(OR(EQ(f, o), EQ(f, rr)), EQ(v, e1))) << shift; \
            mb |= (uint64_t)(BITS)MOVEMASK(OR(EQ(v, space), EQ(v, tab))) << shift;      \
        }                                                                               \
        m->delim = md;                                                                  \
        m->term = mt;                                                                   \
        m->odd = mo;                                                                    \
        m->first = m1;                                                                  \
        m->second = m2;                                                                 \
        m->blank = mb;                                                                  \
    }

#ifdef __SSE2__
DVK_SCAN_VECTOR(scan_sse2, , __m128i, 16, _mm_set1_epi8, _mm_loadu_si128, _mm_or_si128,
                _mm_cmpeq_epi8, _mm_movemask_epi8, unsigned)
#endif
#ifdef HAVE_AVX2_TARGET
DVK_SCAN_VECTOR(scan_avx2, __attribute__((target("avx2"))), __m256i, 32, _mm256_set1_epi8,
                _mm256_loadu_si256, _mm256_or_si256, _mm256_cmpeq_epi8, _mm256_movemask_epi8,
                uint32_t)
#endif

#endif
