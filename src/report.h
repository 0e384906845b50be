/*
 * report.h — the report model shared by every report format: the clusters
 * of a store, loaded, attributed and ordered (DESIGN.md stage "report").
 */
#ifndef NP_REPORT_H
#define NP_REPORT_H

#include "store.h"

typedef struct np_report {
	int64_t stories;          /* in the store */
	np_cluster_rec *c;        /* clusters of at least min_size, report order */
	size_t n;
	np_cluster_size *sizes;   /* every cluster's size (for the histogram) */
	size_t n_sizes;
	unsigned k;
} np_report;

/* Loads the clusters of at least min_size members, in report order: by
 * size (largest first), then origin time, then id. Each cluster's members
 * start with its origin. */
np_status np_report_load(np_db *db, unsigned min_size, np_report *r, np_error *err);
void np_report_free(np_report *r);

/* The origin member of c (members[0] after np_report_load). */
const np_member *np_report_origin(const np_cluster_rec *c);

/* Estimated Jaccard of member m with the origin, and the share of m found in it. */
double np_report_jaccard(const np_report *r, const np_cluster_rec *c, const np_member *m);
double np_report_containment(const np_report *r, const np_cluster_rec *c, const np_member *m);

np_status np_report_write_json(const np_report *r, FILE *out, np_error *err);

#endif
