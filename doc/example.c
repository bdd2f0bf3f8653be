/* example.c: count the values of one column with libdvkstat.
 *
 *   cc -o example example.c $(pkg-config --cflags --libs dvkstat)
 *   ./example models.csv "Lĩnh vực"
 *
 * Any encoding and delimiter is read; values are grouped by their key
 * (case, spacing and tone placement do not split a group).
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dvkstat.h>

struct group {
    char *key;
    char *label;
    unsigned long count;
};

static void report(const dvk_reader *r)
{
    fprintf(stderr, "example: %s:%ld:%ld: %s\n", dvk_reader_name(r),
            dvk_reader_error_line(r), dvk_reader_error_column(r),
            dvk_reader_errmsg(r));
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: %s FILE COLUMN\n", argv[0]);
        return 2;
    }
    dvk_reader *r = dvk_reader_new();
    size_t col;
    if (!r || dvk_reader_open(r, argv[1]) != DVK_OK ||
        dvk_reader_find_column(r, argv[2], &col) != DVK_OK) {
        report(r);
        dvk_reader_free(r);
        return 1;
    }
    printf("encoding: %s\n", dvk_reader_encoding(r));

    struct group *groups = NULL;
    size_t ngroups = 0;
    int st;
    while ((st = dvk_reader_next(r)) == DVK_ROW) {
        const char *key = dvk_reader_field_text(r, col, DVK_TEXT_KEY, NULL);
        size_t i = 0;
        while (i < ngroups && strcmp(groups[i].key, key) != 0)
            i++;
        if (i == ngroups) {
            struct group *g = realloc(groups, (ngroups + 1) * sizeof *g);
            if (!g)
                break;
            groups = g;
            groups[i].key = strdup(key);
            /* the label: the first spelling seen, cleaned */
            groups[i].label = strdup(dvk_reader_field_text(r, col, DVK_TEXT_CLEAN, NULL));
            groups[i].count = 0;
            ngroups++;
        }
        groups[i].count++;
    }
    if (st != DVK_DONE)
        report(r);
    for (size_t i = 0; i < ngroups; i++) {
        printf("%s: %lu\n", groups[i].label, groups[i].count);
        free(groups[i].key);
        free(groups[i].label);
    }
    free(groups);
    dvk_reader_free(r);
    return st == DVK_DONE ? 0 : 1;
}
