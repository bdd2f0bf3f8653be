/* status.c: what a model's status says: maintained, stopped, not yet
 * started, or only registered.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Offices write a status in their own words ("Ngưng hoạt động", "Không còn
 * duy trì", "Tạm dừng", "Chưa triển khai"), and many of them hold the words
 * of a maintained model too ("ngưng duy trì", "không hiệu quả").  So the
 * words are matched as whole syllables of the case-folded text and the
 * stronger meaning decides: "not yet" first, then a stop, then maintained.
 * The report and any other client share this one rule.
 */
#include "internal.h"

#include <stdlib.h>
#include <string.h>

/* Word lists, case-folded NFC (as DVK_TEXT_KEY gives them). */
static const char *const not_yet_words[] = {
    "chưa", "not yet", "not started", "planned", NULL,
};
static const char *const stop_words[] = {
    "ngưng", "ngừng", "dừng", "thôi", "giải thể", "không", "hết hiệu lực",
    "stopped", "inactive", "dissolved", "discontinued", "no longer",
    "not maintained", "ended", NULL,
};
static const char *const kept_words[] = {
    "duy trì", "hiệu quả", "đang thực hiện", "đang triển khai", "hoạt động",
    "maintained", "effective", "active", "ongoing", NULL,
};
static const char *const registered_words[] = {
    "đăng ký", "mới", "registered", "new", NULL,
};

/* Whether the byte before or after a match is a word boundary: the ends,
 * spaces and ASCII punctuation.  Vietnamese syllables are separated by
 * spaces, so this is enough to keep "thôi" out of a longer word. */
static int boundary(unsigned char c)
{
    return c == 0 || c == ' ' || (c < 0x80 && !((c >= 'a' && c <= 'z') ||
                                               (c >= '0' && c <= '9')));
}

static int has_word(const char *text, const char *const *words)
{
    for (const char *const *w = words; *w; w++) {
        size_t n = strlen(*w);
        for (const char *p = strstr(text, *w); p; p = strstr(p + 1, *w))
            if ((p == text || boundary((unsigned char)p[-1])) && boundary((unsigned char)p[n]))
                return 1;
    }
    return 0;
}

/* A mark in a per-status column: "x", a tick, "v", "1". */
static int is_mark(const char *key)
{
    static const char *const marks[] = {"x", "✓", "✔", "v", "1", "có", "yes", NULL};
    for (const char *const *m = marks; *m; m++)
        if (strcmp(key, *m) == 0)
            return 1;
    return 0;
}

/* A register's status column holds a handful of phrasings, each read on
 * every row: what each said is remembered, per thread, in a small table
 * indexed by the bytes' hash, so that the text is normalised and its words
 * looked for once per phrasing rather than once per row. */
#define STATUS_MEMO_SLOTS 256
#define STATUS_MEMO_BYTES 62
struct status_memo {
    unsigned char len;     /* 0: empty slot (an empty text is not kept) */
    signed char answer;
    char text[STATUS_MEMO_BYTES];
};
static __thread struct status_memo classify_memo[STATUS_MEMO_SLOTS], mark_memo[STATUS_MEMO_SLOTS];

/* The slot of TEXT in MEMO, and whether it holds TEXT's answer. */
static struct status_memo *memo_slot(struct status_memo *memo, const char *text, size_t len,
                                     int *hit)
{
    *hit = 0;
    if (len == 0 || len > STATUS_MEMO_BYTES || dvk_cache_disabled())
        return NULL;
    struct status_memo *m = &memo[dvk_hash_bytes(text, len) % STATUS_MEMO_SLOTS];
    *hit = m->len == len && memcmp(m->text, text, len) == 0;
    return m;
}

static void memo_keep(struct status_memo *m, const char *text, size_t len, int answer)
{
    if (!m)
        return;
    m->len = (unsigned char)len;
    m->answer = (signed char)answer;
    memcpy(m->text, text, len);
}

/* The status KEY (normalised text) says. */
static int classify_key(const char *key)
{
    if (has_word(key, not_yet_words))
        return DVK_MODEL_NOT_YET;
    if (has_word(key, stop_words))
        return DVK_MODEL_STOPPED;
    if (has_word(key, kept_words))
        return DVK_MODEL_MAINTAINED;
    if (has_word(key, registered_words))
        return DVK_MODEL_REGISTERED;
    return DVK_MODEL_UNKNOWN;
}

/* DECIDE's answer for TEXT, normalised, from MEMO when it was asked
 * before. */
static int memo_answer(struct status_memo *memo, int (*decide)(const char *key),
                       const char *text, size_t len, int *answer)
{
    if (!text || !answer)
        return DVK_USAGE;
    int hit;
    struct status_memo *m = memo_slot(memo, text, len, &hit);
    if (hit) {
        *answer = m->answer;
        return DVK_OK;
    }
    char *key;
    int st = dvk_text_normalize(text, len, DVK_TEXT_KEY, &key, NULL);
    if (st)
        return st;
    *answer = decide(key);
    dvk_free(key);
    memo_keep(m, text, len, *answer);
    return DVK_OK;
}

DVK_API int dvk_status_classify(const char *text, size_t len, int *status)
{
    if (status)
        *status = DVK_MODEL_UNKNOWN;
    return memo_answer(classify_memo, classify_key, text, len, status);
}

DVK_API int dvk_status_is_mark(const char *text, size_t len, int *marked)
{
    return memo_answer(mark_memo, is_mark, text, len, marked);
}
