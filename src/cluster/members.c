/*
 * members.c — freeing a loaded cluster, and what its members say of each
 * other (see members.h).
 */
#include "cluster/members.h"

#include <stdlib.h>
#include <string.h>

int np_member_derives_from(const np_member *t, const np_member *f)
{
	for (size_t i = 0; i < t->n_sources; i++)
		if (t->sources[i].sid == f->sid)
			return 1;
	return 0;
}

int np_cluster_rec_has(const np_cluster_rec *c, size_t n, int64_t sid)
{
	for (size_t i = 0; i < n && i < c->n; i++)
		if (c->m[i].sid == sid)
			return 1;
	return 0;
}

void np_cluster_rec_free(np_cluster_rec *c)
{
	for (size_t i = 0; i < c->n; i++) {
		np_member *m = &c->m[i];
		free(m->id);
		free(m->url);
		free(m->outlet);
		free(m->published);
		free(m->title);
		for (size_t j = 0; j < m->n_credits; j++)
			free(m->credits[j].value);
		free(m->credits);
		free(m->minhash);
		for (size_t j = 0; j < m->n_sources; j++) {
			free(m->sources[j].id);
			free(m->sources[j].outlet);
			free(m->sources[j].cls);
		}
		free(m->sources);
	}
	free(c->m);
	free(c->evidence_json);
	memset(c, 0, sizeof *c);
}
