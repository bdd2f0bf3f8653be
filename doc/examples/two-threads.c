/* two-threads.c: two registers counted by a column in two threads, one
 * reader and one table each, then merged: the count of each value over
 * both, as JSON.
 *
 *   cc -o two-threads two-threads.c $(pkg-config --cflags --libs dvkstat) -lpthread
 *   ./two-threads 2021.csv 2022.csv "Lĩnh vực"
 *
 * Handles share nothing, so one per thread needs no lock; tables of one
 * shape merge.  The figures are those of "dvkstat count -f json --by COL
 * FILE1 FILE2".
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <locale.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <dvkstat.h>

struct job {
    const char *path, *column;
    dvk_agg *counts;
    int status;
    char message[512];
};

static void *count(void *arg)
{
    struct job *jb = arg;
    dvk_reader *r = dvk_reader_new();
    dvk_grouper *g = NULL;
    const char *spec[] = {jb->column};
    double one = 1;
    int st = r ? dvk_reader_open(r, jb->path) : DVK_NOMEM;
    if (st == DVK_OK)
        st = dvk_grouper_new(r, spec, 1, &g);
    while (st == DVK_OK && (st = dvk_reader_next(r)) == DVK_ROW)
        st = dvk_grouper_add(g, r, jb->counts, &one);
    jb->status = st == DVK_DONE ? DVK_OK : st;
    if (jb->status)
        snprintf(jb->message, sizeof jb->message, "%s:%ld: %s", jb->path,
                 r ? dvk_reader_error_line(r) : 0L, r ? dvk_reader_errmsg(r) : "out of memory");
    dvk_grouper_free(g);
    dvk_reader_free(r);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: %s FILE1 FILE2 COLUMN\n", argv[0]);
        return 2;
    }
    setlocale(LC_ALL, "");
    struct job jobs[2] = {{argv[1], argv[3], dvk_agg_new(1, 1), 0, ""},
                          {argv[2], argv[3], dvk_agg_new(1, 1), 0, ""}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++)
        if (!jobs[i].counts || pthread_create(&th[i], NULL, count, &jobs[i]))
            return 1;
    for (int i = 0; i < 2; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < 2; i++)
        if (jobs[i].status) {
            fprintf(stderr, "two-threads: %s\n", jobs[i].message);
            return 1;
        }
    if (dvk_agg_merge(jobs[0].counts, jobs[1].counts))
        return 1;
    const dvk_agg *all = jobs[0].counts;
    size_t n = dvk_agg_size(all), *order = malloc((n ? n : 1) * sizeof *order);
    dvk_writer *w = dvk_writer_new(DVK_FORMAT_JSON, 0);
    dvk_json *j = w && dvk_writer_open(w, NULL) == DVK_OK ? dvk_json_new(w) : NULL;
    if (!order || !j || dvk_agg_order(all, 0, 0, order))
        return 1;
    dvk_json_array(j);
    for (size_t i = 0; i < n; i++) {
        dvk_json_newline(j);
        dvk_json_object(j);
        dvk_json_key(j, "key");
        dvk_json_string(j, dvk_agg_label(all, order[i], 0), -1);
        dvk_json_key(j, "count");
        dvk_json_number(j, dvk_agg_value(all, order[i], 0));
        dvk_json_end(j);
    }
    dvk_json_newline(j);
    int st = dvk_json_end(j);
    if (st == DVK_OK)
        st = dvk_writer_commit(w);
    dvk_json_free(j);
    dvk_writer_free(w);
    free(order);
    dvk_agg_free(jobs[0].counts);
    dvk_agg_free(jobs[1].counts);
    return st ? 1 : 0;
}
