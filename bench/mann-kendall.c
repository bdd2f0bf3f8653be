/* mann-kendall.c: time Mann-Kendall's S on long series: the library's
 * O(n log n) count against the O(n^2) pair count it replaces.
 *   make bench/mann-kendall && ./bench/mann-kendall [N]
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <dvkstat.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double pair_count(const double *y, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            s += (y[j] > y[i]) - (y[j] < y[i]);
    return s;
}

int main(int argc, char **argv)
{
    size_t n = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000;
    double *y = malloc(n * sizeof *y);
    if (!y)
        return 1;
    srand(1);
    /* a daily series: a slow rise, noise, and many ties (whole numbers) */
    for (size_t i = 0; i < n; i++)
        y[i] = (double)(i / 1000 + rand() % 50);
    double s, var, z, p, tau, t0 = now();
    dvk_trend_mann_kendall(y, n, &s, &var, &z, &p, &tau);
    double fast = now() - t0;
    printf("n = %zu: O(n log n) S = %.0f, Z = %.4f, in %.3f s\n", n, s, z, fast);
    /* the pair count on a slice, to compare and to extrapolate */
    size_t m = n < 50000 ? n : 50000;
    t0 = now();
    double s_pairs = pair_count(y, m);
    double slow = now() - t0;
    dvk_trend_mann_kendall(y, m, &s, &var, &z, &p, &tau);
    printf("n = %zu: O(n^2) S = %.0f (library: %.0f) in %.3f s; for n = %zu that is about %.0f s\n",
           m, s_pairs, s, slow, n, slow * ((double)n / (double)m) * ((double)n / (double)m));
    free(y);
    return s_pairs == s ? 0 : 1;
}
