/* tsan-threads.c: two threads each read a register, count it per year and
 * write the table, at once, through the public API; built with
 * -fsanitize=thread by tests/cli-tsan.sh, which fails on any report.
 * Each output file must also get mode 0666 less the umask: a umask()
 * dance in one thread would show in the other's files.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dvkstat.h>

#define ROUNDS 8

struct job {
    const char *input, *dir;
    int id;
    int failed;
};

static int count_once(const struct job *j, int round)
{
    dvk_reader *r = dvk_reader_new();
    if (!r || dvk_reader_open(r, j->input)) {
        fprintf(stderr, "thread %d: open: %s\n", j->id, r ? dvk_reader_errmsg(r) : "no memory");
        dvk_reader_free(r);
        return 1;
    }
    dvk_series *s = dvk_series_new(r, NULL, DVK_PERIOD_YEAR);
    int st = s ? DVK_OK : DVK_NOMEM;
    while (!st && (st = dvk_reader_next(r)) == DVK_ROW)
        st = dvk_series_add_row(s, r);
    if (st == DVK_DONE)
        st = dvk_series_finish(s, r);
    char path[4096];
    snprintf(path, sizeof path, "%s/out-%d-%d.csv", j->dir, j->id, round);
    dvk_writer *w = st ? NULL : dvk_writer_new(DVK_FORMAT_CSV, 0);
    if (w) {
        const char *names[] = {"year", "count"};
        st = dvk_writer_open(w, path);
        if (!st)
            st = dvk_writer_begin(w, 2, names);
        for (size_t k = 0; !st && k < dvk_series_length(s); k++) {
            char label[32];
            dvk_time_format(dvk_series_time(s, k), DVK_PERIOD_YEAR, label, sizeof label);
            st = dvk_writer_text(w, label, -1);
            if (!st)
                st = dvk_writer_number(w, dvk_series_value(s, k), 0);
            if (!st)
                st = dvk_writer_end_row(w);
        }
        if (!st)
            st = dvk_writer_end(w);
        if (!st)
            st = dvk_writer_commit(w);
        if (st)
            fprintf(stderr, "thread %d: write: %s\n", j->id, dvk_writer_errmsg(w));
    } else if (st) {
        fprintf(stderr, "thread %d: %s\n", j->id, dvk_reader_errmsg(r));
    }
    dvk_writer_free(w);
    dvk_series_free(s);
    dvk_reader_free(r);
    struct stat sb;
    if (!st && (stat(path, &sb) != 0 || (sb.st_mode & 0777) != 0644)) {
        fprintf(stderr, "thread %d: %s has mode %o, not 644\n", j->id, path,
                (unsigned)(sb.st_mode & 0777));
        st = DVK_IO;
    }
    return st != DVK_OK;
}

static void *run(void *arg)
{
    struct job *j = arg;
    for (int i = 0; i < ROUNDS && !j->failed; i++)
        j->failed = count_once(j, i);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: tsan-threads REGISTER DIR\n");
        return 2;
    }
    umask(022); /* before the threads: the mode every file must get */
    struct job jobs[2] = {{argv[1], argv[2], 0, 0}, {argv[1], argv[2], 1, 0}};
    pthread_t t[2];
    for (int i = 0; i < 2; i++)
        if (pthread_create(&t[i], NULL, run, &jobs[i]) != 0)
            return 1;
    for (int i = 0; i < 2; i++)
        pthread_join(t[i], NULL);
    return jobs[0].failed || jobs[1].failed;
}
