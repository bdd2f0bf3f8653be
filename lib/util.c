/* util.c: allocation, buffers, errors and the byte-string map.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "internal.h"

#include <errno.h>
#include <libintl.h>
#include <locale.h>
#include <pthread.h>
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void *dvk_alloc(size_t n)
{
    return malloc(n ? n : 1);
}

void *dvk_calloc(size_t count, size_t size)
{
    return calloc(count ? count : 1, size ? size : 1);
}

void *dvk_realloc(void *p, size_t n)
{
    return realloc(p, n ? n : 1);
}

void *dvk_realloc_array(void *p, size_t count, size_t size)
{
    if (size && count > SIZE_MAX / size)
        return NULL;
    return dvk_realloc(p, count * size);
}

void *dvk_grow_array(void *array, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap && array)
        return array;
    size_t ncap = *cap ? *cap : 16;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return NULL;
        ncap *= 2;
    }
    void *grown = dvk_realloc_array(array, ncap, size);
    if (grown)
        *cap = ncap;
    return grown;
}

FILE *dvk_temp_file(void)
{
    const char *dir = getenv("TMPDIR");
    dvk_buf name = {0};
    if (dvk_buf_printf(&name, "%s/dvkstat-XXXXXX", dir && *dir ? dir : "/tmp"))
        return NULL;
    int fd = mkstemp(name.data);
    if (fd >= 0)
        unlink(name.data);
    dvk_buf_free(&name);
    FILE *f = fd >= 0 ? fdopen(fd, "w+") : NULL;
    if (!f && fd >= 0) {
        int e = errno;
        close(fd);
        errno = e;
    }
    return f;
}

char *dvk_strndup(const char *s, size_t n)
{
    char *d = dvk_alloc(n + 1);
    if (d) {
        memcpy(d, s, n);
        d[n] = '\0';
    }
    return d;
}

DVK_API void dvk_free(void *p)
{
    free(p);
}

DVK_API const char *dvk_version(void)
{
    return PACKAGE_VERSION;
}

DVK_API int dvk_version_number(void)
{
    return DVK_VERSION_NUMBER;
}

DVK_API const char *dvk_status_name(int status)
{
    switch (status) {
    case DVK_OK: return "success";
    case DVK_NOMEM: return "out of memory";
    case DVK_USAGE: return "bad usage";
    case DVK_IO: return "input/output error";
    case DVK_EMPTY: return "no data";
    case DVK_ENCODING: return "encoding error";
    case DVK_SYNTAX: return "malformed CSV";
    case DVK_FIELDS: return "wrong number of fields";
    case DVK_VALUE: return "bad value";
    case DVK_COLUMN: return "unknown column";
    case DVK_LIMIT: return "limit exceeded";
    case DVK_AMBIGUOUS: return "ambiguous layout";
    case DVK_ROW: return "row";
    case DVK_DONE: return "done";
    default: return "unknown status";
    }
}

DVK_API int dvk_status_is_row_error(int status)
{
    return status == DVK_SYNTAX || status == DVK_FIELDS || status == DVK_VALUE;
}

/* ---- buffers */

int dvk_buf_reserve(dvk_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        return DVK_NOMEM;
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return DVK_OK;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    char *d = dvk_realloc(b->data, cap);
    if (!d)
        return DVK_NOMEM;
    b->data = d;
    b->cap = cap;
    return DVK_OK;
}

int dvk_buf_append(dvk_buf *b, const void *s, size_t n)
{
    if (dvk_buf_reserve(b, n))
        return DVK_NOMEM;
    if (n)
        memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
    return DVK_OK;
}

int dvk_buf_putc(dvk_buf *b, int c)
{
    char ch = (char)c;
    return dvk_buf_append(b, &ch, 1);
}

