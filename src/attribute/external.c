/*
 * external.c — the origin outside the corpus that a cluster's members
 * credit: a publisher none of them is (see external.h).
 */
#include "attribute/external.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "attribute/external_int.h"
#include "attribute/panel.h"

/* A name only credits from agency-kind lines ("Source: Foo Agency", "(Foo)
 * -") with no entry in the publisher table: two members must agree on it,
 * as one line could be a quoted source rather than the story's. */
#define EXTERNAL_MIN_UNKNOWN 2
#define MAX_EXTERNAL_NAMES 16

typedef struct ext_count {
	char name[128];
	int known; /* from the publisher table */
	size_t members;
} ext_count;

/* The name credit j of member i gives to an origin outside the corpus, or
 * NULL when it names a member or cannot name an outlet. */
static const char *external_name(const np_cluster_rec *c, const publishers *p, size_t i,
                                 size_t j, int *known)
{
	for (size_t o = 0; o < c->n; o++)
		if (attr_credit_names(c, p, i, j, o))
			return NULL;
	const np_publisher *cp = p->credit[p->first[i] + j].pub;
	*known = cp != NULL;
	if (cp)
		return np_publisher_name(cp);
	const np_credit *cr = &c->m[i].credits[j];
	return cr->kind == NP_CREDIT_AGENCY ? cr->value : NULL;
}

static void count_external(ext_count *e, size_t *n, const char *name, int known)
{
	for (size_t i = 0; i < *n; i++)
		if (strcasecmp(e[i].name, name) == 0) {
			e[i].members++;
			return;
		}
	if (*n == MAX_EXTERNAL_NAMES)
		return;
	snprintf(e[*n].name, sizeof e[*n].name, "%s", name);
	e[*n].known = known;
	e[(*n)++].members = 1;
}

/* Adds member i's external names, each once. */
static void member_externals(const np_cluster_rec *c, const publishers *p, size_t i,
                             ext_count *e, size_t *n)
{
	const char *seen[MAX_EXTERNAL_NAMES];
	size_t n_seen = 0;
	for (size_t j = 0; j < c->m[i].n_credits && n_seen < MAX_EXTERNAL_NAMES; j++) {
		int known = 0;
		const char *name = external_name(c, p, i, j, &known);
		int dup = 0;
		for (size_t s = 0; name && s < n_seen; s++)
			dup |= strcasecmp(seen[s], name) == 0;
		if (!name || dup)
			continue;
		seen[n_seen++] = name;
		count_external(e, n, name, known);
	}
}

/* The most members crediting one member, from the credit matrix. */
static size_t most_direct_credits(const np_cluster_rec *c, const unsigned char *names)
{
	size_t most = 0;
	for (size_t o = 0; o < c->n; o++) {
		size_t n = 0;
		for (size_t i = 0; i < c->n; i++)
			n += names[i * c->n + o];
		most = n > most ? n : most;
	}
	return most;
}

void attr_external_with(const np_cluster_rec *c, const publishers *p,
                        const unsigned char *names, np_external *out)
{
	memset(out, 0, sizeof *out);
	ext_count e[MAX_EXTERNAL_NAMES];
	size_t n = 0, best = MAX_EXTERNAL_NAMES;
	for (size_t i = 0; i < c->n; i++)
		member_externals(c, p, i, e, &n);
	/* fewer credits than a member has are a stray mention, not the source */
	size_t floor = n ? most_direct_credits(c, names) : 0;
	for (size_t i = 0; i < n; i++) {
		if ((!e[i].known && e[i].members < EXTERNAL_MIN_UNKNOWN) || e[i].members < floor)
			continue;
		if (best == MAX_EXTERNAL_NAMES || e[i].members > e[best].members ||
		    (e[i].members == e[best].members && e[i].known > e[best].known))
			best = i;
	}
	if (best == MAX_EXTERNAL_NAMES)
		return;
	snprintf(out->outlet, sizeof out->outlet, "%s", e[best].name);
	out->credited_by = e[best].members;
	out->confidence = 1.0;
	for (size_t i = 0; i < out->credited_by; i++)
		out->confidence *= 1.0 - ATTR_P_CREDIT;
	out->confidence = 1.0 - out->confidence;
}

void np_attribute_external(const np_cluster_rec *c, np_external *out)
{
	publishers p;
	unsigned char *names = NULL;
	np_cluster_rec panel = np_attribute_panel(c);
	memset(out, 0, sizeof *out);
	if (attr_matrix_with(&panel, &p, &names, NULL) == NP_OK)
		attr_external_with(&panel, &p, names, out);
	attr_publishers_free(&p);
	free(names);
}

int np_credits_external(const np_member *m, const np_external *x)
{
	if (!x->outlet[0])
		return 0;
	for (size_t j = 0; j < m->n_credits; j++) {
		const np_credit *cr = &m->credits[j];
		const np_publisher *p = attr_credit_publisher(cr);
		const char *name = p ? np_publisher_name(p) : cr->value;
		if (name && strcasecmp(name, x->outlet) == 0)
			return 1;
	}
	return 0;
}
