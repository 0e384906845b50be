/*
 * cluster.c — union-find over cluster ids (see cluster.h).
 */
#include "cluster/cluster.h"

#include <stdlib.h>

static int reserve(np_clusters *c, int64_t id)
{
	if ((size_t)id < c->cap)
		return 0;
	size_t cap = c->cap ? c->cap : 64;
	while (cap <= (size_t)id)
		cap *= 2;
	int64_t *p = realloc(c->parent, cap * sizeof *p);
	if (!p)
		return -1;
	for (size_t i = c->cap; i < cap; i++)
		p[i] = (int64_t)i;
	c->parent = p;
	c->cap = cap;
	return 0;
}

int np_clusters_init(np_clusters *c, int64_t max_id)
{
	c->parent = NULL;
	c->cap = 0;
	c->max_id = max_id;
	return reserve(c, max_id);
}

void np_clusters_free(np_clusters *c)
{
	free(c->parent);
	c->parent = NULL;
	c->cap = 0;
}

int64_t np_clusters_new(np_clusters *c)
{
	if (reserve(c, c->max_id + 1))
		return -1;
	return ++c->max_id;
}

int np_clusters_raise(np_clusters *c, int64_t max_id)
{
	if (max_id <= c->max_id)
		return 0;
	if (reserve(c, max_id))
		return -1;
	c->max_id = max_id;
	return 0;
}

int64_t np_clusters_find(np_clusters *c, int64_t id)
{
	int64_t root = id;
	while (c->parent[root] != root)
		root = c->parent[root];
	/* path compression: later finds on this chain take one step */
	while (c->parent[id] != root) {
		int64_t next = c->parent[id];
		c->parent[id] = root;
		id = next;
	}
	return root;
}

int64_t np_clusters_union(np_clusters *c, int64_t a, int64_t b)
{
	a = np_clusters_find(c, a);
	b = np_clusters_find(c, b);
	if (a == b)
		return a;
	int64_t keep = a < b ? a : b;
	c->parent[a < b ? b : a] = keep;
	return keep;
}
