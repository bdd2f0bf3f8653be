/* internal.h: what the library's files share and clients never see.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_INTERNAL_H
#define DVK_INTERNAL_H

#include <config.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <locale.h>
#include "dvkstat.h"

#define DVK_HIDDEN __attribute__((visibility("hidden")))

/* Messages in the user's language, from the "dvkstat" catalogue. */
const char *dvk_gettext(const char *msgid) __attribute__((format_arg(1)));
#define _(s) dvk_gettext(s)
#define N_(s) (s)
#define DVK_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* One allocator wrapper: every allocation of the library goes through
 * these, so an out-of-memory failure is a status, never a crash. */
void *dvk_alloc(size_t n);
void *dvk_calloc(size_t count, size_t size);
void *dvk_realloc(void *p, size_t n);
void *dvk_realloc_array(void *p, size_t count, size_t size);
/* ARRAY (of *CAP elements of SIZE bytes) with room for NEED: as it is, or
 * grown to twice (16 the first time, more if NEED asks) with *CAP set; NULL,
 * ARRAY and *CAP kept, when memory runs out. */
void *dvk_grow_array(void *array, size_t *cap, size_t need, size_t size);
char *dvk_strndup(const char *s, size_t n);
/* A file open for writing and reading in $TMPDIR (/tmp) whose name is
 * gone, so that nothing is left behind however the process ends; NULL
 * with errno set when none can be made. */
FILE *dvk_temp_file(void);

/* A growable byte buffer, always NUL terminated when data != NULL. */
typedef struct dvk_buf {
    char *data;
    size_t len;
    size_t cap;
} dvk_buf;

int dvk_buf_reserve(dvk_buf *b, size_t extra);
int dvk_buf_append(dvk_buf *b, const void *s, size_t n);
int dvk_buf_putc(dvk_buf *b, int c);
int dvk_buf_printf(dvk_buf *b, const char *fmt, ...) DVK_PRINTF(2, 3);
void dvk_buf_clear(dvk_buf *b);
void dvk_buf_free(dvk_buf *b);

/* The error record every handle carries. */
typedef struct dvk_error {
    int status;
    long line;
    long column;
    char message[768];
    char hint[384];
} dvk_error;

int dvk_error_set(dvk_error *e, int status, long line, long column,
                  const char *fmt, ...) DVK_PRINTF(5, 6);
void dvk_error_hint(dvk_error *e, const char *fmt, ...) DVK_PRINTF(2, 3);
void dvk_error_clear(dvk_error *e);
/* Record "out of memory" in E; returns DVK_NOMEM.  The one way the library
 * says it: every handle's record reads the same. */
int dvk_error_nomem(dvk_error *e);

/* number.c: the shape of a number as its separators tell it. */
enum dvk_number_shape {
    DVK_SHAPE_TEXT = 0,  /* not a number */
    DVK_SHAPE_PLAIN,     /* digits alone: any convention reads it */
    DVK_SHAPE_POINT,     /* only a decimal point reads it: 1.5, 1,234,567, 1,234.5 */
    DVK_SHAPE_COMMA,     /* only a decimal comma reads it: 21.500.000, 1,5, 1.234,5 */
    DVK_SHAPE_DOT3,      /* 2.178: a thousand groups or three decimals */
    DVK_SHAPE_COMMA3     /* 2,178: the same with a comma */
};
int dvk_number_shape(const char *s, size_t len);

/* A map from byte strings to a number, open addressing, keys copied into
 * an arena of the map.  Used for normalisation caches, distinct counts
 * and group tables.  A slot is 16 bytes (a table of a million keys is
 * 32 MiB of slots at most), so a key is shorter than 4 GiB, the arena
 * holds at most 4 GiB of keys and a value is below 2^32: past those an
 * insert fails as out of memory would. */
typedef struct dvk_map_entry {
    uint32_t hash;        /* the low half of the key's dvk_hash_bytes() */
    uint32_t key_len;     /* DVK_MAP_FREE: the slot is free */
    uint32_t key_offset;
    uint32_t value;
} dvk_map_entry;
#define DVK_MAP_FREE UINT32_MAX

typedef struct dvk_map {
    dvk_map_entry *slots; /* capacity slots */
    size_t capacity;
    size_t count;
    dvk_buf keys;
} dvk_map;

uint64_t dvk_hash_bytes(const void *s, size_t n);
/* 1 when DVKSTAT_DEBUG holds "nocache": the memos of values seen before
 * (groups, periods, summary's columns) are not used, so that a test can
 * compare what they give with what the values give afresh. */
int dvk_cache_disabled(void);
int dvk_map_init(dvk_map *m, size_t capacity_hint);
void dvk_map_free(dvk_map *m);
void dvk_map_clear(dvk_map *m);
/* The entry of KEY, or NULL. */
dvk_map_entry *dvk_map_find(const dvk_map *m, const char *key, size_t n);
/* The entry of KEY, added with VALUE if new (*ADDED set); NULL on no memory. */
dvk_map_entry *dvk_map_insert(dvk_map *m, const char *key, size_t n,
                              size_t value, int *added);
static inline const char *dvk_map_key(const dvk_map *m, const dvk_map_entry *e)
{
    return m->keys.data + e->key_offset;
}

