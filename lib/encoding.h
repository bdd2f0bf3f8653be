/* encoding.h: encoding detection and conversion to UTF-8 (internal).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_ENCODING_H
#define DVK_ENCODING_H

#include <iconv.h>
#include "internal.h"

/* What detection found: the iconv name (NULL for UTF-8, which passes
 * through), the name shown to users, and the length of a BOM to skip. */
struct dvk_detected {
    const char *iconv_name;
    const char *display;
    size_t bom_len;
};

/* Detect the encoding of the sample S of N bytes; COMPLETE when the
 * sample is the whole input. */
void dvk_encoding_detect(const unsigned char *s, size_t n, int complete,
                         struct dvk_detected *res);

/* Map a user's encoding name to iconv's and to the display name.
 * DVK_USAGE for a name iconv does not know. */
int dvk_encoding_lookup(const char *name, const char **iconv_name,
                        const char **display);

typedef struct dvk_decoder {
    int utf8;
    iconv_t cd;
    const struct dvk_legacy *table;  /* Windows-1258 or TCVN3 by table */
    int held;                         /* the byte of a letter held back, -1 */
} dvk_decoder;

int dvk_decoder_init(dvk_decoder *d, const char *iconv_name);
void dvk_decoder_close(dvk_decoder *d);
/* Convert N bytes at IN, appending UTF-8 to OUT; *CONSUMED tells how many
 * input bytes were used (an incomplete sequence at the end is left unless
 * FINAL).  DVK_ENCODING at the first invalid byte, which is IN[*CONSUMED]. */
int dvk_decoder_run(dvk_decoder *d, const char *in, size_t n,
                    size_t *consumed, dvk_buf *out, int final);

#endif
