/* xls.c: Excel 97-2003 workbooks (.xls); not read by this build.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "book-impl.h"

int dvk_xls_open(dvk_book *b, const char *path, dvk_error *err)
{
    return dvk_error_set(err, DVK_USAGE, 0, 0,
                         _("%s: an Excel 97-2003 workbook (.xls), which this build cannot read"),
                         path);
}
