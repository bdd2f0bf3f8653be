/* hll.c: HyperLogLog, the distinct count past what can be kept exactly.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One implementation for every distinct count of the library (a profile's
 * column, a table's distinct measure): DVK_HLL_SIZE one-byte registers,
 * each the longest run of leading zeros seen among the hashes that fall in
 * it.  The registers depend only on the set of values, never on their
 * order, so two sketches merged (register by register, the larger) are the
 * sketch of the union: parts counted apart give the estimate of the whole.
 * The estimate has a standard error of about 1.04 / sqrt(DVK_HLL_SIZE),
 * 1.6 %; small counts use linear counting, which is closer there.
 */
#include "internal.h"

#include <math.h>

void dvk_hll_add(unsigned char *hll, uint64_t hash)
{
    size_t idx = hash >> (64 - DVK_HLL_BITS);
    /* a bit set below the register bits bounds the run */
    uint64_t rest = (hash << DVK_HLL_BITS) | (1ULL << (DVK_HLL_BITS - 1));
    unsigned char rank = (unsigned char)(__builtin_clzll(rest) + 1);
    if (rank > hll[idx])
        hll[idx] = rank;
}

void dvk_hll_merge(unsigned char *dst, const unsigned char *src)
{
    for (size_t i = 0; i < DVK_HLL_SIZE; i++)
        if (src[i] > dst[i])
            dst[i] = src[i];
}

double dvk_hll_estimate(const unsigned char *hll)
{
    double sum = 0;
    size_t zeros = 0;
    for (size_t i = 0; i < DVK_HLL_SIZE; i++) {
        sum += ldexp(1.0, -hll[i]);
        zeros += hll[i] == 0;
    }
    double m = DVK_HLL_SIZE;
    double e = 0.7213 / (1 + 1.079 / m) * m * m / sum;
    if (e <= 2.5 * m && zeros)
        e = m * log(m / (double)zeros);
    return e;
}
