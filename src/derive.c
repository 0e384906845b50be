/*
 * derive.c — finding, aligning and classifying a new story's derivation
 * links (see derive.h).
 */
#include "derive.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "strbuf.h"

/* Stories sharing the most fingerprints with the new one are aligned, at
 * most this many: each costs a read and a normalization of its body, and a
 * story derives from one or two sources, rarely more. */
#define MAX_CANDIDATES 8

typedef struct candidate {
	int64_t sid;
	size_t hits;
} candidate;

static int cmp_sid(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return (x > y) - (x < y);
}

static int by_hits(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	if (x->hits != y->hits)
		return x->hits > y->hits ? -1 : 1;
	return (x->sid > y->sid) - (x->sid < y->sid);
}

/* The sids (one per shared fingerprint) counted and ranked: the best
 * MAX_CANDIDATES into out; returns how many. */
static size_t rank_candidates(int64_t *sids, size_t n, candidate *out)
{
	qsort(sids, n, sizeof *sids, cmp_sid);
	candidate best[MAX_CANDIDATES + 1];
	size_t kept = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && sids[j] == sids[i])
			j++;
		best[kept++] = (candidate){sids[i], j - i};
		qsort(best, kept, sizeof *best, by_hits);
		if (kept > MAX_CANDIDATES)
			kept = MAX_CANDIDATES;
		i = j;
	}
	memcpy(out, best, kept * sizeof *best);
	return kept;
}

static int32_t gap(int32_t a, int32_t b)
{
	return a > b ? a - b : b - a;
}

static int push_link(np_derive *dv, const np_link *l)
{
	if (dv->n_links == dv->cap_links) {
		size_t cap = NP_GROW(dv->cap_links);
		np_link *v = realloc(dv->links, cap * sizeof *v);
		if (!v)
			return -1;
		dv->links = v;
		dv->cap_links = cap;
	}
	dv->links[dv->n_links++] = *l;
	return 0;
}

/* The link of the new story (text t, published at minute) with stored item
 * it, when they are derived one from the other. */
static np_status link_with(np_derive *dv, const np_params *p, np_store *st, const np_sigs *sigs,
                           const np_ptext *t, uint32_t it, int32_t minute, np_error *err)
{
	char *body = NULL;
	np_ptext other = {0};
	np_alignment al = {0};
	np_status rc = np_store_body_of(st, sigs->sid[it], &body, err);
	if (rc == NP_OK)
		rc = np_ptext_body(p, body, &other, err);
	if (rc == NP_OK)
		rc = np_passage_align(t, &other, p->passage_words, &al, err);
	if (rc == NP_OK) {
		np_link l = {.sid = sigs->sid[it], .item = it, .copy_is_new = minute >= sigs->minute[it],
		             .new_share = al.a_in_b, .stored_share = al.b_in_a,
		             .passages = (uint32_t)al.n, .new_words = al.covered_a,
		             .stored_words = al.covered_b};
		l.cls = np_passage_classify(p, &al, l.copy_is_new);
		if (l.cls != NP_DERIVED_NONE && push_link(dv, &l))
			rc = np_fail(err, NP_ENOMEM, "out of memory linking passages");
	}
	np_alignment_free(&al);
	np_ptext_free(&other);
	free(body);
	return rc;
}

static double link_score(const np_link *l)
{
	return l->new_share > l->stored_share ? l->new_share : l->stored_share;
}

static int by_score(const void *a, const void *b)
{
	const np_link *x = a, *y = b;
	double sx = link_score(x), sy = link_score(y);
	if (sx != sy)
		return sx > sy ? -1 : 1;
	return (x->sid > y->sid) - (x->sid < y->sid);
}

np_status np_derive_find(np_derive *dv, const np_params *p, np_store *st, const np_sigs *sigs,
                         const np_ptext *t, const uint64_t *fps, size_t n_fps, int32_t minute,
                         int32_t window, np_error *err)
{
	dv->n_sids = 0;
	dv->n_links = 0;
	np_status rc = np_store_find_passages(st, fps, n_fps, p->passage_cap, &dv->sids,
	                                      &dv->n_sids, &dv->cap_sids, err);
	if (rc != NP_OK || dv->n_sids == 0)
		return rc;
	candidate cand[MAX_CANDIDATES];
	size_t n = rank_candidates(dv->sids, dv->n_sids, cand);
	for (size_t i = 0; rc == NP_OK && i < n; i++) {
		long it = np_sigs_find(sigs, cand[i].sid);
		if (it < 0 || (window && gap(sigs->minute[it], minute) > window))
			continue;
		rc = link_with(dv, p, st, sigs, t, (uint32_t)it, minute, err);
	}
	if (dv->n_links > 1)
		qsort(dv->links, dv->n_links, sizeof *dv->links, by_score);
	return rc;
}

void np_derive_free(np_derive *dv)
{
	free(dv->sids);
	free(dv->links);
	memset(dv, 0, sizeof *dv);
}
