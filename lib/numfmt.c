/* numfmt.c: what a spreadsheet number format shows, and cell texts.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A spreadsheet stores a date as a number, the days since its epoch, and
 * only the cell's number format says it is one.  The format is a built-in
 * ID or a code such as "dd/mm/yyyy" or "[$-42A]h:mm"; it shows a date when
 * it holds d, m or y outside quotes and brackets, a time when it holds only
 * h, m or s ("m" after an "h" or before an "s" is minutes).  Serials then
 * become days since 1970-01-01: the 1900 system counts a 1900-02-29 that
 * never was (serial 60, kept as Excel shows it), the 1904 system does not. */
#include "book-impl.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

static int builtin_kind(unsigned id)
{
    if ((id >= 14 && id <= 17) || id == 22)
        return DVK_NUMFMT_DATE;
    if ((id >= 18 && id <= 21) || (id >= 45 && id <= 47))
        return DVK_NUMFMT_TIME;
    /* East Asian locales: 27-31, 36, 50-54, 57, 58 are dates written with
     * 年月日 (or the era), 32-35, 55, 56 times with 時分秒 (ECMA-376 18.8.30). */
    if ((id >= 27 && id <= 31) || id == 36 || (id >= 50 && id <= 54) || id == 57 || id == 58)
        return DVK_NUMFMT_DATE;
    if ((id >= 32 && id <= 35) || id == 55 || id == 56)
        return DVK_NUMFMT_TIME;
    return DVK_NUMFMT_NUMBER;
}

int dvk_numfmt_kind(unsigned id, const char *code)
{
    if (!code)
        return builtin_kind(id);
    int date = 0, time = 0, after_h = 0;
    /* Only the first section (positive numbers) counts. */
    for (const char *p = code; *p && *p != ';'; p++) {
        int c = tolower((unsigned char)*p);
        if (*p == '"') {
            while (p[1] && p[1] != '"')
                p++;
            if (p[1])
                p++;
            continue;
        }
        if (*p == '\\' || *p == '_' || *p == '*') {
            if (p[1])
                p++;
            continue;
        }
        if (*p == '[') {
            /* [h], [mm], [ss] are elapsed times; anything else ([Red],
             * [$-42A], [>100]) is colour, locale or condition. */
            const char *q = p + 1;
            while (*q && strchr("hHmMsS", *q))
                q++;
            if (*q == ']' && q > p + 1)
                time = after_h = 1;
            while (*p && *p != ']')
                p++;
            if (!*p)
                break;
            continue;
        }
        if (strncasecmp(p, "am/pm", 5) == 0 || strncasecmp(p, "a/p", 3) == 0) {
            time = 1;
            p += (tolower((unsigned char)p[1]) == 'm') ? 4 : 2;
            continue;
        }
        if (c == 'y' || c == 'd')
            date = 1, after_h = 0;
        else if (c == 'h')
            time = after_h = 1;
        else if (c == 's')
            time = 1, after_h = 0;
        else if (c == 'm') {
            while (tolower((unsigned char)p[1]) == 'm')
                p++;
            /* minutes after h, or before s ("mm:ss") */
            const char *q = p + 1;
            while (*q && !isalpha((unsigned char)*q) && *q != '"' && *q != ';')
                q++;
            if (after_h || tolower((unsigned char)*q) == 's')
                time = 1;
            else
                date = 1;
            after_h = 0;
        }
    }
    return date ? DVK_NUMFMT_DATE : time ? DVK_NUMFMT_TIME : DVK_NUMFMT_NUMBER;
}

