/* expr.h: what conditions (expr.c) may ask of a reader beyond its public
 * calls.  A narrow interface, so that the conditions do not depend on the
 * reader's state and the reader does not include them back.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_EXPR_H
#define DVK_EXPR_H

#include "internal.h"

/* The reader's error record, where a condition's message is set. */
dvk_error *dvk_reader_error_of(dvk_reader *r);
/* 1 once the reader has its columns. */
int dvk_reader_is_open(const dvk_reader *r);
int dvk_reader_uses_decimal_comma(const dvk_reader *r);

#endif
