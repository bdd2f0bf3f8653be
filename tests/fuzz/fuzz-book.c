// fuzz-seeds: tests/books
/* fuzz-book.c: libFuzzer harness for the workbook readers (lib/book.c,
 * xlsx.c, ods.c): any bytes opened from memory, every row of every sheet
 * read, must give a status, never a crash, a leak or a hang.  run.sh
 * builds it with the other harnesses (libzip, expat and FreeXL are among
 * its pkg-config modules); then
 *   $OUT/bin/fuzz-book CORPUS tests/books
 * run.sh defines FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION, which bounds a
 * zip member's inflation tighter (lib/zipxml.h): with the real bounds the
 * 64 KiB bombs among the seeds inflate 64 MiB before they are refused,
 * seconds a run under ASan (findings/), and a harness so slow finds little.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "book.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dvk_book *b;
    dvk_error err;
    if (dvk_book_open_memory(&b, data, size, &err) != DVK_OK)
        return 0;
    for (size_t i = 0; i < dvk_book_sheet_count(b); i++) {
        unsigned long rows, cols, row;
        dvk_book_sheet_size(b, i, &rows, &cols);
        if (!dvk_book_sheet_name(b, i))
            abort();
        if (dvk_book_select(b, i, &err) != DVK_OK)
            continue;
        const dvk_cell *cells;
        size_t n;
        int hidden;
        while (dvk_book_next_row(b, &cells, &n, &row, &hidden, &err) == DVK_ROW)
            for (size_t c = 0; c < n; c++)
                if (strlen(cells[c].text) != cells[c].len)
                    abort();
    }
    dvk_book_free(b);
    return 0;
}