size_t dvk_number_text(double x, char *buf, size_t size)
{
    int n;
    if (!isfinite(x))
        n = snprintf(buf, size, "%s", isnan(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity");
    else if (x == floor(x) && fabs(x) < 1e17)
        n = snprintf(buf, size, "%.0f", x);
    else {
        n = snprintf(buf, size, "%.15g", x);
        for (char *p = buf; *p; p++)
            if (*p == ',')
                *p = '.';           /* a decimal comma from LC_NUMERIC */
        if (dvk_strtod(buf, NULL) != x)
            n = snprintf(buf, size, "%.17g", x);
    }
    for (char *p = buf; *p; p++)
        if (*p == ',')
            *p = '.';
    if (strcmp(buf, "-0") == 0)
        n = snprintf(buf, size, "0");
    return n < 0 ? 0 : (size_t)n;
}

/* Days since 1970-01-01 to a civil date, proleptic Gregorian (the era
 * method: 400-year cycles of 146097 days). */
static void civil(long days, long *y, unsigned *m, unsigned *d)
{
    long z = days + 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned long doe = (unsigned long)(z - era * 146097);
    unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned long mp = (5 * doy + 2) / 153;
    *d = (unsigned)(doy - (153 * mp + 2) / 5 + 1);
    *m = (unsigned)(mp < 10 ? mp + 3 : mp - 9);
    *y = (long)yoe + era * 400 + (*m <= 2);
}

static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned long yoe = (unsigned long)(y - era * 400);
    unsigned long doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    unsigned long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

size_t dvk_time_text(double fraction, char *buf, size_t size)
{
    double secs = floor(fraction * 86400.0 + 0.5);
    unsigned long s = secs < 0 ? 0 : secs > 1e12 ? 1000000000000UL : (unsigned long)secs;
    int n = snprintf(buf, size, "%02lu:%02lu:%02lu", s / 3600, s / 60 % 60, s % 60);
    return n < 0 ? 0 : (size_t)n;
}

size_t dvk_date_text(double days, int with_time, char *buf, size_t size)
{
    double whole = floor(days);
    double secs = floor((days - whole) * 86400.0 + 0.5);
    if (secs >= 86400.0)
        whole += 1, secs = 0;
    long y;
    unsigned m, d;
    civil((long)whole, &y, &m, &d);
    int n;
    if (with_time && secs > 0) {
        unsigned long s = (unsigned long)secs;
        n = snprintf(buf, size, "%04ld-%02u-%02u %02lu:%02lu:%02lu", y, m, d, s / 3600,
                     s / 60 % 60, s % 60);
    } else
        n = snprintf(buf, size, "%04ld-%02u-%02u", y, m, d);
    return n < 0 ? 0 : (size_t)n;
}

size_t dvk_numfmt_serial(double serial, int kind, int date1904, int *type,
                         double *days, char *buf, size_t size)
{
    /* Excel shows no date before its epoch or after 9999-12-31. */
    if (kind == DVK_NUMFMT_NUMBER || !isfinite(serial) || serial < 0 || serial >= 2958466) {
        *type = DVK_CELL_NUMBER;
        *days = serial;
        return dvk_number_text(serial, buf, size);
    }
    if (kind == DVK_NUMFMT_TIME) {
        *type = DVK_CELL_TIME;
        *days = serial;
        return dvk_time_text(serial, buf, size);
    }
    *type = DVK_CELL_DATE;
    double whole = floor(serial);
    if (date1904)
        *days = serial - 24107;           /* 1904-01-01 is serial 0 */
    else if (whole >= 61)
        *days = serial - 25569;           /* past the day that never was */
    else
        *days = serial - 25568;           /* 1900-01-01 is serial 1 */
    if (!date1904 && whole == 60) {
        /* 1900-02-29, which Excel counts (as Lotus 1-2-3 did) */
        size_t n = dvk_date_text(*days - 1, 1, buf, size);
        if (n >= 10 && size > 10)
            memcpy(buf + 8, "29", 2);
        return n;
    }
    return dvk_date_text(*days, 1, buf, size);
}

int dvk_iso_date(const char *s, double *days, int *has_time)
{
    int y, mo, d, h = 0, mi = 0, n = 0;
    double sec = 0;
    *has_time = 0;
    if (sscanf(s, "%5d-%2d-%2d%n", &y, &mo, &d, &n) != 3 || mo < 1 || mo > 12 || d < 1
        || d > 31)
        return 0;
    if (s[n] == 'T') {
        int k = 0;
        if (sscanf(s + n + 1, "%2d:%2d%n", &h, &mi, &k) != 2)
            return 0;
        if (s[n + 1 + k] == ':')
            sec = dvk_strtod(s + n + 2 + k, NULL);
        *has_time = h || mi || sec > 0;
    }
    *days = (double)days_from_civil(y, (unsigned)mo, (unsigned)d)
            + (h * 3600.0 + mi * 60.0 + sec) / 86400.0;
    return 1;
}
