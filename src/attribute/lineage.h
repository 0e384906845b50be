/*
 * lineage.h — who copied from whom inside a cluster (docs/architecture.md,
 * "attribute": its edges): one copy edge into every member but the origin,
 * with its scores and whether the copy gives credit, and the chains of
 * republication they form (wire -> paper -> aggregator).
 *
 * Edges are derived, not stored: they are a pure function of the stored
 * members (signatures, credits, times) and the stored origin, cost O(n^2)
 * per cluster up to NP_ATTRIBUTE_PANEL members and O(n * panel) beyond,
 * and would change for every member a cluster gains; the report computes
 * them when it loads a cluster.
 */
#ifndef NP_LINEAGE_H
#define NP_LINEAGE_H

#include "attribute/external.h"

/* One copy edge: member `to` was copied from member `from`. */
typedef struct np_edge {
	size_t from, to;     /* member indexes in the cluster */
	double jaccard;      /* estimated, of the two bodies */
	double containment;  /* share of `to` found in `from` */
	int credited;        /* `to` names `from`, the origin or the external origin */
	int by_credit;       /* `from` was chosen because `to` names it */
	int by_passages;     /* ... or because the passage tier found `to` derived from it */
} np_edge;

typedef struct np_lineage {
	np_edge *e;       /* one edge a copy, in member order */
	size_t n;
	size_t *edge_to;  /* edge_to[m]: index in e of the edge into member m; SIZE_MAX for the origin */
	size_t *depth;    /* depth[m]: edges from the origin to m */
	size_t *copies;   /* copies[m]: edges out of m */
	size_t n_members;
	uint64_t compared; /* member pairs scored (tests bound the work) */
} np_lineage;

/* The edges of cluster c (signatures of k values) whose origin is member
 * origin, x its external origin (may be empty). A copy's source is a member
 * it credits, else one the passage tier found it derived from (a rewrite
 * shares few shingles with its source), else the one its text is most
 * found in, among the members before it (the origin, then by publication
 * time). In a cluster of more than NP_ATTRIBUTE_PANEL members, the
 * members before it are only the origin and the first NP_ATTRIBUTE_PANEL
 * members of c as given (a wire story's copies credit or copy the first
 * published), and the order counts the credits naming those only. */
np_status np_lineage_build(const np_cluster_rec *c, size_t origin, unsigned k,
                           const np_external *x, np_lineage *out, np_error *err);
void np_lineage_free(np_lineage *l);

/* The edge into member m, or NULL for the origin. */
const np_edge *np_lineage_edge_to(const np_lineage *l, size_t m);

/* 1 when member m is a copy that credits neither its source nor the origin. */
int np_lineage_uncredited(const np_lineage *l, size_t m);

/* 1 when member m is the end of a chain: a copy nobody copied, at least two
 * edges from the origin. */
int np_lineage_chain_end(const np_lineage *l, size_t m);

/* The chain from the origin to member m into out, origin first (when it
 * is longer than max members, its last max); returns its length. */
size_t np_lineage_chain(const np_lineage *l, size_t m, size_t *out, size_t max);

#endif