int dvk_buf_printf(dvk_buf *b, const char *fmt, ...)
{
    /* Numbers in the C convention whatever the host's locale: SVG
     * coordinates and JSON numbers go through here. */
    locale_t old = dvk_c_enter();
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0 || dvk_buf_reserve(b, (size_t)n)) {
        dvk_c_leave(old);
        return DVK_NOMEM;
    }
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    dvk_c_leave(old);
    b->len += (size_t)n;
    return DVK_OK;
}

int dvk_snprintf(char *buf, size_t size, const char *fmt, ...)
{
    locale_t old = dvk_c_enter();
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    dvk_c_leave(old);
    return n;
}

void dvk_buf_clear(dvk_buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void dvk_buf_free(dvk_buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

/* ---- errors */

int dvk_error_set(dvk_error *e, int status, long line, long column,
                  const char *fmt, ...)
{
    va_list ap;
    e->status = status;
    e->line = line;
    e->column = column;
    e->hint[0] = '\0';
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    return status;
}

int dvk_error_nomem(dvk_error *e)
{
    return dvk_error_set(e, DVK_NOMEM, 0, 0, "%s", _("out of memory"));
}

void dvk_error_hint(dvk_error *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->hint, sizeof e->hint, fmt, ap);
    va_end(ap);
}

void dvk_error_clear(dvk_error *e)
{
    e->status = DVK_OK;
    e->line = e->column = 0;
    e->message[0] = e->hint[0] = '\0';
}

/* ---- the map */

uint64_t dvk_hash_bytes(const void *s, size_t n)
{
    /* FNV-1a over 8-byte words, then a final mix: fast and good enough
     * for keys an adversary does not choose. */
    const unsigned char *p = s;
    uint64_t h = 0xcbf29ce484222325ULL ^ n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
        p += 8;
        n -= 8;
    }
    while (n--)
        h = (h ^ *p++) * 0x100000001b3ULL;
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    return h;
}

static int map_alloc_slots(dvk_map *m, size_t capacity)
{
    dvk_map_entry *slots = dvk_realloc_array(NULL, capacity, sizeof *slots);
    if (!slots)
        return DVK_NOMEM;
    for (size_t i = 0; i < capacity; i++)
        slots[i].key_len = DVK_MAP_FREE;
    m->slots = slots;
    m->capacity = capacity;
    return DVK_OK;
}

int dvk_map_init(dvk_map *m, size_t capacity_hint)
{
    size_t cap = 16;
    while (cap < capacity_hint * 2)
        cap *= 2;
    memset(m, 0, sizeof *m);
    return map_alloc_slots(m, cap);
}

void dvk_map_free(dvk_map *m)
{
    free(m->slots);
    dvk_buf_free(&m->keys);
    memset(m, 0, sizeof *m);
}

void dvk_map_clear(dvk_map *m)
{
    for (size_t i = 0; i < m->capacity; i++)
        m->slots[i].key_len = DVK_MAP_FREE;
    m->count = 0;
    dvk_buf_clear(&m->keys);
}

static dvk_map_entry *map_probe(const dvk_map *m, uint32_t h, const char *key,
                                size_t n)
{
    size_t mask = m->capacity - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        dvk_map_entry *e = &m->slots[i];
        if (e->key_len == DVK_MAP_FREE)
            return e;
        if (e->hash == h && e->key_len == n &&
            memcmp(m->keys.data + e->key_offset, key, n) == 0)
            return e;
    }
}

dvk_map_entry *dvk_map_find(const dvk_map *m, const char *key, size_t n)
{
    if (!m->slots)
        return NULL;
    dvk_map_entry *e = map_probe(m, (uint32_t)dvk_hash_bytes(key, n), key, n);
    return e->key_len == DVK_MAP_FREE ? NULL : e;
}

