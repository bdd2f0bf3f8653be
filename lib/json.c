/* json.c: JSON results through a writer.  The commas, the quoting and
 * the numbers (the C convention, null for NaN and infinities) are this
 * file's business, so that no client counts bytes of JSON by hand.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JSON_MAX_DEPTH 64

struct dvk_json {
    dvk_writer *w;
    size_t depth;
    char close[JSON_MAX_DEPTH];     /* '}' or ']' for each open level */
    unsigned char items[JSON_MAX_DEPTH]; /* a value was written at this level */
    int after_key;                  /* a key waits for its value */
    int newline;                    /* a line break before the next item */
    int status;                     /* the first error, kept */
};

DVK_API dvk_json *dvk_json_new(dvk_writer *w)
{
    if (!w)
        return NULL;
    dvk_json *j = dvk_calloc(1, sizeof *j);
    if (j)
        j->w = w;
    return j;
}

DVK_API void dvk_json_free(dvk_json *j)
{
    free(j);
}

static int put(dvk_json *j, const char *s, size_t n)
{
    if (!j->status)
        j->status = dvk_writer_raw(j->w, s, n);
    return j->status;
}

/* What goes before an item: a comma after a sibling, a pending line
 * break; nothing after a key. */
static int before_item(dvk_json *j, int is_key)
{
    if (j->status)
        return j->status;
    if (j->after_key) {
        if (is_key)
            return j->status = DVK_USAGE; /* two keys in a row */
        j->after_key = 0;
        return DVK_OK;
    }
    if (j->depth && j->close[j->depth - 1] == '}' && !is_key)
        return j->status = DVK_USAGE;     /* a value in an object needs a key */
    if (j->depth && j->items[j->depth - 1])
        put(j, ",", 1);
    if (j->newline) {
        put(j, "\n", 1);
        j->newline = 0;
    }
    if (j->depth)
        j->items[j->depth - 1] = 1;
    return j->status;
}

static int open_level(dvk_json *j, char open, char close)
{
    if (!j)
        return DVK_USAGE;
    if (before_item(j, 0))
        return j->status;
    if (j->depth == JSON_MAX_DEPTH)
        return j->status = DVK_LIMIT;
    j->close[j->depth] = close;
    j->items[j->depth++] = 0;
    return put(j, &open, 1);
}

DVK_API int dvk_json_object(dvk_json *j)
{
    return open_level(j, '{', '}');
}

DVK_API int dvk_json_array(dvk_json *j)
{
    return open_level(j, '[', ']');
}

DVK_API int dvk_json_end(dvk_json *j)
{
    if (!j)
        return DVK_USAGE;
    if (j->status)
        return j->status;
    if (!j->depth || j->after_key)
        return j->status = DVK_USAGE;
    if (j->newline) {
        put(j, "\n", 1);
        j->newline = 0;
    }
    j->depth--;
    put(j, &j->close[j->depth], 1);
    if (j->depth == 0)
        put(j, "\n", 1); /* a document ends its line */
    return j->status;
}

DVK_API int dvk_json_newline(dvk_json *j)
{
    if (!j)
        return DVK_USAGE;
    j->newline = 1;
    return j->status;
}

DVK_API int dvk_json_key(dvk_json *j, const char *key)
{
    if (!j || !key)
        return DVK_USAGE;
    if (before_item(j, 1))
        return j->status;
    if (!j->status)
        j->status = dvk_writer_json_string(j->w, key, strlen(key));
    put(j, ":", 1);
    j->after_key = 1;
    return j->status;
}

DVK_API int dvk_json_string(dvk_json *j, const char *s, long len)
{
    if (!j)
        return DVK_USAGE;
    if (!s)
        return dvk_json_null(j);
    if (before_item(j, 0))
        return j->status;
    if (!j->status)
        j->status = dvk_writer_json_string(j->w, s, len < 0 ? strlen(s) : (size_t)len);
    return j->status;
}

DVK_API int dvk_json_number(dvk_json *j, double x)
{
    if (!j)
        return DVK_USAGE;
    if (!isfinite(x))
        return dvk_json_null(j);
    if (before_item(j, 0))
        return j->status;
    char buf[40];
    /* 17 significant digits read back as the same double; in the C
     * locale, whatever the host's. */
    int n = dvk_snprintf(buf, sizeof buf, "%.17g", x);
    return put(j, buf, (size_t)n);
}

DVK_API int dvk_json_integer(dvk_json *j, long long x)
{
    if (!j)
        return DVK_USAGE;
    if (before_item(j, 0))
        return j->status;
    char buf[32];
    int n = snprintf(buf, sizeof buf, "%lld", x);
    return put(j, buf, (size_t)n);
}

DVK_API int dvk_json_bool(dvk_json *j, int b)
{
    if (!j)
        return DVK_USAGE;
    if (before_item(j, 0))
        return j->status;
    return put(j, b ? "true" : "false", b ? 4 : 5);
}

DVK_API int dvk_json_null(dvk_json *j)
{
    if (!j)
        return DVK_USAGE;
    if (before_item(j, 0))
        return j->status;
    return put(j, "null", 4);
}

DVK_API int dvk_json_raw(dvk_json *j, const char *s, size_t len)
{
    if (!j || !s)
        return DVK_USAGE;
    if (before_item(j, 0))
        return j->status;
    return put(j, s, len);
}
