// fuzz-options: -max_len=256
/* fuzz-normalize.c: libFuzzer harness for text normalisation.  Every form
 * of the input, with the properties of normalize-properties.h asserted
 * (NFC, idempotent, KEY and NAME the same through CLEAN), and
 * dvk_text_width() on any bytes.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include "normalize-properties.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *failed = dvk_check_normalize_properties((const char *)data, size);
    if (failed) {
        fprintf(stderr, "normalisation: %s\n", failed);
        abort();
    }
    size_t width = dvk_text_width((const char *)data, size);
    if (width > 2 * size)
        abort(); /* no character is wider than two columns */
    return 0;
}