static int map_grow(dvk_map *m)
{
    dvk_map old = *m;
    if (map_alloc_slots(m, old.capacity * 2))
        return DVK_NOMEM;
    for (size_t i = 0; i < old.capacity; i++) {
        dvk_map_entry *e = &old.slots[i];
        if (e->key_len == DVK_MAP_FREE)
            continue;
        size_t mask = m->capacity - 1;
        size_t j = e->hash & mask;
        while (m->slots[j].key_len != DVK_MAP_FREE)
            j = (j + 1) & mask;
        m->slots[j] = *e;
    }
    free(old.slots);
    return DVK_OK;
}

dvk_map_entry *dvk_map_insert(dvk_map *m, const char *key, size_t n,
                              size_t value, int *added)
{
    if (!m->slots && dvk_map_init(m, 16))
        return NULL;
    uint32_t h = (uint32_t)dvk_hash_bytes(key, n);
    dvk_map_entry *e = map_probe(m, h, key, n);
    if (added)
        *added = 0;
    if (e->key_len != DVK_MAP_FREE)
        return e;
    if (n >= DVK_MAP_FREE || value > UINT32_MAX || m->keys.len + n + 1 > UINT32_MAX)
        return NULL;
    if ((m->count + 1) * 4 > m->capacity * 3) {
        if (map_grow(m))
            return NULL;
        e = map_probe(m, h, key, n);
    }
    size_t offset = m->keys.len;
    /* Keys are stored NUL terminated so they can be used as C strings. */
    if (dvk_buf_append(&m->keys, key, n) || dvk_buf_putc(&m->keys, '\0'))
        return NULL;
    e->hash = h;
    e->key_offset = (uint32_t)offset;
    e->key_len = (uint32_t)n;
    e->value = (uint32_t)value;
    m->count++;
    if (added)
        *added = 1;
    return e;
}

/* ---- small helpers */

size_t dvk_edit_distance(const char *a, size_t na, const char *b, size_t nb)
{
    if (na > 200 || nb > 200)
        return (size_t)-1;
    size_t row[201];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t cur = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = prev + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            prev = cur;
        }
    }
    return row[nb];
}

DVK_API size_t dvk_text_distance(const char *a, const char *b)
{
    if (!a || !b)
        return (size_t)-1;
    return dvk_edit_distance(a, strlen(a), b, strlen(b));
}

/* One C locale object for the process, made once and never freed (what
 * newlocale's manual allows for an object used to the end). */
static locale_t c_locale;

static void make_c_locale(void)
{
    c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0);
}

locale_t dvk_c_locale(void)
{
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, make_c_locale);
    return c_locale;
}

/* uselocale() changes the calling thread's locale only: the host's other
 * threads, and its process locale, are untouched. */
locale_t dvk_c_enter(void)
{
    locale_t c = dvk_c_locale();
    return c ? uselocale(c) : (locale_t)0;
}

void dvk_c_leave(locale_t old)
{
    if (old)
        uselocale(old);
}

double dvk_strtod(const char *s, char **end)
{
    locale_t c = dvk_c_locale();
    if (!c)
        return strtod(s, end);
    return strtod_l(s, end, c);
}

/* GSL reports an error by calling one handler, a process-wide variable;
 * its default aborts.  The library never changes it for good: around its
 * own GSL calls it puts the "off" handler in and the host's back, under a
 * mutex, so that the library's threads never see each other's switch.
 * The nesting depth is per thread (dvk_trend_analyze() calls the other
 * statistics).  What cannot be made safe is documented in libdvkstat(3):
 * a host thread calling GSL at that very moment would have its errors
 * returned as statuses, not given to its handler, and a host that sets a
 * handler at that moment would see its change undone. */
static pthread_mutex_t gsl_lock = PTHREAD_MUTEX_INITIALIZER;
static __thread unsigned gsl_depth;
static gsl_error_handler_t *gsl_saved;

void dvk_gsl_enter(void)
{
    if (gsl_depth++ == 0) {
        pthread_mutex_lock(&gsl_lock);
        gsl_saved = gsl_set_error_handler_off();
    }
}

