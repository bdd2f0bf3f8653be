// fuzz-options: -max_len=64
/* fuzz-number.c: libFuzzer harness for numbers and times.  The input is
 * parsed as a number in both conventions and as a time of every period
 * kind; what parses is written back and must parse to the same value:
 * a number printed with 17 digits (and the convention's decimal mark),
 * and a period's label, whose year, quarter or month must name the period
 * again.  UBSan catches an overflow on the way.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dvkstat.h>

static void check_number(const char *s, size_t len, int decimal_comma)
{
    double x, y;
    if (dvk_number_parse(s, len, decimal_comma, &x) != DVK_OK)
        return;
    if (x != x || x > 1.7e308 || x < -1.7e308)
        abort();
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%.17g", x);
    if (decimal_comma) {
        char *dot = strchr(buf, '.');
        if (dot)
            *dot = ',';
    }
    if (dvk_number_parse(buf, (size_t)n, decimal_comma, &y) != DVK_OK || y != x)
        abort();
}

static void check_time(const char *s, size_t len, int period)
{
    long t, back;
    if (dvk_time_parse(s, len, period, &t) != DVK_OK)
        return;
    char label[64], again[64];
    size_t need = dvk_time_format(t, period, label, sizeof label);
    if (need == 0 || need >= sizeof label || strlen(label) != need)
        abort();
    /* A label the parser reads back: the label itself for integers, the
     * first day of the period for years (a date's year may lie outside
     * the bare years 1900-2100), quarters and months. */
    long year, part;
    switch (period) {
    case DVK_PERIOD_QUARTER:
        if (sscanf(label, "%ld-Q%ld", &year, &part) != 2 || part < 1 || part > 4)
            abort();
        snprintf(again, sizeof again, "%ld-%02ld-01", year, (part - 1) * 3 + 1);
        break;
    case DVK_PERIOD_MONTH:
        if (sscanf(label, "%ld-%ld", &year, &part) != 2 || part < 1 || part > 12)
            abort();
        snprintf(again, sizeof again, "%ld-%02ld-01", year, part);
        break;
    case DVK_PERIOD_YEAR:
        snprintf(again, sizeof again, "%s-01-01", label);
        break;
    default:
        memcpy(again, label, need + 1);
        break;
    }
    if (dvk_time_parse(again, strlen(again), period, &back) != DVK_OK || back != t)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    check_number(s, size, 0);
    check_number(s, size, 1);
    for (int period = DVK_PERIOD_AUTO; period <= DVK_PERIOD_INTEGER; period++)
        check_time(s, size, period);
    return 0;
}
