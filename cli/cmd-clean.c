/* cmd-clean.c: dvkstat clean, the data re-written as clean UTF-8.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <config.h>
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct clean {
    struct cli_options o;
    int raw;
    dvk_writer *w;
    size_t ncols;
    char **keys;        /* the first file's column names, as keys */
    char *first;        /* the first file's name */
    int part;           /* the second half of a file, read by its own thread */
};

enum { OPT_RAW = 2000 };

const struct cli_option cli_clean_options[] = {
    CLI_TEXT(N_("Usage: dvkstat clean [OPTION]... [FILE]...\n"
                 "Re-write the data as clean UTF-8 CSV: any encoding and delimiter in,\n"
                 "comma-separated UTF-8 out, every value normalised (NFC, trimmed, inner\n"
                 "white space collapsed, Vietnamese tone marks placed canonically).\n"
                 "Several files are concatenated; their columns must agree.\n"
                 "\n")),
    CLI_OPTION("raw", OPT_RAW, NULL, N_("keep the values as read (no normalisation)")),
    {NULL, 0, NULL, N_("an array of objects keyed by header, values strings"), N_("-f json"), NULL},
    CLI_MORE(cli_common_options),
    CLI_TEXT(N_("\n"
                 "Examples:\n"
                 "  dvkstat clean export.csv > clean.csv\n"
                 "  dvkstat clean -f json --raw export.csv\n"
                 "  dvkstat clean --where 'Năm>=2020' -o recent.csv export.csv\n")),
    CLI_END,
};

static int handle(int opt, const char *arg, void *ctx)
{
    struct clean *c = ctx;
    (void)arg;
    if (opt == OPT_RAW)
        c->raw = 1;
    return 0;
}

static int key_of(const char *name, char **out)
{
    return dvk_text_normalize(name, strlen(name), DVK_TEXT_KEY, out, NULL);
}

static int on_open(dvk_reader *r, size_t file_index, void *ctx)
{
    struct clean *c = ctx;
    size_t n = dvk_reader_column_count(r);
    if (file_index == 0 && !c->part) {
        const char **names = calloc(n, sizeof *names);
        c->keys = calloc(n, sizeof *c->keys);
        if (!names || !c->keys) {
            free(names);
            return DVK_NOMEM;
        }
        c->ncols = n;
        c->first = strdup(dvk_reader_name(r));
        if (!c->first) {
            free(names);
            return DVK_NOMEM;
        }
        for (size_t i = 0; i < n; i++) {
            names[i] = dvk_reader_column_name(r, i);
            if (key_of(names[i], &c->keys[i])) {
                free(names);
                return DVK_NOMEM;
            }
        }
        int st = dvk_writer_begin(c->w, n, names);
        free(names);
        return st;
    }
    int same = n == c->ncols;
    for (size_t i = 0; i < n && same; i++) {
        char *k;
        if (key_of(dvk_reader_column_name(r, i), &k))
            return DVK_NOMEM;
        same = strcmp(k, c->keys[i]) == 0;
        dvk_free(k);
    }
    if (!same) {
        cli_error(_("%s: its columns differ from those of %s (%zu and %zu "
                  "columns); clean the files one at a time"), dvk_reader_name(r),
                  c->first, n, c->ncols);
        return -EXIT_DATA;
    }
    return DVK_OK;
}

/* A cell or row not written: said once (a part's failure is not said: its
 * rows are read again by the first thread). */
static int write_failed(const struct clean *c)
{
    if (c->part)
        return DVK_IO;
    cli_error("%s", dvk_writer_errmsg(c->w));
    return -EXIT_DATA;
}

static int on_row(dvk_reader *r, void *ctx)
{
    struct clean *c = ctx;
    for (size_t i = 0; i < c->ncols; i++) {
        size_t len;
        const char *s = c->raw ? dvk_reader_field(r, i, &len)
                               : dvk_reader_field_text(r, i, DVK_TEXT_CLEAN, &len);
        if (!s)
            return DVK_ENCODING;
        if (dvk_writer_text(c->w, s, (long)len))
            return write_failed(c);
    }
    if (dvk_writer_end_row(c->w))
        return write_failed(c);
    return DVK_OK;
}

/* The second half of a large file is cleaned by a thread of its own into
 * a part of the output (dvk_writer_new_part(): an unnamed file in
 * $TMPDIR), copied after the first half's rows; where no part can be
 * made, one thread reads the file. */
static void *fork_part(void *ctx)
{
    const struct clean *c = ctx;
    struct clean *p = malloc(sizeof *p);
    if (!p)
        return NULL;
    *p = *c;
    p->part = 1;
    if (!(p->w = dvk_writer_new_part(c->w))) {
        free(p);
        return NULL;
    }
    return p;
}

static int join_part(void *ctx, void *part)
{
    struct clean *c = ctx;
    const struct clean *p = part;
    /* When nothing was copied the first thread reads the rows again; when
     * the output failed on the way, its next row says so. */
    return dvk_writer_append(c->w, p->w) == DVK_OK ? 0 : CLI_PART_REREAD;
}

static void drop_part(void *part)
{
    struct clean *p = part;
    dvk_writer_free(p->w);
    free(p);
}

int cmd_clean(int argc, char **argv, const struct cli_command *self)
{
    struct clean c = {0};
    c.o.format = DVK_FORMAT_CSV; /* the default of clean */
    int st = cli_parse(argc, argv, &c.o, self, handle, &c);
    if (st >= 0)
        return st;
    c.w = cli_open_writer(&c.o, DVK_WRITE_JSON_STRINGS);
    if (!c.w)
        return EXIT_DATA;
    struct cli_visitor v = {.open = on_open, .row = on_row, .ctx = &c,
                            .fork = fork_part, .join = join_part, .drop = drop_part};
    st = cli_read_inputs(&c.o, &v);
    if (st == EXIT_OK && dvk_writer_end(c.w))
        st = EXIT_DATA;
    st = cli_finish_writer(c.w, st);
    for (size_t i = 0; i < c.ncols && c.keys; i++)
        dvk_free(c.keys[i]);
    free(c.keys);
    free(c.first);
    return st;
}
