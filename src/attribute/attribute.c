/*
 * attribute.c — choosing each cluster's origin (see attribute.h): what is
 * known of each member (credits direct and through chains, publication
 * times and their precision, its own dateline, its outlet's kind, shared
 * passages and containment), the order that ranks them, and the flags of
 * the members crediting the origin.
 */
#include "attribute/attribute.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "attribute/attribute_int.h"
#include "attribute/external_int.h"
#include "fingerprint/minhash.h"
#include "util/error.h"

/* A text whose share found in another member is at least this, while the
 * other's share found in it is below, is "found whole" in it: an expanded
 * copy (a new intro, added context) contains its original. */
#define NESTED_MIN 0.9

static int kind_rank(np_outlet_kind k)
{
	if (k == NP_KIND_WIRE || k == NP_KIND_RELEASE)
		return RANK_WIRE;
	return k == NP_KIND_AGGREGATOR ? RANK_AGGREGATOR : RANK_OTHER;
}

/* Members whose chain of credits reaches o (o itself excluded). */
static size_t credit_reach(const attrib *a, size_t o, unsigned char *seen, size_t *queue)
{
	size_t n = a->c->n, head = 0, tail = 0, count = 0;
	memset(seen, 0, n);
	seen[o] = 1;
	queue[tail++] = o;
	while (head < tail) {
		size_t t = queue[head++];
		for (size_t i = 0; i < n; i++)
			if (!seen[i] && a->names[i * n + t]) {
				seen[i] = 1;
				queue[tail++] = i;
				count++;
			}
	}
	return count;
}

static int own_credit(const np_member *m)
{
	for (size_t j = 0; j < m->n_credits; j++)
		if (m->credits[j].kind != NP_CREDIT_SOURCE_URL && np_credit_names(&m->credits[j], m))
			return 1;
	return 0;
}

/* How many members the passage tier found to be member i's copies (copies
 * 1) or its sources (copies 0). The copy of a pair is the later story, or,
 * of two published at once, the one more of which lies in their shared
 * passages (passage/align.h): the direction is known where the times tie. */
static size_t derivations(const attrib *a, size_t i, int copies)
{
	size_t n = 0;
	for (size_t j = 0; j < a->c->n; j++)
		if (j != i)
			n += copies ? np_member_derives_from(&a->c->m[j], &a->c->m[i])
			            : np_member_derives_from(&a->c->m[i], &a->c->m[j]);
	return n;
}

static size_t contained_in(const attrib *a, size_t i)
{
	const np_member *m = a->c->m;
	size_t count = 0;
	if (!m[i].minhash)
		return 0;
	for (size_t j = 0; j < a->c->n; j++) {
		if (j == i || !m[j].minhash)
			continue;
		double jac = np_minhash_jaccard(m[i].minhash, m[j].minhash, a->k);
		double in_j = np_containment(jac, m[i].n_shingles, m[j].n_shingles);
		double j_in = np_containment(jac, m[j].n_shingles, m[i].n_shingles);
		count += in_j >= NESTED_MIN && j_in < NESTED_MIN;
	}
	return count;
}

/* time: -1 for a member certainly after another, 1 for the only member no
 * other is certainly before, 0 otherwise (unknown times never compete). */
static void time_ranks(attrib *a)
{
	size_t n = a->c->n, first = 0, n_first = 0;
	for (size_t i = 0; i < n; i++) {
		a->cd[i].time = 0;
		if (!a->cd[i].when.known)
			continue;
		for (size_t j = 0; j < n; j++)
			if (np_when_cmp(a->cd[j].when, a->cd[i].when) < 0)
				a->cd[i].time = -1;
		if (a->cd[i].time == 0) {
			first = i;
			n_first++;
		}
	}
	if (n_first == 1 && n > 1)
		a->cd[first].time = 1;
}

