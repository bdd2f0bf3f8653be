// fuzz-seeds: tests/books
/* fuzz-xls.c: libFuzzer harness for the .xls reader (lib/xls.c,
 * lib/biff.c, lib/biffsheet.c, lib/cfb.c and FreeXL under them).  Any
 * bytes must give a status, never a crash, a leak or a hang; a workbook
 * that opens is read row by row, every sheet.
 * The bytes go to a memory file, since FreeXL opens a path.  Build with
 *   clang -g -O1 -fsanitize=fuzzer,address,undefined -DDVK_BUILDING_LIBRARY \
 *     -DLOCALEDIR=\"/usr/share/locale\" -Iinclude -Ilib -I. \
 *     lib/xls.c lib/biff.c lib/biffsheet.c lib/cfb.c lib/book.c lib/numfmt.c \
 *     lib/zipxml.c lib/xlsx.c lib/ods.c lib/util.c tests/fuzz/fuzz-xls.c \
 *     -o fuzz-xls -lfreexl -lzip -lexpat -lgsl -lm
 * (the configured build directory gives config.h), and run it on the
 * workbooks of tests/books.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "book-impl.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz-xls", MFD_CLOEXEC);
    if (fd < 0)
        return 0;
    size_t done = 0;
    while (done < size) {
        ssize_t k = write(fd, data + done, size - done);
        if (k <= 0)
            break;
        done += (size_t)k;
    }
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    dvk_book *b = dvk_calloc(1, sizeof *b);
    dvk_error err = {0};
    if (b && dvk_xls_open(b, path, &err) == DVK_OK) {
        for (size_t s = 0; s < b->nsheets; s++) {
            unsigned long rows, cols;
            dvk_book_sheet_size(b, s, &rows, &cols);
            if (dvk_book_select(b, s, &err) != DVK_OK)
                continue;
            const dvk_cell *cells;
            size_t n;
            unsigned long row;
            int hidden;
            while (dvk_book_next_row(b, &cells, &n, &row, &hidden, &err) == DVK_ROW)
                for (size_t i = 0; i < n; i++)
                    if (cells[i].text[cells[i].len] != '\0')
                        abort();
        }
    }
    dvk_book_free(b);
    close(fd);
    return 0;
}
