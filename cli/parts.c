/* parts.c: a large file read by two threads, the second half by a
 * thread of its own.
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The command says how to copy, join and drop its context (struct
 * cli_visitor's fork, join, drop); everything else, from where the file is
 * split to when a part is of no use, is here, so that cli_read_inputs()
 * reads a file the same way whether it is split or not. */
#include <config.h>
#include "cli.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* A file smaller than this is read by one thread unless --jobs says. */
#define PART_MIN_BYTES (8u << 20)

/* The second half of a file, read by a thread of its own into a context
 * of its own.  Its rows count only when the first thread, stopping where
 * the part starts, finds that it stands on a row boundary there; a part
 * that meets any error is dropped and the first thread reads its rows
 * again, so that messages and rejected rows come in order. */
struct cli_part {
    const struct cli_visitor *v;
    dvk_reader *r;
    void *ctx;
    unsigned long long start;
    int stop;               /* set by the first thread: give up */
    int ok;                 /* read to its end without an error */
    int running;            /* the thread is not joined yet */
    pthread_t thread;
};

static void *part_main(void *arg)
{
    struct cli_part *p = arg;
    while (!__atomic_load_n(&p->stop, __ATOMIC_RELAXED)) {
        int st = dvk_reader_next(p->r);
        if (st == DVK_ROW && p->v->row)
            st = p->v->row(p->r, p->ctx);
        if (st == DVK_ROW || st == DVK_OK)
            continue;
        p->ok = st == DVK_DONE;
        break;
    }
    return NULL;
}

struct cli_part *cli_part_start(const struct cli_options *o, const struct cli_visitor *v,
                                dvk_reader *r, size_t f)
{
    if (!v->fork || o->jobs == 1)
        return NULL;
    unsigned long long size = dvk_reader_input_size(r), from = dvk_reader_offset(r);
    if (o->jobs == 0 && (size < PART_MIN_BYTES || sysconf(_SC_NPROCESSORS_ONLN) < 2))
        return NULL;
    if (from == 0 || size < from + 2)
        return NULL; /* not UTF-8, or nothing to split */
    struct cli_part *p = calloc(1, sizeof *p);
    if (!p)
        return NULL; /* one thread will do */
    p->v = v;
    p->r = dvk_reader_new();
    p->ctx = p->r ? v->fork(v->ctx) : NULL;
    int st = p->ctx ? dvk_reader_open_part(p->r, r, from + (size - from) / 2) : DVK_NOMEM;
    for (size_t i = 0; i < o->nwhere && !st; i++)
        st = dvk_reader_add_filter(p->r, o->where[i]);
    if (!st && v->open)
        st = v->open(p->r, f, p->ctx);
    if (!st) {
        p->start = dvk_reader_offset(p->r);
        dvk_reader_set_end(r, p->start);
        if (pthread_create(&p->thread, NULL, part_main, p) == 0) {
            p->running = 1;
            return p;
        }
        dvk_reader_set_end(r, 0);
    }
    cli_part_free(p, r); /* one thread will do */
    return NULL;
}

unsigned long long cli_part_offset(const struct cli_part *p)
{
    return p->start;
}

const dvk_reader *cli_part_reader(const struct cli_part *p)
{
    return p->r;
}

/* DVKSTAT_DEBUG=parts: say how each file was read. */
static int debug_parts(void)
{
    const char *d = getenv("DVKSTAT_DEBUG");
    return d && strstr(d, "parts");
}

/* Wait for the part.  1 if its rows are the rest of R's file (R stopped
 * exactly where the part starts, and the part read to its end); with
 * STOP, the first thread gives up and the part is of no use. */
static int part_wait(struct cli_part *p, const dvk_reader *r, int stop)
{
    if (stop)
        __atomic_store_n(&p->stop, 1, __ATOMIC_RELAXED);
    pthread_join(p->thread, NULL);
    p->running = 0;
    return !stop && p->ok && dvk_reader_offset(r) == p->start;
}

int cli_part_join(struct cli_part *p, dvk_reader *r)
{
    if (part_wait(p, r, 0)) {
        int st = p->v->join(p->v->ctx, p->ctx);
        if (st != CLI_PART_REREAD) {
            if (debug_parts())
                fprintf(stderr, "dvkstat: debug: %s: read in two parts, the second "
                        "from byte %llu\n", dvk_reader_name(r), p->start);
            return st ? -1 : 1;
        }
        /* The halves disagree where one reader would have stopped at a
         * row of the second (a series' years and other numbers): the
         * first thread reads on and finds it. */
    }
    /* The split fell inside a row, or the part met an error: the first
     * thread reads on to the end. */
    if (debug_parts())
        fprintf(stderr, "dvkstat: debug: %s: the part from byte %llu is "
                "dropped; one thread reads on\n", dvk_reader_name(r), p->start);
    dvk_reader_set_end(r, 0);
    return 0;
}

void cli_part_free(struct cli_part *p, dvk_reader *r)
{
    if (!p)
        return;
    if (p->running)
        part_wait(p, r, 1);
    if (p->ctx)
        p->v->drop(p->ctx);
    dvk_reader_free(p->r);
    free(p);
}
