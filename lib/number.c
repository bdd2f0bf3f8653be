/* number.c: numbers, years and dates as spreadsheets write them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"

#include <stdio.h>
#include <string.h>

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Trim ASCII spaces, tabs and NBSP (C2 A0) from both ends. */
static void trim(const char **s, size_t *len)
{
    const char *p = *s;
    size_t n = *len;
    for (;;) {
        if (n && (*p == ' ' || *p == '\t'))
            p++, n--;
        else if (n >= 2 && (unsigned char)p[0] == 0xC2 && (unsigned char)p[1] == 0xA0)
            p += 2, n -= 2;
        else
            break;
    }
    for (;;) {
        if (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
            n--;
        else if (n >= 2 && (unsigned char)p[n - 2] == 0xC2 && (unsigned char)p[n - 1] == 0xA0)
            n -= 2;
        else
            break;
    }
    *s = p;
    *len = n;
}

/* What may follow an amount of money in a Vietnamese sheet: spaces, then
 * "đ", "đồng", "VNĐ" or "VND" in any case ("12.500.000 đ"). */
static int currency(const char *s, size_t len)
{
    static const char *const units[] = {"\xc4\x91", "\xc4\x90", "\xc4\x91\xe1\xbb\x93ng",
                                        "\xc4\x90\xe1\xbb\x93ng", "\xc4\x90\xe1\xbb\x92NG",
                                        "vn\xc4\x91", "VN\xc4\x90", "Vn\xc4\x91", "vnd", "VND"};
    size_t i = 0;
    while (i < len && s[i] == ' ')
        i++;
    for (size_t u = 0; u < sizeof units / sizeof *units; u++)
        if (strlen(units[u]) == len - i && memcmp(units[u], s + i, len - i) == 0)
            return 1;
    return 0;
}

DVK_API int dvk_number_parse(const char *s, size_t len, int decimal_comma,
                             double *out)
{
    if (!s || !out)
        return DVK_USAGE;
    trim(&s, &len);
    if (len == 0)
        return DVK_EMPTY;
    char group = decimal_comma ? '.' : ',';
    char point = decimal_comma ? ',' : '.';
    /* Copy into C form: optional sign, digits, '.', digits, exponent. */
    char buf[128];
    size_t o = 0, i = 0;
    if (len >= sizeof buf)
        return DVK_VALUE;
    if (s[i] == '+' || s[i] == '-')
        buf[o++] = s[i++];
    size_t digits = 0, run = 0, groups = 0;
    for (; i < len; i++) {
        if (is_digit(s[i])) {
            buf[o++] = s[i];
            digits++;
            run++;
        } else if (s[i] == group) {
            /* 1,234,567: the first run 1–3 digits, later runs exactly 3. */
            if (run == 0 || (groups == 0 ? run > 3 : run != 3))
                return DVK_VALUE;
            groups++;
            run = 0;
        } else {
            break;
        }
    }
    if (groups && run != 3)
        return DVK_VALUE;
    if (i < len && s[i] == point) {
        buf[o++] = '.';
        i++;
        for (; i < len && is_digit(s[i]); i++) {
            buf[o++] = s[i];
            digits++;
        }
    }
    if (digits == 0)
        return DVK_VALUE;
    if (i < len && (s[i] == 'e' || s[i] == 'E') && !groups) {
        buf[o++] = 'e';
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            buf[o++] = s[i++];
        size_t ed = 0;
        for (; i < len && is_digit(s[i]); i++, ed++)
            buf[o++] = s[i];
        if (ed == 0)
            return DVK_VALUE;
    }
    if (i != len && !currency(s + i, len - i))
        return DVK_VALUE;
    buf[o] = '\0';
    char *end;
    double x = dvk_strtod(buf, &end);
    if (*end != '\0' || x != x || x > 1.7e308 || x < -1.7e308)
        return DVK_VALUE;
    *out = x;
    return DVK_OK;
}

static int parse_uint(const char *s, size_t len, size_t *i, size_t min_digits,
                      size_t max_digits, long *out)
{
    size_t start = *i;
    long v = 0;
    while (*i < len && is_digit(s[*i]) && *i - start < max_digits) {
        v = v * 10 + (s[*i] - '0');
        (*i)++;
    }
    if (*i - start < min_digits)
        return 0;
    *out = v;
    return 1;
}

static int days_in_month(long y, long m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return days[m - 1];
}

/* A date: dd/mm/yyyy (also with '-' or '.') or yyyy-mm-dd (also '/'),
 * optionally followed by a time of day. */
static int parse_date(const char *s, size_t len, long *y, long *m, long *d)
{
    size_t i = 0;
    long a, b, c;
    if (!parse_uint(s, len, &i, 1, 4, &a) || i >= len)
        return 0;
    char sep = s[i];
    if (sep != '/' && sep != '-' && sep != '.')
        return 0;
    size_t alen = i;
    i++;
    if (!parse_uint(s, len, &i, 1, 2, &b) || i >= len || s[i] != sep)
        return 0;
    i++;
    size_t cstart = i;
    if (!parse_uint(s, len, &i, 1, 4, &c))
        return 0;
    size_t clen = i - cstart;
    if (i < len && s[i] != ' ' && s[i] != 'T')
        return 0;
    if (alen == 4) {
        *y = a, *m = b, *d = c;
        if (clen > 2)
            return 0;
    } else {
        if (clen != 4)
            return 0;
        *d = a, *m = b, *y = c;
    }
    if (*y < 1000 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
        return 0;
    return 1;
}

DVK_API long dvk_date_parse(const char *text, size_t len)
{
    long y, m, d;
    if (!text)
        return 0;
    trim(&text, &len);
    if (!parse_date(text, len, &y, &m, &d) || y < 1900 || y > 2100)
        return 0;
    return y * 10000 + m * 100 + d;
}

DVK_API int dvk_time_parse(const char *s, size_t len, int period, long *out)
{
    if (!s || !out)
        return DVK_USAGE;
    trim(&s, &len);
    if (len == 0)
        return DVK_EMPTY;
    size_t i = 0;
    long v;
    int neg = 0;
    int integers = period == DVK_PERIOD_INTEGER || period == DVK_PERIOD_AUTO;
    if (integers && (s[0] == '-' || s[0] == '+')) {
        neg = s[0] == '-';
        i = 1;
    }
    if (parse_uint(s, len, &i, 1, 18, &v) && i == len) {
        if (integers) {
            *out = neg ? -v : v;
            return DVK_OK;
        }
        if (v < 1900 || v > 2100)
            return DVK_VALUE;
        if (period == DVK_PERIOD_QUARTER || period == DVK_PERIOD_MONTH)
            return DVK_VALUE; /* a bare year has no quarter or month */
        *out = v;
        return DVK_OK;
    }
    if (period == DVK_PERIOD_INTEGER)
        return DVK_VALUE;
    long y, m, d;
    if (!parse_date(s, len, &y, &m, &d))
        return DVK_VALUE;
    switch (period) {
    case DVK_PERIOD_QUARTER: *out = y * 4 + (m - 1) / 3; break;
    case DVK_PERIOD_MONTH: *out = y * 12 + (m - 1); break;
    default: *out = y; break;
    }
    return DVK_OK;
}

DVK_API size_t dvk_time_format(long t, int period, char *buf, size_t size)
{
    int n;
    /* Floor division by remainder, which cannot overflow at LONG_MIN (as
     * t - 3 would). */
    long per = period == DVK_PERIOD_QUARTER ? 4 : 12;
    long year = t / per, rest = t % per;
    if (rest < 0) {
        rest += per;
        year--;
    }
    switch (period) {
    case DVK_PERIOD_QUARTER:
        n = snprintf(buf, size, "%ld-Q%ld", year, rest + 1);
        break;
    case DVK_PERIOD_MONTH:
        n = snprintf(buf, size, "%ld-%02ld", year, rest + 1);
        break;
    default:
        n = snprintf(buf, size, "%ld", t);
        break;
    }
    return n < 0 ? 0 : (size_t)n;
}

/* What the separators of a number say about the way it is written: a
 * value like "21.500.000" can only group thousands with dots, "1.5" can
 * only have a decimal point, "2.178" could be either.  Leading and
 * trailing spaces, a sign and a currency after it are allowed; anything
 * else is DVK_SHAPE_TEXT. */
int dvk_number_shape(const char *s, size_t len)
{
    trim(&s, &len);
    if (len == 0)
        return DVK_SHAPE_TEXT;
    size_t i = 0;
    if (s[0] == '+' || s[0] == '-')
        i++;
    size_t runs[64], nruns = 0, run = 0, dots = 0, commas = 0;
    char seps[64], last_sep = 0;
    for (; i < len; i++) {
        char c = s[i];
        if (is_digit(c)) {
            run++;
            continue;
        }
        if ((c == '.' || c == ',') && run > 0 && nruns < 63) {
            runs[nruns] = run;
            seps[nruns++] = c;
            last_sep = c;
            run = 0;
            if (c == '.')
                dots++;
            else
                commas++;
            continue;
        }
        break;
    }
    if (run == 0 || (i < len && !currency(s + i, len - i)))
        return DVK_SHAPE_TEXT;
    runs[nruns] = run;
    if (nruns == 0)
        return DVK_SHAPE_PLAIN;
    if (dots && commas) {
        /* 1.234,5 or 1,234.5: the last separator is the decimal one. */
        return last_sep == ',' ? DVK_SHAPE_COMMA : DVK_SHAPE_POINT;
    }
    int groups_of_3 = runs[0] <= 3;
    for (size_t k = 1; k <= nruns; k++)
        if (runs[k] != 3)
            groups_of_3 = 0;
    char sep = seps[0];
    if (nruns >= 2)
        /* 21.500.000 groups with dots; 1,234,567 with commas. */
        return groups_of_3 ? (sep == '.' ? DVK_SHAPE_COMMA : DVK_SHAPE_POINT) : DVK_SHAPE_TEXT;
    if (groups_of_3)
        return sep == '.' ? DVK_SHAPE_DOT3 : DVK_SHAPE_COMMA3;
    return sep == '.' ? DVK_SHAPE_POINT : DVK_SHAPE_COMMA;
}
