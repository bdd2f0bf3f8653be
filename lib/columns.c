/* columns.c: finding columns by header text, index or loose name.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include "reader.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

int dvk_reader_init_columns(dvk_reader *r)
{
    r->colkeys = dvk_calloc(r->ncols, sizeof *r->colkeys);
    r->colloose = dvk_calloc(r->ncols, sizeof *r->colloose);
    if (!r->colkeys || !r->colloose)
        return dvk_error_nomem(&r->err);
    for (size_t i = 0; i < r->ncols; i++) {
        const char *name = r->colnames[i];
        if (dvk_text_normalize(name, strlen(name), DVK_TEXT_KEY, &r->colkeys[i], NULL) ||
            dvk_text_normalize(name, strlen(name), DVK_TEXT_NAME, &r->colloose[i], NULL))
            return dvk_error_nomem(&r->err);
    }
    return DVK_OK;
}

/* Matches of SPEC among names; returns how many, the first in *FIRST. */
static size_t match_names(char **names, size_t n, const char *spec,
                          size_t *first, dvk_buf *list)
{
    size_t count = 0;
    for (size_t i = 0; i < n; i++) {
        if (strcmp(names[i], spec) != 0)
            continue;
        if (count == 0)
            *first = i;
        count++;
    }
    if (count > 1 && list) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(names[i], spec) == 0)
                dvk_buf_printf(list, "%s%zu", list->len ? ", " : "", i + 1);
    }
    return count;
}

/* Columns with a part of their name (between " / ") equal to KEY (as
 * DVK_TEXT_KEY) or, failing that, to LOOSE (DVK_TEXT_NAME). */
static size_t match_part(dvk_reader *r, const char *key, const char *loose,
                         size_t *first, dvk_buf *list)
{
    size_t count = 0;
    for (int form = DVK_TEXT_KEY; form <= DVK_TEXT_NAME && count == 0; form++) {
        const char *want = form == DVK_TEXT_KEY ? key : loose;
        if (!want[0])
            continue;
        dvk_buf_clear(list);
        for (size_t i = 0; i < r->ncols; i++) {
            const char *name = r->colnames[i];
            if (!strstr(name, " / "))
                continue;
            int hit = 0;
            while (*name && !hit) {
                const char *end = strstr(name, " / ");
                size_t n = end ? (size_t)(end - name) : strlen(name);
                char *part = NULL;
                if (dvk_text_normalize(name, n, form, &part, NULL) == DVK_OK)
                    hit = strcmp(part, want) == 0;
                free(part);
                name = end ? end + 3 : name + n;
            }
            if (!hit)
                continue;
            if (count++ == 0)
                *first = i;
            dvk_buf_printf(list, "%s%zu", list->len ? ", " : "", i + 1);
        }
    }
    return count;
}

/* Whether NAME has a word (letters and digits between spaces or marks)
 * whose loose form is LOOSE. */
static int has_word(const char *name, const char *loose)
{
    for (const char *p = name; *p;) {
        while (*p && (unsigned char)*p < 0x80 && !isalnum((unsigned char)*p))
            p++;
        const char *start = p;
        while (*p && ((unsigned char)*p >= 0x80 || isalnum((unsigned char)*p)))
            p++;
        if (p == start)
            continue;
        char *word = NULL;
        int hit = dvk_text_normalize(start, (size_t)(p - start), DVK_TEXT_NAME, &word,
                                     NULL) == DVK_OK && strcmp(word, loose) == 0;
        free(word);
        if (hit)
            return 1;
    }
    return 0;
}

static int ambiguous(dvk_reader *r, const char *spec, dvk_buf *list)
{
    dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                  _("column name '%s' is ambiguous: it matches columns %s"),
                  spec, list->data ? list->data : "");
    dvk_error_hint(&r->err, _("name the column by its number instead"));
    dvk_buf_free(list);
    return DVK_COLUMN;
}

