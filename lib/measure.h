/* measure.h: the measures a table keeps per group (measure.c), for
 * aggregate.c, which owns the groups and numbers them.
 * SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef DVK_MEASURE_H
#define DVK_MEASURE_H

#include "internal.h"

typedef struct dvk_measures dvk_measures;

/* An empty set of measures, the budget DVK_MEASURE_BUDGET; NULL out of memory. */
dvk_measures *dvk_measures_new(void);
void dvk_measures_free(dvk_measures *ms);
/* Add a measure of KIND (enum dvk_measure) called LABEL (copied). */
int dvk_measures_define(dvk_measures *ms, int kind, const char *label);
void dvk_measures_set_budget(dvk_measures *ms, size_t values);
size_t dvk_measures_count(const dvk_measures *ms);
int dvk_measures_kind(const dvk_measures *ms, size_t m);
const char *dvk_measures_label(const dvk_measures *ms, size_t m);
/* Room for GROUPS groups; then open group G (empty) before it is used. */
int dvk_measures_room(dvk_measures *ms, size_t groups);
void dvk_measures_open(dvk_measures *ms, size_t group);
/* One row's VALUES and TEXTS (one per measure, either may be NULL: all
 * missing) into group G. */
int dvk_measures_add(dvk_measures *ms, size_t group, const double *values,
                     const char *const *texts);
/* A set of the same measures and budget as MS, empty; NULL out of memory. */
dvk_measures *dvk_measures_new_like(const dvk_measures *ms);
/* Whether two sets hold the same kinds in the same order. */
int dvk_measures_same_shape(const dvk_measures *a, const dvk_measures *b);
/* Add SRC's group g into DST's group INTO[g], for every g < GROUPS (several
 * may go into one). */
int dvk_measures_merge(dvk_measures *dst, const dvk_measures *src,
                       const size_t *into, size_t groups);
/* Results of group G, as dvk_agg_measure() and its kin give them. */
int dvk_measures_value(const dvk_measures *ms, size_t group, size_t m, double *value);
void dvk_measures_counts(const dvk_measures *ms, size_t group, size_t m,
                         unsigned long long *counted, unsigned long long *left_out);
void dvk_measures_sums(const dvk_measures *ms, size_t group, size_t m, double *sum,
                       double *sum_squares);
int dvk_measures_exact(const dvk_measures *ms, size_t m);

#endif
