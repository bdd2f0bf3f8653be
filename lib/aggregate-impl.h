/* aggregate-impl.h: a table's insides, shared by aggregate.c (the table,
 * its labels, merging, measures) and grouper.c (rows of a reader added
 * to a table), which must reach its sums and spellings directly: the
 * grouper's memo is the count path of every row.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_AGGREGATE_IMPL_H
#define DVK_AGGREGATE_IMPL_H

#include "internal.h"
#include "measure.h"

/* How each key was spelled, and how often.  Spellings are numbered in the
 * order they are first seen; a key shows its most frequent spelling, the
 * first seen among equals, so that the label does not depend on how the
 * rows were split among threads or files before the tables merged. */
struct labels {
    dvk_map spellings;   /* "key\0spelling" -> spelling number */
    dvk_map keys;        /* key -> key number */
    uint32_t *shown;     /* per key: the spelling shown */
    size_t nkeys, keys_cap;
    /* per spelling (numbers, offsets and lengths below 2^32, as the maps') */
    double *count;
    uint32_t *key_of;    /* its key's number */
    uint32_t *offset;    /* of "key\0spelling" in spellings.keys */
    uint32_t *klen, *slen;
    size_t nspell, spell_cap;
    dvk_buf tmp;
};

/* Count spelling ID COUNT times more. */
static inline void labels_bump(struct labels *l, size_t id, double count)
{
    l->count[id] += count;
    uint32_t *shown = &l->shown[l->key_of[id]];
    if (l->count[id] > l->count[*shown] || (l->count[id] == l->count[*shown] && id < *shown))
        *shown = (uint32_t)id;
}

struct dvk_agg {
    size_t nparts, nvalues;
    dvk_map groups;        /* "k1\0k2\0…" -> group index */
    uint32_t *key_offset;  /* of each group's key in groups.keys */
    double *values;        /* ngroups × nvalues */
    size_t ngroups, cap;
    struct labels *labels; /* one per key part */
    dvk_buf tmp;
    const void *memo_owner; /* the grouper whose memo knows this table */
    dvk_measures *measures; /* NULL when none */
    dvk_error err;
};

/* Add VALUES to the group of keys KEYS (spelled LABELS) in A, and say
 * which group it was and, when SPELL is not NULL, which spellings.  The
 * measures are the caller's to add. */
int dvk_agg_add_row(dvk_agg *a, const char *const *keys, const char *const *labels,
                    const double *values, size_t *group, size_t *spell);

#endif
