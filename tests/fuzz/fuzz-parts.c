// fuzz-options: -max_len=1024
/* fuzz-parts.c: libFuzzer harness for reading one input in two parts, as
 * the program does with a thread per part (cli/common.c).  The input is
 * read whole by one reader and, by two more, in parts split at a byte
 * the input picks: whenever the split is accepted (the first part's
 * reader stops exactly where the second starts) the rows of the two parts
 * in turn must be the rows read whole, and when it is not, the first
 * reader reading on alone must give them.  Any difference aborts.
 * The first byte picks the settings, the next two where to split.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <dvkstat.h>

static void configure(dvk_reader *r, unsigned pick)
{
    dvk_reader_set_encoding(r, "utf-8");
    dvk_reader_set_header(r, !(pick & 1));
    if (pick & 2)
        dvk_reader_set_delimiter(r, ';');
    if (pick & 4)
        dvk_reader_set_reference(r, 1);
    if (pick & 8)
        dvk_reader_set_skip_lines(r, 0);
}

/* The same row, field by field, and the same status. */
static void same_row(int st, dvk_reader *r, int want, dvk_reader *whole)
{
    if (st != want)
        abort();
    if (st != DVK_ROW)
        return;
    size_t n = dvk_reader_field_count(r);
    if (n != dvk_reader_field_count(whole))
        abort();
    for (size_t i = 0; i < n; i++) {
        size_t la, lb;
        const char *a = dvk_reader_field(r, i, &la), *b = dvk_reader_field(whole, i, &lb);
        if (la != lb || memcmp(a, b, la) != 0)
            abort();
    }
}

static int ends(int st)
{
    return st != DVK_ROW && !dvk_status_is_row_error(st);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 3)
        return 0;
    unsigned pick = data[0], where = (unsigned)data[1] << 8 | data[2];
    data += 3, size -= 3;
    /* the parts scan with another instruction set than the whole, by the
     * input's length */
    static const char *const scans[] = {"plain", "sse2", "avx2"};
    setenv("DVKSTAT_SIMD", scans[size % 3], 1);
    dvk_reader *whole = dvk_reader_new();
    setenv("DVKSTAT_SIMD", scans[(size + 1) % 3], 1);
    dvk_reader *first = dvk_reader_new(), *part = dvk_reader_new();
    if (!whole || !first || !part)
        goto done;
    configure(whole, pick);
    configure(first, pick);
    if (dvk_reader_open_memory(whole, data, size, "whole") != DVK_OK ||
        dvk_reader_open_memory(first, data, size, "first") != DVK_OK)
        goto done;
    unsigned long long from = dvk_reader_offset(first);
    if (from == 0 || size < from + 1)
        goto done;
    unsigned long long split = from + where % (size - from + 1);
    int parted = dvk_reader_open_part(part, first, split) == DVK_OK;
    if (parted) {
        if (dvk_reader_offset(part) < split)
            abort(); /* a part starts at a line start at or after the split */
        dvk_reader_set_end(first, dvk_reader_offset(part));
    }
    /* The first part, then either the second part or the first reader
     * reading on, against the whole, row by row. */
    dvk_reader *cur = first;
    for (;;) {
        int want = dvk_reader_next(whole);
        int st = dvk_reader_next(cur);
        if (st == DVK_DONE && cur == first && parted) {
            if (dvk_reader_offset(first) == dvk_reader_offset(part))
                cur = part; /* accepted: the part's rows come next */
            else
                dvk_reader_set_end(first, 0);
            parted = 0;
            st = dvk_reader_next(cur);
        }
        /* An error that ends the reading (bad bytes past the split, seen
         * by the first reader's read-ahead) need not come at the same
         * row: the rows before it must be the same. */
        if (ends(st) && st != DVK_DONE)
            break;
        if (ends(want) && want != DVK_DONE)
            break;
        same_row(st, cur, want, whole);
        if (st == DVK_DONE)
            break;
    }
done:
    dvk_reader_free(whole);
    dvk_reader_free(first);
    dvk_reader_free(part);
    return 0;
}
