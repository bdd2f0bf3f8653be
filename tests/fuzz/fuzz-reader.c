// fuzz-options: -max_len=256
/* fuzz-reader.c: libFuzzer harness for the reader and what reads rows.
 * Any bytes must give a status, never a crash; and the rows split
 * directly must be the rows libcsv makes (dvk_reader_set_reference()),
 * or the harness aborts.  The first byte picks the settings (encoding,
 * header, delimiter, decimal comma), so they are fuzzed too; the input's
 * length picks the scan's instructions (plain C, SSE2, AVX2 where the
 * processor has them).  Build and
 * run: tests/fuzz/run.sh [SECONDS].
 *
 * Two readers per input, read in step: the one under test also feeds a
 * filter, a profile and a series, so the settings it sees are the ones
 * compared (a third reader for those cost a third of the time).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dvkstat.h>

static void configure(dvk_reader *r, unsigned pick)
{
    static const char *const encodings[] = {"utf-8", NULL, "utf-16le", "tcvn3"};
    dvk_reader_set_encoding(r, encodings[pick & 3]);
    dvk_reader_set_header(r, !(pick & 4));
    if (pick & 8)
        dvk_reader_set_delimiter(r, ';');
    if (pick & 32)
        dvk_reader_set_keep_totals(r, 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    unsigned pick = data[0];
    data++, size--;
    /* the reader under test scans with each of the instruction sets in
     * turn (the reference sends every line through libcsv) */
    static const char *const scans[] = {"plain", "sse2", "avx2"};
    setenv("DVKSTAT_SIMD", scans[size % 3], 1);
    dvk_reader *a = dvk_reader_new(), *b = dvk_reader_new();
    if (!a || !b)
        goto done;
    configure(a, pick);
    configure(b, pick);
    dvk_reader_set_reference(b, 1);
    int oa = dvk_reader_open_memory(a, data, size, "a"), ob = dvk_reader_open_memory(b, data, size, "b");
    if (oa != ob)
        abort();
    if (oa != DVK_OK)
        goto done;
    if (dvk_reader_column_count(a) != dvk_reader_column_count(b))
        abort();
    for (size_t i = 0; i < dvk_reader_column_count(a); i++)
        if (strcmp(dvk_reader_column_name(a, i), dvk_reader_column_name(b, i)) != 0)
            abort();
    if (pick & 64) {
        int fa = dvk_reader_add_filter(a, "1!=x"), fb = dvk_reader_add_filter(b, "1!=x");
        if (fa != fb)
            abort();
    }
    dvk_profile *p = dvk_profile_new(dvk_reader_column_count(a), pick & 16);
    dvk_series *s = dvk_series_new(a, NULL, (int)(pick >> 7) * DVK_PERIOD_INTEGER);
    for (;;) {
        int sa = dvk_reader_next(a), sb = dvk_reader_next(b);
        if (sa != sb || dvk_reader_line(a) != dvk_reader_line(b))
            abort();
        if (sa != DVK_ROW && !dvk_status_is_row_error(sa))
            break;
        if (sa != DVK_ROW)
            continue;
        size_t n = dvk_reader_field_count(a);
        if (n != dvk_reader_field_count(b))
            abort();
        for (size_t i = 0; i < n; i++) {
            size_t la, lb;
            const char *fa = dvk_reader_field(a, i, &la), *fb = dvk_reader_field(b, i, &lb);
            if (la != lb || memcmp(fa, fb, la) != 0)
                abort();
            dvk_reader_field_text(a, i, DVK_TEXT_KEY, NULL);
            dvk_reader_field_column(a, i);
        }
        if (p)
            dvk_profile_add_row(p, a);
        if (s)
            dvk_series_add_row(s, a);
    }
    /* Rejected rows differ: the series rejects the rows whose time is
     * not a time, on A only. */
    if (dvk_reader_rows_read(a) != dvk_reader_rows_read(b))
        abort();
    if (p)
        for (size_t i = 0; i < dvk_reader_column_count(a); i++) {
            unsigned long long count;
            int exact;
            dvk_profile_type(p, i);
            dvk_profile_distinct(p, i, &exact);
            dvk_profile_top(p, i, 0, &count);
        }
    if (s && dvk_series_finish(s, a) == DVK_OK) {
        size_t n = dvk_series_length(s);
        double t[64], y[64];
        for (size_t i = 0; i < n && i < 64; i++) {
            t[i] = (double)dvk_series_time(s, i);
            y[i] = dvk_series_value(s, i);
        }
        struct dvk_trend_stats st;
        dvk_trend_analyze(t, y, n < 64 ? n : 64, DVK_TREND_COUNT, 0.05, &st);
    }
    dvk_series_free(s);
    dvk_profile_free(p);
done:
    dvk_reader_free(a);
    dvk_reader_free(b);
    return 0;
}
