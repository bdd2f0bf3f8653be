/* cfb.h: one stream out of an OLE2 compound file (CFB), read from memory.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_CFB_H
#define DVK_CFB_H

#include "internal.h"

/* The magic an OLE2 compound file starts with. */
extern const unsigned char dvk_cfb_magic[8];

/* Nonzero when the compound file of N bytes at F holds a stream named NAME
 * (ASCII, compared without case) anywhere in its directory. */
int dvk_cfb_has_stream(const unsigned char *f, size_t n, const char *name);

/* Copy the stream named NAME of the compound file of N bytes at F into a
 * new buffer (*OUT, freed by the caller with free(); *OUTLEN bytes).
 * DVK_DONE when there is no such stream, DVK_SYNTAX with ERR set for a
 * damaged container, DVK_NOMEM. */
int dvk_cfb_read_stream(const unsigned char *f, size_t n, const char *name,
                        unsigned char **out, size_t *outlen, dvk_error *err);

#endif
