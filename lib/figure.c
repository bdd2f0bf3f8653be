/* figure.c: a number as a reader of the document writes it, for the
 * sentences of a report and the cells of the formats people read (table,
 * Markdown, HTML): "1.234", "20,3%", "−1,4" for Vietnamese readers,
 * "1,234", "20.3%", "-1.4" for English ones.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The digits come from printf in the C locale (dvk_snprintf), whatever
 * the host's locale: the convention is the caller's choice, never the
 * process's.  The percent sign follows the number with no space, as the
 * offices' own reports write "100% xã, phường"; Vietnamese takes the true
 * minus sign (U+2212) that its typesetting uses, English the ASCII one
 * that a reader may paste into a spreadsheet. */
#include "internal.h"

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

/* Four digits or more are grouped: "1.234" as the readers write
 * a count; a year is a label, never a figure, and is not grouped. */
enum { GROUP_FROM = 1000 };

/* The digits of X, a whole number below 10^15, as "%.15g" writes it
 * (DECIMALS < 0) or "%.*f" with DECIMALS zeros: counts, the most common
 * figures, without the cost of printf's conversion. */
static void whole_digits(char *out, double x, int decimals)
{
    char rev[24];
    size_t n = 0;
    unsigned long long v = (unsigned long long)x;
    do {
        rev[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *out++ = rev[--n];
    if (decimals > 0) {
        *out++ = '.';
        for (int i = 0; i < decimals; i++)
            *out++ = '0';
    }
    *out = '\0';
}

/* The digits of X (not negative) to DECIMALS places as "%.*f" writes
 * them, for up to four places and values below 10^14: X times 10^DECIMALS
 * is exact in a long double of 64 bits of mantissa (53 bits and at most
 * ten for 5^4), so rounding it to an integer, half to even as printf does,
 * gives printf's digits.  0 where that does not hold (the caller uses
 * printf). */
static int fixed_digits(char *out, double x, int decimals)
{
#if LDBL_MANT_DIG >= 64
    static const long double scale[] = {1, 10, 100, 1000, 10000};
    if (decimals > 4 || !(x < 1e14))
        return 0;
    long double y = nearbyintl((long double)x * scale[decimals]);
    unsigned long long v = (unsigned long long)y;
    char rev[32];
    size_t n = 0;
    for (int i = 0; i < decimals; i++) {
        rev[n++] = (char)('0' + v % 10);
        v /= 10;
    }
    if (decimals)
        rev[n++] = '.';
    do {
        rev[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    while (n)
        *out++ = rev[--n];
    *out = '\0';
    return 1;
#else
    (void)out;
    (void)x;
    (void)decimals;
    return 0;
#endif
}

DVK_API int dvk_figure_format(char *buf, size_t size, double x, int decimals,
                              unsigned flags)
{
    if (!buf || size == 0)
        return DVK_USAGE;
    buf[0] = '\0';
    int vi = (flags & DVK_FIGURE_VI) != 0;
    const char *point = vi ? "," : ".", *group = vi ? "." : ",";
    const char *minus = vi ? "\xe2\x88\x92" : "-";
    if (flags & DVK_FIGURE_PERCENT)
        x *= 100;
    if (isnan(x)) {
        snprintf(buf, size, "%s", "");
        return DVK_OK;
    }
    char digits[400];
    int sig = (flags & DVK_FIGURE_SIGNIFICANT) != 0;
    if (isinf(x))
        snprintf(digits, sizeof digits, "%s", "∞");
    else if (!sig && fabs(x) < 1e15 && x == floor(x))
        whole_digits(digits, fabs(x), decimals > 17 ? 17 : decimals);
    else if (!sig && decimals >= 0 && fixed_digits(digits, fabs(x), decimals))
        ;
    else if (sig)
        dvk_snprintf(digits, sizeof digits, "%.*g", decimals < 1 ? 1 : decimals > 17 ? 17 : decimals,
                     fabs(x));
    else if (decimals < 0)
        dvk_snprintf(digits, sizeof digits, "%.15g", fabs(x));
    else
        dvk_snprintf(digits, sizeof digits, "%.*f", decimals > 17 ? 17 : decimals, fabs(x));
    /* The sign of what is shown: -0.04 to one place is "0.0", not "-0.0". */
    int zero = 1;
    for (const char *p = digits; *p && *p != 'e'; p++)
        if (*p >= '1' && *p <= '9')
            zero = 0;
    const char *sign = "";
    if (!zero && signbit(x))
        sign = minus;
    else if (!zero && (flags & DVK_FIGURE_SIGN))
        sign = "+";
    /* The integer part, grouped by threes when it has four digits or more
     * and is not in exponent form. */
    size_t int_len = strspn(digits, "0123456789");
    int exp_form = strchr(digits, 'e') != NULL;
    int grouped = !(flags & DVK_FIGURE_NO_GROUP) && !exp_form && !isinf(x) && fabs(x) >= GROUP_FROM;
    char out[512];
    size_t n = 0;
#define PUT(s, len)                                    \
    do {                                               \
        size_t l_ = (len);                             \
        if (n + l_ >= sizeof out)                      \
            return DVK_LIMIT;                          \
        memcpy(out + n, (s), l_);                      \
        n += l_;                                       \
    } while (0)
    PUT(sign, strlen(sign));
    for (size_t i = 0; i < int_len; i++) {
        if (grouped && i > 0 && (int_len - i) % 3 == 0)
            PUT(group, 1);
        PUT(digits + i, 1);
    }
    for (const char *p = digits + int_len; *p; p++) {
        if (*p == '.')
            PUT(point, 1);
        else if (*p == '-' && exp_form)
            PUT(minus, strlen(minus));
        else
            PUT(p, 1);
    }
    if (flags & DVK_FIGURE_PERCENT)
        PUT("%", 1);
#undef PUT
    if (n >= size)
        return DVK_LIMIT;
    memcpy(buf, out, n);
    buf[n] = '\0';
    return DVK_OK;
}