void dvk_gsl_leave(void)
{
    if (gsl_depth && --gsl_depth == 0) {
        gsl_set_error_handler(gsl_saved);
        pthread_mutex_unlock(&gsl_lock);
    }
}

static void bind_catalogue(void)
{
    /* DVKSTAT_LOCALEDIR points at catalogues not yet installed (tests).
     * The binding is of the library's own domain, "dvkstat": the host's
     * textdomain() and its own catalogues are left alone.  With no
     * catalogue installed, a binding the host made stays: the dvkstat
     * program run from its build tree binds the tree's own. */
    const char *dir = getenv("DVKSTAT_LOCALEDIR");
    if (dir && *dir) {
        bindtextdomain(PACKAGE, dir);
    } else {
        char path[1024];
        int n = snprintf(path, sizeof path, "%s/vi/LC_MESSAGES/%s.mo", LOCALEDIR, PACKAGE);
        if (n > 0 && (size_t)n < sizeof path && access(path, R_OK) == 0)
            bindtextdomain(PACKAGE, LOCALEDIR);
    }
    bind_textdomain_codeset(PACKAGE, "UTF-8");
}

/* The language of the calling thread's current handle (see dvk_lang_*),
 * or none: the process's LC_MESSAGES. */
static __thread locale_t lang_current;

const char *dvk_gettext(const char *msgid)
{
    /* A message is often looked up between a failed call and the errno
     * its text reports: finding the catalogue (the first lookup probes
     * directories) must not change it. */
    int saved_errno = errno;
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, bind_catalogue);
    const char *s;
    if (!lang_current) {
        s = dgettext(PACKAGE, msgid);
    } else {
        /* gettext looks the thread's LC_MESSAGES up (uselocale), so a
         * handle's language holds for this lookup and this thread only. */
        locale_t old = uselocale(lang_current);
        s = dgettext(PACKAGE, msgid);
        uselocale(old);
    }
    errno = saved_errno;
    return s;
}

const char *dvk_strerror_lang(locale_t lang, int e)
{
    return lang ? strerror_l(e, lang) : strerror(e);
}

const char *dvk_gettext_lang(locale_t lang, const char *msgid)
{
    locale_t saved = lang_current;
    lang_current = lang;
    const char *s = dvk_gettext(msgid);
    lang_current = saved;
    return s;
}

int dvk_lang_new(const char *name, locale_t *out)
{
    *out = (locale_t)0;
    if (!name || !*name)
        return DVK_OK;
    /* The languages of the catalogues name their usual UTF-8 locale; any
     * other name is a locale's ("vi_VN.utf8"). */
    const char *full = name;
    if (strcmp(name, "vi") == 0)
        full = "vi_VN.UTF-8";
    else if (strcmp(name, "en") == 0)
        full = "C";
    locale_t base = newlocale(LC_ALL_MASK, "C", (locale_t)0);
    if (!base)
        return DVK_NOMEM;
    locale_t l = newlocale(LC_MESSAGES_MASK, full, base);
    if (!l) {
        freelocale(base);
        return DVK_USAGE;
    }
    *out = l;
    return DVK_OK;
}

locale_t dvk_lang_enter(locale_t lang)
{
    locale_t saved = lang_current;
    if (lang)
        lang_current = lang;
    return saved;
}

void dvk_lang_leave(locale_t saved)
{
    lang_current = saved;
}

int dvk_cache_disabled(void)
{
    /* asked once: 0 unknown, 1 on, 2 off (threads may race to the same answer) */
    static int known;
    int k = __atomic_load_n(&known, __ATOMIC_RELAXED);
    if (!k) {
        const char *d = getenv("DVKSTAT_DEBUG");
        k = d && strstr(d, "nocache") != NULL ? 2 : 1;
        __atomic_store_n(&known, k, __ATOMIC_RELAXED);
    }
    return k == 2;
}
