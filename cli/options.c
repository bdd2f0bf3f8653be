/* options.c: options declared once, with their help: the getopt_long
 * table and the text of --help are both made from the declarations.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each help string is a message of its own in the catalogue, so that a
 * translation follows the options as they come and go.  --help lays the
 * translations out: the option and its value's name in a column of 24
 * characters (counted as characters, not bytes, since a value's name may
 * be Vietnamese), the help beside it, its further lines under it. */
#include <config.h>
#include "cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HELP_COLUMN 24

static int is_end(const struct cli_option *e)
{
    return !e->name && !e->help && !e->shown && !e->more;
}

/* Whether KEY is also a short option (-d). */
static int is_short(int key)
{
    return (key >= 'a' && key <= 'z') || (key >= 'A' && key <= 'Z');
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

static void print_entry(FILE *out, const struct cli_option *e)
{
    char column[256];
    if (e->shown) {
        const char *s = _(e->shown);
        snprintf(column, sizeof column, "%s%s", s[0] == '-' && s[1] != '-' ? "  " : "      ", s);
    } else if (is_short(e->key)) {
        snprintf(column, sizeof column, "  -%c, --%s%s%s", e->key, e->name, e->arg ? " " : "",
                 e->arg ? _(e->arg) : "");
    } else {
        snprintf(column, sizeof column, "      --%s%s%s", e->name, e->arg ? " " : "",
                 e->arg ? _(e->arg) : "");
    }
    size_t width = utf8_chars(column);
    fputs(column, out);
    if (width + 2 <= HELP_COLUMN) /* two spaces at least before the text */
        fprintf(out, "%*s", (int)(HELP_COLUMN - width), "");
    else
        fprintf(out, "\n%*s", HELP_COLUMN, "");
    for (const char *line = _(e->help); *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        fwrite(line, 1, len, out);
        fputc('\n', out);
        if (!nl)
            break;
        line = nl + 1;
        if (*line)
            fprintf(out, "%*s", HELP_COLUMN, "");
    }
}

/* The names declared so far in a command's table: a command declares an
 * option of a shared table again, before it, to say it otherwise (report's
 * -f takes html) or to hide it (crosstab has --rows, not --by); the first
 * declaration is the one taken and shown. */
struct seen {
    const char *names[256];
    size_t n;
};

static int seen_before(struct seen *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], name) == 0)
            return 1;
    if (s->n < sizeof s->names / sizeof *s->names)
        s->names[s->n++] = name;
    return 0;
}

static void help_table(FILE *out, const struct cli_option *table, struct seen *seen)
{
    for (const struct cli_option *e = table; !is_end(e); e++) {
        if (e->more)
            help_table(out, e->more, seen);
        else if (e->name && seen_before(seen, e->name))
            continue; /* declared by the command itself */
        else if (!e->help)
            continue; /* said with the option before it, or hidden */
        else if (!e->name && !e->shown)
            fputs(_(e->help), out);
        else
            print_entry(out, e);
    }
}

void cli_help(FILE *out, const struct cli_option *table)
{
    struct seen seen = {.n = 0};
    help_table(out, table, &seen);
}

static size_t count_options(const struct cli_option *table)
{
    size_t n = 0;
    for (const struct cli_option *e = table; !is_end(e); e++)
        n += e->more ? count_options(e->more) : e->name != NULL;
    return n;
}

/* Fill LONGOPTS and the short options of OPTSTRING from TABLE. */
static void add_options(const struct cli_option *table, struct option *longopts, size_t *n,
                        char *optstring)
{
    for (const struct cli_option *e = table; !is_end(e); e++) {
        if (e->more) {
            add_options(e->more, longopts, n, optstring);
            continue;
        }
        if (!e->name)
            continue;
        int again = 0;
        for (size_t i = 0; i < *n && !again; i++)
            again = strcmp(longopts[i].name, e->name) == 0;
        if (again)
            continue; /* the command's own declaration stands */
        longopts[*n] = (struct option){e->name, e->arg ? required_argument : no_argument, NULL,
                                       e->key};
        (*n)++;
        if (is_short(e->key) && !strchr(optstring, e->key)) {
            size_t len = strlen(optstring);
            optstring[len] = (char)e->key;
            optstring[len + 1] = e->arg ? ':' : '\0';
            optstring[len + 2] = '\0';
        }
    }
}

int cli_getopt_table(const struct cli_option *table, struct option **longopts, char **optstring)
{
    size_t n = count_options(table), used = 0;
    *longopts = calloc(n + 1, sizeof **longopts);
    *optstring = calloc(2 * n + 2, 1);
    if (!*longopts || !*optstring) {
        free(*longopts);
        free(*optstring);
        return DVK_NOMEM;
    }
    (*optstring)[0] = ':'; /* a missing value is told apart from an unknown option */
    add_options(table, *longopts, &used, *optstring);
    return DVK_OK;
}
