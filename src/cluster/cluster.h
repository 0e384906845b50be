/*
 * cluster.h — cluster ids and their merges (docs/architecture.md, "kept apart,
 * templates and clusters").
 *
 * A story that matches nothing opens a new cluster with the next id; one
 * that matches joins its best match's cluster, and clusters it also matches
 * are merged into the oldest (smallest) id, so ids stay stable as stories
 * arrive. Merges are kept in a union-find over ids so that the in-memory
 * index never has to be relabelled.
 */
#ifndef NP_CLUSTER_H
#define NP_CLUSTER_H

#include <stddef.h>
#include <stdint.h>

typedef struct np_clusters {
	int64_t *parent; /* parent[id] == id for a live cluster; parent[0] unused */
	size_t cap;
	int64_t max_id;
} np_clusters;

/* Makes ids 1..max_id known as live clusters. 0, or -1 when out of memory. */
int np_clusters_init(np_clusters *c, int64_t max_id);
void np_clusters_free(np_clusters *c);

/* A new cluster id, or -1 when out of memory. */
int64_t np_clusters_new(np_clusters *c);

/* Makes every id up to max_id known (ids another writer issued): 0, or -1
 * when out of memory. */
int np_clusters_raise(np_clusters *c, int64_t max_id);

/* The live cluster that id was merged into (id itself if never merged). */
int64_t np_clusters_find(np_clusters *c, int64_t id);

/* Merges the live clusters a and b; returns the surviving (smaller) id. */
int64_t np_clusters_union(np_clusters *c, int64_t a, int64_t b);

#endif
