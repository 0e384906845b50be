/*
 * lineage.c — the copy edges of a cluster and the chains they form (see
 * lineage.h): each copy is linked to the member it credits, or else to the
 * earlier member its text is most found in.
 */
#include "lineage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "minhash.h"

/* Two members' publication times as a sort key: a date alone sits at its
 * noon, so that it neither wins nor loses by midnight against the
 * timestamps of its day; an unknown time sorts last. */
static long long sort_time(const np_member *m)
{
	np_when w = np_member_when(m);
	return w.known ? w.lo + (w.hi - w.lo) / 2 : INT64_MAX;
}

typedef struct order_item {
	size_t m;
	long long t;
	size_t credited; /* members crediting it */
} order_item;

/* By time; in a tie, a member others credit before them (the paper the
 * aggregator names comes before the aggregator); then stored order. */
static int cmp_order(const void *pa, const void *pb)
{
	const order_item *a = pa, *b = pb;
	if (a->t != b->t)
		return a->t < b->t ? -1 : 1;
	if (a->credited != b->credited)
		return a->credited > b->credited ? -1 : 1;
	return (a->m > b->m) - (a->m < b->m);
}

/* The origin, then the other members in cmp_order's order. */
static order_item *copy_order(const np_cluster_rec *c, size_t origin, const unsigned char *names)
{
	order_item *o = malloc(c->n * sizeof *o);
	if (!o)
		return NULL;
	o[0] = (order_item){origin, 0, 0};
	for (size_t i = 0, w = 1; i < c->n; i++) {
		if (i == origin)
			continue;
		o[w] = (order_item){i, sort_time(&c->m[i]), 0};
		for (size_t j = 0; j < c->n; j++)
			o[w].credited += names[j * c->n + i];
		w++;
	}
	if (c->n > 2)
		qsort(o + 1, c->n - 1, sizeof *o, cmp_order);
	return o;
}

/* The edge from member f to member t, scored. */
static np_edge edge(const np_cluster_rec *c, size_t f, size_t t, unsigned k)
{
	np_edge e = {.from = f, .to = t};
	const np_member *a = &c->m[f], *b = &c->m[t];
	e.jaccard = np_minhash_jaccard(a->minhash, b->minhash, k);
	e.containment = np_containment(e.jaccard, b->n_shingles, a->n_shingles);
	return e;
}

/* How much of a copy an edge explains: its Jaccard, or the share of the
 * copy found in the source when the copy is a cut of it. */
static double strength(const np_edge *e)
{
	return e->jaccard > e->containment ? e->jaccard : e->containment;
}

/* Whether edge e is better evidence of the copy's source than best: a
 * credit, then a derivation link, then strength. */
static int better(const np_edge *e, const np_edge *best)
{
	if (e->by_credit != best->by_credit)
		return e->by_credit > best->by_credit;
	if (e->by_passages != best->by_passages)
		return e->by_passages > best->by_passages;
	return strength(e) > strength(best);
}

/* The source of the member at position pos of the order: among the members
 * before it, one it credits if any, else one it derives from, the strongest
 * edge winning (ties: the earlier). */
static np_edge choose_source(const np_cluster_rec *c, const order_item *o, size_t pos,
                             unsigned k, const unsigned char *names)
{
	size_t t = o[pos].m;
	np_edge best = {0};
	int have = 0;
	for (size_t p = 0; p < pos; p++) {
		np_edge e = edge(c, o[p].m, t, k);
		e.by_credit = names[t * c->n + o[p].m];
		e.by_passages = np_member_derives_from(&c->m[t], &c->m[o[p].m]);
		if (!have || better(&e, &best))
			best = e;
		have = 1;
	}
	return best;
}

static np_status alloc_lineage(np_lineage *l, size_t n, np_error *err)
{
	memset(l, 0, sizeof *l);
	l->n_members = n;
	size_t room = n ? n : 1; /* calloc(0) may give NULL */
	l->e = calloc(room, sizeof *l->e);
	l->edge_to = malloc(room * sizeof *l->edge_to);
	l->depth = calloc(room, sizeof *l->depth);
	if (!l->e || !l->edge_to || !l->depth) {
		np_lineage_free(l);
		return np_fail(err, NP_ENOMEM, "out of memory tracing copies");
	}
	for (size_t i = 0; i < n; i++)
		l->edge_to[i] = SIZE_MAX;
	return NP_OK;
}

np_status np_lineage_build(const np_cluster_rec *c, size_t origin, unsigned k,
                           const np_external *x, np_lineage *out, np_error *err)
{
	np_status rc = alloc_lineage(out, c->n, err);
	if (rc != NP_OK || c->n < 2)
		return rc;
	unsigned char *names = NULL;
	rc = np_credit_matrix(c, &names, err);
	order_item *o = rc == NP_OK ? copy_order(c, origin, names) : NULL;
	if (!o) {
		free(names);
		np_lineage_free(out);
		return rc != NP_OK ? rc : np_fail(err, NP_ENOMEM, "out of memory tracing copies");
	}
	for (size_t pos = 1; pos < c->n; pos++) {
		np_edge e = choose_source(c, o, pos, k, names);
		e.credited = e.by_credit || names[e.to * c->n + origin] ||
		             np_credits_external(&c->m[e.to], x);
		out->depth[e.to] = out->depth[e.from] + 1; /* from is earlier: its depth is set */
		out->edge_to[e.to] = out->n;
		out->e[out->n++] = e;
	}
	free(o);
	free(names);
	return NP_OK;
}

void np_lineage_free(np_lineage *l)
{
	free(l->e);
	free(l->edge_to);
	free(l->depth);
	memset(l, 0, sizeof *l);
}

const np_edge *np_lineage_edge_to(const np_lineage *l, size_t m)
{
	return m < l->n_members && l->edge_to[m] != SIZE_MAX ? &l->e[l->edge_to[m]] : NULL;
}

int np_lineage_uncredited(const np_lineage *l, size_t m)
{
	const np_edge *e = np_lineage_edge_to(l, m);
	return e && !e->credited;
}

/* Chains of two edges or more: wire -> paper -> aggregator. */
#define CHAIN_MIN_EDGES 2

int np_lineage_chain_end(const np_lineage *l, size_t m)
{
	if (m >= l->n_members || l->depth[m] < CHAIN_MIN_EDGES)
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->e[i].from == m)
			return 0;
	return 1;
}

size_t np_lineage_chain(const np_lineage *l, size_t m, size_t *out, size_t max)
{
	size_t n = l->depth[m] + 1;
	if (n > max)
		n = max;
	size_t at = m;
	for (size_t i = n; i-- > 0;) {
		out[i] = at;
		const np_edge *e = np_lineage_edge_to(l, at);
		if (!e)
			break;
		at = e->from;
	}
	return n;
}