static int reader_find_column_body(dvk_reader *r, const char *spec,
                                   size_t *index)
{
    if (!r || !spec || !index)
        return DVK_USAGE;
    if (!r->colnames)
        return dvk_error_set(&r->err, DVK_USAGE, 0, 0, _("the reader is not open"));
    dvk_buf list = {0};
    size_t first = 0, count;
    int st = DVK_OK;
    char *clean = NULL, *key = NULL, *loose = NULL;
    size_t speclen = strlen(spec);

    if (dvk_text_normalize(spec, speclen, DVK_TEXT_CLEAN, &clean, NULL) ||
        dvk_text_normalize(spec, speclen, DVK_TEXT_KEY, &key, NULL) ||
        dvk_text_normalize(spec, speclen, DVK_TEXT_NAME, &loose, NULL)) {
        st = dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                           _("column name '%s' is not valid UTF-8"), spec);
        goto done;
    }
    /* 1. the header text as written */
    count = match_names(r->colnames, r->ncols, clean, &first, &list);
    if (count == 1)
        goto found;
    if (count > 1) {
        st = ambiguous(r, spec, &list);
        goto done;
    }
    /* 2. a 1-based index */
    if (speclen > 0 && strspn(spec, "0123456789") == speclen) {
        unsigned long long k = strtoull(spec, NULL, 10);
        if (k >= 1 && k <= r->ncols) {
            first = (size_t)k - 1;
            goto found;
        }
        st = dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                           _("no column %s: the input has %zu columns"), spec,
                           r->ncols);
        goto done;
    }
    /* 3. the same text in another case; 4. the loose form */
    count = match_names(r->colkeys, r->ncols, key, &first, &list);
    if (count == 0 && loose[0])
        count = match_names(r->colloose, r->ncols, loose, &first, &list);
    if (count == 1)
        goto found;
    if (count > 1) {
        st = ambiguous(r, spec, &list);
        goto done;
    }

    /* 5. a part of a name from a header of several rows ("Duy trì" finds
     * "Kết quả / Duy trì"), when one column only has it */
    count = match_part(r, key, loose, &first, &list);
    if (count == 1)
        goto found;
    if (count > 1) {
        st = ambiguous(r, spec, &list);
        goto done;
    }

    /* Unknown: list the columns and suggest the closest: first those that
     * hold the name as a word ('Xã' is a word of 'Phường, xã', where 'Mã'
     * is only a letter away), else the fewest letters away. */
    {
        dvk_buf words = {0};
        size_t nwords = 0, word_i = 0;
        for (size_t i = 0; i < r->ncols && loose[0]; i++) {
            if (!has_word(r->colnames[i], loose))
                continue;
            if (nwords == 0)
                word_i = i;
            if (nwords++ < 3)
                dvk_buf_printf(&words, "%s'%s'", nwords > 1 ? ", " : "", r->colnames[i]);
        }
        size_t best = SIZE_MAX, best_i = 0;
        for (size_t i = 0; i < r->ncols; i++) {
            size_t d = dvk_edit_distance(loose, strlen(loose), r->colloose[i],
                                         strlen(r->colloose[i]));
            if (d < best) {
                best = d;
                best_i = i;
            }
        }
        dvk_buf cols = {0};
        for (size_t i = 0; i < r->ncols && i < 30; i++)
            dvk_buf_printf(&cols, "%s'%s'", i ? ", " : "", r->colnames[i]);
        if (r->ncols > 30)
            dvk_buf_printf(&cols, " and %zu more", r->ncols - 30);
        st = dvk_error_set(&r->err, DVK_COLUMN, 0, 0,
                           _("unknown column '%s'; the columns are %s"), spec,
                           cols.data ? cols.data : "");
        dvk_buf_free(&cols);
        size_t limit = strlen(loose) / 3 + 1;
        if (nwords == 1)
            dvk_error_hint(&r->err, _("did you mean '%s'?"), r->colnames[word_i]);
        else if (nwords > 1)
            dvk_error_hint(&r->err, _("did you mean one of %s?"), words.data);
        else if (best != SIZE_MAX && best <= limit)
            dvk_error_hint(&r->err, _("did you mean '%s'?"), r->colnames[best_i]);
        else
            dvk_error_hint(&r->err, _("name a column by its header text, its "
                           "number (1, 2 …) or without accents (linh_vuc)"));
        dvk_buf_free(&words);
    }
    goto done;
found:
    *index = first;
done:
    dvk_buf_free(&list);
    free(clean);
    free(key);
    free(loose);
    return st;
}

/* Messages in the reader's language (dvk_reader_set_language()). */
DVK_API int dvk_reader_find_column(dvk_reader *r, const char *spec,
                                   size_t *index)
{
    DVK_READER_LANG_RETURN(r, reader_find_column_body(r, spec, index));
}