/* HyperLogLog sketches of DVK_HLL_SIZE bytes, zeroed to start (hll.c):
 * add a value's 64-bit hash, merge two (the sketch of the union), and
 * estimate the number of distinct values added. */
#define DVK_HLL_BITS 12
#define DVK_HLL_SIZE (1u << DVK_HLL_BITS)
void dvk_hll_add(unsigned char *hll, uint64_t hash);
void dvk_hll_merge(unsigned char *dst, const unsigned char *src);
double dvk_hll_estimate(const unsigned char *hll);

/* Text normalisation into a buffer (appends; SCRATCH is reused memory). */
typedef struct dvk_text_scratch {
    int32_t *cps;
    size_t cap;
} dvk_text_scratch;

int dvk_text_normalize_buf(const char *s, size_t len, int form,
                           dvk_text_scratch *scratch, dvk_buf *out);
void dvk_text_scratch_free(dvk_text_scratch *scratch);
/* The length of the valid UTF-8 prefix of S (N when all is valid). */
size_t dvk_utf8_valid_prefix(const char *s, size_t n);
/* 1 when S[0, LEN) (followed by a NUL) is its own normalisation into
 * FORM: printable ASCII with single inner spaces, and for DVK_TEXT_KEY no
 * capital letter; dvk_text_normalize_buf() would copy it as it is. */
int dvk_text_is_own_form(const char *s, size_t len, int form);
/* Number of code points in N bytes of UTF-8 (invalid bytes count one). */
size_t dvk_utf8_count(const char *s, size_t n);
/* Edit distance of two short strings (bytes), for "did you mean". */
size_t dvk_edit_distance(const char *a, size_t na, const char *b, size_t nb);

/* GSL's default error handler aborts the process; a library must never
 * let it, nor change the host's handler for good.  Every public call that
 * reaches GSL brackets its work with these: the handler is off inside and
 * the host's again after (util.c says how, and what that cannot cover). */
void dvk_gsl_enter(void);
void dvk_gsl_leave(void);
/* The body of a public call that only runs CALL (an int status) with
 * GSL's handler off. */
#define DVK_GSL_RETURN(call)                                                   \
    do {                                                                       \
        dvk_gsl_enter();                                                       \
        int dvk_gsl_status_ = (call);                                          \
        dvk_gsl_leave();                                                       \
        return dvk_gsl_status_;                                                \
    } while (0)

/* Numbers in the C convention, whatever the host's locale.  The C locale
 * object of the process; dvk_c_enter() makes it the calling thread's
 * locale (uselocale) and returns the one to restore with dvk_c_leave(). */
locale_t dvk_c_locale(void);
locale_t dvk_c_enter(void);
void dvk_c_leave(locale_t old);
/* snprintf in the C locale. */
int dvk_snprintf(char *buf, size_t size, const char *fmt, ...) DVK_PRINTF(3, 4);

/* Locale-independent strtod. */
double dvk_strtod(const char *s, char **end);

/* A handle's language for its messages: dvk_lang_new() makes a locale
 * whose LC_MESSAGES is NAME's ("vi" is vi_VN.UTF-8, "en" or "C" English;
 * NULL or "": none, the process's) — DVK_USAGE when the system lacks that
 * locale.  dvk_lang_enter() makes LANG (when not 0) the language of _() in
 * the calling thread until dvk_lang_leave() with what it returned;
 * dvk_gettext_lang() looks one message up in LANG. */
int dvk_lang_new(const char *name, locale_t *out);
locale_t dvk_lang_enter(locale_t lang);
void dvk_lang_leave(locale_t saved);
const char *dvk_gettext_lang(locale_t lang, const char *msgid) __attribute__((format_arg(2)));
/* The body of a public call that runs CALL (an int status) with the
 * messages in the language of reader R (R may be NULL). */
#define DVK_READER_LANG_RETURN(r, call)                                        \
    do {                                                                       \
        locale_t dvk_lang_saved_ = dvk_lang_enter((r) ? (r)->msg_lang : (locale_t)0); \
        int dvk_lang_status_ = (call);                                         \
        dvk_lang_leave(dvk_lang_saved_);                                       \
        return dvk_lang_status_;                                               \
    } while (0)
/* The system's words for errno value E in LANG (the process's when 0). */
const char *dvk_strerror_lang(locale_t lang, int e);

/* Custom error bars for a closed workbook (xlsxbars.c): the bars that the
 * writer marked with fixed size ID take their distances above and below
 * each of the N points from the cell ranges PLUS_REF and MINUS_REF (as a
 * chart formula, XML-escaped), whose values are PLUS and MINUS (a NaN is an
 * empty cell). */
typedef struct dvk_error_bars {
    unsigned long id;
    size_t n;
    double *plus, *minus;
    char *plus_ref, *minus_ref;
} dvk_error_bars;

int dvk_xlsx_error_bars(const char *path, const dvk_error_bars *bars, size_t nbars);

/* Whether a header (DVK_TEXT_NAME form) names a time column (series.c). */
int dvk_is_time_header(const char *loose);

/* Whether the Poisson fit of Y on X (N points) has no finite maximum
 * (regression.c). */
int dvk_poisson_separated(const double *x, const double *y, size_t n);

#endif