static np_status gather(attrib *a, np_error *err)
{
	size_t n = a->c->n;
	a->cd = calloc(n, sizeof *a->cd);
	unsigned char *seen = malloc(n);
	size_t *queue = malloc(n * sizeof *queue);
	np_status rc = attr_matrix_with(a->c, &a->pub, &a->names, err);
	if (rc == NP_OK && (!a->cd || !seen || !queue))
		rc = np_fail(err, NP_ENOMEM, "out of memory attributing a cluster");
	a->compared += (uint64_t)n * n; /* the credit matrix, then containment below */
	for (size_t o = 0; rc == NP_OK && o < n; o++) {
		cand *cd = &a->cd[o];
		const np_member *m = &a->c->m[o];
		for (size_t i = 0; i < n; i++)
			cd->direct += a->names[i * n + o];
		cd->reach = credit_reach(a, o, seen, queue);
		cd->when = np_member_when(m);
		cd->own_credit = own_credit(m);
		cd->kind_rank = kind_rank(np_publisher_kind(attr_member_publisher(m)));
		cd->derived = derivations(a, o, 0) > 0;
		cd->sourced = derivations(a, o, 1);
		cd->contained = contained_in(a, o);
		a->compared += n;
	}
	if (rc == NP_OK)
		time_ranks(a);
	free(seen);
	free(queue);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Choosing                                                            */
/* ------------------------------------------------------------------ */

#define CMP(x, y) if ((x) != (y)) return (x) > (y) ? 1 : -1

/* > 0 when member a makes a better origin than member b: credits outrank
 * time, time outranks the outlet's own dateline, which outranks its kind,
 * which outranks being no member's copy by shared passages, which outranks
 * containment; then a precise time over a date alone of the same day (a
 * date is not midnight), then the earlier, then stored order. */
static int better(const attrib *at, size_t a, size_t b)
{
	const cand *x = &at->cd[a], *y = &at->cd[b];
	CMP(x->reach, y->reach);
	CMP(x->time, y->time);
	CMP(x->own_credit, y->own_credit);
	CMP(x->kind_rank, y->kind_rank);
	CMP(!x->derived, !y->derived);
	CMP(x->contained > 0, y->contained > 0);
	CMP(x->when.known, y->when.known);
	CMP(x->when.precise, y->when.precise);
	CMP(-x->when.lo, -y->when.lo);
	return a < b ? 1 : -1;
}

static size_t choose(const attrib *a)
{
	size_t best = 0;
	for (size_t i = 1; i < a->c->n; i++)
		if (better(a, i, best) > 0)
			best = i;
	return best;
}

/* ------------------------------------------------------------------ */
/* Attribution                                                         */
/* ------------------------------------------------------------------ */

static void mark_crediting(np_cluster_rec *c, size_t o, const np_external *x,
                           const unsigned char *names)
{
	for (size_t i = 0; i < c->n; i++)
		c->m[i].credits_origin = i != o && (names[i * c->n + o] || np_credits_external(&c->m[i], x));
}

/* The credits_origin flags of the members after the panel's: compared
 * with the origin alone, one member at a time. */
static void mark_rest(np_cluster_rec *c, size_t from, size_t o, const np_external *x,
                      attrib *a)
{
	for (size_t i = from; i < c->n; i++, a->compared++)
		c->m[i].credits_origin = np_member_credits(&c->m[i], &c->m[o]) ||
		                         np_credits_external(&c->m[i], x);
}

np_status np_attribute(np_cluster_rec *c, unsigned k, np_error *err)
{
	if (c->n == 0)
		return NP_OK;
	np_cluster_rec panel = np_attribute_panel(c);
	attrib a = {.c = &panel, .k = k};
	np_status rc = gather(&a, err);
	if (rc == NP_OK) {
		size_t o = choose(&a);
		np_external x;
		attr_external_with(&panel, &a.pub, a.names, &x);
		mark_crediting(&panel, o, &x, a.names);
		mark_rest(c, panel.n, o, &x, &a);
		rc = attr_write_evidence(c, &a, o, &x, err);
		c->origin_sid = c->m[o].sid;
		snprintf(c->external, sizeof c->external, "%s", x.outlet);
	}
	c->compared = a.compared;
	free(a.cd);
	free(a.names);
	attr_publishers_free(&a.pub);
	return rc;
}
