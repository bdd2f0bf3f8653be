/* fuzz-reader.c: libFuzzer harness for the reader and what reads rows.
 * Any bytes must give a status, never a crash; and the rows split
 * directly must be the rows libcsv makes (dvk_reader_set_reference()),
 * or the harness aborts.  Build and run:
 *   sh tests/fuzz/run.sh [SECONDS]
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dvkstat.h>

/* Read DATA with and without the reference parser: the same statuses,
 * lines and fields, row by row. */
static void compare_with_libcsv(const uint8_t *data, size_t size, int delimiter)
{
    dvk_reader *a = dvk_reader_new(), *b = dvk_reader_new();
    if (!a || !b)
        goto done;
    dvk_reader_set_reference(b, 1);
    dvk_reader_set_encoding(a, "utf-8");
    dvk_reader_set_encoding(b, "utf-8");
    if (delimiter) {
        dvk_reader_set_delimiter(a, delimiter);
        dvk_reader_set_delimiter(b, delimiter);
    }
    int oa = dvk_reader_open_memory(a, data, size, "a"), ob = dvk_reader_open_memory(b, data, size, "b");
    if (oa != ob)
        abort();
    while (oa == DVK_OK) {
        int sa = dvk_reader_next(a), sb = dvk_reader_next(b);
        if (sa != sb || dvk_reader_line(a) != dvk_reader_line(b))
            abort();
        if (sa != DVK_ROW && !dvk_status_is_row_error(sa))
            break;
        if (sa != DVK_ROW)
            continue;
        if (dvk_reader_field_count(a) != dvk_reader_field_count(b))
            abort();
        for (size_t i = 0; i < dvk_reader_field_count(a); i++) {
            size_t la, lb;
            const char *fa = dvk_reader_field(a, i, &la), *fb = dvk_reader_field(b, i, &lb);
            if (la != lb || memcmp(fa, fb, la) != 0)
                abort();
        }
    }
done:
    dvk_reader_free(a);
    dvk_reader_free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* The first byte picks settings, so they are fuzzed too. */
    unsigned pick = size ? data[0] : 0;
    compare_with_libcsv(size ? data + 1 : data, size ? size - 1 : 0, pick & 8 ? ';' : 0);
    static const char *const encodings[] = {NULL, "utf-8", "utf-16le", "tcvn3"};
    dvk_reader *r = dvk_reader_new();
    if (!r)
        return 0;
    dvk_reader_set_encoding(r, encodings[pick & 3]);
    dvk_reader_set_header(r, !(pick & 4));
    if (pick & 8)
        dvk_reader_set_delimiter(r, ';');
    if (dvk_reader_open_memory(r, size ? data + 1 : data, size ? size - 1 : 0, "fuzz") == DVK_OK) {
        dvk_reader_add_filter(r, "1!=x");
        dvk_profile *p = dvk_profile_new(dvk_reader_column_count(r), pick & 16);
        dvk_series *s = dvk_series_new(r, NULL, DVK_PERIOD_AUTO);
        int st;
        while ((st = dvk_reader_next(r)) == DVK_ROW || dvk_status_is_row_error(st)) {
            if (st != DVK_ROW)
                continue;
            for (size_t i = 0; i < dvk_reader_field_count(r); i++) {
                dvk_reader_field_text(r, i, DVK_TEXT_KEY, NULL);
                dvk_reader_field_column(r, i);
            }
            if (p)
                dvk_profile_add_row(p, r);
            if (s)
                dvk_series_add_row(s, r);
        }
        if (s && dvk_series_finish(s, r) == DVK_OK) {
            size_t n = dvk_series_length(s);
            double t[64], y[64];
            for (size_t i = 0; i < n && i < 64; i++) {
                t[i] = (double)dvk_series_time(s, i);
                y[i] = dvk_series_value(s, i);
            }
            struct dvk_trend_stats st2;
            dvk_trend_analyze(t, y, n < 64 ? n : 64, DVK_TREND_COUNT, 0.05, &st2);
        }
        dvk_series_free(s);
        dvk_profile_free(p);
    }
    dvk_reader_free(r);
    return 0;
}
