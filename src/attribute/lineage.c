/*
 * lineage.c — the copy edges of a cluster and the chains they form (see
 * lineage.h): each copy is linked to the member it credits, or else to the
 * earlier member its text is most found in.
 */
#include "attribute/lineage.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "attribute/credits.h"
#include "attribute/panel.h"
#include "attribute/when.h"
#include "fingerprint/minhash.h"
#include "util/error.h"

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

/* What the edges are chosen from: the credits naming the first cols
 * members (all of them, or a large cluster's panel: attribute.h). */
typedef struct tracer {
	const np_cluster_rec *c;
	unsigned k;
	unsigned char *names; /* names[t * cols + f]: member t credits member f */
	size_t cols;
	size_t *panel;        /* positions in the order of the members f < cols, ascending */
	size_t n_panel;
	uint64_t compared;
} tracer;

/* Whether member t credits member f. */
static int credits(const tracer *tr, size_t t, size_t f)
{
	return f < tr->cols ? tr->names[t * tr->cols + f]
	                    : np_member_credits(&tr->c->m[t], &tr->c->m[f]);
}

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

/* Members crediting member i, counted for the first tr->cols members only. */
static size_t credited_by(const tracer *tr, size_t i)
{
	size_t n = 0;
	for (size_t j = 0; i < tr->cols && j < tr->c->n; j++)
		n += tr->names[j * tr->cols + i];
	return n;
}

/* The origin, then the other members in cmp_order's order. */
static order_item *copy_order(const tracer *tr, size_t origin)
{
	const np_cluster_rec *c = tr->c;
	order_item *o = malloc(c->n * sizeof *o);
	if (!o)
		return NULL;
	o[0] = (order_item){origin, 0, 0};
	for (size_t i = 0, w = 1; i < c->n; i++) {
		if (i == origin)
			continue;
		o[w++] = (order_item){i, sort_time(&c->m[i]), credited_by(tr, i)};
	}
	if (c->n > 2)
		qsort(o + 1, c->n - 1, sizeof *o, cmp_order);
	return o;
}

/* tr->panel: where the first tr->cols members stand in the order o. */
static int find_panel(tracer *tr, const order_item *o)
{
	tr->panel = malloc((tr->cols ? tr->cols : 1) * sizeof *tr->panel);
	if (!tr->panel)
		return -1;
	for (size_t pos = 0; pos < tr->c->n; pos++)
		if (o[pos].m < tr->cols)
			tr->panel[tr->n_panel++] = pos;
	return 0;
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

/* The edge from the member at position p of the order into member t. */
static np_edge scored(tracer *tr, const order_item *o, size_t p, size_t t)
{
	np_edge e = edge(tr->c, o[p].m, t, tr->k);
	e.by_credit = credits(tr, t, o[p].m);
	e.by_passages = np_member_derives_from(&tr->c->m[t], &tr->c->m[o[p].m]);
	tr->compared++;
	return e;
}

/* The source of the member at position pos of the order: among the members
 * before it (of a large cluster, its panel's and the origin), one it
 * credits if any, else one it derives from, the strongest edge winning
 * (ties: the earlier). */
static np_edge choose_source(tracer *tr, const order_item *o, size_t pos)
{
	size_t t = o[pos].m;
	np_edge best = scored(tr, o, 0, t);
	for (size_t i = 0; i < tr->n_panel && tr->panel[i] < pos; i++) {
		if (tr->panel[i] == 0)
			continue; /* the origin, scored above */
		np_edge e = scored(tr, o, tr->panel[i], t);
		if (better(&e, &best))
			best = e;
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
	l->copies = calloc(room, sizeof *l->copies);
	if (!l->e || !l->edge_to || !l->depth || !l->copies) {
		np_lineage_free(l);
		return np_fail(err, NP_ENOMEM, "out of memory tracing copies");
	}
	for (size_t i = 0; i < n; i++)
		l->edge_to[i] = SIZE_MAX;
	return NP_OK;
}

/* One edge into every member but the origin, in the order o. */
static void trace(tracer *tr, const order_item *o, size_t origin, const np_external *x,
                  np_lineage *out)
{
	for (size_t pos = 1; pos < tr->c->n; pos++) {
		np_edge e = choose_source(tr, o, pos);
		e.credited = e.by_credit || credits(tr, e.to, origin) ||
		             np_credits_external(&tr->c->m[e.to], x);
		out->depth[e.to] = out->depth[e.from] + 1; /* from is earlier: its depth is set */
		out->copies[e.from]++;
		out->edge_to[e.to] = out->n;
		out->e[out->n++] = e;
	}
}

np_status np_lineage_build(const np_cluster_rec *c, size_t origin, unsigned k,
                           const np_external *x, np_lineage *out, np_error *err)
{
	np_status rc = alloc_lineage(out, c->n, err);
	if (rc != NP_OK || c->n < 2)
		return rc;
	tracer tr = {.c = c, .k = k, .cols = c->n < NP_ATTRIBUTE_PANEL ? c->n : NP_ATTRIBUTE_PANEL};
	rc = np_credit_columns(c, tr.cols, &tr.names, err);
	order_item *o = rc == NP_OK ? copy_order(&tr, origin) : NULL;
	if (o && find_panel(&tr, o) == 0)
		trace(&tr, o, origin, x, out);
	else if (rc == NP_OK)
		rc = np_fail(err, NP_ENOMEM, "out of memory tracing copies");
	if (rc != NP_OK)
		np_lineage_free(out);
	out->compared = tr.compared;
	free(o);
	free(tr.names);
	free(tr.panel);
	return rc;
}

void np_lineage_free(np_lineage *l)
{
	free(l->e);
	free(l->edge_to);
	free(l->depth);
	free(l->copies);
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
	return m < l->n_members && l->depth[m] >= CHAIN_MIN_EDGES && l->copies[m] == 0;
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
